package aliyun

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/ecsd/ecsd/internal/compute"
)

// The actions that change an instance's shape, network and memberships:
// ModifyInstanceSpec, ModifyPrepayInstanceSpec, ModifyInstanceNetworkSpec,
// AllocatePublicIpAddress, Join/LeaveSecurityGroup, Attach/DetachKeyPair and
// JoinResourceGroup.

var (
	errPrepaidSpec    = &apiError{http.StatusBadRequest, "ChargeTypeViolation", "Subscription instances change their type with ModifyPrepayInstanceSpec."}
	errOperatorType   = &apiError{http.StatusBadRequest, "InvalidOperatorType.ValueNotSupported", "The specified OperatorType is not valid."}
	errTemporaryBand  = &apiError{http.StatusBadRequest, "InvalidParameter", "Temporary bandwidth upgrades are not supported by ecsd."}
	errBandwidthNone  = &apiError{http.StatusBadRequest, "InvalidParameter.Bandwidth", "The instance has no public bandwidth; set InternetMaxBandwidthOut first."}
	errIPAllocated    = &apiError{http.StatusForbidden, "AllocatedAlready", "The public IP address of the instance has already been allocated."}
	errJoinedAlready  = &apiError{http.StatusForbidden, "InvalidInstanceId.AlreadyExists", "The specified instance already exists in the specified security group."}
	errGroupLimit     = &apiError{http.StatusBadRequest, "InstanceSecurityGroupLimitExceeded", "Exceeding the allowed amount of security groups that an instance can be in."}
	errGroupMismatch  = &apiError{http.StatusBadRequest, "InvalidInstanceId.Mismatch", "Specified instance and security group are not in the same VPC."}
	errLastGroup      = &apiError{http.StatusForbidden, "InstanceLastSecurityGroup", "The specified security group is the last security group for the instance."}
	errNotInGroup     = &apiError{http.StatusForbidden, "InstanceNotInSecurityGroup", "The instance not in the group."}
	errEniAndInstance = &apiError{http.StatusForbidden, "InvalidParam.EniIdAndInstanceId.Conflict", "InstanceId and NetworkInterfaceId cannot be set together."}
	errEniNotFound    = &apiError{http.StatusNotFound, "InvalidEniId.NotFound", "The specified NetworkInterfaceId does not exist."}
	errKeyPairAttach  = &apiError{http.StatusBadRequest, "InvalidKeyPairName.NotFound", "The specified KeyPairName does not exist in our records."}
	errKeyPairIDs     = &apiError{http.StatusBadRequest, "InvalidInstanceIds.ValueNotSupported", "The specified parameter InstanceIds is not valid."}
	errResourceType   = &apiError{http.StatusBadRequest, "InvalidResourceType.NotSupported", "This resource type is not supported; please try other resource types."}
	errResourceID     = &apiError{http.StatusNotFound, "InvalidResourceId.NotFound", "The specified ResourceId is not found in our records."}
)

// refuseDiskChanges refuses what ModifyInstanceSpec and
// ModifyPrepayInstanceSpec may change of disks alongside the type: disk
// categories change with ModifyDiskSpec here.
func refuseDiskChanges(p params) error {
	if p.get("SystemDisk.Category") != "" {
		return invalidParameter("SystemDisk.Category")
	}
	for name := range p {
		if strings.HasPrefix(name, "Disk.") {
			return invalidParameter("Disk.n.Category")
		}
	}
	if _, err := p.oneOf("ModifyMode", "Offline", "Offline"); err != nil {
		return err
	}
	return nil
}

type modifyInstanceSpecResponse struct {
	RequestID string `json:"RequestId" xml:"RequestId"`
	TaskID    string `json:"TaskId" xml:"TaskId"`
}

type orderResponse struct {
	RequestID string `json:"RequestId" xml:"RequestId"`
	OrderID   string `json:"OrderId" xml:"OrderId"`
}

// newOrderID is the ID of an order ecsd records as placed, drawn from the
// service's random source so that a seeded ecsd repeats it.
func (h *Handler) newOrderID() string { return "2" + h.Svc.Draw(digitsAlphabet, orderIDDigits-1) }

// setType changes an instance's type, which must be stopped: the new type
// must be offered in its zone (the core checks) and run its image.
func setType(cat compute.Catalog, inst *compute.Instance, typ string, mustStop bool) error {
	if typ == "" || typ == inst.InstanceType {
		return nil
	}
	if mustStop && inst.Status != compute.StatusStopped {
		return errIncorrectStatus
	}
	t, ok := cat.InstanceType(typ)
	switch {
	case !ok && len(cat.InstanceTypes) > 0:
		return &compute.Error{Code: compute.NotFound, Param: "instance_type", Value: typ, Message: "instance type " + typ + " does not exist"}
	case ok && !t.OfferedIn(inst.Zone):
		return &compute.Error{Code: compute.InvalidArgument, Param: "instance_type_zone", Value: typ, Message: "instance type " + typ + " is not offered in " + string(inst.Zone)}
	}
	if ok {
		if im, ok := cat.Image(inst.ImageID); ok && archOf(im.Architecture) != archOf(t.Architecture) {
			return errImageTypeConflict
		}
		if !burstable(&t) {
			setExtra(&inst.Meta, xCreditSpecification, "")
		} else if inst.Extra[xCreditSpecification] == "" {
			setExtra(&inst.Meta, xCreditSpecification, "Standard")
		}
	}
	// A new type has its own number of threads per core.
	setExtra(&inst.Meta, xCPUThreadsPerCore, "")
	inst.InstanceType = typ
	return nil
}

// setBandwidth changes the public bandwidth caps; none left releases the
// public address.
func setBandwidth(p params, inst *compute.Instance, outParam, inParam string) error {
	if p.get(outParam) != "" {
		out, err := p.integer(outParam, 0, 0, maxBandwidth)
		if err != nil {
			return errBandwidthOut
		}
		inst.BandwidthOut = out
		if out == 0 {
			setExtra(&inst.Meta, xPublicIPAllocated, "")
		}
	}
	if p.get(inParam) != "" {
		in, err := p.integer(inParam, 0, 1, max(maxBandwidthIn, inst.BandwidthOut))
		if err != nil {
			return errBandwidthIn
		}
		inst.BandwidthIn = in
	}
	return nil
}

// modifyInstanceSpec changes a postpaid instance's type (while it is
// stopped) and its public bandwidth.
func (h *Handler) modifyInstanceSpec(c *call) (any, error) {
	p := c.params
	id, err := p.required("InstanceId")
	if err != nil {
		return nil, err
	}
	if p.get("Temporary.InternetMaxBandwidthOut") != "" || p.get("Temporary.StartTime") != "" || p.get("Temporary.EndTime") != "" {
		return nil, errTemporaryBand
	}
	if err := refuseDiskChanges(p); err != nil {
		return nil, err
	}
	dry, err := dryRun(c)
	if err != nil {
		return nil, err
	}
	if token := p.get("ClientToken"); len(token) > maxClientToken || !ascii(token) {
		return nil, errClientToken
	}
	if _, err := p.boolean("AllowMigrateAcrossZone"); err != nil {
		return nil, err
	}
	if _, err := p.boolean("Async"); err != nil {
		return nil, err
	}
	cat := h.Svc.Catalog(compute.CloudAliyun)
	edit := func(inst *compute.Instance) error {
		if inst.ChargeType == compute.PrePaid {
			return errPrepaidSpec
		}
		if err := setType(cat, inst, p.get("InstanceType"), true); err != nil {
			return err
		}
		if err := setBandwidth(p, inst, "InternetMaxBandwidthOut", "InternetMaxBandwidthIn"); err != nil {
			return err
		}
		if dry {
			return &compute.Error{Code: compute.DryRunPassed, Op: "modify instance spec"}
		}
		return nil
	}
	if _, err := h.modify(c, []string{id}, edit); err != nil {
		return nil, err
	}
	return modifyInstanceSpecResponse{RequestID: c.requestID, TaskID: "t-" + h.Svc.Draw(lowerAlnum, 20)}, nil
}

// modifyPrepayInstanceSpec changes a prepaid instance's type, running or
// stopped, as an upgrade or a downgrade order.
func (h *Handler) modifyPrepayInstanceSpec(c *call) (any, error) {
	p := c.params
	if _, err := h.region(c); err != nil {
		return nil, err
	}
	id, err := p.required("InstanceId")
	if err != nil {
		return nil, err
	}
	typ, err := p.required("InstanceType")
	if err != nil {
		return nil, err
	}
	if _, err := p.oneOf("OperatorType", "upgrade", "upgrade", "downgrade"); err != nil {
		return nil, errOperatorType
	}
	if err := refuseDiskChanges(p); err != nil {
		return nil, err
	}
	for _, name := range []string{"EndTime", "RebootTime"} {
		if p.get(name) != "" {
			return nil, invalidParameter(name) // ecsd schedules no changes
		}
	}
	for _, b := range []string{"AutoPay", "MigrateAcrossZone", "RebootWhenFinished"} {
		if _, err := p.boolean(b); err != nil {
			return nil, err
		}
	}
	cat := h.Svc.Catalog(compute.CloudAliyun)
	_, err = h.modify(c, []string{id}, func(inst *compute.Instance) error {
		if inst.ChargeType != compute.PrePaid {
			return errChargeViolation
		}
		if err := runningOrStopped(inst); err != nil {
			return err
		}
		return setType(cat, inst, typ, false)
	})
	if err != nil {
		return nil, err
	}
	return orderResponse{RequestID: c.requestID, OrderID: h.newOrderID()}, nil
}

// modifyInstanceNetworkSpec changes the public bandwidth and its charge
// type; AllocatePublicIp allocates an address with it.
func (h *Handler) modifyInstanceNetworkSpec(c *call) (any, error) {
	p := c.params
	id, err := p.required("InstanceId")
	if err != nil {
		return nil, err
	}
	if p.get("StartTime") != "" || p.get("EndTime") != "" {
		return nil, errTemporaryBand
	}
	if p.get("ISP") != "" {
		return nil, refusedParam("Isp")
	}
	charge, err := p.oneOf("NetworkChargeType", "", internetByTraffic, internetByBandwidth)
	if err != nil {
		return nil, errInternetCharge
	}
	allocate, err := p.boolean("AllocatePublicIp")
	if err != nil {
		return nil, err
	}
	if _, err := p.boolean("AutoPay"); err != nil {
		return nil, err
	}
	if token := p.get("ClientToken"); len(token) > maxClientToken || !ascii(token) {
		return nil, errClientToken
	}
	var prepaid bool
	_, err = h.modify(c, []string{id}, func(inst *compute.Instance) error {
		if err := runningOrStopped(inst); err != nil {
			return err
		}
		prepaid = inst.ChargeType == compute.PrePaid
		if err := setBandwidth(p, inst, "InternetMaxBandwidthOut", "InternetMaxBandwidthIn"); err != nil {
			return err
		}
		switch charge {
		case internetByTraffic:
			inst.InternetCharge = compute.ChargeByTraffic
		case internetByBandwidth:
			inst.InternetCharge = compute.ChargeByBandwidth
		}
		if allocate {
			if inst.BandwidthOut == 0 {
				return errBandwidthNone
			}
			setExtra(&inst.Meta, xPublicIPAllocated, "true")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	resp := orderResponse{RequestID: c.requestID}
	if prepaid {
		resp.OrderID = h.newOrderID()
	}
	return resp, nil
}

type allocatePublicIPAddressResponse struct {
	RequestID string `json:"RequestId" xml:"RequestId"`
	IPAddress string `json:"IpAddress" xml:"IpAddress"`
}

// allocatePublicIPAddress gives an instance with public bandwidth its
// public address.
func (h *Handler) allocatePublicIPAddress(c *call) (any, error) {
	p := c.params
	id, err := p.required("InstanceId")
	if err != nil {
		return nil, err
	}
	if p.get("VlanId") != "" {
		return nil, refusedParam("VlanId")
	}
	want := p.get("IpAddress")
	changed, err := h.modify(c, []string{id}, func(inst *compute.Instance) error {
		switch {
		case inst.Status != compute.StatusRunning && inst.Status != compute.StatusStopped:
			return errIncorrectStatus
		case inst.BandwidthOut == 0:
			return errBandwidthNone
		case extraBool(*inst, xPublicIPAllocated):
			return errIPAllocated
		case want != "" && want != inst.PublicIP.String():
			// ecsd hands out each instance's address from the pool;
			// another cannot be asked for.
			return invalidParameter("IpAddress")
		}
		setExtra(&inst.Meta, xPublicIPAllocated, "true")
		return nil
	})
	if err != nil {
		return nil, err
	}
	return allocatePublicIPAddressResponse{RequestID: c.requestID, IPAddress: changed[0].PublicIP.String()}, nil
}

// memberInstance finds the instance JoinSecurityGroup and
// LeaveSecurityGroup name: by InstanceId, or by the ID of its primary
// network interface.
func (h *Handler) memberInstance(c *call) (string, error) {
	id, eni := c.params.get("InstanceId"), c.params.get("NetworkInterfaceId")
	switch {
	case id != "" && eni != "":
		return "", errEniAndInstance
	case id != "":
		return id, nil
	case eni == "":
		return "", missingParameter("InstanceId")
	}
	region, err := h.optionalRegion(c)
	if err != nil {
		return "", err
	}
	page, err := h.Svc.List(c.ctx(), compute.Query{Owner: c.owner, Region: region, Limit: 1,
		Links: []compute.LinkFilter{{Attr: compute.LinkNIC, Values: []string{eni}}}})
	if err != nil {
		return "", err
	}
	if len(page.Instances) == 0 {
		return "", errEniNotFound
	}
	return string(page.Instances[0].ID), nil
}

// groupOf loads a security group of the caller.
func (h *Handler) groupOf(c *call, id string) (compute.SecurityGroup, error) {
	found, err := h.Svc.SecurityGroups(c.ctx(), c.owner, compute.Filter{IDs: []string{id}})
	if err != nil {
		return compute.SecurityGroup{}, err
	}
	if len(found) == 0 {
		return compute.SecurityGroup{}, &compute.Error{Code: compute.NotFound, Param: string(compute.KindSecurityGroup), Value: id, Message: "security group " + id + " does not exist"}
	}
	return found[0], nil
}

func (h *Handler) joinSecurityGroup(c *call) (any, error) {
	return h.changeMembership(c, true)
}

func (h *Handler) leaveSecurityGroup(c *call) (any, error) {
	return h.changeMembership(c, false)
}

// changeMembership adds an instance, running or stopped, to a security
// group of its VPC, or takes it out of one, keeping it in at least one.
func (h *Handler) changeMembership(c *call, join bool) (any, error) {
	groupID, err := c.params.required("SecurityGroupId")
	if err != nil {
		return nil, err
	}
	id, err := h.memberInstance(c)
	if err != nil {
		return nil, err
	}
	g, err := h.groupOf(c, groupID)
	if err != nil {
		return nil, err
	}
	_, err = h.modify(c, []string{id}, func(inst *compute.Instance) error {
		if err := runningOrStopped(inst); err != nil {
			return err
		}
		member := slices.Contains(inst.SecurityGroups, g.ID)
		switch {
		case join && member:
			return errJoinedAlready
		case join && g.Network != inst.Network:
			return errGroupMismatch
		case join && len(inst.SecurityGroups) >= maxInstanceGroups:
			return errGroupLimit
		case join:
			inst.SecurityGroups = append(inst.SecurityGroups, g.ID)
		case !member:
			return errNotInGroup
		case len(inst.SecurityGroups) == 1:
			return errLastGroup
		default:
			inst.SecurityGroups = slices.DeleteFunc(inst.SecurityGroups, func(s compute.SecurityGroupID) bool { return s == g.ID })
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

type keyPairResult struct {
	InstanceID string `json:"InstanceId" xml:"InstanceId"`
	Success    string `json:"Success" xml:"Success"`
	Code       string `json:"Code" xml:"Code"`
	Message    string `json:"Message" xml:"Message"`
}

// keyPairBindingResponse is the answer of AttachKeyPair and DetachKeyPair;
// the counts and Success are strings, as the SDKs declare them.
type keyPairBindingResponse struct {
	RequestID   string `json:"RequestId" xml:"RequestId"`
	KeyPairName string `json:"KeyPairName" xml:"KeyPairName"`
	TotalCount  string `json:"TotalCount" xml:"TotalCount"`
	FailCount   string `json:"FailCount" xml:"FailCount"`
	Results     struct {
		Result []keyPairResult `json:"Result" xml:"Result"`
	} `json:"Results" xml:"Results"`
}

// maxKeyPairInstances bounds InstanceIds of AttachKeyPair and DetachKeyPair.
const maxKeyPairInstances = 50

func (h *Handler) attachKeyPair(c *call) (any, error) { return h.bindKeyPair(c, true) }
func (h *Handler) detachKeyPair(c *call) (any, error) { return h.bindKeyPair(c, false) }

// bindKeyPair attaches a key pair to Linux instances, running or stopped,
// or detaches it; each instance answers for itself. The change takes
// effect at the next start, as on ECS.
func (h *Handler) bindKeyPair(c *call, attach bool) (any, error) {
	p := c.params
	region, err := h.region(c)
	if err != nil {
		return nil, err
	}
	name, err := p.required("KeyPairName")
	if err != nil {
		return nil, err
	}
	if _, err := p.required("InstanceIds"); err != nil {
		return nil, err
	}
	ids, err := p.jsonList("InstanceIds")
	if err != nil || len(ids) == 0 || len(ids) > maxKeyPairInstances {
		return nil, errKeyPairIDs
	}
	ids = dedupeStrings(ids)
	kp, err := h.Svc.KeyPairNamed(c.ctx(), c.owner, region.ID, name)
	if compute.ErrorCode(err) == compute.NotFound {
		return nil, errKeyPairAttach
	} else if err != nil {
		return nil, err
	}
	found, err := h.instances(c, ids)
	if err != nil {
		return nil, err
	}
	cat := h.Svc.Catalog(compute.CloudAliyun)
	byID := map[string]compute.Instance{}
	for _, inst := range found {
		if im, ok := cat.Image(inst.ImageID); ok && im.OSType == osWindows {
			return nil, errKeyPairWindows
		}
		byID[string(inst.ID)] = inst
	}
	resp := keyPairBindingResponse{RequestID: c.requestID, KeyPairName: name, TotalCount: strconv.Itoa(len(ids))}
	var change []string
	fail := 0
	for _, id := range ids {
		r := keyPairResult{InstanceID: id, Success: "true", Code: instanceResponseOK, Message: "successful"}
		inst, ok := byID[id]
		var refusal *apiError
		switch {
		case !ok:
			refusal = toAPIError(instanceNotFound(id))
		case inst.Status != compute.StatusRunning && inst.Status != compute.StatusStopped:
			refusal = errIncorrectStatus
		case !attach && inst.KeyPair != kp.ID:
			refusal = &apiError{http.StatusBadRequest, "InvalidKeyPairName.NotFound", "The instance does not use the specified key pair."}
		default:
			change = append(change, id)
		}
		if refusal != nil {
			r.Success, r.Code, r.Message = "false", refusal.Code, refusal.Message
			fail++
		}
		resp.Results.Result = append(resp.Results.Result, r)
	}
	resp.FailCount = strconv.Itoa(fail)
	if len(change) > 0 {
		_, err := h.modify(c, change, func(inst *compute.Instance) error {
			if attach {
				inst.KeyPair = kp.ID
			} else {
				inst.KeyPair = ""
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return resp, nil
}
