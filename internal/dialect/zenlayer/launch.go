package zenlayer

import (
	"unicode/utf8"

	"github.com/ecsd/ecsd/internal/compute"
)

// Limits of CreateZecInstances (reference 4.7; the name length is the
// terraform provider's rule for ZEC instances).
const (
	maxInstanceCount = 100
	minNameLength    = 2
	maxNameLength    = 63
)

// createZecInstancesRequest holds the parameters ecsd reads. The others the
// SDK sends (password, keyId, systemDisk, dataDisks, securityGroupId,
// bandwidth, tags, ...) are accepted and ignored: ecsd has no disks,
// networks or images to check them against.
type createZecInstancesRequest struct {
	ZoneID          *string `json:"zoneId"`
	ImageID         *string `json:"imageId"`
	InstanceType    *string `json:"instanceType"`
	InstanceCount   *int    `json:"instanceCount"`
	SubnetID        *string `json:"subnetId"`
	InstanceName    *string `json:"instanceName"`
	ResourceGroupID *string `json:"resourceGroupId"`
}

type createZecInstancesResponse struct {
	RequestID     string   `json:"requestId"`
	OrderNumber   string   `json:"orderNumber"`
	InstanceIDSet []string `json:"instanceIdSet"`
}

// required returns a required string parameter.
func required(name string, v *string) (string, error) {
	if v == nil || *v == "" {
		return "", missingParameter(name)
	}
	return *v, nil
}

// createZecInstances creates instances: DEPLOYING, then RUNNING, or
// CREATE_FAILED for the image compute.FailingImageID.
func (h *Handler) createZecInstances(c *call) (any, error) {
	var req createZecInstancesRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	zoneID, err := required("zoneId", req.ZoneID)
	if err != nil {
		return nil, err
	}
	image, err := required("imageId", req.ImageID)
	if err != nil {
		return nil, err
	}
	instanceType, err := required("instanceType", req.InstanceType)
	if err != nil {
		return nil, err
	}
	if req.InstanceCount == nil {
		return nil, missingParameter("instanceCount")
	}
	count := *req.InstanceCount
	if count < 1 || count > maxInstanceCount {
		return nil, invalidParameter("instanceCount", "must be between 1 and %d", maxInstanceCount)
	}
	if _, err := required("subnetId", req.SubnetID); err != nil {
		return nil, err
	}
	var name string
	if req.InstanceName != nil {
		name = *req.InstanceName
		if n := utf8.RuneCountInString(name); n < minNameLength || n > maxNameLength {
			return nil, invalidParameter("instanceName", "must be %d to %d characters", minNameLength, maxNameLength)
		}
	}
	group, err := resourceGroup(req.ResourceGroupID)
	if err != nil {
		return nil, err
	}
	if group == "" {
		group = DefaultResourceGroupID
	}
	region, zone, err := h.Svc.Zone(compute.CloudZenlayer, compute.ZoneID(zoneID))
	if err != nil {
		return nil, err
	}
	created, err := h.Svc.Launch(c.ctx(), compute.LaunchSpec{
		Owner: c.owner, Region: region.ID, Zone: zone.ID, Count: count,
		Name: name, ImageID: image, InstanceType: instanceType, ResourceGroup: group,
		ChargeType: compute.PostPaid, Boot: compute.BootDirect, NewID: newInstanceIDs(c.in.ID),
	})
	if err != nil {
		return nil, err
	}
	resp := createZecInstancesResponse{RequestID: c.requestID, OrderNumber: orderNumber(c.in.ID), InstanceIDSet: make([]string, len(created))}
	for i, inst := range created {
		resp.InstanceIDSet[i] = string(inst.ID)
	}
	return resp, nil
}
