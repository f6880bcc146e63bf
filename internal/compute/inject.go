package compute

import (
	"context"
	"math"
	"time"
)

// Injected is what fault injection asks of the use cases that run under a
// context carrying it (WithInjected): launches that fail, and launches and
// lifecycle operations held in their transitional status. The core knows
// nothing of the rules that ask; it only does what it is asked.
type Injected struct {
	// FailLaunch makes a launch end in StatusLaunchFailed, as a launch
	// from FailingImageID does.
	FailLaunch bool
	// Hold, when set, holds the instances of a launch or a lifecycle
	// operation in their first transitional status (see HeldUntil) until
	// Release lets them go or another operation acts on them. It is called
	// with the instances held, once they are stored.
	Hold func(owner Owner, ids []InstanceID)
}

type injectedKey struct{}

// WithInjected returns a copy of ctx that asks in of the use cases run
// under it.
func WithInjected(ctx context.Context, in Injected) context.Context {
	return context.WithValue(ctx, injectedKey{}, in)
}

// InjectedIn returns what ctx asks of the use cases; the zero Injected
// when it asks nothing.
func InjectedIn(ctx context.Context) Injected {
	in, _ := ctx.Value(injectedKey{}).(Injected)
	return in
}

// HeldUntil ends the stage of a held instance: the last instant a time in
// Unix nanoseconds can spell (in 2262), which every store keeps as it
// keeps any other, and no clock reaches. An instance whose first stage
// ends then shows that stage's status until it is released.
var HeldUntil = time.Unix(0, math.MaxInt64).UTC()

// Held reports whether the instance is held in its transitional status.
func (i Instance) Held() bool { return len(i.Stages) > 0 && i.Stages[0].Until.Equal(HeldUntil) }

// hold returns the stages of an instance held in the first of statuses;
// none when the transition shows no transitional status.
func hold(statuses []Status) []Stage {
	if len(statuses) == 0 {
		return nil
	}
	return []Stage{{Status: statuses[0], Until: HeldUntil}}
}

// Release lets the held instances among ids settle now: each shows its
// target status at once, and one held terminating is gone. Instances that
// are not held, or not found, are left alone. It returns the instances it
// released.
func (s *Service) Release(ctx context.Context, owner Owner, ids []InstanceID) ([]InstanceID, error) {
	ids = dedupe(ids)
	if len(ids) == 0 {
		return nil, nil
	}
	var released []InstanceID
	now := s.clock.Now()
	err := s.store.Update(ctx, owner, now, func(tx Tx) error {
		released = released[:0]
		found, err := getAll[Instance](ctx, tx, KindInstance, instanceKeys(ids)...)
		if err != nil {
			return err
		}
		var put []Instance
		for _, inst := range found {
			if !inst.Held() {
				continue
			}
			released = append(released, inst.ID)
			inst.Stages = nil
			if inst.Target == StatusTerminated {
				if err := tx.Delete(ctx, inst.Key()); err != nil {
					return err
				}
				continue
			}
			put = append(put, inst)
		}
		if len(put) == 0 {
			return nil
		}
		return tx.SetLifecycles(ctx, put)
	})
	if err != nil {
		return nil, err
	}
	return released, nil
}
