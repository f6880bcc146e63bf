package zenlayer

import (
	"github.com/ecsd/ecsd/internal/compute"
)

// Resource groups, served by the user service: AddResourceResourceGroup
// moves resources into a group, as the Terraform provider changes the
// group of instances, VPCs, disks and vNICs. ecsd has no list of groups:
// any well-formed ID names one (see resourceGroupName).

type addResourceResourceGroupRequest struct {
	Resources       []string `json:"resources"`
	ResourceGroupID *string  `json:"resourceGroupId"`
}

// addResourceResourceGroup moves each resource into the group; the first
// one not found fails the call, and those before it stay moved.
func (h *Handler) addResourceResourceGroup(c *call) (any, error) {
	var req addResourceResourceGroupRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	ids, err := requiredResourceIDs("resources", req.Resources)
	if err != nil {
		return nil, err
	}
	group, err := requiredID("resourceGroupId", req.ResourceGroupID)
	if err != nil {
		return nil, err
	}
	keys := make([]compute.Key, len(ids))
	for i, id := range ids {
		if keys[i], err = h.findResource(c, id); err != nil {
			return nil, err
		}
	}
	for _, k := range keys {
		if err := h.moveToGroup(c, k, group); err != nil {
			return nil, err
		}
	}
	return ack(c), nil
}

// moveToGroup sets the resource group of one resource.
func (h *Handler) moveToGroup(c *call, k compute.Key, group string) error {
	ctx, owner := c.ctx(), c.owner
	var err error
	switch k.Kind {
	case compute.KindInstance:
		_, err = h.Svc.ModifyInstances(ctx, owner, []compute.InstanceID{compute.InstanceID(k.ID)}, func(i *compute.Instance) error {
			i.ResourceGroup = group
			return nil
		})
	case compute.KindNIC:
		_, err = h.Svc.ModifyInstances(ctx, owner, []compute.InstanceID{compute.InstanceID(k.ID)}, func(i *compute.Instance) error {
			i.Extra = withExtra(i.Extra, extraNICGroup, group)
			return nil
		})
	case compute.KindNetwork:
		_, err = h.Svc.ModifyNetwork(ctx, owner, compute.NetworkID(k.ID), func(n *compute.Network) error {
			n.ResourceGroup = group
			return nil
		})
	case compute.KindSubnet:
		_, err = h.Svc.ModifySubnet(ctx, owner, compute.SubnetID(k.ID), func(s *compute.Subnet) error {
			s.ResourceGroup = group
			return nil
		})
	case compute.KindSecurityGroup:
		_, err = h.Svc.ModifySecurityGroup(ctx, owner, compute.SecurityGroupID(k.ID), func(g *compute.SecurityGroup) error {
			g.ResourceGroup = group
			return nil
		})
	case compute.KindDisk:
		_, err = h.Svc.ModifyDisk(ctx, owner, compute.DiskID(k.ID), func(d *compute.Disk) error {
			d.ResourceGroup = group
			return nil
		})
	case compute.KindKeyPair:
		_, err = h.Svc.ModifyKeyPair(ctx, owner, compute.KeyPairID(k.ID), func(kp *compute.KeyPair) error {
			kp.ResourceGroup = group
			return nil
		})
	}
	return err
}
