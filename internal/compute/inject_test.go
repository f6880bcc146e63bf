package compute_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
)

// holder records what a Hold callback was given.
type holder struct{ ids []compute.InstanceID }

func (h *holder) ctx(ctx context.Context) context.Context {
	return compute.WithInjected(ctx, compute.Injected{Hold: func(o compute.Owner, ids []compute.InstanceID) {
		if o != owner {
			panic("held for another owner")
		}
		h.ids = append(h.ids, ids...)
	}})
}

func (e *env) act(ctx context.Context, op compute.Operation, id compute.InstanceID, opts compute.ActOptions) compute.Outcome {
	e.t.Helper()
	out := must(e.svc.Act(ctx, op, compute.Selection{Owner: owner, IDs: []compute.InstanceID{id}}, opts))
	return out[0]
}

// TestHeldLaunch: a launch under Hold stays pending however far the clock
// moves, reports what it held, and settles running once released.
func TestHeldLaunch(t *testing.T) {
	e := newEnv(t, nil)
	var h holder
	created := must(e.svc.Launch(h.ctx(e.ctx), e.spec(compute.LaunchSpec{Count: 2, Boot: compute.BootStaged})))
	ids := []compute.InstanceID{created[0].ID, created[1].ID}
	if !slices.Equal(h.ids, ids) {
		t.Fatalf("Hold got %v, want %v", h.ids, ids)
	}
	e.clock.Advance(24 * 365 * time.Hour)
	for _, id := range ids {
		if got := e.instance(id); got.Status != compute.StatusPending || !got.Held() {
			t.Fatalf("a held launch a year on: %s (held %v), want pending", got.Status, got.Held())
		}
	}
	released := must(e.svc.Release(e.ctx, owner, append(ids, "i-unknown")))
	if !slices.Equal(released, ids) {
		t.Errorf("Release released %v, want %v", released, ids)
	}
	if got := e.instance(ids[0]); got.Status != compute.StatusRunning || len(got.Stages) != 0 {
		t.Errorf("released: %s with stages %v, want running, settled", got.Status, got.Stages)
	}
	if again := must(e.svc.Release(e.ctx, owner, ids)); len(again) != 0 {
		t.Errorf("releasing again released %v", again)
	}
}

// TestHeldOperations: an operation under Hold shows its transitional
// status until another operation acts on the instance, which finds it
// settled; held even with instant transitions.
func TestHeldOperations(t *testing.T) {
	e := newEnvConfig(t, nil, func(c *compute.Config) { c.TransitionDelay = 0 })
	var h holder
	inst := e.launch(compute.LaunchSpec{})[0]
	if out := e.act(h.ctx(e.ctx), compute.OpStop, inst.ID, compute.ActOptions{}); out.Err != nil || out.Current != compute.StatusStopping {
		t.Fatalf("a held stop: %+v, want stopping", out)
	}
	e.clock.Advance(time.Hour)
	if got := e.instance(inst.ID); got.Status != compute.StatusStopping {
		t.Fatalf("a held stop an hour on: %s, want stopping", got.Status)
	}
	// Stopping again finds it stopped, and refuses; it stays stopped.
	out := e.act(e.ctx, compute.OpStop, inst.ID, compute.ActOptions{})
	if e, ok := compute.AsError(out.Err); !ok || e.Code != compute.IncorrectState || e.Status != compute.StatusStopped {
		t.Fatalf("stopping a held stop: %+v, want refused as stopped", out)
	}
	if got := e.instance(inst.ID); got.Status != compute.StatusStopped || got.Held() {
		t.Fatalf("after the refused stop: %s (held %v), want stopped, released", got.Status, got.Held())
	}
	// A held start: a stop finds it running.
	e.act(h.ctx(e.ctx), compute.OpStart, inst.ID, compute.ActOptions{})
	if out := e.act(e.ctx, compute.OpStop, inst.ID, compute.ActOptions{}); out.Err != nil || out.Previous != compute.StatusRunning {
		t.Fatalf("stopping a held start: %+v, want it found running", out)
	}
	if !slices.Equal(h.ids, []compute.InstanceID{inst.ID, inst.ID}) {
		t.Errorf("Hold got %v, want the instance twice", h.ids)
	}
}

// TestHeldTermination: an instance held terminating is still there; once
// released, or acted on, it is gone.
func TestHeldTermination(t *testing.T) {
	e := newEnv(t, nil)
	var h holder
	a := e.launch(compute.LaunchSpec{Boot: compute.BootNone})[0]
	b := e.launch(compute.LaunchSpec{Boot: compute.BootNone})[0]
	e.clock.Advance(delay)
	for _, id := range []compute.InstanceID{a.ID, b.ID} {
		e.act(h.ctx(e.ctx), compute.OpTerminate, id, compute.ActOptions{Linger: true})
	}
	e.clock.Advance(time.Hour)
	if got := e.instance(a.ID); got.Status != compute.StatusTerminating {
		t.Fatalf("held termination: %s, want terminating", got.Status)
	}
	must(e.svc.Release(e.ctx, owner, []compute.InstanceID{a.ID}))
	if out := e.act(e.ctx, compute.OpStart, b.ID, compute.ActOptions{}); compute.ErrorCode(out.Err) != compute.NotFound {
		t.Errorf("acting on a held termination: %+v, want not found", out)
	}
	page := must(e.svc.List(e.ctx, compute.Query{Owner: owner, Limit: 10}))
	if len(page.Instances) != 0 {
		t.Errorf("after the releases: %d instances left, want none", len(page.Instances))
	}
}

// TestFailLaunch: a launch under FailLaunch settles launch_failed, as one
// from the failing image does.
func TestFailLaunch(t *testing.T) {
	e := newEnv(t, nil)
	ctx := compute.WithInjected(e.ctx, compute.Injected{FailLaunch: true})
	inst := must(e.svc.Launch(ctx, e.spec(compute.LaunchSpec{})))[0]
	if inst.Status != compute.StatusPending {
		t.Fatalf("a failing launch shows %s, want pending", inst.Status)
	}
	e.clock.Advance(delay)
	if got := e.instance(inst.ID); got.Status != compute.StatusLaunchFailed {
		t.Errorf("a failing launch settles %s, want launch_failed", got.Status)
	}
	if got := e.launch(compute.LaunchSpec{})[0]; got.Target != compute.StatusRunning {
		t.Errorf("a launch without the context heads for %s", got.Target)
	}
}

// TestActEditsExtra: ActOptions.Extra changes the instances the operation
// acts on, in its transaction, and no other: not one it refuses, not any
// in a dry run, not any when all-or-nothing fails.
func TestActEditsExtra(t *testing.T) {
	e := newEnv(t, nil)
	created := e.launch(compute.LaunchSpec{Count: 2})
	running, other := created[0].ID, created[1].ID
	e.clock.Advance(time.Hour)
	mark := func(extra map[string]string) map[string]string {
		if extra == nil {
			extra = map[string]string{}
		}
		extra["mode"] = "marked"
		return extra
	}
	sel := func(ids ...compute.InstanceID) compute.Selection {
		return compute.Selection{Owner: owner, IDs: ids}
	}
	if _, err := e.svc.Act(e.ctx, compute.OpStop, sel(running), compute.ActOptions{DryRun: true, Extra: mark}); err == nil {
		t.Fatal("a dry run passed without an error")
	}
	if got := e.instance(running).Extra["mode"]; got != "" {
		t.Fatalf("a dry run set Extra to %q", got)
	}
	must(e.svc.Act(e.ctx, compute.OpStop, sel(other), compute.ActOptions{}))
	e.clock.Advance(time.Hour)
	// other is stopped: stopping it again is refused.
	if _, err := e.svc.Act(e.ctx, compute.OpStop, sel(running, other), compute.ActOptions{AllOrNothing: true, Extra: mark}); err == nil {
		t.Fatal("all or nothing with a refusal passed")
	}
	if got := e.instance(running).Extra["mode"]; got != "" {
		t.Fatalf("a failed all-or-nothing stop set Extra to %q", got)
	}
	out := must(e.svc.Act(e.ctx, compute.OpStop, sel(running, other), compute.ActOptions{Extra: mark}))
	if out[0].Err != nil || out[1].Err == nil {
		t.Fatalf("outcomes %+v; want the running one stopped and the stopped one refused", out)
	}
	e.clock.Advance(time.Hour)
	if got := e.instance(running); got.Extra["mode"] != "marked" || got.Status != compute.StatusStopped {
		t.Errorf("the stopped instance: %s with Extra %v; want stopped and marked", got.Status, got.Extra)
	}
	if got := e.instance(other).Extra["mode"]; got != "" {
		t.Errorf("the refused instance got Extra %q", got)
	}
}
