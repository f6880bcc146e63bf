package aliyun

import (
	"unicode/utf8"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
)

const (
	maxAmount          = 100
	maxClientToken     = 64
	maxInstanceName    = 128
	orderIDDigits      = 15
	chargePostPaid     = "PostPaid"
	chargePrePaid      = "PrePaid"
	digitsAlphabet     = "0123456789"
	launchTemplateID   = "LaunchTemplateId"
	launchTemplateName = "LaunchTemplateName"
)

type runInstancesResponse struct {
	RequestID      string  `json:"RequestId" xml:"RequestId"`
	OrderID        string  `json:"OrderId,omitempty" xml:"OrderId,omitempty"`
	TradePrice     float64 `json:"TradePrice" xml:"TradePrice"`
	InstanceIDSets struct {
		InstanceIDSet []string `json:"InstanceIdSet" xml:"InstanceIdSet"`
	} `json:"InstanceIdSets" xml:"InstanceIdSets"`
}

type createInstanceResponse struct {
	RequestID  string  `json:"RequestId" xml:"RequestId"`
	InstanceID string  `json:"InstanceId" xml:"InstanceId"`
	OrderID    string  `json:"OrderId,omitempty" xml:"OrderId,omitempty"`
	TradePrice float64 `json:"TradePrice" xml:"TradePrice"`
}

// launchSpec reads what RunInstances and CreateInstance share.
func (h *Handler) launchSpec(c *call, count int, boot compute.Boot) (compute.LaunchSpec, error) {
	region, err := h.region(c)
	if err != nil {
		return compute.LaunchSpec{}, err
	}
	zone, err := h.zone(c, region)
	if err != nil {
		return compute.LaunchSpec{}, err
	}
	fromTemplate := c.params.get(launchTemplateID) != "" || c.params.get(launchTemplateName) != ""
	image, instanceType := c.params.get("ImageId"), c.params.get("InstanceType")
	if !fromTemplate {
		if image == "" {
			return compute.LaunchSpec{}, missingParameter("ImageId")
		}
		if instanceType == "" {
			return compute.LaunchSpec{}, missingParameter("InstanceType")
		}
	}
	charge, err := c.params.oneOf("InstanceChargeType", chargePostPaid, chargePostPaid, chargePrePaid)
	if err != nil {
		return compute.LaunchSpec{}, err
	}
	name := c.params.get("InstanceName")
	if utf8.RuneCountInString(name) > maxInstanceName {
		return compute.LaunchSpec{}, invalidParameter("InstanceName")
	}
	token := c.params.get("ClientToken")
	if len(token) > maxClientToken || !ascii(token) {
		return compute.LaunchSpec{}, invalidParameter("ClientToken")
	}
	dry, err := dryRun(c)
	if err != nil {
		return compute.LaunchSpec{}, err
	}
	spec := compute.LaunchSpec{
		Owner: c.owner, Region: region.ID, Zone: zone, Count: count,
		Name: name, ImageID: image, InstanceType: instanceType,
		ResourceGroup: c.params.get("ResourceGroupId"), ClientToken: token,
		ChargeType: compute.PostPaid, Boot: boot, DryRun: dry, NewID: newInstanceID(region),
	}
	if charge == chargePrePaid {
		spec.ChargeType = compute.PrePaid
	}
	return spec, nil
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// orderID is set for prepaid launches only, which are the ones that order.
func orderID(spec compute.LaunchSpec) string {
	if spec.ChargeType != compute.PrePaid {
		return ""
	}
	return "2" + auth.RandomString(digitsAlphabet, orderIDDigits-1)
}

// runInstances creates and starts instances: Pending, then Starting, then
// Running (reference 2.8).
func (h *Handler) runInstances(c *call) (any, error) {
	amount, err := c.params.integer("Amount", 1, 1, maxAmount)
	if err != nil {
		return nil, err
	}
	if _, err := c.params.integer("MinAmount", 1, 1, amount); err != nil {
		return nil, err
	}
	spec, err := h.launchSpec(c, amount, compute.BootStaged)
	if err != nil {
		return nil, err
	}
	created, err := h.Svc.Launch(c.ctx(), spec)
	if err != nil {
		return nil, err
	}
	resp := runInstancesResponse{RequestID: c.requestID, OrderID: orderID(spec)}
	resp.InstanceIDSets.InstanceIDSet = make([]string, len(created))
	for i, inst := range created {
		resp.InstanceIDSets.InstanceIDSet[i] = string(inst.ID)
	}
	return resp, nil
}

// createInstance creates one instance that stays Stopped until started.
func (h *Handler) createInstance(c *call) (any, error) {
	spec, err := h.launchSpec(c, 1, compute.BootNone)
	if err != nil {
		return nil, err
	}
	created, err := h.Svc.Launch(c.ctx(), spec)
	if err != nil {
		return nil, err
	}
	if len(created) == 0 {
		// The ClientToken names an earlier call whose instance is gone.
		return nil, &compute.Error{Code: compute.Conflict, Op: "launch", Message: "the instance created with this ClientToken no longer exists"}
	}
	return createInstanceResponse{RequestID: c.requestID, InstanceID: string(created[0].ID), OrderID: orderID(spec)}, nil
}
