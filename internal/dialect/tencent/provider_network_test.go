package tencent_test

import (
	"encoding/json"
	"slices"
	"strconv"
	"testing"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"
	vpc "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/vpc/v20170312"

	"github.com/ecsd/ecsd/internal/app/apptest"
)

// call sends an action through the SDK's common client, for the
// parameters the provider's vpc v1.3.157 sends that the vpc SDK the module
// proxy serves (v1.0.1000) has no field for, and decodes the answer into
// out.
func (p *provider) call(service, version, action string, params map[string]any, out any) {
	p.t.Helper()
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint, cpf.HttpProfile.Scheme, cpf.Language = p.env.Host, "HTTP", "en-US"
	c := common.NewCommonClient(common.NewCredential(apptest.AccessKeyID, apptest.AccessKeySecret), region, cpf)
	req := tchttp.NewCommonRequest(service, version, action)
	if err := req.SetActionParameters(params); err != nil {
		p.t.Fatal(err)
	}
	resp := tchttp.NewCommonResponse()
	check(p.t, c.Send(req, resp))
	if err := json.Unmarshal(resp.GetBody(), out); err != nil {
		p.t.Fatalf("%s: %v", action, err)
	}
}

// vpcPublish is what a Vpc shows of route publishing, which the v1.0.1000
// model lacks.
type vpcPublish struct {
	Response struct {
		VpcSet []struct {
			VpcID                     string `json:"VpcId"`
			EnableRouteVpcPublish     *bool  `json:"EnableRouteVpcPublish"`
			EnableRouteVpcPublishIpv6 *bool  `json:"EnableRouteVpcPublishIpv6"`
		}
	}
}

// createVpc is tencentcloud_vpc's create (svc/vpc/resource_tc_vpc.go:116-199)
// through VpcService.CreateVpc (svc/vpc/service_tencentcloud_vpc.go:278-332):
// VpcName, CidrBlock, EnableMulticast as a string, always, Tags,
// EnableRouteVpcPublish and its IPv6 twin, always. Vpc.VpcId and
// Vpc.IsDefault are read without a check (330).
func (p *provider) createVpc(name, cidr string, tags map[string]string) string {
	p.t.Helper()
	params := map[string]any{"VpcName": name, "CidrBlock": cidr, "EnableMulticast": "false",
		"EnableRouteVpcPublish": false, "EnableRouteVpcPublishIpv6": false}
	if len(tags) > 0 {
		var list []map[string]string
		for k, v := range tags {
			list = append(list, map[string]string{"Key": k, "Value": v})
		}
		params["Tags"] = list
	}
	var resp vpc.CreateVpcResponse
	p.call("vpc", "2017-03-12", "CreateVpc", params, &resp)
	v := deref(p.t, "Response.Vpc", resp.Response.Vpc)
	equal(p.t, "Vpc.IsDefault", v.IsDefault, false)
	return deref(p.t, "Vpc.VpcId", v.VpcId)
}

// readVpc is tencentcloud_vpc's read (resource_tc_vpc.go:201-274):
// DescribeVpcs with the filter vpc-id and Offset/Limit strings "0"/"100",
// paging while offset < TotalCount, a VPC seen twice an error
// (service:350-496); then DescribeRouteTables with vpc-id and
// association.main (service:895-1008).
func (p *provider) readVpc(id string) (*vpc.Vpc, *vpc.RouteTable) {
	p.t.Helper()
	t := p.t
	var found []*vpc.Vpc
	for offset := 0; ; offset += 100 {
		req := vpc.NewDescribeVpcsRequest()
		req.Filters = []*vpc.Filter{{Name: ptr("vpc-id"), Values: []*string{&id}}}
		req.Offset, req.Limit = ptr(strconv.Itoa(offset)), ptr("100")
		resp, err := p.vpc.DescribeVpcs(req)
		check(t, err)
		total := deref(t, "DescribeVpcs TotalCount", resp.Response.TotalCount)
		for _, v := range resp.Response.VpcSet {
			for _, f := range []*string{v.CidrBlock, v.CreatedTime, v.VpcName, v.VpcId} {
				deref(t, "VpcSet[] field", f)
			}
			deref(t, "VpcSet[].IsDefault", v.IsDefault)
			deref(t, "VpcSet[].EnableMulticast", v.EnableMulticast)
			for _, s := range v.DnsServerSet {
				deref(t, "DnsServerSet[]", s)
			}
			for _, a := range v.AssistantCidrSet {
				deref(t, "AssistantCidrSet[].CidrBlock", a.CidrBlock)
			}
			for _, tg := range v.TagSet {
				deref(t, "TagSet[].Key", tg.Key)
				deref(t, "TagSet[].Value", tg.Value)
			}
			if slices.ContainsFunc(found, func(f *vpc.Vpc) bool { return *f.VpcId == *v.VpcId }) {
				t.Fatalf("VPC %s seen twice", *v.VpcId)
			}
			found = append(found, v)
		}
		if uint64(offset+100) >= total {
			break
		}
	}
	if len(found) == 0 {
		return nil, nil
	}
	if len(found) > 1 {
		t.Fatalf("%d VPCs with id %s", len(found), id)
	}
	var publish vpcPublish
	p.call("vpc", "2017-03-12", "DescribeVpcs", map[string]any{"VpcIds": []string{id}}, &publish)
	if len(publish.Response.VpcSet) != 1 || publish.Response.VpcSet[0].EnableRouteVpcPublish == nil || publish.Response.VpcSet[0].EnableRouteVpcPublishIpv6 == nil {
		t.Errorf("DescribeVpcs lacks EnableRouteVpcPublish(Ipv6): %+v", publish.Response.VpcSet)
	}

	req := vpc.NewDescribeRouteTablesRequest()
	req.Filters = []*vpc.Filter{{Name: ptr("vpc-id"), Values: []*string{&id}}, {Name: ptr("association.main"), Values: []*string{ptr("true")}}}
	req.Offset, req.Limit = ptr("0"), ptr("100")
	resp, err := p.vpc.DescribeRouteTables(req)
	check(t, err)
	deref(t, "DescribeRouteTables TotalCount", resp.Response.TotalCount)
	var main *vpc.RouteTable
	for _, rt := range resp.Response.RouteTableSet {
		for _, f := range []*string{rt.CreatedTime, rt.RouteTableName, rt.RouteTableId, rt.VpcId} {
			deref(t, "RouteTableSet[] field", f)
		}
		for _, a := range rt.AssociationSet {
			deref(t, "AssociationSet[].SubnetId", a.SubnetId)
		}
		for _, r := range rt.RouteSet {
			for _, f := range []*string{r.DestinationCidrBlock, r.GatewayId, r.GatewayType, r.RouteDescription, r.RouteType, r.RouteItemId} {
				deref(t, "RouteSet[] field", f)
			}
			deref(t, "RouteSet[].RouteId", r.RouteId)
			deref(t, "RouteSet[].Enabled", r.Enabled)
		}
		if deref(t, "RouteTableSet[].Main", rt.Main) {
			main = rt
		}
	}
	return found[0], main
}

// deleteVpc is tencentcloud_vpc's delete (resource_tc_vpc.go:386-407):
// DeleteVpc; ResourceNotFound counts as done.
func (p *provider) deleteVpc(id string) {
	p.t.Helper()
	req := vpc.NewDeleteVpcRequest()
	req.VpcId = &id
	_, err := p.vpc.DeleteVpc(req)
	check(p.t, err)
	if v, _ := p.readVpc(id); v != nil {
		p.t.Fatalf("VPC %s is still there after its delete", id)
	}
}

// createSubnet is tencentcloud_subnet's create (svc/vpc/resource_tc_subnet.go:98-198):
// CreateSubnet (service:716-767), Subnet.SubnetId read without a check;
// then ModifySubnetAttribute with EnableBroadcast as a string, always.
func (p *provider) createSubnet(vpcID, zone, name, cidr string, tags map[string]string) string {
	p.t.Helper()
	req := vpc.NewCreateSubnetRequest()
	req.VpcId, req.SubnetName, req.CidrBlock, req.Zone = &vpcID, &name, &cidr, &zone
	for k, v := range tags {
		req.Tags = append(req.Tags, &vpc.Tag{Key: ptr(k), Value: ptr(v)})
	}
	resp, err := p.vpc.CreateSubnet(req)
	check(p.t, err)
	id := deref(p.t, "Subnet.SubnetId", deref(p.t, "Response.Subnet", resp.Response.Subnet).SubnetId)
	mod := vpc.NewModifySubnetAttributeRequest()
	mod.SubnetId, mod.SubnetName, mod.EnableBroadcast = &id, &name, ptr("false")
	_, err = p.vpc.ModifySubnetAttribute(mod)
	check(p.t, err)
	return id
}

// readSubnet is tencentcloud_subnet's read (resource_tc_subnet.go:200-263):
// DescribeSubnets with the filter subnet-id and Offset/Limit strings
// (service:514-643), every field it sets dereferenced; then its tags.
func (p *provider) readSubnet(id string) (*vpc.Subnet, map[string]string) {
	p.t.Helper()
	t := p.t
	req := vpc.NewDescribeSubnetsRequest()
	req.Filters = []*vpc.Filter{{Name: ptr("subnet-id"), Values: []*string{&id}}}
	req.Offset, req.Limit = ptr("0"), ptr("100")
	resp, err := p.vpc.DescribeSubnets(req)
	check(t, err)
	deref(t, "DescribeSubnets TotalCount", resp.Response.TotalCount)
	if len(resp.Response.SubnetSet) == 0 {
		return nil, nil
	}
	s := resp.Response.SubnetSet[0]
	for _, f := range []*string{s.CidrBlock, s.CreatedTime, s.VpcId, s.SubnetId, s.RouteTableId, s.CdcId, s.SubnetName, s.Zone} {
		deref(t, "SubnetSet[] field", f)
	}
	deref(t, "SubnetSet[].IsDefault", s.IsDefault)
	deref(t, "SubnetSet[].EnableBroadcast", s.EnableBroadcast)
	deref(t, "SubnetSet[].AvailableIpAddressCount", s.AvailableIpAddressCount)
	return s, p.describeTags("vpc", "subnet", id)
}

func (p *provider) deleteSubnet(id string) {
	p.t.Helper()
	req := vpc.NewDeleteSubnetRequest()
	req.SubnetId = &id
	_, err := p.vpc.DeleteSubnet(req)
	check(p.t, err)
	if s, _ := p.readSubnet(id); s != nil {
		p.t.Fatalf("subnet %s is still there after its delete", id)
	}
}

// createSecurityGroup is tencentcloud_security_group's create
// (svc/vpc/resource_tc_security_group.go:63-104): CreateSecurityGroup
// (service:1307-1353) with GroupName, GroupDescription always, Tags.
func (p *provider) createSecurityGroup(name, desc string, tags map[string]string) string {
	p.t.Helper()
	req := vpc.NewCreateSecurityGroupRequest()
	req.GroupName, req.GroupDescription = &name, &desc
	for k, v := range tags {
		req.Tags = append(req.Tags, &vpc.Tag{Key: ptr(k), Value: ptr(v)})
	}
	resp, err := p.vpc.CreateSecurityGroup(req)
	check(p.t, err)
	return deref(p.t, "SecurityGroup.SecurityGroupId", deref(p.t, "Response.SecurityGroup", resp.Response.SecurityGroup).SecurityGroupId)
}

// readSecurityGroup is tencentcloud_security_group's read
// (resource_tc_security_group.go:106-145): DescribeSecurityGroups by ID
// (service:1355-1390), ResourceNotFound meaning gone; name, description and
// ProjectId (a string that must parse as an integer) dereferenced.
func (p *provider) readSecurityGroup(id string) (*vpc.SecurityGroup, map[string]string) {
	p.t.Helper()
	t := p.t
	req := vpc.NewDescribeSecurityGroupsRequest()
	req.SecurityGroupIds = []*string{&id}
	resp, err := p.vpc.DescribeSecurityGroups(req)
	if err != nil {
		wantError(t, err, "ResourceNotFound")
		return nil, nil
	}
	if len(resp.Response.SecurityGroupSet) == 0 {
		return nil, nil
	}
	g := resp.Response.SecurityGroupSet[0]
	deref(t, "SecurityGroupName", g.SecurityGroupName)
	deref(t, "SecurityGroupDesc", g.SecurityGroupDesc)
	if _, err := strconv.Atoi(deref(t, "ProjectId", g.ProjectId)); err != nil {
		t.Errorf("ProjectId %q is not an integer", *g.ProjectId)
	}
	return g, p.describeTags("cvm", "sg", id)
}

// deleteSecurityGroup is tencentcloud_security_group's delete
// (resource_tc_security_group.go:201-261):
// DescribeSecurityGroupAssociationStatistics until CVM, CLB, CDB, ENI and
// SG are 0, then DeleteSecurityGroup.
func (p *provider) deleteSecurityGroup(id string) {
	p.t.Helper()
	t := p.t
	stats := vpc.NewDescribeSecurityGroupAssociationStatisticsRequest()
	stats.SecurityGroupIds = []*string{&id}
	resp, err := p.vpc.DescribeSecurityGroupAssociationStatistics(stats)
	check(t, err)
	if set := resp.Response.SecurityGroupAssociationStatisticsSet; len(set) > 0 {
		s := set[0]
		for name, n := range map[string]*uint64{"CVM": s.CVM, "CLB": s.CLB, "CDB": s.CDB, "ENI": s.ENI, "SG": s.SG} {
			if deref(t, name, n) != 0 {
				t.Fatalf("security group %s is used: %s %d", id, name, *n)
			}
		}
	}
	req := vpc.NewDeleteSecurityGroupRequest()
	req.SecurityGroupId = &id
	_, err = p.vpc.DeleteSecurityGroup(req)
	check(t, err)
	if g, _ := p.readSecurityGroup(id); g != nil {
		t.Fatalf("security group %s is still there after its delete", id)
	}
}

// TestProviderVpc replays tencentcloud_vpc: create, read, update (name,
// DNS servers, multicast, tags) and delete, and the VPC's main route table.
func replayProviderVpc(t *testing.T, env *apptest.Env) {
	p := newProvider(t, env)
	id := p.createVpc("tf-vpc", "10.0.0.0/16", map[string]string{"team": "infra"})
	v, main := p.readVpc(id)
	equal(t, "VpcName", v.VpcName, "tf-vpc")
	equal(t, "CidrBlock", v.CidrBlock, "10.0.0.0/16")
	equal(t, "IsDefault", v.IsDefault, false)
	equal(t, "EnableMulticast", v.EnableMulticast, false)
	if got := values(v.DnsServerSet); !slices.Equal(got, []string{"183.60.83.19", "183.60.82.98"}) {
		t.Errorf("DnsServerSet %v, want Tencent's default servers", got)
	}
	if len(v.TagSet) != 1 || *v.TagSet[0].Key != "team" || *v.TagSet[0].Value != "infra" {
		t.Errorf("TagSet %+v, want team=infra", v.TagSet)
	}
	if main == nil || !wellFormedRouteTable(*main.RouteTableId) || *main.VpcId != id {
		t.Fatalf("no main route table for %s: %+v", id, main)
	}
	noNilPointers(t, "Vpc", v)

	// Update (resource_tc_vpc.go:276-384): ModifyVpcAttribute always, with
	// every setting; tags through the tag service, which the VPC's TagSet
	// must then show.
	p.call("vpc", "2017-03-12", "ModifyVpcAttribute", map[string]any{"VpcId": id, "VpcName": "tf-vpc-2",
		"DnsServers": []string{"119.29.29.29"}, "EnableMulticast": "true", "EnableRouteVpcPublish": false, "EnableRouteVpcPublishIpv6": false}, &struct{}{})
	p.modifyTags("vpc", "vpc", id, map[string]string{"env": "dev"}, "team")
	v, _ = p.readVpc(id)
	equal(t, "VpcName", v.VpcName, "tf-vpc-2")
	equal(t, "EnableMulticast", v.EnableMulticast, true)
	if got := values(v.DnsServerSet); !slices.Equal(got, []string{"119.29.29.29"}) {
		t.Errorf("DnsServerSet %v after the update", got)
	}
	if len(v.TagSet) != 1 || *v.TagSet[0].Key != "env" || *v.TagSet[0].Value != "dev" {
		t.Errorf("TagSet %+v after ModifyResourceTags, want env=dev", v.TagSet)
	}

	// Delete: refused while a subnet holds the VPC (ResourceInUse, which the
	// provider retries), done once it does not.
	sub := p.createSubnet(id, zone3, "s", "10.0.2.0/24", nil)
	req := vpc.NewDeleteVpcRequest()
	req.VpcId = &id
	_, err := p.vpc.DeleteVpc(req)
	wantError(t, err, "ResourceInUse")
	p.deleteSubnet(sub)
	p.deleteVpc(id)
	_, err = p.vpc.DeleteVpc(req)
	wantError(t, err, "ResourceNotFound")
}

func wellFormedRouteTable(id string) bool {
	return len(id) == 12 && id[:4] == "rtb-"
}

// TestProviderSubnet replays tencentcloud_subnet: create (with a route
// table check and association), read, update and delete.
func replayProviderSubnet(t *testing.T, env *apptest.Env) {
	p := newProvider(t, env)
	vpcID := p.createVpc("v", "10.1.0.0/16", nil)
	_, main := p.readVpc(vpcID)
	table := *main.RouteTableId

	// With route_table_id: DescribeRouteTables with route-table-id and
	// vpc-id must find exactly one (IsRouteTableInVpc), then CreateSubnet,
	// ModifySubnetAttribute, ReplaceRouteTableAssociation.
	rt := vpc.NewDescribeRouteTablesRequest()
	rt.Filters = []*vpc.Filter{{Name: ptr("route-table-id"), Values: []*string{&table}}, {Name: ptr("vpc-id"), Values: []*string{&vpcID}}}
	rt.Offset, rt.Limit = ptr("0"), ptr("100")
	tables, err := p.vpc.DescribeRouteTables(rt)
	check(t, err)
	if *tables.Response.TotalCount != 1 {
		t.Fatalf("route table %s in %s: %d found, want 1", table, vpcID, *tables.Response.TotalCount)
	}
	id := p.createSubnet(vpcID, zone4, "tf-subnet", "10.1.1.0/24", map[string]string{"k": "v"})
	assoc := vpc.NewReplaceRouteTableAssociationRequest()
	assoc.SubnetId, assoc.RouteTableId = &id, &table
	_, err = p.vpc.ReplaceRouteTableAssociation(assoc)
	check(t, err)

	s, tags := p.readSubnet(id)
	equal(t, "VpcId", s.VpcId, vpcID)
	equal(t, "Zone", s.Zone, zone4)
	equal(t, "SubnetName", s.SubnetName, "tf-subnet")
	equal(t, "CidrBlock", s.CidrBlock, "10.1.1.0/24")
	equal(t, "RouteTableId", s.RouteTableId, table)
	equal(t, "CdcId", s.CdcId, "")
	equal(t, "IsDefault", s.IsDefault, false)
	equal(t, "EnableBroadcast", s.EnableBroadcast, false)
	equal(t, "AvailableIpAddressCount", s.AvailableIpAddressCount, 253)
	equal(t, "TotalIpAddressCount", s.TotalIpAddressCount, 253)
	wantTags(t, "subnet", tags, map[string]string{"k": "v"})
	noNilPointers(t, "Subnet", s)

	// Update: ModifySubnetAttribute always, tags through the tag service.
	mod := vpc.NewModifySubnetAttributeRequest()
	mod.SubnetId, mod.SubnetName, mod.EnableBroadcast = &id, ptr("tf-subnet-2"), ptr("true")
	_, err = p.vpc.ModifySubnetAttribute(mod)
	check(t, err)
	p.modifyTags("vpc", "subnet", id, map[string]string{"k": "w"})
	s, tags = p.readSubnet(id)
	equal(t, "SubnetName", s.SubnetName, "tf-subnet-2")
	equal(t, "EnableBroadcast", s.EnableBroadcast, true)
	wantTags(t, "subnet", tags, map[string]string{"k": "w"})

	// An instance in the subnet takes one of its addresses, and blocks its
	// delete with ResourceInUse (retried by the provider).
	run := launchIn(vpcID, id)
	inst := p.runInstance(run, nil)
	s, _ = p.readSubnet(id)
	equal(t, "AvailableIpAddressCount", s.AvailableIpAddressCount, 252)
	del := vpc.NewDeleteSubnetRequest()
	del.SubnetId = &id
	_, err = p.vpc.DeleteSubnet(del)
	wantError(t, err, "ResourceInUse")
	p.terminateInstance(inst)
	p.deleteSubnet(id)
	_, err = p.vpc.DeleteSubnet(del)
	wantError(t, err, "ResourceNotFound")
	p.deleteVpc(vpcID)
}

// launchIn is a RunInstances request for one instance in a subnet.
func launchIn(vpcID, subnetID string) *cvm.RunInstancesRequest {
	req := newRun()
	req.Placement.Zone = ptr(zone4)
	req.VirtualPrivateCloud = &cvm.VirtualPrivateCloud{VpcId: &vpcID, SubnetId: &subnetID}
	return req
}

// newRun is a RunInstances request for one postpaid instance in zone 3, as
// the provider sends it for a minimal configuration.
func newRun() *cvm.RunInstancesRequest {
	req := cvm.NewRunInstancesRequest()
	req.ImageId, req.InstanceType = ptr(image), ptr(itype)
	req.Placement = &cvm.Placement{Zone: ptr(zone3)}
	req.InstanceChargeType = ptr("POSTPAID_BY_HOUR")
	req.InternetAccessible = &cvm.InternetAccessible{PublicIpAssigned: ptr(false)}
	return req
}

// TestProviderSecurityGroup replays tencentcloud_security_group with a
// tencentcloud_security_group_rule_set, and a tencentcloud_security_group_rule.
func replayProviderSecurityGroup(t *testing.T, env *apptest.Env) {
	p := newProvider(t, env)
	id := p.createSecurityGroup("tf-sg", "", map[string]string{"a": "1"})
	g, tags := p.readSecurityGroup(id)
	equal(t, "SecurityGroupName", g.SecurityGroupName, "tf-sg")
	equal(t, "SecurityGroupDesc", g.SecurityGroupDesc, "")
	equal(t, "ProjectId", g.ProjectId, "0")
	wantTags(t, "security group", tags, map[string]string{"a": "1"})
	noNilPointers(t, "SecurityGroup", g)

	// Update: ModifySecurityGroupAttribute with the name and description.
	mod := vpc.NewModifySecurityGroupAttributeRequest()
	mod.SecurityGroupId, mod.GroupName, mod.GroupDescription = &id, ptr("tf-sg-2"), ptr("web")
	_, err := p.vpc.ModifySecurityGroupAttribute(mod)
	check(t, err)
	g, _ = p.readSecurityGroup(id)
	equal(t, "SecurityGroupName", g.SecurityGroupName, "tf-sg-2")
	equal(t, "SecurityGroupDesc", g.SecurityGroupDesc, "web")

	peer := p.createSecurityGroup("peer", "peer", nil)

	// tencentcloud_security_group_rule_set create
	// (svc/vpc/resource_tc_security_group_rule_set.go:121-163):
	// ModifySecurityGroupPolicies with both directions, no Version; each
	// policy carries only its non-empty fields (342-432).
	ingress := []*vpc.SecurityGroupPolicy{
		{Action: ptr("ACCEPT"), CidrBlock: ptr("10.0.0.0/16"), Protocol: ptr("TCP"), Port: ptr("80,443"), PolicyDescription: ptr("web")},
		{Action: ptr("DROP"), SecurityGroupId: &peer, Protocol: ptr("UDP"), Port: ptr("53")},
		{Action: ptr("ACCEPT"), CidrBlock: ptr("0.0.0.0/0"), Protocol: ptr("ICMP")},
	}
	egress := []*vpc.SecurityGroupPolicy{{Action: ptr("ACCEPT"), CidrBlock: ptr("0.0.0.0/0"), Protocol: ptr("ALL")}}
	set := vpc.NewModifySecurityGroupPoliciesRequest()
	set.SecurityGroupId = &id
	set.SecurityGroupPolicySet = &vpc.SecurityGroupPolicySet{Ingress: ingress, Egress: egress}
	_, err = p.vpc.ModifySecurityGroupPolicies(set)
	check(t, err)

	// Read (165-204): DescribeSecurityGroupPolicies; Version, and every
	// policy re-marshalled (434-477) in order, with its fields as sent.
	read := func() *vpc.SecurityGroupPolicySet {
		t.Helper()
		req := vpc.NewDescribeSecurityGroupPoliciesRequest()
		req.SecurityGroupId = &id
		resp, err := p.vpc.DescribeSecurityGroupPolicies(req)
		check(t, err)
		set := deref(t, "SecurityGroupPolicySet", resp.Response.SecurityGroupPolicySet)
		return &set
	}
	got := read()
	if len(got.Ingress) != 3 || len(got.Egress) != 1 {
		t.Fatalf("%d ingress and %d egress policies, want 3 and 1", len(got.Ingress), len(got.Egress))
	}
	version := deref(t, "Version", got.Version)
	for i, want := range ingress {
		pol := got.Ingress[i]
		equal(t, "PolicyIndex", pol.PolicyIndex, int64(i))
		equal(t, "Action", pol.Action, *want.Action)
		equal(t, "Protocol", pol.Protocol, *want.Protocol)
		equal(t, "Port", pol.Port, orNil(want.Port, "ALL"))
		equal(t, "CidrBlock", pol.CidrBlock, orNil(want.CidrBlock, ""))
		equal(t, "SecurityGroupId", pol.SecurityGroupId, orNil(want.SecurityGroupId, ""))
		equal(t, "Ipv6CidrBlock", pol.Ipv6CidrBlock, "")
		equal(t, "PolicyDescription", pol.PolicyDescription, orNil(want.PolicyDescription, ""))
		noNilPointers(t, "SecurityGroupPolicy", pol)
	}
	// The peer group is referred to now: its delete waits.
	stats := vpc.NewDescribeSecurityGroupAssociationStatisticsRequest()
	stats.SecurityGroupIds = []*string{&peer}
	st, err := p.vpc.DescribeSecurityGroupAssociationStatistics(stats)
	check(t, err)
	equal(t, "SG", st.Response.SecurityGroupAssociationStatisticsSet[0].SG, 1)

	// Update (206-313): only ingress left: DeleteSecurityGroupPolicies of
	// the old egress by PolicyIndex, then ModifySecurityGroupPolicies with
	// the new ingress, Version+2 and SortPolicys.
	del := vpc.NewDeleteSecurityGroupPoliciesRequest()
	del.SecurityGroupId = &id
	del.SecurityGroupPolicySet = &vpc.SecurityGroupPolicySet{Egress: []*vpc.SecurityGroupPolicy{{PolicyIndex: ptr(int64(0))}}}
	_, err = p.vpc.DeleteSecurityGroupPolicies(del)
	check(t, err)
	n, _ := strconv.Atoi(version)
	set = vpc.NewModifySecurityGroupPoliciesRequest()
	set.SecurityGroupId, set.SortPolicys = &id, ptr(true)
	set.SecurityGroupPolicySet = &vpc.SecurityGroupPolicySet{Version: ptr(strconv.Itoa(n + 2)), Ingress: ingress[:1]}
	_, err = p.vpc.ModifySecurityGroupPolicies(set)
	check(t, err)
	got = read()
	if len(got.Ingress) != 1 || len(got.Egress) != 0 {
		t.Fatalf("after the update: %d ingress, %d egress; want 1 and 0", len(got.Ingress), len(got.Egress))
	}

	// tencentcloud_security_group_rule create (svc/vpc/resource_tc_security_group_rule.go:177-298)
	// through CreateSecurityGroupPolicy (service:1480-1549): one policy,
	// with empty templates, PolicyIndex 0 and PolicyDescription always.
	create := vpc.NewCreateSecurityGroupPoliciesRequest()
	create.SecurityGroupId = &id
	create.SecurityGroupPolicySet = &vpc.SecurityGroupPolicySet{Egress: []*vpc.SecurityGroupPolicy{{
		CidrBlock: ptr("192.168.0.0/24"), AddressTemplate: &vpc.AddressTemplateSpecification{}, ServiceTemplate: &vpc.ServiceTemplateSpecification{},
		Protocol: ptr("TCP"), PolicyIndex: ptr(int64(0)), Port: ptr("22"), PolicyDescription: ptr(""), Action: ptr("ACCEPT"),
	}}}
	_, err = p.vpc.CreateSecurityGroupPolicies(create)
	check(t, err)
	// Read (300-387): the policy is found by comparing, with SecurityGroupId
	// and Action dereferenced on every policy of the direction (2287-2291).
	got = read()
	for _, pol := range got.Egress {
		deref(t, "Egress[].SecurityGroupId", pol.SecurityGroupId)
		deref(t, "Egress[].Action", pol.Action)
	}
	if len(got.Egress) != 1 || *got.Egress[0].CidrBlock != "192.168.0.0/24" || *got.Egress[0].Port != "22" {
		t.Fatalf("egress after CreateSecurityGroupPolicies: %+v", got.Egress)
	}
	// Delete (389-425): DeleteSecurityGroupPolicies with the policy rebuilt
	// from the rule's ID; a second one is ResourceNotFound, which counts as
	// done.
	del = vpc.NewDeleteSecurityGroupPoliciesRequest()
	del.SecurityGroupId = &id
	del.SecurityGroupPolicySet = &vpc.SecurityGroupPolicySet{Egress: []*vpc.SecurityGroupPolicy{{
		Action: ptr("ACCEPT"), CidrBlock: ptr("192.168.0.0/24"), Protocol: ptr("TCP"), Port: ptr("22"), PolicyDescription: ptr(""),
	}}}
	_, err = p.vpc.DeleteSecurityGroupPolicies(del)
	check(t, err)
	_, err = p.vpc.DeleteSecurityGroupPolicies(del)
	wantError(t, err, "ResourceNotFound")

	// rule_set delete (315-340): ModifySecurityGroupPolicies with Version
	// "0" and no policies clears the group.
	set = vpc.NewModifySecurityGroupPoliciesRequest()
	set.SecurityGroupId = &id
	set.SecurityGroupPolicySet = &vpc.SecurityGroupPolicySet{Version: ptr("0")}
	_, err = p.vpc.ModifySecurityGroupPolicies(set)
	check(t, err)
	if got = read(); len(got.Ingress)+len(got.Egress) != 0 {
		t.Fatalf("policies left after clearing: %d", len(got.Ingress)+len(got.Egress))
	}

	// An instance in the group holds its delete back (CVM 1).
	run := newRun()
	run.SecurityGroupIds = []*string{&id}
	inst := p.runInstance(run, nil)
	stats.SecurityGroupIds = []*string{&id}
	st, err = p.vpc.DescribeSecurityGroupAssociationStatistics(stats)
	check(t, err)
	equal(t, "CVM", st.Response.SecurityGroupAssociationStatisticsSet[0].CVM, 1)
	dg := vpc.NewDeleteSecurityGroupRequest()
	dg.SecurityGroupId = &id
	_, err = p.vpc.DeleteSecurityGroup(dg)
	wantError(t, err, "ResourceInUse")
	p.terminateInstance(inst)
	p.deleteSecurityGroup(id)
	p.deleteSecurityGroup(peer)
}

func orNil(v *string, def string) string {
	if v == nil {
		return def
	}
	return *v
}
