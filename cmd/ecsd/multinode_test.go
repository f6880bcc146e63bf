package main_test

// Several ecsd processes over one PostgreSQL database serve one inventory.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerrors "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/dialect/zenlayer/zenlayertest"
	"github.com/ecsd/ecsd/internal/store/postgres/pgtest"
)

// postgresURL is a fresh PostgreSQL schema as a postgres:// URL, the form
// --db takes; any other would be taken for an SQLite file name.
func postgresURL(t *testing.T) string {
	t.Helper()
	dsn := pgtest.DSN(t)
	if !app.IsPostgres(dsn) {
		t.Fatalf("the ecsd command's tests need $%s as a postgres:// URL", pgtest.EnvDSN)
	}
	return dsn
}

// cluster starts n nodes at once on one fresh PostgreSQL schema, then
// creates an account whose key is AK/SK while they run, and returns them.
func cluster(t *testing.T, n int, args ...string) []*server {
	t.Helper()
	dsn := postgresURL(t)
	nodes := startNodes(t, dsn, n, args...)
	if _, stderr, code := ecsd(t, nil, "account", "create", "a1", "--access-key-id", "AK", "--access-key-secret", "SK", "--db", dsn); code != 0 {
		t.Fatalf("account create on PostgreSQL failed (%d): %s", code, stderr)
	}
	// Every node found the store empty; one of them made the default
	// account.
	out, stderr, code := ecsd(t, nil, "account", "list", "--db", dsn)
	if code != 0 {
		t.Fatalf("account list on PostgreSQL failed (%d): %s", code, stderr)
	}
	if n := strings.Count(out, "default"); n != 1 || !strings.Contains(out, "a1") {
		t.Fatalf("after %d nodes started on an empty store, the accounts are:\n%s\nwant one default and a1", n, out)
	}
	return nodes
}

// startNodes starts n nodes at once on dsn, as a deployment would: their
// migrations race and must not trip over each other.
func startNodes(t *testing.T, dsn string, n int, args ...string) []*server {
	t.Helper()
	nodes := make([]*server, n)
	var wg sync.WaitGroup
	for i := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			nodes[i] = serve(t, append([]string{"--db", dsn}, args...)...)
		}()
	}
	wg.Wait()
	for i, s := range nodes {
		if s == nil {
			t.Fatalf("node %d did not start", i)
		}
	}
	return nodes
}

// errorCode is the vendor code of an SDK error, "" for none.
func errorCode(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var se *sdkerrors.ServerError
	if !errors.As(err, &se) {
		t.Fatalf("not a vendor error: %v", err)
	}
	return se.ErrorCode()
}

// waitFor polls f until it holds or the deadline passes.
func waitFor(t *testing.T, what string, within time.Duration, f func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !f() {
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %s", within, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// dialect is one vendor's API as the multi-node tests drive it: a client
// of a node, and the vendor's spelling of what the tests meet.
type dialect struct {
	name    string
	connect func(t *testing.T, s *server) driver
	// code is the vendor's code of an error the client returned, "" for
	// none; it fails t on an error that is not the vendor's.
	code func(t *testing.T, err error) string
	// The vendor's statuses; deleting is what a deleted instance shows
	// before it is gone, "" where it goes at once.
	pending, running, stopping, stopped, rebooting, deleting string
	// notFound is the code for an instance that is gone.
	notFound string
	// refused is the code of a stop or reboot refused, by the status the
	// instance is in (stopping or rebooting).
	refused map[string]string
	// deleteRefused is the code of a delete that lost a race to another.
	deleteRefused string
	// unavailable is the code of any call while the store is away.
	unavailable string
}

// driver drives one node in one dialect, signing with the key AK/SK.
type driver interface {
	// run creates n instances.
	run(n int) ([]string, error)
	// statuses returns the status of each of ids still there.
	statuses(t *testing.T, ids []string) map[string]string
	// do calls "stop", "reboot", "start" or "delete" on one instance.
	do(op, id string) error
}

var dialects = []dialect{
	{
		name:    "aliyun",
		connect: func(t *testing.T, s *server) driver { return aliyunDriver{s.client(t, "AK", "SK")} },
		code:    errorCode,
		pending: "Pending", running: "Running", stopping: "Stopping", stopped: "Stopped", rebooting: "Starting",
		deleting:      "", // a forced delete is immediate
		notFound:      "InvalidInstanceId.NotFound",
		refused:       map[string]string{"Stopping": "IncorrectInstanceStatus", "Starting": "IncorrectInstanceStatus"},
		deleteRefused: "InvalidInstanceId.NotFound", // a forced delete leaves nothing behind
		unavailable:   "ServiceUnavailable",
	},
	{
		name:    "tencent",
		connect: func(t *testing.T, s *server) driver { return tencentDriver{tencentClient(t, s, "AK", "SK")} },
		code:    tencentCode,
		pending: "PENDING", running: "RUNNING", stopping: "STOPPING", stopped: "STOPPED", rebooting: "REBOOTING",
		deleting: "TERMINATING",
		notFound: "InvalidInstanceId.NotFound",
		refused: map[string]string{
			"STOPPING":  "UnsupportedOperation.InstanceStateStopping",
			"REBOOTING": "UnsupportedOperation.InstanceStateRebooting",
		},
		deleteRefused: "UnsupportedOperation.InstanceStateTerminating",
		unavailable:   "ServiceUnavailable",
	},
	{
		// The recycle bin is off, as ecsd serves by default: a release
		// goes through RELEASING and the instance is gone.
		name:    "zenlayer",
		connect: func(t *testing.T, s *server) driver { return zenlayerDriver{zenlayertest.New(t, s.addr, "AK", "SK")} },
		code:    zenlayerCode,
		pending: "DEPLOYING", running: "RUNNING", stopping: "STOPPING", stopped: "STOPPED", rebooting: "REBOOT",
		deleting: "RELEASING",
		notFound: "INVALID_INSTANCE_NOT_FOUND",
		refused: map[string]string{
			"STOPPING": "OPERATION_DENIED_INSTANCE_NOT_RUNNING",
			"REBOOT":   "OPERATION_DENIED_INSTANCE_NOT_RUNNING",
		},
		deleteRefused: "OPERATION_DENIED_INSTANCE_STATUS",
		unavailable:   "SERVICE_TEMPORARY_UNAVAILABLE",
	},
}

func (d dialect) drivers(t *testing.T, nodes []*server) []driver {
	out := make([]driver, len(nodes))
	for i, s := range nodes {
		out[i] = d.connect(t, s)
	}
	return out
}

// allAre returns whether every client sees every one of ids as want ("" for
// gone).
func allAre(t *testing.T, c []driver, want string, ids ...string) bool {
	t.Helper()
	for i := range c {
		got := c[i].statuses(t, ids)
		for _, id := range ids {
			if got[id] != want {
				return false
			}
		}
	}
	return true
}

// only keeps the statuses of ids.
func only(statuses map[string]string, ids []string) map[string]string {
	out := map[string]string{}
	for _, id := range ids {
		if s, ok := statuses[id]; ok {
			out[id] = s
		}
	}
	return out
}

// aliyunDriver drives a node through the official classic Alibaba SDK.
type aliyunDriver struct{ *classicecs.Client }

func (c aliyunDriver) run(n int) ([]string, error) { return runInstances(c.Client, n) }

func (c aliyunDriver) statuses(t *testing.T, ids []string) map[string]string {
	t.Helper()
	return only(statuses(t, c.Client), ids)
}

func (c aliyunDriver) do(op, id string) error {
	var err error
	switch op {
	case "stop":
		req := classicecs.CreateStopInstanceRequest()
		req.InstanceId = id
		_, err = c.StopInstance(req)
	case "reboot":
		req := classicecs.CreateRebootInstanceRequest()
		req.InstanceId = id
		_, err = c.RebootInstance(req)
	case "start":
		req := classicecs.CreateStartInstanceRequest()
		req.InstanceId = id
		_, err = c.StartInstance(req)
	case "delete":
		req := classicecs.CreateDeleteInstanceRequest()
		req.InstanceId, req.Force = id, requests.NewBoolean(true)
		_, err = c.DeleteInstance(req)
	default:
		panic(op)
	}
	return err
}

// tencentDriver drives a node through the official Tencent SDK.
type tencentDriver struct{ *cvm.Client }

func (c tencentDriver) run(n int) ([]string, error) {
	req := cvm.NewRunInstancesRequest()
	req.Placement = &cvm.Placement{Zone: common.StringPtr("ap-guangzhou-3")}
	req.ImageId, req.InstanceType = common.StringPtr("img-eb30mz89"), common.StringPtr("S5.MEDIUM4")
	req.InstanceCount = common.Int64Ptr(int64(n))
	resp, err := c.RunInstances(req)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, id := range resp.Response.InstanceIdSet {
		ids = append(ids, *id)
	}
	return ids, nil
}

func (c tencentDriver) statuses(t *testing.T, ids []string) map[string]string {
	t.Helper()
	return only(tencentStatuses(t, c.Client), ids)
}

func (c tencentDriver) do(op, id string) error {
	ids := common.StringPtrs([]string{id})
	var err error
	switch op {
	case "stop":
		req := cvm.NewStopInstancesRequest()
		req.InstanceIds = ids
		_, err = c.StopInstances(req)
	case "reboot":
		req := cvm.NewRebootInstancesRequest()
		req.InstanceIds = ids
		_, err = c.RebootInstances(req)
	case "start":
		req := cvm.NewStartInstancesRequest()
		req.InstanceIds = ids
		_, err = c.StartInstances(req)
	case "delete":
		req := cvm.NewTerminateInstancesRequest()
		req.InstanceIds = ids
		_, err = c.TerminateInstances(req)
	default:
		panic(op)
	}
	return err
}

func tencentCode(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var e *tcerrors.TencentCloudSDKError
	if !errors.As(err, &e) {
		t.Fatalf("not a vendor error: %v", err)
	}
	return e.Code
}

// zenlayerDriver drives a node through the client written from Zenlayer's
// reference.
type zenlayerDriver struct{ *zenlayertest.Client }

// run creates n instances in a subnet of a VPC of their own, as ZEC needs
// a subnet that exists.
func (c zenlayerDriver) run(n int) ([]string, error) {
	vpc, err := c.CreateVpc(&zenlayertest.CreateVpcRequest{Name: zenlayertest.String("nodes"), CidrBlock: zenlayertest.String("10.0.0.0/16"), Mtu: zenlayertest.Int(1500)})
	if err != nil {
		return nil, err
	}
	sub, err := c.CreateSubnet(&zenlayertest.CreateSubnetRequest{VpcID: vpc.VpcID, Name: zenlayertest.String("nodes"), RegionID: zenlayertest.String("asia-east-1"),
		StackType: zenlayertest.String("IPv4"), CidrBlock: zenlayertest.String("10.0.0.0/20")})
	if err != nil {
		return nil, err
	}
	resp, err := c.CreateZecInstances(&zenlayertest.CreateZecInstancesRequest{
		ZoneID: zenlayertest.String("asia-east-1a"), ImageID: zenlayertest.String("ubuntu2204_20240712"), InstanceType: zenlayertest.String("z2a.cpu.2"),
		InstanceCount: zenlayertest.Int(n), SubnetID: sub.SubnetID, Password: zenlayertest.String("Passw0rd!"),
	})
	if err != nil {
		return nil, err
	}
	return resp.InstanceIDSet, nil
}

func (c zenlayerDriver) statuses(t *testing.T, ids []string) map[string]string {
	t.Helper()
	var resp struct {
		DataSet []struct {
			InstanceID     string `json:"instanceId"`
			InstanceStatus string `json:"instanceStatus"`
		} `json:"dataSet"`
	}
	if err := c.Call("DescribeInstancesStatus", map[string]any{"instanceIds": ids, "pageSize": 100}, &resp); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, s := range resp.DataSet {
		out[s.InstanceID] = s.InstanceStatus
	}
	return out
}

func (c zenlayerDriver) do(op, id string) error {
	action := map[string]string{"stop": "StopInstances", "reboot": "RebootInstances", "start": "StartInstances", "delete": "ReleaseInstances"}[op]
	var resp struct {
		Failed []string `json:"instanceIds"`
	}
	if err := c.Call(action, map[string]any{"instanceIds": []string{id}}, &resp); err != nil {
		return err
	}
	if len(resp.Failed) > 0 {
		// One instance that cannot take the operation fails the call.
		return fmt.Errorf("%s of %s answered 200 with failed %v", action, id, resp.Failed)
	}
	return nil
}

func zenlayerCode(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var e *zenlayertest.Error
	if !errors.As(err, &e) {
		t.Fatalf("not a vendor error: %v", err)
	}
	return e.Code
}

// TestNodesShareOneInventory: what one node does, every node sees at once,
// and transitions settle alike whichever node is asked, in every dialect.
func TestNodesShareOneInventory(t *testing.T) {
	nodes := cluster(t, 3, "--transition-delay", "2s")
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			c := d.drivers(t, nodes)
			ids, err := c[0].run(3)
			if err != nil {
				t.Fatal(err)
			}
			for i := range c {
				got := c[i].statuses(t, ids)
				for _, id := range ids {
					if got[id] != d.pending {
						t.Fatalf("node %d sees %s as %q right after node 0 created it, want %s", i, id, got[id], d.pending)
					}
				}
			}
			waitFor(t, "every node to see the new instances "+d.running, 15*time.Second, func() bool { return allAre(t, c, d.running, ids...) })

			if err := c[1].do("stop", ids[0]); err != nil {
				t.Fatal(err)
			}
			for i := range c {
				if got := c[i].statuses(t, ids[:1])[ids[0]]; got != d.stopping {
					t.Fatalf("node %d sees %s as %q after node 1 stopped it, want %s", i, ids[0], got, d.stopping)
				}
			}
			waitFor(t, "every node to see the stopped instance "+d.stopped, 10*time.Second, func() bool { return allAre(t, c, d.stopped, ids[0]) })

			if err := c[2].do("delete", ids[1]); err != nil {
				t.Fatal(err)
			}
			for i := range c {
				if got := c[i].statuses(t, ids[1:2])[ids[1]]; got != d.deleting {
					t.Fatalf("node %d sees %s as %q after node 2 deleted it, want %q", i, ids[1], got, d.deleting)
				}
			}
			waitFor(t, "every node to see the deleted instance gone", 10*time.Second, func() bool { return allAre(t, c, "", ids[1]) })
			for i := range c {
				if code := d.code(t, c[i].do("start", ids[1])); code != d.notFound {
					t.Fatalf("node %d: start of a deleted instance: %q, want %s", i, code, d.notFound)
				}
			}
		})
	}
}

// recorder keeps the last request an SDK sent.
type recorder struct {
	mu   sync.Mutex
	last *http.Request
	body []byte
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	r.mu.Lock()
	r.last, r.body = req.Clone(req.Context()), body
	r.mu.Unlock()
	return http.DefaultTransport.RoundTrip(req)
}

// TestReplayRefusedByAnotherNode: a signed request served by one node is
// refused as a replay by every node, in each signature that has a nonce
// (TC3 and ZC2 have none). The replays keep the Host first sent, as a load
// balancer in front of the nodes would.
func TestReplayRefusedByAnotherNode(t *testing.T) {
	nodes := cluster(t, 3)
	tests := []struct {
		name string
		// send sends one signed request to node 0 through rt.
		send func(t *testing.T, rt http.RoundTripper) error
		// code and status of the refusal, in the vendor's JSON
		status int
		code   string
	}{
		{"aliyun-rpc", func(t *testing.T, rt http.RoundTripper) error {
			c := nodes[0].client(t, "AK", "SK")
			c.SetTransport(rt)
			_, err := c.DescribeInstanceStatus(classicecs.CreateDescribeInstanceStatusRequest())
			return err
		}, http.StatusBadRequest, `"Code":"SignatureNonceUsed"`},
		{"tencent-v1", func(t *testing.T, rt http.RoundTripper) error {
			c := tencentClient(t, nodes[0], "AK", "SK", func(cpf *profile.ClientProfile) { cpf.SignMethod = "HmacSHA256" })
			c.WithHttpTransport(rt)
			_, err := c.DescribeInstancesStatus(cvm.NewDescribeInstancesStatusRequest())
			return err
		}, http.StatusOK, `"Code":"AuthFailure.SignatureFailure","Message":"The Nonce was used already`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{}
			if err := tt.send(t, rec); err != nil {
				t.Fatal(err)
			}
			for i, n := range append(nodes[1:], nodes[0]) {
				u := *rec.last.URL
				u.Host = n.addr
				req, err := http.NewRequest(rec.last.Method, u.String(), bytes.NewReader(rec.body))
				if err != nil {
					t.Fatal(err)
				}
				req.Header = rec.last.Header.Clone()
				req.Host = rec.last.URL.Host
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != tt.status || !bytes.Contains(body, []byte(tt.code)) {
					t.Fatalf("replay %d: %d %s, want %d %s", i, resp.StatusCode, body, tt.status, tt.code)
				}
			}
		})
	}
}

// TestConcurrentOperationsAcrossNodes: two nodes acting on one instance at
// once end in one valid state; the loser gets the vendor's refusal, never a
// lost update. Each dialect races its own instances on one cluster.
func TestConcurrentOperationsAcrossNodes(t *testing.T) {
	nodes := cluster(t, 3, "--transition-delay", "1s")
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			c := d.drivers(t, nodes)
			ids, err := c[0].run(20)
			if err != nil {
				t.Fatal(err)
			}
			waitFor(t, "the instances to run", 15*time.Second, func() bool { return allAre(t, c[:1], d.running, ids...) })
			// race runs two calls on one instance through two nodes at once.
			race := func(id, opA, opB string, a, b driver) (codeA, codeB string) {
				var wg sync.WaitGroup
				start := make(chan struct{})
				var errA, errB error
				wg.Add(2)
				go func() { defer wg.Done(); <-start; errA = a.do(opA, id) }()
				go func() { defer wg.Done(); <-start; errB = b.do(opB, id) }()
				close(start)
				wg.Wait()
				return d.code(t, errA), d.code(t, errB)
			}
			for _, id := range ids {
				// Stop and reboot are both accepted from running; each
				// leaves the instance in a transitional status the other
				// refuses.
				a, b := race(id, "stop", "reboot", c[1], c[2])
				won := map[bool]string{true: d.stopping, false: d.rebooting}[a == ""]
				if (a == "") == (b == "") || a+b != d.refused[won] {
					t.Fatalf("stop vs reboot of %s: stop got %q, reboot got %q; want exactly one %s", id, a, b, d.refused[won])
				}
				if got := c[0].statuses(t, []string{id})[id]; got != won {
					t.Fatalf("%s after the race is %q, want %q (the winner's)", id, got, won)
				}
			}
			waitFor(t, "the instances to settle", 10*time.Second, func() bool {
				for _, s := range c[0].statuses(t, ids) {
					if s != d.running && s != d.stopped {
						return false
					}
				}
				return true
			})
			for _, id := range ids {
				// A delete is accepted from running and stopped; the second
				// finds the instance deleting or gone.
				a, b := race(id, "delete", "delete", c[0], c[2])
				if (a == "") == (b == "") || a+b != d.deleteRefused {
					t.Fatalf("two deletes of %s: %q and %q; want one success and one %s", id, a, b, d.deleteRefused)
				}
			}
			waitFor(t, "the deleted instances to go", 10*time.Second, func() bool { return len(c[1].statuses(t, ids)) == 0 })
		})
	}
}

// TestNodeKilledUnderLoad: kill -9 one node during a burst of RunInstances
// through all three; every acknowledged instance is there afterwards.
func TestNodeKilledUnderLoad(t *testing.T) {
	nodes := cluster(t, 3)
	var (
		mu     sync.Mutex
		acked  []string
		wg     sync.WaitGroup
		stop   = make(chan struct{})
		failed = map[int]int{}
	)
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			node := w % len(nodes)
			c := nodes[node].client(t, "AK", "SK")
			for {
				select {
				case <-stop:
					return
				default:
				}
				ids, err := runInstances(c, 1+w%3)
				mu.Lock()
				if err != nil {
					failed[node]++
				} else {
					acked = append(acked, ids...)
				}
				mu.Unlock()
				if err != nil && node == 0 {
					return // the killed node
				}
			}
		}()
	}
	waitFor(t, "100 acknowledged instances", 30*time.Second, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(acked) >= 100
	})
	if err := nodes[0].cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_, _ = nodes[0].cmd.Process.Wait()
	time.Sleep(300 * time.Millisecond) // the survivors go on a little
	close(stop)
	wg.Wait()
	if failed[1]+failed[2] > 0 {
		t.Errorf("the surviving nodes failed %d calls", failed[1]+failed[2])
	}
	found := statuses(t, nodes[1].client(t, "AK", "SK"))
	if lost := missing(acked, found); len(lost) > 0 {
		t.Fatalf("%d of %d acknowledged instances are gone after kill -9 of a node: %v", len(lost), len(acked), lost)
	}
	t.Logf("%d acknowledged instances, all present (%d in the store)", len(acked), len(found))
}

// TestPostgresOutage: while PostgreSQL is away, requests get the vendor's
// service-unavailable error and /readyz says so; once it is back, ecsd
// serves again by itself, without a restart.
func TestPostgresOutage(t *testing.T) {
	dsn := postgresURL(t)
	if _, stderr, code := ecsd(t, nil, "account", "create", "a1", "--access-key-id", "AK", "--access-key-secret", "SK", "--db", dsn); code != 0 {
		t.Fatalf("account create failed: %s", stderr)
	}
	p := pgtest.NewProxy(t, dsn)
	node := serve(t, "--db", p.DSN())
	c := node.client(t, "AK", "SK")
	if _, err := runInstances(c, 2); err != nil {
		t.Fatal(err)
	}
	ready := func() int {
		resp, err := http.Get("http://" + node.addr + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := ready(); got != 200 {
		t.Fatalf("/readyz = %d before the outage", got)
	}

	p.Down()
	for range 3 {
		_, err := c.DescribeInstanceStatus(classicecs.CreateDescribeInstanceStatusRequest())
		var se *sdkerrors.ServerError
		if !errors.As(err, &se) || se.ErrorCode() != "ServiceUnavailable" || se.HttpStatus() != 503 {
			t.Fatalf("during the outage: %v, want 503 ServiceUnavailable", err)
		}
		if bytes.Contains([]byte(se.Message()), []byte("dial")) || bytes.Contains([]byte(se.Message()), []byte("127.0.0.1")) {
			t.Errorf("the error shows a Go error string: %q", se.Message())
		}
	}
	for _, d := range dialects {
		if code := d.code(t, ignore(d.connect(t, node).run(1))); code != d.unavailable {
			t.Errorf("%s: a launch during the outage got %q, want %s", d.name, code, d.unavailable)
		}
	}
	if got := ready(); got != 503 {
		t.Fatalf("/readyz = %d during the outage, want 503", got)
	}

	p.Up()
	waitFor(t, "ecsd to serve again after PostgreSQL came back", 20*time.Second, func() bool {
		_, err := c.DescribeInstanceStatus(classicecs.CreateDescribeInstanceStatusRequest())
		return err == nil
	})
	if got := statuses(t, c); len(got) != 2 {
		t.Fatalf("after the outage the node lists %v, want the 2 instances", got)
	}
	if got := ready(); got != 200 {
		t.Fatalf("/readyz = %d after the outage", got)
	}
	if _, err := runInstances(c, 1); err != nil {
		t.Fatalf("a write after the outage: %v", err)
	}
}

// ignore drops the result of a call, keeping its error.
func ignore[T any](_ T, err error) error { return err }
