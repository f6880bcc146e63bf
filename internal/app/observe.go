package app

import (
	"context"
	"slices"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/inbound"
	"github.com/ecsd/ecsd/internal/metrics"
)

// observedStore wraps the inventory's compute.Store, from outside the
// store packages, to see every call the core makes: how long it took
// (when metrics are on), which resources a committed transaction created
// or changed (noted on the request, for the access and audit logs), and
// how the instances' statuses changed (for the census, when on).
type observedStore struct {
	compute.Store
	metrics *metrics.Metrics // nil when metrics are off
	census  *metrics.Census  // nil when metrics are off
}

// observeStore returns store wrapped; m may be nil.
func observeStore(store compute.Store, m *metrics.Metrics, census *metrics.Census) compute.Store {
	return &observedStore{Store: store, metrics: m, census: census}
}

// timed records how long the store call op has taken since start.
func (s *observedStore) timed(op string, start time.Time) {
	if s.metrics != nil {
		s.metrics.ObserveStore(op, time.Since(start))
	}
}

// Update implements compute.Store. What fn changes is noted only once the
// transaction commits; fn may run more than once, and each run starts
// afresh.
func (s *observedStore) Update(ctx context.Context, owner compute.Owner, now time.Time, fn func(tx compute.Tx) error) error {
	defer s.timed("update", time.Now())
	var tx *observedTx
	err := s.Store.Update(ctx, owner, now, func(inner compute.Tx) error {
		tx = &observedTx{Tx: inner, s: s}
		return fn(tx)
	})
	if err != nil || tx == nil {
		return err
	}
	if in := inbound.From(ctx); in != nil && len(tx.touched) > 0 {
		in.NoteResources(tx.touched...)
	}
	if s.census != nil {
		before, after := tx.census()
		s.census.Apply(owner, before, after)
	}
	return nil
}

// Read implements compute.Store.
func (s *observedStore) Read(owner compute.Owner) compute.Reader {
	return observedReader{Reader: s.Store.Read(owner), s: s, prefix: "read."}
}

// List implements compute.Store.
func (s *observedStore) List(ctx context.Context, q compute.Query, now time.Time) (compute.Page, error) {
	defer s.timed("list", time.Now())
	return s.Store.List(ctx, q, now)
}

// Reset implements compute.Store.
func (s *observedStore) Reset(ctx context.Context, owner compute.Owner) (map[compute.Kind]int, error) {
	defer s.timed("reset", time.Now())
	n, err := s.Store.Reset(ctx, owner)
	if err == nil && s.census != nil {
		s.census.Reset(owner)
	}
	return n, err
}

// observedReader times a Reader's calls, as op names prefixed "read." or
// "tx.".
type observedReader struct {
	compute.Reader
	s      *observedStore
	prefix string
}

func (r observedReader) Get(ctx context.Context, kind compute.Kind, ids ...string) ([]compute.Resource, error) {
	defer r.s.timed(r.prefix+"get", time.Now())
	return r.Reader.Get(ctx, kind, ids...)
}

func (r observedReader) Find(ctx context.Context, f compute.Filter) ([]compute.Resource, error) {
	defer r.s.timed(r.prefix+"find", time.Now())
	return r.Reader.Find(ctx, f)
}

func (r observedReader) Links(ctx context.Context, lf compute.LinkFilter) ([]compute.Link, error) {
	defer r.s.timed(r.prefix+"links", time.Now())
	return r.Reader.Links(ctx, lf)
}

// observedTx is one run of an Update's fn: it times each call and keeps
// what the run changed.
type observedTx struct {
	compute.Tx
	s *observedStore
	// touched are the IDs of the resources created or changed.
	touched []string
	// before and after are the instances changed, as they were before the
	// transaction and as it leaves them (nil: removed), for the census;
	// kept only when it is on. An instance changed twice counts once.
	before map[compute.InstanceID]compute.Instance
	after  map[compute.InstanceID]*compute.Instance
	// read are the instances this run read before changing them: the
	// core reads what it changes, so the census rarely reads again.
	read map[compute.InstanceID]compute.Instance
}

func (t *observedTx) reader() observedReader {
	return observedReader{Reader: t.Tx, s: t.s, prefix: "tx."}
}

func (t *observedTx) Get(ctx context.Context, kind compute.Kind, ids ...string) ([]compute.Resource, error) {
	found, err := t.reader().Get(ctx, kind, ids...)
	t.remember(found)
	return found, err
}

func (t *observedTx) Find(ctx context.Context, f compute.Filter) ([]compute.Resource, error) {
	found, err := t.reader().Find(ctx, f)
	t.remember(found)
	return found, err
}

// remember keeps, for the census, the instances among found that this
// run has not changed: they are as they were before it.
func (t *observedTx) remember(found []compute.Resource) {
	if t.s.census == nil {
		return
	}
	for _, r := range found {
		inst, ok := r.(*compute.Instance)
		if !ok {
			continue
		}
		if _, changed := t.after[inst.ID]; changed {
			continue
		}
		if t.read == nil {
			t.read = map[compute.InstanceID]compute.Instance{}
		}
		t.read[inst.ID] = compute.Instance{ID: inst.ID, Target: inst.Target, Stages: slices.Clone(inst.Stages)}
	}
}

func (t *observedTx) Links(ctx context.Context, lf compute.LinkFilter) ([]compute.Link, error) {
	return t.reader().Links(ctx, lf)
}

// instancesBefore loads, for the census, the instances with ids that this
// transaction has not changed yet, as they were before it. It reads only
// when the census is on.
func (t *observedTx) instancesBefore(ctx context.Context, ids ...string) ([]compute.Instance, error) {
	if t.s.census == nil {
		return nil, nil
	}
	var fresh []string
	var before []compute.Instance
	for _, id := range ids {
		if _, changed := t.after[compute.InstanceID(id)]; changed {
			continue
		}
		if inst, ok := t.read[compute.InstanceID(id)]; ok {
			before = append(before, inst)
			continue
		}
		fresh = append(fresh, id)
	}
	if len(fresh) == 0 {
		return before, nil
	}
	found, err := t.Tx.Get(ctx, compute.KindInstance, fresh...)
	if err != nil {
		return nil, err
	}
	for _, r := range found {
		if inst, ok := r.(*compute.Instance); ok {
			before = append(before, *inst)
		}
	}
	return before, nil
}

// changed records, for the census, instances as they were and as they are
// now (nil after: removed).
func (t *observedTx) changed(before []compute.Instance, id compute.InstanceID, after *compute.Instance) {
	if t.s.census == nil {
		return
	}
	if t.before == nil {
		t.before, t.after = map[compute.InstanceID]compute.Instance{}, map[compute.InstanceID]*compute.Instance{}
	}
	for _, inst := range before {
		t.before[inst.ID] = inst
	}
	t.after[id] = after
}

// census returns the instances changed as they were and as they are.
func (t *observedTx) census() (before, after []compute.Instance) {
	for _, inst := range t.before {
		before = append(before, inst)
	}
	for _, inst := range t.after {
		if inst != nil {
			after = append(after, *inst)
		}
	}
	return before, after
}

func (t *observedTx) Put(ctx context.Context, r compute.Resource) error {
	defer t.s.timed("tx.put", time.Now())
	inst, isInstance := r.(*compute.Instance)
	var before []compute.Instance
	if isInstance {
		var err error
		if before, err = t.instancesBefore(ctx, string(inst.ID)); err != nil {
			return err
		}
	}
	if err := t.Tx.Put(ctx, r); err != nil {
		return err
	}
	t.touched = append(t.touched, r.Key().ID)
	if isInstance {
		copied := *inst
		t.changed(before, inst.ID, &copied)
	}
	return nil
}

func (t *observedTx) Delete(ctx context.Context, k compute.Key) error {
	defer t.s.timed("tx.delete", time.Now())
	var before []compute.Instance
	if k.Kind == compute.KindInstance {
		var err error
		if before, err = t.instancesBefore(ctx, k.ID); err != nil {
			return err
		}
	}
	if err := t.Tx.Delete(ctx, k); err != nil {
		return err
	}
	t.touched = append(t.touched, k.ID)
	if k.Kind == compute.KindInstance {
		t.changed(before, compute.InstanceID(k.ID), nil)
	}
	return nil
}

func (t *observedTx) Claimed(ctx context.Context, token string) ([]compute.Instance, bool, error) {
	defer t.s.timed("tx.claimed", time.Now())
	return t.Tx.Claimed(ctx, token)
}

func (t *observedTx) CreateInstances(ctx context.Context, token string, instances []compute.Instance) ([]compute.Instance, error) {
	defer t.s.timed("tx.create_instances", time.Now())
	created, err := t.Tx.CreateInstances(ctx, token, instances)
	if err != nil {
		return nil, err
	}
	for i := range created {
		t.touched = append(t.touched, string(created[i].ID))
		t.changed(nil, created[i].ID, &created[i])
	}
	return created, nil
}

func (t *observedTx) SetLifecycles(ctx context.Context, instances []compute.Instance) error {
	defer t.s.timed("tx.set_lifecycles", time.Now())
	ids := make([]string, len(instances))
	for i, inst := range instances {
		ids[i] = string(inst.ID)
	}
	before, err := t.instancesBefore(ctx, ids...)
	if err != nil {
		return err
	}
	if err := t.Tx.SetLifecycles(ctx, instances); err != nil {
		return err
	}
	t.touched = append(t.touched, ids...)
	for i := range instances {
		inst := instances[i]
		t.changed(before, inst.ID, &inst)
		before = nil
	}
	return nil
}
