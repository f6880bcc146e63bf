package indexed

import (
	"context"
	"maps"
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
//
// Over a Follower, the index is brought up to date first (see catchUp), and
// a full listing whose rows disagree with the index (another node wrote
// them meanwhile) is listed again, and after a few such tries, by the plain
// store.
func (s *Store) List(ctx context.Context, q compute.Query, now time.Time) (compute.Page, error) {
	q.Offset, q.Limit = max(q.Offset, 0), max(q.Limit, 0)
	f, ok := s.filterOf(q)
	if !ok {
		return s.plain.List(ctx, q, now)
	}
	ow := s.ownerOf(q.Owner)
	for try := 1; ; try++ {
		if s.follower != nil {
			if err := s.catchUp(ctx, q.Owner, ow); err != nil {
				return compute.Page{}, err
			}
			// What the changes brought may have names the query's
			// codes lacked before (whether a list holds the query
			// depends on its shape alone, which has not changed).
			f, _ = s.filterOf(q)
		}
		page, agreed, err := s.listIndexed(ctx, q, f, ow, now)
		if err != nil || agreed {
			return page, err
		}
		if try == listTries {
			return s.plain.List(ctx, q, now)
		}
	}
}

// listTries is how often a full listing over a Follower is tried from the
// index before the plain store answers it.
const listTries = 3

// listIndexed answers a listing from the index, reading a full listing's
// instances from the plain store; agreed is false when those rows disagree
// with the index, which happens only over a Follower.
func (s *Store) listIndexed(ctx context.Context, q compute.Query, f filter, ow *owner, now time.Time) (_ compute.Page, agreed bool, _ error) {
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
		page, err := s.plain.List(ctx, q, now)
		return page, true, err
	}
	var (
		found []uint32
		total int
	)
	switch {
	case f.none:
	case len(q.IDs) > 0:
		found, total = ow.byIDs(q, f, nowN)
	default:
		found, total = ow.page(q, f, nowN)
	}
	page := compute.Page{Total: total}
	if len(found) == 0 {
		ow.mu.RUnlock()
		return page, true, nil
	}
	if q.Brief {
		page.Instances = make([]compute.Instance, len(found))
		s.namesMu.RLock()
		for i, slot := range found {
			page.Instances[i] = s.brief(&ow.slab[slot], q.Owner)
		}
		s.namesMu.RUnlock()
		ow.mu.RUnlock()
		return page, true, nil
	}
	ids := make([]string, len(found))
	var indexedAs []compute.Instance
	if s.follower != nil {
		indexedAs = make([]compute.Instance, len(found))
	}
	s.namesMu.RLock()
	for i, slot := range found {
		ids[i] = string(ow.slab[slot].id)
		if indexedAs != nil {
			indexedAs[i] = s.brief(&ow.slab[slot], q.Owner)
			indexedAs[i].ResourceGroup = s.names[ow.slab[slot].group]
		}
	}
	s.namesMu.RUnlock()
	ow.mu.RUnlock()
	rs, err := s.plain.Read(q.Owner).Get(ctx, compute.KindInstance, ids...)
	if err != nil {
		return compute.Page{}, false, err
	}
	page.Instances = make([]compute.Instance, 0, len(rs))
	for _, r := range rs {
		if inst, ok := r.(*compute.Instance); ok {
			page.Instances = append(page.Instances, *inst)
		}
	}
	if indexedAs != nil && !sameListing(indexedAs, page.Instances) {
		// Another node wrote these instances since the index was
		// brought up to date: the page and its rows disagree.
		return compute.Page{}, false, nil
	}
	return page, true, nil
}

// sameListing reports whether the rows read are the instances the index
// listed, as the index holds them: same IDs in the same order, same
// lifecycle, same resource group (the rest of what a listing selects by
// never changes).
func sameListing(indexed, rows []compute.Instance) bool {
	if len(indexed) != len(rows) {
		return false
	}
	for i := range indexed {
		a, b := &indexed[i], &rows[i]
		if a.ID != b.ID || a.Target != b.Target || a.ResourceGroup != b.ResourceGroup || len(a.Stages) != len(b.Stages) {
			return false
		}
		for j := range a.Stages {
			if a.Stages[j].Status != b.Stages[j].Status || !a.Stages[j].Until.Equal(b.Stages[j].Until) {
				return false
			}
		}
	}
	return true
}

// brief is the brief form of e, as the plain store's brief listing returns
// it. s.namesMu is held for reading.
func (s *Store) brief(e *entry, o compute.Owner) compute.Instance {
	inst := compute.Instance{ID: e.id, Meta: compute.Meta{Owner: o, Serial: e.serial}, Target: compute.Status(s.names[e.target])}
	if e.nStages > 0 {
		inst.Stages = make([]compute.Stage, e.nStages)
		for i, st := range e.stages[:e.nStages] {
			inst.Stages[i] = compute.Stage{Status: compute.Status(s.names[st.status]), Until: time.Unix(0, st.until).UTC()}
		}
	}
	return inst
}

// filter is a query in codes.
type filter struct {
	list listKey // the list (of every status) that holds the query's scope
	// region, zone and group are the query's, when hasX.
	region, zone, group          code
	hasRegion, hasZone, hasGroup bool
	// statuses are the codes of the statuses asked for; any when nil.
	statuses []code
	// none says that nothing can match: the query names a region, zone,
	// group or every status no instance ever had.
	none bool
}

// filterOf translates q, and reports false when no list holds its scope or
// it has a condition the index does not keep (a name, a link).
func (s *Store) filterOf(q compute.Query) (filter, bool) {
	var f filter
	if q.NameContains != "" || len(q.Links) > 0 {
		return f, false
	}
	codeOf := func(v string, has *bool, c *code) {
		if v == "" {
			return
		}
		*has = true
		var ok bool
		if *c, ok = s.lookup(v); !ok {
			f.none = true
		}
	}
	codeOf(string(q.Region), &f.hasRegion, &f.region)
	codeOf(string(q.Zone), &f.hasZone, &f.zone)
	codeOf(q.ResourceGroup, &f.hasGroup, &f.group)
	switch {
	case !f.hasRegion && !f.hasZone && !f.hasGroup:
		f.list = listKey{scope: scopeAll}
	case f.hasRegion && !f.hasZone && !f.hasGroup:
		f.list = listKey{scope: scopeRegion, a: f.region}
	case f.hasRegion && f.hasZone && !f.hasGroup:
		f.list = listKey{scope: scopeZone, a: f.region, b: f.zone}
	case !f.hasRegion && !f.hasZone && f.hasGroup:
		f.list = listKey{scope: scopeGroup, a: f.group}
	default:
		return f, false
	}
	if len(q.Statuses) > 0 {
		f.statuses = make([]code, 0, len(q.Statuses))
		for _, st := range q.Statuses {
			if c, ok := s.lookup(string(st)); ok && c != terminated && !slices.Contains(f.statuses, c) {
				f.statuses = append(f.statuses, c)
			}
		}
		if len(f.statuses) == 0 {
			f.none = true
		}
	}
	return f, true
}

// matches reports whether e is listed by f at now.
func (f *filter) matches(e *entry, now int64) bool {
	status := e.statusAt(now)
	return status != terminated &&
		(!f.hasRegion || e.region == f.region) &&
		(!f.hasZone || e.zone == f.zone) &&
		(!f.hasGroup || e.group == f.group) &&
		(f.statuses == nil || slices.Contains(f.statuses, status))
}

// byIDs lists the named instances: a map lookup each. o.mu is held.
func (o *owner) byIDs(q compute.Query, f filter, now int64) ([]uint32, int) {
	all := make([]uint32, 0, len(q.IDs))
	for _, id := range q.IDs {
		if slot, ok := o.byID[id]; ok && f.matches(&o.slab[slot], now) {
			all = append(all, slot)
		}
	}
	// An ID named twice is one instance: sorted by serial, its slots are
	// neighbours (a search for each in the others was quadratic in the
	// IDs asked for).
	slices.SortFunc(all, func(a, b uint32) int { return cmpInt(o.slab[a].serial, o.slab[b].serial) })
	all = slices.Compact(all)
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
	At(i int) uint32
	Rank(slab []entry, serial int64) int
}

// sorted is a source over slots sorted by serial.
type sorted struct {
	slots []uint32
}

func (s sorted) Len() int        { return len(s.slots) }
func (s sorted) At(i int) uint32 { return s.slots[i] }
func (s sorted) Rank(slab []entry, v int64) int {
	lo, hi := 0, len(s.slots)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if slab[s.slots[m]].serial < v {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// page lists a scope, by status when f has statuses: the union of the
// settled lists of the scope (one per status asked for) and of the
// instances in transition that match at now. o.mu is held.
func (o *owner) page(q compute.Query, f filter, now int64) ([]uint32, int) {
	var srcs []source
	if f.statuses == nil {
		if l := o.lists[f.list]; l != nil {
			srcs = append(srcs, l)
		}
	} else {
		for _, st := range f.statuses {
			k := f.list
			k.status = st
			if l := o.lists[k]; l != nil {
				srcs = append(srcs, l)
			}
		}
	}
	if o.moving.len() > 0 {
		var moving sorted
		for _, slot := range o.moving.slots {
			if f.matches(&o.slab[slot], now) {
				moving.slots = append(moving.slots, slot)
			}
		}
		if len(moving.slots) > 0 {
			slices.SortFunc(moving.slots, func(a, b uint32) int { return cmpInt(o.slab[a].serial, o.slab[b].serial) })
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
	out := make([]uint32, 0, n)
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
		hi = max(hi, o.slab[src.At(src.Len()-1)].serial)
	}
	for lo < hi {
		mid := lo + (hi-lo)/2
		atOrBelow := 0
		for _, src := range srcs {
			atOrBelow += src.Rank(o.slab, mid+1)
		}
		if atOrBelow > q.Offset {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	pos := make([]int, len(srcs))
	for i, src := range srcs {
		pos[i] = src.Rank(o.slab, lo)
	}
	for len(out) < n {
		best, bestSerial := -1, int64(0)
		for i, src := range srcs {
			if pos[i] < src.Len() {
				if serial := o.slab[src.At(pos[i])].serial; best < 0 || serial < bestSerial {
					best, bestSerial = i, serial
				}
			}
		}
		out = append(out, srcs[best].At(pos[best]))
		pos[best]++
	}
	return out, total
}

// CountByStatus implements metrics.StatusCounter: the settled instances of
// o are counted by the lengths of o's lists by status, and those in
// transition are returned in brief. ok is false when listings would go to
// the plain store (see List).
func (s *Store) CountByStatus(ctx context.Context, o compute.Owner, now time.Time) (settled map[compute.Status]int, moving []compute.Instance, ok bool, err error) {
	ow := s.ownerOf(o)
	if err := s.catchUp(ctx, o, ow); err != nil {
		return nil, nil, false, err
	}
	nowN := now.UnixNano()
	ow.mu.Lock()
	defer ow.mu.Unlock()
	// Settling here only files or forgets what is due; the gone instances
	// the plain store still holds are the next write's to reap, and are
	// not counted either way.
	ow.settle(nowN)
	if ow.broken || nowN < ow.filedUpTo {
		return nil, nil, false, nil
	}
	s.namesMu.RLock()
	defer s.namesMu.RUnlock()
	settled = map[compute.Status]int{}
	for k, l := range ow.lists {
		if k.scope == scopeAll && k.status != 0 {
			settled[compute.Status(s.names[k.status])] += l.Len()
		}
	}
	for _, slot := range ow.moving.slots {
		moving = append(moving, s.brief(&ow.slab[slot], o))
	}
	return settled, moving, true, nil
}

// CountAll implements metrics.InventoryCounter: the instances of every
// owner by cloud and the status they show at now, from the lengths of the
// owners' lists by status and the few in transition. Over a Follower it
// counts what the index has taken of the other nodes' writes (Follow keeps
// it within its period). ok is false when some owner's listings would go to
// the plain store at now (see List).
func (s *Store) CountAll(now time.Time) (map[compute.Cloud]map[compute.Status]int, bool) {
	s.mu.Lock()
	owners := maps.Clone(s.owners)
	s.mu.Unlock()
	nowN := now.UnixNano()
	out := map[compute.Cloud]map[compute.Status]int{}
	add := func(cloud compute.Cloud, st compute.Status, n int) {
		if out[cloud] == nil {
			out[cloud] = map[compute.Status]int{}
		}
		out[cloud][st] += n
	}
	for o, ow := range owners {
		ow.mu.Lock()
		ow.settle(nowN)
		if ow.broken || nowN < ow.filedUpTo {
			ow.mu.Unlock()
			return nil, false
		}
		s.namesMu.RLock()
		for k, l := range ow.lists {
			if k.scope == scopeAll && k.status != 0 {
				add(o.Cloud, compute.Status(s.names[k.status]), l.Len())
			}
		}
		for _, slot := range ow.moving.slots {
			if st := ow.slab[slot].statusAt(nowN); st != terminated {
				add(o.Cloud, compute.Status(s.names[st]), 1)
			}
		}
		s.namesMu.RUnlock()
		ow.mu.Unlock()
	}
	return out, true
}
