package aliyun_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	teaecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit/kittest"
)

const (
	windowsImage = "win2022_21H2_x64_dtc_en-us_40G_alibase_20240816.vhd"
	armImage     = "aliyun_3_arm64_20G_alibase_20240819.vhd"
	centosImage  = "centos_7_9_x64_20G_alibase_20240628.vhd"
)

// badRequest is one request of a bad-input table: base parameters with
// some replaced (an empty value removes one), sent as a form body.
type badRequest struct {
	env  *apptest.Env
	base url.Values
}

func (b badRequest) with(kv ...string) func(testing.TB) *http.Request {
	return func(t testing.TB) *http.Request {
		v := url.Values{}
		for k, vs := range b.base {
			v[k] = append([]string(nil), vs...)
		}
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == "" {
				v.Del(kv[i])
				continue
			}
			v.Set(kv[i], kv[i+1])
		}
		return rpc{method: "POST", form: true, params: v}.request(t, b.env)
	}
}

// TestRunInstancesBadInput: every documented RunInstances and
// CreateInstance parameter ecsd checks, refused as ECS refuses it.
func TestRunInstancesBadInput(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	w := newWorld(t, env)
	ctx := context.Background()
	taken := "172.16.0.50"
	if _, err := env.App.Service.Launch(ctx, compute.LaunchSpec{
		Owner: w.owner, Region: "cn-hangzhou", Count: 1, ImageID: image, InstanceType: itype,
		Subnet: w.vswitch.ID, SecurityGroups: []compute.SecurityGroupID{w.group.ID}, PrivateIP: netip.MustParseAddr(taken),
	}); err != nil {
		t.Fatal(err)
	}
	pending, err := env.App.Service.CreateSubnet(ctx, compute.SubnetSpec{Owner: w.owner, Network: w.vpc.ID, Zone: worldZone, CIDR: netip.MustParsePrefix("172.16.9.0/24")})
	if err != nil {
		t.Fatal(err)
	}
	run := badRequest{env, params("Action", "RunInstances", "RegionId", region, "ImageId", image, "InstanceType", itype,
		"VSwitchId", string(w.vswitch.ID), "SecurityGroupId", string(w.group.ID))}
	create := badRequest{env, params("Action", "CreateInstance", "RegionId", region, "ImageId", image, "InstanceType", itype,
		"VSwitchId", string(w.vswitch.ID), "SecurityGroupId", string(w.group.ID))}
	tags := func(n int) []string {
		var kv []string
		for i := 1; i <= n; i++ {
			kv = append(kv, fmt.Sprintf("Tag.%d.Key", i), fmt.Sprintf("k%d", i), fmt.Sprintf("Tag.%d.Value", i), "v")
		}
		return kv
	}
	disks := func(n int) []string {
		var kv []string
		for i := 1; i <= n; i++ {
			kv = append(kv, fmt.Sprintf("DataDisk.%d.Size", i), "20")
		}
		return kv
	}
	big := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("x", 32<<10+1)))
	tests := []struct {
		name   string
		req    func(testing.TB) *http.Request
		status int
		code   string
	}{
		{"unknown ImageId", run.with("ImageId", "m-bp1nosuchimage0000"), 404, "InvalidImageId.NotFound"},
		{"ImageId and ImageFamily", run.with("ImageFamily", "acs:ubuntu_22_04_x64"), 400, "UnexpectedImageFamily.ImageIdSupplied"},
		{"unknown ImageFamily", run.with("ImageId", "", "ImageFamily", "acs:plan9"), 403, "InvalidImageFamily.MissingAvailableImage"},
		{"missing ImageId", run.with("ImageId", ""), 400, "MissingParameter"},
		{"unknown InstanceType", run.with("InstanceType", "ecs.g99.huge"), 400, "InvalidInstanceType.ValueNotSupported"},
		{"ARM type where it is not sold", run.with("VSwitchId", "", "SecurityGroupId", "", "ZoneId", "cn-hangzhou-b", "ImageId", armImage, "InstanceType", "ecs.g8y.large"), 403, "InvalidInstanceType.ZoneNotSupported"},
		{"ARM image on an x86 type", run.with("ImageId", armImage), 400, "InvalidParameter.Conflict"},
		{"IoOptimized none", run.with("IoOptimized", "none"), 400, "InvalidIoOptimize.ValueNotSupported"},
		{"InstanceChargeType Free", run.with("InstanceChargeType", "Free"), 404, "InvalidInstanceChargeType.NotFound"},
		{"PrePaid without Period", run.with("InstanceChargeType", "PrePaid"), 400, "MissingParamter"},
		{"PrePaid Period 10 months", run.with("InstanceChargeType", "PrePaid", "Period", "10"), 400, "InvalidPeriod"},
		{"PrePaid Period 5 weeks", run.with("InstanceChargeType", "PrePaid", "Period", "5", "PeriodUnit", "Week"), 400, "InvalidPeriod"},
		{"PeriodUnit Year", run.with("InstanceChargeType", "PrePaid", "Period", "1", "PeriodUnit", "Year"), 400, "InvalidPeriodUnit.ValueNotSupported"},
		{"AutoRenewPeriod 5", run.with("InstanceChargeType", "PrePaid", "Period", "1", "AutoRenew", "true", "AutoRenewPeriod", "5"), 400, "InvalidAutoRenewPeriod.ValueNotSupported"},
		{"SpotStrategy Cheap", run.with("SpotStrategy", "Cheap"), 400, "InvalidSpotStrategy"},
		{"spot and PrePaid", run.with("SpotStrategy", "SpotAsPriceGo", "InstanceChargeType", "PrePaid", "Period", "1"), 400, "InvalidSpotPrepaid"},
		{"spot without a zone", run.with("SpotStrategy", "SpotAsPriceGo", "VSwitchId", "", "SecurityGroupId", ""), 400, "InvalidSpotParam.EmptyZoneID"},
		{"SpotPriceLimit four decimals", run.with("SpotStrategy", "SpotWithPriceLimit", "SpotPriceLimit", "0.1234"), 400, "InvalidSpotPriceLimit"},
		{"SpotPriceLimit missing", run.with("SpotStrategy", "SpotWithPriceLimit"), 400, "InvalidSpotPriceLimit"},
		{"SpotDuration 7", run.with("SpotStrategy", "SpotAsPriceGo", "SpotDuration", "7"), 400, "InvalidSpotDuration"},
		{"SpotInterruptionBehavior Hibernate", run.with("SpotStrategy", "SpotAsPriceGo", "SpotInterruptionBehavior", "Hibernate"), 400, "InvalidSpotInterruptionBehavior"},
		{"SecurityGroupId and SecurityGroupIds", run.with("SecurityGroupIds.1", string(w.group.ID)), 400, "InvalidSecurityGroupId.SingleIdAndMultiIdConflict"},
		{"SecurityGroupIds repeated", run.with("SecurityGroupId", "", "SecurityGroupIds.1", string(w.group.ID), "SecurityGroupIds.2", string(w.group.ID)), 400, "InvalidParameter.SecurityGroupIdRepeated"},
		{"unknown SecurityGroupId", run.with("SecurityGroupId", "sg-bp1nosuchgroup00000"), 404, "InvalidSecurityGroupId.NotFound"},
		{"another account's SecurityGroupId", run.with("SecurityGroupId", string(w.strangerGroup.ID)), 404, "InvalidSecurityGroupId.NotFound"},
		{"SecurityGroupId of another VPC", run.with("SecurityGroupId", string(w.otherGroup.ID)), 400, "InvalidParameter.Mismatch"},
		{"unknown VSwitchId", run.with("VSwitchId", "vsw-bp1nosuchswitch0000"), 404, "InvalidVSwitchId.NotFound"},
		{"another account's VSwitchId", run.with("VSwitchId", string(w.strangerVSwitch.ID)), 404, "InvalidVSwitchId.NotFound"},
		{"VSwitchId in another zone than ZoneId", run.with("ZoneId", "cn-hangzhou-b"), 400, "InvalidParameter.Mismatch"},
		{"vSwitch still pending", run.with("VSwitchId", string(pending.ID)), 400, "IncorrectVSwitchStatus"},
		{"PrivateIpAddress malformed", run.with("PrivateIpAddress", "172.16.0.300"), 400, "InvalidPrivateIpAddress.Malformed"},
		{"PrivateIpAddress without VSwitchId", run.with("VSwitchId", "", "SecurityGroupId", "", "PrivateIpAddress", "172.16.0.9"), 400, "InvalidVSwitchId.Necessary"},
		{"PrivateIpAddress outside the vSwitch", run.with("PrivateIpAddress", "172.16.5.9"), 400, "InvalidPrivateIpAddress"},
		{"PrivateIpAddress taken", run.with("PrivateIpAddress", taken), 400, "InvalidPrivateIpAddress.Duplicated"},
		{"PrivateIpAddress for two", run.with("PrivateIpAddress", "172.16.0.9", "Amount", "2"), 400, "InvalidParameter.Conflict"},
		{"secondary network interface", run.with("NetworkInterface.1.InstanceType", "Secondary", "NetworkInterface.1.VSwitchId", string(w.vswitch.ID)), 400, "InvalidParam.NetworkInterface"},
		{"primary interface and VSwitchId", run.with("NetworkInterface.1.InstanceType", "Primary", "NetworkInterface.1.VSwitchId", string(w.vswitch.ID)), 403, "InvalidParameter.Combination"},
		{"primary interface in RDMA mode", run.with("VSwitchId", "", "SecurityGroupId", "", "NetworkInterface.1.InstanceType", "Primary",
			"NetworkInterface.1.VSwitchId", string(w.vswitch.ID), "NetworkInterface.1.SecurityGroupId", string(w.group.ID), "NetworkInterface.1.NetworkInterfaceTrafficMode", "HighPerformance"), 403, "InvalidParameter.EniTrafficMode"},
		{"NetworkInterfaceQueueNumber beyond the type", run.with("NetworkInterfaceQueueNumber", "99"), 403, "InvalidParameter.InvalidEniQueueNumber"},
		{"InstanceName opening with a digit", run.with("InstanceName", "1web"), 400, "InvalidInstanceName.Malformed"},
		{"InstanceName a URL", run.with("InstanceName", "http://web"), 400, "InvalidInstanceName.Malformed"},
		{"InstanceName ordered section of 7 digits", run.with("InstanceName", "web-[1,7]"), 400, "InvalidInstanceName.CustomMalformed"},
		{"InstanceName ordered section unclosed", run.with("InstanceName", "web-[1,3"), 400, "InvalidInstanceName.CustomMalformed"},
		{"InstanceName too long for UniqueSuffix", run.with("InstanceName", "w"+strings.Repeat("e", 126), "UniqueSuffix", "true", "Amount", "2"), 403, "InvalidParams.InstanceNameExceed"},
		{"UniqueSuffix maybe", run.with("UniqueSuffix", "maybe"), 400, "InvalidParameter"},
		{"HostName opening with a hyphen", run.with("HostName", "-web"), 400, "InvalidHostName.Malformed"},
		{"HostName with two periods", run.with("HostName", "web..local"), 400, "InvalidHostName.Malformed"},
		{"Windows HostName with a period", run.with("ImageId", windowsImage, "HostName", "web.local"), 400, "InvalidHostName.Malformed"},
		{"Windows HostName of 16", run.with("ImageId", windowsImage, "HostName", strings.Repeat("w", 16)), 400, "InvalidHostName.Malformed"},
		{"HostName too long for UniqueSuffix", run.with("HostName", strings.Repeat("h", 63), "UniqueSuffix", "true", "Amount", "2"), 403, "InvalidParams.HostnameExceed"},
		{"HostName and HostNames", run.with("HostName", "web", "HostNames.1", "web1"), 403, "InvalidHostname.SingleAndMultiConflict"},
		{"HostNames fewer than Amount", run.with("Amount", "2", "HostNames.1", "web1"), 403, "InvalidHostname.SizeInvalid"},
		{"Description of one character", run.with("Description", "x"), 400, "InvalidDescription.Malformed"},
		{"Password too weak", run.with("Password", "password"), 400, "InvalidPassword.Malformed"},
		{"Password with a space", run.with("Password", "Pass word1!"), 400, "InvalidPassword.Malformed"},
		{"Windows Password opening with a slash", run.with("ImageId", windowsImage, "Password", "/Passw0rd!"), 400, "InvalidPassword.Malformed"},
		{"Password and PasswordInherit", run.with("Password", "Passw0rd!", "PasswordInherit", "true"), 400, "InvalidPasswordParam.Mismatch"},
		{"unknown KeyPairName", run.with("KeyPairName", "nobody"), 404, "InvalidKeyPairName.NotFound"},
		{"KeyPairName of another region", run.with("RegionId", "cn-shanghai", "VSwitchId", "", "SecurityGroupId", "", "KeyPairName", w.keyPair.Name), 404, "InvalidKeyPairName.NotFound"},
		{"KeyPairName on Windows", run.with("ImageId", windowsImage, "KeyPairName", w.keyPair.Name), 403, "DependencyViolation.WindowsInstance"},
		{"UserData not Base64", run.with("UserData", "#!/bin/sh\necho hi"), 400, "InvalidUserData.Base64FormatInvalid"},
		{"UserData over 32 KiB", run.with("UserData", big), 400, "InvalidUserData.SizeExceeded"},
		{"InternetChargeType Free", run.with("InternetChargeType", "Free"), 400, "InvalidInternetChargeType.ValueNotSupported"},
		{"InternetMaxBandwidthOut 101", run.with("InternetMaxBandwidthOut", "101"), 400, "InvalidInternetMaxBandwidthOut.Malformed"},
		{"InternetMaxBandwidthOut -1", run.with("InternetMaxBandwidthOut", "-1"), 400, "InvalidInternetMaxBandwidthOut.Malformed"},
		{"InternetMaxBandwidthIn above 10", run.with("InternetMaxBandwidthOut", "5", "InternetMaxBandwidthIn", "11"), 400, "InvalidInternetMaxBandwidthIn.Malformed"},
		{"SystemDisk.Category cloud", run.with("SystemDisk.Category", "cloud"), 400, "InvalidSystemDiskCategory.ValueNotSupported"},
		{"SystemDisk.Category cloud_essd_entry on g7", run.with("SystemDisk.Category", "cloud_essd_entry"), 403, "InvalidDiskCategory.NotSupported"},
		{"SystemDisk.Size below the image", run.with("ImageId", windowsImage, "SystemDisk.Size", "30"), 404, "InvalidSystemDiskSize.LessThanImageSize"},
		{"SystemDisk.Size 2049", run.with("SystemDisk.Size", "2049"), 404, "InvalidSystemDiskSize.MoreThanMaxSize"},
		{"SystemDisk.Size big", run.with("SystemDisk.Size", "big"), 400, "InvalidSystemDiskSize.ValueNotSupported"},
		{"SystemDisk PL2 of 40 GiB", run.with("SystemDisk.Category", "cloud_essd", "SystemDisk.PerformanceLevel", "PL2"), 403, "OperationDenied.PerformanceLevelNotMatch"},
		{"SystemDisk PL1 on cloud_efficiency", run.with("SystemDisk.PerformanceLevel", "PL1"), 400, "InvalidPerformanceLevel.Malformed"},
		{"SystemDisk PL9", run.with("SystemDisk.Category", "cloud_essd", "SystemDisk.PerformanceLevel", "PL9"), 400, "InvalidPerformanceLevel.Malformed"},
		{"SystemDisk.KMSKeyId unencrypted", run.with("SystemDisk.KMSKeyId", "0e478b7a-4262-4802-b8cb-00d3fb400000"), 400, "InvalidEncrypted.NotMatchKmsKeyId"},
		{"SystemDisk.EncryptAlgorithm DES", run.with("SystemDisk.Encrypted", "true", "SystemDisk.EncryptAlgorithm", "DES"), 400, "InvalidEncryptAlgorithm"},
		{"SystemDisk.AutoSnapshotPolicyId", run.with("SystemDisk.AutoSnapshotPolicyId", "sp-bp1nosuchpolicy"), 404, "InvalidAutoSnapshotPolicyId.NotFound"},
		{"SystemDisk.StorageClusterId", run.with("SystemDisk.StorageClusterId", "dbsc-nosuch"), 404, "InvalidStorageClusterId.NotExist"},
		{"SystemDisk.DiskName opening with a digit", run.with("SystemDisk.DiskName", "9sys"), 400, "InvalidDiskName.Malformed"},
		{"SystemDisk.Description of one character", run.with("SystemDisk.Description", "x"), 400, "InvalidDiskDescription.Malformed"},
		{"DataDisk of 10 GiB", run.with("DataDisk.1.Size", "10"), 400, "InvalidDataDiskSize.ValueNotSupported"},
		{"DataDisk without Size", run.with("DataDisk.1.Category", "cloud_ssd"), 400, "InvalidDataDiskSize.ValueNotSupported"},
		{"17 data disks", run.with(disks(17)...), 400, "InstanceDiskNumber.LimitExceed"},
		{"DataDisk.1.Category nope", run.with("DataDisk.1.Size", "20", "DataDisk.1.Category", "nope"), 400, "InvalidDataDiskCategory.ValueNotSupported"},
		{"DataDisk.1.SnapshotId", run.with("DataDisk.1.Size", "20", "DataDisk.1.SnapshotId", "s-bp1nosuchsnapshot"), 404, "InvalidDataDiskSnapshotId.NotFound"},
		{"DataDisk.1.Device", run.with("DataDisk.1.Size", "20", "DataDisk.1.Device", "/dev/xvdb"), 400, "InvalidDataDevice.Malformed"},
		{"DataDisk.1.DeleteWithInstance maybe", run.with("DataDisk.1.Size", "20", "DataDisk.1.DeleteWithInstance", "maybe"), 400, "InvalidParameter"},
		{"DataDisk.1.ProvisionedIops on ESSD", run.with("DataDisk.1.Size", "40", "DataDisk.1.Category", "cloud_essd", "DataDisk.1.ProvisionedIops", "100"), 400, "ProvisionedIopsForDiskCategoryUnsupported"},
		{"DataDisk.1.ProvisionedIops too high", run.with("DataDisk.1.Size", "40", "DataDisk.1.Category", "cloud_auto", "DataDisk.1.ProvisionedIops", "99999"), 400, "InvalidProvisionedIops.LimitExceed"},
		{"DataDisk.1.BurstingEnabled on cloud_efficiency", run.with("DataDisk.1.Size", "40", "DataDisk.1.BurstingEnabled", "true"), 400, "BurstingEnabledForDiskCategoryUnsupported"},
		{"DataDisk PL0 of 20 GiB", run.with("DataDisk.1.Size", "20", "DataDisk.1.Category", "cloud_essd", "DataDisk.1.PerformanceLevel", "PL0"), 403, "OperationDenied.PerformanceLevelNotMatch"},
		{"DataDisk.1.Encrypted maybe", run.with("DataDisk.1.Size", "20", "DataDisk.1.Encrypted", "maybe"), 400, "InvalidParameter"},
		{"DataDisk.x.Size", run.with("DataDisk.x.Size", "20"), 400, "InvalidParameter"},
		{"Tag key twice", run.with("Tag.1.Key", "env", "Tag.2.Key", "env"), 400, "Duplicate.TagKey"},
		{"Tag key aliyun", run.with("Tag.1.Key", "aliyun-owner"), 400, "InvalidTagKey.Malformed"},
		{"21 tags", run.with(tags(21)...), 400, "InvalidTagCount"},
		{"DeletionProtection on PrePaid", run.with("DeletionProtection", "true", "InstanceChargeType", "PrePaid", "Period", "1"), 403, "InvalidChargeType.ValueNotSupported"},
		{"DeletionProtection on spot", run.with("DeletionProtection", "true", "SpotStrategy", "SpotAsPriceGo"), 403, "InvalidChargeType.ValueNotSupported"},
		{"DeletionProtection maybe", run.with("DeletionProtection", "maybe"), 400, "InvalidParameter"},
		{"CreditSpecification on g7", run.with("CreditSpecification", "Unlimited"), 400, "InvalidParameter.CreditSpecification"},
		{"CreditSpecification Turbo", run.with("InstanceType", "ecs.t6-c1m1.large", "CreditSpecification", "Turbo"), 400, "InvalidParameter.CreditSpecification"},
		{"HttpEndpoint on", run.with("HttpEndpoint", "on"), 400, "InvalidHttpEndpoint.NotSupported"},
		{"HttpTokens maybe", run.with("HttpTokens", "maybe"), 400, "InvalidHttpTokens.NotSupported"},
		{"HttpPutResponseHopLimit 65", run.with("HttpPutResponseHopLimit", "65"), 400, "InvalidHttpPutResponseHopLimit.NotSupported"},
		{"CpuOptions.Core 3", run.with("CpuOptions.Core", "3"), 403, "InvalidParam.CpuOptionsCore"},
		{"CpuOptions.ThreadsPerCore 3", run.with("CpuOptions.ThreadsPerCore", "3"), 400, "InvalidParameter"},
		{"CpuOptions.TopologyType Random", run.with("CpuOptions.TopologyType", "Random"), 400, "InvalidParameter.CpuOptionsTopologyType"},
		{"SecurityEnhancementStrategy Half", run.with("SecurityEnhancementStrategy", "Half"), 400, "InvalidParameter"},
		{"LaunchTemplateId", run.with("LaunchTemplateId", "lt-bp1nosuchtemplate"), 404, "InvalidLaunchTemplate.NotFound"},
		{"LaunchTemplateName", run.with("LaunchTemplateName", "web"), 404, "InvalidLaunchTemplate.NotFound"},
		{"RamRoleName", run.with("RamRoleName", "EcsRole"), 404, "InvalidRamRole.NotFound"},
		{"AutoReleaseTime", run.with("AutoReleaseTime", "2030-01-01T12:05:00Z"), 400, "InvalidAutoReleaseTime.Malformed"},
		{"DedicatedHostId", run.with("DedicatedHostId", "dh-bp1nosuchhost"), 400, "InvalidDedicatedHostId.NotFound"},
		{"Tenancy host", run.with("Tenancy", "host"), 400, "InvalidDedicatedHostId.NotFound"},
		{"Ipv6AddressCount", run.with("Ipv6AddressCount", "1"), 403, "InvalidVSwitch.Ipv6NotTurnOn"},
		{"Ipv6Address.1", run.with("Ipv6Address.1", "2001:db8::1"), 403, "InvalidVSwitch.Ipv6NotTurnOn"},
		{"DeploymentSetId", run.with("DeploymentSetId", "ds-bp1nosuchset"), 400, "InvalidDeploymentSetId.NotFound"},
		{"HpcClusterId", run.with("HpcClusterId", "hpc-bp1nosuch"), 400, "InvalidHpcClusterId.NotFound"},
		{"PrivatePoolOptions Target without Id", run.with("PrivatePoolOptions.MatchCriteria", "Target"), 400, "MissingParameter.PrivatePoolOptionsId"},
		{"PrivatePoolOptions Sometimes", run.with("PrivatePoolOptions.MatchCriteria", "Sometimes"), 400, "Invalid.PrivatePoolOptions.MatchCriteria"},
		{"PrivatePoolOptions.Id", run.with("PrivatePoolOptions.MatchCriteria", "Open", "PrivatePoolOptions.Id", "eap-bp1nosuch"), 400, "Invalid.PrivatePoolOptions.Id"},
		{"LoginAsNonRoot on CentOS", run.with("ImageId", centosImage, "ImageOptions.LoginAsNonRoot", "true"), 400, "LoginAsNonRoot.ImageNotSupport"},
		{"HibernationOptions.Configured", run.with("HibernationOptions.Configured", "true"), 400, "HibernationConfigured.InstanceTypeNotSupport"},
		{"DryRun maybe", run.with("DryRun", "maybe"), 400, "InvalidParameter"},
		{"DryRun true", run.with("DryRun", "true"), 400, "DryRunOperation"},
		{"CreateInstance with another account's group", create.with("SecurityGroupId", string(w.strangerGroup.ID)), 404, "InvalidSecurityGroupId.NotFound"},
		{"CreateInstance with LaunchTemplateId", create.with("LaunchTemplateId", "lt-bp1nosuchtemplate"), 404, "InvalidLaunchTemplate.NotFound"},
		{"CreateInstance without InstanceType", create.with("InstanceType", ""), 400, "MissingParameter"},
	}
	cases := make([]kittest.Case, len(tests))
	for i, tt := range tests {
		cases[i] = kittest.Case{Name: tt.name, Request: tt.req, Status: tt.status, Code: tt.code}
	}
	runBadInputs(t, cases)
	// None of them launched anything: only the instance holding the taken
	// address is there.
	page, err := env.App.Service.List(ctx, compute.Query{Owner: w.owner, Limit: 10})
	if err != nil || page.Total != 1 {
		t.Fatalf("after the refusals: %d instances (%v), want 1", page.Total, err)
	}
}

// TestRunInstancesThroughTea launches through the Tea SDK with ordered
// names, unique suffixes, spot options, an AutoPL system disk and encrypted
// data disks, and reads back names, options and the disks made with the
// instances.
func TestRunInstancesThroughTea(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	w := newWorld(t, env)
	c := teaSDK(t, env, "")
	resp, err := c.RunInstances(&teaecs.RunInstancesRequest{
		RegionId: tea.String(region), ImageId: tea.String(armImage), InstanceType: tea.String("ecs.g8y.large"),
		VSwitchId: tea.String(string(w.vswitch.ID)), SecurityGroupIds: tea.StringSlice([]string{string(w.group.ID)}),
		Amount: tea.Int32(3), MinAmount: tea.Int32(2), UniqueSuffix: tea.Bool(true),
		InstanceName: tea.String("k8s-node-[1,4]-ali"), HostName: tea.String("node"),
		SpotStrategy: tea.String("SpotWithPriceLimit"), SpotPriceLimit: tea.Float32(0.5), SpotDuration: tea.Int32(0),
		SystemDisk: &teaecs.RunInstancesRequestSystemDisk{Category: tea.String("cloud_auto"), Size: tea.String("50"),
			ProvisionedIops: tea.Int64(1000), BurstingEnabled: tea.Bool(true)},
		DataDisk: []*teaecs.RunInstancesRequestDataDisk{
			{Size: tea.Int32(500), Category: tea.String("cloud_essd"), PerformanceLevel: tea.String("PL2"), Encrypted: tea.String("true"),
				KMSKeyId: tea.String("0e478b7a-4262-4802-b8cb-00d3fb400000"), DeleteWithInstance: tea.Bool(false), DiskName: tea.String("logs")},
			{Size: tea.Int32(40), Category: tea.String("cloud_efficiency")},
		},
		Tag:        []*teaecs.RunInstancesRequestTag{{Key: tea.String("team"), Value: tea.String("k8s")}},
		CpuOptions: &teaecs.RunInstancesRequestCpuOptions{TopologyType: tea.String("ContinuousCoreToHTMapping")},
	})
	if err != nil {
		t.Fatal(err)
	}
	ids := tea.StringSliceValue(resp.Body.InstanceIdSets.InstanceIdSet)
	if len(ids) != 3 {
		t.Fatalf("RunInstances: %v", ids)
	}
	settle(env)
	for i, id := range ids {
		f := describeEverywhere(t, env, id)["tea-acs3"]
		f.check(t, id, map[string]any{
			"InstanceName": fmt.Sprintf("k8s-node-%04d-ali%03d", i+1, i+1), "HostName": fmt.Sprintf("node%03d", i+1),
			"SpotStrategy": "SpotWithPriceLimit", "SpotPriceLimit": 0.5, "SpotDuration": 0, "Cpu": 2, "Memory": 8192,
			"OSNameEn": "Alibaba Cloud Linux  3.2104 LTS 64 bit ARM Edition", "CpuOptions.ThreadsPerCore": 1,
			"CpuOptions.TopologyType": "ContinuousCoreToHTMapping",
		})
	}
	disks, err := env.App.Service.InstanceDisks(t.Context(), w.owner, []compute.InstanceID{compute.InstanceID(ids[0])})
	if err != nil {
		t.Fatal(err)
	}
	d := disks[compute.InstanceID(ids[0])]
	if len(d) != 3 {
		t.Fatalf("disks of %s: %+v", ids[0], d)
	}
	sys, logs, scratch := d[0], d[1], d[2]
	if !sys.System || sys.Category != "cloud_auto" || sys.SizeGiB != 50 || sys.Extra["provisioned_iops"] != "1000" || sys.Extra["bursting"] != "true" || sys.Device != "/dev/xvda" {
		t.Errorf("system disk: %+v", sys)
	}
	if logs.Category != "cloud_essd" || logs.SizeGiB != 500 || logs.Extra["performance_level"] != "PL2" || !logs.Encrypted ||
		logs.KMSKeyID == "" || logs.DeleteWithInstance || logs.Name != "logs" || logs.Device != "/dev/xvdb" {
		t.Errorf("data disk 1: %+v", logs)
	}
	if scratch.Category != "cloud_efficiency" || !scratch.DeleteWithInstance || len(scratch.Tags) != 1 || scratch.Tags[0].Key != "team" {
		t.Errorf("data disk 2: %+v", scratch)
	}
	// HostNames.N names each instance; CreateInstance has no public
	// address until it is allocated.
	resp, err = c.RunInstances(&teaecs.RunInstancesRequest{
		RegionId: tea.String(region), ImageId: tea.String(image), InstanceType: tea.String(itype), ZoneId: tea.String(zoneB),
		Amount: tea.Int32(2), HostNames: tea.StringSlice([]string{"alpha", "beta"}), InstanceName: tea.String("web-[7,2]"),
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range tea.StringSliceValue(resp.Body.InstanceIdSets.InstanceIdSet) {
		f := describeEverywhere(t, env, id)["tea-v2"]
		f.check(t, id, map[string]any{"HostName": []string{"alpha", "beta"}[i], "InstanceName": fmt.Sprintf("web-%02d", 7+i)})
	}
	created, err := c.CreateInstance(&teaecs.CreateInstanceRequest{RegionId: tea.String(region), ZoneId: tea.String(zoneB), ImageId: tea.String(image),
		InstanceType: tea.String(itype), InternetMaxBandwidthOut: tea.Int32(5), HostName: tea.String("created")})
	if err != nil {
		t.Fatal(err)
	}
	if got := fieldOf(t, env, tea.StringValue(created.Body.InstanceId), "HostName"); got != "created" {
		t.Errorf("CreateInstance HostName = %v", got)
	}
}
