// Package storetest holds what the tests of every store share: the Store
// suite every compute.Store and auth.Store must pass, and the benchmarks.
package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/compute/computetest"
)

// Stores are the stores one suite run tests, usually one database behind
// both. (The package holds what every store's tests share: the suite and
// the benchmarks.)
type Stores struct {
	Instances compute.Store
	Accounts  auth.Store
	Secrets   auth.Secrets
}

// TestStore runs the suite every store must pass. open returns fresh, empty
// stores; it is called once per subtest, and releases them with t.Cleanup.
func TestStore(t *testing.T, open func(t *testing.T) Stores) {
	run := func(name string, test func(t *testing.T, f *fixture)) {
		t.Run(name, func(t *testing.T) {
			test(t, newFixture(t, open(t)))
		})
	}
	run("CreateAndList", testCreateAndList)
	run("TotalOnEveryPage", testTotalOnEveryPage)
	run("PagingEdges", testPagingEdges)
	run("Scopes", testScopes)
	run("IDs", testIDs)
	run("Statuses", testStatuses)
	run("NameContains", testNameContains)
	run("OwnerIsolation", testOwnerIsolation)
	run("Modify", testModify)
	run("ModifyConcurrent", testModifyConcurrent)
	run("Gone", testGone)
	run("Randomized", testRandomized)
	run("ClientToken", testClientToken)
	run("DuplicateID", testDuplicateID)
	run("Reset", testReset)
	run("Accounts", testAccounts)
	run("KeyAdmin", testKeyAdmin)
	run("SecretsAdmin", testSecretsAdmin)
	run("ResourceRoundTrip", testResourceRoundTrip)
	run("ResourceFilters", testResourceFilters)
	run("UpdateAtomic", testUpdateAtomic)
	run("UpdateConcurrent", testUpdateConcurrent)
	run("UpdateReaps", testUpdateReaps)
	run("ResetResources", testResetResources)
	run("Secrets", testSecrets)
	run("RestoreSerials", testRestoreSerials)
}

// Owners of the suite: bob is another account, aliceTencent the same account
// on another cloud.
var (
	alice        = compute.Owner{Account: "1000000000000001", Cloud: compute.CloudAliyun}
	bob          = compute.Owner{Account: "1000000000000002", Cloud: compute.CloudAliyun}
	aliceTencent = compute.Owner{Account: alice.Account, Cloud: compute.CloudTencent}
)

// fixture holds what the cases share: the stores, a clock, and a model of
// every instance created, which answers queries by brute force.
type fixture struct {
	t     *testing.T
	ctx   context.Context
	s     compute.Store
	acc   auth.Store
	sec   auth.Secrets
	clock *computetest.Clock
	n     int                // instances made so far, for IDs
	model []compute.Instance // in creation order, every owner
}

func newFixture(t *testing.T, s Stores) *fixture {
	return &fixture{t: t, ctx: t.Context(), s: s.Instances, acc: s.Accounts, sec: s.Secrets, clock: computetest.NewClock(time.Time{})}
}

// spec places a new instance.
type spec struct {
	region compute.RegionID
	zone   compute.ZoneID
	group  string
	name   string
}

// make returns a new running instance of owner, not yet stored.
func (f *fixture) make(owner compute.Owner, sp spec) compute.Instance {
	f.n++
	if sp.region == "" {
		sp.region, sp.zone = "r1", "r1-a"
	}
	if sp.name == "" {
		sp.name = fmt.Sprintf("vm-%d", f.n)
	}
	now := f.clock.Now()
	return compute.Instance{
		ID:      compute.InstanceID(fmt.Sprintf("i-%s-%06d", owner.Cloud, f.n)),
		Meta:    compute.Meta{Owner: owner, Region: sp.region, Zone: sp.zone, ResourceGroup: sp.group, Name: sp.name, CreatedAt: now},
		ImageID: "img-1", InstanceType: "t1.small", ChargeType: compute.PostPaid,
		Target: compute.StatusRunning,
		Stages: []compute.Stage{{Status: compute.StatusPending, Until: now.Add(time.Second)}},
	}
}

// makeN returns n new instances of owner.
func (f *fixture) makeN(owner compute.Owner, n int, sp spec) []compute.Instance {
	out := make([]compute.Instance, n)
	for i := range out {
		out[i] = f.make(owner, sp)
	}
	return out
}

// create stores instances and adds them to the model.
func (f *fixture) create(owner compute.Owner, token string, insts ...compute.Instance) []compute.Instance {
	f.t.Helper()
	got, err := Create(f.ctx, f.s, owner, token, insts)
	if err != nil {
		f.t.Fatalf("Create(%d instances): %v", len(insts), err)
	}
	f.model = append(f.model, insts...)
	return got
}

// modify runs a Modify that must succeed, and applies its change to the
// model.
func (f *fixture) modify(owner compute.Owner, ids []compute.InstanceID, decide func(found []compute.Instance) Change) {
	f.t.Helper()
	var change Change
	err := Modify(f.ctx, f.s, owner, f.clock.Now(), ids, func(found []compute.Instance) (Change, error) {
		change = decide(found)
		return change, nil
	})
	if err != nil {
		f.t.Fatalf("Modify: %v", err)
	}
	for _, p := range change.Put {
		for i := range f.model {
			if f.model[i].ID == p.ID {
				f.model[i].Target, f.model[i].Stages = p.Target, slices.Clone(p.Stages)
			}
		}
	}
	f.model = slices.DeleteFunc(f.model, func(inst compute.Instance) bool { return slices.Contains(change.Delete, inst.ID) })
}

// remove deletes instances of owner.
func (f *fixture) remove(owner compute.Owner, ids ...compute.InstanceID) {
	f.t.Helper()
	f.modify(owner, ids, func([]compute.Instance) Change { return Change{Delete: ids} })
}

func (f *fixture) list(q compute.Query, now time.Time) compute.Page {
	f.t.Helper()
	p, err := f.s.List(f.ctx, q, now)
	if err != nil {
		f.t.Fatalf("List(%s): %v", describe(q), err)
	}
	return p
}

// want answers q from the model.
func (f *fixture) want(q compute.Query, now time.Time) compute.Page {
	return pageOf(f.matching(q, now), q)
}

// matching returns the model's instances that match q, ignoring its
// offset and limit.
func (f *fixture) matching(q compute.Query, now time.Time) []compute.Instance {
	var all []compute.Instance
	for _, inst := range f.model {
		if matches(inst, q, now) {
			all = append(all, inst)
		}
	}
	return all
}

// pageOf is the page of all that q's offset and limit select.
func pageOf(all []compute.Instance, q compute.Query) compute.Page {
	p := compute.Page{Total: len(all)}
	if q.Offset < len(all) {
		p.Instances = all[q.Offset:min(len(all), q.Offset+q.Limit)]
	}
	return p
}

func matches(inst compute.Instance, q compute.Query, now time.Time) bool {
	status := inst.StatusAt(now)
	switch {
	case inst.Owner != q.Owner, status == compute.StatusTerminated,
		q.Region != "" && inst.Region != q.Region,
		q.Zone != "" && inst.Zone != q.Zone,
		q.ResourceGroup != "" && inst.ResourceGroup != q.ResourceGroup,
		len(q.IDs) > 0 && !slices.Contains(q.IDs, inst.ID),
		len(q.Statuses) > 0 && !slices.Contains(q.Statuses, status),
		!strings.Contains(inst.Name, q.NameContains):
		return false
	}
	return true
}

// check lists q and compares the page with the model's. A brief listing
// must still give each instance's ID and lifecycle state.
func (f *fixture) check(q compute.Query, now time.Time) {
	f.t.Helper()
	got, want := f.list(q, now), f.want(q, now)
	if q.Brief {
		got, want = brief(got), brief(want)
	}
	checkPage(f.t, describe(q), got, want)
}

// brief keeps of each instance what a brief listing promises.
func brief(p compute.Page) compute.Page {
	out := compute.Page{Total: p.Total}
	for _, inst := range p.Instances {
		out.Instances = append(out.Instances, compute.Instance{ID: inst.ID, Meta: compute.Meta{Owner: inst.Owner}, Target: inst.Target, Stages: inst.Stages})
	}
	return out
}

// checkAll walks every page of q, limit at a time, against the model.
func (f *fixture) checkAll(q compute.Query, limit int, now time.Time) {
	f.t.Helper()
	q.Limit = limit
	for q.Offset = 0; ; q.Offset += limit {
		f.check(q, now)
		if q.Offset >= f.want(q, now).Total {
			return
		}
	}
}

func checkPage(t *testing.T, what string, got, want compute.Page) {
	t.Helper()
	if got.Total != want.Total {
		t.Errorf("%s: Total = %d, want %d", what, got.Total, want.Total)
	}
	if g, w := ids(got.Instances), ids(want.Instances); !slices.Equal(g, w) {
		t.Errorf("%s: instances = %v, want %v", what, g, w)
		return
	}
	for i := range got.Instances {
		if d := diff(got.Instances[i], want.Instances[i]); d != "" {
			t.Errorf("%s: instance %s: %s", what, want.Instances[i].ID, d)
		}
	}
}

func ids(insts []compute.Instance) []compute.InstanceID {
	out := make([]compute.InstanceID, len(insts))
	for i, inst := range insts {
		out[i] = inst.ID
	}
	return out
}

// diff describes how got differs from want, ignoring Status (stores do not
// keep it); empty when they agree.
func diff(got, want compute.Instance) string {
	var d []string
	field := func(name string, g, w any) {
		if g != w {
			d = append(d, fmt.Sprintf("%s = %v, want %v", name, g, w))
		}
	}
	field("ID", got.ID, want.ID)
	field("Owner", got.Owner, want.Owner)
	field("Region", got.Region, want.Region)
	field("Zone", got.Zone, want.Zone)
	field("Name", got.Name, want.Name)
	field("ImageID", got.ImageID, want.ImageID)
	field("InstanceType", got.InstanceType, want.InstanceType)
	field("ResourceGroup", got.ResourceGroup, want.ResourceGroup)
	field("ChargeType", got.ChargeType, want.ChargeType)
	if !got.CreatedAt.Equal(want.CreatedAt) {
		d = append(d, fmt.Sprintf("CreatedAt = %v, want %v", got.CreatedAt, want.CreatedAt))
	}
	field("Target", got.Target, want.Target)
	if !slices.EqualFunc(got.Stages, want.Stages, func(a, b compute.Stage) bool {
		return a.Status == b.Status && a.Until.Equal(b.Until)
	}) {
		d = append(d, fmt.Sprintf("Stages = %v, want %v", got.Stages, want.Stages))
	}
	return strings.Join(d, "; ")
}

func describe(q compute.Query) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s/%s", q.Account, q.Cloud)
	for _, kv := range [][2]string{{"region", string(q.Region)}, {"zone", string(q.Zone)},
		{"group", q.ResourceGroup}, {"name", q.NameContains}} {
		if kv[1] != "" {
			fmt.Fprintf(&b, " %s=%q", kv[0], kv[1])
		}
	}
	if len(q.IDs) > 0 {
		fmt.Fprintf(&b, " ids=%v", q.IDs)
	}
	if len(q.Statuses) > 0 {
		fmt.Fprintf(&b, " statuses=%v", q.Statuses)
	}
	fmt.Fprintf(&b, " offset=%d limit=%d", q.Offset, q.Limit)
	if q.Brief {
		b.WriteString(" brief")
	}
	return b.String()
}

func testCreateAndList(t *testing.T, f *fixture) {
	now := f.clock.Now()
	first := f.makeN(alice, 3, spec{})
	first[0].Stages = nil
	first[1].ChargeType, first[1].ResourceGroup = compute.PrePaid, "rg-1"
	first[2].Target = compute.StatusStopped
	first[2].Stages = []compute.Stage{{Status: compute.StatusPending, Until: now.Add(time.Second)},
		{Status: compute.StatusStarting, Until: now.Add(2 * time.Second)}}
	got := f.create(alice, "", first...)
	if g, w := ids(got), ids(first); !slices.Equal(g, w) {
		t.Fatalf("Create returned %v, want %v", g, w)
	}
	for i := range got {
		if d := diff(got[i], first[i]); d != "" {
			t.Errorf("Create returned instance %s: %s", first[i].ID, d)
		}
	}
	f.clock.Advance(time.Minute)
	f.create(alice, "", f.makeN(alice, 2, spec{region: "r2", zone: "r2-a"})...)

	t.Run("in creation order", func(t *testing.T) {
		f.check(compute.Query{Owner: alice, Limit: 100}, f.clock.Now())
	})
	t.Run("stages round trip", func(t *testing.T) {
		p := f.list(compute.Query{Owner: alice, Limit: 3}, now)
		for i, n := range []int{0, 1, 2} {
			if got := len(p.Instances[i].Stages); got != n {
				t.Errorf("instance %d has %d stages, want %d", i, got, n)
			}
		}
	})
	t.Run("empty owner", func(t *testing.T) {
		f.check(compute.Query{Owner: bob, Limit: 10}, now)
	})
}

func testTotalOnEveryPage(t *testing.T, f *fixture) {
	f.create(alice, "", f.makeN(alice, 10, spec{})...)
	now := f.clock.Now()
	var seen []compute.InstanceID
	for off := 0; off < 10; off += 3 {
		p := f.list(compute.Query{Owner: alice, Offset: off, Limit: 3}, now)
		if p.Total != 10 {
			t.Errorf("offset %d: Total = %d, want 10", off, p.Total)
		}
		seen = append(seen, ids(p.Instances)...)
	}
	if w := ids(f.model); !slices.Equal(seen, w) {
		t.Errorf("pages hold %v, want %v", seen, w)
	}
}

func testPagingEdges(t *testing.T, f *fixture) {
	f.create(alice, "", f.makeN(alice, 10, spec{region: "r1", zone: "r1-a"})...)
	now := f.clock.Now()
	queries := map[string]compute.Query{
		"owner":    {Owner: alice},
		"region":   {Owner: alice, Region: "r1"},
		"ids":      {Owner: alice, IDs: ids(f.model)},
		"statuses": {Owner: alice, Statuses: []compute.Status{compute.StatusPending}},
	}
	cases := []struct {
		name          string
		offset, limit int
	}{
		{"first", 0, 1},
		{"whole", 0, 10},
		{"limit past end", 0, 100},
		{"last", 9, 1},
		{"straddling end", 8, 5},
		{"offset at end", 10, 5},
		{"offset past end", 1000, 5},
	}
	for qname, q := range queries {
		for _, c := range cases {
			t.Run(qname+"/"+c.name, func(t *testing.T) {
				q.Offset, q.Limit = c.offset, c.limit
				f.check(q, now)
			})
		}
	}
}

func testScopes(t *testing.T, f *fixture) {
	places := []spec{
		{region: "r1", zone: "r1-a"}, {region: "r1", zone: "r1-b", group: "rg-a"},
		{region: "r2", zone: "r2-a", group: "rg-b"}, {region: "r2", zone: "r2-b"},
		{region: "r1", zone: "r1-a", group: "rg-b"}, {region: "r2", zone: "r2-a", group: "rg-a"},
	}
	for i := range 40 {
		f.create(alice, "", f.make(alice, places[i*7%len(places)]))
		if i%5 == 0 {
			f.create(bob, "", f.make(bob, places[i%len(places)]))
		}
	}
	now := f.clock.Now()
	cases := []struct {
		name string
		q    compute.Query
	}{
		{"all", compute.Query{}},
		{"region", compute.Query{Region: "r1"}},
		{"other region", compute.Query{Region: "r2"}},
		{"unknown region", compute.Query{Region: "r9"}},
		{"region and zone", compute.Query{Region: "r1", Zone: "r1-b"}},
		{"other region and zone", compute.Query{Region: "r2", Zone: "r2-a"}},
		{"zone of another region", compute.Query{Region: "r1", Zone: "r2-a"}},
		{"resource group", compute.Query{ResourceGroup: "rg-a"}},
		{"other resource group", compute.Query{ResourceGroup: "rg-b"}},
		{"region and resource group", compute.Query{Region: "r2", ResourceGroup: "rg-a"}},
		{"zone alone", compute.Query{Zone: "r1-a"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.q.Owner = alice
			f.checkAll(c.q, 7, now)
			c.q.Brief = true
			f.checkAll(c.q, 7, now)
		})
	}
}

func testIDs(t *testing.T, f *fixture) {
	a := f.create(alice, "", f.makeN(alice, 5, spec{})...)
	f.create(alice, "", f.make(alice, spec{region: "r2", zone: "r2-a"}))
	b := f.create(bob, "", f.makeN(bob, 2, spec{})...)
	now := f.clock.Now()
	named := []compute.InstanceID{a[3].ID, "i-unknown", a[1].ID, b[0].ID, f.model[5].ID}
	cases := []struct {
		name string
		q    compute.Query
		want []compute.InstanceID
	}{
		{"creation order, unknown and others' omitted", compute.Query{IDs: named, Limit: 10},
			[]compute.InstanceID{a[1].ID, a[3].ID, f.model[5].ID}},
		{"with a region", compute.Query{IDs: named, Region: "r1", Limit: 10}, []compute.InstanceID{a[1].ID, a[3].ID}},
		{"paged", compute.Query{IDs: named, Offset: 1, Limit: 1}, []compute.InstanceID{a[3].ID}},
		{"only unknown", compute.Query{IDs: []compute.InstanceID{"i-unknown"}, Limit: 10}, nil},
		{"repeated", compute.Query{IDs: []compute.InstanceID{a[2].ID, a[0].ID, a[2].ID}, Limit: 10}, []compute.InstanceID{a[0].ID, a[2].ID}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.q.Owner = alice
			for _, brief := range []bool{false, true} {
				c.q.Brief = brief
				got := f.list(c.q, now)
				if g := ids(got.Instances); !slices.Equal(g, c.want) {
					t.Errorf("brief %v: instances = %v, want %v", brief, g, c.want)
				}
				f.check(c.q, now)
			}
		})
	}
}

func testStatuses(t *testing.T, f *fixture) {
	t0 := f.clock.Now()
	at := func(d time.Duration) time.Time { return t0.Add(d * time.Second) }
	insts := f.makeN(alice, 5, spec{})
	// pending, then running
	insts[0].Stages = []compute.Stage{{Status: compute.StatusPending, Until: at(10)}}
	// pending, starting, then running
	insts[1].Stages = []compute.Stage{{Status: compute.StatusPending, Until: at(10)}, {Status: compute.StatusStarting, Until: at(20)}}
	// stopped
	insts[2].Target, insts[2].Stages = compute.StatusStopped, nil
	// terminating, then gone
	insts[3].Target, insts[3].Stages = compute.StatusTerminated, []compute.Stage{{Status: compute.StatusTerminating, Until: at(10)}}
	// stopping, then recycled
	insts[4].Target, insts[4].Stages = compute.StatusRecycled, []compute.Stage{{Status: compute.StatusStopping, Until: at(20)}}
	f.create(alice, "", insts...)
	sets := [][]compute.Status{
		{compute.StatusPending}, {compute.StatusStarting}, {compute.StatusRunning},
		{compute.StatusRunning, compute.StatusStopped}, {compute.StatusTerminating},
		{compute.StatusTerminated}, {compute.StatusRecycled, compute.StatusStopping, compute.StatusPending},
	}
	// Later times first would reap; go forward like the clock does.
	for _, d := range []time.Duration{0, 5, 10, 15, 20, 30} {
		for _, set := range sets {
			t.Run(fmt.Sprintf("at %ds %v", d, set), func(t *testing.T) {
				f.checkAll(compute.Query{Owner: alice, Statuses: set}, 2, at(d))
			})
		}
	}
}

// testNameContains holds NameContains to strings.Contains: case-sensitive,
// and with no wildcard of its own.
func testNameContains(t *testing.T, f *fixture) {
	for _, name := range []string{"web-1", "web_1", "web%1", "Web-2", `db\1`, "x"} {
		f.create(alice, "", f.make(alice, spec{name: name}))
	}
	now := f.clock.Now()
	cases := []struct {
		name string
		want []string
	}{
		{"web", []string{"web-1", "web_1", "web%1"}},
		{"Web", []string{"Web-2"}},
		{"_", []string{"web_1"}},
		{"b_1", []string{"web_1"}},
		{"%", []string{"web%1"}},
		{"eb%", []string{"web%1"}},
		{`\`, []string{`db\1`}},
		{`b\1`, []string{`db\1`}},
		{"-", []string{"web-1", "Web-2"}},
		{"nothing", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := compute.Query{Owner: alice, NameContains: c.name, Limit: 10}
			var got []string
			for _, inst := range f.list(q, now).Instances {
				got = append(got, inst.Name)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("names = %q, want %q", got, c.want)
			}
			f.check(q, now)
		})
	}
}

func testOwnerIsolation(t *testing.T, f *fixture) {
	mine := f.create(alice, "tok", f.makeN(alice, 3, spec{group: "rg-a"})...)
	now := f.clock.Now()
	for _, other := range []compute.Owner{bob, aliceTencent} {
		t.Run(string(other.Account)+"/"+string(other.Cloud), func(t *testing.T) {
			for _, q := range []compute.Query{
				{Owner: other, Limit: 10},
				{Owner: other, Region: "r1", Limit: 10},
				{Owner: other, Region: "r1", Zone: "r1-a", Limit: 10},
				{Owner: other, ResourceGroup: "rg-a", Limit: 10},
				{Owner: other, IDs: ids(mine), Limit: 10},
				{Owner: other, Statuses: []compute.Status{compute.StatusPending}, Limit: 10},
				{Owner: other, NameContains: "vm", Limit: 10},
			} {
				if p := f.list(q, now); p.Total != 0 || len(p.Instances) != 0 {
					t.Errorf("List(%s) = %v, Total %d; want nothing", describe(q), ids(p.Instances), p.Total)
				}
			}
			err := Modify(f.ctx, f.s, other, f.clock.Now(), ids(mine), func(found []compute.Instance) (Change, error) {
				if len(found) != 0 {
					t.Errorf("Modify found %v, want nothing", ids(found))
				}
				return Change{Delete: ids(mine)}, nil
			})
			if err != nil {
				t.Errorf("Modify: %v", err)
			}
			if n, err := f.s.Reset(f.ctx, other); err != nil || len(n) != 0 {
				t.Errorf("Reset = %v, %v; want nothing, nil", n, err)
			}
			// The same client token is another owner's own.
			theirs, err := Create(f.ctx, f.s, other, "tok", []compute.Instance{f.make(other, spec{})})
			if err != nil || len(theirs) != 1 {
				t.Fatalf("Create with another owner's token = %d instances, %v; want 1, nil", len(theirs), err)
			}
			f.model = append(f.model, theirs...)
		})
	}
	f.check(compute.Query{Owner: alice, Limit: 10}, now)
}

func testModify(t *testing.T, f *fixture) {
	insts := f.create(alice, "", f.makeN(alice, 4, spec{})...)
	now := f.clock.Now()

	t.Run("decide sees the owner's found instances", func(t *testing.T) {
		named := []compute.InstanceID{insts[2].ID, "i-unknown", insts[0].ID}
		err := Modify(f.ctx, f.s, alice, f.clock.Now(), named, func(found []compute.Instance) (Change, error) {
			got := ids(found)
			slices.Sort(got)
			want := []compute.InstanceID{insts[0].ID, insts[2].ID}
			if !slices.Equal(got, want) {
				t.Errorf("found %v, want %v", got, want)
			}
			for _, inst := range found {
				i := slices.IndexFunc(insts, func(x compute.Instance) bool { return x.ID == inst.ID })
				if d := diff(inst, insts[i]); d != "" {
					t.Errorf("found %s: %s", inst.ID, d)
				}
			}
			return Change{}, nil
		})
		if err != nil {
			t.Fatalf("Modify: %v", err)
		}
	})

	t.Run("decide error changes nothing", func(t *testing.T) {
		refused := &compute.Error{Code: compute.IncorrectState, Message: "no"}
		err := Modify(f.ctx, f.s, alice, f.clock.Now(), ids(insts), func(found []compute.Instance) (Change, error) {
			put := found[0]
			put.Target, put.Stages = compute.StatusStopped, nil
			return Change{Put: []compute.Instance{put}, Delete: []compute.InstanceID{found[1].ID}}, refused
		})
		if err != refused {
			t.Errorf("Modify = %v, want decide's error %v unchanged", err, refused)
		}
		f.check(compute.Query{Owner: alice, Limit: 10}, now)
	})

	t.Run("put and delete", func(t *testing.T) {
		f.modify(alice, ids(insts[:3]), func(found []compute.Instance) Change {
			var c Change
			for _, inst := range found {
				switch inst.ID {
				case insts[0].ID:
					inst.Target = compute.StatusStopped
					inst.Stages = []compute.Stage{{Status: compute.StatusStopping, Until: now.Add(time.Second)}}
					c.Put = append(c.Put, inst)
				case insts[1].ID:
					inst.Target, inst.Stages = compute.StatusRunning, nil
					c.Put = append(c.Put, inst)
				case insts[2].ID:
					c.Delete = append(c.Delete, inst.ID)
				}
			}
			return c
		})
		f.check(compute.Query{Owner: alice, Limit: 10}, now)
		f.check(compute.Query{Owner: alice, Statuses: []compute.Status{compute.StatusStopping}, Limit: 10}, now)
	})

	t.Run("put keeps all but the lifecycle", func(t *testing.T) {
		f.modify(alice, ids(insts[3:]), func(found []compute.Instance) Change {
			inst := found[0]
			inst.Name, inst.Region, inst.ImageID = "renamed", "r9", "img-9"
			inst.Target, inst.Stages = compute.StatusStopped, nil
			return Change{Put: []compute.Instance{inst}}
		})
		// The model kept only Target and Stages too.
		f.check(compute.Query{Owner: alice, Limit: 10}, now)
		f.check(compute.Query{Owner: alice, Region: "r1", Limit: 10}, now)
	})
}

func testModifyConcurrent(t *testing.T, f *fixture) {
	inst := f.create(alice, "", f.make(alice, spec{}))[0]
	start := inst.Stages[0].Until
	const workers = 20
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Go(func() {
			// Check, then set: each moves the stage's end one second on
			// from what it read. A lost update leaves it short.
			errs <- Modify(f.ctx, f.s, alice, f.clock.Now(), []compute.InstanceID{inst.ID}, func(found []compute.Instance) (Change, error) {
				if len(found) != 1 {
					return Change{}, fmt.Errorf("found %d instances, want 1", len(found))
				}
				next := found[0]
				next.Stages = []compute.Stage{{Status: next.Stages[0].Status, Until: next.Stages[0].Until.Add(time.Second)}}
				return Change{Put: []compute.Instance{next}}, nil
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Modify: %v", err)
		}
	}
	p := f.list(compute.Query{Owner: alice, IDs: []compute.InstanceID{inst.ID}, Limit: 1}, f.clock.Now())
	if len(p.Instances) != 1 {
		t.Fatalf("listed %d instances, want 1", len(p.Instances))
	}
	if got, want := p.Instances[0].Stages[0].Until, start.Add(workers*time.Second); !got.Equal(want) {
		t.Errorf("stage ends at %v, want %v: updates were lost", got, want)
	}
}

func testGone(t *testing.T, f *fixture) {
	t0 := f.clock.Now()
	at := func(d time.Duration) time.Time { return t0.Add(d * time.Second) }
	insts := f.create(alice, "", f.makeN(alice, 600, spec{})...)
	// terminate makes instances terminating until t0+d, then gone.
	terminate := func(ids []compute.InstanceID, d time.Duration) {
		f.modify(alice, ids, func(found []compute.Instance) Change {
			for i := range found {
				found[i].Target = compute.StatusTerminated
				found[i].Stages = []compute.Stage{{Status: compute.StatusTerminating, Until: at(d)}}
			}
			return Change{Put: found}
		})
	}
	// reaped fails unless a Reader, which sees gone instances until they
	// are reaped, finds none of ids.
	reaped := func(t *testing.T, ids []compute.InstanceID) {
		t.Helper()
		keys := make([]string, len(ids))
		for i, id := range ids {
			keys[i] = string(id)
		}
		found, err := f.s.Read(alice).Get(f.ctx, compute.KindInstance, keys...)
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		if len(found) != 0 {
			t.Errorf("Get found %d gone instances after a listing, want 0", len(found))
		}
	}
	queries := []compute.Query{
		{Owner: alice, Limit: 50},
		{Owner: alice, Offset: 90, Limit: 50},
		{Owner: alice, Offset: 260, Limit: 50},
		{Owner: alice, Offset: 299, Limit: 50},
		{Owner: alice, Offset: 300, Limit: 50},
		{Owner: alice, Offset: 550, Limit: 100},
		{Owner: alice, Region: "r1", Offset: 260, Limit: 50},
		{Owner: alice, IDs: ids(insts[95:105]), Limit: 10},
		{Owner: alice, Statuses: []compute.Status{compute.StatusTerminating, compute.StatusTerminated}, Limit: 10},
	}
	first := ids(insts[100:400])
	terminate(first, 10)
	t.Run("terminating are listed", func(t *testing.T) {
		for _, q := range queries {
			f.check(q, at(5))
		}
	})
	t.Run("gone are neither listed nor counted", func(t *testing.T) {
		for _, q := range queries {
			f.check(q, at(10))
		}
	})
	t.Run("a counted listing reaps", func(t *testing.T) {
		reaped(t, first)
	})
	t.Run("a filtered listing reaps", func(t *testing.T) {
		second := ids(insts[400:450])
		terminate(second, 20)
		f.check(compute.Query{Owner: alice, NameContains: "vm", Offset: 280, Limit: 30}, at(20))
		reaped(t, second)
		for _, q := range queries {
			f.check(q, at(20))
		}
	})
}

// testRandomized creates and removes thousands of instances across scopes,
// interleaved with another owner's, and compares totals and pages at random
// offsets (deep ones included) with the model.
func testRandomized(t *testing.T, f *fixture) {
	rnd := rand.New(rand.NewPCG(1, 2))
	places := []spec{
		{region: "r1", zone: "r1-a"}, {region: "r1", zone: "r1-b", group: "rg-a"},
		{region: "r2", zone: "r2-a", group: "rg-b"}, {region: "r2", zone: "r2-b", group: "rg-a"},
	}
	queries := []compute.Query{
		{Owner: alice}, {Owner: alice, Region: "r1"}, {Owner: alice, Region: "r2"},
		{Owner: alice, Region: "r1", Zone: "r1-a"}, {Owner: alice, Region: "r2", Zone: "r2-b"},
		{Owner: alice, ResourceGroup: "rg-a"}, {Owner: alice, ResourceGroup: "rg-b"},
	}
	mine := func() []compute.InstanceID {
		var out []compute.InstanceID
		for _, inst := range f.model {
			if inst.Owner == alice && inst.StatusAt(f.clock.Now()) != compute.StatusTerminated {
				out = append(out, inst.ID)
			}
		}
		return out
	}
	pick := func(from []compute.InstanceID, n int) []compute.InstanceID {
		rnd.Shuffle(len(from), func(i, j int) { from[i], from[j] = from[j], from[i] })
		return from[:min(n, len(from))]
	}
	for round := range 32 {
		// Create, a batch for alice and a few for bob in between.
		batch := make([]compute.Instance, 1+rnd.IntN(250))
		for i := range batch {
			batch[i] = f.make(alice, places[rnd.IntN(len(places))])
		}
		f.create(alice, "", batch...)
		f.create(bob, "", f.makeN(bob, rnd.IntN(40), places[rnd.IntN(len(places))])...)
		switch round % 3 {
		case 1: // delete at random, old and new
			f.remove(alice, pick(mine(), rnd.IntN(80))...)
		case 2: // terminate with a stage, so they go at the next listing
			gone := pick(mine(), rnd.IntN(80))
			until := f.clock.Now().Add(time.Second)
			f.modify(alice, gone, func(found []compute.Instance) Change {
				for i := range found {
					found[i].Target = compute.StatusTerminated
					found[i].Stages = []compute.Stage{{Status: compute.StatusTerminating, Until: until}}
				}
				return Change{Put: found}
			})
			f.clock.Advance(time.Second)
		}
		now := f.clock.Now()
		for _, q := range queries {
			all := f.matching(q, now)
			total := len(all)
			offsets := []int{0, total - 1, total, rnd.IntN(total + 1), rnd.IntN(total + 1), 255, 256, 257, 511, 512}
			for i, off := range offsets {
				q.Offset, q.Limit = max(off, 0), 1+rnd.IntN(40)
				q.Brief = i%2 == 1
				got, want := f.list(q, now), pageOf(all, q)
				if q.Brief {
					got, want = brief(got), brief(want)
				}
				checkPage(t, describe(q), got, want)
			}
		}
		if t.Failed() {
			t.Fatalf("round %d failed", round)
		}
	}
	if n := len(mine()); n < 2000 {
		t.Errorf("alice ends with %d instances; the test means to reach deep offsets with 2000 or more", n)
	}
}

func testClientToken(t *testing.T, f *fixture) {
	first := f.create(alice, "tok", f.makeN(alice, 3, spec{})...)
	again := func(t *testing.T, want []compute.Instance) {
		t.Helper()
		got, err := Create(f.ctx, f.s, alice, "tok", f.makeN(alice, 2, spec{}))
		if err != nil {
			t.Fatalf("Create again: %v", err)
		}
		checkPage(t, "Create again", compute.Page{Instances: got}, compute.Page{Instances: want})
		f.check(compute.Query{Owner: alice, Limit: 10}, f.clock.Now())
	}
	t.Run("repeated returns the first call's", func(t *testing.T) {
		again(t, first)
	})
	t.Run("as they are now", func(t *testing.T) {
		f.modify(alice, ids(first[:1]), func(found []compute.Instance) Change {
			found[0].Target, found[0].Stages = compute.StatusStopped, nil
			return Change{Put: found}
		})
		f.remove(alice, first[1].ID)
		again(t, []compute.Instance{f.model[0], f.model[1]})
	})
	t.Run("all gone, creates nothing", func(t *testing.T) {
		f.remove(alice, first[0].ID, first[2].ID)
		again(t, nil)
	})
	t.Run("no token, no idempotency", func(t *testing.T) {
		f.create(alice, "", f.make(alice, spec{}))
		f.create(alice, "", f.make(alice, spec{}))
		f.check(compute.Query{Owner: alice, Limit: 10}, f.clock.Now())
	})
}

func testDuplicateID(t *testing.T, f *fixture) {
	existing := f.create(alice, "", f.make(alice, spec{}))[0]
	now := f.clock.Now()
	dup := existing
	dup.Name = "dup"
	other := dup
	other.Owner = bob
	cases := []struct {
		name  string
		owner compute.Owner
		batch []compute.Instance
	}{
		{"with a stored one", alice, []compute.Instance{f.make(alice, spec{}), dup, f.make(alice, spec{})}},
		{"within the batch", alice, func() []compute.Instance {
			i := f.make(alice, spec{})
			return []compute.Instance{i, i}
		}()},
		{"of another owner", bob, []compute.Instance{f.make(bob, spec{}), other}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Create(f.ctx, f.s, c.owner, "tok-"+c.name, c.batch)
			if code := compute.ErrorCode(err); code != compute.AlreadyExists {
				t.Errorf("Create = %v (code %v), want %v", err, code, compute.AlreadyExists)
			}
			f.check(compute.Query{Owner: alice, Limit: 10}, now)
			f.check(compute.Query{Owner: bob, Limit: 10}, now)
			// The failed call's token is not remembered.
			f.create(c.owner, "tok-"+c.name, f.make(c.owner, spec{}))
			f.check(compute.Query{Owner: c.owner, Limit: 10}, now)
		})
	}
}

func testReset(t *testing.T, f *fixture) {
	f.create(alice, "tok", f.makeN(alice, 5, spec{group: "rg-a"})...)
	f.create(bob, "", f.makeN(bob, 2, spec{})...)
	now := f.clock.Now()
	n, err := f.s.Reset(f.ctx, alice)
	if err != nil || n[compute.KindInstance] != 5 || len(n) != 1 {
		t.Fatalf("Reset = %v, %v; want 5 instances, nil", n, err)
	}
	f.model = slices.DeleteFunc(f.model, func(inst compute.Instance) bool { return inst.Owner == alice })
	for _, q := range []compute.Query{{Owner: alice}, {Owner: alice, Region: "r1"}, {Owner: alice, ResourceGroup: "rg-a"}, {Owner: bob}} {
		q.Limit = 10
		f.check(q, now)
	}
	if n, err := f.s.Reset(f.ctx, alice); err != nil || len(n) != 0 {
		t.Errorf("second Reset = %v, %v; want nothing, nil", n, err)
	}
	t.Run("counts and tokens start afresh", func(t *testing.T) {
		f.create(alice, "tok", f.makeN(alice, 2, spec{group: "rg-a"})...)
		for _, q := range []compute.Query{{Owner: alice}, {Owner: alice, ResourceGroup: "rg-a"}, {Owner: alice, Offset: 1}} {
			q.Limit = 10
			f.check(q, now)
		}
	})
}

func testAccounts(t *testing.T, f *fixture) {
	newAccount := func(name, keyID string) (auth.Account, auth.AccessKey) {
		t.Helper()
		a, k, err := auth.NewAccount(name, keyID, "", f.clock.Now())
		if err != nil {
			t.Fatalf("NewAccount: %v", err)
		}
		return a, k
	}
	a1, k1 := newAccount("first", "KEY1")
	if err := f.acc.CreateAccount(f.ctx, a1, k1); err != nil {
		t.Fatalf("CreateAccount: %v", err)
	}
	f.clock.Advance(time.Second)
	a2, k2 := newAccount("second", "KEY2")
	k2.Disabled = true
	if err := f.acc.CreateAccount(f.ctx, a2, k2); err != nil {
		t.Fatalf("CreateAccount: %v", err)
	}

	t.Run("keys", func(t *testing.T) {
		for _, want := range []auth.AccessKey{k1, k2} {
			got, err := f.acc.AccessKey(f.ctx, want.ID)
			if err != nil {
				t.Fatalf("AccessKey(%s): %v", want.ID, err)
			}
			if got.ID != want.ID || got.Secret != want.Secret || got.Account != want.Account ||
				got.Disabled != want.Disabled || !got.CreatedAt.Equal(want.CreatedAt) {
				t.Errorf("AccessKey(%s) = %+v, want %+v", want.ID, got, want)
			}
		}
	})
	t.Run("keys of an account", func(t *testing.T) {
		for _, c := range []struct {
			account compute.AccountID
			want    []string
		}{{a1.ID, []string{k1.ID}}, {a2.ID, []string{k2.ID}}, {"1999999999999999", nil}} {
			keys, err := f.acc.AccessKeys(f.ctx, c.account)
			if err != nil {
				t.Fatalf("AccessKeys(%s): %v", c.account, err)
			}
			var got []string
			for _, k := range keys {
				got = append(got, k.ID)
				if k.Account != c.account || k.Secret == "" {
					t.Errorf("AccessKeys(%s) gave %+v", c.account, k)
				}
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("AccessKeys(%s) = %v, want %v", c.account, got, c.want)
			}
		}
	})
	t.Run("unknown key", func(t *testing.T) {
		_, err := f.acc.AccessKey(f.ctx, "NOPE")
		if code := compute.ErrorCode(err); code != compute.NotFound {
			t.Errorf("AccessKey(NOPE) = %v (code %v), want %v", err, code, compute.NotFound)
		}
	})
	t.Run("duplicates", func(t *testing.T) {
		dupName, k3 := newAccount("first", "KEY3")
		a4, dupKey := newAccount("fourth", "KEY1")
		for _, c := range []struct {
			name  string
			a     auth.Account
			k     auth.AccessKey
			param string
		}{
			{"name", dupName, k3, "name"},
			{"key", a4, dupKey, "access_key_id"},
		} {
			err := f.acc.CreateAccount(f.ctx, c.a, c.k)
			e, ok := compute.AsError(err)
			if !ok || e.Code != compute.AlreadyExists || e.Param != c.param {
				t.Errorf("CreateAccount with a taken %s = %v, want AlreadyExists about %q", c.name, err, c.param)
			}
		}
		// Nothing of the failed calls was stored.
		if _, err := f.acc.AccessKey(f.ctx, k3.ID); compute.ErrorCode(err) != compute.NotFound {
			t.Errorf("AccessKey(%s) of a failed CreateAccount = %v, want NotFound", k3.ID, err)
		}
		if k, err := f.acc.AccessKey(f.ctx, k1.ID); err != nil || k.Account != a1.ID {
			t.Errorf("AccessKey(%s) = %+v, %v; want it to stay %s's", k1.ID, k, err, a1.ID)
		}
	})
	t.Run("oldest first", func(t *testing.T) {
		got, err := f.acc.Accounts(f.ctx)
		if err != nil {
			t.Fatalf("Accounts: %v", err)
		}
		var names []string
		for _, a := range got {
			names = append(names, a.Name)
		}
		if want := []string{"first", "second"}; !slices.Equal(names, want) {
			t.Fatalf("Accounts = %q, want %q", names, want)
		}
		if got[0].ID != a1.ID || !got[0].CreatedAt.Equal(a1.CreatedAt) {
			t.Errorf("Accounts[0] = %+v, want %+v", got[0], a1)
		}
	})
}

func testSecrets(t *testing.T, f *fixture) {
	v, created, err := f.sec.Secret(f.ctx, "admin-token", "first")
	if err != nil || !created || v != "first" {
		t.Fatalf("Secret on an empty store = %q, %v, %v; want first, created", v, created, err)
	}
	v, created, err = f.sec.Secret(f.ctx, "admin-token", "second")
	if err != nil || created || v != "first" {
		t.Fatalf("Secret again = %q, %v, %v; want the first value, not created", v, created, err)
	}
	if v, created, err := f.sec.Secret(f.ctx, "other", "x"); err != nil || !created || v != "x" {
		t.Errorf("another secret = %q, %v, %v; want x, created", v, created, err)
	}
	// Concurrent first stores agree on one value.
	values := make(chan string, 8)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, _, err := f.sec.Secret(f.ctx, "raced", fmt.Sprint(i))
			if err != nil {
				t.Error(err)
			}
			values <- v
		}()
	}
	wg.Wait()
	close(values)
	first := ""
	for v := range values {
		if first == "" {
			first = v
		}
		if v != first {
			t.Errorf("concurrent stores read %q and %q", first, v)
		}
	}
}
