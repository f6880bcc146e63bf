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

// TestChangeLog: each write of an owner's instances takes the owner's next
// version and names what it wrote; a reset names every instance; a pruned
// version makes Changes answer "all"; another owner's versions are its own.
func TestChangeLog(t *testing.T) {
	s := open(t, pgtest.DSN(t))
	ctx := t.Context()
	now := computetest.Epoch
	version := func(o compute.Owner) int64 {
		t.Helper()
		v, err := s.Version(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := version(owner); v != 0 {
		t.Fatalf("version before any write = %d, want 0", v)
	}
	a, b := instance("i-a", now), instance("i-b", now)
	if _, err := storetest.Create(ctx, s, owner, "", []compute.Instance{a, b}); err != nil {
		t.Fatal(err)
	}
	err := storetest.Modify(ctx, s, owner, now, []compute.InstanceID{a.ID}, func(found []compute.Instance) (storetest.Change, error) {
		found[0].Target, found[0].Stages = compute.StatusStopped, nil
		return storetest.Change{Put: found}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A write of no instance (a network) takes no version.
	if err := s.Update(ctx, owner, now, func(tx compute.Tx) error {
		return tx.Put(ctx, &compute.Network{ID: "vpc-1", Meta: compute.Meta{Region: "r1"}})
	}); err != nil {
		t.Fatal(err)
	}
	if v := version(owner); v != 2 {
		t.Fatalf("version after a create and a stop = %d, want 2", v)
	}
	other := compute.Owner{Account: owner.Account, Cloud: compute.CloudTencent}
	if v := version(other); v != 0 {
		t.Fatalf("another owner's version = %d, want 0", v)
	}
	ids, all, err := s.Changes(ctx, owner, 0, 2)
	if err != nil || all || !slices.Equal(sorted(ids), []compute.InstanceID{a.ID, b.ID}) {
		t.Fatalf("Changes(0, 2) = %v, all %v, %v; want both instances", ids, all, err)
	}
	ids, all, err = s.Changes(ctx, owner, 1, 2)
	if err != nil || all || !slices.Equal(ids, []compute.InstanceID{a.ID}) {
		t.Fatalf("Changes(1, 2) = %v, all %v, %v; want the stopped one", ids, all, err)
	}
	if versions, err := s.Versions(ctx); err != nil || versions[owner] != 2 || len(versions) != 1 {
		t.Fatalf("Versions = %v, %v; want the owner at 2 only", versions, err)
	}

	// Pruning: the first version is older than the retention.
	if _, err := s.db.ExecContext(ctx, `UPDATE instance_changes SET changed_at = 0 WHERE version = 1`); err != nil {
		t.Fatal(err)
	}
	if n, err := s.pruneChanges(ctx, time.Now()); err != nil || n != 2 {
		t.Fatalf("pruneChanges = %d, %v; want the 2 rows of version 1", n, err)
	}
	if _, all, err := s.Changes(ctx, owner, 0, 2); err != nil || !all {
		t.Fatalf("Changes(0, 2) after version 1 was pruned: all %v, %v; want all", all, err)
	}
	if ids, all, err := s.Changes(ctx, owner, 1, 2); err != nil || all || len(ids) != 1 {
		t.Fatalf("Changes(1, 2) after pruning version 1 = %v, all %v, %v; want the one instance", ids, all, err)
	}

	// A reset names every instance.
	if _, err := s.Reset(ctx, owner); err != nil {
		t.Fatal(err)
	}
	if _, all, err := s.Changes(ctx, owner, 2, version(owner)); err != nil || !all {
		t.Fatalf("Changes after a reset: all %v, %v; want all", all, err)
	}
}

func sorted(ids []compute.InstanceID) []compute.InstanceID {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}
