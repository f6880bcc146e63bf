package tencent

import (
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// actionFunc serves one action and returns the fields of its Response.
type actionFunc func(h *Handler, c *call) (any, error)

// read and write make the table's entries: each call carries its handler.
// A global action takes a region when one is sent; the others need one.
func read(f actionFunc) kit.Action[*call] {
	return kit.Read(func(c *call) (any, error) { return f(c.h, c) })
}
func write(f actionFunc) kit.Action[*call] {
	return kit.Write(func(c *call) (any, error) { return f(c.h, c) })
}
func global(a kit.Action[*call]) kit.Action[*call] {
	a.Global = true
	return a
}

// actions are the CVM actions ecsd serves (reference 3.2, 3.8).
var actions = kit.Actions[*call]{
	"DescribeInstancesStatus": read((*Handler).describeInstancesStatus),
	"DescribeInstances":       read((*Handler).describeInstances),
	"RunInstances":            write((*Handler).runInstances),
	"StartInstances":          write(operate(compute.OpStart)),
	"StopInstances":           write(operate(compute.OpStop)),
	"RebootInstances":         write(operate(compute.OpReboot)),
	"TerminateInstances":      write(operate(compute.OpTerminate)),
	"DescribeRegions":         global(read((*Handler).describeRegions)),
	"DescribeZones":           read((*Handler).describeZones),
}

// statusSpelling is how CVM spells each status (reference 3.7). A recycled
// instance is SHUTDOWN, Tencent's recycle-bin state. TERMINATED is never
// shown, since terminated instances are gone; it is spelled for the error
// that refuses an operation on one.
var statusSpelling = map[compute.Status]string{
	compute.StatusPending:      "PENDING",
	compute.StatusStarting:     "STARTING",
	compute.StatusRunning:      "RUNNING",
	compute.StatusStopping:     "STOPPING",
	compute.StatusStopped:      "STOPPED",
	compute.StatusRebooting:    "REBOOTING",
	compute.StatusTerminating:  "TERMINATING",
	compute.StatusTerminated:   "TERMINATED",
	compute.StatusRecycled:     "SHUTDOWN",
	compute.StatusLaunchFailed: "LAUNCH_FAILED",
}

// statusesSpelled returns the statuses CVM spells as s, for the
// instance-state filter: none for a state ecsd never shows.
func statusesSpelled(s string) []compute.Status {
	var out []compute.Status
	for _, st := range compute.Statuses {
		if st != compute.StatusTerminated && statusSpelling[st] == s {
			out = append(out, st)
		}
	}
	return out
}

func toInstanceIDs(ids []string) []compute.InstanceID {
	out := make([]compute.InstanceID, len(ids))
	for i, id := range ids {
		out[i] = compute.InstanceID(id)
	}
	return out
}

// maxIDs is the most instance IDs one call may name (reference 3.2, 3.9).
const maxIDs = 100

// instanceIDs reads InstanceIds: at most 100, each well formed.
func instanceIDs(p params) ([]compute.InstanceID, bool, error) {
	ids, ok, err := p.strs("InstanceIds")
	if err != nil {
		return nil, false, err
	}
	if err := checkIDs(ids); err != nil {
		return nil, false, err
	}
	return toInstanceIDs(ids), ok, nil
}

// checkIDs applies the rules of reference 3.9 to a list of instance IDs.
func checkIDs(ids []string) error {
	if len(ids) > maxIDs {
		return errTooManyIDs
	}
	for _, id := range ids {
		if !wellFormedID(id) {
			return malformedID(id)
		}
	}
	return nil
}
