package aliyun

import (
	"encoding/json"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// params are a request's parameters: the URL query plus, for a form body,
// the body's fields. The first value of a repeated name is the one used.
type params url.Values

func (p params) get(name string) string { return url.Values(p).Get(name) }

func (p params) has(name string) bool {
	_, ok := p[name]
	return ok
}

// required returns a parameter that must be present and not empty.
func (p params) required(name string) (string, error) {
	v := p.get(name)
	if v == "" {
		return "", missingParameter(name)
	}
	return v, nil
}

// integer parses an optional Integer parameter within [lo, hi], returning
// def when it is absent or empty.
func (p params) integer(name string, def, lo, hi int) (int, error) {
	s := p.get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, invalidParameter(name)
	}
	return n, nil
}

// boolean parses an optional Boolean parameter ("true" or "false", in any case).
func (p params) boolean(name string) (bool, error) {
	switch s := strings.ToLower(p.get(name)); s {
	case "":
		return false, nil
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, invalidParameter(name)
}

// oneOf returns an optional parameter that must be one of allowed (compared
// exactly), or def when absent.
func (p params) oneOf(name, def string, allowed ...string) (string, error) {
	s := p.get(name)
	if s == "" {
		return def, nil
	}
	for _, a := range allowed {
		if s == a {
			return s, nil
		}
	}
	return "", invalidParameter(name)
}

// maxIDs is the most instance IDs one call may name (reference 2.2, 2.9).
const maxIDs = 100

// repeated collects a repeated list parameter spelled prefix.1, prefix.2,
// ... in index order. Indices need not be contiguous but must be positive
// integers. More than maxIDs values fail with tooMany.
func (p params) repeated(prefix string, tooMany error) ([]string, error) {
	type item struct {
		index int
		value string
	}
	var items []item
	for name, values := range p {
		rest, ok := strings.CutPrefix(name, prefix+".")
		if !ok {
			continue
		}
		index, err := strconv.Atoi(rest)
		if err != nil || index < 1 {
			return nil, invalidParameter(name)
		}
		if len(values) > 0 && values[0] != "" {
			items = append(items, item{index, values[0]})
		}
	}
	if len(items) > maxIDs {
		return nil, tooMany
	}
	sort.Slice(items, func(i, j int) bool { return items[i].index < items[j].index })
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.value
	}
	return out, nil
}

// jsonList parses a list parameter sent as a JSON array string, as
// DescribeInstances takes InstanceIds: ["i-a","i-b"].
func (p params) jsonList(name string) ([]string, error) {
	s := p.get(name)
	if s == "" {
		return nil, nil
	}
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, invalidParameter(name)
	}
	return out, nil
}

// structs collects a repeated structured parameter spelled prefix.N.Field
// (DataDisk.1.Size, Tag.2.Key), one params per index in index order, each
// keyed by the field names after the index. Indices must be positive
// integers; more than max entries fail with InvalidParameter.
func (p params) structs(prefix string, max int) ([]params, error) {
	byIndex := map[int]params{}
	for name, values := range p {
		rest, ok := strings.CutPrefix(name, prefix+".")
		if !ok {
			continue
		}
		n, field, ok := strings.Cut(rest, ".")
		index, err := strconv.Atoi(n)
		if !ok || field == "" || err != nil || index < 1 {
			return nil, invalidParameter(name)
		}
		if byIndex[index] == nil {
			byIndex[index] = params{}
		}
		byIndex[index][field] = values
	}
	if len(byIndex) > max {
		return nil, invalidParameter(prefix)
	}
	indices := make([]int, 0, len(byIndex))
	for i := range byIndex {
		indices = append(indices, i)
	}
	sort.Ints(indices)
	out := make([]params, len(indices))
	for i, index := range indices {
		out[i] = byIndex[index]
	}
	return out, nil
}
