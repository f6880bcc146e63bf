package metrics_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/compute/computetest"
	"github.com/ecsd/ecsd/internal/metrics"
)

var (
	t0    = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	ali   = compute.Owner{Account: "a1", Cloud: compute.CloudAliyun}
	tc    = compute.Owner{Account: "a1", Cloud: compute.CloudTencent}
	other = compute.Owner{Account: "a2", Cloud: compute.CloudTencent}
)

// instance is an instance heading for target through stages that each
// last a second from now.
func instance(id string, now time.Time, target compute.Status, stages ...compute.Status) compute.Instance {
	inst := compute.Instance{ID: compute.InstanceID(id), Target: target}
	for i, s := range stages {
		inst.Stages = append(inst.Stages, compute.Stage{Status: s, Until: now.Add(time.Duration(i+1) * time.Second)})
	}
	return inst
}

type counts = map[compute.Cloud]map[compute.Status]int

func wantCounts(t *testing.T, c *metrics.Census, want counts) {
	t.Helper()
	got := c.Counts()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("counts %v, want %v", got, want)
	}
}

// TestCensus: instances are counted by the cloud of their owner and the
// status they show now, through their transitions, as changes are applied;
// terminated ones are gone, and a reset forgets an owner's.
func TestCensus(t *testing.T) {
	clock := computetest.NewClock(t0)
	c := metrics.NewCensus(clock)
	wantCounts(t, c, counts{})

	now := clock.Now()
	launched := []compute.Instance{
		instance("i-1", now, compute.StatusRunning, compute.StatusPending),
		instance("i-2", now, compute.StatusRunning, compute.StatusPending, compute.StatusStarting),
	}
	c.Apply(ali, nil, launched)
	c.Apply(tc, nil, []compute.Instance{instance("ins-1", now, compute.StatusStopped)})
	c.Apply(other, nil, []compute.Instance{instance("ins-2", now, compute.StatusRunning)})
	wantCounts(t, c, counts{
		compute.CloudAliyun:  {compute.StatusPending: 2},
		compute.CloudTencent: {compute.StatusStopped: 1, compute.StatusRunning: 1},
	})

	clock.Advance(time.Second)
	wantCounts(t, c, counts{
		compute.CloudAliyun:  {compute.StatusRunning: 1, compute.StatusStarting: 1},
		compute.CloudTencent: {compute.StatusStopped: 1, compute.StatusRunning: 1},
	})
	clock.Advance(time.Second)
	wantCounts(t, c, counts{
		compute.CloudAliyun:  {compute.StatusRunning: 2},
		compute.CloudTencent: {compute.StatusStopped: 1, compute.StatusRunning: 1},
	})

	// Stop i-1 (settled, as the store holds it) and terminate i-2 at once.
	now = clock.Now()
	c.Apply(ali, launched, []compute.Instance{
		instance("i-1", now, compute.StatusStopped, compute.StatusStopping),
		instance("i-2", now, compute.StatusTerminated),
	})
	wantCounts(t, c, counts{
		compute.CloudAliyun:  {compute.StatusStopping: 1},
		compute.CloudTencent: {compute.StatusStopped: 1, compute.StatusRunning: 1},
	})
	// Changed again before any count saw it settle: counted once.
	stopping := instance("i-1", now, compute.StatusStopped, compute.StatusStopping)
	c.Apply(ali, []compute.Instance{stopping}, []compute.Instance{instance("i-1", now, compute.StatusTerminated, compute.StatusTerminating)})
	wantCounts(t, c, counts{
		compute.CloudAliyun:  {compute.StatusTerminating: 1},
		compute.CloudTencent: {compute.StatusStopped: 1, compute.StatusRunning: 1},
	})
	clock.Advance(time.Second)
	wantCounts(t, c, counts{
		compute.CloudTencent: {compute.StatusStopped: 1, compute.StatusRunning: 1},
	})

	c.Reset(tc)
	wantCounts(t, c, counts{compute.CloudTencent: {compute.StatusRunning: 1}})
}

// listOnly is a Store that lists pages of fixed instances per owner.
type listOnly struct {
	compute.Store
	instances map[compute.Owner][]compute.Instance
	calls     int
}

func (s *listOnly) List(_ context.Context, q compute.Query, _ time.Time) (compute.Page, error) {
	s.calls++
	if !q.Brief {
		return compute.Page{}, fmt.Errorf("a full listing, want a brief one")
	}
	all := s.instances[q.Owner]
	lo, hi := min(q.Offset, len(all)), min(q.Offset+q.Limit, len(all))
	return compute.Page{Instances: all[lo:hi], Total: len(all)}, nil
}

// TestCensusSeed: a census starts from every owner's instances, read a
// page at a time.
func TestCensusSeed(t *testing.T) {
	clock := computetest.NewClock(t0)
	store := &listOnly{instances: map[compute.Owner][]compute.Instance{}}
	for i := range 2500 {
		store.instances[tc] = append(store.instances[tc], instance(fmt.Sprintf("ins-%d", i), t0, compute.StatusRunning))
	}
	store.instances[ali] = []compute.Instance{instance("i-1", t0, compute.StatusRunning, compute.StatusPending)}
	c := metrics.NewCensus(clock)
	if err := c.Seed(context.Background(), store, []compute.Owner{tc, ali, other}); err != nil {
		t.Fatal(err)
	}
	wantCounts(t, c, counts{
		compute.CloudAliyun:  {compute.StatusPending: 1},
		compute.CloudTencent: {compute.StatusRunning: 2500},
	})
	if store.calls != 5 {
		t.Errorf("%d listings, want 5: three pages of one owner, one of each other", store.calls)
	}
}
