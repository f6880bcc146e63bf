package compute

import (
	"context"
	"time"
)

// Store keeps instances. Every method is scoped to one Owner: a store never
// returns, counts or changes another owner's instances.
//
// A Store holds lifecycle state (Target and Stages), never a visible status:
// what an instance shows is computed from that state and the time, so stores
// never need a timer to advance it.
type Store interface {
	// Create stores new instances, all or none. When token is not empty and
	// an earlier Create of the same owner used it, Create stores nothing and
	// returns the instances that call created, as they are now. An ID that
	// exists already fails the call with an AlreadyExists error.
	Create(ctx context.Context, owner Owner, token string, instances []Instance) ([]Instance, error)

	// Modify loads the owner's instances among ids (those not found are
	// simply absent), calls decide with them, and applies the Change it
	// returns, in one transaction: no other change to those instances can
	// come in between. When decide returns an error nothing changes and
	// Modify returns that error. decide may run more than once, when the
	// store retries a transaction, so it must not have side effects.
	Modify(ctx context.Context, owner Owner, ids []InstanceID, decide func(found []Instance) (Change, error)) error

	// List returns one page of the owner's instances that match q, in the
	// order they were created, and the number of all matches. An instance
	// whose status at now is StatusTerminated is neither listed nor counted.
	List(ctx context.Context, q Query, now time.Time) (Page, error)

	// Reset removes every instance of the owner and reports how many.
	Reset(ctx context.Context, owner Owner) (int, error)
}

// Change is what one Modify does.
type Change struct {
	// Put replaces the lifecycle state (Target and Stages) of instances.
	Put []Instance
	// Delete removes instances at once.
	Delete []InstanceID
}

// Query selects instances of one owner. Every condition that is set must hold.
type Query struct {
	Owner
	Region        RegionID
	Zone          ZoneID
	ResourceGroup string
	// IDs, when not empty, restricts the result to these instances.
	IDs []InstanceID
	// Statuses, when not empty, keeps instances that show one of these.
	Statuses []Status
	// NameContains, when not empty, keeps instances whose name contains it.
	NameContains string
	// Brief says the caller needs only each instance's ID and lifecycle
	// state (Target and Stages), as a status listing does; a store may
	// then leave the other fields empty and answer faster.
	Brief bool

	Offset int
	Limit  int
}

// Page is one page of a listing.
type Page struct {
	Instances []Instance
	// Total is the number of all instances that match, on every page.
	Total int
}

// Scope keys name the groups an instance is listed in, so that a store can
// keep a running count per group and answer "how many match" and "which is
// the n-th" without scanning every match.
const (
	scopeAll    = "*"
	scopeRegion = "r/"
	scopeZone   = "z/"
	scopeGroup  = "g/"
)

// ScopeKeys lists the groups inst is listed in.
func (i Instance) ScopeKeys() []string {
	keys := []string{scopeAll, scopeRegion + string(i.Region), scopeZone + string(i.Region) + "/" + string(i.Zone)}
	if i.ResourceGroup != "" {
		keys = append(keys, scopeGroup+i.ResourceGroup)
	}
	return keys
}

// ScopeKey returns the one group that holds exactly the matches of q, when
// there is one: a query by region, by region and zone, by resource group, or
// by owner alone, with no other condition.
func (q Query) ScopeKey() (string, bool) {
	if len(q.IDs) > 0 || len(q.Statuses) > 0 || q.NameContains != "" {
		return "", false
	}
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
