package zenlayer

import (
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// Security groups: global (no region, no VPC), assigned to VPCs through
// the VPC's Extra, joined by the primary NIC of instances. ZEC has no
// Authorize/Revoke calls: ConfigureSecurityGroupRules replaces the whole
// rule list.

// scopeGlobal is the one deployment scope ZEC offers.
const scopeGlobal = "Global"

// Rule values (SecurityGroupRuleInfo).
var (
	ruleDirections = []string{string(compute.Ingress), string(compute.Egress)}
	ruleProtocols  = []string{"tcp", "udp", "icmp", "icmpv6", "gre", "all"}
)

const (
	policyAccept       = "accept"
	policyDeny         = "deny"
	minRulePriority    = 1
	maxRulePriority    = 100
	defaultPriority    = 1
	maxRuleDescription = 255
	allPorts           = "-1"
)

// ruleInfo is SecurityGroupRuleInfo, as requests carry it and responses
// show it.
type ruleInfo struct {
	Direction  *string `json:"direction"`
	Policy     *string `json:"policy"`
	Priority   *int    `json:"priority"`
	IPProtocol *string `json:"ipProtocol"`
	PortRange  *string `json:"portRange"`
	CidrIP     *string `json:"cidrIp"`
	Desc       *string `json:"desc,omitempty"`
}

func ruleError(code, message string) *apiError {
	return &apiError{http.StatusBadRequest, code, message}
}

// toRules checks the rules of a request and turns them into the core's.
// Values are kept as sent (a port range "80-90", a CIDR), so that they
// read back byte for byte.
func toRules(infos []ruleInfo) ([]compute.SecurityRule, error) {
	out := make([]compute.SecurityRule, 0, len(infos))
	for _, in := range infos {
		var r compute.SecurityRule
		switch d := deref(in.Direction); {
		case slices.Contains(ruleDirections, d):
			r.Direction = compute.Direction(d)
		default:
			return nil, ruleError("INVALID_PARAMETER_SECURITY_GROUP_DIRECTION", "A rule's direction must be ingress or egress.")
		}
		switch deref(in.Policy) {
		case policyAccept:
			r.Policy = compute.Accept
		case policyDeny:
			r.Policy = compute.Drop
		default:
			return nil, ruleError("INVALID_PARAMETER_SECURITY_GROUP_POLICY", "A rule's policy must be accept or deny.")
		}
		r.Priority = defaultPriority
		if in.Priority != nil {
			if *in.Priority < minRulePriority || *in.Priority > maxRulePriority {
				return nil, ruleError("INVALID_PARAMETER_SECURITY_GROUP_PRIORITY", "A rule's priority must be 1 to 100.")
			}
			r.Priority = *in.Priority
		}
		r.Protocol = deref(in.IPProtocol)
		if !slices.Contains(ruleProtocols, r.Protocol) {
			return nil, ruleError("INVALID_PARAMETER_SECURITY_GROUP_IP_PROTOCOL", "A rule's ipProtocol must be tcp, udp, icmp, icmpv6, gre or all.")
		}
		r.Ports = deref(in.PortRange)
		if !validPortRange(r.Protocol, r.Ports) {
			return nil, ruleError("INVALID_PARAMETER_SECURITY_GROUP_PORT_RANGE",
				"A rule's portRange must be a port (80), a range (80-90), or -1 for all ports; only tcp and udp rules name ports.")
		}
		r.CIDR = deref(in.CidrIP)
		if _, err := netip.ParsePrefix(r.CIDR); err != nil {
			return nil, ruleError("INVALID_PARAMETER_SECURITY_GROUP_CIDR_IP", "A rule's cidrIp must be an IPv4 or IPv6 CIDR block.")
		}
		r.Description = deref(in.Desc)
		if utf8.RuneCountInString(r.Description) > maxRuleDescription || strings.ContainsFunc(r.Description, unicode.IsControl) {
			return nil, ruleError("INVALID_PARAMETER_SECURITY_GROUP_DESC", "A rule's desc must be at most 255 printable characters.")
		}
		out = append(out, r)
	}
	return out, nil
}

// validPortRange checks a portRange: -1 (all ports) for any protocol, a
// port or an ascending range of ports for tcp and udp.
func validPortRange(protocol, ports string) bool {
	if ports == allPorts {
		return true
	}
	if protocol != "tcp" && protocol != "udp" {
		return false
	}
	lo, hi, isRange := strings.Cut(ports, "-")
	if !isRange {
		hi = lo
	}
	from, err1 := strconv.Atoi(lo)
	to, err2 := strconv.Atoi(hi)
	return err1 == nil && err2 == nil && 1 <= from && from <= to && to <= 65535 &&
		strconv.Itoa(from) == lo && strconv.Itoa(to) == hi
}

func wireRule(r compute.SecurityRule) ruleInfo {
	policy := policyAccept
	if r.Policy == compute.Drop {
		policy = policyDeny
	}
	out := ruleInfo{
		Direction: ptr(string(r.Direction)), Policy: &policy, Priority: ptr(r.Priority),
		IPProtocol: ptr(r.Protocol), PortRange: ptr(r.Ports), CidrIP: ptr(r.CIDR),
	}
	if r.Description != "" {
		out.Desc = ptr(r.Description)
	}
	return out
}

type createSecurityGroupRequest struct {
	Scope             *string    `json:"scope"`
	SecurityGroupName *string    `json:"securityGroupName"`
	RuleInfos         []ruleInfo `json:"ruleInfos"`
}

type createSecurityGroupResponse struct {
	RequestID       string `json:"requestId"`
	SecurityGroupID string `json:"securityGroupId"`
}

// createSecurityGroup creates a global security group with its rules.
func (h *Handler) createSecurityGroup(c *call) (any, error) {
	var req createSecurityGroupRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	if set(req.Scope) && *req.Scope != scopeGlobal {
		return nil, invalidParameter("scope", "only Global is supported")
	}
	name, err := required("securityGroupName", req.SecurityGroupName)
	if err != nil {
		return nil, err
	}
	if err := checkName("securityGroupName", name, 1, 64, ""); err != nil {
		return nil, err
	}
	rules, err := toRules(req.RuleInfos)
	if err != nil {
		return nil, err
	}
	g, err := h.Svc.CreateSecurityGroup(c.ctx(), compute.SecurityGroupSpec{
		Owner: c.owner, Name: name, ResourceGroup: DefaultResourceGroupID, Rules: rules,
	})
	if err != nil {
		return nil, err
	}
	return createSecurityGroupResponse{RequestID: c.requestID, SecurityGroupID: string(g.ID)}, nil
}

type describeSecurityGroupsRequest struct {
	SecurityGroupIDs  []string `json:"securityGroupIds"`
	SecurityGroupName *string  `json:"securityGroupName"`
	PageSize          *int     `json:"pageSize"`
	PageNum           *int     `json:"pageNum"`
}

type securityGroupInfo struct {
	SecurityGroupID    string   `json:"securityGroupId"`
	SecurityGroupName  string   `json:"securityGroupName"`
	Scope              string   `json:"scope"`
	CreateTime         string   `json:"createTime"`
	VpcIDs             []string `json:"vpcIds"`
	IsDefault          bool     `json:"isDefault"`
	NicIDList          []string `json:"nicIdList"`
	NatIDList          []string `json:"natIdList"`
	LoadBalancerIDList []string `json:"loadBalancerIdList"`
	HaVipIDList        []string `json:"haVipIdList"`
}

type describeSecurityGroupsResponse struct {
	RequestID  string              `json:"requestId"`
	TotalCount int                 `json:"totalCount"`
	DataSet    []securityGroupInfo `json:"dataSet"`
}

// describeSecurityGroups lists the account's security groups with the
// VPCs they are assigned to and the NICs in them. ecsd has no NAT
// gateways, load balancers or HaVips, so those lists are empty.
func (h *Handler) describeSecurityGroups(c *call) (any, error) {
	var req describeSecurityGroupsRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	ids, err := resourceIDs("securityGroupIds", req.SecurityGroupIDs)
	if err != nil {
		return nil, err
	}
	p, err := paging(req.PageNum, req.PageSize)
	if err != nil {
		return nil, err
	}
	groups, err := h.Svc.SecurityGroups(c.ctx(), c.owner, compute.Filter{IDs: ids})
	if err != nil {
		return nil, err
	}
	groups = slices.DeleteFunc(groups, func(g compute.SecurityGroup) bool {
		return set(req.SecurityGroupName) && !strings.Contains(g.Name, *req.SecurityGroupName)
	})
	page := kit.Page(groups, p.offset(), p.size)
	vpcs, nics, err := h.groupMembers(c, page)
	if err != nil {
		return nil, err
	}
	resp := describeSecurityGroupsResponse{RequestID: c.requestID, TotalCount: len(groups), DataSet: make([]securityGroupInfo, len(page))}
	for i, g := range page {
		resp.DataSet[i] = securityGroupInfo{
			SecurityGroupID: string(g.ID), SecurityGroupName: g.Name, Scope: scopeGlobal, CreateTime: wireTime(g.CreatedAt),
			VpcIDs: orEmpty(vpcs[g.ID]), IsDefault: g.IsDefault, NicIDList: orEmpty(nics[g.ID]),
			NatIDList: []string{}, LoadBalancerIDList: []string{}, HaVipIDList: []string{},
		}
	}
	return resp, nil
}

// groupMembers returns, for each group, the VPCs it is assigned to and the
// NICs (of instances still there) in it.
func (h *Handler) groupMembers(c *call, groups []compute.SecurityGroup) (vpcs, nics map[compute.SecurityGroupID][]string, err error) {
	vpcs, nics = map[compute.SecurityGroupID][]string{}, map[compute.SecurityGroupID][]string{}
	if len(groups) == 0 {
		return vpcs, nics, nil
	}
	ids := make([]string, len(groups))
	for i, g := range groups {
		ids[i] = string(g.ID)
	}
	nets, err := h.Svc.Networks(c.ctx(), c.owner, compute.Filter{})
	if err != nil {
		return nil, nil, err
	}
	for _, n := range nets {
		if g := n.Extra[extraSecurityGroup]; g != "" {
			vpcs[compute.SecurityGroupID(g)] = append(vpcs[compute.SecurityGroupID(g)], string(n.ID))
		}
	}
	insts, err := h.allInstances(c, compute.Query{Links: []compute.LinkFilter{{Attr: compute.LinkSecurityGroup, Values: ids}}})
	if err != nil {
		return nil, nil, err
	}
	for _, inst := range insts {
		for _, g := range inst.SecurityGroups {
			nics[g] = append(nics[g], string(inst.NIC))
		}
	}
	return vpcs, nics, nil
}

type modifySecurityGroupsAttributeRequest struct {
	SecurityGroupName *string  `json:"securityGroupName"`
	SecurityGroupIDs  []string `json:"securityGroupIds"`
}

// modifySecurityGroupsAttribute renames security groups: all, or none when
// one is not found.
func (h *Handler) modifySecurityGroupsAttribute(c *call) (any, error) {
	var req modifySecurityGroupsAttributeRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	ids, err := requiredResourceIDs("securityGroupIds", req.SecurityGroupIDs)
	if err != nil {
		return nil, err
	}
	name, err := required("securityGroupName", req.SecurityGroupName)
	if err != nil {
		return nil, err
	}
	if err := checkName("securityGroupName", name, 1, 64, ""); err != nil {
		return nil, err
	}
	if err := h.allExist(c, compute.KindSecurityGroup, ids); err != nil {
		return nil, err
	}
	for _, id := range ids {
		if _, err := h.Svc.ModifySecurityGroup(c.ctx(), c.owner, compute.SecurityGroupID(id), func(g *compute.SecurityGroup) error {
			g.Name = name
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return ack(c), nil
}

type securityGroupIDRequest struct {
	SecurityGroupID *string `json:"securityGroupId"`
}

var (
	errDefaultGroup = &apiError{http.StatusForbidden, "OPERATION_DENIED_DEFAULT_SECURITY_GROUP_NOT_SUPPORT",
		"Not supported for the default security group."}
	errGroupAssigned = &apiError{http.StatusConflict, "OPERATION_DENIED_SECURITY_GROUP_ASSOCIATE_VPC",
		"The security group has associated with a VPC."}
)

// deleteSecurityGroup deletes a security group that is not the default
// one, is assigned to no VPC, and that no instance is in.
func (h *Handler) deleteSecurityGroup(c *call) (any, error) {
	var req securityGroupIDRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	id, err := requiredID("securityGroupId", req.SecurityGroupID)
	if err != nil {
		return nil, err
	}
	g, err := h.securityGroup(c, id)
	if err != nil {
		return nil, err
	}
	if g.IsDefault {
		return nil, errDefaultGroup
	}
	vpcs, _, err := h.groupMembers(c, []compute.SecurityGroup{g})
	if err != nil {
		return nil, err
	}
	if len(vpcs[g.ID]) > 0 {
		return nil, errGroupAssigned
	}
	if err := h.Svc.DeleteSecurityGroup(c.ctx(), c.owner, g.ID, false); err != nil {
		return nil, err
	}
	return ack(c), nil
}

type describeSecurityGroupRuleResponse struct {
	RequestID       string     `json:"requestId"`
	IngressRuleList []ruleInfo `json:"ingressRuleList"`
	EgressRuleList  []ruleInfo `json:"egressRuleList"`
}

// describeSecurityGroupRule lists a group's rules by direction, in the
// order they were configured; both lists are present even when empty (the
// Terraform provider reads egress rules only when the ingress list is).
func (h *Handler) describeSecurityGroupRule(c *call) (any, error) {
	var req securityGroupIDRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	id, err := requiredID("securityGroupId", req.SecurityGroupID)
	if err != nil {
		return nil, err
	}
	g, err := h.securityGroup(c, id)
	if err != nil {
		return nil, err
	}
	resp := describeSecurityGroupRuleResponse{RequestID: c.requestID, IngressRuleList: []ruleInfo{}, EgressRuleList: []ruleInfo{}}
	for _, r := range g.Rules {
		if r.Direction == compute.Ingress {
			resp.IngressRuleList = append(resp.IngressRuleList, wireRule(r))
		} else {
			resp.EgressRuleList = append(resp.EgressRuleList, wireRule(r))
		}
	}
	return resp, nil
}

type configureSecurityGroupRulesRequest struct {
	SecurityGroupID *string    `json:"securityGroupId"`
	RuleInfos       []ruleInfo `json:"ruleInfos"`
}

// configureSecurityGroupRules replaces every rule of a group; no ruleInfos
// (the SDK leaves an empty list out) clears them. The default group's
// rules cannot change.
func (h *Handler) configureSecurityGroupRules(c *call) (any, error) {
	var req configureSecurityGroupRulesRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	id, err := requiredID("securityGroupId", req.SecurityGroupID)
	if err != nil {
		return nil, err
	}
	rules, err := toRules(req.RuleInfos)
	if err != nil {
		return nil, err
	}
	_, err = h.Svc.ModifySecurityGroup(c.ctx(), c.owner, compute.SecurityGroupID(id), func(g *compute.SecurityGroup) error {
		if g.IsDefault {
			return errDefaultGroup
		}
		g.Rules = rules
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ack(c), nil
}

type assignSecurityGroupVpcRequest struct {
	VpcID           *string `json:"vpcId"`
	SecurityGroupID *string `json:"securityGroupId"`
}

// assignSecurityGroupVpc makes a group the VPC's: the one instances of the
// VPC created without a group join. A VPC has one group; assigning
// another replaces it, and NICs keep the group they are in.
func (h *Handler) assignSecurityGroupVpc(c *call) (any, error) {
	var req assignSecurityGroupVpcRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	vpc, err := requiredID("vpcId", req.VpcID)
	if err != nil {
		return nil, err
	}
	group, err := requiredID("securityGroupId", req.SecurityGroupID)
	if err != nil {
		return nil, err
	}
	if err := h.securityGroupExists(c, group); err != nil {
		return nil, err
	}
	_, err = h.Svc.ModifyNetwork(c.ctx(), c.owner, compute.NetworkID(vpc), func(n *compute.Network) error {
		n.Extra = withExtra(n.Extra, extraSecurityGroup, group)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ack(c), nil
}

// unAssignSecurityGroupVpc takes a VPC's group away.
func (h *Handler) unAssignSecurityGroupVpc(c *call) (any, error) {
	var req vpcIDRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	vpc, err := requiredID("vpcId", req.VpcID)
	if err != nil {
		return nil, err
	}
	_, err = h.Svc.ModifyNetwork(c.ctx(), c.owner, compute.NetworkID(vpc), func(n *compute.Network) error {
		if n.Extra[extraSecurityGroup] == "" {
			return &apiError{http.StatusBadRequest, "OPERATION_DENIED_VPC_NOT_EXIST_SECURITY_GROUP", "The VPC is not associated to any security groups."}
		}
		delete(n.Extra, extraSecurityGroup)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ack(c), nil
}

// securityGroup loads a group of the account.
func (h *Handler) securityGroup(c *call, id string) (compute.SecurityGroup, error) {
	groups, err := h.Svc.SecurityGroups(c.ctx(), c.owner, compute.Filter{IDs: []string{id}})
	if err != nil {
		return compute.SecurityGroup{}, err
	}
	if len(groups) == 0 {
		return compute.SecurityGroup{}, notFound(compute.KindSecurityGroup, id)
	}
	return groups[0], nil
}

func (h *Handler) securityGroupExists(c *call, id string) error {
	if !wellFormedID(id) {
		return invalidParameter("securityGroupId", "%q is not a resource ID", truncate(id))
	}
	_, err := h.securityGroup(c, id)
	return err
}

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }

// deref reads an optional string; "" when absent.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// orEmpty returns s, or an empty list instead of nil: lists are present in
// every response.
func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
