package aliyun

import (
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// Tag rules of ECS and VPC: at most 20 tags on a resource, keys of 1 to 128
// characters and values of up to 128, neither starting with "aliyun" or
// "acs:" nor holding "http://" or "https://".
const (
	maxTags      = 20
	maxTagKey    = 128
	maxTagValue  = 128
	tagParameter = "Tag"
)

var (
	errTagKey   = &apiError{http.StatusBadRequest, "InvalidTagKey.Malformed", "The specified Tag.n.Key is not valid."}
	errTagValue = &apiError{http.StatusBadRequest, "InvalidTagValue.Malformed", "The specified Tag.n.Value is not valid."}
	errTagCount = &apiError{http.StatusBadRequest, "InvalidTagCount", "The specified tags are beyond the permitted range."}
	// errTagMismatch is a Tag.N.Value without its Tag.N.Key.
	errTagMismatch = &apiError{http.StatusBadRequest, "InvalidTag.Mismatch", "The specified Tag.n.Key and Tag.n.Value are not match."}
)

// tags reads Tag.N.Key and Tag.N.Value, as RunInstances, CreateVpc and
// TagResources take them.
func tags(p params) ([]compute.Tag, error) {
	entries, err := p.structs(tagParameter, maxTags)
	if err != nil {
		return nil, errTagCount
	}
	out := make([]compute.Tag, 0, len(entries))
	for _, e := range entries {
		t := compute.Tag{Key: e.get("Key"), Value: e.get("Value")}
		if !validTagText(t.Key, 1, maxTagKey) {
			return nil, errTagKey
		}
		if !validTagText(t.Value, 0, maxTagValue) {
			return nil, errTagValue
		}
		out = append(out, t)
	}
	return out, nil
}

func validTagText(s string, min, max int) bool {
	n := utf8.RuneCountInString(s)
	lower := strings.ToLower(s)
	return n >= min && n <= max && !strings.HasPrefix(lower, "aliyun") && !strings.HasPrefix(lower, "acs:") &&
		!strings.Contains(lower, "http://") && !strings.Contains(lower, "https://")
}

// Tags on the wire: ECS spells a tag TagKey and TagValue, the VPC API Key
// and Value (network.go).

type ecsTag struct {
	TagKey   string `json:"TagKey" xml:"TagKey"`
	TagValue string `json:"TagValue" xml:"TagValue"`
}

type ecsTagSet struct {
	Tag []ecsTag `json:"Tag" xml:"Tag"`
}

func ecsTags(ts []compute.Tag) ecsTagSet {
	out := ecsTagSet{Tag: make([]ecsTag, len(ts))}
	for i, t := range ts {
		out.Tag[i] = ecsTag{t.Key, t.Value}
	}
	return out
}

// tagLinkFilters reads Tag.N.Key and Tag.N.Value as a Describe call's
// filter: each key must be present, with the value when one is given.
func tagLinkFilters(p params) ([]compute.LinkFilter, error) {
	entries, err := p.structs(tagParameter, maxTags)
	if err != nil {
		return nil, errTagCount
	}
	var out []compute.LinkFilter
	for _, e := range entries {
		key := e.get("Key")
		if key == "" {
			if e.get("Value") != "" {
				return nil, errTagMismatch
			}
			continue
		}
		lf := compute.LinkFilter{Attr: compute.TagLinkAttr(key)}
		if v := e.get("Value"); v != "" {
			lf.Values = []string{v}
		}
		out = append(out, lf)
	}
	return out, nil
}

// --- the tag services of ECS and of the VPC API ---

// Limits of the tag services.
const (
	maxTagResourceIDs = 50
	tagListPageSize   = 50
	describeTagsMax   = 100
)

var (
	errTagResourceIDs = &apiError{http.StatusBadRequest, "NumberExceed.ResourceIds", "The ResourceIds parameter's number is exceed , Valid : 50"}
	errTagNumber      = &apiError{http.StatusBadRequest, "NumberExceed.Tags", "The Tags parameter's number is exceed , Valid : 20"}
	errTagDuplicate   = &apiError{http.StatusBadRequest, "Duplicate.TagKey", "The Tag.N.Key contain duplicate key."}
	errTagResourceID  = &apiError{http.StatusNotFound, "InvalidResourceId.NotFound", "The specified ResourceIds are not found in our records."}
	errTagType        = &apiError{http.StatusNotFound, "InvalidResourceType.NotFound", "The ResourceType provided does not exist in our records."}
	errTagTypeMissing = &apiError{http.StatusNotFound, "MissingParameter.ResourceType", "The parameter - ResourceType should not be null"}
	errTagsMissing    = &apiError{http.StatusNotFound, "MissingParameter.Tags", "The parameter - Tags should not be null"}
	errTagRegion      = &apiError{http.StatusNotFound, "MissingParameter.RegionId", "The parameter - RegionId should not be null"}
	errTagNotSupport  = &apiError{http.StatusForbidden, "InvalidResourceId.NotSupported", "The specified ResourceId does not support tagging."}
)

// tagProduct is one API's tag service: how it spells resource types, and
// which of them ecsd keeps. Types a product knows but ecsd does not model
// (snapshots, images, EIPs, ...) hold no resources: naming one of them by
// ID finds nothing.
type tagProduct struct {
	types map[string]compute.Kind
	// unmodelled are the other resource types the product documents.
	unmodelled []string
	// fold says the product's types are case-insensitive; ECS spells them
	// in lower case, the VPC API in upper case.
	fold func(string) string
	// resourcIDToo says ListTagResources also spells ResourceId ResourcId.
	resourcIDToo bool
}

var ecsTagProduct = tagProduct{
	types: map[string]compute.Kind{
		"instance": compute.KindInstance, "disk": compute.KindDisk,
		"securitygroup": compute.KindSecurityGroup, "keypair": compute.KindKeyPair,
	},
	unmodelled: []string{"snapshot", "image", "eni", "ddh", "launchtemplate", "reservedinstance", "snapshotpolicy",
		"volume", "elasticityassurance", "capacityreservation", "command", "invocation", "activation",
		"managedinstance", "prefixlist", "deploymentset", "hpccluster", "dedicatedhostcluster"},
	fold: strings.ToLower,
}

var vpcTagProduct = tagProduct{
	types: map[string]compute.Kind{"VPC": compute.KindNetwork, "VSWITCH": compute.KindSubnet},
	unmodelled: []string{"ROUTETABLE", "EIP", "VPNGATEWAY", "NATGATEWAY", "COMMONBANDWIDTHPACKAGE", "PREFIXLIST",
		"FLOWLOG", "NETWORKACL", "TRAFFICMIRRORSESSION", "TRAFFICMIRRORFILTER", "IPV4GATEWAY", "IPV6GATEWAY",
		"DHCPOPTIONSSET", "GATEWAYENDPOINT", "HAVIP", "VIRTUALBORDERROUTER", "ROUTERINTERFACE"},
	fold:         strings.ToUpper,
	resourcIDToo: true,
}

// resourceType reads ResourceType: the kind it names, or ok false for a
// type the product knows that ecsd keeps nothing of.
func (tp tagProduct) resourceType(c *call, required bool) (spelled string, kind compute.Kind, ok bool, err error) {
	raw := c.params.get("ResourceType")
	if raw == "" {
		if required {
			return "", "", false, errTagTypeMissing
		}
		return "", "", false, nil
	}
	spelled = tp.fold(raw)
	if k, known := tp.types[spelled]; known {
		return spelled, k, true, nil
	}
	if slices.Contains(tp.unmodelled, spelled) {
		return spelled, "", false, nil
	}
	return "", "", false, errTagType
}

// tagRegion reads the tag services' RegionId: required, and known.
func (h *Handler) tagRegion(c *call) (compute.RegionID, error) {
	id := c.params.get("RegionId")
	if id == "" {
		return "", errTagRegion
	}
	r, err := h.Svc.Region(compute.CloudAliyun, compute.RegionID(id))
	return r.ID, err
}

// resourceLabel is how the tag services name a resource: by ID, and key
// pairs by name.
func resourceLabel(r compute.Resource) string {
	if kp, ok := r.(*compute.KeyPair); ok {
		return kp.Name
	}
	return r.Key().ID
}

// findTagged loads the resources of kind in region that the tag services
// name by labels, in the order given; any that is missing fails the call.
func (h *Handler) findTagged(c *call, region compute.RegionID, kind compute.Kind, labels []string) ([]compute.Key, error) {
	keys := make([]compute.Key, 0, len(labels))
	for _, label := range labels {
		if kind == compute.KindKeyPair {
			kp, err := h.Svc.KeyPairNamed(c.ctx(), c.owner, region, label)
			if err != nil {
				if compute.ErrorCode(err) == compute.NotFound {
					return nil, errTagResourceID
				}
				return nil, err
			}
			keys = append(keys, kp.Key())
			continue
		}
		keys = append(keys, compute.Key{Kind: kind, ID: label})
	}
	found, err := h.Svc.Tagged(c.ctx(), compute.TagSearch{Owner: c.owner, Kinds: []compute.Kind{kind}, Region: region, Keys: keys})
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		if !slices.ContainsFunc(found, func(r compute.Resource) bool { return r.Key() == k }) {
			return nil, errTagResourceID
		}
	}
	return keys, nil
}

// tagResourceIDs reads ResourceId.N: 1 to 50 resources.
func tagResourceIDs(c *call, required bool) ([]string, error) {
	ids, err := c.params.repeated("ResourceId", errTagResourceIDs)
	if err != nil {
		return nil, err
	}
	if len(ids) > maxTagResourceIDs {
		return nil, errTagResourceIDs
	}
	if required && len(ids) == 0 {
		return nil, missingParameter("ResourceId.1")
	}
	return slices.Compact(ids), nil
}

// tagsToSet reads Tag.N of TagResources: 1 to 20 tags, no key twice.
func tagsToSet(c *call) ([]compute.Tag, error) {
	if entries, _ := c.params.structs(tagParameter, 1000); len(entries) > maxTags {
		return nil, errTagNumber
	}
	ts, err := tags(c.params)
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return nil, errTagsMissing
	}
	seen := map[string]bool{}
	for _, t := range ts {
		if seen[t.Key] {
			return nil, errTagDuplicate
		}
		seen[t.Key] = true
	}
	return ts, nil
}

func tagResources(tp tagProduct) actionFunc {
	return func(h *Handler, c *call) (any, error) {
		region, err := h.tagRegion(c)
		if err != nil {
			return nil, err
		}
		_, kind, modelled, err := tp.resourceType(c, true)
		if err != nil {
			return nil, err
		}
		ids, err := tagResourceIDs(c, true)
		if err != nil {
			return nil, err
		}
		ts, err := tagsToSet(c)
		if err != nil {
			return nil, err
		}
		if !modelled {
			return nil, errTagResourceID
		}
		keys, err := h.findTagged(c, region, kind, ids)
		if err != nil {
			return nil, err
		}
		if err := h.Svc.Tag(c.ctx(), c.owner, keys, ts); err != nil {
			return nil, err
		}
		return requestOnlyResponse{RequestID: c.requestID}, nil
	}
}

// untagResources removes TagKey.N (1 to 20) from the resources, or every
// tag with All=true.
func untagResources(tp tagProduct) actionFunc {
	return func(h *Handler, c *call) (any, error) {
		region, err := h.tagRegion(c)
		if err != nil {
			return nil, err
		}
		_, kind, modelled, err := tp.resourceType(c, true)
		if err != nil {
			return nil, err
		}
		ids, err := tagResourceIDs(c, true)
		if err != nil {
			return nil, err
		}
		keys, err := c.params.repeated("TagKey", errTagNumber)
		if err != nil {
			return nil, err
		}
		if len(keys) > maxTags {
			return nil, errTagNumber
		}
		all, err := c.params.boolean("All")
		if err != nil {
			return nil, err
		}
		if len(keys) == 0 && !all {
			return nil, missingParameter("TagKey.1")
		}
		if !modelled {
			return nil, errTagResourceID
		}
		found, err := h.findTagged(c, region, kind, ids)
		if err != nil {
			return nil, err
		}
		if err := h.Svc.Untag(c.ctx(), c.owner, found, keys, all); err != nil {
			return nil, err
		}
		return requestOnlyResponse{RequestID: c.requestID}, nil
	}
}

type tagResource struct {
	ResourceID   string `json:"ResourceId" xml:"ResourceId"`
	ResourceType string `json:"ResourceType" xml:"ResourceType"`
	TagKey       string `json:"TagKey" xml:"TagKey"`
	TagValue     string `json:"TagValue" xml:"TagValue"`
	// ResourcId (sic) is a second spelling of ResourceId that the VPC API's
	// answer carries, and the classic SDK's struct reads.
	ResourcID string `json:"ResourcId,omitempty" xml:"ResourcId,omitempty"`
}

type listTagResourcesResponse struct {
	RequestID    string `json:"RequestId" xml:"RequestId"`
	NextToken    string `json:"NextToken" xml:"NextToken"`
	TagResources struct {
		TagResource []tagResource `json:"TagResource" xml:"TagResource"`
	} `json:"TagResources" xml:"TagResources"`
}

// tagValueFilter is ECS's TagFilter.N: a key, and values it may take
// (with ECS's * wildcards); any value when none are given.
type tagValueFilter struct {
	key    string
	values []string
}

func (f tagValueFilter) matches(tags []compute.Tag) bool {
	v, ok := compute.TagValue(tags, f.key)
	if !ok {
		return false
	}
	return len(f.values) == 0 || slices.ContainsFunc(f.values, func(p string) bool { return wildcard(p, v) })
}

func tagValueFilters(c *call) ([]tagValueFilter, error) {
	entries, err := c.params.structs("TagFilter", maxTags)
	if err != nil {
		return nil, errTagNumber
	}
	out := make([]tagValueFilter, 0, len(entries))
	for _, e := range entries {
		key := e.get("TagKey")
		if key == "" {
			return nil, missingParameter("TagFilter.N.TagKey")
		}
		values, err := e.repeated("TagValues", errTagNumber)
		if err != nil {
			return nil, err
		}
		out = append(out, tagValueFilter{key, values})
	}
	return out, nil
}

// listTagResources lists the tags of resources, one row per resource and
// tag, paged by NextToken: the resources named by ResourceId.N, or those
// that have every Tag.N (and match every TagFilter.N, for ECS).
func listTagResources(tp tagProduct, withFilters bool, pageMax int) actionFunc {
	return func(h *Handler, c *call) (any, error) {
		region, err := h.tagRegion(c)
		if err != nil {
			return nil, err
		}
		spelled, kind, modelled, err := tp.resourceType(c, true)
		if err != nil {
			return nil, err
		}
		ids, err := tagResourceIDs(c, false)
		if err != nil {
			return nil, err
		}
		links, err := tagLinkFilters(c.params)
		if err != nil {
			return nil, err
		}
		var filters []tagValueFilter
		if withFilters {
			if filters, err = tagValueFilters(c); err != nil {
				return nil, err
			}
		}
		if len(ids) == 0 && len(links) == 0 && len(filters) == 0 {
			return nil, missingParameter("ResourceId.N")
		}
		limit := tagListPageSize
		if !withFilters {
			if limit, err = c.params.integer("MaxResults", tagListPageSize, 1, pageMax); err != nil {
				return nil, err
			}
		}
		offset, err := parseNextToken(c.params.get("NextToken"))
		if err != nil {
			return nil, err
		}
		var rows []tagResource
		if modelled {
			search := compute.TagSearch{Owner: c.owner, Kinds: []compute.Kind{kind}, Region: region}
			for _, l := range links {
				key, _ := compute.TagKeyOfLink(l.Attr)
				search.Tags = append(search.Tags, compute.TagFilter{Key: key, Values: l.Values})
			}
			if len(ids) > 0 {
				if search.Keys, err = h.labelKeys(c, region, kind, ids); err != nil {
					return nil, err
				}
			}
			found, err := h.Svc.Tagged(c.ctx(), search)
			if err != nil {
				return nil, err
			}
			for _, r := range found {
				tags := r.Metadata().Tags
				if !all(filters, func(f tagValueFilter) bool { return f.matches(tags) }) {
					continue
				}
				for _, t := range tags {
					row := tagResource{ResourceID: resourceLabel(r), ResourceType: spelled, TagKey: t.Key, TagValue: t.Value}
					if tp.resourcIDToo {
						row.ResourcID = row.ResourceID
					}
					rows = append(rows, row)
				}
			}
		}
		resp := listTagResourcesResponse{RequestID: c.requestID, NextToken: followingToken(offset, len(kit.Page(rows, offset, limit)), len(rows))}
		resp.TagResources.TagResource = kit.Page(rows, offset, limit)
		return resp, nil
	}
}

// labelKeys turns the labels of the tag services into keys, leaving out
// what does not exist (a listing finds nothing for it).
func (h *Handler) labelKeys(c *call, region compute.RegionID, kind compute.Kind, labels []string) ([]compute.Key, error) {
	keys := make([]compute.Key, 0, len(labels))
	for _, label := range labels {
		if kind != compute.KindKeyPair {
			keys = append(keys, compute.Key{Kind: kind, ID: label})
			continue
		}
		kp, err := h.Svc.KeyPairNamed(c.ctx(), c.owner, region, label)
		if compute.ErrorCode(err) == compute.NotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		keys = append(keys, kp.Key())
	}
	if len(keys) == 0 {
		// Nothing named exists: match nothing rather than everything.
		keys = append(keys, compute.Key{Kind: kind, ID: "-"})
	}
	return keys, nil
}

func all[T any](items []T, ok func(T) bool) bool {
	for _, it := range items {
		if !ok(it) {
			return false
		}
	}
	return true
}

// resourceTypeCount counts, for one tag, how many resources of each type
// carry it.
type resourceTypeCount struct {
	Instance         int `json:"Instance" xml:"Instance"`
	Disk             int `json:"Disk" xml:"Disk"`
	Volume           int `json:"Volume" xml:"Volume"`
	Image            int `json:"Image" xml:"Image"`
	Snapshot         int `json:"Snapshot" xml:"Snapshot"`
	Securitygroup    int `json:"Securitygroup" xml:"Securitygroup"`
	LaunchTemplate   int `json:"LaunchTemplate" xml:"LaunchTemplate"`
	Eni              int `json:"Eni" xml:"Eni"`
	Ddh              int `json:"Ddh" xml:"Ddh"`
	KeyPair          int `json:"KeyPair" xml:"KeyPair"`
	SnapshotPolicy   int `json:"SnapshotPolicy" xml:"SnapshotPolicy"`
	ReservedInstance int `json:"ReservedInstance" xml:"ReservedInstance"`
}

func (rc *resourceTypeCount) add(kind compute.Kind) {
	switch kind {
	case compute.KindInstance:
		rc.Instance++
	case compute.KindDisk:
		rc.Disk++
	case compute.KindSecurityGroup:
		rc.Securitygroup++
	case compute.KindKeyPair:
		rc.KeyPair++
	}
}

type describedTag struct {
	TagKey            string            `json:"TagKey" xml:"TagKey"`
	TagValue          string            `json:"TagValue" xml:"TagValue"`
	ResourceTypeCount resourceTypeCount `json:"ResourceTypeCount" xml:"ResourceTypeCount"`
}

type describeTagsResponse struct {
	RequestID  string `json:"RequestId" xml:"RequestId"`
	TotalCount int    `json:"TotalCount" xml:"TotalCount"`
	PageNumber int    `json:"PageNumber" xml:"PageNumber"`
	PageSize   int    `json:"PageSize" xml:"PageSize"`
	Tags       struct {
		Tag []describedTag `json:"Tag" xml:"Tag"`
	} `json:"Tags" xml:"Tags"`
}

// describeTags lists the distinct tags (key and value) of the caller's ECS
// resources in a region, or of one resource, with how many resources of
// each type carry each.
func (h *Handler) describeTags(c *call) (any, error) {
	region, err := h.region(c)
	if err != nil {
		return nil, err
	}
	pg, err := pageParams(c, tagListPageSize, describeTagsMax)
	if err != nil {
		return nil, err
	}
	category, err := c.params.oneOf("Category", "Custom", "Custom", "System")
	if err != nil {
		return nil, err
	}
	_, kind, modelled, err := ecsTagProduct.resourceType(c, false)
	if err != nil {
		return nil, err
	}
	id := c.params.get("ResourceId")
	if id != "" && c.params.get("ResourceType") == "" {
		return nil, missingParameter("ResourceType")
	}
	links, err := tagLinkFilters(c.params)
	if err != nil {
		return nil, err
	}
	search := compute.TagSearch{Owner: c.owner, Region: region.ID}
	switch {
	case modelled:
		search.Kinds = []compute.Kind{kind}
	default:
		for _, k := range ecsTagProduct.types {
			search.Kinds = append(search.Kinds, k)
		}
		slices.Sort(search.Kinds)
	}
	if id != "" && modelled {
		if search.Keys, err = h.labelKeys(c, region.ID, kind, []string{id}); err != nil {
			return nil, err
		}
	}
	for _, l := range links {
		key, _ := compute.TagKeyOfLink(l.Attr)
		search.Tags = append(search.Tags, compute.TagFilter{Key: key, Values: l.Values})
	}
	var out []describedTag
	// An unmodelled type (images, snapshots) holds no resources, and ecsd
	// sets no system tags.
	if (modelled || c.params.get("ResourceType") == "") && category == "Custom" {
		found, err := h.Svc.Tagged(c.ctx(), search)
		if err != nil {
			return nil, err
		}
		index := map[compute.Tag]int{}
		for _, r := range found {
			for _, t := range r.Metadata().Tags {
				i, ok := index[t]
				if !ok {
					i = len(out)
					index[t] = i
					out = append(out, describedTag{TagKey: t.Key, TagValue: t.Value})
				}
				out[i].ResourceTypeCount.add(r.Key().Kind)
			}
		}
	}
	resp := describeTagsResponse{RequestID: c.requestID, TotalCount: len(out), PageNumber: pg.number, PageSize: pg.size}
	resp.Tags.Tag = pageOf(out, pg)
	return resp, nil
}

// --- resource groups ---

// joinResourceGroup (ECS) and moveResourceGroup (VPC API) move a resource
// to another resource group.
func joinResourceGroup(tp tagProduct, groupParam string) actionFunc {
	return func(h *Handler, c *call) (any, error) {
		id, err := c.params.required("ResourceId")
		if err != nil {
			return nil, err
		}
		group, err := c.params.required(groupParam)
		if err != nil {
			return nil, err
		}
		if !resourceGroupPattern.MatchString(group) {
			return nil, errResourceGroup
		}
		region, err := h.region(c)
		if err != nil {
			return nil, err
		}
		// Unlike the tag services, the resource-group calls answer a
		// missing or unknown type with the common codes.
		if c.params.get("ResourceType") == "" {
			return nil, missingParameter("ResourceType")
		}
		_, kind, modelled, err := tp.resourceType(c, true)
		if err == errTagType {
			return nil, errResourceType
		}
		if err != nil {
			return nil, err
		}
		if !modelled {
			return nil, errResourceType // a type ecsd does not keep
		}
		keys, err := h.findTagged(c, region.ID, kind, []string{id})
		if err != nil {
			return nil, errResourceIDNotFound
		}
		if err := h.setResourceGroup(c, keys[0], group); err != nil {
			return nil, err
		}
		return requestOnlyResponse{RequestID: c.requestID}, nil
	}
}

var errResourceIDNotFound = &apiError{http.StatusNotFound, "InvalidResourceId.NotFound", "The ResourceId provided does not exist in our records."}

// setResourceGroup changes the resource group of one resource, through the
// use case of its kind.
func (h *Handler) setResourceGroup(c *call, k compute.Key, group string) error {
	var err error
	switch k.Kind {
	case compute.KindInstance:
		_, err = h.Svc.ModifyInstances(c.ctx(), c.owner, []compute.InstanceID{compute.InstanceID(k.ID)}, func(i *compute.Instance) error {
			i.ResourceGroup = group
			return nil
		})
	case compute.KindDisk:
		_, err = h.Svc.ModifyDisk(c.ctx(), c.owner, compute.DiskID(k.ID), func(d *compute.Disk) error { d.ResourceGroup = group; return nil })
	case compute.KindSecurityGroup:
		_, err = h.Svc.ModifySecurityGroup(c.ctx(), c.owner, compute.SecurityGroupID(k.ID), func(g *compute.SecurityGroup) error {
			g.ResourceGroup = group
			return nil
		})
	case compute.KindKeyPair:
		_, err = h.Svc.ModifyKeyPair(c.ctx(), c.owner, compute.KeyPairID(k.ID), func(kp *compute.KeyPair) error { kp.ResourceGroup = group; return nil })
	case compute.KindNetwork:
		_, err = h.Svc.ModifyNetwork(c.ctx(), c.owner, compute.NetworkID(k.ID), func(n *compute.Network) error { n.ResourceGroup = group; return nil })
	case compute.KindSubnet:
		_, err = h.Svc.ModifySubnet(c.ctx(), c.owner, compute.SubnetID(k.ID), func(s *compute.Subnet) error { s.ResourceGroup = group; return nil })
	}
	return err
}
