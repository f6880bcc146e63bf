package snapshot

import (
	"context"
	"fmt"

	"github.com/ecsd/ecsd/internal/compute"
)

// create makes the resources of o that have no ID, through the Service, in
// the order they depend on each other: networks, subnets, security groups,
// key pairs, disks, instances. A fixture names what it refers to by name
// or by ID.
func (l Loader) create(ctx context.Context, o *owned, loaded Loaded) error {
	svc, inv, owner := l.Service, o.inv, o.owner
	cat := svc.Catalog(owner.Cloud)
	fail := func(path string, err error) error { return invalid(path, "%s", messageOf(err)) }
	region := func(r string) compute.RegionID {
		if r == "" && len(cat.Regions) > 0 {
			return cat.Regions[0].ID
		}
		return compute.RegionID(r)
	}
	for i, n := range inv.Networks {
		if n.ID != "" {
			continue
		}
		path := fmt.Sprintf("%s.networks[%d]", o.path, i)
		cidr, err := parsePrefix(n.CIDR)
		if err != nil {
			return invalid(path+".cidr", "%v", err)
		}
		made, err := svc.CreateNetwork(ctx, compute.NetworkSpec{Owner: owner, Region: region(n.Region), CIDR: cidr,
			Name: n.Name, Description: n.Description, ResourceGroup: n.ResourceGroup, Tags: n.tags(), Extra: n.Extra})
		if err != nil {
			return fail(path, err)
		}
		o.name2id(compute.KindNetwork, n.Name, string(made.ID))
		loaded.add(o.name, owner.Cloud, compute.KindNetwork, 1)
	}
	for i, s := range inv.Subnets {
		if s.ID != "" {
			continue
		}
		path := fmt.Sprintf("%s.subnets[%d]", o.path, i)
		cidr, err := parsePrefix(s.CIDR)
		if err != nil || !cidr.IsValid() {
			return invalid(path+".cidr", "a subnet needs its CIDR block")
		}
		made, err := svc.CreateSubnet(ctx, compute.SubnetSpec{Owner: owner, Network: compute.NetworkID(o.ref(compute.KindNetwork, s.Network)),
			Zone: compute.ZoneID(s.Zone), CIDR: cidr, Name: s.Name, Description: s.Description, ResourceGroup: s.ResourceGroup,
			Tags: s.tags(), Extra: s.Extra})
		if err != nil {
			return fail(path, err)
		}
		o.name2id(compute.KindSubnet, s.Name, string(made.ID))
		loaded.add(o.name, owner.Cloud, compute.KindSubnet, 1)
	}
	for i, g := range inv.SecurityGroups {
		if g.ID != "" {
			continue
		}
		path := fmt.Sprintf("%s.security_groups[%d]", o.path, i)
		rules, err := coreRules(path, g.Rules)
		if err != nil {
			return err
		}
		for j := range rules {
			rules[j].ID = ""
			rules[j].Peer = compute.SecurityGroupID(o.ref(compute.KindSecurityGroup, string(rules[j].Peer)))
		}
		network := ""
		if g.Network != "" {
			network = o.ref(compute.KindNetwork, g.Network)
		}
		made, err := svc.CreateSecurityGroup(ctx, compute.SecurityGroupSpec{Owner: owner, Region: region(g.Region),
			Network: compute.NetworkID(network), Name: g.Name, Description: g.Description, ResourceGroup: g.ResourceGroup,
			Tags: g.tags(), Rules: rules, Extra: g.Extra})
		if err != nil {
			return fail(path, err)
		}
		o.name2id(compute.KindSecurityGroup, g.Name, string(made.ID))
		loaded.add(o.name, owner.Cloud, compute.KindSecurityGroup, 1)
	}
	for i, k := range inv.KeyPairs {
		if k.ID != "" {
			continue
		}
		path := fmt.Sprintf("%s.key_pairs[%d]", o.path, i)
		made, _, err := svc.CreateKeyPair(ctx, compute.KeyPairSpec{Owner: owner, Region: compute.RegionID(k.Region), Name: k.Name,
			Description: k.Description, ResourceGroup: k.ResourceGroup, Tags: k.tags(), Extra: k.Extra, PublicKey: k.PublicKey})
		if err != nil {
			return fail(path, err)
		}
		o.name2id(compute.KindKeyPair, k.Name, string(made.ID))
		loaded.add(o.name, owner.Cloud, compute.KindKeyPair, 1)
	}
	for i, d := range inv.Disks {
		if d.ID != "" {
			continue
		}
		path := fmt.Sprintf("%s.disks[%d]", o.path, i)
		if d.Instance != "" || d.System {
			return invalid(path, "a disk to create is created alone; attach it after, or describe it with its ID")
		}
		zone := compute.ZoneID(d.Zone)
		if zone == "" {
			if r, ok := cat.Region(region(d.Region)); ok && len(r.Zones) > 0 {
				zone = r.Zones[0].ID
			}
		}
		_, err := svc.CreateDisks(ctx, compute.CreateDisksSpec{Owner: owner, Zone: zone, Count: 1, ChargeType: compute.ChargeType(d.ChargeType),
			Disk: compute.DiskSpec{Category: d.Category, SizeGiB: d.SizeGiB, Name: d.Name, Description: d.Description,
				ResourceGroup: d.ResourceGroup, Encrypted: d.Encrypted, KMSKeyID: d.KMSKeyID, DeleteWithInstance: d.DeleteWithInstance,
				SnapshotID: d.SnapshotID, Tags: d.tags(), Extra: d.Extra}})
		if err != nil {
			return fail(path, err)
		}
		loaded.add(o.name, owner.Cloud, compute.KindDisk, 1)
	}
	for i, in := range inv.Instances {
		if in.ID != "" {
			continue
		}
		path := fmt.Sprintf("%s.instances[%d]", o.path, i)
		spec, err := o.launchSpec(path, in, cat, region(in.Region))
		if err != nil {
			return err
		}
		made, err := svc.Launch(ctx, spec)
		if err != nil {
			return fail(path, err)
		}
		loaded.add(o.name, owner.Cloud, compute.KindInstance, len(made))
		if spec.SystemDisk.Category != "" {
			loaded.add(o.name, owner.Cloud, compute.KindDisk, len(made))
		}
	}
	return nil
}

// launchSpec turns a fixture's instance into a launch, with the defaults
// of its cloud's catalog for what it leaves out: the region's first zone,
// the catalog's first image and first type offered in the zone, a system
// disk of the first category that may be one, as large as the image needs.
func (o *owned) launchSpec(path string, in Instance, cat compute.Catalog, region compute.RegionID) (compute.LaunchSpec, error) {
	spec := compute.LaunchSpec{Owner: o.owner, Region: region, Zone: compute.ZoneID(in.Zone), Count: max(in.Count, 1),
		Name: in.Name, Description: in.Description, HostName: in.HostName, ImageID: in.ImageID, InstanceType: in.InstanceType,
		ResourceGroup: in.ResourceGroup, ChargeType: compute.ChargeType(in.ChargeType), UserData: in.UserData,
		HasPassword: in.HasPassword, DeletionProtection: in.DeletionProtection,
		InternetCharge: compute.InternetCharge(in.InternetCharge), BandwidthOut: in.BandwidthOut, BandwidthIn: in.BandwidthIn,
		Tags: in.tags(), Extra: in.Extra}
	if in.Count < 0 || in.Count > compute.MaxBatch {
		return spec, invalid(path+".count", "count is 1 to %d", compute.MaxBatch)
	}
	switch compute.Status(in.Status) {
	case "", compute.StatusRunning:
		spec.Boot = compute.BootDirect
	case compute.StatusStopped:
		spec.Boot = compute.BootNone
	case compute.StatusLaunchFailed:
		spec.Fail = true
	default:
		return spec, invalid(path+".status", "an instance to create settles running, stopped or launch_failed, not %q", in.Status)
	}
	if len(in.Stages) > 0 || in.NIC != "" || in.Network != "" && in.Subnet == "" {
		return spec, invalid(path, "stages, nic and network without subnet belong to instances with an ID")
	}
	if in.Subnet != "" {
		spec.Subnet = compute.SubnetID(o.ref(compute.KindSubnet, in.Subnet))
	}
	if in.KeyPair != "" {
		spec.KeyPair = compute.KeyPairID(o.ref(compute.KindKeyPair, in.KeyPair))
	}
	for _, g := range in.SecurityGroups {
		spec.SecurityGroups = append(spec.SecurityGroups, compute.SecurityGroupID(o.ref(compute.KindSecurityGroup, g)))
	}
	ip, err := parseAddr(in.PrivateIP)
	if err != nil {
		return spec, invalid(path+".private_ip", "%v", err)
	}
	spec.PrivateIP = ip
	if spec.Zone == "" && spec.Subnet == "" {
		if r, ok := cat.Region(region); ok && len(r.Zones) > 0 {
			spec.Zone = r.Zones[0].ID
		}
	}
	image, hasImage := cat.Image(spec.ImageID)
	if spec.ImageID == "" && len(cat.Images) > 0 {
		image, hasImage = cat.Images[0], true
		spec.ImageID = image.ID
	}
	if spec.InstanceType == "" {
		for _, t := range cat.InstanceTypes {
			if spec.Zone == "" || t.OfferedIn(spec.Zone) {
				spec.InstanceType = t.ID
				break
			}
		}
	}
	if in.SystemDisk != nil {
		spec.SystemDisk = compute.DiskSpec{Category: in.SystemDisk.Category, SizeGiB: in.SystemDisk.SizeGiB}
	}
	if spec.SystemDisk.Category == "" {
		for _, c := range cat.DiskCategories {
			if c.SystemMaxGiB > 0 {
				spec.SystemDisk.Category = c.ID
				if spec.SystemDisk.SizeGiB == 0 {
					size := c.SystemMinGiB
					if hasImage {
						size = max(size, image.SizeGiB)
					}
					spec.SystemDisk.SizeGiB = size
				}
				break
			}
		}
	}
	return spec, nil
}
