package auth_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/compute/computetest"
)

// gatedNonces holds every Use until release is closed, so that a test can
// tell what runs while a nonce is being recorded.
type gatedNonces struct {
	release chan struct{}
	inner   auth.Nonces
}

func (g gatedNonces) Use(ctx context.Context, keyID, nonce string, expires time.Time) (bool, error) {
	<-g.release
	return g.inner.Use(ctx, keyID, nonce, expires)
}

// TestGuard: a read is served while its nonce is recorded, a write only
// after; a replay gets its refusal and nothing of what was served.
func TestGuard(t *testing.T) {
	clock := computetest.NewClock(computetest.Epoch)
	memory := auth.NewMemoryNonces(clock)
	for _, c := range []struct {
		name     string
		readOnly bool
		replay   bool
	}{
		{"read", true, false},
		{"write", false, false},
		{"replayed read", true, true},
		{"replayed write", false, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			nonce := "n-" + c.name
			if c.replay {
				if _, err := memory.Use(t.Context(), "K", nonce, clock.Now().Add(time.Minute)); err != nil {
					t.Fatal(err)
				}
			}
			gate := gatedNonces{release: make(chan struct{}), inner: memory}
			a := auth.New(newKeyStore(), gate, clock)
			check := a.StartNonce(t.Context(), "K", nonce, time.Minute)
			var served atomic.Bool
			done := make(chan struct{})
			var resp string
			var err error
			go func() {
				defer close(done)
				resp, err = auth.Guard(check, c.readOnly, func() (string, error) {
					served.Store(true)
					return "answer", nil
				})
			}()
			// A read is served before the nonce is recorded; a write is
			// not, however long it waits.
			if c.readOnly {
				for !served.Load() {
					time.Sleep(time.Millisecond)
				}
			} else {
				time.Sleep(20 * time.Millisecond)
				if served.Load() {
					t.Fatal("a write was served before its nonce was recorded")
				}
			}
			close(gate.release)
			<-done
			if c.replay {
				wantCode(t, err, compute.Replayed, "nonce")
				if resp != "" {
					t.Errorf("a replay answered %q besides its refusal", resp)
				}
				if !c.readOnly && served.Load() {
					t.Error("a replayed write was served")
				}
				return
			}
			if err != nil || resp != "answer" {
				t.Errorf("Guard = %q, %v; want the answer", resp, err)
			}
		})
	}
}

// TestGuardWithoutNonce: a signature without a nonce is served at once.
func TestGuardWithoutNonce(t *testing.T) {
	resp, err := auth.Guard(nil, false, func() (int, error) { return 7, nil })
	if resp != 7 || err != nil {
		t.Fatalf("Guard(nil) = %d, %v; want 7", resp, err)
	}
}
