package compute

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
	// Links each must hold (see Filter.Links): instances in a network or
	// subnet, in a security group, with an address, with a tag.
	Links []LinkFilter
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
	if len(q.IDs) > 0 || len(q.Statuses) > 0 || q.NameContains != "" || len(q.Links) > 0 {
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
