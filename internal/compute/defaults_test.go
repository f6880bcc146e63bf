package compute_test

import (
	"net/netip"
	"testing"

	"github.com/ecsd/ecsd/internal/compute"
)

// A default network and default subnets made on request: one default
// network per region, one default subnet per zone, blocks chosen when none
// is given, and launches without a subnet land in them.
func TestDefaultNetworkOnRequest(t *testing.T) {
	e := newEnv(t, nil)
	n := must(e.svc.CreateNetwork(e.ctx, compute.NetworkSpec{Owner: owner, Region: "r1", IsDefault: true}))
	if !n.IsDefault || n.CIDR != netip.MustParsePrefix("172.16.0.0/12") {
		t.Fatalf("default network %+v: want IsDefault and the cloud's default block", n)
	}
	_, err := e.svc.CreateNetwork(e.ctx, compute.NetworkSpec{Owner: owner, Region: "r1", IsDefault: true})
	if got := code(t, "a second default network", err, compute.AlreadyExists, "network"); got.Value != string(n.ID) {
		t.Errorf("the error names %q, want the existing default %s", got.Value, n.ID)
	}
	must(e.svc.CreateNetwork(e.ctx, compute.NetworkSpec{Owner: owner, Region: "r2", IsDefault: true}))
	e.clock.Advance(delay)

	a := must(e.svc.CreateSubnet(e.ctx, compute.SubnetSpec{Owner: owner, Network: n.ID, Zone: "r1-a", IsDefault: true}))
	if !a.IsDefault || a.CIDR != netip.MustParsePrefix("172.16.0.0/24") {
		t.Fatalf("default subnet %+v: want IsDefault and the first free /24", a)
	}
	_, err = e.svc.CreateSubnet(e.ctx, compute.SubnetSpec{Owner: owner, Network: n.ID, Zone: "r1-a", IsDefault: true})
	code(t, "a second default subnet in a zone", err, compute.AlreadyExists, "subnet")
	// Without IsDefault and without a block, the next free one is chosen.
	plain := must(e.svc.CreateSubnet(e.ctx, compute.SubnetSpec{Owner: owner, Network: n.ID, Zone: "r1-a"}))
	if plain.IsDefault || plain.CIDR != netip.MustParsePrefix("172.16.1.0/24") {
		t.Fatalf("subnet without a block %+v: want 172.16.1.0/24, not default", plain)
	}
	b := must(e.svc.CreateSubnet(e.ctx, compute.SubnetSpec{Owner: owner, Network: n.ID, Zone: "r1-b", IsDefault: true}))
	if b.CIDR != netip.MustParsePrefix("172.16.2.0/24") {
		t.Fatalf("default subnet of r1-b in %s, want 172.16.2.0/24", b.CIDR)
	}
	e.clock.Advance(delay)

	other := e.network("10.0.0.0/16")
	_, err = e.svc.CreateSubnet(e.ctx, compute.SubnetSpec{Owner: owner, Network: other.ID, Zone: "r1-a", IsDefault: true})
	code(t, "a default subnet outside the default network", err, compute.InvalidArgument, "network")

	inst := e.launch(compute.LaunchSpec{Zone: "r1-b"})[0]
	if inst.Network != n.ID || inst.Subnet != b.ID {
		t.Fatalf("a launch without a subnet went to %s/%s, want the default %s/%s", inst.Network, inst.Subnet, n.ID, b.ID)
	}
	nets := must(e.svc.Networks(e.ctx, owner, compute.Filter{Region: "r1"}))
	if len(nets) != 2 {
		t.Fatalf("r1 has %d networks after the launch, want 2: the launch must reuse the default one", len(nets))
	}
}

// A network too full for another subnet of the default size says so.
func TestDefaultSubnetBlockExhausted(t *testing.T) {
	e := newEnv(t, nil)
	n := e.network("10.0.0.0/24")
	e.subnet(n, "r1-a", "10.0.0.0/24")
	_, err := e.svc.CreateSubnet(e.ctx, compute.SubnetSpec{Owner: owner, Network: n.ID, Zone: "r1-a"})
	code(t, "a subnet in a full network", err, compute.LimitExceeded, "subnet")
}
