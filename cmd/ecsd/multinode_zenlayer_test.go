package main_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	zt "github.com/ecsd/ecsd/internal/dialect/zenlayer/zenlayertest"
)

// TestZenlayerResourcesAcrossNodes: Zenlayer's VPCs, subnets, security
// groups, key pairs, disks and instances made through one node are what
// the others show, and a conflict decided on the shared store (three
// nodes creating the same subnet block at once) has one winner.
func TestZenlayerResourcesAcrossNodes(t *testing.T) {
	nodes := cluster(t, 3, "--transition-delay", "1s")
	c := make([]*zt.Client, len(nodes))
	for i, s := range nodes {
		c[i] = zt.New(t, s.addr, "AK", "SK")
	}
	vpc, err := c[0].CreateVpc(&zt.CreateVpcRequest{Name: zt.String("shared"), CidrBlock: zt.String("10.0.0.0/16"), Mtu: zt.Int(1500)})
	if err != nil {
		t.Fatal(err)
	}

	// The same block from three nodes at once: one subnet, two overlaps.
	var wg sync.WaitGroup
	results := make([]error, len(c))
	ids := make([]string, len(c))
	for i := range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := c[i].CreateSubnet(&zt.CreateSubnetRequest{VpcID: vpc.VpcID, Name: zt.String("race"), RegionID: zt.String("asia-east-1"),
				StackType: zt.String("IPv4"), CidrBlock: zt.String("10.0.1.0/24")})
			results[i] = err
			if err == nil {
				ids[i] = *resp.SubnetID
			}
		}()
	}
	wg.Wait()
	var subnet string
	for i, err := range results {
		var e *zt.Error
		switch {
		case err == nil && subnet == "":
			subnet = ids[i]
		case err == nil:
			t.Errorf("two nodes created the block: %s and %s", subnet, ids[i])
		case !errors.As(err, &e) || e.Code != "INVALID_PARAMETER_VPC_SUBNET_OVER_LAP":
			t.Errorf("node %d: %v, want INVALID_PARAMETER_VPC_SUBNET_OVER_LAP", i, err)
		}
	}
	if subnet == "" {
		t.Fatal("no node created the subnet")
	}

	group, err := c[1].CreateSecurityGroup(&zt.CreateSecurityGroupRequest{SecurityGroupName: zt.String("web"),
		RuleInfos: []*zt.SecurityGroupRuleInfo{{Direction: zt.String("ingress"), Policy: zt.String("accept"), IPProtocol: zt.String("tcp"),
			PortRange: zt.String("22"), CidrIP: zt.String("0.0.0.0/0")}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c[1].AssignSecurityGroupVpc(&zt.AssignSecurityGroupVpcRequest{VpcID: vpc.VpcID, SecurityGroupID: group.SecurityGroupID}); err != nil {
		t.Fatal(err)
	}
	key, err := c[2].ImportKeyPair(&zt.ImportKeyPairRequest{KeyName: zt.String("shared"),
		PublicKey: zt.String("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl")})
	if err != nil {
		t.Fatal(err)
	}
	created, err := c[0].CreateZecInstances(&zt.CreateZecInstancesRequest{ZoneID: zt.String("asia-east-1a"), ImageID: zt.String("ubuntu2204_20240712"),
		InstanceType: zt.String("z2a.cpu.1"), InstanceCount: zt.Int(1), SubnetID: zt.String(subnet), KeyID: key.KeyID,
		DataDisks: []*zt.DataDisk{{DiskSize: zt.Int(40)}}})
	if err != nil {
		t.Fatal(err)
	}
	id := created.InstanceIDSet[0]

	for i := range c {
		v, err := c[i].DescribeVpcs(&zt.DescribeVpcsRequest{VpcIDs: []string{*vpc.VpcID}})
		if err != nil || len(v.DataSet) != 1 || *v.DataSet[0].SecurityGroupID != *group.SecurityGroupID || *v.DataSet[0].UsageIPv4Count != 1 {
			t.Errorf("node %d sees VPC %+v, %v", i, v, err)
		}
		rules, err := c[i].DescribeSecurityGroupRule(&zt.SecurityGroupIDRequest{SecurityGroupID: group.SecurityGroupID})
		if err != nil || len(rules.IngressRuleList) != 1 {
			t.Errorf("node %d sees rules %+v, %v", i, rules, err)
		}
	}
	waitFor(t, "every node to see the instance RUNNING, with its key, group and data disk", 15*time.Second, func() bool {
		for i := range c {
			resp, err := c[i].DescribeInstances(&zt.DescribeInstancesRequest{InstanceIDs: []string{id}})
			if err != nil {
				t.Fatal(err)
			}
			inst := resp.DataSet[0]
			if *inst.Status != "RUNNING" || *inst.KeyID != *key.KeyID || *inst.SecurityGroupID != *group.SecurityGroupID || len(inst.DataDisks) != 1 {
				return false
			}
		}
		return true
	})

	if _, err := c[1].ReleaseInstances(&zt.ReleaseInstancesRequest{InstanceIDs: []string{id}}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "every node to see the instance and its disks gone", 15*time.Second, func() bool {
		for i := range c {
			disks, err := c[i].DescribeDisks(&zt.DescribeDisksRequest{})
			if err != nil {
				t.Fatal(err)
			}
			insts, err := c[i].DescribeInstances(&zt.DescribeInstancesRequest{InstanceIDs: []string{id}})
			if err != nil {
				t.Fatal(err)
			}
			if *disks.TotalCount != 0 || *insts.TotalCount != 0 {
				return false
			}
		}
		return true
	})
	if _, err := c[2].DeleteSubnet(&zt.DeleteSubnetRequest{SubnetID: zt.String(subnet)}); err != nil {
		t.Fatal(err)
	}
	for i := range c {
		subs, err := c[i].DescribeSubnets(&zt.DescribeSubnetsRequest{VpcIDs: []string{*vpc.VpcID}})
		if err != nil || *subs.TotalCount != 0 {
			t.Errorf("node %d still sees subnets: %+v, %v", i, subs, err)
		}
	}
}
