// Package computetest holds what tests of the core, the stores and the
// dialects share: a fake clock. The Store suite is in store/storetest.
package computetest

import (
	"sync"
	"time"
)

// Clock is a compute.Clock that moves only when told to.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// Epoch is where fake clocks start unless told otherwise: a fixed instant, so
// golden responses and generated timestamps repeat.
var Epoch = time.Date(2026, 11, 22, 1, 30, 49, 0, time.UTC)

// NewClock returns a fake clock set to t, or to Epoch when t is zero.
func NewClock(t time.Time) *Clock {
	if t.IsZero() {
		t = Epoch
	}
	return &Clock{now: t}
}

func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}
