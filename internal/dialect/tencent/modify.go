package tencent

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/ecsd/ecsd/internal/compute"
)

// The CVM actions that change an instance in place: its attributes, its
// login, its type, its bandwidth, its system disk, its project and
// renewal. Each makes itself the instance's latest operation.

type instanceAttribute struct {
	InstanceID string `json:"InstanceId"`
	Attributes struct {
		UserData string `json:"UserData"`
	} `json:"Attributes"`
}

type describeInstancesAttributesResponse struct {
	InstanceSet []instanceAttribute `json:"InstanceSet"`
	RequestID   string              `json:"RequestId"`
}

// describeInstancesAttributes shows the user data of instances, as it was
// given (Base64).
func (h *Handler) describeInstancesAttributes(c *call) (any, error) {
	p := c.params
	if err := p.only("Attributes", "InstanceIds"); err != nil {
		return nil, err
	}
	attrs, _, err := p.strs("Attributes")
	if err != nil {
		return nil, err
	}
	if len(attrs) == 0 {
		return nil, missingParameter("Attributes")
	}
	for _, a := range attrs {
		if a != "UserData" {
			return nil, invalidValuef("The attribute `%s` is not one of UserData.", a)
		}
	}
	ids, err := requiredInstanceIDs(p)
	if err != nil {
		return nil, err
	}
	page, err := h.Svc.List(c.ctx(), compute.Query{Owner: c.owner, Region: c.region, IDs: ids, Limit: len(ids)})
	if err != nil {
		return nil, err
	}
	resp := describeInstancesAttributesResponse{InstanceSet: make([]instanceAttribute, len(page.Instances)), RequestID: c.requestID}
	for i, inst := range page.Instances {
		resp.InstanceSet[i].InstanceID = string(inst.ID)
		resp.InstanceSet[i].Attributes.UserData = inst.UserData
	}
	return resp, nil
}

// requiredInstanceIDs reads InstanceIds, which must name 1 to 100.
func requiredInstanceIDs(p params) ([]compute.InstanceID, error) {
	ids, _, err := instanceIDs(p)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, missingParameter("InstanceIds")
	}
	return ids, nil
}

// modifyInstances changes instances of the caller in the request's region
// through edit, all or none, and makes the call their latest operation.
// settled requires each to be running or stopped.
func (h *Handler) modifyInstances(c *call, ids []compute.InstanceID, settled bool, edit func(*compute.Instance) error) ([]compute.Instance, error) {
	page, err := h.Svc.List(c.ctx(), compute.Query{Owner: c.owner, Region: c.region, IDs: ids, Limit: len(ids)})
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		i := slices.IndexFunc(page.Instances, func(inst compute.Instance) bool { return inst.ID == id })
		if i < 0 {
			return nil, &compute.Error{Code: compute.NotFound, Param: string(compute.KindInstance), Instance: id, Message: fmt.Sprintf("instance %s does not exist", id)}
		}
		if inst := page.Instances[i]; settled && inst.Status != compute.StatusRunning && inst.Status != compute.StatusStopped {
			return nil, &compute.Error{Code: compute.IncorrectState, Param: string(compute.KindInstance), Instance: id, Status: inst.Status,
				Message: fmt.Sprintf("instance %s is %s", id, inst.Status)}
		}
	}
	return h.Svc.ModifyInstances(c.ctx(), c.owner, ids, func(inst *compute.Instance) error {
		if err := edit(inst); err != nil {
			return err
		}
		setOperation(c, inst, nil)
		return nil
	})
}

// modifyInstancesAttribute changes one attribute of instances per call:
// name, user data, security groups, CAM role, host name or termination
// protection.
func (h *Handler) modifyInstancesAttribute(c *call) (any, error) {
	p := c.params
	if err := p.only("InstanceIds", "InstanceName", "UserData", "SecurityGroups", "CamRoleName", "HostName",
		"DisableApiTermination", "CamRoleType", "AutoReboot"); err != nil {
		return nil, err
	}
	ids, err := requiredInstanceIDs(p)
	if err != nil {
		return nil, err
	}
	var edits []func(*compute.Instance) error
	if name, ok, err := p.str("InstanceName"); err != nil {
		return nil, err
	} else if ok {
		if len([]rune(name)) > maxInstanceName {
			return nil, errNameTooLong
		}
		edits = append(edits, func(i *compute.Instance) error { i.Name = name; return nil })
	}
	if data, ok, err := p.str("UserData"); err != nil {
		return nil, err
	} else if ok {
		if err := checkUserData(data); err != nil {
			return nil, err
		}
		edits = append(edits, func(i *compute.Instance) error { i.UserData = data; return nil })
	}
	if groups, ok, err := p.strs("SecurityGroups"); err != nil {
		return nil, err
	} else if ok {
		sgs, err := securityGroupIDs(groups)
		if err != nil {
			return nil, err
		}
		if len(sgs) == 0 {
			return nil, missingParameter("SecurityGroups")
		}
		edits = append(edits, func(i *compute.Instance) error { i.SecurityGroups = sgs; return nil })
	}
	if role, ok, err := p.str("CamRoleName"); err != nil {
		return nil, err
	} else if ok {
		if _, err := p.oneOf("CamRoleType", "", "", "user", "system", "service"); err != nil {
			return nil, err
		}
		edits = append(edits, func(i *compute.Instance) error { setExtra(i, extraCamRole, role); return nil })
	}
	if host, ok, err := p.str("HostName"); err != nil {
		return nil, err
	} else if ok {
		if !validHostName(host) {
			return nil, &apiError{"InvalidParameter.HostNameIllegal", "The HostName must be 2 to 60 letters, digits, dots and hyphens, not starting or ending with a dot or hyphen."}
		}
		edits = append(edits, func(i *compute.Instance) error { i.HostName = host; return nil })
	}
	if protect, ok, err := p.boolean("DisableApiTermination"); err != nil {
		return nil, err
	} else if ok {
		edits = append(edits, func(i *compute.Instance) error { i.DeletionProtection = protect; return nil })
	}
	if _, _, err := p.boolean("AutoReboot"); err != nil {
		return nil, err
	}
	if len(edits) != 1 {
		return nil, invalidParameterf("ModifyInstancesAttribute changes exactly one of InstanceName, UserData, SecurityGroups, CamRoleName, HostName and DisableApiTermination per call; this one names %d.", len(edits))
	}
	if _, err := h.modifyInstances(c, ids, false, edits[0]); err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

func setExtra(i *compute.Instance, key, value string) {
	if i.Extra == nil {
		i.Extra = map[string]string{}
	}
	i.Extra[key] = value
}

// resetInstance reinstalls an instance: from ImageId (its own unless
// given), with new login settings, enhanced services, host name and user
// data, and a system disk of a new size.
func (h *Handler) resetInstance(c *call) (any, error) {
	p := c.params
	if err := p.only("InstanceId", "ImageId", "SystemDisk", "LoginSettings", "EnhancedService", "HostName", "UserData"); err != nil {
		return nil, err
	}
	id, err := oneInstanceID(p)
	if err != nil {
		return nil, err
	}
	inst, err := h.instanceByID(c, id)
	if err != nil {
		return nil, err
	}
	spec := compute.LaunchSpec{ImageID: inst.ImageID, Extra: map[string]string{}}
	if img, ok, err := p.str("ImageId"); err != nil {
		return nil, err
	} else if ok && img != "" {
		if !wellFormed(img, "img-") {
			return nil, &apiError{"InvalidImageId.Malformed", fmt.Sprintf("The image ID `%s` is malformed.", img)}
		}
		spec.ImageID = img
	}
	size := 0
	if sd, ok, err := p.object("SystemDisk"); err != nil {
		return nil, err
	} else if ok {
		if err := sd.only("DiskType", "DiskId", "DiskSize", "CdcId", "DiskName", "Encrypt", "KmsKeyId"); err != nil {
			return nil, err
		}
		if err := refuseSet(sd, "DiskId", "CdcId", "Encrypt", "KmsKeyId", "DiskName"); err != nil {
			return nil, err
		}
		if t, ok, err := sd.str("DiskType"); err != nil {
			return nil, err
		} else if ok && t != inst.SystemDisk.Category {
			return nil, &apiError{"UnsupportedOperation.SystemDiskType", "ecsd does not change the type of a system disk."}
		}
		if size, err = sd.intInRange("DiskSize", 0, 0, 1<<20); err != nil {
			return nil, err
		}
	}
	if err := h.readLogin(p, &spec); err != nil {
		return nil, err
	}
	if err := readEnhancedService(p, spec.Extra); err != nil {
		return nil, err
	}
	host, hostGiven, err := p.str("HostName")
	if err != nil {
		return nil, err
	}
	if hostGiven && !validHostName(host) {
		return nil, &apiError{"InvalidParameter.HostNameIllegal", "The HostName must be 2 to 60 letters, digits, dots and hyphens."}
	}
	data, dataGiven, err := p.str("UserData")
	if err != nil {
		return nil, err
	}
	if err := checkUserData(data); err != nil {
		return nil, err
	}
	if size > 0 && size != inst.SystemDisk.SizeGiB {
		if _, err := h.Svc.ResizeDisk(c.ctx(), c.owner, inst.SystemDisk.ID, size); err != nil {
			return nil, err
		}
	}
	_, err = h.modifyInstances(c, []compute.InstanceID{id}, true, func(i *compute.Instance) error {
		i.ImageID, i.KeyPair, i.HasPassword = spec.ImageID, spec.KeyPair, spec.HasPassword
		for k, v := range spec.Extra {
			setExtra(i, k, v)
		}
		if hostGiven {
			i.HostName = host
		}
		if dataGiven {
			i.UserData = data
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// oneInstanceID reads InstanceId, which is required.
func oneInstanceID(p params) (compute.InstanceID, error) {
	id, err := requiredStr(p, "InstanceId")
	if err != nil {
		return "", err
	}
	if !wellFormedID(id) {
		return "", malformedID(id)
	}
	return compute.InstanceID(id), nil
}

// resizeInstanceDisks grows an instance's system disk or its data disks.
func (h *Handler) resizeInstanceDisks(c *call) (any, error) {
	p := c.params
	if err := p.only("InstanceId", "DataDisks", "ForceStop", "SystemDisk", "ResizeOnline"); err != nil {
		return nil, err
	}
	id, err := oneInstanceID(p)
	if err != nil {
		return nil, err
	}
	for _, name := range []string{"ForceStop", "ResizeOnline"} {
		if _, _, err := p.boolean(name); err != nil {
			return nil, err
		}
	}
	inst, err := h.instanceByID(c, id)
	if err != nil {
		return nil, err
	}
	type resize struct {
		disk compute.DiskID
		size int
	}
	var resizes []resize
	if sd, ok, err := p.object("SystemDisk"); err != nil {
		return nil, err
	} else if ok {
		if err := sd.only("DiskType", "DiskId", "DiskSize", "CdcId", "DiskName", "Encrypt", "KmsKeyId"); err != nil {
			return nil, err
		}
		if t, ok, err := sd.str("DiskType"); err != nil {
			return nil, err
		} else if ok && t != inst.SystemDisk.Category {
			return nil, &apiError{"UnsupportedOperation.SystemDiskType", "ecsd does not change the type of a system disk."}
		}
		size, err := sd.intInRange("DiskSize", int64(inst.SystemDisk.SizeGiB), 1, 1<<20)
		if err != nil {
			return nil, err
		}
		if size != inst.SystemDisk.SizeGiB {
			resizes = append(resizes, resize{inst.SystemDisk.ID, size})
		}
	}
	disks, err := p.objects("DataDisks")
	if err != nil {
		return nil, err
	}
	attached, err := h.Svc.InstanceDisks(c.ctx(), c.owner, []compute.InstanceID{id})
	if err != nil {
		return nil, err
	}
	for _, d := range disks {
		if err := d.only("DiskSize", "DiskType", "DiskId", "DeleteWithInstance", "SnapshotId", "Encrypt", "KmsKeyId",
			"ThroughputPerformance", "CdcId", "BurstPerformance", "DiskName"); err != nil {
			return nil, err
		}
		diskID, err := requiredStr(d, "DiskId")
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(attached[id], func(a compute.Disk) bool { return string(a.ID) == diskID && !a.System }) {
			return nil, &apiError{"InvalidParameter.DataDiskNotBelongSpecifiedInstance", fmt.Sprintf("The disk `%s` is not a data disk of instance `%s`.", diskID, id)}
		}
		size, ok, err := d.integer("DiskSize")
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, missingParameter(d.prefix + "DiskSize")
		}
		resizes = append(resizes, resize{compute.DiskID(diskID), int(size)})
	}
	if len(resizes) == 0 {
		return nil, missingParameter("SystemDisk")
	}
	for _, r := range resizes {
		if _, err := h.Svc.ResizeDisk(c.ctx(), c.owner, r.disk, r.size); err != nil {
			return nil, err
		}
	}
	if _, err := h.modifyInstances(c, []compute.InstanceID{id}, false, func(*compute.Instance) error { return nil }); err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// resetInstancesType changes the type of instances.
func (h *Handler) resetInstancesType(c *call) (any, error) {
	p := c.params
	if err := p.only("InstanceIds", "InstanceType", "ForceStop"); err != nil {
		return nil, err
	}
	ids, err := requiredInstanceIDs(p)
	if err != nil {
		return nil, err
	}
	t, err := requiredStr(p, "InstanceType")
	if err != nil {
		return nil, err
	}
	if _, _, err := p.boolean("ForceStop"); err != nil {
		return nil, err
	}
	if _, err := h.modifyInstances(c, ids, true, func(i *compute.Instance) error { i.InstanceType = t; return nil }); err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// resetInstancesInternetMaxBandwidth changes the outbound bandwidth of
// instances.
func (h *Handler) resetInstancesInternetMaxBandwidth(c *call) (any, error) {
	p := c.params
	if err := p.only("InstanceIds", "InternetAccessible", "StartTime", "EndTime"); err != nil {
		return nil, err
	}
	ids, err := requiredInstanceIDs(p)
	if err != nil {
		return nil, err
	}
	ia, ok, err := p.object("InternetAccessible")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, missingParameter("InternetAccessible")
	}
	if err := ia.only("InternetChargeType", "InternetMaxBandwidthOut", "PublicIpAssigned", "BandwidthPackageId",
		"InternetServiceProvider", "IPv4AddressType", "IPv6AddressType", "AntiDDoSPackageId"); err != nil {
		return nil, err
	}
	charge, err := ia.oneOf("InternetChargeType", "", trafficPostpaid, bandwidthPostpaid, bandwidthPrepaid)
	if err != nil {
		return nil, err
	}
	bandwidth, ok, err := ia.integer("InternetMaxBandwidthOut")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, missingParameter("InternetAccessible.InternetMaxBandwidthOut")
	}
	if bandwidth < 0 || bandwidth > maxBandwidth {
		return nil, &apiError{"InvalidParameterValue.Range", fmt.Sprintf("`InternetAccessible.InternetMaxBandwidthOut` must be between 0 and %d.", maxBandwidth)}
	}
	for _, name := range []string{"StartTime", "EndTime"} {
		if _, _, err := p.str(name); err != nil {
			return nil, err
		}
	}
	_, err = h.modifyInstances(c, ids, false, func(i *compute.Instance) error {
		if charge != "" && charge != or(i.Extra[extraInternetCharge], trafficPostpaid) {
			return refused(invalidValuef("`InternetAccessible.InternetChargeType` %s is not the instance's; change the charge type with ModifyInstanceInternetChargeType.", charge))
		}
		i.BandwidthOut = int(bandwidth)
		if i.Extra[extraPublicIPAssigned] == "false" && bandwidth > 0 {
			setExtra(i, extraPublicIPAssigned, "true")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// resetInstancesPassword sets the login password of instances.
func (h *Handler) resetInstancesPassword(c *call) (any, error) {
	p := c.params
	if err := p.only("InstanceIds", "Password", "UserName", "ForceStop"); err != nil {
		return nil, err
	}
	ids, err := requiredInstanceIDs(p)
	if err != nil {
		return nil, err
	}
	pw, err := requiredStr(p, "Password")
	if err != nil {
		return nil, err
	}
	if _, _, err := p.str("UserName"); err != nil {
		return nil, err
	}
	if _, _, err := p.boolean("ForceStop"); err != nil {
		return nil, err
	}
	cat := h.Svc.Catalog(compute.CloudTencent)
	_, err = h.modifyInstances(c, ids, true, func(i *compute.Instance) error {
		img, _ := cat.Image(i.ImageID)
		if err := checkPassword(pw, img.OSType == "windows"); err != nil {
			return refused(err)
		}
		i.HasPassword = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// modifyInstancesProject moves instances to another project.
func (h *Handler) modifyInstancesProject(c *call) (any, error) {
	p := c.params
	if err := p.only("InstanceIds", "ProjectId"); err != nil {
		return nil, err
	}
	ids, err := requiredInstanceIDs(p)
	if err != nil {
		return nil, err
	}
	if !p.has("ProjectId") {
		return nil, missingParameter("ProjectId")
	}
	project, err := readProject(p, "ProjectId")
	if err != nil {
		return nil, err
	}
	_, err = h.modifyInstances(c, ids, false, func(i *compute.Instance) error {
		setExtra(i, extraProjectID, strconv.FormatInt(project, 10))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// modifyInstancesRenewFlag sets how prepaid instances renew.
func (h *Handler) modifyInstancesRenewFlag(c *call) (any, error) {
	p := c.params
	if err := p.only("InstanceIds", "RenewFlag"); err != nil {
		return nil, err
	}
	ids, err := requiredInstanceIDs(p)
	if err != nil {
		return nil, err
	}
	if !p.has("RenewFlag") {
		return nil, missingParameter("RenewFlag")
	}
	flag, err := p.oneOf("RenewFlag", "", renewFlags...)
	if err != nil {
		return nil, err
	}
	_, err = h.modifyInstances(c, ids, false, func(i *compute.Instance) error {
		if i.ChargeType != compute.PrePaid {
			return refused(&apiError{"UnsupportedOperation.InstanceChargeType", fmt.Sprintf("The instance `%s` is not prepaid; only prepaid instances renew.", i.ID)})
		}
		setExtra(i, extraRenewFlag, flag)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}
