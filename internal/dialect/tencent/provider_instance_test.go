package tencent_test

import (
	"encoding/base64"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	cbs "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cbs/v20170312"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"
	vpc "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/vpc/v20170312"

	"github.com/ecsd/ecsd/internal/app/apptest"
)

// The public key of examples/tencentcloud-instance/main.tf, an RSA key
// without a comment.
const examplePublicKey = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDjd8fTnp7Dcuj4mLaQxf9Zs/ORgUL9fQxRCNKkPgP1paTy1I513maMX126i36Lxxl3+FUB52oVbo/FgwlIfX8hyCnv8MCxqnuSDozf1CD0/wRYHcTWAtgHQHBPCC2nJtod6cVC3kB18KeV4U7zsxmwFeBIxojMOOmcOBuh7+trRw=="

// imagesByFilter is DescribeImagesByFilter
// (svc/cvm/service_tencentcloud_cvm.go:1210-1256): Filters image-type,
// Offset and Limit 100, paging until a page holds fewer than 100; then
// sortImages (service:1088-1114) newest first by CreatedTime in RFC 3339.
func (p *provider) imagesByFilter(filters map[string][]string) []*cvm.Image {
	p.t.Helper()
	var all []*cvm.Image
	for offset := uint64(0); ; offset += 100 {
		req := cvm.NewDescribeImagesRequest()
		for name, values := range filters {
			req.Filters = append(req.Filters, &cvm.Filter{Name: ptr(name), Values: ptrs(values)})
		}
		req.Offset, req.Limit = ptr(offset), ptr(uint64(100))
		resp, err := p.cvm.DescribeImages(req)
		check(p.t, err)
		all = append(all, resp.Response.ImageSet...)
		if len(resp.Response.ImageSet) < 100 {
			break
		}
	}
	sort.Slice(all, func(i, j int) bool {
		return rfc3339(p.t, "ImageSet[].CreatedTime", all[i].CreatedTime).After(rfc3339(p.t, "ImageSet[].CreatedTime", all[j].CreatedTime))
	})
	return all
}

// instanceTypes is data tencentcloud_instance_types
// (svc/cvm/data_source_tc_instance_types.go:435-654) through
// DescribeInstancesSellTypeByFilter (svc/cvm/service_tencentcloud_cvm.go:605-637):
// the filter blocks and zone passed verbatim, then cpu_core_count,
// memory_size and exclude_sold_out applied on Cpu, Memory and Status
// (486-497), InstanceType read always (577).
func (p *provider) instanceTypes(filters map[string][]string, cpu, memory int64, excludeSoldOut bool) []*cvm.InstanceTypeQuotaItem {
	p.t.Helper()
	req := cvm.NewDescribeZoneInstanceConfigInfosRequest()
	for name, values := range filters {
		req.Filters = append(req.Filters, &cvm.Filter{Name: ptr(name), Values: ptrs(values)})
	}
	resp, err := p.cvm.DescribeZoneInstanceConfigInfos(req)
	check(p.t, err)
	var out []*cvm.InstanceTypeQuotaItem
	for _, it := range resp.Response.InstanceTypeQuotaSet {
		deref(p.t, "InstanceTypeQuotaSet[].InstanceType", it.InstanceType)
		if cpu > 0 && deref(p.t, "Cpu", it.Cpu) != cpu || memory > 0 && deref(p.t, "Memory", it.Memory) != memory ||
			excludeSoldOut && deref(p.t, "Status", it.Status) == "SOLD_OUT" {
			continue
		}
		out = append(out, it)
	}
	return out
}

// importKeyPair is tencentcloud_key_pair's create with public_key
// (svc/cvm/resource_tc_key_pair.go:132-151): KeyName, ProjectId 0 always,
// PublicKey; KeyId read without a check.
func (p *provider) importKeyPair(name, public string) string {
	p.t.Helper()
	req := cvm.NewImportKeyPairRequest()
	req.KeyName, req.ProjectId, req.PublicKey = &name, ptr(int64(0)), &public
	resp, err := p.cvm.ImportKeyPair(req)
	check(p.t, err)
	return deref(p.t, "ImportKeyPair KeyId", resp.Response.KeyId)
}

// readKeyPair is tencentcloud_key_pair's read (resource_tc_key_pair.go:191-248):
// DescribeKeyPairs by KeyIds (service:639-659), then the key pair's tags.
func (p *provider) readKeyPair(id string) *cvm.KeyPair {
	p.t.Helper()
	req := cvm.NewDescribeKeyPairsRequest()
	req.KeyIds = []*string{&id}
	resp, err := p.cvm.DescribeKeyPairs(req)
	check(p.t, err)
	if len(resp.Response.KeyPairSet) == 0 {
		return nil
	}
	kp := resp.Response.KeyPairSet[0]
	p.describeTags("cvm", "keypair", id)
	return kp
}

// deleteKeyPair is tencentcloud_key_pair's delete (resource_tc_key_pair.go:284-347):
// DescribeKeyPairs; DisassociateInstancesKeyPairs when instances still use
// it; DeleteKeyPairs.
func (p *provider) deleteKeyPair(id string) {
	p.t.Helper()
	kp := p.readKeyPair(id)
	if kp == nil {
		return
	}
	if len(kp.AssociatedInstanceIds) > 0 {
		req := cvm.NewDisassociateInstancesKeyPairsRequest()
		req.KeyIds, req.InstanceIds, req.ForceStop = []*string{&id}, kp.AssociatedInstanceIds, ptr(false)
		_, err := p.cvm.DisassociateInstancesKeyPairs(req)
		check(p.t, err)
	}
	req := cvm.NewDeleteKeyPairsRequest()
	req.KeyIds = []*string{&id}
	_, err := p.cvm.DeleteKeyPairs(req)
	check(p.t, err)
}

// runInstance is tencentcloud_instance's create: RunInstances
// (svc/cvm/resource_tc_instance.go:1106), InstanceIdSet[0] (1120-1125),
// then DescribeInstances polled until RUNNING (1135-1155), which must see
// the instance at once (a nil instance panics at 1154); then, with tags,
// the tag service polled until they are all there (1216-1237).
func (p *provider) runInstance(req *cvm.RunInstancesRequest, tags map[string]string) string {
	p.t.Helper()
	resp, err := p.cvm.RunInstances(req)
	check(p.t, err)
	if len(resp.Response.InstanceIdSet) == 0 {
		p.t.Fatal("RunInstances returned no instance")
	}
	id := deref(p.t, "InstanceIdSet[0]", resp.Response.InstanceIdSet[0])
	inst := p.describeInstance(id)
	if inst == nil {
		p.t.Fatalf("DescribeInstances does not see %s right after RunInstances; the provider panics (resource_tc_instance.go:1154)", id)
	}
	if state := deref(p.t, "InstanceState", inst.InstanceState); state != "PENDING" {
		p.t.Fatalf("a new instance is %s, want PENDING then RUNNING", state)
	}
	p.settle()
	equal(p.t, "InstanceState", p.describeInstance(id).InstanceState, "RUNNING")
	if len(tags) > 0 {
		wantTags(p.t, "instance", p.describeTags("cvm", "instance", id), tags)
	}
	return id
}

// readInstance is tencentcloud_instance's read, the whole of its import
// (svc/cvm/resource_tc_instance.go:1270-1962). It returns the instance as
// DescribeInstances shows it, with what the provider reads on the way
// checked for presence.
func (p *provider) readInstance(id string) (*cvm.Instance, map[string]string, *cvm.InstanceAttribute) {
	p.t.Helper()
	t := p.t
	// 1291-1302: wait while the latest operation is OPERATING.
	inst := p.describeInstance(id)
	if inst == nil {
		return nil, nil, nil
	}
	if deref(t, "LatestOperationState", inst.LatestOperationState) == "OPERATING" {
		t.Fatalf("%s's latest operation %s is still OPERATING", id, *inst.LatestOperation)
	}
	deref(t, "InstanceState", inst.InstanceState)
	// 1316-1331: DescribeImages with no fields at all.
	images, err := p.cvm.DescribeImages(cvm.NewDescribeImagesRequest())
	check(t, err)
	if deref(t, "DescribeImages TotalCount", images.Response.TotalCount) > 0 {
		for _, im := range images.Response.ImageSet {
			deref(t, "ImageSet[].ImageId", im.ImageId)
		}
	}
	// 1341-1442: what is set from InstanceSet[0].
	pl := deref(t, "Placement", inst.Placement)
	deref(t, "Placement.Zone", pl.Zone)
	deref(t, "Placement.ProjectId", pl.ProjectId)
	ia := deref(t, "InternetAccessible", inst.InternetAccessible)
	deref(t, "InternetAccessible.InternetChargeType", ia.InternetChargeType)
	deref(t, "InternetAccessible.InternetMaxBandwidthOut", ia.InternetMaxBandwidthOut)
	vpcInfo := deref(t, "VirtualPrivateCloud", inst.VirtualPrivateCloud)
	deref(t, "VirtualPrivateCloud.VpcId", vpcInfo.VpcId)
	deref(t, "VirtualPrivateCloud.SubnetId", vpcInfo.SubnetId)
	sd := deref(t, "SystemDisk", inst.SystemDisk)
	deref(t, "SystemDisk.DiskType", sd.DiskType)
	deref(t, "SystemDisk.DiskSize", sd.DiskSize)
	systemDiskID := deref(t, "SystemDisk.DiskId", sd.DiskId)
	deref(t, "InstanceChargeType", inst.InstanceChargeType)
	rfc3339(t, "CreatedTime", inst.CreatedTime)
	// 1444-1454: tags from the tag service.
	tags := p.describeTags("cvm", "instance", id)
	// 1457-1481: the system disk through CBS, its name.
	if strings.HasPrefix(systemDiskID, "disk-") {
		d := p.describeDisk(systemDiskID)
		if d == nil {
			t.Fatalf("the system disk %s is not in DescribeDisks", systemDiskID)
		}
		if deref(t, "Disk.DiskState", d.DiskState) == "EXPANDING" {
			t.Fatalf("the system disk is EXPANDING")
		}
		deref(t, "Disk.DiskName", d.DiskName)
	}
	// 1548-1683: the data disks, through CVM and then CBS; every field
	// sortDataDisks (3164-3250) dereferences.
	var dataIDs []*string
	for _, dd := range inst.DataDisks {
		dataIDs = append(dataIDs, ptr(deref(t, "DataDisks[].DiskId", dd.DiskId)))
		deref(t, "DataDisks[].DiskType", dd.DiskType)
		deref(t, "DataDisks[].DiskSize", dd.DiskSize)
		deref(t, "DataDisks[].Encrypt", dd.Encrypt)
		deref(t, "DataDisks[].DeleteWithInstance", dd.DeleteWithInstance)
		deref(t, "DataDisks[].ThroughputPerformance", dd.ThroughputPerformance)
	}
	if len(dataIDs) > 0 {
		req := cbs.NewDescribeDisksRequest()
		req.DiskIds = dataIDs
		resp, err := p.cbs.DescribeDisks(req)
		check(t, err)
		if len(resp.Response.DiskSet) != len(dataIDs) {
			t.Fatalf("CBS shows %d of the instance's %d data disks", len(resp.Response.DiskSet), len(dataIDs))
		}
		for _, d := range resp.Response.DiskSet {
			deref(t, "Disk.DiskState", d.DiskState)
			deref(t, "Disk.DiskId", d.DiskId)
			deref(t, "Disk.DiskName", d.DiskName)
		}
	}
	// 1911-1923: login settings and state.
	deref(t, "LoginSettings", inst.LoginSettings)
	// 1929-1955: the user data, which must be Base64.
	req := cvm.NewDescribeInstancesAttributesRequest()
	req.InstanceIds, req.Attributes = []*string{&id}, []*string{ptr("UserData")}
	attrs, err := p.cvm.DescribeInstancesAttributes(req)
	check(t, err)
	var attr *cvm.InstanceAttribute
	if len(attrs.Response.InstanceSet) > 0 {
		attr = attrs.Response.InstanceSet[0]
		if attr.Attributes != nil && attr.Attributes.UserData != nil {
			if _, err := base64.StdEncoding.DecodeString(*attr.Attributes.UserData); err != nil {
				t.Errorf("UserData %q is not Base64", *attr.Attributes.UserData)
			}
		}
	}
	return inst, tags, attr
}

// describeDisk is CbsService.DescribeDiskById (svc/cbs/service_tencentcloud_cbs.go:50-80):
// DiskIds and Limit 100.
func (p *provider) describeDisk(id string) *cbs.Disk {
	p.t.Helper()
	req := cbs.NewDescribeDisksRequest()
	req.DiskIds, req.Limit = []*string{&id}, ptr(uint64(100))
	resp, err := p.cbs.DescribeDisks(req)
	check(p.t, err)
	if len(resp.Response.DiskSet) == 0 {
		return nil
	}
	return resp.Response.DiskSet[0]
}

// waitOperation is waitForOperationFinished (resource_tc_instance.go:3075-3116):
// DescribeInstances until LatestOperationState is set and not OPERATING or
// FAILED.
func (p *provider) waitOperation(id, action string) {
	p.t.Helper()
	inst := p.describeInstance(id)
	if inst == nil {
		p.t.Fatalf("%s is gone", id)
	}
	if state := deref(p.t, "LatestOperationState", inst.LatestOperationState); state == "OPERATING" {
		p.settle()
		inst = p.describeInstance(id)
	}
	equal(p.t, "LatestOperationState", inst.LatestOperationState, "SUCCESS")
	equal(p.t, "LatestOperation", inst.LatestOperation, action)
	if deref(p.t, "LatestOperationRequestId", inst.LatestOperationRequestId) == "" {
		p.t.Errorf("LatestOperationRequestId of %s is empty", action)
	}
}

// terminateInstance is tencentcloud_instance's delete for a postpaid
// instance without force_delete (resource_tc_instance.go:2619-2690):
// DescribeInstances, TerminateInstances, DescribeInstances until gone (or
// SHUTDOWN, reading LatestOperationState, 2670), then waitIpRelease
// (3118-3144): DescribeUsedIpAddress of its VPC, subnet and addresses
// (vpc service:7964-8016) until none is used.
func (p *provider) terminateInstance(id string) {
	p.t.Helper()
	t := p.t
	before := p.describeInstance(id)
	if before == nil {
		t.Fatalf("%s is gone before its delete", id)
	}
	req := cvm.NewTerminateInstancesRequest()
	req.InstanceIds = []*string{&id}
	_, err := p.cvm.TerminateInstances(req)
	check(t, err)
	if inst := p.describeInstance(id); inst != nil {
		if deref(t, "InstanceState", inst.InstanceState) == "SHUTDOWN" {
			deref(t, "LatestOperationState", inst.LatestOperationState)
		}
		p.settle()
	}
	if inst := p.describeInstance(id); inst != nil {
		t.Fatalf("%s is still %s after its delete", id, *inst.InstanceState)
	}
	if len(before.PrivateIpAddresses) == 0 {
		return
	}
	v := deref(t, "VirtualPrivateCloud", before.VirtualPrivateCloud)
	used := vpc.NewDescribeUsedIpAddressRequest()
	used.VpcId, used.SubnetId, used.IpAddresses = v.VpcId, v.SubnetId, before.PrivateIpAddresses
	used.Offset, used.Limit = ptr(uint64(0)), ptr(uint64(20))
	resp, err := p.vpc.DescribeUsedIpAddress(used)
	check(t, err)
	if n := len(resp.Response.IpAddressStates); n != 0 {
		t.Fatalf("%d addresses of %s are still used after its delete: the provider waits 15 minutes", n, id)
	}
}

// TestProviderInstanceExample follows the provider's own
// examples/tencentcloud-instance end to end: its three data sources, its
// key pair and its instance, created, read (plan, refresh and import are
// this read) and destroyed.
func replayProviderInstanceExample(t *testing.T, env *apptest.Env) {
	p := newProvider(t, env)

	// data "tencentcloud_images" "my_favorate_image": image_type PUBLIC_IMAGE,
	// os_name "centos" (svc/cvm/data_source_tc_images.go:173-341): OsName is
	// dereferenced (254) and matched case-insensitively, ImageId read (294).
	var image string
	for _, im := range p.imagesByFilter(map[string][]string{"image-type": {"PUBLIC_IMAGE"}}) {
		if strings.Contains(strings.ToLower(deref(t, "OsName", im.OsName)), "centos") {
			image = deref(t, "ImageId", im.ImageId)
			if len(im.SnapshotSet) != 0 {
				t.Errorf("public image %s has snapshots: the provider would call cbs:DescribeSnapshots", image)
			}
			break
		}
	}
	// "tencentos" holds "centos": the provider's substring match picks
	// the newest TencentOS image, as it would on Tencent Cloud.
	if image != "img-2xnn7dex" {
		t.Fatalf("images.0 with os_name centos is %q, want the newest image whose OsName holds centos, img-2xnn7dex", image)
	}

	// data "tencentcloud_instance_types": filter instance-family S1,
	// cpu_core_count 1, memory_size 1.
	types := p.instanceTypes(map[string][]string{"instance-family": {"S1"}}, 1, 1, false)
	if len(types) == 0 {
		t.Fatal("no S1 type with 1 vCPU and 1 GiB")
	}
	instanceType := *types[0].InstanceType
	if instanceType != "S1.SMALL1" {
		t.Fatalf("instance_types.0 is %s, want S1.SMALL1", instanceType)
	}

	// data "tencentcloud_availability_zones": cvm:DescribeZones with an empty
	// request (svc/cvm/service_tencentcloud_cvm.go:950-967); Zone, ZoneState
	// and ZoneId dereferenced (data_source_tc_availability_zones.go:106-119).
	zones, err := p.cvm.DescribeZones(cvm.NewDescribeZonesRequest())
	check(t, err)
	var zone string
	for _, z := range zones.Response.ZoneSet {
		deref(t, "ZoneId", z.ZoneId)
		if deref(t, "ZoneState", z.ZoneState) != "UNAVAILABLE" && zone == "" {
			zone = deref(t, "Zone", z.Zone)
		}
	}
	if zone != zone3 {
		t.Fatalf("zones.0 is %q, want %s", zone, zone3)
	}

	// resource "tencentcloud_key_pair" "random_key".
	keyID := p.importKeyPair("tf_example_key6", examplePublicKey)
	kp := p.readKeyPair(keyID)
	equal(t, "KeyName", kp.KeyName, "tf_example_key6")
	equal(t, "ProjectId", kp.ProjectId, 0)
	if fields := strings.Fields(deref(t, "PublicKey", kp.PublicKey)); strings.Join(fields[:2], " ") != examplePublicKey {
		t.Errorf("PublicKey %q, want %q", *kp.PublicKey, examplePublicKey)
	}
	rfc3339(t, "KeyPair.CreatedTime", kp.CreatedTime)

	// resource "tencentcloud_instance" "foo": the request create makes for
	// this configuration (resource_tc_instance.go:660-1102), defaults
	// included.
	req := cvm.NewRunInstancesRequest()
	req.ImageId = &image
	req.Placement = &cvm.Placement{Zone: &zone}
	req.InstanceName = ptr("terraform-testing")
	req.InstanceType = &instanceType
	req.InstanceChargeType = ptr("POSTPAID_BY_HOUR")
	req.InternetAccessible = &cvm.InternetAccessible{InternetMaxBandwidthOut: ptr(int64(2)), PublicIpAssigned: ptr(false)}
	req.SystemDisk = &cvm.SystemDisk{DiskType: ptr("CLOUD_PREMIUM")}
	req.EnhancedService = &cvm.EnhancedService{
		SecurityService:   &cvm.RunSecurityServiceEnabled{Enabled: ptr(true)},
		MonitorService:    &cvm.RunMonitorServiceEnabled{Enabled: ptr(false)},
		AutomationService: &cvm.RunAutomationServiceEnabled{Enabled: ptr(true)},
	}
	req.LoginSettings = &cvm.LoginSettings{KeyIds: []*string{&keyID}}
	req.DisableApiTermination = ptr(false)
	req.ClientToken = ptr("Zm9vYmFyMTIzNDU2Nzg5MA==")
	id := p.runInstance(req, nil)

	inst, tags, attr := p.readInstance(id)
	equal(t, "Placement.Zone", inst.Placement.Zone, zone)
	equal(t, "Placement.ProjectId", inst.Placement.ProjectId, 0)
	equal(t, "InstanceName", inst.InstanceName, "terraform-testing")
	equal(t, "InstanceType", inst.InstanceType, instanceType)
	equal(t, "ImageId", inst.ImageId, image)
	equal(t, "InstanceChargeType", inst.InstanceChargeType, "POSTPAID_BY_HOUR")
	equal(t, "InternetAccessible.InternetMaxBandwidthOut", inst.InternetAccessible.InternetMaxBandwidthOut, 2)
	equal(t, "InternetAccessible.InternetChargeType", inst.InternetAccessible.InternetChargeType, "TRAFFIC_POSTPAID_BY_HOUR")
	if len(inst.PublicIpAddresses) != 0 {
		t.Errorf("allocate_public_ip is false, yet the instance shows %v", values(inst.PublicIpAddresses))
	}
	equal(t, "SystemDisk.DiskType", inst.SystemDisk.DiskType, "CLOUD_PREMIUM")
	equal(t, "SystemDisk.DiskSize", inst.SystemDisk.DiskSize, 50)
	if keys := values(inst.LoginSettings.KeyIds); !slices.Equal(keys, []string{keyID}) {
		t.Errorf("LoginSettings.KeyIds = %v, want [%s] (key_name)", keys, keyID)
	}
	if len(inst.PrivateIpAddresses) != 1 || *inst.VirtualPrivateCloud.VpcId == "" || *inst.VirtualPrivateCloud.SubnetId == "" {
		t.Errorf("an instance without vpc_id is in no default VPC: %v %s %s", values(inst.PrivateIpAddresses), *inst.VirtualPrivateCloud.VpcId, *inst.VirtualPrivateCloud.SubnetId)
	}
	equal(t, "DisableApiTermination", inst.DisableApiTermination, false)
	wantTags(t, "instance", tags, map[string]string{})
	if attr == nil || deref(t, "Attributes.UserData", attr.Attributes.UserData) != "" {
		t.Errorf("DescribeInstancesAttributes: %+v, want the instance with empty user data", attr)
	}
	noNilPointers(t, "DescribeInstances", inst, ".ExpiredTime", ".LoginSettings.Password")
	if inst.ExpiredTime != nil {
		t.Errorf("a postpaid instance shows ExpiredTime %s", *inst.ExpiredTime)
	}

	// The key pair now lists the instance.
	if ids := values(p.readKeyPair(keyID).AssociatedInstanceIds); !slices.Equal(ids, []string{id}) {
		t.Errorf("AssociatedInstanceIds = %v, want [%s]", ids, id)
	}

	// terraform destroy: the instance, then the key pair, which is free by
	// then.
	p.terminateInstance(id)
	p.deleteKeyPair(keyID)
	if p.readKeyPair(keyID) != nil {
		t.Fatal("the key pair is still there after its delete")
	}
}

// TestProviderInstance follows tencentcloud_instance through the first
// example of website/docs/r/instance.html.markdown (a VPC, a subnet, data
// disks, tags, a host name; without its kms_key_id, which is no argument
// of the resource), then through every update the provider makes
// (resource_tc_instance.go:1964-2617), then its delete.
func replayProviderInstance(t *testing.T, env *apptest.Env) {
	p := newProvider(t, env)
	vpcID := p.createVpc("vpc", "10.0.0.0/16", nil)
	subnetID := p.createSubnet(vpcID, zone4, "subnet", "10.0.1.0/24", nil)

	// data tencentcloud_images: image_name_regex "OpenCloudOS Server"
	// (data_source_tc_images.go:260: ImageName dereferenced).
	var image string
	for _, im := range p.imagesByFilter(map[string][]string{"image-type": {"PUBLIC_IMAGE"}}) {
		if strings.Contains(deref(t, "ImageName", im.ImageName), "OpenCloudOS Server") {
			image = *im.ImageId
			break
		}
	}
	// data tencentcloud_instance_types: families S1..S5, 2 vCPUs,
	// exclude_sold_out.
	types := p.instanceTypes(map[string][]string{"instance-family": {"S1", "S2", "S3", "S4", "S5"}, "zone": {zone4}}, 2, 0, true)
	if image == "" || len(types) == 0 {
		t.Fatalf("image %q, %d types", image, len(types))
	}
	instanceType := *types[0].InstanceType

	userData := base64.StdEncoding.EncodeToString([]byte("#!/bin/sh\necho hello\n"))
	req := cvm.NewRunInstancesRequest()
	req.ImageId = &image
	req.Placement = &cvm.Placement{Zone: ptr(zone4), ProjectId: ptr(int64(0))}
	req.InstanceName, req.InstanceType, req.HostName = ptr("tf-example"), &instanceType, ptr("user")
	req.InstanceChargeType = ptr("POSTPAID_BY_HOUR")
	req.InternetAccessible = &cvm.InternetAccessible{PublicIpAssigned: ptr(false)}
	req.VirtualPrivateCloud = &cvm.VirtualPrivateCloud{VpcId: &vpcID, SubnetId: &subnetID}
	req.SystemDisk = &cvm.SystemDisk{DiskType: ptr("CLOUD_PREMIUM"), DiskSize: ptr(int64(50))}
	req.DataDisks = []*cvm.DataDisk{{DiskType: ptr("CLOUD_PREMIUM"), DiskSize: ptr(int64(50)), ThroughputPerformance: ptr(int64(0)),
		DeleteWithInstance: ptr(true), Encrypt: ptr(false)}}
	req.EnhancedService = &cvm.EnhancedService{
		SecurityService:   &cvm.RunSecurityServiceEnabled{Enabled: ptr(true)},
		MonitorService:    &cvm.RunMonitorServiceEnabled{Enabled: ptr(true)},
		AutomationService: &cvm.RunAutomationServiceEnabled{Enabled: ptr(true)},
	}
	req.UserData = &userData
	req.TagSpecification = []*cvm.TagSpecification{{ResourceType: ptr("instance"), Tags: []*cvm.Tag{{Key: ptr("tagKey"), Value: ptr("tagValue")}}}}
	req.ClientToken = ptr("d2Vic2l0ZS1leGFtcGxlLTE=")
	id := p.runInstance(req, map[string]string{"tagKey": "tagValue"})

	inst, tags, attr := p.readInstance(id)
	equal(t, "VirtualPrivateCloud.VpcId", inst.VirtualPrivateCloud.VpcId, vpcID)
	equal(t, "VirtualPrivateCloud.SubnetId", inst.VirtualPrivateCloud.SubnetId, subnetID)
	equal(t, "Placement.Zone", inst.Placement.Zone, zone4)
	equal(t, "SystemDisk.DiskSize", inst.SystemDisk.DiskSize, 50)
	wantTags(t, "instance", tags, map[string]string{"tagKey": "tagValue"})
	equal(t, "UserData", attr.Attributes.UserData, userData)
	if len(inst.DataDisks) != 1 {
		t.Fatalf("%d data disks, want 1", len(inst.DataDisks))
	}
	dd := inst.DataDisks[0]
	equal(t, "DataDisks[0].DiskType", dd.DiskType, "CLOUD_PREMIUM")
	equal(t, "DataDisks[0].DiskSize", dd.DiskSize, 50)
	equal(t, "DataDisks[0].Encrypt", dd.Encrypt, false)
	equal(t, "DataDisks[0].DeleteWithInstance", dd.DeleteWithInstance, true)
	equal(t, "DataDisks[0].ThroughputPerformance", dd.ThroughputPerformance, 0)
	if ip := values(inst.PrivateIpAddresses); len(ip) != 1 || !strings.HasPrefix(ip[0], "10.0.1.") {
		t.Errorf("PrivateIpAddresses %v, want one of 10.0.1.0/24", ip)
	}
	noNilPointers(t, "DescribeInstances", inst, ".ExpiredTime", ".LoginSettings.Password")
	dataDiskID := *dd.DiskId
	systemDiskID := *inst.SystemDisk.DiskId

	// Update 0 (1977-1986): DescribeInstances, InstanceChargeType read.
	deref(t, "InstanceChargeType", p.describeInstance(id).InstanceChargeType)

	// Update 4: ModifyInstancesAttribute, one attribute per call
	// (svc/cvm/service_tencentcloud_cvm.go:221-333), each waited for.
	sg := p.createSecurityGroup("tf-sg", "for the instance", nil)
	for _, change := range []struct {
		name string
		set  func(*cvm.ModifyInstancesAttributeRequest)
		want func(*cvm.Instance)
	}{
		{"instance_name", func(r *cvm.ModifyInstancesAttributeRequest) { r.InstanceName = ptr("tf-renamed") },
			func(i *cvm.Instance) { equal(t, "InstanceName", i.InstanceName, "tf-renamed") }},
		{"hostname", func(r *cvm.ModifyInstancesAttributeRequest) { r.HostName = ptr("renamed-host") }, nil},
		{"disable_api_termination", func(r *cvm.ModifyInstancesAttributeRequest) { r.DisableApiTermination = ptr(true) },
			func(i *cvm.Instance) { equal(t, "DisableApiTermination", i.DisableApiTermination, true) }},
		{"orderly_security_groups", func(r *cvm.ModifyInstancesAttributeRequest) { r.SecurityGroups = []*string{&sg} },
			func(i *cvm.Instance) {
				if got := values(i.SecurityGroupIds); !slices.Equal(got, []string{sg}) {
					t.Errorf("SecurityGroupIds %v, want [%s]", got, sg)
				}
			}},
		{"user_data", func(r *cvm.ModifyInstancesAttributeRequest) {
			r.UserData = ptr(base64.StdEncoding.EncodeToString([]byte("new")))
		}, nil},
	} {
		r := cvm.NewModifyInstancesAttributeRequest()
		r.InstanceIds = []*string{&id}
		change.set(r)
		_, err := p.cvm.ModifyInstancesAttribute(r)
		check(t, err)
		p.waitOperation(id, "ModifyInstancesAttribute")
		if change.want != nil {
			change.want(p.describeInstance(id))
		}
	}
	_, _, attr = p.readInstance(id)
	equal(t, "UserData", attr.Attributes.UserData, base64.StdEncoding.EncodeToString([]byte("new")))
	// Termination is disabled now: TerminateInstances refuses.
	term := cvm.NewTerminateInstancesRequest()
	term.InstanceIds = []*string{&id}
	_, err := p.cvm.TerminateInstances(term)
	wantError(t, err, "UnsupportedOperation.InstancesProtected")
	r := cvm.NewModifyInstancesAttributeRequest()
	r.InstanceIds, r.DisableApiTermination = []*string{&id}, ptr(false)
	_, err = p.cvm.ModifyInstancesAttribute(r)
	check(t, err)

	// Update 5: project_id → ModifyInstancesProject (service:335-352).
	mp := cvm.NewModifyInstancesProjectRequest()
	mp.InstanceIds, mp.ProjectId = []*string{&id}, ptr(int64(1029))
	_, err = p.cvm.ModifyInstancesProject(mp)
	check(t, err)
	equal(t, "Placement.ProjectId", p.describeInstance(id).Placement.ProjectId, 1029)

	// Update 6: password → ResetInstancesPassword (InstanceIds, Password,
	// ForceStop), waited for; key_name → Associate then Disassociate.
	rp := cvm.NewResetInstancesPasswordRequest()
	rp.InstanceIds, rp.Password, rp.ForceStop = []*string{&id}, ptr("Tf-Ex4mple!"), ptr(true)
	_, err = p.cvm.ResetInstancesPassword(rp)
	check(t, err)
	p.waitOperation(id, "ResetInstancesPassword")
	key := p.importKeyPair("tf_key", examplePublicKey)
	ak := cvm.NewAssociateInstancesKeyPairsRequest()
	ak.InstanceIds, ak.KeyIds, ak.ForceStop = []*string{&id}, []*string{&key}, ptr(true)
	_, err = p.cvm.AssociateInstancesKeyPairs(ak)
	check(t, err)
	p.waitOperation(id, "AssociateInstancesKeyPairs")
	if got := values(p.describeInstance(id).LoginSettings.KeyIds); !slices.Equal(got, []string{key}) {
		t.Errorf("LoginSettings.KeyIds %v after AssociateInstancesKeyPairs, want [%s]", got, key)
	}
	// Update 8: a data disk's size → cbs:ResizeDisk, then DescribeDisks
	// until it is no longer EXPANDING and has the size
	// (svc/cbs/service_tencentcloud_cbs.go:313-350); its name →
	// cbs:ModifyDiskAttributes (2313-2345).
	rd := cbs.NewResizeDiskRequest()
	rd.DiskId, rd.DiskSize = &dataDiskID, ptr(uint64(80))
	_, err = p.cbs.ResizeDisk(rd)
	check(t, err)
	d := p.describeDisk(dataDiskID)
	if deref(t, "DiskState", d.DiskState) == "EXPANDING" || deref(t, "DiskSize", d.DiskSize) != 80 {
		t.Errorf("after ResizeDisk: %s, %d GiB", *d.DiskState, *d.DiskSize)
	}
	md := cbs.NewModifyDiskAttributesRequest()
	md.DiskIds, md.DiskName = []*string{&dataDiskID}, ptr("data_1")
	_, err = p.cbs.ModifyDiskAttributes(md)
	check(t, err)
	equal(t, "DiskName", p.describeDisk(dataDiskID).DiskName, "data_1")

	// Update 9: running_flag false → StopInstances, then STOPPED; true →
	// StartInstances, then RUNNING (switchInstance, 2988-3073).
	stop := cvm.NewStopInstancesRequest()
	stop.InstanceIds, stop.StopType, stop.StoppedMode = []*string{&id}, ptr("SOFT"), ptr("STOP_CHARGING")
	_, err = p.cvm.StopInstances(stop)
	check(t, err)
	equal(t, "LatestOperationState", p.describeInstance(id).LatestOperationState, "OPERATING")
	p.settle()
	stopped := p.describeInstance(id)
	equal(t, "InstanceState", stopped.InstanceState, "STOPPED")
	equal(t, "StopChargingMode", stopped.StopChargingMode, "STOP_CHARGING")

	// Update 10: system disk size → ResizeInstanceDisks, then
	// DescribeInstances until SystemDisk has the type and size (2355-2405).
	ri := cvm.NewResizeInstanceDisksRequest()
	ri.InstanceId, ri.ForceStop = &id, ptr(false)
	ri.SystemDisk = &cvm.SystemDisk{DiskSize: ptr(int64(100)), DiskType: ptr("CLOUD_PREMIUM")}
	_, err = p.cvm.ResizeInstanceDisks(ri)
	check(t, err)
	sd := p.describeInstance(id).SystemDisk
	equal(t, "SystemDisk.DiskType", sd.DiskType, "CLOUD_PREMIUM")
	equal(t, "SystemDisk.DiskSize", sd.DiskSize, 100)
	equal(t, "system disk DiskSize", p.describeDisk(systemDiskID).DiskSize, 100)
	// Update 11: system_disk_name → cbs:ModifyDiskAttributes.
	md = cbs.NewModifyDiskAttributesRequest()
	md.DiskIds, md.DiskName = []*string{&systemDiskID}, ptr("system")
	_, err = p.cbs.ModifyDiskAttributes(md)
	check(t, err)
	equal(t, "SystemDisk.DiskName", p.describeInstance(id).SystemDisk.DiskName, "system")

	// Update 12: instance_type → ResetInstancesType (service:354-372), waited for.
	rt := cvm.NewResetInstancesTypeRequest()
	rt.InstanceIds, rt.InstanceType, rt.ForceStop = []*string{&id}, ptr("S5.LARGE8"), ptr(false)
	_, err = p.cvm.ResetInstancesType(rt)
	check(t, err)
	p.waitOperation(id, "ResetInstancesType")
	resized := p.describeInstance(id)
	equal(t, "InstanceType", resized.InstanceType, "S5.LARGE8")
	equal(t, "CPU", resized.CPU, 4)
	equal(t, "Memory", resized.Memory, 8)

	start := cvm.NewStartInstancesRequest()
	start.InstanceIds = []*string{&id}
	_, err = p.cvm.StartInstances(start)
	check(t, err)
	p.settle()
	equal(t, "InstanceState", p.describeInstance(id).InstanceState, "RUNNING")

	// Update 14: tags → ModifyResourceTags on the instance, its system disk
	// and its data disks (2455-2490).
	for _, res := range []struct{ prefix, id string }{{"instance", id}, {"volume", systemDiskID}, {"volume", dataDiskID}} {
		p.modifyTags("cvm", res.prefix, res.id, map[string]string{"env": "test"}, "tagKey")
	}
	wantTags(t, "instance", p.describeTags("cvm", "instance", id), map[string]string{"env": "test"})
	wantTags(t, "data disk", p.describeTags("cvm", "volume", dataDiskID), map[string]string{"env": "test"})

	// Update 15: internet_max_bandwidth_out → ResetInstancesInternetMaxBandwidth
	// (service:394-407), waited for.
	bw := cvm.NewResetInstancesInternetMaxBandwidthRequest()
	bw.InstanceIds = []*string{&id}
	bw.InternetAccessible = &cvm.InternetAccessible{InternetChargeType: ptr("TRAFFIC_POSTPAID_BY_HOUR"), InternetMaxBandwidthOut: ptr(int64(10))}
	_, err = p.cvm.ResetInstancesInternetMaxBandwidth(bw)
	check(t, err)
	p.waitOperation(id, "ResetInstancesInternetMaxBandwidth")
	public := p.describeInstance(id)
	equal(t, "InternetAccessible.InternetMaxBandwidthOut", public.InternetAccessible.InternetMaxBandwidthOut, 10)
	if len(public.PublicIpAddresses) != 1 {
		t.Errorf("an instance with bandwidth shows public addresses %v", values(public.PublicIpAddresses))
	}

	// Update 6 again, the image: ResetInstance (service:530-545).
	reset := cvm.NewResetInstanceRequest()
	reset.InstanceId, reset.ImageId = &id, ptr("img-487zeit5")
	reset.LoginSettings = &cvm.LoginSettings{Password: ptr("Tf-Ex4mple!")}
	_, err = p.cvm.ResetInstance(reset)
	check(t, err)
	reinstalled, _, _ := p.readInstance(id)
	equal(t, "ImageId", reinstalled.ImageId, "img-487zeit5")
	equal(t, "OsName", reinstalled.OsName, "Ubuntu Server 22.04 LTS 64bit")
	equal(t, "DefaultLoginUser", reinstalled.DefaultLoginUser, "ubuntu")

	// The key pair is in use: its delete disassociates first.
	p.deleteKeyPair(key)

	// Delete: the instance goes, its data disk with it
	// (delete_with_instance), and its address is free.
	p.terminateInstance(id)
	if d := p.describeDisk(dataDiskID); d != nil {
		t.Errorf("the data disk survived its instance: %s", *d.DiskState)
	}
	p.deleteSecurityGroup(sg)
	p.deleteSubnet(subnetID)
	p.deleteVpc(vpcID)
}

// TestDescribeInstancesDocumentedFields: an instance's DescribeInstances
// answer holds every field of Tencent's documented example answer (API
// document 213/15728, example 1), with the JSON type the example shows,
// for a prepaid instance as in the example.
func replayDescribeInstancesDocumentedFields(t *testing.T, env *apptest.Env) {
	p := newProvider(t, env)
	req := cvm.NewRunInstancesRequest()
	req.ImageId, req.Placement, req.InstanceType = ptr("img-9qabwvbn"), &cvm.Placement{Zone: ptr(zone3), ProjectId: ptr(int64(1174660))}, ptr("S1.SMALL1")
	req.InstanceChargeType = ptr("PREPAID")
	req.InstanceChargePrepaid = &cvm.InstanceChargePrepaid{Period: ptr(int64(1)), RenewFlag: ptr("NOTIFY_AND_MANUAL_RENEW")}
	req.InternetAccessible = &cvm.InternetAccessible{InternetChargeType: ptr("BANDWIDTH_PREPAID"), InternetMaxBandwidthOut: ptr(int64(1))}
	req.InstanceName = ptr("Test instance")
	id := p.runInstance(req, nil)

	rec := &recorder{}
	p.cvm.WithHttpTransport(rec)
	resp := p.describeInstance(id)
	got := decodeJSON(t, rec.response)
	want := decodeJSON(t, []byte(documentedDescribeInstances))
	compareShapes(t, "Response", want, got)
	equal(t, "ExpiredTime", resp.ExpiredTime, env.Clock.Now().Add(-2*apptest.DefaultDelay).UTC().AddDate(0, 1, 0).Format(time.RFC3339))
	equal(t, "Placement.ProjectId", resp.Placement.ProjectId, 1174660)
	equal(t, "InternetAccessible.InternetChargeType", resp.InternetAccessible.InternetChargeType, "BANDWIDTH_PREPAID")
	noNilPointers(t, "DescribeInstances", resp, ".LoginSettings.Password")
	_ = strconv.Itoa
}
