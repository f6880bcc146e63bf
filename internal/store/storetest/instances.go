package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/compute/computetest"
)

// Change is what one Modify does: replace the lifecycle state of some
// instances, delete others.
type Change struct {
	Put    []compute.Instance
	Delete []compute.InstanceID
}

// Create stores new instances of owner in one Update, as a launch does.
func Create(ctx context.Context, s compute.Store, owner compute.Owner, token string, instances []compute.Instance) ([]compute.Instance, error) {
	var out []compute.Instance
	err := s.Update(ctx, owner, time.Time{}, func(tx compute.Tx) error {
		if token != "" {
			earlier, claimed, err := tx.Claimed(ctx, token)
			if err != nil || claimed {
				out = earlier
				return err
			}
		}
		var err error
		out, err = tx.CreateInstances(ctx, token, instances)
		return err
	})
	return out, err
}

// Modify loads the owner's instances among ids (those not found, or gone
// at now, are absent), lets decide choose a Change, and applies it, in one
// Update, as a lifecycle operation does.
func Modify(ctx context.Context, s compute.Store, owner compute.Owner, now time.Time, ids []compute.InstanceID, decide func(found []compute.Instance) (Change, error)) error {
	return s.Update(ctx, owner, now, func(tx compute.Tx) error {
		keys := make([]string, len(ids))
		for i, id := range ids {
			keys[i] = string(id)
		}
		rs, err := tx.Get(ctx, compute.KindInstance, keys...)
		if err != nil {
			return err
		}
		found := make([]compute.Instance, len(rs))
		for i, r := range rs {
			found[i] = *r.(*compute.Instance)
		}
		change, err := decide(found)
		if err != nil {
			return err
		}
		if len(change.Put) > 0 {
			if err := tx.SetLifecycles(ctx, change.Put); err != nil {
				return err
			}
		}
		for _, id := range change.Delete {
			if err := tx.Delete(ctx, compute.Key{Kind: compute.KindInstance, ID: string(id)}); err != nil {
				return err
			}
		}
		return nil
	})
}

// CheckListingsDuringWrites creates n running instances of owner through
// writer, then, while writers goroutines start and stop them through
// writer, lists them through reader for rounds rounds, brief and full: every
// listing of the owner sees each instance once, in creation order, with a
// status it was given; every listing by status holds only instances of that
// status, as many as its total. writer and reader may be one store, or two
// nodes on one database.
func CheckListingsDuringWrites(t *testing.T, writer, reader compute.Store, owner compute.Owner, n, writers, rounds int) {
	t.Helper()
	ctx := context.Background()
	now := computetest.Epoch
	batch := make([]compute.Instance, n)
	ids := make([]compute.InstanceID, n)
	for i := range batch {
		batch[i] = NewInstance(owner, fmt.Sprintf("i-%04d", i), now)
		batch[i].Stages = nil
		ids[i] = batch[i].ID
	}
	if _, err := Create(ctx, writer, owner, "", batch); err != nil {
		t.Fatal(err)
	}
	later := now.Add(time.Hour)
	done := make(chan struct{})
	errs := make(chan error, writers)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for round := 0; ; round++ {
				select {
				case <-done:
					return
				default:
				}
				target := []compute.Status{compute.StatusRunning, compute.StatusStopped}[(round+w)%2]
				from := (round*37 + w*101) % n
				pick := ids[from:min(n, from+max(1, n/6))]
				err := Modify(ctx, writer, owner, later, pick, func(found []compute.Instance) (Change, error) {
					for i := range found {
						found[i].Target = target
					}
					return Change{Put: found}, nil
				})
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	defer func() {
		close(done)
		wg.Wait()
		select {
		case err := <-errs:
			t.Fatal(err)
		default:
		}
	}()
	for round := range rounds {
		q := compute.Query{Owner: owner, Brief: round%2 == 0, Offset: round % 7 * (n / 10), Limit: n / 3}
		p, err := reader.List(ctx, q, later)
		if err != nil {
			t.Fatal(err)
		}
		if p.Total != n {
			t.Fatalf("round %d: total %d during writes, want %d", round, p.Total, n)
		}
		for i, inst := range p.Instances {
			if want := ids[q.Offset+i]; inst.ID != want {
				t.Fatalf("round %d: instance %d is %s, want %s", round, q.Offset+i, inst.ID, want)
			}
			if inst.Target != compute.StatusRunning && inst.Target != compute.StatusStopped {
				t.Fatalf("round %d: %s has target %q", round, inst.ID, inst.Target)
			}
		}
		st := []compute.Status{compute.StatusRunning, compute.StatusStopped}[round%2]
		p, err = reader.List(ctx, compute.Query{Owner: owner, Statuses: []compute.Status{st}, Brief: round%3 == 0, Limit: n}, later)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Instances) != p.Total {
			t.Fatalf("round %d: %d %s instances listed, total %d", round, len(p.Instances), st, p.Total)
		}
		for _, inst := range p.Instances {
			if inst.Target != st {
				t.Fatalf("round %d: %s listed as %s has target %q", round, inst.ID, st, inst.Target)
			}
		}
	}
}
