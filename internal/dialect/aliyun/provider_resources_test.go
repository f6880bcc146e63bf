package aliyun_test

// Provider replays: for each Terraform resource of the Alibaba provider
// (terraform-provider-alicloud at 81c43b67, alicloud/...), the calls its
// create, read, update, import and delete make, in order, with the same
// parameters, through the same SDKs: tea-rpc's RpcPost for most
// (connectivity/client.go:2511), the classic SDK for some, and the classic
// CommonRequest for security group rules (client.go:1657). Each read checks
// every field the provider reads: present, of the JSON type it needs (the
// tea path decodes numbers as json.Number and d.Set rejects a string where a
// bool or number goes), and equal to what was set.

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/alibabacloud-go/tea-rpc/client"
	util "github.com/alibabacloud-go/tea-utils/service"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"

	"github.com/ecsd/ecsd/internal/app/apptest"
)

// tfProvider makes calls as the provider does.
type tfProvider struct {
	t       *testing.T
	env     *apptest.Env
	host    string
	classic *classicecs.Client
	tokens  int
}

func newResourceProvider(t *testing.T, env *apptest.Env) *tfProvider {
	t.Helper()
	c, err := classicecs.NewClientWithAccessKey(region, apptest.AccessKeyID, apptest.AccessKeySecret)
	if err != nil {
		t.Fatal(err)
	}
	c.Domain = env.Host
	return &tfProvider{t: t, env: env, host: env.Host, classic: c}
}

// rpcPost is the provider's RpcPost (client.go:2511-2567): a tea-rpc
// client per call, POST, body parameters in a form, then formatError
// (client.go:2885), which turns a 2xx body with a failing Code into an
// error.
func (p *tfProvider) rpcPost(product, action string, query, body map[string]any) (map[string]any, error) {
	p.t.Helper()
	version := "2014-05-26"
	if product == "Vpc" {
		version = "2016-04-28"
	}
	conn, err := client.NewClient(&client.Config{
		AccessKeyId: tea.String(apptest.AccessKeyID), AccessKeySecret: tea.String(apptest.AccessKeySecret),
		RegionId: tea.String(region), Endpoint: tea.String(p.host),
		// The provider's protocol defaults to HTTPS; the replay speaks HTTP.
		Protocol: tea.String("HTTP"),
	})
	if err != nil {
		p.t.Fatal(err)
	}
	runtime := &util.RuntimeOptions{}
	runtime.SetAutoretry(false)
	resp, err := conn.DoRequest(tea.String(action), nil, tea.String("POST"), tea.String(version), tea.String("AK"), query, body, runtime)
	if err != nil {
		return nil, err
	}
	if code, ok := resp["Code"]; ok {
		c := fmt.Sprint(code)
		if c != "200" && c != "0" && !strings.EqualFold(c, "success") && !strings.EqualFold(c, "ok") && fmt.Sprint(resp["Success"]) != "true" {
			return nil, fmt.Errorf("formatError: a 2xx body with Code %s", c)
		}
	}
	return resp, nil
}

func (p *tfProvider) post(product, action string, query, body map[string]any) map[string]any {
	p.t.Helper()
	resp, err := p.rpcPost(product, action, query, body)
	if err != nil {
		p.t.Fatalf("%s: %v", action, err)
	}
	return resp
}

// postCode expects the call to fail with code, as a retry list or an
// IsExpectedErrors check of the provider matches it.
func (p *tfProvider) postCode(product, action string, query, body map[string]any, code string) {
	p.t.Helper()
	_, err := p.rpcPost(product, action, query, body)
	var e *tea.SDKError
	if !errors.As(err, &e) || tea.StringValue(e.Code) != code {
		p.t.Fatalf("%s: got %v, want the provider to see %s", action, err, code)
	}
}

// notFound says whether an error is what the provider's NotFoundError
// (errors.go:83) takes for "gone": a tea error with status 404 or
// NotFound in its message.
func notFound(err error) bool {
	var e *tea.SDKError
	return errors.As(err, &e) && (tea.IntValue(e.StatusCode) == 404 || strings.Contains(tea.StringValue(e.Message), "NotFound"))
}

// clientToken is the provider's buildClientToken (common.go).
func (p *tfProvider) clientToken(action string) string {
	p.tokens++
	return fmt.Sprintf("TF-%s-%d-%d", action, p.env.Clock.Now().Unix(), p.tokens)
}

// waitFor is BuildStateConf (common.go:1030) with empty Pending: poll,
// moving the clock on between polls, until field shows one of targets.
func (p *tfProvider) waitFor(read func() map[string]any, field string, targets ...string) {
	p.t.Helper()
	for range 10 {
		if got := fmt.Sprint(read()[field]); contains(targets, got) {
			return
		}
		p.env.Clock.Advance(delay)
	}
	p.t.Fatalf("%s never reached %v", field, targets)
}

// --- reading fields as the provider reads them ---

func lookup(t *testing.T, obj map[string]any, path string) any {
	t.Helper()
	var cur any = obj
	for _, part := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			t.Fatalf("%s: %s is not an object", path, part)
		}
		if cur, ok = m[part]; !ok || cur == nil {
			t.Fatalf("%s is missing or null", path)
		}
	}
	return cur
}

func wantStr(t *testing.T, obj map[string]any, path, want string) {
	t.Helper()
	if got, ok := lookup(t, obj, path).(string); !ok || got != want {
		t.Errorf("%s = %#v, want the string %q", path, lookup(t, obj, path), want)
	}
}

func isStr(t *testing.T, obj map[string]any, path string) string {
	t.Helper()
	s, ok := lookup(t, obj, path).(string)
	if !ok || s == "" {
		t.Errorf("%s = %#v, want a non-empty string", path, lookup(t, obj, path))
	}
	return s
}

func wantBool(t *testing.T, obj map[string]any, path string, want bool) {
	t.Helper()
	if got, ok := lookup(t, obj, path).(bool); !ok || got != want {
		t.Errorf("%s = %#v, want the boolean %v", path, lookup(t, obj, path), want)
	}
}

func wantNum(t *testing.T, obj map[string]any, path string, want int64) {
	t.Helper()
	n, ok := lookup(t, obj, path).(json.Number)
	got, err := n.Int64()
	if !ok || err != nil || got != want {
		t.Errorf("%s = %#v, want the number %d", path, lookup(t, obj, path), want)
	}
}

func listAt(t *testing.T, obj map[string]any, path string) []any {
	t.Helper()
	l, ok := lookup(t, obj, path).([]any)
	if !ok {
		t.Fatalf("%s = %#v, want a list", path, lookup(t, obj, path))
	}
	return l
}

// wantTags is tagsToMap (common.go) over $.Tags.Tag: Key and Value, or
// TagKey and TagValue.
func wantTags(t *testing.T, obj map[string]any, want map[string]string) {
	t.Helper()
	got := map[string]string{}
	for _, item := range listAt(t, obj, "Tags.Tag") {
		m := item.(map[string]any)
		k, v := m["Key"], m["Value"]
		if k == nil {
			k, v = m["TagKey"], m["TagValue"]
		}
		got[fmt.Sprint(k)] = fmt.Sprint(v)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("tags %v, want %v", got, want)
	}
}

// --- alicloud_vpc and alicloud_vswitch ---

func TestProviderVpcAndVSwitch(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	p := newResourceProvider(t, env)

	// alicloud_vpc create (resource_alicloud_vpc.go:212-287): CreateVpc.
	created := p.post("Vpc", "CreateVpc", nil, map[string]any{
		"RegionId": region, "ClientToken": p.clientToken("CreateVpc"), "CidrBlock": "10.0.0.0/8",
		"VpcName": "tf-vpc", "Description": "made by terraform", "EnableIpv6": true,
		"Tag.1.Key": "Created", "Tag.1.Value": "TF",
	})
	vpc := fmt.Sprint(created["VpcId"]) // :287
	// :333 wait for Available through DescribeVpcAttribute (DescribeVpcVpc, service_alicloud_vpc_v2.go:823).
	readVpc := func() map[string]any {
		return p.post("Vpc", "DescribeVpcAttribute", nil, map[string]any{"VpcId": vpc, "RegionId": region})
	}
	p.waitFor(readVpc, "Status", "Available")
	// Then Update with IsNewResource (:338). DescribeRouteTableList always
	// runs (:591); configured system_route_table_name calls
	// ModifyRouteTableAttributes (:585-627); configured tags call
	// SetResourceTags (service_alicloud_vpc_v2.go:89-170).
	table := systemRouteTable(t, p, vpc)
	p.post("Vpc", "ModifyRouteTableAttributes", nil, map[string]any{
		"RegionId": region, "RouteTableId": table["RouteTableId"], "RouteTableName": "tf-routes",
	})
	p.post("Vpc", "TagResources", nil, map[string]any{"ResourceId.1": vpc, "RegionId": region, "Tag.1.Key": "Created", "Tag.1.Value": "TF", "ResourceType": "VPC"})

	readVpcResource := func(wantName, wantDesc, wantGroup string, wantTagsMap map[string]string) {
		t.Helper()
		// Read (:341-413).
		obj := readVpc()
		wantStr(t, obj, "VpcId", vpc)
		wantStr(t, obj, "CidrBlock", "10.0.0.0/8")
		wantBool(t, obj, "ClassicLinkEnabled", false)
		isStr(t, obj, "CreationTime")
		wantStr(t, obj, "Description", wantDesc)
		wantStr(t, obj, "DnsHostnameStatus", "DISABLED")
		wantBool(t, obj, "EnabledIpv6", true)
		block := isStr(t, obj, "Ipv6CidrBlock")
		wantStr(t, obj, "RegionId", region)
		wantBool(t, obj, "IsDefault", false)
		wantStr(t, obj, "ResourceGroupId", wantGroup)
		router := isStr(t, obj, "VRouterId")
		wantStr(t, obj, "Status", "Available")
		wantStr(t, obj, "VpcName", wantName)
		blocks := listAt(t, obj, "Ipv6CidrBlocks.Ipv6CidrBlock")
		if len(blocks) != 1 || blocks[0].(map[string]any)["Ipv6CidrBlock"] != block || blocks[0].(map[string]any)["Ipv6Isp"] != "BGP" {
			t.Errorf("Ipv6CidrBlocks %v", blocks)
		}
		if n := len(listAt(t, obj, "SecondaryCidrBlocks.SecondaryCidrBlock")); n != 0 {
			t.Errorf("%d secondary blocks, none set", n)
		}
		if n := len(listAt(t, obj, "UserCidrs.UserCidr")); n != 0 {
			t.Errorf("%d user CIDRs, none set", n)
		}
		wantTags(t, obj, wantTagsMap)
		// :398-408, the system route table: its group overwrites the VPC's.
		rt := systemRouteTable(t, p, vpc)
		wantStr(t, rt, "ResourceGroupId", wantGroup)
		isStr(t, rt, "RouteTableId")
		wantStr(t, rt, "RouterId", router)
		wantStr(t, rt, "Description", "")
		wantStr(t, rt, "RouteTableName", "tf-routes")
		wantBool(t, rt, "RoutePropagationEnable", true)
	}
	readVpcResource("tf-vpc", "made by terraform", "", map[string]string{"Created": "TF"})

	// alicloud_vswitch create (resource_alicloud_vswitch.go:164-215).
	vsw := fmt.Sprint(p.post("Vpc", "CreateVSwitch", nil, map[string]any{
		"RegionId": region, "ClientToken": p.clientToken("CreateVSwitch"), "CidrBlock": "10.1.0.0/24", "VpcId": vpc,
		"VSwitchName": "tf-vsw", "Description": "web", "ZoneId": zoneB,
	})["VSwitchId"])
	// :220, DescribeVSwitchAttributes with VSwitchId in the query (service_alicloud_vpc_v2.go:767).
	readVSwitch := func() (map[string]any, error) {
		return p.rpcPost("Vpc", "DescribeVSwitchAttributes", map[string]any{"VSwitchId": vsw}, map[string]any{"RegionId": region})
	}
	mustRead := func() map[string]any {
		obj, err := readVSwitch()
		if err != nil {
			t.Fatal(err)
		}
		return obj
	}
	p.waitFor(mustRead, "Status", "Available")
	p.post("Vpc", "TagResources", nil, map[string]any{"ResourceId.1": vsw, "RegionId": region, "Tag.1.Key": "tier", "Tag.1.Value": "web", "ResourceType": "VSWITCH"})
	readVSwitchResource := func(wantName, wantDesc string) {
		t.Helper()
		// Read (:228-263).
		obj := mustRead()
		wantStr(t, obj, "VSwitchId", vsw)
		wantStr(t, obj, "CidrBlock", "10.1.0.0/24")
		isStr(t, obj, "CreationTime")
		wantStr(t, obj, "Description", wantDesc)
		wantStr(t, obj, "Ipv6CidrBlock", "") // :260: enable_ipv6 is Ipv6CidrBlock != ""
		wantBool(t, obj, "IsDefault", false)
		wantStr(t, obj, "Status", "Available")
		wantStr(t, obj, "VSwitchName", wantName)
		wantStr(t, obj, "VpcId", vpc)
		wantStr(t, obj, "ZoneId", zoneB)
		wantTags(t, obj, map[string]string{"tier": "web"})
	}
	readVSwitchResource("tf-vsw", "web")

	// alicloud_vpc update (:415-766): ModifyVpcAttribute (:487-529), the wait
	// (:544), MoveResourceGroup (:556-569), the route table, then the tags.
	p.post("Vpc", "ModifyVpcAttribute", nil, map[string]any{"VpcId": vpc, "RegionId": region, "Description": "changed", "VpcName": "tf-vpc-2"})
	p.waitFor(readVpc, "Status", "Available")
	p.post("Vpc", "MoveResourceGroup", nil, map[string]any{"ResourceId": vpc, "RegionId": region, "NewResourceGroupId": "rg-acfmtf", "ResourceType": "VPC"})
	systemRouteTable(t, p, vpc)
	p.post("Vpc", "UnTagResources", nil, map[string]any{"ResourceId.1": vpc, "RegionId": region, "TagKey.1": "Created", "ResourceType": "VPC"})
	p.post("Vpc", "TagResources", nil, map[string]any{"ResourceId.1": vpc, "RegionId": region, "Tag.1.Key": "Owner", "Tag.1.Value": "ops", "ResourceType": "VPC"})
	readVpcResource("tf-vpc-2", "changed", "rg-acfmtf", map[string]string{"Owner": "ops"})
	// Import: the ID passes through, then the same Read.
	readVpcResource("tf-vpc-2", "changed", "rg-acfmtf", map[string]string{"Owner": "ops"})

	// alicloud_vswitch update (:265-367): ModifyVSwitchAttribute, the wait.
	p.post("Vpc", "ModifyVSwitchAttribute", nil, map[string]any{"VSwitchId": vsw, "RegionId": region, "VSwitchName": "tf-vsw-2", "Description": "web tier"})
	p.waitFor(mustRead, "Status", "Available")
	readVSwitchResource("tf-vsw-2", "web tier")
	readVSwitchResource("tf-vsw-2", "web tier") // import

	// An instance in the vSwitch holds up both deletes, which the provider
	// retries on these codes (vswitch.go:387, vpc.go:789).
	sg := createGroup(t, genericClassic(t, env.Host, region, apptest.AccessKeyID, apptest.AccessKeySecret), vpc, nil)
	instance := launchInto(t, env, vsw, sg)
	p.postCode("Vpc", "DeleteVSwitch", nil, map[string]any{"VSwitchId": vsw, "RegionId": region}, "DependencyViolation")
	p.postCode("Vpc", "DeleteVpc", nil, map[string]any{"VpcId": vpc, "RegionId": region, "ClientToken": p.clientToken("DeleteVpc")}, "DependencyViolation.VSwitch")
	terminate(t, env, instance)
	p.post("Ecs", "DeleteSecurityGroup", nil, map[string]any{"SecurityGroupId": sg, "RegionId": region})

	// alicloud_vswitch delete (:369-410): DeleteVSwitch, then wait until the
	// read is NotFound (state "", :405; service :799-817).
	p.post("Vpc", "DeleteVSwitch", nil, map[string]any{"VSwitchId": vsw, "RegionId": region})
	if _, err := readVSwitch(); !notFound(err) {
		t.Fatalf("the deleted vSwitch reads as %v, want NotFound", err)
	}
	// alicloud_vpc delete (:768-817): DeleteVpc, then wait for NotFound (:811).
	p.post("Vpc", "DeleteVpc", nil, map[string]any{"VpcId": vpc, "RegionId": region, "ClientToken": p.clientToken("DeleteVpc")})
	if _, err := p.rpcPost("Vpc", "DescribeVpcAttribute", nil, map[string]any{"VpcId": vpc, "RegionId": region}); !notFound(err) {
		t.Fatalf("the deleted VPC reads as %v, want NotFound", err)
	}
}

// systemRouteTable is DescribeVpcDescribeRouteTableList
// (service_alicloud_vpc_v2.go:859-909): the VPC's System table.
func systemRouteTable(t *testing.T, p *tfProvider, vpc string) map[string]any {
	t.Helper()
	resp := p.post("Vpc", "DescribeRouteTableList", nil, map[string]any{"VpcId": vpc, "RegionId": region})
	for _, item := range listAt(t, resp, "RouterTableList.RouterTableListType") {
		m := item.(map[string]any)
		if fmt.Sprint(m["RouteTableType"]) == "System" && fmt.Sprint(m["VpcId"]) == vpc {
			return m
		}
	}
	t.Fatalf("no system route table for %s: %v", vpc, resp)
	return nil
}

// --- alicloud_security_group and alicloud_security_group_rule ---

func TestProviderSecurityGroupAndRules(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	p := newResourceProvider(t, env)
	s := genericClassic(t, env.Host, region, apptest.AccessKeyID, apptest.AccessKeySecret)
	vpc := createVpc(t, env, s, nil)

	// alicloud_security_group create (resource_alicloud_security_group.go:91-147).
	sg := fmt.Sprint(p.post("Ecs", "CreateSecurityGroup", nil, map[string]any{
		"RegionId": region, "ClientToken": p.clientToken("CreateSecurityGroup"), "SecurityGroupType": "normal",
		"Tag.1.Key": "Created", "Tag.1.Value": "TF", "Description": "foo", "VpcId": vpc, "SecurityGroupName": "tf-sg",
	})["SecurityGroupId"])
	// Update with IsNewResource: DescribeSecurityGroupAttribute always
	// (:268, ecs_v2 :551-584), and the configured inner_access_policy (:254-288).
	attr := p.post("Ecs", "DescribeSecurityGroupAttribute", nil, map[string]any{"SecurityGroupId": sg, "RegionId": region})
	wantStr(t, attr, "SecurityGroupId", sg)
	p.post("Ecs", "ModifySecurityGroupPolicy", nil, map[string]any{"SecurityGroupId": sg, "RegionId": region,
		"ClientToken": p.clientToken("ModifySecurityGroupPolicy"), "InnerAccessPolicy": "Drop"})

	readGroup := func(wantName, wantDesc, wantGroup string, tags map[string]string) {
		t.Helper()
		// Read (:149-197): DescribeSecurityGroups with SecurityGroupId
		// (ecs_v2 :505-549), which takes the first group unchecked.
		list := p.post("Ecs", "DescribeSecurityGroups", nil, map[string]any{"SecurityGroupId": sg, "RegionId": region})
		groups := listAt(t, list, "SecurityGroups.SecurityGroup")
		if len(groups) != 1 {
			t.Fatalf("DescribeSecurityGroups by ID listed %d", len(groups))
		}
		g := groups[0].(map[string]any)
		wantStr(t, g, "SecurityGroupId", sg)
		isStr(t, g, "CreationTime")
		wantStr(t, g, "Description", wantDesc)
		wantStr(t, g, "ResourceGroupId", wantGroup)
		wantStr(t, g, "SecurityGroupName", wantName)
		wantStr(t, g, "SecurityGroupType", "normal")
		wantStr(t, g, "VpcId", vpc)
		wantTags(t, g, tags)
		attr := p.post("Ecs", "DescribeSecurityGroupAttribute", nil, map[string]any{"SecurityGroupId": sg, "RegionId": region})
		wantStr(t, attr, "InnerAccessPolicy", "Drop")
	}
	readGroup("tf-sg", "foo", "", map[string]string{"Created": "TF"})

	// alicloud_security_group_rule create (resource_alicloud_security_group_rule.go:126-290):
	// classic DescribeSecurityGroupAttribute (service_alicloud_ecs.go:265-289),
	// then AuthorizeSecurityGroup with Permissions.1 (:243); the ID is built
	// locally (:283).
	describeGroup := func() *classicecs.DescribeSecurityGroupAttributeResponse {
		req := classicecs.CreateDescribeSecurityGroupAttributeRequest()
		req.SecurityGroupId, req.RegionId = sg, region
		resp, err := p.classic.DescribeSecurityGroupAttribute(req)
		if err != nil {
			t.Fatal(err)
		}
		if resp.SecurityGroupId != sg || resp.VpcId != vpc {
			t.Fatalf("DescribeSecurityGroupAttribute: group %q VPC %q", resp.SecurityGroupId, resp.VpcId)
		}
		return resp
	}
	describeGroup()
	p.post("Ecs", "AuthorizeSecurityGroup", nil, map[string]any{"RegionId": region, "SecurityGroupId": sg, "Permissions": []map[string]any{{
		"IpProtocol": "tcp", "Policy": "accept", "Priority": "1", "SourceCidrIp": "0.0.0.0/0", "PortRange": "1/65535",
		"NicType": "intranet", "Description": "all tcp",
	}}})
	ingressID := fmt.Sprintf("%v:%v:%v:%v:%v:%v:%v:%v", sg, "ingress", "tcp", "1/65535", "intranet", "0.0.0.0/0", "accept", "1")
	// An egress rule without nic_type: the ID's NicType part is "<nil>" (:283).
	describeGroup()
	p.post("Ecs", "AuthorizeSecurityGroupEgress", nil, map[string]any{"RegionId": region, "SecurityGroupId": sg, "Permissions": []map[string]any{{
		"IpProtocol": "udp", "Policy": "drop", "Priority": "7", "DestCidrIp": "10.0.0.0/8", "PortRange": "53/53",
	}}})
	egressID := fmt.Sprintf("%v:%v:%v:%v:%v:%v:%v:%v", sg, "egress", "udp", "53/53", nil, "10.0.0.0/8", "drop", "7")

	readRule := func(id string) (classicecs.Permission, bool) {
		t.Helper()
		// Read (:292-354) through DescribeSecurityGroupRule (service_alicloud_ecs.go:330-416).
		parts := strings.Split(id, ":")
		req := classicecs.CreateDescribeSecurityGroupAttributeRequest()
		req.RegionId, req.SecurityGroupId, req.Direction, req.NicType = region, parts[0], parts[1], parts[4]
		resp, err := p.classic.DescribeSecurityGroupAttribute(req)
		if err != nil {
			t.Fatal(err)
		}
		priority, _ := strconv.Atoi(parts[7])
		for _, ru := range resp.Permissions.Permission {
			if strings.ToLower(ru.IpProtocol) != parts[2] || ru.PortRange != parts[3] {
				continue
			}
			cidr := ru.SourceCidrIp
			if parts[1] == "ingress" {
				if cidr == "" {
					cidr = ru.SourceGroupId
				}
				if cidr == "" {
					cidr = ru.Ipv6SourceCidrIp
				}
			} else if cidr = ru.DestCidrIp; cidr == "" {
				cidr = ru.DestGroupId
			}
			if cidr == parts[5] && strings.ToLower(ru.Policy) == parts[6] && ru.Priority == strconv.Itoa(priority) {
				return ru, true
			}
		}
		return classicecs.Permission{}, false
	}
	checkRule := func(id, wantDesc, wantNic string) {
		t.Helper()
		ru, ok := readRule(id)
		if !ok {
			t.Fatalf("rule %s not found on read", id)
		}
		parts := strings.Split(id, ":")
		if ru.Direction != parts[1] || ru.NicType != wantNic || ru.Description != wantDesc || !strings.HasPrefix(ru.SecurityGroupRuleId, "sgr-") {
			t.Errorf("rule %s read as %+v", id, ru)
		}
		if _, err := strconv.Atoi(ru.Priority); err != nil {
			t.Errorf("Priority %q is not a number", ru.Priority)
		}
		// :340-351: the other side's fields, all ForceNew and not computed.
		if parts[1] == "ingress" {
			if ru.SourceCidrIp != parts[5] || ru.Ipv6SourceCidrIp != "" || ru.SourceGroupId != "" || ru.SourceGroupOwnerAccount != "" || ru.SourcePrefixListId != "" {
				t.Errorf("ingress sides: %+v", ru)
			}
		} else if ru.DestCidrIp != parts[5] || ru.Ipv6DestCidrIp != "" || ru.DestGroupId != "" || ru.DestGroupOwnerAccount != "" || ru.DestPrefixListId != "" {
			t.Errorf("egress sides: %+v", ru)
		}
	}
	checkRule(ingressID, "all tcp", "intranet")
	checkRule(egressID, "", "intranet")

	// Rule update (:356-404): buildAliyunSGRuleRequest (:464-566) reads the
	// group, then sends ModifySecurityGroupRule as a CommonRequest, GET
	// (the provider's scheme is HTTPS; the replay's HTTP), twice (:381-393).
	ruleRequest := func(api string, q map[string]string) {
		t.Helper()
		describeGroup()
		req := requests.NewCommonRequest()
		req.Domain, req.Version, req.RegionId, req.Product, req.Scheme = p.host, "2014-05-26", region, "ecs", "HTTP"
		req.ApiName = api
		for k, v := range q {
			req.QueryParams[k] = v
		}
		if req.Method != requests.GET {
			t.Fatalf("the common request's method is %s, want GET as the provider sends it", req.Method)
		}
		if _, err := p.classic.ProcessCommonRequest(req); err != nil {
			t.Fatalf("%s: %v", api, err)
		}
	}
	ingressQuery := map[string]string{"PortRange": "1/65535", "IpProtocol": "tcp", "Policy": "accept", "Priority": "1",
		"SourceCidrIp": "0.0.0.0/0", "NicType": "intranet", "SecurityGroupId": sg, "Description": "tcp from anywhere"}
	ruleRequest("ModifySecurityGroupRule", ingressQuery)
	ruleRequest("ModifySecurityGroupRule", ingressQuery)
	checkRule(ingressID, "tcp from anywhere", "intranet")
	// The egress rule's description removed: Description is always sent, empty here.
	egressQuery := map[string]string{"PortRange": "53/53", "IpProtocol": "udp", "Policy": "drop", "Priority": "7",
		"DestCidrIp": "10.0.0.0/8", "SecurityGroupId": sg, "Description": "names"}
	ruleRequest("ModifySecurityGroupEgressRule", egressQuery)
	checkRule(egressID, "names", "intranet")
	egressQuery["Description"] = ""
	ruleRequest("ModifySecurityGroupEgressRule", egressQuery)
	checkRule(egressID, "", "intranet")
	checkRule(ingressID, "tcp from anywhere", "intranet") // import: the 8-part ID, then Read

	// alicloud_security_group update (:199-343).
	p.post("Ecs", "ModifySecurityGroupAttribute", nil, map[string]any{"SecurityGroupId": sg, "RegionId": region, "SecurityGroupName": "tf-sg-2", "Description": "bar"})
	p.post("Ecs", "DescribeSecurityGroupAttribute", nil, map[string]any{"SecurityGroupId": sg, "RegionId": region})
	p.post("Ecs", "JoinResourceGroup", nil, map[string]any{"ResourceId": sg, "RegionId": region, "ResourceType": "securitygroup", "ResourceGroupId": "rg-acfmtf"})
	p.post("Ecs", "UntagResources", nil, map[string]any{"ResourceId.1": sg, "RegionId": region, "TagKey.1": "Created", "ResourceType": "securitygroup"})
	p.post("Ecs", "TagResources", nil, map[string]any{"ResourceId.1": sg, "RegionId": region, "Tag.1.Key": "Team", "Tag.1.Value": "db", "ResourceType": "securitygroup"})
	readGroup("tf-sg-2", "bar", "rg-acfmtf", map[string]string{"Team": "db"})
	readGroup("tf-sg-2", "bar", "rg-acfmtf", map[string]string{"Team": "db"}) // import

	// Rule delete (:406-462): the same request as RevokeSecurityGroup(Egress);
	// then the rule reads as gone.
	ruleRequest("RevokeSecurityGroup", ingressQuery)
	ruleRequest("RevokeSecurityGroupEgress", egressQuery)
	for _, id := range []string{ingressID, egressID} {
		if _, ok := readRule(id); ok {
			t.Errorf("rule %s still reads after its delete", id)
		}
	}

	// alicloud_security_group delete (:345-380): DeleteSecurityGroup,
	// retried on DependencyViolation while an instance uses the group.
	vsw := createVSwitch(t, env, s, vpc, zoneB, "10.0.0.0/24", nil)
	instance := launchInto(t, env, vsw, sg)
	p.postCode("Ecs", "DeleteSecurityGroup", nil, map[string]any{"SecurityGroupId": sg, "RegionId": region}, "DependencyViolation")
	terminate(t, env, instance)
	p.post("Ecs", "DeleteSecurityGroup", nil, map[string]any{"SecurityGroupId": sg, "RegionId": region})
	if n := len(listAt(t, p.post("Ecs", "DescribeSecurityGroups", nil, map[string]any{"SecurityGroupId": sg, "RegionId": region}), "SecurityGroups.SecurityGroup")); n != 0 {
		t.Fatalf("the deleted group is listed")
	}
}

// --- alicloud_ecs_disk ---

func TestProviderEcsDisk(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	p := newResourceProvider(t, env)

	// Create (resource_alicloud_ecs_disk.go:195-305).
	disk := fmt.Sprint(p.post("Ecs", "CreateDisk", nil, map[string]any{
		"RegionId": region, "ClientToken": p.clientToken("CreateDisk"), "Tag.1.Key": "Created", "Tag.1.Value": "TF",
		"Description": "disk made by terraform", "DiskCategory": "cloud_efficiency", "Size": 30, "DiskName": "tf-disk", "ZoneId": zoneB,
	})["DiskId"])
	// DescribeEcsDisk (ecs_v2 :426-470) takes the first disk unchecked.
	read := func() map[string]any {
		t.Helper()
		resp := p.post("Ecs", "DescribeDisks", nil, map[string]any{"DiskIds": `["` + disk + `"]`, "RegionId": region})
		disks := listAt(t, resp, "Disks.Disk")
		if len(disks) != 1 {
			t.Fatalf("DescribeDisks by ID listed %d", len(disks))
		}
		return disks[0].(map[string]any)
	}
	// :298, the wait for Available or In_use; the ID must be a string
	// (EcsDiskStateRefreshFunc, service_alicloud_ecs.go:2209-2269).
	p.waitFor(read, "Status", "Available", "In_use")
	wantStr(t, read(), "DiskId", disk)
	// Update with IsNewResource: DescribeDisks (:424); DeleteWithInstance
	// must read false, as the unset attribute does, or ModifyDiskAttribute
	// would follow on every create.
	wantBool(t, read(), "DeleteWithInstance", false)

	readDisk := func(name, desc string, size int64, group string, tags map[string]string) {
		t.Helper()
		// Read (:307-397).
		obj := read()
		wantBool(t, obj, "BurstingEnabled", false)
		wantStr(t, obj, "Category", "cloud_efficiency")
		isStr(t, obj, "CreationTime")
		wantBool(t, obj, "DeleteAutoSnapshot", false)
		wantBool(t, obj, "DeleteWithInstance", false)
		wantStr(t, obj, "Description", desc)
		wantStr(t, obj, "DiskName", name)
		wantBool(t, obj, "EnableAutoSnapshot", true)
		wantBool(t, obj, "Encrypted", false)
		wantStr(t, obj, "InstanceId", "")
		wantStr(t, obj, "KMSKeyId", "")
		wantStr(t, obj, "MultiAttach", "Disabled")
		wantStr(t, obj, "DiskChargeType", "PostPaid") // payment_type PayAsYouGo
		wantStr(t, obj, "PerformanceLevel", "")
		wantNum(t, obj, "ProvisionedIops", 0)
		wantStr(t, obj, "RegionId", region)
		wantStr(t, obj, "ResourceGroupId", group)
		wantNum(t, obj, "Size", size)
		wantStr(t, obj, "SourceSnapshotId", "")
		wantStr(t, obj, "Status", "Available")
		wantStr(t, obj, "StorageSetId", "")
		wantNum(t, obj, "StorageSetPartitionNumber", 0)
		wantStr(t, obj, "ZoneId", zoneB)
		wantTags(t, obj, tags)
	}
	readDisk("tf-disk", "disk made by terraform", 30, "", map[string]string{"Created": "TF"})

	// Update (:399-681): ModifyDiskAttribute (:413-472), ResizeDisk
	// (:489-505, no RegionId), JoinResourceGroup (:521-537), the tags.
	p.post("Ecs", "DescribeDisks", nil, map[string]any{"DiskIds": `["` + disk + `"]`, "RegionId": region})
	p.post("Ecs", "ModifyDiskAttribute", nil, map[string]any{"DiskId": disk, "RegionId": region, "Description": "grown", "DiskName": "tf-disk-2"})
	p.post("Ecs", "ResizeDisk", nil, map[string]any{"DiskId": disk, "ClientToken": p.clientToken("ResizeDisk"), "NewSize": 50, "Type": "offline"})
	p.post("Ecs", "JoinResourceGroup", nil, map[string]any{"ResourceId": disk, "RegionId": region, "ResourceGroupId": "rg-acfmtf", "ResourceType": "disk"})
	p.post("Ecs", "UntagResources", nil, map[string]any{"ResourceId.1": disk, "RegionId": region, "TagKey.1": "Created", "ResourceType": "disk"})
	p.post("Ecs", "TagResources", nil, map[string]any{"ResourceId.1": disk, "RegionId": region, "Tag.1.Key": "Size", "Tag.1.Value": "L", "ResourceType": "disk"})
	readDisk("tf-disk-2", "grown", 50, "rg-acfmtf", map[string]string{"Size": "L"})
	readDisk("tf-disk-2", "grown", 50, "rg-acfmtf", map[string]string{"Size": "L"}) // import

	// Delete (:683-731): DescribeDisks, then DeleteDisk with DiskId only.
	read()
	p.post("Ecs", "DeleteDisk", nil, map[string]any{"DiskId": disk})
	resp := p.post("Ecs", "DescribeDisks", nil, map[string]any{"DiskIds": `["` + disk + `"]`, "RegionId": region})
	if n := len(listAt(t, resp, "Disks.Disk")); n != 0 {
		t.Fatalf("the deleted disk is listed")
	}
}

// --- alicloud_ecs_key_pair ---

func TestProviderEcsKeyPair(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	p := newResourceProvider(t, env)
	public, fingerprint := newTestPublicKey(t, 3)

	// Create (resource_alicloud_ecs_key_pair.go:90-158): ImportKeyPair with
	// public_key (:119-122); CreateKeyPair for a key named from
	// key_name_prefix (:94). The name is the ID (:142).
	imported := fmt.Sprint(p.post("Ecs", "ImportKeyPair", nil, map[string]any{"RegionId": region, "KeyPairName": "tf-imported",
		"PublicKeyBody": public, "Tag.1.Key": "Created", "Tag.1.Value": "TF"})["KeyPairName"])
	made := p.post("Ecs", "CreateKeyPair", nil, map[string]any{"RegionId": region, "KeyPairName": "tf-prefix-20260101000000000001"})
	if !strings.Contains(fmt.Sprint(made["PrivateKeyBody"]), "PRIVATE KEY") {
		t.Fatalf("CreateKeyPair gave no private key for key_file (:144-155)")
	}
	read := func(name, wantPrint, group string, tags map[string]string) {
		t.Helper()
		// Read (:160-192): DescribeEcsKeyPair (ecs_v2 :376-420), first pair unchecked.
		resp := p.post("Ecs", "DescribeKeyPairs", nil, map[string]any{"KeyPairName": name, "RegionId": region})
		pairs := listAt(t, resp, "KeyPairs.KeyPair")
		if len(pairs) != 1 {
			t.Fatalf("DescribeKeyPairs %s listed %d", name, len(pairs))
		}
		kp := pairs[0].(map[string]any)
		wantStr(t, kp, "KeyPairName", name)
		if wantPrint != "" {
			wantStr(t, kp, "KeyPairFingerPrint", wantPrint)
		} else {
			isStr(t, kp, "KeyPairFingerPrint")
		}
		isStr(t, kp, "CreationTime")
		wantStr(t, kp, "ResourceGroupId", group)
		wantTags(t, kp, tags)
	}
	read(imported, fingerprint, "", map[string]string{"Created": "TF"})
	read("tf-prefix-20260101000000000001", fmt.Sprint(made["KeyPairFingerPrint"]), "", map[string]string{})

	// Update (:194-242): JoinResourceGroup (keypair), then the tags.
	p.post("Ecs", "JoinResourceGroup", nil, map[string]any{"ResourceId": imported, "RegionId": region, "ResourceGroupId": "rg-acfmtf", "ResourceType": "keypair"})
	p.post("Ecs", "UntagResources", nil, map[string]any{"ResourceId.1": imported, "RegionId": region, "TagKey.1": "Created", "ResourceType": "keypair"})
	p.post("Ecs", "TagResources", nil, map[string]any{"ResourceId.1": imported, "RegionId": region, "Tag.1.Key": "Use", "Tag.1.Value": "ci", "ResourceType": "keypair"})
	read(imported, fingerprint, "rg-acfmtf", map[string]string{"Use": "ci"})
	read(imported, fingerprint, "rg-acfmtf", map[string]string{"Use": "ci"}) // import

	// Delete (:244-279): DeleteKeyPairs with a JSON list of names.
	for _, name := range []string{imported, "tf-prefix-20260101000000000001"} {
		p.post("Ecs", "DeleteKeyPairs", nil, map[string]any{"KeyPairNames": `["` + name + `"]`, "RegionId": region})
		if n := len(listAt(t, p.post("Ecs", "DescribeKeyPairs", nil, map[string]any{"KeyPairName": name, "RegionId": region}), "KeyPairs.KeyPair")); n != 0 {
			t.Fatalf("the deleted key pair %s is listed", name)
		}
	}
}
