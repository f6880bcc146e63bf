package compute

import "time"

// Clock tells the time. Everything in ecsd that depends on the time asks an
// injected Clock, so that tests can move time by hand.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock.
type SystemClock struct{}

func (SystemClock) Now() time.Time { return time.Now() }
