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

// runIn launches one instance in the world's vSwitch and group through
// the classic SDK; edit adjusts the request.
func runIn(t *testing.T, env *apptest.Env, w *world, edit func(*classicecs.RunInstancesRequest)) string {
	t.Helper()
	req := classicecs.CreateRunInstancesRequest()
	req.RegionId, req.ImageId, req.InstanceType = region, image, itype
	req.VSwitchId, req.SecurityGroupId = string(w.vswitch.ID), string(w.group.ID)
	if edit != nil {
		edit(req)
	}
	resp, err := classicSDK(t, env).RunInstances(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp.InstanceIdSets.InstanceIdSet[0]
}

func TestModifyInstanceSpec(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	w := newWorld(t, env)
	id := runIn(t, env, w, nil)
	settle(env)
	c := classicSDK(t, env)
	req := classicecs.CreateModifyInstanceSpecRequest()
	req.InstanceId, req.InstanceType = id, "ecs.g7.xlarge"
	_, err := c.ModifyInstanceSpec(req)
	wantError(t, err, "IncorrectInstanceStatus", 403)
	// Bandwidth changes while running.
	if _, err := teaSDK(t, env, "").ModifyInstanceSpec(&teaecs.ModifyInstanceSpecRequest{
		InstanceId: tea.String(id), InternetMaxBandwidthOut: tea.Int32(30), InternetMaxBandwidthIn: tea.Int32(20),
	}); err != nil {
		t.Fatal(err)
	}
	stopAndSettle(t, env, id)
	_, err = teaSDK(t, env, "v2").ModifyInstanceSpec(&teaecs.ModifyInstanceSpecRequest{InstanceId: tea.String(id), InstanceType: tea.String("ecs.g8y.large")})
	wantError(t, err, "InvalidParameter.Conflict", 400) // an x86 image on an ARM type
	req = classicecs.CreateModifyInstanceSpecRequest()
	req.InstanceId, req.InstanceType, req.DryRun = id, "ecs.g7.2xlarge", requests.NewBoolean(true)
	_, err = c.ModifyInstanceSpec(req)
	wantError(t, err, "DryRunOperation", 400)
	req = classicecs.CreateModifyInstanceSpecRequest()
	req.InstanceId, req.InstanceType, req.ClientToken = id, "ecs.g7.xlarge", "spec-1"
	resp, err := c.ModifyInstanceSpec(req)
	if err != nil || resp.TaskId == "" {
		t.Fatalf("ModifyInstanceSpec: %v %+v", err, resp)
	}
	for sdk, f := range describeEverywhere(t, env, id) {
		f.check(t, sdk, map[string]any{"InstanceType": "ecs.g7.xlarge", "Cpu": 4, "Memory": 16384,
			"InternetMaxBandwidthOut": 30, "InternetMaxBandwidthIn": 20, "CpuOptions.CoreCount": 2})
	}
	req = classicecs.CreateModifyInstanceSpecRequest()
	req.InstanceId, req.InstanceType = id, "ecs.g99.huge"
	_, err = c.ModifyInstanceSpec(req)
	wantError(t, err, "InvalidInstanceType.ValueNotSupported", 400)
}

func TestModifyPrepayInstanceSpec(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	w := newWorld(t, env)
	id := runIn(t, env, w, func(r *classicecs.RunInstancesRequest) {
		r.InstanceChargeType, r.Period = "PrePaid", requests.NewInteger(1)
	})
	postpaid := runIn(t, env, w, nil)
	settle(env)
	req := classicecs.CreateModifyPrepayInstanceSpecRequest()
	req.RegionId, req.InstanceId, req.InstanceType, req.OperatorType = region, id, "ecs.r7.large", "upgrade"
	resp, err := classicSDK(t, env).ModifyPrepayInstanceSpec(req)
	if err != nil || resp.OrderId == "" {
		t.Fatalf("ModifyPrepayInstanceSpec: %v %+v", err, resp)
	}
	if got := fieldOf(t, env, id, "Memory"); got != float64(16384) {
		t.Errorf("Memory after the upgrade = %v", got)
	}
	tr, err := teaSDK(t, env, "").ModifyPrepayInstanceSpec(&teaecs.ModifyPrepayInstanceSpecRequest{
		RegionId: tea.String(region), InstanceId: tea.String(postpaid), InstanceType: tea.String("ecs.r7.large"),
	})
	wantError(t, err, "ChargeTypeViolation", 400)
	_ = tr
}

func TestPublicAddressAndNetworkSpec(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	c := classicSDK(t, env)
	create := classicecs.CreateCreateInstanceRequest()
	create.RegionId, create.ZoneId, create.ImageId, create.InstanceType = region, zoneB, image, itype
	create.InternetMaxBandwidthOut = requests.NewInteger(5)
	created, err := c.CreateInstance(create)
	if err != nil {
		t.Fatal(err)
	}
	id := created.InstanceId
	settle(env)
	// CreateInstance allocates no public address, unlike RunInstances.
	if got := fieldOf(t, env, id, "PublicIpAddress.IpAddress"); !reflect.DeepEqual(got, []any{}) {
		t.Fatalf("public address before AllocatePublicIpAddress: %v", got)
	}
	alloc := classicecs.CreateAllocatePublicIpAddressRequest()
	alloc.InstanceId = id
	ip, err := c.AllocatePublicIpAddress(alloc)
	if err != nil || ip.IpAddress == "" {
		t.Fatalf("AllocatePublicIpAddress: %v %+v", err, ip)
	}
	if got := fieldOf(t, env, id, "PublicIpAddress.IpAddress[0]"); got != ip.IpAddress {
		t.Errorf("DescribeInstances shows %v, allocated %s", got, ip.IpAddress)
	}
	_, err = c.AllocatePublicIpAddress(alloc)
	wantError(t, err, "AllocatedAlready", 403)

	spec := classicecs.CreateModifyInstanceNetworkSpecRequest()
	spec.InstanceId, spec.InternetMaxBandwidthOut = id, requests.NewInteger(0)
	if _, err := c.ModifyInstanceNetworkSpec(spec); err != nil {
		t.Fatal(err)
	}
	if got := fieldOf(t, env, id, "PublicIpAddress.IpAddress"); !reflect.DeepEqual(got, []any{}) {
		t.Fatalf("public address without bandwidth: %v", got)
	}
	_, err = teaSDK(t, env, "").AllocatePublicIpAddress(&teaecs.AllocatePublicIpAddressRequest{InstanceId: tea.String(id)})
	wantError(t, err, "InvalidParameter.Bandwidth", 400)
	// The provider's flow (resource_alicloud_instance.go:3254-3373): bandwidth and charge type, then the address.
	if _, err := teaSDK(t, env, "").ModifyInstanceNetworkSpec(&teaecs.ModifyInstanceNetworkSpecRequest{
		InstanceId: tea.String(id), InternetMaxBandwidthOut: tea.Int32(10), NetworkChargeType: tea.String("PayByBandwidth"), AllocatePublicIp: tea.Bool(true),
	}); err != nil {
		t.Fatal(err)
	}
	for sdk, f := range describeEverywhere(t, env, id) {
		f.check(t, sdk, map[string]any{"InternetMaxBandwidthOut": 10, "InternetChargeType": "PayByBandwidth", "PublicIpAddress.IpAddress[0]": ip.IpAddress})
	}
}

func TestJoinAndLeaveSecurityGroup(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	w := newWorld(t, env)
	g2 := w.group2(t, "sg-2")
	id := runIn(t, env, w, nil)
	settle(env)
	c := classicSDK(t, env)
	groups := func() any { return fieldOf(t, env, id, "SecurityGroupIds.SecurityGroupId") }
	join := func(group string) error {
		req := classicecs.CreateJoinSecurityGroupRequest()
		req.RegionId, req.InstanceId, req.SecurityGroupId = region, id, group
		_, err := c.JoinSecurityGroup(req)
		return err
	}
	leave := func(group string) error {
		req := classicecs.CreateLeaveSecurityGroupRequest()
		req.RegionId, req.InstanceId, req.SecurityGroupId = region, id, group
		_, err := c.LeaveSecurityGroup(req)
		return err
	}
	noErr(t, join(string(g2.ID)))
	if got := groups(); !reflect.DeepEqual(got, []any{string(w.group.ID), string(g2.ID)}) {
		t.Fatalf("after joining: %v", got)
	}
	wantError(t, join(string(g2.ID)), "InvalidInstanceId.AlreadyExists", 403)
	wantError(t, join(string(w.otherGroup.ID)), "InvalidInstanceId.Mismatch", 400)
	wantError(t, join(string(w.strangerGroup.ID)), "InvalidSecurityGroupId.NotFound", 404)
	if _, err := teaSDK(t, env, "").LeaveSecurityGroup(&teaecs.LeaveSecurityGroupRequest{
		RegionId: tea.String(region), InstanceId: tea.String(id), SecurityGroupId: tea.String(string(w.group.ID)),
	}); err != nil {
		t.Fatal(err)
	}
	if got := groups(); !reflect.DeepEqual(got, []any{string(g2.ID)}) {
		t.Fatalf("after leaving: %v", got)
	}
	wantError(t, leave(string(g2.ID)), "InstanceLastSecurityGroup", 403)
	wantError(t, leave(string(w.group.ID)), "InstanceNotInSecurityGroup", 403)
	// By the primary interface's ID.
	eni := fieldOf(t, env, id, "NetworkInterfaces.NetworkInterface[0].NetworkInterfaceId").(string)
	if _, err := teaSDK(t, env, "").JoinSecurityGroup(&teaecs.JoinSecurityGroupRequest{
		RegionId: tea.String(region), NetworkInterfaceId: tea.String(eni), SecurityGroupId: tea.String(string(w.group.ID)),
	}); err != nil {
		t.Fatal(err)
	}
	if got := groups(); !reflect.DeepEqual(got, []any{string(g2.ID), string(w.group.ID)}) {
		t.Fatalf("after joining by interface: %v", got)
	}
}

func TestAttachAndDetachKeyPair(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	w := newWorld(t, env)
	a, b := runIn(t, env, w, nil), runIn(t, env, w, nil)
	win := runIn(t, env, w, func(r *classicecs.RunInstancesRequest) { r.ImageId = windowsImage })
	settle(env)
	const unknown = "i-bp1nosuchinstance00"
	// The provider's AttachKeyPair (resource_alicloud_instance.go:2441-2529).
	resp := newTeaRPC(t, env).mustPost("AttachKeyPair", map[string]any{"RegionId": region, "KeyPairName": w.keyPair.Name,
		"InstanceIds": `["` + a + `","` + b + `","` + unknown + `"]`})
	if jsonPath(t, resp, "TotalCount") != "3" || jsonPath(t, resp, "FailCount") != "1" || jsonPath(t, resp, "KeyPairName") != w.keyPair.Name {
		t.Fatalf("AttachKeyPair: %v", resp)
	}
	last := jsonPath(t, resp, "Results", "Result", 2)
	if jsonPath(t, last, "InstanceId") != unknown || jsonPath(t, last, "Success") != "false" || jsonPath(t, last, "Code") != "InvalidInstanceId.NotFound" {
		t.Errorf("result for an unknown instance: %v", last)
	}
	if first := jsonPath(t, resp, "Results", "Result", 0); jsonPath(t, first, "Success") != "true" || jsonPath(t, first, "Code") != "200" {
		t.Errorf("result for a running instance: %v", first)
	}
	for _, id := range []string{a, b} {
		if got := fieldOf(t, env, id, "KeyPairName"); got != w.keyPair.Name {
			t.Errorf("%s KeyPairName = %v", id, got)
		}
	}
	dr, err := teaSDK(t, env, "").DetachKeyPair(&teaecs.DetachKeyPairRequest{RegionId: tea.String(region), KeyPairName: tea.String(w.keyPair.Name), InstanceIds: tea.String(`["` + a + `"]`)})
	if err != nil || tea.StringValue(dr.Body.FailCount) != "0" || tea.StringValue(dr.Body.Results.Result[0].Success) != "true" {
		t.Fatalf("DetachKeyPair: %v %v", err, dr)
	}
	if got := fieldOf(t, env, a, "KeyPairName"); got != "" {
		t.Errorf("KeyPairName after detaching = %v", got)
	}
	cr := classicecs.CreateDetachKeyPairRequest()
	cr.RegionId, cr.KeyPairName, cr.InstanceIds = region, w.keyPair.Name, `["`+a+`"]`
	again, err := classicSDK(t, env).DetachKeyPair(cr)
	if err != nil || again.FailCount != "1" || again.Results.Result[0].Success != "false" {
		t.Fatalf("detaching a key pair not attached: %v %+v", err, again)
	}
	ar := classicecs.CreateAttachKeyPairRequest()
	ar.RegionId, ar.KeyPairName, ar.InstanceIds = region, w.keyPair.Name, `["`+win+`"]`
	_, err = classicSDK(t, env).AttachKeyPair(ar)
	wantError(t, err, "DependencyViolation.WindowsInstance", 403)
	ar = classicecs.CreateAttachKeyPairRequest()
	ar.RegionId, ar.KeyPairName, ar.InstanceIds = region, "nobody", `["`+a+`"]`
	_, err = classicSDK(t, env).AttachKeyPair(ar)
	wantError(t, err, "InvalidKeyPairName.NotFound", 400)
}

func TestJoinResourceGroup(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	id := runOne(t, newClassicClient(t, env.Host, region, apptest.AccessKeyID, apptest.AccessKeySecret))
	// The provider's call (resource_alicloud_instance.go:1711-1718).
	newTeaRPC(t, env).mustPost("JoinResourceGroup", map[string]any{"ResourceType": "instance", "ResourceId": id, "RegionId": region, "ResourceGroupId": "rg-aek2test"})
	if got := fieldOf(t, env, id, "ResourceGroupId"); got != "rg-aek2test" {
		t.Fatalf("ResourceGroupId = %v", got)
	}
	req := classicecs.CreateDescribeInstancesRequest()
	req.RegionId, req.ResourceGroupId = region, "rg-aek2test"
	if resp, err := classicSDK(t, env).DescribeInstances(req); err != nil || resp.TotalCount != 1 {
		t.Fatalf("by resource group: %v %+v", err, resp)
	}
	_, err := teaSDK(t, env, "").JoinResourceGroup(&teaecs.JoinResourceGroupRequest{RegionId: tea.String(region), ResourceType: tea.String("instance"),
		ResourceId: tea.String("i-bp1nosuchinstance00"), ResourceGroupId: tea.String("rg-x")})
	wantError(t, err, "InvalidResourceId.NotFound", 404)
	creq := classicecs.CreateJoinResourceGroupRequest()
	creq.RegionId, creq.ResourceType, creq.ResourceId, creq.ResourceGroupId = region, "ddh", id, "rg-x"
	_, err = classicSDK(t, env).JoinResourceGroup(creq)
	wantError(t, err, "InvalidResourceType.NotSupported", 400)
}

func TestDescribeNetworkInterfaces(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	w := newWorld(t, env)
	g2 := w.group2(t, "sg-2")
	a := runFull(t, env, w, string(g2.ID))
	b := runIn(t, env, w, nil)
	other := runOne(t, newClassicClient(t, env.Host, region, apptest.AccessKeyID, apptest.AccessKeySecret))
	settle(env)
	eniA := fieldOf(t, env, a, "NetworkInterfaces.NetworkInterface[0].NetworkInterfaceId").(string)
	ipA := fieldOf(t, env, a, "PublicIpAddress.IpAddress[0]")
	// The provider's reads (service_alicloud_ecs.go:2285-2325).
	resp := newTeaRPC(t, env).mustPost("DescribeNetworkInterfaces", map[string]any{"RegionId": region, "NetworkInterfaceId": []string{eniA}})
	set := jsonPath(t, resp, "NetworkInterfaceSets", "NetworkInterfaceSet", 0)
	if jsonPath(t, set, "NetworkInterfaceId") != eniA {
		t.Fatalf("NetworkInterfaceId = %v", jsonPath(t, set, "NetworkInterfaceId"))
	}
	if _, ok := jsonPath(t, set, "Attachment").(map[string]any); !ok {
		t.Error("Attachment is not an object")
	}
	if _, ok := jsonPath(t, set, "PrivateIpSets", "PrivateIpSet", 0, "Primary").(bool); !ok {
		t.Error("PrivateIpSet.Primary is not a boolean")
	}
	if _, ok := jsonPath(t, set, "SourceDestCheck").(bool); !ok {
		t.Error("SourceDestCheck is not a boolean")
	}
	jsonInt(t, jsonPath(t, set, "QueuePairNumber"))
	jsonInt(t, jsonPath(t, set, "Attachment", "NetworkCardIndex"))
	want := map[string]any{
		"NetworkInterfaceId": eniA, "Type": "Primary", "Status": "InUse", "InstanceId": a, "ZoneId": worldZone,
		"VpcId": string(w.vpc.ID), "VSwitchId": string(w.vswitch.ID), "MacAddress": macShape, "PrivateIpAddress": "172.16.0.10",
		"NetworkInterfaceTrafficMode": "Standard", "QueueNumber": 2, "QueuePairNumber": 0, "DeleteOnRelease": true,
		"SecurityGroupIds.SecurityGroupId": []any{string(w.group.ID), string(g2.ID)}, "ResourceGroupId": "rg-acfmzw2jz2z2z2a",
		"PrivateIpSets.PrivateIpSet[0].PrivateIpAddress": "172.16.0.10", "PrivateIpSets.PrivateIpSet[0].Primary": true,
		"AssociatedPublicIp.PublicIpAddress": ipA, "Attachment.InstanceId": a, "Attachment.DeviceIndex": 0,
		"Tags.Tag[0].TagKey": "env", "CreationTime": secondTime,
	}
	flatten(t, set).check(t, "tea-rpc", want)
	cl := classicecs.CreateDescribeNetworkInterfacesRequest()
	cl.RegionId, cl.NetworkInterfaceId = region, &[]string{eniA}
	cresp, err := classicSDK(t, env).DescribeNetworkInterfaces(cl)
	if err != nil || cresp.TotalCount != 1 {
		t.Fatalf("classic: %v %+v", err, cresp)
	}
	flatten(t, cresp.NetworkInterfaceSets.NetworkInterfaceSet[0]).check(t, "classic", want)
	ids := func(req *teaecs.DescribeNetworkInterfacesRequest) []string {
		t.Helper()
		req.RegionId = tea.String(region)
		resp, err := teaSDK(t, env, "").DescribeNetworkInterfaces(req)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range resp.Body.NetworkInterfaceSets.NetworkInterfaceSet {
			out = append(out, tea.StringValue(s.InstanceId))
		}
		return out
	}
	for _, tc := range []struct {
		name string
		req  *teaecs.DescribeNetworkInterfacesRequest
		want []string
	}{
		{"all", &teaecs.DescribeNetworkInterfacesRequest{}, []string{a, b, other}},
		{"InstanceId", &teaecs.DescribeNetworkInterfacesRequest{InstanceId: tea.String(b)}, []string{b}},
		{"VpcId", &teaecs.DescribeNetworkInterfacesRequest{VpcId: tea.String(string(w.vpc.ID))}, []string{a, b}},
		{"VSwitchId", &teaecs.DescribeNetworkInterfacesRequest{VSwitchId: tea.String(string(w.vswitch.ID))}, []string{a, b}},
		{"SecurityGroupId", &teaecs.DescribeNetworkInterfacesRequest{SecurityGroupId: tea.String(string(g2.ID))}, []string{a}},
		{"PrimaryIpAddress", &teaecs.DescribeNetworkInterfacesRequest{PrimaryIpAddress: tea.String("172.16.0.10")}, []string{a}},
		{"Type Secondary", &teaecs.DescribeNetworkInterfacesRequest{Type: tea.String("Secondary")}, nil},
		{"Status Available", &teaecs.DescribeNetworkInterfacesRequest{Status: tea.String("Available")}, nil},
		{"Tag", &teaecs.DescribeNetworkInterfacesRequest{Tag: []*teaecs.DescribeNetworkInterfacesRequestTag{{Key: tea.String("team"), Value: tea.String("web")}}}, []string{a}},
		{"page 2 of 2", &teaecs.DescribeNetworkInterfacesRequest{PageNumber: tea.Int32(2), PageSize: tea.Int32(2)}, []string{other}},
	} {
		if got := ids(tc.req); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	first, err := teaSDK(t, env, "").DescribeNetworkInterfaces(&teaecs.DescribeNetworkInterfacesRequest{RegionId: tea.String(region), MaxResults: tea.Int32(10)})
	if err != nil || len(first.Body.NetworkInterfaceSets.NetworkInterfaceSet) != 3 || tea.StringValue(first.Body.NextToken) != "" {
		t.Fatalf("token paging: %v %v", err, first)
	}
}
