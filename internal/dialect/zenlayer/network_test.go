package zenlayer_test

import (
	"net/http"
	"net/netip"
	"slices"
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
	zt "github.com/ecsd/ecsd/internal/dialect/zenlayer/zenlayertest"
)

// vpc creates a VPC and returns its ID.
func (c *client) vpc(name, cidr string, privateIPv6 bool) string {
	c.T.Helper()
	resp := must(c.CreateVpc(&zt.CreateVpcRequest{Name: zt.String(name), CidrBlock: zt.String(cidr), Mtu: zt.Int(1500), EnablePriIPv6: zt.Bool(privateIPv6)}))
	return *resp.VpcID
}

// subnet creates an IPv4 subnet in a region and returns its ID.
func (c *client) subnet(vpc, region, cidr string) string {
	c.T.Helper()
	resp := must(c.CreateSubnet(&zt.CreateSubnetRequest{VpcID: zt.String(vpc), Name: zt.String("sub-" + region), RegionID: zt.String(region),
		StackType: zt.String("IPv4"), CidrBlock: zt.String(cidr)}))
	return *resp.SubnetID
}

func (c *client) describeVpc(id string) *zt.VpcInfo {
	c.T.Helper()
	resp := must(c.DescribeVpcs(&zt.DescribeVpcsRequest{VpcIDs: []string{id}}))
	if len(resp.DataSet) != 1 || *resp.TotalCount != 1 {
		c.T.Fatalf("VPC %s: %d found", id, len(resp.DataSet))
	}
	return resp.DataSet[0]
}

func (c *client) describeSubnet(id string) *zt.SubnetInfo {
	c.T.Helper()
	resp := must(c.DescribeSubnets(&zt.DescribeSubnetsRequest{SubnetIDs: []string{id}}))
	if len(resp.DataSet) != 1 || *resp.TotalCount != 1 {
		c.T.Fatalf("subnet %s: %d found", id, len(resp.DataSet))
	}
	return resp.DataSet[0]
}

// TestVpcsAndSubnets: a global VPC with subnets in two regions, every
// field of VpcInfo and SubnetInfo, renames, IPv6, and what may not change.
func TestVpcsAndSubnets(t *testing.T) {
	e := start(t, apptest.Options{})
	c := e.a1(t)
	vpcResp := must(c.CreateVpc(&zt.CreateVpcRequest{Name: zt.String("main"), CidrBlock: zt.String("10.0.0.0/16"), Mtu: zt.Int(9000),
		EnablePriIPv6: zt.Bool(true), ResourceGroupID: zt.String("rg-net"),
		Tags: &zt.TagAssociation{Tags: []*zt.Tag{{Key: zt.String("env"), Value: zt.String("prod")}}}}))
	vpc := *vpcResp.VpcID
	v := c.describeVpc(vpc)
	v6, err := netip.ParsePrefix(deref(v.IPv6CidrBlock))
	if deref(v.Name) != "main" || deref(v.CidrBlock) != "10.0.0.0/16" || err != nil || v6.Bits() != 48 || !v6.Addr().IsPrivate() ||
		v.Mtu == nil || *v.Mtu != 9000 || v.IsDefault == nil || *v.IsDefault || deref(v.CreateTime) == "" ||
		v.UsageIPv4Count == nil || *v.UsageIPv4Count != 0 || v.UsageIPv6Count == nil || v.SecurityGroupID != nil || v.DNSZoneIDs == nil ||
		v.ResourceGroup == nil || deref(v.ResourceGroup.ResourceGroupID) != "rg-net" || deref(v.ResourceGroup.ResourceGroupName) == "" ||
		v.Tags == nil || len(v.Tags.Tags) != 1 || deref(v.Tags.Tags[0].Key) != "env" || deref(v.Tags.Tags[0].Value) != "prod" {
		t.Errorf("VPC %+v", v)
	}

	east := c.subnet(vpc, "asia-east-1", "10.0.1.0/24")
	west := must(c.CreateSubnet2024(&zt.CreateSubnet2024Request{VpcID: vpc, RegionID: "na-west-1", StackType: "IPv4_IPv6", IPv6Type: "Private",
		Name: "west", CidrBlock: "10.0.2.0/24"})).SubnetID
	s := c.describeSubnet(east)
	if deref(s.SubnetID) != east || deref(s.RegionID) != "asia-east-1" || deref(s.Name) != "sub-asia-east-1" || deref(s.CidrBlock) != "10.0.1.0/24" ||
		deref(s.GatewayIPAddress) != "10.0.1.1" || s.IPv6CidrBlock != nil || deref(s.StackType) != "IPv4" || s.IPv6Type != nil ||
		deref(s.VpcID) != vpc || deref(s.VpcName) != "main" || s.UsageIPv4Count == nil || s.UsageIPv6Count == nil ||
		deref(s.CreateTime) == "" || s.IsDefault == nil || *s.IsDefault || s.DhcpOptionsSetID != nil {
		t.Errorf("IPv4 subnet %+v", s)
	}
	w := c.describeSubnet(west)
	w6, err := netip.ParsePrefix(deref(w.IPv6CidrBlock))
	if deref(w.StackType) != "IPv4_IPv6" || deref(w.IPv6Type) != "Private" || err != nil || w6.Bits() != 64 || !v6.Contains(w6.Addr()) ||
		deref(w.IPv6GatewayIPAddress) != w6.Addr().Next().String() || w.IPv6MaskLength == nil || *w.IPv6MaskLength != 64 {
		t.Errorf("dual-stack subnet %+v, VPC block %s", w, v6)
	}

	byRegion := must(c.DescribeSubnets(&zt.DescribeSubnetsRequest{RegionID: zt.String("na-west-1")}))
	byVpc := must(c.DescribeSubnets(&zt.DescribeSubnetsRequest{VpcIDs: []string{vpc}, PageSize: zt.Int(1), PageNum: zt.Int(2)}))
	if len(byRegion.DataSet) != 1 || *byRegion.DataSet[0].SubnetID != west || *byVpc.TotalCount != 2 || len(byVpc.DataSet) != 1 || *byVpc.DataSet[0].SubnetID != west {
		t.Errorf("filters: by region %+v, by VPC page 2 %+v", byRegion, byVpc)
	}

	// The Terraform provider renames with the block it has, and an empty
	// block for IPv6-only subnets.
	must(c.ModifySubnetAttribute2024(&zt.ModifySubnetAttributeRequest{SubnetID: zt.String(east), SubnetName: zt.String("east"), CidrBlock: zt.String("10.0.1.0/24")}))
	must(c.ModifySubnetAttribute(&zt.ModifySubnetAttributeRequest{SubnetID: zt.String(east), SubnetName: zt.String("east2"), CidrBlock: zt.String("")}))
	if got := deref(c.describeSubnet(east).Name); got != "east2" {
		t.Errorf("renamed subnet: %q", got)
	}
	_, err = c.ModifySubnetAttribute(&zt.ModifySubnetAttributeRequest{SubnetID: zt.String(east), CidrBlock: zt.String("10.0.3.0/24")})
	wantError(t, err, http.StatusBadRequest, "INVALID_PARAMETER")

	stack := must(c.ModifySubnetStackType2024(&zt.ModifySubnetStackType2024Request{SubnetID: east, StackType: "IPv4_IPv6", IPv6Type: "Public"}))
	if got := c.describeSubnet(east); deref(got.IPv6CidrBlock) != stack.IPv6CidrBlock || stack.IPv6CidrBlock == "" || deref(got.IPv6Type) != "Public" {
		t.Errorf("IPv6 added: answered %q, shows %+v", stack.IPv6CidrBlock, got)
	}
	_, err = c.ModifySubnetStackType(&zt.ModifySubnetStackTypeRequest{SubnetID: zt.String(east), StackType: zt.String("IPv4_IPv6"), IPv6Type: zt.String("Public")})
	wantError(t, err, http.StatusBadRequest, "OPERATION_DENIED_SUBNET_STACK_TYPE")

	must(c.ModifyVpcAttribute(&zt.ModifyVpcAttributeRequest{VpcID: zt.String(vpc), VpcName: zt.String("renamed"), CidrBlock: zt.String("10.0.0.0/16")}))
	if got := deref(c.describeVpc(vpc).Name); got != "renamed" {
		t.Errorf("renamed VPC: %q", got)
	}
	_, err = c.ModifyVpcAttribute(&zt.ModifyVpcAttributeRequest{VpcID: zt.String(vpc), CidrBlock: zt.String("10.1.0.0/16")})
	wantError(t, err, http.StatusBadRequest, "INVALID_PARAMETER")
	_, err = c.ModifyVpcAttribute(&zt.ModifyVpcAttributeRequest{VpcID: zt.String(vpc), EnableIPv6: zt.Bool(false)})
	wantError(t, err, http.StatusBadRequest, "INVALID_PARAMETER")
	plain := c.vpc("plain", "192.168.0.0/16", false)
	_, err = c.CreateSubnet(&zt.CreateSubnetRequest{VpcID: zt.String(plain), Name: zt.String("p6"), RegionID: zt.String("asia-east-1"),
		StackType: zt.String("IPv4_IPv6"), IPv6Type: zt.String("Private"), CidrBlock: zt.String("192.168.1.0/24")})
	wantError(t, err, http.StatusBadRequest, "INVALID_PARAMETER")
	must(c.ModifyVpcAttribute(&zt.ModifyVpcAttributeRequest{VpcID: zt.String(plain), EnableIPv6: zt.Bool(true)}))
	if c.describeVpc(plain).IPv6CidrBlock == nil {
		t.Error("private IPv6 turned on: no ipv6CidrBlock")
	}
	must(c.ModifyVpcsAttribute(&zt.ModifyVpcsAttributeRequest{VpcIDs: []string{vpc, plain}, Name: zt.String("both")}))
	all := must(c.DescribeVpcs(&zt.DescribeVpcsRequest{Name: zt.String("both")}))
	if *all.TotalCount != 2 {
		t.Errorf("after the batch rename: %d VPCs named both", *all.TotalCount)
	}
	_, err = c.ModifyVpcsAttribute(&zt.ModifyVpcsAttributeRequest{VpcIDs: []string{vpc, "1234567890123456789"}, Name: zt.String("nope")})
	wantError(t, err, http.StatusNotFound, "INVALID_VPC_NOT_FOUND")
	if got := deref(c.describeVpc(vpc).Name); got != "both" {
		t.Errorf("a batch rename with an unknown VPC renamed %s to %q", vpc, got)
	}
	tagged := must(c.DescribeVpcs(&zt.DescribeVpcsRequest{Tags: []*zt.Tag{{Key: zt.String("env"), Value: zt.String("prod")}}}))
	if *tagged.TotalCount != 1 || *tagged.DataSet[0].VpcID != vpc {
		t.Errorf("tag filter: %+v", tagged.DataSet)
	}

	_, err = c.DeleteVpc2024(&zt.DeleteVpc2024Request{VpcID: vpc})
	wantError(t, err, http.StatusConflict, "INVALID_VPC_SUBNET_ASSOCIATED")
	must(c.DeleteSubnet2024(&zt.SubnetID2024Request{SubnetID: east}))
	must(c.DeleteSubnet(&zt.DeleteSubnetRequest{SubnetID: zt.String(west)}))
	must(c.DeleteVpc2024(&zt.DeleteVpc2024Request{VpcID: vpc}))
	_, err = c.DeleteVpc(&zt.DeleteVpcRequest{VpcID: zt.String(vpc)})
	wantError(t, err, http.StatusNotFound, "INVALID_VPC_NOT_FOUND")
	_, err = c.DeleteSubnet(&zt.DeleteSubnetRequest{SubnetID: zt.String(west)})
	wantError(t, err, http.StatusNotFound, "INVALID_SUBNET_NOT_FOUND")
}

// TestSecurityGroups: rules configured whole and read back byte for byte,
// the VPC assignment, and what keeps a group from being deleted.
func TestSecurityGroups(t *testing.T) {
	e := start(t, apptest.Options{})
	c := e.a1(t)
	rule := func(dir, proto, ports, cidr string, prio int, desc string) *zt.SecurityGroupRuleInfo {
		r := &zt.SecurityGroupRuleInfo{Direction: zt.String(dir), Policy: zt.String("accept"), Priority: zt.Int(prio),
			IPProtocol: zt.String(proto), PortRange: zt.String(ports), CidrIP: zt.String(cidr)}
		if desc != "" {
			r.Desc = zt.String(desc)
		}
		return r
	}
	created := must(c.CreateSecurityGroup(&zt.CreateSecurityGroupRequest{SecurityGroupName: zt.String("web"),
		RuleInfos: []*zt.SecurityGroupRuleInfo{rule("ingress", "tcp", "22", "0.0.0.0/0", 1, "ssh")}}))
	sg := *created.SecurityGroupID
	rules := must(c.DescribeSecurityGroupRule(&zt.SecurityGroupIDRequest{SecurityGroupID: zt.String(sg)}))
	if len(rules.IngressRuleList) != 1 || rules.EgressRuleList == nil || len(rules.EgressRuleList) != 0 || deref(rules.IngressRuleList[0].Desc) != "ssh" {
		t.Fatalf("rules %+v", rules)
	}

	want := []*zt.SecurityGroupRuleInfo{
		rule("ingress", "tcp", "80-90", "10.0.0.0/8", 10, "web"),
		rule("ingress", "icmp", "-1", "0.0.0.0/0", 100, ""),
		rule("egress", "all", "-1", "::/0", 1, ""),
	}
	want[1].Policy = zt.String("deny")
	must(c.ConfigureSecurityGroupRules(&zt.ConfigureSecurityGroupRulesRequest{SecurityGroupID: zt.String(sg), RuleInfos: want}))
	rules = must(c.DescribeSecurityGroupRule(&zt.SecurityGroupIDRequest{SecurityGroupID: zt.String(sg)}))
	got := append(slices.Clone(rules.IngressRuleList), rules.EgressRuleList...)
	if len(got) != len(want) {
		t.Fatalf("rules %+v", got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if deref(g.Direction) != deref(w.Direction) || deref(g.Policy) != deref(w.Policy) || *g.Priority != *w.Priority ||
			deref(g.IPProtocol) != deref(w.IPProtocol) || deref(g.PortRange) != deref(w.PortRange) || deref(g.CidrIP) != deref(w.CidrIP) ||
			deref(g.Desc) != deref(w.Desc) {
			t.Errorf("rule %d: got %+v, want %+v", i, g, w)
		}
	}
	for name, bad := range map[string]*zt.SecurityGroupRuleInfo{
		"INVALID_PARAMETER_SECURITY_GROUP_DIRECTION":   rule("inbound", "tcp", "22", "0.0.0.0/0", 1, ""),
		"INVALID_PARAMETER_SECURITY_GROUP_IP_PROTOCOL": rule("ingress", "sctp", "22", "0.0.0.0/0", 1, ""),
		"INVALID_PARAMETER_SECURITY_GROUP_PORT_RANGE":  rule("ingress", "tcp", "90-80", "0.0.0.0/0", 1, ""),
		"INVALID_PARAMETER_SECURITY_GROUP_CIDR_IP":     rule("ingress", "tcp", "22", "0.0.0.0", 1, ""),
		"INVALID_PARAMETER_SECURITY_GROUP_PRIORITY":    rule("ingress", "tcp", "22", "0.0.0.0/0", 101, ""),
	} {
		_, err := c.ConfigureSecurityGroupRules(&zt.ConfigureSecurityGroupRulesRequest{SecurityGroupID: zt.String(sg), RuleInfos: []*zt.SecurityGroupRuleInfo{bad}})
		wantError(t, err, http.StatusBadRequest, name)
	}
	_, err := c.ConfigureSecurityGroupRules(&zt.ConfigureSecurityGroupRulesRequest{SecurityGroupID: zt.String(sg), RuleInfos: []*zt.SecurityGroupRuleInfo{want[0], want[0]}})
	wantError(t, err, http.StatusForbidden, "OPERATION_DENIED_SECURITY_GROUP_EXIST_REPEAT_RULE")
	// No ruleInfos at all (the SDK leaves an empty list out) clears them.
	must(c.ConfigureSecurityGroupRules(&zt.ConfigureSecurityGroupRulesRequest{SecurityGroupID: zt.String(sg)}))
	if rules := must(c.DescribeSecurityGroupRule(&zt.SecurityGroupIDRequest{SecurityGroupID: zt.String(sg)})); len(rules.IngressRuleList)+len(rules.EgressRuleList) != 0 {
		t.Errorf("after clearing: %+v", rules)
	}

	vpc := c.vpc("vpc-1", "10.0.0.0/16", false)
	must(c.AssignSecurityGroupVpc(&zt.AssignSecurityGroupVpcRequest{VpcID: zt.String(vpc), SecurityGroupID: zt.String(sg)}))
	if got := deref(c.describeVpc(vpc).SecurityGroupID); got != sg {
		t.Errorf("VPC's group %q, want %s", got, sg)
	}
	groups := must(c.DescribeSecurityGroups(&zt.DescribeSecurityGroupsRequest{SecurityGroupIDs: []string{sg}}))
	g := groups.DataSet[0]
	if deref(g.SecurityGroupName) != "web" || deref(g.Scope) != "Global" || deref(g.CreateTime) == "" || !slices.Equal(g.VpcIDs, []string{vpc}) ||
		g.IsDefault == nil || *g.IsDefault || g.NicIDList == nil || g.NatIDList == nil || g.LoadBalancerIDList == nil || g.HaVipIDList == nil {
		t.Errorf("group %+v", g)
	}
	_, err = c.DeleteSecurityGroup2024(&zt.SecurityGroupID2024Request{SecurityGroupID: sg})
	wantError(t, err, http.StatusConflict, "OPERATION_DENIED_SECURITY_GROUP_ASSOCIATE_VPC")
	must(c.ModifySecurityGroupsAttribute2024(&zt.ModifySecurityGroupsAttribute2024Request{SecurityGroupIDs: []string{sg}, SecurityGroupName: "web2"}))
	must(c.UnAssignSecurityGroupVpc(&zt.UnAssignSecurityGroupVpcRequest{VpcID: zt.String(vpc)}))
	if got := c.describeVpc(vpc).SecurityGroupID; got != nil {
		t.Errorf("VPC's group after unassigning: %q", *got)
	}
	_, err = c.UnAssignSecurityGroupVpc(&zt.UnAssignSecurityGroupVpcRequest{VpcID: zt.String(vpc)})
	wantError(t, err, http.StatusBadRequest, "OPERATION_DENIED_VPC_NOT_EXIST_SECURITY_GROUP")
	must(c.DeleteSecurityGroup(&zt.SecurityGroupIDRequest{SecurityGroupID: zt.String(sg)}))
	_, err = c.DescribeSecurityGroupRule(&zt.SecurityGroupIDRequest{SecurityGroupID: zt.String(sg)})
	wantError(t, err, http.StatusNotFound, "INVALID_SECURITY_GROUP_NOT_FOUND")
	_, err = c.AssignSecurityGroupVpc(&zt.AssignSecurityGroupVpcRequest{VpcID: zt.String(vpc), SecurityGroupID: zt.String(sg)})
	wantError(t, err, http.StatusNotFound, "INVALID_SECURITY_GROUP_NOT_FOUND")
}
