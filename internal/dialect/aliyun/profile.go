package aliyun

import (
	"net/netip"

	"github.com/ecsd/ecsd/internal/compute"
)

// maxInstanceGroups is how many security groups an instance may be in.
const maxInstanceGroups = 5

// Profile is what the core needs to know of Alibaba Cloud: the catalog
// (regions, images, instance types, disk categories), the rules ECS and
// VPC apply to their resources, and the format of their IDs.
func Profile(catalog compute.Catalog) compute.Profile {
	rules := compute.Rules{
		// VPC: "10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or a subnet of
		// them", masks 8 to 28; vSwitch masks 16 to 29.
		NetworkBits:        compute.PrefixBits{Min: 8, Max: 28},
		SubnetBits:         compute.PrefixBits{Min: 16, Max: 29},
		DefaultNetworkCIDR: netip.MustParsePrefix("172.16.0.0/12"),
		DefaultSubnetBits:  20,
		// "The first and the last three IP addresses of each vSwitch are
		// reserved by the system."
		ReservedLow: 1, ReservedHigh: 3,
		PublicPool:   netip.MustParsePrefix("47.96.0.0/12"),
		MACPrefix:    [3]byte{0x00, 0x16, 0x3e},
		DevicePrefix: "/dev/xvd",
		MaxNetworks:  10, MaxDataDisks: 16, MaxSecurityGroups: maxInstanceGroups, MaxRules: 200, MaxTags: 20,
		SecurityGroupsNeedNetwork: true,
	}
	rules.DefaultNames.SecurityGroup = "sg-default"
	return compute.Profile{Catalog: catalog, Rules: rules, NewID: idMaker(catalog)}
}

// idPrefixes are the prefixes of ECS and VPC IDs, by kind.
var idPrefixes = map[compute.Kind]string{
	compute.KindInstance: "i-", compute.KindNetwork: "vpc-", compute.KindSubnet: "vsw-",
	compute.KindSecurityGroup: "sg-", compute.KindDisk: "d-", compute.KindNIC: "eni-",
	compute.KindRule: "sgr-", compute.KindKeyPair: "kp-",
}

// idMaker returns the ID source of a catalog: the kind's prefix, the
// region's two characters ("bp" for Hangzhou), then random lower-case
// letters and digits, 20 after the prefix in all.
func idMaker(catalog compute.Catalog) func(compute.Kind, compute.RegionID, compute.Random) string {
	return func(kind compute.Kind, region compute.RegionID, random compute.Random) string {
		prefix, ok := idPrefixes[kind]
		if !ok {
			prefix = string(kind) + "-"
		}
		r, _ := catalog.Region(region)
		regionPart := r.Attributes[AttrIDPrefix]
		if len(regionPart) != 2 {
			regionPart = "ec"
		}
		return prefix + regionPart + random.String(lowerAlnum, 18)
	}
}
