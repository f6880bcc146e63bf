package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/compute/computetest"
)

// Pair is what CheckAgainstPlain compares: a fast store and a plain one,
// both empty, that should answer every listing alike.
type Pair struct {
	Fast, Plain compute.Store
	// Reopen, when set, returns a fresh fast store over what Fast holds
	// (its index loaded again from its plain store); the check switches
	// to it now and then.
	Reopen func() compute.Store
}

// CheckAgainstPlain is the randomized model check of a fast store: it
// applies one random sequence of operations (creates, starts and stops,
// terminations, deletes, changes of tags and resource group, resets,
// advances of the clock) to both stores of p, across owners and regions,
// and after each asks both the same random listing (by scope, status, IDs,
// name, at a random page, brief or not)
// and fails on the first answer that differs. The sequence is drawn from
// seed, which every failure reports: a failing seed replays exactly.
func CheckAgainstPlain(t *testing.T, seed uint64, steps int, p Pair) {
	t.Helper()
	ctx := context.Background()
	rnd := rand.New(rand.NewPCG(seed, 0x5eed))
	fail := func(step int, format string, args ...any) {
		t.Helper()
		t.Fatalf("seed %d, step %d: %s", seed, step, fmt.Sprintf(format, args...))
	}
	owners := []compute.Owner{
		{Account: "1000000000000001", Cloud: compute.CloudAliyun},
		{Account: "1000000000000001", Cloud: compute.CloudTencent},
		{Account: "1000000000000002", Cloud: compute.CloudAliyun},
	}
	places := []struct {
		region compute.RegionID
		zone   compute.ZoneID
	}{{"r1", "r1-a"}, {"r1", "r1-b"}, {"r2", "r2-a"}}
	groups := []string{"", "", "rg-a", "rg-b"}
	statuses := []compute.Status{compute.StatusPending, compute.StatusStarting, compute.StatusRunning,
		compute.StatusStopping, compute.StatusStopped, compute.StatusTerminating, compute.StatusTerminated}
	now := computetest.Epoch
	var ids []compute.InstanceID // every ID ever made, some gone
	n := 0
	stages := func() []compute.Stage {
		switch rnd.IntN(4) {
		case 0:
			return nil
		case 1, 2:
			return []compute.Stage{{Status: statuses[rnd.IntN(2)], Until: now.Add(time.Duration(rnd.IntN(3000)) * time.Millisecond)}}
		}
		mid := now.Add(time.Duration(rnd.IntN(1500)) * time.Millisecond)
		return []compute.Stage{{Status: compute.StatusPending, Until: mid}, {Status: compute.StatusStarting, Until: mid.Add(time.Duration(rnd.IntN(1500)) * time.Millisecond)}}
	}
	pickIDs := func(k int) []compute.InstanceID {
		var out []compute.InstanceID
		for range k {
			if len(ids) > 0 && rnd.IntN(8) > 0 {
				out = append(out, ids[rnd.IntN(len(ids))])
			} else {
				out = append(out, compute.InstanceID(fmt.Sprintf("i-none-%d", rnd.IntN(5))))
			}
		}
		return out
	}
	// both runs one write on both stores and checks they agree on its
	// outcome. write gets the instances of sel the store has.
	both := func(step int, owner compute.Owner, sel []compute.InstanceID, write func(tx compute.Tx, found []compute.Instance) error) {
		var errs [2]error
		for i, s := range []compute.Store{p.Fast, p.Plain} {
			errs[i] = s.Update(ctx, owner, now, func(tx compute.Tx) error {
				keys := make([]string, len(sel))
				for j, id := range sel {
					keys[j] = string(id)
				}
				rs, err := tx.Get(ctx, compute.KindInstance, keys...)
				if err != nil {
					return err
				}
				found := make([]compute.Instance, 0, len(rs))
				for _, r := range rs {
					found = append(found, *r.(*compute.Instance))
				}
				return write(tx, found)
			})
		}
		if compute.ErrorCode(errs[0]) != compute.ErrorCode(errs[1]) || (errs[0] == nil) != (errs[1] == nil) {
			fail(step, "write: fast store %v, plain store %v", errs[0], errs[1])
		}
	}
	for step := range steps {
		owner := owners[rnd.IntN(len(owners))]
		switch op := rnd.IntN(20); {
		case op < 4: // create
			batch := make([]compute.Instance, 1+rnd.IntN(12))
			for i := range batch {
				n++
				pl := places[rnd.IntN(len(places))]
				batch[i] = compute.Instance{
					ID: compute.InstanceID(fmt.Sprintf("i-%06d", n)), Meta: compute.Meta{Owner: owner, Region: pl.region, Zone: pl.zone,
						ResourceGroup: groups[rnd.IntN(len(groups))], Name: fmt.Sprintf("vm-%d", rnd.IntN(10)), CreatedAt: now},
					ImageID: "img", InstanceType: "t1", ChargeType: compute.PostPaid,
					Target: compute.StatusRunning, Stages: stages(),
				}
				ids = append(ids, batch[i].ID)
			}
			both(step, owner, nil, func(tx compute.Tx, _ []compute.Instance) error {
				_, err := tx.CreateInstances(ctx, "", slices.Clone(batch))
				return err
			})
		case op < 8: // start or stop, as Service does
			target := []compute.Status{compute.StatusRunning, compute.StatusStopped}[rnd.IntN(2)]
			st := stages()
			both(step, owner, pickIDs(1+rnd.IntN(6)), func(tx compute.Tx, found []compute.Instance) error {
				for i := range found {
					found[i].Target, found[i].Stages = target, st
				}
				return tx.SetLifecycles(ctx, found)
			})
		case op < 9: // terminate, with or without a stage
			var st []compute.Stage
			if rnd.IntN(2) == 0 {
				st = []compute.Stage{{Status: compute.StatusTerminating, Until: now.Add(time.Duration(rnd.IntN(3000)) * time.Millisecond)}}
			}
			both(step, owner, pickIDs(1+rnd.IntN(3)), func(tx compute.Tx, found []compute.Instance) error {
				for i := range found {
					found[i].Target, found[i].Stages = compute.StatusTerminated, st
				}
				return tx.SetLifecycles(ctx, found)
			})
		case op < 10: // delete
			both(step, owner, pickIDs(1+rnd.IntN(3)), func(tx compute.Tx, found []compute.Instance) error {
				for _, inst := range found {
					if err := tx.Delete(ctx, inst.Key()); err != nil {
						return err
					}
				}
				return nil
			})
		case op < 11: // tag, rename, move to another resource group: a whole Put
			group := groups[rnd.IntN(len(groups))]
			tag := compute.Tag{Key: "k", Value: fmt.Sprint(rnd.IntN(3))}
			name := fmt.Sprintf("vm-%d", rnd.IntN(10)) // drawn once: the write runs twice
			both(step, owner, pickIDs(1+rnd.IntN(3)), func(tx compute.Tx, found []compute.Instance) error {
				for _, inst := range found {
					inst.ResourceGroup, inst.Tags, inst.Name = group, []compute.Tag{tag}, name
					if err := tx.Put(ctx, &inst); err != nil {
						return err
					}
				}
				return nil
			})
		case op < 12: // a write that fails changes nothing
			both(step, owner, pickIDs(2), func(tx compute.Tx, found []compute.Instance) error {
				for i := range found {
					found[i].Target = compute.StatusStopped
				}
				if err := tx.SetLifecycles(ctx, found); err != nil {
					return err
				}
				return &compute.Error{Code: compute.IncorrectState, Message: "refused on purpose"}
			})
		case op < 13 && rnd.IntN(8) == 0: // reset an owner
			// Reset counts the instances gone but not yet reaped too,
			// and stores reap at different moments (housekeeping no
			// listing shows): a write, which reaps first, evens them.
			for _, s := range []compute.Store{p.Fast, p.Plain} {
				if err := s.Update(ctx, owner, now, func(compute.Tx) error { return nil }); err != nil {
					fail(step, "a write before the reset: %v", err)
				}
			}
			fn, errF := p.Fast.Reset(ctx, owner)
			pn, errP := p.Plain.Reset(ctx, owner)
			if errF != nil || errP != nil || !reflect.DeepEqual(fn, pn) {
				fail(step, "Reset: fast store %v %v, plain store %v %v", fn, errF, pn, errP)
			}
		case op < 14 && p.Reopen != nil && rnd.IntN(4) == 0:
			p.Fast = p.Reopen()
		default: // the clock moves on
			now = now.Add(time.Duration(rnd.IntN(2500)) * time.Millisecond)
		}

		// One listing, asked of both.
		for range 1 + rnd.IntN(3) {
			q := compute.Query{Owner: owners[rnd.IntN(len(owners))], Brief: rnd.IntN(2) == 0,
				Offset: rnd.IntN(40), Limit: 1 + rnd.IntN(30)}
			if rnd.IntN(4) == 0 {
				q.Offset = 0
			}
			pl := places[rnd.IntN(len(places))]
			switch rnd.IntN(7) {
			case 1:
				q.Region = pl.region
			case 2:
				q.Region, q.Zone = pl.region, pl.zone
			case 3:
				q.ResourceGroup = groups[2+rnd.IntN(2)]
			case 4:
				q.Region, q.ResourceGroup = pl.region, groups[2+rnd.IntN(2)]
			}
			if rnd.IntN(3) == 0 {
				for range 1 + rnd.IntN(3) {
					q.Statuses = append(q.Statuses, statuses[rnd.IntN(len(statuses))])
				}
			}
			if rnd.IntN(4) == 0 {
				q.IDs = pickIDs(1 + rnd.IntN(20))
			}
			if rnd.IntN(10) == 0 {
				q.NameContains = fmt.Sprintf("-%d", rnd.IntN(10))
			}
			// Always at the latest time: a listing at an earlier one
			// depends on what earlier listings reaped, in any store.
			at := now
			got, errF := p.Fast.List(ctx, q, at)
			want, errP := p.Plain.List(ctx, q, at)
			if errF != nil || errP != nil {
				fail(step, "List(%+v): fast store %v, plain store %v", q, errF, errP)
			}
			if q.Brief {
				got, want = briefPage(got), briefPage(want)
			}
			// No instances is no instances, in a nil slice or an empty one.
			if len(got.Instances) == 0 && len(want.Instances) == 0 {
				got.Instances, want.Instances = nil, nil
			}
			if !reflect.DeepEqual(got, want) {
				if len(got.Instances) == len(want.Instances) {
					for i := range got.Instances {
						if !reflect.DeepEqual(got.Instances[i], want.Instances[i]) {
							t.Logf("first instance that differs:\nfast store  %#v\nplain store %#v", got.Instances[i], want.Instances[i])
							break
						}
					}
				}
				all := q
				all.Offset, all.Limit = 0, 1<<20
				g, _ := p.Fast.List(ctx, all, at)
				w, _ := p.Plain.List(ctx, all, at)
				t.Logf("in one whole listing only:\nfast store  %s\nplain store %s", describePage(only(g, w)), describePage(only(w, g)))
				fail(step, "List(%+v) at %v:\nfast store  %s\nplain store %s", q, at.Sub(computetest.Epoch), describePage(got), describePage(want))
			}
		}
	}
}

// briefPage keeps what a brief listing must return.
func briefPage(p compute.Page) compute.Page {
	out := compute.Page{Total: p.Total}
	for _, inst := range p.Instances {
		out.Instances = append(out.Instances, compute.Instance{ID: inst.ID, Meta: compute.Meta{Owner: inst.Owner, Serial: inst.Serial},
			Target: inst.Target, Stages: inst.Stages})
	}
	return out
}

func describePage(p compute.Page) string {
	s := fmt.Sprintf("total %d:", p.Total)
	for _, inst := range p.Instances {
		s += fmt.Sprintf(" %s#%d(%s %v)", inst.ID, inst.Serial, inst.Target, inst.Stages)
	}
	return s
}

// only keeps the instances of a that b lacks.
func only(a, b compute.Page) compute.Page {
	out := compute.Page{Total: a.Total}
	for _, inst := range a.Instances {
		if !slices.ContainsFunc(b.Instances, func(o compute.Instance) bool { return o.ID == inst.ID }) {
			out.Instances = append(out.Instances, inst)
		}
	}
	return out
}
