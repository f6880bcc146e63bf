package aliyun_test

// Provider replays of the resources around instances: for each Terraform
// resource (alicloud_vpc, alicloud_vswitch, alicloud_security_group,
// alicloud_security_group_rule, alicloud_ecs_disk, alicloud_ecs_key_pair),
// the calls its create, read, update, import and delete make, in order,
// with the same parameters, through the same SDKs (provider_test.go).

import (
	"regexp"
	"strings"
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
)

var (
	routerRe     = regexp.MustCompile(`^vrt-bp[0-9a-z]{18}$`)
	routeTableRe = regexp.MustCompile(`^vtb-bp[0-9a-z]{18}$`)
	ipv6BlockRe  = regexp.MustCompile(`^2408:4005:[0-9a-f:]+/56$`)
)

// --- alicloud_vpc and alicloud_vswitch ---

func replayProviderVpcAndVSwitch(t *testing.T, env *apptest.Env) {
	p := newProvider(t, env)

	// alicloud_vpc create (resource_alicloud_vpc.go:212-287), with the
	// docs example's enable_ipv6 and a tag.
	vpc := p.createVpc(map[string]any{"CidrBlock": "10.0.0.0/8", "VpcName": "tf-vpc", "Description": "made by terraform", "EnableIpv6": true,
		"Tag.1.Key": "Created", "Tag.1.Value": "TF"})
	// The Update on create (:338): a configured system_route_table_name
	// calls ModifyRouteTableAttributes (:585-627); configured tags call
	// SetResourceTags (service_alicloud_vpc_v2.go:89-170), TagResources here.
	table := p.systemRouteTable(vpc)
	p.post("Vpc", "ModifyRouteTableAttributes", nil, map[string]any{
		"RegionId": region, "RouteTableId": table["RouteTableId"], "RouteTableName": "tf-routes",
	})
	p.post("Vpc", "TagResources", nil, map[string]any{"ResourceId.1": vpc, "RegionId": region, "Tag.1.Key": "Created", "Tag.1.Value": "TF", "ResourceType": "VPC"})
	s := p.readVpc(vpc)
	expectAll(t, "vpc after create", s, state{
		"cidr_block": "10.0.0.0/8", "classic_link_enabled": false, "create_time": secondTime, "description": "made by terraform",
		"dns_hostname_status": "DISABLED", "enable_ipv6": true, "ipv6_cidr_block": ipv6BlockRe, "region_id": region,
		"is_default": false, "resource_group_id": "", "router_id": routerRe, "status": "Available", "vpc_name": "tf-vpc",
		"ipv6_cidr_blocks": []map[string]string{{"ipv6_cidr_block": s["ipv6_cidr_block"].(string), "ipv6_isp": "BGP"}}, "ipv6_isp": "BGP",
		"secondary_cidr_blocks": []string{}, "user_cidrs": []string{}, "tags": map[string]string{"Created": "TF"},
		"route_table_id": routeTableRe, "system_route_table_description": "", "system_route_table_name": "tf-routes",
		"system_route_table_route_propagation_enable": true,
	})

	// alicloud_vswitch create (resource_alicloud_vswitch.go:164-215); the
	// configured tags, also on create (:265-367).
	vsw := p.createVSwitch(map[string]any{"CidrBlock": "10.1.0.0/24", "VpcId": vpc, "VSwitchName": "tf-vsw", "Description": "web", "ZoneId": zoneB})
	p.post("Vpc", "TagResources", nil, map[string]any{"ResourceId.1": vsw, "RegionId": region, "Tag.1.Key": "tier", "Tag.1.Value": "web", "ResourceType": "VSWITCH"})
	expectAll(t, "vswitch after create", p.readVSwitch(vsw), state{
		"cidr_block": "10.1.0.0/24", "create_time": secondTime, "description": "web", "ipv6_cidr_block": "", "is_default": false,
		"status": "Available", "vswitch_name": "tf-vsw", "vpc_id": vpc, "zone_id": zoneB, "tags": map[string]string{"tier": "web"},
		"enable_ipv6": false,
	})

	// alicloud_vpc update (:415-766): ModifyVpcAttribute (:487-529), the wait
	// (:544), MoveResourceGroup (:556-569), the route table, then the tags
	// with UnTagResources, capital T (service_alicloud_vpc_v2.go:106).
	p.post("Vpc", "ModifyVpcAttribute", nil, map[string]any{"VpcId": vpc, "RegionId": region, "Description": "changed", "VpcName": "tf-vpc-2"})
	p.waitFor(func() map[string]any {
		return p.post("Vpc", "DescribeVpcAttribute", nil, map[string]any{"VpcId": vpc, "RegionId": region})
	}, "Status", "Available")
	p.post("Vpc", "MoveResourceGroup", nil, map[string]any{"ResourceId": vpc, "RegionId": region, "NewResourceGroupId": "rg-acfmtf", "ResourceType": "VPC"})
	p.systemRouteTable(vpc)
	p.post("Vpc", "UnTagResources", nil, map[string]any{"ResourceId.1": vpc, "RegionId": region, "TagKey.1": "Created", "ResourceType": "VPC"})
	p.post("Vpc", "TagResources", nil, map[string]any{"ResourceId.1": vpc, "RegionId": region, "Tag.1.Key": "Owner", "Tag.1.Value": "ops", "ResourceType": "VPC"})
	changed := state{"vpc_name": "tf-vpc-2", "description": "changed", "resource_group_id": "rg-acfmtf", "tags": map[string]string{"Owner": "ops"},
		"router_id": s["router_id"], "route_table_id": s["route_table_id"], "system_route_table_name": "tf-routes"}
	expect(t, "vpc after update", p.readVpc(vpc), changed)
	expect(t, "vpc after import", p.readVpc(vpc), changed) // the ID passes through, then the same Read

	// alicloud_vswitch update (:265-367): ModifyVSwitchAttribute, the wait.
	p.post("Vpc", "ModifyVSwitchAttribute", nil, map[string]any{"VSwitchId": vsw, "RegionId": region, "VSwitchName": "tf-vsw-2", "Description": "web tier"})
	p.waitFor(func() map[string]any {
		return p.post("Vpc", "DescribeVSwitchAttributes", map[string]any{"VSwitchId": vsw}, map[string]any{"RegionId": region})
	}, "Status", "Available")
	expect(t, "vswitch after update", p.readVSwitch(vsw), state{"vswitch_name": "tf-vsw-2", "description": "web tier"})
	expect(t, "vswitch after import", p.readVSwitch(vsw), state{"vswitch_name": "tf-vsw-2", "description": "web tier", "tags": map[string]string{"tier": "web"}})

	// An instance in the vSwitch holds up both deletes, which the provider
	// retries on these codes (vswitch.go:387, vpc.go:789).
	sg := p.createSecurityGroup(map[string]any{"VpcId": vpc})
	instance := launchInto(t, env, vsw, sg)
	p.postCode("Vpc", "DeleteVSwitch", nil, map[string]any{"VSwitchId": vsw, "RegionId": region}, "DependencyViolation")
	p.postCode("Vpc", "DeleteVpc", nil, map[string]any{"VpcId": vpc, "RegionId": region, "ClientToken": p.clientToken("DeleteVpc")}, "DependencyViolation.VSwitch")
	terminate(t, env, instance)
	p.deleteSecurityGroup(sg)

	// alicloud_vswitch delete (:369-410), then alicloud_vpc delete
	// (:768-817), each waiting until its read is NotFound; a refresh then
	// drops both.
	p.deleteVSwitch(vsw)
	p.deleteVpc(vpc)
	if s := p.readVpc(vpc); s != nil {
		t.Fatalf("the deleted VPC reads as %v", s)
	}
}

// --- alicloud_security_group and alicloud_security_group_rule ---

func replayProviderSecurityGroupAndRules(t *testing.T, env *apptest.Env) {
	p := newProvider(t, env)
	vpc := p.createVpc(map[string]any{"CidrBlock": "10.0.0.0/8"})

	// alicloud_security_group create (resource_alicloud_security_group.go:91-147),
	// then the configured inner_access_policy in the Update on create (:254-288).
	sg := p.createSecurityGroup(map[string]any{"SecurityGroupType": "normal", "Tag.1.Key": "Created", "Tag.1.Value": "TF",
		"Description": "foo", "VpcId": vpc, "SecurityGroupName": "tf-sg"})
	p.post("Ecs", "ModifySecurityGroupPolicy", nil, map[string]any{"SecurityGroupId": sg, "RegionId": region,
		"ClientToken": p.clientToken("ModifySecurityGroupPolicy"), "InnerAccessPolicy": "Drop"})
	expectAll(t, "group after create", p.readSecurityGroup(sg), state{
		"create_time": secondTime, "description": "foo", "resource_group_id": "", "security_group_name": "tf-sg",
		"security_group_type": "normal", "vpc_id": vpc, "tags": map[string]string{"Created": "TF"},
		"inner_access_policy": "Drop", "inner_access": false,
	})

	// alicloud_security_group_rule create (resource_alicloud_security_group_rule.go:126-290).
	ingressID := p.createRule(sg, "ingress", map[string]any{"IpProtocol": "tcp", "Policy": "accept", "Priority": "1",
		"SourceCidrIp": "0.0.0.0/0", "PortRange": "1/65535", "NicType": "intranet", "Description": "all tcp"})
	// An egress rule without nic_type: the ID's NicType part is "<nil>" (:283),
	// and so is the NicType its Read sends.
	egressID := p.createRule(sg, "egress", map[string]any{"IpProtocol": "udp", "Policy": "drop", "Priority": "7",
		"DestCidrIp": "10.0.0.0/8", "PortRange": "53/53"})
	if !strings.Contains(egressID, ":<nil>:") {
		t.Fatalf("egress rule ID %s", egressID)
	}
	sgrRe := regexp.MustCompile(`^sgr-bp[0-9a-z]{18}$`)
	// :340-351: the other side's fields, all ForceNew and not computed, "" unless set.
	expectAll(t, "ingress rule after create", p.readRule(ingressID), state{
		"type": "ingress", "ip_protocol": "tcp", "nic_type": "intranet", "policy": "accept", "port_range": "1/65535",
		"description": "all tcp", "security_group_rule_id": sgrRe, "priority": 1, "security_group_id": sg,
		"cidr_ip": "0.0.0.0/0", "ipv6_cidr_ip": "", "source_security_group_id": "", "source_group_owner_id": "", "prefix_list_id": "",
	})
	expectAll(t, "egress rule after create", p.readRule(egressID), state{
		"type": "egress", "ip_protocol": "udp", "nic_type": "intranet", "policy": "drop", "port_range": "53/53",
		"description": "", "security_group_rule_id": sgrRe, "priority": 7, "security_group_id": sg,
		"cidr_ip": "10.0.0.0/8", "ipv6_cidr_ip": "", "source_security_group_id": "", "source_group_owner_id": "", "prefix_list_id": "",
	})

	// Rule update (:356-404): the rule request (:464-566), sent twice (:381-393).
	ruleRequest := func(api string, q map[string]string) {
		t.Helper()
		if err := p.ruleRequest(api, q); err != nil {
			t.Fatalf("%s: %v", api, err)
		}
	}
	ingressQuery := map[string]string{"PortRange": "1/65535", "IpProtocol": "tcp", "Policy": "accept", "Priority": "1",
		"SourceCidrIp": "0.0.0.0/0", "NicType": "intranet", "SecurityGroupId": sg, "Description": "tcp from anywhere"}
	ruleRequest("ModifySecurityGroupRule", ingressQuery)
	ruleRequest("ModifySecurityGroupRule", ingressQuery)
	expect(t, "ingress rule after update", p.readRule(ingressID), state{"description": "tcp from anywhere"})
	// The egress rule's description set, then removed: Description is
	// always sent, empty for none.
	egressQuery := map[string]string{"PortRange": "53/53", "IpProtocol": "udp", "Policy": "drop", "Priority": "7",
		"DestCidrIp": "10.0.0.0/8", "SecurityGroupId": sg, "Description": "names"}
	ruleRequest("ModifySecurityGroupEgressRule", egressQuery)
	expect(t, "egress rule after update", p.readRule(egressID), state{"description": "names"})
	egressQuery["Description"] = ""
	ruleRequest("ModifySecurityGroupEgressRule", egressQuery)
	expect(t, "egress rule after clearing", p.readRule(egressID), state{"description": ""})
	expect(t, "ingress rule after import", p.readRule(ingressID), state{"description": "tcp from anywhere", "priority": 1}) // the 8-part ID, then Read

	// alicloud_security_group update (:199-343).
	p.post("Ecs", "ModifySecurityGroupAttribute", nil, map[string]any{"SecurityGroupId": sg, "RegionId": region, "SecurityGroupName": "tf-sg-2", "Description": "bar"})
	p.post("Ecs", "DescribeSecurityGroupAttribute", nil, map[string]any{"SecurityGroupId": sg, "RegionId": region})
	p.post("Ecs", "JoinResourceGroup", nil, map[string]any{"ResourceId": sg, "RegionId": region, "ResourceType": "securitygroup", "ResourceGroupId": "rg-acfmtf"})
	p.post("Ecs", "UntagResources", nil, map[string]any{"ResourceId.1": sg, "RegionId": region, "TagKey.1": "Created", "ResourceType": "securitygroup"})
	p.post("Ecs", "TagResources", nil, map[string]any{"ResourceId.1": sg, "RegionId": region, "Tag.1.Key": "Team", "Tag.1.Value": "db", "ResourceType": "securitygroup"})
	changed := state{"security_group_name": "tf-sg-2", "description": "bar", "resource_group_id": "rg-acfmtf", "tags": map[string]string{"Team": "db"}}
	expect(t, "group after update", p.readSecurityGroup(sg), changed)
	expect(t, "group after import", p.readSecurityGroup(sg), changed)

	// Rule delete (:406-462), then each reads as gone.
	p.deleteRule("ingress", ingressQuery)
	p.deleteRule("egress", egressQuery)
	for _, id := range []string{ingressID, egressID} {
		if s := p.readRule(id); s != nil {
			t.Errorf("rule %s still reads after its delete: %v", id, s)
		}
	}

	// alicloud_security_group delete (:345-380): DeleteSecurityGroup,
	// retried on DependencyViolation while an instance uses the group.
	vsw := p.createVSwitch(map[string]any{"VpcId": vpc, "ZoneId": zoneB, "CidrBlock": "10.0.0.0/24"})
	instance := launchInto(t, env, vsw, sg)
	p.postCode("Ecs", "DeleteSecurityGroup", nil, map[string]any{"SecurityGroupId": sg, "RegionId": region}, "DependencyViolation")
	terminate(t, env, instance)
	p.deleteSecurityGroup(sg)
	if s := p.readSecurityGroup(sg); s != nil {
		t.Fatalf("the deleted group reads as %v", s)
	}
	// A rule of a group that is gone reads as gone too
	// (InvalidSecurityGroupId.NotFound, service_alicloud_ecs.go:372).
	if s := p.readRule(ingressID); s != nil {
		t.Fatalf("a rule of a deleted group reads as %v", s)
	}
}

// --- alicloud_ecs_disk ---

func replayProviderEcsDisk(t *testing.T, env *apptest.Env) {
	p := newProvider(t, env)

	// Create (resource_alicloud_ecs_disk.go:195-305).
	disk := p.createDisk(map[string]any{"Tag.1.Key": "Created", "Tag.1.Value": "TF", "Description": "disk made by terraform",
		"DiskCategory": "cloud_efficiency", "Size": 30, "DiskName": "tf-disk", "ZoneId": zoneB})
	expectAll(t, "disk after create", p.readDisk(disk), state{
		"bursting_enabled": false, "category": "cloud_efficiency", "create_time": secondTime, "delete_auto_snapshot": false,
		"delete_with_instance": false, "description": "disk made by terraform", "disk_name": "tf-disk", "enable_auto_snapshot": true,
		"encrypted": false, "instance_id": "", "kms_key_id": "", "multi_attach": "Disabled", "payment_type": "PayAsYouGo",
		"performance_level": "", "provisioned_iops": 0, "region_id": region, "resource_group_id": "", "size": 30, "snapshot_id": "",
		"status": "Available", "storage_set_id": "", "storage_set_partition_number": 0, "zone_id": zoneB,
		"tags": map[string]string{"Created": "TF"},
	})

	// Update (:399-681): DescribeDisks (:424), ModifyDiskAttribute
	// (:413-472), ResizeDisk (:489-505, no RegionId), JoinResourceGroup
	// (:521-537), the tags.
	p.describeDisk(disk)
	p.post("Ecs", "ModifyDiskAttribute", nil, map[string]any{"DiskId": disk, "RegionId": region, "Description": "grown", "DiskName": "tf-disk-2"})
	p.post("Ecs", "ResizeDisk", nil, map[string]any{"DiskId": disk, "ClientToken": p.clientToken("ResizeDisk"), "NewSize": 50, "Type": "offline"})
	p.post("Ecs", "JoinResourceGroup", nil, map[string]any{"ResourceId": disk, "RegionId": region, "ResourceGroupId": "rg-acfmtf", "ResourceType": "disk"})
	p.post("Ecs", "UntagResources", nil, map[string]any{"ResourceId.1": disk, "RegionId": region, "TagKey.1": "Created", "ResourceType": "disk"})
	p.post("Ecs", "TagResources", nil, map[string]any{"ResourceId.1": disk, "RegionId": region, "Tag.1.Key": "Size", "Tag.1.Value": "L", "ResourceType": "disk"})
	changed := state{"disk_name": "tf-disk-2", "description": "grown", "size": 50, "resource_group_id": "rg-acfmtf", "tags": map[string]string{"Size": "L"}}
	expect(t, "disk after update", p.readDisk(disk), changed)
	expect(t, "disk after import", p.readDisk(disk), changed)

	// Delete (:683-731), then a refresh drops it.
	p.deleteDisk(disk)
	if s := p.readDisk(disk); s != nil {
		t.Fatalf("the deleted disk reads as %v", s)
	}
}

// --- alicloud_ecs_key_pair ---

func replayProviderEcsKeyPair(t *testing.T, env *apptest.Env) {
	p := newProvider(t, env)
	public, fingerprint := newTestPublicKey(t, 3)

	// Create (resource_alicloud_ecs_key_pair.go:90-158): ImportKeyPair with
	// public_key (:119-122), as file() reads it, with its trailing newline;
	// CreateKeyPair for a key named from key_name_prefix (:94). The name is
	// the ID (:142).
	imported := p.importKeyPair(map[string]any{"KeyPairName": "tf-imported", "PublicKeyBody": public + "\n", "Tag.1.Key": "Created", "Tag.1.Value": "TF"})
	made := p.post("Ecs", "CreateKeyPair", nil, map[string]any{"RegionId": region, "KeyPairName": "tf-prefix-20260101000000000001"})
	if !strings.Contains(getStr(t, made, "PrivateKeyBody"), "PRIVATE KEY") {
		t.Fatalf("CreateKeyPair gave no private key for key_file (:144-155)")
	}
	expectAll(t, "imported key pair after create", p.readKeyPair(imported), state{
		"finger_print": fingerprint, "create_time": secondTime, "resource_group_id": "", "key_pair_name": "tf-imported",
		"tags": map[string]string{"Created": "TF"},
	})
	expectAll(t, "made key pair after create", p.readKeyPair("tf-prefix-20260101000000000001"), state{
		"finger_print": getStr(t, made, "KeyPairFingerPrint"), "create_time": secondTime, "resource_group_id": "",
		"key_pair_name": "tf-prefix-20260101000000000001", "tags": map[string]string{},
	})

	// Update (:194-242): JoinResourceGroup (keypair), then the tags.
	p.post("Ecs", "JoinResourceGroup", nil, map[string]any{"ResourceId": imported, "RegionId": region, "ResourceGroupId": "rg-acfmtf", "ResourceType": "keypair"})
	p.post("Ecs", "UntagResources", nil, map[string]any{"ResourceId.1": imported, "RegionId": region, "TagKey.1": "Created", "ResourceType": "keypair"})
	p.post("Ecs", "TagResources", nil, map[string]any{"ResourceId.1": imported, "RegionId": region, "Tag.1.Key": "Use", "Tag.1.Value": "ci", "ResourceType": "keypair"})
	changed := state{"finger_print": fingerprint, "resource_group_id": "rg-acfmtf", "tags": map[string]string{"Use": "ci"}}
	expect(t, "key pair after update", p.readKeyPair(imported), changed)
	expect(t, "key pair after import", p.readKeyPair(imported), changed)

	// Delete (:244-279), then a refresh drops each.
	for _, name := range []string{imported, "tf-prefix-20260101000000000001"} {
		p.deleteKeyPair(name)
		if s := p.readKeyPair(name); s != nil {
			t.Fatalf("the deleted key pair %s reads as %v", name, s)
		}
	}
}
