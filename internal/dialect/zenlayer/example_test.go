package zenlayer_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/app/apptest"
	zt "github.com/ecsd/ecsd/internal/dialect/zenlayer/zenlayertest"
)

// TestProviderInstanceExample runs the provider's own example of
// zenlayercloud_zec_instance (P/website/docs/r/zec_instance.html.markdown:20-85)
// end to end: plan, apply, refresh and destroy, call by call. The example
// does not run as written, so it is repaired as the notes say: the VPC it
// names (zenlayercloud_zec_vpc.foo) is declared as its sibling examples
// declare it (P/examples/zenlayercloud-zec-vpc/main.tf:2-6: "example",
// 10.0.0.0/16, IPv6 on); of the two blocks with the address
// zenlayercloud_zec_instance.instance the second is kept (nested
// virtualization on); the key pair data.zenlayercloud_key_pairs.all reads
// exists beforehand.
func TestProviderInstanceExample(t *testing.T) {
	providerInstanceExample(t, start(t, apptest.Options{}))
}

func providerInstanceExample(t *testing.T, e *env) {
	c := e.a1(t)
	// Before the plan: the account's key pair.
	must(c.ImportKeyPair(&zt.ImportKeyPairRequest{KeyName: zt.String("laptop"), PublicKey: zt.String(sshPublicKey(t))}))

	// Plan: the data sources have no dependencies and are read first.
	// data.zenlayercloud_key_pairs.all: DescribeKeyPairs with nothing set.
	keys := must(c.DescribeKeyPairs(&zt.DescribeKeyPairsRequest{}))
	if len(keys.DataSet) == 0 || keys.DataSet[0].KeyID == nil {
		t.Fatal("key_pairs.0 does not exist")
	}
	keyID := *keys.DataSet[0].KeyID
	// data.zenlayercloud_zec_images.ubuntu: category Ubuntu in asia-east-1a.
	images := must(c.DescribeImages(&zt.DescribeImagesRequest{ZoneID: zt.String("asia-east-1a"), Category: zt.String("Ubuntu"), PageSize: zt.Int(100), PageNum: zt.Int(1)}))
	if len(images.DataSet) == 0 || images.TotalCount == nil {
		t.Fatal("images.0 does not exist")
	}
	imageID := *images.DataSet[0].ImageID

	// Apply, in dependency order.
	vpc := *must(c.CreateVpc(&zt.CreateVpcRequest{CidrBlock: zt.String("10.0.0.0/16"), Name: zt.String("example"), Mtu: zt.Int(1500), EnablePriIPv6: zt.Bool(true)})).VpcID
	c.readVpc(vpc, "example", "10.0.0.0/16", 1500, true, "ecsd-default-resource-group", map[string]string{})
	sg := *must(c.CreateSecurityGroup(&zt.CreateSecurityGroupRequest{SecurityGroupName: zt.String("Test-SecurityGroup1")})).SecurityGroupID
	c.readSecurityGroup(sg, "Test-SecurityGroup1")
	must(c.AssignSecurityGroupVpc(&zt.AssignSecurityGroupVpcRequest{VpcID: zt.String(vpc), SecurityGroupID: zt.String(sg)}))
	if got := deref(c.describeVpc(vpc).SecurityGroupID); got != sg {
		t.Fatalf("attachment reads %q", got)
	}
	subnet := must(c.CreateSubnet2024(&zt.CreateSubnet2024Request{RegionID: "asia-east-1", Name: "test-subnet", VpcID: vpc, CidrBlock: "10.0.0.0/24", StackType: "IPv4"})).SubnetID
	c.readSubnet(subnet, vpc, "asia-east-1", "test-subnet", "10.0.0.0/24", "IPv4", "")
	// The instance has no security_group_id: it gets the VPC's group. The
	// provider's defaults: disable_qga_agent false (enableAgent true),
	// system_disk_category computed, time_zone computed.
	state := instanceState{
		zone: "asia-east-1a", instanceType: "z2a.cpu.1", image: imageID, name: "Example-Instance", keyID: keyID, subnet: subnet,
		securityGroup: sg, resourceGroup: "ecsd-default-resource-group", category: "Standard NVMe SSD", timeZone: "Asia/Shanghai",
		diskSize: 20, agent: true, tags: map[string]string{"testKey": "testValue"}, nested: zt.Bool(true),
	}
	req := &zt.CreateZecInstancesRequest{
		InstanceCount: zt.Int(1), ZoneID: zt.String(state.zone), InstanceType: zt.String(state.instanceType), ImageID: zt.String(imageID),
		InstanceName: zt.String(state.name), KeyID: zt.String(keyID), SystemDisk: &zt.SystemDisk{DiskSize: zt.Int(20)},
		Tags: zecTags(state.tags), SubnetID: zt.String(subnet), EnableAgent: zt.Bool(true),
		InstanceOptions: &zt.InstanceOptions{NestedVirtualization: zt.Bool(true)},
	}
	id := must(c.CreateZecInstances(req)).InstanceIDSet[0]
	e.clock.Advance(10 * time.Second) // the wait's Delay
	c.waitInstance(e, id, []string{"PENDING", "DEPLOYING"}, "RUNNING")
	inst := c.readInstance(e, id, state)
	nic := inst.Nics[0]
	if deref(nic.NicType) != "Primary" || deref(nic.VpcID) != vpc || deref(nic.SubnetID) != subnet || deref(nic.SecurityGroupID) != sg {
		t.Errorf("primary NIC %+v", nic)
	}

	// Refresh: every read again, nothing changed.
	c.readVpc(vpc, "example", "10.0.0.0/16", 1500, true, "ecsd-default-resource-group", map[string]string{})
	c.readSecurityGroup(sg, "Test-SecurityGroup1")
	c.readSubnet(subnet, vpc, "asia-east-1", "test-subnet", "10.0.0.0/24", "IPv4", "")
	c.readInstance(e, id, state)

	// Destroy, in reverse dependency order.
	c.releaseInstance(e, id)
	must(c.UnAssignSecurityGroupVpc(&zt.UnAssignSecurityGroupVpcRequest{VpcID: zt.String(vpc)}))
	for polls := 0; ; polls++ { // R:resource_zc_zec_security_group.go:52-66
		g := c.readSecurityGroup(sg, "Test-SecurityGroup1")
		if len(g.NatIDList) == 0 && len(g.NicIDList) == 0 {
			break
		}
		if polls == maxPolls {
			t.Fatalf("the group keeps NICs %v", g.NicIDList)
		}
		e.clock.Advance(time.Second)
	}
	must(c.DeleteSecurityGroup2024(&zt.SecurityGroupID2024Request{SecurityGroupID: sg}))
	must(c.DeleteSubnet2024(&zt.SubnetID2024Request{SubnetID: subnet}))
	must(c.DeleteVpc2024(&zt.DeleteVpc2024Request{VpcID: vpc}))
	if n := *must(c.DescribeVpcs(&zt.DescribeVpcsRequest{})).TotalCount; n != 0 {
		t.Errorf("%d VPCs left", n)
	}
}

// TestDescribeInstancesEveryField: a running instance in a subnet, with a
// key pair, a data disk, a public address and tags, shows every field of
// the SDK's InstanceInfo and NicInfo that such an instance has, with the
// SDK's JSON types (the typed client fails on any other), and no field
// the SDK's structs lack.
func TestDescribeInstancesEveryField(t *testing.T) {
	describeInstancesEveryField(t, start(t, apptest.Options{}))
}

func describeInstancesEveryField(t *testing.T, e *env) {
	c := e.a1(t)
	key := *must(c.ImportKeyPair(&zt.ImportKeyPairRequest{KeyName: zt.String("k"), PublicKey: zt.String(sshPublicKey(t))})).KeyID
	created := must(c.CreateZecInstances(&zt.CreateZecInstancesRequest{
		ZoneID: zt.String("asia-east-1a"), ImageID: zt.String("ubuntu2404_20240712"), InstanceType: zt.String("z2a.cpu.4"), InstanceCount: zt.Int(1),
		InstanceName: zt.String("full"), KeyID: zt.String(key), SubnetID: zt.String(c.subnetIn("asia-east-1")),
		SystemDisk:         &zt.SystemDisk{DiskSize: zt.Int(30), BurstingEnabled: zt.Bool(true)},
		DataDisks:          []*zt.DataDisk{{DiskSize: zt.Int(100), DiskName: zt.String("data"), DiskCategory: zt.String("Basic NVMe SSD")}},
		InternetChargeType: zt.String("ByBandwidth"), Bandwidth: zt.Int(100), Tags: zecTags(map[string]string{"env": "prod"}),
		UserData: zt.String("IyEvYmluL3NoCg=="), LanIP: zt.String("10.0.0.10"), NicNetworkType: zt.String("virtio"),
	}))
	if len(created.Instances) != 1 || len(created.Instances[0].DiskIDSet) != 1 || deref(created.OrderNumber) == "" {
		t.Fatalf("CreateZecInstances answered %+v", created)
	}
	id := created.InstanceIDSet[0]
	e.clock.Advance(delay)

	var raw struct {
		DataSet []map[string]json.RawMessage `json:"dataSet"`
	}
	c.mustCall("DescribeInstances", params{"instanceIds": []string{id}}, &raw)
	var nics []map[string]json.RawMessage
	if err := json.Unmarshal(raw.DataSet[0]["nics"], &nics); err != nil {
		t.Fatal(err)
	}
	// Fields the SDK has that such an instance has none of: ZEC instances
	// are pay-as-you-go (no expiry), ecsd has no placement groups, options
	// were not asked for, and the NIC has no IPv6.
	checkFields(t, "InstanceInfo", raw.DataSet[0], zt.InstanceInfo{}, "expiredTime", "placementGroupId", "instanceOptions")
	checkFields(t, "NicInfo", nics[0], zt.NicInfo{}, "primaryIpv6", "ipv6Cidr")

	inst := c.describeInstance(id)
	nic := inst.Nics[0]
	want := map[string]bool{
		"name":            deref(inst.InstanceName) == "full",
		"image":           deref(inst.ImageName) == "Ubuntu Server 24.04 LTS",
		"shape":           *inst.CPU == 4 && *inst.Memory == 8,
		"nic mode":        deref(inst.NicNetworkType) == "virtio",
		"key":             deref(inst.KeyID) == key,
		"system disk":     *inst.SystemDisk.DiskSize == 30 && *inst.SystemDisk.BurstingEnabled && deref(inst.SystemDisk.DiskCategory) == "Standard NVMe SSD",
		"data disk":       len(inst.DataDisks) == 1 && *inst.DataDisks[0].DiskID == created.Instances[0].DiskIDSet[0] && deref(inst.DataDisks[0].DiskName) == "data" && *inst.DataDisks[0].DiskSize == 100 && !*inst.DataDisks[0].Portable && deref(inst.DataDisks[0].DiskCategory) == "Basic NVMe SSD" && inst.DataDisks[0].DiskAmount == nil,
		"private address": slices.Equal(inst.PrivateIPAddresses, []string{"10.0.0.10"}) && deref(nic.PrimaryIPv4) == "10.0.0.10" && slices.Equal(nic.PrivateIPList, inst.PrivateIPAddresses),
		"public address":  len(inst.PublicIPAddresses) == 1 && slices.Equal(nic.PublicIPList, inst.PublicIPAddresses),
		"agent":           *inst.EnableAgent && *inst.EnableAgentMonitor && !*inst.EnableIPForward,
		"tags":            mapsEqual(tagMap(inst.Tags), map[string]string{"env": "prod"}),
		"nic":             deref(nic.NicType) == "Primary" && deref(nic.Status) == "USED" && deref(nic.InstanceID) == id && strings.Count(deref(nic.MacAddress), ":") == 5 && deref(nic.RegionID) == "asia-east-1",
		"lists":           inst.LoadBalancerIDs != nil && nic.SecondaryIPv4s != nil,
	}
	for what, ok := range want {
		if !ok {
			t.Errorf("%s: %+v / NIC %+v", what, inst, nic)
		}
	}
	// The public address shows while the instance has bandwidth, and finds
	// it.
	byIP := must(c.DescribeInstances(&zt.DescribeInstancesRequest{IPv4Address: zt.String(inst.PublicIPAddresses[0])}))
	if *byIP.TotalCount != 1 {
		t.Errorf("by public address: %d", *byIP.TotalCount)
	}
}

// checkFields fails t for each field of model (by JSON name) missing from
// got, other than absent ones, and for each field in got that model lacks.
func checkFields(t *testing.T, name string, got map[string]json.RawMessage, model any, absent ...string) {
	t.Helper()
	known := map[string]bool{}
	rt := reflect.TypeOf(model)
	for i := range rt.NumField() {
		tag, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		known[tag] = true
		_, present := got[tag]
		switch {
		case slices.Contains(absent, tag) && present:
			t.Errorf("%s: %s is present, want it absent", name, tag)
		case !slices.Contains(absent, tag) && (!present || string(got[tag]) == "null"):
			t.Errorf("%s: %s is missing", name, tag)
		}
	}
	for k := range got {
		if !known[k] {
			t.Errorf("%s: %s is not a field of the SDK's model", name, k)
		}
	}
}
