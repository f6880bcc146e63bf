package postgres

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/compute/computetest"
	"github.com/ecsd/ecsd/internal/store/postgres/pgtest"
)

func TestNonces(t *testing.T) {
	s := open(t, pgtest.DSN(t))
	clock := computetest.NewClock(computetest.Epoch)
	n := s.Nonces(clock)
	window := 10 * time.Minute
	use := func(key, nonce string) bool {
		t.Helper()
		fresh, err := n.Use(t.Context(), key, nonce, clock.Now().Add(window))
		if err != nil {
			t.Fatalf("Use(%s, %.20s): %v", key, nonce, err)
		}
		return fresh
	}
	long := strings.Repeat("n", 10000)
	steps := []struct {
		name      string
		advance   time.Duration
		key       string
		nonce     string
		wantFresh bool
	}{
		{"first use", 0, "K1", "n1", true},
		{"replay", 0, "K1", "n1", false},
		{"another key", 0, "K2", "n1", true},
		{"another nonce", 0, "K1", "n2", true},
		{"replay before it expires", window - time.Nanosecond, "K1", "n1", false},
		{"after it expires", time.Nanosecond, "K1", "n1", true},
		{"replay of the renewed one", window - time.Nanosecond, "K1", "n1", false},
		{"a long nonce", 0, "K1", long, true},
		{"a long nonce again", 0, "K1", long, false},
		{"a long nonce that differs at the end", 0, "K1", long + "x", true},
	}
	for _, st := range steps {
		clock.Advance(st.advance)
		if got := use(st.key, st.nonce); got != st.wantFresh {
			t.Errorf("%s: fresh = %v, want %v", st.name, got, st.wantFresh)
		}
	}
}

// TestNoncesShared: two stores on one database, as two nodes, refuse each
// other's nonces, also when both see the same nonce at once.
func TestNoncesShared(t *testing.T) {
	dsn := pgtest.DSN(t)
	clock := computetest.NewClock(computetest.Epoch)
	nodes := []auth.Nonces{open(t, dsn).Nonces(clock), open(t, dsn).Nonces(clock)}
	expires := clock.Now().Add(time.Minute)
	if fresh, err := nodes[0].Use(t.Context(), "K", "n", expires); err != nil || !fresh {
		t.Fatalf("node 0: Use = %v, %v; want fresh", fresh, err)
	}
	if fresh, err := nodes[1].Use(t.Context(), "K", "n", expires); err != nil || fresh {
		t.Errorf("node 1: Use of node 0's nonce = %v, %v; want a replay", fresh, err)
	}

	const rounds = 20
	for i := range rounds {
		nonce := fmt.Sprintf("race-%d", i)
		var (
			wg    sync.WaitGroup
			fresh [2]bool
			errs  [2]error
		)
		for j, node := range nodes {
			wg.Go(func() { fresh[j], errs[j] = node.Use(t.Context(), "K", nonce, expires) })
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil || fresh[0] == fresh[1] {
			t.Errorf("%s used by both nodes at once: fresh %v, errors %v; want exactly one fresh", nonce, fresh, errs)
		}
	}
}

func TestSweepNonces(t *testing.T) {
	s := open(t, pgtest.DSN(t))
	clock := computetest.NewClock(computetest.Epoch)
	n := s.Nonces(clock)
	const total = sweepBatch + 10
	for i := range total {
		// Half expire in a minute, half in an hour.
		d := time.Minute
		if i%2 == 1 {
			d = time.Hour
		}
		if _, err := n.Use(t.Context(), "K", fmt.Sprint(i), clock.Now().Add(d)); err != nil {
			t.Fatal(err)
		}
	}
	count := func() int {
		var c int
		if err := s.db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM nonces`).Scan(&c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	if got, err := s.sweepNonces(t.Context(), clock.Now()); err != nil || got != 0 {
		t.Errorf("sweep before any expired = %d, %v; want 0", got, err)
	}
	clock.Advance(2 * time.Minute)
	if got, err := s.sweepNonces(t.Context(), clock.Now()); err != nil || got != total/2 {
		t.Errorf("sweep = %d, %v; want %d", got, err, total/2)
	}
	if got := count(); got != total/2 {
		t.Errorf("%d nonces left, want %d", got, total/2)
	}
	// What the sweep left is still refused.
	if fresh, err := n.Use(t.Context(), "K", "1", clock.Now().Add(time.Hour)); err != nil || fresh {
		t.Errorf("Use of an unexpired nonce after a sweep = %v, %v; want a replay", fresh, err)
	}
}

// TestNoncesBatched: requests that arrive together share statements (see
// Use), and still each nonce is fresh exactly once, whether its uses land
// in one statement or in several.
func TestNoncesBatched(t *testing.T) {
	s := open(t, pgtest.DSN(t))
	clock := computetest.NewClock(computetest.Epoch)
	n := s.Nonces(clock)
	expires := clock.Now().Add(time.Minute)
	const nonces, uses = 40, 5
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		fresh = map[string]int{}
	)
	for i := range nonces * uses {
		wg.Go(func() {
			nonce := fmt.Sprintf("n-%d", i%nonces)
			ok, err := n.Use(t.Context(), "K", nonce, expires)
			if err != nil {
				t.Errorf("Use(%s): %v", nonce, err)
				return
			}
			if ok {
				mu.Lock()
				fresh[nonce]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	for i := range nonces {
		if nonce := fmt.Sprintf("n-%d", i); fresh[nonce] != 1 {
			t.Errorf("%s was fresh %d times of %d uses at once, want once", nonce, fresh[nonce], uses)
		}
	}
	var stored int
	if err := s.db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM nonces`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != nonces {
		t.Errorf("%d nonces stored, want %d", stored, nonces)
	}
}

// TestNonceGivenUp: a Use whose context ends while it waits answers at
// once, as the store being unavailable.
func TestNonceGivenUp(t *testing.T) {
	s := open(t, pgtest.DSN(t))
	clock := computetest.NewClock(computetest.Epoch)
	n := s.Nonces(clock)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := n.Use(ctx, "K", "n", clock.Now().Add(time.Minute))
	if compute.ErrorCode(err) != compute.Unavailable {
		t.Fatalf("Use with an ended context = %v, want an Unavailable error", err)
	}
	// The store still records nonces afterwards.
	if fresh, err := n.Use(t.Context(), "K", "m", clock.Now().Add(time.Minute)); err != nil || !fresh {
		t.Fatalf("Use after a given-up one = %v, %v; want fresh", fresh, err)
	}
}
