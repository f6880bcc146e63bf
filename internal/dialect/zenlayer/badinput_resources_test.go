package zenlayer_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/dialect/kit/kittest"
	zt "github.com/ecsd/ecsd/internal/dialect/zenlayer/zenlayertest"
)

// fixture is an account's set of resources in known states, for the bad
// inputs to name.
type fixture struct {
	vpc, emptyVpc, subnet, emptySubnet, assignedGroup, usedGroup, group string
	instance, nic, systemDisk, disk, attachedDisk, key                  string
}

func newFixture(t *testing.T, e *env, c *client) fixture {
	t.Helper()
	var f fixture
	f.subnet = c.subnetIn("asia-east-1")
	f.vpc = c.vpcID
	f.emptyVpc = c.vpc("empty", "192.168.0.0/16", false)
	f.emptySubnet = c.subnet(f.vpc, "na-west-1", "10.100.0.0/24")
	f.group = *must(c.CreateSecurityGroup(&zt.CreateSecurityGroupRequest{SecurityGroupName: zt.String("plain")})).SecurityGroupID
	f.usedGroup = *must(c.CreateSecurityGroup(&zt.CreateSecurityGroupRequest{SecurityGroupName: zt.String("used")})).SecurityGroupID
	f.assignedGroup = *must(c.CreateSecurityGroup(&zt.CreateSecurityGroupRequest{SecurityGroupName: zt.String("assigned")})).SecurityGroupID
	must(c.AssignSecurityGroupVpc(&zt.AssignSecurityGroupVpcRequest{VpcID: zt.String(f.emptyVpc), SecurityGroupID: zt.String(f.assignedGroup)}))
	f.key = *must(c.ImportKeyPair(&zt.ImportKeyPairRequest{KeyName: zt.String("fixture"), PublicKey: zt.String(sshPublicKey(t))})).KeyID
	p := c.createParams(1)
	p["securityGroupId"] = f.usedGroup
	f.instance = c.create(p)[0]
	f.disk = must(c.CreateDisks(&zt.CreateDisksRequest{ZoneID: zt.String("asia-east-1a"), DiskName: zt.String("free"), DiskSize: zt.Int(20)})).DiskIDs[0]
	f.attachedDisk = must(c.CreateDisks(&zt.CreateDisksRequest{ZoneID: zt.String("asia-east-1a"), DiskName: zt.String("used"), DiskSize: zt.Int(20)})).DiskIDs[0]
	e.clock.Advance(delay)
	must(c.AttachDisks(&zt.AttachDisksRequest{InstanceID: zt.String(f.instance), DiskIDs: []string{f.attachedDisk}}))
	e.clock.Advance(delay)
	inst := c.describeInstance(f.instance)
	f.nic, f.systemDisk = *inst.Nics[0].NicID, *inst.SystemDisk.DiskID
	return f
}

// TestBadInputResources sends every new action bad input: missing,
// malformed, unknown and other-account IDs, values out of range, and
// deletions of what is in use. Each gets Zenlayer's code and status in
// Zenlayer's error envelope (requestId, code, message).
func TestBadInputResources(t *testing.T) {
	e := start(t, apptest.Options{})
	a1 := e.a1(t)
	f := newFixture(t, e, a1)
	key := e.newAccount(t, "a2", "", "")
	o := newFixture(t, e, e.client(t, key.ID, key.Secret)) // another account's

	const unknown = "1234567890123456789"
	type row struct {
		name    string
		service zt.Service // ZEC unless set
		action  string
		body    any // marshalled unless a string
		status  int
		code    string
	}
	p := func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	create := func(kv ...any) map[string]any {
		m := p("zoneId", "asia-east-1a", "imageId", "ubuntu2204_20240712", "instanceType", "z2a.cpu.1", "instanceCount", 1, "subnetId", f.subnet, "password", "Passw0rd!")
		for k, v := range p(kv...) {
			m[k] = v
		}
		return m
	}
	const (
		bad     = http.StatusBadRequest
		missing = "MISSING_PARAMETER"
		invalid = "INVALID_PARAMETER"
	)
	rows := []row{
		// CreateZecInstances.
		{"create: subnet unknown", zt.ZEC, "CreateZecInstances", create("subnetId", unknown), 404, "INVALID_SUBNET_NOT_FOUND"},
		{"create: subnet of another account", zt.ZEC, "CreateZecInstances", create("subnetId", o.subnet), 404, "INVALID_SUBNET_NOT_FOUND"},
		{"create: subnet malformed", zt.ZEC, "CreateZecInstances", create("subnetId", "a b"), bad, invalid},
		{"create: subnet of another region", zt.ZEC, "CreateZecInstances", create("subnetId", f.emptySubnet), bad, "INVALID_SUBNET_ZONE_MISMATCH"},
		{"create: image unknown", zt.ZEC, "CreateZecInstances", create("imageId", "nope"), 404, "INVALID_IMAGE_NOT_FOUND"},
		{"create: type unknown", zt.ZEC, "CreateZecInstances", create("instanceType", "z9.none"), 404, "INVALID_INSTANCE_TYPE_NOT_FOUND"},
		{"create: key pair unknown", zt.ZEC, "CreateZecInstances", create("password", nil, "keyId", "key-00000000"), 404, "INVALID_KEY_PAIR_NOT_FOUND"},
		{"create: key pair of another account", zt.ZEC, "CreateZecInstances", create("password", nil, "keyId", o.key), 404, "INVALID_KEY_PAIR_NOT_FOUND"},
		{"create: password and key pair", zt.ZEC, "CreateZecInstances", create("keyId", f.key), bad, "INVALID_PARAMETER_INSTANCE_LOGIN_CONFLICT"},
		{"create: neither password nor key", zt.ZEC, "CreateZecInstances", create("password", nil), bad, missing},
		{"create: weak password", zt.ZEC, "CreateZecInstances", create("password", "password"), bad, "INVALID_PASSWORD_MALFORMED"},
		{"create: group unknown", zt.ZEC, "CreateZecInstances", create("securityGroupId", unknown), 404, "INVALID_SECURITY_GROUP_NOT_FOUND"},
		{"create: group of another account", zt.ZEC, "CreateZecInstances", create("securityGroupId", o.group), 404, "INVALID_SECURITY_GROUP_NOT_FOUND"},
		{"create: system disk smaller than the image", zt.ZEC, "CreateZecInstances", create("systemDisk", p("diskSize", 10)), bad, invalid},
		{"create: system disk of an unknown category", zt.ZEC, "CreateZecInstances", create("systemDisk", p("diskSize", 20, "diskCategory", "HDD")), bad, invalid},
		{"create: system disk ID given", zt.ZEC, "CreateZecInstances", create("systemDisk", p("diskId", "1")), bad, invalid},
		{"create: two data disk entries", zt.ZEC, "CreateZecInstances", create("dataDisks", []any{p("diskSize", 20), p("diskSize", 20)}), bad, invalid},
		{"create: too many data disks", zt.ZEC, "CreateZecInstances", create("dataDisks", []any{p("diskSize", 20, "diskAmount", 17)}), bad, "LIMIT_EXCEEDED_INSTANCE_CAN_ATTACH"},
		{"create: data disk too small", zt.ZEC, "CreateZecInstances", create("dataDisks", []any{p("diskSize", 5)}), bad, invalid},
		{"create: lanIp outside the subnet", zt.ZEC, "CreateZecInstances", create("lanIp", "192.168.0.5"), bad, "INVALID_PARAMETER_SUBNET_LAN_IP"},
		{"create: lanIp for two", zt.ZEC, "CreateZecInstances", create("lanIp", "10.0.0.50", "instanceCount", 2), bad, invalid},
		{"create: time zone unknown", zt.ZEC, "CreateZecInstances", create("timeZone", "Mars/Olympus"), bad, invalid},
		{"create: NIC mode the image lacks", zt.ZEC, "CreateZecInstances", create("nicNetworkType", "sriov"), bad, invalid},
		{"create: bandwidth without a charge type", zt.ZEC, "CreateZecInstances", create("bandwidth", 10), bad, invalid},
		{"create: charge type without bandwidth", zt.ZEC, "CreateZecInstances", create("internetChargeType", "ByBandwidth"), bad, missing},
		{"create: bandwidth cluster", zt.ZEC, "CreateZecInstances", create("internetChargeType", "BandwidthCluster", "bandwidth", 10), bad, invalid},
		{"create: EIPs", zt.ZEC, "CreateZecInstances", create("eipIds", []string{"1"}), bad, invalid},
		{"create: IPv6 stack", zt.ZEC, "CreateZecInstances", create("ipStackType", "IPv4_IPv6"), bad, invalid},
		{"create: POC voucher", zt.ZEC, "CreateZecInstances", create("marketingOptions", p("usePocVoucher", true)), bad, invalid},
		{"create: tag key empty", zt.ZEC, "CreateZecInstances", create("tags", p("tags", []any{p("key", "", "value", "v")})), bad, invalid},
		{"create: 21 tags", zt.ZEC, "CreateZecInstances", create("tags", p("tags", manyTags(21))), bad, invalid},
		{"create: name pattern out of range", zt.ZEC, "CreateZecInstances", create("instanceName", "web-[1,9]"), bad, invalid},
		{"create: tags of the wrong type", zt.ZEC, "CreateZecInstances", create("tags", []string{"a"}), bad, invalid},

		// Instances after creation.
		{"rename: no IDs", zt.ZEC, "ModifyInstancesAttribute", p("instanceName", "ab"), bad, missing},
		{"rename: unknown", zt.ZEC, "ModifyInstancesAttribute", p("instanceIds", []string{unknown}, "instanceName", "ab"), 404, "INVALID_INSTANCE_NOT_FOUND"},
		{"rename: another account's", zt.ZEC, "ModifyInstancesAttribute", p("instanceIds", []string{o.instance}, "instanceName", "ab"), 404, "INVALID_INSTANCE_NOT_FOUND"},
		{"rename: bad name", zt.ZEC, "ModifyInstancesAttribute", p("instanceIds", []string{f.instance}, "instanceName", "-x-"), bad, invalid},
		{"reset: running", zt.ZEC, "ResetInstance", p("instanceId", f.instance), 403, "OPERATION_DENIED_INSTANCE_NOT_STOPPED"},
		{"reset: no ID", zt.ZEC, "ResetInstance", p(), bad, missing},
		{"reset: malformed ID", zt.ZEC, "ResetInstance", p("instanceId", "a/b"), bad, invalid},
		{"reset: another account's", zt.ZEC, "ResetInstance", p("instanceId", o.instance), 404, "INVALID_INSTANCE_NOT_FOUND"},
		{"reset: unknown image", zt.ZEC, "ResetInstance", p("instanceId", f.instance, "imageId", "nope"), 404, "INVALID_IMAGE_NOT_FOUND"},
		{"reset: password and key", zt.ZEC, "ResetInstance", p("instanceId", f.instance, "password", "Passw0rd!", "keyId", f.key), bad, "INVALID_PARAMETER_INSTANCE_LOGIN_CONFLICT"},
		{"reset: key of another account", zt.ZEC, "ResetInstance", p("instanceId", f.instance, "keyId", o.key), 404, "INVALID_KEY_PAIR_NOT_FOUND"},
		{"reset password: weak", zt.ZEC2024, "ResetInstancePassword", p("instanceId", f.instance, "password", "abc"), bad, "INVALID_PASSWORD_MALFORMED"},
		{"reset password: no password", zt.ZEC, "ResetInstancePassword", p("instanceId", f.instance), bad, missing},
		{"reset password: unknown", zt.ZEC2024, "ResetInstancePassword", p("instanceId", unknown, "password", "Passw0rd!"), 404, "INVALID_INSTANCE_NOT_FOUND"},
		{"modify type: running", zt.ZEC, "ModifyInstanceType", p("instanceId", f.instance, "instanceType", "z2a.cpu.2"), 403, "OPERATION_DENIED_INSTANCE_NOT_STOPPED"},
		{"modify type: no type", zt.ZEC, "ModifyInstanceType", p("instanceId", f.instance), bad, missing},
		{"ip forward: unknown", zt.ZEC2024, "StartIpForward", p("instanceId", unknown), 404, "INVALID_INSTANCE_NOT_FOUND"},
		{"ip forward: another account's", zt.ZEC, "StopIpForward", p("instanceId", o.instance), 404, "INVALID_INSTANCE_NOT_FOUND"},
		{"ip forward: no ID", zt.ZEC, "StartIpForward", p(), bad, missing},
		{"release: dependResource as string", zt.ZEC, "ReleaseInstances", p("instanceIds", []string{f.instance}, "dependResource", "no"), bad, invalid},
		{"describe: ipv4 malformed", zt.ZEC, "DescribeInstances", p("ipv4Address", "10.0.0"), bad, invalid},
		{"describe: 21 tag keys", zt.ZEC, "DescribeInstances", p("tagKeys", strings.Split(strings.Repeat("k,", 21)[:41], ",")), bad, invalid},

		// NICs.
		{"nics: status unknown", zt.ZEC, "DescribeNetworkInterfaces", p("status", "IN_USE"), bad, invalid},
		{"nics: IDs malformed", zt.ZEC, "DescribeNetworkInterfaces", p("nicIds", []string{"a b"}), bad, invalid},
		{"nic: unknown", zt.ZEC, "ModifyNetworkInterfaceAttribute", p("nicId", unknown, "name", "eth0"), 404, "INVALID_NIC_NOT_FOUND"},
		{"nic: another account's", zt.ZEC, "ModifyNetworkInterfaceAttribute", p("nicId", o.nic, "name", "eth0"), 404, "INVALID_NIC_NOT_FOUND"},
		{"nic: group of another account", zt.ZEC, "ModifyNetworkInterfaceAttribute", p("nicId", f.nic, "securityGroupId", o.group), 404, "INVALID_SECURITY_GROUP_NOT_FOUND"},
		{"nic: no ID", zt.ZEC, "ModifyNetworkInterfaceAttribute", p("name", "eth0"), bad, missing},
		{"nic: bad name", zt.ZEC, "ModifyNetworkInterfaceAttribute", p("nicId", f.nic, "name", "e"), bad, invalid},
		{"nics: one unknown", zt.ZEC, "ModifyNetworkInterfacesAttribute", p("nicIds", []string{f.nic, unknown}, "name", "eth0"), 404, "INVALID_NIC_NOT_FOUND"},

		// VPCs.
		{"create VPC: no name", zt.ZEC, "CreateVpc", p("cidrBlock", "10.0.0.0/16", "mtu", 1500), bad, missing},
		{"create VPC: no block", zt.ZEC, "CreateVpc", p("name", "ab", "mtu", 1500), bad, missing},
		{"create VPC: no MTU", zt.ZEC, "CreateVpc", p("name", "ab", "cidrBlock", "10.0.0.0/16"), bad, missing},
		{"create VPC: MTU 1400", zt.ZEC, "CreateVpc", p("name", "ab", "cidrBlock", "10.0.0.0/16", "mtu", 1400), bad, invalid},
		{"create VPC: public block", zt.ZEC, "CreateVpc", p("name", "ab", "cidrBlock", "8.8.0.0/16", "mtu", 1500), bad, "INVALID_PARAMETER_VPC_CIDR_BLOCK"},
		{"create VPC: block too large", zt.ZEC, "CreateVpc", p("name", "ab", "cidrBlock", "10.0.0.0/8", "mtu", 1500), bad, "INVALID_PARAMETER_VPC_CIDR_BLOCK"},
		{"create VPC: block malformed", zt.ZEC, "CreateVpc", p("name", "ab", "cidrBlock", "10.0.0.1/16", "mtu", 1500), bad, invalid},
		{"create VPC: MTU as string", zt.ZEC, "CreateVpc", p("name", "ab", "cidrBlock", "10.0.0.0/16", "mtu", "1500"), bad, invalid},
		{"describe VPCs: 101 IDs", zt.ZEC, "DescribeVpcs", p("vpcIds", manyIDs(101)), bad, invalid},
		{"modify VPC: unknown", zt.ZEC, "ModifyVpcAttribute", p("vpcId", unknown, "vpcName", "ab"), 404, "INVALID_VPC_NOT_FOUND"},
		{"modify VPC: another account's", zt.ZEC, "ModifyVpcAttribute", p("vpcId", o.vpc, "vpcName", "ab"), 404, "INVALID_VPC_NOT_FOUND"},
		{"modify VPC: group unknown", zt.ZEC, "ModifyVpcAttribute", p("vpcId", f.vpc, "securityGroupId", unknown), 404, "INVALID_SECURITY_GROUP_NOT_FOUND"},
		{"modify VPCs: no name", zt.ZEC, "ModifyVpcsAttribute", p("vpcIds", []string{f.vpc}), bad, missing},
		{"delete VPC: with subnets", zt.ZEC2024, "DeleteVpc", p("vpcId", f.vpc), 409, "INVALID_VPC_SUBNET_ASSOCIATED"},
		{"delete VPC: another account's", zt.ZEC2024, "DeleteVpc", p("vpcId", o.emptyVpc), 404, "INVALID_VPC_NOT_FOUND"},
		{"delete VPC: no ID", zt.ZEC, "DeleteVpc", p(), bad, missing},

		// Subnets.
		{"create subnet: VPC unknown", zt.ZEC2024, "CreateSubnet", p("vpcId", unknown, "name", "ab", "regionId", "asia-east-1", "stackType", "IPv4", "cidrBlock", "10.0.9.0/24"), 404, "INVALID_VPC_NOT_FOUND"},
		{"create subnet: VPC of another account", zt.ZEC, "CreateSubnet", p("vpcId", o.vpc, "name", "ab", "regionId", "asia-east-1", "stackType", "IPv4", "cidrBlock", "10.0.9.0/24"), 404, "INVALID_VPC_NOT_FOUND"},
		{"create subnet: region unknown", zt.ZEC, "CreateSubnet", p("vpcId", f.vpc, "name", "ab", "regionId", "mars-1", "stackType", "IPv4", "cidrBlock", "10.0.9.0/24"), 404, "INVALID_REGION_NOT_FOUND"},
		{"create subnet: no stack type", zt.ZEC2024, "CreateSubnet", p("vpcId", f.vpc, "name", "ab", "regionId", "asia-east-1", "cidrBlock", "10.0.9.0/24"), bad, missing},
		{"create subnet: outside the VPC", zt.ZEC, "CreateSubnet", p("vpcId", f.vpc, "name", "ab", "regionId", "asia-east-1", "stackType", "IPv4", "cidrBlock", "172.16.0.0/24"), bad, "INVALID_PARAMETER_SUBNET_CIDR_NOT_BELONG_VPC"},
		{"create subnet: overlapping", zt.ZEC, "CreateSubnet", p("vpcId", f.vpc, "name", "ab", "regionId", "asia-east-1", "stackType", "IPv4", "cidrBlock", "10.0.0.0/24"), bad, "INVALID_PARAMETER_VPC_SUBNET_OVER_LAP"},
		{"create subnet: dual stack without IPv6 type", zt.ZEC, "CreateSubnet", p("vpcId", f.vpc, "name", "ab", "regionId", "asia-east-1", "stackType", "IPv4_IPv6", "cidrBlock", "10.0.9.0/24"), bad, missing},
		{"create subnet: DHCP options", zt.ZEC, "CreateSubnet", p("vpcId", f.vpc, "name", "ab", "regionId", "asia-east-1", "stackType", "IPv4", "cidrBlock", "10.0.9.0/24", "dhcpOptionsSetId", "1"), bad, invalid},
		{"describe subnets: 101 IDs", zt.ZEC, "DescribeSubnets", p("subnetIds", manyIDs(101)), bad, invalid},
		{"modify subnet: another account's", zt.ZEC2024, "ModifySubnetAttribute", p("subnetId", o.subnet, "subnetName", "ab"), 404, "INVALID_SUBNET_NOT_FOUND"},
		{"modify subnets: one unknown", zt.ZEC, "ModifySubnetsAttribute", p("subnetIds", []string{f.subnet, unknown}, "name", "ab"), 404, "INVALID_SUBNET_NOT_FOUND"},
		{"subnet stack: IPv6 only", zt.ZEC2024, "ModifySubnetStackType", p("subnetId", f.subnet, "stackType", "IPv6", "ipv6Type", "Public"), bad, invalid},
		{"subnet stack: private without VPC IPv6", zt.ZEC2024, "ModifySubnetStackType", p("subnetId", f.subnet, "stackType", "IPv4_IPv6", "ipv6Type", "Private"), bad, invalid},
		{"delete subnet: with an instance", zt.ZEC2024, "DeleteSubnet", p("subnetId", f.subnet), 409, "INVALID_SUBNET_IN_USE"},
		{"delete subnet: unknown", zt.ZEC2024, "DeleteSubnet", p("subnetId", unknown), 404, "INVALID_SUBNET_NOT_FOUND"},
		{"delete subnet: another account's", zt.ZEC, "DeleteSubnet", p("subnetId", o.emptySubnet), 404, "INVALID_SUBNET_NOT_FOUND"},

		// Security groups.
		{"create group: no name", zt.ZEC, "CreateSecurityGroup", p(), bad, missing},
		{"create group: scope Regional", zt.ZEC, "CreateSecurityGroup", p("securityGroupName", "ab", "scope", "Regional"), bad, invalid},
		{"create group: bad rule", zt.ZEC, "CreateSecurityGroup", p("securityGroupName", "ab", "ruleInfos", []any{p("direction", "up")}), bad, "INVALID_PARAMETER_SECURITY_GROUP_DIRECTION"},
		{"create group: 41 rules", zt.ZEC, "CreateSecurityGroup", p("securityGroupName", "ab", "ruleInfos", manyRules(41)), bad, "OPERATION_DENIED_SECURITY_GROUP_RULE_EXCEED_LIMIT"},
		{"rules: unknown group", zt.ZEC, "ConfigureSecurityGroupRules", p("securityGroupId", unknown), 404, "INVALID_SECURITY_GROUP_NOT_FOUND"},
		{"rules: another account's group", zt.ZEC, "ConfigureSecurityGroupRules", p("securityGroupId", o.group), 404, "INVALID_SECURITY_GROUP_NOT_FOUND"},
		{"rules: no group", zt.ZEC, "ConfigureSecurityGroupRules", p(), bad, missing},
		{"describe rules: unknown group", zt.ZEC, "DescribeSecurityGroupRule", p("securityGroupId", unknown), 404, "INVALID_SECURITY_GROUP_NOT_FOUND"},
		{"rename groups: one unknown", zt.ZEC2024, "ModifySecurityGroupsAttribute", p("securityGroupIds", []string{f.group, unknown}, "securityGroupName", "ab"), 404, "INVALID_SECURITY_GROUP_NOT_FOUND"},
		{"delete group: assigned to a VPC", zt.ZEC2024, "DeleteSecurityGroup", p("securityGroupId", f.assignedGroup), 409, "OPERATION_DENIED_SECURITY_GROUP_ASSOCIATE_VPC"},
		{"delete group: an instance in it", zt.ZEC2024, "DeleteSecurityGroup", p("securityGroupId", f.usedGroup), 403, "OPERATION_DENIED_SECURITY_GROUP_EXIST_INSTANCE"},
		{"delete group: another account's", zt.ZEC, "DeleteSecurityGroup", p("securityGroupId", o.group), 404, "INVALID_SECURITY_GROUP_NOT_FOUND"},
		{"assign: VPC unknown", zt.ZEC, "AssignSecurityGroupVpc", p("vpcId", unknown, "securityGroupId", f.group), 404, "INVALID_VPC_NOT_FOUND"},
		{"assign: group of another account", zt.ZEC, "AssignSecurityGroupVpc", p("vpcId", f.vpc, "securityGroupId", o.group), 404, "INVALID_SECURITY_GROUP_NOT_FOUND"},
		{"assign: no group", zt.ZEC, "AssignSecurityGroupVpc", p("vpcId", f.vpc), bad, missing},
		{"unassign: none assigned", zt.ZEC, "UnAssignSecurityGroupVpc", p("vpcId", f.vpc), bad, "OPERATION_DENIED_VPC_NOT_EXIST_SECURITY_GROUP"},
		{"unassign: another account's VPC", zt.ZEC, "UnAssignSecurityGroupVpc", p("vpcId", o.emptyVpc), 404, "INVALID_VPC_NOT_FOUND"},

		// Disks.
		{"create disks: no zone", zt.ZEC, "CreateDisks", p("diskName", "d", "diskSize", 20), bad, missing},
		{"create disks: zone unknown", zt.ZEC, "CreateDisks", p("zoneId", "mars-1a", "diskName", "d", "diskSize", 20), 404, "INVALID_ZONE_NOT_FOUND"},
		{"create disks: too small", zt.ZEC, "CreateDisks", p("zoneId", "asia-east-1a", "diskName", "d", "diskSize", 10), bad, invalid},
		{"create disks: 51", zt.ZEC, "CreateDisks", p("zoneId", "asia-east-1a", "diskName", "d", "diskSize", 20, "diskAmount", 51), bad, invalid},
		{"create disks: snapshot", zt.ZEC, "CreateDisks", p("zoneId", "asia-east-1a", "diskName", "d", "diskSize", 20, "snapshotId", "1"), bad, invalid},
		{"create disks: category unknown", zt.ZEC, "CreateDisks", p("zoneId", "asia-east-1a", "diskName", "d", "diskSize", 20, "diskCategory", "HDD"), bad, invalid},
		{"describe disks: status unknown", zt.ZEC, "DescribeDisks", p("diskStatus", "BROKEN"), bad, invalid},
		{"attach: disk unknown", zt.ZEC, "AttachDisks", p("diskIds", []string{unknown}, "instanceId", f.instance), 404, "INVALID_DISK_NOT_FOUND"},
		{"attach: disk of another account", zt.ZEC, "AttachDisks", p("diskIds", []string{o.disk}, "instanceId", f.instance), 404, "INVALID_DISK_NOT_FOUND"},
		{"attach: instance of another account", zt.ZEC, "AttachDisks", p("diskIds", []string{f.disk}, "instanceId", o.instance), 404, "INVALID_INSTANCE_NOT_FOUND"},
		{"attach: attached already", zt.ZEC, "AttachDisks", p("diskIds", []string{f.attachedDisk}, "instanceId", f.instance), bad, "UNSUPPORTED_OPERATION_DISK_ATTACHED"},
		{"attach: a system disk", zt.ZEC, "AttachDisks", p("diskIds", []string{f.systemDisk}, "instanceId", f.instance), bad, "INVALID_DISK_NOT_PORTABLE"},
		{"attach: 11 disks", zt.ZEC, "AttachDisks", p("diskIds", manyIDs(11), "instanceId", f.instance), bad, invalid},
		{"attach: no instance", zt.ZEC, "AttachDisks", p("diskIds", []string{f.disk}), bad, missing},
		{"detach: running, checked", zt.ZEC, "DetachDisks", p("diskIds", []string{f.attachedDisk}), bad, "UNSUPPORTED_OPERATION_INSTANCE_STATUS"},
		{"detach: a system disk", zt.ZEC, "DetachDisks", p("diskIds", []string{f.systemDisk}, "instanceCheckFlag", false), bad, "INVALID_DISK_NOT_PORTABLE"},
		{"detach: attached to nothing", zt.ZEC, "DetachDisks", p("diskIds", []string{f.disk}, "instanceCheckFlag", false), bad, "UNSUPPORTED_OPERATION_DISK_STATUS"},
		{"rename disks: one unknown", zt.ZEC, "ModifyDisksAttributes", p("diskIds", []string{f.disk, unknown}, "diskName", "d"), 404, "INVALID_DISK_NOT_FOUND"},
		{"resize: smaller", zt.ZEC2024, "ResizeDisk", p("diskId", f.disk, "diskSize", 10), bad, invalid},
		{"resize: past the limit", zt.ZEC, "ResizeDisk", p("diskId", f.disk, "diskSize", 40000), bad, invalid},
		{"resize: another account's", zt.ZEC2024, "ResizeDisk", p("diskId", o.disk, "diskSize", 30), 404, "INVALID_DISK_NOT_FOUND"},
		{"release disk: in use", zt.ZEC2024, "ReleaseDisk", p("diskId", f.attachedDisk), bad, "UNSUPPORTED_OPERATION_DISK_STATUS"},
		{"release disk: a system disk", zt.ZEC2024, "ReleaseDisk", p("diskId", f.systemDisk), bad, "INVALID_DISK_NOT_PORTABLE"},
		{"release disk: another account's", zt.ZEC, "ReleaseDisk", p("diskId", o.disk), 404, "INVALID_DISK_NOT_FOUND"},

		// Catalog.
		{"images: page size 1001", zt.ZEC, "DescribeImages", p("zoneId", "asia-east-1a", "pageSize", 1001), bad, invalid},
		{"instance types: zone unknown", zt.ZEC, "DescribeZoneInstanceConfigInfos", p("zoneId", "mars-1a"), 404, "INVALID_ZONE_NOT_FOUND"},

		// Key pairs, tags, resource groups.
		{"import key: no name", zt.CCS, "ImportKeyPair", p("publicKey", "ssh-ed25519 AAAA"), bad, missing},
		{"modify key: unknown", zt.CCS, "ModifyKeyPairAttribute", p("keyId", "key-00000000", "keyDescription", "x"), 404, "INVALID_KEY_PAIR_NOT_FOUND"},
		{"modify key: another account's", zt.CCS, "ModifyKeyPairAttribute", p("keyId", o.key, "keyDescription", "x"), 404, "INVALID_KEY_PAIR_NOT_FOUND"},
		{"modify key: description too long", zt.CCS, "ModifyKeyPairAttribute", p("keyId", f.key, "keyDescription", strings.Repeat("d", 256)), bad, invalid},
		{"delete keys: none", zt.CCS, "DeleteKeyPairs", p(), bad, missing},
		{"describe keys: IDs malformed", zt.CCS, "DescribeKeyPairs", p("keyIds", []string{"key one"}), bad, invalid},
		{"tags: no resource", zt.ZRM, "ModifyResourceTags", p("replaceTags", []any{p("key", "a", "value", "b")}), bad, missing},
		{"tags: another account's", zt.ZRM, "ModifyResourceTags", p("resourceUuid", o.vpc, "replaceTags", []any{p("key", "a", "value", "b")}), 404, "OPERATION_FAILED_RESOURCE_NOT_FOUND"},
		{"tags: key too long", zt.ZRM, "ModifyResourceTags", p("resourceUuid", f.vpc, "replaceTags", []any{p("key", strings.Repeat("k", 65), "value", "b")}), bad, invalid},
		{"tags: too many", zt.ZRM, "ModifyResourceTags", p("resourceUuid", f.vpc, "replaceTags", manyTags(21)), bad, invalid},
		{"group: no group", zt.User, "AddResourceResourceGroup", p("resources", []string{f.vpc}), bad, missing},
		{"group: malformed group", zt.User, "AddResourceResourceGroup", p("resources", []string{f.vpc}, "resourceGroupId", "a b"), bad, invalid},
		{"group: unknown resource", zt.User, "AddResourceResourceGroup", p("resources", []string{unknown}, "resourceGroupId", "rg"), 404, "OPERATION_FAILED_RESOURCE_NOT_FOUND"},

		// Routing across services and versions.
		{"a 2025 action in 2024-04-01", zt.ZEC2024, "CreateVpc", p(), 404, "INVALID_ACTION_NOT_FOUND"},
		{"a zec action at ccs", zt.CCS, "DescribeVpcs", p(), 404, "INVALID_ACTION_NOT_FOUND"},
		{"ccs in zec's version", zt.Service{Name: "ccs", Version: "2024-04-01"}, "DescribeKeyPairs", p(), bad, "INVALID_VERSION"},
		{"an unknown service", zt.Service{Name: "vm", Version: "2023-03-13"}, "DescribeInstances", p(), 404, "INVALID_SERVICE_NOT_FOUND"},
	}
	cases := make([]kittest.Case, len(rows))
	for i, r := range rows {
		cases[i] = kittest.Case{Name: r.name, Status: r.status, Code: r.code, Request: func(t testing.TB) *http.Request {
			c := e.a1(t)
			svc := r.service
			if svc.Name == "" {
				svc = zt.ZEC
			}
			c.Service, c.Version = svc.Name, svc.Version
			body, ok := r.body.(string)
			if !ok {
				b, err := json.Marshal(r.body)
				if err != nil {
					t.Fatal(err)
				}
				body = string(b)
			}
			return c.NewRequest(r.action, []byte(body))
		}}
	}
	kittest.RunBadInputs(t, nil, cases, refusal)

	// Nothing changed: the fixture is as it was.
	if got := *a1.describeInstance(f.instance).Status; got != "RUNNING" {
		t.Errorf("the instance is %s after the bad inputs", got)
	}
}

func manyIDs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "1" + strings.Repeat("0", 17) + string(rune('0'+i%10))
	}
	return out
}

func manyTags(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = map[string]any{"key": "k" + strings.Repeat("x", i), "value": "v"}
	}
	return out
}

func manyRules(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = map[string]any{"direction": "ingress", "policy": "accept", "priority": 1 + i%100, "ipProtocol": "tcp",
			"portRange": itoa(1000 + i), "cidrIp": "0.0.0.0/0"}
	}
	return out
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
