package compute

import (
	"fmt"
	"slices"
	"time"
)

// Transition names a change that shows transitional statuses, for the
// purpose of saying how long they last: the lifecycle operations, a
// launch, and the transitions of disks and networks.
type Transition string

const (
	// TransitionCreate is a launch: pending, and starting where the cloud
	// shows it.
	TransitionCreate    Transition = "create"
	TransitionStart     Transition = Transition(OpStart)
	TransitionStop      Transition = Transition(OpStop)
	TransitionReboot    Transition = Transition(OpReboot)
	TransitionTerminate Transition = Transition(OpTerminate)
	// TransitionCreateDisk is a data disk's creating; TransitionAttachDisk
	// and TransitionDetachDisk its attaching and detaching.
	TransitionCreateDisk Transition = "create_disk"
	TransitionAttachDisk Transition = "attach_disk"
	TransitionDetachDisk Transition = "detach_disk"
	// TransitionCreateNetwork is a network's or subnet's pending, on the
	// clouds that show one.
	TransitionCreateNetwork Transition = "create_network"
)

// Transitions lists every transition, for tables and messages that must
// cover them all.
var Transitions = []Transition{
	TransitionCreate, TransitionStart, TransitionStop, TransitionReboot, TransitionTerminate,
	TransitionCreateDisk, TransitionAttachDisk, TransitionDetachDisk, TransitionCreateNetwork,
}

// Delays say how long each transitional status of a transition lasts, by
// cloud: Delays[cloud][transition]. The cloud "" stands for every cloud; a
// cloud's own entry wins over it. A transition neither names lasts
// Config.TransitionDelay.
type Delays map[Cloud]map[Transition]time.Duration

// Check reports the first entry that names no cloud or transition ecsd
// knows, or a negative duration.
func (d Delays) Check() error {
	for cloud, byTransition := range d {
		if cloud != "" && !slices.Contains(Clouds, cloud) {
			return &Error{Code: InvalidArgument, Param: "cloud", Value: string(cloud),
				Message: fmt.Sprintf("%q is not a cloud: one of %v", cloud, Clouds)}
		}
		for t, delay := range byTransition {
			if !slices.Contains(Transitions, t) {
				return &Error{Code: InvalidArgument, Param: "transition", Value: string(t),
					Message: fmt.Sprintf("%q is not a transition: one of %v", t, Transitions)}
			}
			if delay < 0 {
				return &Error{Code: InvalidArgument, Param: "delay", Value: delay.String(),
					Message: fmt.Sprintf("the delay of %s must not be negative, got %s", t, delay)}
			}
		}
	}
	return nil
}

// delayFor is how long each transitional status of t lasts on cloud c.
func (s *Service) delayFor(c Cloud, t Transition) time.Duration {
	if d, ok := s.delays[c][t]; ok {
		return d
	}
	if d, ok := s.delays[""][t]; ok {
		return d
	}
	return s.delay
}
