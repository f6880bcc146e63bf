package aliyun_test

import (
	"context"
	"net/netip"
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/compute"
)

// world is what instance tests launch into: a VPC with a vSwitch in zone J
// of Hangzhou, a security group of that VPC, a second VPC with a group of
// its own, a key pair, and a second account with a VPC and group of its
// own. They are made through the core.
//
// TODO(after merge): make them with CreateVpc, CreateVSwitch,
// CreateSecurityGroup and ImportKeyPair through the SDKs, as the replay of
// alicloud_vpc, alicloud_vswitch, alicloud_security_group and
// alicloud_ecs_key_pair does.
type world struct {
	env               *apptest.Env
	owner             compute.Owner
	vpc, otherVPC     compute.Network
	vswitch           compute.Subnet
	group, otherGroup compute.SecurityGroup
	keyPair           compute.KeyPair
	strangerVSwitch   compute.Subnet
	strangerGroup     compute.SecurityGroup
}

const (
	worldZone = "cn-hangzhou-j"
	// testPublicKey is an ed25519 key for ImportKeyPair-like fixtures.
	testPublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPVdKErVvCW9XdZUzu3i3GmZ+17hHQlYd91HW64zizya"
)

// newWorld builds a world in env; the clock is moved on so that the VPCs
// and vSwitches are Available.
func newWorld(t *testing.T, env *apptest.Env) *world {
	t.Helper()
	ctx := context.Background()
	svc := env.App.Service
	w := &world{env: env, owner: compute.Owner{Account: env.Key.Account, Cloud: compute.CloudAliyun}}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	net := func(owner compute.Owner, cidr string) compute.Network {
		n, err := svc.CreateNetwork(ctx, compute.NetworkSpec{Owner: owner, Region: "cn-hangzhou", CIDR: netip.MustParsePrefix(cidr), Name: "vpc-" + cidr})
		must(err)
		return n
	}
	stranger := compute.Owner{Account: env.NewAccount(t, "stranger", "", "").Account, Cloud: compute.CloudAliyun}
	w.vpc, w.otherVPC = net(w.owner, "172.16.0.0/16"), net(w.owner, "10.0.0.0/16")
	strangerVPC := net(stranger, "172.16.0.0/16")
	env.Clock.Advance(apptest.DefaultDelay * 2)
	var err error
	w.vswitch, err = svc.CreateSubnet(ctx, compute.SubnetSpec{Owner: w.owner, Network: w.vpc.ID, Zone: worldZone, CIDR: netip.MustParsePrefix("172.16.0.0/24"), Name: "vsw"})
	must(err)
	w.strangerVSwitch, err = svc.CreateSubnet(ctx, compute.SubnetSpec{Owner: stranger, Network: strangerVPC.ID, Zone: worldZone, CIDR: netip.MustParsePrefix("172.16.0.0/24")})
	must(err)
	w.group, err = svc.CreateSecurityGroup(ctx, compute.SecurityGroupSpec{Owner: w.owner, Region: "cn-hangzhou", Network: w.vpc.ID, Name: "sg", Description: "foo"})
	must(err)
	w.otherGroup, err = svc.CreateSecurityGroup(ctx, compute.SecurityGroupSpec{Owner: w.owner, Region: "cn-hangzhou", Network: w.otherVPC.ID, Name: "sg-other"})
	must(err)
	w.strangerGroup, err = svc.CreateSecurityGroup(ctx, compute.SecurityGroupSpec{Owner: stranger, Region: "cn-hangzhou", Network: strangerVPC.ID})
	must(err)
	w.keyPair, _, err = svc.CreateKeyPair(ctx, compute.KeyPairSpec{Owner: w.owner, Region: "cn-hangzhou", Name: "deployer", PublicKey: testPublicKey})
	must(err)
	env.Clock.Advance(apptest.DefaultDelay * 2)
	return w
}

// group2 makes one more security group in the world's VPC.
func (w *world) group2(t *testing.T, name string) compute.SecurityGroup {
	t.Helper()
	g, err := w.env.App.Service.CreateSecurityGroup(context.Background(), compute.SecurityGroupSpec{Owner: w.owner, Region: "cn-hangzhou", Network: w.vpc.ID, Name: name})
	if err != nil {
		t.Fatal(err)
	}
	return g
}
