package tencent_test

import (
	"slices"
	"strings"
	"testing"

	api "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/api/v20201106"
	cbs "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cbs/v20170312"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/ecsd/ecsd/internal/app/apptest"
)

// readStorage is tencentcloud_cbs_storage's read
// (svc/cbs/resource_tc_cbs_storage.go:303-371): DescribeDisks by ID, every
// field it sets, Placement and DiskChargeType dereferenced; then the
// disk's tags from the tag service, under cvm/volume.
func (p *provider) readStorage(id string) (*cbs.Disk, map[string]string) {
	p.t.Helper()
	t := p.t
	d := p.describeDisk(id)
	if d == nil {
		return nil, nil
	}
	pl := deref(t, "Placement", d.Placement)
	deref(t, "Placement.Zone", pl.Zone)
	deref(t, "Placement.DedicatedClusterId", pl.DedicatedClusterId)
	deref(t, "Placement.ProjectId", pl.ProjectId)
	deref(t, "DiskChargeType", d.DiskChargeType)
	for _, f := range []*string{d.DiskType, d.DiskName, d.DiskState, d.RenewFlag} {
		deref(t, "Disk field", f)
	}
	deref(t, "DiskSize", d.DiskSize)
	deref(t, "Encrypt", d.Encrypt)
	deref(t, "Attached", d.Attached)
	deref(t, "ThroughputPerformance", d.ThroughputPerformance)
	return d, p.describeTags("cvm", "volume", id)
}

// TestProviderCbsStorage replays tencentcloud_cbs_storage and
// tencentcloud_cbs_storage_attachment: create, read, update, attach,
// detach, delete.
func replayProviderCbsStorage(t *testing.T, env *apptest.Env) {
	p := newProvider(t, env)

	// Create (resource_tc_cbs_storage.go:161-301): CreateDisks with
	// DiskName, DiskType, DiskSize, Placement{Zone, ProjectId},
	// ThroughputPerformance and DiskChargeType always, Tags; DiskIdSet[0]
	// read; then DescribeDisks polled until the disk exists (269-280).
	req := cbs.NewCreateDisksRequest()
	req.DiskName, req.DiskType, req.DiskSize = ptr("tf-disk"), ptr("CLOUD_SSD"), ptr(uint64(60))
	req.Placement = &cbs.Placement{Zone: ptr(zone3), ProjectId: ptr(uint64(0))}
	req.ThroughputPerformance, req.DiskChargeType = ptr(uint64(0)), ptr("POSTPAID_BY_HOUR")
	req.Tags = []*cbs.Tag{{Key: ptr("owner"), Value: ptr("tf")}}
	resp, err := p.cbs.CreateDisks(req)
	check(t, err)
	if len(resp.Response.DiskIdSet) == 0 {
		t.Fatal("CreateDisks returned no disk")
	}
	id := deref(t, "DiskIdSet[0]", resp.Response.DiskIdSet[0])
	if p.describeDisk(id) != nil {
		t.Fatal("a disk being made is listed already")
	}
	p.settle()
	d, tags := p.readStorage(id)
	if d == nil {
		t.Fatal("the disk never shows")
	}
	equal(t, "DiskType", d.DiskType, "CLOUD_SSD")
	equal(t, "DiskSize", d.DiskSize, 60)
	equal(t, "Placement.Zone", d.Placement.Zone, zone3)
	equal(t, "Placement.DedicatedClusterId", d.Placement.DedicatedClusterId, "")
	equal(t, "Placement.ProjectId", d.Placement.ProjectId, 0)
	equal(t, "DiskName", d.DiskName, "tf-disk")
	equal(t, "Encrypt", d.Encrypt, false)
	equal(t, "DiskState", d.DiskState, "UNATTACHED")
	equal(t, "Attached", d.Attached, false)
	equal(t, "DiskChargeType", d.DiskChargeType, "POSTPAID_BY_HOUR")
	equal(t, "ThroughputPerformance", d.ThroughputPerformance, 0)
	equal(t, "DiskUsage", d.DiskUsage, "DATA_DISK")
	wantTags(t, "disk", tags, map[string]string{"owner": "tf"})
	noNilPointers(t, "Disk", d)

	// Update (373-658): storage_name and project_id → ModifyDiskAttributes;
	// storage_size → ResizeDisk, then DescribeDisks until the size shows
	// and it is not EXPANDING; tags → ModifyResourceTags on cvm/volume.
	mod := cbs.NewModifyDiskAttributesRequest()
	mod.DiskIds, mod.DiskName, mod.ProjectId = []*string{&id}, ptr("tf-disk-2"), ptr(uint64(7))
	_, err = p.cbs.ModifyDiskAttributes(mod)
	check(t, err)
	rs := cbs.NewResizeDiskRequest()
	rs.DiskId, rs.DiskSize = &id, ptr(uint64(100))
	_, err = p.cbs.ResizeDisk(rs)
	check(t, err)
	p.modifyTags("cvm", "volume", id, map[string]string{"owner": "ops"})
	d, tags = p.readStorage(id)
	equal(t, "DiskName", d.DiskName, "tf-disk-2")
	equal(t, "Placement.ProjectId", d.Placement.ProjectId, 7)
	equal(t, "DiskSize", d.DiskSize, 100)
	wantTags(t, "disk", tags, map[string]string{"owner": "ops"})
	rs.DiskSize = ptr(uint64(80))
	_, err = p.cbs.ResizeDisk(rs)
	wantError(t, err, "InvalidParameterValue")

	// tencentcloud_cbs_storage_attachment create (svc/cbs/resource_tc_cbs_storage_attachment.go:42-97):
	// AttachDisks, then DescribeDisks until ATTACHED.
	inst := p.runInstance(newRun(), nil)
	att := cbs.NewAttachDisksRequest()
	att.DiskIds, att.InstanceId = []*string{&id}, &inst
	_, err = p.cbs.AttachDisks(att)
	check(t, err)
	equal(t, "DiskState", p.describeDisk(id).DiskState, "ATTACHING")
	p.settle()
	// Read (99-133): Attached and InstanceId.
	d, _ = p.readStorage(id)
	equal(t, "Attached", d.Attached, true)
	equal(t, "InstanceId", d.InstanceId, inst)
	equal(t, "DiskState", d.DiskState, "ATTACHED")
	if got := values(d.InstanceIdList); !slices.Equal(got, []string{inst}) {
		t.Errorf("InstanceIdList %v", got)
	}
	// The instance lists it among its data disks.
	insts := p.describeInstance(inst)
	if len(insts.DataDisks) != 1 || *insts.DataDisks[0].DiskId != id || *insts.DataDisks[0].DeleteWithInstance {
		t.Errorf("the instance shows data disks %+v", insts.DataDisks)
	}
	// A disk attached cannot be terminated.
	term := cbs.NewTerminateDisksRequest()
	term.DiskIds = []*string{&id}
	_, err = p.cbs.TerminateDisks(term)
	wantError(t, err, "UnsupportedOperation.StateError")

	// Attachment delete (135-199): DescribeDisks, DetachDisks with the
	// instance, then DescribeDisks until not attached.
	det := cbs.NewDetachDisksRequest()
	det.DiskIds, det.InstanceId = []*string{&id}, &inst
	_, err = p.cbs.DetachDisks(det)
	check(t, err)
	// Until it is UNATTACHED the disk shows itself attached, so that the
	// provider's wait (180-192) holds the TerminateDisks back, which a
	// DETACHING disk refuses.
	detaching := p.describeDisk(id)
	equal(t, "DiskState", detaching.DiskState, "DETACHING")
	equal(t, "Attached", detaching.Attached, true)
	equal(t, "InstanceId", detaching.InstanceId, inst)
	_, err = p.cbs.TerminateDisks(term)
	wantError(t, err, "UnsupportedOperation.StateError")
	p.settle()
	settled := p.describeDisk(id)
	equal(t, "Attached", settled.Attached, false)
	equal(t, "DiskState", settled.DiskState, "UNATTACHED")
	equal(t, "InstanceId", settled.InstanceId, "")
	equal(t, "LastAttachInsId", settled.LastAttachInsId, inst)

	// Delete (660-752): TerminateDisks; DescribeDisks until gone.
	_, err = p.cbs.TerminateDisks(term)
	check(t, err)
	if p.describeDisk(id) != nil {
		t.Fatal("the disk is still there after TerminateDisks")
	}
	_, err = p.cbs.TerminateDisks(term)
	wantError(t, err, "InvalidDiskId.NotFound")
	p.terminateInstance(inst)
}

// TestProviderKeyPair replays tencentcloud_key_pair made without a public
// key: CreateKeyPair, its tags, a rename, its delete.
func replayProviderKeyPair(t *testing.T, env *apptest.Env) {
	p := newProvider(t, env)
	// Create (resource_tc_key_pair.go:155-189): CreateKeyPair at 97 with
	// KeyName and ProjectId; KeyPair.KeyId read (116); tags after.
	req := cvm.NewCreateKeyPairRequest()
	req.KeyName, req.ProjectId = ptr("tf_made"), ptr(int64(0))
	resp, err := p.cvm.CreateKeyPair(req)
	check(t, err)
	made := deref(t, "Response.KeyPair", resp.Response.KeyPair)
	id := deref(t, "KeyPair.KeyId", made.KeyId)
	if !strings.HasPrefix(deref(t, "PrivateKey", made.PrivateKey), "-----BEGIN RSA PRIVATE KEY-----") {
		t.Errorf("PrivateKey %q is no PEM key", *made.PrivateKey)
	}
	noNilPointers(t, "CreateKeyPair KeyPair", made)
	p.modifyTags("cvm", "keypair", id, map[string]string{"use": "ci"})

	kp := p.readKeyPair(id)
	equal(t, "KeyName", kp.KeyName, "tf_made")
	equal(t, "ProjectId", kp.ProjectId, 0)
	if pub := deref(t, "PublicKey", kp.PublicKey); !strings.HasPrefix(pub, "ssh-rsa ") || len(strings.Fields(pub)) != 2 {
		t.Errorf("PublicKey %q", pub)
	}
	equal(t, "PrivateKey", kp.PrivateKey, "")
	wantTags(t, "key pair", p.describeTags("cvm", "keypair", id), map[string]string{"use": "ci"})

	// A second key of that name is refused.
	_, err = p.cvm.CreateKeyPair(req)
	wantError(t, err, "InvalidKeyPairName.Duplicate")

	// Update: key_name → ModifyKeyPairAttribute (service:712-729).
	mod := cvm.NewModifyKeyPairAttributeRequest()
	mod.KeyId, mod.KeyName = &id, ptr("tf_renamed")
	_, err = p.cvm.ModifyKeyPairAttribute(mod)
	check(t, err)
	equal(t, "KeyName", p.readKeyPair(id).KeyName, "tf_renamed")

	// In use, DeleteKeyPairs is refused with the code the provider retries
	// (resource_tc_key_pair.go:335-341); the provider's delete
	// disassociates first.
	run := newRun()
	run.LoginSettings = &cvm.LoginSettings{KeyIds: []*string{&id}}
	inst := p.runInstance(run, nil)
	del := cvm.NewDeleteKeyPairsRequest()
	del.KeyIds = []*string{&id}
	_, err = p.cvm.DeleteKeyPairs(del)
	wantError(t, err, "InvalidParameterValue.KeyPairNotSupported")
	p.deleteKeyPair(id)
	if p.readKeyPair(id) != nil {
		t.Fatal("the key pair survived its delete")
	}
	if keys := p.describeInstance(inst).LoginSettings.KeyIds; len(keys) != 0 {
		t.Errorf("the instance still shows key %v", values(keys))
	}
	p.terminateInstance(inst)
}

// TestProviderDataSources replays the data sources tencentcloud_availability_zones_by_product,
// tencentcloud_images and tencentcloud_instance_types.
func replayProviderDataSources(t *testing.T, env *apptest.Env) {
	p := newProvider(t, env)

	// tencentcloud_availability_zones_by_product
	// (svc/common/data_source_tc_availability_zones_by_product.go) through
	// api:DescribeZones (svc/common/service_tencentcloud_api.go:20-39):
	// Product; Zone, ZoneState and ZoneId dereferenced (115-128).
	zr := api.NewDescribeZonesRequest()
	zr.Product = ptr("cvm")
	zones, err := p.api.DescribeZones(zr)
	check(t, err)
	var names []string
	for _, z := range zones.Response.ZoneSet {
		names = append(names, deref(t, "Zone", z.Zone))
		if deref(t, "ZoneState", z.ZoneState) != "AVAILABLE" || deref(t, "ZoneId", z.ZoneId) == "" || deref(t, "ZoneName", z.ZoneName) == "" {
			t.Errorf("zone %s: %s %s %s", *z.Zone, *z.ZoneState, *z.ZoneId, *z.ZoneName)
		}
	}
	if !slices.Equal(names, []string{"ap-guangzhou-3", "ap-guangzhou-4", "ap-guangzhou-6", "ap-guangzhou-7"}) || *zones.Response.TotalCount != 4 {
		t.Errorf("zones by product: %v", names)
	}
	zr.Product = ptr("no-such-product")
	_, err = p.api.DescribeZones(zr)
	wantError(t, err, "InvalidParameterValue")

	// tencentcloud_images with image_id and instance_type
	// (data_source_tc_images.go:173-341): every output field of each image.
	ir := cvm.NewDescribeImagesRequest()
	ir.Filters = []*cvm.Filter{{Name: ptr("image-id"), Values: []*string{ptr("img-487zeit5")}}}
	ir.InstanceType, ir.Offset, ir.Limit = ptr("S5.MEDIUM4"), ptr(uint64(0)), ptr(uint64(100))
	images, err := p.cvm.DescribeImages(ir)
	check(t, err)
	if len(images.Response.ImageSet) != 1 {
		t.Fatalf("%d images by id", len(images.Response.ImageSet))
	}
	im := images.Response.ImageSet[0]
	noNilPointers(t, "Image", im)
	equal(t, "OsName", im.OsName, "Ubuntu Server 22.04 LTS 64bit")
	equal(t, "ImageType", im.ImageType, "PUBLIC_IMAGE")
	equal(t, "Platform", im.Platform, "Ubuntu")
	equal(t, "ImageState", im.ImageState, "NORMAL")
	equal(t, "Architecture", im.Architecture, "x86_64")
	rfc3339(t, "CreatedTime", im.CreatedTime)

	// tencentcloud_instance_types with availability_zone and
	// exclude_sold_out: every field of each item.
	types := p.instanceTypes(map[string][]string{"zone": {zone3}, "instance-family": {"S5"}}, 0, 0, true)
	if len(types) == 0 {
		t.Fatal("no S5 type in zone 3")
	}
	for _, it := range types {
		noNilPointers(t, "InstanceTypeQuotaItem", it)
		if *it.Zone != zone3 || *it.InstanceFamily != "S5" || *it.Status != "SELL" || *it.Price.UnitPrice <= 0 {
			t.Errorf("type %s: zone %s family %s status %s price %v", *it.InstanceType, *it.Zone, *it.InstanceFamily, *it.Status, *it.Price.UnitPrice)
		}
	}
	// GPU types are only where the catalog sells them.
	gpu := p.instanceTypes(map[string][]string{"instance-family": {"GN7"}, "zone": {"ap-guangzhou-6"}}, 0, 0, false)
	if len(gpu) != 0 {
		t.Errorf("GN7 is offered in ap-guangzhou-6: %d items", len(gpu))
	}
	configs, err := p.cvm.DescribeInstanceTypeConfigs(cvm.NewDescribeInstanceTypeConfigsRequest())
	check(t, err)
	families, err := p.cvm.DescribeInstanceFamilyConfigs(cvm.NewDescribeInstanceFamilyConfigsRequest())
	check(t, err)
	if len(configs.Response.InstanceTypeConfigSet) == 0 || len(families.Response.InstanceFamilyConfigSet) == 0 {
		t.Fatal("no instance type or family configs")
	}
	noNilPointers(t, "InstanceTypeConfig", configs.Response.InstanceTypeConfigSet[0])
	noNilPointers(t, "InstanceFamilyConfig", families.Response.InstanceFamilyConfigSet[0])

	// InquiryPriceRunInstances prices what RunInstances would make.
	pr := cvm.NewInquiryPriceRunInstancesRequest()
	pr.ImageId, pr.InstanceType, pr.Placement = ptr(image), ptr("S5.MEDIUM4"), &cvm.Placement{Zone: ptr(zone3)}
	pr.InternetAccessible = &cvm.InternetAccessible{InternetChargeType: ptr("BANDWIDTH_POSTPAID_BY_HOUR"), InternetMaxBandwidthOut: ptr(int64(5))}
	price, err := p.cvm.InquiryPriceRunInstances(pr)
	check(t, err)
	noNilPointers(t, "Price", price.Response.Price)
	if *price.Response.Price.InstancePrice.UnitPrice <= 0 || *price.Response.Price.BandwidthPrice.UnitPrice <= 0 {
		t.Errorf("prices %v %v", *price.Response.Price.InstancePrice.UnitPrice, *price.Response.Price.BandwidthPrice.UnitPrice)
	}
	pr.InstanceType = ptr("X9.HUGE")
	_, err = p.cvm.InquiryPriceRunInstances(pr)
	wantError(t, err, "InvalidParameterValue.InstanceTypeNotFound")
}
