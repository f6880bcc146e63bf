package zenlayer

import (
	"github.com/ecsd/ecsd/internal/compute"
)

// operationRequest holds the parameters of StartInstances, StopInstances,
// RebootInstances and ReleaseInstances. forceShutdown (absent means forced)
// and dependResource change nothing ecsd models and are only type-checked.
type operationRequest struct {
	InstanceIDs    []string `json:"instanceIds"`
	ForceShutdown  *bool    `json:"forceShutdown"`
	ForceReboot    *bool    `json:"forceReboot"`
	DependResource *bool    `json:"dependResource"`
}

// operationResponse lists the instances that failed, as ZEC does.
type operationResponse struct {
	RequestID   string   `json:"requestId"`
	InstanceIDs []string `json:"instanceIds"`
}

// operation serves the four lifecycle calls. Each instance that can take
// the operation takes it; the others are listed in instanceIds. When no
// instance could take it, the call fails with the reason of the first one
// in request order (INVALID_INSTANCE_NOT_FOUND 404,
// OPERATION_DENIED_INSTANCE_NOT_STOPPED 403, ...), so a call on one
// instance fails as the vendor documents.
//
// ReleaseInstances releases running instances too (Force), shows RELEASING
// for one transition delay before the instance is gone (Linger), and with
// the recycle bin configured sends instances to RECYCLE first. The disks
// made with an instance go with it, unless dependResource is false: then
// they are detached and stay, as disks made on their own always do.
// RebootInstances with forceReboot also reboots BOOTING and REBOOT
// instances.
func operation(op compute.Operation) actionFunc {
	return func(h *Handler, c *call) (any, error) {
		var req operationRequest
		if err := decode(c, &req); err != nil {
			return nil, err
		}
		ids, err := requiredIDs("instanceIds", req.InstanceIDs)
		if err != nil {
			return nil, err
		}
		if op == compute.OpTerminate && req.DependResource != nil && !*req.DependResource {
			if err := h.keepDisks(c, ids); err != nil {
				return nil, err
			}
		}
		var opts compute.ActOptions
		switch op {
		case compute.OpReboot:
			opts.Force = req.ForceReboot != nil && *req.ForceReboot
		case compute.OpTerminate:
			opts.Force, opts.Linger, opts.Recycle = true, true, h.recycle
		}
		outcomes, err := h.Svc.Act(c.ctx(), op, compute.Selection{Owner: c.owner, IDs: ids}, opts)
		if err != nil {
			return nil, err
		}
		resp := operationResponse{RequestID: c.requestID, InstanceIDs: []string{}}
		var first error
		for _, o := range outcomes {
			if o.Err != nil {
				resp.InstanceIDs = append(resp.InstanceIDs, string(o.ID))
				if first == nil {
					first = o.Err
				}
			}
		}
		if len(resp.InstanceIDs) == len(outcomes) {
			return nil, first
		}
		return resp, nil
	}
}

// keepDisks makes the data disks of instances stay when they are
// released.
func (h *Handler) keepDisks(c *call, ids []compute.InstanceID) error {
	disks, err := h.Svc.InstanceDisks(c.ctx(), c.owner, ids)
	if err != nil {
		return err
	}
	for _, list := range disks {
		for _, d := range list {
			if d.System || !d.DeleteWithInstance {
				continue
			}
			if _, err := h.Svc.ModifyDisk(c.ctx(), c.owner, d.ID, func(d *compute.Disk) error {
				d.DeleteWithInstance = false
				return nil
			}); err != nil {
				return err
			}
		}
	}
	return nil
}
