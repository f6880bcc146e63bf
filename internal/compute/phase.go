package compute

import "time"

// Phase is one transitional status of a resource and the moment it ends.
// Resources whose status changes over time (instances, disks) keep a target
// status and the phases shown on the way to it; what they show at a time t
// is computed, never advanced by a timer.
type Phase[S ~string] struct {
	Status S
	Until  time.Time
}

// statusAt reports the status shown at t by a resource heading for target
// through phases.
func statusAt[S ~string](target S, phases []Phase[S], t time.Time) S {
	for _, p := range phases {
		if t.Before(p.Until) {
			return p.Status
		}
	}
	return target
}

// settlesAt reports when the last phase ends; the zero time without any.
func settlesAt[S ~string](phases []Phase[S]) time.Time {
	if len(phases) == 0 {
		return time.Time{}
	}
	return phases[len(phases)-1].Until
}

// schedule turns transitional statuses into phases that each last delay,
// starting at now.
func schedule[S ~string](statuses []S, now time.Time, delay time.Duration) []Phase[S] {
	if len(statuses) == 0 || delay <= 0 {
		return nil
	}
	phases := make([]Phase[S], len(statuses))
	for i, s := range statuses {
		phases[i] = Phase[S]{Status: s, Until: now.Add(time.Duration(i+1) * delay)}
	}
	return phases
}

// Readiness is the status of a resource that is created and then ready for
// use, and changes no more: a network, a subnet.
type Readiness string

const (
	ReadinessPending   Readiness = "pending"
	ReadinessAvailable Readiness = "available"
)

// readiness is the status at t of a resource ready from readyAt on.
func readiness(readyAt, t time.Time) Readiness {
	if t.Before(readyAt) {
		return ReadinessPending
	}
	return ReadinessAvailable
}
