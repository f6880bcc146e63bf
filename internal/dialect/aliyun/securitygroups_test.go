package aliyun_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/compute"
)

// ecsTagIgnored are fields of the classic SDK's ECS tag struct that only
// other answers fill: the struct is shared with the VPC API's tags and
// with DescribeTags.
var ecsTagIgnored = []string{"Tags.Tag[].Key", "Tags.Tag[].Value", "Tags.Tag[].ResourceTypeCount"}

// launchInto starts one instance in a vSwitch and security groups through
// the core, as RunInstances would, and lets it settle Running.
func launchInto(t *testing.T, env *apptest.Env, vswitch string, groups ...string) string {
	t.Helper()
	ids := make([]compute.SecurityGroupID, len(groups))
	for i, g := range groups {
		ids[i] = compute.SecurityGroupID(g)
	}
	insts, err := env.App.Service.Launch(context.Background(), compute.LaunchSpec{
		Owner: compute.Owner{Account: env.Key.Account, Cloud: compute.CloudAliyun}, Region: region, Count: 1,
		ImageID: image, InstanceType: itype, Subnet: compute.SubnetID(vswitch), SecurityGroups: ids,
		Boot: compute.BootStaged,
	})
	if err != nil {
		t.Fatalf("launching into %s: %v", vswitch, err)
	}
	settle(env)
	return string(insts[0].ID)
}

// terminate deletes an instance through the core, as DeleteInstance with
// Force would, and lets it go.
func terminate(t *testing.T, env *apptest.Env, instance string) {
	t.Helper()
	if _, err := env.App.Service.Act(context.Background(), compute.OpTerminate, compute.Selection{
		Owner: compute.Owner{Account: env.Key.Account, Cloud: compute.CloudAliyun}, IDs: []compute.InstanceID{compute.InstanceID(instance)},
	}, compute.ActOptions{Force: true}); err != nil {
		t.Fatal(err)
	}
	settle(env)
}

func createGroup(t *testing.T, s sdk, vpc string, p wire) string {
	t.Helper()
	base := wire{"RegionId": region, "VpcId": vpc}
	for k, v := range p {
		base[k] = v
	}
	return str(t, mustCall(t, s, productECS, "CreateSecurityGroup", base), "SecurityGroupId")
}

func permissions(t *testing.T, s sdk, group string, p wire) any {
	t.Helper()
	base := wire{"RegionId": region, "SecurityGroupId": group}
	for k, v := range p {
		base[k] = v
	}
	return mustCall(t, s, productECS, "DescribeSecurityGroupAttribute", base)
}

func TestSecurityGroupLifecycle(t *testing.T) {
	eachResourceSDK(t, func(t *testing.T, env *apptest.Env, s sdk) {
		vpc := createVpc(t, env, s, nil)
		callErr(t, s, productECS, "CreateSecurityGroup", wire{"RegionId": region, "SecurityGroupName": "nowhere"}, "InvalidVpcId.NotFound", 403)
		sg := createGroup(t, s, vpc, wire{"SecurityGroupName": "web", "Description": "web servers", "SecurityGroupType": "normal",
			"ResourceGroupId": "rg-web", "ClientToken": "sg-token", "Tag": []wire{{"Key": "team", "Value": "blue"}}})
		if !strings.HasPrefix(sg, "sg-bp") || len(sg) != 23 {
			t.Fatalf("SecurityGroupId %q is not sg-bp + 18", sg)
		}
		if again := createGroup(t, s, vpc, wire{"SecurityGroupName": "web", "ClientToken": "sg-token"}); again != sg {
			t.Fatalf("a repeated ClientToken made %s, want %s", again, sg)
		}
		peer := createGroup(t, s, vpc, wire{"SecurityGroupName": "db"})

		mustCall(t, s, productECS, "AuthorizeSecurityGroup", wire{"RegionId": region, "SecurityGroupId": sg, "Permissions": []wire{
			{"IpProtocol": "tcp", "PortRange": "22/22", "SourceCidrIp": "0.0.0.0/0", "Policy": "accept", "Priority": "1", "NicType": "intranet", "Description": "ssh"},
			{"IpProtocol": "icmpv6", "PortRange": "-1/-1", "Ipv6SourceCidrIp": "2001:0DB8::/32", "Priority": "2"},
		}})
		mustCall(t, s, productECS, "AuthorizeSecurityGroup", wire{"RegionId": region, "SecurityGroupId": sg, "IpProtocol": "udp",
			"PortRange": "53/53", "SourcePortRange": "1024/65535", "SourceCidrIp": "10.0.0.1", "DestCidrIp": "10.1.0.0/24", "Policy": "Drop", "Priority": "5"})
		mustCall(t, s, productECS, "AuthorizeSecurityGroupEgress", wire{"RegionId": region, "SecurityGroupId": sg, "Permissions": []wire{
			{"IpProtocol": "tcp", "PortRange": "3306/3306", "DestGroupId": peer, "Description": "to the database"},
		}})
		callErr(t, s, productECS, "AuthorizeSecurityGroup", wire{"RegionId": region, "SecurityGroupId": sg, "Permissions": []wire{
			{"IpProtocol": "TCP", "PortRange": "22/22", "SourceCidrIp": "0.0.0.0/0", "Description": "same rule, other words"},
		}}, "InvalidPermission.Duplicate", 400)

		attr := permissions(t, s, sg, nil)
		if n := count(t, attr, "Permissions.Permission"); n != 4 {
			t.Fatalf("%d rules, want 4", n)
		}
		for path, want := range map[string]any{
			"SecurityGroupId": sg, "SecurityGroupName": "web", "Description": "web servers", "VpcId": vpc,
			"InnerAccessPolicy": "Accept", "RegionId": region,
			"Permissions.Permission.0.IpProtocol": "TCP", "Permissions.Permission.0.PortRange": "22/22",
			"Permissions.Permission.0.SourceCidrIp": "0.0.0.0/0", "Permissions.Permission.0.Policy": "Accept",
			"Permissions.Permission.0.Priority": "1", "Permissions.Permission.0.Direction": "ingress",
			"Permissions.Permission.0.NicType": "intranet", "Permissions.Permission.0.Description": "ssh",
			"Permissions.Permission.0.SourceGroupId": "", "Permissions.Permission.0.SourceGroupOwnerAccount": "",
			"Permissions.Permission.0.Ipv6SourceCidrIp": "",
			"Permissions.Permission.1.IpProtocol":       "ICMPv6", "Permissions.Permission.1.Ipv6SourceCidrIp": "2001:db8::/32",
			"Permissions.Permission.1.SourceCidrIp": "", "Permissions.Permission.1.Priority": "2",
			"Permissions.Permission.2.IpProtocol": "UDP", "Permissions.Permission.2.SourceCidrIp": "10.0.0.1",
			"Permissions.Permission.2.SourcePortRange": "1024/65535", "Permissions.Permission.2.DestCidrIp": "10.1.0.0/24",
			"Permissions.Permission.2.Policy": "Drop", "Permissions.Permission.2.Priority": "5",
			"Permissions.Permission.3.Direction": "egress", "Permissions.Permission.3.DestGroupId": peer,
			"Permissions.Permission.3.DestGroupName": "db", "Permissions.Permission.3.Policy": "Accept",
		} {
			if got := pick(t, attr, path); got != want {
				t.Errorf("DescribeSecurityGroupAttribute %s = %#v, want %#v", path, got, want)
			}
		}
		ruleID := str(t, attr, "Permissions.Permission.0.SecurityGroupRuleId")
		if !strings.HasPrefix(ruleID, "sgr-") || str(t, attr, "Permissions.Permission.0.CreateTime") == "" {
			t.Errorf("rule ID %q and CreateTime %q: want sgr-... and a time", ruleID, str(t, attr, "Permissions.Permission.0.CreateTime"))
		}
		if n := count(t, permissions(t, s, sg, wire{"Direction": "egress"}), "Permissions.Permission"); n != 1 {
			t.Errorf("egress rules: %d, want 1", n)
		}
		// The provider reads with NicType set to "<nil>" when its rule has none.
		if n := count(t, permissions(t, s, sg, wire{"Direction": "ingress", "NicType": "<nil>"}), "Permissions.Permission"); n != 3 {
			t.Errorf("ingress rules with NicType <nil>: %d, want 3", n)
		}
		if s.name == "classic" { // the Tea SDK's request has no MaxResults
			paged := permissions(t, s, sg, wire{"MaxResults": 10})
			if str(t, paged, "NextToken") != "" || count(t, paged, "Permissions.Permission") != 4 {
				t.Errorf("MaxResults 10 of 4: NextToken %q, %d rules", str(t, paged, "NextToken"), count(t, paged, "Permissions.Permission"))
			}
		}

		groups := mustCall(t, s, productECS, "DescribeSecurityGroups", wire{"RegionId": region, "SecurityGroupId": sg},
			prefixed("SecurityGroups.SecurityGroup[].", ecsTagIgnored)...)
		for path, want := range map[string]any{
			"TotalCount": int64(1), "SecurityGroups.SecurityGroup.0.SecurityGroupId": sg,
			"SecurityGroups.SecurityGroup.0.SecurityGroupName": "web", "SecurityGroups.SecurityGroup.0.SecurityGroupType": "normal",
			"SecurityGroups.SecurityGroup.0.VpcId": vpc, "SecurityGroups.SecurityGroup.0.ResourceGroupId": "rg-web",
			"SecurityGroups.SecurityGroup.0.EcsCount": int64(0), "SecurityGroups.SecurityGroup.0.AvailableInstanceAmount": int64(2000),
			"SecurityGroups.SecurityGroup.0.Tags.Tag.0.TagKey": "team", "SecurityGroups.SecurityGroup.0.Tags.Tag.0.TagValue": "blue",
			"SecurityGroups.SecurityGroup.0.ServiceManaged": false,
		} {
			if got := pick(t, groups, path); got != want {
				t.Errorf("DescribeSecurityGroups %s = %#v, want %#v", path, got, want)
			}
		}

		// Modify by ID: any part; by the rule's parts: its description.
		mustCall(t, s, productECS, "ModifySecurityGroupRule", wire{"RegionId": region, "SecurityGroupId": sg, "SecurityGroupRuleId": ruleID,
			"PortRange": "2222/2222", "Description": "ssh moved"})
		mustCall(t, s, productECS, "ModifySecurityGroupRule", wire{"RegionId": region, "SecurityGroupId": sg, "IpProtocol": "udp",
			"PortRange": "53/53", "SourcePortRange": "1024/65535", "SourceCidrIp": "10.0.0.1", "DestCidrIp": "10.1.0.0/24",
			"Policy": "drop", "Priority": "5", "Description": "dns"})
		mustCall(t, s, productECS, "ModifySecurityGroupEgressRule", wire{"RegionId": region, "SecurityGroupId": sg, "IpProtocol": "tcp",
			"PortRange": "3306/3306", "DestGroupId": peer, "Description": "db"})
		callErr(t, s, productECS, "ModifySecurityGroupRule", wire{"RegionId": region, "SecurityGroupId": sg, "IpProtocol": "tcp",
			"PortRange": "80/80", "SourceCidrIp": "0.0.0.0/0", "Description": "x"}, "SecurityGroupRule.NotFound", 404)
		attr = permissions(t, s, sg, nil)
		for path, want := range map[string]any{
			"Permissions.Permission.0.PortRange": "2222/2222", "Permissions.Permission.0.Description": "ssh moved",
			"Permissions.Permission.0.SecurityGroupRuleId": ruleID, "Permissions.Permission.2.Description": "dns",
			"Permissions.Permission.3.Description": "db",
		} {
			if got := pick(t, attr, path); got != want {
				t.Errorf("after the modifications %s = %#v, want %#v", path, got, want)
			}
		}

		mustCall(t, s, productECS, "ModifySecurityGroupPolicy", wire{"RegionId": region, "SecurityGroupId": sg, "InnerAccessPolicy": "drop"})
		mustCall(t, s, productECS, "ModifySecurityGroupAttribute", wire{"RegionId": region, "SecurityGroupId": sg, "SecurityGroupName": "web2", "Description": "renamed"})
		attr = permissions(t, s, sg, nil)
		if str(t, attr, "InnerAccessPolicy") != "Drop" || str(t, attr, "SecurityGroupName") != "web2" || str(t, attr, "Description") != "renamed" {
			t.Errorf("after the policy and attribute changes: %q %q %q", str(t, attr, "InnerAccessPolicy"), str(t, attr, "SecurityGroupName"), str(t, attr, "Description"))
		}

		// The peer cannot go while a rule names it.
		callErr(t, s, productECS, "DeleteSecurityGroup", wire{"RegionId": region, "SecurityGroupId": peer}, "DependencyViolation", 403)
		// Revoke by ID, by parts, and by parts that match nothing.
		mustCall(t, s, productECS, "RevokeSecurityGroup", wire{"RegionId": region, "SecurityGroupId": sg, "SecurityGroupRuleId": []string{ruleID}})
		callErr(t, s, productECS, "RevokeSecurityGroup", wire{"RegionId": region, "SecurityGroupId": sg, "SecurityGroupRuleId": []string{ruleID}},
			"InvalidParam.SecurityGroupRuleId", 400)
		mustCall(t, s, productECS, "RevokeSecurityGroupEgress", wire{"RegionId": region, "SecurityGroupId": sg, "IpProtocol": "tcp",
			"PortRange": "3306/3306", "DestGroupId": peer, "Policy": "accept", "Priority": "1"})
		mustCall(t, s, productECS, "RevokeSecurityGroup", wire{"RegionId": region, "SecurityGroupId": sg, "Permissions": []wire{
			{"IpProtocol": "tcp", "PortRange": "8080/8080", "SourceCidrIp": "1.2.3.4/32"},
		}})
		if n := count(t, permissions(t, s, sg, nil), "Permissions.Permission"); n != 2 {
			t.Fatalf("%d rules after revoking two, want 2", n)
		}

		vsw := createVSwitch(t, env, s, vpc, zoneB, "10.0.0.0/24", nil)
		instance := launchInto(t, env, vsw, sg)
		groups = mustCall(t, s, productECS, "DescribeSecurityGroups", wire{"RegionId": region, "VpcId": vpc, "SecurityGroupName": "web2"},
			prefixed("SecurityGroups.SecurityGroup[].", ecsTagIgnored)...)
		if num(t, groups, "SecurityGroups.SecurityGroup.0.EcsCount") != 1 || num(t, groups, "SecurityGroups.SecurityGroup.0.AvailableInstanceAmount") != 1999 {
			t.Errorf("EcsCount %d AvailableInstanceAmount %d with one instance", num(t, groups, "SecurityGroups.SecurityGroup.0.EcsCount"),
				num(t, groups, "SecurityGroups.SecurityGroup.0.AvailableInstanceAmount"))
		}
		callErr(t, s, productECS, "DeleteSecurityGroup", wire{"RegionId": region, "SecurityGroupId": sg}, "DependencyViolation", 403)
		callErr(t, s, productVPC, "DeleteVpc", wire{"RegionId": region, "VpcId": vpc}, "DependencyViolation.VSwitch", 400)
		callErr(t, s, productVPC, "DeleteVSwitch", wire{"RegionId": region, "VSwitchId": vsw}, "DependencyViolation", 400)
		terminate(t, env, instance)
		mustCall(t, s, productECS, "DeleteSecurityGroup", wire{"RegionId": region, "SecurityGroupId": sg})
		mustCall(t, s, productECS, "DeleteSecurityGroup", wire{"RegionId": region, "SecurityGroupId": peer})
		callErr(t, s, productECS, "DescribeSecurityGroupAttribute", wire{"RegionId": region, "SecurityGroupId": sg}, "InvalidSecurityGroupId.NotFound", 404)
		mustCall(t, s, productVPC, "DeleteVSwitch", wire{"RegionId": region, "VSwitchId": vsw})
		mustCall(t, s, productVPC, "DeleteVpc", wire{"RegionId": region, "VpcId": vpc})
	})
}
