// Package apptest starts a whole ecsd in-process for tests: an SQLite store
// in a temporary directory, every dialect, a loopback listener, a fake clock
// and an account with a known key.
package apptest

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute/computetest"
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
}

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
	if opts.Configure != nil {
		opts.Configure(&cfg)
	}
	a, err := app.Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("opening ecsd: %v", err)
	}
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(func() {
		srv.Close()
		if err := a.Close(); err != nil {
			t.Errorf("closing ecsd: %v", err)
		}
	})
	e := &Env{URL: srv.URL, Host: strings.TrimPrefix(srv.URL, "http://"), Clock: clock, App: a}
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
