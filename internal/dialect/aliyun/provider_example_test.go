package aliyun_test

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
)

// replayProviderInstanceExample replays, end to end, what the provider
// sends for testdata/terraform/main.tf: its own alicloud_instance example
// (website/docs/r/instance.html.markdown:26-93, without KMS) with the data
// sources and the rule of examples/ecs-new-vpc/main.tf:1-59, a key pair, a
// disk and tags. That file was run by hand against ecsd with the real
// provider (docs/aliyun.md); the calls here are the ones that run made, in
// its order: terraform apply, plan (no change), apply of a new instance
// name and new tags, plan (no change), destroy, then a refresh that finds
// nothing. Every Read is checked field by field (expectAll).
func replayProviderInstanceExample(t *testing.T, env *apptest.Env) {
	p := newProvider(t, env)
	public, fingerprint := newTestPublicKey(t, 9)
	const (
		name    = "terraform-example"
		keyName = "terraform-example-key"
		zone    = zoneB
	)
	tags := map[string]string{"created_by": "terraform", "env": "test"}
	tagParams := func(tags map[string]string) map[string]any {
		out := map[string]any{}
		keys := make([]string, 0, len(tags))
		for k := range tags {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for i, k := range keys {
			n := strconv.Itoa(i + 1)
			out["Tag."+n+".Key"], out["Tag."+n+".Value"] = k, tags[k]
		}
		return out
	}
	merge := func(ms ...map[string]any) map[string]any {
		out := map[string]any{}
		for _, m := range ms {
			for k, v := range m {
				out[k] = v
			}
		}
		return out
	}

	// --- the data sources, read on every plan (main.tf:53-69) ---
	var image, instanceType string
	readData := func(step string) {
		t.Helper()
		newest, imageTags := p.dataImages("system", `^ubuntu_18.*64`)
		kept, _ := p.dataInstanceTypes("ecs.n4", 1, 2)
		zones := p.dataZones("ecs.n4.large", "cloud_efficiency")
		if image == "" {
			image, instanceType = newest.ImageId, kept[0]
		}
		if newest.ImageId != image || imageTags != nil || len(kept) != 1 || kept[0] != instanceType || len(zones) == 0 || zones[0] != zone {
			t.Fatalf("%s: images.0 %s (tags %v), instance_types %v, zones %v", step, newest.ImageId, imageTags, kept, zones)
		}
	}
	readData("apply")
	if image != "ubuntu_18_04_64_20G_alibase_20190624.vhd" || instanceType != "ecs.n4.small" {
		t.Fatalf("images.0 %s, instance_types.0 %s", image, instanceType)
	}

	// --- terraform apply: each resource's create, in the order the run made them ---

	// alicloud_ecs_key_pair (main.tf:100-104): ImportKeyPair with the file's
	// text, its comment and newline included, and the tags.
	p.importKeyPair(merge(map[string]any{"KeyPairName": keyName, "PublicKeyBody": public + "\n"}, tagParams(tags)))
	keyPairState := func(tags map[string]string) state {
		return state{"finger_print": fingerprint, "create_time": secondTime, "resource_group_id": "", "key_pair_name": keyName, "tags": tags}
	}
	expectAll(t, "key pair after create", p.readKeyPair(keyName), keyPairState(tags))

	// alicloud_vpc (main.tf:71-74).
	vpc := p.createVpc(map[string]any{"CidrBlock": "172.16.0.0/16", "VpcName": name})
	vpcRead := p.readVpc(vpc)
	vpcState := state{
		"cidr_block": "172.16.0.0/16", "classic_link_enabled": false, "create_time": secondTime, "description": "",
		"dns_hostname_status": "DISABLED", "enable_ipv6": false, "ipv6_cidr_block": "", "region_id": region,
		"is_default": false, "resource_group_id": "", "router_id": routerRe, "status": "Available", "vpc_name": name,
		"ipv6_cidr_blocks": []map[string]string{}, "secondary_cidr_blocks": []string{}, "user_cidrs": []string{},
		"tags": map[string]string{}, "route_table_id": routeTableRe, "system_route_table_description": "",
		"system_route_table_name": "", "system_route_table_route_propagation_enable": true,
	}
	expectAll(t, "vpc after create", vpcRead, vpcState)

	// alicloud_ecs_disk (main.tf:106-113).
	disk := p.createDisk(merge(map[string]any{"Description": "Hello ecs disk.", "DiskCategory": "cloud_efficiency", "DiskName": "terraform-example-disk",
		"Size": 30, "ZoneId": zone}, tagParams(tags)))
	diskState := func(tags map[string]string) state {
		return state{
			"bursting_enabled": false, "category": "cloud_efficiency", "create_time": secondTime, "delete_auto_snapshot": false,
			"delete_with_instance": false, "description": "Hello ecs disk.", "disk_name": "terraform-example-disk",
			"enable_auto_snapshot": true, "encrypted": false, "instance_id": "", "kms_key_id": "", "multi_attach": "Disabled",
			"payment_type": "PayAsYouGo", "performance_level": "", "provisioned_iops": 0, "region_id": region, "resource_group_id": "",
			"size": 30, "snapshot_id": "", "status": "Available", "storage_set_id": "", "storage_set_partition_number": 0,
			"zone_id": zone, "tags": tags,
		}
	}
	expectAll(t, "disk after create", p.readDisk(disk), diskState(tags))

	// alicloud_security_group (main.tf:83-87).
	sg := p.createSecurityGroup(map[string]any{"Description": "foo", "SecurityGroupName": name, "VpcId": vpc})
	sgState := state{
		"create_time": secondTime, "description": "foo", "resource_group_id": "", "security_group_name": name,
		"security_group_type": "normal", "vpc_id": vpc, "tags": map[string]string{}, "inner_access_policy": "Accept", "inner_access": true,
	}
	expectAll(t, "group after create", p.readSecurityGroup(sg), sgState)

	// alicloud_vswitch (main.tf:76-81), in the zone the data source chose.
	vsw := p.createVSwitch(map[string]any{"CidrBlock": "172.16.0.0/24", "VSwitchName": name, "VpcId": vpc, "ZoneId": zone})
	vswState := state{
		"cidr_block": "172.16.0.0/24", "create_time": secondTime, "description": "", "ipv6_cidr_block": "", "is_default": false,
		"status": "Available", "vswitch_name": name, "vpc_id": vpc, "zone_id": zone, "tags": map[string]string{}, "enable_ipv6": false,
	}
	expectAll(t, "vswitch after create", p.readVSwitch(vsw), vswState)

	// alicloud_security_group_rule (main.tf:89-98); description unset, so
	// not sent.
	rule := p.createRule(sg, "ingress", map[string]any{"IpProtocol": "tcp", "NicType": "intranet", "Policy": "accept", "PortRange": "22/22",
		"Priority": "1", "SourceCidrIp": "0.0.0.0/0"})
	if rule != sg+":ingress:tcp:22/22:intranet:0.0.0.0/0:accept:1" {
		t.Fatalf("rule ID %s", rule)
	}
	ruleState := state{
		"type": "ingress", "ip_protocol": "tcp", "nic_type": "intranet", "policy": "accept", "port_range": "22/22", "description": "",
		"security_group_rule_id": regexp.MustCompile(`^sgr-bp[0-9a-z]{18}$`), "priority": 1, "security_group_id": sg,
		"cidr_ip": "0.0.0.0/0", "ipv6_cidr_ip": "", "source_security_group_id": "", "source_group_owner_id": "", "prefix_list_id": "",
	}
	expectAll(t, "rule after create", p.readRule(rule), ruleState)

	// alicloud_instance (main.tf:115-134): RunInstances with what
	// resource_alicloud_instance.go:781-1263 sends for it: no host name,
	// password, user data or metadata options, so no Update step runs
	// on create (:1294).
	id := p.runInstance(merge(map[string]any{
		"InstanceType": "ecs.n4.large", "ImageId": image, "ZoneId": zone, // :793-801
		"SystemDisk.DiskName": name, "SystemDisk.Description": "test_foo_system_disk_description", "SystemDisk.Category": "cloud_efficiency", // :805-817
		"InstanceName": name, "InternetMaxBandwidthOut": 10, "KeyPairName": keyName, "DryRun": false, // :853, :883, :956, :968
		"DataDisk": []map[string]any{{"DeleteWithInstance": true, "Encrypted": false, "Size": 20, "Category": "cloud_efficiency",
			"DiskName": "disk2", "Description": "disk2"}}, // :986-1045
		"VSwitchId": vsw, "SecurityGroupIds": []string{sg}, // :1108, :1121
	}, tagParams(tags))) // :978-979
	inst := p.readInstance(id, true)
	privateIP, _ := inst["private_ip"].(string)
	instanceState := func(instanceName string, tags map[string]string) state {
		return state{
			"instance_name": instanceName, "resource_group_id": "", "description": "", "status": "Running", "availability_zone": zone,
			"host_name": "iZ" + strings.TrimPrefix(id, "i-") + "Z", "image_id": image, "instance_type": "ecs.n4.large",
			"internet_max_bandwidth_out": 10, "internet_max_bandwidth_in": 10, "instance_charge_type": "PostPaid", "key_name": keyName,
			"spot_strategy": "NoSpot", "spot_price_limit": 0, "internet_charge_type": "PayByTraffic", "deletion_protection": false,
			"credit_specification": "", "auto_release_time": "", "hpc_cluster_id": "", "deployment_set_id": "", "deployment_set_group_no": 0,
			"stopped_mode": "Not-applicable", "vswitch_id": vsw, "subnet_id": vsw, "vpc_id": vpc, "spot_duration": 0,
			"http_tokens": "optional", "http_endpoint": "enabled", "http_put_response_hop_limit": 1, "cpu": 2, "memory": 4096,
			"os_name": "Ubuntu  18.04 64位", "os_type": "linux", "dedicated_host_id": "", "create_time": minuteTime,
			"start_time": minuteTime, "expired_time": "2099-12-31T15:59Z", "enable_high_density_mode": false,
			"image_options": []map[string]any{{"login_as_non_root": false}}, "tags": tags,
			"public_ip": regexp.MustCompile(`^47\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$`), "private_ip": regexp.MustCompile(`^172\.16\.0\.\d+$`),
			"security_groups": []string{sg},
			// The system disk, named and described as configured; the
			// launch's tags are on it too (volume_tags is Optional and
			// Computed).
			"system_disk_category": "cloud_efficiency", "system_disk_name": name, "system_disk_description": "test_foo_system_disk_description",
			"system_disk_size": 40, "system_disk_auto_snapshot_policy_id": "", "system_disk_storage_cluster_id": "",
			"system_disk_encrypted": false, "system_disk_kms_key_id": "", "system_disk_provisioned_iops": 0,
			"system_disk_id": regexp.MustCompile(`^d-bp[0-9a-z]{18}$`), "system_disk_performance_level": "",
			"system_disk_bursting_enabled": false, "volume_tags": map[string]string{"created_by": "terraform", "env": "test"},
			"user_data": "", "primary_ip_address": privateIP, "network_interface_traffic_mode": "Standard",
			// Queue pairs are an elastic RDMA interface's; a standard
			// interface has none.
			"queue_pair_number": 0, "source_dest_check": true, "network_card_index": 0, "network_interfaces": []map[string]any{},
			"network_interface_id": regexp.MustCompile(`^eni-bp[0-9a-z]{18}$`), "secondary_private_ips": []string{},
			"secondary_private_ip_address_count": 0, "ipv6_addresses": []string{}, "ipv6_address_count": 0,
			// Optional, non-Computed: an empty set, or the plan would
			// show maintenance_time.# 1 → 0 (notes §5.2).
			"maintenance_time": []map[string]string{}, "maintenance_action": "AutoRecover", "maintenance_notify": false,
			"enable_jumbo_frame": false, "private_pool_options_match_criteria": "None", "private_pool_options_id": "",
			"spot_interruption_behavior": "Terminate",
			"cpu_options":                []map[string]any{{"core_count": 1, "threads_per_core": 2, "topology_type": ""}},
		}
	}
	expectAll(t, "instance after create", inst, instanceState(name, tags))

	// --- terraform plan: every Read again, of resources not new; nothing
	// may differ from the configuration ---
	refresh := func(step, instanceName string, tags map[string]string) {
		t.Helper()
		readData(step)
		expectAll(t, step+": key pair", p.readKeyPair(keyName), keyPairState(tags))
		expectAll(t, step+": vpc", p.readVpc(vpc), vpcState)
		expectAll(t, step+": disk", p.readDisk(disk), diskState(tags))
		expectAll(t, step+": group", p.readSecurityGroup(sg), sgState)
		expectAll(t, step+": vswitch", p.readVSwitch(vsw), vswState)
		expectAll(t, step+": rule", p.readRule(rule), ruleState)
		want := instanceState(instanceName, tags)
		// A refresh of a VPC instance also asks for its RAM role
		// (:1440-1455), which ecsd never has: role_name stays unread.
		expectAll(t, step+": instance", p.readInstance(id, false), want)
	}
	refresh("plan", name, tags)
	// The router and route table stay what they were.
	if got := p.readVpc(vpc); got["router_id"] != vpcRead["router_id"] || got["route_table_id"] != vpcRead["route_table_id"] {
		t.Errorf("the VPC's router and route table moved: %v, then %v", vpcRead, got)
	}

	// --- terraform apply with instance_name and tags changed ---
	renamed := "terraform-example-renamed"
	newTags := map[string]string{"created_by": "terraform", "team": "infra"}
	// alicloud_ecs_key_pair update (resource_alicloud_ecs_key_pair.go:194-242)
	// and alicloud_ecs_disk update (resource_alicloud_ecs_disk.go:399-681):
	// SetResourceTags (service_alicloud_ecs_v2.go:87-168), UntagResources of
	// the removed key, TagResources of every tag now set, then Read.
	for _, r := range []struct{ typ, id string }{{"keypair", keyName}, {"disk", disk}} {
		p.post("Ecs", "UntagResources", nil, map[string]any{"RegionId": region, "ResourceId.1": r.id, "ResourceType": r.typ, "TagKey.1": "env"})
		p.post("Ecs", "TagResources", nil, merge(map[string]any{"RegionId": region, "ResourceId.1": r.id, "ResourceType": r.typ}, tagParams(newTags)))
	}
	expectAll(t, "key pair after the change", p.readKeyPair(keyName), keyPairState(newTags))
	expectAll(t, "disk after the change", p.readDisk(disk), diskState(newTags))
	// alicloud_instance update: the tags first (:1702-1708; classic
	// UntagResources and TagResources, tags.go:242-390), then the name
	// through modifyInstanceAttribute (:2888-2979): ModifyInstanceAttribute
	// with InstanceName alone, then Read.
	p.retagInstance(id, []string{"env"}, newTags)
	p.post("Ecs", "ModifyInstanceAttribute", nil, p.with("ModifyInstanceAttribute", map[string]any{"InstanceId": id, "InstanceName": renamed}))
	changed := instanceState(renamed, newTags)
	expectAll(t, "instance after the change", p.readInstance(id, false), changed)

	// --- terraform plan: no change ---
	refresh("plan after the change", renamed, newTags)

	// --- terraform destroy ---
	// The data disk made with the instance goes with it.
	dataDisks := listAt(t, p.post("Ecs", "DescribeDisks", nil, map[string]any{"RegionId": region, "InstanceId": id, "DiskType": "data"}), "Disks.Disk")
	if len(dataDisks) != 1 {
		t.Fatalf("the instance has %d data disks", len(dataDisks))
	}
	dataDisk := getStr(t, dataDisks[0].(map[string]any), "DiskId")
	// Out of Terraform's order, each delete is refused with a code the
	// provider retries on, not one that fails the destroy: the provider
	// waits for what is in the way to go.
	refusedRetryable := func(product, action string, body map[string]any, retryOn []string) {
		t.Helper()
		_, err := p.rpcPost(product, action, nil, body)
		if err == nil || !expectedError(err, retryOn...) {
			t.Errorf("%s while in use: %v, want one of %v", action, err, retryOn)
		}
	}
	refusedRetryable("Ecs", "DeleteSecurityGroup", map[string]any{"SecurityGroupId": sg, "RegionId": region}, []string{"DependencyViolation"})
	refusedRetryable("Ecs", "DeleteKeyPairs", map[string]any{"KeyPairNames": `["` + keyName + `"]`, "RegionId": region},
		[]string{"ServiceUnavailable", "InvalidParameter.KeypairAlreadyAttachedInstance"})
	refusedRetryable("Vpc", "DeleteVSwitch", map[string]any{"VSwitchId": vsw, "RegionId": region}, vswitchDeleteRetries)
	refusedRetryable("Vpc", "DeleteVpc", map[string]any{"VpcId": vpc, "RegionId": region, "ClientToken": p.clientToken("DeleteVpc")}, vpcDeleteRetries)

	// Terraform's order: what nothing depends on first (the instance, the
	// rule, the disk), then the group, the key pair and the vSwitch, then
	// the VPC.
	p.deleteInstance(id)
	p.deleteRule("ingress", map[string]string{"PortRange": "22/22", "IpProtocol": "tcp", "Policy": "accept", "Priority": "1",
		"SourceCidrIp": "0.0.0.0/0", "NicType": "intranet", "SecurityGroupId": sg, "Description": ""})
	p.deleteDisk(disk)
	p.deleteSecurityGroup(sg)
	p.deleteKeyPair(keyName)
	p.deleteVSwitch(vsw)
	p.deleteVpc(vpc)

	// --- a refresh: every Read finds nothing, as the provider's NotFound
	// checks see it, and drops the resource ---
	for what, s := range map[string]state{
		"instance": p.readInstance(id, false), "rule": p.readRule(rule), "disk": p.readDisk(disk),
		"group": p.readSecurityGroup(sg), "key pair": p.readKeyPair(keyName), "vswitch": p.readVSwitch(vsw), "vpc": p.readVpc(vpc),
	} {
		if s != nil {
			t.Errorf("the destroyed %s reads as %v", what, s)
		}
	}
	if p.describeDisk(dataDisk) != nil {
		t.Errorf("the data disk %s outlived its instance", dataDisk)
	}
}
