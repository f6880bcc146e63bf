package compute

import (
	"net/netip"
)

// Profile is what the core knows of one cloud: what it offers (its
// catalog), the rules its resources follow, and how it names them. Each
// dialect provides its cloud's; the core holds no vendor's facts.
type Profile struct {
	Catalog Catalog
	Rules   Rules
	// NewID returns a fresh ID, in the vendor's format, for a resource of
	// kind in region, its random part drawn from random.
	NewID func(kind Kind, region RegionID, random Random) string
}

// Rules are the limits and defaults of one cloud's resources. A zero limit
// means none.
type Rules struct {
	// NetworkBits and SubnetBits bound the prefix lengths of networks and
	// subnets.
	NetworkBits, SubnetBits PrefixBits
	// DefaultNetworkCIDR is the block of the network each owner gets in a
	// region when it first launches an instance without naming a subnet,
	// and of a network created without a block; DefaultSubnetBits the
	// prefix length of the default subnet made in each zone.
	DefaultNetworkCIDR netip.Prefix
	DefaultSubnetBits  int
	// DefaultNames are the names of the default resources.
	DefaultNames struct{ Network, Subnet, SecurityGroup string }
	// DefaultSecurityRules are the rules of a default security group.
	DefaultSecurityRules []SecurityRule
	// ReservedLow and ReservedHigh are how many addresses at the start and
	// at the end of every subnet are never handed out.
	ReservedLow, ReservedHigh int
	// PublicPool is where public addresses come from; MACPrefix the first
	// three bytes of every MAC address.
	PublicPool netip.Prefix
	MACPrefix  [3]byte
	// DevicePrefix names the disks of an instance: the system disk is
	// DevicePrefix + "a", data disks "b", "c", ...
	DevicePrefix string

	MaxNetworks       int // per region
	MaxDataDisks      int // per instance
	MaxSecurityGroups int // per instance
	MaxRules          int // per security group
	MaxTags           int // per resource
	// SecurityGroupsNeedNetwork says a security group belongs to one
	// network, whose instances alone may join it.
	SecurityGroupsNeedNetwork bool
	// KeyPairsInUseStay says a key pair an instance uses cannot be
	// deleted.
	KeyPairsInUseStay bool
	// NetworksSpanRegions says networks and security groups belong to no
	// region (Zenlayer's global VPCs): a network's subnets lie in any
	// region, each across the zones of its region unless given one, and
	// an instance takes its zone from the launch.
	NetworksSpanRegions bool
	// NetworksReadyAtOnce makes networks and subnets available as soon as
	// they are created, for clouds whose VPCs and subnets show no status
	// (a subnet is used right after its create call returns).
	NetworksReadyAtOnce bool
}

// Profiles holds one Profile per cloud.
type Profiles map[Cloud]Profile

// profile returns the profile of a cloud.
func (s *Service) profile(c Cloud) Profile { return s.profiles[c] }

// newID draws the ID of a new resource of a cloud: in the vendor's format,
// or for a cloud without one, the kind and 16 hex digits.
func (s *Service) newID(c Cloud, kind Kind, region RegionID) string {
	if p := s.profiles[c]; p.NewID != nil {
		return p.NewID(kind, region, s.random)
	}
	return string(kind) + "-" + s.random.String("0123456789abcdef", 16)
}

// Draw returns n characters of alphabet from the service's random source,
// for the random part of an identifier the core does not make (an order
// number, a task ID), so that a seeded service repeats it too.
func (s *Service) Draw(alphabet string, n int) string { return s.random.String(alphabet, n) }
