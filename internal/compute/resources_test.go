package compute_test

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/compute/computetest"
	"github.com/ecsd/ecsd/internal/store/memory"
)

// The rules of the resources around instances, checked on the memory store
// with a small made-up cloud.

var owner = compute.Owner{Account: "1000000000000001", Cloud: compute.CloudAliyun}

const delay = 2 * time.Second

// testCatalog is a cloud of one region with two zones.
func testCatalog() compute.Catalog {
	return compute.Catalog{
		Regions: []compute.Region{{ID: "r1", Zones: []compute.Zone{{ID: "r1-a"}, {ID: "r1-b"}}}, {ID: "r2", Zones: []compute.Zone{{ID: "r2-a"}}}},
		Images:  []compute.Image{{ID: "img-linux", OSType: "linux", SizeGiB: 20}},
		InstanceTypes: []compute.InstanceType{
			{ID: "t.small", CPU: 1, MemoryMiB: 1024},
			{ID: "t.only-b", CPU: 2, MemoryMiB: 2048, Zones: []compute.ZoneID{"r1-b"}},
		},
		DiskCategories: []compute.DiskCategory{
			{ID: "ssd", MinGiB: 20, MaxGiB: 1000, SystemMinGiB: 20, SystemMaxGiB: 500},
			{ID: "local", SystemMinGiB: 20, SystemMaxGiB: 100},
		},
	}
}

func testRules() compute.Rules {
	r := compute.Rules{
		NetworkBits: compute.PrefixBits{Min: 8, Max: 28}, SubnetBits: compute.PrefixBits{Min: 16, Max: 29},
		DefaultNetworkCIDR: netip.MustParsePrefix("172.16.0.0/12"), DefaultSubnetBits: 24,
		ReservedLow: 1, ReservedHigh: 3,
		PublicPool: netip.MustParsePrefix("47.96.0.0/16"), MACPrefix: [3]byte{0, 0x16, 0x3e}, DevicePrefix: "/dev/xvd",
		MaxNetworks: 3, MaxDataDisks: 2, MaxSecurityGroups: 2, MaxRules: 3, MaxTags: 3,
		SecurityGroupsNeedNetwork: true,
		DefaultSecurityRules:      []compute.SecurityRule{{Direction: compute.Ingress, Protocol: "tcp", Ports: "22/22", CIDR: "0.0.0.0/0", Policy: compute.Accept, Priority: 1}},
	}
	return r
}

// env is a Service over a memory store with a fake clock.
type env struct {
	t     *testing.T
	ctx   context.Context
	svc   *compute.Service
	clock *computetest.Clock
	store *memory.Store
}

func newEnv(t *testing.T, change func(*compute.Rules)) *env {
	return newEnvConfig(t, change, nil)
}

// newEnvConfig is newEnv with configure adjusting the Service's Config.
func newEnvConfig(t *testing.T, change func(*compute.Rules), configure func(*compute.Config)) *env {
	rules := testRules()
	if change != nil {
		change(&rules)
	}
	var n atomic.Int64
	profile := compute.Profile{Catalog: testCatalog(), Rules: rules,
		NewID: func(kind compute.Kind, region compute.RegionID, _ compute.Random) string {
			return fmt.Sprintf("%s-%s-%d", kind, region, n.Add(1))
		}}
	clock := computetest.NewClock(time.Time{})
	store := memory.New()
	cfg := compute.Config{Store: store, Clock: clock, TransitionDelay: delay,
		Profiles: compute.Profiles{compute.CloudAliyun: profile}}
	if configure != nil {
		configure(&cfg)
	}
	svc := compute.NewService(cfg)
	return &env{t: t, ctx: t.Context(), svc: svc, clock: clock, store: store}
}

// code fails the test unless err is a compute.Error with code and param.
func code(t *testing.T, what string, err error, c compute.Code, param string) *compute.Error {
	t.Helper()
	e, ok := compute.AsError(err)
	if !ok || e.Code != c || e.Param != param {
		t.Fatalf("%s: got %v; want a %s error about %q", what, err, c, param)
	}
	return e
}

// must returns v when err is nil. A call that must succeed and does not
// panics, which fails the test run with the error and where it happened.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func (e *env) network(cidr string) compute.Network {
	e.t.Helper()
	n := must(e.svc.CreateNetwork(e.ctx, compute.NetworkSpec{Owner: owner, Region: "r1", CIDR: netip.MustParsePrefix(cidr)}))
	e.clock.Advance(delay)
	return n
}

func (e *env) subnet(n compute.Network, zone compute.ZoneID, cidr string) compute.Subnet {
	e.t.Helper()
	s := must(e.svc.CreateSubnet(e.ctx, compute.SubnetSpec{Owner: owner, Network: n.ID, Zone: zone, CIDR: netip.MustParsePrefix(cidr)}))
	e.clock.Advance(delay)
	return s
}

func (e *env) launch(spec compute.LaunchSpec) []compute.Instance {
	e.t.Helper()
	return must(e.svc.Launch(e.ctx, e.spec(spec)))
}

// spec completes a launch spec with what every launch needs.
func (e *env) spec(spec compute.LaunchSpec) compute.LaunchSpec {
	spec.Owner, spec.Region = owner, "r1"
	if spec.Count == 0 {
		spec.Count = 1
	}
	if spec.ImageID == "" {
		spec.ImageID = "img-linux"
	}
	if spec.InstanceType == "" {
		spec.InstanceType = "t.small"
	}
	return spec
}

func TestNetworks(t *testing.T) {
	e := newEnv(t, nil)
	n := must(e.svc.CreateNetwork(e.ctx, compute.NetworkSpec{Owner: owner, Region: "r1", CIDR: netip.MustParsePrefix("10.0.0.0/16"), Name: "main"}))
	if n.Status != compute.ReadinessPending || n.Name != "main" || n.CIDR.String() != "10.0.0.0/16" {
		t.Fatalf("new network %+v: want pending, named, with its block", n)
	}
	_, err := e.svc.CreateSubnet(e.ctx, compute.SubnetSpec{Owner: owner, Network: n.ID, Zone: "r1-a", CIDR: netip.MustParsePrefix("10.0.1.0/24")})
	if e := code(t, "a subnet in a pending network", err, compute.IncorrectState, "network"); e.State != "pending" {
		t.Errorf("state %q, want pending", e.State)
	}
	e.clock.Advance(delay)
	if got := must(e.svc.Networks(e.ctx, owner, compute.Filter{IDs: []string{string(n.ID)}})); len(got) != 1 || got[0].Status != compute.ReadinessAvailable {
		t.Fatalf("network after the delay: %+v, want available", got)
	}

	bad := []struct {
		name, cidr string
		c          compute.Code
	}{
		{"not the block's start", "10.0.0.1/16", compute.InvalidArgument},
		{"too large", "10.0.0.0/7", compute.InvalidArgument},
		{"too small", "10.0.0.0/29", compute.InvalidArgument},
		{"IPv6", "fd00::/64", compute.InvalidArgument},
	}
	for _, b := range bad {
		_, err := e.svc.CreateNetwork(e.ctx, compute.NetworkSpec{Owner: owner, Region: "r1", CIDR: netip.MustParsePrefix(b.cidr)})
		code(t, "network "+b.name, err, b.c, "cidr")
	}
	_, err = e.svc.CreateNetwork(e.ctx, compute.NetworkSpec{Owner: owner, Region: "nowhere"})
	code(t, "a network in an unknown region", err, compute.NotFound, "region")

	sub := must(e.svc.CreateSubnet(e.ctx, compute.SubnetSpec{Owner: owner, Network: n.ID, Zone: "r1-a", CIDR: netip.MustParsePrefix("10.0.1.0/24")}))
	if sub.TotalIPs != 252 || sub.FreeIPs != 252 || sub.Region != "r1" {
		t.Errorf("subnet %+v: want 252 addresses of 256 (4 reserved), all free, in r1", sub)
	}
	for _, c := range []struct {
		name, cidr string
		zone       compute.ZoneID
		code       compute.Code
		param      string
	}{
		{"overlapping", "10.0.1.128/25", "r1-a", compute.AlreadyExists, "cidr"},
		{"outside the network", "10.1.0.0/24", "r1-a", compute.InvalidArgument, "cidr"},
		{"too small", "10.0.9.0/30", "r1-a", compute.InvalidArgument, "cidr"},
		{"in another region's zone", "10.0.2.0/24", "r2-a", compute.NotFound, "zone"},
	} {
		_, err := e.svc.CreateSubnet(e.ctx, compute.SubnetSpec{Owner: owner, Network: n.ID, Zone: c.zone, CIDR: netip.MustParsePrefix(c.cidr)})
		code(t, "a subnet "+c.name, err, c.code, c.param)
	}
	_, err = e.svc.CreateSubnet(e.ctx, compute.SubnetSpec{Owner: owner, Network: "vpc-none", Zone: "r1-a", CIDR: netip.MustParsePrefix("10.0.2.0/24")})
	code(t, "a subnet of an unknown network", err, compute.NotFound, "network")
	other := compute.Owner{Account: "1000000000000002", Cloud: compute.CloudAliyun}
	_, err = e.svc.CreateSubnet(e.ctx, compute.SubnetSpec{Owner: other, Network: n.ID, Zone: "r1-a", CIDR: netip.MustParsePrefix("10.0.2.0/24")})
	code(t, "a subnet of another account's network", err, compute.NotFound, "network")

	e.network("10.1.0.0/16")
	e.network("10.2.0.0/16")
	_, err = e.svc.CreateNetwork(e.ctx, compute.NetworkSpec{Owner: owner, Region: "r1"})
	code(t, "a fourth network of three allowed", err, compute.LimitExceeded, "network")

	renamed := must(e.svc.ModifyNetwork(e.ctx, owner, n.ID, func(n *compute.Network) error {
		n.Name, n.CIDR = "renamed", netip.MustParsePrefix("192.168.0.0/16")
		return nil
	}))
	if renamed.Name != "renamed" || renamed.CIDR != n.CIDR {
		t.Errorf("modified network %+v: want the new name and the old block", renamed)
	}

	err = e.svc.DeleteNetwork(e.ctx, owner, n.ID, false)
	if e := code(t, "deleting a network with a subnet", err, compute.InUse, "network"); e.Blocker != compute.KindSubnet {
		t.Errorf("blocker %q, want subnet", e.Blocker)
	}
	e.clock.Advance(delay)
	inst := e.launch(compute.LaunchSpec{Subnet: sub.ID})[0]
	err = e.svc.DeleteSubnet(e.ctx, owner, sub.ID, false)
	if e := code(t, "deleting a subnet with an instance", err, compute.InUse, "subnet"); e.Blocker != compute.KindInstance {
		t.Errorf("blocker %q, want instance", e.Blocker)
	}
	e.clock.Advance(2 * delay)
	must(e.svc.Act(e.ctx, compute.OpTerminate, compute.Selection{Owner: owner, IDs: []compute.InstanceID{inst.ID}}, compute.ActOptions{Force: true, Linger: true, AllOrNothing: true}))
	err = e.svc.DeleteSubnet(e.ctx, owner, sub.ID, false)
	code(t, "deleting a subnet while its instance terminates", err, compute.InUse, "subnet")
	e.clock.Advance(delay)
	if err := e.svc.DeleteSubnet(e.ctx, owner, sub.ID, false); err != nil {
		t.Fatalf("deleting the subnet once its instance is gone: %v", err)
	}
	err = e.svc.DeleteNetwork(e.ctx, owner, n.ID, false)
	if e := code(t, "deleting a network with a security group", err, compute.InUse, "network"); e.Blocker != compute.KindSecurityGroup {
		t.Errorf("blocker %q, want security_group (the default group of the launch)", e.Blocker)
	}
}

// TestNetworksSpanningRegions: where networks span regions (Zenlayer's
// global VPCs), a network and its security groups have no region, its
// subnets lie in any region, and a subnet given no zone serves every zone
// of its region.
func TestNetworksSpanningRegions(t *testing.T) {
	e := newEnv(t, func(r *compute.Rules) {
		r.NetworksSpanRegions, r.SecurityGroupsNeedNetwork = true, false
	})
	n := must(e.svc.CreateNetwork(e.ctx, compute.NetworkSpec{Owner: owner, Region: "r1", CIDR: netip.MustParsePrefix("10.0.0.0/16")}))
	if n.Region != "" {
		t.Errorf("network region %q, want none", n.Region)
	}
	e.clock.Advance(delay)
	inR1 := must(e.svc.CreateSubnet(e.ctx, compute.SubnetSpec{Owner: owner, Network: n.ID, Region: "r1", CIDR: netip.MustParsePrefix("10.0.1.0/24")}))
	if inR1.Status != compute.ReadinessPending {
		t.Errorf("new subnet %s, want pending", inR1.Status)
	}
	inR2 := must(e.svc.CreateSubnet(e.ctx, compute.SubnetSpec{Owner: owner, Network: n.ID, Region: "r2", Zone: "r2-a", CIDR: netip.MustParsePrefix("10.0.2.0/24")}))
	if inR1.Region != "r1" || inR1.Zone != "" || inR2.Region != "r2" || inR2.Zone != "r2-a" {
		t.Fatalf("subnets %+v and %+v: want r1 with no zone, r2 in r2-a", inR1, inR2)
	}
	for _, c := range []struct {
		name   string
		region compute.RegionID
		zone   compute.ZoneID
		param  string
	}{
		{"without a region", "", "", "region"},
		{"in an unknown region", "nowhere", "", "region"},
		{"in a zone of another region", "r1", "r2-a", "zone"},
	} {
		_, err := e.svc.CreateSubnet(e.ctx, compute.SubnetSpec{Owner: owner, Network: n.ID, Region: c.region, Zone: c.zone, CIDR: netip.MustParsePrefix("10.0.3.0/24")})
		code(t, "a subnet "+c.name, err, compute.NotFound, c.param)
	}
	g := must(e.svc.CreateSecurityGroup(e.ctx, compute.SecurityGroupSpec{Owner: owner, Region: "r1", Name: "web"}))
	if g.Region != "" {
		t.Errorf("security group region %q, want none", g.Region)
	}
	e.clock.Advance(delay)

	inB := e.launch(compute.LaunchSpec{Subnet: inR1.ID, Zone: "r1-b", SecurityGroups: []compute.SecurityGroupID{g.ID},
		SystemDisk: compute.DiskSpec{Category: "ssd", SizeGiB: 20}})[0]
	inFirst := e.launch(compute.LaunchSpec{Subnet: inR1.ID})[0]
	if inB.Zone != "r1-b" || inFirst.Zone != "r1-a" || inB.Subnet != inR1.ID {
		t.Errorf("instances in zones %s and %s of subnet %s: want r1-b, then the region's first zone", inB.Zone, inFirst.Zone, inB.Subnet)
	}
	disks := must(e.svc.InstanceDisks(e.ctx, owner, []compute.InstanceID{inB.ID}))[inB.ID]
	if len(disks) != 1 || disks[0].Zone != "r1-b" {
		t.Errorf("system disk %+v: want one, in the instance's zone", disks)
	}
	defaults := must(e.svc.SecurityGroups(e.ctx, owner, compute.Filter{IDs: []string{string(inFirst.SecurityGroups[0])}}))
	if len(defaults) != 1 || !defaults[0].IsDefault || defaults[0].Region != "" {
		t.Errorf("default group %+v: want one, with no region", defaults)
	}
	_, err := e.svc.Launch(e.ctx, e.spec(compute.LaunchSpec{Subnet: inR1.ID, Zone: "r2-a"}))
	code(t, "a launch in a zone of another region", err, compute.NotFound, "zone")
	_, err = e.svc.Launch(e.ctx, e.spec(compute.LaunchSpec{Subnet: inR2.ID, Zone: "r1-a"}))
	code(t, "a launch in another region's subnet", err, compute.NotFound, "subnet")
}

// TestNetworksReadyAtOnce: where networks show no status, a network and a
// subnet are available as soon as they are made, and a launch may use the
// subnet at once.
func TestNetworksReadyAtOnce(t *testing.T) {
	e := newEnv(t, func(r *compute.Rules) { r.NetworksReadyAtOnce = true })
	n := must(e.svc.CreateNetwork(e.ctx, compute.NetworkSpec{Owner: owner, Region: "r1", CIDR: netip.MustParsePrefix("10.0.0.0/16")}))
	sub := must(e.svc.CreateSubnet(e.ctx, compute.SubnetSpec{Owner: owner, Network: n.ID, Zone: "r1-a", CIDR: netip.MustParsePrefix("10.0.1.0/24")}))
	if n.Status != compute.ReadinessAvailable || sub.Status != compute.ReadinessAvailable {
		t.Errorf("network %s, subnet %s: want both available at once", n.Status, sub.Status)
	}
	if inst := e.launch(compute.LaunchSpec{Subnet: sub.ID})[0]; inst.Subnet != sub.ID {
		t.Errorf("launched in %s, want %s", inst.Subnet, sub.ID)
	}
}

func TestAddresses(t *testing.T) {
	e := newEnv(t, nil)
	n := e.network("10.0.0.0/16")
	sub := e.subnet(n, "r1-a", "10.0.5.0/29") // 8 addresses, 1 low and 3 high reserved: .1 to .4
	insts := e.launch(compute.LaunchSpec{Subnet: sub.ID, Count: 3})
	var ips []string
	for _, inst := range insts {
		ips = append(ips, inst.PrivateIP.String())
		if inst.Zone != "r1-a" || inst.Network != n.ID || inst.Subnet != sub.ID {
			t.Errorf("instance placed in %s/%s/%s; want r1-a, %s, %s", inst.Zone, inst.Network, inst.Subnet, n.ID, sub.ID)
		}
	}
	if want := []string{"10.0.5.1", "10.0.5.2", "10.0.5.3"}; !slices.Equal(ips, want) {
		t.Errorf("addresses %v, want %v", ips, want)
	}
	_, err := e.svc.Launch(e.ctx, e.spec(compute.LaunchSpec{Subnet: sub.ID, Count: 2}))
	code(t, "two instances in a subnet with one address left", err, compute.LimitExceeded, "private_ip")
	_, err = e.svc.Launch(e.ctx, e.spec(compute.LaunchSpec{Subnet: sub.ID, PrivateIP: netip.MustParseAddr("10.0.5.2")}))
	code(t, "an address in use", err, compute.AlreadyExists, "private_ip")
	for _, ip := range []string{"10.0.5.0", "10.0.5.5", "10.0.6.1"} {
		_, err = e.svc.Launch(e.ctx, e.spec(compute.LaunchSpec{Subnet: sub.ID, PrivateIP: netip.MustParseAddr(ip)}))
		code(t, "address "+ip, err, compute.InvalidArgument, "private_ip")
	}
	_, err = e.svc.Launch(e.ctx, e.spec(compute.LaunchSpec{Subnet: sub.ID, Count: 2, PrivateIP: netip.MustParseAddr("10.0.5.4")}))
	code(t, "one address for two instances", err, compute.InvalidArgument, "private_ip")
	got := must(e.svc.Subnets(e.ctx, owner, compute.Filter{IDs: []string{string(sub.ID)}}))
	if got[0].FreeIPs != 1 || got[0].TotalIPs != 4 {
		t.Errorf("subnet shows %d of %d free, want 1 of 4", got[0].FreeIPs, got[0].TotalIPs)
	}
	// A released address is handed out again.
	e.clock.Advance(delay)
	must(e.svc.Act(e.ctx, compute.OpTerminate, compute.Selection{Owner: owner, IDs: []compute.InstanceID{insts[1].ID}}, compute.ActOptions{Force: true, AllOrNothing: true}))
	again := e.launch(compute.LaunchSpec{Subnet: sub.ID, PrivateIP: netip.MustParseAddr("10.0.5.2")})
	if again[0].PrivateIP.String() != "10.0.5.2" {
		t.Errorf("got %s, want the freed 10.0.5.2", again[0].PrivateIP)
	}
	// Public addresses and MACs come from the serial: distinct, stable.
	withIP := e.launch(compute.LaunchSpec{Subnet: sub.ID, BandwidthOut: 5})[0]
	if !withIP.PublicIP.IsValid() || !netip.MustParsePrefix("47.96.0.0/16").Contains(withIP.PublicIP) {
		t.Errorf("public IP %v, want one from the pool", withIP.PublicIP)
	}
	if insts[0].PublicIP.IsValid() {
		t.Errorf("an instance without bandwidth shows public IP %v", insts[0].PublicIP)
	}
	if !strings.HasPrefix(withIP.MAC, "00:16:3e:") || withIP.MAC == insts[0].MAC {
		t.Errorf("MACs %q and %q: want the vendor's prefix, distinct", withIP.MAC, insts[0].MAC)
	}
	listed := must(e.svc.List(e.ctx, compute.Query{Owner: owner, IDs: []compute.InstanceID{withIP.ID}, Limit: 1}))
	if listed.Instances[0].PublicIP != withIP.PublicIP || listed.Instances[0].MAC != withIP.MAC {
		t.Errorf("listed %v %s; launched %v %s: want the same", listed.Instances[0].PublicIP, listed.Instances[0].MAC, withIP.PublicIP, withIP.MAC)
	}
}

func TestDefaultNetwork(t *testing.T) {
	e := newEnv(t, nil)
	a := e.launch(compute.LaunchSpec{Zone: "r1-a", Count: 2})
	b := e.launch(compute.LaunchSpec{Zone: "r1-b"})
	c := e.launch(compute.LaunchSpec{}) // the region's first zone
	if a[0].Network == "" || a[0].Network != b[0].Network || a[0].Subnet == b[0].Subnet || c[0].Subnet != a[0].Subnet {
		t.Fatalf("default placement: %s/%s, %s/%s, %s/%s; want one network, a subnet per zone",
			a[0].Network, a[0].Subnet, b[0].Network, b[0].Subnet, c[0].Network, c[0].Subnet)
	}
	nets := must(e.svc.Networks(e.ctx, owner, compute.Filter{}))
	subs := must(e.svc.Subnets(e.ctx, owner, compute.Filter{}))
	groups := must(e.svc.SecurityGroups(e.ctx, owner, compute.Filter{}))
	if len(nets) != 1 || !nets[0].IsDefault || nets[0].CIDR.String() != "172.16.0.0/12" || nets[0].Status != compute.ReadinessAvailable {
		t.Errorf("networks %+v: want the one default 172.16.0.0/12, available", nets)
	}
	if len(subs) != 2 || subs[0].CIDR.String() != "172.16.0.0/24" || subs[1].CIDR.String() != "172.16.1.0/24" || !subs[0].IsDefault {
		t.Errorf("subnets %+v: want two default /24s", subs)
	}
	if len(groups) != 1 || !groups[0].IsDefault || len(groups[0].Rules) != 1 || groups[0].Rules[0].ID == "" || groups[0].Network != nets[0].ID {
		t.Errorf("security groups %+v: want the default group of the network with its rule", groups)
	}
	if !slices.Equal(a[0].SecurityGroups, []compute.SecurityGroupID{groups[0].ID}) {
		t.Errorf("instance groups %v, want the default one", a[0].SecurityGroups)
	}
	if subs[0].FreeIPs != subs[0].TotalIPs-3 {
		t.Errorf("default subnet has %d of %d free after three launches", subs[0].FreeIPs, subs[0].TotalIPs)
	}
}

func TestSecurityGroups(t *testing.T) {
	e := newEnv(t, nil)
	n := e.network("10.0.0.0/16")
	other := e.network("10.1.0.0/16")
	sub := e.subnet(n, "r1-a", "10.0.1.0/24")
	g := must(e.svc.CreateSecurityGroup(e.ctx, compute.SecurityGroupSpec{Owner: owner, Region: "r1", Network: n.ID, Name: "web"}))
	peer := must(e.svc.CreateSecurityGroup(e.ctx, compute.SecurityGroupSpec{Owner: owner, Region: "r1", Network: n.ID}))
	elsewhere := must(e.svc.CreateSecurityGroup(e.ctx, compute.SecurityGroupSpec{Owner: owner, Region: "r1", Network: other.ID}))

	ssh := compute.SecurityRule{Direction: compute.Ingress, Protocol: "tcp", Ports: "22/22", CIDR: "0.0.0.0/0", Policy: compute.Accept, Priority: 1}
	fromPeer := compute.SecurityRule{Direction: compute.Ingress, Protocol: "all", Ports: "-1/-1", Peer: peer.ID, Policy: compute.Accept, Priority: 1}
	add := func(rules ...compute.SecurityRule) (compute.SecurityGroup, error) {
		return e.svc.ModifySecurityGroup(e.ctx, owner, g.ID, func(g *compute.SecurityGroup) error {
			g.Rules = append(g.Rules, rules...)
			return nil
		})
	}
	got := must(add(ssh, fromPeer))
	if len(got.Rules) != 2 || got.Rules[0].ID == "" || got.Rules[0].CreatedAt.IsZero() || got.Version != 1 {
		t.Fatalf("rules %+v version %d: want two with IDs, version 1", got.Rules, got.Version)
	}
	dup := ssh
	dup.Description = "same traffic, other words"
	_, err := add(dup)
	code(t, "a rule twice", err, compute.AlreadyExists, "rule")
	_, err = add(compute.SecurityRule{Direction: compute.Ingress, Protocol: "tcp", Ports: "80/80", CIDR: "0.0.0.0/0", Policy: compute.Accept, Priority: 1},
		compute.SecurityRule{Direction: compute.Ingress, Protocol: "tcp", Ports: "443/443", CIDR: "0.0.0.0/0", Policy: compute.Accept, Priority: 1})
	code(t, "a fourth rule of three allowed", err, compute.LimitExceeded, "rule")
	_, err = add(compute.SecurityRule{Direction: compute.Egress, Protocol: "all", Peer: "sg-none", Policy: compute.Accept})
	code(t, "a rule naming an unknown group", err, compute.NotFound, "security_group")

	err = e.svc.DeleteSecurityGroup(e.ctx, owner, peer.ID, false)
	if e := code(t, "deleting a group another names", err, compute.InUse, "security_group"); e.Blocker != compute.KindSecurityGroup {
		t.Errorf("blocker %q, want security_group", e.Blocker)
	}
	_, err = e.svc.Launch(e.ctx, e.spec(compute.LaunchSpec{Subnet: sub.ID, SecurityGroups: []compute.SecurityGroupID{elsewhere.ID}}))
	code(t, "a group of another network", err, compute.InvalidArgument, "security_group_network")
	_, err = e.svc.Launch(e.ctx, e.spec(compute.LaunchSpec{Subnet: sub.ID, SecurityGroups: []compute.SecurityGroupID{g.ID, g.ID, "sg-none"}}))
	code(t, "an unknown group", err, compute.NotFound, "security_group")
	third := must(e.svc.CreateSecurityGroup(e.ctx, compute.SecurityGroupSpec{Owner: owner, Region: "r1", Network: n.ID}))
	_, err = e.svc.Launch(e.ctx, e.spec(compute.LaunchSpec{Subnet: sub.ID, SecurityGroups: []compute.SecurityGroupID{g.ID, peer.ID, third.ID}}))
	code(t, "three groups of two allowed", err, compute.LimitExceeded, "security_group")

	inst := e.launch(compute.LaunchSpec{Subnet: sub.ID, SecurityGroups: []compute.SecurityGroupID{g.ID}})[0]
	err = e.svc.DeleteSecurityGroup(e.ctx, owner, g.ID, false)
	if e := code(t, "deleting a group in use", err, compute.InUse, "security_group"); e.Blocker != compute.KindInstance {
		t.Errorf("blocker %q, want instance", e.Blocker)
	}
	// Joining and leaving.
	moved := must(e.svc.ModifyInstances(e.ctx, owner, []compute.InstanceID{inst.ID}, func(i *compute.Instance) error {
		i.SecurityGroups = []compute.SecurityGroupID{third.ID}
		return nil
	}))
	if !slices.Equal(moved[0].SecurityGroups, []compute.SecurityGroupID{third.ID}) {
		t.Errorf("groups after the move %v", moved[0].SecurityGroups)
	}
	_, err = e.svc.ModifyInstances(e.ctx, owner, []compute.InstanceID{inst.ID}, func(i *compute.Instance) error {
		i.SecurityGroups = nil
		return nil
	})
	code(t, "leaving the last group", err, compute.MissingArgument, "security_group")
	// g is free now; with its rule naming peer gone, so is peer.
	must(e.svc.ModifySecurityGroup(e.ctx, owner, g.ID, func(g *compute.SecurityGroup) error { g.Rules = g.Rules[:1]; return nil }))
	if err := e.svc.DeleteSecurityGroup(e.ctx, owner, peer.ID, false); err != nil {
		t.Errorf("deleting the group no rule names any more: %v", err)
	}
	if err := e.svc.DeleteSecurityGroup(e.ctx, owner, g.ID, false); err != nil {
		t.Errorf("deleting the group no instance uses any more: %v", err)
	}
}

func TestDisks(t *testing.T) {
	e := newEnv(t, nil)
	sys := compute.DiskSpec{Category: "ssd", SizeGiB: 40}
	inst := e.launch(compute.LaunchSpec{Zone: "r1-a", SystemDisk: sys, DataDisks: []compute.DiskSpec{{Category: "ssd", SizeGiB: 100, DeleteWithInstance: true, Name: "data"}}})[0]
	if inst.SystemDisk.ID == "" || inst.SystemDisk.SizeGiB != 40 {
		t.Fatalf("system disk %+v", inst.SystemDisk)
	}
	attached := must(e.svc.InstanceDisks(e.ctx, owner, []compute.InstanceID{inst.ID}))[inst.ID]
	if len(attached) != 2 || !attached[0].System || attached[0].Device != "/dev/xvda" || attached[1].Device != "/dev/xvdb" ||
		attached[1].Status != compute.DiskInUse || attached[1].Name != "data" || attached[0].ImageID != "img-linux" {
		t.Fatalf("disks of the new instance: %+v", attached)
	}
	for _, c := range []struct {
		name  string
		spec  compute.LaunchSpec
		param string
	}{
		{"an unknown category", compute.LaunchSpec{SystemDisk: compute.DiskSpec{Category: "tape", SizeGiB: 40}}, "disk_category"},
		{"a system disk too big", compute.LaunchSpec{SystemDisk: compute.DiskSpec{Category: "ssd", SizeGiB: 501}}, "disk_size"},
		{"a data disk of a system-only category", compute.LaunchSpec{DataDisks: []compute.DiskSpec{{Category: "local", SizeGiB: 40}}}, "disk_category"},
	} {
		_, err := e.svc.Launch(e.ctx, e.spec(c.spec))
		code(t, c.name, err, compute.InvalidArgument, c.param)
	}
	_, err := e.svc.Launch(e.ctx, e.spec(compute.LaunchSpec{DataDisks: make([]compute.DiskSpec, 3)}))
	code(t, "three data disks of two allowed", err, compute.LimitExceeded, "disk")

	d := must(e.svc.CreateDisks(e.ctx, compute.CreateDisksSpec{Owner: owner, Zone: "r1-a", Count: 1, Disk: compute.DiskSpec{Category: "ssd", SizeGiB: 50}}))[0]
	if d.Status != compute.DiskCreating {
		t.Errorf("new disk is %s, want creating", d.Status)
	}
	_, err = e.svc.AttachDisk(e.ctx, owner, d.ID, inst.ID, nil)
	code(t, "attaching a disk being created", err, compute.IncorrectState, "disk")
	e.clock.Advance(3 * delay) // the instance is running, the disk available
	other := must(e.svc.CreateDisks(e.ctx, compute.CreateDisksSpec{Owner: owner, Zone: "r1-b", Count: 1, Disk: compute.DiskSpec{Category: "ssd", SizeGiB: 50}}))[0]
	e.clock.Advance(delay)
	_, err = e.svc.AttachDisk(e.ctx, owner, other.ID, inst.ID, nil)
	code(t, "attaching a disk of another zone", err, compute.InvalidArgument, "zone")
	yes := true
	a := must(e.svc.AttachDisk(e.ctx, owner, d.ID, inst.ID, &yes))
	if a.Status != compute.DiskAttaching || a.Device != "/dev/xvdc" || !a.DeleteWithInstance {
		t.Errorf("attached disk %+v: want attaching at /dev/xvdc, going with the instance", a)
	}
	extra := must(e.svc.CreateDisks(e.ctx, compute.CreateDisksSpec{Owner: owner, Zone: "r1-a", Count: 1, Disk: compute.DiskSpec{Category: "ssd", SizeGiB: 50}}))[0]
	e.clock.Advance(delay)
	_, err = e.svc.AttachDisk(e.ctx, owner, extra.ID, inst.ID, nil)
	code(t, "a third data disk of two allowed", err, compute.LimitExceeded, "disk")
	err = e.svc.DeleteDisk(e.ctx, owner, d.ID, false)
	if e := code(t, "deleting an attached disk", err, compute.IncorrectState, "disk"); e.State != "in_use" {
		t.Errorf("state %q, want in_use", e.State)
	}
	_, err = e.svc.DetachDisk(e.ctx, owner, inst.SystemDisk.ID, "")
	code(t, "detaching a system disk", err, compute.IncorrectState, "disk")
	_, err = e.svc.ResizeDisk(e.ctx, owner, d.ID, 40)
	code(t, "shrinking a disk", err, compute.InvalidArgument, "disk_size")
	grown := must(e.svc.ResizeDisk(e.ctx, owner, inst.SystemDisk.ID, 60))
	if grown.SizeGiB != 60 {
		t.Errorf("resized to %d", grown.SizeGiB)
	}
	listed := must(e.svc.List(e.ctx, compute.Query{Owner: owner, IDs: []compute.InstanceID{inst.ID}, Limit: 1}))
	if listed.Instances[0].SystemDisk.SizeGiB != 60 {
		t.Errorf("the instance shows a %d GiB system disk, want 60", listed.Instances[0].SystemDisk.SizeGiB)
	}
	det := must(e.svc.DetachDisk(e.ctx, owner, d.ID, inst.ID))
	if det.Status != compute.DiskDetaching || det.Instance != "" || det.LastInstance != inst.ID {
		t.Errorf("detached disk %+v", det)
	}
	e.clock.Advance(delay)
	// Terminating the instance deletes what goes with it and frees the
	// rest.
	keep := must(e.svc.AttachDisk(e.ctx, owner, d.ID, inst.ID, new(bool)))
	e.clock.Advance(delay)
	must(e.svc.Act(e.ctx, compute.OpTerminate, compute.Selection{Owner: owner, IDs: []compute.InstanceID{inst.ID}}, compute.ActOptions{Force: true, Linger: true, AllOrNothing: true}))
	left := must(e.svc.Disks(e.ctx, owner, compute.Filter{}))
	var ids []compute.DiskID
	for _, d := range left {
		ids = append(ids, d.ID)
		if d.ID == keep.ID && (d.Instance != "" || d.Status != compute.DiskAvailable) {
			t.Errorf("the kept disk after termination: %+v, want available", d)
		}
	}
	if want := []compute.DiskID{d.ID, other.ID, extra.ID}; !slices.Equal(ids, want) {
		t.Errorf("disks after termination %v, want %v", ids, want)
	}
	if err := e.svc.DeleteDisk(e.ctx, owner, d.ID, false); err != nil {
		t.Errorf("deleting the freed disk: %v", err)
	}
}

func TestKeyPairs(t *testing.T) {
	e := newEnv(t, func(r *compute.Rules) { r.KeyPairsInUseStay = true })
	made, private, err := e.svc.CreateKeyPair(e.ctx, compute.KeyPairSpec{Owner: owner, Region: "r1", Name: "made"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(private, "-----BEGIN RSA PRIVATE KEY-----") || !strings.HasPrefix(made.PublicKey, "ssh-rsa AAAA") {
		t.Errorf("made key pair %q / %.40q", made.PublicKey, private)
	}
	if fp := made.FingerprintMD5(); len(fp) != 47 || strings.Count(fp, ":") != 15 {
		t.Errorf("MD5 fingerprint %q", fp)
	}
	// A key made by ssh-keygen -t ed25519, whose fingerprints ssh-keygen -l
	// printed as SHA256:yseQxncnbOcm/Kz5dmBAg0A57yiL3rRmXxEiCoBklfg and,
	// with -E md5, MD5:5d:10:5b:e5:4e:1e:ca:fe:5d:c6:e9:20:56:86:f2:d2.
	const public = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINNnKFKg0HbLU/KmmO7kYWxl+rsijVhUgBiYFPlYPiQn someone@host"
	imported, _, err := e.svc.CreateKeyPair(e.ctx, compute.KeyPairSpec{Owner: owner, Region: "r1", Name: "imported", PublicKey: public})
	if err != nil {
		t.Fatal(err)
	}
	if imported.PublicKey != strings.TrimSuffix(public, " someone@host") {
		t.Errorf("stored key %q: want it without its comment", imported.PublicKey)
	}
	if got, want := imported.FingerprintSHA256(), "SHA256:yseQxncnbOcm/Kz5dmBAg0A57yiL3rRmXxEiCoBklfg"; got != want {
		t.Errorf("SHA-256 fingerprint %q, want %q", got, want)
	}
	if got, want := imported.FingerprintMD5(), "5d:10:5b:e5:4e:1e:ca:fe:5d:c6:e9:20:56:86:f2:d2"; got != want {
		t.Errorf("MD5 fingerprint %q, want %q", got, want)
	}
	for _, bad := range []string{"ssh-rsa", "ssh-rsa !!!", "ssh-foo AAAA", "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAINNnKFKg0HbLU/KmmO7kYWxl+rsijVhUgBiYFPlYPiQn", strings.Repeat("a", 9000)} {
		_, _, err := e.svc.CreateKeyPair(e.ctx, compute.KeyPairSpec{Owner: owner, Region: "r1", Name: "bad", PublicKey: bad})
		code(t, fmt.Sprintf("importing %.20q", bad), err, compute.InvalidArgument, "public_key")
	}
	_, _, err = e.svc.CreateKeyPair(e.ctx, compute.KeyPairSpec{Owner: owner, Region: "r1", Name: "made"})
	code(t, "a second key pair named alike", err, compute.AlreadyExists, "key_pair")
	if _, _, err := e.svc.CreateKeyPair(e.ctx, compute.KeyPairSpec{Owner: owner, Region: "r2", Name: "made"}); err != nil {
		t.Errorf("the same name in another region: %v", err)
	}
	found := must(e.svc.KeyPairNamed(e.ctx, owner, "r1", "imported"))
	if found.ID != imported.ID {
		t.Errorf("KeyPairNamed found %s, want %s", found.ID, imported.ID)
	}
	inst := e.launch(compute.LaunchSpec{KeyPair: imported.ID})[0]
	_, err = e.svc.Launch(e.ctx, e.spec(compute.LaunchSpec{KeyPair: "kp-none"}))
	code(t, "an unknown key pair", err, compute.NotFound, "key_pair")
	err = e.svc.DeleteKeyPairs(e.ctx, owner, []compute.KeyPairID{made.ID, imported.ID})
	code(t, "deleting a key pair in use", err, compute.InUse, "key_pair")
	if got := must(e.svc.KeyPairs(e.ctx, owner, compute.Filter{Region: "r1"})); len(got) != 2 {
		t.Errorf("a refused delete deleted: %d key pairs left of 2", len(got))
	}
	must(e.svc.ModifyInstances(e.ctx, owner, []compute.InstanceID{inst.ID}, func(i *compute.Instance) error { i.KeyPair = ""; return nil }))
	if err := e.svc.DeleteKeyPairs(e.ctx, owner, []compute.KeyPairID{made.ID, imported.ID}); err != nil {
		t.Errorf("deleting key pairs no instance uses: %v", err)
	}
}

func TestTags(t *testing.T) {
	e := newEnv(t, nil)
	n := e.network("10.0.0.0/16")
	inst := e.launch(compute.LaunchSpec{Tags: []compute.Tag{{Key: "env", Value: "dev"}}})[0]
	keys := []compute.Key{{Kind: compute.KindNetwork, ID: string(n.ID)}, {Kind: compute.KindInstance, ID: string(inst.ID)}}
	if err := e.svc.Tag(e.ctx, owner, keys, []compute.Tag{{Key: "env", Value: "prod"}, {Key: "team", Value: "a"}}); err != nil {
		t.Fatal(err)
	}
	tagged := must(e.svc.Tagged(e.ctx, compute.TagSearch{Owner: owner, Tags: []compute.TagFilter{{Key: "env", Values: []string{"prod"}}}}))
	var got []compute.Key
	for _, r := range tagged {
		got = append(got, r.Key())
		if tags := r.Metadata().Tags; !slices.Equal(tags, []compute.Tag{{Key: "env", Value: "prod"}, {Key: "team", Value: "a"}}) {
			t.Errorf("%v has tags %v", r.Key(), tags)
		}
	}
	if want := []compute.Key{keys[1], keys[0]}; !slices.Equal(got, want) {
		t.Errorf("tagged env=prod: %v, want %v (instances first, by kind)", got, want)
	}
	err := e.svc.Tag(e.ctx, owner, keys, []compute.Tag{{Key: "a", Value: "1"}, {Key: "b", Value: "2"}})
	code(t, "a fourth and fifth tag of three allowed", err, compute.LimitExceeded, "tag")
	err = e.svc.Tag(e.ctx, owner, []compute.Key{{Kind: compute.KindDisk, ID: "d-none"}}, []compute.Tag{{Key: "a"}})
	code(t, "tagging an unknown disk", err, compute.NotFound, "disk")
	err = e.svc.Tag(e.ctx, owner, keys, []compute.Tag{{Key: "", Value: "x"}})
	code(t, "an empty key", err, compute.InvalidArgument, "tag_key")
	if err := e.svc.Untag(e.ctx, owner, keys[:1], []string{"env", "absent"}, false); err != nil {
		t.Fatal(err)
	}
	nets := must(e.svc.Networks(e.ctx, owner, compute.Filter{}))
	if !slices.Equal(nets[0].Tags, []compute.Tag{{Key: "team", Value: "a"}}) {
		t.Errorf("network tags after untag: %v", nets[0].Tags)
	}
	byTag := must(e.svc.List(e.ctx, compute.Query{Owner: owner, Links: []compute.LinkFilter{{Attr: compute.TagLinkAttr("team"), Values: []string{"a"}}}, Limit: 10}))
	if byTag.Total != 1 || byTag.Instances[0].ID != inst.ID {
		t.Errorf("instances tagged team=a: %v", byTag.Instances)
	}
}

func TestModifyInstances(t *testing.T) {
	e := newEnv(t, nil)
	inst := e.launch(compute.LaunchSpec{Zone: "r1-a", Name: "a", HostName: "a-host"})[0]
	got := must(e.svc.ModifyInstances(e.ctx, owner, []compute.InstanceID{inst.ID}, func(i *compute.Instance) error {
		i.Name, i.Description, i.HostName, i.UserData, i.HasPassword = "b", "desc", "b-host", "ZWNobw==", true
		i.ID, i.Zone, i.Target, i.PrivateIP = "i-other", "r1-b", compute.StatusStopped, netip.MustParseAddr("1.2.3.4")
		return nil
	}))[0]
	if got.ID != inst.ID || got.Zone != "r1-a" || got.Target != inst.Target || got.PrivateIP != inst.PrivateIP {
		t.Errorf("an edit changed what may not change: %+v", got)
	}
	if got.Name != "b" || got.Description != "desc" || got.HostName != "b-host" || got.UserData != "ZWNobw==" || !got.HasPassword {
		t.Errorf("an edit was lost: %+v", got)
	}
	_, err := e.svc.ModifyInstances(e.ctx, owner, []compute.InstanceID{inst.ID}, func(i *compute.Instance) error { i.InstanceType = "t.only-b"; return nil })
	code(t, "a type not offered in the zone", err, compute.InvalidArgument, "instance_type_zone")
	_, err = e.svc.ModifyInstances(e.ctx, owner, []compute.InstanceID{inst.ID}, func(i *compute.Instance) error { i.InstanceType = "t.none"; return nil })
	code(t, "an unknown type", err, compute.NotFound, "instance_type")
	_, err = e.svc.ModifyInstances(e.ctx, owner, []compute.InstanceID{inst.ID, "i-none"}, func(i *compute.Instance) error { i.Name = "c"; return nil })
	code(t, "one unknown instance of two", err, compute.NotFound, "instance")
	again := must(e.svc.List(e.ctx, compute.Query{Owner: owner, Limit: 10}))
	if again.Instances[0].Name != "b" {
		t.Errorf("a refused edit of two instances changed the first: name %q", again.Instances[0].Name)
	}
	_, err = e.svc.Launch(e.ctx, e.spec(compute.LaunchSpec{ImageID: "img-none"}))
	code(t, "an unknown image", err, compute.NotFound, "image")
	_, err = e.svc.Launch(e.ctx, e.spec(compute.LaunchSpec{Zone: "r1-a", InstanceType: "t.only-b"}))
	code(t, "a type not offered in the zone", err, compute.InvalidArgument, "instance_type_zone")
}

func TestReset(t *testing.T) {
	e := newEnv(t, nil)
	e.launch(compute.LaunchSpec{SystemDisk: compute.DiskSpec{Category: "ssd", SizeGiB: 20}, Count: 2})
	removed := must(e.svc.Reset(e.ctx, owner))
	want := map[compute.Kind]int{compute.KindInstance: 2, compute.KindDisk: 2, compute.KindNetwork: 1, compute.KindSubnet: 1, compute.KindSecurityGroup: 1}
	for k, n := range want {
		if removed[k] != n {
			t.Errorf("Reset removed %d %s, want %d (all: %v)", removed[k], k, n, removed)
		}
	}
}
