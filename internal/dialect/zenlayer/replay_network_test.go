package zenlayer_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/app/apptest"
	zt "github.com/ecsd/ecsd/internal/dialect/zenlayer/zenlayertest"
)

// readVpc is svc:35-48 and the Read of zenlayercloud_zec_vpc
// (R:resource_zc_zec_vpc.go:261-315): DescribeVpcs [2025] of one ID; every
// attribute it sets (297-311) present, and the resource group it
// dereferences (303-304) not null.
func (c *client) readVpc(id, name, cidr string, mtu int, ipv6 bool, group string, tags map[string]string) *zt.VpcInfo {
	c.T.Helper()
	resp := must(c.DescribeVpcs(&zt.DescribeVpcsRequest{VpcIDs: []string{id}}))
	if len(resp.DataSet) != 1 || resp.TotalCount == nil {
		c.T.Fatalf("VPC %s: %+v", id, resp)
	}
	v := resp.DataSet[0]
	if v.ResourceGroup == nil || v.ResourceGroup.ResourceGroupID == nil || v.ResourceGroup.ResourceGroupName == nil {
		c.T.Fatalf("VPC %s: resourceGroup %+v has a null the provider dereferences", id, v.ResourceGroup)
	}
	if deref(v.Name) != name || deref(v.CidrBlock) != cidr || v.Mtu == nil || *v.Mtu != mtu || (deref(v.IPv6CidrBlock) != "") != ipv6 ||
		v.IsDefault == nil || deref(v.CreateTime) == "" || *v.ResourceGroup.ResourceGroupID != group || !mapsEqual(tagMap(v.Tags), tags) {
		c.T.Errorf("VPC %s reads %+v (group %s, tags %v); want %s %s mtu %d ipv6 %v group %s tags %v", id, v,
			*v.ResourceGroup.ResourceGroupID, tagMap(v.Tags), name, cidr, mtu, ipv6, group, tags)
	}
	return v
}

// TestReplayVpc follows zenlayercloud_zec_vpc.
func TestReplayVpc(t *testing.T) {
	e := start(t, apptest.Options{})
	c := e.a1(t)
	// Create (R:resource_zc_zec_vpc.go:198-259): CreateVpc [2025] with
	// cidrBlock, name, mtu, enablePriIpv6 always, tags and group if set.
	resp := must(c.CreateVpc(&zt.CreateVpcRequest{CidrBlock: zt.String("10.0.0.0/24"), Name: zt.String("Terraform-Global-VPC"), Mtu: zt.Int(1300),
		EnablePriIPv6: zt.Bool(false), Tags: zecTags(map[string]string{"env": "test"}), ResourceGroupID: zt.String("rg-net")}))
	if resp == nil || resp.VpcID == nil { // 245-249
		t.Fatalf("CreateVpc answered %+v", resp)
	}
	id := *resp.VpcID
	c.readVpc(id, "Terraform-Global-VPC", "10.0.0.0/24", 1300, false, "rg-net", map[string]string{"env": "test"})

	// Update (140-196): ModifyVpcAttribute [2025] with vpcName, the
	// cidrBlock it has and enableIPv6 because it changed (148-158).
	must(c.ModifyVpcAttribute(&zt.ModifyVpcAttributeRequest{VpcID: zt.String(id), VpcName: zt.String("main"), CidrBlock: zt.String("10.0.0.0/24"), EnableIPv6: zt.Bool(true)}))
	must(c.AddResourceResourceGroup(&zt.AddResourceResourceGroupRequest{ResourceGroupID: zt.String("rg-two"), Resources: []string{id}}))
	must(c.ModifyResourceTags(&zt.ModifyResourceTagsRequest{ResourceUUID: zt.String(id), ReplaceTags: []*zt.Tag{{Key: zt.String("tier"), Value: zt.String("1")}},
		DeleteTagKeys: []string{"env"}}))
	c.readVpc(id, "main", "10.0.0.0/24", 1300, true, "rg-two", map[string]string{"tier": "1"})

	// Delete (104-138): DeleteVpc [2024] (svc:50-56); INVALID_VPC_NOT_FOUND
	// on a second one counts as done (122).
	must(c.DeleteVpc2024(&zt.DeleteVpc2024Request{VpcID: id}))
	_, err := c.DeleteVpc2024(&zt.DeleteVpc2024Request{VpcID: id})
	wantError(t, err, http.StatusNotFound, "INVALID_VPC_NOT_FOUND")
	if got := must(c.DescribeVpcs(&zt.DescribeVpcsRequest{VpcIDs: []string{id}})); len(got.DataSet) != 0 {
		t.Errorf("deleted VPC still listed: %+v", got.DataSet)
	}
}

// readSubnet is svc:128-141 and the Read of zenlayercloud_zec_subnet
// (R:resource_zc_zec_subnet.go:253-299, attributes 289-297).
func (c *client) readSubnet(id, vpc, region, name, cidr, stack, ipv6Type string) {
	c.T.Helper()
	s := c.describeSubnet(id)
	if deref(s.RegionID) != region || deref(s.Name) != name || deref(s.CidrBlock) != cidr || deref(s.VpcID) != vpc || s.IsDefault == nil ||
		deref(s.StackType) != stack || deref(s.IPv6Type) != ipv6Type || (deref(s.IPv6CidrBlock) != "") != (ipv6Type != "") || deref(s.CreateTime) == "" {
		c.T.Errorf("subnet %s reads %+v; want %s %s %s %s %s %q", id, s, vpc, region, name, cidr, stack, ipv6Type)
	}
}

// TestReplaySubnet follows zenlayercloud_zec_subnet.
func TestReplaySubnet(t *testing.T) {
	e := start(t, apptest.Options{})
	c := e.a1(t)
	vpc := c.vpc("example", "10.0.0.0/16", true)
	// Create (R:resource_zc_zec_subnet.go:189-251): CreateSubnet [2024]
	// with regionId, name, vpcId, cidrBlock and stackType IPv4.
	resp := must(c.CreateSubnet2024(&zt.CreateSubnet2024Request{RegionID: "asia-east-1", Name: "Terraform-Subnet", VpcID: vpc, CidrBlock: "10.0.0.0/24", StackType: "IPv4"}))
	if resp == nil || resp.SubnetID == "" { // 238-242
		t.Fatalf("CreateSubnet answered %+v", resp)
	}
	id := resp.SubnetID
	c.readSubnet(id, vpc, "asia-east-1", "Terraform-Subnet", "10.0.0.0/24", "IPv4", "")
	// Update (149-187): name (and the cidr_block it has) through
	// ModifySubnetAttribute [2024] (svc:888-897); ipv6_type through
	// ModifySubnetStackType [2024] (svc:899-908).
	must(c.ModifySubnetAttribute2024(&zt.ModifySubnetAttributeRequest{SubnetID: zt.String(id), SubnetName: zt.String("test-subnet"), CidrBlock: zt.String("10.0.0.0/24")}))
	must(c.ModifySubnetStackType2024(&zt.ModifySubnetStackType2024Request{SubnetID: id, StackType: "IPv4_IPv6", IPv6Type: "Private"}))
	c.readSubnet(id, vpc, "asia-east-1", "test-subnet", "10.0.0.0/24", "IPv4_IPv6", "Private")
	// A dual-stack subnet created at once.
	dual := must(c.CreateSubnet2024(&zt.CreateSubnet2024Request{RegionID: "na-west-1", Name: "dual", VpcID: vpc, CidrBlock: "10.0.1.0/24", IPv6Type: "Public", StackType: "IPv4_IPv6"})).SubnetID
	c.readSubnet(dual, vpc, "na-west-1", "dual", "10.0.1.0/24", "IPv4_IPv6", "Public")

	// Delete (115-147): DeleteSubnet [2024] (svc:143-149); not found after.
	for _, s := range []string{id, dual} {
		must(c.DeleteSubnet2024(&zt.SubnetID2024Request{SubnetID: s}))
	}
	_, err := c.DeleteSubnet2024(&zt.SubnetID2024Request{SubnetID: id})
	wantError(t, err, http.StatusNotFound, "INVALID_SUBNET_NOT_FOUND")
	// The provider's IPv6-only subnets (stackType IPv6) are not modelled.
	_, err = c.CreateSubnet2024(&zt.CreateSubnet2024Request{RegionID: "asia-east-1", Name: "v6", VpcID: vpc, IPv6Type: "Public", StackType: "IPv6"})
	wantError(t, err, http.StatusBadRequest, "INVALID_PARAMETER")
}

// readSecurityGroup is svc:866-886, as zenlayercloud_zec_security_group
// reads (R:resource_zc_zec_security_group.go:158-202): the ID it
// dereferences (197) and the name (198).
func (c *client) readSecurityGroup(id, name string) *zt.SecurityGroupInfo {
	c.T.Helper()
	resp := must(c.DescribeSecurityGroups(&zt.DescribeSecurityGroupsRequest{SecurityGroupIDs: []string{id}}))
	if len(resp.DataSet) != 1 || resp.TotalCount == nil || resp.DataSet[0].SecurityGroupID == nil {
		c.T.Fatalf("security group %s: %+v", id, resp)
	}
	g := resp.DataSet[0]
	if *g.SecurityGroupID != id || deref(g.SecurityGroupName) != name {
		c.T.Errorf("security group %+v, want %s %s", g, id, name)
	}
	return g
}

// TestReplaySecurityGroup follows zenlayercloud_zec_security_group, its
// rule set (zenlayercloud_zec_security_group_rule_set) and its VPC
// attachment (zenlayercloud_zec_vpc_security_group_attachment).
func TestReplaySecurityGroup(t *testing.T) {
	e := start(t, apptest.Options{})
	c := e.a1(t)
	// Create (R:resource_zc_zec_security_group.go:118-156): only the name.
	resp := must(c.CreateSecurityGroup(&zt.CreateSecurityGroupRequest{SecurityGroupName: zt.String("Test-SecurityGroup1")}))
	if resp == nil || resp.SecurityGroupID == nil {
		t.Fatalf("CreateSecurityGroup answered %+v", resp)
	}
	id := *resp.SecurityGroupID
	c.readSecurityGroup(id, "Test-SecurityGroup1")
	// Update (95-116): ModifySecurityGroupsAttribute [2024] (svc:1107-1114).
	must(c.ModifySecurityGroupsAttribute2024(&zt.ModifySecurityGroupsAttribute2024Request{SecurityGroupIDs: []string{id}, SecurityGroupName: "renamed"}))
	c.readSecurityGroup(id, "renamed")

	// The rule set (R:resource_zc_zec_security_group_rule_set.go): create
	// and update send the whole list (116, 144; rules built at 209-231:
	// desc only when set, priority only when not 0), read takes both
	// lists (233-266), delete sends none (192).
	rule := func(dir, proto, port, cidr, policy string, prio int, desc string) *zt.SecurityGroupRuleInfo {
		r := &zt.SecurityGroupRuleInfo{Direction: zt.String(dir), Policy: zt.String(policy), CidrIP: zt.String(cidr), PortRange: zt.String(port), IPProtocol: zt.String(proto)}
		if desc != "" {
			r.Desc = zt.String(desc)
		}
		if prio != 0 {
			r.Priority = zt.Int(prio)
		}
		return r
	}
	readRules := func(wantIn, wantOut []*zt.SecurityGroupRuleInfo) {
		t.Helper()
		got := must(c.DescribeSecurityGroupRule(&zt.SecurityGroupIDRequest{SecurityGroupID: zt.String(id)}))
		// The provider reads egress only when ingress is not null (250-256).
		if got == nil || got.IngressRuleList == nil || got.EgressRuleList == nil {
			t.Fatalf("rule lists %+v: both must be present", got)
		}
		for i, pair := range [][2][]*zt.SecurityGroupRuleInfo{{got.IngressRuleList, wantIn}, {got.EgressRuleList, wantOut}} {
			if len(pair[0]) != len(pair[1]) {
				t.Fatalf("list %d: %d rules, want %d", i, len(pair[0]), len(pair[1]))
			}
			for j, g := range pair[0] {
				w := pair[1][j]
				wantPrio := 1
				if w.Priority != nil {
					wantPrio = *w.Priority
				}
				if deref(g.IPProtocol) != deref(w.IPProtocol) || deref(g.PortRange) != deref(w.PortRange) || deref(g.Policy) != deref(w.Policy) ||
					g.Priority == nil || *g.Priority != wantPrio || deref(g.CidrIP) != deref(w.CidrIP) || deref(g.Desc) != deref(w.Desc) {
					t.Errorf("list %d rule %d reads %+v, want %+v", i, j, g, w)
				}
			}
		}
	}
	in := []*zt.SecurityGroupRuleInfo{rule("ingress", "tcp", "22", "0.0.0.0/0", "accept", 1, "ssh"), rule("ingress", "tcp", "8080-8090", "10.0.0.0/8", "deny", 2, "")}
	out := []*zt.SecurityGroupRuleInfo{rule("egress", "all", "-1", "0.0.0.0/0", "accept", 0, "")}
	must(c.ConfigureSecurityGroupRules(&zt.ConfigureSecurityGroupRulesRequest{SecurityGroupID: zt.String(id), RuleInfos: append(append([]*zt.SecurityGroupRuleInfo{}, in...), out...)}))
	readRules(in, out)
	must(c.ConfigureSecurityGroupRules(&zt.ConfigureSecurityGroupRulesRequest{SecurityGroupID: zt.String(id), RuleInfos: in[:1]}))
	readRules(in[:1], nil)
	must(c.ConfigureSecurityGroupRules(&zt.ConfigureSecurityGroupRulesRequest{SecurityGroupID: zt.String(id)}))
	readRules(nil, nil)

	// The VPC attachment (R:resource_zc_zec_vpc_security_group_attachment.go):
	// AssignSecurityGroupVpc [2025] (86), an ID of vpcId:securityGroupId,
	// read through DescribeVpcs: vpcId and securityGroupId (117, 137-138),
	// UnAssignSecurityGroupVpc with the VPC alone (59).
	vpc := c.vpc("example", "10.0.0.0/16", false)
	must(c.AssignSecurityGroupVpc(&zt.AssignSecurityGroupVpcRequest{VpcID: zt.String(vpc), SecurityGroupID: zt.String(id)}))
	v := c.describeVpc(vpc)
	if deref(v.VpcID) != vpc || deref(v.SecurityGroupID) != id {
		t.Errorf("attachment reads vpc %s group %s, want %s %s", deref(v.VpcID), deref(v.SecurityGroupID), vpc, id)
	}
	if g := c.readSecurityGroup(id, "renamed"); len(g.VpcIDs) != 1 || g.VpcIDs[0] != vpc {
		t.Errorf("group's vpcIds %v", g.VpcIDs)
	}
	_, err := c.DeleteSecurityGroup2024(&zt.SecurityGroupID2024Request{SecurityGroupID: id})
	wantError(t, err, http.StatusConflict, "OPERATION_DENIED_SECURITY_GROUP_ASSOCIATE_VPC")
	must(c.UnAssignSecurityGroupVpc(&zt.UnAssignSecurityGroupVpcRequest{VpcID: zt.String(vpc)}))
	if v := c.describeVpc(vpc); v.SecurityGroupID != nil { // a null securityGroupId reads as gone (132-135)
		t.Errorf("after unassigning, the VPC's group is %q", *v.SecurityGroupID)
	}

	// Delete (44-93): poll until natIdList and nicIdList are empty (52-66),
	// then DeleteSecurityGroup [2024] (svc:1179-1185).
	g := c.readSecurityGroup(id, "renamed")
	if g.NatIDList == nil || g.NicIDList == nil || len(g.NatIDList)+len(g.NicIDList) != 0 {
		t.Errorf("lists the delete waits on: %+v", g)
	}
	must(c.DeleteSecurityGroup2024(&zt.SecurityGroupID2024Request{SecurityGroupID: id}))
	_, err = c.DeleteSecurityGroup2024(&zt.SecurityGroupID2024Request{SecurityGroupID: id})
	wantError(t, err, http.StatusNotFound, "INVALID_SECURITY_GROUP_NOT_FOUND")
}

// readDisk is svc:232-245, as zenlayercloud_zec_disk reads
// (R:resource_zc_zec_disk.go:307-378): retried while operating (400-408),
// diskStatus dereferenced (325, 335, 348), attributes 361-374.
func (c *client) readDisk(e *env, id string) *zt.DiskInfo {
	c.T.Helper()
	for range maxPolls {
		resp := must(c.DescribeDisks(&zt.DescribeDisksRequest{DiskIDs: []string{id}}))
		if len(resp.DataSet) == 0 {
			return nil
		}
		if resp.TotalCount == nil || resp.DataSet[0].DiskStatus == nil {
			c.T.Fatalf("disk %s: totalCount or diskStatus is null: %+v", id, resp)
		}
		d := resp.DataSet[0]
		if !contains(diskOperating, *d.DiskStatus) {
			return d
		}
		e.clock.Advance(time.Second)
	}
	c.T.Fatalf("disk %s stays in transition", id)
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func checkDisk(t *testing.T, d *zt.DiskInfo, zone, name, category string, size int, group string, tags map[string]string) {
	t.Helper()
	if d == nil {
		t.Fatal("the disk is gone")
	}
	if deref(d.ZoneID) != zone || deref(d.DiskName) != name || deref(d.DiskCategory) != category || deref(d.DiskType) != "DATA" ||
		d.DiskSize == nil || *d.DiskSize != size || deref(d.CreateTime) == "" || deref(d.ResourceGroupID) != group ||
		deref(d.ResourceGroupName) == "" || !mapsEqual(tagMap(d.Tags), tags) {
		t.Errorf("disk reads %+v (tags %v); want %s %s %s %d GiB group %s tags %v", d, tagMap(d.Tags), zone, name, category, size, group, tags)
	}
}

// TestReplayDisk follows zenlayercloud_zec_disk and its attachment, with
// the recycle bin off (ReleaseDisk deletes) and on (RECYCLED, then gone on
// force_delete's second release).
func TestReplayDisk(t *testing.T) {
	for _, recycle := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain", true: "recycle bin"}[recycle], func(t *testing.T) {
			e := start(t, apptest.Options{})
			if recycle {
				e = startRecycleBin(t)
			}
			replayDisk(t, e, recycle)
		})
	}
}

func replayDisk(t *testing.T, e *env, recycle bool) {
	c := e.a1(t)
	// Create (R:resource_zc_zec_disk.go:238-305): CreateDisks [2025] with
	// diskName, diskSize, diskCategory always, zoneId, tags; then the wait
	// CREATING -> AVAILABLE (380-398).
	resp := must(c.CreateDisks(&zt.CreateDisksRequest{DiskName: zt.String("Terraform-Disk"), DiskSize: zt.Int(60), DiskCategory: zt.String("Standard NVMe SSD"),
		ZoneID: zt.String("asia-east-1a"), Tags: zecTags(map[string]string{"env": "test"})}))
	if resp == nil || len(resp.DiskIDs) != 1 {
		t.Fatalf("CreateDisks answered %+v", resp)
	}
	id := resp.DiskIDs[0]
	if got := must(c.DescribeDisks(&zt.DescribeDisksRequest{DiskIDs: []string{id}})).DataSet[0]; deref(got.DiskStatus) != "CREATING" {
		t.Errorf("a new disk is %s, want CREATING", deref(got.DiskStatus))
	}
	d := c.readDisk(e, id)
	if deref(d.DiskStatus) != "AVAILABLE" || d.Portable == nil || !*d.Portable {
		t.Errorf("created disk %+v: want AVAILABLE and portable", d)
	}
	checkDisk(t, d, "asia-east-1a", "Terraform-Disk", "Standard NVMe SSD", 60, "ecsd-default-resource-group", map[string]string{"env": "test"})

	// Update (172-236): ModifyDisksAttributes [2025] (183), group, tags,
	// ResizeDisk [2024] (223, svc:247-256).
	must(c.ModifyDisksAttributes(&zt.ModifyDisksAttributesRequest{DiskIDs: []string{id}, DiskName: zt.String("data")}))
	must(c.AddResourceResourceGroup(&zt.AddResourceResourceGroupRequest{ResourceGroupID: zt.String("rg-disk"), Resources: []string{id}}))
	must(c.ModifyResourceTags(&zt.ModifyResourceTagsRequest{ResourceUUID: zt.String(id), DeleteTagKeys: []string{"env"}}))
	must(c.ResizeDisk2024(&zt.ResizeDiskRequest{DiskID: zt.String(id), DiskSize: zt.Int(80)}))
	checkDisk(t, c.readDisk(e, id), "asia-east-1a", "data", "Standard NVMe SSD", 80, "rg-disk", map[string]string{})

	// The attachment (R:resource_zc_zec_disk_attachment.go): AttachDisks
	// [2025] (107), an ID of diskId:instanceId, read through DescribeDisks,
	// retried while ATTACHING: diskId and instanceId (138, 160-161);
	// delete is DetachDisks with instanceCheckFlag false (55-61), then a
	// poll until AVAILABLE that dereferences the disk (71-89).
	inst := c.create(c.createParams(1))[0]
	e.clock.Advance(delay)
	must(c.AttachDisks(&zt.AttachDisksRequest{InstanceID: zt.String(inst), DiskIDs: []string{id}}))
	d = c.readDisk(e, id)
	if deref(d.DiskID) != id || deref(d.InstanceID) != inst || deref(d.InstanceName) != "web" || deref(d.DiskStatus) != "IN_USE" {
		t.Errorf("attached disk reads %+v", d)
	}
	detached := must(c.DetachDisks(&zt.DetachDisksRequest{DiskIDs: []string{id}, InstanceCheckFlag: zt.Bool(false)}))
	if len(detached.FailedDiskIDs) != 0 {
		t.Errorf("detach failed for %v", detached.FailedDiskIDs)
	}
	if d = c.readDisk(e, id); deref(d.DiskStatus) != "AVAILABLE" || d.InstanceID != nil {
		t.Errorf("detached disk reads %+v", d)
	}

	// Delete (93-170) with force_delete: ReleaseDisk [2024] (104,
	// svc:214-230); poll until gone or RECYCLED (116-136); then a second
	// ReleaseDisk (149-164), where INVALID_DISK_NOT_FOUND counts as done.
	must(c.ReleaseDisk2024(&zt.DiskID2024Request{DiskID: id}))
	d = c.readDisk(e, id)
	switch {
	case recycle && (d == nil || deref(d.DiskStatus) != "RECYCLED"):
		t.Fatalf("with the recycle bin, a released disk reads %+v, want RECYCLED", d)
	case !recycle && d != nil:
		t.Fatalf("a released disk reads %+v, want gone", d)
	}
	if recycle {
		must(c.ReleaseDisk2024(&zt.DiskID2024Request{DiskID: id}))
	}
	_, err := c.ReleaseDisk2024(&zt.DiskID2024Request{DiskID: id})
	wantError(t, err, http.StatusNotFound, "INVALID_DISK_NOT_FOUND")
	if d := c.readDisk(e, id); d != nil {
		t.Errorf("the disk is still there: %+v", d)
	}
}

// TestReplayKeyPair follows zenlayercloud_key_pair
// (P/zenlayercloud/services/keypair/resource_zc_key_pair.go) and the
// zenlayercloud_key_pairs data source (data_source_zc_key_pairs.go).
func TestReplayKeyPair(t *testing.T) {
	e := start(t, apptest.Options{})
	c := e.a1(t)
	public := sshPublicKey(t) + " me@example.com"
	// Create (125-167): ImportKeyPair with keyName, publicKey and the
	// description when set; keyId read (153-157).
	resp := must(c.ImportKeyPair(&zt.ImportKeyPairRequest{KeyName: zt.String("tf-key"), PublicKey: zt.String(public), KeyDescription: zt.String("made by terraform")}))
	if resp == nil || resp.KeyID == nil {
		t.Fatalf("ImportKeyPair answered %+v", resp)
	}
	id := *resp.KeyID
	// Read (169-212, service_zenlayer_ccs.go:26-40): keyName, publicKey
	// byte for byte (ForceNew) and keyDescription (207-209).
	read := func(desc string) {
		t.Helper()
		got := must(c.DescribeKeyPairs(&zt.DescribeKeyPairsRequest{KeyIDs: []string{id}}))
		if len(got.DataSet) != 1 || got.TotalCount == nil {
			t.Fatalf("key pair %s: %+v", id, got)
		}
		kp := got.DataSet[0]
		if deref(kp.KeyName) != "tf-key" || deref(kp.PublicKey) != public || deref(kp.KeyDescription) != desc {
			t.Errorf("key pair reads %+v, want tf-key, %q, %q", kp, public, desc)
		}
	}
	read("made by terraform")
	// Update (102-123, service_zenlayer_ccs.go:56-66).
	must(c.ModifyKeyPairAttribute(&zt.ModifyKeyPairAttributeRequest{KeyID: zt.String(id), KeyDescription: zt.String("changed")}))
	read("changed")

	// The data source (89-135): keyName and keyIds when set, no paging;
	// keyId dereferenced (131), and each attribute mapped.
	ds := must(c.DescribeKeyPairs(&zt.DescribeKeyPairsRequest{KeyName: zt.String("tf")}))
	if len(ds.DataSet) != 1 || ds.DataSet[0].KeyID == nil || *ds.DataSet[0].KeyID != id || deref(ds.DataSet[0].CreateTime) == "" {
		t.Errorf("data source: %+v", ds.DataSet)
	}

	// Delete (78-100): DeleteKeyPairs; a second one fails, and the
	// provider has no not-found handling there.
	must(c.DeleteKeyPairs(&zt.DeleteKeyPairsRequest{KeyIDs: []string{id}}))
	_, err := c.DeleteKeyPairs(&zt.DeleteKeyPairsRequest{KeyIDs: []string{id}})
	wantError(t, err, http.StatusNotFound, "INVALID_KEY_PAIR_NOT_FOUND")
}

// TestReplayImagesDataSource follows zenlayercloud_zec_images
// (R:data_source_zc_zec_images.go:148-252): DescribeImages [2025] with
// zoneId, the filters it sends and pageSize 100, pageNum 1
// (svc:1045-1050, 1890-1907); totalCount dereferenced; each image mapped
// (229-239), imageId dereferenced.
func TestReplayImagesDataSource(t *testing.T) {
	e := start(t, apptest.Options{})
	c := e.a1(t)
	resp := must(c.DescribeImages(&zt.DescribeImagesRequest{ZoneID: zt.String("asia-east-1a"), Category: zt.String("Ubuntu"), PageSize: zt.Int(100), PageNum: zt.Int(1)}))
	if resp.TotalCount == nil || *resp.TotalCount != 2 || len(resp.DataSet) != 2 {
		t.Fatalf("Ubuntu images: %+v", resp)
	}
	for _, im := range resp.DataSet {
		if im.ImageID == nil || deref(im.OsType) != "linux" || deref(im.ImageType) != "PUBLIC_IMAGE" || deref(im.Category) != "Ubuntu" ||
			!strings.HasPrefix(deref(im.ImageName), "Ubuntu") || deref(im.ImageVersion) == "" || deref(im.ImageSize) == "" ||
			deref(im.ImageDescription) == "" || deref(im.ImageStatus) != "AVAILABLE" || deref(im.ImageSource) != "OFFICIAL" ||
			len(im.NicNetworkType) == 0 || im.Tags == nil {
			t.Errorf("image %+v", im)
		}
	}
	ids := must(c.DescribeImages(&zt.DescribeImagesRequest{ZoneID: zt.String("asia-east-1a"), ImageIDs: []string{*resp.DataSet[1].ImageID}, OsType: zt.String("linux"),
		ImageType: zt.String("PUBLIC_IMAGE"), PageSize: zt.Int(100), PageNum: zt.Int(1)}))
	if *ids.TotalCount != 1 || *ids.DataSet[0].ImageID != *resp.DataSet[1].ImageID {
		t.Errorf("by ID: %+v", ids.DataSet)
	}
}
