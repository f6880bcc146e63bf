package aliyun_test

import (
	"reflect"
	"slices"
	"testing"

	teaecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"

	"github.com/ecsd/ecsd/internal/app/apptest"
)

func TestDescribeImages(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	c := classicSDK(t, env)
	images := func(edit func(*classicecs.DescribeImagesRequest)) (int, []string) {
		t.Helper()
		req := classicecs.CreateDescribeImagesRequest()
		req.RegionId = region
		edit(req)
		resp, err := c.DescribeImages(req)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, im := range resp.Images.Image {
			ids = append(ids, im.ImageId)
		}
		return resp.TotalCount, ids
	}
	total, all := images(func(*classicecs.DescribeImagesRequest) {})
	if total != 8 || len(all) != 8 || all[0] != "aliyun_3_x64_20G_alibase_20240819.vhd" && all[0] != armImage {
		t.Fatalf("all images: %d %v", total, all)
	}
	for _, tc := range []struct {
		name string
		edit func(*classicecs.DescribeImagesRequest)
		want []string
	}{
		{"ImageId list", func(r *classicecs.DescribeImagesRequest) { r.ImageId = ubuntuImage + "," + windowsImage }, []string{windowsImage, ubuntuImage}},
		{"ImageName wildcard", func(r *classicecs.DescribeImagesRequest) { r.ImageName = "ubuntu_2*" }, []string{"ubuntu_24_04_x64_20G_alibase_20240812.vhd", ubuntuImage}},
		{"OSType windows", func(r *classicecs.DescribeImagesRequest) { r.OSType = "windows" }, []string{windowsImage}},
		{"Architecture arm64", func(r *classicecs.DescribeImagesRequest) { r.Architecture = "arm64" }, []string{armImage}},
		{"InstanceType g8y", func(r *classicecs.DescribeImagesRequest) { r.InstanceType = "ecs.g8y.large" }, []string{armImage}},
		{"ImageFamily", func(r *classicecs.DescribeImagesRequest) { r.ImageFamily = "acs:centos_7_9_x64" }, []string{centosImage}},
		{"ImageOwnerAlias self", func(r *classicecs.DescribeImagesRequest) { r.ImageOwnerAlias = "self" }, nil},
		{"Status Deprecated", func(r *classicecs.DescribeImagesRequest) { r.Status = "Deprecated" }, nil},
		{"SnapshotId", func(r *classicecs.DescribeImagesRequest) { r.SnapshotId = "s-x" }, nil},
	} {
		if _, got := images(tc.edit); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	// The provider's alicloud_images call (data_source_alicloud_images.go:251-367):
	// owners=system, status Available, paged by 100.
	req := classicecs.CreateDescribeImagesRequest()
	req.RegionId, req.ImageOwnerAlias, req.Status = region, "system", "Available"
	req.PageNumber, req.PageSize = requests.NewInteger(1), requests.NewInteger(100)
	resp, err := c.DescribeImages(req)
	if err != nil || resp.TotalCount != 8 || resp.PageSize != 100 || resp.RegionId != region {
		t.Fatalf("provider's call: %v %+v", err, resp)
	}
	i := slices.IndexFunc(resp.Images.Image, func(im classicecs.Image) bool { return im.ImageId == ubuntuImage })
	flatten(t, resp.Images.Image[i]).check(t, "classic", map[string]any{
		"ImageId": ubuntuImage, "ImageName": ubuntuImage, "OSName": "Ubuntu  22.04 64位", "OSNameEn": "Ubuntu  22.04 64 bit",
		"OSType": "linux", "Platform": "Ubuntu", "Architecture": "x86_64", "Size": 20, "Status": "Available", "Progress": "100%",
		"CreationTime": "2024-07-11T06:05:32Z", "ImageOwnerAlias": "system", "IsSupportIoOptimized": true, "IsSupportCloudinit": true,
		"IsPublic": true, "Usage": "instance", "ImageVersion": "20240710", "ImageFamily": "acs:ubuntu_22_04_x64", "BootMode": "BIOS",
		"DiskDeviceMappings.DiskDeviceMapping[0].Device": "/dev/xvda", "DiskDeviceMappings.DiskDeviceMapping[0].Size": "20",
		"DiskDeviceMappings.DiskDeviceMapping[0].Type": "system",
	})
	tr, err := teaSDK(t, env, "").DescribeImages(&teaecs.DescribeImagesRequest{RegionId: tea.String(region), ImageId: tea.String(windowsImage)})
	if err != nil || tea.Int32Value(tr.Body.TotalCount) != 1 || tea.Int32Value(tr.Body.Images.Image[0].Size) != 40 ||
		tea.StringValue(tr.Body.Images.Image[0].OSType) != "windows" || tea.StringValue(tr.Body.Images.Image[0].Features.NvmeSupport) != "supported" {
		t.Fatalf("tea: %v %v", err, tr)
	}
	// Images run on types of their architecture.
	st, err := teaSDK(t, env, "").DescribeImageSupportInstanceTypes(&teaecs.DescribeImageSupportInstanceTypesRequest{RegionId: tea.String(region), ImageId: tea.String(armImage)})
	if err != nil || len(st.Body.InstanceTypes.InstanceType) != 4 || tea.StringValue(st.Body.InstanceTypes.InstanceType[0].InstanceTypeFamily) != "ecs.g8y" {
		t.Fatalf("DescribeImageSupportInstanceTypes: %v %v", err, st)
	}
}

func TestDescribeInstanceTypes(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	// The provider's alicloud_instance_types call (data_source_alicloud_instance_types.go:313-346):
	// tea-rpc, no RegionId, paged by NextToken.
	r := newTeaRPC(t, env)
	var all []any
	body := map[string]any{"InstanceTypeFamily": "ecs.g7", "MaxResults": 2}
	for {
		resp := r.mustPost("DescribeInstanceTypes", body)
		all = append(all, jsonPath(t, resp, "InstanceTypes", "InstanceType").([]any)...)
		token, _ := jsonPath(t, resp, "NextToken").(string)
		if token == "" {
			break
		}
		body["NextToken"] = token
	}
	if len(all) != 5 {
		t.Fatalf("ecs.g7 types: %d", len(all))
	}
	large := all[0]
	if jsonPath(t, large, "InstanceTypeId") != "ecs.g7.large" || jsonInt(t, jsonPath(t, large, "CpuCoreCount")) != 2 ||
		jsonInt(t, jsonPath(t, large, "EniQuantity")) != 3 || jsonInt(t, jsonPath(t, large, "LocalStorageCapacity")) != 0 {
		t.Fatalf("ecs.g7.large: %v", large)
	}
	cl := classicecs.CreateDescribeInstanceTypesRequest()
	cl.InstanceTypes = &[]string{"ecs.g8y.xlarge", "ecs.t6-c1m1.large"}
	cresp, err := classicSDK(t, env).DescribeInstanceTypes(cl)
	if err != nil || len(cresp.InstanceTypes.InstanceType) != 2 {
		t.Fatalf("classic: %v %+v", err, cresp)
	}
	arm, burst := cresp.InstanceTypes.InstanceType[0], cresp.InstanceTypes.InstanceType[1]
	if arm.CpuArchitecture != "ARM" || arm.MemorySize != 16 || arm.CpuCoreCount != 4 || arm.PhysicalProcessorModel != "Alibaba Yitian 710" {
		t.Errorf("ecs.g8y.xlarge: %+v", arm)
	}
	if burst.BaselineCredit != 20 || burst.InitialCredit != 60 || burst.InstanceFamilyLevel != "CreditEntryLevel" || burst.InstanceTypeFamily != "ecs.t6" {
		t.Errorf("ecs.t6-c1m1.large: %+v", burst)
	}
	tr, err := teaSDK(t, env, "").DescribeInstanceTypes(&teaecs.DescribeInstanceTypesRequest{
		MinimumCpuCoreCount: tea.Int32(8), MaximumMemorySize: tea.Float32(32), CpuArchitecture: tea.String("X86"),
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range tr.Body.InstanceTypes.InstanceType {
		got = append(got, tea.StringValue(it.InstanceTypeId))
	}
	if !reflect.DeepEqual(got, []string{"ecs.g7.2xlarge", "ecs.c7.2xlarge", "ecs.c7.3xlarge", "ecs.c7.4xlarge"}) {
		t.Errorf("8+ vCPUs, at most 32 GiB, x86: %v", got)
	}
	fr, err := teaSDK(t, env, "").DescribeInstanceTypeFamilies(&teaecs.DescribeInstanceTypeFamiliesRequest{RegionId: tea.String(region), Generation: tea.String("ecs-6")})
	if err != nil {
		t.Fatal(err)
	}
	var families []string
	for _, f := range fr.Body.InstanceTypeFamilies.InstanceTypeFamily {
		families = append(families, tea.StringValue(f.InstanceTypeFamilyId))
	}
	if !reflect.DeepEqual(families, []string{"ecs.g7", "ecs.c7", "ecs.r7", "ecs.t6"}) {
		t.Errorf("ecs-6 families: %v", families)
	}
	creq := classicecs.CreateDescribeInstanceTypeFamiliesRequest()
	creq.RegionId = region
	if cf, err := classicSDK(t, env).DescribeInstanceTypeFamilies(creq); err != nil || len(cf.InstanceTypeFamilies.InstanceTypeFamily) != 7 {
		t.Errorf("all families: %v %+v", err, cf)
	}
}

func TestDescribeAvailableResource(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	c := classicSDK(t, env)
	resource := func(edit func(*classicecs.DescribeAvailableResourceRequest)) map[string][]string {
		t.Helper()
		req := classicecs.CreateDescribeAvailableResourceRequest()
		req.RegionId, req.IoOptimized, req.InstanceChargeType, req.SpotStrategy = region, "optimized", "PostPaid", "NoSpot"
		edit(req)
		resp, err := c.DescribeAvailableResource(req)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][]string{}
		for _, z := range resp.AvailableZones.AvailableZone {
			if z.Status != "Available" || z.RegionId != region {
				t.Errorf("zone %s: %+v", z.ZoneId, z)
			}
			for _, r := range z.AvailableResources.AvailableResource {
				if r.Type != req.DestinationResource {
					t.Errorf("resource type %s, want %s", r.Type, req.DestinationResource)
				}
				for _, s := range r.SupportedResources.SupportedResource {
					out[z.ZoneId] = append(out[z.ZoneId], s.Value)
				}
			}
		}
		return out
	}
	// The provider's alicloud_zones call (service_alicloud_ecs.go:418-526).
	zones := resource(func(r *classicecs.DescribeAvailableResourceRequest) { r.DestinationResource = "Zone" })
	if len(zones) != 6 || !reflect.DeepEqual(zones[zoneB], []string{zoneB}) {
		t.Fatalf("zones: %v", zones)
	}
	// The provider's alicloud_instance_types call, by vCPUs and memory.
	types := resource(func(r *classicecs.DescribeAvailableResourceRequest) {
		r.DestinationResource, r.Cores, r.Memory = "InstanceType", requests.NewInteger(2), requests.NewFloat(8)
	})
	if !reflect.DeepEqual(types[zoneB], []string{"ecs.g7.large", "ecs.t6-c1m4.large", "ecs.e-c1m4.large"}) ||
		!reflect.DeepEqual(types["cn-hangzhou-j"], []string{"ecs.g7.large", "ecs.g8y.large", "ecs.t6-c1m4.large"}) {
		t.Fatalf("2 vCPUs, 8 GiB: %v", types)
	}
	if arm := resource(func(r *classicecs.DescribeAvailableResourceRequest) {
		r.DestinationResource, r.InstanceType = "Zone", "ecs.g8y.large"
	}); len(arm) != 3 || arm[zoneB] != nil {
		t.Fatalf("zones of ecs.g8y.large: %v", arm)
	}
	tr, err := teaSDK(t, env, "").DescribeAvailableResource(&teaecs.DescribeAvailableResourceRequest{
		RegionId: tea.String(region), DestinationResource: tea.String("SystemDisk"), ZoneId: tea.String(zoneB), InstanceType: tea.String(itype),
	})
	if err != nil || len(tr.Body.AvailableZones.AvailableZone) != 1 {
		t.Fatalf("system disks: %v %v", err, tr)
	}
	var disks []string
	for _, s := range tr.Body.AvailableZones.AvailableZone[0].AvailableResources.AvailableResource[0].SupportedResources.SupportedResource {
		disks = append(disks, tea.StringValue(s.Value))
		if tea.StringValue(s.Unit) != "GiB" || tea.Int32Value(s.Min) != 20 || tea.Int32Value(s.Max) != 2048 {
			t.Errorf("system disk %s: %v", tea.StringValue(s.Value), s)
		}
	}
	if !reflect.DeepEqual(disks, []string{"cloud_efficiency", "cloud_ssd", "cloud_essd", "cloud_auto"}) {
		t.Errorf("system disk categories of ecs.g7.large: %v", disks)
	}
	data := resource(func(r *classicecs.DescribeAvailableResourceRequest) {
		r.DestinationResource, r.ZoneId, r.DataDiskCategory = "DataDisk", zoneB, "cloud_auto"
	})
	if !reflect.DeepEqual(data, map[string][]string{zoneB: {"cloud_auto"}}) {
		t.Errorf("cloud_auto data disks: %v", data)
	}
	if classic := resource(func(r *classicecs.DescribeAvailableResourceRequest) {
		r.DestinationResource, r.NetworkCategory = "Zone", "classic"
	}); len(classic) != 0 {
		t.Errorf("classic network: %v", classic)
	}
}

func TestDescribeZonesOffers(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	req := classicecs.CreateDescribeZonesRequest()
	req.RegionId, req.InstanceChargeType, req.SpotStrategy = region, "PostPaid", "NoSpot"
	resp, err := classicSDK(t, env).DescribeZones(req)
	if err != nil || len(resp.Zones.Zone) != 6 {
		t.Fatalf("DescribeZones: %v %+v", err, resp)
	}
	for _, z := range resp.Zones.Zone {
		types := z.AvailableInstanceTypes.InstanceTypes
		arm := slices.Contains(types, "ecs.g8y.large")
		if want := z.ZoneId == "cn-hangzhou-i" || z.ZoneId == "cn-hangzhou-j" || z.ZoneId == "cn-hangzhou-k"; arm != want {
			t.Errorf("%s offers ecs.g8y.large: %v", z.ZoneId, arm)
		}
		if !slices.Contains(types, itype) || !slices.Contains(z.AvailableDiskCategories.DiskCategories, "cloud_efficiency") ||
			!slices.Contains(z.AvailableResourceCreation.ResourceTypes, "VSwitch") {
			t.Errorf("%s: %+v", z.ZoneId, z)
		}
		ri := z.AvailableResources.ResourcesInfo[0]
		if !ri.IoOptimized || !slices.Contains(ri.NetworkTypes.SupportedNetworkCategory, "vpc") || !reflect.DeepEqual(ri.InstanceTypes.SupportedInstanceType, types) {
			t.Errorf("%s resources: %+v", z.ZoneId, ri)
		}
	}
	tr, err := teaSDK(t, env, "").DescribeZones(&teaecs.DescribeZonesRequest{RegionId: tea.String(region), Verbose: tea.Bool(false)})
	if err != nil || len(tr.Body.Zones.Zone[0].AvailableResources.ResourcesInfo) != 0 || len(tr.Body.Zones.Zone[0].AvailableInstanceTypes.InstanceTypes) == 0 {
		t.Fatalf("Verbose=false: %v %v", err, tr)
	}
}
