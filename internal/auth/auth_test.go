package auth_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/compute/computetest"
)

// keyStore is an auth.Store holding keys only, counting how often a key is
// read so that tests can tell a cached answer from a fresh one.
type keyStore struct {
	mu    sync.Mutex
	keys  map[string]auth.AccessKey
	reads int
	fail  error // returned by the next AccessKey call, then cleared
}

func newKeyStore(keys ...auth.AccessKey) *keyStore {
	s := &keyStore{keys: make(map[string]auth.AccessKey)}
	for _, k := range keys {
		s.keys[k.ID] = k
	}
	return s
}

func (s *keyStore) put(k auth.AccessKey) {
	s.mu.Lock()
	s.keys[k.ID] = k
	s.mu.Unlock()
}

func (s *keyStore) readCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reads
}

func (s *keyStore) AccessKey(_ context.Context, id string) (auth.AccessKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reads++
	if err := s.fail; err != nil {
		s.fail = nil
		return auth.AccessKey{}, err
	}
	k, ok := s.keys[id]
	if !ok {
		return auth.AccessKey{}, &compute.Error{Code: compute.NotFound, Param: "access_key"}
	}
	return k, nil
}

func (s *keyStore) CreateAccount(context.Context, auth.Account, auth.AccessKey) error {
	return errors.New("not used")
}
func (s *keyStore) AccessKeys(context.Context, compute.AccountID) ([]auth.AccessKey, error) {
	return nil, errors.New("not used")
}
func (s *keyStore) Accounts(context.Context) ([]auth.Account, error) {
	return nil, errors.New("not used")
}

// wantCode fails unless err is a *compute.Error of code about param.
func wantCode(t *testing.T, err error, code compute.Code, param string) {
	t.Helper()
	e, ok := compute.AsError(err)
	if !ok {
		t.Fatalf("error = %v, want a *compute.Error %s", err, code)
	}
	if e.Code != code || e.Param != param {
		t.Fatalf("error = %s about %q, want %s about %q", e.Code, e.Param, code, param)
	}
}

// TestKeyCache: a key read from the store is trusted for 10 s and read
// again after, so a rotated secret takes effect within 10 s and the store
// is not read on every request.
func TestKeyCache(t *testing.T) {
	ctx := context.Background()
	clock := computetest.NewClock(time.Time{})
	store := newKeyStore(auth.AccessKey{ID: "K", Secret: "old", Account: "1000000000000001"})
	a := auth.New(store, auth.NewMemoryNonces(clock), clock)

	steps := []struct {
		name       string
		advance    time.Duration
		wantSecret string
		wantReads  int
	}{
		{"first use reads the store", 0, "old", 1},
		{"the secret is rotated in the store; the cached key is used", 0, "old", 1},
		{"still cached 10 s after reading", 10 * time.Second, "old", 1},
		{"read again just after 10 s", time.Nanosecond, "new", 2},
		{"the new key is cached in turn", 5 * time.Second, "new", 2},
		// A clock stepped back (NTP) to before the read must not extend
		// trust in the cached key.
		{"read again when the clock goes back before the read", -6 * time.Second, "new", 3},
	}
	for i, s := range steps {
		clock.Advance(s.advance)
		k, err := a.Key(ctx, "K")
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if k.Secret != s.wantSecret || k.Account != "1000000000000001" {
			t.Errorf("%s: key = %+v, want secret %q", s.name, k, s.wantSecret)
		}
		if got := store.readCount(); got != s.wantReads {
			t.Errorf("%s: %d store reads, want %d", s.name, got, s.wantReads)
		}
		if i == 0 {
			store.put(auth.AccessKey{ID: "K", Secret: "new", Account: "1000000000000001"})
		}
	}
}

// TestKeyUnknownIsNotCached: an unknown key is refused as Unauthenticated,
// and the refusal is not remembered: a key created while ecsd runs
// ("ecsd account create") works at once.
func TestKeyUnknownIsNotCached(t *testing.T) {
	ctx := context.Background()
	clock := computetest.NewClock(time.Time{})
	store := newKeyStore()
	a := auth.New(store, auth.NewMemoryNonces(clock), clock)

	_, err := a.Key(ctx, "LATE")
	wantCode(t, err, compute.Unauthenticated, "access_key_id")
	store.put(auth.AccessKey{ID: "LATE", Secret: "s", Account: "1000000000000002"})
	k, err := a.Key(ctx, "LATE")
	if err != nil {
		t.Fatalf("a key created after a failed lookup: %v, want it to work at once", err)
	}
	if k.Account != "1000000000000002" {
		t.Errorf("account = %s, want 1000000000000002", k.Account)
	}
}

// TestKeyDisabled: a disabled key is refused as KeyDisabled, which dialects
// tell apart from an unknown key; disabling an enabled key in the store
// takes effect once the cache has expired.
func TestKeyDisabled(t *testing.T) {
	ctx := context.Background()
	clock := computetest.NewClock(time.Time{})
	store := newKeyStore(
		auth.AccessKey{ID: "OFF", Secret: "s", Disabled: true},
		auth.AccessKey{ID: "ON", Secret: "s"},
	)
	a := auth.New(store, auth.NewMemoryNonces(clock), clock)

	k, err := a.Key(ctx, "OFF")
	wantCode(t, err, compute.KeyDisabled, "access_key_id")
	if k.Secret != "" {
		t.Errorf("a disabled key's secret was returned: %+v", k)
	}

	if _, err := a.Key(ctx, "ON"); err != nil {
		t.Fatal(err)
	}
	store.put(auth.AccessKey{ID: "ON", Secret: "s", Disabled: true})
	clock.Advance(11 * time.Second)
	_, err = a.Key(ctx, "ON")
	wantCode(t, err, compute.KeyDisabled, "access_key_id")
}

// TestKeyStoreFailure: a store fault is passed on as it is, not turned into
// "no such key" (which would tell a client its valid key is wrong), and not
// cached.
func TestKeyStoreFailure(t *testing.T) {
	ctx := context.Background()
	clock := computetest.NewClock(time.Time{})
	store := newKeyStore(auth.AccessKey{ID: "K", Secret: "s"})
	a := auth.New(store, auth.NewMemoryNonces(clock), clock)

	store.fail = &compute.Error{Code: compute.Unavailable, Message: "store down"}
	_, err := a.Key(ctx, "K")
	if got := compute.ErrorCode(err); got != compute.Unavailable {
		t.Fatalf("error code = %s (%v), want %s", got, err, compute.Unavailable)
	}
	if _, err := a.Key(ctx, "K"); err != nil {
		t.Errorf("after the store recovered: %v, want the key at once", err)
	}
}

// TestCheckTime: a request time is accepted up to window away from now, in
// either direction, and refused as Expired beyond.
func TestCheckTime(t *testing.T) {
	clock := computetest.NewClock(time.Time{})
	a := auth.New(newKeyStore(), auth.NewMemoryNonces(clock), clock)
	now := clock.Now()
	const window = 15 * time.Minute
	tests := []struct {
		name string
		at   time.Time
		ok   bool
	}{
		{"now", now, true},
		{"window in the past", now.Add(-window), true},
		{"window in the future", now.Add(window), true},
		{"just over window in the past", now.Add(-window - time.Nanosecond), false},
		{"just over window in the future", now.Add(window + time.Nanosecond), false},
		{"far past", time.Unix(0, 0), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := a.CheckTime(tt.at, window)
			if tt.ok {
				if err != nil {
					t.Fatalf("CheckTime: %v, want accepted", err)
				}
				return
			}
			wantCode(t, err, compute.Expired, "timestamp")
		})
	}
}

// TestUseNonce: the authenticator remembers a nonce for the window it is
// given, measured on its clock, and refuses a replay as Replayed.
func TestUseNonce(t *testing.T) {
	ctx := context.Background()
	clock := computetest.NewClock(time.Time{})
	a := auth.New(newKeyStore(), auth.NewMemoryNonces(clock), clock)
	const window = 5 * time.Minute

	if err := a.UseNonce(ctx, "K", "n", window); err != nil {
		t.Fatalf("first use: %v", err)
	}
	clock.Advance(window - time.Nanosecond)
	wantCode(t, a.UseNonce(ctx, "K", "n", window), compute.Replayed, "nonce")
	clock.Advance(time.Nanosecond)
	if err := a.UseNonce(ctx, "K", "n", window); err != nil {
		t.Errorf("after the window: %v, want the nonce usable again", err)
	}
}

// failingNonces is a nonce memory whose store is down.
type failingNonces struct{ err error }

func (f failingNonces) Use(context.Context, string, string, time.Time) (bool, error) {
	return false, f.err
}

// TestUseNonceStoreFailure: a fault of the nonce memory is passed on, not
// reported as a replay, which would blame the client.
func TestUseNonceStoreFailure(t *testing.T) {
	clock := computetest.NewClock(time.Time{})
	down := &compute.Error{Code: compute.Unavailable, Message: "nonce store down"}
	a := auth.New(newKeyStore(), failingNonces{down}, clock)
	if err := a.UseNonce(context.Background(), "K", "n", time.Minute); !errors.Is(err, down) {
		t.Errorf("error = %v, want the store's %v", err, down)
	}
}
