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
