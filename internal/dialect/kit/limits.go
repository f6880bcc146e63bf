package kit

import (
	"encoding/json"
	"slices"
)

// Oversized finds the first value in v, a tree as encoding/json decodes it
// (map[string]any, []any, string and scalars), that its limit refuses: a
// string longer than limit(field) bytes, field being the name of the
// object member it is in (its list's, for a list item), or an object
// member's name longer than MaxNameBytes. It returns that field's name.
// Members are visited in name order, so that the answer does not depend
// on map order.
//
// Each dialect runs it over a request's parameters before anything else
// reads them, so that no value over its limit reaches the core, a store or
// a log line, whatever the action.
func Oversized(v any, field string, limit func(field string) int) (string, bool) {
	switch t := v.(type) {
	case string:
		if len(t) > limit(field) {
			return field, true
		}
	case json.Number:
		if len(t) > limit(field) {
			return field, true
		}
	case map[string]any:
		names := make([]string, 0, len(t))
		for name := range t {
			if len(name) > MaxNameBytes {
				return name[:MaxNameBytes], true
			}
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			if f, ok := Oversized(t[name], name, limit); ok {
				return f, true
			}
		}
	case []any:
		for _, item := range t {
			if f, ok := Oversized(item, field, limit); ok {
				return f, true
			}
		}
	}
	return "", false
}

// MaxNameBytes bounds a parameter's name: the longest any vendor uses is
// under 64 bytes, with list indices (DataDisk.16.DiskName).
const MaxNameBytes = 128

// Limits are a dialect's bounds on parameter values, in bytes: Default
// for any value, and Fields for those documented otherwise (longer, like
// user data, or shorter, like IDs).
type Limits struct {
	Default int
	Fields  map[string]int
}

// Of returns the bound of a field's values.
func (l Limits) Of(field string) int {
	if n, ok := l.Fields[field]; ok {
		return n
	}
	return l.Default
}

// DefaultValueBytes is the bound of a parameter value no vendor documents
// a longer one for: 8 KiB holds a JSON list of 100 IDs or private
// addresses, the longest such value the APIs take, with room to spare;
// names and descriptions are bounded more tightly where they are read.
const DefaultValueBytes = 8 << 10

// IDBytes bounds the IDs and other names a cloud makes (image IDs,
// instance types, resource group, zone, VPC and subnet IDs): the longest
// any of the three clouds makes is under 64 bytes; none documents a
// length, so ecsd takes twice that.
const IDBytes = 128
