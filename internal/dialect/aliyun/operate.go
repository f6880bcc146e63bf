package aliyun

import (
	"net/http"

	"github.com/ecsd/ecsd/internal/compute"
)

var errDeletionProtection = &apiError{http.StatusForbidden, "InvalidOperation.DeletionProtection", "The instance cannot be deleted because deletion protection is enabled."}

// refuseProtected refuses to delete instances with deletion protection on.
func (h *Handler) refuseProtected(c *call, ids []compute.InstanceID) error {
	found, err := h.instances(c, instanceKeysOf(ids))
	if err != nil {
		return err
	}
	for _, inst := range found {
		if inst.DeletionProtection {
			return errDeletionProtection
		}
	}
	return nil
}

func instanceKeysOf(ids []compute.InstanceID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = string(id)
	}
	return out
}

// stoppedMode reads StoppedMode of StopInstance(s): KeepCharging or
// StopCharging, which DescribeInstances shows while the instance is
// stopped.
func stoppedModeParam(c *call) (string, error) {
	return c.params.oneOf("StoppedMode", "", "KeepCharging", "StopCharging")
}

// recordStoppedMode makes a stop keep how the instances were stopped, in
// its own transaction, forgetting the mode of an earlier stop when none is
// given.
func recordStoppedMode(op compute.Operation, opts *compute.ActOptions, mode string) {
	if op != compute.OpStop {
		return
	}
	opts.Extra = func(extra map[string]string) map[string]string {
		m := compute.Meta{Extra: extra}
		setExtra(&m, xStoppedMode, mode)
		return m.Extra
	}
}

type requestOnlyResponse struct {
	RequestID string `json:"RequestId" xml:"RequestId"`
}

type instanceResponse struct {
	InstanceID     string `json:"InstanceId" xml:"InstanceId"`
	Code           string `json:"Code" xml:"Code"`
	Message        string `json:"Message" xml:"Message"`
	PreviousStatus string `json:"PreviousStatus" xml:"PreviousStatus"`
	CurrentStatus  string `json:"CurrentStatus" xml:"CurrentStatus"`
}

type batchResponse struct {
	RequestID         string `json:"RequestId" xml:"RequestId"`
	InstanceResponses struct {
		InstanceResponse []instanceResponse `json:"InstanceResponse" xml:"InstanceResponse"`
	} `json:"InstanceResponses" xml:"InstanceResponses"`
}

// Batch modes of StartInstances, StopInstances and RebootInstances.
const (
	allTogether  = "AllTogether"
	successFirst = "SuccessFirst"
)

// forceParam names the parameter that lets an operation go ahead from more
// statuses: DeleteInstance(s) deletes a running instance with Force=true,
// RebootInstances reboots a starting one with ForceReboot=true. StopInstance's
// ForceStop only changes how it stops, not from where.
var forceParam = map[compute.Operation]string{
	compute.OpTerminate: "Force",
	compute.OpReboot:    "ForceReboot",
}

// options reads the options every operation shares.
func options(c *call, op compute.Operation) (compute.ActOptions, error) {
	var opts compute.ActOptions
	var err error
	if opts.DryRun, err = dryRun(c); err != nil {
		return opts, err
	}
	if name, ok := forceParam[op]; ok {
		if opts.Force, err = c.params.boolean(name); err != nil {
			return opts, err
		}
	}
	// The flags that change only how an operation goes still have to be
	// booleans; hibernation is not modelled (ecsd launches nothing with
	// hibernation configured), so a hibernating stop is refused.
	for _, name := range flagParams[op] {
		set, err := c.params.boolean(name)
		if err != nil {
			return opts, err
		}
		if set && name == "Hibernate" {
			return opts, invalidParameter(name)
		}
	}
	return opts, nil
}

// flagParams are the other boolean parameters of each operation:
// StopInstance(s) and RebootInstance's ForceStop, StopInstance's
// deprecated ConfirmStop and its Hibernate, DeleteInstance(s)'s
// TerminateSubscription (ecsd bills nothing to end).
var flagParams = map[compute.Operation][]string{
	compute.OpStop:      {"ForceStop", "ConfirmStop", "Hibernate"},
	compute.OpReboot:    {"ForceStop"},
	compute.OpTerminate: {"TerminateSubscription"},
}

// single serves StartInstance, StopInstance, RebootInstance and
// DeleteInstance: one InstanceId, an error if it cannot take the operation.
// A deleted instance is gone at once; ECS lists no deleting status.
func single(op compute.Operation) actionFunc {
	return func(h *Handler, c *call) (any, error) {
		id, err := c.params.required("InstanceId")
		if err != nil {
			return nil, err
		}
		region, err := h.optionalRegion(c)
		if err != nil {
			return nil, err
		}
		opts, err := options(c, op)
		if err != nil {
			return nil, err
		}
		opts.AllOrNothing = true
		sel := compute.Selection{Owner: c.owner, Region: region, IDs: []compute.InstanceID{compute.InstanceID(id)}}
		mode, err := h.beforeAct(c, op, sel.IDs)
		if err != nil {
			return nil, err
		}
		recordStoppedMode(op, &opts, mode)
		if _, err := h.Svc.Act(c.ctx(), op, sel, opts); err != nil {
			return nil, err
		}
		return requestOnlyResponse{RequestID: c.requestID}, nil
	}
}

// batch serves StartInstances, StopInstances and RebootInstances:
// InstanceId.N, all together (the first refusal fails the call) or success
// first (each instance reports its own result).
func batch(op compute.Operation) actionFunc {
	return func(h *Handler, c *call) (any, error) {
		sel, opts, err := h.selection(c, op)
		if err != nil {
			return nil, err
		}
		mode, err := c.params.oneOf("BatchOptimization", allTogether, allTogether, successFirst)
		if err != nil {
			return nil, err
		}
		opts.AllOrNothing = mode == allTogether
		stopped, err := h.beforeAct(c, op, sel.IDs)
		if err != nil {
			return nil, err
		}
		recordStoppedMode(op, &opts, stopped)
		outcomes, err := h.Svc.Act(c.ctx(), op, sel, opts)
		if err != nil {
			return nil, err
		}
		resp := batchResponse{RequestID: c.requestID}
		resp.InstanceResponses.InstanceResponse = make([]instanceResponse, len(outcomes))
		for i, o := range outcomes {
			ir := instanceResponse{
				InstanceID: string(o.ID), Code: instanceResponseOK, Message: instanceResponseOKText,
				PreviousStatus: statusSpelling[o.Previous], CurrentStatus: statusSpelling[o.Current],
			}
			if o.Err != nil {
				a := toAPIError(o.Err)
				ir.Code, ir.Message = a.Code, a.Message
			}
			resp.InstanceResponses.InstanceResponse[i] = ir
		}
		return resp, nil
	}
}

// selection reads InstanceId.N (1 to 100) and the shared options.
func (h *Handler) selection(c *call, op compute.Operation) (compute.Selection, compute.ActOptions, error) {
	ids, err := c.params.repeated("InstanceId", errTooManyIDs)
	if err != nil {
		return compute.Selection{}, compute.ActOptions{}, err
	}
	if len(ids) == 0 {
		return compute.Selection{}, compute.ActOptions{}, missingParameter("InstanceId.1")
	}
	region, err := h.optionalRegion(c)
	if err != nil {
		return compute.Selection{}, compute.ActOptions{}, err
	}
	opts, err := options(c, op)
	if err != nil {
		return compute.Selection{}, compute.ActOptions{}, err
	}
	return compute.Selection{Owner: c.owner, Region: region, IDs: toInstanceIDs(ids)}, opts, nil
}

// deleteInstances deletes 1 to 100 instances of a region, all or none.
func (h *Handler) deleteInstances(c *call) (any, error) {
	if _, err := h.region(c); err != nil {
		return nil, err
	}
	sel, opts, err := h.selection(c, compute.OpTerminate)
	if err != nil {
		return nil, err
	}
	opts.AllOrNothing = true
	if err := h.refuseProtected(c, sel.IDs); err != nil {
		return nil, err
	}
	if _, err := h.Svc.Act(c.ctx(), compute.OpTerminate, sel, opts); err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// beforeAct checks what an operation needs beyond the lifecycle: deletion
// protection for a delete, a valid StoppedMode for a stop (returned).
func (h *Handler) beforeAct(c *call, op compute.Operation, ids []compute.InstanceID) (string, error) {
	switch op {
	case compute.OpTerminate:
		return "", h.refuseProtected(c, ids)
	case compute.OpStop:
		return stoppedModeParam(c)
	}
	return "", nil
}
