package aliyun_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit/kittest"
)

// instanceBadInput is one row of the bad-input table of the instance
// actions beyond launching.
type instanceBadInput struct {
	name   string
	req    func(testing.TB) *http.Request
	status int
	code   string
}

// badInstanceWorld is what the instance bad-input rows act on: a running
// instance, a stopped one, a pending one, a Windows one, and one of
// another account, beside a world.
type badInstanceWorld struct {
	*world
	running, stopped, pending, windows, stranger, protected string
}

func newBadInstanceWorld(t *testing.T, env *apptest.Env) badInstanceWorld {
	t.Helper()
	w := newWorld(t, env)
	ctx := context.Background()
	svc := env.App.Service
	launch := func(owner compute.Owner, subnet compute.SubnetID, group compute.SecurityGroupID, img string, boot compute.Boot, protect ...bool) string {
		t.Helper()
		created, err := svc.Launch(ctx, compute.LaunchSpec{
			Owner: owner, Region: region, Count: 1, ImageID: img, InstanceType: itype, Boot: boot,
			Subnet: subnet, SecurityGroups: []compute.SecurityGroupID{group}, DeletionProtection: len(protect) > 0,
		})
		if err != nil {
			t.Fatal(err)
		}
		return string(created[0].ID)
	}
	b := badInstanceWorld{world: w}
	b.running = launch(w.owner, w.vswitch.ID, w.group.ID, image, compute.BootDirect)
	b.stopped = launch(w.owner, w.vswitch.ID, w.group.ID, image, compute.BootNone)
	b.windows = launch(w.owner, w.vswitch.ID, w.group.ID, windowsImage, compute.BootNone)
	b.stranger = launch(w.strangerGroup.Owner, w.strangerVSwitch.ID, w.strangerGroup.ID, image, compute.BootDirect)
	b.protected = launch(w.owner, w.vswitch.ID, w.group.ID, image, compute.BootDirect, true)
	settle(env)
	b.pending = launch(w.owner, w.vswitch.ID, w.group.ID, image, compute.BootDirect)
	return b
}

// TestInstanceActionsBadInput: every instance action beyond launching
// refuses missing, malformed, unknown, other accounts', wrong-state and
// over-limit input with ECS's code and status.
func TestInstanceActionsBadInput(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	b := newBadInstanceWorld(t, env)
	call := func(action string, kv ...string) func(testing.TB) *http.Request {
		return badRequest{env, params("Action", action, "RegionId", region)}.with(kv...)
	}
	tests := []instanceBadInput{
		{"DescribeInstances Tag value without key", call("DescribeInstances", "Tag.1.Value", "prod"), 400, "InvalidTagKey.Malformed"},
		{"DescribeInstances 21 tag filters", call("DescribeInstances", tagPairs(21)...), 400, "InvalidTagCount"},
		{"DescribeInstances PrivateIpAddresses not JSON", call("DescribeInstances", "PrivateIpAddresses", "172.16.0.1"), 400, "InvalidParameter"},
		{"DescribeInstances PrivateIpAddresses not addresses", call("DescribeInstances", "PrivateIpAddresses", `["nowhere"]`), 400, "InvalidParameter"},
		{"DescribeInstances 101 PublicIpAddresses", call("DescribeInstances", "PublicIpAddresses", ipArray(101)), 400, "InvalidParameter"},
		{"DescribeInstances 101 InstanceIds", call("DescribeInstances", "InstanceIds", manyInstanceIDs(101)), 403, "InvalidParameter.TooManyInstanceIds"},
		{"DescribeInstances Filter key unknown", call("DescribeInstances", "Filter.1.Key", "Bogus", "Filter.1.Value", "2024-01-01T00:00Z"), 400, "InvalidParameter"},
		{"DescribeInstances Filter value not a time", call("DescribeInstances", "Filter.1.Key", "CreationStartTime", "Filter.1.Value", "yesterday"), 400, "InvalidParameter"},
		{"DescribeInstances IoOptimized maybe", call("DescribeInstances", "IoOptimized", "maybe"), 400, "InvalidParameter"},
		{"DescribeInstances NeedSaleCycle maybe", call("DescribeInstances", "NeedSaleCycle", "maybe"), 400, "InvalidParameter"},
		{"DescribeInstances MaxResults 101", call("DescribeInstances", "MaxResults", "101"), 400, "InvalidParameter"},
		{"DescribeInstances Status Exploding", call("DescribeInstances", "Status", "Exploding"), 404, "InvalidStatus.NotFound"},
		{"DescribeInstances unknown ZoneId", call("DescribeInstances", "ZoneId", "cn-hangzhou-z"), 404, "InvalidZoneId.NotFound"},
		{"DescribeInstances without RegionId", call("DescribeInstances", "RegionId", ""), 400, "MissingParameter"},
		{"DescribeInstances DryRun", call("DescribeInstances", "DryRun", "true"), 400, "DryRunOperation"},
	}
	tests = append(tests, b.attributeRows(call)...)
	tests = append(tests, b.changeRows(call)...)
	tests = append(tests, catalogRows(call)...)
	cases := make([]kittest.Case, len(tests))
	for i, tt := range tests {
		cases[i] = kittest.Case{Name: tt.name, Request: tt.req, Status: tt.status, Code: tt.code}
	}
	runBadInputs(t, cases)
}

func tagPairs(n int) []string {
	var kv []string
	for i := 1; i <= n; i++ {
		kv = append(kv, fmt.Sprintf("Tag.%d.Key", i), fmt.Sprintf("k%d", i))
	}
	return kv
}

func ipArray(n int) string {
	ips := make([]string, n)
	for i := range ips {
		ips[i] = fmt.Sprintf(`"10.0.%d.%d"`, i/250, i%250+1)
	}
	return "[" + strings.Join(ips, ",") + "]"
}

// attributeRows are the rows of the attribute and lifecycle actions.
func (b badInstanceWorld) attributeRows(call func(string, ...string) func(testing.TB) *http.Request) []instanceBadInput {
	const unknown = "i-bp1nosuchinstance00"
	rows := []instanceBadInput{
		// The lifecycle: missing, malformed, unknown, other accounts',
		// wrong status, deletion protection, too many.
		{"StartInstance running", call("StartInstance", "InstanceId", b.running), 403, "IncorrectInstanceStatus"},
		{"StartInstance another account's instance", call("StartInstance", "InstanceId", b.stranger), 404, "InvalidInstanceId.NotFound"},
		{"StartInstance unknown instance", call("StartInstance", "InstanceId", unknown), 404, "InvalidInstanceId.NotFound"},
		{"StopInstance without InstanceId", call("StopInstance"), 400, "MissingParameter"},
		{"StopInstance another account's instance", call("StopInstance", "InstanceId", b.stranger), 404, "InvalidInstanceId.NotFound"},
		{"StopInstance stopped", call("StopInstance", "InstanceId", b.stopped), 403, "IncorrectInstanceStatus"},
		{"StopInstance unknown instance", call("StopInstance", "InstanceId", unknown), 404, "InvalidInstanceId.NotFound"},
		{"StopInstance ForceStop maybe", call("StopInstance", "InstanceId", b.running, "ForceStop", "maybe"), 400, "InvalidParameter"},
		{"StopInstance hibernating", call("StopInstance", "InstanceId", b.running, "Hibernate", "true"), 400, "InvalidParameter"},
		{"StopInstances ForceStop maybe", call("StopInstances", "InstanceId.1", b.running, "ForceStop", "maybe"), 400, "InvalidParameter"},
		{"RebootInstance ForceStop maybe", call("RebootInstance", "InstanceId", b.running, "ForceStop", "maybe"), 400, "InvalidParameter"},
		{"DeleteInstance TerminateSubscription maybe", call("DeleteInstance", "InstanceId", b.stopped, "TerminateSubscription", "maybe"), 400, "InvalidParameter"},
		{"RebootInstance without InstanceId", call("RebootInstance"), 400, "MissingParameter"},
		{"RebootInstance stopped", call("RebootInstance", "InstanceId", b.stopped), 403, "IncorrectInstanceStatus"},
		{"RebootInstance unknown instance", call("RebootInstance", "InstanceId", unknown), 404, "InvalidInstanceId.NotFound"},
		{"RebootInstance another account's instance", call("RebootInstance", "InstanceId", b.stranger), 404, "InvalidInstanceId.NotFound"},
		{"RebootInstance malformed ID", call("RebootInstance", "InstanceId", "web-1"), 404, "InvalidInstanceId.NotFound"},
		{"DeleteInstance without InstanceId", call("DeleteInstance"), 400, "MissingParameter"},
		{"DeleteInstance running without Force", call("DeleteInstance", "InstanceId", b.running), 403, "IncorrectInstanceStatus"},
		{"DeleteInstance pending", call("DeleteInstance", "InstanceId", b.pending, "Force", "true"), 403, "IncorrectInstanceStatus.Initializing"},
		{"DeleteInstance protected", call("DeleteInstance", "InstanceId", b.protected, "Force", "true"), 403, "InvalidOperation.DeletionProtection"},
		{"DeleteInstance unknown instance", call("DeleteInstance", "InstanceId", unknown), 404, "InvalidInstanceId.NotFound"},
		{"DeleteInstance another account's instance", call("DeleteInstance", "InstanceId", b.stranger, "Force", "true"), 404, "InvalidInstanceId.NotFound"},
		{"DeleteInstance Force maybe", call("DeleteInstance", "InstanceId", b.stopped, "Force", "maybe"), 400, "InvalidParameter"},
		{"StartInstances 101 IDs", call("StartInstances", idPairs(101)...), 403, "InvalidParameter.TooManyInstanceIds"},
		{"StartInstances unknown instance", call("StartInstances", "InstanceId.1", unknown), 404, "InvalidInstanceId.NotFound"},
		{"StopInstances without IDs", call("StopInstances"), 400, "MissingParameter"},
		{"StopInstances another account's instance", call("StopInstances", "InstanceId.1", b.stranger), 404, "InvalidInstanceId.NotFound"},
		{"RebootInstances without IDs", call("RebootInstances"), 400, "MissingParameter"},
		{"RebootInstances 101 IDs", call("RebootInstances", idPairs(101)...), 403, "InvalidParameter.TooManyInstanceIds"},
		{"RebootInstances stopped", call("RebootInstances", "InstanceId.1", b.stopped), 403, "IncorrectInstanceStatus"},
		{"RebootInstances unknown instance", call("RebootInstances", "InstanceId.1", unknown), 404, "InvalidInstanceId.NotFound"},
		{"DeleteInstances without IDs", call("DeleteInstances"), 400, "MissingParameter"},
		{"DeleteInstances 101 IDs", call("DeleteInstances", idPairs(101)...), 403, "InvalidParameter.TooManyInstanceIds"},
		{"DeleteInstances running without Force", call("DeleteInstances", "InstanceId.1", b.running), 403, "IncorrectInstanceStatus"},
		{"DeleteInstances another account's instance", call("DeleteInstances", "InstanceId.1", b.stranger, "Force", "true"), 404, "InvalidInstanceId.NotFound"},
		{"DeleteInstances protected", call("DeleteInstances", "InstanceId.1", b.protected, "Force", "true"), 403, "InvalidOperation.DeletionProtection"},
		{"DeleteInstances unknown instance", call("DeleteInstances", "InstanceId.1", unknown, "Force", "true"), 404, "InvalidInstanceId.NotFound"},
		{"StopInstance StoppedMode Sleep", call("StopInstance", "InstanceId", b.running, "StoppedMode", "Sleep"), 400, "InvalidParameter"},
		{"StopInstances StoppedMode Sleep", call("StopInstances", "InstanceId.1", b.running, "StoppedMode", "Sleep"), 400, "InvalidParameter"},
		{"ModifyInstanceAttribute UserData while running", call("ModifyInstanceAttribute", "InstanceId", b.running, "UserData", "ZWNobw=="), 400, "InvalidStatus.StoppedRequired"},
		{"ModifyInstanceAttribute UserData not Base64", call("ModifyInstanceAttribute", "InstanceId", b.stopped, "UserData", "not base64!"), 403, "InvalidUserData.Base64FormatInvalid"},
		{"ModifyInstanceAttribute UserData over 32 KiB", call("ModifyInstanceAttribute", "InstanceId", b.stopped, "UserData", strings.Repeat("QUFB", 11000)), 400, "InvalidUserData.SizeExceeded"},
		{"ModifyInstanceAttribute InstanceName malformed", call("ModifyInstanceAttribute", "InstanceId", b.running, "InstanceName", "-x"), 400, "InvalidInstanceName.Malformed"},
		{"ModifyInstanceAttribute Description a URL", call("ModifyInstanceAttribute", "InstanceId", b.running, "Description", "https://x"), 400, "InvalidDescription.Malformed"},
		{"ModifyInstanceAttribute HostName malformed", call("ModifyInstanceAttribute", "InstanceId", b.running, "HostName", "a..b"), 400, "InvalidHostName.Malformed"},
		{"ModifyInstanceAttribute Windows HostName with a period", call("ModifyInstanceAttribute", "InstanceId", b.windows, "HostName", "a.b"), 400, "InvalidHostName.Malformed"},
		{"ModifyInstanceAttribute HostName while pending", call("ModifyInstanceAttribute", "InstanceId", b.pending, "HostName", "web"), 403, "IncorrectInstanceStatus"},
		{"ModifyInstanceAttribute Password weak", call("ModifyInstanceAttribute", "InstanceId", b.running, "Password", "password"), 400, "InvalidPassword.Malformed"},
		{"ModifyInstanceAttribute DeletionProtection maybe", call("ModifyInstanceAttribute", "InstanceId", b.running, "DeletionProtection", "maybe"), 400, "InvalidParameter"},
		{"ModifyInstanceAttribute CreditSpecification on g7", call("ModifyInstanceAttribute", "InstanceId", b.running, "CreditSpecification", "Unlimited"), 400, "InvalidParameter.CreditSpecification"},
		{"ModifyInstanceAttribute CreditSpecification Turbo", call("ModifyInstanceAttribute", "InstanceId", b.running, "CreditSpecification", "Turbo"), 400, "InvalidParameter.CreditSpecification"},
		{"ModifyInstanceAttribute ThreadsPerCore while running", call("ModifyInstanceAttribute", "InstanceId", b.running, "CpuOptions.ThreadsPerCore", "1"), 400, "InvalidStatus.StoppedRequired"},
		{"ModifyInstanceAttribute ThreadsPerCore 3", call("ModifyInstanceAttribute", "InstanceId", b.stopped, "CpuOptions.ThreadsPerCore", "3"), 403, "InvalidParameter.CpuOptionsThreadsPerCore"},
		{"ModifyInstanceAttribute Core 7", call("ModifyInstanceAttribute", "InstanceId", b.stopped, "CpuOptions.Core", "7"), 403, "InvalidParameter.CpuOptionsCore"},
		{"ModifyInstanceAttribute TopologyType Random", call("ModifyInstanceAttribute", "InstanceId", b.stopped, "CpuOptions.TopologyType", "Random"), 400, "InvalidParameter.CpuOptionsTopologyType"},
		{"ModifyInstanceAttribute Recyclable", call("ModifyInstanceAttribute", "InstanceId", b.running, "Recyclable", "true"), 400, "InvalidParameter.RecycleBin"},
		{"ModifyInstanceAttribute RemoteConnectionOptions", call("ModifyInstanceAttribute", "InstanceId", b.running, "RemoteConnectionOptions.Type", "vnc"), 400, "InvalidRemoteConnectionOptions.Type"},
		{"ModifyInstanceAttribute SecurityGroupIds repeated", call("ModifyInstanceAttribute", "InstanceId", b.running, "SecurityGroupIds.1", string(b.group.ID), "SecurityGroupIds.2", string(b.group.ID)), 400, "InvalidParameter.SecurityGroupIdRepeated"},
		{"ModifyInstanceAttribute SecurityGroupIds unknown", call("ModifyInstanceAttribute", "InstanceId", b.running, "SecurityGroupIds.1", "sg-bp1nosuchgroup00000"), 404, "InvalidSecurityGroupId.NotFound"},
		{"ModifyInstanceAttribute SecurityGroupIds of another VPC", call("ModifyInstanceAttribute", "InstanceId", b.running, "SecurityGroupIds.1", string(b.otherGroup.ID)), 400, "InvalidParameter.Mismatch"},
		{"ModifyInstanceAttribute NetworkInterfaceQueueNumber 99", call("ModifyInstanceAttribute", "InstanceId", b.running, "NetworkInterfaceQueueNumber", "99"), 403, "InvalidParameter.InvalidEniQueueNumber"},
		{"ModifyInstanceAttribute unknown instance", call("ModifyInstanceAttribute", "InstanceId", unknown, "InstanceName", "web"), 404, "InvalidInstanceId.NotFound"},
		{"ModifyInstanceAttribute another account's instance", call("ModifyInstanceAttribute", "InstanceId", b.stranger, "InstanceName", "web"), 404, "InvalidInstanceId.NotFound"},
		{"ModifyInstanceAttribute instance of another region", call("ModifyInstanceAttribute", "RegionId", "cn-shanghai", "InstanceId", b.running, "InstanceName", "web"), 404, "InvalidInstanceId.NotFound"},
		{"ModifyInstanceAttribute without InstanceId", call("ModifyInstanceAttribute", "InstanceName", "web"), 400, "MissingParameter"},
		{"DescribeInstanceAttribute without InstanceId", call("DescribeInstanceAttribute"), 400, "MissingParameter"},
		{"DescribeInstanceAttribute unknown instance", call("DescribeInstanceAttribute", "InstanceId", unknown), 404, "InvalidInstanceId.NotFound"},
		{"DescribeInstanceAttribute another account's instance", call("DescribeInstanceAttribute", "InstanceId", b.stranger), 404, "InvalidInstanceId.NotFound"},
		{"DescribeInstanceAttribute malformed ID", call("DescribeInstanceAttribute", "InstanceId", "instance-1"), 404, "InvalidInstanceId.NotFound"},
		{"DescribeUserData without InstanceId", call("DescribeUserData"), 400, "MissingParameter"},
		{"DescribeUserData another account's instance", call("DescribeUserData", "InstanceId", b.stranger), 404, "InvalidInstanceId.NotFound"},
		{"DescribeUserData unknown instance", call("DescribeUserData", "InstanceId", unknown), 404, "InvalidInstanceId.NotFound"},
		{"DescribeUserData malformed ID", call("DescribeUserData", "InstanceId", "i-?"), 404, "InvalidInstanceId.NotFound"},
		{"DescribeUserData unknown RegionId", call("DescribeUserData", "RegionId", "mars-1", "InstanceId", b.running), 404, "InvalidRegionId.NotFound"},
		{"ModifyInstanceMetadataOptions HttpTokens maybe", call("ModifyInstanceMetadataOptions", "InstanceId", b.running, "HttpTokens", "maybe"), 400, "InvalidHttpTokens.NotSupported"},
		{"ModifyInstanceMetadataOptions HttpEndpoint on", call("ModifyInstanceMetadataOptions", "InstanceId", b.running, "HttpEndpoint", "on"), 400, "InvalidHttpEndpoint.NotSupported"},
		{"ModifyInstanceMetadataOptions hop limit 0", call("ModifyInstanceMetadataOptions", "InstanceId", b.running, "HttpPutResponseHopLimit", "0"), 400, "InvalidHttpPutResponseHopLimit.NotSupported"},
		{"ModifyInstanceMetadataOptions InstanceMetadataTags maybe", call("ModifyInstanceMetadataOptions", "InstanceId", b.running, "InstanceMetadataTags", "maybe"), 400, "InvalidParameter"},
		{"ModifyInstanceMetadataOptions without InstanceId", call("ModifyInstanceMetadataOptions", "HttpTokens", "required"), 400, "MissingParameter"},
		{"ModifyInstanceMetadataOptions another account's instance", call("ModifyInstanceMetadataOptions", "InstanceId", b.stranger, "HttpTokens", "required"), 404, "InvalidInstanceId.NotFound"},
		{"ModifyInstanceMetadataOptions unknown instance", call("ModifyInstanceMetadataOptions", "InstanceId", unknown, "HttpTokens", "required"), 404, "InvalidInstanceId.NotFound"},
		{"DescribeInstanceMaintenanceAttributes 101 IDs", call("DescribeInstanceMaintenanceAttributes", idPairs(101)...), 403, "InvalidParameter.TooManyInstanceIds"},
		{"DescribeInstanceMaintenanceAttributes without RegionId", call("DescribeInstanceMaintenanceAttributes", "RegionId", ""), 400, "MissingParameter"},
		{"DescribeInstanceMaintenanceAttributes PageSize 101", call("DescribeInstanceMaintenanceAttributes", "PageSize", "101"), 400, "InvalidParameter"},
		{"ModifyInstanceMaintenanceAttributes without InstanceId", call("ModifyInstanceMaintenanceAttributes", "ActionOnMaintenance", "Stop"), 400, "MissingParameter"},
		{"ModifyInstanceMaintenanceAttributes action Explode", call("ModifyInstanceMaintenanceAttributes", "InstanceId.1", b.running, "ActionOnMaintenance", "Explode"), 400, "InvalidParameter.ActionOnMaintenance"},
		{"ModifyInstanceMaintenanceAttributes window off the hour", call("ModifyInstanceMaintenanceAttributes", "InstanceId.1", b.running, "MaintenanceWindow.1.StartTime", "18:30:00Z", "MaintenanceWindow.1.EndTime", "20:00:00Z"), 400, "InvalidParameter.MaintenanceWindow"},
		{"ModifyInstanceMaintenanceAttributes window without end", call("ModifyInstanceMaintenanceAttributes", "InstanceId.1", b.running, "MaintenanceWindow.1.StartTime", "18:00:00Z"), 400, "InvalidParameter.MaintenanceWindow"},
		{"ModifyInstanceMaintenanceAttributes NotifyOnMaintenance maybe", call("ModifyInstanceMaintenanceAttributes", "InstanceId.1", b.running, "NotifyOnMaintenance", "maybe"), 400, "InvalidParameter"},
		{"ModifyInstanceMaintenanceAttributes unknown instance", call("ModifyInstanceMaintenanceAttributes", "InstanceId.1", unknown, "ActionOnMaintenance", "Stop"), 404, "InvalidInstanceId.NotFound"},
		{"ModifyInstanceMaintenanceAttributes 101 IDs", call("ModifyInstanceMaintenanceAttributes", append(idPairs(101), "ActionOnMaintenance", "Stop")...), 403, "InvalidParameter.TooManyInstanceIds"},
		{"ModifyInstanceMaintenanceAttributes another account's instance", call("ModifyInstanceMaintenanceAttributes", "InstanceId.1", b.stranger, "ActionOnMaintenance", "Stop"), 404, "InvalidInstanceId.NotFound"},
		{"DescribeInstanceAttachmentAttributes InstanceIds not JSON", call("DescribeInstanceAttachmentAttributes", "InstanceIds", "i-x"), 400, "InvalidParameter"},
		{"DescribeInstanceAttachmentAttributes 101 IDs", call("DescribeInstanceAttachmentAttributes", "InstanceIds", manyInstanceIDs(101)), 403, "InvalidParameter.TooManyInstanceIds"},
		{"DescribeInstanceAttachmentAttributes without RegionId", call("DescribeInstanceAttachmentAttributes", "RegionId", "", "InstanceIds", `["`+b.running+`"]`), 400, "MissingParameter"},
		{"ModifyInstanceAttachmentAttributes unknown instance", call("ModifyInstanceAttachmentAttributes", "InstanceId", unknown, "PrivatePoolOptions.MatchCriteria", "None"), 404, "InvalidInstanceId.NotFound"},
		{"ModifyInstanceAttachmentAttributes another account's instance", call("ModifyInstanceAttachmentAttributes", "InstanceId", b.stranger, "PrivatePoolOptions.MatchCriteria", "None"), 404, "InvalidInstanceId.NotFound"},
		{"ModifyInstanceAttachmentAttributes without criteria", call("ModifyInstanceAttachmentAttributes", "InstanceId", b.running), 400, "MissingParameter"},
		{"ModifyInstanceAttachmentAttributes Sometimes", call("ModifyInstanceAttachmentAttributes", "InstanceId", b.running, "PrivatePoolOptions.MatchCriteria", "Sometimes"), 400, "Invalid.PrivatePoolOptions.MatchCriteria"},
		{"ModifyInstanceAttachmentAttributes Target", call("ModifyInstanceAttachmentAttributes", "InstanceId", b.running, "PrivatePoolOptions.MatchCriteria", "Target"), 400, "MissingParameter.PrivatePoolOptionsId"},
		{"ModifyInstanceAttachmentAttributes a pool", call("ModifyInstanceAttachmentAttributes", "InstanceId", b.running, "PrivatePoolOptions.MatchCriteria", "Target", "PrivatePoolOptions.Id", "eap-x"), 400, "Invalid.PrivatePoolOptions.Id"},
		{"DescribeInstanceRamRole InstanceIds not JSON", call("DescribeInstanceRamRole", "InstanceIds", "i-x"), 400, "InvalidParameter"},
		{"DescribeInstanceRamRole 101 IDs", call("DescribeInstanceRamRole", "InstanceIds", manyInstanceIDs(101)), 403, "InvalidParameter.TooManyInstanceIds"},
		{"DescribeInstanceRamRole without RegionId", call("DescribeInstanceRamRole", "RegionId", ""), 400, "MissingParameter"},
		{"DescribeInstanceAutoRenewAttribute RenewalStatus Sometimes", call("DescribeInstanceAutoRenewAttribute", "RenewalStatus", "Sometimes"), 400, "InvalidRenewalStatus.ValueNotSupported"},
		{"DescribeInstanceAutoRenewAttribute without RegionId", call("DescribeInstanceAutoRenewAttribute", "RegionId", "", "InstanceId", b.running), 400, "MissingParameter"},
		{"DescribeInstanceAutoRenewAttribute 101 IDs", call("DescribeInstanceAutoRenewAttribute", "InstanceId", commaIDList(101)), 403, "InvalidParameter.TooManyInstanceIds"},
		{"ModifyInstanceAutoRenewAttribute postpaid", call("ModifyInstanceAutoRenewAttribute", "InstanceId", b.running, "RenewalStatus", "AutoRenewal"), 400, "ChargeTypeViolation"},
		{"ModifyInstanceAutoRenewAttribute without InstanceId", call("ModifyInstanceAutoRenewAttribute", "RenewalStatus", "AutoRenewal"), 400, "MissingParameter"},
		{"ModifyInstanceAutoRenewAttribute PeriodUnit Day", call("ModifyInstanceAutoRenewAttribute", "InstanceId", b.running, "PeriodUnit", "Day"), 400, "InvalidPeriodUnit.ValueNotSupported"},
		{"ModifyInstanceAutoRenewAttribute unknown instance", call("ModifyInstanceAutoRenewAttribute", "InstanceId", unknown, "RenewalStatus", "Normal"), 404, "InvalidInstanceId.NotFound"},
		{"ModifyInstanceAutoRenewAttribute another account's instance", call("ModifyInstanceAutoRenewAttribute", "InstanceId", b.stranger, "RenewalStatus", "Normal"), 404, "InvalidInstanceId.NotFound"},
	}
	return rows
}

func idPairs(n int) []string {
	var kv []string
	for i := 1; i <= n; i++ {
		kv = append(kv, fmt.Sprintf("InstanceId.%d", i), fmt.Sprintf("i-bp%018d", i))
	}
	return kv
}

func manyInstanceIDs(n int) string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf(`"i-bp%018d"`, i)
	}
	return "[" + strings.Join(ids, ",") + "]"
}

func commaIDList(n int) string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("i-bp%018d", i)
	}
	return strings.Join(ids, ",")
}

// changeRows are the rows of the spec, network and membership actions.
func (b badInstanceWorld) changeRows(call func(string, ...string) func(testing.TB) *http.Request) []instanceBadInput {
	const unknown = "i-bp1nosuchinstance00"
	sg := string(b.group.ID)
	ids := func(list ...string) string { return `["` + strings.Join(list, `","`) + `"]` }
	return []instanceBadInput{
		{"ModifyInstanceSpec while running", call("ModifyInstanceSpec", "InstanceId", b.running, "InstanceType", "ecs.g7.xlarge"), 403, "IncorrectInstanceStatus"},
		{"ModifyInstanceSpec unknown type", call("ModifyInstanceSpec", "InstanceId", b.stopped, "InstanceType", "ecs.g99.huge"), 400, "InvalidInstanceType.ValueNotSupported"},
		{"ModifyInstanceSpec type not in the zone", call("ModifyInstanceSpec", "InstanceId", b.stopped, "InstanceType", "ecs.n4.large"), 403, "InvalidInstanceType.ZoneNotSupported"},
		{"ModifyInstanceSpec bandwidth 101", call("ModifyInstanceSpec", "InstanceId", b.running, "InternetMaxBandwidthOut", "101"), 400, "InvalidInternetMaxBandwidthOut.Malformed"},
		{"ModifyInstanceSpec temporary bandwidth", call("ModifyInstanceSpec", "InstanceId", b.running, "Temporary.InternetMaxBandwidthOut", "50"), 400, "InvalidParameter"},
		{"ModifyInstanceSpec system disk category", call("ModifyInstanceSpec", "InstanceId", b.stopped, "SystemDisk.Category", "cloud_essd"), 400, "InvalidParameter"},
		{"ModifyInstanceSpec DryRun maybe", call("ModifyInstanceSpec", "InstanceId", b.stopped, "DryRun", "maybe"), 400, "InvalidParameter"},
		{"ModifyInstanceSpec without InstanceId", call("ModifyInstanceSpec", "InstanceType", "ecs.g7.xlarge"), 400, "MissingParameter"},
		{"ModifyInstanceSpec another account's instance", call("ModifyInstanceSpec", "InstanceId", b.stranger, "InternetMaxBandwidthOut", "5"), 404, "InvalidInstanceId.NotFound"},
		{"ModifyPrepayInstanceSpec postpaid", call("ModifyPrepayInstanceSpec", "InstanceId", b.running, "InstanceType", "ecs.g7.xlarge"), 400, "ChargeTypeViolation"},
		{"ModifyPrepayInstanceSpec without InstanceType", call("ModifyPrepayInstanceSpec", "InstanceId", b.running), 400, "MissingParameter"},
		{"ModifyPrepayInstanceSpec unknown instance", call("ModifyPrepayInstanceSpec", "InstanceId", unknown, "InstanceType", "ecs.g7.xlarge"), 404, "InvalidInstanceId.NotFound"},
		{"ModifyPrepayInstanceSpec another account's instance", call("ModifyPrepayInstanceSpec", "InstanceId", b.stranger, "InstanceType", "ecs.g7.xlarge"), 404, "InvalidInstanceId.NotFound"},
		{"ModifyPrepayInstanceSpec OperatorType sideways", call("ModifyPrepayInstanceSpec", "InstanceId", b.running, "InstanceType", "ecs.g7.xlarge", "OperatorType", "sideways"), 400, "InvalidOperatorType.ValueNotSupported"},
		{"ModifyPrepayInstanceSpec RebootTime", call("ModifyPrepayInstanceSpec", "InstanceId", b.running, "InstanceType", "ecs.g7.xlarge", "RebootTime", "2030-01-01T00:00Z"), 400, "InvalidParameter"},
		{"ModifyInstanceNetworkSpec NetworkChargeType Free", call("ModifyInstanceNetworkSpec", "InstanceId", b.running, "NetworkChargeType", "Free"), 400, "InvalidInternetChargeType.ValueNotSupported"},
		{"ModifyInstanceNetworkSpec bandwidth in 50 of 5", call("ModifyInstanceNetworkSpec", "InstanceId", b.running, "InternetMaxBandwidthOut", "5", "InternetMaxBandwidthIn", "50"), 400, "InvalidInternetMaxBandwidthIn.Malformed"},
		{"ModifyInstanceNetworkSpec allocate without bandwidth", call("ModifyInstanceNetworkSpec", "InstanceId", b.running, "AllocatePublicIp", "true"), 400, "InvalidParameter.Bandwidth"},
		{"ModifyInstanceNetworkSpec while pending", call("ModifyInstanceNetworkSpec", "InstanceId", b.pending, "InternetMaxBandwidthOut", "5"), 403, "IncorrectInstanceStatus"},
		{"ModifyInstanceNetworkSpec temporary", call("ModifyInstanceNetworkSpec", "InstanceId", b.running, "StartTime", "2030-01-01T00:00Z"), 400, "InvalidParameter"},
		{"ModifyInstanceNetworkSpec without InstanceId", call("ModifyInstanceNetworkSpec", "InternetMaxBandwidthOut", "5"), 400, "MissingParameter"},
		{"ModifyInstanceNetworkSpec another account's instance", call("ModifyInstanceNetworkSpec", "InstanceId", b.stranger, "InternetMaxBandwidthOut", "5"), 404, "InvalidInstanceId.NotFound"},
		{"ModifyInstanceNetworkSpec unknown instance", call("ModifyInstanceNetworkSpec", "InstanceId", unknown, "InternetMaxBandwidthOut", "5"), 404, "InvalidInstanceId.NotFound"},
		{"AllocatePublicIpAddress without bandwidth", call("AllocatePublicIpAddress", "InstanceId", b.running), 400, "InvalidParameter.Bandwidth"},
		{"AllocatePublicIpAddress while pending", call("AllocatePublicIpAddress", "InstanceId", b.pending), 403, "IncorrectInstanceStatus"},
		{"AllocatePublicIpAddress VlanId", call("AllocatePublicIpAddress", "InstanceId", b.running, "VlanId", "10"), 403, "OperationDenied.NoVlan"},
		{"AllocatePublicIpAddress without InstanceId", call("AllocatePublicIpAddress"), 400, "MissingParameter"},
		{"AllocatePublicIpAddress another account's instance", call("AllocatePublicIpAddress", "InstanceId", b.stranger), 404, "InvalidInstanceId.NotFound"},
		{"AllocatePublicIpAddress unknown instance", call("AllocatePublicIpAddress", "InstanceId", unknown), 404, "InvalidInstanceId.NotFound"},
		{"JoinSecurityGroup without SecurityGroupId", call("JoinSecurityGroup", "InstanceId", b.running), 400, "MissingParameter"},
		{"JoinSecurityGroup without an instance", call("JoinSecurityGroup", "SecurityGroupId", sg), 400, "MissingParameter"},
		{"JoinSecurityGroup both instance and interface", call("JoinSecurityGroup", "InstanceId", b.running, "NetworkInterfaceId", "eni-x", "SecurityGroupId", sg), 403, "InvalidParam.EniIdAndInstanceId.Conflict"},
		{"JoinSecurityGroup unknown interface", call("JoinSecurityGroup", "NetworkInterfaceId", "eni-bp1nosuchinterface", "SecurityGroupId", sg), 404, "InvalidEniId.NotFound"},
		{"JoinSecurityGroup already in it", call("JoinSecurityGroup", "InstanceId", b.running, "SecurityGroupId", sg), 403, "InvalidInstanceId.AlreadyExists"},
		{"JoinSecurityGroup another VPC's group", call("JoinSecurityGroup", "InstanceId", b.running, "SecurityGroupId", string(b.otherGroup.ID)), 400, "InvalidInstanceId.Mismatch"},
		{"JoinSecurityGroup another account's group", call("JoinSecurityGroup", "InstanceId", b.running, "SecurityGroupId", string(b.strangerGroup.ID)), 404, "InvalidSecurityGroupId.NotFound"},
		{"JoinSecurityGroup another account's instance", call("JoinSecurityGroup", "InstanceId", b.stranger, "SecurityGroupId", sg), 404, "InvalidInstanceId.NotFound"},
		{"JoinSecurityGroup while pending", call("JoinSecurityGroup", "InstanceId", b.pending, "SecurityGroupId", string(b.otherGroup.ID)), 403, "IncorrectInstanceStatus"},
		{"JoinSecurityGroup malformed group ID", call("JoinSecurityGroup", "InstanceId", b.running, "SecurityGroupId", "web-servers"), 404, "InvalidSecurityGroupId.NotFound"},
		{"LeaveSecurityGroup the last group", call("LeaveSecurityGroup", "InstanceId", b.running, "SecurityGroupId", sg), 403, "InstanceLastSecurityGroup"},
		{"LeaveSecurityGroup not a member", call("LeaveSecurityGroup", "InstanceId", b.running, "SecurityGroupId", string(b.otherGroup.ID)), 403, "InstanceNotInSecurityGroup"},
		{"LeaveSecurityGroup without SecurityGroupId", call("LeaveSecurityGroup", "InstanceId", b.running), 400, "MissingParameter"},
		{"LeaveSecurityGroup another account's instance", call("LeaveSecurityGroup", "InstanceId", b.stranger, "SecurityGroupId", sg), 404, "InvalidInstanceId.NotFound"},
		{"LeaveSecurityGroup another account's group", call("LeaveSecurityGroup", "InstanceId", b.running, "SecurityGroupId", string(b.strangerGroup.ID)), 404, "InvalidSecurityGroupId.NotFound"},
		{"LeaveSecurityGroup unknown group", call("LeaveSecurityGroup", "InstanceId", b.running, "SecurityGroupId", "sg-bp1nosuchgroup00000"), 404, "InvalidSecurityGroupId.NotFound"},
		{"AttachKeyPair without KeyPairName", call("AttachKeyPair", "InstanceIds", ids(b.running)), 400, "MissingParameter"},
		{"AttachKeyPair without InstanceIds", call("AttachKeyPair", "KeyPairName", b.keyPair.Name), 400, "MissingParameter"},
		{"AttachKeyPair InstanceIds not JSON", call("AttachKeyPair", "KeyPairName", b.keyPair.Name, "InstanceIds", b.running), 400, "InvalidInstanceIds.ValueNotSupported"},
		{"AttachKeyPair 51 instances", call("AttachKeyPair", "KeyPairName", b.keyPair.Name, "InstanceIds", manyInstanceIDs(51)), 400, "InvalidInstanceIds.ValueNotSupported"},
		{"AttachKeyPair unknown key pair", call("AttachKeyPair", "KeyPairName", "nobody", "InstanceIds", ids(b.running)), 400, "InvalidKeyPairName.NotFound"},
		{"AttachKeyPair Windows instance", call("AttachKeyPair", "KeyPairName", b.keyPair.Name, "InstanceIds", ids(b.windows)), 403, "DependencyViolation.WindowsInstance"},
		{"AttachKeyPair key pair of another region", call("AttachKeyPair", "RegionId", "cn-shanghai", "KeyPairName", b.keyPair.Name, "InstanceIds", ids(b.running)), 400, "InvalidKeyPairName.NotFound"},
		{"DetachKeyPair unknown key pair", call("DetachKeyPair", "KeyPairName", "nobody", "InstanceIds", ids(b.running)), 400, "InvalidKeyPairName.NotFound"},
		{"DetachKeyPair InstanceIds not JSON", call("DetachKeyPair", "KeyPairName", b.keyPair.Name, "InstanceIds", b.running), 400, "InvalidInstanceIds.ValueNotSupported"},
		{"DetachKeyPair 51 instances", call("DetachKeyPair", "KeyPairName", b.keyPair.Name, "InstanceIds", manyInstanceIDs(51)), 400, "InvalidInstanceIds.ValueNotSupported"},
		{"DetachKeyPair without KeyPairName", call("DetachKeyPair", "InstanceIds", ids(b.running)), 400, "MissingParameter"},
		{"DetachKeyPair without RegionId", call("DetachKeyPair", "RegionId", "", "KeyPairName", b.keyPair.Name, "InstanceIds", ids(b.running)), 400, "MissingParameter"},
		{"JoinResourceGroup without ResourceGroupId", call("JoinResourceGroup", "ResourceType", "instance", "ResourceId", b.running), 400, "MissingParameter"},
		{"JoinResourceGroup without ResourceType", call("JoinResourceGroup", "ResourceGroupId", "rg-x", "ResourceId", b.running), 400, "MissingParameter"},
		{"JoinResourceGroup unknown type", call("JoinResourceGroup", "ResourceType", "spaceship", "ResourceGroupId", "rg-x", "ResourceId", b.running), 400, "InvalidResourceType.NotSupported"},
		{"JoinResourceGroup another account's instance", call("JoinResourceGroup", "ResourceType", "instance", "ResourceGroupId", "rg-x", "ResourceId", b.stranger), 404, "InvalidResourceId.NotFound"},
		{"DescribeNetworkInterfaces Type Virtual", call("DescribeNetworkInterfaces", "Type", "Virtual"), 400, "InvalidParameter"},
		{"DescribeNetworkInterfaces Status Sleeping", call("DescribeNetworkInterfaces", "Status", "Sleeping"), 400, "InvalidParameter"},
		{"DescribeNetworkInterfaces PageSize 1001", call("DescribeNetworkInterfaces", "PageSize", "1001"), 400, "InvalidParameter"},
		{"DescribeNetworkInterfaces MaxResults 9", call("DescribeNetworkInterfaces", "MaxResults", "9"), 400, "InvalidParameter"},
		{"DescribeNetworkInterfaces NetworkInterfaceId.0", call("DescribeNetworkInterfaces", "NetworkInterfaceId.0", "eni-x"), 400, "InvalidParameter"},
		{"DescribeNetworkInterfaces 101 interface IDs", call("DescribeNetworkInterfaces", eniPairs(101)...), 400, "InvalidParameter"},
		{"DescribeNetworkInterfaces Tag value without key", call("DescribeNetworkInterfaces", "Tag.1.Value", "v"), 400, "InvalidTagKey.Malformed"},
		{"DescribeNetworkInterfaces ServiceManaged maybe", call("DescribeNetworkInterfaces", "ServiceManaged", "maybe"), 400, "InvalidParameter"},
		{"DescribeNetworkInterfaces without RegionId", call("DescribeNetworkInterfaces", "RegionId", ""), 400, "MissingParameter"},
	}
}

func eniPairs(n int) []string {
	var kv []string
	for i := 1; i <= n; i++ {
		kv = append(kv, fmt.Sprintf("NetworkInterfaceId.%d", i), fmt.Sprintf("eni-bp%018d", i))
	}
	return kv
}

// catalogRows are the rows of the catalog reads.
func catalogRows(call func(string, ...string) func(testing.TB) *http.Request) []instanceBadInput {
	return []instanceBadInput{
		{"DescribeImages OSType beos", call("DescribeImages", "OSType", "beos"), 400, "InvalidParameter"},
		{"DescribeImages Architecture sparc", call("DescribeImages", "Architecture", "sparc"), 400, "InvalidParameter"},
		{"DescribeImages ImageOwnerAlias nobody", call("DescribeImages", "ImageOwnerAlias", "nobody"), 400, "InvalidParameter"},
		{"DescribeImages Status Melting", call("DescribeImages", "Status", "Available,Melting"), 400, "InvalidParameter"},
		{"DescribeImages PageSize 101", call("DescribeImages", "PageSize", "101"), 400, "InvalidParameter"},
		{"DescribeImages IsPublic maybe", call("DescribeImages", "IsPublic", "maybe"), 400, "InvalidParameter"},
		{"DescribeImages 101 IDs", call("DescribeImages", "ImageId", commaIDList(101)), 400, "InvalidParameter"},
		{"DescribeImages without RegionId", call("DescribeImages", "RegionId", ""), 400, "MissingParameter"},
		{"DescribeImages DryRun", call("DescribeImages", "DryRun", "true"), 400, "DryRunOperation"},
		{"DescribeImageSupportInstanceTypes unknown image", call("DescribeImageSupportInstanceTypes", "ImageId", "m-nosuch"), 404, "InvalidImageId.NotFound"},
		{"DescribeImageSupportInstanceTypes without RegionId", call("DescribeImageSupportInstanceTypes", "RegionId", "", "ImageId", image), 400, "MissingParameter"},
		{"DescribeImageSupportInstanceTypes without ImageId", call("DescribeImageSupportInstanceTypes"), 400, "MissingParameter"},
		{"DescribeInstanceTypes 11 types", call("DescribeInstanceTypes", typePairs(11)...), 400, "InvalidParameter"},
		{"DescribeInstanceTypes CpuArchitecture RISCV", call("DescribeInstanceTypes", "CpuArchitecture", "RISCV"), 400, "InvalidParameter"},
		{"DescribeInstanceTypes MinimumMemorySize lots", call("DescribeInstanceTypes", "MinimumMemorySize", "lots"), 400, "InvalidParameter"},
		{"DescribeInstanceTypes MaxResults 1601", call("DescribeInstanceTypes", "MaxResults", "1601"), 400, "InvalidParameter"},
		{"DescribeInstanceTypes NextToken forged", call("DescribeInstanceTypes", "NextToken", "all-of-them"), 400, "InvalidParameter"},
		{"DescribeInstanceTypeFamilies without RegionId", call("DescribeInstanceTypeFamilies", "RegionId", ""), 400, "MissingParameter"},
		{"DescribeAvailableResource without DestinationResource", call("DescribeAvailableResource"), 400, "MissingParameter"},
		{"DescribeAvailableResource DestinationResource Moon", call("DescribeAvailableResource", "DestinationResource", "Moon"), 400, "InvalidParameter"},
		{"DescribeAvailableResource unknown InstanceType", call("DescribeAvailableResource", "DestinationResource", "Zone", "InstanceType", "ecs.g99.huge"), 400, "InvalidInstanceType.ValueNotSupported"},
		{"DescribeAvailableResource unknown ZoneId", call("DescribeAvailableResource", "DestinationResource", "Zone", "ZoneId", "cn-hangzhou-z"), 404, "InvalidZoneId.NotFound"},
		{"DescribeAvailableResource InstanceChargeType Free", call("DescribeAvailableResource", "DestinationResource", "Zone", "InstanceChargeType", "Free"), 404, "InvalidInstanceChargeType.NotFound"},
		{"DescribeAvailableResource SpotStrategy Cheap", call("DescribeAvailableResource", "DestinationResource", "Zone", "SpotStrategy", "Cheap"), 400, "InvalidSpotStrategy"},
		{"DescribeAvailableResource NetworkCategory mesh", call("DescribeAvailableResource", "DestinationResource", "Zone", "NetworkCategory", "mesh"), 400, "InvalidParameter"},
		{"DescribeAvailableResource Cores many", call("DescribeAvailableResource", "DestinationResource", "InstanceType", "Cores", "many"), 400, "InvalidParameter"},
		{"DescribeAvailableResource Memory -1", call("DescribeAvailableResource", "DestinationResource", "InstanceType", "Memory", "-1"), 400, "InvalidParameter"},
		{"DescribeZones Verbose maybe", call("DescribeZones", "Verbose", "maybe"), 400, "InvalidParameter"},
		{"DescribeZones without RegionId", call("DescribeZones", "RegionId", ""), 400, "MissingParameter"},
		{"DescribeZones unknown RegionId", call("DescribeZones", "RegionId", "mars-1"), 404, "InvalidRegionId.NotFound"},
		{"DescribeZones InstanceChargeType Free", call("DescribeZones", "InstanceChargeType", "Free"), 404, "InvalidInstanceChargeType.NotFound"},
	}
}

func typePairs(n int) []string {
	var kv []string
	for i := 1; i <= n; i++ {
		kv = append(kv, fmt.Sprintf("InstanceTypes.%d", i), "ecs.g7.large")
	}
	return kv
}
