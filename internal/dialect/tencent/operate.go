package tencent

import (
	"fmt"

	"github.com/ecsd/ecsd/internal/compute"
)

// requestOnlyResponse is the answer of calls that return nothing but their
// RequestId.
type requestOnlyResponse struct {
	RequestID string `json:"RequestId"`
}

// operation is how one lifecycle action reads its request and acts.
type operation struct {
	// params are the action's parameters in the SDK's model.
	params []string
	// check validates the action's own parameters (how to stop, whether to
	// release disks) and returns what the instances keep of them.
	check func(p params) (map[string]string, error)
	opts  compute.ActOptions
}

var operations = map[compute.Operation]operation{
	compute.OpStart: {
		params: []string{"InstanceIds"},
		opts:   compute.ActOptions{AllOrNothing: true},
	},
	compute.OpStop: {
		params: []string{"InstanceIds", "ForceStop", "StopType", "StoppedMode"},
		check: func(p params) (map[string]string, error) {
			if _, _, err := p.boolean("ForceStop"); err != nil {
				return nil, err
			}
			if _, err := p.oneOf("StopType", "SOFT", "SOFT", "HARD", "SOFT_FIRST"); err != nil {
				return nil, err
			}
			mode, err := p.oneOf("StoppedMode", "KEEP_CHARGING", "KEEP_CHARGING", "STOP_CHARGING")
			return map[string]string{extraStoppedMode: mode}, err
		},
		opts: compute.ActOptions{AllOrNothing: true},
	},
	compute.OpReboot: {
		params: []string{"InstanceIds", "ForceReboot", "StopType"},
		check: func(p params) (map[string]string, error) {
			if _, _, err := p.boolean("ForceReboot"); err != nil {
				return nil, err
			}
			_, err := p.oneOf("StopType", "SOFT", "SOFT", "HARD", "SOFT_FIRST")
			return nil, err
		},
		opts: compute.ActOptions{AllOrNothing: true},
	},
	// Tencent terminates running instances; a prepaid instance goes to the
	// recycle bin (SHUTDOWN) first, and a terminated one shows TERMINATING
	// before it is gone (reference 3.7).
	compute.OpTerminate: {
		params: []string{"InstanceIds", "ReleaseAddress", "ReleasePrepaidDataDisks"},
		check: func(p params) (map[string]string, error) {
			if _, _, err := p.boolean("ReleaseAddress"); err != nil {
				return nil, err
			}
			_, _, err := p.boolean("ReleasePrepaidDataDisks")
			return nil, err
		},
		opts: compute.ActOptions{AllOrNothing: true, Force: true, Linger: true, Recycle: compute.RecyclePrePaid},
	},
}

// operate serves StartInstances, StopInstances, RebootInstances and
// TerminateInstances: 1 to 100 instances of the region, all or none. The
// first instance that cannot take the operation fails the call with
// UnsupportedOperation.InstanceState<State>, an unknown one with
// InvalidInstanceId.NotFound.
func operate(op compute.Operation) actionFunc {
	o := operations[op]
	return func(h *Handler, c *call) (any, error) {
		p := c.params
		if err := p.only(o.params...); err != nil {
			return nil, err
		}
		ids, _, err := instanceIDs(p)
		if err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			return nil, missingParameter("InstanceIds")
		}
		var keep map[string]string
		if o.check != nil {
			if keep, err = o.check(p); err != nil {
				return nil, err
			}
		}
		if op == compute.OpTerminate {
			if err := h.refuseProtected(c, ids); err != nil {
				return nil, err
			}
		}
		sel := compute.Selection{Owner: c.owner, Region: c.region, IDs: ids}
		outcomes, err := h.Svc.Act(c.ctx(), op, sel, o.opts)
		if err != nil {
			return nil, err
		}
		var still []compute.InstanceID
		for _, o := range outcomes {
			if o.Current != compute.StatusTerminated {
				still = append(still, o.ID)
			}
		}
		if err := h.recordOperation(c, still, keep); err != nil {
			return nil, err
		}
		return requestOnlyResponse{RequestID: c.requestID}, nil
	}
}

// refuseProtected refuses to terminate instances whose termination is
// disabled (DisableApiTermination).
func (h *Handler) refuseProtected(c *call, ids []compute.InstanceID) error {
	page, err := h.Svc.List(c.ctx(), compute.Query{Owner: c.owner, Region: c.region, IDs: ids, Limit: len(ids)})
	if err != nil {
		return err
	}
	for _, inst := range page.Instances {
		if inst.DeletionProtection {
			return &apiError{"UnsupportedOperation.InstancesProtected", fmt.Sprintf("The instance `%s` has termination disabled (DisableApiTermination).", inst.ID)}
		}
	}
	return nil
}

// recordOperation makes the call the latest operation of instances, with
// what else they keep of it.
func (h *Handler) recordOperation(c *call, ids []compute.InstanceID, keep map[string]string) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := h.Svc.ModifyInstances(c.ctx(), c.owner, ids, func(inst *compute.Instance) error {
		setOperation(c, inst, keep)
		return nil
	})
	return err
}

// setOperation makes the call an instance's latest operation.
func setOperation(c *call, inst *compute.Instance, keep map[string]string) {
	if inst.Extra == nil {
		inst.Extra = map[string]string{}
	}
	inst.Extra[extraLatestOperation], inst.Extra[extraLatestRequestID] = c.action, c.requestID
	for k, v := range keep {
		inst.Extra[k] = v
	}
}
