// Package computetest holds what tests of the core, the stores and the
// dialects share: a fake clock. The Store suite is in store/storetest.
package computetest

import (
	"time"

	"github.com/ecsd/ecsd/internal/compute"
)

// Clock is a compute.Clock that moves only when told to.
type Clock = compute.ManualClock

// Epoch is where fake clocks start unless told otherwise: a fixed instant, so
// golden responses and generated timestamps repeat.
var Epoch = time.Date(2026, 11, 22, 1, 30, 49, 0, time.UTC)

// NewClock returns a fake clock set to t, or to Epoch when t is zero.
func NewClock(t time.Time) *Clock {
	if t.IsZero() {
		t = Epoch
	}
	return compute.NewManualClock(t)
}
