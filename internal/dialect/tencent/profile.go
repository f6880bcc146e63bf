package tencent

import (
	"net/netip"

	"github.com/ecsd/ecsd/internal/compute"
)

// Profile is what the core needs to know of Tencent Cloud: its catalog,
// the rules CVM, VPC and CBS apply, and the format of their IDs.
func Profile(catalog compute.Catalog) compute.Profile {
	rules := compute.Rules{
		NetworkBits:        compute.PrefixBits{Min: 12, Max: 28},
		SubnetBits:         compute.PrefixBits{Min: 16, Max: 29},
		DefaultNetworkCIDR: netip.MustParsePrefix("172.16.0.0/16"),
		DefaultSubnetBits:  20,
		// The network address, the gateway (.1) and the broadcast address.
		ReservedLow: 2, ReservedHigh: 1,
		PublicPool:   netip.MustParsePrefix("43.128.0.0/10"),
		MACPrefix:    [3]byte{0x52, 0x54, 0x00},
		DevicePrefix: "/dev/vd",
		MaxNetworks:  20, MaxDataDisks: 20, MaxSecurityGroups: 5, MaxRules: 200, MaxTags: 50,
		KeyPairsInUseStay: true, NetworksReadyAtOnce: true,
		DefaultSecurityRules: defaultSecurityRules(),
	}
	rules.DefaultNames.Network, rules.DefaultNames.Subnet, rules.DefaultNames.SecurityGroup = "Default-VPC", "Default-Subnet", "default"
	return compute.Profile{Catalog: catalog, Rules: rules, NewID: newID}
}

// idPrefixes are the prefixes of CVM, VPC and CBS IDs, by kind.
var idPrefixes = map[compute.Kind]string{
	compute.KindInstance: "ins-", compute.KindNetwork: "vpc-", compute.KindSubnet: "subnet-",
	compute.KindSecurityGroup: "sg-", compute.KindDisk: "disk-", compute.KindNIC: "eni-",
	compute.KindKeyPair: "skey-", compute.KindRule: "sgrule-",
}

// newID makes an ID in Tencent's format: the kind's prefix and 8 random
// lower-case letters or digits (reference 3.9).
func newID(kind compute.Kind, _ compute.RegionID, random compute.Random) string {
	prefix, ok := idPrefixes[kind]
	if !ok {
		prefix = string(kind) + "-"
	}
	return prefix + random.String(lowerAlnum, 8)
}

// defaultSecurityRules are the policies of the default security group
// Tencent makes: SSH, RDP, ping and the web from anywhere, every egress.
func defaultSecurityRules() []compute.SecurityRule {
	in := func(protocol, port, spelled string) compute.SecurityRule {
		return compute.SecurityRule{Direction: compute.Ingress, Protocol: protocol, Ports: port, CIDR: "0.0.0.0/0", Policy: compute.Accept,
			Extra: map[string]string{extraAction: "ACCEPT", extraProtocol: spelled}}
	}
	return []compute.SecurityRule{
		in("tcp", "22", "TCP"), in("tcp", "3389", "TCP"), in("icmp", "ALL", "ICMP"), in("tcp", "80,443", "TCP"),
		{Direction: compute.Egress, Protocol: "all", Ports: "ALL", CIDR: "0.0.0.0/0", Policy: compute.Accept,
			Extra: map[string]string{extraAction: "ACCEPT", extraProtocol: "ALL"}},
	}
}
