package zenlayer

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"net/netip"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ecsd/ecsd/internal/compute"
)

// decode reads the JSON body into v, a pointer to the action's request
// struct. An empty body counts as {}. Fields ecsd does not know are
// ignored, as newer SDKs may send more; a known field of the wrong type is
// an INVALID_PARAMETER naming it.
func decode(c *call, v any) error {
	body := bytes.TrimSpace(c.in.Body)
	if len(body) == 0 {
		return nil
	}
	if body[0] != '{' {
		return errBody
	}
	err := json.Unmarshal(body, v)
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return invalidParameter(te.Field, "must be %s", typeName(te.Type))
	}
	return errBody
}

// typeName names a Go type as Zenlayer's documentation names JSON types,
// with its article: "an Integer", "an Array of String".
func typeName(t reflect.Type) string {
	noun := typeNoun(t)
	if strings.ContainsRune("AEIOU", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

func typeNoun(t reflect.Type) string {
	if t == nil {
		return "Value"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "Integer"
	case reflect.Bool:
		return "Boolean"
	case reflect.String:
		return "String"
	case reflect.Slice, reflect.Array:
		return "Array of " + typeNoun(t.Elem())
	case reflect.Pointer:
		return typeNoun(t.Elem())
	case reflect.Struct, reflect.Map:
		return "Object"
	}
	return "Value"
}

// Paging rules of reference 4.2 and 4.7.
const (
	defaultPageSize = 20
	maxPageSize     = 1000
	// maxPageNum keeps (pageNum-1)*pageSize far from overflowing.
	maxPageNum = math.MaxInt32
)

// page is a validated pageNum and pageSize.
type page struct {
	num, size int
}

func (p page) offset() int { return (p.num - 1) * p.size }

// paging validates pageNum (default 1) and pageSize (default 20, 1 to 1000).
func paging(num, size *int) (page, error) {
	p := page{num: 1, size: defaultPageSize}
	if num != nil {
		if *num < 1 || *num > maxPageNum {
			return page{}, invalidParameter("pageNum", "must be between 1 and %d", maxPageNum)
		}
		p.num = *num
	}
	if size != nil {
		if *size < 1 || *size > maxPageSize {
			return page{}, invalidParameter("pageSize", "must be between 1 and %d", maxPageSize)
		}
		p.size = *size
	}
	return p, nil
}

// maxIDs is the most instance IDs one call may name (reference 4.2, 4.7).
const maxIDs = 100

// instanceIDs validates a list of instance IDs: at most 100, each well
// formed. Repeated IDs are allowed; the core acts on each once.
func instanceIDs(name string, ids []string) ([]compute.InstanceID, error) {
	if len(ids) > maxIDs {
		return nil, invalidParameter(name, "at most %d instance IDs may be given", maxIDs)
	}
	out := make([]compute.InstanceID, len(ids))
	for i, id := range ids {
		if !wellFormedID(id) {
			return nil, invalidParameter(name, "%q is not an instance ID", truncate(id))
		}
		out[i] = compute.InstanceID(id)
	}
	return out, nil
}

// requiredIDs is instanceIDs for the operations, which need at least one.
func requiredIDs(name string, ids []string) ([]compute.InstanceID, error) {
	if len(ids) == 0 {
		return nil, missingParameter(name)
	}
	return instanceIDs(name, ids)
}

// truncate shortens a value quoted back to the client.
func truncate(s string) string {
	const max = 64
	if len(s) <= max {
		return s
	}
	return s[:max] + "..."
}

// requiredID returns a required resource ID, well formed.
func requiredID(name string, v *string) (string, error) {
	id, err := required(name, v)
	if err != nil {
		return "", err
	}
	if !wellFormedID(id) {
		return "", invalidParameter(name, "%q is not a resource ID", truncate(id))
	}
	return id, nil
}

// resourceIDs validates an optional list of resource IDs: at most 100,
// each well formed. An unknown one is simply not found.
func resourceIDs(name string, ids []string) ([]string, error) {
	if len(ids) > maxResourceIDs {
		return nil, invalidParameter(name, "at most %d IDs may be given", maxResourceIDs)
	}
	for _, id := range ids {
		if !wellFormedID(id) {
			return nil, invalidParameter(name, "%q is not a resource ID", truncate(id))
		}
	}
	return ids, nil
}

// requiredResourceIDs is resourceIDs for lists that need at least one.
func requiredResourceIDs(name string, ids []string) ([]string, error) {
	if len(ids) == 0 {
		return nil, missingParameter(name)
	}
	return resourceIDs(name, ids)
}

// checkName checks a display name as ZEC's create calls describe it:
// min to max characters, letters, digits, '-', '.' and the extra ones,
// starting and ending with a letter or digit.
func checkName(param, v string, min, max int, extra string) error {
	n := utf8.RuneCountInString(v)
	if n < min || n > max {
		return invalidParameter(param, "must be %d to %d characters", min, max)
	}
	alnum := func(r rune) bool { return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' }
	for i, r := range v {
		if !alnum(r) && !strings.ContainsRune("-."+extra, r) {
			return invalidParameter(param, "may hold only letters, digits, '-', '.'%s", quotedRunes(extra))
		}
		if (i == 0 || i == len(v)-utf8.RuneLen(r)) && !alnum(r) {
			return invalidParameter(param, "must start and end with a letter or a digit")
		}
	}
	return nil
}

func quotedRunes(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteString(", '" + string(r) + "'")
	}
	return b.String()
}

// requiredCIDR parses a required IPv4 CIDR block, in its canonical form.
func requiredCIDR(name string, v *string) (netip.Prefix, error) {
	s, err := required(name, v)
	if err != nil {
		return netip.Prefix{}, err
	}
	p, err := netip.ParsePrefix(s)
	if err != nil || !p.Addr().Is4() || p.Masked() != p {
		return netip.Prefix{}, invalidParameter(name, "%q is not an IPv4 CIDR block such as 10.0.0.0/16", truncate(s))
	}
	return p, nil
}

// resourceGroupOrDefault validates an optional resourceGroupId; none means
// the default group.
func resourceGroupOrDefault(id *string) (string, error) {
	g, err := resourceGroup(id)
	if g == "" && err == nil {
		g = DefaultResourceGroupID
	}
	return g, err
}

// Tag limits of the SDK's Tag: keys 1 to 64 characters, values up to 64.
const maxTagLength = 64

// createTags reads the tags of a create request ({"tags": [...]}).
func createTags(ts *tagSet) ([]compute.Tag, error) {
	if ts == nil {
		return nil, nil
	}
	return checkTags("tags", ts.Tags)
}

// checkTags validates tags to set: keys 1 to 64 characters, values up to
// 64, no key twice (the core checks that too, and the count).
func checkTags(param string, ts []tag) ([]compute.Tag, error) {
	out := make([]compute.Tag, 0, len(ts))
	for _, t := range ts {
		if t.Key == "" || utf8.RuneCountInString(t.Key) > maxTagLength {
			return nil, invalidParameter(param, "a tag key must be 1 to %d characters", maxTagLength)
		}
		if utf8.RuneCountInString(t.Value) > maxTagLength {
			return nil, invalidParameter(param, "a tag value must be at most %d characters", maxTagLength)
		}
		if slices.ContainsFunc(out, func(o compute.Tag) bool { return o.Key == t.Key }) {
			return nil, invalidParameter(param, "tag key %q is given twice", truncate(t.Key))
		}
		out = append(out, compute.Tag{Key: t.Key, Value: t.Value})
	}
	return out, nil
}

// tagLinks turns the tagKeys and tags filters of a describe into link
// conditions: the resource has every key, and every tag's value.
func tagLinks(keys []string, tags []tag) []compute.LinkFilter {
	var out []compute.LinkFilter
	for _, k := range keys {
		out = append(out, compute.LinkFilter{Attr: compute.TagLinkAttr(k)})
	}
	for _, t := range tags {
		out = append(out, compute.LinkFilter{Attr: compute.TagLinkAttr(t.Key), Values: []string{t.Value}})
	}
	return out
}

// notFound is the error for a resource of the account that does not
// exist.
func notFound(kind compute.Kind, id string) *compute.Error {
	e := &compute.Error{Code: compute.NotFound, Param: string(kind), Value: id}
	if kind == compute.KindInstance {
		e.Instance = compute.InstanceID(id)
	}
	return e
}

// ackResponse is the response of the actions that answer only their
// request ID.
type ackResponse struct {
	RequestID string `json:"requestId"`
}

func ack(c *call) ackResponse { return ackResponse{RequestID: c.requestID} }
