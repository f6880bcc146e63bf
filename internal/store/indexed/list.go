package indexed

import (
	"context"
	"slices"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
)

// List implements compute.Store. A listing by scope (owner, region, zone or
// resource group), by status and by instance IDs is answered from the
// index: the total is the sum of the lengths of at most a few lists, and a
// page at any depth is found by rank. A brief listing returns what the
// index holds; any other reads the page's instances from the plain store
// by ID. A listing by name or by link, or by a combination of scopes no
// list holds, goes to the plain store whole.
func (s *Store) List(ctx context.Context, q compute.Query, now time.Time) (compute.Page, error) {
	q.Offset, q.Limit = max(q.Offset, 0), max(q.Limit, 0)
	scope, ok := scopeOf(q)
	if !ok || q.NameContains != "" || len(q.Links) > 0 {
		return s.plain.List(ctx, q, now)
	}
	ow := s.ownerOf(q.Owner)
	// Deferred first, so that it runs after the locks below are released.
	var reap bool
	defer func() {
		if reap {
			// As the plain stores' listings do, a listing that meets
			// gone instances removes them, once it is answered. It is
			// housekeeping: its failure is the next write's to meet.
			_ = s.Update(context.WithoutCancel(ctx), q.Owner, now, func(compute.Tx) error { return nil })
		}
	}()
	if !q.Brief {
		// The page's instances are read from the plain store: no write
		// of the owner may come between the index and that read.
		ow.writing.RLock()
		defer ow.writing.RUnlock()
	}
	nowN := now.UnixNano()
	ow.mu.RLock()
	if ow.needsSettle(nowN) {
		ow.mu.RUnlock()
		ow.mu.Lock()
		reap = ow.settle(nowN)
		ow.mu.Unlock()
		ow.mu.RLock()
	}
	if ow.broken || nowN < ow.filedUpTo {
		ow.mu.RUnlock()
		return s.plain.List(ctx, q, now)
	}
	var found []*entry
	var total int
	if len(q.IDs) > 0 {
		found, total = ow.byIDs(q, scope, nowN)
	} else {
		found, total = ow.page(q, scope, nowN)
	}
	page := compute.Page{Total: total}
	if len(found) > 0 {
		page.Instances = make([]compute.Instance, 0, len(found))
	}
	if q.Brief {
		for _, e := range found {
			page.Instances = append(page.Instances, e.instance(q.Owner))
		}
		ow.mu.RUnlock()
		return page, nil
	}
	ids := make([]string, len(found))
	for i, e := range found {
		ids[i] = string(e.id)
	}
	ow.mu.RUnlock()
	if len(ids) == 0 {
		return page, nil
	}
	rs, err := s.plain.Read(q.Owner).Get(ctx, compute.KindInstance, ids...)
	if err != nil {
		return compute.Page{}, err
	}
	for _, r := range rs {
		if inst, ok := r.(*compute.Instance); ok {
			page.Instances = append(page.Instances, *inst)
		}
	}
	return page, nil
}

// matches reports whether e is listed by q's scope and statuses at now.
func matches(e *entry, q compute.Query, now int64) bool {
	status := e.statusAt(now)
	return status != compute.StatusTerminated &&
		(q.Region == "" || e.region == q.Region) &&
		(q.Zone == "" || e.zone == q.Zone) &&
		(q.ResourceGroup == "" || e.group == q.ResourceGroup) &&
		(len(q.Statuses) == 0 || slices.Contains(q.Statuses, status))
}

// byIDs lists the named instances: a map lookup each. o.mu is held.
func (o *owner) byIDs(q compute.Query, scope string, now int64) ([]*entry, int) {
	var all []*entry
	for _, id := range q.IDs {
		if e := o.byID[id]; e != nil && matches(e, q, now) && !slices.Contains(all, e) {
			all = append(all, e)
		}
	}
	slices.SortFunc(all, func(a, b *entry) int { return cmpInt(a.serial, b.serial) })
	if q.Offset >= len(all) {
		return nil, len(all)
	}
	return all[q.Offset:min(len(all), q.Offset+q.Limit)], len(all)
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// source is one sorted set of matches: a list of settled instances, or the
// matching instances in transition.
type source interface {
	Len() int
	At(i int) *entry
	Rank(serial int64) int
}

// sorted is a source over a slice sorted by serial.
type sorted []*entry

func (s sorted) Len() int        { return len(s) }
func (s sorted) At(i int) *entry { return s[i] }
func (s sorted) Rank(v int64) int {
	lo, hi := 0, len(s)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if s[m].serial < v {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// page lists a scope, by status when q has statuses: the union of the
// settled lists of the scope (one per status asked for) and of the
// instances in transition that match at now. o.mu is held.
func (o *owner) page(q compute.Query, scope string, now int64) ([]*entry, int) {
	var srcs []source
	if len(q.Statuses) == 0 {
		if l := o.lists[listKey{scope: scope}]; l != nil {
			srcs = append(srcs, l)
		}
	} else {
		var seen []compute.Status
		for _, st := range q.Statuses {
			if slices.Contains(seen, st) {
				continue
			}
			seen = append(seen, st)
			if l := o.lists[listKey{status: st, scope: scope}]; l != nil {
				srcs = append(srcs, l)
			}
		}
	}
	if len(o.moving) > 0 {
		var moving sorted
		for e := range o.moving {
			if matches(e, q, now) {
				moving = append(moving, e)
			}
		}
		if len(moving) > 0 {
			slices.SortFunc(moving, func(a, b *entry) int { return cmpInt(a.serial, b.serial) })
			srcs = append(srcs, moving)
		}
	}
	total := 0
	for _, src := range srcs {
		total += src.Len()
	}
	if q.Offset >= total || q.Limit == 0 {
		return nil, total
	}
	n := min(q.Limit, total-q.Offset)
	out := make([]*entry, 0, n)
	if len(srcs) == 1 {
		for i := q.Offset; i < q.Offset+n; i++ {
			out = append(out, srcs[0].At(i))
		}
		return out, total
	}
	// The first of the page is the entry with the smallest serial v that
	// has more than Offset entries at or below it; the page then merges
	// the sources from their first entry at or above v.
	lo, hi := int64(0), int64(0)
	for _, src := range srcs {
		hi = max(hi, src.At(src.Len()-1).serial)
	}
	for lo < hi {
		mid := lo + (hi-lo)/2
		atOrBelow := 0
		for _, src := range srcs {
			atOrBelow += src.Rank(mid + 1)
		}
		if atOrBelow > q.Offset {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	pos := make([]int, len(srcs))
	for i, src := range srcs {
		pos[i] = src.Rank(lo)
	}
	for len(out) < n {
		best := -1
		var bestE *entry
		for i, src := range srcs {
			if pos[i] < src.Len() {
				if e := src.At(pos[i]); bestE == nil || e.serial < bestE.serial {
					best, bestE = i, e
				}
			}
		}
		out = append(out, bestE)
		pos[best]++
	}
	return out, total
}
