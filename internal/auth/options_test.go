package auth_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/compute/computetest"
)

// recordingNonces is a nonce memory that keeps what it is given to record.
type recordingNonces struct {
	auth.Nonces
	mu   sync.Mutex
	seen []string
}

func (r *recordingNonces) Use(ctx context.Context, keyID, nonce string, expires time.Time) (bool, error) {
	r.mu.Lock()
	r.seen = append(r.seen, nonce)
	r.mu.Unlock()
	return r.Nonces.Use(ctx, keyID, nonce, expires)
}

// TestNonceNamespaces: each dialect's Authenticator keeps its nonces apart,
// so that one dialect's nonce never makes another's request a replay,
// while within a dialect a replay is refused.
func TestNonceNamespaces(t *testing.T) {
	ctx := context.Background()
	clock := computetest.NewClock(time.Time{})
	root := auth.New(newKeyStore(), auth.NewMemoryNonces(clock), clock)
	aliyun, tencent := root.For("aliyun"), root.For("tencent")
	const window = 5 * time.Minute
	if err := tencent.UseNonce(ctx, "K", "12345", window); err != nil {
		t.Fatalf("Tencent's nonce: %v", err)
	}
	if err := aliyun.UseNonce(ctx, "K", "12345", window); err != nil {
		t.Errorf("an Alibaba request with a nonce Tencent saw: %v, want it accepted", err)
	}
	wantCode(t, aliyun.UseNonce(ctx, "K", "12345", window), compute.Replayed, "nonce")
	wantCode(t, tencent.UseNonce(ctx, "K", "12345", window), compute.Replayed, "nonce")
}

// TestLongNoncesHashed: what the nonce memory is asked to keep is at most
// 128 bytes whatever the client sent, and two long nonces differing only
// at the end stay distinct.
func TestLongNoncesHashed(t *testing.T) {
	ctx := context.Background()
	clock := computetest.NewClock(time.Time{})
	rec := &recordingNonces{Nonces: auth.NewMemoryNonces(clock)}
	a := auth.New(newKeyStore(), rec, clock).For("aliyun")
	long := strings.Repeat("x", 1<<20)
	for _, n := range []string{"short", long, long + "y"} {
		if err := a.UseNonce(ctx, "K", n, time.Minute); err != nil {
			t.Fatalf("nonce of %d bytes: %v", len(n), err)
		}
	}
	wantCode(t, a.UseNonce(ctx, "K", long, time.Minute), compute.Replayed, "nonce")
	for _, kept := range rec.seen {
		if len(kept) > 128 {
			t.Errorf("the nonce memory was given %d bytes to keep, want at most 128", len(kept))
		}
	}
	if rec.seen[0] != "aliyun/nonce/short" {
		t.Errorf("a short nonce is kept as %q, want it namespaced and readable", rec.seen[0])
	}
}

// TestMemoryNonceFloodBounded: 100 requests whose nonces are 5 MB each
// leave the heap of a node with the memory store about as it was. (The
// measure is of memory, not of time.)
func TestMemoryNonceFloodBounded(t *testing.T) {
	ctx := context.Background()
	clock := computetest.NewClock(time.Time{})
	nonces := auth.NewMemoryNonces(clock)
	a := auth.New(newKeyStore(), nonces, clock).For("tencent")
	const floods, size = 100, 5 << 20
	buf := []byte(strings.Repeat("9", size))
	before := heapInUse()
	for i := range floods {
		copy(buf, fmt.Sprintf("%08d", i+1))
		if err := a.UseNonce(ctx, "K", string(buf), 5*time.Minute); err != nil {
			t.Fatalf("nonce %d: %v", i, err)
		}
	}
	buf = nil
	grown := int64(heapInUse()) - int64(before)
	t.Logf("%d nonces of %d MB: heap grew %d KB, %d remembered", floods, size>>20, grown>>10, nonces.Remembered())
	if grown > 8<<20 {
		t.Errorf("the heap kept %d MB after %d nonces of 5 MB, want it bounded (under 8 MB)", grown>>20, floods)
	}
	if nonces.Remembered() != floods {
		t.Errorf("%d nonces remembered, want %d", nonces.Remembered(), floods)
	}
}

func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// TestStartSignature: by default a signature without a nonce may be used
// again (the vendors accept an identical request within its window); with
// RefuseReusedSignatures, its second use is refused as Replayed, in
// either spelling of its hex, and only within its window.
func TestStartSignature(t *testing.T) {
	ctx := context.Background()
	const window = 10 * time.Minute
	t.Run("accepted again by default", func(t *testing.T) {
		clock := computetest.NewClock(time.Time{})
		a := auth.New(newKeyStore(), auth.NewMemoryNonces(clock), clock).For("tencent")
		for i := range 3 {
			if err := a.StartSignature(ctx, "K", "abcdef", window).Wait(); err != nil {
				t.Fatalf("use %d: %v", i+1, err)
			}
		}
	})
	t.Run("refused when asked", func(t *testing.T) {
		clock := computetest.NewClock(time.Time{})
		a := auth.NewWithOptions(newKeyStore(), auth.NewMemoryNonces(clock), clock, auth.Options{RefuseReusedSignatures: true})
		tc3, zc2 := a.For("tencent"), a.For("zenlayer")
		if err := tc3.StartSignature(ctx, "K", "abcdef", window).Wait(); err != nil {
			t.Fatalf("first use: %v", err)
		}
		wantCode(t, tc3.StartSignature(ctx, "K", "abcdef", window).Wait(), compute.Replayed, "signature")
		wantCode(t, tc3.StartSignature(ctx, "K", "ABCDEF", window).Wait(), compute.Replayed, "signature")
		if err := zc2.StartSignature(ctx, "K", "abcdef", window).Wait(); err != nil {
			t.Errorf("the same signature in another dialect: %v, want it accepted", err)
		}
		clock.Advance(window)
		if err := tc3.StartSignature(ctx, "K", "abcdef", window).Wait(); err != nil {
			t.Errorf("after the window: %v, want it accepted", err)
		}
	})
}

// TestKeyCacheTTLOption: the time a key is trusted is configurable; a key
// disabled in the store is refused once it has passed.
func TestKeyCacheTTLOption(t *testing.T) {
	ctx := context.Background()
	clock := computetest.NewClock(time.Time{})
	store := newKeyStore(auth.AccessKey{ID: "K", Secret: "s"})
	a := auth.NewWithOptions(store, auth.NewMemoryNonces(clock), clock, auth.Options{KeyCacheTTL: 2 * time.Second})
	if a.KeyCacheTTL() != 2*time.Second {
		t.Fatalf("KeyCacheTTL = %s", a.KeyCacheTTL())
	}
	if _, err := a.Key(ctx, "K"); err != nil {
		t.Fatal(err)
	}
	store.put(auth.AccessKey{ID: "K", Secret: "s", Disabled: true})
	clock.Advance(2 * time.Second)
	if _, err := a.Key(ctx, "K"); err != nil {
		t.Errorf("within the TTL: %v, want the cached key", err)
	}
	clock.Advance(time.Nanosecond)
	_, err := a.Key(ctx, "K")
	wantCode(t, err, compute.KeyDisabled, "access_key_id")
}

// usageStore is a keyStore that is also an auth.KeyAdmin, recording the
// last uses written.
type usageStore struct {
	*keyStore
	auth.KeyAdmin // nil: only KeyUsed is called
	writes        chan time.Time
}

func (u *usageStore) KeyUsed(_ context.Context, id string, at time.Time) error {
	u.writes <- at
	return nil
}

// TestLastUse: a key's last use is written once the signature held (by
// StartNonce or StartSignature), to the minute, at most once a minute per
// node.
func TestLastUse(t *testing.T) {
	ctx := context.Background()
	start := time.Date(2026, 5, 1, 10, 0, 30, 0, time.UTC)
	clock := computetest.NewClock(start)
	store := &usageStore{keyStore: newKeyStore(auth.AccessKey{ID: "K", Secret: "s"}), writes: make(chan time.Time, 10)}
	a := auth.New(store, auth.NewMemoryNonces(clock), clock).For("aliyun")
	wantWrite := func(step string, want time.Time) {
		t.Helper()
		select {
		case got := <-store.writes:
			if !got.Equal(want) {
				t.Errorf("%s: last use written as %v, want %v", step, got, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: no last use written", step)
		}
	}
	if _, err := a.Key(ctx, "K"); err != nil {
		t.Fatal(err)
	}
	if err := a.StartNonce(ctx, "K", "n1", time.Minute).Wait(); err != nil {
		t.Fatal(err)
	}
	wantWrite("first use", start.Truncate(time.Minute))
	for i := range 5 {
		clock.Advance(5 * time.Second)
		_ = a.StartSignature(ctx, "K", fmt.Sprint("sig", i), time.Minute).Wait()
	}
	clock.Advance(5 * time.Second) // 10:01:00
	_ = a.StartSignature(ctx, "K", "sig-next", time.Minute).Wait()
	wantWrite("the next minute", start.Truncate(time.Minute).Add(time.Minute))
	select {
	case extra := <-store.writes:
		t.Errorf("a write for %v within the same minute", extra)
	default:
	}
}
