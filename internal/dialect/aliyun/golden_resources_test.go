package aliyun_test

import (
	"context"
	"net/http"
	"net/netip"
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/aliyun"
)

// goldenNetwork makes, through the core, a VPC with a vSwitch, a security
// group with rules, an instance using both and a disk attached to it: the
// seeded IDs are the same on every run.
func goldenNetwork(t *testing.T, env *apptest.Env) {
	t.Helper()
	ctx := context.Background()
	svc := env.App.Service
	owner := compute.Owner{Account: env.Key.Account, Cloud: compute.CloudAliyun}
	n, err := svc.CreateNetwork(ctx, compute.NetworkSpec{Owner: owner, Region: region, CIDR: netip.MustParsePrefix("10.0.0.0/8"), Name: "golden",
		Tags: []compute.Tag{{Key: "env", Value: "golden"}}})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := svc.CreateSubnet(ctx, compute.SubnetSpec{Owner: owner, Network: n.ID, Zone: zoneB, CIDR: netip.MustParsePrefix("10.0.1.0/24")})
	if err != nil {
		t.Fatal(err)
	}
	peer, err := svc.CreateSecurityGroup(ctx, compute.SecurityGroupSpec{Owner: owner, Region: region, Network: n.ID, Name: "db"})
	if err != nil {
		t.Fatal(err)
	}
	g, err := svc.CreateSecurityGroup(ctx, compute.SecurityGroupSpec{Owner: owner, Region: region, Network: n.ID, Name: "web", Description: "web servers",
		Extra: map[string]string{"type": "normal"}, Rules: []compute.SecurityRule{
			{Direction: compute.Ingress, Protocol: "tcp", Ports: "22/22", CIDR: "0.0.0.0/0", Policy: compute.Accept, Priority: 1, Description: "ssh"},
			{Direction: compute.Ingress, Protocol: "icmpv6", Ports: "-1/-1", CIDR: "2001:db8::/32", Policy: compute.Drop, Priority: 100},
			{Direction: compute.Egress, Protocol: "tcp", Ports: "3306/3306", Peer: peer.ID, Policy: compute.Accept, Priority: 1},
		}})
	if err != nil {
		t.Fatal(err)
	}
	insts, err := svc.Launch(ctx, compute.LaunchSpec{Owner: owner, Region: region, Count: 1, ImageID: image, InstanceType: itype,
		Subnet: sub.ID, SecurityGroups: []compute.SecurityGroupID{g.ID}, SystemDisk: compute.DiskSpec{Category: "cloud_essd", SizeGiB: 40}})
	if err != nil {
		t.Fatal(err)
	}
	disks, err := svc.CreateDisks(ctx, compute.CreateDisksSpec{Owner: owner, Zone: zoneB, Count: 1,
		Disk: compute.DiskSpec{Category: "cloud_ssd", SizeGiB: 100, Name: "data", Tags: []compute.Tag{{Key: "k", Value: "v"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AttachDisk(ctx, owner, disks[0].ID, insts[0].ID, nil); err != nil {
		t.Fatal(err)
	}
}

// The IDs the seeded random draws in goldenNetwork, in order.
func goldenIDs(t *testing.T, env *apptest.Env) (vpc, sg string) {
	t.Helper()
	owner := compute.Owner{Account: env.Key.Account, Cloud: compute.CloudAliyun}
	nets, err := env.App.Service.Networks(context.Background(), owner, compute.Filter{})
	if err != nil || len(nets) == 0 {
		t.Fatalf("no VPC: %v", err)
	}
	groups, err := env.App.Service.SecurityGroups(context.Background(), owner, compute.Filter{})
	if err != nil || len(groups) < 2 {
		t.Fatalf("no groups: %v", err)
	}
	return string(nets[0].ID), string(groups[1].ID)
}

func resourceGoldenCases() []goldenCase {
	vpcCall := func(nonce string, kv ...string) func(t *testing.T, env *apptest.Env) *http.Request {
		return func(t *testing.T, env *apptest.Env) *http.Request {
			p := params(kv...)
			p.Set("Version", aliyun.VPCVersion)
			return rpc{params: p, nonce: nonce}.request(t, env)
		}
	}
	return []goldenCase{
		{
			name: "create-vpc", clock: fixedTime, keyID: apptest.AccessKeyID, secret: apptest.AccessKeySecret,
			build: vpcCall("golden-r1", "Action", "CreateVpc", "RegionId", region, "CidrBlock", "192.168.0.0/16", "VpcName", "golden", "ResourceGroupId", "rg-golden"),
		},
		{
			name: "delete-vpc-with-vswitch", clock: fixedTime, keyID: apptest.AccessKeyID, secret: apptest.AccessKeySecret, setup: goldenNetwork,
			build: func(t *testing.T, env *apptest.Env) *http.Request {
				vpc, _ := goldenIDs(t, env)
				return vpcCall("golden-r2", "Action", "DeleteVpc", "RegionId", region, "VpcId", vpc)(t, env)
			},
		},
		{
			name: "describe-security-group-attribute-xml", clock: fixedTime, keyID: apptest.AccessKeyID, secret: apptest.AccessKeySecret, setup: goldenNetwork,
			build: func(t *testing.T, env *apptest.Env) *http.Request {
				_, sg := goldenIDs(t, env)
				return rpc{params: params("Action", "DescribeSecurityGroupAttribute", "RegionId", region, "SecurityGroupId", sg, "Format", "XML"), nonce: "golden-r3"}.request(t, env)
			},
		},
		{
			name: "authorize-security-group-duplicate", clock: fixedTime, keyID: apptest.AccessKeyID, secret: apptest.AccessKeySecret, setup: goldenNetwork,
			build: func(t *testing.T, env *apptest.Env) *http.Request {
				_, sg := goldenIDs(t, env)
				return rpc{params: params("Action", "AuthorizeSecurityGroup", "RegionId", region, "SecurityGroupId", sg,
					"Permissions.1.IpProtocol", "TCP", "Permissions.1.PortRange", "22/22", "Permissions.1.SourceCidrIp", "0.0.0.0/0"), nonce: "golden-r4"}.request(t, env)
			},
		},
		{
			name: "describe-disks-json", clock: fixedTime, keyID: apptest.AccessKeyID, secret: apptest.AccessKeySecret, setup: goldenNetwork,
			build: func(t *testing.T, env *apptest.Env) *http.Request {
				return rpc{params: params("Action", "DescribeDisks", "RegionId", region, "ZoneId", zoneB), nonce: "golden-r5"}.request(t, env)
			},
		},
		{
			name: "import-key-pair", clock: fixedTime, keyID: apptest.AccessKeyID, secret: apptest.AccessKeySecret,
			build: func(t *testing.T, env *apptest.Env) *http.Request {
				public, _ := newTestPublicKey(t, 9)
				return rpc{params: params("Action", "ImportKeyPair", "RegionId", region, "KeyPairName", "golden", "PublicKeyBody", public), nonce: "golden-r6"}.request(t, env)
			},
		},
	}
}

// TestGoldenResources pins a few exchanges of the resources around
// instances byte for byte; -update rewrites them.
func TestGoldenResources(t *testing.T) {
	for _, gc := range resourceGoldenCases() {
		t.Run(gc.name, func(t *testing.T) { runGolden(t, gc) })
	}
}
