package zenlayer

import (
	"slices"

	"github.com/ecsd/ecsd/internal/compute"
)

// Zenlayer documents no instance ID format (reference 4.8): its examples
// use placeholders, and the other ZEC resources in its examples carry
// 19-digit numeric IDs (subnet 1272168087751233112). ecsd makes instance
// IDs of 19 digits, never starting with 0, and accepts as an instance ID
// any 1 to 64 letters, digits, '-', '_' or '.', so that IDs from elsewhere
// are simply not found rather than refused. The profile makes them
// (profile.go).

const maxIDLen = 64

// wellFormedID reports whether s may name an instance (or a resource
// group): 1 to 64 letters, digits, '-', '_' or '.'.
func wellFormedID(s string) bool {
	if s == "" || len(s) > maxIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// orderNumber is the order a CreateZecInstances or CreateDisks call
// reports: 19 digits, as the other ZEC numbers, drawn from the service's
// random source so that a seeded ecsd repeats it.
func (h *Handler) orderNumber() string {
	return h.Svc.Draw("123456789", 1) + h.Svc.Draw("0123456789", 18)
}

// Resource groups. ecsd has no resource-group API: any well-formed ID names
// a group, and an instance created without one joins the account's default
// group, which has the same ID in every account (accounts never see each
// other's instances, so they cannot tell).
const (
	DefaultResourceGroupID   = "ecsd-default-resource-group"
	defaultResourceGroupName = "Default Resource Group"
)

// resourceGroupName is the name DescribeInstances shows for a group: the
// default group's, or else the ID, since ecsd keeps no names.
func resourceGroupName(id string) string {
	if id == DefaultResourceGroupID {
		return defaultResourceGroupName
	}
	return id
}

// resourceGroup validates an optional resourceGroupId.
func resourceGroup(id *string) (string, error) {
	if id == nil || *id == "" {
		return "", nil
	}
	if !wellFormedID(*id) {
		return "", invalidParameter("resourceGroupId", "%q is not a resource group ID", truncate(*id))
	}
	return *id, nil
}

// allExist fails with NotFound for the first of ids that the account has
// no resource of kind with.
func (h *Handler) allExist(c *call, kind compute.Kind, ids []string) error {
	keys := make([]compute.Key, len(ids))
	for i, id := range ids {
		keys[i] = compute.Key{Kind: kind, ID: id}
	}
	found, err := h.Svc.Tagged(c.ctx(), compute.TagSearch{Owner: c.owner, Kinds: []compute.Kind{kind}, Keys: keys})
	if err != nil {
		return err
	}
	for _, id := range ids {
		if !slices.ContainsFunc(found, func(r compute.Resource) bool { return r.Key().ID == id }) {
			return notFound(kind, id)
		}
	}
	return nil
}
