package tencent

import (
	"fmt"
	"unicode/utf8"

	"github.com/ecsd/ecsd/internal/compute"
)

// RunInstances rules (reference 3.8, SDK model docs).
const (
	chargePostPaid      = "POSTPAID_BY_HOUR"
	chargePrePaid       = "PREPAID"
	defaultInstanceType = "S5.MEDIUM4"
	// defaultInstanceName is CVM's name for an instance launched without one.
	defaultInstanceName = "未命名"
	maxPostPaidCount    = 100
	maxPrePaidCount     = 300
	maxInstanceName     = 60
	maxClientToken      = 64
)

// chargeTypes are the InstanceChargeType values CVM accepts. Only PREPAID
// changes the lifecycle (the recycle bin); the others bill by the hour in
// ecsd's eyes.
var chargeTypes = []string{chargePostPaid, chargePrePaid, "SPOTPAID", "CDHPAID", "CDCPAID"}

var chargeTypeSpelling = map[compute.ChargeType]string{compute.PostPaid: chargePostPaid, compute.PrePaid: chargePrePaid}

// runInstancesParams are RunInstances' parameters in the SDK's model. ecsd
// reads Placement, ImageId, InstanceType, InstanceChargeType, InstanceCount,
// InstanceName, ClientToken and DryRun; it accepts the others and ignores
// them, since it keeps no disks, networks or keys.
var runInstancesParams = []string{
	"InstanceChargeType", "InstanceChargePrepaid", "Placement", "InstanceType", "ImageId",
	"SystemDisk", "DataDisks", "VirtualPrivateCloud", "InternetAccessible", "InstanceCount",
	"InstanceName", "LoginSettings", "SecurityGroupIds", "EnhancedService", "ClientToken",
	"HostName", "ActionTimer", "DisasterRecoverGroupIds", "TagSpecification",
	"InstanceMarketOptions", "UserData", "DryRun", "CpuTopology", "CamRoleName", "HpcClusterId",
	"LaunchTemplate", "DedicatedClusterId", "ChcIds", "DisableApiTermination",
}

type runInstancesResponse struct {
	InstanceIDSet []string `json:"InstanceIdSet"`
	RequestID     string   `json:"RequestId"`
}

// runInstances creates instances: PENDING, then RUNNING, or LAUNCH_FAILED
// for the fault-switch image (reference 3.7). A DryRun that passes answers
// with a RequestId and no instances, as the API documents.
func (h *Handler) runInstances(c *call) (any, error) {
	p := c.params
	if err := p.only(runInstancesParams...); err != nil {
		return nil, err
	}
	if p.has("LaunchTemplate") {
		return nil, &apiError{"InvalidParameterValue.LaunchTemplateNotFound", "ecsd keeps no launch templates; give Placement and ImageId instead."}
	}
	zone, err := placementZone(p)
	if err != nil {
		return nil, err
	}
	image, ok, err := p.str("ImageId")
	if err != nil {
		return nil, err
	}
	if !ok || image == "" {
		return nil, missingParameter("ImageId")
	}
	instanceType, ok, err := p.str("InstanceType")
	if err != nil {
		return nil, err
	}
	if !ok || instanceType == "" {
		instanceType = defaultInstanceType
	}
	charge, err := p.oneOf("InstanceChargeType", chargePostPaid, chargeTypes...)
	if err != nil {
		return nil, err
	}
	count, err := instanceCount(p, charge)
	if err != nil {
		return nil, err
	}
	name, ok, err := p.str("InstanceName")
	if err != nil {
		return nil, err
	}
	if utf8.RuneCountInString(name) > maxInstanceName {
		return nil, errNameTooLong
	}
	if !ok || name == "" {
		name = defaultInstanceName
	}
	token, _, err := p.str("ClientToken")
	if err != nil {
		return nil, err
	}
	if len(token) > maxClientToken || !printableASCII(token) {
		return nil, errTokenTooLong
	}
	dry, _, err := p.boolean("DryRun")
	if err != nil {
		return nil, err
	}
	spec := compute.LaunchSpec{
		Owner: c.owner, Region: c.region, Zone: zone, Count: count,
		Name: name, ImageID: image, InstanceType: instanceType, ChargeType: compute.PostPaid,
		ClientToken: token, Boot: compute.BootDirect, DryRun: dry, NewID: newInstanceID,
	}
	if charge == chargePrePaid {
		spec.ChargeType = compute.PrePaid
	}
	created, err := h.Svc.Launch(c.ctx(), spec)
	if dry && compute.ErrorCode(err) == compute.DryRunPassed {
		return runInstancesResponse{InstanceIDSet: []string{}, RequestID: c.requestID}, nil
	}
	if err != nil {
		return nil, err
	}
	resp := runInstancesResponse{InstanceIDSet: make([]string, len(created)), RequestID: c.requestID}
	for i, inst := range created {
		resp.InstanceIDSet[i] = string(inst.ID)
	}
	return resp, nil
}

// placementZone reads Placement.Zone, which RunInstances requires.
func placementZone(p params) (compute.ZoneID, error) {
	pl, ok, err := p.object("Placement")
	if err != nil {
		return "", err
	}
	if !ok {
		return "", missingParameter("Placement")
	}
	if err := pl.only("Zone", "ProjectId", "HostIds", "HostId"); err != nil {
		return "", err
	}
	if _, _, err := pl.integer("ProjectId"); err != nil {
		return "", err
	}
	zone, ok, err := pl.str("Zone")
	if err != nil {
		return "", err
	}
	if !ok || zone == "" {
		return "", missingParameter("Placement.Zone")
	}
	return compute.ZoneID(zone), nil
}

// instanceCount reads InstanceCount: 1 to 100 instances billed by the hour,
// 1 to 300 prepaid ones.
func instanceCount(p params, charge string) (int, error) {
	n, ok, err := p.integer("InstanceCount")
	if err != nil || !ok {
		return 1, err
	}
	limit := int64(maxPostPaidCount)
	if charge == chargePrePaid {
		limit = maxPrePaidCount
	}
	if n < 1 || n > limit {
		return 0, &apiError{"InvalidParameterValue.Range", fmt.Sprintf("The value of `InstanceCount` must be between 1 and %d for %s instances.", limit, charge)}
	}
	return int(n), nil
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}
