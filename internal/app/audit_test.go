package app_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	alierrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerrors "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/audit"
	zt "github.com/ecsd/ecsd/internal/dialect/zenlayer/zenlayertest"
)

// lines is an io.Writer of JSON lines that the server writes from its
// goroutines while the test reads them.
type lines struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// decoded returns the lines written so far, those with msg (when not
// empty) only.
func (l *lines) decoded(t *testing.T, msg string) []map[string]any {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for line := range strings.Lines(l.b.String()) {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		if msg == "" || m["msg"] == msg {
			out = append(out, m)
		}
	}
	return out
}

// observed starts ecsd with its access log and audit log in memory.
func observed(t *testing.T) (env *apptest.Env, access, auditLog *lines) {
	t.Helper()
	access, auditLog = &lines{}, &lines{}
	env = apptest.Start(t, apptest.Options{Configure: func(cfg *app.Config) {
		cfg.Logger = slog.New(slog.NewJSONHandler(access, nil))
		cfg.AuditLog = auditLog
	}})
	return env, access, auditLog
}

// waitRequests waits until n requests are in the access log, which the
// server writes after a request's audit line: then every line of those
// requests is written. It is not a timed assertion: a broken server fails
// after a long wait instead of hanging.
func waitRequests(t *testing.T, access *lines, n int) []map[string]any {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		got := access.decoded(t, "request")
		if len(got) >= n || time.Now().After(deadline) {
			if len(got) != n {
				t.Fatalf("%d requests in the access log, want %d", len(got), n)
			}
			return got
		}
	}
}

// TestAuditLog: a create, a stop and a failed delete, among reads, make
// exactly three audit lines, each with its time, account, key, cloud,
// action, the instances it created or changed, its outcome, its request ID
// as the response spelled it, and the client's address.
func TestAuditLog(t *testing.T) {
	env, access, auditLog := observed(t)
	tc := tencentClient(t, env)
	describe := func() {
		t.Helper()
		if _, err := tc.DescribeInstances(cvm.NewDescribeInstancesRequest()); err != nil {
			t.Fatalf("DescribeInstances: %v", err)
		}
	}

	describe()
	created := env.Clock.Now()
	runResp, err := tc.RunInstances(tencentRunRequest(1))
	if err != nil {
		t.Fatalf("RunInstances: %v", err)
	}
	id := *runResp.Response.InstanceIdSet[0]
	env.Clock.Advance(3 * apptest.DefaultDelay)
	describe()
	stopped := env.Clock.Now()
	stop := cvm.NewStopInstancesRequest()
	stop.InstanceIds = common.StringPtrs([]string{id})
	stopResp, err := tc.StopInstances(stop)
	if err != nil {
		t.Fatalf("StopInstances: %v", err)
	}
	term := cvm.NewTerminateInstancesRequest()
	term.InstanceIds = common.StringPtrs([]string{"ins-nosuch01"})
	_, err = tc.TerminateInstances(term)
	var termErr *tcerrors.TencentCloudSDKError
	if !errors.As(err, &termErr) {
		t.Fatalf("TerminateInstances of an unknown instance: got %v, want the SDK's error", err)
	}
	describe()

	accessLines := waitRequests(t, access, 6)
	got := auditLog.decoded(t, "")
	if len(got) != 3 {
		t.Fatalf("%d audit lines, want 3 (reads make none):\n%s", len(got), auditLog.b.String())
	}
	source := accessLines[1]["remote"]
	want := []map[string]any{
		// The first launch in a region makes its default VPC, subnet and
		// security group too, and the instance its system disk.
		{"time": created.UTC().Format(time.RFC3339Nano), "action": "RunInstances", "resources": createdWith(t, got[0]["resources"], id), "outcome": "success",
			"status": float64(200), "request_id": *runResp.Response.RequestId},
		{"time": stopped.UTC().Format(time.RFC3339Nano), "action": "StopInstances", "resources": []any{id}, "outcome": "success",
			"status": float64(200), "request_id": *stopResp.Response.RequestId},
		{"time": stopped.UTC().Format(time.RFC3339Nano), "action": "TerminateInstances", "resources": []any{}, "outcome": termErr.GetCode(),
			"status": float64(200), "request_id": termErr.GetRequestId()},
	}
	for i, w := range want {
		w["account"], w["key_id"], w["cloud"] = string(env.Key.Account), apptest.AccessKeyID, "tencent"
		line := got[i]
		if line["source"] == nil || !strings.HasPrefix(line["source"].(string), "127.0.0.1:") {
			t.Errorf("line %d: source = %v, want the client's 127.0.0.1 address", i, line["source"])
		}
		delete(line, "source")
		if g, w := jsonOf(t, line), jsonOf(t, w); g != w {
			t.Errorf("audit line %d:\n got %s\nwant %s", i, g, w)
		}
	}
	if source == nil {
		t.Error("the access log has no remote address")
	}
}

// createdWith returns resources, the IDs a RunInstances created, after
// checking that they are instance id with its default network and system
// disk.
func createdWith(t *testing.T, resources any, id string) any {
	t.Helper()
	list, _ := resources.([]any)
	var prefixes []string
	for _, r := range list {
		s, _ := r.(string)
		if s == id {
			prefixes = append(prefixes, "the instance")
			continue
		}
		prefix, _, _ := strings.Cut(s, "-")
		prefixes = append(prefixes, prefix)
	}
	if got, want := strings.Join(prefixes, ","), "vpc,subnet,sg,the instance,disk"; got != want {
		t.Errorf("RunInstances changed %v, want %s", resources, want)
	}
	return resources
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestAuditLogFile: the audit log file is made readable by its owner
// only, an existing one is made so too, and lines are appended to what it
// holds.
func TestAuditLogFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	if err := os.WriteFile(path, []byte("{\"earlier\":true}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := audit.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("{\"later\":true}\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("mode %v, want 0600", mode)
	}
	data, _ := os.ReadFile(path)
	if got, want := string(data), "{\"earlier\":true}\n{\"later\":true}\n"; got != want {
		t.Errorf("the file holds %q, want %q: appended", got, want)
	}
	fresh := filepath.Join(t.TempDir(), "new.log")
	f, err = audit.Open(fresh)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if info, err := os.Stat(fresh); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("a new audit log: %v, %v; want mode 0600", info.Mode().Perm(), err)
	}
}

// TestAccessLogRequestIDs: each vendor's access log line carries the
// request ID as that vendor's response spelled it (Alibaba an upper-case
// UUID, Tencent a lower-case one, Zenlayer "T" and an upper-case UUID), on
// success and on error, with the key ID and the instances changed; the
// audit log has the mutating calls of every vendor, and no read.
func TestAccessLogRequestIDs(t *testing.T) {
	env, access, auditLog := observed(t)
	var fromResponses []string

	// Tencent: a success and an error.
	tc := tencentClient(t, env)
	runResp, err := tc.RunInstances(tencentRunRequest(1))
	if err != nil {
		t.Fatalf("RunInstances: %v", err)
	}
	fromResponses = append(fromResponses, *runResp.Response.RequestId)
	term := cvm.NewTerminateInstancesRequest()
	term.InstanceIds = common.StringPtrs([]string{"ins-nosuch01"})
	_, err = tc.TerminateInstances(term)
	var tcErr *tcerrors.TencentCloudSDKError
	if !errors.As(err, &tcErr) {
		t.Fatalf("got %v, want the SDK's error", err)
	}
	fromResponses = append(fromResponses, tcErr.GetRequestId())

	// Alibaba: a success and an error.
	ali, err := classicecs.NewClientWithAccessKey("cn-hangzhou", apptest.AccessKeyID, apptest.AccessKeySecret)
	if err != nil {
		t.Fatal(err)
	}
	ali.Domain = env.Host
	aliResp, err := ali.DescribeInstanceStatus(classicecs.CreateDescribeInstanceStatusRequest())
	if err != nil {
		t.Fatalf("DescribeInstanceStatus: %v", err)
	}
	fromResponses = append(fromResponses, aliResp.RequestId)
	stop := classicecs.CreateStopInstanceRequest()
	stop.InstanceId = "i-nosuch"
	_, err = ali.StopInstance(stop)
	var aliErr *alierrors.ServerError
	if !errors.As(err, &aliErr) {
		t.Fatalf("got %v, want the SDK's ServerError", err)
	}
	fromResponses = append(fromResponses, aliErr.RequestId())

	// Zenlayer: an error, whose envelope the client checks.
	zl := zt.New(t, env.Host, apptest.AccessKeyID, apptest.AccessKeySecret)
	zl.Now = env.Clock.Now
	_, err = zl.StartInstances(&zt.StartInstancesRequest{InstanceIDs: []string{"nosuch"}})
	var zlErr *zt.Error
	if !errors.As(err, &zlErr) {
		t.Fatalf("got %v, want the client's Error", err)
	}
	fromResponses = append(fromResponses, zlErr.RequestID)

	logged := waitRequests(t, access, len(fromResponses))
	for i, line := range logged {
		if line["request_id"] != fromResponses[i] {
			t.Errorf("%s %s: request_id %v in the access log, %q in the response", line["dialect"], line["action"], line["request_id"], fromResponses[i])
		}
		if line["key_id"] != apptest.AccessKeyID {
			t.Errorf("%s %s: key_id %v, want %s", line["dialect"], line["action"], line["key_id"], apptest.AccessKeyID)
		}
	}
	createdWith(t, logged[0]["resources"], *runResp.Response.InstanceIdSet[0])
	// Every vendor's mutating calls, and only those, are audited, with the
	// request ID of the response.
	var audited []string
	for _, line := range auditLog.decoded(t, "") {
		audited = append(audited, fmt.Sprint(line["cloud"], " ", line["action"], " ", line["outcome"], " ", line["request_id"]))
	}
	wantAudited := []string{
		"tencent RunInstances success " + fromResponses[0],
		"tencent TerminateInstances " + tcErr.GetCode() + " " + fromResponses[1],
		"aliyun StopInstance " + aliErr.ErrorCode() + " " + fromResponses[3],
		"zenlayer StartInstances " + zlErr.Code + " " + fromResponses[4],
	}
	if strings.Join(audited, "\n") != strings.Join(wantAudited, "\n") {
		t.Errorf("audit log:\n%s\nwant:\n%s", strings.Join(audited, "\n"), strings.Join(wantAudited, "\n"))
	}
	for i, spelled := range []func(string) bool{
		isLowerUUID, isLowerUUID,
		func(s string) bool { return isLowerUUID(strings.ToLower(s)) && s == strings.ToUpper(s) },
		func(s string) bool { return isLowerUUID(strings.ToLower(s)) && s == strings.ToUpper(s) },
		func(s string) bool {
			rest, ok := strings.CutPrefix(s, "T")
			return ok && isLowerUUID(strings.ToLower(rest)) && rest == strings.ToUpper(rest)
		},
	} {
		if !spelled(fromResponses[i]) {
			t.Errorf("response %d: request ID %q is not spelled as its vendor does", i, fromResponses[i])
		}
	}
}

// isLowerUUID reports whether s is a canonical lower-case UUID.
func isLowerUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !strings.ContainsRune("0123456789abcdef", c) {
				return false
			}
		}
	}
	return true
}

// TestAccessLogUnknownActions: an unauthenticated request naming a 60 KB
// action, in each vendor's spelling, is logged as "unknown" in a short
// line (issue 14: it made 60 KB log lines), and audited by no one.
func TestAccessLogUnknownActions(t *testing.T) {
	env, access, auditLog := observed(t)
	huge := strings.Repeat("RunInstances", 5<<10)
	requests := []struct {
		path, body string
		header     map[string]string
	}{
		{"/", "Action=" + huge + "&Version=2014-05-26&AccessKeyId=x&Signature=y&SignatureMethod=HMAC-SHA1",
			map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}, // Alibaba RPC, form body
		{"/", "{}", map[string]string{"Content-Type": "application/json", "X-TC-Action": huge, "X-TC-Version": "2017-03-12"}},           // Tencent TC3
		{"/api/v2/zec", "{}", map[string]string{"Content-Type": "application/json", "X-ZC-Action": huge, "X-ZC-Version": "2025-09-01"}}, // Zenlayer
	}
	for _, req := range requests {
		r, err := http.NewRequest(http.MethodPost, env.URL+req.path, strings.NewReader(req.body))
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range req.header {
			r.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	logged := waitRequests(t, access, len(requests))
	for i, line := range logged {
		if line["action"] != "unknown" {
			t.Errorf("request %d (%v): action %.40v..., want unknown", i, line["dialect"], line["action"])
		}
		if n := len(jsonOf(t, line)); n > 1024 {
			t.Errorf("request %d (%v): a log line of %d bytes, want at most 1 KB", i, line["dialect"], n)
		}
	}
	var dialects []string
	for _, line := range logged {
		dialects = append(dialects, fmt.Sprint(line["dialect"]))
	}
	// In the order logged, which may not be the order sent: the server
	// logs a request once its handler returns, and a long answer may reach
	// the client before.
	slices.Sort(dialects)
	if got := strings.Join(dialects, " "); got != "aliyun tencent zenlayer" {
		t.Errorf("dialects %s, want one request each", got)
	}
	if n := len(auditLog.decoded(t, "")); n != 0 {
		t.Errorf("%d audit lines for actions not served, want none", n)
	}
}
