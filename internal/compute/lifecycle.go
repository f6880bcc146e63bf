package compute

import (
	"fmt"
	"slices"
)

// Status is the vendor-neutral lifecycle status of an instance. Each dialect
// spells it its own way (Running, RUNNING, ...).
type Status string

const (
	StatusPending      Status = "pending"       // being created
	StatusStarting     Status = "starting"      // powering on
	StatusRunning      Status = "running"       // powered on
	StatusStopping     Status = "stopping"      // powering off
	StatusStopped      Status = "stopped"       // powered off
	StatusRebooting    Status = "rebooting"     // restarting
	StatusTerminating  Status = "terminating"   // being destroyed; gone once it settles
	StatusTerminated   Status = "terminated"    // gone: never listed, never found
	StatusRecycled     Status = "recycled"      // in the recycle bin, awaiting destruction
	StatusLaunchFailed Status = "launch_failed" // creation failed; can only be destroyed
)

// Statuses lists every status, for tables that must cover them all.
var Statuses = []Status{
	StatusPending, StatusStarting, StatusRunning, StatusStopping, StatusStopped,
	StatusRebooting, StatusTerminating, StatusTerminated, StatusRecycled, StatusLaunchFailed,
}

// Transitional reports whether the status is one an instance passes through
// on its own, rather than one it rests in.
func (s Status) Transitional() bool {
	switch s {
	case StatusPending, StatusStarting, StatusStopping, StatusRebooting, StatusTerminating:
		return true
	}
	return false
}

// Operation is a lifecycle call on existing instances.
type Operation string

const (
	OpStart     Operation = "start"
	OpStop      Operation = "stop"
	OpReboot    Operation = "reboot"
	OpTerminate Operation = "terminate"
)

// Operations lists every operation, for tables that must cover them all.
var Operations = []Operation{OpStart, OpStop, OpReboot, OpTerminate}

// rule is one row of the transition table.
type rule struct {
	from   []Status // statuses the operation is accepted from
	forced []Status // further statuses accepted when the caller forces it
	stages []Status // transitional statuses shown, in order
	target Status   // where the instance settles
}

// transitions is the lifecycle. Termination is refined by ActOptions (the
// recycle bin, and whether the instance lingers as terminating): see plan.
var transitions = map[Operation]rule{
	OpStart:  {from: []Status{StatusStopped}, stages: []Status{StatusStarting}, target: StatusRunning},
	OpStop:   {from: []Status{StatusRunning}, stages: []Status{StatusStopping}, target: StatusStopped},
	OpReboot: {from: []Status{StatusRunning}, forced: []Status{StatusStarting, StatusRebooting}, stages: []Status{StatusRebooting}, target: StatusRunning},
	OpTerminate: {
		from:   []Status{StatusStopped, StatusLaunchFailed, StatusRecycled},
		forced: []Status{StatusRunning},
		stages: []Status{StatusTerminating},
		target: StatusTerminated,
	},
}

// Boot says how a new instance comes up.
type Boot int

const (
	// BootDirect: pending, then running.
	BootDirect Boot = iota
	// BootStaged: pending, then starting, then running.
	BootStaged
	// BootNone: pending, then stopped; the caller starts it later.
	BootNone
)

// RecyclePolicy says which instances pass through the recycle bin when they
// are terminated, instead of being destroyed at once.
type RecyclePolicy int

const (
	RecycleNone RecyclePolicy = iota
	RecyclePrePaid
	RecycleAll
)

// ActOptions refine an Operation.
type ActOptions struct {
	// Force accepts the operation from the rule's forced statuses too
	// (terminating a running instance, rebooting one that is starting).
	Force bool
	// AllOrNothing changes nothing unless every instance can take the
	// operation; the first refusal is returned as the error.
	AllOrNothing bool
	// DryRun checks everything and changes nothing.
	DryRun bool
	// Linger makes a terminated instance show StatusTerminating for one
	// transition delay before it is gone; without it, it is gone at once.
	Linger bool
	// Recycle sends matching instances to the recycle bin on their first
	// termination.
	Recycle RecyclePolicy
	// Extra, when set, edits the Extra of each instance the operation
	// acts on (a copy: it may change it in place), in the operation's
	// own transaction, so that what a vendor records of the operation
	// (how Alibaba stopped an instance) commits with it or not at all.
	Extra func(extra map[string]string) map[string]string
}

// plan decides what op does to inst, seen at status now. It returns the
// transitional statuses to show and the status to settle in, or an
// IncorrectState error.
func plan(op Operation, inst Instance, current Status, opts ActOptions) (stages []Status, target Status, err error) {
	r, ok := transitions[op]
	if !ok {
		return nil, "", &Error{Code: Internal, Op: string(op), Message: "unknown operation"}
	}
	if !slices.Contains(r.from, current) && !(opts.Force && slices.Contains(r.forced, current)) {
		return nil, "", &Error{
			Code: IncorrectState, Op: string(op), Param: "instance", Instance: inst.ID, Status: current,
			Message: fmt.Sprintf("instance %s is %s", inst.ID, current),
		}
	}
	if op != OpTerminate {
		return r.stages, r.target, nil
	}
	if current != StatusRecycled && recycles(opts.Recycle, inst) {
		if current == StatusRunning {
			return []Status{StatusStopping}, StatusRecycled, nil
		}
		return nil, StatusRecycled, nil
	}
	if !opts.Linger {
		return nil, StatusTerminated, nil
	}
	return r.stages, r.target, nil
}

func recycles(p RecyclePolicy, inst Instance) bool {
	switch p {
	case RecycleAll:
		return true
	case RecyclePrePaid:
		return inst.ChargeType == PrePaid
	}
	return false
}

// launchPlan decides the stages and target of a new instance.
func launchPlan(boot Boot, fail bool) (stages []Status, target Status) {
	switch {
	case fail:
		return []Status{StatusPending}, StatusLaunchFailed
	case boot == BootStaged:
		return []Status{StatusPending, StatusStarting}, StatusRunning
	case boot == BootNone:
		return []Status{StatusPending}, StatusStopped
	}
	return []Status{StatusPending}, StatusRunning
}
