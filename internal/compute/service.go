package compute

import (
	"context"
	"fmt"
	"time"
)

// MaxBatch bounds how many instances one call may name or create. Vendors
// set lower limits of their own, which their dialects check first.
const MaxBatch = 1000

// Config configures a Service.
type Config struct {
	Store Store
	Clock Clock
	// TransitionDelay is how long each transitional stage lasts; 0 makes
	// every transition instant.
	TransitionDelay time.Duration
	Catalogs        Catalogs
}

// Service holds the use cases of ecsd. It is safe for concurrent use.
type Service struct {
	store    Store
	clock    Clock
	delay    time.Duration
	catalogs Catalogs
}

// NewService returns a Service over cfg.Store.
func NewService(cfg Config) *Service {
	clock := cfg.Clock
	if clock == nil {
		clock = SystemClock{}
	}
	return &Service{store: cfg.Store, clock: clock, delay: cfg.TransitionDelay, catalogs: cfg.Catalogs}
}

// Now is the service's idea of the time.
func (s *Service) Now() time.Time { return s.clock.Now() }

// Catalog returns the regions and zones of a cloud.
func (s *Service) Catalog(c Cloud) Catalog { return s.catalogs[c] }

// Region finds a region of a cloud, or fails with NotFound.
func (s *Service) Region(c Cloud, id RegionID) (Region, error) {
	r, ok := s.catalogs[c].Region(id)
	if !ok {
		return Region{}, &Error{Code: NotFound, Param: "region", Value: string(id), Message: fmt.Sprintf("region %q does not exist", id)}
	}
	return r, nil
}

// Zone finds a zone of a cloud by its ID alone, with the region that holds
// it, or fails with NotFound.
func (s *Service) Zone(c Cloud, id ZoneID) (Region, Zone, error) {
	r, z, ok := s.catalogs[c].Zone(id)
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

// LaunchSpec describes instances to create.
type LaunchSpec struct {
	Owner
	Region RegionID
	// Zone may be empty: the region's first zone is used.
	Zone          ZoneID
	Count         int
	Name          string
	ImageID       string
	InstanceType  string
	ResourceGroup string
	ChargeType    ChargeType
	// ClientToken makes the call idempotent: a second call with the same
	// token returns the first call's instances and creates nothing.
	ClientToken string
	Boot        Boot
	// Fail makes the launch end in StatusLaunchFailed.
	Fail   bool
	DryRun bool
	// NewID returns a fresh instance ID in the vendor's format.
	NewID func() InstanceID
}

// FailingImageID is ecsd's fault switch for launches: an instance launched
// from this image ID, through any dialect, passes through StatusPending and
// settles in StatusLaunchFailed, so that tests of automation can see a
// failed creation through an unmodified SDK.
const FailingImageID = "ecsd-launch-fails"

// idAttempts bounds retries when a generated ID collides with a stored one.
const idAttempts = 5

// Launch creates instances. They start in StatusPending and settle as
// spec.Boot and spec.Fail say.
func (s *Service) Launch(ctx context.Context, spec LaunchSpec) ([]Instance, error) {
	const op = "launch"
	if spec.Count < 1 || spec.Count > MaxBatch {
		return nil, &Error{Code: InvalidArgument, Op: op, Param: "count", Value: fmt.Sprint(spec.Count), Message: fmt.Sprintf("count must be between 1 and %d", MaxBatch)}
	}
	region, err := s.Region(spec.Cloud, spec.Region)
	if err != nil {
		return nil, err
	}
	zone := spec.Zone
	switch {
	case zone == "" && len(region.Zones) == 0:
		return nil, &Error{Code: NotFound, Op: op, Param: "zone", Message: fmt.Sprintf("region %q has no zone", region.ID)}
	case zone == "":
		zone = region.Zones[0].ID
	default:
		if _, err := s.ZoneIn(spec.Cloud, spec.Region, zone); err != nil {
			return nil, err
		}
	}
	if spec.DryRun {
		return nil, &Error{Code: DryRunPassed, Op: op, Message: "the request would have succeeded"}
	}
	charge := spec.ChargeType
	if charge == "" {
		charge = PostPaid
	}
	now := s.clock.Now()
	stages, target := launchPlan(spec.Boot, spec.Fail || spec.ImageID == FailingImageID)
	for attempt := 1; ; attempt++ {
		batch := make([]Instance, spec.Count)
		for i := range batch {
			batch[i] = Instance{
				ID: spec.NewID(), Owner: spec.Owner, Region: spec.Region, Zone: zone,
				Name: spec.Name, ImageID: spec.ImageID, InstanceType: spec.InstanceType,
				ResourceGroup: spec.ResourceGroup, ChargeType: charge, CreatedAt: now,
				Target: target, Stages: schedule(stages, now, s.delay),
			}
		}
		created, err := s.store.Create(ctx, spec.Owner, spec.ClientToken, batch)
		if ErrorCode(err) == AlreadyExists && attempt < idAttempts {
			continue // a generated ID collided; draw new ones
		}
		if err != nil {
			return nil, err
		}
		s.show(created, s.clock.Now())
		return created, nil
	}
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
func (s *Service) Act(ctx context.Context, op Operation, sel Selection, opts ActOptions) ([]Outcome, error) {
	ids := dedupe(sel.IDs)
	if len(ids) == 0 {
		return nil, &Error{Code: MissingArgument, Op: string(op), Param: "instance", Message: "no instance ID given"}
	}
	if len(ids) > MaxBatch {
		return nil, &Error{Code: LimitExceeded, Op: string(op), Param: "instance", Message: fmt.Sprintf("at most %d instance IDs", MaxBatch)}
	}
	var outcomes []Outcome
	now := s.clock.Now()
	err := s.store.Modify(ctx, sel.Owner, ids, func(found []Instance) (Change, error) {
		outcomes = make([]Outcome, 0, len(ids))
		byID := make(map[InstanceID]Instance, len(found))
		for _, inst := range found {
			byID[inst.ID] = inst
		}
		var change Change
		for _, id := range ids {
			inst, ok := byID[id]
			current := inst.StatusAt(now)
			if !ok || current == StatusTerminated || (sel.Region != "" && inst.Region != sel.Region) {
				outcomes = append(outcomes, Outcome{ID: id, Err: &Error{
					Code: NotFound, Op: string(op), Param: "instance", Value: string(id), Instance: id,
					Message: fmt.Sprintf("instance %s does not exist", id),
				}})
				continue
			}
			stages, target, err := plan(op, inst, current, opts)
			if err != nil {
				outcomes = append(outcomes, Outcome{ID: id, Previous: current, Current: current, Err: err})
				continue
			}
			inst.Target, inst.Stages = target, schedule(stages, now, s.delay)
			next := inst.StatusAt(now)
			if next == StatusTerminated {
				change.Delete = append(change.Delete, id)
			} else {
				change.Put = append(change.Put, inst)
			}
			outcomes = append(outcomes, Outcome{ID: id, Previous: current, Current: next})
		}
		if opts.AllOrNothing || opts.DryRun {
			for _, o := range outcomes {
				if o.Err != nil {
					return Change{}, o.Err
				}
			}
		}
		if opts.DryRun {
			return Change{}, &Error{Code: DryRunPassed, Op: string(op), Message: "the request would have succeeded"}
		}
		return change, nil
	})
	if err != nil {
		return nil, err
	}
	return outcomes, nil
}

// Reset removes every instance of the owner.
func (s *Service) Reset(ctx context.Context, owner Owner) (int, error) {
	return s.store.Reset(ctx, owner)
}

// show fills in the visible status of each instance at now.
func (s *Service) show(instances []Instance, now time.Time) {
	for i := range instances {
		instances[i].Status = instances[i].StatusAt(now)
	}
}

// dedupe removes repeated IDs, keeping the first occurrence of each.
func dedupe(ids []InstanceID) []InstanceID {
	if len(ids) < 2 {
		return ids
	}
	seen := make(map[InstanceID]bool, len(ids))
	out := make([]InstanceID, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
