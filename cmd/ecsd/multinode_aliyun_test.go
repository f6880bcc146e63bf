package main_test

import (
	"sync"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	classicvpc "github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"
)

// TestNodesShareAliyunResources: the resources around Alibaba instances
// (a VPC, vSwitches, a security group and its rule, a key pair, a disk)
// made through one node are seen by the other, an instance launched
// through the other uses them, and both refuse to delete what it uses;
// a conflict decided on the shared store (two nodes creating the same
// vSwitch block at once) has one winner.
func TestNodesShareAliyunResources(t *testing.T) {
	nodes := cluster(t, 2, "--transition-delay", "0s")
	type node struct {
		ecs *classicecs.Client
		vpc *classicvpc.Client
	}
	n := make([]node, len(nodes))
	for i, s := range nodes {
		v, err := classicvpc.NewClientWithAccessKey("cn-hangzhou", "AK", "SK")
		if err != nil {
			t.Fatal(err)
		}
		v.Domain = s.addr
		n[i] = node{s.client(t, "AK", "SK"), v}
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}

	cv := classicvpc.CreateCreateVpcRequest()
	cv.CidrBlock, cv.VpcName = "172.16.0.0/16", "shared"
	vpc, err := n[0].vpc.CreateVpc(cv)
	must(err)

	// The same block from both nodes at once: one vSwitch, one overlap.
	var wg sync.WaitGroup
	ids, codes := make([]string, len(n)), make([]string, len(n))
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := classicvpc.CreateCreateVSwitchRequest()
			req.VpcId, req.ZoneId, req.CidrBlock = vpc.VpcId, "cn-hangzhou-b", "172.16.1.0/24"
			resp, err := n[i].vpc.CreateVSwitch(req)
			if err != nil {
				codes[i] = errorCode(t, err)
				return
			}
			ids[i] = resp.VSwitchId
		}()
	}
	wg.Wait()
	vsw := ids[0] + ids[1] // the winner's; the other is ""
	if (ids[0] == "") == (ids[1] == "") || codes[0]+codes[1] != "InvalidCidrBlock.Overlapped" {
		t.Fatalf("both nodes creating one block: vSwitches %q, errors %q", ids, codes)
	}

	csg := classicecs.CreateCreateSecurityGroupRequest()
	csg.VpcId, csg.SecurityGroupName = vpc.VpcId, "web"
	sg, err := n[0].ecs.CreateSecurityGroup(csg)
	must(err)
	auth := classicecs.CreateAuthorizeSecurityGroupRequest()
	auth.SecurityGroupId, auth.IpProtocol, auth.PortRange, auth.SourceCidrIp = sg.SecurityGroupId, "tcp", "22/22", "0.0.0.0/0"
	_, err = n[1].ecs.AuthorizeSecurityGroup(auth)
	must(err)
	kp := classicecs.CreateImportKeyPairRequest()
	kp.KeyPairName, kp.PublicKeyBody = "shared", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
	_, err = n[1].ecs.ImportKeyPair(kp)
	must(err)
	cd := classicecs.CreateCreateDiskRequest()
	cd.ZoneId, cd.DiskCategory, cd.Size = "cn-hangzhou-b", "cloud_essd", requests.NewInteger(40)
	disk, err := n[0].ecs.CreateDisk(cd)
	must(err)

	// Each node sees what the other made.
	for i, c := range n {
		va := classicvpc.CreateDescribeVSwitchAttributesRequest()
		va.VSwitchId = vsw
		got, err := c.vpc.DescribeVSwitchAttributes(va)
		if err != nil || got.VpcId != vpc.VpcId || got.CidrBlock != "172.16.1.0/24" || got.Status != "Available" {
			t.Errorf("node %d sees the vSwitch as %+v (%v)", i, got, err)
		}
		ga := classicecs.CreateDescribeSecurityGroupAttributeRequest()
		ga.SecurityGroupId = sg.SecurityGroupId
		perms, err := c.ecs.DescribeSecurityGroupAttribute(ga)
		if err != nil || perms.VpcId != vpc.VpcId || len(perms.Permissions.Permission) != 1 || perms.Permissions.Permission[0].PortRange != "22/22" {
			t.Errorf("node %d sees the group as %+v (%v)", i, perms, err)
		}
		dk := classicecs.CreateDescribeKeyPairsRequest()
		dk.KeyPairName = "shared"
		pairs, err := c.ecs.DescribeKeyPairs(dk)
		if err != nil || len(pairs.KeyPairs.KeyPair) != 1 {
			t.Errorf("node %d sees key pairs %+v (%v)", i, pairs, err)
		}
	}

	// Node 1 launches into what both made; node 0 attaches the disk it made.
	run := classicecs.CreateRunInstancesRequest()
	run.ImageId, run.InstanceType = aliyunImage, "ecs.g7.large"
	run.VSwitchId, run.SecurityGroupId, run.KeyPairName = vsw, sg.SecurityGroupId, "shared"
	launched, err := n[1].ecs.RunInstances(run)
	if err != nil {
		t.Fatalf("node 1 cannot launch into the vSwitch, group and key pair the nodes made: %v", err)
	}
	instance := launched.InstanceIdSets.InstanceIdSet[0]
	attach := classicecs.CreateAttachDiskRequest()
	attach.DiskId, attach.InstanceId = disk.DiskId, instance
	if _, err := n[0].ecs.AttachDisk(attach); err != nil {
		t.Fatalf("node 0 cannot attach its disk to node 1's instance: %v", err)
	}
	for i, c := range n {
		di := classicecs.CreateDescribeInstancesRequest()
		di.InstanceIds = `["` + instance + `"]`
		got, err := c.ecs.DescribeInstances(di)
		if err != nil || len(got.Instances.Instance) != 1 {
			t.Fatalf("node %d: %v %+v", i, err, got)
		}
		inst := got.Instances.Instance[0]
		if inst.VpcAttributes.VpcId != vpc.VpcId || inst.VpcAttributes.VSwitchId != vsw || inst.KeyPairName != "shared" ||
			len(inst.SecurityGroupIds.SecurityGroupId) != 1 || inst.SecurityGroupIds.SecurityGroupId[0] != sg.SecurityGroupId {
			t.Errorf("node %d sees the instance as %+v", i, inst)
		}
		dd := classicecs.CreateDescribeDisksRequest()
		dd.DiskIds = `["` + disk.DiskId + `"]`
		disks, err := c.ecs.DescribeDisks(dd)
		if err != nil || len(disks.Disks.Disk) != 1 || disks.Disks.Disk[0].InstanceId != instance || disks.Disks.Disk[0].Status != "In_use" {
			t.Errorf("node %d sees the disk as %+v (%v)", i, disks, err)
		}
	}

	// Both nodes refuse to delete what the instance uses.
	refusals := []struct {
		what, code string
		call       func(c node) error
	}{
		{"vSwitch", "DependencyViolation", func(c node) error {
			req := classicvpc.CreateDeleteVSwitchRequest()
			req.VSwitchId = vsw
			_, err := c.vpc.DeleteVSwitch(req)
			return err
		}},
		{"VPC", "DependencyViolation.VSwitch", func(c node) error {
			req := classicvpc.CreateDeleteVpcRequest()
			req.VpcId = vpc.VpcId
			_, err := c.vpc.DeleteVpc(req)
			return err
		}},
		{"security group", "DependencyViolation", func(c node) error {
			req := classicecs.CreateDeleteSecurityGroupRequest()
			req.SecurityGroupId = sg.SecurityGroupId
			_, err := c.ecs.DeleteSecurityGroup(req)
			return err
		}},
		{"key pair", "InvalidParameter.KeypairAlreadyAttachedInstance", func(c node) error {
			req := classicecs.CreateDeleteKeyPairsRequest()
			req.KeyPairNames = `["shared"]`
			_, err := c.ecs.DeleteKeyPairs(req)
			return err
		}},
		{"disk", "IncorrectDiskStatus", func(c node) error {
			req := classicecs.CreateDeleteDiskRequest()
			req.DiskId = disk.DiskId
			_, err := c.ecs.DeleteDisk(req)
			return err
		}},
	}
	for i, c := range n {
		for _, r := range refusals {
			if got := errorCode(t, r.call(c)); got != r.code {
				t.Errorf("node %d deleting the %s in use: %q, want %s", i, r.what, got, r.code)
			}
		}
	}

	// Once node 0 deletes the instance, node 1 deletes the rest: the disk
	// came off with the instance, nothing is in the way any more.
	del := classicecs.CreateDeleteInstanceRequest()
	del.InstanceId, del.Force = instance, requests.NewBoolean(true)
	_, err = n[0].ecs.DeleteInstance(del)
	must(err)
	for _, r := range []int{4, 3, 2, 0, 1} { // disk, key pair, group, vSwitch, VPC
		if err := refusals[r].call(n[1]); err != nil {
			t.Errorf("node 1 deleting the %s once free: %v", refusals[r].what, err)
		}
	}
	dv := classicvpc.CreateDescribeVpcsRequest()
	dv.VpcId = vpc.VpcId
	for i, c := range n {
		got, err := c.vpc.DescribeVpcs(dv)
		if err != nil || got.TotalCount != 0 {
			t.Errorf("node %d still lists the VPC: %+v (%v)", i, got, err)
		}
	}
}
