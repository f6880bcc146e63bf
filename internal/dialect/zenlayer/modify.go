package zenlayer

import (
	"strconv"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
)

// What changes about an instance after its creation: its name, its
// operating system (ResetInstance), its password, its type and IP
// forwarding.

type modifyInstancesAttributeRequest struct {
	InstanceIDs  []string `json:"instanceIds"`
	InstanceName *string  `json:"instanceName"`
}

// modifyInstancesAttribute renames instances: all, or none when one is not
// found.
func (h *Handler) modifyInstancesAttribute(c *call) (any, error) {
	var req modifyInstancesAttributeRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	ids, err := requiredIDs("instanceIds", req.InstanceIDs)
	if err != nil {
		return nil, err
	}
	name, err := required("instanceName", req.InstanceName)
	if err != nil {
		return nil, err
	}
	if err := checkName("instanceName", name, minNameLength, maxNameLength, ""); err != nil {
		return nil, err
	}
	_, err = h.Svc.ModifyInstances(c.ctx(), c.owner, ids, func(inst *compute.Instance) error {
		inst.Name = name
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ack(c), nil
}

type resetInstanceRequest struct {
	InstanceID   *string `json:"instanceId"`
	Password     *string `json:"password"`
	KeyID        *string `json:"keyId"`
	ImageID      *string `json:"imageId"`
	Timezone     *string `json:"timezone"`
	EnableAgent  *bool   `json:"enableAgent"`
	InstanceName *string `json:"instanceName"`
	UserData     *string `json:"userData"`
}

// resetInstance reinstalls a stopped instance, with its image or another,
// and a new password or key pair (neither keeps its login as it is), time
// zone, agent setting, name and user data. It shows REBUILDING for one
// transition delay, then RUNNING, as the Terraform provider waits for.
func (h *Handler) resetInstance(c *call) (any, error) {
	var req resetInstanceRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	id, err := requiredID("instanceId", req.InstanceID)
	if err != nil {
		return nil, err
	}
	inst, err := h.instance(c, id)
	if err != nil {
		return nil, err
	}
	imageID := inst.ImageID
	if set(req.ImageID) {
		imageID = *req.ImageID
	}
	im, err := h.image(imageID)
	if err != nil {
		return nil, err
	}
	if inst.SystemDisk.SizeGiB > 0 && inst.SystemDisk.SizeGiB < im.SizeGiB {
		return nil, invalidParameter("imageId", "image %s needs a system disk of %d GiB; the instance's has %d", im.ID, im.SizeGiB, inst.SystemDisk.SizeGiB)
	}
	var login loginSpec
	if set(req.Password) || set(req.KeyID) {
		if login, err = checkLogin(im, req.Password, req.KeyID); err != nil {
			return nil, err
		}
		if login.keyPair != "" {
			if err := h.allExist(c, compute.KindKeyPair, []string{login.keyPair}); err != nil {
				return nil, err
			}
		}
	}
	if set(req.Timezone) {
		if err := checkTimeZone("timezone", *req.Timezone); err != nil {
			return nil, err
		}
	}
	var names []string
	if req.InstanceName != nil {
		if names, err = instanceNames(*req.InstanceName, 1); err != nil {
			return nil, err
		}
	}
	if req.UserData != nil && len(*req.UserData) > maxUserData {
		return nil, invalidParameter("userData", "must be at most %d bytes", maxUserData)
	}
	_, err = h.Svc.ModifyInstances(c.ctx(), c.owner, []compute.InstanceID{inst.ID}, func(i *compute.Instance) error {
		if err := stoppedForChange(*i); err != nil {
			return err
		}
		i.ImageID = imageID
		if set(req.Password) || set(req.KeyID) {
			i.KeyPair, i.HasPassword = compute.KeyPairID(login.keyPair), login.password
		}
		if set(req.Timezone) {
			i.Extra = withExtra(i.Extra, extraTimeZone, *req.Timezone)
		}
		if req.EnableAgent != nil {
			i.Extra = withExtra(i.Extra, extraAgent, strconv.FormatBool(*req.EnableAgent))
		}
		if names != nil {
			i.Name = names[0]
		}
		if req.UserData != nil {
			i.UserData = *req.UserData
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if _, err := h.Svc.Act(c.ctx(), compute.OpStart, compute.Selection{Owner: c.owner, IDs: []compute.InstanceID{inst.ID}},
		compute.ActOptions{AllOrNothing: true}); err != nil {
		return nil, err
	}
	// The reinstall lasts as long as the start it rides on: REBUILDING
	// shows until that stage ends.
	started, err := h.instance(c, id)
	if err != nil {
		return nil, err
	}
	if end := started.SettlesAt(); !end.IsZero() {
		_, err = h.Svc.ModifyInstances(c.ctx(), c.owner, []compute.InstanceID{inst.ID}, func(i *compute.Instance) error {
			i.Extra = withExtra(i.Extra, extraRebuildUntil, end.UTC().Format(time.RFC3339Nano))
			return nil
		})
	}
	if err != nil {
		return nil, err
	}
	return ack(c), nil
}

// stoppedForChange refuses a change that needs a stopped instance, with
// the error that explains why best.
func stoppedForChange(inst compute.Instance) error {
	if inst.Status == compute.StatusStopped {
		return nil
	}
	return &compute.Error{Code: compute.IncorrectState, Op: string(compute.OpStart), Param: "instance",
		Instance: inst.ID, Status: inst.Status, Message: "the instance must be stopped"}
}

type resetInstancePasswordRequest struct {
	InstanceID *string `json:"instanceId"`
	Password   *string `json:"password"`
}

// resetInstancePassword sets a new login password on a running or stopped
// instance; a key pair it has stays.
func (h *Handler) resetInstancePassword(c *call) (any, error) {
	var req resetInstancePasswordRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	id, err := requiredID("instanceId", req.InstanceID)
	if err != nil {
		return nil, err
	}
	password, err := required("password", req.Password)
	if err != nil {
		return nil, err
	}
	if err := checkPassword(password); err != nil {
		return nil, err
	}
	_, err = h.Svc.ModifyInstances(c.ctx(), c.owner, []compute.InstanceID{compute.InstanceID(id)}, func(i *compute.Instance) error {
		if i.Status != compute.StatusRunning && i.Status != compute.StatusStopped {
			return settledForChange(*i)
		}
		i.HasPassword = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ack(c), nil
}

// settledForChange refuses a change to an instance in a transitional or
// final status.
func settledForChange(inst compute.Instance) error {
	return &compute.Error{Code: compute.IncorrectState, Param: "instance", Instance: inst.ID, Status: inst.Status,
		Message: "the instance is not running or stopped"}
}

type modifyInstanceTypeRequest struct {
	InstanceID   *string `json:"instanceId"`
	InstanceType *string `json:"instanceType"`
}

// modifyInstanceType changes a stopped instance's type, at once, to one
// offered in its zone.
func (h *Handler) modifyInstanceType(c *call) (any, error) {
	var req modifyInstanceTypeRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	id, err := requiredID("instanceId", req.InstanceID)
	if err != nil {
		return nil, err
	}
	instanceType, err := required("instanceType", req.InstanceType)
	if err != nil {
		return nil, err
	}
	_, err = h.Svc.ModifyInstances(c.ctx(), c.owner, []compute.InstanceID{compute.InstanceID(id)}, func(i *compute.Instance) error {
		if err := stoppedForChange(*i); err != nil {
			return err
		}
		i.InstanceType = instanceType
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ack(c), nil
}

type instanceIDRequest struct {
	InstanceID *string `json:"instanceId"`
}

// ipForward serves StartIpForward and StopIpForward: IP forwarding of a
// running or stopped instance's NIC, on or off.
func ipForward(on bool) actionFunc {
	return func(h *Handler, c *call) (any, error) {
		var req instanceIDRequest
		if err := decode(c, &req); err != nil {
			return nil, err
		}
		id, err := requiredID("instanceId", req.InstanceID)
		if err != nil {
			return nil, err
		}
		_, err = h.Svc.ModifyInstances(c.ctx(), c.owner, []compute.InstanceID{compute.InstanceID(id)}, func(i *compute.Instance) error {
			if i.Status != compute.StatusRunning && i.Status != compute.StatusStopped {
				return settledForChange(*i)
			}
			i.Extra = withExtra(i.Extra, extraIPForward, strconv.FormatBool(on))
			return nil
		})
		if err != nil {
			return nil, err
		}
		return ack(c), nil
	}
}

// instance loads an instance of the account, as it shows now.
func (h *Handler) instance(c *call, id string) (compute.Instance, error) {
	page, err := h.Svc.List(c.ctx(), compute.Query{Owner: c.owner, IDs: []compute.InstanceID{compute.InstanceID(id)}, Limit: 1})
	if err != nil {
		return compute.Instance{}, err
	}
	if len(page.Instances) == 0 {
		return compute.Instance{}, notFound(compute.KindInstance, id)
	}
	return page.Instances[0], nil
}
