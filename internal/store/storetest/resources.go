package storetest

import (
	"errors"
	"fmt"
	"net/netip"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
)

// The resource families of the suite: every kind a store keeps, through
// compute.Tx and compute.Reader.

// fullResources returns one resource of each stored kind but instances,
// every field set, so that a round trip that loses one shows. IDs carry n.
func fullResources(owner compute.Owner, n int, now time.Time) []compute.Resource {
	meta := func(name string) compute.Meta {
		return compute.Meta{
			Owner: owner, Region: "r1", Zone: "r1-a", Name: name, Description: "about " + name,
			ResourceGroup: "rg-1", Tags: []compute.Tag{{Key: "env", Value: "test"}, {Key: "team", Value: name}},
			CreatedAt: now, Extra: map[string]string{"vendor": name},
		}
	}
	id := func(prefix string) string {
		return fmt.Sprintf("%s-%s-%04d", prefix, owner.Account[len(owner.Account)-2:], n)
	}
	net := &compute.Network{ID: compute.NetworkID(id("vpc")), Meta: meta("net"), CIDR: netip.MustParsePrefix("10.0.0.0/16"),
		IsDefault: true, ReadyAt: now.Add(time.Second)}
	return []compute.Resource{
		net,
		&compute.Subnet{ID: compute.SubnetID(id("vsw")), Meta: meta("sub"), Network: net.ID,
			CIDR: netip.MustParsePrefix("10.0.1.0/24"), IsDefault: true, ReadyAt: now.Add(time.Second)},
		&compute.SecurityGroup{ID: compute.SecurityGroupID(id("sg")), Meta: meta("sg"), Network: net.ID, IsDefault: true, Version: 3,
			Rules: []compute.SecurityRule{{
				ID: "sgr-1", Direction: compute.Ingress, Protocol: "tcp", Ports: "22/22", CIDR: "0.0.0.0/0",
				Policy: compute.Accept, Priority: 1, Description: "ssh", CreatedAt: now, Extra: map[string]string{"nic": "intranet"},
			}, {
				ID: "sgr-2", Direction: compute.Egress, Protocol: "all", Ports: "-1/-1", Peer: compute.SecurityGroupID(id("peer")),
				Policy: compute.Drop, Priority: 100, CreatedAt: now,
			}}},
		&compute.Disk{ID: compute.DiskID(id("d")), Meta: meta("disk"), Category: "cloud_essd", SizeGiB: 40, System: true,
			Encrypted: true, KMSKeyID: "kms-1", DeleteWithInstance: true, Instance: compute.InstanceID(id("i")), Device: "/dev/xvda",
			LastInstance: compute.InstanceID(id("i-before")), ImageID: "img-1", SnapshotID: "s-1", ChargeType: compute.PrePaid, AttachedAt: now, DetachedAt: now.Add(-time.Hour),
			Target: compute.DiskInUse, Phases: []compute.Phase[compute.DiskStatus]{{Status: compute.DiskAttaching, Until: now.Add(time.Second)}}},
		&compute.KeyPair{ID: compute.KeyPairID(id("kp")), Meta: meta("kp"), PublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAAA"},
	}
}

// fullInstance returns an instance with every stored field set.
func fullInstance(owner compute.Owner, id string, now time.Time) compute.Instance {
	return compute.Instance{
		ID: compute.InstanceID(id),
		Meta: compute.Meta{Owner: owner, Region: "r1", Zone: "r1-a", Name: "web", Description: "a web server", ResourceGroup: "rg-1",
			Tags: []compute.Tag{{Key: "env", Value: "prod"}}, CreatedAt: now, Extra: map[string]string{"project": "7"}},
		ImageID: "img-1", InstanceType: "t1.small", ChargeType: compute.PrePaid,
		HostName: "web-1", UserData: "IyEvYmluL3NoCg==", KeyPair: "kp-1", HasPassword: true, DeletionProtection: true,
		Network: "vpc-1", Subnet: "vsw-1", SecurityGroups: []compute.SecurityGroupID{"sg-1", "sg-2"}, NIC: "eni-1",
		PrivateIP: netip.MustParseAddr("10.0.1.5"), InternetCharge: compute.ChargeByTraffic, BandwidthOut: 5, BandwidthIn: 100,
		SystemDisk: compute.DiskSummary{ID: "d-1", Category: "cloud_essd", SizeGiB: 40},
		Target:     compute.StatusRunning,
		Stages:     []compute.Stage{{Status: compute.StatusPending, Until: now.Add(time.Second)}},
	}
}

// comparable returns r with what a store sets (Owner, Serial) cleared,
// and times in UTC, for comparisons.
func comparable(r compute.Resource) compute.Resource {
	v := reflect.New(reflect.TypeOf(r).Elem())
	v.Elem().Set(reflect.ValueOf(r).Elem())
	c := v.Interface().(compute.Resource)
	m := c.Metadata()
	m.Serial = 0
	m.CreatedAt = m.CreatedAt.UTC()
	return c
}

// update runs fn in an Update of owner that must succeed.
func (f *fixture) update(owner compute.Owner, fn func(tx compute.Tx) error) {
	f.t.Helper()
	if err := f.s.Update(f.ctx, owner, f.clock.Now(), fn); err != nil {
		f.t.Fatalf("Update: %v", err)
	}
}

func keysOf(rs []compute.Resource) []compute.Key {
	out := make([]compute.Key, len(rs))
	for i, r := range rs {
		out[i] = r.Key()
	}
	return out
}

func testResourceRoundTrip(t *testing.T, f *fixture) {
	now := f.clock.Now().Truncate(time.Microsecond)
	want := fullResources(alice, 1, now)
	f.update(alice, func(tx compute.Tx) error {
		for _, r := range want {
			if err := tx.Put(f.ctx, r); err != nil {
				return err
			}
			if r.Metadata().Serial == 0 {
				t.Errorf("Put of a new %s left its Serial 0", r.Key().Kind)
			}
		}
		return nil
	})
	var serials []int64
	for _, w := range want {
		k := w.Key()
		got, err := f.s.Read(alice).Get(f.ctx, k.Kind, k.ID)
		if err != nil || len(got) != 1 {
			t.Fatalf("Get(%v) = %d resources, %v; want 1", k, len(got), err)
		}
		if got[0].Metadata().Serial != w.Metadata().Serial {
			t.Errorf("Get(%v).Serial = %d, want %d as Put set", k, got[0].Metadata().Serial, w.Metadata().Serial)
		}
		serials = append(serials, got[0].Metadata().Serial)
		if g, w := comparable(got[0]), comparable(w); !reflect.DeepEqual(g, w) {
			t.Errorf("%s round trip:\n got %+v\nwant %+v", k.Kind, g, w)
		}
	}
	if !slices.IsSorted(serials) || len(slices.Compact(slices.Clone(serials))) != len(serials) {
		t.Errorf("serials %v: want distinct and growing in creation order", serials)
	}

	t.Run("replaced keeps serial and creation", func(t *testing.T) {
		net := *want[0].(*compute.Network)
		serial := net.Serial
		net.Name, net.Tags, net.CreatedAt = "renamed", nil, now.Add(time.Hour)
		f.update(alice, func(tx compute.Tx) error { return tx.Put(f.ctx, &net) })
		got, _ := f.s.Read(alice).Get(f.ctx, compute.KindNetwork, string(net.ID))
		if len(got) != 1 {
			t.Fatal("the network is gone")
		}
		m := got[0].Metadata()
		if m.Name != "renamed" || len(m.Tags) != 0 || m.Serial != serial || !m.CreatedAt.Equal(now) {
			t.Errorf("after Put: name %q tags %v serial %d created %v; want renamed, none, %d, %v", m.Name, m.Tags, m.Serial, m.CreatedAt, serial, now)
		}
		links, _ := f.s.Read(alice).Links(f.ctx, compute.LinkFilter{Attr: compute.TagLinkPrefix, Prefix: true, Kind: compute.KindNetwork})
		if len(links) != 0 {
			t.Errorf("the network's old tag links remain: %v", links)
		}
	})

	t.Run("instance", func(t *testing.T) {
		inst := fullInstance(alice, "i-full-1", now)
		var created []compute.Instance
		f.update(alice, func(tx compute.Tx) error {
			var err error
			created, err = tx.CreateInstances(f.ctx, "", []compute.Instance{inst})
			return err
		})
		if created[0].Serial == 0 {
			t.Error("CreateInstances left the Serial 0")
		}
		got, err := f.s.Read(alice).Get(f.ctx, compute.KindInstance, "i-full-1")
		if err != nil || len(got) != 1 {
			t.Fatalf("Get = %d, %v", len(got), err)
		}
		if g, w := comparable(got[0]), comparable(&inst); !reflect.DeepEqual(g, w) {
			t.Errorf("instance round trip:\n got %+v\nwant %+v", g, w)
		}
		changed := *got[0].(*compute.Instance)
		changed.Name, changed.ResourceGroup, changed.SecurityGroups = "db", "rg-2", []compute.SecurityGroupID{"sg-3"}
		changed.Tags = []compute.Tag{{Key: "env", Value: "dev"}}
		f.update(alice, func(tx compute.Tx) error { return tx.Put(f.ctx, &changed) })
		again, _ := f.s.Read(alice).Get(f.ctx, compute.KindInstance, "i-full-1")
		if g, w := comparable(again[0]), comparable(&changed); !reflect.DeepEqual(g, w) {
			t.Errorf("instance after Put:\n got %+v\nwant %+v", g, w)
		}
		for _, c := range []struct {
			q    compute.Query
			want int
		}{
			{compute.Query{Owner: alice, ResourceGroup: "rg-2", Limit: 10}, 1},
			{compute.Query{Owner: alice, ResourceGroup: "rg-1", Limit: 10}, 0},
			{compute.Query{Owner: alice, Links: []compute.LinkFilter{{Attr: compute.LinkSecurityGroup, Values: []string{"sg-3"}}}, Limit: 10}, 1},
			{compute.Query{Owner: alice, Links: []compute.LinkFilter{{Attr: compute.LinkSecurityGroup, Values: []string{"sg-1"}}}, Limit: 10}, 0},
			{compute.Query{Owner: alice, Links: []compute.LinkFilter{{Attr: compute.TagLinkAttr("env"), Values: []string{"dev", "x"}}}, Limit: 10}, 1},
			{compute.Query{Owner: alice, Links: []compute.LinkFilter{{Attr: compute.TagLinkAttr("env")}}, Limit: 10}, 1},
			{compute.Query{Owner: alice, Links: []compute.LinkFilter{{Attr: compute.LinkPrivateIP, Values: []string{"10.0.1.5"}}}, Limit: 10}, 1},
			{compute.Query{Owner: bob, Links: []compute.LinkFilter{{Attr: compute.LinkPrivateIP, Values: []string{"10.0.1.5"}}}, Limit: 10}, 0},
		} {
			p := f.list(c.q, now)
			if p.Total != c.want || len(p.Instances) != c.want {
				t.Errorf("List(%s) = %d of %d; want %d", describe(c.q), len(p.Instances), p.Total, c.want)
			}
		}
	})
}

func testResourceFilters(t *testing.T, f *fixture) {
	now := f.clock.Now()
	var mine []compute.Resource
	for n := range 3 {
		mine = append(mine, fullResources(alice, n, now)...)
	}
	r2 := fullResources(alice, 9, now)[0].(*compute.Network)
	r2.Region = "r2"
	theirs := fullResources(bob, 1, now)
	f.update(alice, func(tx compute.Tx) error {
		for _, r := range append(mine, r2) {
			if err := tx.Put(f.ctx, r); err != nil {
				return err
			}
		}
		return nil
	})
	f.update(bob, func(tx compute.Tx) error {
		for _, r := range theirs {
			if err := tx.Put(f.ctx, r); err != nil {
				return err
			}
		}
		return nil
	})
	read := f.s.Read(alice)
	nets := func(rs []compute.Resource) []compute.Key {
		var out []compute.Key
		for _, r := range rs {
			if r.Key().Kind == compute.KindNetwork {
				out = append(out, r.Key())
			}
		}
		return out
	}
	subnet1 := mine[5+1].(*compute.Subnet)
	cases := []struct {
		name string
		f    compute.Filter
		want []compute.Key
	}{
		{"a kind", compute.Filter{Kind: compute.KindNetwork}, append(nets(mine), r2.Key())},
		{"a region", compute.Filter{Kind: compute.KindNetwork, Region: "r1"}, nets(mine)},
		{"another region", compute.Filter{Kind: compute.KindNetwork, Region: "r2"}, []compute.Key{r2.Key()}},
		{"IDs", compute.Filter{Kind: compute.KindSubnet, IDs: []string{string(subnet1.ID), "vsw-none"}}, []compute.Key{subnet1.Key()}},
		{"another owner's ID", compute.Filter{Kind: compute.KindNetwork, IDs: []string{string(theirs[0].Key().ID)}}, nil},
		{"a link", compute.Filter{Kind: compute.KindSubnet, Links: []compute.LinkFilter{{Attr: compute.LinkNetwork, Values: []string{string(subnet1.Network)}}}},
			[]compute.Key{subnet1.Key()}},
		{"a link to any of values", compute.Filter{Kind: compute.KindDisk, Links: []compute.LinkFilter{{Attr: compute.LinkInstance,
			Values: []string{string(mine[3].(*compute.Disk).Instance), string(mine[8].(*compute.Disk).Instance)}}}},
			[]compute.Key{mine[3].Key(), mine[8].Key()}},
		{"a tag value", compute.Filter{Kind: compute.KindKeyPair, Links: []compute.LinkFilter{{Attr: compute.TagLinkAttr("team"), Values: []string{"kp"}}}},
			[]compute.Key{mine[4].Key(), mine[9].Key(), mine[14].Key()}},
		{"a tag key and a wrong value", compute.Filter{Kind: compute.KindKeyPair, Links: []compute.LinkFilter{
			{Attr: compute.TagLinkAttr("team"), Values: []string{"kp"}}, {Attr: compute.TagLinkAttr("env"), Values: []string{"prod"}}}}, nil},
		{"a peer group", compute.Filter{Kind: compute.KindSecurityGroup, Links: []compute.LinkFilter{{Attr: compute.LinkSecurityGroup}}},
			[]compute.Key{mine[2].Key(), mine[7].Key(), mine[12].Key()}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := read.Find(f.ctx, c.f)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(keysOf(got), c.want) {
				t.Errorf("Find = %v, want %v", keysOf(got), c.want)
			}
			for _, r := range got {
				if !c.f.Matches(r) {
					t.Errorf("Find returned %v, which Filter.Matches refuses", r.Key())
				}
			}
		})
	}

	t.Run("links", func(t *testing.T) {
		got, err := read.Links(f.ctx, compute.LinkFilter{Attr: compute.LinkNetwork, Values: []string{string(subnet1.Network)}})
		if err != nil {
			t.Fatal(err)
		}
		// In the order of attribute, value, kind and ID.
		want := []compute.Link{
			{Attr: compute.LinkNetwork, Value: string(subnet1.Network), From: mine[7].Key()},
			{Attr: compute.LinkNetwork, Value: string(subnet1.Network), From: subnet1.Key()},
		}
		if !slices.Equal(got, want) {
			t.Errorf("Links(network) = %v, want %v", got, want)
		}
		tags, err := read.Links(f.ctx, compute.LinkFilter{Attr: compute.TagLinkPrefix, Prefix: true, Kind: compute.KindDisk})
		if err != nil {
			t.Fatal(err)
		}
		if len(tags) != 6 {
			t.Errorf("tag links of disks = %v, want 6 (2 tags of 3 disks)", tags)
		}
		for _, l := range tags {
			if l.From.Kind != compute.KindDisk {
				t.Errorf("a link from %v, want disks only", l.From)
			}
		}
		none, _ := f.s.Read(aliceTencent).Links(f.ctx, compute.LinkFilter{Attr: compute.TagLinkPrefix, Prefix: true})
		if len(none) != 0 {
			t.Errorf("another cloud's owner sees links %v", none)
		}
	})

	t.Run("delete removes links", func(t *testing.T) {
		f.update(alice, func(tx compute.Tx) error { return tx.Delete(f.ctx, subnet1.Key()) })
		got, _ := read.Links(f.ctx, compute.LinkFilter{Attr: compute.LinkNetwork, Values: []string{string(subnet1.Network)}, Kind: compute.KindSubnet})
		if len(got) != 0 {
			t.Errorf("links of the deleted subnet remain: %v", got)
		}
		if found, _ := read.Get(f.ctx, compute.KindSubnet, string(subnet1.ID)); len(found) != 0 {
			t.Error("the deleted subnet is still found")
		}
	})

	t.Run("a key another owner holds", func(t *testing.T) {
		taken := fullResources(bob, 1, now)[0]
		taken.Metadata().Owner = alice
		err := f.s.Update(f.ctx, alice, now, func(tx compute.Tx) error { return tx.Put(f.ctx, taken) })
		if compute.ErrorCode(err) != compute.AlreadyExists {
			t.Errorf("Put of bob's network ID as alice's = %v; want AlreadyExists", err)
		}
		got, _ := f.s.Read(bob).Get(f.ctx, compute.KindNetwork, taken.Key().ID)
		if len(got) != 1 || got[0].Metadata().Name != "net" {
			t.Errorf("bob's network after alice's Put: %v", got)
		}
	})
}

// errRollback makes an Update fail on purpose.
var errRollback = errors.New("roll back")

func testUpdateAtomic(t *testing.T, f *fixture) {
	now := f.clock.Now()
	rs := fullResources(alice, 1, now)
	f.update(alice, func(tx compute.Tx) error { return tx.Put(f.ctx, rs[0]) })
	err := f.s.Update(f.ctx, alice, now, func(tx compute.Tx) error {
		for _, r := range rs[1:] {
			if err := tx.Put(f.ctx, r); err != nil {
				return err
			}
		}
		if err := tx.Delete(f.ctx, rs[0].Key()); err != nil {
			return err
		}
		if _, err := tx.CreateInstances(f.ctx, "tok", []compute.Instance{fullInstance(alice, "i-rolled-back", now)}); err != nil {
			return err
		}
		// The transaction sees its own writes.
		if got, err := tx.Get(f.ctx, compute.KindSubnet, rs[1].Key().ID); err != nil || len(got) != 1 {
			t.Errorf("inside the transaction, Get of the new subnet = %d, %v; want 1", len(got), err)
		}
		if got, err := tx.Get(f.ctx, compute.KindNetwork, rs[0].Key().ID); err != nil || len(got) != 0 {
			t.Errorf("inside the transaction, Get of the deleted network = %d, %v; want 0", len(got), err)
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatalf("Update = %v, want the error fn returned", err)
	}
	read := f.s.Read(alice)
	if got, _ := read.Get(f.ctx, compute.KindNetwork, rs[0].Key().ID); len(got) != 1 {
		t.Error("the network deleted by a failed Update is gone")
	}
	for _, r := range rs[1:] {
		if got, _ := read.Get(f.ctx, r.Key().Kind, r.Key().ID); len(got) != 0 {
			t.Errorf("the %s put by a failed Update is stored", r.Key().Kind)
		}
	}
	if p := f.list(compute.Query{Owner: alice, Limit: 10}, now); p.Total != 0 {
		t.Errorf("the instance created by a failed Update is listed")
	}
	f.update(alice, func(tx compute.Tx) error {
		if _, claimed, err := tx.Claimed(f.ctx, "tok"); err != nil || claimed {
			t.Errorf("Claimed(token of a failed Update) = %v, %v; want false", claimed, err)
		}
		return nil
	})
	links, _ := read.Links(f.ctx, compute.LinkFilter{Attr: compute.LinkNetwork})
	if len(links) != 0 {
		t.Errorf("links of a failed Update remain: %v", links)
	}
}

func testUpdateConcurrent(t *testing.T, f *fixture) {
	now := f.clock.Now()
	net := fullResources(alice, 1, now)[0].(*compute.Network)
	net.Description = ""
	f.update(alice, func(tx compute.Tx) error { return tx.Put(f.ctx, net) })
	const workers = 8
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- f.s.Update(f.ctx, alice, now, func(tx compute.Tx) error {
				got, err := tx.Get(f.ctx, compute.KindNetwork, string(net.ID))
				if err != nil {
					return err
				}
				n := got[0].(*compute.Network)
				n.Description += "x"
				return tx.Put(f.ctx, n)
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Update: %v", err)
		}
	}
	got, _ := f.s.Read(alice).Get(f.ctx, compute.KindNetwork, string(net.ID))
	if d := got[0].Metadata().Description; len(d) != workers {
		t.Errorf("description %q after %d concurrent appends: updates were lost", d, workers)
	}
}

func testUpdateReaps(t *testing.T, f *fixture) {
	t0 := f.clock.Now()
	inst := fullInstance(alice, "i-going", t0)
	inst.Stages = nil
	f.update(alice, func(tx compute.Tx) error {
		_, err := tx.CreateInstances(f.ctx, "", []compute.Instance{inst})
		return err
	})
	f.update(alice, func(tx compute.Tx) error {
		inst.Target, inst.Stages = compute.StatusTerminated, []compute.Stage{{Status: compute.StatusTerminating, Until: t0.Add(time.Second)}}
		return tx.SetLifecycles(f.ctx, []compute.Instance{inst})
	})
	linked := func() int {
		links, err := f.s.Read(alice).Links(f.ctx, compute.LinkFilter{Attr: compute.LinkSubnet, Values: []string{"vsw-1"}})
		if err != nil {
			t.Fatal(err)
		}
		return len(links)
	}
	if n := linked(); n != 1 {
		t.Fatalf("a terminating instance has %d subnet links, want 1", n)
	}
	err := f.s.Update(f.ctx, alice, t0.Add(2*time.Second), func(tx compute.Tx) error {
		got, err := tx.Get(f.ctx, compute.KindInstance, "i-going")
		if err != nil {
			return err
		}
		if len(got) != 0 {
			t.Error("an Update after the instance is gone still finds it")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := linked(); n != 0 {
		t.Errorf("the gone instance keeps %d subnet links after an Update", n)
	}
}

func testResetResources(t *testing.T, f *fixture) {
	now := f.clock.Now()
	f.update(alice, func(tx compute.Tx) error {
		for _, r := range fullResources(alice, 1, now) {
			if err := tx.Put(f.ctx, r); err != nil {
				return err
			}
		}
		_, err := tx.CreateInstances(f.ctx, "", []compute.Instance{fullInstance(alice, "i-reset", now)})
		return err
	})
	f.update(bob, func(tx compute.Tx) error { return tx.Put(f.ctx, fullResources(bob, 1, now)[0]) })
	n, err := f.s.Reset(f.ctx, alice)
	want := map[compute.Kind]int{compute.KindInstance: 1, compute.KindNetwork: 1, compute.KindSubnet: 1,
		compute.KindSecurityGroup: 1, compute.KindDisk: 1, compute.KindKeyPair: 1}
	if err != nil || !reflect.DeepEqual(n, want) {
		t.Fatalf("Reset = %v, %v; want %v", n, err, want)
	}
	if links, _ := f.s.Read(alice).Links(f.ctx, compute.LinkFilter{Attr: "", Prefix: true}); len(links) != 0 {
		t.Errorf("links remain after Reset: %v", links)
	}
	if got, _ := f.s.Read(bob).Find(f.ctx, compute.Filter{Kind: compute.KindNetwork}); len(got) != 1 {
		t.Errorf("bob has %d networks after alice's Reset, want 1", len(got))
	}
	// The IDs are free again.
	f.update(alice, func(tx compute.Tx) error { return tx.Put(f.ctx, fullResources(alice, 1, now)[0]) })
}

// testRestoreSerials: resources and instances given a serial (restored
// from a snapshot) keep it, and those made later get higher ones.
func testRestoreSerials(t *testing.T, f *fixture) {
	now := f.clock.Now()
	restored := fullResources(alice, 1, now)[0]
	restored.Metadata().Serial = 1000
	insts := []compute.Instance{fullInstance(alice, "i-restored-1", now), fullInstance(alice, "i-restored-2", now)}
	insts[0].Serial, insts[1].Serial = 700, 500
	f.update(alice, func(tx compute.Tx) error {
		if err := tx.Put(f.ctx, restored); err != nil {
			return err
		}
		got, err := tx.CreateInstances(f.ctx, "", insts)
		if err == nil && (got[0].Serial != 700 || got[1].Serial != 500) {
			t.Errorf("restored instances have serials %d, %d; want 700, 500", got[0].Serial, got[1].Serial)
		}
		return err
	})
	read := f.s.Read(alice)
	got, err := read.Get(f.ctx, restored.Key().Kind, restored.Key().ID)
	if err != nil || len(got) != 1 || got[0].Metadata().Serial != 1000 {
		t.Fatalf("restored network: %v %v; want serial 1000", got, err)
	}
	// Listed in serial order, as the creation order they had.
	p := f.list(compute.Query{Owner: alice, Limit: 10}, now)
	if len(p.Instances) != 2 || p.Instances[0].ID != "i-restored-2" || p.Instances[0].Serial != 500 {
		t.Fatalf("listed %v; want i-restored-2 (500) first", ids(p.Instances))
	}
	later := fullResources(alice, 2, now)[0]
	laterInst := fullInstance(alice, "i-later", now)
	var made []compute.Instance
	f.update(alice, func(tx compute.Tx) error {
		if err := tx.Put(f.ctx, later); err != nil {
			return err
		}
		var err error
		made, err = tx.CreateInstances(f.ctx, "", []compute.Instance{laterInst})
		return err
	})
	if later.Metadata().Serial <= 1000 || made[0].Serial <= 700 {
		t.Errorf("serials after a restore: resource %d (want > 1000), instance %d (want > 700)", later.Metadata().Serial, made[0].Serial)
	}
}
