package compute

import (
	"context"
	"fmt"
	"maps"
	"net/netip"
	"reflect"
	"slices"
	"time"
)

// Config configures a Service.
type Config struct {
	Store Store
	Clock Clock
	// TransitionDelay is how long each transitional stage lasts; 0 makes
	// every transition instant.
	TransitionDelay time.Duration
	// Delays, when set, give some transitions of some clouds delays of
	// their own instead of TransitionDelay.
	Delays   Delays
	Profiles Profiles
	// Random draws the random parts of IDs; CryptoRandom when nil.
	Random Random
	// InstanceQuota bounds the instances an owner may have in one region;
	// 0 means DefaultInstanceQuota, NoQuota none.
	InstanceQuota int
}

// Service holds the use cases of ecsd. It is safe for concurrent use.
type Service struct {
	store    Store
	clock    Clock
	delay    time.Duration
	delays   Delays
	profiles Profiles
	random   Random
	// instanceQuota is Config.InstanceQuota, its default applied.
	instanceQuota int
}

// NewService returns a Service over cfg.Store.
func NewService(cfg Config) *Service {
	clock := cfg.Clock
	if clock == nil {
		clock = SystemClock{}
	}
	random := cfg.Random
	if random == nil {
		random = CryptoRandom{}
	}
	quota := cfg.InstanceQuota
	if quota == 0 {
		quota = DefaultInstanceQuota
	}
	return &Service{store: cfg.Store, clock: clock, delay: cfg.TransitionDelay, delays: cfg.Delays, profiles: cfg.Profiles, random: random,
		instanceQuota: quota}
}

// Now is the service's idea of the time.
func (s *Service) Now() time.Time { return s.clock.Now() }

// Catalog returns what a cloud offers: regions and zones, images,
// instance types and disk categories.
func (s *Service) Catalog(c Cloud) Catalog { return s.profiles[c].Catalog }

// Region finds a region of a cloud, or fails with NotFound.
func (s *Service) Region(c Cloud, id RegionID) (Region, error) {
	r, ok := s.Catalog(c).Region(id)
	if !ok {
		return Region{}, &Error{Code: NotFound, Param: "region", Value: string(id), Message: fmt.Sprintf("region %q does not exist", id)}
	}
	return r, nil
}

// Zone finds a zone of a cloud by its ID alone, with the region that holds
// it, or fails with NotFound.
func (s *Service) Zone(c Cloud, id ZoneID) (Region, Zone, error) {
	r, z, ok := s.Catalog(c).Zone(id)
	if !ok {
		return Region{}, Zone{}, &Error{Code: NotFound, Param: "zone", Value: string(id), Message: fmt.Sprintf("zone %q does not exist", id)}
	}
	return r, z, nil
}

// ZoneIn finds a zone inside a region, or fails with NotFound.
func (s *Service) ZoneIn(c Cloud, region RegionID, id ZoneID) (Zone, error) {
	r, err := s.Region(c, region)
	if err != nil {
		return Zone{}, err
	}
	for _, z := range r.Zones {
		if z.ID == id {
			return z, nil
		}
	}
	return Zone{}, &Error{Code: NotFound, Param: "zone", Value: string(id), Message: fmt.Sprintf("zone %q does not exist in region %q", id, region)}
}

// List returns one page of the owner's instances matching q.
func (s *Service) List(ctx context.Context, q Query) (Page, error) {
	const op = "list"
	if q.Offset < 0 {
		return Page{}, &Error{Code: InvalidArgument, Op: op, Param: "offset", Value: fmt.Sprint(q.Offset), Message: "offset must not be negative"}
	}
	if q.Limit < 1 {
		return Page{}, &Error{Code: InvalidArgument, Op: op, Param: "limit", Value: fmt.Sprint(q.Limit), Message: "limit must be positive"}
	}
	if len(q.IDs) > MaxBatch {
		return Page{}, &Error{Code: LimitExceeded, Op: op, Param: "instance", Message: fmt.Sprintf("at most %d instance IDs", MaxBatch)}
	}
	q.IDs = dedupe(q.IDs)
	now := s.clock.Now()
	page, err := s.store.List(ctx, q, now)
	if err != nil {
		return Page{}, err
	}
	s.show(page.Instances, now)
	return page, nil
}

// Selection names the instances an operation acts on.
type Selection struct {
	Owner
	// Region, when set, limits the selection to one region: an instance in
	// another region is not found, as behind a regional endpoint.
	Region RegionID
	IDs    []InstanceID
}

// Outcome is what an operation did to one instance.
type Outcome struct {
	ID       InstanceID
	Previous Status
	Current  Status
	// Err is NotFound or IncorrectState when the instance was left alone.
	Err error
}

// Act applies op to the selected instances. Each instance either takes the
// operation or is left alone with a reason in its Outcome; with
// opts.AllOrNothing, one refusal leaves every instance alone and is returned
// as the error. Outcomes come in the order of sel.IDs, duplicates removed.
//
// An instance that terminates (rather than going to the recycle bin) lets
// go of its disks at once: those that go with it are deleted, the others
// detached.
func (s *Service) Act(ctx context.Context, op Operation, sel Selection, opts ActOptions) ([]Outcome, error) {
	ids := dedupe(sel.IDs)
	if len(ids) == 0 {
		return nil, &Error{Code: MissingArgument, Op: string(op), Param: "instance", Message: "no instance ID given"}
	}
	if len(ids) > MaxBatch {
		return nil, &Error{Code: LimitExceeded, Op: string(op), Param: "instance", Message: fmt.Sprintf("at most %d instance IDs", MaxBatch)}
	}
	var outcomes []Outcome
	var held []InstanceID
	inj := InjectedIn(ctx)
	now := s.clock.Now()
	err := s.store.Update(ctx, sel.Owner, now, func(tx Tx) error {
		found, err := getAll[Instance](ctx, tx, KindInstance, instanceKeys(ids)...)
		if err != nil {
			return err
		}
		outcomes = make([]Outcome, 0, len(ids))
		held = held[:0]
		byID := make(map[InstanceID]Instance, len(found))
		for _, inst := range found {
			byID[inst.ID] = inst
		}
		var put []Instance
		var gone, released []InstanceID
		acted := make(map[InstanceID]bool, len(ids)) // in put, and acted on
		for _, id := range ids {
			inst, ok := byID[id]
			// An instance held by a fault settles as soon as an operation
			// acts on it, and the operation finds it settled.
			freed := ok && inst.Held() && (sel.Region == "" || inst.Region == sel.Region)
			if freed {
				inst.Stages = nil
			}
			current := inst.StatusAt(now)
			if !ok || current == StatusTerminated || (sel.Region != "" && inst.Region != sel.Region) {
				if freed {
					gone = append(gone, id)
				}
				e := notFound(KindInstance, string(id))
				e.Op = string(op)
				outcomes = append(outcomes, Outcome{ID: id, Err: e})
				continue
			}
			stages, target, err := plan(op, inst, current, opts)
			if err != nil {
				if freed {
					put = append(put, inst)
				}
				outcomes = append(outcomes, Outcome{ID: id, Previous: current, Current: current, Err: err})
				continue
			}
			if inj.Hold != nil && len(stages) > 0 {
				inst.Target, inst.Stages = target, hold(stages)
				held = append(held, id)
			} else {
				inst.Target, inst.Stages = target, schedule(stages, now, s.delayFor(sel.Cloud, Transition(op)))
			}
			next := inst.StatusAt(now)
			if next == StatusTerminated {
				gone = append(gone, id)
			} else {
				put = append(put, inst)
				acted[id] = true
			}
			if target == StatusTerminated {
				released = append(released, id)
			}
			outcomes = append(outcomes, Outcome{ID: id, Previous: current, Current: next})
		}
		if opts.AllOrNothing || opts.DryRun {
			for _, o := range outcomes {
				if o.Err != nil {
					return o.Err
				}
			}
		}
		if opts.DryRun {
			return dryRunPassed(string(op))
		}
		var whole []Instance // edited beyond the lifecycle
		if opts.Extra != nil {
			put, whole = editExtra(put, acted, opts.Extra)
		}
		if len(put) > 0 {
			if err := tx.SetLifecycles(ctx, put); err != nil {
				return err
			}
		}
		for i := range whole {
			if err := tx.Put(ctx, &whole[i]); err != nil {
				return err
			}
		}
		for _, id := range gone {
			if err := tx.Delete(ctx, Key{KindInstance, string(id)}); err != nil {
				return err
			}
		}
		return s.releaseDisks(ctx, tx, released, now)
	})
	if err != nil {
		return nil, err
	}
	if len(held) > 0 {
		inj.Hold(sel.Owner, held)
	}
	return outcomes, nil
}

// editExtra splits put into the instances whose Extra edit leaves as they
// are, and those it changes, edited: those must be written whole. Only
// the instances in acted are edited.
func editExtra(put []Instance, acted map[InstanceID]bool, edit func(map[string]string) map[string]string) (same, changed []Instance) {
	same = put[:0:0]
	for _, inst := range put {
		if acted[inst.ID] {
			extra := edit(maps.Clone(inst.Extra))
			if !maps.Equal(extra, inst.Extra) {
				inst.Extra = extra
				changed = append(changed, inst)
				continue
			}
		}
		same = append(same, inst)
	}
	return same, changed
}

// releaseDisks deletes the disks of terminated instances that go with them
// and detaches the others.
func (s *Service) releaseDisks(ctx context.Context, tx Tx, ids []InstanceID, now time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	disks, err := findAll[Disk](ctx, tx, Filter{Kind: KindDisk, Links: []LinkFilter{{Attr: LinkInstance, Values: instanceKeys(ids)}}})
	if err != nil {
		return err
	}
	for _, d := range disks {
		if d.DeleteWithInstance || d.System {
			if err := tx.Delete(ctx, d.Key()); err != nil {
				return err
			}
			continue
		}
		d = detached(d, now, 0)
		if err := tx.Put(ctx, &d); err != nil {
			return err
		}
	}
	return nil
}

// ModifyInstances changes what may change of instances through edit, all
// or none: name, description, host name, user data, password, key pair,
// security groups, deletion protection, tags, resource group, Extra,
// instance type, image and bandwidth. edit gets each instance as it shows
// now and may refuse with an error. What it sets is checked as a launch
// checks it.
func (s *Service) ModifyInstances(ctx context.Context, owner Owner, ids []InstanceID, edit func(*Instance) error) ([]Instance, error) {
	const op = "modify instance"
	ids = dedupe(ids)
	var out []Instance
	now := s.clock.Now()
	err := s.store.Update(ctx, owner, now, func(tx Tx) error {
		out = out[:0]
		// One read for all: a statement per instance cost more than the
		// edits (issue 13's profile of StopInstances of 100).
		found, err := getAll[Instance](ctx, tx, KindInstance, instanceKeys(ids)...)
		if err != nil {
			return err
		}
		byID := make(map[InstanceID]Instance, len(found))
		for _, inst := range found {
			byID[inst.ID] = inst
		}
		for _, id := range ids {
			stored, ok := byID[id]
			if !ok || stored.StatusAt(now) == StatusTerminated {
				return notFound(KindInstance, string(id))
			}
			inst := s.shownInstance(stored, now)
			before := s.shownInstance(stored, now)
			changed := inst
			changed.Meta = cloneMeta(inst.Meta)
			changed.SecurityGroups = slices.Clone(inst.SecurityGroups)
			if err := edit(&changed); err != nil {
				return err
			}
			if inst.Meta, err = s.applyMeta(op, inst.Meta, changed.Meta); err != nil {
				return err
			}
			if err := s.applyInstance(ctx, tx, op, &inst, changed); err != nil {
				return err
			}
			// An edit that changes nothing (StopInstances recording the
			// stopped mode an instance has already) writes nothing.
			if !reflect.DeepEqual(inst, before) {
				if err := tx.Put(ctx, &inst); err != nil {
					return err
				}
			}
			out = append(out, s.shownInstance(inst, now))
		}
		return nil
	})
	return out, err
}

// applyInstance copies to inst what may change of it from changed, after
// checking it.
func (s *Service) applyInstance(ctx context.Context, r Reader, op string, inst *Instance, changed Instance) error {
	if changed.ImageID != inst.ImageID {
		if err := s.checkImage(op, inst.Owner.Cloud, changed.ImageID); err != nil {
			return err
		}
	}
	if changed.InstanceType != inst.InstanceType {
		if err := s.checkInstanceType(op, inst.Owner.Cloud, changed.InstanceType, inst.Zone); err != nil {
			return err
		}
	}
	if changed.KeyPair != inst.KeyPair && changed.KeyPair != "" {
		if _, err := s.keyPair(ctx, r, changed.KeyPair); err != nil {
			return err
		}
	}
	if !slices.Equal(changed.SecurityGroups, inst.SecurityGroups) {
		if err := s.checkSecurityGroups(ctx, r, op, inst.Owner, inst.Network, changed.SecurityGroups); err != nil {
			return err
		}
	}
	if changed.BandwidthOut < 0 || changed.BandwidthIn < 0 {
		return &Error{Code: InvalidArgument, Op: op, Param: "bandwidth", Message: "bandwidth must not be negative"}
	}
	inst.HostName, inst.UserData, inst.HasPassword = changed.HostName, changed.UserData, changed.HasPassword
	inst.KeyPair, inst.SecurityGroups = changed.KeyPair, dedupeSlice(changed.SecurityGroups)
	inst.DeletionProtection = changed.DeletionProtection
	inst.ImageID, inst.InstanceType = changed.ImageID, changed.InstanceType
	inst.InternetCharge, inst.BandwidthOut, inst.BandwidthIn = changed.InternetCharge, changed.BandwidthOut, changed.BandwidthIn
	return nil
}

// checkSecurityGroups checks the security groups an instance of network
// is to be in: they exist, they belong to its network where groups belong
// to one, there is at least one, and no more than the cloud allows.
func (s *Service) checkSecurityGroups(ctx context.Context, r Reader, op string, owner Owner, network NetworkID, ids []SecurityGroupID) error {
	rules := s.profile(owner.Cloud).Rules
	ids = dedupeSlice(ids)
	if len(ids) == 0 {
		return &Error{Code: MissingArgument, Op: op, Param: "security_group", Message: "an instance is in at least one security group"}
	}
	if rules.MaxSecurityGroups > 0 && len(ids) > rules.MaxSecurityGroups {
		return &Error{Code: LimitExceeded, Op: op, Param: "security_group", Message: fmt.Sprintf("an instance is in at most %d security groups", rules.MaxSecurityGroups)}
	}
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = string(id)
	}
	found, err := getAll[SecurityGroup](ctx, r, KindSecurityGroup, keys...)
	if err != nil {
		return err
	}
	for _, id := range ids {
		i := slices.IndexFunc(found, func(g SecurityGroup) bool { return g.ID == id })
		if i < 0 {
			return notFound(KindSecurityGroup, string(id))
		}
		if rules.SecurityGroupsNeedNetwork && found[i].Network != network {
			return &Error{Code: InvalidArgument, Op: op, Param: "security_group_network", Value: string(id),
				Message: fmt.Sprintf("security group %s is not in network %s", id, network)}
		}
	}
	return nil
}

// Reset removes everything of the owner and reports how many of each kind.
func (s *Service) Reset(ctx context.Context, owner Owner) (map[Kind]int, error) {
	return s.store.Reset(ctx, owner)
}

// show fills in what each instance shows at now.
func (s *Service) show(instances []Instance, now time.Time) {
	for i := range instances {
		instances[i] = s.shownInstance(instances[i], now)
	}
}

// shownInstance fills in what an instance shows at now: its status, and
// the public address and MAC derived from its serial.
func (s *Service) shownInstance(inst Instance, now time.Time) Instance {
	inst.Status = inst.StatusAt(now)
	rules := s.profile(inst.Owner.Cloud).Rules
	inst.PublicIP = netip.Addr{}
	if inst.BandwidthOut > 0 && rules.PublicPool.IsValid() {
		inst.PublicIP = serialAddr(rules.PublicPool, inst.Serial)
	}
	inst.MAC = ""
	if inst.NIC != "" {
		inst.MAC = serialMAC(rules.MACPrefix, inst.Serial)
	}
	return inst
}

// instance loads an instance of the owner as it shows at now; one that is
// gone is not found.
func (s *Service) instance(ctx context.Context, r Reader, id InstanceID, now time.Time) (Instance, error) {
	found, err := getAll[Instance](ctx, r, KindInstance, string(id))
	if err != nil {
		return Instance{}, err
	}
	if len(found) == 0 || found[0].StatusAt(now) == StatusTerminated {
		return Instance{}, notFound(KindInstance, string(id))
	}
	return s.shownInstance(found[0], now), nil
}

// getVisible loads any resource of the owner by key, as it shows at now.
func (s *Service) getVisible(ctx context.Context, r Reader, k Key, now time.Time) (Resource, error) {
	found, err := r.Get(ctx, k.Kind, k.ID)
	if err != nil {
		return nil, err
	}
	if len(found) == 0 || !visible(found[0], now) {
		return nil, notFound(k.Kind, k.ID)
	}
	return found[0], nil
}

// visible reports whether r is still there at now: every resource but an
// instance that is gone.
func visible(r Resource, now time.Time) bool {
	inst, ok := r.(*Instance)
	return !ok || inst.StatusAt(now) != StatusTerminated
}

// shown returns r with what it shows at now filled in.
func (s *Service) shown(r Resource, now time.Time) Resource {
	switch v := r.(type) {
	case *Instance:
		shown := s.shownInstance(*v, now)
		return &shown
	case *Network:
		shown := s.shownNetwork(*v, now)
		return &shown
	case *Subnet:
		shown := s.shownSubnet(*v, nil, now)
		return &shown
	case *Disk:
		shown := *v
		shown.Status = shown.StatusAt(now)
		return &shown
	}
	return r
}

// cloneMeta copies m deeply enough that an edit of the copy leaves m as it
// is.
func cloneMeta(m Meta) Meta {
	m.Tags = slices.Clone(m.Tags)
	m.Extra = maps.Clone(m.Extra)
	return m
}

// applyMeta returns old with what may change of it taken from changed:
// name, description, resource group, tags and Extra. Tags are checked.
func (s *Service) applyMeta(op string, old, changed Meta) (Meta, error) {
	if err := checkTags(op, changed.Tags, s.profile(old.Owner.Cloud).Rules.MaxTags); err != nil {
		return Meta{}, err
	}
	old.Name, old.Description, old.ResourceGroup = changed.Name, changed.Description, changed.ResourceGroup
	old.Tags, old.Extra = changed.Tags, changed.Extra
	return old, nil
}

// instanceKeys spells instance IDs as resource IDs.
func instanceKeys(ids []InstanceID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = string(id)
	}
	return out
}

// dedupe removes repeated IDs, keeping the first occurrence of each.
func dedupe(ids []InstanceID) []InstanceID { return dedupeSlice(ids) }

// dedupeSlice removes repeated values, keeping the first occurrence of
// each.
func dedupeSlice[T comparable](ids []T) []T {
	if len(ids) < 2 {
		return ids
	}
	seen := make(map[T]bool, len(ids))
	out := make([]T, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
