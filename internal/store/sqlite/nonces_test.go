package sqlite

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/compute/computetest"
)

// useNonce records a nonce through n for window and reports whether it
// was fresh.
func useNonce(t *testing.T, n auth.Nonces, clock *computetest.Clock, key, nonce string, window time.Duration) bool {
	t.Helper()
	fresh, err := n.Use(t.Context(), key, nonce, clock.Now().Add(window))
	if err != nil {
		t.Fatalf("Use(%s, %.20s): %v", key, nonce, err)
	}
	return fresh
}

// TestNonces: a nonce is fresh once per key, refused while its window
// lasts, usable again once it expired, and still refused after the file
// is closed and opened again: a request captured before a restart is a
// replay after it.
func TestNonces(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ecsd.db")
	clock := computetest.NewClock(computetest.Epoch)
	s := open(t, path)
	n := s.Nonces(clock)
	const window = 10 * time.Minute
	steps := []struct {
		name      string
		advance   time.Duration
		reopen    bool
		key       string
		nonce     string
		wantFresh bool
	}{
		{"first use", 0, false, "K1", "n1", true},
		{"replay", 0, false, "K1", "n1", false},
		{"another key", 0, false, "K2", "n1", true},
		{"another nonce", 0, false, "K1", "n2", true},
		{"replay after a restart", time.Minute, true, "K1", "n1", false},
		{"replay before it expires", window - time.Minute - time.Nanosecond, false, "K1", "n1", false},
		{"after it expires", time.Nanosecond, false, "K1", "n1", true},
		{"replay of the renewed one after a restart", 0, true, "K1", "n1", false},
	}
	for _, st := range steps {
		clock.Advance(st.advance)
		if st.reopen {
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			s = open(t, path)
			n = s.Nonces(clock)
		}
		if got := useNonce(t, n, clock, st.key, st.nonce, window); got != st.wantFresh {
			t.Errorf("%s: fresh = %v, want %v", st.name, got, st.wantFresh)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestNoncesShared: two stores on one file, as two processes, refuse each
// other's nonces, also when both see the same nonce at once.
func TestNoncesShared(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ecsd.db")
	clock := computetest.NewClock(computetest.Epoch)
	a, b := open(t, path), open(t, path)
	defer a.Close()
	defer b.Close()
	nodes := []auth.Nonces{a.Nonces(clock), b.Nonces(clock)}
	if !useNonce(t, nodes[0], clock, "K", "once", time.Minute) {
		t.Fatal("first use refused")
	}
	if useNonce(t, nodes[1], clock, "K", "once", time.Minute) {
		t.Error("the other store accepted a nonce the first recorded")
	}
	const rounds = 20
	for i := range rounds {
		var fresh atomic.Int32
		var wg sync.WaitGroup
		for _, n := range nodes {
			for range 4 {
				wg.Go(func() {
					if ok, err := n.Use(t.Context(), "K", fmt.Sprint("raced-", i), clock.Now().Add(time.Minute)); err != nil {
						t.Error(err)
					} else if ok {
						fresh.Add(1)
					}
				})
			}
		}
		wg.Wait()
		if got := fresh.Load(); got != 1 {
			t.Fatalf("round %d: %d of 8 concurrent uses of one nonce were fresh, want 1", i, got)
		}
	}
}

// TestSweepNonces: a sweep deletes the expired nonces and keeps the others.
func TestSweepNonces(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "ecsd.db"))
	defer s.Close()
	clock := computetest.NewClock(computetest.Epoch)
	n := s.Nonces(clock)
	for i := range 2500 {
		window := time.Minute
		if i%2 == 1 {
			window = time.Hour
		}
		useNonce(t, n, clock, "K", fmt.Sprint(i), window)
	}
	clock.Advance(2 * time.Minute)
	deleted, err := s.SweepNonces(t.Context(), clock.Now())
	if err != nil || deleted != 1250 {
		t.Fatalf("SweepNonces = %d, %v; want the 1250 expired", deleted, err)
	}
	var left int
	if err := s.read.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM nonces`).Scan(&left); err != nil || left != 1250 {
		t.Errorf("%d nonces left (%v), want 1250", left, err)
	}
	if useNonce(t, n, clock, "K", "1", time.Hour) {
		t.Error("a nonce still in its window was swept")
	}
}

// TestFileModeRestricted: a store file, and its WAL and shared-memory
// files, left readable by others (by an older ecsd, a copy, a umask) are
// made 0600 when the store is opened.
func TestFileModeRestricted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ecsd.db")
	s := open(t, path)
	if _, err := s.Nonces(computetest.NewClock(computetest.Epoch)).Use(t.Context(), "K", "n", computetest.Epoch.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	// Keep the WAL and shared memory while the modes are widened.
	for _, name := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(name, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	again := open(t, path)
	defer again.Close()
	defer s.Close()
	for _, name := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != 0o600 {
			t.Errorf("%s: mode %v after open, want 0600", filepath.Base(name), got)
		}
	}
}

// TestNonceFloodBounded: 200 requests whose nonces are 5 MB each leave
// the process's heap and the file about as they were: the authenticator
// keeps each nonce as its hash, in this store as in any. (The measure is
// of memory and bytes, not of time.)
func TestNonceFloodBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ecsd.db")
	s := open(t, path)
	defer s.Close()
	clock := computetest.NewClock(computetest.Epoch)
	authn := auth.New(nil, s.Nonces(clock), clock).For("aliyun")
	const floods, size = 200, 5 << 20
	nonce := []byte(strings.Repeat("n", size))
	before := heapInUse()
	fileBefore := fileSize(t, path)
	for i := range floods {
		copy(nonce, fmt.Sprintf("%08d", i))
		if err := authn.UseNonce(t.Context(), "K", string(nonce), 5*time.Minute); err != nil {
			t.Fatalf("nonce %d: %v", i, err)
		}
	}
	nonce = nil
	grown := int64(heapInUse()) - int64(before)
	// Each commit appends pages to the WAL, whatever it holds; what stays
	// is what a checkpoint moves into the file.
	if _, err := s.nonceDB.ExecContext(t.Context(), `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	fileGrown := fileSize(t, path) - fileBefore
	t.Logf("%d nonces of %d MB: heap grew %d KB, the store's files %d KB", floods, size>>20, grown>>10, fileGrown>>10)
	if grown > 8<<20 {
		t.Errorf("the heap kept %d MB after %d nonces of 5 MB, want it bounded (under 8 MB)", grown>>20, floods)
	}
	if fileGrown > 256<<10 {
		t.Errorf("the store grew by %d KB for %d nonces, want under 256 KB", fileGrown>>10, floods)
	}
	var stored int
	if err := s.read.QueryRowContext(t.Context(), `SELECT MAX(LENGTH(nonce)) FROM nonces`).Scan(&stored); err != nil || stored > 128 {
		t.Errorf("the longest stored nonce is %d bytes (%v), want at most 128", stored, err)
	}
	// A replay of a long nonce is still a replay.
	if err := authn.UseNonce(t.Context(), "K", "00000007"+strings.Repeat("n", size-8), 5*time.Minute); compute.ErrorCode(err) != compute.Replayed {
		t.Errorf("the replay of a long nonce = %v, want Replayed", err)
	}
}

// heapInUse is the heap in use after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// fileSize is the size of the store's file and its WAL.
func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	var n int64
	for _, name := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(name); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// BenchmarkNonces measures what a signed request pays to record its nonce
// in the file, against the process's memory as the baseline measured in
// the same run:
//
//	go test ./internal/store/sqlite -run '^$' -bench Nonces
func BenchmarkNonces(b *testing.B) {
	clock := computetest.NewClock(computetest.Epoch)
	s, err := Open(b.Context(), filepath.Join(b.TempDir(), "ecsd.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for _, c := range []struct {
		name   string
		nonces auth.Nonces
	}{
		{"memory", auth.NewMemoryNonces(clock)},
		{"sqlite", s.Nonces(clock)},
	} {
		b.Run(c.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				i++
				if _, err := c.nonces.Use(b.Context(), "K", fmt.Sprintf("aliyun/nonce/%032x", i), clock.Now().Add(30*time.Minute)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
