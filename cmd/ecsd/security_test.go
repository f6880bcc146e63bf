package main_test

// Keys, TLS, replays and secrets, end to end: real processes, the official
// SDKs (and Zenlayer's test client) as clients.

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	teaecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/ecsd/ecsd/internal/dialect/zenlayer/zenlayertest"
)

// trust is how clients reach a node: plain HTTP, or HTTPS trusting a
// private CA (the certificate serve --tls-self-signed made).
type trust struct {
	caPEM []byte // nil for plain HTTP
}

func (tr trust) transport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	if tr.caPEM != nil {
		roots := x509.NewCertPool()
		roots.AppendCertsFromPEM(tr.caPEM)
		t.TLSClientConfig = &tls.Config{RootCAs: roots}
	}
	return t
}

// vendorCall is one read call through one vendor's client, signed with a
// key, and how to read the vendor's code from its error.
type vendorCall struct {
	vendor string
	call   func() error
	code   func(err error) string
}

// vendorCalls returns a read call of each vendor's client against s,
// signed with keyID and secret: the classic and Tea Alibaba SDKs, the
// Tencent SDK and the Zenlayer test client, each told of the private CA
// the way docs/operators.md says.
func vendorCalls(t *testing.T, s *server, keyID, secret string, tr trust) []vendorCall {
	t.Helper()
	https := tr.caPEM != nil

	classic, err := classicecs.NewClientWithAccessKey("cn-hangzhou", keyID, secret)
	if err != nil {
		t.Fatal(err)
	}
	classic.Domain = s.addr
	classic.SetTransport(tr.transport())

	teaCfg := &openapi.Config{AccessKeyId: tea.String(keyID), AccessKeySecret: tea.String(secret),
		RegionId: tea.String("cn-hangzhou"), Endpoint: tea.String(s.addr), Protocol: tea.String("HTTP")}
	if https {
		teaCfg.Protocol, teaCfg.Ca = tea.String("HTTPS"), tea.String(string(tr.caPEM))
	}
	teaClient, err := teaecs.NewClient(teaCfg)
	if err != nil {
		t.Fatal(err)
	}

	tencent := tencentClient(t, s, keyID, secret, func(cpf *profile.ClientProfile) {
		if https {
			cpf.HttpProfile.Scheme = "HTTPS"
		}
	})
	tencent.WithHttpTransport(tr.transport())

	zen := zenlayertest.New(t, s.addr, keyID, secret)
	zen.HTTP = &http.Client{Transport: tr.transport(), Timeout: 30 * time.Second}
	if https {
		zen.BaseURL = "https://" + s.addr
	}

	return []vendorCall{
		{"aliyun classic", func() error {
			req := classicecs.CreateDescribeInstanceStatusRequest()
			if https {
				req.Scheme = "HTTPS"
			}
			_, err := classic.DescribeInstanceStatus(req)
			return err
		}, func(err error) string { return errorCode(t, err) }},
		{"aliyun tea", func() error {
			_, err := teaClient.DescribeRegions(&teaecs.DescribeRegionsRequest{})
			return err
		}, func(err error) string {
			var e *tea.SDKError
			if !errors.As(err, &e) {
				t.Fatalf("not a Tea SDKError: %T %v", err, err)
			}
			return tea.StringValue(e.Code)
		}},
		{"tencent", func() error {
			_, err := tencent.DescribeInstancesStatus(cvm.NewDescribeInstancesStatusRequest())
			return err
		}, func(err error) string { return tencentCode(t, err) }},
		{"zenlayer", func() error {
			_, err := zen.DescribeZones(&zenlayertest.DescribeZonesRequest{})
			return err
		}, func(err error) string { return zenlayerCode(t, err) }},
	}
}

// codesOf makes each call and returns each vendor's code, "" for success.
func codesOf(calls []vendorCall) map[string]string {
	out := map[string]string{}
	for _, c := range calls {
		err := c.call()
		if err == nil {
			out[c.vendor] = ""
			continue
		}
		out[c.vendor] = c.code(err)
	}
	return out
}

// The codes each vendor answers a disabled and an unknown key with.
var (
	allAccepted = map[string]string{"aliyun classic": "", "aliyun tea": "", "tencent": "", "zenlayer": ""}
	disabledKey = map[string]string{"aliyun classic": "InvalidAccessKeyId.Inactive", "aliyun tea": "InvalidAccessKeyId.Inactive",
		"tencent": "AuthFailure.SecretIdNotFound", "zenlayer": "AUTHFAILURE_SECRETID_DISABLED"}
	unknownKey = map[string]string{"aliyun classic": "InvalidAccessKeyId.NotFound", "aliyun tea": "InvalidAccessKeyId.NotFound",
		"tencent": "AuthFailure.SecretIdNotFound", "zenlayer": "AUTHFAILURE_SECRETID_NOT_FOUND"}
)

func sameCodes(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestTLSEveryVendor: over HTTPS with the certificate serve
// --tls-self-signed made, trusted as a private CA, every vendor's client
// works: the classic and Tea Alibaba SDKs, the Tencent SDK, the Zenlayer
// test client.
func TestTLSEveryVendor(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tls")
	s := serve(t, "--db", "memory://", "--tls-self-signed", "--tls-dir", dir, "--access-key-id", "AK", "--access-key-secret", "SK")
	ca, err := os.ReadFile(filepath.Join(dir, "cert.pem"))
	if err != nil {
		t.Fatal(err)
	}
	if got := codesOf(vendorCalls(t, s, "AK", "SK", trust{ca})); !sameCodes(got, allAccepted) {
		t.Errorf("over HTTPS: %v, want every call answered", got)
	}
	// A client that does not trust the CA is refused by its own TLS check.
	// (The Zenlayer test client fails its test on a transport error.)
	for _, c := range vendorCalls(t, s, "AK", "SK", trust{[]byte("no CA")})[:3] {
		if err := c.call(); err == nil || !strings.Contains(err.Error(), "certificate") {
			t.Errorf("%s without the CA: %v, want a certificate error", c.vendor, err)
		}
	}
}

// key is an access key the CLI printed.
type key struct{ id, secret string }

var keyLines = regexp.MustCompile(`AccessKeyId:\s+(\S+)\s+AccessKeySecret:\s+(\S+)`)

// printedKey reads the key a command printed.
func printedKey(t *testing.T, out string) key {
	t.Helper()
	m := keyLines.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no key in the output:\n%s", out)
	}
	return key{m[1], m[2]}
}

// run runs the CLI and fails t unless it succeeds.
func run(t *testing.T, env []string, args ...string) string {
	t.Helper()
	out, stderr, code := ecsd(t, env, args...)
	if code != 0 {
		t.Fatalf("ecsd %s: exit %d: %s", strings.Join(args, " "), code, stderr)
	}
	return out
}

// waitCodes polls the calls until every vendor answers want, and returns
// how long it took; it fails t after within.
func waitCodes(t *testing.T, what string, calls []vendorCall, want map[string]string, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	var got map[string]string
	for {
		if got = codesOf(calls); sameCodes(got, want) {
			return time.Since(start)
		}
		if time.Since(start) > within {
			t.Fatalf("%s: after %s the vendors answer %v, want %v", what, within, got, want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestKeyLifecycle: keys added to an account, listed without secrets with
// their last use, disabled, enabled, rotated and deleted while ecsd
// serves, each change taken up within the key cache TTL, each refusal
// reaching every vendor's client as its typed error with the vendor's
// code; an account deleted with its keys and inventory.
func TestKeyLifecycle(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ecsd.db")
	const ttl = time.Second
	s := serve(t, "--db", db, "--key-cache-ttl", ttl.String(), "--transition-delay", "0s")
	dbEnv := []string{"ECSD_DB=" + db}
	first := printedKey(t, run(t, dbEnv, "account", "create", "team", "--access-key-id", "TEAMKEY1", "--access-key-secret", "team-secret-1"))
	second := printedKey(t, run(t, dbEnv, "key", "create", "--account", "team"))
	if !strings.HasPrefix(second.id, "ECSD") || len(second.secret) != 32 {
		t.Errorf("a generated key: %+v", second)
	}
	for _, k := range []key{first, second} {
		if got := codesOf(vendorCalls(t, s, k.id, k.secret, trust{})); !sameCodes(got, allAccepted) {
			t.Fatalf("key %s: %v, want every call answered at once", k.id, got)
		}
	}

	t.Run("list", func(t *testing.T) {
		var out string
		waitFor(t, "the first key's last use is listed", 15*time.Second, func() bool {
			out = run(t, dbEnv, "key", "list", "--account", "team")
			return !strings.Contains(lineOf(out, first.id), "never")
		})
		for _, k := range []key{first, second} {
			line := lineOf(out, k.id)
			if !strings.Contains(line, "team") || !strings.Contains(line, "enabled") {
				t.Errorf("key %s is listed as %q", k.id, line)
			}
			if strings.Contains(out, k.secret) {
				t.Errorf("key list shows a secret:\n%s", out)
			}
		}
		if !regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:00Z`).MatchString(lineOf(out, first.id)) {
			t.Errorf("the last use is not a time to the minute: %q", lineOf(out, first.id))
		}
		all := run(t, dbEnv, "key", "list")
		if !strings.Contains(all, "default") || !strings.Contains(all, first.id) {
			t.Errorf("key list of every account:\n%s", all)
		}
	})

	calls := vendorCalls(t, s, first.id, first.secret, trust{})
	t.Run("disable", func(t *testing.T) {
		out := run(t, dbEnv, "key", "disable", first.id)
		if !strings.Contains(out, "disabled") || !strings.Contains(out, "key cache TTL") {
			t.Errorf("key disable printed %q", out)
		}
		if took := waitCodes(t, "a disabled key", calls, disabledKey, 10*ttl); took > ttl+time.Second {
			t.Errorf("a disabled key was accepted for %s, want at most the key cache TTL %s", took, ttl)
		}
		if !strings.Contains(lineOf(run(t, dbEnv, "key", "list"), first.id), "disabled") {
			t.Error("key list does not show the key disabled")
		}
		if got := codesOf(vendorCalls(t, s, second.id, second.secret, trust{})); !sameCodes(got, allAccepted) {
			t.Errorf("the account's other key: %v, want it still accepted", got)
		}
	})
	t.Run("enable", func(t *testing.T) {
		run(t, dbEnv, "key", "enable", first.id)
		waitCodes(t, "a key enabled again", calls, allAccepted, 10*ttl)
	})
	t.Run("rotate", func(t *testing.T) {
		out := run(t, dbEnv, "key", "rotate", first.id)
		rotated := printedKey(t, out)
		if !strings.Contains(out, "ecsd key disable "+first.id) {
			t.Errorf("key rotate does not say what comes next:\n%s", out)
		}
		if got := codesOf(vendorCalls(t, s, rotated.id, rotated.secret, trust{})); !sameCodes(got, allAccepted) {
			t.Errorf("the new key: %v, want it accepted at once", got)
		}
		if got := codesOf(calls); !sameCodes(got, allAccepted) {
			t.Errorf("the old key after a rotation: %v, want it kept until disabled", got)
		}
		if !strings.Contains(run(t, dbEnv, "key", "list", "--account", "team"), rotated.id) {
			t.Error("the new key is not listed under the account")
		}
	})
	t.Run("delete", func(t *testing.T) {
		run(t, dbEnv, "key", "delete", first.id)
		waitCodes(t, "a deleted key", calls, unknownKey, 10*ttl)
		_, stderr, code := ecsd(t, dbEnv, "key", "delete", first.id)
		if code == 0 || !strings.Contains(stderr, "no access key") {
			t.Errorf("deleting it again: exit %d, %q", code, stderr)
		}
	})
	t.Run("unknown keys", func(t *testing.T) {
		if got := codesOf(vendorCalls(t, s, "NOSUCHKEY", "x", trust{})); !sameCodes(got, unknownKey) {
			t.Errorf("a key that never existed: %v, want %v", got, unknownKey)
		}
		for _, verb := range []string{"disable", "enable", "rotate"} {
			if _, stderr, code := ecsd(t, dbEnv, "key", verb, "NOSUCHKEY"); code == 0 || !strings.Contains(stderr, "no access key") {
				t.Errorf("key %s of an unknown key: exit %d, %q", verb, code, stderr)
			}
		}
		if _, stderr, code := ecsd(t, dbEnv, "key", "create", "--account", "nobody"); code == 0 || !strings.Contains(stderr, `no account is named "nobody"`) {
			t.Errorf("key create for an unknown account: exit %d, %q", code, stderr)
		}
	})
	t.Run("account delete", func(t *testing.T) {
		ids, err := runInstances(s.client(t, second.id, second.secret), 2)
		if err != nil {
			t.Fatal(err)
		}
		out := run(t, dbEnv, "account", "delete", "team")
		if !strings.Contains(out, `Deleted account "team"`) || !strings.Contains(out, "aliyun: 2 instance") {
			t.Errorf("account delete printed:\n%s", out)
		}
		waitCodes(t, "a deleted account's key", vendorCalls(t, s, second.id, second.secret, trust{}), unknownKey, 10*ttl)
		if strings.Contains(run(t, dbEnv, "account", "list"), "team") {
			t.Error("the deleted account is still listed")
		}
		// Its instances are gone for every account: another account
		// cannot see them anyway, so look in the store itself.
		export := run(t, dbEnv, "admin", "snapshot", "export", "--db", db)
		for _, id := range ids {
			if strings.Contains(export, id) {
				t.Errorf("instance %s outlived its account", id)
			}
		}
	})
}

// lineOf is the line of out that mentions s.
func lineOf(out, s string) string {
	for line := range strings.SplitSeq(out, "\n") {
		if strings.Contains(line, s) {
			return line
		}
	}
	return ""
}

// TestKeyRotationAcrossNodes: on three nodes over one PostgreSQL database,
// after ecsd key rotate and ecsd key disable of the old key, every node
// accepts the new key at once and refuses the old one within the key
// cache TTL.
func TestKeyRotationAcrossNodes(t *testing.T) {
	const ttl = 2 * time.Second
	nodes := cluster(t, 3, "--key-cache-ttl", ttl.String())
	var db string // the cluster's --db
	for _, a := range nodes[0].cmd.Args {
		if strings.HasPrefix(a, "postgres://") {
			db = a
		}
	}
	// Every node has read the old key, and trusts it for the TTL.
	for i, s := range nodes {
		if got := codesOf(vendorCalls(t, s, "AK", "SK", trust{})); !sameCodes(got, allAccepted) {
			t.Fatalf("node %d with the old key: %v", i, got)
		}
	}
	rotated := printedKey(t, run(t, nil, "key", "rotate", "AK", "--db", db))
	for i, s := range nodes {
		if got := codesOf(vendorCalls(t, s, rotated.id, rotated.secret, trust{})); !sameCodes(got, allAccepted) {
			t.Errorf("node %d with the new key: %v, want it accepted at once", i, got)
		}
	}
	run(t, nil, "key", "disable", "AK", "--db", db)
	disabled := time.Now()
	var wg sync.WaitGroup
	for i, s := range nodes {
		wg.Go(func() {
			calls := vendorCalls(t, s, "AK", "SK", trust{})
			deadline := disabled.Add(10 * ttl)
			for {
				got := codesOf(calls)
				if sameCodes(got, disabledKey) {
					if took := time.Since(disabled); took > ttl+time.Second {
						t.Errorf("node %d accepted the disabled key for %s, want at most the key cache TTL %s", i, took, ttl)
					}
					return
				}
				if time.Now().After(deadline) {
					t.Errorf("node %d still answers the disabled key with %v", i, got)
					return
				}
				time.Sleep(100 * time.Millisecond)
			}
		})
	}
	wg.Wait()
	for i, s := range nodes {
		if got := codesOf(vendorCalls(t, s, rotated.id, rotated.secret, trust{})); !sameCodes(got, allAccepted) {
			t.Errorf("node %d with the new key after the old one was disabled: %v", i, got)
		}
	}
}

// capturing is an http.RoundTripper that keeps every request it sends, to
// be sent again as a replay.
type capturing struct {
	mu   sync.Mutex
	sent []captured
}

type captured struct {
	method, uri, host string
	header            http.Header
	body              []byte
}

func (c *capturing) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		var err error
		if body, err = io.ReadAll(r.Body); err != nil {
			return nil, err
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	host := r.Host
	if host == "" {
		host = r.URL.Host
	}
	c.mu.Lock()
	c.sent = append(c.sent, captured{r.Method, r.URL.RequestURI(), host, r.Header.Clone(), body})
	c.mu.Unlock()
	return http.DefaultTransport.RoundTrip(r)
}

func (c *capturing) last() captured {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sent[len(c.sent)-1]
}

// replay sends a captured request, as it was (its Host too), to addr and
// returns the vendor's error code, "" when it was served.
func (r captured) replay(t *testing.T, addr string) string {
	t.Helper()
	req, err := http.NewRequest(r.method, "http://"+addr+r.uri, bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = r.header.Clone()
	req.Host = r.host
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var answer struct {
		Code     string
		Response struct{ Error struct{ Code string } }
	}
	if err := json.Unmarshal(body, &answer); err != nil {
		t.Fatalf("replay answered %d %s", resp.StatusCode, body)
	}
	return answer.Code + answer.Response.Error.Code
}

// TestReplayAfterRestart: the nonce of an Alibaba RPC v1 or Tencent v1
// RunInstances is kept in the SQLite file: a replay is refused by the next
// process serving the file, and by one started after that. One file is
// served by one process at a time (it keeps the file's listings in memory):
// a second server of the file is refused while the first serves it.
func TestReplayAfterRestart(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ecsd.db")
	args := []string{"--db", db, "--access-key-id", "AK", "--access-key-secret", "SK", "--transition-delay", "0s"}
	a := serve(t, args...)
	_, stderr, code := ecsd(t, nil, append([]string{"serve", "--addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0"}, args...)...)
	if code == 0 || !strings.Contains(stderr, "served by another ecsd process") {
		t.Fatalf("a second server of %s while the first serves it: exit %d, %q", db, code, stderr)
	}

	aliyunRec := &capturing{}
	classic := a.client(t, "AK", "SK")
	classic.SetTransport(aliyunRec)
	if _, err := runInstances(classic, 1); err != nil {
		t.Fatal(err)
	}
	aliyunRun := aliyunRec.last()

	tencentRec := &capturing{}
	tencent := tencentClient(t, a, "AK", "SK", func(cpf *profile.ClientProfile) { cpf.SignMethod = "HmacSHA256" })
	tencent.WithHttpTransport(tencentRec)
	if _, err := (tencentDriver{tencent}).run(1); err != nil {
		t.Fatal(err)
	}
	tencentRun := tencentRec.last()
	if !bytes.Contains(tencentRun.body, []byte("Nonce=")) {
		t.Fatalf("the Tencent request is not signed with v1: %s", tencentRun.body)
	}

	wantRefused := func(where, addr string) {
		t.Helper()
		if got := aliyunRun.replay(t, addr); got != "SignatureNonceUsed" {
			t.Errorf("the Alibaba RunInstances replayed %s: %q, want SignatureNonceUsed", where, got)
		}
		if got := tencentRun.replay(t, addr); got != "AuthFailure.SignatureFailure" {
			t.Errorf("the Tencent RunInstances replayed %s: %q, want AuthFailure.SignatureFailure", where, got)
		}
	}
	a.stop(t, os.Interrupt)
	b := serve(t, args...)
	wantRefused("by the next process on the same file", b.addr)
	b.stop(t, os.Interrupt)
	c := serve(t, args...)
	wantRefused("after a restart", c.addr)
	if n := len(statuses(t, c.client(t, "AK", "SK"))); n != 1 {
		t.Errorf("%d Alibaba instances, want the 1 launched", n)
	}
	if n := len(tencentStatuses(t, tencentClient(t, c, "AK", "SK"))); n != 1 {
		t.Errorf("%d Tencent instances, want the 1 launched", n)
	}
}

// TestServeTakenPort: serve on a port in use fails before it creates a
// store or prints a key.
func TestServeTakenPort(t *testing.T) {
	taken := serve(t, "--db", "memory://")
	db := filepath.Join(t.TempDir(), "new.db")
	out, stderr, code := ecsd(t, nil, "serve", "--addr", taken.addr, "--db", db, "--admin-addr", "127.0.0.1:0")
	if code == 0 || !strings.Contains(stderr, "listening on "+taken.addr) {
		t.Fatalf("serve on a taken port: exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("the store was created: %v", err)
	}
	if strings.Contains(out, "AccessKeySecret") || strings.Contains(out, "Admin token") {
		t.Errorf("serve printed a secret before failing:\n%s", out)
	}
}

// TestReadOnlyCommandsCreateNothing: a command that lists or changes what
// a store holds, given a path where there is none, fails and leaves no
// file behind.
func TestReadOnlyCommandsCreateNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "typo.db")
	for _, args := range [][]string{
		{"account", "list", "--db", db},
		{"account", "delete", "x", "--db", db},
		{"key", "list", "--db", db},
		{"key", "create", "--account", "x", "--db", db},
		{"key", "disable", "K", "--db", db},
		{"key", "rotate", "K", "--db", db},
		{"admin", "snapshot", "export", "--db", db},
		{"admin", "reset", "--db", db},
		{"migrate-store", "--from", db, "--to", "memory://"},
	} {
		_, stderr, code := ecsd(t, nil, args...)
		if code == 0 || !strings.Contains(stderr, "does not exist") {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
		if _, err := os.Stat(db); !os.IsNotExist(err) {
			t.Fatalf("%v created the store", args)
		}
	}
}

// TestUnsupportedDSNs: --db of another scheme, or in libpq's key=value
// form, is refused with a message naming what is supported, before any
// file is made, and without the password.
func TestUnsupportedDSNs(t *testing.T) {
	dir := t.TempDir()
	for _, dsn := range []string{"mysql://root:s3cret@db:3306/ecsd", "host=db user=ecsd password=s3cret dbname=ecsd", "sqlite:///tmp/x.db"} {
		for _, args := range [][]string{{"serve", "--addr", "127.0.0.1:0"}, {"account", "create", "x"}, {"account", "list"}} {
			cmd := append(args, "--db", dsn)
			_, stderr, code := ecsdIn(t, dir, cmd...)
			if code == 0 || !strings.Contains(stderr, "postgres://") || !strings.Contains(stderr, "SQLite file path") {
				t.Errorf("%v: exit %d, %q; want a refusal naming the supported forms", args, code, stderr)
			}
			if strings.Contains(stderr, "s3cret") {
				t.Errorf("%v: the message shows the password: %q", args, stderr)
			}
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files were made: %v", entries)
	}
}

// ecsdIn is ecsd run in dir.
func ecsdIn(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	defer os.Chdir(wd)
	return ecsd(t, nil, args...)
}

// TestVersion: ecsd version prints the module and the VCS revision the
// binary was built from, as the go command stamped it (go version -m
// reads the same stamp); a binary built without one (-buildvcs=false, or
// from a git worktree, which the go command does not stamp) says so.
func TestVersion(t *testing.T) {
	out := run(t, nil, "version")
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^ecsd \S+$`),
		regexp.MustCompile(`(?m)^module: +github\.com/ecsd/ecsd `),
		regexp.MustCompile(`(?m)^revision: +([0-9a-f]{40}( \(with uncommitted changes\))?|unknown \(built without VCS information\))$`),
		regexp.MustCompile(`(?m)^go: +go1\.`),
	} {
		if !want.MatchString(out) {
			t.Errorf("ecsd version printed\n%s\nwant a line matching %s", out, want)
		}
	}
	stamp, err := exec.Command("go", "version", "-m", binary).Output()
	if err != nil {
		t.Fatal(err)
	}
	if m := regexp.MustCompile(`vcs\.revision=([0-9a-f]+)`).FindSubmatch(stamp); m != nil {
		if !strings.Contains(out, "revision: "+string(m[1])) {
			t.Errorf("go version -m reads revision %s; ecsd version printed\n%s", m[1], out)
		}
	} else if !strings.Contains(out, "unknown (built without VCS information)") {
		t.Errorf("the binary has no VCS stamp; ecsd version printed\n%s", out)
	}
}

// TestSecretsAtRest: with --secrets-key-file, the store holds no usable
// secret (the file's bytes do not contain them) while every vendor's
// client works; the store refuses to serve without the key file, and
// commands that store secrets refuse to store them plain beside sealed
// ones. An existing store file readable by others is made 0600.
func TestSecretsAtRest(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ecsd.db")
	keyFile := filepath.Join(dir, "secrets.key")
	if err := os.WriteFile(keyFile, []byte("# ecsd secrets key\n000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A store made before sealing, left readable by others.
	run(t, nil, "account", "create", "early", "--access-key-id", "EARLYKEY", "--access-key-secret", "early-plain-secret", "--db", db)
	if err := os.Chmod(db, 0o644); err != nil {
		t.Fatal(err)
	}
	env := []string{"ECSD_SECRETS_KEY_FILE=" + keyFile, "ECSD_DB=" + db}
	s := serve(t, "--db", db, "--secrets-key-file", keyFile, "--admin-addr", "127.0.0.1:0")
	if fi, err := os.Stat(db); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the store file: %v %v, want mode 0600", fi.Mode(), err)
	}
	token := regexp.MustCompile(`Admin token: (\S+)`).FindStringSubmatch(s.output.String())
	if token == nil {
		t.Fatalf("no admin token printed:\n%s", s.output)
	}
	late := printedKey(t, run(t, env, "account", "create", "late"))
	for _, k := range []key{{"EARLYKEY", "early-plain-secret"}, late} {
		if got := codesOf(vendorCalls(t, s, k.id, k.secret, trust{})); !sameCodes(got, allAccepted) {
			t.Errorf("key %s: %v", k.id, got)
		}
	}
	s.stop(t, os.Interrupt)
	data := readStore(t, db)
	for _, secret := range []string{"early-plain-secret", late.secret, token[1]} {
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("the store's files hold the secret %q in the clear", secret)
		}
	}
	// Without the key file nothing that needs the secrets starts.
	_, stderr, code := ecsd(t, nil, "serve", "--addr", "127.0.0.1:0", "--db", db)
	if code == 0 || !strings.Contains(stderr, "--secrets-key-file") {
		t.Errorf("serve without the key file: exit %d, %q", code, stderr)
	}
	_, stderr, code = ecsd(t, nil, "key", "create", "--account", "late", "--db", db)
	if code == 0 || !strings.Contains(stderr, "--secrets-key-file") {
		t.Errorf("key create without the key file: exit %d, %q", code, stderr)
	}
	// A key file without the key that sealed them is refused too.
	other := filepath.Join(dir, "other.key")
	if err := os.WriteFile(other, []byte(strings.Repeat("ab", 32)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = ecsd(t, nil, "serve", "--addr", "127.0.0.1:0", "--db", db, "--secrets-key-file", other)
	if code == 0 || !strings.Contains(stderr, "lacks") {
		t.Errorf("serve with another key file: exit %d, %q", code, stderr)
	}
	// Listing needs no secret.
	if out := run(t, nil, "key", "list", "--db", db); !strings.Contains(out, "EARLYKEY") {
		t.Errorf("key list:\n%s", out)
	}
}

// readStore returns the bytes of the store file and its WAL.
func readStore(t *testing.T, db string) []byte {
	t.Helper()
	var all []byte
	for _, name := range []string{db, db + "-wal"} {
		data, err := os.ReadFile(name)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		all = append(all, data...)
	}
	return all
}

// refusingPostgres answers every connection as a PostgreSQL server that
// refuses the password, and returns its address.
func refusingPostgres(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				backend := pgproto3.NewBackend(conn, conn)
				if _, err := backend.ReceiveStartupMessage(); err != nil {
					return
				}
				backend.Send(&pgproto3.ErrorResponse{Severity: "FATAL", Code: "28P01", Message: `password authentication failed for user "ecsd"`})
				_ = backend.Flush()
			}()
		}
	}()
	return ln.Addr().String()
}

// TestStartupCauses: serve, and every command, says why a PostgreSQL store
// cannot be opened, with the host and port and without the password,
// never a bare "internal error".
func TestStartupCauses(t *testing.T) {
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := closed.Addr().String()
	closed.Close()
	refusing := refusingPostgres(t)
	cases := []struct {
		name, dsn string
		want      []string
	}{
		{"store down", "postgres://ecsd:s3cret@" + down + "/ecsd?sslmode=disable&connect_timeout=5",
			[]string{"cannot reach PostgreSQL at " + down, "connection refused"}},
		{"wrong password", "postgres://ecsd:s3cret@" + refusing + "/ecsd?sslmode=disable&connect_timeout=5",
			[]string{refusing, `refused the password of user "ecsd"`}},
	}
	if base := os.Getenv("ECSD_TEST_POSTGRES"); base != "" {
		u, err := url.Parse(base)
		if err != nil {
			t.Fatal(err)
		}
		u.Path = "/ecsd_no_such_database"
		cases = append(cases, struct {
			name, dsn string
			want      []string
		}{"missing database", u.String(), []string{`database "ecsd_no_such_database" does not exist`, u.Host}})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, args := range [][]string{{"serve", "--addr", "127.0.0.1:0"}, {"account", "list"}, {"key", "list"}} {
				_, stderr, code := ecsd(t, nil, append(args, "--db", c.dsn)...)
				if code == 0 {
					t.Fatalf("%v succeeded", args)
				}
				for _, w := range c.want {
					if !strings.Contains(stderr, w) {
						t.Errorf("%v: %q does not say %q", args, stderr, w)
					}
				}
				if strings.Contains(stderr, "s3cret") || strings.Contains(stderr, "internal error") {
					t.Errorf("%v: %q", args, stderr)
				}
			}
		})
	}
}

// TestPasswordNeverShown: the password of a PostgreSQL URL appears in no
// log line and no output of serve, in either log format, nor in the
// commands' output.
func TestPasswordNeverShown(t *testing.T) {
	u, err := url.Parse(postgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	const password = "pw-s3cret-never-shown"
	u.User = url.UserPassword(u.User.Username(), password) // the test server trusts any
	q := u.Query()
	q.Set("sslpassword", password)
	u.RawQuery = q.Encode()
	dsn := u.String()
	for _, format := range []string{"text", "json"} {
		cmd := exec.Command(binary, "serve", "--addr", "127.0.0.1:0", "--db", dsn, "--log-format", format, "--log-level", "debug")
		var stderr syncBuffer
		cmd.Stderr = &stderr
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var out []byte
		lines := bufio.NewScanner(stdout)
		for !strings.Contains(string(out), "ecsd is serving") {
			if !lines.Scan() {
				t.Fatalf("serve stopped: %s %s", out, stderr.String())
			}
			out = append(append(out, lines.Bytes()...), '\n')
		}
		go func() { _, _ = io.Copy(io.Discard, stdout) }()
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
		if !strings.Contains(stderr.String(), "xxxxx") {
			t.Errorf("%s logs do not name the store, redacted:\n%s", format, stderr.String())
		}
		if strings.Contains(stderr.String()+string(out), password) {
			t.Errorf("%s: the password is shown:\n%s\n%s", format, out, stderr.String())
		}
	}
	for _, args := range [][]string{{"account", "list"}, {"key", "list"}, {"admin", "snapshot", "export", "--with-secrets"}} {
		out, stderr, _ := ecsd(t, nil, append(args, "--db", dsn)...)
		if strings.Contains(out+stderr, password) {
			t.Errorf("%v shows the password", args)
		}
	}
}

// TestReusedSignaturesAcrossNodes: under --refuse-reused-signatures, a TC3
// or ZC2 signature accepted by one node is refused by every other: the
// signatures are remembered in the shared store. Without the flag the
// same resend is answered.
func TestReusedSignaturesAcrossNodes(t *testing.T) {
	for _, refuse := range []bool{false, true} {
		args := []string{"--transition-delay", "0s"}
		if refuse {
			args = append(args, "--refuse-reused-signatures")
		}
		nodes := cluster(t, 2, args...)

		tencentRec := &capturing{}
		tencent := tencentClient(t, nodes[0], "AK", "SK")
		tencent.WithHttpTransport(tencentRec)
		if _, err := tencent.DescribeInstancesStatus(cvm.NewDescribeInstancesStatusRequest()); err != nil {
			t.Fatal(err)
		}
		zenRec := &capturing{}
		zen := zenlayertest.New(t, nodes[0].addr, "AK", "SK")
		zen.HTTP = &http.Client{Transport: zenRec}
		if _, err := zen.DescribeZones(&zenlayertest.DescribeZonesRequest{}); err != nil {
			t.Fatal(err)
		}
		tencentWant, zenWant := "", ""
		if refuse {
			tencentWant, zenWant = "AuthFailure.SignatureFailure", "AUTHFAILURE_SIGNATURE_FAILURE"
		}
		if got := tencentRec.last().replay(t, nodes[1].addr); got != tencentWant {
			t.Errorf("refuse=%t: a TC3 request resent to another node: %q, want %q", refuse, got, tencentWant)
		}
		if got := zenRec.last().replay(t, nodes[1].addr); got != zenWant {
			t.Errorf("refuse=%t: a ZC2 request resent to another node: %q, want %q", refuse, got, zenWant)
		}
	}
}
