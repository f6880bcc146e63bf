package tencent

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// params are an action's parameters, read from a JSON body (TC3 POST) or
// from a query or form (TC3 GET and v1), as one tree.
//
// From JSON, values are what encoding/json decodes (map[string]any, []any,
// string, json.Number, bool; null counts as absent) and types are checked
// strictly: "Limit":"20" is refused. From a query or form, every leaf is a
// string parsed by the getter, dotted names (Placement.Zone) become objects
// and integer-indexed names (InstanceIds.0, Filters.1.Values.1) become lists
// in index order, whatever the first index.
type params struct {
	m    map[string]any
	flat bool
	// prefix names the object these params sit in ("Filters.0."), for
	// messages.
	prefix string
}

// commonParams are the v1 common parameters: they travel with the API
// parameters in a query or form but are not among them. A TC3 GET query
// carries none of them; any that appear there are ignored too.
var commonParams = map[string]bool{
	"Action": true, "Version": true, "Region": true, "Timestamp": true, "Nonce": true,
	"SecretId": true, "Signature": true, "SignatureMethod": true, "Token": true,
	"RequestClient": true, "Language": true,
}

// maxIndex bounds a list index, so that an index cannot overflow.
const maxIndex = 1 << 30

// flatValues parses a query or form, refusing a name given twice: Tencent's
// clients never repeat one, and two values would make the v1 string to sign
// ambiguous.
func flatValues(s string) (map[string]string, error) {
	v, err := url.ParseQuery(s)
	if err != nil {
		return nil, invalidParameterf("The request parameters are not correctly URL-encoded.")
	}
	out := make(map[string]string, len(v))
	for name, values := range v {
		if len(values) > 1 {
			return nil, invalidParameterf("The parameter `%s` is given more than once.", name)
		}
		out[name] = values[0]
	}
	return out, nil
}

// flatParams builds the tree of a query or form, leaving out the common
// parameters.
func flatParams(values map[string]string) (params, error) {
	type node struct {
		leaf     *string
		children map[string]*node
	}
	root := &node{children: map[string]*node{}}
	// Sorted, so that the error for a bad request does not depend on map order.
	names := make([]string, 0, len(values))
	for name := range values {
		if !commonParams[name] {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		value := values[name]
		n := root
		segments := strings.Split(name, ".")
		for i, seg := range segments {
			if seg == "" {
				return params{}, invalidParameterf("The parameter name `%s` is malformed.", name)
			}
			if n.leaf != nil {
				return params{}, invalidParameterf("The parameter `%s` is given both as a value and as a list or object.", strings.Join(segments[:i], "."))
			}
			if n.children == nil {
				n.children = map[string]*node{}
			}
			child := n.children[seg]
			if child == nil {
				child = &node{}
				n.children[seg] = child
			}
			n = child
		}
		if n.children != nil {
			return params{}, invalidParameterf("The parameter `%s` is given both as a value and as a list or object.", name)
		}
		n.leaf = &value
	}
	// convert turns objects whose names are all indices into lists.
	var convert func(n *node, path string) (any, error)
	convert = func(n *node, path string) (any, error) {
		if n.leaf != nil {
			return *n.leaf, nil
		}
		indices := 0
		for seg := range n.children {
			if isIndex(seg) {
				indices++
			}
		}
		if indices > 0 && indices < len(n.children) && path != "" {
			return nil, invalidParameterf("The parameter `%s` mixes indexed and named members.", path)
		}
		if indices == len(n.children) && path != "" {
			type item struct {
				index int
				value any
			}
			items := make([]item, 0, len(n.children))
			seen := map[int]bool{}
			for seg, child := range n.children {
				i, _ := strconv.Atoi(seg)
				if seen[i] {
					return nil, invalidParameterf("The parameter `%s` has index %d more than once.", path, i)
				}
				seen[i] = true
				v, err := convert(child, path+"."+seg)
				if err != nil {
					return nil, err
				}
				items = append(items, item{i, v})
			}
			slices.SortFunc(items, func(a, b item) int { return a.index - b.index })
			list := make([]any, len(items))
			for i, it := range items {
				list[i] = it.value
			}
			return list, nil
		}
		m := make(map[string]any, len(n.children))
		for seg, child := range n.children {
			p := seg
			if path != "" {
				p = path + "." + seg
			}
			v, err := convert(child, p)
			if err != nil {
				return nil, err
			}
			m[seg] = v
		}
		return m, nil
	}
	v, err := convert(root, "")
	if err != nil {
		return params{}, err
	}
	return params{m: v.(map[string]any), flat: true}, nil
}

// isIndex reports whether a name segment is a list index: decimal digits,
// small enough not to overflow.
func isIndex(seg string) bool {
	if seg == "" || len(seg) > 10 {
		return false
	}
	for i := 0; i < len(seg); i++ {
		if seg[i] < '0' || seg[i] > '9' {
			return false
		}
	}
	n, _ := strconv.Atoi(seg)
	return n <= maxIndex
}

// jsonParams decodes a JSON body, which must be one object. An empty body
// counts as {}.
func jsonParams(body []byte) (params, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return params{m: map[string]any{}}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return params{}, invalidParameterf("The request body is not valid JSON: %s.", jsonProblem(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return params{}, invalidParameterf("The request body is not valid JSON: it holds more than one value.")
	}
	m, ok := v.(map[string]any)
	if !ok {
		return params{}, invalidParameterf("The request body must be a JSON object.")
	}
	return params{m: m}, nil
}

// jsonProblem describes a decoding error without echoing the body.
func jsonProblem(err error) string {
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return fmt.Sprintf("syntax error at byte %d", syntax.Offset)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "unexpected end of input"
	}
	return "it cannot be decoded"
}

// only refuses any parameter not named in known, as Tencent does with
// UnknownParameter.
func (p params) only(known ...string) error {
	names := make([]string, 0, len(p.m))
	for name := range p.m {
		if !slices.Contains(known, name) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	slices.Sort(names)
	return &apiError{"UnknownParameter", fmt.Sprintf("The parameter `%s%s` is not recognized.", p.prefix, names[0])}
}

// lookup returns a parameter's value; JSON null counts as absent.
func (p params) lookup(name string) (any, bool) {
	v, ok := p.m[name]
	return v, ok && v != nil
}

func (p params) has(name string) bool {
	_, ok := p.lookup(name)
	return ok
}

// str reads an optional String parameter.
func (p params) str(name string) (string, bool, error) {
	v, ok := p.lookup(name)
	if !ok {
		return "", false, nil
	}
	s, isString := v.(string)
	if !isString {
		return "", false, p.wrongType(name, "String")
	}
	return s, true, nil
}

// integer reads an optional Integer parameter.
func (p params) integer(name string) (int64, bool, error) {
	v, ok := p.lookup(name)
	if !ok {
		return 0, false, nil
	}
	var s string
	switch v := v.(type) {
	case string:
		if !p.flat {
			return 0, false, p.wrongType(name, "Integer")
		}
		s = v
	case json.Number:
		s = string(v)
	default:
		return 0, false, p.wrongType(name, "Integer")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false, p.wrongType(name, "Integer")
	}
	return n, true, nil
}

// boolean reads an optional Boolean parameter.
func (p params) boolean(name string) (bool, bool, error) {
	v, ok := p.lookup(name)
	if !ok {
		return false, false, nil
	}
	switch v := v.(type) {
	case bool:
		return v, true, nil
	case string:
		if p.flat {
			switch v {
			case "true", "TRUE", "True":
				return true, true, nil
			case "false", "FALSE", "False":
				return false, true, nil
			}
		}
	}
	return false, false, p.wrongType(name, "Boolean")
}

// strs reads an optional Array of String parameter.
func (p params) strs(name string) ([]string, bool, error) {
	v, ok := p.lookup(name)
	if !ok {
		return nil, false, nil
	}
	list, isList := v.([]any)
	if !isList {
		return nil, false, p.wrongType(name, "Array of String")
	}
	out := make([]string, len(list))
	for i, item := range list {
		s, isString := item.(string)
		if !isString {
			return nil, false, p.wrongType(fmt.Sprintf("%s.%d", name, i), "String")
		}
		out[i] = s
	}
	return out, true, nil
}

// object reads an optional object parameter as params of its own.
func (p params) object(name string) (params, bool, error) {
	v, ok := p.lookup(name)
	if !ok {
		return params{}, false, nil
	}
	m, isObject := v.(map[string]any)
	if !isObject {
		return params{}, false, p.wrongType(name, "Object")
	}
	return params{m: m, flat: p.flat, prefix: p.prefix + name + "."}, true, nil
}

// objects reads an optional Array of Object parameter.
func (p params) objects(name string) ([]params, error) {
	v, ok := p.lookup(name)
	if !ok {
		return nil, nil
	}
	list, isList := v.([]any)
	if !isList {
		return nil, p.wrongType(name, "Array of Object")
	}
	out := make([]params, len(list))
	for i, item := range list {
		m, isObject := item.(map[string]any)
		if !isObject {
			return nil, p.wrongType(fmt.Sprintf("%s.%d", name, i), "Object")
		}
		out[i] = params{m: m, flat: p.flat, prefix: fmt.Sprintf("%s%s.%d.", p.prefix, name, i)}
	}
	return out, nil
}

func (p params) wrongType(name, want string) error {
	return invalidParameterf("The parameter `%s%s` must be of type %s.", p.prefix, name, want)
}

// intInRange reads an optional Integer parameter within [lo, hi], def when
// absent; outside the range it fails with InvalidParameterValue.
func (p params) intInRange(name string, def, lo, hi int64) (int, error) {
	n, ok, err := p.integer(name)
	if err != nil {
		return 0, err
	}
	if !ok {
		return int(def), nil
	}
	if n < lo || n > hi {
		return 0, invalidValuef("The value of `%s%s` must be between %d and %d.", p.prefix, name, lo, hi)
	}
	return int(n), nil
}

// oneOf reads an optional String parameter that must be one of allowed,
// def when absent.
func (p params) oneOf(name, def string, allowed ...string) (string, error) {
	s, ok, err := p.str(name)
	if err != nil || !ok {
		return def, err
	}
	if !slices.Contains(allowed, s) {
		return "", invalidValuef("The value `%s` of `%s%s` is not one of %s.", s, p.prefix, name, strings.Join(allowed, ", "))
	}
	return s, nil
}

// maxOffset keeps offsets within what every store handles.
const maxOffset = math.MaxInt32
