package compute_test

import (
	"net/netip"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
)

// TestDelaysPerTransition: a cloud's own delay for a transition wins over
// the delay of every cloud, which wins over the single transition delay;
// each transition takes its own.
func TestDelaysPerTransition(t *testing.T) {
	e := newEnvConfig(t, nil, func(c *compute.Config) {
		c.Delays = compute.Delays{
			"":                  {compute.TransitionStop: 7 * time.Second, compute.TransitionCreate: time.Minute},
			compute.CloudAliyun: {compute.TransitionCreate: 30 * time.Second, compute.TransitionCreateDisk: 0},
		}
	})
	inst := e.launch(compute.LaunchSpec{})[0]
	if got := inst.Stages[0].Until.Sub(e.clock.Now()); got != 30*time.Second {
		t.Errorf("a launch is pending for %s, want the cloud's create delay 30s", got)
	}
	e.clock.Advance(30 * time.Second)
	stop := func() compute.Instance {
		t.Helper()
		must(e.svc.Act(e.ctx, compute.OpStop, compute.Selection{Owner: owner, IDs: []compute.InstanceID{inst.ID}}, compute.ActOptions{}))
		return e.instance(inst.ID)
	}
	if got := stop(); got.Status != compute.StatusStopping || got.SettlesAt().Sub(e.clock.Now()) != 7*time.Second {
		t.Errorf("a stop: %s settling in %s, want stopping for the every-cloud stop delay 7s", got.Status, got.SettlesAt().Sub(e.clock.Now()))
	}
	e.clock.Advance(7 * time.Second)
	must(e.svc.Act(e.ctx, compute.OpStart, compute.Selection{Owner: owner, IDs: []compute.InstanceID{inst.ID}}, compute.ActOptions{}))
	if got := e.instance(inst.ID); got.SettlesAt().Sub(e.clock.Now()) != delay {
		t.Errorf("a start settles in %s, want the transition delay %s", got.SettlesAt().Sub(e.clock.Now()), delay)
	}
	disks := must(e.svc.CreateDisks(e.ctx, compute.CreateDisksSpec{Owner: owner, Zone: "r1-a", Count: 1, Disk: compute.DiskSpec{Category: "ssd", SizeGiB: 20}}))
	if disks[0].Status != compute.DiskAvailable {
		t.Errorf("a disk with a create_disk delay of 0 is %s, want available at once", disks[0].Status)
	}
	n := must(e.svc.CreateNetwork(e.ctx, compute.NetworkSpec{Owner: owner, Region: "r1", CIDR: netip.MustParsePrefix("10.0.0.0/16")}))
	if n.ReadyAt.Sub(e.clock.Now()) != delay {
		t.Errorf("a network is pending for %s, want the transition delay", n.ReadyAt.Sub(e.clock.Now()))
	}
}

func (e *env) instance(id compute.InstanceID) compute.Instance {
	e.t.Helper()
	page := must(e.svc.List(e.ctx, compute.Query{Owner: owner, IDs: []compute.InstanceID{id}, Limit: 1}))
	if len(page.Instances) != 1 {
		e.t.Fatalf("instance %s: %d found", id, len(page.Instances))
	}
	return page.Instances[0]
}

func TestDelaysCheck(t *testing.T) {
	for name, d := range map[string]compute.Delays{
		"unknown cloud":      {"mars": {compute.TransitionStop: time.Second}},
		"unknown transition": {compute.CloudTencent: {"explode": time.Second}},
		"negative":           {"": {compute.TransitionStart: -time.Second}},
	} {
		if err := d.Check(); compute.ErrorCode(err) != compute.InvalidArgument {
			t.Errorf("%s: %v, want InvalidArgument", name, err)
		}
	}
	if err := (compute.Delays{compute.CloudZenlayer: {compute.TransitionReboot: 0}}).Check(); err != nil {
		t.Errorf("a good table: %v", err)
	}
}

// TestDrawIsSeeded: two services seeded alike draw alike.
func TestDrawIsSeeded(t *testing.T) {
	a := compute.NewService(compute.Config{Random: compute.NewSeededRandom(7)})
	b := compute.NewService(compute.Config{Random: compute.NewSeededRandom(7)})
	for range 3 {
		if x, y := a.Draw("0123456789", 12), b.Draw("0123456789", 12); x != y || len(x) != 12 {
			t.Fatalf("seeded draws %q and %q differ", x, y)
		}
	}
}
