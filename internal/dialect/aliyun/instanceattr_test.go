package aliyun_test

import (
	"reflect"
	"testing"

	teaecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"

	"github.com/ecsd/ecsd/internal/app/apptest"
)

// fieldOf reads one field of an instance through the classic SDK's
// DescribeInstances.
func fieldOf(t *testing.T, env *apptest.Env, id, path string) any {
	t.Helper()
	f := describeEverywhere(t, env, id)["classic-JSON"]
	v, ok := f.at(path)
	if !ok {
		t.Fatalf("%s is missing", path)
	}
	return v
}

// stopAndSettle stops an instance through the classic SDK and lets it
// reach Stopped.
func stopAndSettle(t *testing.T, env *apptest.Env, id string) {
	t.Helper()
	req := classicecs.CreateStopInstanceRequest()
	req.InstanceId = id
	if _, err := classicSDK(t, env).StopInstance(req); err != nil {
		t.Fatal(err)
	}
	settle(env)
}

func TestDescribeInstanceAttribute(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	w := newWorld(t, env)
	g2 := w.group2(t, "sg-2")
	id := runFull(t, env, w, string(g2.ID))
	settle(env)
	ip := fieldOf(t, env, id, "PublicIpAddress.IpAddress[0]")

	req := classicecs.CreateDescribeInstanceAttributeRequest()
	req.InstanceId = id
	cl, err := classicSDK(t, env).DescribeInstanceAttribute(req)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := teaSDK(t, env, "").DescribeInstanceAttribute(&teaecs.DescribeInstanceAttributeRequest{InstanceId: tea.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"InstanceId": id, "InstanceName": "web-0001", "HostName": "k8s-" + id, "Description": "front end",
		"ImageId": ubuntuImage, "RegionId": region, "ZoneId": worldZone, "Cpu": 1, "Memory": 8192, "InstanceType": itype,
		"Status": "Running", "CreationTime": minuteTime, "ExpiredTime": "2099-12-31T15:59Z", "SerialNumber": uuidShape,
		"InstanceNetworkType": "vpc", "StoppedMode": "Not-applicable", "InternetMaxBandwidthIn": 15, "InternetMaxBandwidthOut": 20,
		"InstanceChargeType": "PostPaid", "InternetChargeType": "PayByBandwidth", "IoOptimized": "optimized",
		"EnableJumboFrame": false, "SecurityGroupIds.SecurityGroupId": []any{string(w.group.ID), string(g2.ID)},
		"PublicIpAddress.IpAddress": []any{ip}, "VpcAttributes.VpcId": string(w.vpc.ID),
		"VpcAttributes.VSwitchId": string(w.vswitch.ID), "VpcAttributes.PrivateIpAddress.IpAddress": []any{"172.16.0.10"},
	}
	flatten(t, cl).check(t, "classic", want)
	flatten(t, tr.Body).check(t, "tea", want)
	if tea.StringValue(tr.Body.RequestId) == "" || cl.RequestId == "" {
		t.Error("no RequestId")
	}
}

func TestDescribeUserData(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	w := newWorld(t, env)
	id := runFull(t, env, w, string(w.group2(t, "sg-2").ID))
	req := classicecs.CreateDescribeUserDataRequest()
	req.InstanceId, req.RegionId = id, region
	cl, err := classicSDK(t, env).DescribeUserData(req)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := teaSDK(t, env, "v2").DescribeUserData(&teaecs.DescribeUserDataRequest{InstanceId: tea.String(id), RegionId: tea.String(region)})
	if err != nil {
		t.Fatal(err)
	}
	const sent = "IyEvYmluL3NoCmVjaG8gaGVsbG8K"
	if cl.UserData != sent || cl.InstanceId != id || cl.RegionId != region {
		t.Errorf("classic DescribeUserData = %+v", cl)
	}
	if tea.StringValue(tr.Body.UserData) != sent || tea.StringValue(tr.Body.InstanceId) != id {
		t.Errorf("tea DescribeUserData = %v", tr.Body)
	}
	// An instance without user data shows an empty string.
	other := runOne(t, newClassicClient(t, env.Host, region, apptest.AccessKeyID, apptest.AccessKeySecret))
	req.InstanceId = other
	cl, err = classicSDK(t, env).DescribeUserData(req)
	if err != nil || cl.UserData != "" {
		t.Errorf("no user data: %v %q", err, cl.UserData)
	}
}

// TestModifyInstanceAttribute changes every attribute, through tea-rpc as
// the provider does (resource_alicloud_instance.go:2888-2979) and through
// both SDKs, and reads each change back.
func TestModifyInstanceAttribute(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	w := newWorld(t, env)
	g2 := w.group2(t, "sg-2")
	id := runFull(t, env, w, string(g2.ID))
	settle(env)
	r := newTeaRPC(t, env)
	r.mustPost("ModifyInstanceAttribute", map[string]any{"RegionId": region, "ClientToken": "token-1", "InstanceId": id,
		"InstanceName": "web-renamed", "Description": "renamed", "DeletionProtection": false, "CreditSpecification": nil})
	if got := fieldOf(t, env, id, "InstanceName"); got != "web-renamed" {
		t.Errorf("InstanceName = %v", got)
	}
	if got := fieldOf(t, env, id, "DeletionProtection"); got != false {
		t.Errorf("DeletionProtection = %v", got)
	}
	// User data needs the instance stopped.
	_, err := r.post("ModifyInstanceAttribute", nil, map[string]any{"RegionId": region, "InstanceId": id, "UserData": "ZWNobyBoaQ=="})
	if code, status := teaRPCError(t, err); code != "InvalidStatus.StoppedRequired" || status != 400 {
		t.Fatalf("user data while running: %s %d", code, status)
	}
	stopAndSettle(t, env, id)
	_, err = teaSDK(t, env, "").ModifyInstanceAttribute(&teaecs.ModifyInstanceAttributeRequest{
		InstanceId: tea.String(id), UserData: tea.String("ZWNobyBoaQ=="), HostName: tea.String("web.internal"),
		Password: tea.String("N3w-Passw0rd"), SecurityGroupIds: tea.StringSlice([]string{string(g2.ID)}),
		EnableJumboFrame: tea.Bool(true), CpuOptions: &teaecs.ModifyInstanceAttributeRequestCpuOptions{TopologyType: tea.String("ContinuousCoreToHTMapping")},
	})
	if err != nil {
		t.Fatal(err)
	}
	creq := classicecs.CreateModifyInstanceAttributeRequest()
	creq.InstanceId, creq.Description = id, "changed by the classic SDK"
	if _, err := classicSDK(t, env).ModifyInstanceAttribute(creq); err != nil {
		t.Fatal(err)
	}
	ud := classicecs.CreateDescribeUserDataRequest()
	ud.InstanceId = id
	if got, err := classicSDK(t, env).DescribeUserData(ud); err != nil || got.UserData != "ZWNobyBoaQ==" {
		t.Errorf("user data after the change: %v %q", err, got.UserData)
	}
	f := describeEverywhere(t, env, id)["tea-acs3"]
	f.check(t, "tea", map[string]any{
		"HostName": "web.internal", "Description": "changed by the classic SDK", "InstanceName": "web-renamed",
		"SecurityGroupIds.SecurityGroupId": []any{string(g2.ID)}, "CpuOptions.TopologyType": "ContinuousCoreToHTMapping",
	})
	attr := classicecs.CreateDescribeInstanceAttributeRequest()
	attr.InstanceId = id
	if got, err := classicSDK(t, env).DescribeInstanceAttribute(attr); err != nil || !got.EnableJumboFrame {
		t.Errorf("EnableJumboFrame after the change: %v %v", err, got.EnableJumboFrame)
	}
}

func TestModifyInstanceMetadataOptions(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	c := newClassicClient(t, env.Host, region, apptest.AccessKeyID, apptest.AccessKeySecret)
	id := runOne(t, c)
	settle(env)
	// The provider's call right after create (resource_alicloud_instance.go:2325/2342).
	newTeaRPC(t, env).mustPost("ModifyInstanceMetadataOptions", map[string]any{"RegionId": region, "InstanceId": id, "HttpEndpoint": "enabled", "HttpTokens": "required"})
	if _, err := teaSDK(t, env, "").ModifyInstanceMetadataOptions(&teaecs.ModifyInstanceMetadataOptionsRequest{
		RegionId: tea.String(region), InstanceId: tea.String(id), HttpPutResponseHopLimit: tea.Int32(8),
	}); err != nil {
		t.Fatal(err)
	}
	f := describeEverywhere(t, env, id)
	for sdk, fl := range f {
		fl.check(t, sdk, map[string]any{"MetadataOptions.HttpEndpoint": "enabled", "MetadataOptions.HttpTokens": "required", "MetadataOptions.HttpPutResponseHopLimit": 8})
	}
	req := classicecs.CreateModifyInstanceMetadataOptionsRequest()
	req.InstanceId, req.HttpEndpoint = id, "disabled"
	if _, err := classicSDK(t, env).ModifyInstanceMetadataOptions(req); err != nil {
		t.Fatal(err)
	}
	if got := fieldOf(t, env, id, "MetadataOptions.HttpEndpoint"); got != "disabled" {
		t.Errorf("HttpEndpoint = %v", got)
	}
}

func TestInstanceMaintenanceAttributes(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	c := newClassicClient(t, env.Host, region, apptest.AccessKeyID, apptest.AccessKeySecret)
	id := runOne(t, c)
	other := runOne(t, c)
	// The provider reads these on every refresh (service_alicloud_ecs.go:3250-3287): no window
	// unless one was set, so that maintenance_time shows no diff.
	r := newTeaRPC(t, env)
	resp := r.mustPost("DescribeInstanceMaintenanceAttributes", map[string]any{"RegionId": region, "InstanceId": []string{id}})
	attr := jsonPath(t, resp, "MaintenanceAttributes", "MaintenanceAttribute", 0)
	if jsonPath(t, attr, "InstanceId") != id || len(jsonPath(t, attr, "MaintenanceWindows", "MaintenanceWindow").([]any)) != 0 ||
		jsonPath(t, attr, "ActionOnMaintenance", "Value") != "AutoRecover" || jsonPath(t, attr, "NotifyOnMaintenance") != false {
		t.Fatalf("default maintenance attributes: %v", attr)
	}
	r.mustPost("ModifyInstanceMaintenanceAttributes", map[string]any{"RegionId": region, "InstanceId": []string{id},
		"MaintenanceWindow":   []map[string]any{{"StartTime": "18:00:00Z", "EndTime": "20:00:00Z"}},
		"ActionOnMaintenance": "AutoRedeploy", "NotifyOnMaintenance": true})
	tr, err := teaSDK(t, env, "").DescribeInstanceMaintenanceAttributes(&teaecs.DescribeInstanceMaintenanceAttributesRequest{
		RegionId: tea.String(region), InstanceId: tea.StringSlice([]string{id, other}),
	})
	if err != nil {
		t.Fatal(err)
	}
	got := tr.Body.MaintenanceAttributes.MaintenanceAttribute
	if tea.Int32Value(tr.Body.TotalCount) != 2 || len(got) != 2 || tea.StringValue(got[0].InstanceId) != id {
		t.Fatalf("tea: %v", tr.Body)
	}
	a := got[0]
	if len(a.MaintenanceWindows.MaintenanceWindow) != 1 || tea.StringValue(a.MaintenanceWindows.MaintenanceWindow[0].StartTime) != "18:00:00Z" ||
		tea.StringValue(a.MaintenanceWindows.MaintenanceWindow[0].EndTime) != "20:00:00Z" || tea.StringValue(a.ActionOnMaintenance.Value) != "AutoRedeploy" ||
		tea.StringValue(a.ActionOnMaintenance.DefaultValue) != "AutoRecover" || !tea.BoolValue(a.NotifyOnMaintenance) ||
		!reflect.DeepEqual(tea.StringSliceValue(a.ActionOnMaintenance.SupportedValues.SupportedValue), []string{"Stop", "AutoRecover", "AutoRedeploy"}) {
		t.Errorf("modified attributes: %v", a)
	}
	mreq := classicecs.CreateModifyInstanceMaintenanceAttributesRequest()
	mreq.RegionId, mreq.InstanceId, mreq.ActionOnMaintenance = region, &[]string{other}, "Stop"
	mreq.MaintenanceWindow = &[]classicecs.ModifyInstanceMaintenanceAttributesMaintenanceWindow{{StartTime: "02:00:00Z", EndTime: "03:00:00Z"}}
	if _, err := classicSDK(t, env).ModifyInstanceMaintenanceAttributes(mreq); err != nil {
		t.Fatal(err)
	}
	creq := classicecs.CreateDescribeInstanceMaintenanceAttributesRequest()
	creq.RegionId, creq.InstanceId = region, &[]string{other}
	cl, err := classicSDK(t, env).DescribeInstanceMaintenanceAttributes(creq)
	if err != nil || cl.TotalCount != 1 || cl.MaintenanceAttributes.MaintenanceAttribute[0].ActionOnMaintenance.Value != "Stop" ||
		cl.MaintenanceAttributes.MaintenanceAttribute[0].MaintenanceWindows.MaintenanceWindow[0].EndTime != "03:00:00Z" {
		t.Fatalf("classic: %v %+v", err, cl)
	}
}

func TestInstanceAttachmentAttributes(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	id := runOne(t, newClassicClient(t, env.Host, region, apptest.AccessKeyID, apptest.AccessKeySecret))
	ids := `["` + id + `"]`
	// The provider's read (service_alicloud_ecs.go:3701-3740).
	resp := newTeaRPC(t, env).mustPost("DescribeInstanceAttachmentAttributes", map[string]any{"InstanceIds": ids, "RegionId": region})
	inst := jsonPath(t, resp, "Instances", "Instance", 0)
	if jsonPath(t, inst, "PrivatePoolOptionsMatchCriteria") != "None" || jsonPath(t, inst, "PrivatePoolOptionsId") != "" {
		t.Fatalf("default: %v", inst)
	}
	if _, err := teaSDK(t, env, "").ModifyInstanceAttachmentAttributes(&teaecs.ModifyInstanceAttachmentAttributesRequest{
		RegionId: tea.String(region), InstanceId: tea.String(id),
		PrivatePoolOptions: &teaecs.ModifyInstanceAttachmentAttributesRequestPrivatePoolOptions{MatchCriteria: tea.String("Open")},
	}); err != nil {
		t.Fatal(err)
	}
	req := classicecs.CreateDescribeInstanceAttachmentAttributesRequest()
	req.RegionId, req.InstanceIds = region, ids
	cl, err := classicSDK(t, env).DescribeInstanceAttachmentAttributes(req)
	if err != nil || cl.TotalCount != 1 || cl.Instances.Instance[0].PrivatePoolOptionsMatchCriteria != "Open" {
		t.Fatalf("after Open: %v %+v", err, cl)
	}
}

func TestDescribeInstanceRamRole(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	id := runOne(t, newClassicClient(t, env.Host, region, apptest.AccessKeyID, apptest.AccessKeySecret))
	req := classicecs.CreateDescribeInstanceRamRoleRequest()
	req.RegionId, req.InstanceIds = region, `["`+id+`"]`
	cl, err := classicSDK(t, env).DescribeInstanceRamRole(req)
	if err != nil || cl.TotalCount != 0 || len(cl.InstanceRamRoleSets.InstanceRamRoleSet) != 0 || cl.RegionId != region {
		t.Fatalf("classic: %v %+v", err, cl)
	}
	tr, err := teaSDK(t, env, "").DescribeInstanceRamRole(&teaecs.DescribeInstanceRamRoleRequest{RegionId: tea.String(region), InstanceIds: tea.String(`["` + id + `"]`)})
	if err != nil || tea.Int32Value(tr.Body.TotalCount) != 0 || tr.Body.InstanceRamRoleSets == nil {
		t.Fatalf("tea: %v %v", err, tr)
	}
}

func TestInstanceAutoRenewAttribute(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	c := classicSDK(t, env)
	req := classicecs.CreateRunInstancesRequest()
	req.RegionId, req.ZoneId, req.ImageId, req.InstanceType = region, zoneB, image, itype
	req.InstanceChargeType, req.Period, req.PeriodUnit = "PrePaid", requests.NewInteger(3), "Month"
	req.AutoRenew, req.AutoRenewPeriod = requests.NewBoolean(true), requests.NewInteger(6)
	run, err := c.RunInstances(req)
	if err != nil {
		t.Fatal(err)
	}
	if run.OrderId == "" {
		t.Error("a prepaid launch answers no OrderId")
	}
	id := run.InstanceIdSets.InstanceIdSet[0]
	postpaid := runOne(t, newClassicClient(t, env.Host, region, apptest.AccessKeyID, apptest.AccessKeySecret))
	describe := func() classicecs.InstanceRenewAttribute {
		t.Helper()
		req := classicecs.CreateDescribeInstanceAutoRenewAttributeRequest()
		req.RegionId, req.InstanceId = region, id+","+postpaid
		resp, err := c.DescribeInstanceAutoRenewAttribute(req)
		if err != nil || resp.TotalCount != 1 || len(resp.InstanceRenewAttributes.InstanceRenewAttribute) != 1 {
			t.Fatalf("DescribeInstanceAutoRenewAttribute: %v %+v", err, resp)
		}
		return resp.InstanceRenewAttributes.InstanceRenewAttribute[0]
	}
	if a := describe(); a.InstanceId != id || !a.AutoRenewEnabled || a.Duration != 6 || a.PeriodUnit != "Month" || a.RenewalStatus != "AutoRenewal" {
		t.Fatalf("after launch: %+v", a)
	}
	if got := fieldOf(t, env, id, "ExpiredTime"); got == "2099-12-31T15:59Z" {
		t.Error("a three-month subscription shows the far-future expiry")
	}
	if _, err := teaSDK(t, env, "").ModifyInstanceAutoRenewAttribute(&teaecs.ModifyInstanceAutoRenewAttributeRequest{
		RegionId: tea.String(region), InstanceId: tea.String(id), RenewalStatus: tea.String("NotRenewal"),
	}); err != nil {
		t.Fatal(err)
	}
	if a := describe(); a.AutoRenewEnabled || a.RenewalStatus != "NotRenewal" {
		t.Fatalf("after NotRenewal: %+v", a)
	}
	mreq := classicecs.CreateModifyInstanceAutoRenewAttributeRequest()
	mreq.RegionId, mreq.InstanceId, mreq.RenewalStatus, mreq.Duration, mreq.PeriodUnit = region, id, "AutoRenewal", requests.NewInteger(1), "Year"
	if _, err := c.ModifyInstanceAutoRenewAttribute(mreq); err != nil {
		t.Fatal(err)
	}
	if a := describe(); !a.AutoRenewEnabled || a.Duration != 12 || a.PeriodUnit != "Month" {
		t.Fatalf("after a year of auto-renewal: %+v", a)
	}
	tr, err := teaSDK(t, env, "").DescribeInstanceAutoRenewAttribute(&teaecs.DescribeInstanceAutoRenewAttributeRequest{
		RegionId: tea.String(region), RenewalStatus: tea.String("AutoRenewal"),
	})
	if err != nil || tea.Int32Value(tr.Body.TotalCount) != 1 || tea.Int32Value(tr.Body.InstanceRenewAttributes.InstanceRenewAttribute[0].Duration) != 12 {
		t.Fatalf("tea: %v %v", err, tr)
	}
	mreq.InstanceId = postpaid
	_, err = c.ModifyInstanceAutoRenewAttribute(mreq)
	wantError(t, err, "ChargeTypeViolation", 400)
}

func TestDeletionProtectionAndStoppedMode(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	c := classicSDK(t, env)
	req := classicecs.CreateRunInstancesRequest()
	req.RegionId, req.ZoneId, req.ImageId, req.InstanceType = region, zoneB, image, itype
	req.DeletionProtection = requests.NewBoolean(true)
	run, err := c.RunInstances(req)
	if err != nil {
		t.Fatal(err)
	}
	id := run.InstanceIdSets.InstanceIdSet[0]
	settle(env)
	del := classicecs.CreateDeleteInstanceRequest()
	del.InstanceId, del.Force = id, requests.NewBoolean(true)
	_, err = c.DeleteInstance(del)
	wantError(t, err, "InvalidOperation.DeletionProtection", 403)
	_, err = teaSDK(t, env, "").DeleteInstances(&teaecs.DeleteInstancesRequest{RegionId: tea.String(region), InstanceId: tea.StringSlice([]string{id}), Force: tea.Bool(true)})
	wantError(t, err, "InvalidOperation.DeletionProtection", 403)

	stop := classicecs.CreateStopInstanceRequest()
	stop.InstanceId, stop.StoppedMode = id, "StopCharging"
	if _, err := c.StopInstance(stop); err != nil {
		t.Fatal(err)
	}
	if got := fieldOf(t, env, id, "StoppedMode"); got != "StopCharging" {
		t.Errorf("StoppedMode while stopping = %v", got)
	}
	settle(env)
	if got := fieldOf(t, env, id, "StoppedMode"); got != "StopCharging" {
		t.Errorf("StoppedMode when stopped = %v", got)
	}
	start := classicecs.CreateStartInstanceRequest()
	start.InstanceId = id
	if _, err := c.StartInstance(start); err != nil {
		t.Fatal(err)
	}
	settle(env)
	if got := fieldOf(t, env, id, "StoppedMode"); got != "Not-applicable" {
		t.Errorf("StoppedMode when running = %v", got)
	}
	stop = classicecs.CreateStopInstanceRequest() // the SDK keeps the parameters a request sent
	stop.InstanceId = id
	if _, err := c.StopInstance(stop); err != nil {
		t.Fatal(err)
	}
	settle(env)
	if got := fieldOf(t, env, id, "StoppedMode"); got != "KeepCharging" {
		t.Errorf("StoppedMode of a stop without a mode = %v", got)
	}
	newTeaRPC(t, env).mustPost("ModifyInstanceAttribute", map[string]any{"RegionId": region, "InstanceId": id, "DeletionProtection": false})
	if _, err := c.DeleteInstance(del); err != nil {
		t.Fatal(err)
	}
}

// TestCallsWithoutRegionId: the provider's tea-rpc StartInstance and
// RebootInstance carry no RegionId (service_alicloud_ecs.go:3832-3871);
// the instance's own region serves.
func TestCallsWithoutRegionId(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	id := must[[]string](t)(newClassicClient(t, env.Host, "cn-shanghai", apptest.AccessKeyID, apptest.AccessKeySecret).run(
		launch{region: "cn-shanghai", image: image, instanceType: itype}))[0]
	settle(env)
	r := newTeaRPC(t, env)
	r.mustPost("RebootInstance", map[string]any{"InstanceId": id, "ForceStop": true})
	settle(env)
	r.mustPost("StopInstance", map[string]any{"InstanceId": id})
	settle(env)
	r.mustPost("StartInstance", map[string]any{"InstanceId": id})
	settle(env)
	resp := r.mustPost("DescribeInstanceAttribute", map[string]any{"InstanceId": id})
	if jsonPath(t, resp, "Status") != "Running" || jsonPath(t, resp, "RegionId") != "cn-shanghai" {
		t.Fatalf("after the calls: %v", resp)
	}
	// With a RegionId, the instance must be in it.
	_, err := r.post("StopInstance", nil, map[string]any{"InstanceId": id, "RegionId": "cn-hangzhou"})
	if code, status := teaRPCError(t, err); code != "InvalidInstanceId.NotFound" || status != 404 {
		t.Fatalf("another region: %s %d", code, status)
	}
	r.mustPost("DeleteInstance", map[string]any{"InstanceId": id, "Force": true})
}
