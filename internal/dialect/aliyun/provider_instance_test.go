package aliyun_test

// Replays of what terraform-provider-alicloud (HEAD 81c43b67, provider
// 1.289.0) sends for alicloud_instance and the alicloud_zones,
// alicloud_instance_types and alicloud_images data sources, through the
// clients it uses: the classic SDK for its WithEcsClient calls, tea-rpc
// for its RpcPost calls. File:line references are to alicloud/ at that
// commit.

import (
	"encoding/json"
	"regexp"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"

	"github.com/ecsd/ecsd/internal/app/apptest"
)

// replayAlicloudInstance replays alicloud_instance from the provider's
// own example (website/docs/r/instance.html.markdown:26-93, without KMS),
// with host name, user data, tags and metadata options added: the VPC,
// vSwitch and security groups made as their resources make them, then
// the instance's create, the full read, updates of name, description,
// tags, resource group, security groups, type and bandwidth, an import,
// delete, and a refresh after it.
func replayAlicloudInstance(t *testing.T, env *apptest.Env) {
	p := newProvider(t, env)
	vpc := p.createVpc(map[string]any{"CidrBlock": "172.16.0.0/16", "VpcName": "terraform-example"})
	vsw := p.createVSwitch(map[string]any{"CidrBlock": "172.16.0.0/24", "VpcId": vpc, "VSwitchName": "terraform-example", "ZoneId": worldZone})
	sg := p.createSecurityGroup(map[string]any{"SecurityGroupName": "terraform-example", "Description": "foo", "VpcId": vpc})
	g2 := p.createSecurityGroup(map[string]any{"SecurityGroupName": "terraform-example-2", "VpcId": vpc})

	// Create :781-1295. RunInstances over tea-rpc, autoRetry off, :1263.
	runBody := map[string]any{
		"RegionId": region, "ClientToken": "TF-RunInstances-1767225600-6c1a5b0e-8a5e-4b59-9d7a-4f1a7c0b9e21", // :789-790
		"InstanceType": itype, "ImageId": ubuntuImage, "ZoneId": worldZone, // :793-801
		"SystemDisk.DiskName": "terraform-example", "SystemDisk.Description": "test_foo_system_disk_description", // :805-809
		"SystemDisk.Category": "cloud_efficiency",                                 // :817
		"InstanceName":        "terraform-example", "InternetMaxBandwidthOut": 10, // :853, :883
		"HostName": "tf-example", "UserData": "IyEvYmluL3NoCmVjaG8gaGVsbG8K", // :891, :945
		"DryRun":    false,                                      // :968, always sent
		"Tag.1.Key": "Name", "Tag.1.Value": "terraform-example", // :978-979
		"HttpTokens": "required", // :1201
		"DataDisk": []map[string]any{{"DeleteWithInstance": true, "Encrypted": false, "Size": 20, "Category": "cloud_efficiency",
			"DiskName": "disk2", "Description": "disk2"}}, // :986-1045
		"VSwitchId": vsw, "SecurityGroupIds": []string{sg}, // :1108, :1121
	}
	resp := p.post("Ecs", "RunInstances", nil, runBody)
	id, ok := jsonPath(t, resp, "InstanceIdSets", "InstanceIdSet", 0).(string) // :1278-1287
	if !ok || id == "" {
		t.Fatalf("RunInstances answered %v", resp)
	}
	// :1265: a retry with the same ClientToken makes nothing new.
	if again := p.post("Ecs", "RunInstances", nil, runBody); jsonPath(t, again, "InstanceIdSets", "InstanceIdSet", 0) != id {
		t.Fatalf("a retried RunInstances: %v", again)
	}
	p.waitInstance(id, []string{"Pending", "Starting", "Stopped"}, []string{"Running"}) // :1289
	// Update on create (:1294): http_tokens set, so ModifyInstanceMetadataOptions :2325/2342.
	p.post("Ecs", "ModifyInstanceMetadataOptions", nil, map[string]any{"RegionId": region, "InstanceId": id, "HttpEndpoint": "enabled", "HttpTokens": "required"})
	s := p.readInstance(id, true)
	expect(t, "after create", s, state{
		"instance_name": "terraform-example", "description": "", "status": "Running", "availability_zone": worldZone,
		"host_name": "tf-example", "image_id": ubuntuImage, "instance_type": itype, "internet_max_bandwidth_out": 10,
		"internet_charge_type": "PayByTraffic", "instance_charge_type": "PostPaid", "key_name": "", "spot_strategy": "NoSpot",
		"spot_price_limit": 0, "deletion_protection": false, "credit_specification": "", "auto_release_time": "",
		"vswitch_id": vsw, "vpc_id": vpc, "security_groups": []string{sg},
		"tags": map[string]string{"Name": "terraform-example"}, "user_data": "IyEvYmluL3NoCmVjaG8gaGVsbG8K",
		"http_tokens": "required", "http_endpoint": "enabled", "public_ip": regexp.MustCompile(`^47\.`),
		"private_ip": regexp.MustCompile(`^172\.16\.0\.\d+$`), "resource_group_id": "",
		"system_disk_category": "cloud_efficiency", "system_disk_name": "terraform-example", "system_disk_size": 40,
		"system_disk_description": "test_foo_system_disk_description", "system_disk_id": regexp.MustCompile(`^d-bp`),
		"system_disk_encrypted": false, "system_disk_kms_key_id": "", "system_disk_performance_level": "",
		"system_disk_storage_cluster_id": "", "system_disk_provisioned_iops": 0, "system_disk_bursting_enabled": false,
		"system_disk_auto_snapshot_policy_id": "", "volume_tags": map[string]string{"Name": "terraform-example"},
		// Optional, non-Computed attributes the example leaves unset must read as their zero value (notes §5.2).
		"maintenance_time": []any{}, "maintenance_notify": false, "maintenance_action": "AutoRecover", "deployment_set_id": "", "hpc_cluster_id": "", "dedicated_host_id": "",
		"secondary_private_ips": []string{}, "enable_jumbo_frame": false, "private_pool_options_match_criteria": "None",
		"spot_interruption_behavior": "Terminate", "cpu_options": []map[string]any{{"core_count": 1, "threads_per_core": 2, "topology_type": ""}},
		"network_interface_traffic_mode": "Standard",
	})
	if _, dropped := s["role_name"]; dropped {
		t.Error("DescribeInstanceRamRole answered a role")
	}

	// Update :1696-2649, attribute by attribute, each followed by Read.
	// instance_name, description: modifyInstanceAttribute :2888/2979.
	p.post("Ecs", "ModifyInstanceAttribute", nil, map[string]any{"RegionId": region, "ClientToken": "TF-ModifyInstanceAttribute-1",
		"InstanceId": id, "InstanceName": "terraform-example-renamed", "Description": "renamed by terraform"})
	expect(t, "after renaming", p.readInstance(id, false), state{"instance_name": "terraform-example-renamed", "description": "renamed by terraform", "status": "Running"})
	// tags :1702-1708: setTags → updateTags (tags.go:242-390), classic
	// UntagResources of the removed keys, then TagResources of every new
	// tag (diffTags, tags.go:446-464).
	p.retagInstance(id, []string{"Name"}, map[string]string{"Env": "prod"})
	expect(t, "after retagging", p.readInstance(id, false), state{"tags": map[string]string{"Env": "prod"}, "volume_tags": map[string]string{"Name": "terraform-example"}})
	// resource_group_id: JoinResourceGroup :1711-1718.
	p.post("Ecs", "JoinResourceGroup", nil, map[string]any{"ResourceType": "instance", "ResourceId": id, "RegionId": region, "ResourceGroupId": "rg-aek2terraform"})
	expect(t, "after moving groups", p.readInstance(id, false), state{"resource_group_id": "rg-aek2terraform"})
	// security_groups :1732-1757: leave the removed, join the added
	// (service_alicloud_ecs.go:229-263), in two applies so that the
	// instance keeps a group.
	join := classicecs.CreateJoinSecurityGroupRequest()
	join.InstanceId, join.RegionId, join.SecurityGroupId = id, region, g2
	if _, err := p.classic.JoinSecurityGroup(join); err != nil {
		t.Fatal(err)
	}
	want := []string{sg, g2}
	sort.Strings(want)
	expect(t, "after joining", p.readInstance(id, false), state{"security_groups": want})
	leave := classicecs.CreateLeaveSecurityGroupRequest()
	leave.InstanceId, leave.RegionId, leave.SecurityGroupId = id, region, sg
	if _, err := p.classic.LeaveSecurityGroup(leave); err != nil {
		t.Fatal(err)
	}
	expect(t, "after leaving", p.readInstance(id, false), state{"security_groups": []string{g2}})
	// system_disk_name, system_disk_description :1759-1764: the system
	// disk, then ModifyDiskAttribute without RegionId (:1857-1871).
	sysDisk := p.systemDisk(id)["DiskId"]
	p.post("Ecs", "ModifyDiskAttribute", nil, map[string]any{"DiskId": sysDisk, "DiskName": "root", "Description": "the root disk"})
	expect(t, "after renaming the system disk", p.readInstance(id, false), state{"system_disk_name": "root", "system_disk_description": "the root disk"})
	// instance_type: the stop-needed group :1940-2027. Stop :1947-1969, wait :1971,
	// ModifyInstanceSpec in modifyInstanceType (:3135-3155), wait for the type, start :1994-2013, wait :2016.
	if inst, _ := p.describeInstance(id); inst.Status != "Running" {
		t.Fatalf("status before the stop: %s", inst.Status)
	}
	stop := classicecs.CreateStopInstanceRequest()
	stop.RegionId, stop.InstanceId, stop.ForceStop = region, id, requests.NewBoolean(false)
	if _, err := p.classic.StopInstance(stop); err != nil {
		t.Fatal(err)
	}
	p.waitInstance(id, []string{"Pending", "Running", "Stopping"}, []string{"Stopped"})
	spec := classicecs.CreateModifyInstanceSpecRequest()
	spec.InstanceId, spec.InstanceType, spec.ClientToken = id, "ecs.g7.xlarge", "TF-ModifyInstanceSpec-1"
	if _, err := p.classic.ModifyInstanceSpec(spec); err != nil {
		t.Fatal(err)
	}
	if inst, _ := p.describeInstance(id); inst.InstanceType != "ecs.g7.xlarge" {
		t.Fatalf("type after ModifyInstanceSpec: %s", inst.InstanceType)
	}
	start := classicecs.CreateStartInstanceRequest()
	start.InstanceId = id
	if _, err := p.classic.StartInstance(start); err != nil {
		t.Fatal(err)
	}
	p.waitInstance(id, []string{"Pending", "Starting", "Stopped"}, []string{"Running"})
	expect(t, "after resizing", p.readInstance(id, false), state{"instance_type": "ecs.g7.xlarge", "status": "Running", "cpu": 4, "cpu_options": []map[string]any{{"core_count": 2, "threads_per_core": 2, "topology_type": ""}}})
	// internet_max_bandwidth_out: ModifyInstanceNetworkSpec :3254-3373, then
	// DescribeInstances until bandwidth and charge type match.
	ns := classicecs.CreateModifyInstanceNetworkSpecRequest()
	ns.InstanceId, ns.ClientToken, ns.InternetMaxBandwidthOut = id, "TF-ModifyInstanceNetworkSpec-1", requests.NewInteger(20)
	if _, err := p.classic.ModifyInstanceNetworkSpec(ns); err != nil {
		t.Fatal(err)
	}
	if inst, _ := p.describeInstance(id); inst.InternetMaxBandwidthOut != 20 || inst.InternetChargeType != "PayByTraffic" {
		t.Fatalf("after ModifyInstanceNetworkSpec: %d %s", inst.InternetMaxBandwidthOut, inst.InternetChargeType)
	}
	expect(t, "after the bandwidth change", p.readInstance(id, false), state{"internet_max_bandwidth_out": 20, "public_ip": s["public_ip"]})

	// Import :26-28: passthrough ID, then the full Read of a resource that is not new.
	expect(t, "after import", p.readInstance(id, false), state{"instance_name": "terraform-example-renamed", "tags": map[string]string{"Env": "prod"}})

	// Delete :2651-2701, then a second delete finds nothing, which counts
	// as done (:2690).
	p.deleteInstance(id)
	del := classicecs.CreateDeleteInstanceRequest()
	del.InstanceId, del.Force = id, requests.NewBoolean(true)
	_, err := p.classic.DeleteInstance(del)
	wantError(t, err, "InvalidInstanceId.NotFound", 404)
	// Refresh: the empty list drops the resource (:1301-1310).
	if s := p.readInstance(id, false); s != nil {
		t.Fatalf("a deleted instance reads back: %v", s)
	}
}

// retagInstance is setTags (tags.go:170-186) → updateTags (tags.go:242-390)
// for an instance: classic UntagResources of the keys removed, then
// classic TagResources of every tag now configured.
func (p *tfProvider) retagInstance(id string, removed []string, now map[string]string) {
	p.t.Helper()
	if len(removed) > 0 {
		untag := classicecs.CreateUntagResourcesRequest()
		untag.RegionId, untag.ResourceType, untag.ResourceId, untag.TagKey = region, "instance", &[]string{id}, &removed
		if _, err := p.classic.UntagResources(untag); err != nil {
			p.t.Fatalf("UntagResources: %v", err)
		}
	}
	if len(now) > 0 {
		var tags []classicecs.TagResourcesTag
		for k, v := range now {
			tags = append(tags, classicecs.TagResourcesTag{Key: k, Value: v})
		}
		tag := classicecs.CreateTagResourcesRequest()
		tag.RegionId, tag.ResourceType, tag.ResourceId, tag.Tag = region, "instance", &[]string{id}, &tags
		if _, err := p.classic.TagResources(tag); err != nil {
			p.t.Fatalf("TagResources: %v", err)
		}
	}
}

// dataZones is dataSourceAlicloudZonesRead (data_source_alicloud_zones.go:403-493)
// for ECS: the zones, sorted, that offer instanceType and diskCategory.
func (p *tfProvider) dataZones(instanceType, diskCategory string) []string {
	t := p.t
	t.Helper()
	// :403 → service_alicloud_ecs.go:418-526.
	ar := classicecs.CreateDescribeAvailableResourceRequest()
	ar.RegionId, ar.DestinationResource, ar.IoOptimized = region, "Zone", "optimized"
	ar.InstanceChargeType, ar.SpotStrategy = "PostPaid", "NoSpot"
	arResp, err := p.classic.DescribeAvailableResource(ar)
	if err != nil || len(arResp.AvailableZones.AvailableZone) == 0 {
		t.Fatalf("DescribeAvailableResource: %v %+v", err, arResp)
	}
	valid := map[string]bool{}
	for _, z := range arResp.AvailableZones.AvailableZone {
		if z.Status != "SoldOut" {
			valid[z.ZoneId] = true
		}
	}
	// :408-425
	zr := classicecs.CreateDescribeZonesRequest()
	zr.RegionId, zr.InstanceChargeType, zr.SpotStrategy = region, "PostPaid", "NoSpot"
	zResp, err := p.classic.DescribeZones(zr)
	if err != nil || len(zResp.Zones.Zone) < 1 {
		t.Fatalf("DescribeZones: %v %+v", err, zResp)
	}
	// :431-493, client side.
	var ids []string
	for _, z := range zResp.Zones.Zone {
		types, disks := z.AvailableInstanceTypes.InstanceTypes, z.AvailableDiskCategories.DiskCategories
		if !valid[z.ZoneId] || len(types) == 0 || !slices.Contains(types, instanceType) || len(disks) == 0 || !slices.Contains(disks, diskCategory) {
			continue
		}
		ids = append(ids, z.ZoneId)
	}
	sort.Strings(ids)
	return ids
}

// replayAlicloudZones replays the provider's example data source
// (website/docs/r/instance.html.markdown:52-56:
// available_instance_type=ecs.n4.large, available_disk_category=cloud_efficiency).
func replayAlicloudZones(t *testing.T, env *apptest.Env) {
	if ids := newProvider(t, env).dataZones("ecs.n4.large", "cloud_efficiency"); !slices.Equal(ids, []string{"cn-hangzhou-b", "cn-hangzhou-g", "cn-hangzhou-h", "cn-hangzhou-i"}) {
		t.Fatalf("zones.*.id = %v", ids)
	}
}

// dataInstanceTypes is dataSourceAlicloudInstanceTypesRead
// (data_source_alicloud_instance_types.go:257-553) for a family, vCPUs
// and memory: the types kept, and the zones of each.
func (p *tfProvider) dataInstanceTypes(family string, cores int, memory float64) ([]string, map[string][]string) {
	t := p.t
	t.Helper()
	// 1. :257 → service_alicloud_ecs.go:418-526 with DestinationResource=InstanceType, Cores, Memory.
	ar := classicecs.CreateDescribeAvailableResourceRequest()
	ar.RegionId, ar.DestinationResource, ar.IoOptimized = region, "InstanceType", "optimized"
	ar.Cores, ar.Memory = requests.NewInteger(cores), requests.NewFloat(memory)
	ar.InstanceChargeType, ar.SpotStrategy = "PostPaid", "NoSpot"
	arResp, err := p.classic.DescribeAvailableResource(ar)
	if err != nil {
		t.Fatal(err)
	}
	// :262-280: every SupportedResource value, whatever the resource's type.
	zonesOf := map[string][]string{}
	for _, z := range arResp.AvailableZones.AvailableZone {
		if z.Status == "SoldOut" {
			continue
		}
		for _, r := range z.AvailableResources.AvailableResource {
			for _, s := range r.SupportedResources.SupportedResource {
				if s.Status != "SoldOut" {
					zonesOf[s.Value] = append(zonesOf[s.Value], z.ZoneId)
				}
			}
		}
	}
	// 2. :313-346 tea DescribeInstanceTypes, no RegionId, paged by NextToken.
	body := map[string]any{"InstanceTypeFamily": family}
	var objects []any
	for {
		resp := p.post("Ecs", "DescribeInstanceTypes", nil, body)
		objects = append(objects, jsonPath(t, resp, "InstanceTypes", "InstanceType").([]any)...)
		if next, _ := resp["NextToken"].(string); next != "" {
			body["NextToken"] = next
			continue
		}
		break
	}
	// 4. :386-432 client-side filters, and 6. :476-553 the fields stored.
	var kept []string
	for _, o := range objects {
		id, ok := jsonPath(t, o, "InstanceTypeId").(string)
		if !ok {
			t.Fatal("InstanceTypeId is not a string")
		}
		if _, offered := zonesOf[id]; !offered {
			continue
		}
		if jsonInt(t, jsonPath(t, o, "CpuCoreCount")) != int64(cores) {
			continue
		}
		if mem, _ := jsonPath(t, o, "MemorySize").(json.Number).Float64(); mem != memory {
			continue
		}
		for _, k := range []string{"EniQuantity", "PrimaryEniQueueNumber", "SecondaryEniQueueNumber", "EniIpv6AddressQuantity",
			"MaximumQueueNumberPerEni", "TotalEniQueueQuantity", "EniPrivateIpAddressQuantity", "GPUAmount", "InitialCredit",
			"BaselineCredit", "LocalStorageAmount", "LocalStorageCapacity"} {
			jsonInt(t, jsonPath(t, o, k))
		}
		for _, k := range []string{"InstanceTypeFamily", "NvmeSupport", "GPUSpec", "LocalStorageCategory"} {
			if _, ok := jsonPath(t, o, k).(string); !ok {
				t.Errorf("%s is not a string", k)
			}
		}
		kept = append(kept, id)
	}
	return kept, zonesOf
}

// replayAlicloudInstanceTypes replays data_source_alicloud_instance_types.go
// for examples/ecs-new-vpc/main.tf:9-13 (family ecs.n4, 1 vCPU, 2 GiB),
// with and without image_id.
func replayAlicloudInstanceTypes(t *testing.T, env *apptest.Env) {
	p := newProvider(t, env)
	kept, zonesOf := p.dataInstanceTypes("ecs.n4", 1, 2)
	if !slices.Equal(kept, []string{"ecs.n4.small"}) || len(zonesOf["ecs.n4.small"]) != 4 {
		t.Fatalf("instance_types = %v, zones %v", kept, zonesOf["ecs.n4.small"])
	}
	// 3. :350-400 with image_id: tea DescribeImageSupportInstanceTypes.
	resp := p.post("Ecs", "DescribeImageSupportInstanceTypes", nil, map[string]any{"ImageId": armImage, "RegionId": region})
	for _, it := range jsonPath(t, resp, "InstanceTypes", "InstanceType").([]any) {
		if id, _ := jsonPath(t, it, "InstanceTypeId").(string); id == "ecs.n4.small" {
			t.Fatal("an ARM image supports an x86 type")
		}
	}
}

// dataImages is dataSourceAlicloudImagesRead (data_source_alicloud_images.go:251-507)
// with owners and most_recent: the newest image whose name matches, and
// the tags stored for it.
func (p *tfProvider) dataImages(owners, nameRegex string) (classicecs.Image, map[string]string) {
	t := p.t
	t.Helper()
	var all []classicecs.Image
	for page := 1; ; page++ {
		req := classicecs.CreateDescribeImagesRequest()
		req.PageNumber, req.PageSize = requests.NewInteger(page), requests.NewInteger(100) // :252-253
		req.ImageOwnerAlias, req.Status = owners, "Available"                              // :256, :260
		resp, err := p.classic.DescribeImages(req)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, resp.Images.Image...)
		if len(resp.Images.Image) < 50 { // :358
			break
		}
	}
	// :370-391 name_regex, :395-476 most_recent by RFC 3339 CreationTime.
	re := regexp.MustCompile(nameRegex)
	var newest *classicecs.Image
	var newestAt time.Time
	for i, im := range all {
		if im.ImageName == "" || !re.MatchString(im.ImageName) {
			continue
		}
		at, err := time.Parse(time.RFC3339, im.CreationTime)
		if err != nil {
			t.Fatalf("CreationTime %q: %v", im.CreationTime, err)
		}
		if newest == nil || at.After(newestAt) {
			newest, newestAt = &all[i], at
		}
	}
	if newest == nil {
		t.Fatalf("no image matches %s", nameRegex)
	}
	// :434 → imageTagsMappings (:496-507): classic DescribeTags of the
	// image (service_alicloud_ecs.go:752-772); an error or an empty list
	// is nil tags.
	req := classicecs.CreateDescribeTagsRequest()
	req.RegionId, req.ResourceType, req.ResourceId = region, "image", newest.ImageId
	resp, err := p.classic.DescribeTags(req)
	if err != nil {
		t.Fatalf("DescribeTags of image %s: %v", newest.ImageId, err)
	}
	var tags map[string]string
	for _, tag := range resp.Tags.Tag {
		if tags == nil {
			tags = map[string]string{}
		}
		tags[tag.TagKey] = tag.TagValue
	}
	return *newest, tags
}

// replayAlicloudImages replays data_source_alicloud_images.go:251-507 for
// examples/ecs-new-vpc/main.tf:2-6: owners=system, name_regex ^ubuntu_18.*64,
// most_recent.
func replayAlicloudImages(t *testing.T, env *apptest.Env) {
	newest, tags := newProvider(t, env).dataImages("system", `^ubuntu_18.*64`)
	if newest.ImageId != "ubuntu_18_04_64_20G_alibase_20190624.vhd" {
		t.Fatalf("images.0 = %+v", newest)
	}
	// :410-435 the fields stored.
	if newest.OSType != "linux" || newest.Architecture != "x86_64" || newest.Size != 20 || newest.ImageOwnerAlias != "system" ||
		newest.Status != "Available" || newest.Progress != "100%" || !newest.IsSupportIoOptimized ||
		len(newest.DiskDeviceMappings.DiskDeviceMapping) != 1 || newest.DiskDeviceMappings.DiskDeviceMapping[0].Size != "20" {
		t.Errorf("image fields: %+v", newest)
	}
	// A public image carries no tags in ecsd: the empty answer stores none.
	if tags != nil {
		t.Errorf("images.0.tags = %v", tags)
	}
}
