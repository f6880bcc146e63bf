package main_test

// Several ecsd processes over one PostgreSQL database serve one inventory.

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"syscall"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"

	"github.com/ecsd/ecsd/internal/store/postgres/pgtest"
)

// cluster starts n nodes on one fresh PostgreSQL schema, with an account
// whose key is AK/SK, and returns them.
func cluster(t *testing.T, n int, args ...string) []*server {
	t.Helper()
	dsn := pgtest.DSN(t)
	if _, stderr, code := ecsd(t, nil, "account", "create", "a1", "--access-key-id", "AK", "--access-key-secret", "SK", "--db", dsn); code != 0 {
		t.Fatalf("account create on PostgreSQL failed (%d): %s", code, stderr)
	}
	return startNodes(t, dsn, n, args...)
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

func clients(t *testing.T, nodes []*server) []*classicecs.Client {
	out := make([]*classicecs.Client, len(nodes))
	for i, s := range nodes {
		out[i] = s.client(t, "AK", "SK")
	}
	return out
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

func act(c *classicecs.Client, action, id string) error {
	var err error
	switch action {
	case "StopInstance":
		req := classicecs.CreateStopInstanceRequest()
		req.InstanceId = id
		_, err = c.StopInstance(req)
	case "RebootInstance":
		req := classicecs.CreateRebootInstanceRequest()
		req.InstanceId = id
		_, err = c.RebootInstance(req)
	case "StartInstance":
		req := classicecs.CreateStartInstanceRequest()
		req.InstanceId = id
		_, err = c.StartInstance(req)
	case "DeleteInstance":
		req := classicecs.CreateDeleteInstanceRequest()
		req.InstanceId, req.Force = id, requests.NewBoolean(true)
		_, err = c.DeleteInstance(req)
	default:
		panic(action)
	}
	return err
}

// TestNodesShareOneInventory: what one node does, every node sees at once,
// and transitions settle alike whichever node is asked.
func TestNodesShareOneInventory(t *testing.T) {
	nodes := cluster(t, 3, "--transition-delay", "2s")
	c := clients(t, nodes)
	ids, err := runInstances(c[0], 3)
	if err != nil {
		t.Fatal(err)
	}
	for i := range c {
		got := statuses(t, c[i])
		for _, id := range ids {
			if got[id] != "Pending" {
				t.Fatalf("node %d sees %s as %q right after node 0 created it, want Pending", i, id, got[id])
			}
		}
	}
	allAre := func(want string, ids ...string) func() bool {
		return func() bool {
			for i := range c {
				got := statuses(t, c[i])
				for _, id := range ids {
					if got[id] != want {
						return false
					}
				}
			}
			return true
		}
	}
	waitFor(t, "every node to see the new instances Running", 15*time.Second, allAre("Running", ids...))

	if err := act(c[1], "StopInstance", ids[0]); err != nil {
		t.Fatal(err)
	}
	for i := range c {
		if got := statuses(t, c[i])[ids[0]]; got != "Stopping" {
			t.Fatalf("node %d sees %s as %q after node 1 stopped it, want Stopping", i, ids[0], got)
		}
	}
	waitFor(t, "every node to see the stopped instance Stopped", 10*time.Second, allAre("Stopped", ids[0]))

	if err := act(c[2], "DeleteInstance", ids[1]); err != nil {
		t.Fatal(err)
	}
	for i := range c {
		if _, ok := statuses(t, c[i])[ids[1]]; ok {
			t.Fatalf("node %d still lists %s after node 2 deleted it", i, ids[1])
		}
		if code := errorCode(t, act(c[i], "StartInstance", ids[1])); code != "InvalidInstanceId.NotFound" {
			t.Fatalf("node %d: StartInstance of a deleted instance: %q", i, code)
		}
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
// refused as a replay by every node.
func TestReplayRefusedByAnotherNode(t *testing.T) {
	nodes := cluster(t, 3)
	c := nodes[0].client(t, "AK", "SK")
	rec := &recorder{}
	c.SetTransport(rec)
	if _, err := c.DescribeInstanceStatus(classicecs.CreateDescribeInstanceStatusRequest()); err != nil {
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
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || !bytes.Contains(body, []byte(`"Code":"SignatureNonceUsed"`)) {
			t.Fatalf("replay %d: %d %s, want 400 SignatureNonceUsed", i, resp.StatusCode, body)
		}
	}
}

// TestConcurrentOperationsAcrossNodes: two nodes acting on one instance at
// once end in one valid state; the loser gets the vendor's refusal, never a
// lost update.
func TestConcurrentOperationsAcrossNodes(t *testing.T) {
	nodes := cluster(t, 3, "--transition-delay", "1s")
	c := clients(t, nodes)
	ids, err := runInstances(c[0], 20)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the instances to run", 15*time.Second, func() bool {
		for _, s := range statuses(t, c[0]) {
			if s != "Running" {
				return false
			}
		}
		return true
	})
	// race runs two calls on one instance through two nodes at once.
	race := func(id, actionA, actionB string, a, b *classicecs.Client) (codeA, codeB string) {
		var wg sync.WaitGroup
		start := make(chan struct{})
		var errA, errB error
		wg.Add(2)
		go func() { defer wg.Done(); <-start; errA = act(a, actionA, id) }()
		go func() { defer wg.Done(); <-start; errB = act(b, actionB, id) }()
		close(start)
		wg.Wait()
		return errorCode(t, errA), errorCode(t, errB)
	}
	for _, id := range ids {
		// Stop and reboot are both accepted from Running; each leaves the
		// instance in a transitional status the other refuses.
		a, b := race(id, "StopInstance", "RebootInstance", c[1], c[2])
		won := map[bool]string{true: "Stopping", false: "Starting"}[a == ""]
		if (a == "") == (b == "") || a+b != "IncorrectInstanceStatus" {
			t.Fatalf("stop vs reboot of %s: stop got %q, reboot got %q; want exactly one IncorrectInstanceStatus", id, a, b)
		}
		if got := statuses(t, c[0])[id]; got != won {
			t.Fatalf("%s after the race is %q, want %q (the winner's)", id, got, won)
		}
	}
	waitFor(t, "the instances to settle", 10*time.Second, func() bool {
		for _, s := range statuses(t, c[0]) {
			if s != "Running" && s != "Stopped" {
				return false
			}
		}
		return true
	})
	for _, id := range ids {
		// A forced delete is accepted from Running and Stopped and leaves
		// nothing behind: the second finds no instance.
		a, b := race(id, "DeleteInstance", "DeleteInstance", c[0], c[2])
		if (a == "") == (b == "") || a+b != "InvalidInstanceId.NotFound" {
			t.Fatalf("two deletes of %s: %q and %q; want one success and one InvalidInstanceId.NotFound", id, a, b)
		}
	}
	if left := statuses(t, c[1]); len(left) != 0 {
		t.Fatalf("instances left: %v", left)
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
	var lost []string
	for _, id := range acked {
		if _, ok := found[id]; !ok {
			lost = append(lost, id)
		}
	}
	if len(lost) > 0 {
		t.Fatalf("%d of %d acknowledged instances are gone after kill -9 of a node: %v", len(lost), len(acked), lost)
	}
	t.Logf("%d acknowledged instances, all present (%d in the store)", len(acked), len(found))
}

// proxy stands between ecsd and PostgreSQL, so that a test can take the
// database away and bring it back, as a PostgreSQL restart does.
type proxy struct {
	target string
	mu     sync.Mutex
	ln     net.Listener
	addr   string
	conns  []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	p := &proxy{target: target}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.down)
	return p
}

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			server, err := net.Dial("tcp", p.target)
			if err != nil {
				client.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, client, server)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(server, client); server.Close() }()
			go func() { _, _ = io.Copy(client, server); client.Close() }()
		}
	}()
}

// down refuses new connections and cuts the open ones.
func (p *proxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// up accepts connections again, on the same address.
func (p *proxy) up(t *testing.T) {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	p.serve(ln)
}

// TestPostgresOutage: while PostgreSQL is away, requests get the vendor's
// service-unavailable error and /readyz says so; once it is back, ecsd
// serves again by itself, without a restart.
func TestPostgresOutage(t *testing.T) {
	dsn := pgtest.DSN(t)
	if _, stderr, code := ecsd(t, nil, "account", "create", "a1", "--access-key-id", "AK", "--access-key-secret", "SK", "--db", dsn); code != 0 {
		t.Fatalf("account create failed: %s", stderr)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	p := newProxy(t, u.Host)
	u.Host = p.addr
	node := serve(t, "--db", u.String())
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

	p.down()
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
	if got := ready(); got != 503 {
		t.Fatalf("/readyz = %d during the outage, want 503", got)
	}

	p.up(t)
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
