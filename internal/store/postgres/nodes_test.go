package postgres

import (
	"slices"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/compute/computetest"
	"github.com/ecsd/ecsd/internal/store/postgres/pgtest"
	"github.com/ecsd/ecsd/internal/store/storetest"
)

// TestTwoHandlesShareWrites: two stores opened on one database, as two
// nodes hold them, and every write acknowledged through one is what the
// very next listing through the other answers (PostgreSQL keeps no index
// in a node's memory: see package indexed).
func TestTwoHandlesShareWrites(t *testing.T) {
	dsn := pgtest.DSN(t)
	a, b := open(t, dsn), open(t, dsn)
	ctx := t.Context()
	now := computetest.Epoch
	ids := func(p compute.Page) []compute.InstanceID {
		var out []compute.InstanceID
		for _, inst := range p.Instances {
			out = append(out, inst.ID)
		}
		return out
	}
	list := func(s *Store, q compute.Query) compute.Page {
		t.Helper()
		q.Owner, q.Limit = owner, 100
		p, err := s.List(ctx, q, now)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	var made []compute.InstanceID
	for round := range 5 {
		// Created through one handle, seen through the other.
		from, to := a, b
		if round%2 == 1 {
			from, to = b, a
		}
		inst := instance("i-"+string(rune('a'+round)), now)
		if _, err := storetest.Create(ctx, from, owner, "", []compute.Instance{inst}); err != nil {
			t.Fatal(err)
		}
		made = append(made, inst.ID)
		if got := list(to, compute.Query{}); got.Total != len(made) || !slices.Equal(ids(got), made) {
			t.Fatalf("round %d: the other handle lists %v (total %d) right after the create, want %v", round, ids(got), got.Total, made)
		}
		// Stopped through one, stopped through the other, by status.
		err := storetest.Modify(ctx, from, owner, now, []compute.InstanceID{inst.ID}, func(found []compute.Instance) (storetest.Change, error) {
			for i := range found {
				found[i].Target, found[i].Stages = compute.StatusStopped, nil
			}
			return storetest.Change{Put: found}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		stopped := list(to, compute.Query{Statuses: []compute.Status{compute.StatusStopped}})
		if !slices.Contains(ids(stopped), inst.ID) {
			t.Fatalf("round %d: the other handle does not list %s as stopped right after the stop: %v", round, inst.ID, ids(stopped))
		}
		now = now.Add(2 * time.Second)
	}
	// Deleted through one, gone through the other.
	err := storetest.Modify(ctx, a, owner, now, made[:2], func([]compute.Instance) (storetest.Change, error) {
		return storetest.Change{Delete: made[:2]}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := list(b, compute.Query{IDs: made}); got.Total != 3 || !slices.Equal(ids(got), made[2:]) {
		t.Fatalf("after a delete through one handle, the other lists %v (total %d), want %v", ids(got), got.Total, made[2:])
	}
}

// TestScanTotalAgreesDuringWrites: a listing by status, which PostgreSQL
// counts and pages in two statements, answers a total that agrees with its
// page while another handle writes: both statements read one snapshot
// (Flavor.ScanIsolation). Under READ COMMITTED alone, a write committed
// between them made the total and the page disagree.
func TestScanTotalAgreesDuringWrites(t *testing.T) {
	dsn := pgtest.DSN(t)
	storetest.CheckListingsDuringWrites(t, open(t, dsn), open(t, dsn), owner, 120, 1, 150)
}
