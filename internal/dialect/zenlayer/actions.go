package zenlayer

import (
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// actionFunc serves one action and returns the value put in "response".
type actionFunc func(h *Handler, c *call) (any, error)

// actions are the ZEC actions ecsd serves.
var actions = kit.Actions[*call]{
	"DescribeInstancesStatus": read((*Handler).describeInstancesStatus),
	"DescribeInstances":       read((*Handler).describeInstances),
	"CreateZecInstances":      write((*Handler).createZecInstances),
	"StartInstances":          write(operation(compute.OpStart)),
	"StopInstances":           write(operation(compute.OpStop)),
	"RebootInstances":         write(operation(compute.OpReboot)),
	"ReleaseInstances":        write(operation(compute.OpTerminate)),
	"DescribeZones":           read((*Handler).describeZones),
}

// read and write make the table's entries: each call carries its handler.
func read(f actionFunc) kit.Action[*call] {
	return kit.Read(func(c *call) (any, error) { return f(c.h, c) })
}
func write(f actionFunc) kit.Action[*call] {
	return kit.Write(func(c *call) (any, error) { return f(c.h, c) })
}

// statusSpelling is how ZEC spells each status (reference 4.6). Starting
// is BOOTING, the status enum's word (the StartInstances page says
// STARTING). A terminated instance is never shown, since stores drop it;
// its row is the last status it showed.
var statusSpelling = map[compute.Status]string{
	compute.StatusPending:      "DEPLOYING",
	compute.StatusStarting:     "BOOTING",
	compute.StatusRunning:      "RUNNING",
	compute.StatusStopping:     "STOPPING",
	compute.StatusStopped:      "STOPPED",
	compute.StatusRebooting:    "REBOOT",
	compute.StatusTerminating:  "RELEASING",
	compute.StatusTerminated:   "RELEASING",
	compute.StatusRecycled:     "RECYCLE",
	compute.StatusLaunchFailed: "CREATE_FAILED",
}

// otherStatuses are ZEC statuses (reference 4.6, and the terraform
// provider's PENDING and REINSTALL_FAILED) that ecsd never shows. A status
// filter naming one is valid and matches nothing.
var otherStatuses = []string{"REBUILDING", "RECYCLING", "IMAGING", "RESIZING", "PENDING", "REINSTALL_FAILED"}

// statusesSpelled returns the statuses ZEC spells as s, and whether s is a
// ZEC status at all.
func statusesSpelled(s string) ([]compute.Status, bool) {
	var out []compute.Status
	for _, st := range compute.Statuses {
		if statusSpelling[st] == s {
			out = append(out, st)
		}
	}
	if len(out) > 0 {
		return out, true
	}
	for _, o := range otherStatuses {
		if o == s {
			return nil, true
		}
	}
	return nil, false
}
