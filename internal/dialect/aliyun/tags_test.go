package aliyun_test

import (
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
)

// describeTagsIgnored are the VPC spellings of the classic SDK's shared
// tag struct.
var describeTagsIgnored = []string{"Tags.Tag[].Key", "Tags.Tag[].Value"}

// tagRows reads ListTagResources' rows as "resource:key=value".
func tagRows(t *testing.T, resp any) []string {
	t.Helper()
	var out []string
	for i := 0; i < count(t, resp, "TagResources.TagResource"); i++ {
		p := "TagResources.TagResource." + strconv.Itoa(i) + "."
		out = append(out, str(t, resp, p+"ResourceId")+":"+str(t, resp, p+"TagKey")+"="+str(t, resp, p+"TagValue"))
	}
	return out
}

func TestECSTags(t *testing.T) {
	eachResourceSDK(t, func(t *testing.T, env *apptest.Env, s sdk) {
		vpc := createVpc(t, env, s, nil)
		vsw := createVSwitch(t, env, s, vpc, zoneB, "10.0.0.0/24", nil)
		sg := createGroup(t, s, vpc, nil)
		disk := createDisk(t, env, s, nil)
		mustCall(t, s, productECS, "CreateKeyPair", wire{"RegionId": region, "KeyPairName": "tagged"})
		instance := launchInto(t, env, vsw, sg)

		tag := func(typ string, ids []string, kv ...string) {
			t.Helper()
			var ts []wire
			for i := 0; i+1 < len(kv); i += 2 {
				ts = append(ts, wire{"Key": kv[i], "Value": kv[i+1]})
			}
			mustCall(t, s, productECS, "TagResources", wire{"RegionId": region, "ResourceType": typ, "ResourceId": ids, "Tag": ts})
		}
		tag("disk", []string{disk}, "env", "prod", "team", "red")
		tag("securitygroup", []string{sg}, "env", "prod")
		tag("keypair", []string{"tagged"}, "env", "dev")
		tag("instance", []string{instance}, "env", "prod")
		tag("disk", []string{disk}, "team", "blue") // a new value replaces the old

		list := func(p wire) []string {
			t.Helper()
			p["RegionId"] = region
			return tagRows(t, mustCall(t, s, productECS, "ListTagResources", p))
		}
		if got := list(wire{"ResourceType": "disk", "ResourceId": []string{disk}}); !slices.Equal(got, []string{disk + ":env=prod", disk + ":team=blue"}) {
			t.Errorf("the disk's tags: %v", got)
		}
		if got := list(wire{"ResourceType": "keypair", "ResourceId": []string{"tagged"}}); !slices.Equal(got, []string{"tagged:env=dev"}) {
			t.Errorf("the key pair's tags, named by its name: %v", got)
		}
		if got := list(wire{"ResourceType": "securitygroup", "Tag": []wire{{"Key": "env", "Value": "prod"}}}); !slices.Equal(got, []string{sg + ":env=prod"}) {
			t.Errorf("security groups tagged env=prod: %v", got)
		}
		if got := list(wire{"ResourceType": "disk", "TagFilter": []wire{{"TagKey": "team", "TagValues": []string{"bl*"}}}}); len(got) != 2 {
			t.Errorf("disks with team=bl*: %v", got)
		}
		if got := list(wire{"ResourceType": "snapshot", "ResourceId": []string{"s-none"}}); len(got) != 0 {
			t.Errorf("snapshots, which ecsd has none of: %v", got)
		}

		tags := mustCall(t, s, productECS, "DescribeTags", wire{"RegionId": region}, describeTagsIgnored...)
		if n := num(t, tags, "TotalCount"); n != 3 {
			t.Fatalf("DescribeTags found %d distinct tags, want 3: env=prod, team=blue, env=dev", n)
		}
		for path, want := range map[string]any{
			"Tags.Tag.0.TagKey": "env", "Tags.Tag.0.TagValue": "prod",
			"Tags.Tag.0.ResourceTypeCount.Instance": int64(1), "Tags.Tag.0.ResourceTypeCount.Disk": int64(1),
			"Tags.Tag.0.ResourceTypeCount.Securitygroup": int64(1), "Tags.Tag.0.ResourceTypeCount.KeyPair": int64(0),
		} {
			if got := pick(t, tags, path); got != want {
				t.Errorf("DescribeTags %s = %#v, want %#v", path, got, want)
			}
		}
		one := mustCall(t, s, productECS, "DescribeTags", wire{"RegionId": region, "ResourceType": "keypair", "ResourceId": "tagged"}, describeTagsIgnored...)
		if num(t, one, "TotalCount") != 1 || str(t, one, "Tags.Tag.0.TagValue") != "dev" || num(t, one, "Tags.Tag.0.ResourceTypeCount.KeyPair") != 1 {
			t.Errorf("the key pair's DescribeTags: %+v", one)
		}
		if n := num(t, mustCall(t, s, productECS, "DescribeTags", wire{"RegionId": region, "ResourceType": "image", "ResourceId": image}, describeTagsIgnored...), "TotalCount"); n != 0 {
			t.Errorf("a public image has %d tags", n)
		}

		mustCall(t, s, productECS, "UntagResources", wire{"RegionId": region, "ResourceType": "disk", "ResourceId": []string{disk}, "TagKey": []string{"team", "absent"}})
		mustCall(t, s, productECS, "UntagResources", wire{"RegionId": region, "ResourceType": "instance", "ResourceId": []string{instance}, "All": true})
		if got := list(wire{"ResourceType": "disk", "ResourceId": []string{disk}}); !slices.Equal(got, []string{disk + ":env=prod"}) {
			t.Errorf("after untagging team: %v", got)
		}
		if got := list(wire{"ResourceType": "instance", "ResourceId": []string{instance}}); len(got) != 0 {
			t.Errorf("after untagging all: %v", got)
		}

		for typ, id := range map[string]string{"disk": disk, "securitygroup": sg, "keypair": "tagged", "instance": instance} {
			mustCall(t, s, productECS, "JoinResourceGroup", wire{"RegionId": region, "ResourceType": typ, "ResourceId": id, "ResourceGroupId": "rg-moved"})
		}
		if got := str(t, describeDisks(t, s, wire{"DiskIds": jsonIDs(disk)}), "Disks.Disk.0.ResourceGroupId"); got != "rg-moved" {
			t.Errorf("the disk's group after JoinResourceGroup: %q", got)
		}
		if got := str(t, describeKeyPairs(t, s, wire{"KeyPairName": "tagged"}), "KeyPairs.KeyPair.0.ResourceGroupId"); got != "rg-moved" {
			t.Errorf("the key pair's group: %q", got)
		}

		callErr(t, s, productECS, "TagResources", wire{"RegionId": region, "ResourceType": "rocket", "ResourceId": []string{disk},
			"Tag": []wire{{"Key": "a", "Value": "b"}}}, "InvalidResourceType.NotFound", 404)
		callErr(t, s, productECS, "TagResources", wire{"RegionId": region, "ResourceType": "disk", "ResourceId": []string{"d-bp000000000000000000"},
			"Tag": []wire{{"Key": "a", "Value": "b"}}}, "InvalidResourceId.NotFound", 404)
		var many []wire
		for i := range 20 {
			many = append(many, wire{"Key": fmt.Sprintf("k%d", i), "Value": "v"})
		}
		callErr(t, s, productECS, "TagResources", wire{"RegionId": region, "ResourceType": "disk", "ResourceId": []string{disk}, "Tag": many},
			"OperationDenied.QuotaExceed", 400)
		callErr(t, s, productECS, "JoinResourceGroup", wire{"RegionId": region, "ResourceType": "disk", "ResourceId": "d-bp000000000000000000",
			"ResourceGroupId": "rg-x"}, "InvalidResourceId.NotFound", 404)
	})
}

func TestVPCTags(t *testing.T) {
	eachResourceSDK(t, func(t *testing.T, env *apptest.Env, s sdk) {
		var vpcs []string
		for i := range 3 {
			vpcs = append(vpcs, createVpc(t, env, s, wire{"CidrBlock": fmt.Sprintf("10.%d.0.0/16", i)}))
		}
		vsw := createVSwitch(t, env, s, vpcs[0], zoneB, "10.0.0.0/24", nil)
		mustCall(t, s, productVPC, "TagResources", wire{"RegionId": region, "ResourceType": "VPC", "ResourceId": vpcs,
			"Tag": []wire{{"Key": "env", "Value": "prod"}, {"Key": "app", "Value": "web"}}})
		mustCall(t, s, productVPC, "TagResources", wire{"RegionId": region, "ResourceType": "VSWITCH", "ResourceId": []string{vsw},
			"Tag": []wire{{"Key": "env", "Value": "prod"}}})
		mustCall(t, s, productVPC, "UnTagResources", wire{"RegionId": region, "ResourceType": "VPC", "ResourceId": []string{vpcs[1]}, "TagKey": []string{"app"}})

		first := mustCall(t, s, productVPC, "ListTagResources", wire{"RegionId": region, "ResourceType": "VPC",
			"Tag": []wire{{"Key": "env", "Value": "prod"}}, "MaxResults": 4})
		rows := tagRows(t, first)
		token := str(t, first, "NextToken")
		if len(rows) != 4 || token == "" {
			t.Fatalf("first page: %v, NextToken %q", rows, token)
		}
		rest := mustCall(t, s, productVPC, "ListTagResources", wire{"RegionId": region, "ResourceType": "VPC",
			"Tag": []wire{{"Key": "env", "Value": "prod"}}, "MaxResults": 4, "NextToken": token})
		rows = append(rows, tagRows(t, rest)...)
		want := []string{vpcs[0] + ":env=prod", vpcs[0] + ":app=web", vpcs[1] + ":env=prod", vpcs[2] + ":env=prod", vpcs[2] + ":app=web"}
		if !slices.Equal(rows, want) || str(t, rest, "NextToken") != "" {
			t.Fatalf("all rows: %v, want %v", rows, want)
		}
		if str(t, first, "TagResources.TagResource.0.ResourceType") != "VPC" {
			t.Errorf("ResourceType %q, want VPC", str(t, first, "TagResources.TagResource.0.ResourceType"))
		}
		sw := mustCall(t, s, productVPC, "ListTagResources", wire{"RegionId": region, "ResourceType": "VSWITCH", "ResourceId": []string{vsw}})
		if got := tagRows(t, sw); !slices.Equal(got, []string{vsw + ":env=prod"}) {
			t.Errorf("the vSwitch's tags: %v", got)
		}

		mustCall(t, s, productVPC, "MoveResourceGroup", wire{"RegionId": region, "ResourceType": "VPC", "ResourceId": vpcs[0], "NewResourceGroupId": "rg-net"})
		mustCall(t, s, productVPC, "MoveResourceGroup", wire{"RegionId": region, "ResourceType": "vswitch", "ResourceId": vsw, "NewResourceGroupId": "rg-net"})
		attr := mustCall(t, s, productVPC, "DescribeVpcAttribute", wire{"RegionId": region, "VpcId": vpcs[0]}, vpcTagIgnored...)
		if str(t, attr, "ResourceGroupId") != "rg-net" {
			t.Errorf("the VPC's group after MoveResourceGroup: %q", str(t, attr, "ResourceGroupId"))
		}
		table := mustCall(t, s, productVPC, "DescribeRouteTableList", wire{"RegionId": region, "VpcId": vpcs[0]},
			prefixed("RouterTableList.RouterTableListType[].", vpcTagIgnored)...)
		if str(t, table, "RouterTableList.RouterTableListType.0.ResourceGroupId") != "rg-net" {
			t.Errorf("the route table follows its VPC's group: %q", str(t, table, "RouterTableList.RouterTableListType.0.ResourceGroupId"))
		}
		callErr(t, s, productVPC, "TagResources", wire{"RegionId": region, "ResourceType": "EIP", "ResourceId": []string{"eip-1"},
			"Tag": []wire{{"Key": "a", "Value": "b"}}}, "InvalidResourceId.NotFound", 404)
		callErr(t, s, productVPC, "MoveResourceGroup", wire{"RegionId": region, "ResourceType": "VPC", "ResourceId": vpcs[0], "NewResourceGroupId": "not a group"},
			"InvalidResourceGroup.NotFound", 404)
	})
}
