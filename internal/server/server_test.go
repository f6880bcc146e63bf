package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/compute/computetest"
	"github.com/ecsd/ecsd/internal/inbound"
	"github.com/ecsd/ecsd/internal/server"
)

// fake is a server.Dialect. It rates a request by its X-Score-<name>
// header, answers "served by <name>" unless serve says otherwise, and, like
// the real dialects, answers failures with the error's client-safe Message
// only and notes the error code for the access log.
type fake struct {
	name  string
	serve func(w http.ResponseWriter, r *http.Request)
	// panics makes Recognize panic.
	panics bool

	mu     sync.Mutex
	served []*inbound.Request
	failed []error
}

func (f *fake) Name() string { return f.name }

func (f *fake) Recognize(r *http.Request, _ *inbound.Request) int {
	if f.panics {
		panic("recognize: index out of range")
	}
	n, _ := strconv.Atoi(r.Header.Get("X-Score-" + f.name))
	return n
}

func (f *fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.served = append(f.served, inbound.From(r.Context()))
	f.mu.Unlock()
	if f.serve != nil {
		f.serve(w, r)
		return
	}
	_, _ = io.WriteString(w, "served by "+f.name)
}

func (f *fake) Fail(w http.ResponseWriter, r *http.Request, err error) {
	f.mu.Lock()
	f.failed = append(f.failed, err)
	f.mu.Unlock()
	e, _ := compute.AsError(err)
	status := http.StatusInternalServerError
	if e.Code == compute.LimitExceeded {
		status = http.StatusRequestEntityTooLarge
	}
	inbound.From(r.Context()).ErrorCode = f.name + "." + e.Code.String()
	w.WriteHeader(status)
	_, _ = io.WriteString(w, f.name+": "+e.Message)
}

func (f *fake) calls() (served int, failed []error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.served), append([]error(nil), f.failed...)
}

// fixedID is the request ID every test server hands out.
var fixedID = [16]byte{0x0f, 1, 2, 3, 4, 5, 0x46, 7, 0x88, 9, 10, 11, 12, 13, 14, 15}

// newServer serves dialects with a fixed clock and request ID, logging
// JSON lines into the returned buffer.
func newServer(t *testing.T, cfg server.Config, dialects ...server.Dialect) (*server.Server, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	cfg.Dialects = dialects
	cfg.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	if cfg.Clock == nil {
		cfg.Clock = computetest.NewClock(time.Time{})
	}
	cfg.NewRequestID = func() [16]byte { return fixedID }
	return server.New(cfg), &logs
}

// do sends one request straight to h.
func do(h http.Handler, method, target, body string, header map[string]string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	for k, v := range header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// logLines decodes the JSON log lines written so far.
func logLines(t *testing.T, logs *bytes.Buffer) []map[string]any {
	t.Helper()
	var lines []map[string]any
	for line := range strings.Lines(logs.String()) {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		lines = append(lines, m)
	}
	return lines
}

// accessLines picks the access log lines out of the log.
func accessLines(t *testing.T, logs *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, m := range logLines(t, logs) {
		if m["msg"] == "request" {
			out = append(out, m)
		}
	}
	return out
}

// TestPick: the dialect that rates a request highest answers it; ties and
// requests nobody recognises go to the earliest dialect, which is how ecsd
// answers anything unrecognisable as Alibaba.
func TestPick(t *testing.T) {
	tests := []struct {
		name   string
		scores map[string]string
		want   string
	}{
		{"no signal: the first dialect", nil, "a"},
		{"all zero: the first dialect", map[string]string{"X-Score-a": "0", "X-Score-b": "0", "X-Score-c": "0"}, "a"},
		{"one weak hint wins over none", map[string]string{"X-Score-c": "1"}, "c"},
		{"a tie goes to the earlier", map[string]string{"X-Score-b": "2", "X-Score-c": "2"}, "b"},
		{"a later dialect wins with a higher score", map[string]string{"X-Score-a": "2", "X-Score-c": "3"}, "c"},
		{"the highest wins from the middle", map[string]string{"X-Score-a": "2", "X-Score-b": "3", "X-Score-c": "2"}, "b"},
		{"a strong signal beats a weak one before it", map[string]string{"X-Score-a": "1", "X-Score-b": "2"}, "b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, logs := newServer(t, server.Config{}, &fake{name: "a"}, &fake{name: "b"}, &fake{name: "c"})
			w := do(s, http.MethodGet, "/", "", tt.scores)
			if got, want := w.Body.String(), "served by "+tt.want; got != want {
				t.Errorf("answer %q, want %q", got, want)
			}
			if lines := accessLines(t, logs); len(lines) != 1 || lines[0]["dialect"] != tt.want {
				t.Errorf("access log %v, want one line with dialect %q", lines, tt.want)
			}
		})
	}
}

// TestPickSurvivesAPanic: a dialect that panics while rating a request
// counts as having no signal; the request is still answered, and logged.
func TestPickSurvivesAPanic(t *testing.T) {
	for _, tt := range []struct {
		name   string
		scores map[string]string
		want   string
	}{
		{"another dialect recognises it", map[string]string{"X-Score-c": "2"}, "c"},
		{"nobody does: the first dialect", nil, "a"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, logs := newServer(t, server.Config{}, &fake{name: "a"}, &fake{name: "b", panics: true}, &fake{name: "c"})
			w := do(s, http.MethodGet, "/", "", tt.scores)
			if got, want := w.Body.String(), "served by "+tt.want; got != want {
				t.Errorf("answer %q, want %q", got, want)
			}
			var panics int
			for _, m := range logLines(t, logs) {
				if m["msg"] == "panic recognizing request" && m["dialect"] == "b" {
					panics++
				}
			}
			if panics != 1 {
				t.Errorf("%d log lines about the panic, want 1", panics)
			}
			if lines := accessLines(t, logs); len(lines) != 1 {
				t.Errorf("access log %v, want one line", lines)
			}
		})
	}
}

// TestServeGivesTheDialectTheRequest: the dialect finds the server's record
// of the request in its context (request ID, arrival time, raw body for
// signatures), and can still read the body from r.Body, which the server
// consumed.
func TestServeGivesTheDialectTheRequest(t *testing.T) {
	clock := computetest.NewClock(time.Time{})
	const body = `{"InstanceIds":["i-1"]}`
	var gotBody []byte
	d := &fake{name: "a", serve: func(w http.ResponseWriter, r *http.Request) {
		gotBody, _ = io.ReadAll(r.Body)
	}}
	s, _ := newServer(t, server.Config{Clock: clock}, d)
	do(s, http.MethodPost, "/", body, nil)

	if len(d.served) != 1 || d.served[0] == nil {
		t.Fatalf("the dialect saw %v, want one request carrying its record", d.served)
	}
	in := d.served[0]
	if in.ID != fixedID || !in.Received.Equal(clock.Now()) || string(in.Body) != body || in.TooLarge || in.Dialect != "a" {
		t.Errorf("record %+v, want ID %x, received %v, body %q, dialect a", in, fixedID, clock.Now(), body)
	}
	if string(gotBody) != body {
		t.Errorf("r.Body = %q, want %q again", gotBody, body)
	}
}

// TestBodyLimit: a body over MaxBody is refused through the dialect the
// request is meant for, as a LimitExceeded error about "body", and never
// reaches ServeHTTP; a body of exactly MaxBody is served.
func TestBodyLimit(t *testing.T) {
	const limit = 64
	tests := []struct {
		name     string
		size     int
		header   map[string]string
		answerer string
		tooLarge bool
	}{
		{"exactly the limit", limit, nil, "a", false},
		{"one byte over", limit + 1, nil, "a", true},
		{"far over", 1 << 20, nil, "a", true},
		// The refusal is in the envelope of the vendor the client speaks.
		{"over, meant for the second dialect", limit + 1, map[string]string{"X-Score-b": "3"}, "b", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := &fake{name: "a"}, &fake{name: "b"}
			s, logs := newServer(t, server.Config{MaxBody: limit}, a, b)
			w := do(s, http.MethodPost, "/", strings.Repeat("x", tt.size), tt.header)
			d := map[string]*fake{"a": a, "b": b}[tt.answerer]
			served, failed := d.calls()
			if !tt.tooLarge {
				if served != 1 || len(failed) != 0 || w.Code != http.StatusOK {
					t.Fatalf("served %d, failed %v, status %d: want served", served, failed, w.Code)
				}
				if got := len(d.served[0].Body); got != tt.size {
					t.Errorf("body of %d bytes reached the dialect, want %d", got, tt.size)
				}
				return
			}
			if served != 0 {
				t.Errorf("an oversize body reached ServeHTTP")
			}
			if len(failed) != 1 {
				t.Fatalf("Fail called %d times, want once", len(failed))
			}
			e, ok := compute.AsError(failed[0])
			if !ok || e.Code != compute.LimitExceeded || e.Param != "body" {
				t.Errorf("Fail got %v, want LimitExceeded about body", failed[0])
			}
			if w.Code != http.StatusRequestEntityTooLarge || !strings.HasPrefix(w.Body.String(), tt.answerer+": ") {
				t.Errorf("answer %d %q, want the %s dialect's 413", w.Code, w.Body, tt.answerer)
			}
			lines := accessLines(t, logs)
			if len(lines) != 1 || lines[0]["status"] != float64(413) || lines[0]["code"] != tt.answerer+".limit exceeded" {
				t.Errorf("access log %v, want status 413 and the dialect's code", lines)
			}
		})
	}
}

// TestPanic: a panicking dialect answers through its own Fail with an
// Internal error whose client-safe message hides the panic, the panic is
// logged for the operator, and the server goes on serving.
func TestPanic(t *testing.T) {
	const secret = "dial tcp 10.0.0.7:5432: password authentication failed"
	panicking := true
	d := &fake{name: "a", serve: func(w http.ResponseWriter, r *http.Request) {
		if panicking {
			panic(errors.New(secret))
		}
		_, _ = io.WriteString(w, "fine")
	}}
	s, logs := newServer(t, server.Config{}, d)

	w := do(s, http.MethodGet, "/", "", nil)
	if w.Code != http.StatusInternalServerError {
		t.Errorf("status %d, want 500 from the dialect's Fail", w.Code)
	}
	if strings.Contains(w.Body.String(), "password") || strings.Contains(w.Body.String(), "panic") {
		t.Errorf("the answer %q leaks the panic", w.Body)
	}
	_, failed := d.calls()
	if len(failed) != 1 || compute.ErrorCode(failed[0]) != compute.Internal {
		t.Fatalf("Fail got %v, want one Internal error", failed)
	}
	if e, _ := compute.AsError(failed[0]); strings.Contains(e.Message, "password") || !strings.Contains(e.Err.Error(), secret) {
		t.Errorf("Fail got message %q, cause %v: want the panic in the cause only", e.Message, e.Err)
	}
	var panicLogged bool
	for _, m := range logLines(t, logs) {
		if m["msg"] == "panic serving request" && m["level"] == "ERROR" &&
			strings.Contains(fmt.Sprint(m["panic"]), secret) && m["request_id"] == inbound.UUID(fixedID) {
			panicLogged = true
		}
	}
	if !panicLogged {
		t.Errorf("the panic was not logged as an error with its request ID:\n%s", logs)
	}
	if lines := accessLines(t, logs); len(lines) != 1 || lines[0]["status"] != float64(500) || lines[0]["code"] != "a.internal" {
		t.Errorf("access log %v, want one line with status 500 and code a.internal", lines)
	}

	panicking = false
	if w := do(s, http.MethodGet, "/", "", nil); w.Code != http.StatusOK || w.Body.String() != "fine" {
		t.Errorf("after a panic: %d %q, want the server still serving", w.Code, w.Body)
	}
}

// TestPanicAfterWriting: once the dialect has started its answer, a panic
// cannot be answered with an error envelope too (it would be appended to a
// half-sent body); the server leaves the answer as it is.
func TestPanicAfterWriting(t *testing.T) {
	d := &fake{name: "a", serve: func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusAccepted)
		_, _ = io.WriteString(w, "partial")
		panic("late")
	}}
	s, logs := newServer(t, server.Config{}, d)
	w := do(s, http.MethodGet, "/", "", nil)
	if _, failed := d.calls(); len(failed) != 0 {
		t.Errorf("Fail was called after the answer had started: %v", failed)
	}
	if w.Code != http.StatusAccepted || w.Body.String() != "partial" {
		t.Errorf("answer %d %q, want the dialect's own 202 %q", w.Code, w.Body, "partial")
	}
	if lines := accessLines(t, logs); len(lines) != 1 || lines[0]["status"] != float64(http.StatusAccepted) {
		t.Errorf("access log %v, want the status actually sent, 202", lines)
	}
}

// TestAccessLog: one line per request, at info level, with the fields the
// README promises (method, path, dialect, action, status, error code,
// account, key ID, affected resources, request ID as the dialect spelled
// it, duration) and the client's address; the query, which carries
// signatures and key IDs, is not logged.
func TestAccessLog(t *testing.T) {
	d := &fake{name: "tencent", serve: func(w http.ResponseWriter, r *http.Request) {
		in := inbound.From(r.Context())
		in.Action, in.Known, in.Account, in.ErrorCode = "TerminateInstances", true, "1000000000000001", "FailedOperation"
		in.KeyID, in.RequestID = "AKIDtest", "Spelled-By-The-Dialect"
		in.NoteResources("ins-1", "ins-2", "ins-1")
		w.WriteHeader(http.StatusConflict)
	}}
	s, logs := newServer(t, server.Config{}, d)
	do(s, http.MethodPost, "/v2/index.php?Signature=c2VjcmV0", "", nil)

	lines := accessLines(t, logs)
	if len(lines) != 1 {
		t.Fatalf("%d access log lines, want 1:\n%s", len(lines), logs)
	}
	line := lines[0]
	want := map[string]any{
		"level":      "INFO",
		"method":     "POST",
		"path":       "/v2/index.php",
		"dialect":    "tencent",
		"action":     "TerminateInstances",
		"status":     float64(409),
		"code":       "FailedOperation",
		"account":    "1000000000000001",
		"key_id":     "AKIDtest",
		"request_id": "Spelled-By-The-Dialect",
		"remote":     "192.0.2.1:1234", // httptest.NewRequest's client
	}
	for k, v := range want {
		if line[k] != v {
			t.Errorf("%s = %v, want %v", k, line[k], v)
		}
	}
	if got := fmt.Sprint(line["resources"]); got != "[ins-1 ins-2]" {
		t.Errorf("resources = %s, want [ins-1 ins-2], each once", got)
	}
	if d, ok := line["duration"].(float64); !ok || d < 0 {
		t.Errorf("duration = %v, want a non-negative number of nanoseconds", line["duration"])
	}
	if strings.Contains(logs.String(), "c2VjcmV0") {
		t.Errorf("the query was logged:\n%s", logs)
	}
}

// TestAccessLogBoundsActionsNotServed: the action a client names is
// logged only once the dialect found it served; otherwise the line says
// "unknown" and shows at most 64 bytes of what was sent (issue 14: an
// unauthenticated request made 60 KB log lines). A request that no
// dialect spelled a request ID for is logged with the lower-case UUID.
func TestAccessLogBoundsActionsNotServed(t *testing.T) {
	huge := strings.Repeat("A", 60<<10)
	tests := []struct {
		name, action string
		known        bool
		want, sent   string
	}{
		{"served", "RunInstances", true, "RunInstances", ""},
		{"not served, short", "RunInstancez", false, "unknown", "RunInstancez"},
		{"not served, 60 KB", huge, false, "unknown", strings.Repeat("A", 64) + "..."},
		{"not served, cut inside a character", strings.Repeat("A", 63) + "é" + huge, false, "unknown", strings.Repeat("A", 63) + "..."},
		{"none named", "", false, "unknown", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &fake{name: "a", serve: func(w http.ResponseWriter, r *http.Request) {
				in := inbound.From(r.Context())
				in.Action, in.Known = tt.action, tt.known
				w.WriteHeader(http.StatusBadRequest)
			}}
			s, logs := newServer(t, server.Config{}, d)
			do(s, http.MethodGet, "/", "", nil)
			if logs.Len() > 1024 {
				t.Errorf("the log holds %d bytes for one request, want at most 1 KB", logs.Len())
			}
			lines := accessLines(t, logs)
			if len(lines) != 1 {
				t.Fatalf("%d access log lines, want 1", len(lines))
			}
			if got := lines[0]["action"]; got != tt.want {
				t.Errorf("action = %v, want %q", got, tt.want)
			}
			got, has := lines[0]["action_sent"]
			if tt.sent == "" && has {
				t.Errorf("action_sent = %v, want none", got)
			}
			if tt.sent != "" && got != tt.sent {
				t.Errorf("action_sent = %v, want %q", got, tt.sent)
			}
			if got := lines[0]["request_id"]; got != inbound.UUID(fixedID) {
				t.Errorf("request_id = %v, want %s", got, inbound.UUID(fixedID))
			}
		})
	}
}

// TestUnreadableBody: when the body cannot be read (the client went away),
// no dialect is asked to answer, and the failure is logged as a warning.
func TestUnreadableBody(t *testing.T) {
	d := &fake{name: "a"}
	s, logs := newServer(t, server.Config{}, d)
	r := httptest.NewRequest(http.MethodPost, "/", io.MultiReader(strings.NewReader("part"), errReader{}))
	s.ServeHTTP(httptest.NewRecorder(), r)
	if served, failed := d.calls(); served != 0 || len(failed) != 0 {
		t.Errorf("served %d, failed %v: want the dialect left alone", served, failed)
	}
	lines := logLines(t, logs)
	if len(lines) != 1 || lines[0]["level"] != "WARN" || !strings.Contains(fmt.Sprint(lines[0]["err"]), "connection reset") {
		t.Errorf("log %v, want one warning with the read error", lines)
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("connection reset by peer") }

// TestProbes: /healthz answers 200 while the process lives; /readyz answers
// 200 while Ready succeeds, 503 when it fails or does not answer in time,
// without the cause. Probes never reach a dialect and are not access-logged
// (load balancers probe every few seconds).
func TestProbes(t *testing.T) {
	storeDown := errors.New("dial tcp 10.0.0.7:5432: connection refused")
	tests := []struct {
		name   string
		path   string
		ready  func(ctx context.Context) error
		ctx    func() (context.Context, context.CancelFunc)
		status int
		body   string
	}{
		{"health ignores the store", server.HealthPath, func(context.Context) error { return storeDown }, nil, 200, "ok\n"},
		{"health with a query", server.HealthPath + "?verbose=1", nil, nil, 200, "ok\n"},
		{"ready without a check", server.ReadyPath, nil, nil, 200, "ready\n"},
		{"ready", server.ReadyPath, func(context.Context) error { return nil }, nil, 200, "ready\n"},
		{"store down", server.ReadyPath, func(context.Context) error { return storeDown }, nil, 503, "store unavailable\n"},
		// A check that hangs is cut off by the probe's deadline; the
		// request's own, shorter, deadline stands in for the 2 s bound.
		{"store hangs", server.ReadyPath, func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }, func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 20*time.Millisecond)
		}, 503, "store unavailable\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &fake{name: "a"}
			s, logs := newServer(t, server.Config{Ready: tt.ready}, d)
			// Even a dialect sure of itself does not get the probes.
			r := httptest.NewRequest(http.MethodGet, tt.path, nil)
			r.Header.Set("X-Score-a", "3")
			if tt.ctx != nil {
				ctx, cancel := tt.ctx()
				defer cancel()
				r = r.WithContext(ctx)
			}
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			if w.Code != tt.status || w.Body.String() != tt.body {
				t.Errorf("answer %d %q, want %d %q", w.Code, w.Body, tt.status, tt.body)
			}
			if served, failed := d.calls(); served != 0 || len(failed) != 0 {
				t.Errorf("a probe reached the dialect")
			}
			if lines := accessLines(t, logs); len(lines) != 0 {
				t.Errorf("a probe was access-logged: %v", lines)
			}
		})
	}
}

// TestReadyHasADeadline: the readiness check gets a context that ends
// within 2 s, so a hung store cannot hang the load balancer's probes.
func TestReadyHasADeadline(t *testing.T) {
	var deadline time.Time
	var ok bool
	s, _ := newServer(t, server.Config{Ready: func(ctx context.Context) error {
		deadline, ok = ctx.Deadline()
		return nil
	}}, &fake{name: "a"})
	before := time.Now()
	do(s, http.MethodGet, server.ReadyPath, "", nil)
	after := time.Now()
	if !ok {
		t.Fatal("the readiness check got a context without a deadline")
	}
	if deadline.Before(before) || deadline.After(after.Add(2*time.Second)) {
		t.Errorf("deadline %v, want at most 2 s after the probe (between %v and %v)", deadline, before, after)
	}
}

// serve runs server.Serve on a fresh local listener until the returned
// cancel is called; its result arrives on the channel.
func serve(t *testing.T, h http.Handler, grace time.Duration) (url string, cancel context.CancelFunc, done <-chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- server.Serve(ctx, ln, h, grace, slog.New(slog.DiscardHandler)) }()
	t.Cleanup(cancel)
	return "http://" + ln.Addr().String(), cancel, errc
}

// blocking is a handler that holds each request until released.
type blocking struct {
	started chan struct{}
	release chan struct{}
}

func newBlocking() *blocking {
	return &blocking{started: make(chan struct{}, 1), release: make(chan struct{})}
}

func (b *blocking) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.started <- struct{}{}
	<-b.release
	_, _ = io.WriteString(w, "done")
}

type result struct {
	status int
	body   string
	err    error
}

func get(url string) <-chan result {
	c := make(chan result, 1)
	go func() {
		resp, err := http.Get(url)
		if err != nil {
			c <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		c <- result{resp.StatusCode, string(b), err}
	}()
	return c
}

func waitFor[T any](t *testing.T, c <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-c:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

// TestServeShutsDownGracefully: when its context ends, Serve stops
// accepting connections at once but lets a request in flight finish and
// answer, then returns nil.
func TestServeShutsDownGracefully(t *testing.T) {
	h := newBlocking()
	url, cancel, done := serve(t, h, 10*time.Second)
	inFlight := get(url)
	waitFor(t, h.started, "the request to start")

	cancel()
	addr := strings.TrimPrefix(url, "http://")
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("still accepting connections 10 s after shutdown began")
		}
	}
	select {
	case err := <-done:
		t.Fatalf("Serve returned (%v) with a request still in flight", err)
	default:
	}

	close(h.release)
	if r := waitFor(t, inFlight, "the in-flight answer"); r.err != nil || r.status != 200 || r.body != "done" {
		t.Errorf("in-flight request got %d %q %v, want 200 done", r.status, r.body, r.err)
	}
	if err := waitFor(t, done, "Serve to return"); err != nil {
		t.Errorf("Serve = %v, want nil after a graceful shutdown", err)
	}
}

// TestServeGraceRunsOut: a request that outlasts the grace period does not
// hold shutdown forever; Serve returns an error saying so.
func TestServeGraceRunsOut(t *testing.T) {
	h := newBlocking()
	url, cancel, done := serve(t, h, 50*time.Millisecond)
	inFlight := get(url)
	waitFor(t, h.started, "the request to start")
	defer func() {
		close(h.release)
		waitFor(t, inFlight, "the held request to end")
	}()

	cancel()
	if err := waitFor(t, done, "Serve to return"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Serve = %v, want the grace period's deadline exceeded", err)
	}
}

// TestServeListenerFailure: a listener that fails ends Serve with its
// error, without waiting for the context.
func TestServeListenerFailure(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
	done := make(chan error, 1)
	go func() {
		done <- server.Serve(context.Background(), ln, http.NotFoundHandler(), time.Second, slog.New(slog.DiscardHandler))
	}()
	if err := waitFor(t, done, "Serve to return"); err == nil || errors.Is(err, http.ErrServerClosed) {
		t.Errorf("Serve = %v, want the listener's error", err)
	}
}

// TestDialectDropsTheConnection: a dialect can drop a connection on
// purpose, by hijacking it through the server's writer or, where it
// cannot, by aborting; either way the client gets no answer, the
// server's Fail is not called, and the access log has the request.
func TestDialectDropsTheConnection(t *testing.T) {
	for name, drop := range map[string]func(w http.ResponseWriter){
		"hijack": func(w http.ResponseWriter) {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				panic(err)
			}
			conn.Close()
		},
		"abort": func(http.ResponseWriter) { panic(http.ErrAbortHandler) },
	} {
		t.Run(name, func(t *testing.T) {
			d := &fake{name: "a", serve: func(w http.ResponseWriter, _ *http.Request) { drop(w) }}
			// The client sees the connection close before the server
			// logs the request: the log signals each line.
			logged := make(chan string, 10)
			srv := server.New(server.Config{Dialects: []server.Dialect{d}, Clock: computetest.NewClock(time.Time{}),
				Logger: slog.New(slog.NewJSONHandler(chanWriter(logged), nil))})
			ts := httptest.NewUnstartedServer(srv)
			ts.Config.ErrorLog = log.New(io.Discard, "", 0)
			ts.Start()
			defer ts.Close()
			resp, err := http.Get(ts.URL + "/")
			if err == nil {
				resp.Body.Close()
				t.Fatalf("got an answer %d, want the connection dropped", resp.StatusCode)
			}
			if _, failed := d.calls(); len(failed) != 0 {
				t.Errorf("Fail was called with %v", failed)
			}
			select {
			case line := <-logged:
				if !strings.Contains(line, `"msg":"request"`) {
					t.Errorf("log: %s, want the request line", line)
				}
			case <-time.After(5 * time.Second):
				t.Error("no request line was logged")
			}
		})
	}
}

// chanWriter sends each write to a channel.
type chanWriter chan string

func (c chanWriter) Write(p []byte) (int, error) {
	c <- string(p)
	return len(p), nil
}
