package indexed

import (
	"context"
	"maps"
	"math"
	"slices"
	"sync"
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
// must be the only writer of the plain store's instances (see the package
// documentation).
type Store struct {
	plain Plain

	mu     sync.Mutex
	owners map[compute.Owner]*owner
	intern map[string]string
}

// grace is how long after its last stage an instance stays among the
// owner's instances in transition before it is filed by its settled status.
// A listing at a time earlier than some filed instance's last stage cannot
// use the filing and goes to the plain store; requests served concurrently
// read clocks that differ by far less than this, so only a clock set
// backwards (in tests) takes that path.
const grace = time.Second

// beforeAll is the time at which an instance is put when the time is not
// known (on loading): it counts as in transition if it has stages at all,
// and the first listing files it at its own time.
const beforeAll = math.MinInt64

// owner is the index of one owner's instances.
type owner struct {
	// writing is held by a write for as long as it runs (plain commit and
	// index update), and shared by listings that read full instances from
	// the plain store, so that those see the index and the plain store
	// agree. Brief listings, answered from memory alone, never take it.
	writing sync.RWMutex

	// mu guards everything below.
	mu   sync.RWMutex
	byID map[compute.InstanceID]*entry
	// lists holds the settled instances per scope ("" + scope key) and per
	// scope and settled status (status + "|" + scope key).
	lists map[listKey]*seqList
	// moving are the instances not yet settled (by grace), in no order.
	moving map[*entry]struct{}
	// filedUpTo is the latest moment at which an instance filed as settled
	// settled; a listing before it goes to the plain store.
	filedUpTo int64
	// broken is set when the index could not be brought up to date with
	// the plain store (a read back failed): listings go to the plain store
	// until the next write of the owner loads the index again.
	broken bool
}

type listKey struct {
	status compute.Status // "" for every status
	scope  string
}

// entry is what the index keeps of an instance: what listings filter and
// order by, and the lifecycle a brief listing returns. Strings shared by
// many instances are interned.
type entry struct {
	id            compute.InstanceID
	serial        int64
	region        compute.RegionID
	zone          compute.ZoneID
	group         string
	target        compute.Status
	nStages       uint8
	stages        [compute.MaxStages]stage
	inMoving      bool
	filedAsStatus compute.Status // the status lists it is in, while settled
}

type stage struct {
	status compute.Status
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
func (e *entry) statusAt(now int64) compute.Status {
	for _, st := range e.stages[:e.nStages] {
		if now < st.until {
			return st.status
		}
	}
	return e.target
}

// goneAt reports whether e is gone at now: never listed nor counted again.
func (e *entry) goneAt(now int64) bool { return e.statusAt(now) == compute.StatusTerminated }

// scopes are the listing scopes e is in.
func (e *entry) scopes(buf *[4]string) []string {
	s := append(buf[:0], scopeAll, scopeRegion+string(e.region), scopeZone+string(e.region)+"/"+string(e.zone))
	if e.group != "" {
		s = append(s, scopeGroup+e.group)
	}
	return s
}

// instance is the brief form of e, as the plain store's brief listing
// returns it.
func (e *entry) instance(o compute.Owner) compute.Instance {
	inst := compute.Instance{ID: e.id, Meta: compute.Meta{Owner: o, Serial: e.serial}, Target: e.target}
	if e.nStages > 0 {
		inst.Stages = make([]compute.Stage, e.nStages)
		for i, st := range e.stages[:e.nStages] {
			inst.Stages[i] = compute.Stage{Status: st.status, Until: time.Unix(0, st.until).UTC()}
		}
	}
	return inst
}

// Scope keys name the groups an instance is listed in; a listing by scope
// alone reads one list.
const (
	scopeAll    = "*"
	scopeRegion = "r/"
	scopeZone   = "z/"
	scopeGroup  = "g/"
)

// scopeOf returns the one scope whose instances are exactly the matches of
// q's region, zone and resource group, when there is one.
func scopeOf(q compute.Query) (string, bool) {
	switch {
	case q.Region == "" && q.Zone == "" && q.ResourceGroup == "":
		return scopeAll, true
	case q.Region != "" && q.Zone == "" && q.ResourceGroup == "":
		return scopeRegion + string(q.Region), true
	case q.Region != "" && q.Zone != "" && q.ResourceGroup == "":
		return scopeZone + string(q.Region) + "/" + string(q.Zone), true
	case q.Region == "" && q.Zone == "" && q.ResourceGroup != "":
		return scopeGroup + q.ResourceGroup, true
	}
	return "", false
}

// New loads the index of every instance of plain and returns the store
// over it. Instances settled by now (the server's clock at start) are filed
// by status as they load, in serial order; the others, or all that have
// stages when now is zero, wait in transition for the first listing to file
// them. (A listing at a time before now then goes to the plain store, so a
// wrong clock costs speed, never an answer.)
func New(ctx context.Context, plain Plain, now time.Time) (*Store, error) {
	s := &Store{plain: plain, owners: map[compute.Owner]*owner{}, intern: map[string]string{}}
	at := int64(beforeAll)
	if !now.IsZero() {
		at = now.UnixNano()
	}
	err := plain.EachListing(ctx, func(inst compute.Instance) error {
		s.ownerOf(inst.Owner).put(s.newEntry(inst), at)
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.intern = nil // only loading shares that many strings
	return s, nil
}

// ownerOf returns the index of o, made empty when missing.
func (s *Store) ownerOf(o compute.Owner) *owner {
	s.mu.Lock()
	defer s.mu.Unlock()
	ow := s.owners[o]
	if ow == nil {
		ow = &owner{byID: map[compute.InstanceID]*entry{}, lists: map[listKey]*seqList{}, moving: map[*entry]struct{}{}}
		s.owners[o] = ow
	}
	return ow
}

func (s *Store) str(v string) string {
	if s.intern == nil {
		return v
	}
	if w, ok := s.intern[v]; ok {
		return w
	}
	s.intern[v] = v
	return v
}

func (s *Store) newEntry(inst compute.Instance) *entry {
	e := &entry{
		id: inst.ID, serial: inst.Serial,
		region: compute.RegionID(s.str(string(inst.Region))), zone: compute.ZoneID(s.str(string(inst.Zone))),
		group: s.str(inst.ResourceGroup), target: compute.Status(s.str(string(inst.Target))),
	}
	for i, st := range inst.Stages[:min(len(inst.Stages), compute.MaxStages)] {
		e.stages[i] = stage{status: compute.Status(s.str(string(st.Status))), until: nanos(st.Until)}
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
func (o *owner) put(e *entry, now int64) {
	if old := o.byID[e.id]; old != nil {
		o.remove(old)
	}
	o.byID[e.id] = e
	if now == beforeAll && e.nStages > 0 || e.settles()+int64(grace) > now {
		e.inMoving = true
		o.moving[e] = struct{}{}
		return
	}
	o.file(e)
}

// file lists a settled instance by its scopes and status; a settled
// instance that is gone is dropped instead. o.mu is held.
func (o *owner) file(e *entry) (dropped bool) {
	o.filedUpTo = max(o.filedUpTo, e.settles())
	if e.target == compute.StatusTerminated {
		delete(o.byID, e.id)
		return true
	}
	e.filedAsStatus = e.target
	var buf [4]string
	for _, sc := range e.scopes(&buf) {
		o.list(listKey{scope: sc}).Insert(e)
		o.list(listKey{status: e.target, scope: sc}).Insert(e)
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

// remove takes e out of the index. o.mu is held.
func (o *owner) remove(e *entry) {
	delete(o.byID, e.id)
	if e.inMoving {
		delete(o.moving, e)
		e.inMoving = false
		return
	}
	var buf [4]string
	for _, sc := range e.scopes(&buf) {
		for _, k := range []listKey{{scope: sc}, {status: e.filedAsStatus, scope: sc}} {
			if l := o.lists[k]; l != nil {
				l.Remove(e)
				if l.Len() == 0 {
					delete(o.lists, k)
				}
			}
		}
	}
}

// settle files the moving instances that have settled by grace at now, and
// drops the gone ones; it reports whether it dropped any. o.mu is held.
func (o *owner) settle(now int64) (dropped bool) {
	var settled []*entry
	for e := range o.moving {
		switch {
		case e.settles()+int64(grace) <= now:
			settled = append(settled, e)
		case e.goneAt(now):
			// Terminated at now and so at any later time: the plain
			// store reaps it, the index forgets it.
			delete(o.moving, e)
			e.inMoving = false
			delete(o.byID, e.id)
			dropped = true
		}
	}
	// Filed in serial order, so that the lists grow at their ends (after
	// a load, this may be every instance).
	slices.SortFunc(settled, func(a, b *entry) int { return cmpInt(a.serial, b.serial) })
	for _, e := range settled {
		delete(o.moving, e)
		e.inMoving = false
		dropped = o.file(e) || dropped
	}
	return dropped
}

// needsSettle reports whether settle at now would change anything. o.mu is
// held for reading.
func (o *owner) needsSettle(now int64) bool {
	for e := range o.moving {
		if e.settles()+int64(grace) <= now || e.goneAt(now) {
			return true
		}
	}
	return false
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
	_ = s.reload(context.WithoutCancel(ctx), o, ow, nil)
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
		_ = s.reload(context.WithoutCancel(ctx), o, ow, nil)
		return nil
	}
	nowN := now.UnixNano()
	ow.mu.Lock()
	// The plain store removed the instances gone at now before fn ran.
	ow.settle(nowN)
	for id, inst := range rec.changed {
		if inst == nil {
			if e := ow.byID[id]; e != nil {
				ow.remove(e)
			}
			continue
		}
		e := s.newEntry(*inst)
		if e.serial == 0 {
			// SetLifecycles carries only the lifecycle: the rest is
			// the index's already.
			old := ow.byID[id]
			if old == nil {
				rec.reload = append(rec.reload, id)
				continue
			}
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
	var found []compute.Resource
	var err error
	if ids == nil {
		found, err = s.plain.Read(o).Find(ctx, compute.Filter{Kind: compute.KindInstance})
	} else {
		strs := make([]string, len(ids))
		for i, id := range ids {
			strs[i] = string(id)
		}
		found, err = s.plain.Read(o).Get(ctx, compute.KindInstance, strs...)
	}
	ow.mu.Lock()
	defer ow.mu.Unlock()
	if err != nil {
		ow.broken = true
		return err
	}
	if ids == nil {
		ow.broken = false
		ow.byID, ow.lists, ow.moving, ow.filedUpTo = map[compute.InstanceID]*entry{}, map[listKey]*seqList{}, map[*entry]struct{}{}, 0
	}
	for _, id := range ids {
		if e := ow.byID[id]; e != nil {
			ow.remove(e)
		}
	}
	for _, r := range found {
		if inst, ok := r.(*compute.Instance); ok {
			ow.put(s.newEntry(*inst), beforeAll)
		}
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
