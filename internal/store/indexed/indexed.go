package indexed

import (
	"context"
	"maps"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
)

// Plain is the store underneath: the durable truth, which answers every
// question itself (plainly), and can list the instances of every owner so
// that the index can be loaded.
type Plain interface {
	compute.Store
	// EachListing calls fn with every instance of every owner, in
	// ascending Serial, with at least the fields an entry keeps (ID,
	// Owner, Region, Zone, ResourceGroup, Serial, Target, Stages).
	EachListing(ctx context.Context, fn func(compute.Instance) error) error
}

// Store is a compute.Store that answers listings from memory and sends
// everything else to its plain store. It is safe for concurrent use, and
// must be the only writer of the plain store's instances unless the plain
// store is a Follower (see the package documentation).
type Store struct {
	plain Plain
	// follower is the plain store's, when several nodes share it: the
	// index then follows its versions (see catchUp).
	follower Follower

	mu     sync.Mutex
	owners map[compute.Owner]*owner

	// names holds every region, zone, resource group and status an entry
	// refers to, once; entries keep their codes (indexes into names), so
	// that they hold no pointer but their ID's.
	namesMu sync.RWMutex
	names   []string
	codes   map[string]code
}

// code stands for a string of Store.names; 0 for "".
type code uint32

// grace is how long after its last stage an instance stays among the
// owner's instances in transition before it is filed by its settled status.
// A listing at a time earlier than some filed instance's last stage cannot
// use the filing and goes to the plain store; requests served concurrently
// read clocks that differ by far less than this, so only a clock set
// backwards takes that path.
const grace = time.Second

// beforeAll is the time at which an instance is put when the time is not
// known (on loading without a clock): it counts as in transition if it has
// stages at all, and the first listing files it at its own time.
const beforeAll = math.MinInt64

// owner is the index of one owner's instances.
type owner struct {
	// writing is held by a write for as long as it runs (plain commit and
	// index update), and shared by listings that read full instances from
	// the plain store, so that those see the index and the plain store
	// agree. Brief listings, answered from memory alone, never take it.
	writing sync.RWMutex

	// mu guards everything below.
	mu sync.RWMutex
	// slab holds the entries; a slot is an index into it, and free lists
	// the slots of removed entries, for reuse.
	slab []entry
	free []uint32
	byID map[compute.InstanceID]uint32
	// lists holds the settled instances per scope, and per scope and
	// settled status.
	lists map[listKey]*seqList
	// moving are the instances in transition: not yet settled (by grace).
	moving movingHeap
	// filedUpTo is the latest moment at which an instance filed as settled
	// settled; a listing before it goes to the plain store.
	filedUpTo int64
	// broken is set when the index could not be brought up to date with
	// the plain store (a read back failed): listings go to the plain store
	// until the next write of the owner loads the index again.
	broken bool

	// version is the follower's version of the owner that the index has
	// taken every change up to; changed under writing. head shares the
	// reads of the follower's latest version. Both unused without a
	// Follower.
	version atomic.Int64
	head    sharedRead
}

// listKey names a list: a scope (the owner's instances, a region's, a
// zone's, a resource group's), and a settled status or none (every status).
type listKey struct {
	scope  scopeKind
	a, b   code // region, zone; or the resource group
	status code
}

type scopeKind uint8

const (
	scopeAll scopeKind = iota
	scopeRegion
	scopeZone
	scopeGroup
)

// entry is what the index keeps of an instance: what listings filter and
// order by, and the lifecycle a brief listing returns.
type entry struct {
	id                          compute.InstanceID
	serial                      int64
	region, zone, group, target code
	nStages                     uint8
	inMoving                    bool
	heapAt                      int32 // its place in owner.moving, while in it
	filedAs                     code  // the status lists it is in, while settled
	stages                      [compute.MaxStages]stage
}

type stage struct {
	status code
	until  int64 // Unix nanoseconds, as the SQL stores keep it
}

// settles is when the last stage ends (0 without stages).
func (e *entry) settles() int64 {
	if e.nStages == 0 {
		return 0
	}
	return e.stages[e.nStages-1].until
}

// statusAt is the status e shows at now (Unix nanoseconds).
func (e *entry) statusAt(now int64) code {
	for _, st := range e.stages[:e.nStages] {
		if now < st.until {
			return st.status
		}
	}
	return e.target
}

// scopes are the lists (of every status) e is in.
func (e *entry) scopes(buf *[4]listKey) []listKey {
	s := append(buf[:0], listKey{scope: scopeAll}, listKey{scope: scopeRegion, a: e.region}, listKey{scope: scopeZone, a: e.region, b: e.zone})
	if e.group != 0 {
		s = append(s, listKey{scope: scopeGroup, a: e.group})
	}
	return s
}

// terminated is the code of compute.StatusTerminated in every Store.
const terminated code = 1

// New loads the index of every instance of plain and returns the store
// over it. Instances settled by now (the server's clock at start) are filed
// by status as they load, in serial order; the others, or all that have
// stages when now is zero, wait in transition for the first listing to file
// them. (A listing at a time before now then goes to the plain store, so a
// wrong clock costs speed, never an answer.)
func New(ctx context.Context, plain Plain, now time.Time) (*Store, error) {
	s := &Store{plain: plain, owners: map[compute.Owner]*owner{}, names: []string{"", string(compute.StatusTerminated)},
		codes: map[string]code{"": 0, string(compute.StatusTerminated): terminated}}
	at := int64(beforeAll)
	if !now.IsZero() {
		at = now.UnixNano()
	}
	if f, ok := plain.(Follower); ok {
		// The versions before the load: the load sees at least what
		// they say, and what it sees of later ones is read again.
		s.follower = f
		versions, err := f.Versions(ctx)
		if err != nil {
			return nil, err
		}
		defer func() {
			for o, v := range versions {
				s.ownerOf(o).version.Store(v)
			}
		}()
	}
	c, ok := plain.(Counter)
	if !ok {
		if err := s.load(ctx, plain.EachListing, at); err != nil {
			return nil, err
		}
		return s, nil
	}
	counts, err := c.InstanceCounts(ctx)
	if err != nil {
		return nil, err
	}
	owners := make([]compute.Owner, 0, len(counts))
	for o, n := range counts {
		ow := &owner{}
		ow.clear()
		ow.slab, ow.byID = make([]entry, 0, n), make(map[compute.InstanceID]uint32, n)
		s.owners[o] = ow
		owners = append(owners, o)
	}
	each, ok := plain.(OwnerLister)
	if !ok {
		if err := s.load(ctx, plain.EachListing, at); err != nil {
			return nil, err
		}
		return s, nil
	}
	// The largest first, so that the last to load is a small one.
	slices.SortFunc(owners, func(a, b compute.Owner) int { return counts[b] - counts[a] })
	next := make(chan compute.Owner, len(owners))
	for _, o := range owners {
		next <- o
	}
	close(next)
	errs := make(chan error, loadOwners)
	for range loadOwners {
		go func() {
			for o := range next {
				if err := s.load(ctx, func(ctx context.Context, fn func(compute.Instance) error) error {
					return each.EachListingOf(ctx, o, fn)
				}, at); err != nil {
					for range next {
					}
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range loadOwners {
		if e := <-errs; e != nil && err == nil {
			err = e
		}
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

// OwnerLister is what a plain store may also do: list the instances of one
// owner as EachListing lists every owner's. With it (and a Counter), owners
// load two at a time, each on two goroutines (see load): the scan of a
// single table by SQLite keeps one core busy, the filing half of another.
type OwnerLister interface {
	EachListingOf(ctx context.Context, o compute.Owner, fn func(compute.Instance) error) error
}

// loadOwners is how many owners load at once.
const loadOwners = 2

// Counter is what a plain store may also do: count the instances of every
// owner (gone ones included), so that the index is sized once before it
// loads them rather than copied as it grows (which, for a million
// instances, doubles the memory at its peak and costs a tenth of the load).
type Counter interface {
	InstanceCounts(ctx context.Context) (map[compute.Owner]int, error)
}

// loadBatch is how many instances the scan hands to the filing at a time.
const loadBatch = 1024

// load files every instance of plain. The scan of the plain store (SQLite
// stepping and decoding rows) and the filing into the index each take about
// half of the work, so they run on two goroutines, handing over batches of
// instances whose buffers go back and forth rather than being allocated
// per batch.
func (s *Store) load(ctx context.Context, each func(context.Context, func(compute.Instance) error) error, at int64) error {
	full := make(chan []compute.Instance, 4)
	empty := make(chan []compute.Instance, 5)
	for range cap(empty) {
		empty <- make([]compute.Instance, 0, loadBatch)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		var (
			last compute.Owner
			ow   *owner
		)
		for b := range full {
			for i := range b {
				if ow == nil || b[i].Owner != last {
					last, ow = b[i].Owner, s.ownerOf(b[i].Owner)
				}
				ow.put(s.newEntry(b[i]), at)
			}
			clear(b) // drops the references to IDs and stages
			empty <- b[:0]
		}
	}()
	b := <-empty
	err := each(ctx, func(inst compute.Instance) error {
		b = append(b, inst)
		if len(b) == loadBatch {
			full <- b
			b = <-empty
		}
		return nil
	})
	if err == nil && len(b) > 0 {
		full <- b
	}
	close(full)
	<-done
	return err
}

// ownerOf returns the index of o, made empty when missing.
func (s *Store) ownerOf(o compute.Owner) *owner {
	s.mu.Lock()
	defer s.mu.Unlock()
	ow := s.owners[o]
	if ow == nil {
		ow = &owner{}
		ow.clear()
		s.owners[o] = ow
	}
	return ow
}

func (o *owner) clear() {
	o.slab, o.free, o.byID, o.lists, o.moving, o.filedUpTo = nil, nil, map[compute.InstanceID]uint32{}, map[listKey]*seqList{}, movingHeap{}, 0
}

// code returns the code of v, giving it one when it has none.
func (s *Store) code(v string) code {
	s.namesMu.RLock()
	c, ok := s.codes[v]
	s.namesMu.RUnlock()
	if ok {
		return c
	}
	s.namesMu.Lock()
	defer s.namesMu.Unlock()
	if c, ok := s.codes[v]; ok {
		return c
	}
	c = code(len(s.names))
	s.names = append(s.names, v)
	s.codes[v] = c
	return c
}

// lookup returns the code of v, and false when no entry ever had it.
func (s *Store) lookup(v string) (code, bool) {
	s.namesMu.RLock()
	defer s.namesMu.RUnlock()
	c, ok := s.codes[v]
	return c, ok
}

func (s *Store) newEntry(inst compute.Instance) entry {
	e := entry{
		id: inst.ID, serial: inst.Serial,
		region: s.code(string(inst.Region)), zone: s.code(string(inst.Zone)),
		group: s.code(inst.ResourceGroup), target: s.code(string(inst.Target)),
	}
	for i, st := range inst.Stages[:min(len(inst.Stages), compute.MaxStages)] {
		e.stages[i] = stage{status: s.code(string(st.Status)), until: nanos(st.Until)}
		e.nStages++
	}
	return e
}

func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// put adds e, replacing an entry with its ID. o.mu is held.
func (o *owner) put(e entry, now int64) {
	if old, ok := o.byID[e.id]; ok {
		o.remove(old)
	}
	var slot uint32
	if n := len(o.free); n > 0 {
		slot, o.free = o.free[n-1], o.free[:n-1]
		o.slab[slot] = e
	} else {
		slot = uint32(len(o.slab))
		o.slab = append(o.slab, e)
	}
	o.byID[e.id] = slot
	if now == beforeAll && e.nStages > 0 || e.settles()+int64(grace) > now {
		o.slab[slot].inMoving = true
		o.moving.push(o.slab, slot)
		return
	}
	o.file(slot)
}

// file lists a settled instance by its scopes and status; a settled
// instance that is gone is dropped instead, and file reports it. o.mu is
// held.
func (o *owner) file(slot uint32) (dropped bool) {
	e := &o.slab[slot]
	o.filedUpTo = max(o.filedUpTo, e.settles())
	if e.target == terminated {
		o.drop(slot)
		return true
	}
	e.filedAs = e.target
	var buf [4]listKey
	for _, k := range e.scopes(&buf) {
		o.list(k).Insert(o.slab, slot)
		k.status = e.target
		o.list(k).Insert(o.slab, slot)
	}
	return false
}

func (o *owner) list(k listKey) *seqList {
	l := o.lists[k]
	if l == nil {
		l = &seqList{}
		o.lists[k] = l
	}
	return l
}

// drop frees the slot of an entry in no list. o.mu is held.
func (o *owner) drop(slot uint32) {
	delete(o.byID, o.slab[slot].id)
	o.slab[slot] = entry{}
	o.free = append(o.free, slot)
}

// remove takes the entry at slot out of the index. o.mu is held.
func (o *owner) remove(slot uint32) {
	e := &o.slab[slot]
	if e.inMoving {
		o.moving.remove(o.slab, slot)
		o.drop(slot)
		return
	}
	var buf [4]listKey
	for _, k := range e.scopes(&buf) {
		for _, status := range []code{0, e.filedAs} {
			k.status = status
			if l := o.lists[k]; l != nil {
				l.Remove(o.slab, slot)
				if l.Len() == 0 {
					delete(o.lists, k)
				}
			}
		}
	}
	o.drop(slot)
}

// settle takes the instances due (see entry.due) at now out of those in
// transition: it files the settled ones by status, and drops the gone ones;
// it reports whether it dropped any. o.mu is held.
func (o *owner) settle(now int64) (dropped bool) {
	var settled []uint32
	for o.moving.len() > 0 && o.slab[o.moving.top()].due() <= now {
		slot := o.moving.top()
		o.moving.remove(o.slab, slot)
		o.slab[slot].inMoving = false
		if o.slab[slot].target == terminated {
			// Gone at now and at any later time: the plain store reaps
			// it, the index forgets it.
			o.filedUpTo = max(o.filedUpTo, o.slab[slot].settles())
			o.drop(slot)
			dropped = true
			continue
		}
		settled = append(settled, slot)
	}
	// Filed in serial order, so that the lists grow at their ends (after
	// a load, this may be every instance).
	slices.SortFunc(settled, func(a, b uint32) int { return cmpInt(o.slab[a].serial, o.slab[b].serial) })
	for _, slot := range settled {
		o.file(slot)
	}
	return dropped
}

// needsSettle reports whether settle at now would change anything. o.mu is
// held for reading.
func (o *owner) needsSettle(now int64) bool {
	return o.moving.len() > 0 && o.slab[o.moving.top()].due() <= now
}

// Read implements compute.Store: reads of resources go to the plain store.
func (s *Store) Read(o compute.Owner) compute.Reader { return s.plain.Read(o) }

// Reset implements compute.Store.
func (s *Store) Reset(ctx context.Context, o compute.Owner) (map[compute.Kind]int, error) {
	ow := s.ownerOf(o)
	ow.writing.Lock()
	defer ow.writing.Unlock()
	n, err := s.plain.Reset(ctx, o)
	// Whatever the outcome, the index is loaded again from what the plain
	// store holds now.
	_ = s.reloadAll(context.WithoutCancel(ctx), o, ow)
	return n, err
}

// Update implements compute.Store. The write goes to the plain store, and
// only once it has committed does the index take its changes; the owner's
// writes go one at a time, so the index takes them in commit order.
func (s *Store) Update(ctx context.Context, o compute.Owner, now time.Time, fn func(tx compute.Tx) error) error {
	ow := s.ownerOf(o)
	ow.writing.Lock()
	defer ow.writing.Unlock()
	var rec *recorder
	err := s.plain.Update(ctx, o, now, func(tx compute.Tx) error {
		// fn may run more than once: only the last run counts.
		rec = &recorder{Tx: tx, changed: map[compute.InstanceID]*compute.Instance{}}
		return fn(rec)
	})
	if rec == nil {
		return err
	}
	if err != nil {
		// Nothing was stored, unless the commit failed in a way that
		// hides whether it happened: read back what the write touched.
		if len(rec.changed) > 0 || len(rec.reload) > 0 {
			ids := slices.Collect(maps.Keys(rec.changed))
			ids = append(ids, rec.reload...)
			_ = s.reload(context.WithoutCancel(ctx), o, ow, ids)
		}
		return err
	}
	ow.mu.RLock()
	broken := ow.broken
	ow.mu.RUnlock()
	if broken {
		// The write has committed; a failed load leaves the owner to
		// the plain store, and the next write tries again.
		_ = s.reloadAll(context.WithoutCancel(ctx), o, ow)
		return nil
	}
	nowN := nanos(now)
	entries := make([]entry, 0, len(rec.changed))
	for _, inst := range rec.changed {
		if inst != nil {
			entries = append(entries, s.newEntry(*inst))
		}
	}
	ow.mu.Lock()
	// The plain store removed the instances gone at now before fn ran.
	ow.settle(nowN)
	for id, inst := range rec.changed {
		if inst == nil {
			if slot, ok := ow.byID[id]; ok {
				ow.remove(slot)
			}
		}
	}
	for _, e := range entries {
		if e.serial == 0 {
			// SetLifecycles carries only the lifecycle: the rest is
			// the index's already.
			slot, ok := ow.byID[e.id]
			if !ok {
				rec.reload = append(rec.reload, e.id)
				continue
			}
			old := &ow.slab[slot]
			e.serial, e.region, e.zone, e.group = old.serial, old.region, old.zone, old.group
		}
		ow.put(e, nowN)
	}
	ow.mu.Unlock()
	if len(rec.reload) > 0 {
		_ = s.reload(context.WithoutCancel(ctx), o, ow, rec.reload)
	}
	return nil
}

// reload reads the named instances (all of the owner's when ids is nil)
// from the plain store into the index. ow.writing is held.
func (s *Store) reload(ctx context.Context, o compute.Owner, ow *owner, ids []compute.InstanceID) error {
	var (
		found   []compute.Resource
		entries []entry
		err     error
	)
	lister, lean := s.plain.(OwnerLister)
	switch {
	case ids == nil && lean:
		// Every instance of the owner, as the load reads them: the
		// listing fields alone, not a million instances whole.
		err = lister.EachListingOf(ctx, o, func(inst compute.Instance) error {
			entries = append(entries, s.newEntry(inst))
			return nil
		})
	case ids == nil:
		found, err = s.plain.Read(o).Find(ctx, compute.Filter{Kind: compute.KindInstance})
	default:
		strs := make([]string, len(ids))
		for i, id := range ids {
			strs[i] = string(id)
		}
		found, err = s.plain.Read(o).Get(ctx, compute.KindInstance, strs...)
	}
	for _, r := range found {
		if inst, ok := r.(*compute.Instance); ok {
			entries = append(entries, s.newEntry(*inst))
		}
	}
	ow.mu.Lock()
	defer ow.mu.Unlock()
	if err != nil {
		ow.broken = true
		return err
	}
	if ids == nil {
		ow.broken = false
		ow.clear()
	}
	for _, id := range ids {
		if slot, ok := ow.byID[id]; ok {
			ow.remove(slot)
		}
	}
	for _, e := range entries {
		ow.put(e, beforeAll)
	}
	return nil
}

// recorder is the Tx fn writes through: it records which instances the
// write changes, and how.
type recorder struct {
	compute.Tx
	// changed maps each instance written to its new state (nil when
	// deleted). An instance whose Serial is 0 carries its lifecycle alone.
	changed map[compute.InstanceID]*compute.Instance
	// reload are instances to read back after the commit.
	reload []compute.InstanceID
}

func (r *recorder) Put(ctx context.Context, res compute.Resource) error {
	if err := r.Tx.Put(ctx, res); err != nil {
		return err
	}
	if inst, ok := res.(*compute.Instance); ok {
		// Put keeps what the store assigned (the Serial): read it back.
		delete(r.changed, inst.ID)
		r.reload = append(r.reload, inst.ID)
	}
	return nil
}

func (r *recorder) Delete(ctx context.Context, k compute.Key) error {
	if err := r.Tx.Delete(ctx, k); err != nil {
		return err
	}
	if k.Kind == compute.KindInstance {
		r.changed[compute.InstanceID(k.ID)] = nil
	}
	return nil
}

func (r *recorder) CreateInstances(ctx context.Context, token string, instances []compute.Instance) ([]compute.Instance, error) {
	created, err := r.Tx.CreateInstances(ctx, token, instances)
	if err != nil {
		return created, err
	}
	for i := range created {
		inst := created[i]
		r.changed[inst.ID] = &inst
	}
	return created, nil
}

func (r *recorder) SetLifecycles(ctx context.Context, instances []compute.Instance) error {
	if err := r.Tx.SetLifecycles(ctx, instances); err != nil {
		return err
	}
	for _, inst := range instances {
		if prev, ok := r.changed[inst.ID]; ok && prev != nil {
			p := *prev
			p.Target, p.Stages = inst.Target, inst.Stages
			r.changed[inst.ID] = &p
			continue
		}
		r.changed[inst.ID] = &compute.Instance{ID: inst.ID, Target: inst.Target, Stages: inst.Stages}
	}
	return nil
}
