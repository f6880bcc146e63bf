// Package apptest starts a whole ecsd in-process for tests: an SQLite store
// in a temporary directory, every dialect, a loopback listener, a fake clock
// and an account with a known key.
package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute/computetest"
	"github.com/ecsd/ecsd/internal/fault"
	"github.com/ecsd/ecsd/internal/store/postgres/pgtest"
)

// Options adjust Start.
type Options struct {
	// TransitionDelay of the service; 0 means DefaultDelay. Use Instant
	// for transitions without stages.
	TransitionDelay time.Duration
	// DB is a store to use instead of a fresh SQLite file.
	DB string
	// CatalogFile replaces built-in regions and zones.
	CatalogFile string
	// NewRequestID fixes request IDs, for golden responses.
	NewRequestID func() [16]byte
	// ClockStart sets the fake clock; zero means now, so that requests the
	// SDKs sign with the real time fall inside the signature window.
	ClockStart time.Time
	// Configure, when set, adjusts the app's Config last.
	Configure func(*app.Config)
	// Admin serves the admin API too, with AdminToken (Env.Admin calls it).
	Admin bool
}

// AdminToken is the admin token of an Env started with Options.Admin.
const AdminToken = "test-admin-token"

// DefaultDelay is the transition delay tests get unless they ask otherwise.
const DefaultDelay = 2 * time.Second

// Instant asks for transitions without stages.
const Instant = time.Duration(-1)

// The key of the account every Env starts with.
const (
	AccessKeyID     = "testAK"
	AccessKeySecret = "testSecret"
)

// Env is a running ecsd.
type Env struct {
	// URL is http://127.0.0.1:PORT; Host is 127.0.0.1:PORT.
	URL   string
	Host  string
	Clock *computetest.Clock
	App   *app.App
	// Key is the access key of the account "a1".
	Key auth.AccessKey
	// AdminURL is where the admin API answers, with Options.Admin.
	AdminURL string
}

// Admin calls the admin API (Options.Admin) with the admin token: body,
// when not nil, is sent as JSON, and a 200 answer is decoded into out,
// when not nil. It returns the status and the raw answer.
func (e *Env) Admin(t testing.TB, method, path string, body, out any) (int, []byte) {
	t.Helper()
	if e.AdminURL == "" {
		t.Fatal("apptest: the admin API is off; start with Options.Admin")
	}
	var payload io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		payload = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, e.AdminURL+path, payload)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+AdminToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("admin %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode == http.StatusOK && out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("admin %s %s answered %s: %v", method, path, data, err)
		}
	}
	return resp.StatusCode, data
}

// AddFault puts a fault rule in force through the admin API, failing the
// test unless it is taken, and returns it.
func (e *Env) AddFault(t testing.TB, spec fault.Spec) fault.Rule {
	t.Helper()
	var r fault.Rule
	if status, body := e.Admin(t, http.MethodPost, "/v1/faults", spec, &r); status != http.StatusOK {
		t.Fatalf("adding the fault %+v: %d %s", spec, status, body)
	}
	return r
}

// Fault returns a rule in force as the admin API lists it, failing the
// test when it is not.
func (e *Env) Fault(t testing.TB, id string) fault.Rule {
	t.Helper()
	var l fault.List
	e.Admin(t, http.MethodGet, "/v1/faults", nil, &l)
	for _, r := range l.Faults {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no fault rule %s in %+v", id, l.Faults)
	return fault.Rule{}
}

// Start runs ecsd until the test ends.
func Start(t testing.TB, opts Options) *Env {
	t.Helper()
	start := opts.ClockStart
	if start.IsZero() {
		start = time.Now().Truncate(time.Second)
	}
	clock := computetest.NewClock(start)
	delay := opts.TransitionDelay
	switch delay {
	case 0:
		delay = DefaultDelay
	case Instant:
		delay = 0
	}
	db := opts.DB
	if db == "" {
		db = filepath.Join(t.TempDir(), "ecsd.db")
	}
	cfg := app.Config{DB: db, TransitionDelay: delay, CatalogFile: opts.CatalogFile, Clock: clock, NewRequestID: opts.NewRequestID}
	if opts.Admin {
		cfg.AdminToken = AdminToken
	}
	if opts.Configure != nil {
		opts.Configure(&cfg)
	}
	a, err := app.Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("opening ecsd: %v", err)
	}
	srv := httptest.NewServer(a.Handler)
	var admin *httptest.Server
	if a.Admin != nil {
		admin = httptest.NewServer(a.Admin)
	}
	t.Cleanup(func() {
		srv.Close()
		if admin != nil {
			admin.Close()
		}
		if err := a.Close(); err != nil {
			t.Errorf("closing ecsd: %v", err)
		}
	})
	e := &Env{URL: srv.URL, Host: strings.TrimPrefix(srv.URL, "http://"), Clock: clock, App: a}
	if admin != nil {
		e.AdminURL = admin.URL
	}
	e.Key = e.NewAccount(t, "a1", AccessKeyID, AccessKeySecret)
	return e
}

// NewAccount creates an account; empty key parts are generated.
func (e *Env) NewAccount(t testing.TB, name, keyID, secret string) auth.AccessKey {
	t.Helper()
	acct, key, err := auth.NewAccount(name, keyID, secret, e.Clock.Now())
	if err != nil {
		t.Fatalf("new account %s: %v", name, err)
	}
	if err := e.App.Accounts.CreateAccount(context.Background(), acct, key); err != nil {
		t.Fatalf("creating account %s: %v", name, err)
	}
	return key
}

// Store names a store an Env can run on, for tests that run on each.
type Store struct {
	Name string
	// DB is the Options.DB of a fresh store; "" is a fresh SQLite file.
	DB func(t testing.TB) string
}

// Stores are every store ecsd has: SQLite, memory, and PostgreSQL, which
// skips the test outside CI when $ECSD_TEST_POSTGRES is unset (pgtest).
var Stores = []Store{
	{"sqlite", func(testing.TB) string { return "" }},
	{"memory", func(testing.TB) string { return app.MemoryDSN }},
	{"postgres", func(t testing.TB) string { return pgtest.DSN(t) }},
}

// EachStore runs f once on each store of Stores, as subtests.
func EachStore(t *testing.T, opts Options, f func(t *testing.T, e *Env)) {
	for _, s := range Stores {
		t.Run(s.Name, func(t *testing.T) {
			o := opts
			o.DB = s.DB(t)
			f(t, Start(t, o))
		})
	}
}
