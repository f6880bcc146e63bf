package sqlstore

import "github.com/ecsd/ecsd/internal/compute"

// Scope keys name the groups an instance is listed in (the owner, a
// region, a zone of a region, a resource group), so that the listing counts
// (instance_tallies, keyed by them) answer "how many match" and "which is
// the n-th" without scanning every match. They are stored: the strings must
// not change.
const (
	scopeKeyAll    = "*"
	scopeKeyRegion = "r/"
	scopeKeyZone   = "z/"
	scopeKeyGroup  = "g/"
)

// scopeKeys lists the groups an instance in region, zone and resource group
// is listed in.
func scopeKeys(region compute.RegionID, zone compute.ZoneID, group string) []string {
	keys := []string{scopeKeyAll, scopeKeyRegion + string(region), scopeKeyZone + string(region) + "/" + string(zone)}
	if group != "" {
		keys = append(keys, scopeKeyGroup+group)
	}
	return keys
}

// scopeKey returns the one group that holds exactly the matches of q, when
// there is one: a query by region, by region and zone, by resource group,
// or by owner alone, with no other condition.
func scopeKey(q compute.Query) (string, bool) {
	if len(q.IDs) > 0 || len(q.Statuses) > 0 || q.NameContains != "" || len(q.Links) > 0 {
		return "", false
	}
	switch {
	case q.Region == "" && q.Zone == "" && q.ResourceGroup == "":
		return scopeKeyAll, true
	case q.Region != "" && q.Zone == "" && q.ResourceGroup == "":
		return scopeKeyRegion + string(q.Region), true
	case q.Region != "" && q.Zone != "" && q.ResourceGroup == "":
		return scopeKeyZone + string(q.Region) + "/" + string(q.Zone), true
	case q.Region == "" && q.Zone == "" && q.ResourceGroup != "":
		return scopeKeyGroup + q.ResourceGroup, true
	}
	return "", false
}
