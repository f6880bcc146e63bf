package aliyun

import (
	"hash/fnv"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ecsd/ecsd/internal/compute"
)

// What the resources around instances (VPCs, vSwitches, security groups,
// disks, key pairs) share on the wire: their names and descriptions, their
// times, the owner's numeric ID, resource groups and client tokens.

// Time formats. The VPC API and the newer ECS resources (disks, security
// groups, key pairs) give seconds; instances give minutes (describe.go).
const (
	resourceTimeLayout = "2006-01-02T15:04:05Z"
	// postPaidExpiredTime is what ECS shows as the expiry of a pay-as-you-go
	// disk: a date that never comes.
	postPaidExpiredTime = "2999-09-08T16:00Z"
)

func resourceTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(resourceTimeLayout)
}

// Extra keys every resource of this dialect may carry.
const (
	// extraClientToken is the ClientToken the resource was created with, so
	// that a repeated create returns it instead of making another.
	extraClientToken = "client_token"
)

// nameRule is what a name or a description must be: its length in
// characters, whether it must start with a letter, and the parameter
// refused when it is not.
type nameRule struct {
	min, max    int
	letterFirst bool
	// charset, when set, are the only characters allowed besides letters
	// and digits.
	charset string
	err     *apiError
}

func (r nameRule) check(s string) error {
	n := utf8.RuneCountInString(s)
	lower := strings.ToLower(s)
	switch {
	case n < r.min || n > r.max,
		strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://"):
		return r.err
	case r.letterFirst && !unicode.IsLetter([]rune(s)[0]):
		return r.err
	}
	if r.charset != "" {
		for _, c := range s {
			if !unicode.IsLetter(c) && !unicode.IsDigit(c) && !strings.ContainsRune(r.charset, c) {
				return r.err
			}
		}
	}
	return nil
}

// optionalName reads a name or description parameter: absent is "" and
// fine; present, it must follow rule. present says whether it was sent at
// all, so that a modification can tell "clear it" (sent empty, as the
// Terraform provider sends a removed description) from "leave it".
func optionalName(c *call, param string, rule nameRule) (value string, present bool, err error) {
	if !c.params.has(param) {
		return "", false, nil
	}
	value = c.params.get(param)
	if value == "" {
		return "", true, nil
	}
	return value, true, rule.check(value)
}

// ownerID is the account as the APIs show an owner: a number.
func ownerID(o compute.Owner) int64 {
	if n, err := strconv.ParseInt(string(o.Account), 10, 64); err == nil {
		return n
	}
	h := fnv.New64a()
	h.Write([]byte(o.Account))
	return int64(h.Sum64() >> 1)
}

// resourceGroupPattern is the form of a resource group ID. ecsd keeps no
// resource groups of its own: any ID of this form names one.
var resourceGroupPattern = regexp.MustCompile(`^rg-[a-zA-Z0-9]{1,64}$`)

var errResourceGroup = &apiError{http.StatusNotFound, "InvalidResourceGroup.NotFound", "The ResourceGroup provided does not exist in our records."}

// resourceGroup reads an optional resource group ID parameter.
func resourceGroup(c *call, param string) (string, error) {
	id := c.params.get(param)
	if id != "" && !resourceGroupPattern.MatchString(id) {
		return "", errResourceGroup
	}
	return id, nil
}

// clientToken reads ClientToken: at most 64 ASCII characters.
func clientToken(c *call) (string, error) {
	token := c.params.get("ClientToken")
	if len(token) > maxClientToken || !ascii(token) {
		return "", invalidParameter("ClientToken")
	}
	return token, nil
}

// withToken returns extra with the client token recorded, when there is
// one.
func withToken(extra map[string]string, token string) map[string]string {
	if token == "" {
		return extra
	}
	if extra == nil {
		extra = map[string]string{}
	}
	extra[extraClientToken] = token
	return extra
}

// refuseSet refuses any of params that was sent with a value: parameters
// of features ecsd does not model.
func refuseSet(c *call, params ...string) error {
	for _, p := range params {
		if c.params.get(p) != "" {
			return unsupportedParameter(p)
		}
	}
	return nil
}

// refuseTrue refuses boolean parameters sent as true: options ecsd does not
// model, whose false is simply the default.
func refuseTrue(c *call, params ...string) error {
	for _, p := range params {
		v, err := c.params.boolean(p)
		if err != nil {
			return err
		}
		if v {
			return unsupportedParameter(p)
		}
	}
	return nil
}

// unsupportedParameter refuses a parameter ecsd does not model, with the
// vendor's InvalidParameter and a message that says why.
func unsupportedParameter(name string) *apiError {
	return &apiError{http.StatusBadRequest, "InvalidParameter",
		"The specified parameter \"" + name + "\" is not valid: ecsd does not model this feature."}
}

// page is one page of a listing paged by number.
type page struct{ number, size int }

// pageParams reads PageNumber and PageSize with a size default and limit.
func pageParams(c *call, def, max int) (page, error) {
	number, err := c.params.integer("PageNumber", 1, 1, maxPageNumber)
	if err != nil {
		return page{}, err
	}
	size, err := c.params.integer("PageSize", def, 1, max)
	if err != nil {
		return page{}, err
	}
	return page{number, size}, nil
}

func (p page) offset() int { return (p.number - 1) * p.size }

// tokenPage reads NextToken and MaxResults, the other way of paging; ok
// is false when the request pages by numbers.
func tokenPage(c *call, def, max int) (offset, limit int, ok bool, err error) {
	if !c.params.has("NextToken") && !c.params.has("MaxResults") {
		return 0, 0, false, nil
	}
	if limit, err = c.params.integer("MaxResults", def, 1, max); err != nil {
		return 0, 0, false, err
	}
	if offset, err = parseNextToken(c.params.get("NextToken")); err != nil {
		return 0, 0, false, err
	}
	return offset, limit, true, nil
}

// followingToken is the NextToken after a page from offset of n items, out
// of total: empty on the last page.
func followingToken(offset, n, total int) string {
	if offset+n < total {
		return nextToken(offset + n)
	}
	return ""
}

// wildcard matches a name against a pattern of ECS's fuzzy queries:
// "*x" ends with x, "x*" starts with it, "*x*" contains it, "x" is exact.
func wildcard(pattern, name string) bool {
	starts, ends := strings.HasPrefix(pattern, "*"), strings.HasSuffix(pattern, "*") && len(pattern) > 1
	core := strings.TrimSuffix(strings.TrimPrefix(pattern, "*"), "*")
	switch {
	case starts && ends:
		return strings.Contains(name, core)
	case starts:
		return strings.HasSuffix(name, core)
	case ends:
		return strings.HasPrefix(name, core)
	}
	return name == pattern
}

// stableHash derives a number from a string, for values that must be the
// same on every read (an IPv6 block, a serial number).
func stableHash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}
