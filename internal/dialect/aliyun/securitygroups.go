package aliyun

import (
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// Security groups and their rules, over compute.SecurityGroup. A rule's
// other side is its CIDR (IPv4 or IPv6) or its Peer group; what ECS rules
// carry beyond the core's (the source port range, the local side's block,
// the peer's owner as the client named it) rides in the rule's Extra, and
// the group's type and inner access policy in the group's.

// Extra keys of security groups and rules.
const (
	extraGroupType       = "type"
	extraInnerAccess     = "inner_access_policy"
	extraLastAuthorize   = "authorize_token" // the last Authorize* ClientToken
	extraSourcePortRange = "source_port_range"
	extraLocalCidr       = "local_cidr"
	extraPeerOwnerAcct   = "peer_owner_account"
	extraPeerOwnerID     = "peer_owner_id"
)

// Security group constants of ECS.
const (
	groupNormal          = "normal"
	groupEnterprise      = "enterprise"
	innerAccept          = "Accept"
	innerDrop            = "Drop"
	nicIntranet          = "intranet"
	allPorts             = "-1/-1"
	maxPermissions       = 100
	groupPageSizeMax     = 50
	groupTokenPageMax    = 100
	normalGroupMembers   = 2000
	enterpriseMembers    = 65536
	ruleDescriptionMax   = 512
	groupAttrPageMax     = 1000
	groupAttrPageMin     = 10
	groupAttrPageDefault = 500
)

var (
	groupNameRule = nameRule{min: 2, max: 128, letterFirst: true, charset: ".:_-",
		err: &apiError{http.StatusBadRequest, "InvalidSecurityGroupName.Malformed", "Specified security group name is not valid."}}
	groupDescRule = nameRule{min: 2, max: 256,
		err: &apiError{http.StatusBadRequest, "InvalidDescription.Malformed", `The specified parameter "Description" is not valid.`}}
	ruleDescRule = nameRule{min: 1, max: ruleDescriptionMax,
		err: &apiError{http.StatusBadRequest, "InvalidSecurityGroupDiscription.Malformed", "The specified security group rule description is not valid."}}

	errGroupNeedsVpc   = &apiError{http.StatusForbidden, "InvalidVpcId.NotFound", "vpc id must not empty when only support vpc vm."}
	errIPProtocol      = &apiError{http.StatusBadRequest, "InvalidIpProtocol.ValueNotSupported", "The parameter IpProtocol must be specified with case insensitive TCP, UDP, ICMP, GRE or All."}
	errPortRange       = &apiError{http.StatusBadRequest, "InvalidIpProtocol.Malformed", `The specified parameter "PortRange" is not valid.`}
	errProtocolPorts   = &apiError{http.StatusBadRequest, "OperationDenied", "The specified IpProtocol does not exist or IpProtocol and PortRange do not match."}
	errSourcePortRange = &apiError{http.StatusBadRequest, "InvalidSourcePortRange.Malformed", `The specified parameter "SourcePortRange" is not valid.`}
	errPolicy          = &apiError{http.StatusBadRequest, "InvalidPolicy.Malformed", `The specified parameter "Policy" is not valid.`}
	errPriorityFormat  = &apiError{http.StatusBadRequest, "InvalidPriority.Malformed", "The parameter Priority is invalid."}
	errPriorityRange   = &apiError{http.StatusBadRequest, "InvalidPriority.ValueNotSupported", "The parameter Priority is invalid."}
	errNicType         = &apiError{http.StatusBadRequest, "InvalidNicType.ValueNotSupported", "The specified NicType is not valid."}
	errSourceMissing   = &apiError{http.StatusBadRequest, "MissingParameter.Source", "Either SourceCidrIp or SourceGroupId must be specified."}
	errDestMissing     = &apiError{http.StatusBadRequest, "MissingParameter.Dest", "Either DestCidrIp or DestGroupId must be specified."}
	errRuleConflict    = &apiError{http.StatusBadRequest, "InvalidParameter.Conflict", "A rule has one other side: a CIDR block, an IPv6 CIDR block or a security group."}
	errBothForms       = &apiError{http.StatusBadRequest, "InvalidParameter.Conflict", "Parameters and their Permissions.N-prefixed counterparts cannot be specified at the same time."}
	errV4ProtoV6Addr   = &apiError{http.StatusBadRequest, "InvalidParam.Ipv4ProtocolConflictWithIpv6Address", "The protocol is an IPv4 one and the address an IPv6 one."}
	errV6ProtoV4Addr   = &apiError{http.StatusBadRequest, "InvalidParam.Ipv6ProtocolConflictWithIpv4Address", "The protocol is an IPv6 one and the address an IPv4 one."}
	errPrefixList      = &apiError{http.StatusNotFound, "InvalidPrefixListId.NotFound", "The specified prefix list does not exist: ecsd does not model prefix lists."}
	errRuleID          = &apiError{http.StatusBadRequest, "InvalidParam.SecurityGroupRuleId", "The specified SecurityGroupRuleId does not exist in the security group."}
	errRuleNotFound    = &apiError{http.StatusNotFound, "SecurityGroupRule.NotFound", "The target security group rule not exist."}
	errGroupType       = &apiError{http.StatusBadRequest, "InvalidSecurityGroupType.ValueNotSupported", "The specified SecurityGroupType is not valid."}
	errInnerAccess     = &apiError{http.StatusBadRequest, "InvalidPolicy.Malformed", "The Policy is invalid. Only 'Accept' and 'Drop' are supported. Ignore case."}
)

// sideNames are the parameter names of a rule's two sides, by direction:
// the remote side (the source of ingress, the destination of egress) and
// the local one.
type sideNames struct {
	remoteCidr, remoteIPv6, remoteGroup, remoteOwnerAccount, remoteOwnerID, remotePrefixList string
	localCidr, localIPv6                                                                     string
	cidrErr, ipv6Err                                                                         *apiError
	groupNotFound, groupMismatch, missing                                                    *apiError
}

var sides = map[compute.Direction]sideNames{
	compute.Ingress: {
		remoteCidr: "SourceCidrIp", remoteIPv6: "Ipv6SourceCidrIp", remoteGroup: "SourceGroupId",
		remoteOwnerAccount: "SourceGroupOwnerAccount", remoteOwnerID: "SourceGroupOwnerId", remotePrefixList: "SourcePrefixListId",
		localCidr: "DestCidrIp", localIPv6: "Ipv6DestCidrIp",
		cidrErr:       &apiError{http.StatusBadRequest, "InvalidSourceCidrIp.Malformed", `The specified parameter "SourceCidrIp" is not valid.`},
		ipv6Err:       &apiError{http.StatusBadRequest, "InvalidParam.Ipv6SourceCidrIp", `The specified parameter "Ipv6SourceCidrIp" is not valid.`},
		groupNotFound: &apiError{http.StatusNotFound, "InvalidSourceGroupId.NotFound", "The SourceGroupId provided does not exist in our records."},
		groupMismatch: &apiError{http.StatusBadRequest, "InvalidSourceGroupId.Mismatch", "Specified security group and source group are not in the same VPC."},
		missing:       errSourceMissing,
	},
	compute.Egress: {
		remoteCidr: "DestCidrIp", remoteIPv6: "Ipv6DestCidrIp", remoteGroup: "DestGroupId",
		remoteOwnerAccount: "DestGroupOwnerAccount", remoteOwnerID: "DestGroupOwnerId", remotePrefixList: "DestPrefixListId",
		localCidr: "SourceCidrIp", localIPv6: "Ipv6SourceCidrIp",
		cidrErr:       &apiError{http.StatusBadRequest, "InvalidDestCidrIp.Malformed", "The specified parameter DestCidrIp is not valid."},
		ipv6Err:       &apiError{http.StatusBadRequest, "InvalidParam.Ipv6DestCidrIp", `The specified parameter "Ipv6DestCidrIp" is not valid.`},
		groupNotFound: &apiError{http.StatusNotFound, "InvalidDestGroupId.NotFound", "The DestGroupId provided does not exist in our records."},
		groupMismatch: &apiError{http.StatusBadRequest, "InvalidDestGroupId.Mismatch", "Specified security group and destination group are not in the same VPC."},
		missing:       errDestMissing,
	},
}

// protocols are the IP protocols of ECS rules, and whether each takes a
// port range (otherwise only -1/-1).
var protocols = map[string]bool{"tcp": true, "udp": true, "icmp": false, "icmpv6": false, "gre": false, "all": false}

// protocolSpelling is how DescribeSecurityGroupAttribute spells each.
var protocolSpelling = map[string]string{"tcp": "TCP", "udp": "UDP", "icmp": "ICMP", "icmpv6": "ICMPv6", "gre": "GRE", "all": "ALL"}

var policySpelling = map[compute.Policy]string{compute.Accept: "Accept", compute.Drop: "Drop"}

// ruleForm is what a call says of a rule: each part is "" when absent,
// so that a modification changes only what it names.
type ruleForm struct {
	protocol, ports, sourcePorts   string
	cidr, peer                     string
	local                          string
	policy                         compute.Policy
	priority                       int
	description                    string
	descriptionSet                 bool
	ownerAccount, ownerID, nicType string
}

// readRuleForm reads one rule from p: the call's own parameters or one
// Permissions.N entry. It checks each value's form; whether the rule is
// complete is for the caller to say.
func readRuleForm(p params, dir compute.Direction) (ruleForm, error) {
	names := sides[dir]
	var f ruleForm
	if v := p.get("IpProtocol"); v != "" {
		f.protocol = strings.ToLower(v)
		if _, ok := protocols[f.protocol]; !ok {
			return f, errIPProtocol
		}
	}
	if v := p.get("PortRange"); v != "" {
		if _, _, ok := parsePortRange(v); !ok {
			return f, errPortRange
		}
		f.ports = v
	}
	if v := p.get("SourcePortRange"); v != "" {
		if _, _, ok := parsePortRange(v); !ok || v == allPorts {
			return f, errSourcePortRange
		}
		f.sourcePorts = v
	}
	if v := p.get("NicType"); v != "" && v != nicIntranet {
		// ecsd's groups are all VPC groups, whose rules are intranet ones.
		return f, errNicType
	}
	if v := p.get("Policy"); v != "" {
		switch strings.ToLower(v) {
		case "accept":
			f.policy = compute.Accept
		case "drop":
			f.policy = compute.Drop
		default:
			return f, errPolicy
		}
	}
	if v := p.get("Priority"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return f, errPriorityFormat
		}
		if n < 1 || n > 100 {
			return f, errPriorityRange
		}
		f.priority = n
	}
	if p.has("Description") {
		f.descriptionSet = true
		if f.description = p.get("Description"); f.description != "" {
			if err := ruleDescRule.check(f.description); err != nil {
				return f, err
			}
		}
	}
	if p.get(names.remotePrefixList) != "" {
		return f, errPrefixList
	}
	var others int
	if v := p.get(names.remoteCidr); v != "" {
		cidr, ok := parseRuleCidr(v, false)
		if !ok {
			return f, names.cidrErr
		}
		f.cidr, others = cidr, others+1
	}
	if v := p.get(names.remoteIPv6); v != "" {
		cidr, ok := parseRuleCidr(v, true)
		if !ok {
			return f, names.ipv6Err
		}
		f.cidr, others = cidr, others+1
	}
	if v := p.get(names.remoteGroup); v != "" {
		f.peer, others = v, others+1
	}
	if others > 1 {
		return f, errRuleConflict
	}
	f.ownerAccount, f.ownerID = p.get(names.remoteOwnerAccount), p.get(names.remoteOwnerID)
	for _, local := range []struct {
		param string
		ipv6  bool
	}{{names.localCidr, false}, {names.localIPv6, true}} {
		if v := p.get(local.param); v != "" {
			cidr, ok := parseRuleCidr(v, local.ipv6)
			if !ok {
				return f, invalidParameter(local.param)
			}
			f.local = cidr
		}
	}
	if f.cidr != "" && f.protocol != "" {
		v6 := strings.Contains(f.cidr, ":")
		switch {
		case f.protocol == "icmp" && v6:
			return f, errV4ProtoV6Addr
		case f.protocol == "icmpv6" && !v6:
			return f, errV6ProtoV4Addr
		}
	}
	return f, nil
}

// parsePortRange reads "from/to".
func parsePortRange(s string) (from, to int, ok bool) {
	a, b, found := strings.Cut(s, "/")
	if !found {
		return 0, 0, false
	}
	from, err1 := strconv.Atoi(a)
	to, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	if from == -1 && to == -1 {
		return from, to, true
	}
	return from, to, from >= 1 && to <= 65535 && from <= to
}

// parseRuleCidr reads a rule's address: a block or a single address, IPv4
// or (with ipv6) IPv6. IPv4 stays as the client spelled it, as ECS echoes
// it; IPv6 is compressed, as ECS shows it.
func parseRuleCidr(s string, ipv6 bool) (string, bool) {
	if p, err := netip.ParsePrefix(s); err == nil {
		if p.Addr().Is6() != ipv6 {
			return "", false
		}
		if ipv6 {
			return p.String(), true
		}
		return s, true
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Is6() != ipv6 || a.Zone() != "" {
		return "", false
	}
	if ipv6 {
		return a.String(), true
	}
	return s, true
}

// rule completes a form into a new rule: protocol, ports and the other
// side are required; policy and priority default to accept and 1.
func (f ruleForm) rule(dir compute.Direction, ownAccount string) (compute.SecurityRule, error) {
	if f.protocol == "" {
		return compute.SecurityRule{}, missingParameter("IpProtocol")
	}
	if f.ports == "" {
		return compute.SecurityRule{}, missingParameter("PortRange")
	}
	if err := checkProtocolPorts(f.protocol, f.ports); err != nil {
		return compute.SecurityRule{}, err
	}
	if f.cidr == "" && f.peer == "" {
		return compute.SecurityRule{}, sides[dir].missing
	}
	if f.peer == "" && (f.ownerAccount != "" || f.ownerID != "") {
		return compute.SecurityRule{}, errRuleConflict
	}
	if f.ownerAccount != "" && f.ownerAccount != ownAccount || f.ownerID != "" && f.ownerID != ownAccount {
		// ecsd shares nothing between accounts: a peer group of another
		// account cannot be found.
		return compute.SecurityRule{}, sides[dir].groupNotFound
	}
	r := compute.SecurityRule{
		Direction: dir, Protocol: f.protocol, Ports: f.ports, CIDR: f.cidr, Peer: compute.SecurityGroupID(f.peer),
		Policy: f.policy, Priority: f.priority, Description: f.description,
	}
	if r.Policy == "" {
		r.Policy = compute.Accept
	}
	if r.Priority == 0 {
		r.Priority = 1
	}
	r.Extra = f.extra()
	return r, nil
}

func (f ruleForm) extra() map[string]string {
	extra := map[string]string{}
	set := func(k, v string) {
		if v != "" {
			extra[k] = v
		}
	}
	set(extraSourcePortRange, f.sourcePorts)
	set(extraLocalCidr, f.local)
	set(extraPeerOwnerAcct, f.ownerAccount)
	set(extraPeerOwnerID, f.ownerID)
	if len(extra) == 0 {
		return nil
	}
	return extra
}

func checkProtocolPorts(protocol, ports string) error {
	if protocols[protocol] == (ports == allPorts) {
		return errProtocolPorts
	}
	return nil
}

// matches reports whether an existing rule is the one a form describes,
// as Revoke* and Modify* find rules without their IDs: every part the form
// names must agree, policy and priority taking their defaults.
func (f ruleForm) matches(r compute.SecurityRule) bool {
	policy, priority := f.policy, f.priority
	if policy == "" {
		policy = compute.Accept
	}
	if priority == 0 {
		priority = 1
	}
	return r.Protocol == f.protocol && r.Ports == f.ports && r.CIDR == f.cidr && string(r.Peer) == f.peer &&
		r.Policy == policy && r.Priority == priority && r.Extra[extraSourcePortRange] == f.sourcePorts &&
		r.Extra[extraLocalCidr] == f.local
}

// permissionForms reads the rules a call names: its Permissions.N entries,
// or else its own parameters, never both.
func permissionForms(c *call, dir compute.Direction) ([]ruleForm, error) {
	entries, err := c.params.structs("Permissions", maxPermissions)
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		f, err := readRuleForm(c.params, dir)
		return []ruleForm{f}, err
	}
	for _, own := range []string{"IpProtocol", "PortRange", "Policy", "Priority", sides[dir].remoteCidr, sides[dir].remoteGroup, sides[dir].remoteIPv6} {
		if c.params.get(own) != "" {
			return nil, errBothForms
		}
	}
	forms := make([]ruleForm, len(entries))
	for i, e := range entries {
		if forms[i], err = readRuleForm(e, dir); err != nil {
			return nil, err
		}
	}
	return forms, nil
}

// --- wire types ---

type securityGroupItem struct {
	SecurityGroupID         string    `json:"SecurityGroupId" xml:"SecurityGroupId"`
	SecurityGroupName       string    `json:"SecurityGroupName" xml:"SecurityGroupName"`
	Description             string    `json:"Description" xml:"Description"`
	SecurityGroupType       string    `json:"SecurityGroupType" xml:"SecurityGroupType"`
	VpcID                   string    `json:"VpcId" xml:"VpcId"`
	CreationTime            string    `json:"CreationTime" xml:"CreationTime"`
	ResourceGroupID         string    `json:"ResourceGroupId" xml:"ResourceGroupId"`
	EcsCount                int       `json:"EcsCount" xml:"EcsCount"`
	AvailableInstanceAmount int       `json:"AvailableInstanceAmount" xml:"AvailableInstanceAmount"`
	ServiceManaged          bool      `json:"ServiceManaged" xml:"ServiceManaged"`
	ServiceID               int64     `json:"ServiceID" xml:"ServiceID"`
	RuleCount               int       `json:"RuleCount" xml:"RuleCount"`
	GroupToGroupRuleCount   int       `json:"GroupToGroupRuleCount" xml:"GroupToGroupRuleCount"`
	Tags                    ecsTagSet `json:"Tags" xml:"Tags"`
}

type describeSecurityGroupsResponse struct {
	RequestID      string `json:"RequestId" xml:"RequestId"`
	RegionID       string `json:"RegionId" xml:"RegionId"`
	TotalCount     int    `json:"TotalCount" xml:"TotalCount"`
	PageNumber     int    `json:"PageNumber" xml:"PageNumber"`
	PageSize       int    `json:"PageSize" xml:"PageSize"`
	NextToken      string `json:"NextToken" xml:"NextToken"`
	SecurityGroups struct {
		SecurityGroup []securityGroupItem `json:"SecurityGroup" xml:"SecurityGroup"`
	} `json:"SecurityGroups" xml:"SecurityGroups"`
}

type permission struct {
	SecurityGroupRuleID     string `json:"SecurityGroupRuleId" xml:"SecurityGroupRuleId"`
	Direction               string `json:"Direction" xml:"Direction"`
	IPProtocol              string `json:"IpProtocol" xml:"IpProtocol"`
	PortRange               string `json:"PortRange" xml:"PortRange"`
	SourcePortRange         string `json:"SourcePortRange" xml:"SourcePortRange"`
	NicType                 string `json:"NicType" xml:"NicType"`
	Policy                  string `json:"Policy" xml:"Policy"`
	Priority                string `json:"Priority" xml:"Priority"`
	Description             string `json:"Description" xml:"Description"`
	CreateTime              string `json:"CreateTime" xml:"CreateTime"`
	SourceCidrIP            string `json:"SourceCidrIp" xml:"SourceCidrIp"`
	Ipv6SourceCidrIP        string `json:"Ipv6SourceCidrIp" xml:"Ipv6SourceCidrIp"`
	SourceGroupID           string `json:"SourceGroupId" xml:"SourceGroupId"`
	SourceGroupName         string `json:"SourceGroupName" xml:"SourceGroupName"`
	SourceGroupOwnerAccount string `json:"SourceGroupOwnerAccount" xml:"SourceGroupOwnerAccount"`
	SourcePrefixListID      string `json:"SourcePrefixListId" xml:"SourcePrefixListId"`
	SourcePrefixListName    string `json:"SourcePrefixListName" xml:"SourcePrefixListName"`
	DestCidrIP              string `json:"DestCidrIp" xml:"DestCidrIp"`
	Ipv6DestCidrIP          string `json:"Ipv6DestCidrIp" xml:"Ipv6DestCidrIp"`
	DestGroupID             string `json:"DestGroupId" xml:"DestGroupId"`
	DestGroupName           string `json:"DestGroupName" xml:"DestGroupName"`
	DestGroupOwnerAccount   string `json:"DestGroupOwnerAccount" xml:"DestGroupOwnerAccount"`
	DestPrefixListID        string `json:"DestPrefixListId" xml:"DestPrefixListId"`
	DestPrefixListName      string `json:"DestPrefixListName" xml:"DestPrefixListName"`
}

type describeSecurityGroupAttributeResponse struct {
	RequestID         string `json:"RequestId" xml:"RequestId"`
	RegionID          string `json:"RegionId" xml:"RegionId"`
	SecurityGroupID   string `json:"SecurityGroupId" xml:"SecurityGroupId"`
	SecurityGroupName string `json:"SecurityGroupName" xml:"SecurityGroupName"`
	Description       string `json:"Description" xml:"Description"`
	VpcID             string `json:"VpcId" xml:"VpcId"`
	InnerAccessPolicy string `json:"InnerAccessPolicy" xml:"InnerAccessPolicy"`
	NextToken         string `json:"NextToken" xml:"NextToken"`
	Permissions       struct {
		Permission []permission `json:"Permission" xml:"Permission"`
	} `json:"Permissions" xml:"Permissions"`
	ReferencedInfo struct {
		ReferencedPrefixListInfos struct {
			ReferencedPrefixListInfo []struct {
				PrefixListID    string `json:"PrefixListId" xml:"PrefixListId"`
				ProductProvider string `json:"ProductProvider" xml:"ProductProvider"`
			} `json:"ReferencedPrefixListInfo" xml:"ReferencedPrefixListInfo"`
		} `json:"ReferencedPrefixListInfos" xml:"ReferencedPrefixListInfos"`
	} `json:"ReferencedInfo" xml:"ReferencedInfo"`
}

type createSecurityGroupResponse struct {
	RequestID       string `json:"RequestId" xml:"RequestId"`
	SecurityGroupID string `json:"SecurityGroupId" xml:"SecurityGroupId"`
}

func groupType(g compute.SecurityGroup) string {
	if t := g.Extra[extraGroupType]; t != "" {
		return t
	}
	return groupNormal
}

func innerAccessPolicy(g compute.SecurityGroup) string {
	if p := g.Extra[extraInnerAccess]; p != "" {
		return p
	}
	if groupType(g) == groupEnterprise {
		return innerDrop
	}
	return innerAccept
}

func wirePermission(r compute.SecurityRule, names map[compute.SecurityGroupID]string) permission {
	p := permission{
		SecurityGroupRuleID: r.ID, Direction: string(r.Direction), IPProtocol: protocolSpelling[r.Protocol],
		PortRange: r.Ports, SourcePortRange: r.Extra[extraSourcePortRange], NicType: nicIntranet,
		Policy: policySpelling[r.Policy], Priority: strconv.Itoa(r.Priority), Description: r.Description,
		CreateTime: resourceTime(r.CreatedAt),
	}
	v6 := strings.Contains(r.CIDR, ":")
	local, localV6 := r.Extra[extraLocalCidr], strings.Contains(r.Extra[extraLocalCidr], ":")
	owner := r.Extra[extraPeerOwnerAcct]
	if r.Direction == compute.Ingress {
		p.SourceGroupID, p.SourceGroupName, p.SourceGroupOwnerAccount = string(r.Peer), names[r.Peer], owner
		setFamily(r.CIDR, v6, &p.SourceCidrIP, &p.Ipv6SourceCidrIP)
		setFamily(local, localV6, &p.DestCidrIP, &p.Ipv6DestCidrIP)
	} else {
		p.DestGroupID, p.DestGroupName, p.DestGroupOwnerAccount = string(r.Peer), names[r.Peer], owner
		setFamily(r.CIDR, v6, &p.DestCidrIP, &p.Ipv6DestCidrIP)
		setFamily(local, localV6, &p.SourceCidrIP, &p.Ipv6SourceCidrIP)
	}
	return p
}

func setFamily(cidr string, v6 bool, v4Field, v6Field *string) {
	if v6 {
		*v6Field = cidr
	} else {
		*v4Field = cidr
	}
}

// --- reads ---

// securityGroup loads one security group of the caller by the given
// parameter, in the request's region when it names one.
func (h *Handler) securityGroup(c *call, param string) (compute.SecurityGroup, error) {
	id, err := c.params.required(param)
	if err != nil {
		return compute.SecurityGroup{}, err
	}
	region, err := h.optionalRegion(c)
	if err != nil {
		return compute.SecurityGroup{}, err
	}
	found, err := h.Svc.SecurityGroups(c.ctx(), c.owner, compute.Filter{Region: region, IDs: []string{id}})
	if err != nil {
		return compute.SecurityGroup{}, err
	}
	if len(found) == 0 {
		return compute.SecurityGroup{}, &compute.Error{Code: compute.NotFound, Param: string(compute.KindSecurityGroup), Value: id}
	}
	return found[0], nil
}

// groupMembers counts the instances in each group.
func (h *Handler) groupMembers(c *call, g compute.SecurityGroup) (int, error) {
	page, err := h.Svc.List(c.ctx(), compute.Query{
		Owner: c.owner, Region: g.Region, Limit: 1, Brief: true,
		Links: []compute.LinkFilter{{Attr: compute.LinkSecurityGroup, Values: []string{string(g.ID)}}},
	})
	return page.Total, err
}

func (h *Handler) describeSecurityGroups(c *call) (any, error) {
	region, err := h.region(c)
	if err != nil {
		return nil, err
	}
	pg, err := pageParams(c, defaultPageSize, groupPageSizeMax)
	if err != nil {
		return nil, err
	}
	offset, limit, byToken, err := tokenPage(c, defaultPageSize, groupTokenPageMax)
	if err != nil {
		return nil, err
	}
	networkType, err := c.params.oneOf("NetworkType", "", "vpc", "classic")
	if err != nil {
		return nil, err
	}
	groupTypeFilter, err := c.params.oneOf("SecurityGroupType", "", groupNormal, groupEnterprise)
	if err != nil {
		return nil, err
	}
	fuzzy, err := c.params.boolean("FuzzyQuery")
	if err != nil {
		return nil, err
	}
	if _, err := c.params.boolean("IsQueryEcsCount"); err != nil {
		return nil, err
	}
	managed, err := optionalBool(c, "ServiceManaged")
	if err != nil {
		return nil, err
	}
	dry, err := dryRun(c)
	if err != nil {
		return nil, err
	}
	f := compute.Filter{Region: region.ID}
	ids, err := c.params.jsonList("SecurityGroupIds")
	if err != nil {
		return nil, err
	}
	if len(ids) > maxIDs {
		return nil, invalidParameter("SecurityGroupIds")
	}
	if id := c.params.get("SecurityGroupId"); id != "" {
		ids = append(ids, id)
	}
	f.IDs = ids
	if f.Links, err = tagLinkFilters(c.params); err != nil {
		return nil, err
	}
	if vpc := c.params.get("VpcId"); vpc != "" {
		f.Links = append(f.Links, compute.LinkFilter{Attr: compute.LinkNetwork, Values: []string{vpc}})
	}
	if dry {
		return nil, &compute.Error{Code: compute.DryRunPassed}
	}
	groups, err := h.Svc.SecurityGroups(c.ctx(), c.owner, f)
	if err != nil {
		return nil, err
	}
	name, group := c.params.get("SecurityGroupName"), c.params.get("ResourceGroupId")
	groups = slices.DeleteFunc(groups, func(g compute.SecurityGroup) bool {
		nameOK := name == "" || g.Name == name || fuzzy && strings.Contains(g.Name, name)
		return !nameOK || group != "" && g.ResourceGroup != group || groupTypeFilter != "" && groupType(g) != groupTypeFilter ||
			networkType == "classic" || managed != nil && *managed
	})
	resp := describeSecurityGroupsResponse{RequestID: c.requestID, RegionID: string(region.ID), TotalCount: len(groups), PageNumber: pg.number, PageSize: pg.size}
	shown := pageOf(groups, pg)
	if byToken {
		shown = kit.Page(groups, offset, limit)
		resp.PageNumber, resp.PageSize = 0, limit
		resp.NextToken = followingToken(offset, len(shown), len(groups))
	}
	resp.SecurityGroups.SecurityGroup = []securityGroupItem{}
	for _, g := range shown {
		members, err := h.groupMembers(c, g)
		if err != nil {
			return nil, err
		}
		capacity := normalGroupMembers
		if groupType(g) == groupEnterprise {
			capacity = enterpriseMembers
		}
		item := securityGroupItem{
			SecurityGroupID: string(g.ID), SecurityGroupName: g.Name, Description: g.Description,
			SecurityGroupType: groupType(g), VpcID: string(g.Network), CreationTime: resourceTime(g.CreatedAt),
			ResourceGroupID: g.ResourceGroup, EcsCount: members, AvailableInstanceAmount: capacity - members,
			RuleCount: len(g.Rules), Tags: ecsTags(g.Tags),
		}
		for _, r := range g.Rules {
			if r.Peer != "" {
				item.GroupToGroupRuleCount++
			}
		}
		resp.SecurityGroups.SecurityGroup = append(resp.SecurityGroups.SecurityGroup, item)
	}
	return resp, nil
}

func (h *Handler) describeSecurityGroupAttribute(c *call) (any, error) {
	if _, err := h.region(c); err != nil {
		return nil, err
	}
	direction, err := c.params.oneOf("Direction", "all", "all", "ingress", "egress")
	if err != nil {
		return nil, err
	}
	offset, limit, byToken, err := tokenPage(c, groupAttrPageDefault, groupAttrPageMax)
	if err != nil {
		return nil, err
	}
	if byToken && limit < groupAttrPageMin {
		return nil, invalidParameter("MaxResults")
	}
	g, err := h.securityGroup(c, "SecurityGroupId")
	if err != nil {
		return nil, err
	}
	// NicType filters by the rules' NIC type: every rule of a VPC group is
	// an intranet one. Other values (the Terraform provider sends "<nil>"
	// for a rule without one) filter nothing, so that its reads work.
	nic := c.params.get("NicType")
	rules := slices.DeleteFunc(slices.Clone(g.Rules), func(r compute.SecurityRule) bool {
		return direction != "all" && string(r.Direction) != direction || nic == "internet"
	})
	names, err := h.peerNames(c, rules)
	if err != nil {
		return nil, err
	}
	resp := describeSecurityGroupAttributeResponse{
		RequestID: c.requestID, RegionID: string(g.Region), SecurityGroupID: string(g.ID), SecurityGroupName: g.Name,
		Description: g.Description, VpcID: string(g.Network), InnerAccessPolicy: innerAccessPolicy(g),
	}
	shown := rules
	if byToken {
		shown = kit.Page(rules, offset, limit)
		resp.NextToken = followingToken(offset, len(shown), len(rules))
	}
	resp.Permissions.Permission = make([]permission, len(shown))
	for i, r := range shown {
		resp.Permissions.Permission[i] = wirePermission(r, names)
	}
	resp.ReferencedInfo.ReferencedPrefixListInfos.ReferencedPrefixListInfo = []struct {
		PrefixListID    string `json:"PrefixListId" xml:"PrefixListId"`
		ProductProvider string `json:"ProductProvider" xml:"ProductProvider"`
	}{}
	return resp, nil
}

// peerNames names the peer groups of rules.
func (h *Handler) peerNames(c *call, rules []compute.SecurityRule) (map[compute.SecurityGroupID]string, error) {
	var ids []string
	for _, r := range rules {
		if r.Peer != "" && !slices.Contains(ids, string(r.Peer)) {
			ids = append(ids, string(r.Peer))
		}
	}
	names := map[compute.SecurityGroupID]string{}
	if len(ids) == 0 {
		return names, nil
	}
	peers, err := h.Svc.SecurityGroups(c.ctx(), c.owner, compute.Filter{IDs: ids})
	if err != nil {
		return nil, err
	}
	for _, p := range peers {
		names[p.ID] = p.Name
	}
	return names, nil
}

// --- writes ---

func (h *Handler) createSecurityGroup(c *call) (any, error) {
	region, err := h.region(c)
	if err != nil {
		return nil, err
	}
	typ, err := c.params.oneOf("SecurityGroupType", groupNormal, groupNormal, groupEnterprise)
	if err != nil {
		return nil, errGroupType
	}
	// Managed groups belong to other cloud services.
	if err := refuseTrue(c, "ServiceManaged"); err != nil {
		return nil, err
	}
	name, _, err := optionalName(c, "SecurityGroupName", groupNameRule)
	if err != nil {
		return nil, err
	}
	desc, _, err := optionalName(c, "Description", groupDescRule)
	if err != nil {
		return nil, err
	}
	group, err := resourceGroup(c, "ResourceGroupId")
	if err != nil {
		return nil, err
	}
	ts, err := tags(c.params)
	if err != nil {
		return nil, err
	}
	token, err := clientToken(c)
	if err != nil {
		return nil, err
	}
	vpcID := c.params.get("VpcId")
	if vpcID == "" {
		return nil, errGroupNeedsVpc
	}
	n, err := h.networkByID(c, region.ID, compute.NetworkID(vpcID))
	if err != nil {
		return nil, err
	}
	if n.Status != compute.ReadinessAvailable {
		return nil, errIncorrectVpc
	}
	if token != "" {
		existing, err := h.Svc.SecurityGroups(c.ctx(), c.owner, compute.Filter{Region: region.ID})
		if err != nil {
			return nil, err
		}
		for _, g := range existing {
			if g.Extra[extraClientToken] == token {
				return createSecurityGroupResponse{c.requestID, string(g.ID)}, nil
			}
		}
	}
	extra := map[string]string{extraGroupType: typ}
	g, err := h.Svc.CreateSecurityGroup(c.ctx(), compute.SecurityGroupSpec{
		Owner: c.owner, Region: region.ID, Network: n.ID, Name: name, Description: desc,
		ResourceGroup: group, Tags: ts, Extra: withToken(extra, token),
	})
	if err != nil {
		return nil, err
	}
	return createSecurityGroupResponse{c.requestID, string(g.ID)}, nil
}

func (h *Handler) modifySecurityGroupAttribute(c *call) (any, error) {
	g, err := h.securityGroup(c, "SecurityGroupId")
	if err != nil {
		return nil, err
	}
	name, nameSet, err := optionalName(c, "SecurityGroupName", groupNameRule)
	if err != nil {
		return nil, err
	}
	desc, descSet, err := optionalName(c, "Description", groupDescRule)
	if err != nil {
		return nil, err
	}
	_, err = h.Svc.ModifySecurityGroup(c.ctx(), c.owner, g.ID, func(m *compute.SecurityGroup) error {
		if nameSet {
			m.Name = name
		}
		if descSet {
			m.Description = desc
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

func (h *Handler) modifySecurityGroupPolicy(c *call) (any, error) {
	g, err := h.securityGroup(c, "SecurityGroupId")
	if err != nil {
		return nil, err
	}
	if _, err := clientToken(c); err != nil {
		return nil, err
	}
	raw, err := c.params.required("InnerAccessPolicy")
	if err != nil {
		return nil, err
	}
	var policy string
	switch strings.ToLower(raw) {
	case "accept":
		policy = innerAccept
	case "drop":
		policy = innerDrop
	default:
		return nil, errInnerAccess
	}
	_, err = h.Svc.ModifySecurityGroup(c.ctx(), c.owner, g.ID, func(m *compute.SecurityGroup) error {
		m.Extra = cloneExtra(m.Extra)
		m.Extra[extraInnerAccess] = policy
		return nil
	})
	if err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

func (h *Handler) deleteSecurityGroup(c *call) (any, error) {
	g, err := h.securityGroup(c, "SecurityGroupId")
	if err != nil {
		return nil, err
	}
	if err := h.Svc.DeleteSecurityGroup(c.ctx(), c.owner, g.ID, false); err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// checkPeers checks the peer groups of new rules: they exist, of the
// caller, in the group's VPC.
func (h *Handler) checkPeers(c *call, g compute.SecurityGroup, rules []compute.SecurityRule) error {
	for _, r := range rules {
		if r.Peer == "" || r.Peer == g.ID {
			continue
		}
		found, err := h.Svc.SecurityGroups(c.ctx(), c.owner, compute.Filter{IDs: []string{string(r.Peer)}})
		if err != nil {
			return err
		}
		if len(found) == 0 {
			return sides[r.Direction].groupNotFound
		}
		if found[0].Network != g.Network {
			return sides[r.Direction].groupMismatch
		}
	}
	return nil
}

// authorize serves AuthorizeSecurityGroup and AuthorizeSecurityGroupEgress:
// it adds rules, all or none. A rule the group has already is refused as a
// duplicate; a repeat of the last call's ClientToken changes nothing.
func authorize(dir compute.Direction) actionFunc {
	return func(h *Handler, c *call) (any, error) {
		g, err := h.securityGroup(c, "SecurityGroupId")
		if err != nil {
			return nil, err
		}
		token, err := clientToken(c)
		if err != nil {
			return nil, err
		}
		forms, err := permissionForms(c, dir)
		if err != nil {
			return nil, err
		}
		rules := make([]compute.SecurityRule, len(forms))
		for i, f := range forms {
			if rules[i], err = f.rule(dir, string(c.owner.Account)); err != nil {
				return nil, err
			}
		}
		if token != "" && g.Extra[extraLastAuthorize] == token {
			return requestOnlyResponse{RequestID: c.requestID}, nil
		}
		if err := h.checkPeers(c, g, rules); err != nil {
			return nil, err
		}
		_, err = h.Svc.ModifySecurityGroup(c.ctx(), c.owner, g.ID, func(m *compute.SecurityGroup) error {
			m.Rules = append(m.Rules, rules...)
			if token != "" {
				m.Extra = cloneExtra(m.Extra)
				m.Extra[extraLastAuthorize] = token
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		return requestOnlyResponse{RequestID: c.requestID}, nil
	}
}

// revoke serves RevokeSecurityGroup and RevokeSecurityGroupEgress: it
// removes the rules named by SecurityGroupRuleId.N (each must exist), or
// those matching the rules the call describes (none matching is no error).
func revoke(dir compute.Direction) actionFunc {
	return func(h *Handler, c *call) (any, error) {
		g, err := h.securityGroup(c, "SecurityGroupId")
		if err != nil {
			return nil, err
		}
		if _, err := clientToken(c); err != nil {
			return nil, err
		}
		ids, err := c.params.repeated("SecurityGroupRuleId", invalidParameter("SecurityGroupRuleId"))
		if err != nil {
			return nil, err
		}
		var forms []ruleForm
		if len(ids) == 0 {
			if forms, err = permissionForms(c, dir); err != nil {
				return nil, err
			}
			for _, f := range forms {
				if _, err := f.rule(dir, string(c.owner.Account)); err != nil {
					return nil, err
				}
			}
		}
		for _, id := range ids {
			if !slices.ContainsFunc(g.Rules, func(r compute.SecurityRule) bool { return r.ID == id && r.Direction == dir }) {
				return nil, errRuleID
			}
		}
		_, err = h.Svc.ModifySecurityGroup(c.ctx(), c.owner, g.ID, func(m *compute.SecurityGroup) error {
			m.Rules = slices.DeleteFunc(m.Rules, func(r compute.SecurityRule) bool {
				if r.Direction != dir {
					return false
				}
				if slices.Contains(ids, r.ID) {
					return true
				}
				return slices.ContainsFunc(forms, func(f ruleForm) bool { return f.matches(r) })
			})
			return nil
		})
		if err != nil {
			return nil, err
		}
		return requestOnlyResponse{RequestID: c.requestID}, nil
	}
}

// modifyRule serves ModifySecurityGroupRule and ModifySecurityGroupEgressRule:
// the rule named by SecurityGroupRuleId takes every part the call names; a
// rule found by its parts (without the ID) takes the call's description.
func modifyRule(dir compute.Direction) actionFunc {
	return func(h *Handler, c *call) (any, error) {
		g, err := h.securityGroup(c, "SecurityGroupId")
		if err != nil {
			return nil, err
		}
		if _, err := clientToken(c); err != nil {
			return nil, err
		}
		form, err := readRuleForm(c.params, dir)
		if err != nil {
			return nil, err
		}
		id := c.params.get("SecurityGroupRuleId")
		i := -1
		if id != "" {
			i = slices.IndexFunc(g.Rules, func(r compute.SecurityRule) bool { return r.ID == id && r.Direction == dir })
		} else {
			if _, err := form.rule(dir, string(c.owner.Account)); err != nil {
				return nil, err
			}
			i = slices.IndexFunc(g.Rules, func(r compute.SecurityRule) bool { return r.Direction == dir && form.matches(r) })
		}
		if i < 0 {
			return nil, errRuleNotFound
		}
		changed := g.Rules[i]
		if id != "" {
			if changed, err = form.applyTo(changed); err != nil {
				return nil, err
			}
			if err := h.checkPeers(c, g, []compute.SecurityRule{changed}); err != nil {
				return nil, err
			}
		}
		if form.descriptionSet {
			changed.Description = form.description
		}
		_, err = h.Svc.ModifySecurityGroup(c.ctx(), c.owner, g.ID, func(m *compute.SecurityGroup) error {
			j := slices.IndexFunc(m.Rules, func(r compute.SecurityRule) bool { return r.ID == changed.ID })
			if j < 0 {
				return errRuleNotFound
			}
			m.Rules[j] = changed
			return nil
		})
		if err != nil {
			return nil, err
		}
		return requestOnlyResponse{RequestID: c.requestID}, nil
	}
}

// applyTo changes what a form names of an existing rule. The kind of its
// other side (a block of one family, or a group) stays, as ECS requires.
func (f ruleForm) applyTo(r compute.SecurityRule) (compute.SecurityRule, error) {
	r.Extra = cloneExtra(r.Extra)
	if f.protocol != "" {
		r.Protocol = f.protocol
	}
	if f.ports != "" {
		r.Ports = f.ports
	}
	if err := checkProtocolPorts(r.Protocol, r.Ports); err != nil {
		return r, err
	}
	if f.policy != "" {
		r.Policy = f.policy
	}
	if f.priority != 0 {
		r.Priority = f.priority
	}
	switch {
	case f.cidr != "":
		if r.Peer != "" || strings.Contains(f.cidr, ":") != strings.Contains(r.CIDR, ":") {
			return r, errRuleConflict
		}
		r.CIDR = f.cidr
	case f.peer != "":
		if r.Peer == "" {
			return r, errRuleConflict
		}
		r.Peer = compute.SecurityGroupID(f.peer)
	}
	if f.sourcePorts != "" {
		r.Extra[extraSourcePortRange] = f.sourcePorts
	}
	if f.local != "" {
		r.Extra[extraLocalCidr] = f.local
	}
	if len(r.Extra) == 0 {
		r.Extra = nil
	}
	return r, nil
}
