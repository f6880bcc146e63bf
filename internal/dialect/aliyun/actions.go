package aliyun

import (
	"github.com/ecsd/ecsd/internal/compute"
)

// actionFunc serves one action and returns its wire response.
type actionFunc func(h *Handler, c *call) (any, error)

// actions are the ECS actions ecsd serves.
// readOnly are the actions that change nothing.
var readOnly = map[string]bool{
	"DescribeInstanceStatus": true, "DescribeInstances": true, "DescribeRegions": true, "DescribeZones": true,
}

var actions = map[string]actionFunc{
	"DescribeInstanceStatus": (*Handler).describeInstanceStatus,
	"DescribeInstances":      (*Handler).describeInstances,
	"RunInstances":           (*Handler).runInstances,
	"CreateInstance":         (*Handler).createInstance,
	"StartInstance":          single(compute.OpStart),
	"StopInstance":           single(compute.OpStop),
	"RebootInstance":         single(compute.OpReboot),
	"DeleteInstance":         single(compute.OpTerminate),
	"StartInstances":         batch(compute.OpStart),
	"StopInstances":          batch(compute.OpStop),
	"RebootInstances":        batch(compute.OpReboot),
	"DeleteInstances":        (*Handler).deleteInstances,
	"DescribeRegions":        (*Handler).describeRegions,
	"DescribeZones":          (*Handler).describeZones,
}

// statusSpelling is how ECS spells each status (reference 2.8). ECS knows
// only five; it shows a reboot as Starting and has no terminating,
// recycled or failed status, so those borrow the nearest one. Terminated
// instances are never shown.
var statusSpelling = map[compute.Status]string{
	compute.StatusPending:      "Pending",
	compute.StatusStarting:     "Starting",
	compute.StatusRunning:      "Running",
	compute.StatusStopping:     "Stopping",
	compute.StatusStopped:      "Stopped",
	compute.StatusRebooting:    "Starting",
	compute.StatusTerminating:  "Stopping",
	compute.StatusRecycled:     "Stopped",
	compute.StatusLaunchFailed: "Stopped",
}

// statusesSpelled returns every status ECS spells as s: the inverse of
// statusSpelling, for status filters.
func statusesSpelled(s string) []compute.Status {
	var out []compute.Status
	for _, st := range compute.Statuses {
		if statusSpelling[st] == s {
			out = append(out, st)
		}
	}
	return out
}

// region reads the RegionId parameter: required, and known.
func (h *Handler) region(c *call) (compute.Region, error) {
	id, err := c.params.required("RegionId")
	if err != nil {
		return compute.Region{}, err
	}
	return h.svc.Region(compute.CloudAliyun, compute.RegionID(id))
}

// optionalRegion reads RegionId when present; calls on named instances take
// it from the SDK's client region and scope the call to it.
func (h *Handler) optionalRegion(c *call) (compute.RegionID, error) {
	id := c.params.get("RegionId")
	if id == "" {
		return "", nil
	}
	r, err := h.svc.Region(compute.CloudAliyun, compute.RegionID(id))
	return r.ID, err
}

// zone reads an optional ZoneId, which must lie in region.
func (h *Handler) zone(c *call, region compute.Region) (compute.ZoneID, error) {
	id := c.params.get("ZoneId")
	if id == "" {
		return "", nil
	}
	z, err := h.svc.ZoneIn(compute.CloudAliyun, region.ID, compute.ZoneID(id))
	return z.ID, err
}

// dryRun reads the DryRun parameter.
func dryRun(c *call) (bool, error) { return c.params.boolean("DryRun") }
