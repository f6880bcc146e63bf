package compute

import (
	"context"
	"fmt"
	"net/netip"
	"time"
)

// Named identifiers of the network's resources.
type (
	NetworkID string
	SubnetID  string
)

// Network is a private network (a VPC): an address space in one region
// that subnets divide.
type Network struct {
	ID NetworkID
	Meta
	CIDR netip.Prefix
	// IsDefault marks the network ecsd made for the owner in its region,
	// where instances launched without a subnet go.
	IsDefault bool
	// ReadyAt is when the network stops being pending.
	ReadyAt time.Time

	// Status is shown only: filled in by Service when read.
	Status Readiness
}

// Key implements Resource.
func (n *Network) Key() Key { return Key{KindNetwork, string(n.ID)} }

// Links implements Resource.
func (n *Network) Links() []Link { return nil }

// Subnet is a block of a network's addresses in one zone (a vSwitch), or
// in every zone of its region where networks span regions and no zone was
// given (Zone is then empty).
type Subnet struct {
	ID SubnetID
	Meta
	Network   NetworkID
	CIDR      netip.Prefix
	IsDefault bool
	ReadyAt   time.Time

	// Shown only: filled in by Service when read.
	Status Readiness
	// FreeIPs is how many addresses remain to be handed out.
	FreeIPs int
	// TotalIPs is how many the subnet can hand out at all: its size less
	// the addresses its cloud reserves.
	TotalIPs int
}

// Key implements Resource.
func (s *Subnet) Key() Key { return Key{KindSubnet, string(s.ID)} }

// Links implements Resource.
func (s *Subnet) Links() []Link { return []Link{{Attr: LinkNetwork, Value: string(s.Network)}} }

// NetworkSpec describes a network to create.
type NetworkSpec struct {
	Owner
	// Region is ignored where networks span regions: they have none.
	Region RegionID
	// CIDR may be invalid: the cloud's default network block is used.
	CIDR                             netip.Prefix
	Name, Description, ResourceGroup string
	Tags                             []Tag
	Extra                            map[string]string
	// IsDefault makes the network the owner's default one in its region,
	// where launches without a subnet go. A region has one at most.
	IsDefault bool
	DryRun    bool
}

// CreateNetwork creates a network. It is pending for one transition delay,
// then available.
func (s *Service) CreateNetwork(ctx context.Context, spec NetworkSpec) (Network, error) {
	const op = "create network"
	p := s.profile(spec.Cloud)
	if p.Rules.NetworksSpanRegions {
		spec.Region = ""
	} else if _, err := s.Region(spec.Cloud, spec.Region); err != nil {
		return Network{}, err
	}
	if !spec.CIDR.IsValid() {
		spec.CIDR = p.Rules.DefaultNetworkCIDR
	}
	if err := checkCIDR(op, "cidr", spec.CIDR, p.Rules.NetworkBits); err != nil {
		return Network{}, err
	}
	if err := checkTags(op, spec.Tags, p.Rules.MaxTags); err != nil {
		return Network{}, err
	}
	if spec.DryRun {
		return Network{}, dryRunPassed(op)
	}
	now := s.clock.Now()
	n := Network{
		ID: NetworkID(s.newID(spec.Cloud, KindNetwork, spec.Region)),
		Meta: Meta{Owner: spec.Owner, Region: spec.Region, Name: spec.Name, Description: spec.Description,
			ResourceGroup: spec.ResourceGroup, Tags: spec.Tags, CreatedAt: now, Extra: spec.Extra},
		CIDR: spec.CIDR, IsDefault: spec.IsDefault, ReadyAt: s.networkReadyAt(spec.Cloud, now),
	}
	err := s.store.Update(ctx, spec.Owner, now, func(tx Tx) error {
		existing, err := findAll[Network](ctx, tx, Filter{Kind: KindNetwork, Region: spec.Region})
		if err != nil {
			return err
		}
		if max := p.Rules.MaxNetworks; max > 0 && len(existing) >= max {
			return &Error{Code: LimitExceeded, Op: op, Param: "network", Message: fmt.Sprintf("a region holds at most %d networks", max)}
		}
		if spec.IsDefault {
			for _, other := range existing {
				if other.IsDefault {
					return &Error{Code: AlreadyExists, Op: op, Param: "network", Value: string(other.ID),
						Message: fmt.Sprintf("the region's default network is %s already", other.ID)}
				}
			}
		}
		return tx.Put(ctx, &n)
	})
	if err != nil {
		return Network{}, err
	}
	return s.shownNetwork(n, now), nil
}

// SubnetSpec describes a subnet to create.
type SubnetSpec struct {
	Owner
	Network NetworkID
	// Region is where a subnet of a network that spans regions lies;
	// otherwise the network's region is the subnet's.
	Region RegionID
	// Zone is the subnet's zone. It may be empty in a network that spans
	// regions: the subnet then spans the zones of its region.
	Zone ZoneID
	// CIDR may be invalid: the first free block of the cloud's default
	// subnet size in the network is used.
	CIDR                             netip.Prefix
	Name, Description, ResourceGroup string
	Tags                             []Tag
	Extra                            map[string]string
	// IsDefault makes the subnet the default one of its zone, where
	// launches without a subnet go: its network must be the default
	// network, and the zone may have one default subnet only.
	IsDefault bool
	DryRun    bool
}

// CreateSubnet creates a subnet in a network's region, in one of its zones.
// Its block must lie inside the network's and overlap no other subnet's.
func (s *Service) CreateSubnet(ctx context.Context, spec SubnetSpec) (Subnet, error) {
	const op = "create subnet"
	p := s.profile(spec.Cloud)
	if spec.CIDR.IsValid() {
		if err := checkCIDR(op, "cidr", spec.CIDR, p.Rules.SubnetBits); err != nil {
			return Subnet{}, err
		}
	}
	if err := checkTags(op, spec.Tags, p.Rules.MaxTags); err != nil {
		return Subnet{}, err
	}
	now := s.clock.Now()
	var sub Subnet
	err := s.store.Update(ctx, spec.Owner, now, func(tx Tx) error {
		n, err := s.network(ctx, tx, spec.Network, now)
		if err != nil {
			return err
		}
		if n.Status != ReadinessAvailable {
			return &Error{Code: IncorrectState, Op: op, Param: "network", Value: string(n.ID), State: string(n.Status),
				Message: fmt.Sprintf("network %s is %s", n.ID, n.Status)}
		}
		region := n.Region
		if region == "" {
			region = spec.Region
			if _, err := s.Region(spec.Cloud, region); err != nil {
				return err
			}
		}
		if spec.Zone != "" || n.Region != "" {
			if _, err := s.ZoneIn(spec.Cloud, region, spec.Zone); err != nil {
				return err
			}
		}
		siblings, err := findAll[Subnet](ctx, tx, Filter{Kind: KindSubnet, Links: []LinkFilter{{Attr: LinkNetwork, Values: []string{string(n.ID)}}}})
		if err != nil {
			return err
		}
		if spec.IsDefault {
			if err := checkDefaultSubnet(op, n, spec.Zone, siblings); err != nil {
				return err
			}
		}
		block := spec.CIDR
		if !block.IsValid() {
			used := make([]netip.Prefix, len(siblings))
			for i, sib := range siblings {
				used[i] = sib.CIDR
			}
			var ok bool
			if block, ok = freeBlock(n.CIDR, p.Rules.DefaultSubnetBits, used); !ok {
				return &Error{Code: LimitExceeded, Op: op, Param: "subnet",
					Message: fmt.Sprintf("network %s has no room for another /%d subnet", n.ID, p.Rules.DefaultSubnetBits)}
			}
		}
		if err := fitSubnet(op, n, block, siblings); err != nil {
			return err
		}
		if spec.DryRun {
			return dryRunPassed(op)
		}
		sub = Subnet{
			ID: SubnetID(s.newID(spec.Cloud, KindSubnet, region)),
			Meta: Meta{Owner: spec.Owner, Region: region, Zone: spec.Zone, Name: spec.Name, Description: spec.Description,
				ResourceGroup: spec.ResourceGroup, Tags: spec.Tags, CreatedAt: now, Extra: spec.Extra},
			Network: n.ID, CIDR: block, IsDefault: spec.IsDefault, ReadyAt: s.networkReadyAt(spec.Cloud, now),
		}
		return tx.Put(ctx, &sub)
	})
	if err != nil {
		return Subnet{}, err
	}
	return s.shownSubnet(sub, nil, now), nil
}

// networkReadyAt is when a network or subnet made at now stops being
// pending: one transition delay later, or at once where the cloud's
// networks show no status.
func (s *Service) networkReadyAt(c Cloud, now time.Time) time.Time {
	if s.profile(c).Rules.NetworksReadyAtOnce {
		return now
	}
	return now.Add(s.delayFor(c, TransitionCreateNetwork))
}

// checkDefaultSubnet checks that a default subnet may be made in zone of n:
// n is the default network and the zone has no default subnet yet.
func checkDefaultSubnet(op string, n Network, zone ZoneID, siblings []Subnet) error {
	if !n.IsDefault {
		return &Error{Code: InvalidArgument, Op: op, Param: "network", Value: string(n.ID),
			Message: fmt.Sprintf("network %s is not the default network; only it holds default subnets", n.ID)}
	}
	for _, sib := range siblings {
		if sib.IsDefault && sib.Zone == zone {
			return &Error{Code: AlreadyExists, Op: op, Param: "subnet", Value: string(sib.ID),
				Message: fmt.Sprintf("the default subnet of zone %s is %s already", zone, sib.ID)}
		}
	}
	return nil
}

// fitSubnet checks that block may become a subnet of n beside siblings.
func fitSubnet(op string, n Network, block netip.Prefix, siblings []Subnet) error {
	if !contains(n.CIDR, block) {
		return &Error{Code: InvalidArgument, Op: op, Param: "cidr", Value: block.String(),
			Message: fmt.Sprintf("%s does not lie inside the network's block %s", block, n.CIDR)}
	}
	for _, sib := range siblings {
		if sib.CIDR.Overlaps(block) {
			return &Error{Code: AlreadyExists, Op: op, Param: "cidr", Value: block.String(),
				Message: fmt.Sprintf("%s overlaps subnet %s (%s)", block, sib.ID, sib.CIDR)}
		}
	}
	return nil
}

// Networks returns the owner's networks that match f (its Kind is set
// here), as they show now.
func (s *Service) Networks(ctx context.Context, owner Owner, f Filter) ([]Network, error) {
	f.Kind = KindNetwork
	found, err := findAll[Network](ctx, s.store.Read(owner), f)
	now := s.clock.Now()
	for i := range found {
		found[i] = s.shownNetwork(found[i], now)
	}
	return found, err
}

// Subnets returns the owner's subnets that match f, as they show now, with
// their free addresses counted.
func (s *Service) Subnets(ctx context.Context, owner Owner, f Filter) ([]Subnet, error) {
	f.Kind = KindSubnet
	r := s.store.Read(owner)
	found, err := findAll[Subnet](ctx, r, f)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	for i := range found {
		taken, err := s.takenIPs(ctx, r, found[i].ID)
		if err != nil {
			return nil, err
		}
		found[i] = s.shownSubnet(found[i], taken, now)
	}
	return found, nil
}

// ModifyNetwork changes what may change of a network: its name,
// description, resource group and Extra. edit gets the network as it shows.
func (s *Service) ModifyNetwork(ctx context.Context, owner Owner, id NetworkID, edit func(*Network) error) (Network, error) {
	var out Network
	now := s.clock.Now()
	err := s.store.Update(ctx, owner, now, func(tx Tx) error {
		n, err := s.network(ctx, tx, id, now)
		if err != nil {
			return err
		}
		changed := n
		changed.Meta = cloneMeta(n.Meta)
		if err := edit(&changed); err != nil {
			return err
		}
		if n.Meta, err = s.applyMeta("modify network", n.Meta, changed.Meta); err != nil {
			return err
		}
		out = s.shownNetwork(n, now)
		return tx.Put(ctx, &n)
	})
	return out, err
}

// ModifySubnet changes what may change of a subnet: its name,
// description, resource group and Extra.
func (s *Service) ModifySubnet(ctx context.Context, owner Owner, id SubnetID, edit func(*Subnet) error) (Subnet, error) {
	var out Subnet
	now := s.clock.Now()
	err := s.store.Update(ctx, owner, now, func(tx Tx) error {
		sub, err := s.subnet(ctx, tx, id, now)
		if err != nil {
			return err
		}
		changed := sub
		changed.Meta = cloneMeta(sub.Meta)
		if err := edit(&changed); err != nil {
			return err
		}
		if sub.Meta, err = s.applyMeta("modify subnet", sub.Meta, changed.Meta); err != nil {
			return err
		}
		out = s.shownSubnet(sub, nil, now)
		return tx.Put(ctx, &sub)
	})
	return out, err
}

// DeleteNetwork deletes a network that nothing uses any more: no subnet,
// security group or instance. Otherwise it fails with InUse, Blocker naming
// the kind in the way.
func (s *Service) DeleteNetwork(ctx context.Context, owner Owner, id NetworkID, dryRun bool) error {
	const op = "delete network"
	now := s.clock.Now()
	return s.store.Update(ctx, owner, now, func(tx Tx) error {
		n, err := s.network(ctx, tx, id, now)
		if err != nil {
			return err
		}
		if err := inUse(ctx, tx, op, n.Key(), LinkNetwork, KindSubnet, KindSecurityGroup, KindInstance); err != nil {
			return err
		}
		if dryRun {
			return dryRunPassed(op)
		}
		return tx.Delete(ctx, n.Key())
	})
}

// DeleteSubnet deletes a subnet no instance uses.
func (s *Service) DeleteSubnet(ctx context.Context, owner Owner, id SubnetID, dryRun bool) error {
	const op = "delete subnet"
	now := s.clock.Now()
	return s.store.Update(ctx, owner, now, func(tx Tx) error {
		sub, err := s.subnet(ctx, tx, id, now)
		if err != nil {
			return err
		}
		if err := inUse(ctx, tx, op, sub.Key(), LinkSubnet, KindInstance); err != nil {
			return err
		}
		if dryRun {
			return dryRunPassed(op)
		}
		return tx.Delete(ctx, sub.Key())
	})
}

// inUse fails with InUse when a resource of one of kinds (checked in that
// order) links to k under attr.
func inUse(ctx context.Context, r Reader, op string, k Key, attr string, kinds ...Kind) error {
	links, err := r.Links(ctx, LinkFilter{Attr: attr, Values: []string{k.ID}})
	if err != nil {
		return err
	}
	for _, kind := range kinds {
		for _, l := range links {
			if l.From.Kind == kind {
				return &Error{Code: InUse, Op: op, Param: string(k.Kind), Value: k.ID, Blocker: kind,
					Message: fmt.Sprintf("%s %s is used by %s %s", k.Kind, k.ID, kind, l.From.ID)}
			}
		}
	}
	return nil
}

// network loads a network of the owner, as it shows at now.
func (s *Service) network(ctx context.Context, r Reader, id NetworkID, now time.Time) (Network, error) {
	found, err := getAll[Network](ctx, r, KindNetwork, string(id))
	if err != nil {
		return Network{}, err
	}
	if len(found) == 0 {
		return Network{}, notFound(KindNetwork, string(id))
	}
	return s.shownNetwork(found[0], now), nil
}

// subnet loads a subnet of the owner, as it shows at now.
func (s *Service) subnet(ctx context.Context, r Reader, id SubnetID, now time.Time) (Subnet, error) {
	found, err := getAll[Subnet](ctx, r, KindSubnet, string(id))
	if err != nil {
		return Subnet{}, err
	}
	if len(found) == 0 {
		return Subnet{}, notFound(KindSubnet, string(id))
	}
	return s.shownSubnet(found[0], nil, now), nil
}

func (s *Service) shownNetwork(n Network, now time.Time) Network {
	n.Status = readiness(n.ReadyAt, now)
	return n
}

// shownSubnet fills in what a subnet shows; taken are its addresses in use,
// when known.
func (s *Service) shownSubnet(sub Subnet, taken map[netip.Addr]bool, now time.Time) Subnet {
	sub.Status = readiness(sub.ReadyAt, now)
	rules := s.profile(sub.Owner.Cloud).Rules
	sub.TotalIPs = hostCount(sub.CIDR, rules.ReservedLow, rules.ReservedHigh)
	sub.FreeIPs = max(0, sub.TotalIPs-len(taken))
	return sub
}

// takenIPs returns the addresses handed out in a subnet.
func (s *Service) takenIPs(ctx context.Context, r Reader, id SubnetID) (map[netip.Addr]bool, error) {
	links, err := r.Links(ctx, LinkFilter{Attr: linkSubnetIPPrefix + string(id)})
	if err != nil {
		return nil, err
	}
	taken := make(map[netip.Addr]bool, len(links))
	for _, l := range links {
		if a, err := netip.ParseAddr(l.Value); err == nil {
			taken[a] = true
		}
	}
	return taken, nil
}

// ensureDefaultNetwork returns the owner's default network of a region and
// its default subnet in zone, creating either when missing.
func (s *Service) ensureDefaultNetwork(ctx context.Context, tx Tx, owner Owner, region RegionID, zone ZoneID, now time.Time) (Network, Subnet, error) {
	const op = "default network"
	p := s.profile(owner.Cloud)
	nets, err := findAll[Network](ctx, tx, Filter{Kind: KindNetwork, Region: region})
	if err != nil {
		return Network{}, Subnet{}, err
	}
	var n Network
	found := false
	for _, cand := range nets {
		if cand.IsDefault {
			n, found = cand, true
			break
		}
	}
	if !found {
		// Made ready at once: an instance is about to need it.
		n = Network{
			ID:   NetworkID(s.newID(owner.Cloud, KindNetwork, region)),
			Meta: Meta{Owner: owner, Region: region, Name: p.Rules.DefaultNames.Network, CreatedAt: now},
			CIDR: p.Rules.DefaultNetworkCIDR, IsDefault: true, ReadyAt: now,
		}
		if err := tx.Put(ctx, &n); err != nil {
			return Network{}, Subnet{}, err
		}
	}
	subs, err := findAll[Subnet](ctx, tx, Filter{Kind: KindSubnet, Links: []LinkFilter{{Attr: LinkNetwork, Values: []string{string(n.ID)}}}})
	if err != nil {
		return Network{}, Subnet{}, err
	}
	var used []netip.Prefix
	for _, sub := range subs {
		if sub.IsDefault && sub.Zone == zone {
			return n, sub, nil
		}
		used = append(used, sub.CIDR)
	}
	block, ok := freeBlock(n.CIDR, p.Rules.DefaultSubnetBits, used)
	if !ok {
		return Network{}, Subnet{}, &Error{Code: LimitExceeded, Op: op, Param: "subnet",
			Message: fmt.Sprintf("the default network %s has no room for another subnet", n.ID)}
	}
	sub := Subnet{
		ID:      SubnetID(s.newID(owner.Cloud, KindSubnet, region)),
		Meta:    Meta{Owner: owner, Region: region, Zone: zone, Name: p.Rules.DefaultNames.Subnet, CreatedAt: now},
		Network: n.ID, CIDR: block, IsDefault: true, ReadyAt: now,
	}
	return n, sub, tx.Put(ctx, &sub)
}
