package aliyun_test

import (
	"context"
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/compute"
)

// world is what instance tests launch into: a VPC with a vSwitch in zone J
// of Hangzhou, a security group of that VPC, a second VPC with a group of
// its own, a key pair, and a second account with a VPC, vSwitch and group
// of its own. They are made through the classic SDK, as a user would, and
// kept as the core shows them.
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
	me := genericClassic(t, env.Host, region, apptest.AccessKeyID, apptest.AccessKeySecret)
	strangerKey := env.NewAccount(t, "stranger", "", "")
	stranger := genericClassic(t, env.Host, region, strangerKey.ID, strangerKey.Secret)
	w := &world{env: env, owner: compute.Owner{Account: env.Key.Account, Cloud: compute.CloudAliyun}}
	strangerOwner := compute.Owner{Account: strangerKey.Account, Cloud: compute.CloudAliyun}

	vpc := func(s sdk, cidr string) string {
		return str(t, mustCall(t, s, productVPC, "CreateVpc", wire{"RegionId": region, "CidrBlock": cidr, "VpcName": "vpc-" + cidr}), "VpcId")
	}
	mine, other, theirs := vpc(me, "172.16.0.0/16"), vpc(me, "10.0.0.0/16"), vpc(stranger, "172.16.0.0/16")
	env.Clock.Advance(apptest.DefaultDelay * 2)
	vswitch := func(s sdk, vpc, name string) string {
		return str(t, mustCall(t, s, productVPC, "CreateVSwitch", wire{"RegionId": region, "VpcId": vpc, "ZoneId": worldZone,
			"CidrBlock": "172.16.0.0/24", "VSwitchName": name}), "VSwitchId")
	}
	myVSwitch, theirVSwitch := vswitch(me, mine, "vsw"), vswitch(stranger, theirs, "")
	group := func(s sdk, vpc string, p wire) string {
		return createGroup(t, s, vpc, p)
	}
	myGroup := group(me, mine, wire{"SecurityGroupName": "sg", "Description": "foo"})
	otherGroup := group(me, other, wire{"SecurityGroupName": "sg-other"})
	theirGroup := group(stranger, theirs, nil)
	mustCall(t, me, productECS, "ImportKeyPair", wire{"RegionId": region, "KeyPairName": "deployer", "PublicKeyBody": testPublicKey}, keyPairIgnored...)
	env.Clock.Advance(apptest.DefaultDelay * 2)

	found := func(err error, got, want int) {
		t.Helper()
		if err != nil || got != want {
			t.Fatalf("reading the world back: %v (%d found, want %d)", err, got, want)
		}
	}
	networks, err := svc.Networks(ctx, w.owner, compute.Filter{IDs: []string{mine, other}})
	found(err, len(networks), 2)
	for _, n := range networks {
		if string(n.ID) == mine {
			w.vpc = n
		} else {
			w.otherVPC = n
		}
	}
	subnets, err := svc.Subnets(ctx, w.owner, compute.Filter{IDs: []string{myVSwitch}})
	found(err, len(subnets), 1)
	w.vswitch = subnets[0]
	subnets, err = svc.Subnets(ctx, strangerOwner, compute.Filter{IDs: []string{theirVSwitch}})
	found(err, len(subnets), 1)
	w.strangerVSwitch = subnets[0]
	groups, err := svc.SecurityGroups(ctx, w.owner, compute.Filter{IDs: []string{myGroup, otherGroup}})
	found(err, len(groups), 2)
	for _, g := range groups {
		if string(g.ID) == myGroup {
			w.group = g
		} else {
			w.otherGroup = g
		}
	}
	groups, err = svc.SecurityGroups(ctx, strangerOwner, compute.Filter{IDs: []string{theirGroup}})
	found(err, len(groups), 1)
	w.strangerGroup = groups[0]
	w.keyPair, err = svc.KeyPairNamed(ctx, w.owner, region, "deployer")
	found(err, 1, 1)
	return w
}

// group2 makes one more security group in the world's VPC, through the
// classic SDK.
func (w *world) group2(t *testing.T, name string) compute.SecurityGroup {
	t.Helper()
	s := genericClassic(t, w.env.Host, region, apptest.AccessKeyID, apptest.AccessKeySecret)
	id := createGroup(t, s, string(w.vpc.ID), wire{"SecurityGroupName": name})
	groups, err := w.env.App.Service.SecurityGroups(context.Background(), w.owner, compute.Filter{IDs: []string{id}})
	if err != nil || len(groups) != 1 {
		t.Fatalf("reading group %s back: %v", id, err)
	}
	return groups[0]
}
