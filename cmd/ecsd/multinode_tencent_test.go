package main_test

import (
	"errors"
	"testing"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerrors "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"
	vpc "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/vpc/v20170312"
)

// TestNodesShareTencentResources: the resources around Tencent instances
// (a VPC, a subnet, a security group and its policies) made through one
// node are seen, used and guarded by the others.
func TestNodesShareTencentResources(t *testing.T) {
	nodes := cluster(t, 2, "--transition-delay", "0s")
	vpcClient := func(s *server) *vpc.Client {
		cpf := profile.NewClientProfile()
		cpf.HttpProfile.Endpoint, cpf.HttpProfile.Scheme = s.addr, "HTTP"
		c, err := vpc.NewClient(common.NewCredential("AK", "SK"), "ap-guangzhou", cpf)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	str := func(s string) *string { return &s }
	v0, v1 := vpcClient(nodes[0]), vpcClient(nodes[1])

	cv := vpc.NewCreateVpcRequest()
	cv.VpcName, cv.CidrBlock = str("shared"), str("10.3.0.0/16")
	created, err := v0.CreateVpc(cv)
	if err != nil {
		t.Fatal(err)
	}
	vpcID := *created.Response.Vpc.VpcId
	cs := vpc.NewCreateSubnetRequest()
	cs.VpcId, cs.SubnetName, cs.CidrBlock, cs.Zone = &vpcID, str("s"), str("10.3.1.0/24"), str("ap-guangzhou-3")
	sub, err := v1.CreateSubnet(cs)
	if err != nil {
		t.Fatalf("node 1 cannot make a subnet in node 0's VPC: %v", err)
	}
	subnetID := *sub.Response.Subnet.SubnetId
	csg := vpc.NewCreateSecurityGroupRequest()
	csg.GroupName, csg.GroupDescription = str("g"), str("")
	sg, err := v0.CreateSecurityGroup(csg)
	if err != nil {
		t.Fatal(err)
	}
	sgID := *sg.Response.SecurityGroup.SecurityGroupId
	pol := vpc.NewCreateSecurityGroupPoliciesRequest()
	pol.SecurityGroupId = &sgID
	pol.SecurityGroupPolicySet = &vpc.SecurityGroupPolicySet{Ingress: []*vpc.SecurityGroupPolicy{{Action: str("ACCEPT"), Protocol: str("TCP"), Port: str("22"), CidrBlock: str("0.0.0.0/0")}}}
	if _, err := v1.CreateSecurityGroupPolicies(pol); err != nil {
		t.Fatal(err)
	}

	run := cvm.NewRunInstancesRequest()
	run.Placement = &cvm.Placement{Zone: str("ap-guangzhou-3")}
	run.ImageId = str("img-eb30mz89")
	run.VirtualPrivateCloud = &cvm.VirtualPrivateCloud{VpcId: &vpcID, SubnetId: &subnetID}
	run.SecurityGroupIds = []*string{&sgID}
	if _, err := tencentClient(t, nodes[1], "AK", "SK").RunInstances(run); err != nil {
		t.Fatalf("node 1 cannot launch into the VPC, subnet and group nodes 0 and 1 made: %v", err)
	}

	for i, c := range []*vpc.Client{v0, v1} {
		dp := vpc.NewDescribeSecurityGroupPoliciesRequest()
		dp.SecurityGroupId = &sgID
		got, err := c.DescribeSecurityGroupPolicies(dp)
		if err != nil {
			t.Fatal(err)
		}
		if in := got.Response.SecurityGroupPolicySet.Ingress; len(in) != 1 || *in[0].Port != "22" {
			t.Errorf("node %d sees policies %+v", i, in)
		}
		ds := vpc.NewDescribeSubnetsRequest()
		ds.SubnetIds = []*string{&subnetID}
		subs, err := c.DescribeSubnets(ds)
		if err != nil {
			t.Fatal(err)
		}
		if len(subs.Response.SubnetSet) != 1 || *subs.Response.SubnetSet[0].AvailableIpAddressCount != 252 {
			t.Errorf("node %d sees the subnet as %s", i, subs.ToJsonString())
		}
		del := vpc.NewDeleteSubnetRequest()
		del.SubnetId = &subnetID
		_, err = c.DeleteSubnet(del)
		var e *tcerrors.TencentCloudSDKError
		if !errors.As(err, &e) || e.Code != "ResourceInUse" {
			t.Errorf("node %d deletes a subnet an instance uses: %v", i, err)
		}
	}
}
