package metrics

import (
	"context"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ecsd/ecsd/internal/compute"
)

// Census counts instances by cloud and status for the ecsd_instances
// gauge without reading the store at scrape time: it counts the store's
// instances once (Seed), then follows every change this process commits
// (Apply, Reset). What an instance shows depends on the time, so settled
// instances are counted by the status they rest in, and the few in a
// transition are kept aside with their stages and placed at each scrape;
// a scrape costs the number of owners and of instances in transition, not
// of instances.
//
// The cloud of an instance is its owner's: the vendor API that created it,
// the only one that sees it.
//
// Changes other processes make to a shared store are not seen that way; a
// store that can count every owner's instances from memory while
// following every node's changes (an InventoryCounter: the listing index)
// is asked at each scrape instead (CountFrom).
type Census struct {
	clock compute.Clock
	desc  *prometheus.Desc
	// source, when set, counts the instances at each scrape.
	source InventoryCounter

	mu sync.Mutex
	// settled counts instances resting in a status, by owner.
	settled map[ownerStatus]int
	// moving are the instances in a transition when last seen.
	moving map[compute.InstanceID]lifecycle
}

type ownerStatus struct {
	owner  compute.Owner
	status compute.Status
}

type lifecycle struct {
	owner  compute.Owner
	target compute.Status
	stages []compute.Stage
}

func (l lifecycle) instance() compute.Instance {
	return compute.Instance{Target: l.target, Stages: l.stages}
}

// NewCensus returns an empty Census that tells statuses by clock.
func NewCensus(clock compute.Clock) *Census {
	return &Census{
		clock:   clock,
		desc:    prometheus.NewDesc("ecsd_instances", "Instances by cloud (the vendor API that created them) and status.", []string{"cloud", "status"}, nil),
		settled: map[ownerStatus]int{},
		moving:  map[compute.InstanceID]lifecycle{},
	}
}

// StatusCounter is a store that can count an owner's instances without
// listing them: Seed then asks it rather than paging through a million
// instances at start (which took longer than loading them).
type StatusCounter interface {
	// CountByStatus returns how many of owner's instances rest in each
	// status at now, and the brief form (ID and lifecycle) of those still
	// in a transition, which are not counted; ok is false when the store
	// cannot tell, and Seed then lists.
	CountByStatus(ctx context.Context, owner compute.Owner, now time.Time) (settled map[compute.Status]int, moving []compute.Instance, ok bool, err error)
}

// InventoryCounter is a store that counts the instances of every owner by
// cloud and the status they show at now from memory, following the changes
// every node makes to a shared store (the listing index); ok is false when
// it cannot tell at now.
type InventoryCounter interface {
	CountAll(now time.Time) (counts map[compute.Cloud]map[compute.Status]int, ok bool)
}

// CountFrom makes the census ask src at each scrape; what it follows
// itself answers only when src cannot tell.
func (c *Census) CountFrom(src InventoryCounter) { c.source = src }

// seedPage is how many instances Seed reads at once.
const seedPage = 1000

// Seed counts the instances of owners in store, a page at a time. It runs
// before the server serves, so that no change races with it.
func (c *Census) Seed(ctx context.Context, store compute.Store, owners []compute.Owner) error {
	counter, _ := store.(StatusCounter)
	for _, owner := range owners {
		if counter != nil {
			settled, moving, ok, err := counter.CountByStatus(ctx, owner, c.clock.Now())
			if err != nil {
				return err
			}
			if ok {
				c.mu.Lock()
				for st, n := range settled {
					if st != compute.StatusTerminated && n > 0 {
						c.settled[ownerStatus{owner, st}] += n
					}
				}
				c.mu.Unlock()
				c.Apply(owner, nil, moving)
				continue
			}
		}
		for offset := 0; ; offset += seedPage {
			page, err := store.List(ctx, compute.Query{Owner: owner, Brief: true, Offset: offset, Limit: seedPage}, c.clock.Now())
			if err != nil {
				return err
			}
			c.Apply(owner, nil, page.Instances)
			if len(page.Instances) < seedPage {
				break
			}
		}
	}
	return nil
}

// Apply records a committed change of owner's instances: before are the
// instances changed or removed as they were, after the instances created
// or changed as they are now.
func (c *Census) Apply(owner compute.Owner, before, after []compute.Instance) {
	if len(before) == 0 && len(after) == 0 {
		return
	}
	now := c.clock.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, inst := range before {
		if _, ok := c.moving[inst.ID]; ok {
			delete(c.moving, inst.ID)
			continue
		}
		if inst.Target != compute.StatusTerminated {
			k := ownerStatus{owner, inst.Target}
			if c.settled[k]--; c.settled[k] <= 0 {
				delete(c.settled, k)
			}
		}
	}
	for _, inst := range after {
		c.add(owner, inst.ID, lifecycle{owner: owner, target: inst.Target, stages: inst.Stages}, now)
	}
}

// add counts one instance: settled by its target, or aside while in a
// transition. Terminated instances are gone and not counted.
func (c *Census) add(owner compute.Owner, id compute.InstanceID, l lifecycle, now time.Time) {
	if settles := l.instance().SettlesAt(); settles.After(now) {
		c.moving[id] = l
		return
	}
	if l.target != compute.StatusTerminated {
		c.settled[ownerStatus{owner, l.target}]++
	}
}

// Reset forgets every instance of owner, which the store removed.
func (c *Census) Reset(owner compute.Owner) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.settled {
		if k.owner == owner {
			delete(c.settled, k)
		}
	}
	for id, l := range c.moving {
		if l.owner == owner {
			delete(c.moving, id)
		}
	}
}

// Counts returns the instances by cloud and status now.
func (c *Census) Counts() map[compute.Cloud]map[compute.Status]int {
	now := c.clock.Now()
	if c.source != nil {
		if counts, ok := c.source.CountAll(now); ok {
			return counts
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[compute.Cloud]map[compute.Status]int{}
	count := func(cloud compute.Cloud, s compute.Status, n int) {
		if out[cloud] == nil {
			out[cloud] = map[compute.Status]int{}
		}
		out[cloud][s] += n
	}
	for id, l := range c.moving {
		if !l.instance().SettlesAt().After(now) {
			// Settled since: counted by its target from now on.
			delete(c.moving, id)
			c.add(l.owner, id, l, now)
			continue
		}
		count(l.owner.Cloud, l.instance().StatusAt(now), 1)
	}
	for k, n := range c.settled {
		count(k.owner.Cloud, k.status, n)
	}
	return out
}

// Describe implements prometheus.Collector.
func (c *Census) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

// Collect implements prometheus.Collector: every cloud and every status an
// instance can show, zeros included, so that a series does not vanish
// when the last instance leaves a status.
func (c *Census) Collect(ch chan<- prometheus.Metric) {
	counts := c.Counts()
	for _, cloud := range compute.Clouds {
		for _, s := range compute.Statuses {
			if s == compute.StatusTerminated {
				continue
			}
			ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(counts[cloud][s]), string(cloud), string(s))
		}
	}
}
