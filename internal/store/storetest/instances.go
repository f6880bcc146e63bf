package storetest

import (
	"context"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
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
