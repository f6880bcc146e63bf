package auth_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute/computetest"
)

// use calls m.Use with a window from the clock's now and fails the test on
// an error, which MemoryNonces never returns.
func use(t *testing.T, m *auth.MemoryNonces, clock *computetest.Clock, key, nonce string, window time.Duration) bool {
	t.Helper()
	fresh, err := m.Use(context.Background(), key, nonce, clock.Now().Add(window))
	if err != nil {
		t.Fatalf("Use(%s, %s): %v", key, nonce, err)
	}
	return fresh
}

// TestMemoryNoncesReplay: a nonce is fresh once per key, refused while its
// window lasts, and usable again from the instant it expires.
func TestMemoryNoncesReplay(t *testing.T) {
	clock := computetest.NewClock(time.Time{})
	m := auth.NewMemoryNonces(clock)
	const window = 15 * time.Minute
	steps := []struct {
		name    string
		advance time.Duration
		key     string
		nonce   string
		fresh   bool
	}{
		{"first use", 0, "K1", "n", true},
		{"replay at once", 0, "K1", "n", false},
		{"same nonce, another key", 0, "K2", "n", true},
		{"another nonce, same key", 0, "K1", "m", true},
		{"replay just before expiry", window - time.Nanosecond, "K1", "n", false},
		{"reuse at expiry", time.Nanosecond, "K1", "n", true},
		{"the reuse is remembered in turn", window - time.Nanosecond, "K1", "n", false},
		// The key and nonce are joined into one map key; a nonce that moves
		// a prefix across the boundary must not collide with another pair.
		{"key and nonce are not concatenated ambiguously", 0, "K", "1n", true},
	}
	for _, s := range steps {
		clock.Advance(s.advance)
		if got := use(t, m, clock, s.key, s.nonce, window); got != s.fresh {
			t.Errorf("%s: fresh = %t, want %t", s.name, got, s.fresh)
		}
	}
}

// TestMemoryNoncesKeepEachWindow: nonces are kept in two generations that
// rotate as time passes; across the rotations, every nonce is refused until
// its own window ends, and memory holds no more than two windows of them.
func TestMemoryNoncesKeepEachWindow(t *testing.T) {
	clock := computetest.NewClock(time.Time{})
	m := auth.NewMemoryNonces(clock)
	const window, step = time.Minute, 7 * time.Second // a step not dividing the window
	var used []time.Time                              // when nonce i was used
	for i := 0; i < 100; i++ {                        // over 11 minutes: many rotations
		if !use(t, m, clock, "K", fmt.Sprint(i), window) {
			t.Fatalf("nonce %d refused on first use", i)
		}
		used = append(used, clock.Now())
		clock.Advance(step)
		for j, at := range used {
			if clock.Now().Sub(at) < window && use(t, m, clock, "K", fmt.Sprint(j), window) {
				t.Fatalf("at step %d, nonce %d used %s ago was accepted again", i, j, clock.Now().Sub(at))
			}
		}
		if got, limit := m.Remembered(), int(2*window/step)+2; got > limit {
			t.Fatalf("at step %d, %d nonces remembered, want at most two windows' worth, %d", i, got, limit)
		}
	}
}

// TestMemoryNoncesLongWindowAfterShortOnes: generations rotate as fast as
// the longest window seen allows; a long window arriving after short ones
// must slow the rotation so the long nonce is not dropped early.
func TestMemoryNoncesLongWindowAfterShortOnes(t *testing.T) {
	clock := computetest.NewClock(time.Time{})
	m := auth.NewMemoryNonces(clock)
	for i := range 10 { // short windows: a rotation at almost every use
		use(t, m, clock, "K", fmt.Sprintf("short-%d", i), time.Second)
		clock.Advance(10 * time.Second)
	}
	const long = 5 * time.Minute
	use(t, m, clock, "K", "long", long)
	expires := clock.Now().Add(long)
	for i := 0; clock.Now().Add(10 * time.Second).Before(expires); i++ {
		clock.Advance(10 * time.Second)
		use(t, m, clock, "K", fmt.Sprintf("traffic-%d", i), time.Second)
		if use(t, m, clock, "K", "long", long) {
			t.Fatalf("%s before its expiry, the long-window nonce was accepted again", expires.Sub(clock.Now()))
		}
	}
	clock.Set(expires)
	if !use(t, m, clock, "K", "long", long) {
		t.Error("the long-window nonce was still refused at its expiry")
	}
}

// TestMemoryNoncesStayBounded: memory holds at most two windows of traffic;
// nonces older than that are forgotten, not kept forever.
func TestMemoryNoncesStayBounded(t *testing.T) {
	clock := computetest.NewClock(time.Time{})
	m := auth.NewMemoryNonces(clock)
	const window = time.Minute
	for i := range 1000 {
		use(t, m, clock, "K", fmt.Sprintf("old-%d", i), window)
	}
	if got := m.Remembered(); got != 1000 {
		t.Fatalf("remembered %d nonces, want 1000", got)
	}
	// Two rotations, each a little more than a window apart, drop them all.
	for i := range 2 {
		clock.Advance(window + time.Second)
		use(t, m, clock, "K", fmt.Sprintf("new-%d", i), window)
	}
	if got := m.Remembered(); got != 2 {
		t.Errorf("remembered %d nonces after two windows, want only the 2 recent ones", got)
	}
}

// TestMemoryNoncesConcurrentReplay: when many requests carry the same nonce
// at once, exactly one gets through; and concurrent distinct nonces are
// all fresh.
func TestMemoryNoncesConcurrentReplay(t *testing.T) {
	clock := computetest.NewClock(time.Time{})
	m := auth.NewMemoryNonces(clock)
	const n = 64
	var fresh, distinctFresh atomic.Int32
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			ok, err := m.Use(context.Background(), "K", "shared", clock.Now().Add(time.Minute))
			if err != nil {
				t.Error(err)
			}
			if ok {
				fresh.Add(1)
			}
			ok, err = m.Use(context.Background(), "K", fmt.Sprintf("own-%d", i), clock.Now().Add(time.Minute))
			if err != nil {
				t.Error(err)
			}
			if ok {
				distinctFresh.Add(1)
			}
		})
	}
	close(start)
	wg.Wait()
	if got := fresh.Load(); got != 1 {
		t.Errorf("%d of %d concurrent uses of one nonce were fresh, want exactly 1", got, n)
	}
	if got := distinctFresh.Load(); got != n {
		t.Errorf("%d of %d distinct nonces were fresh, want all", got, n)
	}
}
