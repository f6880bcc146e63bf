package auth

import (
	"context"
	"sync"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
)

// MemoryNonces remembers nonces in this process. It is the nonce memory of a
// single node; nodes that share a store share their nonces through it.
//
// Nonces are kept in two generations. A nonce is known while it is in either;
// the older one is dropped when the newer is older than the longest window
// seen, so each nonce is remembered at least for its window and memory stays
// bounded by the traffic of two windows.
type MemoryNonces struct {
	clock    compute.Clock
	mu       sync.Mutex
	current  map[string]time.Time
	previous map[string]time.Time
	started  time.Time     // when current began
	window   time.Duration // the longest window asked for
}

// NewMemoryNonces returns an empty nonce memory.
func NewMemoryNonces(clock compute.Clock) *MemoryNonces {
	return &MemoryNonces{clock: clock, current: make(map[string]time.Time), previous: make(map[string]time.Time)}
}

// Use implements Nonces. The window is taken as the time until expires,
// measured from the first use in a generation.
func (m *MemoryNonces) Use(_ context.Context, keyID, nonce string, expires time.Time) (bool, error) {
	key := keyID + "\x00" + nonce
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.clock.Now()
	if m.started.IsZero() {
		m.started = now
	}
	if w := expires.Sub(now); w > m.window {
		m.window = w
	}
	if now.Sub(m.started) > m.window {
		m.previous, m.current, m.started = m.current, make(map[string]time.Time), now
	}
	if exp, ok := m.current[key]; ok && now.Before(exp) {
		return false, nil
	}
	if exp, ok := m.previous[key]; ok && now.Before(exp) {
		return false, nil
	}
	m.current[key] = expires
	return true, nil
}
