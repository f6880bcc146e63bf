// Package ecsdtest runs ecsd inside a Go test: an endpoint that speaks the
// Alibaba ECS and VPC, Tencent CVM and Zenlayer ZEC APIs, a key pair that
// signs for it, and the controls a test wants (an empty inventory, a clock
// that moves when told, fixtures, faults), all gone when the test ends.
//
//	srv := ecsdtest.New(t)
//	client, _ := ecs.NewClientWithAccessKey("cn-hangzhou", srv.AccessKeyID, srv.AccessKeySecret)
//	client.Domain = srv.Host
//
// The server keeps everything in memory. Its clock stands still unless the
// test moves it (Advance), so a test sees an instance in each of its
// statuses without waiting; with Options.SystemClock it follows real time.
package ecsdtest

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/admin"
	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/fault"
	"github.com/ecsd/ecsd/internal/inbound"
	"github.com/ecsd/ecsd/internal/snapshot"
)

// The key pair every Server answers to, unless Options give another.
const (
	AccessKeyID     = "ecsdtest-key"
	AccessKeySecret = "ecsdtest-secret"
)

// Options adjust New. The zero Options are the usual ones.
type Options struct {
	// TransitionDelay is how long each transitional status (Pending,
	// Stopping, ...) lasts; 0 means 3 seconds of the server's clock, and a
	// negative value makes transitions instant.
	TransitionDelay time.Duration
	// SystemClock makes the server follow real time instead of a clock
	// that moves only when told.
	SystemClock bool
	// IDSeed, when not zero, fixes the IDs the server makes: the same calls
	// get the same IDs on every run.
	IDSeed uint64
	// AccessKeyID and AccessKeySecret replace the default key pair.
	AccessKeyID, AccessKeySecret string
}

// Server is ecsd serving a test.
type Server struct {
	// URL is http://127.0.0.1:PORT; Host is 127.0.0.1:PORT, the form the
	// SDKs take as their endpoint.
	URL, Host string
	// The key pair of the server's one account, named "default".
	AccessKeyID, AccessKeySecret string

	app   *app.App
	http  *httptest.Server
	clock *compute.ManualClock
}

// New starts a Server that stops when the test ends; it fails the test if
// it cannot start.
func New(t testing.TB, opts ...Options) *Server {
	t.Helper()
	s, err := Start(opts...)
	if err != nil {
		t.Fatalf("ecsdtest: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// Start starts a Server, which the caller stops with Close.
func Start(opts ...Options) (*Server, error) {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.AccessKeyID == "" {
		o.AccessKeyID, o.AccessKeySecret = AccessKeyID, AccessKeySecret
	}
	cfg := app.Config{DB: app.MemoryDSN, TransitionDelay: o.TransitionDelay}
	switch {
	case o.TransitionDelay == 0:
		cfg.TransitionDelay = app.DefaultTransitionDelay
	case o.TransitionDelay < 0:
		cfg.TransitionDelay = 0
	}
	s := &Server{AccessKeyID: o.AccessKeyID, AccessKeySecret: o.AccessKeySecret}
	if !o.SystemClock {
		// Where the SDKs' signatures expect it: now, to the second.
		s.clock = compute.NewManualClock(time.Now().UTC().Truncate(time.Second))
		cfg.Clock = s.clock
	}
	if o.IDSeed != 0 {
		cfg.Random = compute.NewSeededRandom(o.IDSeed)
		cfg.NewRequestID = inbound.SeededIDs(o.IDSeed)
		cfg.FaultSeed = &o.IDSeed
	}
	a, err := app.Open(context.Background(), cfg)
	if err != nil {
		return nil, err
	}
	if _, _, _, err := app.EnsureAccount(context.Background(), a.Accounts, o.AccessKeyID, o.AccessKeySecret, time.Now()); err != nil {
		a.Close()
		return nil, err
	}
	s.app = a
	s.http = httptest.NewServer(a.Handler)
	s.URL, s.Host = s.http.URL, strings.TrimPrefix(s.http.URL, "http://")
	return s, nil
}

// Close stops the server; what it held is gone.
func (s *Server) Close() {
	s.http.Close()
	_ = s.app.Close()
}

// Reset empties the inventory of every cloud. The account and its key
// stay.
func (s *Server) Reset() error {
	_, err := admin.Reset(context.Background(), s.app.Service, s.app.Accounts, "", "")
	return err
}

// Now is the time on the server's clock.
func (s *Server) Now() time.Time { return s.app.Service.Now() }

// Advance moves the server's clock forward: instances, disks and networks
// in transition move on as that much time would move them. A server that
// follows real time (Options.SystemClock) refuses.
func (s *Server) Advance(d time.Duration) error {
	if s.clock == nil {
		return errors.New("ecsdtest: the server follows real time (Options.SystemClock); its clock cannot be moved")
	}
	s.clock.Advance(d)
	return nil
}

// Load loads a fixture or a snapshot (the document docs/testing.md
// describes) into the server.
func (s *Server) Load(document string) error {
	doc, err := snapshot.Parse([]byte(document))
	if err != nil {
		return fmt.Errorf("ecsdtest: the fixture: %w", err)
	}
	if _, err := s.app.Loader.Import(context.Background(), doc); err != nil {
		return fmt.Errorf("ecsdtest: loading the fixture: %w", err)
	}
	return nil
}

// Fault is a fault rule: the calls it matches and what it does to them
// (docs/testing.md describes each). Cloud and Action are required, and one
// of Code, Drop, LaunchFails and Stuck, or a Latency, which may go with
// any of them.
type Fault struct {
	// Cloud is "aliyun", "tencent" or "zenlayer"; Action an action as the
	// vendor names it ("DescribeInstances").
	Cloud, Action string
	// Account, when set, is the name of the only account whose calls
	// match ("default" is the Server's); Instance, when set, an instance
	// ID the call must name.
	Account, Instance string

	// Code answers with this error code of the vendor, with HTTPStatus
	// and Message when set, else those the vendor gives the code.
	Code       string
	HTTPStatus int
	Message    string
	// Latency delays the call first.
	Latency time.Duration
	// Drop closes the connection without an answer; LaunchFails makes the
	// launch end in the vendor's failed state; Stuck leaves the instances
	// in their transitional status until the rule is removed or another
	// call acts on them.
	Drop, LaunchFails, Stuck bool

	// Probability is the chance a matching call fires the rule; 0 means
	// always. Count, when above 0, makes it fire for that many calls only.
	Probability float64
	Count       int
}

// Injection is a fault rule in force.
type Injection struct {
	s     *Server
	id    string
	fired int // once removed
	gone  bool
}

// Inject puts a fault rule in force until it is removed or the server
// stops.
func (s *Server) Inject(f Fault) (*Injection, error) {
	spec := fault.Spec{Cloud: compute.Cloud(f.Cloud), Action: f.Action, Account: f.Account, Instance: f.Instance,
		Code: f.Code, HTTPStatus: f.HTTPStatus, Message: f.Message, Drop: f.Drop, LaunchFails: f.LaunchFails, Stuck: f.Stuck,
		Count: f.Count}
	if f.Latency != 0 {
		spec.Latency = f.Latency.String()
	}
	if f.Probability != 0 {
		spec.Probability = &f.Probability
	}
	r, err := s.app.Faults.Add(context.Background(), spec)
	if err != nil {
		return nil, fmt.Errorf("ecsdtest: the fault: %w", err)
	}
	return &Injection{s: s, id: r.ID}, nil
}

// ID is the rule's ID, as `ecsd admin fault list` would show it.
func (i *Injection) ID() string { return i.id }

// Fired tells how many calls the rule fired for.
func (i *Injection) Fired() int {
	if i.gone {
		return i.fired
	}
	for _, r := range i.s.app.Faults.List() {
		if r.ID == i.id {
			return r.Fired
		}
	}
	return 0
}

// Remove takes the rule out of force; the instances it held settle.
func (i *Injection) Remove() error {
	r, _, err := i.s.app.Faults.Delete(context.Background(), i.id)
	if err != nil {
		return fmt.Errorf("ecsdtest: removing fault %s: %w", i.id, err)
	}
	i.fired, i.gone = r.Fired, true
	return nil
}
