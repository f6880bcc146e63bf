package tencent

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// tagActions are the actions of the Tag service (version 2018-08-13) ecsd
// serves. The service has no region of its own: resources name theirs.
var tagActions = kit.Actions[*call]{
	"DescribeResourceTagsByResourceIds": global(read((*Handler).describeResourceTagsByResourceIDs)),
	"ModifyResourceTags":                global(write((*Handler).modifyResourceTags)),
	"TagResources":                      global(write((*Handler).tagResources)),
	"UnTagResources":                    global(write((*Handler).unTagResources)),
	"GetResources":                      global(read((*Handler).getResources)),
	"GetTags":                           global(read((*Handler).getTags)),
}

// Tag rules of the Tag service.
const (
	maxTagKey          = 127
	maxTagValue        = 255
	maxResourceIDs     = 50
	maxResourceList    = 10
	maxTagsPerRequest  = 10
	tagCategory        = "Custom"
	defaultTagPage     = 15
	defaultTagResults  = 50
	maxResourceResults = 200
	maxTagResults      = 1000
)

// reservedTagPrefixes open the tag keys Tencent keeps for itself.
var reservedTagPrefixes = []string{"qcloud", "tencent", "project"}

// tagKind is a kind of resource as the Tag service names it: the service
// (the third part of its six-part name) and the resource prefix.
type tagKind struct{ service, prefix string }

var tagKinds = map[compute.Kind]tagKind{
	compute.KindInstance:      {"cvm", "instance"},
	compute.KindDisk:          {"cvm", "volume"},
	compute.KindKeyPair:       {"cvm", "keypair"},
	compute.KindSecurityGroup: {"cvm", "sg"},
	compute.KindNetwork:       {"vpc", "vpc"},
	compute.KindSubnet:        {"vpc", "subnet"},
}

// kindTagged returns the kind a service and resource prefix name.
func kindTagged(service, prefix string) (compute.Kind, bool) {
	for kind, tk := range tagKinds {
		if tk.service == service && tk.prefix == prefix {
			return kind, true
		}
	}
	return "", false
}

// resourceName is a resource's six-part name:
// qcs::cvm:ap-guangzhou:uin/100000000001:instance/ins-12345678.
func resourceName(r compute.Resource) string {
	k := r.Key()
	tk := tagKinds[k.Kind]
	m := r.Metadata()
	return fmt.Sprintf("qcs::%s:%s:uin/%s:%s/%s", tk.service, m.Region, m.Owner.Account, tk.prefix, k.ID)
}

// parseResourceName reads a six-part name into the key of the resource it
// names and its region. The account part may be empty ("uin/"), as the
// Terraform provider sends it; another account's resource is not found.
func parseResourceName(c *call, name string) (compute.Key, compute.RegionID, error) {
	bad := func(why string) (compute.Key, compute.RegionID, error) {
		return compute.Key{}, "", &apiError{"InvalidParameterValue.ResourceDescriptionError",
			fmt.Sprintf("The resource `%s` is not a six-part name qcs::SERVICE:REGION:uin/ACCOUNT:PREFIX/ID: %s.", name, why)}
	}
	parts := strings.Split(name, ":")
	if len(parts) != 6 || parts[0] != "qcs" || parts[1] != "" {
		return bad("it does not have six parts")
	}
	account, ok := strings.CutPrefix(parts[4], "uin/")
	if !ok {
		return bad("its account part is not uin/ACCOUNT")
	}
	prefix, id, ok := strings.Cut(parts[5], "/")
	if !ok || id == "" {
		return bad("its last part is not PREFIX/ID")
	}
	kind, ok := kindTagged(parts[2], prefix)
	if !ok {
		return compute.Key{}, "", &apiError{"InvalidParameter.UnsupportedService",
			fmt.Sprintf("ecsd tags %s resources; `%s:%s` is none of them.", supportedTagKinds(), parts[2], prefix)}
	}
	if account != "" && account != string(c.owner.Account) {
		return compute.Key{}, "", &apiError{"InvalidParameterValue.UinInvalid", fmt.Sprintf("The account `%s` of resource `%s` is not yours.", account, name)}
	}
	return compute.Key{Kind: kind, ID: id}, compute.RegionID(parts[3]), nil
}

func supportedTagKinds() string {
	var out []string
	for _, tk := range tagKinds {
		out = append(out, tk.service+":"+tk.prefix)
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

// checkTag applies the Tag service's rules to one tag.
func checkTag(key, value string) error {
	switch {
	case key == "":
		return &apiError{"InvalidParameterValue.TagKeyEmpty", "A tag key must not be empty."}
	case utf8.RuneCountInString(key) > maxTagKey:
		return &apiError{"InvalidParameterValue.TagKeyLengthExceeded", fmt.Sprintf("The tag key `%s` exceeds %d characters.", key, maxTagKey)}
	case utf8.RuneCountInString(value) > maxTagValue:
		return &apiError{"InvalidParameterValue.TagValueLengthExceeded", fmt.Sprintf("The value of tag `%s` exceeds %d characters.", key, maxTagValue)}
	}
	for _, p := range reservedTagPrefixes {
		if strings.HasPrefix(strings.ToLower(key), p) {
			return &apiError{"InvalidParameterValue.ReservedTagKey", fmt.Sprintf("The tag key `%s` starts with `%s`, which Tencent keeps for itself.", key, p)}
		}
	}
	return nil
}

// readTags reads a list of tags, each an object of keyName and valueName
// (Key and Value in CVM, VPC and CBS; TagKey and TagValue in Tag).
func readTags(p params, name, keyName, valueName string) ([]compute.Tag, error) {
	list, err := p.objects(name)
	if err != nil {
		return nil, err
	}
	tags := make([]compute.Tag, 0, len(list))
	for _, t := range list {
		if err := t.only(keyName, valueName, "Category"); err != nil {
			return nil, err
		}
		k, ok, err := t.str(keyName)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, missingParameter(t.prefix + keyName)
		}
		v, _, err := t.str(valueName)
		if err != nil {
			return nil, err
		}
		if err := checkTag(k, v); err != nil {
			return nil, err
		}
		if slices.ContainsFunc(tags, func(o compute.Tag) bool { return o.Key == k }) {
			return nil, &apiError{"InvalidParameterValue.TagKeyDuplicate", fmt.Sprintf("The tag key `%s` is given twice.", k)}
		}
		tags = append(tags, compute.Tag{Key: k, Value: v})
	}
	return tags, nil
}

type tagResource struct {
	TagKey      string `json:"TagKey"`
	TagValue    string `json:"TagValue"`
	ResourceID  string `json:"ResourceId"`
	TagKeyMd5   string `json:"TagKeyMd5"`
	TagValueMd5 string `json:"TagValueMd5"`
	ServiceType string `json:"ServiceType"`
	Category    string `json:"Category"`
}

type describeResourceTagsByResourceIDsResponse struct {
	TotalCount int           `json:"TotalCount"`
	Offset     int           `json:"Offset"`
	Limit      int           `json:"Limit"`
	Tags       []tagResource `json:"Tags"`
	RequestID  string        `json:"RequestId"`
}

func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// describeResourceTagsByResourceIDs lists the tags of resources of one
// kind, named by ID, one entry per tag, paged by tag.
func (h *Handler) describeResourceTagsByResourceIDs(c *call) (any, error) {
	p := c.params
	if err := p.only("ServiceType", "ResourcePrefix", "ResourceIds", "ResourceRegion", "Offset", "Limit", "Category"); err != nil {
		return nil, err
	}
	service, err := requiredStr(p, "ServiceType")
	if err != nil {
		return nil, err
	}
	prefix, err := requiredStr(p, "ResourcePrefix")
	if err != nil {
		return nil, err
	}
	kind, ok := kindTagged(service, prefix)
	if !ok {
		return nil, &apiError{"InvalidParameterValue.ResourcePrefixInvalid", fmt.Sprintf("ecsd tags %s resources; `%s:%s` is none of them.", supportedTagKinds(), service, prefix)}
	}
	ids, _, err := p.strs("ResourceIds")
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, missingParameter("ResourceIds")
	}
	if len(ids) > maxResourceIDs {
		return nil, &apiError{"LimitExceeded.ResourceNumPerRequest", fmt.Sprintf("At most %d resource IDs may be given in one request.", maxResourceIDs)}
	}
	region, _, err := p.str("ResourceRegion")
	if err != nil {
		return nil, err
	}
	if region != "" {
		if _, err := h.Svc.Region(compute.CloudTencent, compute.RegionID(region)); err != nil {
			return nil, &apiError{"InvalidParameterValue.RegionInvalid", fmt.Sprintf("The region `%s` does not exist.", region)}
		}
	}
	if _, err := p.oneOf("Category", "All", "Custom", "System", "All"); err != nil {
		return nil, err
	}
	offset, limit, err := tagPaging(p)
	if err != nil {
		return nil, err
	}
	q := compute.TagSearch{Owner: c.owner, Kinds: []compute.Kind{kind}}
	for _, id := range ids {
		q.Keys = append(q.Keys, compute.Key{Kind: kind, ID: id})
	}
	found, err := h.Svc.Tagged(c.ctx(), q)
	if err != nil {
		return nil, err
	}
	var all []tagResource
	for _, r := range found {
		m := r.Metadata()
		if m.Region != "" && region != "" && m.Region != compute.RegionID(region) {
			continue
		}
		for _, t := range m.Tags {
			all = append(all, tagResource{TagKey: t.Key, TagValue: t.Value, ResourceID: r.Key().ID,
				TagKeyMd5: md5Hex(t.Key), TagValueMd5: md5Hex(t.Value), ServiceType: service, Category: tagCategory})
		}
	}
	return describeResourceTagsByResourceIDsResponse{TotalCount: len(all), Offset: offset, Limit: limit,
		Tags: kit.Page(all, offset, limit), RequestID: c.requestID}, nil
}

// tagPaging reads the Tag service's Offset and Limit: Limit 15 by default,
// at most 100, and Offset a multiple of it.
func tagPaging(p params) (int, int, error) {
	limit, err := p.intInRange("Limit", defaultTagPage, 1, maxLimit)
	if err != nil {
		return 0, 0, err
	}
	offset, err := p.intInRange("Offset", 0, 0, maxOffset)
	if err != nil {
		return 0, 0, err
	}
	if offset%limit != 0 {
		return 0, 0, &apiError{"InvalidParameterValue.OffsetInvalid", fmt.Sprintf("Offset %d is not a multiple of Limit %d.", offset, limit)}
	}
	return offset, limit, nil
}

// requiredStr reads a String parameter that must be given and not empty.
func requiredStr(p params, name string) (string, error) {
	s, ok, err := p.str(name)
	if err != nil {
		return "", err
	}
	if !ok || s == "" {
		return "", missingParameter(p.prefix + name)
	}
	return s, nil
}

// modifyResourceTags sets ReplaceTags on one resource and removes
// DeleteTags from it, in one change.
func (h *Handler) modifyResourceTags(c *call) (any, error) {
	p := c.params
	if err := p.only("Resource", "ReplaceTags", "DeleteTags"); err != nil {
		return nil, err
	}
	name, err := requiredStr(p, "Resource")
	if err != nil {
		return nil, err
	}
	replace, err := readTags(p, "ReplaceTags", "TagKey", "TagValue")
	if err != nil {
		return nil, err
	}
	deletes, err := p.objects("DeleteTags")
	if err != nil {
		return nil, err
	}
	var drop []string
	for _, d := range deletes {
		if err := d.only("TagKey"); err != nil {
			return nil, err
		}
		k, err := requiredStr(d, "TagKey")
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(replace, func(t compute.Tag) bool { return t.Key == k }) {
			return nil, &apiError{"InvalidParameterValue.DeleteTagsParamError", fmt.Sprintf("The tag key `%s` is both replaced and deleted.", k)}
		}
		drop = append(drop, k)
	}
	if len(replace) == 0 && len(drop) == 0 {
		return nil, missingParameter("ReplaceTags")
	}
	key, _, err := parseResourceName(c, name)
	if err != nil {
		return nil, err
	}
	if err := h.retag(c, []compute.Key{key}, replace, drop); err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// retag sets tags on resources and removes tag keys from them. Each
// resource is changed through its kind's own use case, so that its rules
// hold (an instance's tags are checked as a launch checks them).
func (h *Handler) retag(c *call, keys []compute.Key, set []compute.Tag, drop []string) error {
	if len(set) > 0 {
		if err := h.Svc.Tag(c.ctx(), c.owner, keys, set); err != nil {
			return err
		}
	}
	if len(drop) > 0 {
		return h.Svc.Untag(c.ctx(), c.owner, keys, drop, false)
	}
	return nil
}

// resourceList reads ResourceList: 1 to 10 six-part names.
func resourceList(c *call, p params) ([]compute.Key, error) {
	names, _, err := p.strs("ResourceList")
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, missingParameter("ResourceList")
	}
	if len(names) > maxResourceList {
		return nil, &apiError{"LimitExceeded.ResourceNumPerRequest", fmt.Sprintf("At most %d resources may be named in one request.", maxResourceList)}
	}
	keys := make([]compute.Key, len(names))
	for i, n := range names {
		if keys[i], _, err = parseResourceName(c, n); err != nil {
			return nil, err
		}
	}
	return keys, nil
}

// tagResources sets tags on several resources, all or none.
func (h *Handler) tagResources(c *call) (any, error) {
	p := c.params
	if err := p.only("ResourceList", "Tags"); err != nil {
		return nil, err
	}
	keys, err := resourceList(c, p)
	if err != nil {
		return nil, err
	}
	tags, err := readTags(p, "Tags", "TagKey", "TagValue")
	if err != nil {
		return nil, err
	}
	if len(tags) == 0 {
		return nil, missingParameter("Tags")
	}
	if len(tags) > maxTagsPerRequest {
		return nil, &apiError{"LimitExceeded.TagNumPerRequest", fmt.Sprintf("At most %d tags may be given in one request.", maxTagsPerRequest)}
	}
	if err := h.retag(c, keys, tags, nil); err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// unTagResources removes tag keys from several resources.
func (h *Handler) unTagResources(c *call) (any, error) {
	p := c.params
	if err := p.only("ResourceList", "TagKeys"); err != nil {
		return nil, err
	}
	keys, err := resourceList(c, p)
	if err != nil {
		return nil, err
	}
	tagKeys, _, err := p.strs("TagKeys")
	if err != nil {
		return nil, err
	}
	if len(tagKeys) == 0 {
		return nil, missingParameter("TagKeys")
	}
	if len(tagKeys) > maxTagsPerRequest {
		return nil, &apiError{"LimitExceeded.TagNumPerRequest", fmt.Sprintf("At most %d tag keys may be given in one request.", maxTagsPerRequest)}
	}
	if err := h.retag(c, keys, nil, tagKeys); err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

type tagPair struct {
	TagKey   string `json:"TagKey"`
	TagValue string `json:"TagValue"`
	Category string `json:"Category"`
}

type resourceTagMapping struct {
	Resource string    `json:"Resource"`
	Tags     []tagPair `json:"Tags"`
}

type getResourcesResponse struct {
	PaginationToken        string               `json:"PaginationToken"`
	ResourceTagMappingList []resourceTagMapping `json:"ResourceTagMappingList"`
	RequestID              string               `json:"RequestId"`
}

// pageToken reads a PaginationToken (ecsd's are offsets) and MaxResults.
func pageToken(p params, def, max int64) (offset, limit int, err error) {
	token, _, err := p.str("PaginationToken")
	if err != nil {
		return 0, 0, err
	}
	if token != "" {
		n, err := strconv.Atoi(token)
		if err != nil || n < 0 {
			return 0, 0, &apiError{"InvalidParameter.PaginationTokenInvalid", "The PaginationToken is not one ecsd handed out."}
		}
		offset = n
	}
	limit, err = p.intInRange("MaxResults", def, 1, max)
	return offset, limit, err
}

// nextToken is the PaginationToken of the page after one that ends at end
// of total; empty on the last page.
func nextToken(end, total int) string {
	if end >= total {
		return ""
	}
	return strconv.Itoa(end)
}

func tagPairs(tags []compute.Tag) []tagPair {
	out := make([]tagPair, len(tags))
	for i, t := range tags {
		out[i] = tagPair{t.Key, t.Value, tagCategory}
	}
	return out
}

// getResources lists resources with their tags: those ResourceList names,
// or every tagged resource that holds all TagFilters.
func (h *Handler) getResources(c *call) (any, error) {
	p := c.params
	if err := p.only("ResourceList", "TagFilters", "PaginationToken", "MaxResults"); err != nil {
		return nil, err
	}
	offset, limit, err := pageToken(p, defaultTagResults, maxResourceResults)
	if err != nil {
		return nil, err
	}
	q := compute.TagSearch{Owner: c.owner}
	named := p.has("ResourceList")
	if named {
		if q.Keys, err = resourceList(c, p); err != nil {
			return nil, err
		}
		for _, k := range q.Keys {
			if !slices.Contains(q.Kinds, k.Kind) {
				q.Kinds = append(q.Kinds, k.Kind)
			}
		}
	} else {
		q.Kinds = slices.Sorted(func(yield func(compute.Kind) bool) {
			for k := range tagKinds {
				if !yield(k) {
					return
				}
			}
		})
	}
	filters, err := p.objects("TagFilters")
	if err != nil {
		return nil, err
	}
	if len(filters) > 6 {
		return nil, &apiError{"InvalidParameterValue.TagFilters", "At most 6 tag filters may be given."}
	}
	for _, f := range filters {
		if err := f.only("TagKey", "TagValue"); err != nil {
			return nil, err
		}
		k, err := requiredStr(f, "TagKey")
		if err != nil {
			return nil, err
		}
		values, _, err := f.strs("TagValue")
		if err != nil {
			return nil, err
		}
		if len(values) > 10 {
			return nil, &apiError{"InvalidParameterValue.TagFiltersLengthExceeded", "A tag filter takes at most 10 values."}
		}
		q.Tags = append(q.Tags, compute.TagFilter{Key: k, Values: values})
	}
	found, err := h.Svc.Tagged(c.ctx(), q)
	if err != nil {
		return nil, err
	}
	var all []resourceTagMapping
	for _, r := range found {
		if tags := r.Metadata().Tags; len(tags) > 0 || named {
			all = append(all, resourceTagMapping{Resource: resourceName(r), Tags: tagPairs(tags)})
		}
	}
	if named {
		offset, limit = 0, len(all)+1
	}
	page := kit.Page(all, offset, limit)
	return getResourcesResponse{PaginationToken: nextToken(offset+len(page), len(all)), ResourceTagMappingList: page, RequestID: c.requestID}, nil
}

type getTagsResponse struct {
	PaginationToken string    `json:"PaginationToken"`
	Tags            []tagPair `json:"Tags"`
	RequestID       string    `json:"RequestId"`
}

// getTags lists the tags the caller's resources hold, each key and value
// once, in the order first met.
func (h *Handler) getTags(c *call) (any, error) {
	p := c.params
	if err := p.only("PaginationToken", "MaxResults", "TagKeys", "Category"); err != nil {
		return nil, err
	}
	offset, limit, err := pageToken(p, defaultTagResults, maxTagResults)
	if err != nil {
		return nil, err
	}
	keys, _, err := p.strs("TagKeys")
	if err != nil {
		return nil, err
	}
	if len(keys) > 20 {
		return nil, &apiError{"LimitExceeded.TagKey", "At most 20 tag keys may be given."}
	}
	if _, err := p.oneOf("Category", "All", "Custom", "System", "All"); err != nil {
		return nil, err
	}
	found, err := h.Svc.Tagged(c.ctx(), compute.TagSearch{Owner: c.owner})
	if err != nil {
		return nil, err
	}
	var all []compute.Tag
	for _, r := range found {
		for _, t := range r.Metadata().Tags {
			if (len(keys) == 0 || slices.Contains(keys, t.Key)) && !slices.Contains(all, t) {
				all = append(all, t)
			}
		}
	}
	page := kit.Page(all, offset, limit)
	return getTagsResponse{PaginationToken: nextToken(offset+len(page), len(all)), Tags: tagPairs(page), RequestID: c.requestID}, nil
}
