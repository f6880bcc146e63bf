package aliyun_test

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
)

// vpcTagIgnored are fields of the classic SDK's VPC tag struct that only
// ECS's tag answers fill: the struct is shared.
var vpcTagIgnored = []string{"Tags.Tag[].TagKey", "Tags.Tag[].TagValue"}

func prefixed(prefix string, paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = prefix + p
	}
	return out
}

// createVpc makes a VPC through s and waits until it is available.
func createVpc(t *testing.T, env *apptest.Env, s sdk, p wire) string {
	t.Helper()
	base := wire{"RegionId": region, "CidrBlock": "10.0.0.0/8"}
	for k, v := range p {
		base[k] = v
	}
	id := str(t, mustCall(t, s, productVPC, "CreateVpc", base), "VpcId")
	env.Clock.Advance(delay)
	return id
}

func createVSwitch(t *testing.T, env *apptest.Env, s sdk, vpc, zone, cidr string, p wire) string {
	t.Helper()
	base := wire{"RegionId": region, "VpcId": vpc, "ZoneId": zone, "CidrBlock": cidr}
	for k, v := range p {
		base[k] = v
	}
	id := str(t, mustCall(t, s, productVPC, "CreateVSwitch", base), "VSwitchId")
	env.Clock.Advance(delay)
	return id
}

func TestVpcLifecycle(t *testing.T) {
	eachResourceSDK(t, func(t *testing.T, env *apptest.Env, s sdk) {
		created := mustCall(t, s, productVPC, "CreateVpc", wire{
			"RegionId": region, "CidrBlock": "10.0.0.0/8", "VpcName": "main", "Description": "the main one",
			"ResourceGroupId": "rg-acfm2abc", "EnableIpv6": true, "ClientToken": "vpc-token-1",
			"EnableDnsHostname": true, "UserCidr": "192.168.0.0/24,192.168.8.0/24",
			"Tag": []wire{{"Key": "env", "Value": "test"}},
		})
		vpc := str(t, created, "VpcId")
		if !strings.HasPrefix(vpc, "vpc-bp") || len(vpc) != 24 {
			t.Fatalf("VpcId %q is not in the Hangzhou format vpc-bp + 18", vpc)
		}
		suffix := strings.TrimPrefix(vpc, "vpc-")
		if str(t, created, "VRouterId") != "vrt-"+suffix || str(t, created, "RouteTableId") != "vtb-"+suffix ||
			str(t, created, "ResourceGroupId") != "rg-acfm2abc" {
			t.Fatalf("CreateVpc answered %+v", created)
		}
		again := mustCall(t, s, productVPC, "CreateVpc", wire{"RegionId": region, "CidrBlock": "10.0.0.0/8", "ClientToken": "vpc-token-1"})
		if str(t, again, "VpcId") != vpc {
			t.Fatalf("a repeated ClientToken made %s, want %s", str(t, again, "VpcId"), vpc)
		}

		attr := mustCall(t, s, productVPC, "DescribeVpcAttribute", wire{"RegionId": region, "VpcId": vpc}, vpcTagIgnored...)
		if got := str(t, attr, "Status"); got != "Pending" {
			t.Fatalf("a new VPC is %q, want Pending", got)
		}
		callErr(t, s, productVPC, "CreateVSwitch", wire{"RegionId": region, "VpcId": vpc, "ZoneId": zoneB, "CidrBlock": "10.1.0.0/16"}, "IncorrectVpcStatus", 400)
		env.Clock.Advance(delay)

		vsw := createVSwitch(t, env, s, vpc, zoneB, "10.1.0.0/24", wire{"VSwitchName": "web", "Description": "web tier",
			"Tag": []wire{{"Key": "tier", "Value": "web"}}, "Ipv6CidrBlock": 3})
		attr = mustCall(t, s, productVPC, "DescribeVpcAttribute", wire{"RegionId": region, "VpcId": vpc}, vpcTagIgnored...)
		for path, want := range map[string]any{
			"Status": "Available", "VpcName": "main", "Description": "the main one", "CidrBlock": "10.0.0.0/8",
			"RegionId": region, "IsDefault": false, "EnabledIpv6": true, "DnsHostnameStatus": "ENABLED",
			"ResourceGroupId": "rg-acfm2abc", "VRouterId": "vrt-" + suffix, "ClassicLinkEnabled": false,
			"Tags.Tag.0.Key": "env", "Tags.Tag.0.Value": "test", "VSwitchIds.VSwitchId.0": vsw,
			"UserCidrs.UserCidr.1": "192.168.8.0/24", "Ipv6CidrBlocks.Ipv6CidrBlock.0.Ipv6Isp": "BGP",
		} {
			if got := pick(t, attr, path); got != want {
				t.Errorf("DescribeVpcAttribute %s = %v, want %v", path, got, want)
			}
		}
		block := netip.MustParsePrefix(str(t, attr, "Ipv6CidrBlock"))
		if block.Bits() != 56 || str(t, attr, "Ipv6CidrBlocks.Ipv6CidrBlock.0.Ipv6CidrBlock") != block.String() {
			t.Errorf("IPv6 block %s, want a /56 listed in Ipv6CidrBlocks too", block)
		}
		if num(t, attr, "OwnerId") == 0 || str(t, attr, "CreationTime") == "" {
			t.Errorf("OwnerId %d, CreationTime %q: want both", num(t, attr, "OwnerId"), str(t, attr, "CreationTime"))
		}

		vsws := mustCall(t, s, productVPC, "DescribeVSwitches", wire{"RegionId": region, "VpcId": vpc},
			prefixed("VSwitches.VSwitch[].", vpcTagIgnored)...)
		if num(t, vsws, "TotalCount") != 1 || str(t, vsws, "VSwitches.VSwitch.0.VSwitchId") != vsw {
			t.Fatalf("DescribeVSwitches of the VPC: %+v", vsws)
		}
		va := mustCall(t, s, productVPC, "DescribeVSwitchAttributes", wire{"RegionId": region, "VSwitchId": vsw}, vpcTagIgnored...)
		for path, want := range map[string]any{
			"VSwitchName": "web", "Description": "web tier", "VpcId": vpc, "ZoneId": zoneB, "CidrBlock": "10.1.0.0/24",
			"Status": "Available", "IsDefault": false, "EnabledIpv6": true, "AvailableIpAddressCount": int64(252),
			"RouteTable.RouteTableId": "vtb-" + suffix, "RouteTable.RouteTableType": "System", "Tags.Tag.0.Key": "tier",
		} {
			if got := pick(t, va, path); got != want {
				t.Errorf("DescribeVSwitchAttributes %s = %v, want %v", path, got, want)
			}
		}
		v6 := netip.MustParsePrefix(str(t, va, "Ipv6CidrBlock"))
		if v6.Bits() != 64 || !block.Contains(v6.Addr()) || v6.Addr().As16()[7] != 3 {
			t.Errorf("vSwitch IPv6 block %s, want /64 number 3 of %s", v6, block)
		}

		mustCall(t, s, productVPC, "ModifyVpcAttribute", wire{"RegionId": region, "VpcId": vpc, "VpcName": "renamed", "Description": "new words", "EnableDnsHostname": false})
		mustCall(t, s, productVPC, "ModifyVSwitchAttribute", wire{"RegionId": region, "VSwitchId": vsw, "VSwitchName": "web2", "EnableIPv6": false})
		attr = mustCall(t, s, productVPC, "DescribeVpcAttribute", wire{"RegionId": region, "VpcId": vpc}, vpcTagIgnored...)
		if str(t, attr, "VpcName") != "renamed" || str(t, attr, "Description") != "new words" || str(t, attr, "DnsHostnameStatus") != "DISABLED" {
			t.Errorf("after ModifyVpcAttribute: name %q description %q DNS %q", str(t, attr, "VpcName"), str(t, attr, "Description"), str(t, attr, "DnsHostnameStatus"))
		}
		va = mustCall(t, s, productVPC, "DescribeVSwitchAttributes", wire{"RegionId": region, "VSwitchId": vsw}, vpcTagIgnored...)
		if str(t, va, "VSwitchName") != "web2" || boolean(t, va, "EnabledIpv6") || str(t, va, "Ipv6CidrBlock") != "" {
			t.Errorf("after ModifyVSwitchAttribute: %+v", va)
		}
		callErr(t, s, productVPC, "ModifyVpcAttribute", wire{"RegionId": region, "VpcId": vpc, "CidrBlock": "172.16.0.0/12"}, "InvalidParameter", 400)

		callErr(t, s, productVPC, "DeleteVpc", wire{"RegionId": region, "VpcId": vpc}, "DependencyViolation.VSwitch", 400)
		mustCall(t, s, productVPC, "DeleteVSwitch", wire{"RegionId": region, "VSwitchId": vsw})
		callErr(t, s, productVPC, "DescribeVSwitchAttributes", wire{"RegionId": region, "VSwitchId": vsw}, "InvalidVSwitchId.NotFound", 404)
		mustCall(t, s, productVPC, "DeleteVpc", wire{"RegionId": region, "VpcId": vpc})
		callErr(t, s, productVPC, "DescribeVpcAttribute", wire{"RegionId": region, "VpcId": vpc}, "InvalidVpcId.NotFound", 404)
	})
}

func TestDescribeVpcsFiltersAndPages(t *testing.T) {
	eachResourceSDK(t, func(t *testing.T, env *apptest.Env, s sdk) {
		var ids []string
		for i, cidr := range []string{"10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/16"} {
			p := wire{"CidrBlock": cidr, "VpcName": []string{"a", "b", "a"}[i]}
			if i == 1 {
				p["Tag"] = []wire{{"Key": "team", "Value": "red"}}
			}
			ids = append(ids, createVpc(t, env, s, p))
		}
		createVpc(t, env, sdkInRegion(t, env, s, "cn-shanghai"), wire{"RegionId": "cn-shanghai"})
		list := func(p wire) []string {
			t.Helper()
			p["RegionId"] = region
			resp := mustCall(t, s, productVPC, "DescribeVpcs", p, prefixed("Vpcs.Vpc[].", vpcTagIgnored)...)
			var got []string
			for i := 0; i < count(t, resp, "Vpcs.Vpc"); i++ {
				got = append(got, str(t, resp, "Vpcs.Vpc."+strconv.Itoa(i)+".VpcId"))
			}
			return got
		}
		if got := list(wire{}); !slices.Equal(got, ids) {
			t.Fatalf("all Hangzhou VPCs: %v, want %v", got, ids)
		}
		if got := list(wire{"VpcName": "a"}); !slices.Equal(got, []string{ids[0], ids[2]}) {
			t.Errorf("VpcName a: %v", got)
		}
		if got := list(wire{"VpcId": ids[2] + "," + ids[0]}); !slices.Equal(got, []string{ids[0], ids[2]}) {
			t.Errorf("VpcId list: %v", got)
		}
		if got := list(wire{"Tag": []wire{{"Key": "team", "Value": "red"}}}); !slices.Equal(got, []string{ids[1]}) {
			t.Errorf("tag filter: %v", got)
		}
		if got := list(wire{"PageSize": 2, "PageNumber": 2}); !slices.Equal(got, []string{ids[2]}) {
			t.Errorf("page 2 of 2: %v", got)
		}
		callErr(t, s, productVPC, "DescribeVpcs", wire{"RegionId": region, "PageSize": 51}, "InvalidParameter", 400)
	})
}

// sdkInRegion is s's kind of SDK with another client region.
func sdkInRegion(t *testing.T, env *apptest.Env, s sdk, r string) sdk {
	for _, other := range resourceSDKs(t, env, r, apptest.AccessKeyID, apptest.AccessKeySecret) {
		if other.name == s.name {
			return other
		}
	}
	t.Fatalf("no SDK %s", s.name)
	return sdk{}
}

func TestDefaultVpcAndVSwitch(t *testing.T) {
	eachResourceSDK(t, func(t *testing.T, env *apptest.Env, s sdk) {
		callErr(t, s, productVPC, "CreateDefaultVSwitch", wire{"RegionId": region, "ZoneId": zoneB}, "OperationFailed.DefaultVpcNotExist", 400)
		made := mustCall(t, s, productVPC, "CreateDefaultVpc", wire{"RegionId": region, "ResourceGroupId": "rg-default"})
		vpc := str(t, made, "VpcId")
		if str(t, made, "RouteTableId") != routeTableOf(vpc) || str(t, made, "VRouterId") != "vrt-"+strings.TrimPrefix(vpc, "vpc-") {
			t.Fatalf("CreateDefaultVpc answered %+v", made)
		}
		callErr(t, s, productVPC, "CreateDefaultVpc", wire{"RegionId": region}, "OperationFailed.DefaultVpcExist", 400)
		env.Clock.Advance(delay)
		attr := mustCall(t, s, productVPC, "DescribeVpcAttribute", wire{"RegionId": region, "VpcId": vpc, "IsDefault": true}, vpcTagIgnored...)
		if !boolean(t, attr, "IsDefault") || str(t, attr, "CidrBlock") != "172.16.0.0/12" || str(t, attr, "ResourceGroupId") != "rg-default" {
			t.Fatalf("the default VPC: default %v, block %s, group %s", boolean(t, attr, "IsDefault"), str(t, attr, "CidrBlock"), str(t, attr, "ResourceGroupId"))
		}
		vsw := str(t, mustCall(t, s, productVPC, "CreateDefaultVSwitch", wire{"RegionId": region, "ZoneId": zoneB}), "VSwitchId")
		callErr(t, s, productVPC, "CreateDefaultVSwitch", wire{"RegionId": region, "ZoneId": zoneB}, "OperationFailed.DefaultVSwitchExist", 400)
		other := str(t, mustCall(t, s, productVPC, "CreateDefaultVSwitch", wire{"RegionId": region, "ZoneId": zoneG}), "VSwitchId")
		env.Clock.Advance(delay)
		list := mustCall(t, s, productVPC, "DescribeVSwitches", wire{"RegionId": region, "IsDefault": true}, prefixed("VSwitches.VSwitch[].", vpcTagIgnored)...)
		for path, want := range map[string]any{
			"TotalCount": int64(2), "VSwitches.VSwitch.0.VSwitchId": vsw, "VSwitches.VSwitch.0.CidrBlock": "172.16.0.0/20",
			"VSwitches.VSwitch.0.IsDefault": true, "VSwitches.VSwitch.1.VSwitchId": other, "VSwitches.VSwitch.1.CidrBlock": "172.16.16.0/20",
			"VSwitches.VSwitch.1.ZoneId": zoneG,
		} {
			if got := pick(t, list, path); got != want {
				t.Errorf("default vSwitches %s = %#v, want %#v", path, got, want)
			}
		}
		if n := num(t, mustCall(t, s, productVPC, "DescribeVpcs", wire{"RegionId": region, "IsDefault": false}, prefixed("Vpcs.Vpc[].", vpcTagIgnored)...), "TotalCount"); n != 0 {
			t.Errorf("%d non-default VPCs", n)
		}
	})
}

func routeTableOf(vpc string) string { return "vtb-" + strings.TrimPrefix(vpc, "vpc-") }

func TestVpcSettingsAndRouteTable(t *testing.T) {
	eachResourceSDK(t, func(t *testing.T, env *apptest.Env, s sdk) {
		vpc := createVpc(t, env, s, wire{"CidrBlock": "192.168.0.0/16"})
		vsw := createVSwitch(t, env, s, vpc, zoneB, "192.168.1.0/24", nil)
		mustCall(t, s, productVPC, "EnableVpcClassicLink", wire{"RegionId": region, "VpcId": vpc})
		added := mustCall(t, s, productVPC, "AssociateVpcCidrBlock", wire{"RegionId": region, "VpcId": vpc, "SecondaryCidrBlock": "10.8.0.0/16"})
		if s.name == "tea" && str(t, added, "CidrBlock") != "10.8.0.0/16" {
			t.Errorf("AssociateVpcCidrBlock answered %+v", added)
		}
		callErr(t, s, productVPC, "AssociateVpcCidrBlock", wire{"RegionId": region, "VpcId": vpc, "SecondaryCidrBlock": "192.168.128.0/17"}, "InvalidCidrBlock.Overlapped", 400)
		attr := mustCall(t, s, productVPC, "DescribeVpcAttribute", wire{"RegionId": region, "VpcId": vpc}, vpcTagIgnored...)
		if !boolean(t, attr, "ClassicLinkEnabled") || str(t, attr, "SecondaryCidrBlocks.SecondaryCidrBlock.0") != "10.8.0.0/16" {
			t.Errorf("ClassicLink %v, secondary blocks %v", boolean(t, attr, "ClassicLinkEnabled"), pick(t, attr, "SecondaryCidrBlocks.SecondaryCidrBlock"))
		}
		mustCall(t, s, productVPC, "DisableVpcClassicLink", wire{"RegionId": region, "VpcId": vpc})
		mustCall(t, s, productVPC, "UnassociateVpcCidrBlock", wire{"RegionId": region, "VpcId": vpc, "SecondaryCidrBlock": "10.8.0.0/16"})
		callErr(t, s, productVPC, "UnassociateVpcCidrBlock", wire{"RegionId": region, "VpcId": vpc, "SecondaryCidrBlock": "10.8.0.0/16"}, "InvalidCidrBlock.NotFound", 404)
		attr = mustCall(t, s, productVPC, "DescribeVpcAttribute", wire{"RegionId": region, "VpcId": vpc}, vpcTagIgnored...)
		if boolean(t, attr, "ClassicLinkEnabled") || count(t, attr, "SecondaryCidrBlocks.SecondaryCidrBlock") != 0 {
			t.Errorf("after disabling and unassociating: ClassicLink %v, blocks %v", boolean(t, attr, "ClassicLinkEnabled"), pick(t, attr, "SecondaryCidrBlocks.SecondaryCidrBlock"))
		}

		table := routeTableOf(vpc)
		mustCall(t, s, productVPC, "ModifyRouteTableAttributes", wire{"RegionId": region, "RouteTableId": table,
			"RouteTableName": "main-routes", "Description": "system routes", "RoutePropagationEnable": false})
		ignored := prefixed("RouterTableList.RouterTableListType[].", vpcTagIgnored)
		list := mustCall(t, s, productVPC, "DescribeRouteTableList", wire{"RegionId": region, "VpcId": vpc}, ignored...)
		for path, want := range map[string]any{
			"TotalCount": int64(1), "RouterTableList.RouterTableListType.0.RouteTableId": table,
			"RouterTableList.RouterTableListType.0.RouteTableType": "System", "RouterTableList.RouterTableListType.0.VpcId": vpc,
			"RouterTableList.RouterTableListType.0.RouteTableName": "main-routes", "RouterTableList.RouterTableListType.0.Description": "system routes",
			"RouterTableList.RouterTableListType.0.RoutePropagationEnable": false, "RouterTableList.RouterTableListType.0.RouterType": "VRouter",
			"RouterTableList.RouterTableListType.0.RouterId":               "vrt-" + strings.TrimPrefix(vpc, "vpc-"),
			"RouterTableList.RouterTableListType.0.VSwitchIds.VSwitchId.0": vsw, "RouterTableList.RouterTableListType.0.Status": "Available",
		} {
			if got := pick(t, list, path); got != want {
				t.Errorf("DescribeRouteTableList %s = %#v, want %#v", path, got, want)
			}
		}
		for _, p := range []wire{{"RouteTableType": "Custom"}, {"RouteTableName": "other"}, {"RouterType": "VBR"}} {
			p["RegionId"] = region
			if n := num(t, mustCall(t, s, productVPC, "DescribeRouteTableList", p, ignored...), "TotalCount"); n != 0 {
				t.Errorf("DescribeRouteTableList %v found %d", p, n)
			}
		}
		callErr(t, s, productVPC, "ModifyRouteTableAttributes", wire{"RegionId": region, "RouteTableId": "vtb-bp000000000000000000", "RouteTableName": "x"},
			"InvalidRouteTableId.NotFound", 404)
	})
}
