package tencent

import (
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
	// check validates the action's own parameters, which change nothing in
	// ecsd (how to stop, whether to release disks).
	check func(p params) error
	opts  compute.ActOptions
}

var operations = map[compute.Operation]operation{
	compute.OpStart: {
		params: []string{"InstanceIds"},
		opts:   compute.ActOptions{AllOrNothing: true},
	},
	compute.OpStop: {
		params: []string{"InstanceIds", "ForceStop", "StopType", "StoppedMode"},
		check: func(p params) error {
			if _, _, err := p.boolean("ForceStop"); err != nil {
				return err
			}
			if _, err := p.oneOf("StopType", "SOFT", "SOFT", "HARD", "SOFT_FIRST"); err != nil {
				return err
			}
			_, err := p.oneOf("StoppedMode", "KEEP_CHARGING", "KEEP_CHARGING", "STOP_CHARGING")
			return err
		},
		opts: compute.ActOptions{AllOrNothing: true},
	},
	compute.OpReboot: {
		params: []string{"InstanceIds", "ForceReboot", "StopType"},
		check: func(p params) error {
			if _, _, err := p.boolean("ForceReboot"); err != nil {
				return err
			}
			_, err := p.oneOf("StopType", "SOFT", "SOFT", "HARD", "SOFT_FIRST")
			return err
		},
		opts: compute.ActOptions{AllOrNothing: true},
	},
	// Tencent terminates running instances; a prepaid instance goes to the
	// recycle bin (SHUTDOWN) first, and a terminated one shows TERMINATING
	// before it is gone (reference 3.7).
	compute.OpTerminate: {
		params: []string{"InstanceIds", "ReleasePrepaidDataDisks"},
		check: func(p params) error {
			_, _, err := p.boolean("ReleasePrepaidDataDisks")
			return err
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
		if o.check != nil {
			if err := o.check(p); err != nil {
				return nil, err
			}
		}
		sel := compute.Selection{Owner: c.owner, Region: c.region, IDs: ids}
		if _, err := h.Svc.Act(c.ctx(), op, sel, o.opts); err != nil {
			return nil, err
		}
		return requestOnlyResponse{RequestID: c.requestID}, nil
	}
}
