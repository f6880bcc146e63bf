package compute

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"time"
)

// MaxBatch bounds how many instances one call may name or create. Vendors
// set lower limits of their own, which their dialects check first.
const MaxBatch = 1000

// LaunchSpec describes instances to create.
type LaunchSpec struct {
	Owner
	Region RegionID
	// Zone may be empty: the subnet's zone is used, or without a subnet
	// the region's first zone.
	Zone          ZoneID
	Count         int
	Name          string
	Description   string
	HostName      string
	ImageID       string
	InstanceType  string
	ResourceGroup string
	ChargeType    ChargeType
	// ClientToken makes the call idempotent: a second call with the same
	// token returns the first call's instances and creates nothing.
	ClientToken string
	Boot        Boot
	// Fail makes the launch end in StatusLaunchFailed.
	Fail   bool
	DryRun bool
	// NewID, when set, draws instance IDs instead of the cloud's profile.
	NewID func() InstanceID

	// Subnet the instances go in; when empty, the owner's default subnet of
	// the zone (made when missing).
	Subnet SubnetID
	// PrivateIP, when valid, is the address of the one instance launched;
	// otherwise each gets the lowest free address of its subnet.
	PrivateIP netip.Addr
	// SecurityGroups the instances join; when empty, the default group.
	SecurityGroups     []SecurityGroupID
	KeyPair            KeyPairID
	HasPassword        bool
	UserData           string
	DeletionProtection bool
	InternetCharge     InternetCharge
	BandwidthOut       int
	BandwidthIn        int
	// SystemDisk is made with each instance when its Category is set;
	// DataDisks are made and attached too.
	SystemDisk DiskSpec
	DataDisks  []DiskSpec
	Tags       []Tag
	Extra      map[string]string
	// Customize, when set, adjusts the i-th instance of the batch before
	// it is stored (a numbered name or host name).
	Customize func(i int, inst *Instance)
}

// FailingImageID is ecsd's fault switch for launches: an instance launched
// from this image ID, through any dialect, passes through StatusPending and
// settles in StatusLaunchFailed, so that tests of automation can see a
// failed creation through an unmodified SDK.
const FailingImageID = "ecsd-launch-fails"

// idAttempts bounds retries when a generated ID collides with a stored one.
const idAttempts = 5

// Launch creates instances, with their disks and network addresses. They
// start in StatusPending and settle as spec.Boot and spec.Fail say.
func (s *Service) Launch(ctx context.Context, spec LaunchSpec) ([]Instance, error) {
	const op = "launch"
	if spec.Count < 1 || spec.Count > MaxBatch {
		return nil, &Error{Code: InvalidArgument, Op: op, Param: "count", Value: fmt.Sprint(spec.Count), Message: fmt.Sprintf("count must be between 1 and %d", MaxBatch)}
	}
	p := s.profile(spec.Cloud)
	region, err := s.Region(spec.Cloud, spec.Region)
	if err != nil {
		return nil, err
	}
	if spec.Zone != "" {
		if _, err := s.ZoneIn(spec.Cloud, spec.Region, spec.Zone); err != nil {
			return nil, err
		}
	}
	if err := s.checkImage(op, spec.Cloud, spec.ImageID); err != nil {
		return nil, err
	}
	if spec.SystemDisk.Category != "" {
		if err := s.checkDisk(op, spec.Cloud, spec.SystemDisk, true); err != nil {
			return nil, err
		}
	}
	if max := p.Rules.MaxDataDisks; max > 0 && len(spec.DataDisks) > max {
		return nil, &Error{Code: LimitExceeded, Op: op, Param: "disk", Message: fmt.Sprintf("an instance has at most %d data disks", max)}
	}
	for _, d := range spec.DataDisks {
		if err := s.checkDisk(op, spec.Cloud, d, false); err != nil {
			return nil, err
		}
	}
	if err := checkTags(op, spec.Tags, p.Rules.MaxTags); err != nil {
		return nil, err
	}
	if spec.PrivateIP.IsValid() && spec.Count != 1 {
		return nil, &Error{Code: InvalidArgument, Op: op, Param: "private_ip", Value: spec.PrivateIP.String(),
			Message: "a private IP address can be given for one instance only"}
	}
	if spec.BandwidthOut < 0 || spec.BandwidthIn < 0 {
		return nil, &Error{Code: InvalidArgument, Op: op, Param: "bandwidth", Message: "bandwidth must not be negative"}
	}
	if spec.ChargeType == "" {
		spec.ChargeType = PostPaid
	}
	inj := InjectedIn(ctx)
	spec.Fail = spec.Fail || inj.FailLaunch
	for attempt := 1; ; attempt++ {
		created, err := s.launchOnce(ctx, spec, region, inj.Hold != nil)
		if ErrorCode(err) == AlreadyExists && attempt < idAttempts {
			if e, _ := AsError(err); e.Param == string(KindInstance) || e.Param == "" {
				continue // a generated ID collided; draw new ones
			}
		}
		if err != nil {
			return nil, err
		}
		if inj.Hold != nil && len(created) > 0 && created[0].Held() {
			ids := make([]InstanceID, len(created))
			for i, inst := range created {
				ids[i] = inst.ID
			}
			inj.Hold(spec.Owner, ids)
		}
		s.show(created, s.clock.Now())
		return created, nil
	}
}

// launchOnce runs one attempt at a launch, in one transaction; held
// instances stay in their first transitional status (see Injected).
func (s *Service) launchOnce(ctx context.Context, spec LaunchSpec, region Region, held bool) ([]Instance, error) {
	const op = "launch"
	now := s.clock.Now()
	var created []Instance
	err := s.store.Update(ctx, spec.Owner, now, func(tx Tx) error {
		if spec.ClientToken != "" {
			earlier, claimed, err := tx.Claimed(ctx, spec.ClientToken)
			if err != nil {
				return err
			}
			if claimed {
				created = earlier
				return nil
			}
		}
		if err := s.checkInstanceQuota(ctx, tx, region.ID, spec.Count, now); err != nil {
			return err
		}
		network, subnet, zone, err := s.placeLaunch(ctx, tx, spec, region, now)
		if err != nil {
			return err
		}
		if err := s.checkInstanceType(op, spec.Cloud, spec.InstanceType, zone); err != nil {
			return err
		}
		groups := spec.SecurityGroups
		if len(groups) == 0 {
			g, err := s.ensureDefaultSecurityGroup(ctx, tx, spec.Owner, region.ID, network.ID, now)
			if err != nil {
				return err
			}
			groups = []SecurityGroupID{g.ID}
		}
		if err := s.checkSecurityGroups(ctx, tx, op, spec.Owner, network.ID, groups); err != nil {
			return err
		}
		if spec.KeyPair != "" {
			if _, err := s.keyPair(ctx, tx, spec.KeyPair); err != nil {
				return err
			}
		}
		ips, err := s.launchIPs(ctx, tx, spec, subnet)
		if err != nil {
			return err
		}
		if spec.DryRun {
			return dryRunPassed(op)
		}
		batch, disks := s.newInstances(spec, region.ID, zone, network, subnet, dedupeSlice(groups), ips, now, held)
		if created, err = tx.CreateInstances(ctx, spec.ClientToken, batch); err != nil {
			return err
		}
		for i := range disks {
			if err := tx.Put(ctx, &disks[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return created, err
}

// placeLaunch finds the network and subnet a launch goes in, and the zone
// of its instances: the subnet's, or for a subnet that spans its region's
// zones, the launch's (the region's first when the launch names none).
func (s *Service) placeLaunch(ctx context.Context, tx Tx, spec LaunchSpec, region Region, now time.Time) (Network, Subnet, ZoneID, error) {
	const op = "launch"
	zone := spec.Zone
	if zone == "" {
		if len(region.Zones) == 0 {
			return Network{}, Subnet{}, "", &Error{Code: NotFound, Op: op, Param: "zone", Message: fmt.Sprintf("region %q has no zone", region.ID)}
		}
		zone = region.Zones[0].ID
	}
	if spec.Subnet == "" {
		n, sub, err := s.ensureDefaultNetwork(ctx, tx, spec.Owner, region.ID, zone, now)
		return n, sub, zone, err
	}
	sub, err := s.subnet(ctx, tx, spec.Subnet, now)
	if err != nil {
		return Network{}, Subnet{}, "", err
	}
	if sub.Region != region.ID {
		return Network{}, Subnet{}, "", notFound(KindSubnet, string(spec.Subnet))
	}
	if sub.Zone != "" {
		if spec.Zone != "" && spec.Zone != sub.Zone {
			return Network{}, Subnet{}, "", &Error{Code: InvalidArgument, Op: op, Param: "zone", Value: string(spec.Zone),
				Message: fmt.Sprintf("subnet %s is in zone %s, not %s", sub.ID, sub.Zone, spec.Zone)}
		}
		zone = sub.Zone
	}
	if sub.Status != ReadinessAvailable {
		return Network{}, Subnet{}, "", &Error{Code: IncorrectState, Op: op, Param: "subnet", Value: string(sub.ID), State: string(sub.Status),
			Message: fmt.Sprintf("subnet %s is %s", sub.ID, sub.Status)}
	}
	n, err := s.network(ctx, tx, sub.Network, now)
	return n, sub, zone, err
}

// launchIPs hands out the private addresses of a launch.
func (s *Service) launchIPs(ctx context.Context, tx Tx, spec LaunchSpec, subnet Subnet) ([]netip.Addr, error) {
	const op = "launch"
	rules := s.profile(spec.Cloud).Rules
	taken, err := s.takenIPs(ctx, tx, subnet.ID)
	if err != nil {
		return nil, err
	}
	if spec.PrivateIP.IsValid() {
		switch {
		case !usableIP(subnet.CIDR, rules.ReservedLow, rules.ReservedHigh, spec.PrivateIP):
			return nil, &Error{Code: InvalidArgument, Op: op, Param: "private_ip", Value: spec.PrivateIP.String(),
				Message: fmt.Sprintf("%s is not an address subnet %s (%s) hands out", spec.PrivateIP, subnet.ID, subnet.CIDR)}
		case taken[spec.PrivateIP]:
			return nil, &Error{Code: AlreadyExists, Op: op, Param: "private_ip", Value: spec.PrivateIP.String(),
				Message: fmt.Sprintf("%s is in use in subnet %s", spec.PrivateIP, subnet.ID)}
		}
		return []netip.Addr{spec.PrivateIP}, nil
	}
	ips, ok := allocateIPs(subnet.CIDR, rules.ReservedLow, rules.ReservedHigh, taken, spec.Count)
	if !ok {
		return nil, &Error{Code: LimitExceeded, Op: op, Param: "private_ip", Value: string(subnet.ID),
			Message: fmt.Sprintf("subnet %s has too few free addresses", subnet.ID)}
	}
	return ips, nil
}

// newInstances builds the instances of a launch in zone and their disks.
func (s *Service) newInstances(spec LaunchSpec, region RegionID, zone ZoneID, network Network, subnet Subnet, groups []SecurityGroupID, ips []netip.Addr, now time.Time, held bool) ([]Instance, []Disk) {
	p := s.profile(spec.Cloud)
	stages, target := launchPlan(spec.Boot, spec.Fail || spec.ImageID == FailingImageID)
	phases := schedule(stages, now, s.delayFor(spec.Cloud, TransitionCreate))
	if held {
		phases = hold(stages)
	}
	newID := spec.NewID
	if newID == nil {
		newID = func() InstanceID { return InstanceID(s.newID(spec.Cloud, KindInstance, region)) }
	}
	batch := make([]Instance, spec.Count)
	var disks []Disk
	for i := range batch {
		inst := Instance{
			ID: newID(),
			Meta: Meta{Owner: spec.Owner, Region: region, Zone: zone, Name: spec.Name, Description: spec.Description,
				ResourceGroup: spec.ResourceGroup, Tags: cloneMeta(Meta{Tags: spec.Tags}).Tags, CreatedAt: now,
				Extra: cloneMeta(Meta{Extra: spec.Extra}).Extra},
			ImageID: spec.ImageID, InstanceType: spec.InstanceType, ChargeType: spec.ChargeType,
			HostName: spec.HostName, UserData: spec.UserData, KeyPair: spec.KeyPair, HasPassword: spec.HasPassword,
			DeletionProtection: spec.DeletionProtection,
			Network:            network.ID, Subnet: subnet.ID, SecurityGroups: groups, PrivateIP: ips[i],
			NIC:            NICID(s.newID(spec.Cloud, KindNIC, region)),
			InternetCharge: spec.InternetCharge, BandwidthOut: spec.BandwidthOut, BandwidthIn: spec.BandwidthIn,
			Target: target, Stages: slices.Clone(phases),
		}
		if spec.Customize != nil {
			spec.Customize(i, &inst)
		}
		device := 0
		attach := func(d DiskSpec, system bool) Disk {
			disk := newDisk(DiskID(s.newID(spec.Cloud, KindDisk, region)), spec.Owner, region, zone, d, spec.ChargeType, now)
			disk.System, disk.Instance, disk.AttachedAt = system, inst.ID, now
			disk.Device = p.Rules.DevicePrefix + deviceSuffix(device)
			disk.Target = DiskInUse
			if system {
				disk.ImageID, disk.DeleteWithInstance = spec.ImageID, true
			}
			device++
			return disk
		}
		if spec.SystemDisk.Category != "" {
			sys := attach(spec.SystemDisk, true)
			inst.SystemDisk = DiskSummary{ID: sys.ID, Category: sys.Category, SizeGiB: sys.SizeGiB}
			disks = append(disks, sys)
		} else {
			device++ // slot a stays the system disk's
		}
		for _, d := range spec.DataDisks {
			disks = append(disks, attach(d, false))
		}
		batch[i] = inst
	}
	return batch, disks
}

// checkImage checks that a cloud offers an image, when its catalog lists
// images at all. The failing image of the fault switch is always offered.
func (s *Service) checkImage(op string, c Cloud, id string) error {
	cat := s.Catalog(c)
	if len(cat.Images) == 0 || id == FailingImageID {
		return nil
	}
	if _, ok := cat.Image(id); !ok {
		return &Error{Code: NotFound, Op: op, Param: "image", Value: id, Message: fmt.Sprintf("image %q does not exist", id)}
	}
	return nil
}

// checkInstanceType checks that a cloud offers an instance type in a zone,
// when its catalog lists types at all.
func (s *Service) checkInstanceType(op string, c Cloud, id string, zone ZoneID) error {
	cat := s.Catalog(c)
	if len(cat.InstanceTypes) == 0 {
		return nil
	}
	t, ok := cat.InstanceType(id)
	if !ok {
		return &Error{Code: NotFound, Op: op, Param: "instance_type", Value: id, Message: fmt.Sprintf("instance type %q does not exist", id)}
	}
	if zone != "" && !t.OfferedIn(zone) {
		return &Error{Code: InvalidArgument, Op: op, Param: "instance_type_zone", Value: id,
			Message: fmt.Sprintf("instance type %q is not offered in zone %s", id, zone)}
	}
	return nil
}
