package aliyun_test

// The harness of the provider replays: terraform-provider-alicloud (HEAD
// 81c43b67, provider 1.289.0) as ecsd sees it, through the clients it uses:
// tea-rpc's RpcPost for most calls (connectivity/client.go:2511-2567), the
// classic SDK for its WithEcsClient calls (client.go:283-325) and the
// classic CommonRequest for security group rules (client.go:1657-1687).
// Each resource's Read is replayed call by call into the state the provider
// stores: every field it reads must be present, of the JSON type its d.Set
// needs (the tea path decodes numbers as json.Number, and d.Set drops a
// string where a bool or a number goes), and nothing it dereferences may
// be null; the tests then compare the state with what was set. File:line
// references are to alicloud/ at that commit.

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/alibabacloud-go/tea-rpc/client"
	util "github.com/alibabacloud-go/tea-utils/service"
	"github.com/alibabacloud-go/tea/tea"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/store/postgres/pgtest"
)

// TestProviderReplays runs every provider replay, and the check of
// DescribeInstances against Alibaba's documented answer, on SQLite and on
// PostgreSQL, the two stores a deployment uses.
func TestProviderReplays(t *testing.T) {
	replays := []struct {
		name string
		run  func(t *testing.T, env *apptest.Env)
	}{
		{"ProviderInstanceExample", replayProviderInstanceExample},
		{"AlicloudInstance", replayAlicloudInstance},
		{"AlicloudZones", replayAlicloudZones},
		{"AlicloudInstanceTypes", replayAlicloudInstanceTypes},
		{"AlicloudImages", replayAlicloudImages},
		{"AlicloudVpcAndVSwitch", replayProviderVpcAndVSwitch},
		{"AlicloudSecurityGroupAndRules", replayProviderSecurityGroupAndRules},
		{"AlicloudEcsDisk", replayProviderEcsDisk},
		{"AlicloudEcsKeyPair", replayProviderEcsKeyPair},
		{"DescribeInstancesDocumentedExample", replayDescribeInstancesDocumentedExample},
	}
	stores := []struct {
		name string
		db   func(t *testing.T) string
	}{
		{"sqlite", func(*testing.T) string { return "" }},
		{"postgres", func(t *testing.T) string { return pgtest.DSN(t) }},
	}
	for _, s := range stores {
		t.Run(s.name, func(t *testing.T) {
			for _, r := range replays {
				t.Run(r.name, func(t *testing.T) { r.run(t, apptest.Start(t, apptest.Options{DB: s.db(t)})) })
			}
		})
	}
}

// tfProvider makes calls as the provider does, against one ecsd.
type tfProvider struct {
	t       *testing.T
	env     *apptest.Env
	classic *classicecs.Client
	tokens  int
}

func newProvider(t *testing.T, env *apptest.Env) *tfProvider {
	t.Helper()
	return &tfProvider{t: t, env: env, classic: classicSDK(t, env)}
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
		RegionId: tea.String(region), Endpoint: tea.String(p.env.Host),
		// The provider's protocol defaults to HTTPS; the replay speaks HTTP.
		Protocol:  tea.String("HTTP"),
		UserAgent: tea.String("HashiCorp-Terraform/1.11.4 Terraform-Provider/1.289.0"),
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

// post is rpcPost that must succeed.
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

// notFound is the provider's NotFoundError (errors.go:83-115) for both
// SDKs: a tea error with status 404 or NotFound in its message; a classic
// error with status 404, the code NotFound, Instance.Notfound or
// Forbidden.InstanceNotFound, or "instance is not found" in its message.
func notFound(err error) bool {
	var te *tea.SDKError
	if errors.As(err, &te) {
		return tea.IntValue(te.StatusCode) == 404 || strings.Contains(tea.StringValue(te.Message), "NotFound")
	}
	var ce *sdkerrors.ServerError
	if errors.As(err, &ce) {
		switch ce.ErrorCode() {
		case "NotFound", "Instance.Notfound", "Forbidden.InstanceNotFound":
			return true
		}
		return ce.HttpStatus() == 404 || strings.Contains(strings.ToLower(ce.Message()), "instance is not found")
	}
	return false
}

// expectedError is the provider's IsExpectedErrors (errors.go:117-205):
// for a tea error, the code equal to an expected one, or a prefix of it,
// or the body holding it; for a classic error, the code equal, or the
// message holding it.
func expectedError(err error, codes ...string) bool {
	var te *tea.SDKError
	var ce *sdkerrors.ServerError
	for _, want := range codes {
		switch {
		case errors.As(err, &te):
			code := tea.StringValue(te.Code)
			if code == want || strings.HasPrefix(want, code) || strings.Contains(tea.StringValue(te.Data), want) {
				return true
			}
		case errors.As(err, &ce):
			if ce.ErrorCode() == want || strings.Contains(ce.Message(), want) {
				return true
			}
		}
	}
	return false
}

// retry is resource.Retry around a call as the provider writes its
// deletes: an error the provider expects (or NeedRetry, which ecsd's 5xx
// would be) is retried after the provider's wait, which the fake clock
// skips; anything else ends it. It returns the last error and how many
// calls were made.
func (p *tfProvider) retry(call func() error, retryOn ...string) (attempts int, err error) {
	p.t.Helper()
	for attempts = 1; attempts <= 20; attempts++ {
		if err = call(); err == nil || !expectedError(err, retryOn...) {
			return attempts, err
		}
		p.env.Clock.Advance(5 * time.Second)
	}
	p.t.Fatalf("still retrying after %d calls: %v", attempts, err)
	return attempts, err
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
		if got := fmt.Sprint(read()[field]); slices.Contains(targets, got) {
			return
		}
		p.env.Clock.Advance(delay)
	}
	p.t.Fatalf("%s never reached %v", field, targets)
}

// --- the state the provider stores ---

// state is what a Read stores, by attribute.
type state map[string]any

// expect checks attributes of s; a want that is a *regexp.Regexp must
// match the value's text.
func expect(t *testing.T, step string, s state, want state) {
	t.Helper()
	if s == nil {
		t.Fatalf("%s: the resource reads as gone", step)
	}
	for k, w := range want {
		got, ok := s[k]
		if !ok {
			t.Errorf("%s: %s was not read", step, k)
			continue
		}
		if re, ok := w.(*regexp.Regexp); ok {
			if !re.MatchString(fmt.Sprint(got)) {
				t.Errorf("%s: %s = %v, want to match %s", step, k, got, re)
			}
			continue
		}
		gj, _ := json.Marshal(got)
		wj, _ := json.Marshal(w)
		if string(gj) != string(wj) {
			t.Errorf("%s: %s = %s, want %s", step, k, gj, wj)
		}
	}
}

// expectAll is expect that also fails on an attribute read that want does
// not name: every field the provider reads is checked.
func expectAll(t *testing.T, step string, s state, want state) {
	t.Helper()
	expect(t, step, s, want)
	for k := range s {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: %s = %v is read but not checked", step, k, s[k])
		}
	}
}

// --- reading fields as the provider reads them ---

// lookup walks a dotted path of a tea-rpc answer; a missing or null step
// fails the test.
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

// getStr, getBool and getInt read a field that must be a JSON string,
// boolean or integer.
func getStr(t *testing.T, obj map[string]any, path string) string {
	t.Helper()
	s, ok := lookup(t, obj, path).(string)
	if !ok {
		t.Errorf("%s = %#v, want a string", path, lookup(t, obj, path))
	}
	return s
}

func getBool(t *testing.T, obj map[string]any, path string) bool {
	t.Helper()
	b, ok := lookup(t, obj, path).(bool)
	if !ok {
		t.Errorf("%s = %#v, want a boolean", path, lookup(t, obj, path))
	}
	return b
}

func getInt(t *testing.T, obj map[string]any, path string) int64 {
	t.Helper()
	n, ok := lookup(t, obj, path).(json.Number)
	i, err := n.Int64()
	if !ok || err != nil {
		t.Errorf("%s = %#v, want an integer", path, lookup(t, obj, path))
	}
	return i
}

func listAt(t *testing.T, obj map[string]any, path string) []any {
	t.Helper()
	l, ok := lookup(t, obj, path).([]any)
	if !ok {
		t.Fatalf("%s = %#v, want a list", path, lookup(t, obj, path))
	}
	return l
}

// getStrings reads a list of strings, as d.Set of a TypeList of strings
// takes it.
func getStrings(t *testing.T, obj map[string]any, path string) []string {
	t.Helper()
	out := []string{}
	for _, v := range listAt(t, obj, path) {
		s, ok := v.(string)
		if !ok {
			t.Errorf("%s holds %#v, want strings", path, v)
		}
		out = append(out, s)
	}
	return out
}

// getTags is tagsToMap (common.go) over $.Tags.Tag: Key and Value, or
// TagKey and TagValue, each a string.
func getTags(t *testing.T, obj map[string]any) map[string]string {
	t.Helper()
	got := map[string]string{}
	for _, item := range listAt(t, obj, "Tags.Tag") {
		m, ok := item.(map[string]any)
		if !ok {
			t.Fatalf("Tags.Tag holds %#v", item)
		}
		k, v := "Key", "Value"
		if _, ok := m[k]; !ok {
			k, v = "TagKey", "TagValue"
		}
		got[getStr(t, m, k)] = getStr(t, m, v)
	}
	return got
}

// --- alicloud_vpc, alicloud_vswitch ---

// readVpc is resourceAliCloudVpcVpcRead (resource_alicloud_vpc.go:341-413);
// nil where the provider drops the resource.
func (p *tfProvider) readVpc(id string) state {
	t := p.t
	t.Helper()
	// DescribeVpcVpc (service_alicloud_vpc_v2.go:823-858): a 404, or a
	// VpcId of "", is NotFound.
	obj, err := p.rpcPost("Vpc", "DescribeVpcAttribute", nil, map[string]any{"VpcId": id, "RegionId": region})
	if notFound(err) {
		return nil
	}
	if err != nil {
		t.Fatalf("DescribeVpcAttribute: %v", err)
	}
	if getStr(t, obj, "VpcId") == "" {
		return nil
	}
	s := state{
		"cidr_block": getStr(t, obj, "CidrBlock"), "classic_link_enabled": getBool(t, obj, "ClassicLinkEnabled"),
		"create_time": getStr(t, obj, "CreationTime"), "description": getStr(t, obj, "Description"),
		"dns_hostname_status": getStr(t, obj, "DnsHostnameStatus"), "enable_ipv6": getBool(t, obj, "EnabledIpv6"),
		"ipv6_cidr_block": getStr(t, obj, "Ipv6CidrBlock"), "region_id": getStr(t, obj, "RegionId"),
		"is_default": getBool(t, obj, "IsDefault"), "resource_group_id": getStr(t, obj, "ResourceGroupId"),
		"router_id": getStr(t, obj, "VRouterId"), "status": getStr(t, obj, "Status"), "vpc_name": getStr(t, obj, "VpcName"),
		"secondary_cidr_blocks": getStrings(t, obj, "SecondaryCidrBlocks.SecondaryCidrBlock"),
		"user_cidrs":            getStrings(t, obj, "UserCidrs.UserCidr"), "tags": getTags(t, obj),
	}
	blocks := []map[string]string{}
	for _, b := range listAt(t, obj, "Ipv6CidrBlocks.Ipv6CidrBlock") {
		m := b.(map[string]any)
		blocks = append(blocks, map[string]string{"ipv6_cidr_block": getStr(t, m, "Ipv6CidrBlock"), "ipv6_isp": getStr(t, m, "Ipv6Isp")})
	}
	s["ipv6_cidr_blocks"] = blocks
	// ipv6_isp: the top-level Ipv6Isp, else the first block's, when not "".
	if isp, _ := obj["Ipv6Isp"].(string); isp != "" {
		s["ipv6_isp"] = isp
	} else if len(blocks) > 0 && blocks[0]["ipv6_isp"] != "" {
		s["ipv6_isp"] = blocks[0]["ipv6_isp"]
	}
	// DescribeVpcDescribeRouteTableList (service_alicloud_vpc_v2.go:859-909):
	// the System table of this VPC; its group and router overwrite the VPC's.
	if rt := p.systemRouteTable(id); rt != nil {
		s["resource_group_id"] = getStr(t, rt, "ResourceGroupId")
		s["route_table_id"] = getStr(t, rt, "RouteTableId")
		s["router_id"] = getStr(t, rt, "RouterId")
		s["system_route_table_description"] = getStr(t, rt, "Description")
		s["system_route_table_name"] = getStr(t, rt, "RouteTableName")
		s["system_route_table_route_propagation_enable"] = getBool(t, rt, "RoutePropagationEnable")
	}
	return s
}

// systemRouteTable is DescribeVpcDescribeRouteTableList
// (service_alicloud_vpc_v2.go:859-909): the VPC's System table, nil for
// none; $.RouterTableList.RouterTableListType must be there.
func (p *tfProvider) systemRouteTable(vpc string) map[string]any {
	p.t.Helper()
	resp := p.post("Vpc", "DescribeRouteTableList", nil, map[string]any{"VpcId": vpc, "RegionId": region})
	for _, item := range listAt(p.t, resp, "RouterTableList.RouterTableListType") {
		m := item.(map[string]any)
		if fmt.Sprint(m["RouteTableType"]) == "System" && fmt.Sprint(m["VpcId"]) == vpc {
			return m
		}
	}
	return nil
}

// readVSwitch is resourceAliCloudVpcVswitchRead
// (resource_alicloud_vswitch.go:228-263); nil where the provider drops the
// resource.
func (p *tfProvider) readVSwitch(id string) state {
	t := p.t
	t.Helper()
	// DescribeVpcVswitch (service_alicloud_vpc_v2.go:757-797): VSwitchId in
	// the query (:767), RegionId in the body; a 404, or a VSwitchId of "",
	// is NotFound.
	obj, err := p.rpcPost("Vpc", "DescribeVSwitchAttributes", map[string]any{"VSwitchId": id}, map[string]any{"RegionId": region})
	if notFound(err) {
		return nil
	}
	if err != nil {
		t.Fatalf("DescribeVSwitchAttributes: %v", err)
	}
	if getStr(t, obj, "VSwitchId") == "" {
		return nil
	}
	return state{
		"cidr_block": getStr(t, obj, "CidrBlock"), "create_time": getStr(t, obj, "CreationTime"),
		"description": getStr(t, obj, "Description"), "ipv6_cidr_block": getStr(t, obj, "Ipv6CidrBlock"),
		"is_default": getBool(t, obj, "IsDefault"), "status": getStr(t, obj, "Status"),
		"vswitch_name": getStr(t, obj, "VSwitchName"), "vpc_id": getStr(t, obj, "VpcId"), "zone_id": getStr(t, obj, "ZoneId"),
		"tags": getTags(t, obj),
		// :257-261, enable_ipv6 unconfigured: fmt.Sprint of the raw value
		// is not "", so a missing Ipv6CidrBlock ("<nil>") would read true.
		"enable_ipv6": fmt.Sprint(obj["Ipv6CidrBlock"]) != "",
	}
}

// --- alicloud_security_group, alicloud_security_group_rule ---

// readSecurityGroup is resourceAliCloudEcsSecurityGroupRead
// (resource_alicloud_security_group.go:149-197); nil where the provider
// drops the resource.
func (p *tfProvider) readSecurityGroup(id string) state {
	t := p.t
	t.Helper()
	// DescribeEcsSecurityGroup (service_alicloud_ecs_v2.go:505-549): the
	// first group, unchecked; none, or one without SecurityGroupId, is
	// NotFound.
	resp := p.post("Ecs", "DescribeSecurityGroups", nil, map[string]any{"SecurityGroupId": id, "RegionId": region})
	groups := listAt(t, resp, "SecurityGroups.SecurityGroup")
	if len(groups) == 0 {
		return nil
	}
	g := groups[0].(map[string]any)
	if g["SecurityGroupId"] == nil {
		return nil
	}
	if got := getStr(t, g, "SecurityGroupId"); got != id {
		t.Fatalf("DescribeSecurityGroups by %s answered %s first", id, got)
	}
	s := state{
		"create_time": getStr(t, g, "CreationTime"), "description": getStr(t, g, "Description"),
		"resource_group_id": getStr(t, g, "ResourceGroupId"), "security_group_name": getStr(t, g, "SecurityGroupName"),
		"security_group_type": getStr(t, g, "SecurityGroupType"), "vpc_id": getStr(t, g, "VpcId"), "tags": getTags(t, g),
	}
	// DescribeSecurityGroupDescribeSecurityGroupAttribute (ecs_v2 :551-584).
	attr := p.post("Ecs", "DescribeSecurityGroupAttribute", nil, map[string]any{"SecurityGroupId": id, "RegionId": region})
	s["inner_access_policy"] = getStr(t, attr, "InnerAccessPolicy")
	s["inner_access"] = s["inner_access_policy"] == "Accept"
	return s
}

// ruleID is the ID the provider makes for a rule (security_group_rule.go:283-287).
func ruleID(group, direction, protocol, ports, nicType, cidr, policy, priority string) string {
	return strings.Join([]string{group, direction, protocol, ports, nicType, cidr, policy, priority}, ":")
}

// readRule is resourceAliyunSecurityGroupRuleRead
// (resource_alicloud_security_group_rule.go:292-354) through
// DescribeSecurityGroupRule (service_alicloud_ecs.go:330-416); nil where
// the provider drops the resource.
func (p *tfProvider) readRule(id string) state {
	t := p.t
	t.Helper()
	parts := strings.Split(id, ":")
	if len(parts) != 8 {
		t.Fatalf("rule ID %q has not 8 parts", id)
	}
	req := classicecs.CreateDescribeSecurityGroupAttributeRequest()
	req.RegionId, req.SecurityGroupId, req.Direction, req.NicType = region, parts[0], parts[1], parts[4]
	resp, err := p.classic.DescribeSecurityGroupAttribute(req)
	if expectedError(err, "InvalidSecurityGroupId.NotFound") {
		return nil
	}
	if err != nil {
		t.Fatalf("DescribeSecurityGroupAttribute: %v", err)
	}
	priority, _ := strconv.Atoi(parts[7])
	for _, ru := range resp.Permissions.Permission {
		if strings.ToLower(ru.IpProtocol) != parts[2] || ru.PortRange != parts[3] {
			continue
		}
		cidr, prefixList := ru.SourceCidrIp, ru.SourcePrefixListId
		if parts[1] == "ingress" {
			cidr = cmpOr(cmpOr(ru.SourceCidrIp, ru.SourceGroupId), ru.Ipv6SourceCidrIp)
		} else {
			cidr, prefixList = cmpOr(cmpOr(ru.DestCidrIp, ru.DestGroupId), ru.Ipv6DestCidrIp), ru.DestPrefixListId
		}
		if (cidr != parts[5] && prefixList != parts[5]) || strings.ToLower(ru.Policy) != parts[6] || ru.Priority != strconv.Itoa(priority) {
			continue
		}
		pri, err := strconv.Atoi(ru.Priority) // :331, a failure fails Read
		if err != nil {
			t.Fatalf("Priority %q is not a number", ru.Priority)
		}
		s := state{
			"type": ru.Direction, "ip_protocol": strings.ToLower(ru.IpProtocol), "nic_type": ru.NicType,
			"policy": strings.ToLower(ru.Policy), "port_range": ru.PortRange, "description": ru.Description,
			"security_group_rule_id": ru.SecurityGroupRuleId, "priority": pri, "security_group_id": parts[0],
		}
		if parts[1] == "ingress" {
			s["cidr_ip"], s["ipv6_cidr_ip"], s["source_security_group_id"] = ru.SourceCidrIp, ru.Ipv6SourceCidrIp, ru.SourceGroupId
			s["source_group_owner_id"], s["prefix_list_id"] = ru.SourceGroupOwnerAccount, ru.SourcePrefixListId
		} else {
			s["cidr_ip"], s["ipv6_cidr_ip"], s["source_security_group_id"] = ru.DestCidrIp, ru.Ipv6DestCidrIp, ru.DestGroupId
			s["source_group_owner_id"], s["prefix_list_id"] = ru.DestGroupOwnerAccount, ru.DestPrefixListId
		}
		return s
	}
	return nil
}

// ruleRequest is buildAliyunSGRuleRequest
// (resource_alicloud_security_group_rule.go:464-566) sent as api: it reads
// the group first (:548), then sends a CommonRequest with GET (the
// provider's scheme is HTTPS whatever its protocol; the replay's HTTP).
func (p *tfProvider) ruleRequest(api string, query map[string]string) error {
	t := p.t
	t.Helper()
	g := classicecs.CreateDescribeSecurityGroupAttributeRequest()
	g.SecurityGroupId, g.RegionId = query["SecurityGroupId"], region
	if _, err := p.classic.DescribeSecurityGroupAttribute(g); err != nil {
		return err
	}
	req := requests.NewCommonRequest()
	req.Domain, req.Version, req.RegionId, req.Product, req.Scheme = p.env.Host, "2014-05-26", region, "ecs", "HTTP"
	req.ApiName = api
	for k, v := range query {
		req.QueryParams[k] = v
	}
	if req.Method != requests.GET {
		t.Fatalf("the common request's method is %s, want GET as the provider sends it", req.Method)
	}
	_, err := p.classic.ProcessCommonRequest(req)
	return err
}

// --- alicloud_ecs_disk, alicloud_ecs_key_pair ---

// describeDisk is DescribeEcsDisk (service_alicloud_ecs_v2.go:426-470): the
// first disk of DiskIds, unchecked; nil for none or one without Status.
func (p *tfProvider) describeDisk(id string) map[string]any {
	p.t.Helper()
	resp := p.post("Ecs", "DescribeDisks", nil, map[string]any{"DiskIds": `["` + id + `"]`, "RegionId": region})
	disks := listAt(p.t, resp, "Disks.Disk")
	if len(disks) == 0 || disks[0].(map[string]any)["Status"] == nil {
		return nil
	}
	return disks[0].(map[string]any)
}

// readDisk is resourceAliCloudEcsDiskRead (resource_alicloud_ecs_disk.go:307-397);
// nil where the provider drops the resource.
func (p *tfProvider) readDisk(id string) state {
	t := p.t
	t.Helper()
	obj := p.describeDisk(id)
	if obj == nil {
		return nil
	}
	if got := getStr(t, obj, "DiskId"); got != id {
		t.Fatalf("DescribeDisks by %s answered %s first", id, got)
	}
	// convertEcsDiskPaymentTypeResponse.
	payment := map[string]string{"PostPaid": "PayAsYouGo", "PrePaid": "Subscription"}[getStr(t, obj, "DiskChargeType")]
	return state{
		"bursting_enabled": getBool(t, obj, "BurstingEnabled"), "category": getStr(t, obj, "Category"),
		"create_time": getStr(t, obj, "CreationTime"), "delete_auto_snapshot": getBool(t, obj, "DeleteAutoSnapshot"),
		"delete_with_instance": getBool(t, obj, "DeleteWithInstance"), "description": getStr(t, obj, "Description"),
		"disk_name": getStr(t, obj, "DiskName"), "enable_auto_snapshot": getBool(t, obj, "EnableAutoSnapshot"),
		"encrypted": getBool(t, obj, "Encrypted"), "instance_id": getStr(t, obj, "InstanceId"),
		"kms_key_id": getStr(t, obj, "KMSKeyId"), "multi_attach": getStr(t, obj, "MultiAttach"), "payment_type": payment,
		"performance_level": getStr(t, obj, "PerformanceLevel"), "provisioned_iops": getInt(t, obj, "ProvisionedIops"),
		"region_id": getStr(t, obj, "RegionId"), "resource_group_id": getStr(t, obj, "ResourceGroupId"),
		"size": getInt(t, obj, "Size"), "snapshot_id": getStr(t, obj, "SourceSnapshotId"), "status": getStr(t, obj, "Status"),
		"storage_set_id": getStr(t, obj, "StorageSetId"), "storage_set_partition_number": getInt(t, obj, "StorageSetPartitionNumber"),
		"zone_id": getStr(t, obj, "ZoneId"), "tags": getTags(t, obj),
	}
}

// readKeyPair is resourceAliCloudEcsKeyPairRead
// (resource_alicloud_ecs_key_pair.go:160-192) through DescribeEcsKeyPair
// (service_alicloud_ecs_v2.go:376-420): the first pair, unchecked; none,
// or a KeyPairName of "", is NotFound.
func (p *tfProvider) readKeyPair(name string) state {
	t := p.t
	t.Helper()
	resp := p.post("Ecs", "DescribeKeyPairs", nil, map[string]any{"KeyPairName": name, "RegionId": region})
	pairs := listAt(t, resp, "KeyPairs.KeyPair")
	if len(pairs) == 0 {
		return nil
	}
	kp := pairs[0].(map[string]any)
	if getStr(t, kp, "KeyPairName") == "" {
		return nil
	}
	return state{
		"finger_print": getStr(t, kp, "KeyPairFingerPrint"), "create_time": getStr(t, kp, "CreationTime"),
		"resource_group_id": getStr(t, kp, "ResourceGroupId"), "key_pair_name": getStr(t, kp, "KeyPairName"),
		"tags": getTags(t, kp),
	}
}

// --- alicloud_instance ---

// describeInstance is EcsService.DescribeInstance (service_alicloud_ecs.go:115-149):
// classic DescribeInstances by a JSON array of one ID; an empty list is
// NotFound, reported as nil. The classic SDK decodes into value types, so
// that a field missing from the answer would read as its zero value: the
// instance comes back as the raw JSON object too, for the presence and
// type of each field to be checked.
func (p *tfProvider) describeInstance(id string) (*classicecs.Instance, map[string]any) {
	p.t.Helper()
	req := classicecs.CreateDescribeInstancesRequest()
	req.RegionId = region
	req.InstanceIds = `["` + id + `"]`
	req.AdditionalAttributes = &[]string{"META_OPTIONS", "NETWORK_PRIMARY_ENI_IP", "LOGIN_AS_NON_ROOT", "DISK_HIGH_DENSITY_MODE"}
	resp, err := p.classic.DescribeInstances(req)
	if err != nil {
		p.t.Fatalf("DescribeInstances: %v", err)
	}
	if len(resp.Instances.Instance) < 1 {
		return nil, nil
	}
	var raw map[string]any
	d := json.NewDecoder(strings.NewReader(resp.GetHttpContentString()))
	d.UseNumber()
	if err := d.Decode(&raw); err != nil {
		p.t.Fatalf("DescribeInstances answered no JSON: %v", err)
	}
	return &resp.Instances.Instance[0], listAt(p.t, raw, "Instances.Instance")[0].(map[string]any)
}

// waitInstance is BuildStateConf(pending, target, ...) over
// InstanceStateRefreshFunc (service_alicloud_ecs.go:1030-1049): a status
// outside pending and target fails the wait, as plugin-sdk's does when
// pending is not empty; an empty target waits for the instance to go. The
// fake clock moves on between polls.
func (p *tfProvider) waitInstance(id string, pending, target []string) {
	p.t.Helper()
	for range 30 {
		inst, _ := p.describeInstance(id)
		switch {
		case inst == nil && len(target) == 0:
			return
		case inst == nil:
			// nil results are tolerated for 20 checks; ecsd never
			// loses an instance it just made.
			p.t.Fatalf("instance %s not found while waiting for %v", id, target)
		case slices.Contains(target, inst.Status):
			return
		case !slices.Contains(pending, inst.Status):
			p.t.Fatalf("unexpected state %q waiting for %v (pending %v)", inst.Status, target, pending)
		}
		p.env.Clock.Advance(time.Second)
	}
	p.t.Fatalf("instance %s never reached %v", id, target)
}

// systemDisk is DescribeEcsSystemDisk (service_alicloud_ecs.go:2863-2905):
// tea DescribeDisks by instance and DiskType=system; $.Disks.Disk must be
// there, and the first disk's InstanceId a string equal to the instance's
// (:2899).
func (p *tfProvider) systemDisk(id string) map[string]any {
	t := p.t
	t.Helper()
	disks := listAt(t, p.post("Ecs", "DescribeDisks", nil, map[string]any{"RegionId": region, "InstanceId": id, "DiskType": "system"}), "Disks.Disk")
	if len(disks) != 1 {
		t.Fatalf("DescribeDisks of the system disk of %s listed %d disks", id, len(disks))
	}
	sys := disks[0].(map[string]any)
	if got := getStr(t, sys, "InstanceId"); got != id {
		t.Fatalf("the system disk of %s is attached to %q", id, got)
	}
	return sys
}

// readInstance is resourceAliCloudInstanceRead (resource_alicloud_instance.go:1297-1694),
// call by call; it fails the test where the provider would fail or panic,
// and returns nil where it would drop the resource.
func (p *tfProvider) readInstance(id string, isNew bool) state {
	t := p.t
	t.Helper()
	// 1. :1301 classic DescribeInstances; NotFound drops a resource that is not new.
	inst, raw := p.describeInstance(id)
	if inst == nil {
		if isNew {
			t.Fatal("a new instance is not found")
		}
		return nil
	}
	// :1341-1411, each field read from the classic struct, present in the
	// answer with its type.
	s := state{
		"instance_name": getStr(t, raw, "InstanceName"), "resource_group_id": getStr(t, raw, "ResourceGroupId"),
		"description": getStr(t, raw, "Description"), "status": getStr(t, raw, "Status"), "availability_zone": getStr(t, raw, "ZoneId"),
		"host_name": getStr(t, raw, "HostName"), "image_id": getStr(t, raw, "ImageId"), "instance_type": getStr(t, raw, "InstanceType"),
		"internet_max_bandwidth_out": getInt(t, raw, "InternetMaxBandwidthOut"), "internet_max_bandwidth_in": getInt(t, raw, "InternetMaxBandwidthIn"),
		"instance_charge_type": getStr(t, raw, "InstanceChargeType"), "key_name": getStr(t, raw, "KeyPairName"),
		"spot_strategy": getStr(t, raw, "SpotStrategy"), "spot_price_limit": inst.SpotPriceLimit,
		"internet_charge_type": getStr(t, raw, "InternetChargeType"), "deletion_protection": getBool(t, raw, "DeletionProtection"),
		"credit_specification": getStr(t, raw, "CreditSpecification"), "auto_release_time": getStr(t, raw, "AutoReleaseTime"),
		"hpc_cluster_id": getStr(t, raw, "HpcClusterId"), "deployment_set_id": getStr(t, raw, "DeploymentSetId"),
		"deployment_set_group_no": getInt(t, raw, "DeploymentSetGroupNo"), "stopped_mode": getStr(t, raw, "StoppedMode"),
		"vswitch_id": getStr(t, raw, "VpcAttributes.VSwitchId"), "vpc_id": getStr(t, raw, "VpcAttributes.VpcId"),
		"spot_duration": getInt(t, raw, "SpotDuration"), "http_tokens": getStr(t, raw, "MetadataOptions.HttpTokens"),
		"http_endpoint":               getStr(t, raw, "MetadataOptions.HttpEndpoint"),
		"http_put_response_hop_limit": getInt(t, raw, "MetadataOptions.HttpPutResponseHopLimit"),
		"cpu":                         getInt(t, raw, "Cpu"), "memory": getInt(t, raw, "Memory"), "os_name": getStr(t, raw, "OSName"), "os_type": getStr(t, raw, "OSType"),
		"dedicated_host_id": getStr(t, raw, "DedicatedHostAttribute.DedicatedHostId"), "create_time": getStr(t, raw, "CreationTime"),
		"start_time": getStr(t, raw, "StartTime"), "expired_time": getStr(t, raw, "ExpiredTime"),
		"enable_high_density_mode": getBool(t, raw, "AdditionalInfo.EnableHighDensityMode"),
		"image_options":            []map[string]any{{"login_as_non_root": getBool(t, raw, "ImageOptions.LoginAsNonRoot")}},
	}
	if _, ok := lookup(t, raw, "SpotPriceLimit").(json.Number); !ok {
		t.Errorf("SpotPriceLimit = %v, want a number", raw["SpotPriceLimit"])
	}
	// :1365 tags, keys of aliyun and acs: ignored.
	s["tags"] = getTags(t, raw)
	s["subnet_id"] = s["vswitch_id"]
	s["public_ip"] = ""
	if ips := getStrings(t, raw, "PublicIpAddress.IpAddress"); len(ips) > 0 {
		s["public_ip"] = ips[0]
	}
	// :1399-1403
	if ips := getStrings(t, raw, "VpcAttributes.PrivateIpAddress.IpAddress"); len(ips) > 0 {
		s["private_ip"] = ips[0]
	} else {
		s["private_ip"] = strings.Join(getStrings(t, raw, "InnerIpAddress.IpAddress"), ",")
	}
	// :1405-1411, a set.
	groups := getStrings(t, raw, "SecurityGroupIds.SecurityGroupId")
	sort.Strings(groups)
	s["security_groups"] = groups

	// 2. :1312-1340 the system disk.
	sys := p.systemDisk(id)
	s["system_disk_category"] = getStr(t, sys, "Category")
	s["system_disk_name"] = getStr(t, sys, "DiskName")
	s["system_disk_description"] = getStr(t, sys, "Description")
	s["system_disk_size"] = getInt(t, sys, "Size")
	s["system_disk_auto_snapshot_policy_id"] = getStr(t, sys, "AutoSnapshotPolicyId")
	s["system_disk_storage_cluster_id"] = getStr(t, sys, "StorageClusterId")
	s["system_disk_encrypted"] = getBool(t, sys, "Encrypted")
	s["system_disk_kms_key_id"] = getStr(t, sys, "KMSKeyId")
	s["system_disk_provisioned_iops"] = getInt(t, sys, "ProvisionedIops")
	s["system_disk_id"] = getStr(t, sys, "DiskId")
	s["system_disk_performance_level"] = getStr(t, sys, "PerformanceLevel")
	s["system_disk_bursting_enabled"] = getBool(t, sys, "BurstingEnabled")
	s["volume_tags"] = getTags(t, sys)

	// 3. :1413-1438 classic DescribeUserData, stored as answered when
	// the configured user_data is Base64 or not configured.
	ud := classicecs.CreateDescribeUserDataRequest()
	ud.RegionId, ud.InstanceId = region, id
	udResp, err := p.classic.DescribeUserData(ud)
	if err != nil {
		t.Fatalf("DescribeUserData: %v", err)
	}
	s["user_data"] = udResp.UserData
	// 4. :1440-1455 classic DescribeInstanceRamRole, for a VPC instance not just made.
	if inst.VpcAttributes.VSwitchId != "" && !isNew {
		rr := classicecs.CreateDescribeInstanceRamRoleRequest()
		rr.RegionId, rr.InstanceIds = region, `["`+id+`"]`
		rrResp, err := p.classic.DescribeInstanceRamRole(rr)
		if err != nil {
			t.Fatalf("DescribeInstanceRamRole: %v", err)
		}
		if len(rrResp.InstanceRamRoleSets.InstanceRamRoleSet) >= 1 {
			s["role_name"] = rrResp.InstanceRamRoleSets.InstanceRamRoleSet[0].RamRoleName
		}
	}
	// 5. :1457-1511 tea DescribeNetworkInterfaces per interface
	// (DescribeEcsNetworkInterface, service_alicloud_ecs.go:2285-2325),
	// whose first set must be the interface asked for.
	eni := func(nicID string) map[string]any {
		t.Helper()
		resp := p.post("Ecs", "DescribeNetworkInterfaces", nil, map[string]any{"RegionId": region, "NetworkInterfaceId": []string{nicID}})
		set := listAt(t, resp, "NetworkInterfaceSets.NetworkInterfaceSet")
		if len(set) == 0 {
			t.Fatalf("DescribeNetworkInterfaces of %s listed nothing", nicID)
		}
		obj := set[0].(map[string]any)
		if got := getStr(t, obj, "NetworkInterfaceId"); got != nicID {
			t.Fatalf("DescribeNetworkInterfaces answered %s for %s", got, nicID)
		}
		return obj
	}
	primary := ""
	secondaries := []map[string]any{}
	for _, item := range listAt(t, raw, "NetworkInterfaces.NetworkInterface") {
		nic := item.(map[string]any)
		nicID := getStr(t, nic, "NetworkInterfaceId")
		obj := eni(nicID)
		if getStr(t, nic, "Type") == "Primary" {
			primary = nicID
			s["primary_ip_address"] = getStr(t, nic, "PrimaryIpAddress")
			s["network_interface_traffic_mode"] = getStr(t, obj, "NetworkInterfaceTrafficMode")
			s["queue_pair_number"] = getInt(t, obj, "QueuePairNumber")
			s["source_dest_check"] = getBool(t, obj, "SourceDestCheck")
			s["network_card_index"] = getInt(t, obj, "Attachment.NetworkCardIndex") // :1472-1478, an object
			continue
		}
		secondaries = append(secondaries, map[string]any{"network_interface_id": nicID, "vswitch_id": getStr(t, obj, "VSwitchId")})
	}
	s["network_interfaces"] = secondaries
	// 6. :1513-1552 the primary interface again, for its address sets;
	// PrivateIpSet[].Primary is type-asserted to a bool (:1524).
	if primary != "" {
		s["network_interface_id"] = primary
		obj := eni(primary)
		secondary := []string{}
		for _, item := range listAt(t, obj, "PrivateIpSets.PrivateIpSet") {
			set := item.(map[string]any)
			if !getBool(t, set, "Primary") {
				secondary = append(secondary, getStr(t, set, "PrivateIpAddress"))
			}
		}
		s["secondary_private_ips"], s["secondary_private_ip_address_count"] = secondary, len(secondary)
		ipv6 := []string{}
		for _, item := range listAt(t, obj, "Ipv6Sets.Ipv6Set") {
			ipv6 = append(ipv6, getStr(t, item.(map[string]any), "Ipv6Address"))
		}
		s["ipv6_addresses"], s["ipv6_address_count"] = ipv6, len(ipv6)
	}
	// 7. :1555-1585 tea DescribeInstanceMaintenanceAttributes
	// (service_alicloud_ecs.go:3250-3287), whose first attribute must be the
	// instance's.
	maint := p.post("Ecs", "DescribeInstanceMaintenanceAttributes", nil, map[string]any{"RegionId": region, "InstanceId": []string{id}})
	attr := listAt(t, maint, "MaintenanceAttributes.MaintenanceAttribute")[0].(map[string]any)
	if got := getStr(t, attr, "InstanceId"); got != id {
		t.Fatalf("maintenance attributes of %s", got)
	}
	windows := []map[string]string{}
	for _, item := range listAt(t, attr, "MaintenanceWindows.MaintenanceWindow") {
		w := item.(map[string]any)
		windows = append(windows, map[string]string{"start_time": getStr(t, w, "StartTime"), "end_time": getStr(t, w, "EndTime")})
	}
	s["maintenance_time"] = windows
	s["maintenance_action"] = getStr(t, attr, "ActionOnMaintenance.Value")
	s["maintenance_notify"] = getBool(t, attr, "NotifyOnMaintenance")
	// 8. :1587 classic DescribeInstanceAttribute (service_alicloud_ecs.go:151-168),
	// whose InstanceId must be the instance's (:163).
	ia := classicecs.CreateDescribeInstanceAttributeRequest()
	ia.InstanceId, ia.RegionId = id, region
	iaResp, err := p.classic.DescribeInstanceAttribute(ia)
	if err != nil || iaResp.InstanceId != id {
		t.Fatalf("DescribeInstanceAttribute: %v %q", err, iaResp.InstanceId)
	}
	s["enable_jumbo_frame"] = iaResp.EnableJumboFrame
	// 9. :1596-1654 DescribeInstanceAutoRenewAttribute, for PrePaid only;
	// the replays launch PostPaid instances.
	if s["instance_charge_type"] == "PrePaid" {
		t.Fatal("the replayed instance is PrePaid")
	}
	// 10. :1656-1662 tea DescribeInstanceAttachmentAttributes (service_alicloud_ecs.go:3701-3740).
	att := listAt(t, p.post("Ecs", "DescribeInstanceAttachmentAttributes", nil, map[string]any{"InstanceIds": `["` + id + `"]`, "RegionId": region}), "Instances.Instance")
	if len(att) == 0 {
		t.Fatal("DescribeInstanceAttachmentAttributes listed nothing")
	}
	s["private_pool_options_match_criteria"] = getStr(t, att[0].(map[string]any), "PrivatePoolOptionsMatchCriteria")
	s["private_pool_options_id"] = getStr(t, att[0].(map[string]any), "PrivatePoolOptionsId")
	// 11. :1664-1691 tea DescribeInstances (DescribeEcsInstance,
	// service_alicloud_ecs.go:3789-3830); CpuOptions must be an object.
	one := listAt(t, p.post("Ecs", "DescribeInstances", nil, map[string]any{"RegionId": region, "InstanceIds": `["` + id + `"]`,
		"AdditionalAttributes": []string{"META_OPTIONS", "NETWORK_PRIMARY_ENI_IP", "LOGIN_AS_NON_ROOT", "LOGIN_AS_NON_ROOT", "CPU_OPTIONS_TOPOLOGY_TYPE"}}),
		"Instances.Instance")[0].(map[string]any)
	s["spot_interruption_behavior"] = getStr(t, one, "SpotInterruptionBehavior")
	s["cpu_options"] = []map[string]any{{"core_count": getInt(t, one, "CpuOptions.CoreCount"),
		"threads_per_core": getInt(t, one, "CpuOptions.ThreadsPerCore"), "topology_type": getStr(t, one, "CpuOptions.TopologyType")}}
	return s
}

// --- creates: the provider's create functions up to their Read ---

// with is body with RegionId, and a ClientToken when action takes one.
func (p *tfProvider) with(action string, body map[string]any) map[string]any {
	out := map[string]any{"RegionId": region}
	if action != "" {
		out["ClientToken"] = p.clientToken(action)
	}
	for k, v := range body {
		out[k] = v
	}
	return out
}

// createVpc is resourceAliCloudVpcVpcCreate (resource_alicloud_vpc.go:208-339)
// up to its Read: CreateVpc (:271), the wait for Available (:333), then
// the Update on create (:338), whose DescribeRouteTableList always runs
// and must find the system table (:591-594). Steps of the Update that
// depend on what is configured are the caller's.
func (p *tfProvider) createVpc(body map[string]any) string {
	p.t.Helper()
	id := fmt.Sprint(p.post("Vpc", "CreateVpc", nil, p.with("CreateVpc", body))["VpcId"]) // :287
	p.waitFor(func() map[string]any {
		return p.post("Vpc", "DescribeVpcAttribute", nil, map[string]any{"VpcId": id, "RegionId": region})
	}, "Status", "Available")
	if p.systemRouteTable(id) == nil {
		p.t.Fatalf("the new VPC %s has no system route table: the apply would abort (:591-594)", id)
	}
	return id
}

// createVSwitch is resourceAliCloudVpcVswitchCreate
// (resource_alicloud_vswitch.go:111-226) up to its Read: CreateVSwitch
// (:197), the wait for Available through DescribeVSwitchAttributes (:220).
func (p *tfProvider) createVSwitch(body map[string]any) string {
	p.t.Helper()
	id := fmt.Sprint(p.post("Vpc", "CreateVSwitch", nil, p.with("CreateVSwitch", body))["VSwitchId"]) // :215
	p.waitFor(func() map[string]any {
		return p.post("Vpc", "DescribeVSwitchAttributes", map[string]any{"VSwitchId": id}, map[string]any{"RegionId": region})
	}, "Status", "Available")
	return id
}

// createSecurityGroup is resourceAliCloudEcsSecurityGroupCreate
// (resource_alicloud_security_group.go:91-147) up to its Read:
// CreateSecurityGroup (:128), then the Update on create, whose
// DescribeSecurityGroupAttribute always runs (:268-271).
func (p *tfProvider) createSecurityGroup(body map[string]any) string {
	p.t.Helper()
	id := fmt.Sprint(p.post("Ecs", "CreateSecurityGroup", nil, p.with("CreateSecurityGroup", body))["SecurityGroupId"]) // :144
	if got := getStr(p.t, p.post("Ecs", "DescribeSecurityGroupAttribute", nil, map[string]any{"SecurityGroupId": id, "RegionId": region}), "SecurityGroupId"); got != id {
		p.t.Fatalf("DescribeSecurityGroupAttribute of %s answered %s", id, got)
	}
	return id
}

// createRule is resourceAliyunSecurityGroupRuleCreate
// (resource_alicloud_security_group_rule.go:126-290) up to its Read: the
// group read through EcsService.DescribeSecurityGroup
// (service_alicloud_ecs.go:265-289), whose SecurityGroupId must be the
// group's, then AuthorizeSecurityGroup or its Egress twin with one
// Permissions entry (:243-266); the ID is made locally (:283-287), with
// "<nil>" for a NicType not configured.
func (p *tfProvider) createRule(group, direction string, perm map[string]any) string {
	p.t.Helper()
	req := classicecs.CreateDescribeSecurityGroupAttributeRequest()
	req.SecurityGroupId, req.RegionId = group, region
	resp, err := p.classic.DescribeSecurityGroupAttribute(req)
	if err != nil || resp.SecurityGroupId != group {
		p.t.Fatalf("DescribeSecurityGroupAttribute of %s: %v %q", group, err, resp.SecurityGroupId)
	}
	action := "AuthorizeSecurityGroup"
	cidr := perm["SourceCidrIp"]
	if direction == "egress" {
		action, cidr = "AuthorizeSecurityGroupEgress", perm["DestCidrIp"]
	}
	p.post("Ecs", action, nil, map[string]any{"RegionId": region, "SecurityGroupId": group, "Permissions": []map[string]any{perm}})
	return ruleID(group, direction, fmt.Sprint(perm["IpProtocol"]), fmt.Sprint(perm["PortRange"]), fmt.Sprint(perm["NicType"]),
		fmt.Sprint(cidr), fmt.Sprint(perm["Policy"]), fmt.Sprint(perm["Priority"]))
}

// createDisk is resourceAliCloudEcsDiskCreate (resource_alicloud_ecs_disk.go:195-305)
// up to its Read: CreateDisk (:277), the wait for Available or In_use
// (:296-302), then the Update on create, whose DescribeDisks always runs
// (:424) and sends ModifyDiskAttribute unless DeleteWithInstance reads as
// the unset attribute, false (:428-431).
func (p *tfProvider) createDisk(body map[string]any) string {
	p.t.Helper()
	id := fmt.Sprint(p.post("Ecs", "CreateDisk", nil, p.with("CreateDisk", body))["DiskId"]) // :293
	p.waitFor(func() map[string]any { return p.describeDisk(id) }, "Status", "Available", "In_use")
	if d := p.describeDisk(id); fmt.Sprint(d["DeleteWithInstance"]) != "false" {
		p.t.Fatalf("a new disk's DeleteWithInstance is %v: the provider would send ModifyDiskAttribute on every create", d["DeleteWithInstance"])
	}
	return id
}

// importKeyPair is resourceAliCloudEcsKeyPairCreate
// (resource_alicloud_ecs_key_pair.go:90-158) with public_key: ImportKeyPair
// (:119-122), whose KeyPairName is the ID (:142); Read follows directly.
func (p *tfProvider) importKeyPair(body map[string]any) string {
	p.t.Helper()
	return fmt.Sprint(p.post("Ecs", "ImportKeyPair", nil, p.with("", body))["KeyPairName"])
}

// runInstance is resourceAliCloudInstanceCreate (resource_alicloud_instance.go:781-1295)
// up to its Update on create: RunInstances over tea-rpc, autoRetry off
// (:1263), whose first ID is the resource's (:1278-1287), then the wait for
// Running (:1289).
func (p *tfProvider) runInstance(body map[string]any) string {
	p.t.Helper()
	resp := p.post("Ecs", "RunInstances", nil, p.with("RunInstances", body))
	id, ok := jsonPath(p.t, resp, "InstanceIdSets", "InstanceIdSet", 0).(string)
	if !ok || id == "" {
		p.t.Fatalf("RunInstances answered %v", resp)
	}
	p.waitInstance(id, []string{"Pending", "Starting", "Stopped"}, []string{"Running"})
	return id
}

// --- deletes: the provider's delete functions, with their retries and waits ---

// deleteInstance is resourceAliCloudInstanceDelete (resource_alicloud_instance.go:2651-2701):
// classic DeleteInstance with Force, retried on IncorrectInstanceStatus,
// DependencyViolation.RouteEntry and IncorrectInstanceStatus.Initializing
// (:2676), done on EcsNotFound (:2690), then the wait until the instance
// is gone (:2696).
func (p *tfProvider) deleteInstance(id string) {
	p.t.Helper()
	req := classicecs.CreateDeleteInstanceRequest()
	req.InstanceId, req.Force = id, requests.NewBoolean(true)
	_, err := p.retry(func() error {
		_, err := p.classic.DeleteInstance(req)
		return err
	}, "IncorrectInstanceStatus", "DependencyViolation.RouteEntry", "IncorrectInstanceStatus.Initializing", "Throttling", "LastTokenProcessing")
	if err != nil && !expectedError(err, "InvalidInstanceId.NotFound", "Forbidden.InstanceNotFound") {
		p.t.Fatalf("DeleteInstance: %v", err)
	}
	p.waitInstance(id, []string{"Pending", "Running", "Stopped", "Stopping"}, nil)
}

// deleteRule is resourceAliyunSecurityGroupRuleDelete
// (resource_alicloud_security_group_rule.go:432-462): the rule request
// (:406-430) as RevokeSecurityGroup or its Egress twin, retried for five
// minutes on anything but NotFound and InvalidSecurityGroupId.NotFound,
// which mean done.
func (p *tfProvider) deleteRule(direction string, query map[string]string) {
	p.t.Helper()
	api := "RevokeSecurityGroup"
	if direction == "egress" {
		api = "RevokeSecurityGroupEgress"
	}
	for range 10 {
		err := p.ruleRequest(api, query)
		if err == nil || notFound(err) || expectedError(err, "InvalidSecurityGroupId.NotFound") {
			return
		}
		p.env.Clock.Advance(5 * time.Second)
	}
	p.t.Fatalf("%s kept failing", api)
}

// deleteDisk is resourceAliCloudEcsDiskDelete (resource_alicloud_ecs_disk.go:683-731):
// DescribeDisks first (NotFound means done), then DeleteDisk with DiskId
// alone, retried on IncorrectDiskStatus.Initializing, done on
// InvalidDiskId.NotFound.
func (p *tfProvider) deleteDisk(id string) {
	p.t.Helper()
	if p.describeDisk(id) == nil {
		return
	}
	_, err := p.retry(func() error {
		_, err := p.rpcPost("Ecs", "DeleteDisk", nil, map[string]any{"DiskId": id})
		return err
	}, "IncorrectDiskStatus.Initializing")
	if err != nil && !expectedError(err, "InvalidDiskId.NotFound") && !notFound(err) {
		p.t.Fatalf("DeleteDisk: %v", err)
	}
}

// deleteSecurityGroup is resourceAliCloudEcsSecurityGroupDelete
// (resource_alicloud_security_group.go:345-380): DeleteSecurityGroup,
// retried on DependencyViolation, done on NotFound; no wait.
func (p *tfProvider) deleteSecurityGroup(id string) {
	p.t.Helper()
	_, err := p.retry(func() error {
		_, err := p.rpcPost("Ecs", "DeleteSecurityGroup", nil, map[string]any{"SecurityGroupId": id, "RegionId": region})
		return err
	}, "DependencyViolation")
	if err != nil && !notFound(err) {
		p.t.Fatalf("DeleteSecurityGroup: %v", err)
	}
}

// deleteKeyPair is resourceAliCloudEcsKeyPairDelete (resource_alicloud_ecs_key_pair.go:244-279):
// DeleteKeyPairs with a JSON list of the one name, retried on
// ServiceUnavailable and InvalidParameter.KeypairAlreadyAttachedInstance.
func (p *tfProvider) deleteKeyPair(name string) {
	p.t.Helper()
	_, err := p.retry(func() error {
		_, err := p.rpcPost("Ecs", "DeleteKeyPairs", nil, map[string]any{"KeyPairNames": `["` + name + `"]`, "RegionId": region})
		return err
	}, "ServiceUnavailable", "InvalidParameter.KeypairAlreadyAttachedInstance")
	if err != nil && !notFound(err) {
		p.t.Fatalf("DeleteKeyPairs: %v", err)
	}
}

// vswitchDeleteRetries is what resourceAliCloudVpcVswitchDelete retries
// DeleteVSwitch on (resource_alicloud_vswitch.go:387).
var vswitchDeleteRetries = []string{"DependencyViolation", "DependencyViolation.SnatEntry", "DependencyViolation.MulticastDomain",
	"OperationConflict", "IncorrectRouteEntryStatus", "InternalError", "TaskConflict", "DependencyViolation.EnhancedNatgw",
	"DependencyViolation.RouteTable", "DependencyViolation.HaVip", "DeleteVSwitch.IncorrectStatus.cbnStatus", "SystemBusy",
	"IncorrectVSwitchStatus", "LastTokenProcessing", "OperationDenied.OtherSubnetProcessing", "DependencyViolation.SNAT",
	"DependencyViolation.NetworkAcl"}

// deleteVSwitch is resourceAliCloudVpcVswitchDelete (resource_alicloud_vswitch.go:369-410):
// DeleteVSwitch, retried on the codes above, done on
// InvalidVSwitchId.NotFound, then the wait for state "", which the
// refresh function reports on NotFound (service_alicloud_vpc_v2.go:799-817).
func (p *tfProvider) deleteVSwitch(id string) {
	p.t.Helper()
	_, err := p.retry(func() error {
		_, err := p.rpcPost("Vpc", "DeleteVSwitch", nil, map[string]any{"VSwitchId": id, "RegionId": region})
		return err
	}, vswitchDeleteRetries...)
	if err != nil && !expectedError(err, "InvalidVswitchID.NotFound", "InvalidVSwitchId.NotFound") {
		p.t.Fatalf("DeleteVSwitch: %v", err)
	}
	if p.readVSwitch(id) != nil {
		p.t.Fatalf("the deleted vSwitch %s still reads", id)
	}
}

// vpcDeleteRetries is what resourceAliCloudVpcVpcDelete retries DeleteVpc
// on (resource_alicloud_vpc.go:789).
var vpcDeleteRetries = []string{"DependencyViolation.VSwitch", "DependencyViolation.SecurityGroup", "IncorrectVpcStatus"}

// deleteVpc is resourceAliCloudVpcVpcDelete (resource_alicloud_vpc.go:768-817):
// DeleteVpc with a new ClientToken on every try, retried on the codes
// above, done on InvalidResource.NotFound or NotFound, then the wait until
// DescribeVpcAttribute finds nothing (:810-813).
func (p *tfProvider) deleteVpc(id string) {
	p.t.Helper()
	_, err := p.retry(func() error {
		_, err := p.rpcPost("Vpc", "DeleteVpc", nil, map[string]any{"VpcId": id, "RegionId": region, "ClientToken": p.clientToken("DeleteVpc")})
		return err
	}, vpcDeleteRetries...)
	if err != nil && !expectedError(err, "InvalidResource.NotFound") && !notFound(err) {
		p.t.Fatalf("DeleteVpc: %v", err)
	}
	if p.readVpc(id) != nil {
		p.t.Fatalf("the deleted VPC %s still reads", id)
	}
}
