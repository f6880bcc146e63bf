package tencent

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// Security groups and their policies. A group belongs to a region, not to
// a VPC; its policies are two ordered lists, ingress and egress, each
// policy known by its place (PolicyIndex) in its list.

// How a policy is spelled as the client sent it, kept in the rule's Extra:
// its action and protocol, which the core keeps in canonical form.
const (
	extraAction   = "action"
	extraProtocol = "protocol"
)

const (
	maxGroupName  = 60
	maxGroupDesc  = 100
	maxPolicyDesc = 100
)

// protocols are the protocols a policy may name, by their canonical
// (lower-case) spelling.
var protocols = []string{"tcp", "udp", "icmp", "icmpv6", "gre", "all"}

func malformedGroupID(id string) error {
	return &apiError{"InvalidSecurityGroupID.Malformed", fmt.Sprintf("The security group ID `%s` is malformed: it must be `sg-` followed by 8 lower-case letters or digits.", id)}
}

// securityGroupIDs reads the security groups of an instance (CVM's
// spelling of a malformed one).
func securityGroupIDs(ids []string) ([]compute.SecurityGroupID, error) {
	out := make([]compute.SecurityGroupID, len(ids))
	for i, id := range ids {
		if !wellFormed(id, "sg-") {
			return nil, &apiError{"InvalidSgId.Malformed", fmt.Sprintf("The security group ID `%s` is malformed.", id)}
		}
		out[i] = compute.SecurityGroupID(id)
	}
	return out, nil
}

type securityGroup struct {
	SecurityGroupID   string `json:"SecurityGroupId"`
	SecurityGroupName string `json:"SecurityGroupName"`
	SecurityGroupDesc string `json:"SecurityGroupDesc"`
	ProjectID         string `json:"ProjectId"`
	IsDefault         bool   `json:"IsDefault"`
	CreatedTime       string `json:"CreatedTime"`
	TagSet            []tag  `json:"TagSet"`
	UpdateTime        string `json:"UpdateTime"`
}

func wireSecurityGroup(g compute.SecurityGroup) securityGroup {
	updated := g.CreatedAt
	for _, r := range g.Rules {
		if r.CreatedAt.After(updated) {
			updated = r.CreatedAt
		}
	}
	return securityGroup{
		SecurityGroupID: string(g.ID), SecurityGroupName: g.Name, SecurityGroupDesc: g.Description,
		ProjectID: strconv.FormatInt(projectOf(g.Meta), 10), IsDefault: g.IsDefault, CreatedTime: localTime(g.CreatedAt),
		TagSet: wireTags(g.Tags), UpdateTime: localTime(updated),
	}
}

// checkGroupText checks a group's name and description.
func checkGroupText(name, desc string) error {
	if len([]rune(name)) > maxGroupName {
		return invalidValuef("The GroupName must not exceed %d characters.", maxGroupName)
	}
	if len([]rune(desc)) > maxGroupDesc {
		return invalidValuef("The GroupDescription must not exceed %d characters.", maxGroupDesc)
	}
	return nil
}

// groupProject reads ProjectId, which the VPC API takes as a string.
func groupProject(p params) (string, bool, error) {
	s, ok, err := p.str("ProjectId")
	if err != nil || !ok {
		return "0", false, err
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return "", false, invalidValuef("The ProjectId `%s` is not a project ID.", s)
	}
	return strconv.FormatInt(n, 10), true, nil
}

type createSecurityGroupResponse struct {
	SecurityGroup securityGroup `json:"SecurityGroup"`
	RequestID     string        `json:"RequestId"`
}

// createSecurityGroup creates a security group without policies.
func (h *Handler) createSecurityGroup(c *call) (any, error) {
	p := c.params
	if err := p.only("GroupName", "GroupDescription", "ProjectId", "Tags"); err != nil {
		return nil, err
	}
	name, err := requiredStr(p, "GroupName")
	if err != nil {
		return nil, err
	}
	desc, ok, err := p.str("GroupDescription")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, missingParameter("GroupDescription")
	}
	if err := checkGroupText(name, desc); err != nil {
		return nil, err
	}
	project, _, err := groupProject(p)
	if err != nil {
		return nil, err
	}
	tags, err := readTags(p, "Tags", "Key", "Value")
	if err != nil {
		return nil, err
	}
	g, err := h.Svc.CreateSecurityGroup(c.ctx(), compute.SecurityGroupSpec{Owner: c.owner, Region: c.region, Name: name,
		Description: desc, Tags: tags, Extra: map[string]string{extraProjectID: project}})
	if err != nil {
		return nil, err
	}
	return createSecurityGroupResponse{SecurityGroup: wireSecurityGroup(g), RequestID: c.requestID}, nil
}

type describeSecurityGroupsResponse struct {
	SecurityGroupSet []securityGroup `json:"SecurityGroupSet"`
	TotalCount       int             `json:"TotalCount"`
	RequestID        string          `json:"RequestId"`
}

var groupFilters = []string{"security-group-id", "project-id", "security-group-name", "is-default", "tag-key", "tag-value"}

// describeSecurityGroups lists the security groups of the region, by
// SecurityGroupIds or Filters. An ID that names no group of the caller
// fails the call with ResourceNotFound, as VPC does.
func (h *Handler) describeSecurityGroups(c *call) (any, error) {
	p := c.params
	if err := p.only("SecurityGroupIds", "Filters", "Offset", "Limit", "OrderField", "OrderDirection"); err != nil {
		return nil, err
	}
	ids, filters, err := listingFilters(p, "SecurityGroupIds", "sg-", malformedGroupID, groupFilters)
	if err != nil {
		return nil, err
	}
	offset, limit, err := vpcPaging(p)
	if err != nil {
		return nil, err
	}
	field, err := p.oneOf("OrderField", "CreatedTime", "CreatedTime", "UpdateTime")
	if err != nil {
		return nil, err
	}
	direction, err := p.oneOf("OrderDirection", "ASC", "ASC", "DESC")
	if err != nil {
		return nil, err
	}
	groups, err := h.Svc.SecurityGroups(c.ctx(), c.owner, compute.Filter{Region: c.region, IDs: ids})
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if !slices.ContainsFunc(groups, func(g compute.SecurityGroup) bool { return string(g.ID) == id }) {
			return nil, groupNotFound(id)
		}
	}
	wired := make([]securityGroup, 0, len(groups))
	for _, g := range groups {
		w := wireSecurityGroup(g)
		if groupMatches(g, w, filters) {
			wired = append(wired, w)
		}
	}
	if field == "UpdateTime" {
		slices.SortStableFunc(wired, func(a, b securityGroup) int { return strings.Compare(a.UpdateTime, b.UpdateTime) })
	}
	if direction == "DESC" {
		slices.Reverse(wired)
	}
	return describeSecurityGroupsResponse{SecurityGroupSet: kit.Page(wired, offset, limit), TotalCount: len(wired), RequestID: c.requestID}, nil
}

func groupNotFound(id string) *compute.Error {
	return &compute.Error{Code: compute.NotFound, Param: string(compute.KindSecurityGroup), Value: id, Message: "security group not found"}
}

func groupMatches(g compute.SecurityGroup, w securityGroup, filters map[string][]string) bool {
	for name, values := range filters {
		var ok bool
		switch name {
		case "security-group-id":
			ok = slices.Contains(values, w.SecurityGroupID)
		case "security-group-name":
			ok = slices.ContainsFunc(values, func(v string) bool { return strings.Contains(g.Name, v) })
		case "is-default":
			ok = slices.Contains(values, strconv.FormatBool(g.IsDefault))
		default:
			ok = matchesMeta(g.Meta, g.Name, map[string][]string{name: values}, "")
		}
		if !ok {
			return false
		}
	}
	return true
}

// groupID reads the SecurityGroupId a group action names.
func groupID(p params) (compute.SecurityGroupID, error) {
	id, err := requiredStr(p, "SecurityGroupId")
	if err != nil {
		return "", err
	}
	if !wellFormed(id, "sg-") {
		return "", malformedGroupID(id)
	}
	return compute.SecurityGroupID(id), nil
}

// regionalGroup loads a security group of the caller in the request's
// region.
func (h *Handler) regionalGroup(c *call, id compute.SecurityGroupID) (compute.SecurityGroup, error) {
	groups, err := h.Svc.SecurityGroups(c.ctx(), c.owner, compute.Filter{Region: c.region, IDs: []string{string(id)}})
	if err != nil {
		return compute.SecurityGroup{}, err
	}
	if len(groups) == 0 {
		return compute.SecurityGroup{}, groupNotFound(string(id))
	}
	return groups[0], nil
}

// modifySecurityGroupAttribute renames a group or changes its description.
func (h *Handler) modifySecurityGroupAttribute(c *call) (any, error) {
	p := c.params
	if err := p.only("SecurityGroupId", "GroupName", "GroupDescription"); err != nil {
		return nil, err
	}
	id, err := groupID(p)
	if err != nil {
		return nil, err
	}
	name, nameGiven, err := p.str("GroupName")
	if err != nil {
		return nil, err
	}
	desc, descGiven, err := p.str("GroupDescription")
	if err != nil {
		return nil, err
	}
	if nameGiven && name == "" {
		return nil, missingParameter("GroupName")
	}
	if err := checkGroupText(name, desc); err != nil {
		return nil, err
	}
	if _, err := h.regionalGroup(c, id); err != nil {
		return nil, err
	}
	_, err = h.Svc.ModifySecurityGroup(c.ctx(), c.owner, id, func(g *compute.SecurityGroup) error {
		if nameGiven {
			g.Name = name
		}
		if descGiven {
			g.Description = desc
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// deleteSecurityGroup deletes a group no instance uses and no other
// group's policy names.
func (h *Handler) deleteSecurityGroup(c *call) (any, error) {
	p := c.params
	if err := p.only("SecurityGroupId"); err != nil {
		return nil, err
	}
	id, err := groupID(p)
	if err != nil {
		return nil, err
	}
	if _, err := h.regionalGroup(c, id); err != nil {
		return nil, err
	}
	if err := h.Svc.DeleteSecurityGroup(c.ctx(), c.owner, id, false); err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

type instanceStatistic struct {
	InstanceType  string `json:"InstanceType"`
	InstanceCount int    `json:"InstanceCount"`
}

type securityGroupAssociationStatistics struct {
	SecurityGroupID    string              `json:"SecurityGroupId"`
	CVM                int                 `json:"CVM"`
	CDB                int                 `json:"CDB"`
	ENI                int                 `json:"ENI"`
	SG                 int                 `json:"SG"`
	CLB                int                 `json:"CLB"`
	InstanceStatistics []instanceStatistic `json:"InstanceStatistics"`
	TotalCount         int                 `json:"TotalCount"`
}

type describeSecurityGroupAssociationStatisticsResponse struct {
	SecurityGroupAssociationStatisticsSet []securityGroupAssociationStatistics `json:"SecurityGroupAssociationStatisticsSet"`
	RequestID                             string                               `json:"RequestId"`
}

// describeSecurityGroupAssociationStatistics counts, for each group, the
// instances in it and the other groups whose policies name it: what must
// go before it can.
func (h *Handler) describeSecurityGroupAssociationStatistics(c *call) (any, error) {
	p := c.params
	if err := p.only("SecurityGroupIds"); err != nil {
		return nil, err
	}
	ids, err := idList(p, "SecurityGroupIds", "sg-", malformedGroupID)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, missingParameter("SecurityGroupIds")
	}
	groups, err := h.Svc.SecurityGroups(c.ctx(), c.owner, compute.Filter{Region: c.region})
	if err != nil {
		return nil, err
	}
	resp := describeSecurityGroupAssociationStatisticsResponse{RequestID: c.requestID,
		SecurityGroupAssociationStatisticsSet: make([]securityGroupAssociationStatistics, 0, len(ids))}
	for _, id := range ids {
		if !slices.ContainsFunc(groups, func(g compute.SecurityGroup) bool { return string(g.ID) == id }) {
			return nil, groupNotFound(id)
		}
		page, err := h.Svc.List(c.ctx(), compute.Query{Owner: c.owner, Region: c.region, Limit: 1,
			Links: []compute.LinkFilter{{Attr: compute.LinkSecurityGroup, Values: []string{id}}}})
		if err != nil {
			return nil, err
		}
		referrers := 0
		for _, g := range groups {
			if string(g.ID) != id && slices.ContainsFunc(g.Rules, func(r compute.SecurityRule) bool { return string(r.Peer) == id }) {
				referrers++
			}
		}
		resp.SecurityGroupAssociationStatisticsSet = append(resp.SecurityGroupAssociationStatisticsSet, securityGroupAssociationStatistics{
			SecurityGroupID: id, CVM: page.Total, SG: referrers,
			InstanceStatistics: []instanceStatistic{{InstanceType: "CVM", InstanceCount: page.Total}},
			TotalCount:         page.Total + referrers,
		})
	}
	return resp, nil
}

type serviceTemplateSpecification struct {
	ServiceID      string `json:"ServiceId"`
	ServiceGroupID string `json:"ServiceGroupId"`
}

type addressTemplateSpecification struct {
	AddressID      string `json:"AddressId"`
	AddressGroupID string `json:"AddressGroupId"`
}

type securityGroupPolicy struct {
	PolicyIndex       int                          `json:"PolicyIndex"`
	Protocol          string                       `json:"Protocol"`
	Port              string                       `json:"Port"`
	ServiceTemplate   serviceTemplateSpecification `json:"ServiceTemplate"`
	CidrBlock         string                       `json:"CidrBlock"`
	Ipv6CidrBlock     string                       `json:"Ipv6CidrBlock"`
	SecurityGroupID   string                       `json:"SecurityGroupId"`
	AddressTemplate   addressTemplateSpecification `json:"AddressTemplate"`
	Action            string                       `json:"Action"`
	PolicyDescription string                       `json:"PolicyDescription"`
	ModifyTime        string                       `json:"ModifyTime"`
	Priority          int                          `json:"Priority"`
}

type policyStatistics struct {
	IngressIPv4TotalCount int `json:"IngressIPv4TotalCount"`
	IngressIPv6TotalCount int `json:"IngressIPv6TotalCount"`
	EgressIPv4TotalCount  int `json:"EgressIPv4TotalCount"`
	EgressIPv6TotalCount  int `json:"EgressIPv6TotalCount"`
}

type securityGroupPolicySet struct {
	Version          string                `json:"Version"`
	Egress           []securityGroupPolicy `json:"Egress"`
	Ingress          []securityGroupPolicy `json:"Ingress"`
	PolicyStatistics policyStatistics      `json:"PolicyStatistics"`
}

// wirePolicies spells a group's rules as its policy set.
func wirePolicies(g compute.SecurityGroup) securityGroupPolicySet {
	set := securityGroupPolicySet{Version: strconv.Itoa(g.Version), Egress: []securityGroupPolicy{}, Ingress: []securityGroupPolicy{}}
	for _, r := range g.Rules {
		list := &set.Ingress
		v4, v6 := &set.PolicyStatistics.IngressIPv4TotalCount, &set.PolicyStatistics.IngressIPv6TotalCount
		if r.Direction == compute.Egress {
			list = &set.Egress
			v4, v6 = &set.PolicyStatistics.EgressIPv4TotalCount, &set.PolicyStatistics.EgressIPv6TotalCount
		}
		pol := securityGroupPolicy{
			PolicyIndex: len(*list), Protocol: or(r.Extra[extraProtocol], strings.ToUpper(r.Protocol)), Port: r.Ports,
			SecurityGroupID: string(r.Peer), Action: or(r.Extra[extraAction], strings.ToUpper(string(r.Policy))),
			PolicyDescription: r.Description, ModifyTime: localTime(r.CreatedAt), Priority: len(*list) + 1,
		}
		if a, err := netip.ParsePrefix(r.CIDR); err == nil && a.Addr().Is6() {
			pol.Ipv6CidrBlock = r.CIDR
			*v6++
		} else {
			pol.CidrBlock = r.CIDR
			*v4++
		}
		*list = append(*list, pol)
	}
	return set
}

// policy is one policy read from a request, with the index it names.
type policy struct {
	rule     compute.SecurityRule
	index    int
	hasIndex bool
}

// readPolicySet reads SecurityGroupPolicySet: its Version, when given, and
// the policies of each direction.
func readPolicySet(p params, self compute.SecurityGroupID) (version string, hasVersion bool, ingress, egress []policy, given map[compute.Direction]bool, err error) {
	set, ok, err := p.object("SecurityGroupPolicySet")
	if err != nil {
		return "", false, nil, nil, nil, err
	}
	if !ok {
		return "", false, nil, nil, nil, missingParameter("SecurityGroupPolicySet")
	}
	if err := set.only("Version", "Egress", "Ingress", "PolicyStatistics"); err != nil {
		return "", false, nil, nil, nil, err
	}
	if version, hasVersion, err = set.str("Version"); err != nil {
		return "", false, nil, nil, nil, err
	}
	if hasVersion {
		if n, err := strconv.Atoi(version); err != nil || n < 0 {
			return "", false, nil, nil, nil, invalidValuef("`SecurityGroupPolicySet.Version` `%s` is not a version number.", version)
		}
	}
	given = map[compute.Direction]bool{}
	for _, d := range []struct {
		name string
		dir  compute.Direction
		out  *[]policy
	}{{"Ingress", compute.Ingress, &ingress}, {"Egress", compute.Egress, &egress}} {
		list, err := set.objects(d.name)
		if err != nil {
			return "", false, nil, nil, nil, err
		}
		given[d.dir] = set.has(d.name)
		for _, item := range list {
			pol, err := readPolicy(item, d.dir, self)
			if err != nil {
				return "", false, nil, nil, nil, err
			}
			*d.out = append(*d.out, pol)
		}
	}
	return version, hasVersion, ingress, egress, given, nil
}

// readPolicy reads one policy: an action, a protocol and port, and the
// other side (a CIDR block or a security group). Address and service
// templates are not modelled.
func readPolicy(p params, dir compute.Direction, self compute.SecurityGroupID) (policy, error) {
	if err := p.only("PolicyIndex", "Protocol", "Port", "ServiceTemplate", "CidrBlock", "Ipv6CidrBlock", "SecurityGroupId",
		"AddressTemplate", "Action", "PolicyDescription", "ModifyTime", "Priority"); err != nil {
		return policy{}, err
	}
	for _, t := range []struct{ name, a, b string }{
		{"ServiceTemplate", "ServiceId", "ServiceGroupId"}, {"AddressTemplate", "AddressId", "AddressGroupId"},
	} {
		tmpl, ok, err := p.object(t.name)
		if err != nil {
			return policy{}, err
		}
		if ok {
			if err := tmpl.only(t.a, t.b); err != nil {
				return policy{}, err
			}
			if err := refuseSet(tmpl, t.a, t.b); err != nil {
				return policy{}, err
			}
		}
	}
	var pol policy
	index, hasIndex, err := p.integer("PolicyIndex")
	if err != nil {
		return policy{}, err
	}
	if index < 0 || index > 1<<20 {
		return policy{}, invalidValuef("`%sPolicyIndex` is out of range.", p.prefix)
	}
	pol.index, pol.hasIndex = int(index), hasIndex
	if _, _, err := p.integer("Priority"); err != nil {
		return policy{}, err
	}
	if _, _, err := p.str("ModifyTime"); err != nil {
		return policy{}, err
	}
	r := compute.SecurityRule{Direction: dir, Extra: map[string]string{}}
	action, _, err := p.str("Action")
	if err != nil {
		return policy{}, err
	}
	switch strings.ToUpper(action) {
	case "ACCEPT":
		r.Policy = compute.Accept
	case "DROP":
		r.Policy = compute.Drop
	case "":
		if hasIndex {
			break // a policy named by its index alone, for deletion
		}
		return policy{}, missingParameter(p.prefix + "Action")
	default:
		return policy{}, invalidValuef("The value `%s` of `%sAction` is not ACCEPT or DROP.", action, p.prefix)
	}
	r.Extra[extraAction] = action
	protocol, _, err := p.str("Protocol")
	if err != nil {
		return policy{}, err
	}
	r.Protocol = strings.ToLower(or(protocol, "ALL"))
	if !slices.Contains(protocols, r.Protocol) {
		return policy{}, invalidValuef("The value `%s` of `%sProtocol` is not one of TCP, UDP, ICMP, ICMPv6, GRE, ALL.", protocol, p.prefix)
	}
	r.Extra[extraProtocol] = or(protocol, "ALL")
	port, _, err := p.str("Port")
	if err != nil {
		return policy{}, err
	}
	if r.Ports, err = canonicalPorts(r.Protocol, port, p.prefix); err != nil {
		return policy{}, err
	}
	cidr, _, err := p.str("CidrBlock")
	if err != nil {
		return policy{}, err
	}
	cidr6, _, err := p.str("Ipv6CidrBlock")
	if err != nil {
		return policy{}, err
	}
	peer, _, err := p.str("SecurityGroupId")
	if err != nil {
		return policy{}, err
	}
	sides := 0
	for _, s := range []string{cidr, cidr6, peer} {
		if s != "" {
			sides++
		}
	}
	if sides > 1 {
		return policy{}, &apiError{"InvalidParameter.Coexist", fmt.Sprintf("A policy names one of `%sCidrBlock`, `%sIpv6CidrBlock` and `%sSecurityGroupId`.", p.prefix, p.prefix, p.prefix)}
	}
	switch {
	case cidr != "":
		if r.CIDR, err = policyCIDR(cidr, false, p.prefix+"CidrBlock"); err != nil {
			return policy{}, err
		}
	case cidr6 != "":
		if r.CIDR, err = policyCIDR(cidr6, true, p.prefix+"Ipv6CidrBlock"); err != nil {
			return policy{}, err
		}
	case peer != "":
		if !wellFormed(peer, "sg-") {
			return policy{}, malformedGroupID(peer)
		}
		r.Peer = compute.SecurityGroupID(peer)
	default:
		if r.Policy != "" {
			return policy{}, missingParameter(p.prefix + "CidrBlock")
		}
	}
	desc, _, err := p.str("PolicyDescription")
	if err != nil {
		return policy{}, err
	}
	if len([]rune(desc)) > maxPolicyDesc {
		return policy{}, invalidValuef("`%sPolicyDescription` must not exceed %d characters.", p.prefix, maxPolicyDesc)
	}
	r.Description = desc
	pol.rule = r
	return pol, nil
}

// policyCIDR reads the other side of a policy: a block or one address.
func policyCIDR(s string, v6 bool, name string) (string, error) {
	block, err := netip.ParsePrefix(s)
	if err != nil {
		a, aerr := netip.ParseAddr(s)
		if aerr != nil {
			return "", invalidValuef("`%s` `%s` is not a CIDR block or an address.", name, s)
		}
		block = netip.PrefixFrom(a, a.BitLen())
	}
	if block.Addr().Is6() != v6 {
		return "", invalidValuef("`%s` `%s` is not an %s block.", name, s, map[bool]string{false: "IPv4", true: "IPv6"}[v6])
	}
	return s, nil
}

// canonicalPorts checks a policy's Port: ALL, or for TCP and UDP a port, a
// range (80-90) or a list (22,80,443) of ports 1 to 65535.
func canonicalPorts(protocol, port, prefix string) (string, error) {
	if port == "" || strings.EqualFold(port, "ALL") {
		return "ALL", nil
	}
	if protocol != "tcp" && protocol != "udp" {
		return "", invalidValuef("`%sPort` must be ALL for protocol %s.", prefix, strings.ToUpper(protocol))
	}
	valid := func(s string) bool {
		n, err := strconv.Atoi(s)
		return err == nil && n >= 1 && n <= 65535 && strconv.Itoa(n) == s
	}
	if lo, hi, ok := strings.Cut(port, "-"); ok {
		a, _ := strconv.Atoi(lo)
		b, _ := strconv.Atoi(hi)
		if valid(lo) && valid(hi) && a <= b {
			return port, nil
		}
	} else if !slices.ContainsFunc(strings.Split(port, ","), func(s string) bool { return !valid(s) }) {
		return port, nil
	}
	return "", invalidValuef("`%sPort` `%s` is not ALL, a port, a range (80-90) or a list (22,80) of ports 1 to 65535.", prefix, port)
}

// splitRules splits a group's rules by direction, in order.
func splitRules(rules []compute.SecurityRule) (ingress, egress []compute.SecurityRule) {
	for _, r := range rules {
		if r.Direction == compute.Egress {
			egress = append(egress, r)
		} else {
			ingress = append(ingress, r)
		}
	}
	return ingress, egress
}

func rulesOf(pols []policy) []compute.SecurityRule {
	out := make([]compute.SecurityRule, len(pols))
	for i, p := range pols {
		out[i] = p.rule
	}
	return out
}

// createSecurityGroupPolicies adds policies to one direction of a group:
// at PolicyIndex (0 puts them first), or at the end.
func (h *Handler) createSecurityGroupPolicies(c *call) (any, error) {
	p := c.params
	if err := p.only("SecurityGroupId", "SecurityGroupPolicySet"); err != nil {
		return nil, err
	}
	id, err := groupID(p)
	if err != nil {
		return nil, err
	}
	_, _, ingress, egress, _, err := readPolicySet(p, id)
	if err != nil {
		return nil, err
	}
	if len(ingress) > 0 && len(egress) > 0 {
		return nil, invalidParameterf("CreateSecurityGroupPolicies adds policies of one direction per call.")
	}
	add := ingress
	if len(add) == 0 {
		add = egress
	}
	if len(add) == 0 {
		return nil, missingParameter("SecurityGroupPolicySet.Ingress")
	}
	for _, pol := range add {
		if pol.rule.Policy == "" {
			return nil, missingParameter("SecurityGroupPolicySet.Ingress.Action")
		}
		if pol.hasIndex != add[0].hasIndex || pol.index != add[0].index {
			return nil, invalidParameterf("The policies of one CreateSecurityGroupPolicies call share one PolicyIndex.")
		}
	}
	if _, err := h.regionalGroup(c, id); err != nil {
		return nil, err
	}
	_, err = h.Svc.ModifySecurityGroup(c.ctx(), c.owner, id, func(g *compute.SecurityGroup) error {
		in, out := splitRules(g.Rules)
		list := &in
		if len(egress) > 0 {
			list = &out
		}
		at := len(*list)
		if add[0].hasIndex {
			if add[0].index > len(*list) {
				return refused(invalidValuef("PolicyIndex %d is past the end of the %d policies.", add[0].index, len(*list)))
			}
			at = add[0].index
		}
		*list = slices.Insert(*list, at, rulesOf(add)...)
		g.Rules = append(in, out...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

type describeSecurityGroupPoliciesResponse struct {
	SecurityGroupPolicySet securityGroupPolicySet `json:"SecurityGroupPolicySet"`
	RequestID              string                 `json:"RequestId"`
}

var policyFilters = []string{"security-group-id", "ip", "address-module", "service-module", "protocol", "port", "poly", "direction", "description"}

// describeSecurityGroupPolicies shows a group's policies.
func (h *Handler) describeSecurityGroupPolicies(c *call) (any, error) {
	p := c.params
	if err := p.only("SecurityGroupId", "Filters"); err != nil {
		return nil, err
	}
	id, err := groupID(p)
	if err != nil {
		return nil, err
	}
	list, err := p.objects("Filters")
	if err != nil {
		return nil, err
	}
	filters, _, err := readFilters(list, policyFilters, false)
	if err != nil {
		return nil, err
	}
	g, err := h.regionalGroup(c, id)
	if err != nil {
		return nil, err
	}
	set := wirePolicies(g)
	keep := func(pol securityGroupPolicy, dir string) bool {
		for name, values := range filters {
			var ok bool
			switch name {
			case "security-group-id":
				ok = slices.Contains(values, pol.SecurityGroupID)
			case "ip":
				ok = slices.Contains(values, pol.CidrBlock) || slices.Contains(values, pol.Ipv6CidrBlock)
			case "protocol":
				ok = slices.ContainsFunc(values, func(v string) bool { return strings.EqualFold(v, pol.Protocol) })
			case "port":
				ok = slices.Contains(values, pol.Port)
			case "poly":
				ok = slices.ContainsFunc(values, func(v string) bool { return strings.EqualFold(v, pol.Action) })
			case "direction":
				ok = slices.Contains(values, dir)
			case "description":
				ok = slices.Contains(values, pol.PolicyDescription)
			default: // templates: ecsd keeps none
				ok = false
			}
			if !ok {
				return false
			}
		}
		return true
	}
	set.Ingress = slices.DeleteFunc(set.Ingress, func(pol securityGroupPolicy) bool { return !keep(pol, "INBOUND") })
	set.Egress = slices.DeleteFunc(set.Egress, func(pol securityGroupPolicy) bool { return !keep(pol, "OUTBOUND") })
	return describeSecurityGroupPoliciesResponse{SecurityGroupPolicySet: set, RequestID: c.requestID}, nil
}

// deleteSecurityGroupPolicies removes policies of one direction of a
// group: by PolicyIndex, or by their content.
func (h *Handler) deleteSecurityGroupPolicies(c *call) (any, error) {
	p := c.params
	if err := p.only("SecurityGroupId", "SecurityGroupPolicySet"); err != nil {
		return nil, err
	}
	id, err := groupID(p)
	if err != nil {
		return nil, err
	}
	_, _, ingress, egress, _, err := readPolicySet(p, id)
	if err != nil {
		return nil, err
	}
	if len(ingress) > 0 && len(egress) > 0 {
		return nil, invalidParameterf("DeleteSecurityGroupPolicies removes policies of one direction per call.")
	}
	remove := ingress
	if len(remove) == 0 {
		remove = egress
	}
	if len(remove) == 0 {
		return nil, missingParameter("SecurityGroupPolicySet.Ingress")
	}
	if _, err := h.regionalGroup(c, id); err != nil {
		return nil, err
	}
	_, err = h.Svc.ModifySecurityGroup(c.ctx(), c.owner, id, func(g *compute.SecurityGroup) error {
		in, out := splitRules(g.Rules)
		list := &in
		if len(egress) > 0 {
			list = &out
		}
		gone := make([]bool, len(*list))
		for _, pol := range remove {
			i := -1
			if pol.hasIndex && pol.rule.Policy == "" {
				if pol.index < len(*list) {
					i = pol.index
				}
			} else {
				i = slices.IndexFunc(*list, func(r compute.SecurityRule) bool { return samePolicy(r, pol.rule) })
			}
			if i < 0 {
				return &compute.Error{Code: compute.NotFound, Param: string(compute.KindRule), Message: "no such policy"}
			}
			gone[i] = true
		}
		kept := (*list)[:0:0]
		for i, r := range *list {
			if !gone[i] {
				kept = append(kept, r)
			}
		}
		*list = kept
		g.Rules = append(in, out...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// samePolicy reports whether a rule is the one a request describes: the
// same traffic, the same way, whatever the case of its action and
// protocol.
func samePolicy(r, described compute.SecurityRule) bool {
	return r.Direction == described.Direction && r.Protocol == described.Protocol && r.Ports == described.Ports &&
		r.CIDR == described.CIDR && r.Peer == described.Peer && r.Policy == described.Policy
}

// modifySecurityGroupPolicies replaces a group's policies. Version "0"
// clears them all; otherwise each direction given replaces that
// direction's policies, and a direction not given stays as it is.
func (h *Handler) modifySecurityGroupPolicies(c *call) (any, error) {
	p := c.params
	if err := p.only("SecurityGroupId", "SecurityGroupPolicySet", "SortPolicys"); err != nil {
		return nil, err
	}
	id, err := groupID(p)
	if err != nil {
		return nil, err
	}
	version, hasVersion, ingress, egress, given, err := readPolicySet(p, id)
	if err != nil {
		return nil, err
	}
	if _, _, err := p.boolean("SortPolicys"); err != nil {
		return nil, err
	}
	for _, pol := range append(slices.Clone(ingress), egress...) {
		if pol.rule.Policy == "" {
			return nil, missingParameter("SecurityGroupPolicySet.Ingress.Action")
		}
	}
	clear := hasVersion && version == "0"
	if !clear && !given[compute.Ingress] && !given[compute.Egress] {
		return nil, missingParameter("SecurityGroupPolicySet.Ingress")
	}
	if _, err := h.regionalGroup(c, id); err != nil {
		return nil, err
	}
	_, err = h.Svc.ModifySecurityGroup(c.ctx(), c.owner, id, func(g *compute.SecurityGroup) error {
		if clear {
			g.Rules = nil
			return nil
		}
		in, out := splitRules(g.Rules)
		if given[compute.Ingress] {
			in = rulesOf(ingress)
		}
		if given[compute.Egress] {
			out = rulesOf(egress)
		}
		g.Rules = append(in, out...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}
