package zenlayer

import (
	"net/netip"

	"github.com/ecsd/ecsd/internal/compute"
)

// Profile is what the core needs to know of Zenlayer Cloud: its catalog,
// the rules ZEC applies, and the format of its IDs.
func Profile(catalog compute.Catalog) compute.Profile {
	rules := compute.Rules{
		// CreateVpc takes blocks within 10.0.0.0/9, 10.128.0.0/9,
		// 172.16.0.0/12 and 192.168.0.0/16, so none is larger than a /9.
		NetworkBits:        compute.PrefixBits{Min: 9, Max: 28},
		SubnetBits:         compute.PrefixBits{Min: 9, Max: 29},
		DefaultNetworkCIDR: netip.MustParsePrefix("10.0.0.0/8"),
		DefaultSubnetBits:  16,
		ReservedLow:        2, ReservedHigh: 1,
		PublicPool:   netip.MustParsePrefix("128.14.0.0/16"),
		MACPrefix:    [3]byte{0xfa, 0x16, 0x3e},
		DevicePrefix: "/dev/vd",
		MaxDataDisks: 16, MaxSecurityGroups: 1, MaxTags: 20,
		// Zenlayer documents "a limited number" of rules; its VM API's
		// documented limit is 40.
		MaxRules: 40,
		// VPCs and security groups are global; subnets are regional.
		NetworksSpanRegions: true,
		// VPCs and subnets show no status: usable as soon as created.
		NetworksReadyAtOnce: true,
	}
	rules.DefaultNames.Network, rules.DefaultNames.Subnet, rules.DefaultNames.SecurityGroup = "default", "default", "default"
	return compute.Profile{Catalog: catalog, Rules: rules, NewID: newID}
}

// newID makes a ZEC ID: 19 digits, never starting with 0, as the IDs in
// Zenlayer's examples are; key pairs "key-" and 8 letters or digits.
func newID(kind compute.Kind, _ compute.RegionID, random compute.Random) string {
	if kind == compute.KindKeyPair {
		return "key-" + random.String("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 8)
	}
	return random.String("123456789", 1) + random.String("0123456789", 18)
}
