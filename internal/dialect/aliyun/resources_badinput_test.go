package aliyun_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/aliyun"
	"github.com/ecsd/ecsd/internal/dialect/kit/kittest"
)

// resourceSeed is what the bad inputs of the resources around instances
// run against: resources of the caller, some in use, and resources of
// another account, which the caller must not find.
type resourceSeed struct {
	vpc, pendingVpc, ipv6lessVpc, groupVpc, vsw, pendingVsw, sg, peer, fullGroup, instance, systemDisk string
	attached, free, freeOtherZone, rule                                                                string
	other                                                                                              struct{ vpc, vsw, sg, disk, instance string }
}

const (
	otherKeyID  = "otherAK"
	otherSecret = "otherSecret"
)

func seedResources(t *testing.T, env *apptest.Env) resourceSeed {
	t.Helper()
	ctx := context.Background()
	svc := env.App.Service
	me := compute.Owner{Account: env.Key.Account, Cloud: compute.CloudAliyun}
	otherKey := env.NewAccount(t, "other", otherKeyID, otherSecret)
	them := compute.Owner{Account: otherKey.Account, Cloud: compute.CloudAliyun}
	var s resourceSeed
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	network := func(o compute.Owner, cidr string, extra map[string]string) string {
		n, err := svc.CreateNetwork(ctx, compute.NetworkSpec{Owner: o, Region: region, CIDR: netip.MustParsePrefix(cidr), Extra: extra})
		must(err)
		return string(n.ID)
	}
	s.vpc = network(me, "10.0.0.0/16", map[string]string{"ipv6": "true"})
	s.ipv6lessVpc = network(me, "10.1.0.0/16", nil)
	s.groupVpc = network(me, "10.3.0.0/16", nil)
	s.other.vpc = network(them, "10.0.0.0/16", nil)
	env.Clock.Advance(delay)
	subnet := func(o compute.Owner, vpc, zone, cidr string) string {
		sub, err := svc.CreateSubnet(ctx, compute.SubnetSpec{Owner: o, Network: compute.NetworkID(vpc), Zone: compute.ZoneID(zone), CIDR: netip.MustParsePrefix(cidr)})
		must(err)
		return string(sub.ID)
	}
	s.vsw = subnet(me, s.vpc, zoneB, "10.0.1.0/24")
	s.other.vsw = subnet(them, s.other.vpc, zoneB, "10.0.1.0/24")
	env.Clock.Advance(delay)
	group := func(o compute.Owner, vpc string, rules ...compute.SecurityRule) string {
		g, err := svc.CreateSecurityGroup(ctx, compute.SecurityGroupSpec{Owner: o, Region: region, Network: compute.NetworkID(vpc), Rules: rules})
		must(err)
		return string(g.ID)
	}
	s.peer = group(me, s.vpc)
	s.sg = group(me, s.vpc,
		compute.SecurityRule{Direction: compute.Ingress, Protocol: "tcp", Ports: "22/22", CIDR: "0.0.0.0/0", Policy: compute.Accept, Priority: 1},
		compute.SecurityRule{Direction: compute.Egress, Protocol: "tcp", Ports: "443/443", CIDR: "0.0.0.0/0", Policy: compute.Accept, Priority: 1},
		compute.SecurityRule{Direction: compute.Ingress, Protocol: "tcp", Ports: "3306/3306", Peer: compute.SecurityGroupID(s.peer), Policy: compute.Accept, Priority: 1})
	var full []compute.SecurityRule
	for i := range 200 {
		full = append(full, compute.SecurityRule{Direction: compute.Ingress, Protocol: "tcp", Ports: fmt.Sprintf("%d/%d", i+1, i+1), CIDR: "0.0.0.0/0", Policy: compute.Accept, Priority: 1})
	}
	s.fullGroup = group(me, s.vpc, full...)
	s.other.sg = group(them, s.other.vpc)
	group(me, s.groupVpc)
	groups, err := svc.SecurityGroups(ctx, me, compute.Filter{IDs: []string{s.sg}})
	must(err)
	for _, r := range groups[0].Rules {
		if r.Direction == compute.Egress {
			s.rule = r.ID
		}
	}
	kp, _, err := svc.CreateKeyPair(ctx, compute.KeyPairSpec{Owner: me, Region: region, Name: "in-use", PublicKey: mustPublicKey(t)})
	must(err)
	insts, err := svc.Launch(ctx, compute.LaunchSpec{Owner: me, Region: region, Count: 1, ImageID: image, InstanceType: itype,
		Subnet: compute.SubnetID(s.vsw), SecurityGroups: []compute.SecurityGroupID{compute.SecurityGroupID(s.sg)}, KeyPair: kp.ID,
		SystemDisk: compute.DiskSpec{Category: "cloud_essd", SizeGiB: 40}, Boot: compute.BootStaged})
	must(err)
	s.instance, s.systemDisk = string(insts[0].ID), string(insts[0].SystemDisk.ID)
	theirs, err := svc.Launch(ctx, compute.LaunchSpec{Owner: them, Region: region, Count: 1, ImageID: image, InstanceType: itype,
		Subnet: compute.SubnetID(s.other.vsw), SecurityGroups: []compute.SecurityGroupID{compute.SecurityGroupID(s.other.sg)}})
	must(err)
	s.other.instance = string(theirs[0].ID)
	disk := func(o compute.Owner, zone string) string {
		d, err := svc.CreateDisks(ctx, compute.CreateDisksSpec{Owner: o, Zone: compute.ZoneID(zone), Count: 1,
			Disk: compute.DiskSpec{Category: "cloud_efficiency", SizeGiB: 20}})
		must(err)
		return string(d[0].ID)
	}
	s.attached, s.free, s.freeOtherZone, s.other.disk = disk(me, zoneB), disk(me, zoneB), disk(me, zoneG), disk(them, zoneB)
	settle(env)
	_, err = svc.AttachDisk(ctx, me, compute.DiskID(s.attached), compute.InstanceID(s.instance), nil)
	must(err)
	settle(env)
	// Made last, so that they are still pending.
	s.pendingVpc = network(me, "10.2.0.0/16", nil)
	s.pendingVsw = subnet(me, s.ipv6lessVpc, zoneB, "10.1.1.0/24")
	return s
}

func mustPublicKey(t *testing.T) string {
	public, _ := newTestPublicKey(t, 7)
	return public
}

// TestResourceBadInputs sends every kind of bad request to the actions of
// the resources around instances and checks each gets the vendor's code
// and status in the vendor's envelope.
func TestResourceBadInputs(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	s := seedResources(t, env)
	ctx := context.Background()
	me := compute.Owner{Account: env.Key.Account, Cloud: compute.CloudAliyun}
	// cn-qingdao holds as many VPCs and key pairs as a region may.
	for i := range 10 {
		if _, err := env.App.Service.CreateNetwork(ctx, compute.NetworkSpec{Owner: me, Region: "cn-qingdao",
			CIDR: netip.MustParsePrefix(fmt.Sprintf("10.%d.0.0/16", i))}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 500 {
		public, _ := newTestPublicKey(t, byte(i%256))
		if _, _, err := env.App.Service.CreateKeyPair(ctx, compute.KeyPairSpec{Owner: me, Region: "cn-qingdao", Name: fmt.Sprintf("k%03d", i), PublicKey: public}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := env.App.Service.CreateNetwork(ctx, compute.NetworkSpec{Owner: me, Region: "cn-beijing", IsDefault: true}); err != nil {
		t.Fatal(err)
	}

	request := func(version, keyID, secret string, kv ...string) func(testing.TB) *http.Request {
		p := params(kv...)
		p.Set("Version", version)
		return func(tb testing.TB) *http.Request {
			return rpc{params: p, keyID: keyID, secret: secret}.request(tb, env)
		}
	}
	ecs := func(kv ...string) func(testing.TB) *http.Request { return request(aliyun.Version, "", "", kv...) }
	vpc := func(kv ...string) func(testing.TB) *http.Request { return request(aliyun.VPCVersion, "", "", kv...) }
	asOther := func(version string, kv ...string) func(testing.TB) *http.Request {
		return request(version, otherKeyID, otherSecret, kv...)
	}
	n := func(prefix string, count int, value func(i int) string) []string {
		var kv []string
		for i := 1; i <= count; i++ {
			kv = append(kv, fmt.Sprintf("%s.%d%s", prefix, i, ""), value(i))
		}
		return kv
	}
	with := func(base []string, more ...string) []string { return append(append([]string(nil), base...), more...) }
	jsonList := func(count int) string {
		ids := make([]string, count)
		for i := range ids {
			ids[i] = fmt.Sprintf("x-%d", i)
		}
		b, _ := json.Marshal(ids)
		return string(b)
	}
	tagsKV := func(count int) []string {
		var kv []string
		for i := 1; i <= count; i++ {
			kv = append(kv, fmt.Sprintf("Tag.%d.Key", i), fmt.Sprintf("k%d", i), fmt.Sprintf("Tag.%d.Value", i), "v")
		}
		return kv
	}
	hz := []string{"RegionId", region}
	vpcIDs := func(count int) string {
		ids := make([]string, count)
		for i := range ids {
			ids[i] = fmt.Sprintf("vpc-bp%018d", i)
		}
		return strings.Join(ids, ",")
	}
	auth := func(kv ...string) func(testing.TB) *http.Request {
		return ecs(with([]string{"Action", "AuthorizeSecurityGroup", "RegionId", region, "SecurityGroupId", s.sg}, kv...)...)
	}
	rule := []string{"IpProtocol", "tcp", "PortRange", "80/80", "SourceCidrIp", "0.0.0.0/0"}

	cases := []struct {
		name   string
		req    func(testing.TB) *http.Request
		status int
		code   string
	}{
		// --- the VPC API: VPCs ---
		{"CreateVpc without RegionId", vpc("Action", "CreateVpc"), 400, "MissingParameter"},
		{"CreateVpc in an unknown region", vpc("Action", "CreateVpc", "RegionId", "mars-1"), 404, "InvalidRegionId.NotFound"},
		{"CreateVpc block not a CIDR", vpc(with(hz, "Action", "CreateVpc", "CidrBlock", "10.0.0.0/33")...), 400, "InvalidCidrBlock.Malformed"},
		{"CreateVpc block not at its start", vpc(with(hz, "Action", "CreateVpc", "CidrBlock", "10.0.0.1/8")...), 400, "InvalidCidrBlock.Malformed"},
		{"CreateVpc block too small", vpc(with(hz, "Action", "CreateVpc", "CidrBlock", "10.0.0.0/29")...), 400, "InvalidParameter"},
		{"CreateVpc name a URL", vpc(with(hz, "Action", "CreateVpc", "VpcName", "http://x")...), 400, "InvalidVpcName.Malformed"},
		{"CreateVpc four user CIDRs", vpc(with(hz, "Action", "CreateVpc", "UserCidr", "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,11.0.0.0/8")...), 400, "InvalidUserCidr.Quota"},
		{"CreateVpc user CIDR in 100.64/10", vpc(with(hz, "Action", "CreateVpc", "UserCidr", "100.64.0.0/16")...), 400, "InvalidUserCidr.Malformed"},
		{"CreateVpc unknown IPv6 ISP", vpc(with(hz, "Action", "CreateVpc", "Ipv6Isp", "Moon")...), 400, "InvalidParameter"},
		{"CreateVpc IPAM pool", vpc(with(hz, "Action", "CreateVpc", "Ipv4IpamPoolId", "ipam-pool-1")...), 400, "InvalidParameter"},
		{"CreateVpc EnableIpv6 maybe", vpc(with(hz, "Action", "CreateVpc", "EnableIpv6", "maybe")...), 400, "InvalidParameter"},
		{"CreateVpc ClientToken too long", vpc(with(hz, "Action", "CreateVpc", "ClientToken", strings.Repeat("t", 65))...), 400, "InvalidParameter"},
		{"CreateVpc 21 tags", vpc(with(with(hz, "Action", "CreateVpc"), tagsKV(21)...)...), 400, "InvalidTagCount"},
		{"CreateVpc a tag key twice", vpc(with(hz, "Action", "CreateVpc", "Tag.1.Key", "k", "Tag.1.Value", "1", "Tag.2.Key", "k", "Tag.2.Value", "2")...), 400, "Duplicate.TagKey"},
		{"CreateVpc dry run", vpc(with(hz, "Action", "CreateVpc", "DryRun", "true")...), 400, "DryRunOperation"},
		{"CreateVpc over the quota", vpc("Action", "CreateVpc", "RegionId", "cn-qingdao"), 400, "QuotaExceeded.Vpc"},
		{"CreateVpc bad resource group", vpc(with(hz, "Action", "CreateVpc", "ResourceGroupId", "group one")...), 404, "InvalidResourceGroup.NotFound"},
		{"CreateDefaultVpc twice", vpc("Action", "CreateDefaultVpc", "RegionId", "cn-beijing"), 400, "OperationFailed.DefaultVpcExist"},
		{"CreateDefaultVpc with default vSwitches", vpc(with(hz, "Action", "CreateDefaultVpc", "EnableDefaultVSwitch", "true")...), 400, "InvalidParameter"},
		{"DescribeVpcs PageSize 51", vpc(with(hz, "Action", "DescribeVpcs", "PageSize", "51")...), 400, "InvalidParameter"},
		{"DescribeVpcs 21 VPC IDs", vpc(with(hz, "Action", "DescribeVpcs", "VpcId", vpcIDs(21))...), 400, "InvalidParameter"},
		{"DescribeVpcs IsDefault maybe", vpc(with(hz, "Action", "DescribeVpcs", "IsDefault", "maybe")...), 400, "InvalidParameter"},
		{"DescribeVpcs DHCP options set", vpc(with(hz, "Action", "DescribeVpcs", "DhcpOptionsSetId", "dopt-1")...), 400, "InvalidParameter"},
		{"DescribeVpcs without RegionId", vpc("Action", "DescribeVpcs"), 400, "MissingParameter"},
		{"CreateDefaultVpc without RegionId", vpc("Action", "CreateDefaultVpc"), 400, "MissingParameter"},
		{"DescribeVpcAttribute without VpcId", vpc(with(hz, "Action", "DescribeVpcAttribute")...), 400, "MissingParameter"},
		{"DescribeVpcAttribute unknown VPC", vpc(with(hz, "Action", "DescribeVpcAttribute", "VpcId", "vpc-bp000000000000000000")...), 404, "InvalidVpcId.NotFound"},
		{"DescribeVpcAttribute another account's VPC", asOther(aliyun.VPCVersion, with(hz, "Action", "DescribeVpcAttribute", "VpcId", s.vpc)...), 404, "InvalidVpcId.NotFound"},
		{"DescribeVpcAttribute in another region", vpc("Action", "DescribeVpcAttribute", "RegionId", "cn-shanghai", "VpcId", s.vpc), 404, "InvalidVpcId.NotFound"},
		{"DescribeVpcAttribute malformed ID", vpc(with(hz, "Action", "DescribeVpcAttribute", "VpcId", "my-vpc")...), 404, "InvalidVpcId.NotFound"},
		{"ModifyVpcAttribute unknown VPC", vpc(with(hz, "Action", "ModifyVpcAttribute", "VpcId", "vpc-bp000000000000000000", "VpcName", "x")...), 404, "InvalidVpcId.NotFound"},
		{"ModifyVpcAttribute another block", vpc(with(hz, "Action", "ModifyVpcAttribute", "VpcId", s.vpc, "CidrBlock", "10.0.0.0/8")...), 400, "InvalidParameter"},
		{"ModifyVpcAttribute bad description", vpc(with(hz, "Action", "ModifyVpcAttribute", "VpcId", s.vpc, "Description", "https://x")...), 400, "InvalidVpcDiscription.Malformed"},
		{"ModifyVpcAttribute without VpcId", vpc(with(hz, "Action", "ModifyVpcAttribute", "VpcName", "x")...), 400, "MissingParameter"},
		{"ModifyVpcAttribute another account's", vpc(with(hz, "Action", "ModifyVpcAttribute", "VpcId", s.other.vpc, "VpcName", "mine")...), 404, "InvalidVpcId.NotFound"},
		{"ModifyVpcAttribute name too long", vpc(with(hz, "Action", "ModifyVpcAttribute", "VpcId", s.vpc, "VpcName", strings.Repeat("n", 129))...), 400, "InvalidVpcName.Malformed"},
		{"DeleteVpc with a vSwitch", vpc(with(hz, "Action", "DeleteVpc", "VpcId", s.vpc)...), 400, "DependencyViolation.VSwitch"},
		{"DeleteVpc pending", vpc(with(hz, "Action", "DeleteVpc", "VpcId", s.pendingVpc)...), 400, "IncorrectVpcStatus"},
		{"DeleteVpc unknown", vpc(with(hz, "Action", "DeleteVpc", "VpcId", "vpc-bp000000000000000000")...), 404, "InvalidVpcId.NotFound"},
		{"DeleteVpc another account's", vpc(with(hz, "Action", "DeleteVpc", "VpcId", s.other.vpc)...), 404, "InvalidVpcId.NotFound"},
		{"DeleteVpc ForceDelete maybe", vpc(with(hz, "Action", "DeleteVpc", "VpcId", s.ipv6lessVpc, "ForceDelete", "maybe")...), 400, "InvalidParameter"},
		{"DeleteVpc without VpcId", vpc(with(hz, "Action", "DeleteVpc")...), 400, "MissingParameter"},
		{"DeleteVpc with a security group", vpc(with(hz, "Action", "DeleteVpc", "VpcId", s.groupVpc)...), 400, "DependencyViolation.SecurityGroup"},
		{"EnableVpcClassicLink unknown VPC", vpc(with(hz, "Action", "EnableVpcClassicLink", "VpcId", "vpc-bp000000000000000000")...), 404, "InvalidVpcId.NotFound"},
		{"DisableVpcClassicLink pending VPC", vpc(with(hz, "Action", "DisableVpcClassicLink", "VpcId", s.pendingVpc)...), 400, "IncorrectVpcStatus"},
		{"EnableVpcClassicLink without VpcId", vpc(with(hz, "Action", "EnableVpcClassicLink")...), 400, "MissingParameter"},
		{"DisableVpcClassicLink another account's VPC", vpc(with(hz, "Action", "DisableVpcClassicLink", "VpcId", s.other.vpc)...), 404, "InvalidVpcId.NotFound"},
		{"DisableVpcClassicLink without VpcId", vpc(with(hz, "Action", "DisableVpcClassicLink")...), 400, "MissingParameter"},
		{"EnableVpcClassicLink another account's VPC", vpc(with(hz, "Action", "EnableVpcClassicLink", "VpcId", s.other.vpc)...), 404, "InvalidVpcId.NotFound"},
		{"AssociateVpcCidrBlock without a block", vpc(with(hz, "Action", "AssociateVpcCidrBlock", "VpcId", s.vpc)...), 400, "MissingParameter"},
		{"AssociateVpcCidrBlock malformed", vpc(with(hz, "Action", "AssociateVpcCidrBlock", "VpcId", s.vpc, "SecondaryCidrBlock", "10.9.0.1/16")...), 400, "InvalidCidrBlock.Malformed"},
		{"AssociateVpcCidrBlock IPv6", vpc(with(hz, "Action", "AssociateVpcCidrBlock", "VpcId", s.vpc, "IPv6CidrBlock", "2408::/56")...), 400, "InvalidParameter"},
		{"AssociateVpcCidrBlock overlapping", vpc(with(hz, "Action", "AssociateVpcCidrBlock", "VpcId", s.vpc, "SecondaryCidrBlock", "10.0.0.0/8")...), 400, "InvalidCidrBlock.Overlapped"},
		{"UnassociateVpcCidrBlock not associated", vpc(with(hz, "Action", "UnassociateVpcCidrBlock", "VpcId", s.vpc, "SecondaryCidrBlock", "10.9.0.0/16")...), 404, "InvalidCidrBlock.NotFound"},
		{"AssociateVpcCidrBlock unknown VPC", vpc(with(hz, "Action", "AssociateVpcCidrBlock", "VpcId", "vpc-bp000000000000000000", "SecondaryCidrBlock", "10.9.0.0/16")...), 404, "InvalidVpcId.NotFound"},
		{"AssociateVpcCidrBlock another account's VPC", vpc(with(hz, "Action", "AssociateVpcCidrBlock", "VpcId", s.other.vpc, "SecondaryCidrBlock", "10.9.0.0/16")...), 404, "InvalidVpcId.NotFound"},
		{"UnassociateVpcCidrBlock without a block", vpc(with(hz, "Action", "UnassociateVpcCidrBlock", "VpcId", s.vpc)...), 400, "MissingParameter"},
		{"UnassociateVpcCidrBlock another account's VPC", vpc(with(hz, "Action", "UnassociateVpcCidrBlock", "VpcId", s.other.vpc, "SecondaryCidrBlock", "10.9.0.0/16")...), 404, "InvalidVpcId.NotFound"},
		{"UnassociateVpcCidrBlock unknown VPC", vpc(with(hz, "Action", "UnassociateVpcCidrBlock", "VpcId", "vpc-bp000000000000000000", "SecondaryCidrBlock", "10.9.0.0/16")...), 404, "InvalidVpcId.NotFound"},

		// --- vSwitches ---
		{"CreateVSwitch without ZoneId", vpc(with(hz, "Action", "CreateVSwitch", "VpcId", s.vpc, "CidrBlock", "10.0.9.0/24")...), 400, "MissingParameter"},
		{"CreateVSwitch without CidrBlock", vpc(with(hz, "Action", "CreateVSwitch", "VpcId", s.vpc, "ZoneId", zoneB)...), 400, "MissingParameter"},
		{"CreateVSwitch without VpcId", vpc(with(hz, "Action", "CreateVSwitch", "ZoneId", zoneB, "CidrBlock", "10.0.9.0/24")...), 400, "MissingParameter"},
		{"CreateVSwitch unknown zone", vpc(with(hz, "Action", "CreateVSwitch", "VpcId", s.vpc, "ZoneId", "cn-hangzhou-z", "CidrBlock", "10.0.9.0/24")...), 404, "InvalidZoneId.NotFound"},
		{"CreateVSwitch outside the VPC", vpc(with(hz, "Action", "CreateVSwitch", "VpcId", s.vpc, "ZoneId", zoneB, "CidrBlock", "10.5.0.0/24")...), 400, "InvalidParameter"},
		{"CreateVSwitch overlapping", vpc(with(hz, "Action", "CreateVSwitch", "VpcId", s.vpc, "ZoneId", zoneB, "CidrBlock", "10.0.1.128/25")...), 400, "InvalidCidrBlock.Overlapped"},
		{"CreateVSwitch mask /30", vpc(with(hz, "Action", "CreateVSwitch", "VpcId", s.vpc, "ZoneId", zoneB, "CidrBlock", "10.0.9.0/30")...), 400, "InvalidCirdrBlock.MaskLength"},
		{"CreateVSwitch malformed block", vpc(with(hz, "Action", "CreateVSwitch", "VpcId", s.vpc, "ZoneId", zoneB, "CidrBlock", "ten")...), 400, "InvalidCidrBlock.Malformed"},
		{"CreateVSwitch pending VPC", vpc(with(hz, "Action", "CreateVSwitch", "VpcId", s.pendingVpc, "ZoneId", zoneB, "CidrBlock", "10.2.1.0/24")...), 400, "IncorrectVpcStatus"},
		{"CreateVSwitch another account's VPC", vpc(with(hz, "Action", "CreateVSwitch", "VpcId", s.other.vpc, "ZoneId", zoneB, "CidrBlock", "10.0.9.0/24")...), 404, "InvalidVpcId.NotFound"},
		{"CreateVSwitch IPv6 index 256", vpc(with(hz, "Action", "CreateVSwitch", "VpcId", s.vpc, "ZoneId", zoneB, "CidrBlock", "10.0.9.0/24", "Ipv6CidrBlock", "256")...), 400, "InvalidParameter"},
		{"CreateVSwitch IPv6 in an IPv4 VPC", vpc(with(hz, "Action", "CreateVSwitch", "VpcId", s.ipv6lessVpc, "ZoneId", zoneB, "CidrBlock", "10.1.9.0/24", "Ipv6CidrBlock", "1")...), 400, "OperationFailed.VpcNotEnableIpv6"},
		{"CreateVSwitch name a URL", vpc(with(hz, "Action", "CreateVSwitch", "VpcId", s.vpc, "ZoneId", zoneB, "CidrBlock", "10.0.9.0/24", "VSwitchName", "https://x")...), 400, "InvalidVSwitchName.Malformed"},
		{"CreateDefaultVSwitch without default VPC", vpc(with(hz, "Action", "CreateDefaultVSwitch", "ZoneId", zoneB)...), 400, "OperationFailed.DefaultVpcNotExist"},
		{"CreateDefaultVSwitch without ZoneId", vpc("Action", "CreateDefaultVSwitch", "RegionId", "cn-beijing"), 400, "MissingParameter"},
		{"CreateDefaultVSwitch unknown zone", vpc("Action", "CreateDefaultVSwitch", "RegionId", "cn-beijing", "ZoneId", "cn-beijing-z"), 404, "InvalidZoneId.NotFound"},
		{"DescribeVSwitches PageSize 51", vpc(with(hz, "Action", "DescribeVSwitches", "PageSize", "51")...), 400, "InvalidParameter"},
		{"DescribeVSwitches zone of another region", vpc(with(hz, "Action", "DescribeVSwitches", "ZoneId", "cn-shanghai-b")...), 404, "InvalidZoneId.NotFound"},
		{"DescribeVSwitches without RegionId", vpc("Action", "DescribeVSwitches"), 400, "MissingParameter"},
		{"DescribeVSwitchAttributes unknown", vpc(with(hz, "Action", "DescribeVSwitchAttributes", "VSwitchId", "vsw-bp000000000000000000")...), 404, "InvalidVSwitchId.NotFound"},
		{"DescribeVSwitchAttributes another account's", vpc(with(hz, "Action", "DescribeVSwitchAttributes", "VSwitchId", s.other.vsw)...), 404, "InvalidVSwitchId.NotFound"},
		{"DescribeVSwitchAttributes without VSwitchId", vpc(with(hz, "Action", "DescribeVSwitchAttributes")...), 400, "MissingParameter"},
		{"DescribeVSwitchAttributes malformed ID", vpc(with(hz, "Action", "DescribeVSwitchAttributes", "VSwitchId", "switch-1")...), 404, "InvalidVSwitchId.NotFound"},
		{"ModifyVSwitchAttribute unknown", vpc(with(hz, "Action", "ModifyVSwitchAttribute", "VSwitchId", "vsw-bp000000000000000000")...), 404, "InvalidVSwitchId.NotFound"},
		{"ModifyVSwitchAttribute bad description", vpc(with(hz, "Action", "ModifyVSwitchAttribute", "VSwitchId", s.vsw, "Description", "http://d")...), 400, "InvalidVSwitchDiscription.Malformed"},
		{"ModifyVSwitchAttribute without VSwitchId", vpc(with(hz, "Action", "ModifyVSwitchAttribute", "VSwitchName", "x")...), 400, "MissingParameter"},
		{"ModifyVSwitchAttribute another account's", vpc(with(hz, "Action", "ModifyVSwitchAttribute", "VSwitchId", s.other.vsw, "VSwitchName", "mine")...), 404, "InvalidVSwitchId.NotFound"},
		{"ModifyVSwitchAttribute name a URL", vpc(with(hz, "Action", "ModifyVSwitchAttribute", "VSwitchId", s.vsw, "VSwitchName", "https://x")...), 400, "InvalidVSwitchName.Malformed"},
		{"DeleteVSwitch with an instance", vpc(with(hz, "Action", "DeleteVSwitch", "VSwitchId", s.vsw)...), 400, "DependencyViolation"},
		{"DeleteVSwitch another account's", vpc(with(hz, "Action", "DeleteVSwitch", "VSwitchId", s.other.vsw)...), 404, "InvalidVSwitchId.NotFound"},
		{"DeleteVSwitch without VSwitchId", vpc(with(hz, "Action", "DeleteVSwitch")...), 400, "MissingParameter"},
		{"DeleteVSwitch unknown", vpc(with(hz, "Action", "DeleteVSwitch", "VSwitchId", "vsw-bp000000000000000000")...), 404, "InvalidVSwitchId.NotFound"},
		{"DeleteVSwitch pending", vpc(with(hz, "Action", "DeleteVSwitch", "VSwitchId", s.pendingVsw)...), 400, "IncorrectVSwitchStatus"},
		{"DeleteVSwitch malformed ID", vpc(with(hz, "Action", "DeleteVSwitch", "VSwitchId", "switch-1")...), 404, "InvalidVSwitchId.NotFound"},
		{"DescribeRouteTableList unknown router type", vpc(with(hz, "Action", "DescribeRouteTableList", "RouterType", "Rocket")...), 400, "InvalidParameter"},
		{"DescribeRouteTableList PageSize 0", vpc(with(hz, "Action", "DescribeRouteTableList", "PageSize", "0")...), 400, "InvalidParameter"},
		{"DescribeRouteTableList without RegionId", vpc("Action", "DescribeRouteTableList"), 400, "MissingParameter"},
		{"ModifyRouteTableAttributes unknown table", vpc(with(hz, "Action", "ModifyRouteTableAttributes", "RouteTableId", "vtb-bp000000000000000000")...), 404, "InvalidRouteTableId.NotFound"},
		{"ModifyRouteTableAttributes not a table ID", vpc(with(hz, "Action", "ModifyRouteTableAttributes", "RouteTableId", "rtb-1")...), 404, "InvalidRouteTableId.NotFound"},
		{"ModifyRouteTableAttributes another account's", vpc(with(hz, "Action", "ModifyRouteTableAttributes", "RouteTableId", "vtb-"+strings.TrimPrefix(s.other.vpc, "vpc-"))...), 404, "InvalidRouteTableId.NotFound"},
		{"ModifyRouteTableAttributes border router bandwidth", vpc(with(hz, "Action", "ModifyRouteTableAttributes", "RouteTableId", "vtb-"+strings.TrimPrefix(s.vpc, "vpc-"), "Bandwidth", "10")...), 400, "InvalidParameter"},
		{"ModifyRouteTableAttributes propagation maybe", vpc(with(hz, "Action", "ModifyRouteTableAttributes", "RouteTableId", "vtb-"+strings.TrimPrefix(s.vpc, "vpc-"), "RoutePropagationEnable", "maybe")...), 400, "InvalidParameter"},
		{"ModifyRouteTableAttributes without RouteTableId", vpc(with(hz, "Action", "ModifyRouteTableAttributes", "RouteTableName", "x")...), 400, "MissingParameter"},

		// --- the VPC API's tags and resource groups ---
		{"VPC TagResources without ResourceType", vpc(with(with(hz, "Action", "TagResources", "ResourceId.1", s.vpc), tagsKV(1)...)...), 404, "MissingParameter.ResourceType"},
		{"VPC TagResources without RegionId", vpc(with([]string{"Action", "TagResources", "ResourceType", "VPC", "ResourceId.1", s.vpc}, tagsKV(1)...)...), 404, "MissingParameter.RegionId"},
		{"VPC TagResources without tags", vpc(with(hz, "Action", "TagResources", "ResourceType", "VPC", "ResourceId.1", s.vpc)...), 404, "MissingParameter.Tags"},
		{"VPC TagResources unknown type", vpc(with(with(hz, "Action", "TagResources", "ResourceType", "ROCKET", "ResourceId.1", s.vpc), tagsKV(1)...)...), 404, "InvalidResourceType.NotFound"},
		{"VPC TagResources another account's VPC", vpc(with(with(hz, "Action", "TagResources", "ResourceType", "VPC", "ResourceId.1", s.other.vpc), tagsKV(1)...)...), 404, "InvalidResourceId.NotFound"},
		{"VPC TagResources 51 resources", vpc(with(with(with(hz, "Action", "TagResources", "ResourceType", "VPC"), n("ResourceId", 51, func(i int) string { return s.vpc })...), tagsKV(1)...)...), 400, "NumberExceed.ResourceIds"},
		{"VPC TagResources 21 tags", vpc(with(with(hz, "Action", "TagResources", "ResourceType", "VPC", "ResourceId.1", s.vpc), tagsKV(21)...)...), 400, "NumberExceed.Tags"},
		{"VPC TagResources key aliyun", vpc(with(hz, "Action", "TagResources", "ResourceType", "VPC", "ResourceId.1", s.vpc, "Tag.1.Key", "aliyun:x", "Tag.1.Value", "v")...), 400, "InvalidTagKey.Malformed"},
		{"VPC UnTagResources without keys", vpc(with(hz, "Action", "UnTagResources", "ResourceType", "VPC", "ResourceId.1", s.vpc)...), 400, "MissingParameter"},
		{"VPC UnTagResources 21 keys", vpc(with(with(hz, "Action", "UnTagResources", "ResourceType", "VPC", "ResourceId.1", s.vpc), n("TagKey", 21, func(i int) string { return fmt.Sprint("k", i) })...)...), 400, "NumberExceed.Tags"},
		{"VPC UnTagResources another account's VPC", vpc(with(hz, "Action", "UnTagResources", "ResourceType", "VPC", "ResourceId.1", s.other.vpc, "TagKey.1", "k")...), 404, "InvalidResourceId.NotFound"},
		{"VPC UnTagResources unknown type", vpc(with(hz, "Action", "UnTagResources", "ResourceType", "ROCKET", "ResourceId.1", s.vpc, "TagKey.1", "k")...), 404, "InvalidResourceType.NotFound"},
		{"VPC UnTagResources 51 resources", vpc(with(with(hz, "Action", "UnTagResources", "ResourceType", "VPC", "TagKey.1", "k"), n("ResourceId", 51, func(i int) string { return s.vpc })...)...), 400, "NumberExceed.ResourceIds"},
		{"VPC ListTagResources naming nothing", vpc(with(hz, "Action", "ListTagResources", "ResourceType", "VPC")...), 400, "MissingParameter"},
		{"VPC ListTagResources MaxResults 51", vpc(with(hz, "Action", "ListTagResources", "ResourceType", "VPC", "ResourceId.1", s.vpc, "MaxResults", "51")...), 400, "InvalidParameter"},
		{"VPC ListTagResources forged token", vpc(with(hz, "Action", "ListTagResources", "ResourceType", "VPC", "ResourceId.1", s.vpc, "NextToken", "all")...), 400, "InvalidParameter"},
		{"VPC ListTagResources unknown type", vpc(with(hz, "Action", "ListTagResources", "ResourceType", "ROCKET", "ResourceId.1", s.vpc)...), 404, "InvalidResourceType.NotFound"},
		{"VPC ListTagResources without ResourceType", vpc(with(hz, "Action", "ListTagResources", "ResourceId.1", s.vpc)...), 404, "MissingParameter.ResourceType"},
		{"MoveResourceGroup without a group", vpc(with(hz, "Action", "MoveResourceGroup", "ResourceType", "VPC", "ResourceId", s.vpc)...), 400, "MissingParameter"},
		{"MoveResourceGroup malformed group", vpc(with(hz, "Action", "MoveResourceGroup", "ResourceType", "VPC", "ResourceId", s.vpc, "NewResourceGroupId", "g")...), 404, "InvalidResourceGroup.NotFound"},
		{"MoveResourceGroup another account's VPC", vpc(with(hz, "Action", "MoveResourceGroup", "ResourceType", "VPC", "ResourceId", s.other.vpc, "NewResourceGroupId", "rg-1")...), 404, "InvalidResourceId.NotFound"},
		{"MoveResourceGroup unknown vSwitch", vpc(with(hz, "Action", "MoveResourceGroup", "ResourceType", "VSWITCH", "ResourceId", "vsw-bp000000000000000000", "NewResourceGroupId", "rg-1")...), 404, "InvalidResourceId.NotFound"},

		// --- security groups ---
		{"CreateSecurityGroup without VpcId", ecs(with(hz, "Action", "CreateSecurityGroup")...), 403, "InvalidVpcId.NotFound"},
		{"CreateSecurityGroup unknown VPC", ecs(with(hz, "Action", "CreateSecurityGroup", "VpcId", "vpc-bp000000000000000000")...), 404, "InvalidVpcId.NotFound"},
		{"CreateSecurityGroup another account's VPC", ecs(with(hz, "Action", "CreateSecurityGroup", "VpcId", s.other.vpc)...), 404, "InvalidVpcId.NotFound"},
		{"CreateSecurityGroup pending VPC", ecs(with(hz, "Action", "CreateSecurityGroup", "VpcId", s.pendingVpc)...), 400, "IncorrectVpcStatus"},
		{"CreateSecurityGroup unknown type", ecs(with(hz, "Action", "CreateSecurityGroup", "VpcId", s.vpc, "SecurityGroupType", "premium")...), 400, "InvalidSecurityGroupType.ValueNotSupported"},
		{"CreateSecurityGroup name starting with a digit", ecs(with(hz, "Action", "CreateSecurityGroup", "VpcId", s.vpc, "SecurityGroupName", "1web")...), 400, "InvalidSecurityGroupName.Malformed"},
		{"CreateSecurityGroup managed", ecs(with(hz, "Action", "CreateSecurityGroup", "VpcId", s.vpc, "ServiceManaged", "true")...), 400, "InvalidParameter"},
		{"CreateSecurityGroup one-character description", ecs(with(hz, "Action", "CreateSecurityGroup", "VpcId", s.vpc, "Description", "x")...), 400, "InvalidDescription.Malformed"},
		{"CreateSecurityGroup 21 tags", ecs(with(with(hz, "Action", "CreateSecurityGroup", "VpcId", s.vpc), tagsKV(21)...)...), 400, "InvalidTagCount"},
		{"DescribeSecurityGroups IDs not JSON", ecs(with(hz, "Action", "DescribeSecurityGroups", "SecurityGroupIds", "sg-1,sg-2")...), 400, "InvalidParameter"},
		{"DescribeSecurityGroups 101 IDs", ecs(with(hz, "Action", "DescribeSecurityGroups", "SecurityGroupIds", jsonList(101))...), 400, "InvalidParameter"},
		{"DescribeSecurityGroups PageSize 51", ecs(with(hz, "Action", "DescribeSecurityGroups", "PageSize", "51")...), 400, "InvalidParameter"},
		{"DescribeSecurityGroups MaxResults 101", ecs(with(hz, "Action", "DescribeSecurityGroups", "MaxResults", "101")...), 400, "InvalidParameter"},
		{"DescribeSecurityGroups network type", ecs(with(hz, "Action", "DescribeSecurityGroups", "NetworkType", "mesh")...), 400, "InvalidParameter"},
		{"DescribeSecurityGroups without RegionId", ecs("Action", "DescribeSecurityGroups"), 400, "MissingParameter"},
		{"DescribeSecurityGroupAttribute without ID", ecs(with(hz, "Action", "DescribeSecurityGroupAttribute")...), 400, "MissingParameter"},
		{"DescribeSecurityGroupAttribute unknown", ecs(with(hz, "Action", "DescribeSecurityGroupAttribute", "SecurityGroupId", "sg-bp000000000000000000")...), 404, "InvalidSecurityGroupId.NotFound"},
		{"DescribeSecurityGroupAttribute another account's", asOther(aliyun.Version, with(hz, "Action", "DescribeSecurityGroupAttribute", "SecurityGroupId", s.sg)...), 404, "InvalidSecurityGroupId.NotFound"},
		{"DescribeSecurityGroupAttribute direction", ecs(with(hz, "Action", "DescribeSecurityGroupAttribute", "SecurityGroupId", s.sg, "Direction", "sideways")...), 400, "InvalidParameter"},
		{"DescribeSecurityGroupAttribute MaxResults 5", ecs(with(hz, "Action", "DescribeSecurityGroupAttribute", "SecurityGroupId", s.sg, "MaxResults", "5")...), 400, "InvalidParameter"},
		{"ModifySecurityGroupAttribute unknown", ecs(with(hz, "Action", "ModifySecurityGroupAttribute", "SecurityGroupId", "sg-bp000000000000000000")...), 404, "InvalidSecurityGroupId.NotFound"},
		{"ModifySecurityGroupAttribute bad name", ecs(with(hz, "Action", "ModifySecurityGroupAttribute", "SecurityGroupId", s.sg, "SecurityGroupName", "-x")...), 400, "InvalidSecurityGroupName.Malformed"},
		{"ModifySecurityGroupAttribute without SecurityGroupId", ecs(with(hz, "Action", "ModifySecurityGroupAttribute", "SecurityGroupName", "web")...), 400, "MissingParameter"},
		{"ModifySecurityGroupAttribute another account's", ecs(with(hz, "Action", "ModifySecurityGroupAttribute", "SecurityGroupId", s.other.sg, "SecurityGroupName", "web")...), 404, "InvalidSecurityGroupId.NotFound"},
		{"ModifySecurityGroupPolicy unknown policy", ecs(with(hz, "Action", "ModifySecurityGroupPolicy", "SecurityGroupId", s.sg, "InnerAccessPolicy", "Maybe")...), 400, "InvalidPolicy.Malformed"},
		{"ModifySecurityGroupPolicy without policy", ecs(with(hz, "Action", "ModifySecurityGroupPolicy", "SecurityGroupId", s.sg)...), 400, "MissingParameter"},
		{"ModifySecurityGroupPolicy unknown group", ecs(with(hz, "Action", "ModifySecurityGroupPolicy", "SecurityGroupId", "sg-bp000000000000000000", "InnerAccessPolicy", "Drop")...), 404, "InvalidSecurityGroupId.NotFound"},
		{"ModifySecurityGroupPolicy another account's group", ecs(with(hz, "Action", "ModifySecurityGroupPolicy", "SecurityGroupId", s.other.sg, "InnerAccessPolicy", "Drop")...), 404, "InvalidSecurityGroupId.NotFound"},
		{"DeleteSecurityGroup with an instance", ecs(with(hz, "Action", "DeleteSecurityGroup", "SecurityGroupId", s.sg)...), 403, "DependencyViolation"},
		{"DeleteSecurityGroup a rule names", ecs(with(hz, "Action", "DeleteSecurityGroup", "SecurityGroupId", s.peer)...), 403, "DependencyViolation"},
		{"DeleteSecurityGroup another account's", ecs(with(hz, "Action", "DeleteSecurityGroup", "SecurityGroupId", s.other.sg)...), 404, "InvalidSecurityGroupId.NotFound"},
		{"DeleteSecurityGroup without SecurityGroupId", ecs(with(hz, "Action", "DeleteSecurityGroup")...), 400, "MissingParameter"},
		{"DeleteSecurityGroup unknown", ecs(with(hz, "Action", "DeleteSecurityGroup", "SecurityGroupId", "sg-bp000000000000000000")...), 404, "InvalidSecurityGroupId.NotFound"},
		{"DeleteSecurityGroup malformed ID", ecs(with(hz, "Action", "DeleteSecurityGroup", "SecurityGroupId", "default")...), 404, "InvalidSecurityGroupId.NotFound"},
		{"AuthorizeSecurityGroup without protocol", auth("PortRange", "80/80", "SourceCidrIp", "0.0.0.0/0"), 400, "MissingParameter"},
		{"AuthorizeSecurityGroup without ports", auth("IpProtocol", "tcp", "SourceCidrIp", "0.0.0.0/0"), 400, "MissingParameter"},
		{"AuthorizeSecurityGroup unknown protocol", auth("IpProtocol", "sctp", "PortRange", "80/80", "SourceCidrIp", "0.0.0.0/0"), 400, "InvalidIpProtocol.ValueNotSupported"},
		{"AuthorizeSecurityGroup ports with a dash", auth("IpProtocol", "tcp", "PortRange", "80-81", "SourceCidrIp", "0.0.0.0/0"), 400, "InvalidIpProtocol.Malformed"},
		{"AuthorizeSecurityGroup ports reversed", auth("IpProtocol", "tcp", "PortRange", "81/80", "SourceCidrIp", "0.0.0.0/0"), 400, "InvalidIpProtocol.Malformed"},
		{"AuthorizeSecurityGroup port 65536", auth("IpProtocol", "tcp", "PortRange", "1/65536", "SourceCidrIp", "0.0.0.0/0"), 400, "InvalidIpProtocol.Malformed"},
		{"AuthorizeSecurityGroup tcp on -1/-1", auth("IpProtocol", "tcp", "PortRange", "-1/-1", "SourceCidrIp", "0.0.0.0/0"), 400, "OperationDenied"},
		{"AuthorizeSecurityGroup icmp on 22/22", auth("IpProtocol", "icmp", "PortRange", "22/22", "SourceCidrIp", "0.0.0.0/0"), 400, "OperationDenied"},
		{"AuthorizeSecurityGroup unknown policy", auth(with(rule, "Policy", "allow")...), 400, "InvalidPolicy.Malformed"},
		{"AuthorizeSecurityGroup priority 0", auth(with(rule, "Priority", "0")...), 400, "InvalidPriority.ValueNotSupported"},
		{"AuthorizeSecurityGroup priority 101", auth(with(rule, "Priority", "101")...), 400, "InvalidPriority.ValueNotSupported"},
		{"AuthorizeSecurityGroup priority high", auth(with(rule, "Priority", "high")...), 400, "InvalidPriority.Malformed"},
		{"AuthorizeSecurityGroup internet NIC", auth(with(rule, "NicType", "internet")...), 400, "InvalidNicType.ValueNotSupported"},
		{"AuthorizeSecurityGroup no source", auth("IpProtocol", "tcp", "PortRange", "80/80"), 400, "MissingParameter.Source"},
		{"AuthorizeSecurityGroup malformed source", auth("IpProtocol", "tcp", "PortRange", "80/80", "SourceCidrIp", "0.0.0.0/40"), 400, "InvalidSourceCidrIp.Malformed"},
		{"AuthorizeSecurityGroup IPv6 in the IPv4 source", auth("IpProtocol", "tcp", "PortRange", "80/80", "SourceCidrIp", "::/0"), 400, "InvalidSourceCidrIp.Malformed"},
		{"AuthorizeSecurityGroup IPv4 in the IPv6 source", auth("IpProtocol", "tcp", "PortRange", "80/80", "Ipv6SourceCidrIp", "0.0.0.0/0"), 400, "InvalidParam.Ipv6SourceCidrIp"},
		{"AuthorizeSecurityGroup CIDR and group", auth(with(rule, "SourceGroupId", s.peer)...), 400, "InvalidParameter.Conflict"},
		{"AuthorizeSecurityGroup unknown source group", auth("IpProtocol", "tcp", "PortRange", "80/80", "SourceGroupId", "sg-bp000000000000000000"), 404, "InvalidSourceGroupId.NotFound"},
		{"AuthorizeSecurityGroup another account's source group", auth("IpProtocol", "tcp", "PortRange", "80/80", "SourceGroupId", s.other.sg), 404, "InvalidSourceGroupId.NotFound"},
		{"AuthorizeSecurityGroup source group of another account", auth("IpProtocol", "tcp", "PortRange", "80/80", "SourceGroupId", s.peer, "SourceGroupOwnerId", "1999999999999999"), 404, "InvalidSourceGroupId.NotFound"},
		{"AuthorizeSecurityGroup prefix list", auth("IpProtocol", "tcp", "PortRange", "80/80", "SourcePrefixListId", "pl-1"), 404, "InvalidPrefixListId.NotFound"},
		{"AuthorizeSecurityGroup icmp from IPv6", auth("IpProtocol", "icmp", "PortRange", "-1/-1", "Ipv6SourceCidrIp", "::/0"), 400, "InvalidParam.Ipv4ProtocolConflictWithIpv6Address"},
		{"AuthorizeSecurityGroup icmpv6 from IPv4", auth("IpProtocol", "icmpv6", "PortRange", "-1/-1", "SourceCidrIp", "0.0.0.0/0"), 400, "InvalidParam.Ipv6ProtocolConflictWithIpv4Address"},
		{"AuthorizeSecurityGroup source ports all", auth(with(rule, "SourcePortRange", "-1/-1")...), 400, "InvalidSourcePortRange.Malformed"},
		{"AuthorizeSecurityGroup long description", auth(with(rule, "Description", strings.Repeat("d", 513))...), 400, "InvalidSecurityGroupDiscription.Malformed"},
		{"AuthorizeSecurityGroup duplicate", auth("IpProtocol", "TCP", "PortRange", "22/22", "SourceCidrIp", "0.0.0.0/0"), 400, "InvalidPermission.Duplicate"},
		{"AuthorizeSecurityGroup Permissions.0", auth("Permissions.0.IpProtocol", "tcp"), 400, "InvalidParameter"},
		{"AuthorizeSecurityGroup both forms", auth(with(rule, "Permissions.1.IpProtocol", "tcp", "Permissions.1.PortRange", "81/81", "Permissions.1.SourceCidrIp", "0.0.0.0/0")...), 400, "InvalidParameter.Conflict"},
		{"AuthorizeSecurityGroup 101 permissions", auth(n("Permissions", 101, func(i int) string { return "tcp" })...), 400, "InvalidParameter"},
		{"AuthorizeSecurityGroup unknown group", ecs(with(hz, "Action", "AuthorizeSecurityGroup", "SecurityGroupId", "sg-bp000000000000000000", "IpProtocol", "tcp", "PortRange", "80/80", "SourceCidrIp", "0.0.0.0/0")...), 404, "InvalidSecurityGroupId.NotFound"},
		{"AuthorizeSecurityGroup the 201st rule", ecs(with(with(hz, "Action", "AuthorizeSecurityGroup", "SecurityGroupId", s.fullGroup), rule...)...), 403, "AuthorizationLimitExceed"},
		{"AuthorizeSecurityGroup without SecurityGroupId", ecs(with(with(hz, "Action", "AuthorizeSecurityGroup"), rule...)...), 400, "MissingParameter"},
		{"AuthorizeSecurityGroup another account's group", ecs(with(with(hz, "Action", "AuthorizeSecurityGroup", "SecurityGroupId", s.other.sg), rule...)...), 404, "InvalidSecurityGroupId.NotFound"},
		{"AuthorizeSecurityGroupEgress the 201st rule", ecs(with(hz, "Action", "AuthorizeSecurityGroupEgress", "SecurityGroupId", s.fullGroup, "IpProtocol", "tcp", "PortRange", "80/80", "DestCidrIp", "0.0.0.0/0")...), 403, "AuthorizationLimitExceed"},
		{"AuthorizeSecurityGroupEgress another account's group", ecs(with(hz, "Action", "AuthorizeSecurityGroupEgress", "SecurityGroupId", s.other.sg, "IpProtocol", "tcp", "PortRange", "80/80", "DestCidrIp", "0.0.0.0/0")...), 404, "InvalidSecurityGroupId.NotFound"},
		{"AuthorizeSecurityGroupEgress without protocol", ecs(with(hz, "Action", "AuthorizeSecurityGroupEgress", "SecurityGroupId", s.sg, "PortRange", "80/80", "DestCidrIp", "0.0.0.0/0")...), 400, "MissingParameter"},
		{"AuthorizeSecurityGroupEgress no destination", ecs(with(hz, "Action", "AuthorizeSecurityGroupEgress", "SecurityGroupId", s.sg, "IpProtocol", "tcp", "PortRange", "80/80")...), 400, "MissingParameter.Dest"},
		{"AuthorizeSecurityGroupEgress unknown destination group", ecs(with(hz, "Action", "AuthorizeSecurityGroupEgress", "SecurityGroupId", s.sg, "IpProtocol", "tcp", "PortRange", "80/80", "DestGroupId", "sg-bp000000000000000000")...), 404, "InvalidDestGroupId.NotFound"},
		{"AuthorizeSecurityGroupEgress malformed destination", ecs(with(hz, "Action", "AuthorizeSecurityGroupEgress", "SecurityGroupId", s.sg, "IpProtocol", "tcp", "PortRange", "80/80", "DestCidrIp", "x")...), 400, "InvalidDestCidrIp.Malformed"},
		{"RevokeSecurityGroup unknown rule ID", ecs(with(hz, "Action", "RevokeSecurityGroup", "SecurityGroupId", s.sg, "SecurityGroupRuleId.1", "sgr-bp000000000000000000")...), 400, "InvalidParam.SecurityGroupRuleId"},
		{"RevokeSecurityGroup an egress rule's ID", ecs(with(hz, "Action", "RevokeSecurityGroup", "SecurityGroupId", s.sg, "SecurityGroupRuleId.1", s.rule)...), 400, "InvalidParam.SecurityGroupRuleId"},
		{"RevokeSecurityGroup incomplete rule", ecs(with(hz, "Action", "RevokeSecurityGroup", "SecurityGroupId", s.sg, "PortRange", "22/22", "SourceCidrIp", "0.0.0.0/0")...), 400, "MissingParameter"},
		{"RevokeSecurityGroup without SecurityGroupId", ecs(with(with(hz, "Action", "RevokeSecurityGroup"), rule...)...), 400, "MissingParameter"},
		{"RevokeSecurityGroup unknown group", ecs(with(with(hz, "Action", "RevokeSecurityGroup", "SecurityGroupId", "sg-bp000000000000000000"), rule...)...), 404, "InvalidSecurityGroupId.NotFound"},
		{"RevokeSecurityGroup another account's group", ecs(with(with(hz, "Action", "RevokeSecurityGroup", "SecurityGroupId", s.other.sg), rule...)...), 404, "InvalidSecurityGroupId.NotFound"},
		{"RevokeSecurityGroup malformed ports", ecs(with(hz, "Action", "RevokeSecurityGroup", "SecurityGroupId", s.sg, "IpProtocol", "tcp", "PortRange", "22-22", "SourceCidrIp", "0.0.0.0/0")...), 400, "InvalidIpProtocol.Malformed"},
		{"RevokeSecurityGroup 101 rule IDs", ecs(with(with(hz, "Action", "RevokeSecurityGroup", "SecurityGroupId", s.sg), n("SecurityGroupRuleId", 101, func(i int) string { return s.rule })...)...), 400, "InvalidParameter"},
		{"RevokeSecurityGroupEgress unknown group", ecs(with(with(hz, "Action", "RevokeSecurityGroupEgress", "SecurityGroupId", s.other.sg), "IpProtocol", "tcp", "PortRange", "80/80", "DestCidrIp", "0.0.0.0/0")...), 404, "InvalidSecurityGroupId.NotFound"},
		{"RevokeSecurityGroupEgress without SecurityGroupId", ecs(with(hz, "Action", "RevokeSecurityGroupEgress", "IpProtocol", "tcp", "PortRange", "80/80", "DestCidrIp", "0.0.0.0/0")...), 400, "MissingParameter"},
		{"RevokeSecurityGroupEgress malformed destination", ecs(with(hz, "Action", "RevokeSecurityGroupEgress", "SecurityGroupId", s.sg, "IpProtocol", "tcp", "PortRange", "80/80", "DestCidrIp", "ten/8")...), 400, "InvalidDestCidrIp.Malformed"},
		{"ModifySecurityGroupRule no such rule", ecs(with(with(hz, "Action", "ModifySecurityGroupRule", "SecurityGroupId", s.sg, "Description", "x"), rule...)...), 404, "SecurityGroupRule.NotFound"},
		{"ModifySecurityGroupRule an egress rule's ID", ecs(with(hz, "Action", "ModifySecurityGroupRule", "SecurityGroupId", s.sg, "SecurityGroupRuleId", s.rule, "Description", "x")...), 404, "SecurityGroupRule.NotFound"},
		{"ModifySecurityGroupRule without SecurityGroupId", ecs(with(with(hz, "Action", "ModifySecurityGroupRule", "Description", "x"), rule...)...), 400, "MissingParameter"},
		{"ModifySecurityGroupRule another account's group", ecs(with(with(hz, "Action", "ModifySecurityGroupRule", "SecurityGroupId", s.other.sg, "Description", "x"), rule...)...), 404, "InvalidSecurityGroupId.NotFound"},
		{"ModifySecurityGroupEgressRule unknown rule ID", ecs(with(hz, "Action", "ModifySecurityGroupEgressRule", "SecurityGroupId", s.sg, "SecurityGroupRuleId", "sgr-bp000000000000000000", "Description", "x")...), 404, "SecurityGroupRule.NotFound"},
		{"ModifySecurityGroupEgressRule without SecurityGroupId", ecs(with(hz, "Action", "ModifySecurityGroupEgressRule", "SecurityGroupRuleId", s.rule, "Description", "x")...), 400, "MissingParameter"},
		{"ModifySecurityGroupEgressRule another account's group", ecs(with(hz, "Action", "ModifySecurityGroupEgressRule", "SecurityGroupId", s.other.sg, "SecurityGroupRuleId", s.rule, "Description", "x")...), 404, "InvalidSecurityGroupId.NotFound"},
		{"ModifySecurityGroupRule priority high", ecs(with(with(hz, "Action", "ModifySecurityGroupRule", "SecurityGroupId", s.sg, "Description", "x", "Priority", "high"), "IpProtocol", "tcp", "PortRange", "22/22", "SourceCidrIp", "0.0.0.0/0")...), 400, "InvalidPriority.Malformed"},
		{"ModifySecurityGroupEgressRule CIDR to group", ecs(with(hz, "Action", "ModifySecurityGroupEgressRule", "SecurityGroupId", s.sg, "SecurityGroupRuleId", s.rule, "DestGroupId", s.peer)...), 400, "InvalidParameter.Conflict"},
		{"ModifySecurityGroupEgressRule tcp to -1/-1", ecs(with(hz, "Action", "ModifySecurityGroupEgressRule", "SecurityGroupId", s.sg, "SecurityGroupRuleId", s.rule, "PortRange", "-1/-1")...), 400, "OperationDenied"},

		// --- disks ---
		{"DescribeDisks IDs not JSON", ecs(with(hz, "Action", "DescribeDisks", "DiskIds", "d-1,d-2")...), 400, "InvalidParameter.DiskIds"},
		{"DescribeDisks 101 IDs", ecs(with(hz, "Action", "DescribeDisks", "DiskIds", jsonList(101))...), 403, "InvalidDiskIds.Malformed"},
		{"DescribeDisks disk type", ecs(with(hz, "Action", "DescribeDisks", "DiskType", "boot")...), 400, "InvalidDiskType.ValueNotSupported"},
		{"DescribeDisks category", ecs(with(hz, "Action", "DescribeDisks", "Category", "floppy")...), 400, "InvalidCategory.ValueNotSupported"},
		{"DescribeDisks status", ecs(with(hz, "Action", "DescribeDisks", "Status", "Spinning")...), 400, "InvalidStatus.ValueNotSupported"},
		{"DescribeDisks lock reason", ecs(with(hz, "Action", "DescribeDisks", "LockReason", "whim")...), 404, "InvalidLockReason.NotFound"},
		{"DescribeDisks charge type", ecs(with(hz, "Action", "DescribeDisks", "DiskChargeType", "Free")...), 404, "InvalidDiskChargeType.NotFound"},
		{"DescribeDisks filter time", ecs(with(hz, "Action", "DescribeDisks", "Filter.1.Key", "CreationStartTime", "Filter.1.Value", "yesterday")...), 400, "InvalidParameter"},
		{"DescribeDisks filter key", ecs(with(hz, "Action", "DescribeDisks", "Filter.1.Key", "Color", "Filter.1.Value", "2026-01-01T00:00Z")...), 400, "InvalidParameter"},
		{"DescribeDisks PageSize 101", ecs(with(hz, "Action", "DescribeDisks", "PageSize", "101")...), 400, "InvalidParameter"},
		{"DescribeDisks MaxResults 501", ecs(with(hz, "Action", "DescribeDisks", "MaxResults", "501")...), 400, "InvalidParameter"},
		{"DescribeDisks zone of another region", ecs(with(hz, "Action", "DescribeDisks", "ZoneId", "cn-shanghai-b")...), 404, "InvalidZoneId.NotFound"},
		{"DescribeDisks unknown attribute", ecs(with(hz, "Action", "DescribeDisks", "AdditionalAttributes.1", "Color")...), 400, "InvalidParameter"},
		{"DescribeDisks without RegionId", ecs("Action", "DescribeDisks"), 400, "MissingParameter"},
		{"CreateDisk without ZoneId", ecs(with(hz, "Action", "CreateDisk", "Size", "20")...), 400, "MissingParameter"},
		{"CreateDisk without Size", ecs(with(hz, "Action", "CreateDisk", "ZoneId", zoneB)...), 400, "MissingParameter"},
		{"CreateDisk too small", ecs(with(hz, "Action", "CreateDisk", "ZoneId", zoneB, "DiskCategory", "cloud_efficiency", "Size", "10")...), 400, "InvalidSize.ValueNotSupported"},
		{"CreateDisk too large", ecs(with(hz, "Action", "CreateDisk", "ZoneId", zoneB, "DiskCategory", "cloud_ssd", "Size", "32769")...), 400, "InvalidSize.ValueNotSupported"},
		{"CreateDisk size not a number", ecs(with(hz, "Action", "CreateDisk", "ZoneId", zoneB, "Size", "big")...), 400, "InvalidSize.ValueNotSupported"},
		{"CreateDisk unknown category", ecs(with(hz, "Action", "CreateDisk", "ZoneId", zoneB, "DiskCategory", "floppy", "Size", "20")...), 400, "InvalidDiskCategory.ValueNotSupported"},
		{"CreateDisk level on an SSD", ecs(with(hz, "Action", "CreateDisk", "ZoneId", zoneB, "DiskCategory", "cloud_ssd", "Size", "20", "PerformanceLevel", "PL1")...), 400, "InvalidPerformanceLevel.Malformed"},
		{"CreateDisk PL2 of 100 GiB", ecs(with(hz, "Action", "CreateDisk", "ZoneId", zoneB, "DiskCategory", "cloud_essd", "Size", "100", "PerformanceLevel", "PL2")...), 403, "OperationDenied.PerformanceLevelNotMatch"},
		{"CreateDisk from a snapshot", ecs(with(hz, "Action", "CreateDisk", "ZoneId", zoneB, "Size", "20", "SnapshotId", "s-1")...), 404, "InvalidSnapshotId.NotFound"},
		{"CreateDisk for an instance", ecs(with(hz, "Action", "CreateDisk", "ZoneId", zoneB, "Size", "20", "InstanceId", s.instance)...), 400, "InvalidParameter"},
		{"CreateDisk multi-attach", ecs(with(hz, "Action", "CreateDisk", "ZoneId", zoneB, "Size", "20", "MultiAttach", "Enabled")...), 400, "InvalidParameter"},
		{"CreateDisk KMS key unencrypted", ecs(with(hz, "Action", "CreateDisk", "ZoneId", zoneB, "Size", "20", "KMSKeyId", "k-1")...), 400, "InvalidParameter.EncryptedIllegal"},
		{"CreateDisk name a URL", ecs(with(hz, "Action", "CreateDisk", "ZoneId", zoneB, "Size", "20", "DiskName", "http://d")...), 400, "InvalidDiskName.Malformed"},
		{"CreateDisk unknown zone", ecs(with(hz, "Action", "CreateDisk", "ZoneId", "cn-hangzhou-z", "Size", "20")...), 404, "InvalidZoneId.NotFound"},
		{"CreateDisk provisioned IOPS on an ESSD", ecs(with(hz, "Action", "CreateDisk", "ZoneId", zoneB, "DiskCategory", "cloud_essd", "Size", "20", "ProvisionedIops", "100")...), 400, "InvalidParameter"},
		{"CreateDisk storage set", ecs(with(hz, "Action", "CreateDisk", "ZoneId", zoneB, "Size", "20", "StorageSetId", "ss-1")...), 400, "InvalidParameter"},
		{"CreateDisk 21 tags", ecs(with(with(hz, "Action", "CreateDisk", "ZoneId", zoneB, "Size", "20"), tagsKV(21)...)...), 400, "InvalidTagCount"},
		{"AttachDisk unknown disk", ecs("Action", "AttachDisk", "DiskId", "d-bp000000000000000000", "InstanceId", s.instance), 404, "InvalidDiskId.NotFound"},
		{"AttachDisk another account's disk", ecs("Action", "AttachDisk", "DiskId", s.other.disk, "InstanceId", s.instance), 404, "InvalidDiskId.NotFound"},
		{"AttachDisk unknown instance", ecs("Action", "AttachDisk", "DiskId", s.free, "InstanceId", "i-bp000000000000000000"), 404, "InvalidInstanceId.NotFound"},
		{"AttachDisk without InstanceId", ecs("Action", "AttachDisk", "DiskId", s.free), 400, "MissingParameter"},
		{"AttachDisk in use", ecs("Action", "AttachDisk", "DiskId", s.attached, "InstanceId", s.instance), 403, "IncorrectDiskStatus"},
		{"AttachDisk another zone", ecs("Action", "AttachDisk", "DiskId", s.freeOtherZone, "InstanceId", s.instance), 403, "ResourcesNotInSameZone"},
		{"AttachDisk bootable", ecs("Action", "AttachDisk", "DiskId", s.free, "InstanceId", s.instance, "Bootable", "true"), 400, "InvalidParameter"},
		{"AttachDisk chosen device", ecs("Action", "AttachDisk", "DiskId", s.free, "InstanceId", s.instance, "Device", "/dev/xvdz"), 400, "InvalidParameter"},
		{"AttachDisk another account's instance", ecs("Action", "AttachDisk", "DiskId", s.free, "InstanceId", s.other.instance), 404, "InvalidInstanceId.NotFound"},
		{"AttachDisk without DiskId", ecs("Action", "AttachDisk", "InstanceId", s.instance), 400, "MissingParameter"},
		{"DetachDisk without InstanceId", ecs("Action", "DetachDisk", "DiskId", s.attached), 400, "MissingParameter"},
		{"DetachDisk not attached", ecs("Action", "DetachDisk", "DiskId", s.free, "InstanceId", s.instance), 403, "IncorrectDiskStatus"},
		{"DetachDisk a system disk", ecs("Action", "DetachDisk", "DiskId", s.systemDisk, "InstanceId", s.instance), 403, "OperationDenied"},
		{"DetachDisk unknown disk", ecs("Action", "DetachDisk", "DiskId", "d-bp000000000000000000", "InstanceId", s.instance), 404, "InvalidDiskId.NotFound"},
		{"DetachDisk another account's disk", ecs("Action", "DetachDisk", "DiskId", s.other.disk, "InstanceId", s.instance), 404, "InvalidDiskId.NotFound"},
		{"DeleteDisk attached", ecs("Action", "DeleteDisk", "DiskId", s.attached), 403, "IncorrectDiskStatus"},
		{"DeleteDisk without DiskId", ecs("Action", "DeleteDisk"), 400, "MissingParameter"},
		{"DeleteDisk another account's", ecs("Action", "DeleteDisk", "DiskId", s.other.disk), 404, "InvalidDiskId.NotFound"},
		{"DeleteDisk unknown", ecs("Action", "DeleteDisk", "DiskId", "d-bp000000000000000000"), 404, "InvalidDiskId.NotFound"},
		{"DeleteDisk malformed ID", ecs("Action", "DeleteDisk", "DiskId", "disk-1"), 404, "InvalidDiskId.NotFound"},
		{"DeleteDisk a system disk", ecs("Action", "DeleteDisk", "DiskId", s.systemDisk), 403, "IncorrectDiskStatus"},
		{"ResizeDisk smaller", ecs("Action", "ResizeDisk", "DiskId", s.free, "NewSize", "10"), 403, "InvalidDiskSize.TooSmall"},
		{"ResizeDisk same size", ecs("Action", "ResizeDisk", "DiskId", s.free, "NewSize", "20"), 403, "InvalidDiskSize"},
		{"ResizeDisk beyond the category", ecs("Action", "ResizeDisk", "DiskId", s.free, "NewSize", "40000"), 403, "InvalidDiskSize.TooLarge"},
		{"ResizeDisk system disk beyond 2048", ecs("Action", "ResizeDisk", "DiskId", s.systemDisk, "NewSize", "3000"), 403, "InvalidDiskSize.TooLarge"},
		{"ResizeDisk unknown type", ecs("Action", "ResizeDisk", "DiskId", s.free, "NewSize", "30", "Type", "hot"), 400, "InvalidParam.Type"},
		{"ResizeDisk online, detached", ecs("Action", "ResizeDisk", "DiskId", s.free, "NewSize", "30", "Type", "online"), 403, "InvalidInstanceStatus.NotRunning"},
		{"ResizeDisk size not a number", ecs("Action", "ResizeDisk", "DiskId", s.free, "NewSize", "x"), 400, "InvalidParameter"},
		{"ResizeDisk without NewSize", ecs("Action", "ResizeDisk", "DiskId", s.free), 400, "MissingParameter"},
		{"ResizeDisk unknown disk", ecs("Action", "ResizeDisk", "DiskId", "d-bp000000000000000000", "NewSize", "30"), 404, "InvalidDiskId.NotFound"},
		{"ResizeDisk another account's disk", ecs("Action", "ResizeDisk", "DiskId", s.other.disk, "NewSize", "30"), 404, "InvalidDiskId.NotFound"},
		{"ModifyDiskAttribute nothing", ecs("Action", "ModifyDiskAttribute", "DiskId", s.free), 400, "NoAttributeToModify"},
		{"ModifyDiskAttribute unknown disk", ecs("Action", "ModifyDiskAttribute", "DiskId", "d-bp000000000000000000", "DiskName", "x2"), 404, "InvalidDiskId.NotFound"},
		{"ModifyDiskAttribute names for many", ecs("Action", "ModifyDiskAttribute", "DiskIds.1", s.free, "DiskIds.2", s.attached, "DiskName", "same"), 400, "InvalidParameter"},
		{"ModifyDiskAttribute bursting an efficiency disk", ecs("Action", "ModifyDiskAttribute", "DiskId", s.free, "BurstingEnabled", "true"), 400, "InvalidParameter"},
		{"ModifyDiskAttribute system disk kept", ecs("Action", "ModifyDiskAttribute", "DiskId", s.systemDisk, "DeleteWithInstance", "false"), 403, "OperationDenied"},
		{"ModifyDiskAttribute another account's disk", ecs("Action", "ModifyDiskAttribute", "DiskId", s.other.disk, "DiskName", "mine"), 404, "InvalidDiskId.NotFound"},
		{"ModifyDiskAttribute without DiskId", ecs("Action", "ModifyDiskAttribute", "DiskName", "x2"), 400, "MissingParameter"},
		{"ModifyDiskAttribute name a URL", ecs("Action", "ModifyDiskAttribute", "DiskId", s.free, "DiskName", "http://d"), 400, "InvalidDiskName.Malformed"},
		{"ModifyDiskSpec another category", ecs("Action", "ModifyDiskSpec", "DiskId", s.free, "DiskCategory", "cloud_essd"), 400, "InvalidParameter"},
		{"ModifyDiskSpec unknown category", ecs("Action", "ModifyDiskSpec", "DiskId", s.free, "DiskCategory", "floppy"), 400, "InvalidDiskCategory.ValueNotSupported"},
		{"ModifyDiskSpec another zone", ecs("Action", "ModifyDiskSpec", "DiskId", s.free, "DestinationZoneId", zoneG), 400, "InvalidParameter"},
		{"ModifyDiskSpec dry run", ecs("Action", "ModifyDiskSpec", "DiskId", s.systemDisk, "PerformanceLevel", "PL2", "DryRun", "true"), 403, "OperationDenied.PerformanceLevelNotMatch"},
		{"ModifyDiskSpec dry run passes", ecs("Action", "ModifyDiskSpec", "DiskId", s.systemDisk, "PerformanceLevel", "PL0", "DryRun", "true"), 400, "DryRunOperation"},
		{"ModifyDiskSpec without DiskId", ecs("Action", "ModifyDiskSpec", "PerformanceLevel", "PL1"), 400, "MissingParameter"},
		{"ModifyDiskSpec unknown disk", ecs("Action", "ModifyDiskSpec", "DiskId", "d-bp000000000000000000", "PerformanceLevel", "PL1"), 404, "InvalidDiskId.NotFound"},
		{"ModifyDiskSpec another account's disk", ecs("Action", "ModifyDiskSpec", "DiskId", s.other.disk, "PerformanceLevel", "PL1"), 404, "InvalidDiskId.NotFound"},

		// --- key pairs ---
		{"CreateKeyPair without a name", ecs(with(hz, "Action", "CreateKeyPair")...), 400, "MissingParameter"},
		{"CreateKeyPair name starting with a digit", ecs(with(hz, "Action", "CreateKeyPair", "KeyPairName", "1key")...), 400, "InvalidKeyPairName.Malformed"},
		{"CreateKeyPair name taken", ecs(with(hz, "Action", "CreateKeyPair", "KeyPairName", "in-use")...), 400, "KeyPair.AlreadyExist"},
		{"CreateKeyPair over the quota", ecs("Action", "CreateKeyPair", "RegionId", "cn-qingdao", "KeyPairName", "one-more"), 403, "QuotaExceed.KeyPair"},
		{"ImportKeyPair without a key", ecs(with(hz, "Action", "ImportKeyPair", "KeyPairName", "kk")...), 400, "MissingParameter"},
		{"ImportKeyPair malformed key", ecs(with(hz, "Action", "ImportKeyPair", "KeyPairName", "kk", "PublicKeyBody", "ssh-rsa AAAA")...), 400, "InvalidPublicKeyBody.Malformed"},
		{"ImportKeyPair unknown key type", ecs(with(hz, "Action", "ImportKeyPair", "KeyPairName", "kk", "PublicKeyBody", "ssh-foo AAAA")...), 400, "InvalidPublicKeyBody.Malformed"},
		{"ImportKeyPair name taken", ecs(with(hz, "Action", "ImportKeyPair", "KeyPairName", "in-use", "PublicKeyBody", mustPublicKey(t))...), 400, "KeyPair.AlreadyExist"},
		{"ImportKeyPair over the quota", ecs("Action", "ImportKeyPair", "RegionId", "cn-qingdao", "KeyPairName", "one-more", "PublicKeyBody", mustPublicKey(t)), 403, "QuotaExceed.KeyPair"},
		{"ImportKeyPair name a URL", ecs(with(hz, "Action", "ImportKeyPair", "KeyPairName", "http://k", "PublicKeyBody", mustPublicKey(t))...), 400, "InvalidKeyPairName.Malformed"},
		{"ImportKeyPair without RegionId", ecs("Action", "ImportKeyPair", "KeyPairName", "kk", "PublicKeyBody", mustPublicKey(t)), 400, "MissingParameter"},
		{"DescribeKeyPairs PageSize 51", ecs(with(hz, "Action", "DescribeKeyPairs", "PageSize", "51")...), 400, "InvalidParameter"},
		{"DescribeKeyPairs IncludePublicKey maybe", ecs(with(hz, "Action", "DescribeKeyPairs", "IncludePublicKey", "maybe")...), 400, "InvalidParameter"},
		{"DescribeKeyPairs without RegionId", ecs("Action", "DescribeKeyPairs"), 400, "MissingParameter"},
		{"DeleteKeyPairs without names", ecs(with(hz, "Action", "DeleteKeyPairs")...), 400, "MissingParameter"},
		{"DeleteKeyPairs names not JSON", ecs(with(hz, "Action", "DeleteKeyPairs", "KeyPairNames", "a,b")...), 400, "InvalidKeyPairNames.ValueNotSupported"},
		{"DeleteKeyPairs empty list", ecs(with(hz, "Action", "DeleteKeyPairs", "KeyPairNames", "[]")...), 400, "InvalidKeyPairNames.ValueNotSupported"},
		{"DeleteKeyPairs 101 names", ecs(with(hz, "Action", "DeleteKeyPairs", "KeyPairNames", jsonList(101))...), 400, "InvalidKeyPairNames.ValueNotSupported"},
		{"DeleteKeyPairs in use", ecs(with(hz, "Action", "DeleteKeyPairs", "KeyPairNames", `["in-use"]`)...), 400, "InvalidParameter.KeypairAlreadyAttachedInstance"},
		{"DeleteKeyPairs without RegionId", ecs("Action", "DeleteKeyPairs", "KeyPairNames", `["in-use"]`), 400, "MissingParameter"},

		// --- ECS tags and resource groups ---
		{"TagResources without RegionId", ecs(with([]string{"Action", "TagResources", "ResourceType", "disk", "ResourceId.1", s.free}, tagsKV(1)...)...), 404, "MissingParameter.RegionId"},
		{"TagResources unknown type", ecs(with(with(hz, "Action", "TagResources", "ResourceType", "rocket", "ResourceId.1", s.free), tagsKV(1)...)...), 404, "InvalidResourceType.NotFound"},
		{"TagResources unknown disk", ecs(with(with(hz, "Action", "TagResources", "ResourceType", "disk", "ResourceId.1", "d-bp000000000000000000"), tagsKV(1)...)...), 404, "InvalidResourceId.NotFound"},
		{"TagResources another account's disk", ecs(with(with(hz, "Action", "TagResources", "ResourceType", "disk", "ResourceId.1", s.other.disk), tagsKV(1)...)...), 404, "InvalidResourceId.NotFound"},
		{"TagResources unknown key pair", ecs(with(with(hz, "Action", "TagResources", "ResourceType", "keypair", "ResourceId.1", "nobody"), tagsKV(1)...)...), 404, "InvalidResourceId.NotFound"},
		{"TagResources an image", ecs(with(with(hz, "Action", "TagResources", "ResourceType", "image", "ResourceId.1", image), tagsKV(1)...)...), 404, "InvalidResourceId.NotFound"},
		{"TagResources without resources", ecs(with(with(hz, "Action", "TagResources", "ResourceType", "disk"), tagsKV(1)...)...), 400, "MissingParameter"},
		{"TagResources duplicate keys", ecs(with(hz, "Action", "TagResources", "ResourceType", "disk", "ResourceId.1", s.free, "Tag.1.Key", "k", "Tag.1.Value", "1", "Tag.2.Key", "k", "Tag.2.Value", "2")...), 400, "Duplicate.TagKey"},
		{"TagResources value without key", ecs(with(hz, "Action", "TagResources", "ResourceType", "disk", "ResourceId.1", s.free, "Tag.1.Value", "v")...), 400, "InvalidTagKey.Malformed"},
		{"TagResources value http://", ecs(with(hz, "Action", "TagResources", "ResourceType", "disk", "ResourceId.1", s.free, "Tag.1.Key", "k", "Tag.1.Value", "see http://x")...), 400, "InvalidTagValue.Malformed"},
		{"TagResources 21 tags", ecs(with(with(hz, "Action", "TagResources", "ResourceType", "disk", "ResourceId.1", s.free), tagsKV(21)...)...), 400, "NumberExceed.Tags"},
		{"TagResources 51 resources", ecs(with(with(with(hz, "Action", "TagResources", "ResourceType", "disk"), n("ResourceId", 51, func(i int) string { return s.free })...), tagsKV(1)...)...), 400, "NumberExceed.ResourceIds"},
		{"TagResources without tags", ecs(with(hz, "Action", "TagResources", "ResourceType", "disk", "ResourceId.1", s.free)...), 404, "MissingParameter.Tags"},
		{"TagResources another account's group", ecs(with(with(hz, "Action", "TagResources", "ResourceType", "securitygroup", "ResourceId.1", s.other.sg), tagsKV(1)...)...), 404, "InvalidResourceId.NotFound"},
		{"UntagResources 21 keys", ecs(with(with(hz, "Action", "UntagResources", "ResourceType", "disk", "ResourceId.1", s.free), n("TagKey", 21, func(i int) string { return fmt.Sprint("k", i) })...)...), 400, "NumberExceed.Tags"},
		{"UntagResources All maybe", ecs(with(hz, "Action", "UntagResources", "ResourceType", "disk", "ResourceId.1", s.free, "All", "maybe")...), 400, "InvalidParameter"},
		{"UntagResources without ResourceType", ecs(with(hz, "Action", "UntagResources", "ResourceId.1", s.free, "TagKey.1", "k")...), 404, "MissingParameter.ResourceType"},
		{"UntagResources unknown disk", ecs(with(hz, "Action", "UntagResources", "ResourceType", "disk", "ResourceId.1", "d-bp000000000000000000", "TagKey.1", "k")...), 404, "InvalidResourceId.NotFound"},
		{"UntagResources another account's disk", ecs(with(hz, "Action", "UntagResources", "ResourceType", "disk", "ResourceId.1", s.other.disk, "TagKey.1", "k")...), 404, "InvalidResourceId.NotFound"},
		{"UntagResources 51 resources", ecs(with(with(hz, "Action", "UntagResources", "ResourceType", "disk", "TagKey.1", "k"), n("ResourceId", 51, func(i int) string { return s.free })...)...), 400, "NumberExceed.ResourceIds"},
		{"ListTagResources without type", ecs(with(hz, "Action", "ListTagResources", "ResourceId.1", s.free)...), 404, "MissingParameter.ResourceType"},
		{"ListTagResources naming nothing", ecs(with(hz, "Action", "ListTagResources", "ResourceType", "disk")...), 400, "MissingParameter"},
		{"ListTagResources filter without key", ecs(with(hz, "Action", "ListTagResources", "ResourceType", "disk", "TagFilter.1.TagValues.1", "v")...), 400, "MissingParameter"},
		{"ListTagResources unknown type", ecs(with(hz, "Action", "ListTagResources", "ResourceType", "rocket", "ResourceId.1", s.free)...), 404, "InvalidResourceType.NotFound"},
		{"ListTagResources 51 resources", ecs(with(with(hz, "Action", "ListTagResources", "ResourceType", "disk"), n("ResourceId", 51, func(i int) string { return s.free })...)...), 400, "NumberExceed.ResourceIds"},
		{"ListTagResources forged token", ecs(with(hz, "Action", "ListTagResources", "ResourceType", "disk", "ResourceId.1", s.free, "NextToken", "all")...), 400, "InvalidParameter"},
		{"DescribeTags resource without type", ecs(with(hz, "Action", "DescribeTags", "ResourceId", s.free)...), 400, "MissingParameter"},
		{"DescribeTags category", ecs(with(hz, "Action", "DescribeTags", "Category", "Secret")...), 400, "InvalidParameter"},
		{"DescribeTags PageSize 101", ecs(with(hz, "Action", "DescribeTags", "PageSize", "101")...), 400, "InvalidParameter"},
		{"DescribeTags unknown type", ecs(with(hz, "Action", "DescribeTags", "ResourceType", "rocket")...), 404, "InvalidResourceType.NotFound"},
		{"JoinResourceGroup without ResourceId", ecs(with(hz, "Action", "JoinResourceGroup", "ResourceType", "disk", "ResourceGroupId", "rg-1")...), 400, "MissingParameter"},
		{"JoinResourceGroup malformed group", ecs(with(hz, "Action", "JoinResourceGroup", "ResourceType", "disk", "ResourceId", s.free, "ResourceGroupId", "nope")...), 404, "InvalidResourceGroup.NotFound"},
		{"JoinResourceGroup another account's disk", ecs(with(hz, "Action", "JoinResourceGroup", "ResourceType", "disk", "ResourceId", s.other.disk, "ResourceGroupId", "rg-1")...), 404, "InvalidResourceId.NotFound"},
		{"JoinResourceGroup a snapshot", ecs(with(hz, "Action", "JoinResourceGroup", "ResourceType", "snapshot", "ResourceId", "s-1", "ResourceGroupId", "rg-1")...), 400, "InvalidResourceType.NotSupported"},
		{"JoinResourceGroup unknown key pair", ecs(with(hz, "Action", "JoinResourceGroup", "ResourceType", "keypair", "ResourceId", "nobody", "ResourceGroupId", "rg-1")...), 404, "InvalidResourceId.NotFound"},
	}
	kcases := make([]kittest.Case, len(cases))
	for i, c := range cases {
		kcases[i] = kittest.Case{Name: c.name, Request: c.req, Status: c.status, Code: c.code}
	}
	runBadInputs(t, kcases)
}

// TestResourceAnswersInXML: every read of the resources around instances
// answers in XML too, rooted at <ActionResponse>, when a client asks for it.
func TestResourceAnswersInXML(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	s := seedResources(t, env)
	for _, c := range []struct {
		version string
		kv      []string
	}{
		{aliyun.VPCVersion, []string{"Action", "DescribeVpcs"}},
		{aliyun.VPCVersion, []string{"Action", "DescribeVpcAttribute", "VpcId", s.vpc}},
		{aliyun.VPCVersion, []string{"Action", "DescribeVSwitches"}},
		{aliyun.VPCVersion, []string{"Action", "DescribeVSwitchAttributes", "VSwitchId", s.vsw}},
		{aliyun.VPCVersion, []string{"Action", "DescribeRouteTableList"}},
		{aliyun.VPCVersion, []string{"Action", "ListTagResources", "ResourceType", "VPC", "ResourceId.1", s.vpc}},
		{aliyun.Version, []string{"Action", "DescribeSecurityGroups"}},
		{aliyun.Version, []string{"Action", "DescribeSecurityGroupAttribute", "SecurityGroupId", s.sg}},
		{aliyun.Version, []string{"Action", "DescribeDisks"}},
		{aliyun.Version, []string{"Action", "DescribeKeyPairs"}},
		{aliyun.Version, []string{"Action", "DescribeTags"}},
		{aliyun.Version, []string{"Action", "ListTagResources", "ResourceType", "disk", "ResourceId.1", s.free}},
	} {
		t.Run(c.kv[1], func(t *testing.T) {
			p := params(append(c.kv, "RegionId", region, "Format", "XML")...)
			p.Set("Version", c.version)
			r := send(t, rpc{params: p}.request(t, env))
			if r.status != 200 || r.contentType != "text/xml;charset=utf-8" || !strings.Contains(string(r.body), "<"+c.kv[1]+"Response>") {
				t.Fatalf("got %d %q\n%s", r.status, r.contentType, r.body)
			}
		})
	}
}
