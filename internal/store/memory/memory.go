// Package memory is ecsd's store in memory: everything is lost when the
// process ends. It is small enough to be obviously correct, so it is also
// the reference model the Store suite holds the SQL stores to.
//
// One mutex guards everything: a write transaction holds it from start to
// commit, and works on a copy of what it changes, which commit puts in
// place; an error leaves the store as it was.
package memory

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
)

// Store implements compute.Store and auth.Store.
type Store struct {
	mu      sync.Mutex
	owners  map[compute.Owner]*inventory
	serials map[bool]int64 // the last serial drawn, for instances (true) and other kinds
	// ids holds every stored key, whoever owns it: IDs are unique per
	// kind across owners, as in the SQL stores.
	ids      map[compute.Key]compute.Owner
	accounts []auth.Account
	keys     []auth.AccessKey
	secrets  map[string]string
}

// inventory is one owner's.
type inventory struct {
	resources map[compute.Key]compute.Resource
	tokens    map[string][]compute.InstanceID
}

var (
	_ compute.Store = (*Store)(nil)
	_ auth.Store    = (*Store)(nil)
)

// New returns an empty store.
func New() *Store {
	return &Store{owners: make(map[compute.Owner]*inventory), serials: make(map[bool]int64), ids: make(map[compute.Key]compute.Owner)}
}

// Ping implements the readiness probe: memory is always there.
func (s *Store) Ping(context.Context) error { return nil }

// Close does nothing: there is nothing to release.
func (s *Store) Close() error { return nil }

func (s *Store) inventory(o compute.Owner) *inventory {
	inv, ok := s.owners[o]
	if !ok {
		inv = &inventory{resources: make(map[compute.Key]compute.Resource), tokens: make(map[string][]compute.InstanceID)}
		s.owners[o] = inv
	}
	return inv
}

// Read implements compute.Store.
func (s *Store) Read(owner compute.Owner) compute.Reader { return lockedReader{s, owner} }

// lockedReader reads under the store's lock.
type lockedReader struct {
	s     *Store
	owner compute.Owner
}

func (r lockedReader) view() view {
	return view{resources: r.s.inventory(r.owner).resources}
}

func (r lockedReader) Get(ctx context.Context, kind compute.Kind, ids ...string) ([]compute.Resource, error) {
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	return r.view().Get(ctx, kind, ids...)
}

func (r lockedReader) Find(ctx context.Context, f compute.Filter) ([]compute.Resource, error) {
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	return r.view().Find(ctx, f)
}

func (r lockedReader) Links(ctx context.Context, lf compute.LinkFilter) ([]compute.Link, error) {
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	return r.view().Links(ctx, lf)
}

// view reads a set of resources: an owner's, or a transaction's copy of
// them. Every resource it returns is a copy.
type view struct {
	resources map[compute.Key]compute.Resource
}

// sorted returns the resources that keep, in creation order.
func (v view) sorted(keep func(compute.Resource) bool) []compute.Resource {
	var out []compute.Resource
	for _, r := range v.resources {
		if keep(r) {
			out = append(out, clone(r))
		}
	}
	slices.SortFunc(out, func(a, b compute.Resource) int {
		return cmp.Or(cmp.Compare(a.Metadata().Serial, b.Metadata().Serial), strings.Compare(a.Key().ID, b.Key().ID))
	})
	return out
}

func (v view) Get(_ context.Context, kind compute.Kind, ids ...string) ([]compute.Resource, error) {
	// A lookup per ID, not a scan: the listing index reads its pages so.
	picked := view{resources: make(map[compute.Key]compute.Resource, len(ids))}
	for _, id := range ids {
		k := compute.Key{Kind: kind, ID: id}
		if r, ok := v.resources[k]; ok {
			picked.resources[k] = r
		}
	}
	return picked.sorted(func(compute.Resource) bool { return true }), nil
}

func (v view) Find(_ context.Context, f compute.Filter) ([]compute.Resource, error) {
	if _, ok := compute.New(f.Kind); !ok {
		return nil, fmt.Errorf("find: no resource of kind %q", f.Kind)
	}
	return v.sorted(f.Matches), nil
}

func (v view) Links(_ context.Context, lf compute.LinkFilter) ([]compute.Link, error) {
	var out []compute.Link
	for k, r := range v.resources {
		seen := make(map[compute.Link]bool)
		for _, l := range compute.LinksOf(r) {
			l.From = k
			if !seen[l] && lf.MatchesLink(l) {
				seen[l] = true
				out = append(out, l)
			}
		}
	}
	slices.SortFunc(out, func(a, b compute.Link) int {
		return cmp.Or(strings.Compare(a.Attr, b.Attr), strings.Compare(a.Value, b.Value),
			strings.Compare(string(a.From.Kind), string(b.From.Kind)), strings.Compare(a.From.ID, b.From.ID))
	})
	return out, nil
}

// txn is a write transaction: a copy of the owner's resources and tokens,
// put in place on commit.
type txn struct {
	view
	s       *Store
	owner   compute.Owner
	tokens  map[string][]compute.InstanceID
	serials map[bool]int64
	ids     map[compute.Key]compute.Owner
}

// Update implements compute.Store.
func (s *Store) Update(ctx context.Context, owner compute.Owner, now time.Time, fn func(tx compute.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return &compute.Error{Code: compute.Unavailable, Op: "update", Message: "the request was cancelled", Err: err}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	inv := s.inventory(owner)
	t := &txn{
		view:    view{resources: maps.Clone(inv.resources)},
		s:       s,
		owner:   owner,
		tokens:  maps.Clone(inv.tokens),
		serials: maps.Clone(s.serials),
		ids:     make(map[compute.Key]compute.Owner),
	}
	for k, r := range t.resources {
		if inst, ok := r.(*compute.Instance); ok && inst.StatusAt(now) == compute.StatusTerminated {
			delete(t.resources, k)
			t.ids[k] = compute.Owner{} // freed
		}
	}
	if err := fn(t); err != nil {
		return err
	}
	inv.resources, inv.tokens, s.serials = t.resources, t.tokens, t.serials
	for k, o := range t.ids {
		if o == (compute.Owner{}) {
			delete(s.ids, k)
		} else {
			s.ids[k] = o
		}
	}
	return nil
}

// taken reports whether another owner holds k, as the transaction sees it.
func (t *txn) taken(k compute.Key) bool {
	if o, ok := t.ids[k]; ok {
		return o != (compute.Owner{}) && o != t.owner
	}
	o, ok := t.s.ids[k]
	return ok && o != t.owner
}

func (t *txn) nextSerial(instance bool) int64 {
	t.serials[instance]++
	return t.serials[instance]
}

// Put implements compute.Tx. As with the SQL stores, a new resource's
// Serial is set on r itself.
func (t *txn) Put(_ context.Context, r compute.Resource) error {
	k := r.Key()
	if _, ok := compute.New(k.Kind); !ok {
		return fmt.Errorf("put: no resource of kind %q", k.Kind)
	}
	stored := clone(r)
	m := stored.Metadata()
	m.Owner = t.owner
	old, exists := t.resources[k]
	switch {
	case exists:
		// What lives in a SQL store's columns of its own stays as it was.
		om := old.Metadata()
		m.Serial, m.CreatedAt, m.Region = om.Serial, om.CreatedAt, om.Region
		if inst, ok := stored.(*compute.Instance); ok {
			inst.Zone = old.(*compute.Instance).Zone
		}
	case k.Kind == compute.KindInstance:
		return &compute.Error{Code: compute.Internal, Op: "put", Message: "internal error",
			Err: fmt.Errorf("put of instance %s, which the owner lacks", k.ID)}
	case t.taken(k):
		return &compute.Error{Code: compute.AlreadyExists, Op: "put", Param: string(k.Kind), Value: k.ID,
			Message: fmt.Sprintf("%s %s exists already", k.Kind, k.ID)}
	default:
		if m.Serial > 0 { // restored from a snapshot: it keeps its serial
			t.serials[false] = max(t.serials[false], m.Serial)
		} else {
			m.Serial = t.nextSerial(false)
			r.Metadata().Serial = m.Serial
		}
		t.ids[k] = t.owner
	}
	t.resources[k] = stored
	return nil
}

// Delete implements compute.Tx.
func (t *txn) Delete(_ context.Context, k compute.Key) error {
	if _, ok := t.resources[k]; ok {
		delete(t.resources, k)
		t.ids[k] = compute.Owner{}
	}
	return nil
}

// Claimed implements compute.Tx.
func (t *txn) Claimed(ctx context.Context, token string) ([]compute.Instance, bool, error) {
	ids, ok := t.tokens[token]
	if !ok {
		return nil, false, nil
	}
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = string(id)
	}
	found, _ := t.Get(ctx, compute.KindInstance, keys...)
	out := make([]compute.Instance, len(found))
	for i, r := range found {
		out[i] = *r.(*compute.Instance)
	}
	return out, true, nil
}

// CreateInstances implements compute.Tx.
func (t *txn) CreateInstances(_ context.Context, token string, instances []compute.Instance) ([]compute.Instance, error) {
	out := make([]compute.Instance, len(instances))
	for i, inst := range instances {
		k := inst.Key()
		if _, ok := t.resources[k]; ok || t.taken(k) || slices.ContainsFunc(instances[:i], func(o compute.Instance) bool { return o.ID == inst.ID }) {
			e := &compute.Error{Code: compute.AlreadyExists, Op: "create", Param: string(compute.KindInstance),
				Message: "an instance of the batch exists already"}
			if len(instances) == 1 {
				e.Value, e.Instance, e.Message = string(inst.ID), inst.ID, fmt.Sprintf("instance %s exists already", inst.ID)
			}
			return nil, e
		}
	}
	for i, inst := range instances {
		inst = *clone(&inst).(*compute.Instance)
		inst.Owner = t.owner
		if inst.Serial > 0 { // restored from a snapshot: it keeps its serial
			t.serials[true] = max(t.serials[true], inst.Serial)
		} else {
			inst.Serial = t.nextSerial(true)
		}
		t.resources[inst.Key()] = &inst
		t.ids[inst.Key()] = t.owner
		out[i] = *clone(&inst).(*compute.Instance)
		if token != "" {
			t.tokens[token] = append(slices.Clone(t.tokens[token]), inst.ID)
		}
	}
	return out, nil
}

// SetLifecycles implements compute.Tx.
func (t *txn) SetLifecycles(_ context.Context, instances []compute.Instance) error {
	for _, inst := range instances {
		old, ok := t.resources[inst.Key()].(*compute.Instance)
		if !ok {
			return &compute.Error{Code: compute.Internal, Op: "modify", Message: "internal error",
				Err: fmt.Errorf("lifecycle of instance %s, which the owner lacks", inst.ID)}
		}
		updated := *clone(old).(*compute.Instance)
		updated.Target, updated.Stages = inst.Target, slices.Clone(inst.Stages)
		t.resources[inst.Key()] = &updated
	}
	return nil
}

// List implements compute.Store.
func (s *Store) List(_ context.Context, q compute.Query, now time.Time) (compute.Page, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	inv := s.inventory(q.Owner)
	// A listing removes the instances that are gone, as the SQL stores'
	// do.
	for k, r := range inv.resources {
		if inst, ok := r.(*compute.Instance); ok && inst.StatusAt(now) == compute.StatusTerminated {
			delete(inv.resources, k)
			delete(s.ids, k)
		}
	}
	v := view{resources: inv.resources}
	all := v.sorted(func(r compute.Resource) bool {
		inst, ok := r.(*compute.Instance)
		return ok && matches(*inst, q, now)
	})
	page := compute.Page{Total: len(all)}
	for i := q.Offset; i < len(all) && i < q.Offset+q.Limit; i++ {
		page.Instances = append(page.Instances, *all[i].(*compute.Instance))
	}
	return page, nil
}

// matches reports whether inst meets every condition of q at now.
func matches(inst compute.Instance, q compute.Query, now time.Time) bool {
	status := inst.StatusAt(now)
	switch {
	case status == compute.StatusTerminated,
		q.Region != "" && inst.Region != q.Region,
		q.Zone != "" && inst.Zone != q.Zone,
		q.ResourceGroup != "" && inst.ResourceGroup != q.ResourceGroup,
		len(q.IDs) > 0 && !slices.Contains(q.IDs, inst.ID),
		len(q.Statuses) > 0 && !slices.Contains(q.Statuses, status),
		q.NameContains != "" && !strings.Contains(inst.Name, q.NameContains):
		return false
	}
	f := compute.Filter{Kind: compute.KindInstance, Links: q.Links}
	return f.Matches(&inst)
}

// EachListing calls fn with every instance of every owner, in ascending
// Serial: what the listing index (internal/store/indexed) loads.
func (s *Store) EachListing(_ context.Context, fn func(compute.Instance) error) error {
	s.mu.Lock()
	var all []compute.Instance
	for _, inv := range s.owners {
		for _, r := range inv.resources {
			if inst, ok := r.(*compute.Instance); ok {
				all = append(all, *clone(inst).(*compute.Instance))
			}
		}
	}
	s.mu.Unlock()
	slices.SortFunc(all, func(a, b compute.Instance) int { return cmp.Compare(a.Serial, b.Serial) })
	for _, inst := range all {
		if err := fn(inst); err != nil {
			return err
		}
	}
	return nil
}

// Reset implements compute.Store.
func (s *Store) Reset(_ context.Context, owner compute.Owner) (map[compute.Kind]int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	removed := make(map[compute.Kind]int)
	for k := range s.inventory(owner).resources {
		removed[k.Kind]++
		delete(s.ids, k)
	}
	delete(s.owners, owner)
	return removed, nil
}

// clone copies a resource deeply enough that no change to the copy
// reaches the original.
func clone(r compute.Resource) compute.Resource {
	cloneMeta := func(m *compute.Meta) {
		m.Tags = slices.Clone(m.Tags)
		m.Extra = maps.Clone(m.Extra)
	}
	switch v := r.(type) {
	case *compute.Instance:
		c := *v
		cloneMeta(&c.Meta)
		c.SecurityGroups, c.Stages = slices.Clone(v.SecurityGroups), slices.Clone(v.Stages)
		return &c
	case *compute.Network:
		c := *v
		cloneMeta(&c.Meta)
		return &c
	case *compute.Subnet:
		c := *v
		cloneMeta(&c.Meta)
		return &c
	case *compute.SecurityGroup:
		c := *v
		cloneMeta(&c.Meta)
		c.Rules = slices.Clone(v.Rules)
		for i := range c.Rules {
			c.Rules[i].Extra = maps.Clone(c.Rules[i].Extra)
		}
		return &c
	case *compute.Disk:
		c := *v
		cloneMeta(&c.Meta)
		c.Phases = slices.Clone(v.Phases)
		return &c
	case *compute.KeyPair:
		c := *v
		cloneMeta(&c.Meta)
		return &c
	}
	panic(fmt.Sprintf("memory: no clone for %T", r))
}
