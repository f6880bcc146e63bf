package zenlayer_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
	zt "github.com/ecsd/ecsd/internal/dialect/zenlayer/zenlayertest"
)

// TestResetInstance: a reset shows REBUILDING in both describes (and in
// their status filter, apart from BOOTING), refuses other operations
// meanwhile, and ends RUNNING with the new image and login.
func TestResetInstance(t *testing.T) {
	e := start(t, apptest.Options{})
	c := e.a1(t)
	key := *must(c.ImportKeyPair(&zt.ImportKeyPairRequest{KeyName: zt.String("k"), PublicKey: zt.String(sshPublicKey(t))})).KeyID
	p := c.createParams(2)
	delete(p, "password")
	p["keyId"] = key
	ids := c.create(p)
	e.clock.Advance(delay)
	c.mustOperate("StopInstances", ids...)
	e.clock.Advance(delay)
	c.mustOperate("StartInstances", ids[1])

	must(c.ResetInstance(&zt.ResetInstanceRequest{InstanceID: zt.String(ids[0]), ImageID: zt.String("rocky9_20240712"), Password: zt.String("Passw0rd!"),
		InstanceName: zt.String("rebuilt"), UserData: zt.String("ZWNobwo=")}))
	c.wantStatuses("REBUILDING", ids[0])
	c.wantStatuses("BOOTING", ids[1])
	for status, want := range map[string][]string{"REBUILDING": ids[:1], "BOOTING": ids[1:]} {
		got := must(c.DescribeInstances(&zt.DescribeInstancesRequest{Status: zt.String(status)}))
		var gotIDs []string
		for _, inst := range got.DataSet {
			gotIDs = append(gotIDs, *inst.InstanceID)
		}
		if !slices.Equal(gotIDs, want) || *got.TotalCount != len(want) {
			t.Errorf("status %s: %v (total %d), want %v", status, gotIDs, *got.TotalCount, want)
		}
	}
	_, err := c.operate("StopInstances", ids[0])
	wantError(t, err, http.StatusForbidden, "OPERATION_DENIED_INSTANCE_NOT_RUNNING")
	e.clock.Advance(delay)
	c.wantStatuses("RUNNING", ids...)
	inst := c.describeInstance(ids[0])
	if deref(inst.ImageID) != "rocky9_20240712" || deref(inst.ImageName) != "Rocky Linux 9" || inst.KeyID != nil || deref(inst.InstanceName) != "rebuilt" {
		t.Errorf("after the reset: %+v", inst)
	}
	// A later start is a boot, not a rebuild.
	c.mustOperate("StopInstances", ids[0])
	e.clock.Advance(delay)
	c.mustOperate("StartInstances", ids[0])
	c.wantStatuses("BOOTING", ids[0])

	_, err = c.ResetInstance(&zt.ResetInstanceRequest{InstanceID: zt.String(ids[1]), ImageID: zt.String("debian12_20240712")})
	wantError(t, err, http.StatusForbidden, "OPERATION_DENIED_INSTANCE_NOT_STOPPED")
}

// TestModifyInstanceType: a stopped instance changes type at once; cpu
// and memory follow.
func TestModifyInstanceType(t *testing.T) {
	e := start(t, apptest.Options{})
	c := e.a1(t)
	id := c.create(c.createParams(1))[0]
	e.clock.Advance(delay)
	c.mustOperate("StopInstances", id)
	e.clock.Advance(delay)
	must(c.ModifyInstanceType(&zt.ModifyInstanceTypeRequest{InstanceID: zt.String(id), InstanceType: zt.String("z2a.mem.8")}))
	if inst := c.describeInstance(id); deref(inst.InstanceType) != "z2a.mem.8" || *inst.CPU != 8 || *inst.Memory != 32 {
		t.Errorf("after the change: %s, %d vCPU, %d GiB", deref(inst.InstanceType), *inst.CPU, *inst.Memory)
	}
	_, err := c.ModifyInstanceType(&zt.ModifyInstanceTypeRequest{InstanceID: zt.String(id), InstanceType: zt.String("z9.none")})
	wantError(t, err, http.StatusNotFound, "INVALID_INSTANCE_TYPE_NOT_FOUND")
}

// TestCreateOptions: numbered names, lanIp taking the next free address,
// IP forwarding and the agent, and data disks that stay when released
// with dependResource false.
func TestCreateOptions(t *testing.T) {
	e := start(t, apptest.Options{})
	c := e.a1(t)
	p := c.createParams(3)
	p["instanceName"] = "web-[8,2]"
	p["enableAgent"], p["enableIpForward"] = false, true
	p["dataDisks"] = []params{{"diskSize": 50, "diskAmount": 2}}
	ids := c.create(p)
	e.clock.Advance(delay)
	resp := must(c.DescribeInstances(&zt.DescribeInstancesRequest{InstanceIDs: ids}))
	for i, inst := range resp.DataSet {
		if want := []string{"web-08", "web-09", "web-10"}[i]; deref(inst.InstanceName) != want || *inst.EnableAgent || !*inst.EnableIPForward || len(inst.DataDisks) != 2 {
			t.Errorf("instance %d: %s agent %v forward %v %d data disks; want %s", i, deref(inst.InstanceName), *inst.EnableAgent, *inst.EnableIPForward, len(inst.DataDisks), want)
		}
	}
	taken := resp.DataSet[0].PrivateIPAddresses[0] // 10.0.0.2
	one := c.createParams(1)
	one["lanIp"] = taken
	next := c.describeInstance(c.create(one)[0])
	if got := next.PrivateIPAddresses[0]; got != "10.0.0.5" {
		t.Errorf("lanIp %s taken by three: got %s, want the next free, 10.0.0.5", taken, got)
	}

	must(c.ReleaseInstances(&zt.ReleaseInstancesRequest{InstanceIDs: ids[:1], DependResource: zt.Bool(false)}))
	must(c.ReleaseInstances(&zt.ReleaseInstancesRequest{InstanceIDs: ids[1:2]}))
	e.clock.Advance(delay)
	disks := must(c.DescribeDisks(&zt.DescribeDisksRequest{DiskType: zt.String("DATA")}))
	kept := 0
	for _, d := range disks.DataSet {
		if d.InstanceID == nil {
			kept++
			if deref(d.DiskStatus) != "AVAILABLE" || !*d.Portable {
				t.Errorf("a kept disk: %+v", d)
			}
		}
	}
	if kept != 2 || *disks.TotalCount != 4 {
		t.Errorf("%d data disks, %d kept; want 4 (two still on the third instance), 2 kept", *disks.TotalCount, kept)
	}
}

// TestNetworkInterfaces: the primary vNIC of each instance, its filters,
// renames and its security group.
func TestNetworkInterfaces(t *testing.T) {
	e := start(t, apptest.Options{})
	c := e.a1(t)
	east := c.create(c.createParams(2))
	west := c.create(c.inZone(c.createParams(1), "na-west-1a"))
	e.clock.Advance(delay)
	sg := *must(c.CreateSecurityGroup(&zt.CreateSecurityGroupRequest{SecurityGroupName: zt.String("other")})).SecurityGroupID
	all := must(c.DescribeNetworkInterfaces(&zt.DescribeNetworkInterfacesRequest{}))
	if *all.TotalCount != 3 {
		t.Fatalf("%d NICs, want 3", *all.TotalCount)
	}
	nicOf := map[string]string{}
	for _, n := range all.DataSet {
		nicOf[*n.InstanceID] = *n.NicID
	}
	must(c.ModifyNetworkInterfaceAttribute(&zt.ModifyNetworkInterfaceAttributeRequest{NicID: zt.String(nicOf[east[0]]), Name: zt.String("eth_0"), SecurityGroupID: zt.String(sg)}))
	must(c.ModifyNetworkInterfacesAttribute(&zt.ModifyNetworkInterfacesAttributeRequest{NicIDs: []string{nicOf[west[0]]}, Name: zt.String("west-nic")}))

	tests := []struct {
		name string
		req  zt.DescribeNetworkInterfacesRequest
		want []string // instances
	}{
		{"region", zt.DescribeNetworkInterfacesRequest{RegionID: zt.String("na-west-1")}, west},
		{"subnet", zt.DescribeNetworkInterfacesRequest{SubnetID: zt.String(c.subnetIn("asia-east-1"))}, east},
		{"VPC", zt.DescribeNetworkInterfacesRequest{VpcID: zt.String(c.vpcID), PageSize: zt.Int(2), PageNum: zt.Int(2)}, west},
		{"instance", zt.DescribeNetworkInterfacesRequest{InstanceID: zt.String(east[1])}, east[1:]},
		{"group", zt.DescribeNetworkInterfacesRequest{SecurityGroupID: zt.String(sg)}, east[:1]},
		{"name", zt.DescribeNetworkInterfacesRequest{Name: zt.String("west")}, west},
		{"IDs", zt.DescribeNetworkInterfacesRequest{NicIDs: []string{nicOf[east[1]], "1234567890123456789"}}, east[1:]},
		{"secondary", zt.DescribeNetworkInterfacesRequest{NicType: zt.String("Secondary")}, nil},
		{"available", zt.DescribeNetworkInterfacesRequest{Status: zt.String("AVAILABLE")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := must(c.DescribeNetworkInterfaces(&tt.req))
			var insts []string
			for _, n := range got.DataSet {
				insts = append(insts, *n.InstanceID)
			}
			if !slices.Equal(insts, tt.want) {
				t.Errorf("got %v, want %v", insts, tt.want)
			}
		})
	}
	renamed := must(c.DescribeNetworkInterfaces(&zt.DescribeNetworkInterfacesRequest{NicIDs: []string{nicOf[east[0]]}})).DataSet[0]
	inst := c.describeInstance(east[0])
	if deref(renamed.Name) != "eth_0" || deref(renamed.SecurityGroupID) != sg || deref(inst.SecurityGroupID) != sg || deref(renamed.UpdateTime) == "" {
		t.Errorf("after the change: NIC %+v, instance group %s", renamed, deref(inst.SecurityGroupID))
	}
}
