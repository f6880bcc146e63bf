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

// VPCs and vSwitches: the VPC API (2016-04-28) over compute.Network and
// compute.Subnet. What the core does not model of them (IPv6 blocks, the
// system route table's name, ClassicLink, user CIDRs, DNS host names) rides
// in each resource's Extra.

// Extra keys of VPCs and vSwitches.
const (
	extraIPv6            = "ipv6"       // "true" while IPv6 is enabled
	extraIPv6Block       = "ipv6_block" // a block the client chose
	extraIPv6Isp         = "ipv6_isp"
	extraIPv6Index       = "ipv6_index" // a vSwitch's /64 within its VPC's /56
	extraClassicLink     = "classic_link"
	extraUserCidrs       = "user_cidrs" // comma-separated
	extraDNSHostname     = "dns_hostname"
	extraSecondaryCidrs  = "secondary_cidrs" // comma-separated
	extraRouteTableName  = "route_table_name"
	extraRouteTableDesc  = "route_table_description"
	extraRoutePropagated = "route_propagation" // "false" when turned off
)

// Limits of the VPC API.
const (
	maxVSwitchesPerVpc = 150
	maxUserCidrs       = 3
	maxVpcIDs          = 20
	vpcPageSizeMax     = 50
	defaultIPv6Isp     = "BGP"
	dnsEnabled         = "ENABLED"
	dnsDisabled        = "DISABLED"
)

var readinessSpelling = map[compute.Readiness]string{
	compute.ReadinessPending:   "Pending",
	compute.ReadinessAvailable: "Available",
}

var (
	vpcNameRule     = nameRule{min: 1, max: 128, err: &apiError{http.StatusBadRequest, "InvalidVpcName.Malformed", "Specified VPC name is not valid."}}
	vpcDescRule     = nameRule{min: 1, max: 256, err: &apiError{http.StatusBadRequest, "InvalidVpcDiscription.Malformed", "Specified VPC description is not valid."}}
	vswitchNameRule = nameRule{min: 1, max: 128, err: &apiError{http.StatusBadRequest, "InvalidVSwitchName.Malformed", "Specified virtual switch name is not valid."}}
	vswitchDescRule = nameRule{min: 1, max: 256, err: &apiError{http.StatusBadRequest, "InvalidVSwitchDiscription.Malformed", "Specified virtual switch description is not valid."}}

	errCidrMalformed    = &apiError{http.StatusBadRequest, "InvalidCidrBlock.Malformed", "Specified CIDR block is not valid."}
	errCidrOutsideVpc   = &apiError{http.StatusBadRequest, "InvalidParameter", "Specified CIDR block is not valid in VPC."}
	errVSwitchQuota     = &apiError{http.StatusBadRequest, "QuotaExceeded.VSwitch", "Virtual switch quota exceeded."}
	errUserCidr         = &apiError{http.StatusBadRequest, "InvalidUserCidr.Malformed", "Specified UserCidr invalid format."}
	errUserCidrQuota    = &apiError{http.StatusBadRequest, "InvalidUserCidr.Quota", "Specified UserCidr number is greater than 3."}
	errIPv6Isp          = &apiError{http.StatusBadRequest, "InvalidParameter", `The specified parameter "Ipv6Isp" is not valid.`}
	errIncorrectVpc     = &apiError{http.StatusBadRequest, "IncorrectVpcStatus", "Current VPC status does not support this operation."}
	errIncorrectVSwitch = &apiError{http.StatusBadRequest, "IncorrectVSwitchStatus", "The current virtual switch status does not support this operation."}
	errVpcIPv6Disabled  = &apiError{http.StatusBadRequest, "OperationFailed.VpcNotEnableIpv6", "The IPv6 of the VPC is not enabled."}
	errNoDefaultVpc     = &apiError{http.StatusBadRequest, "OperationFailed.DefaultVpcNotExist", "The default VPC of the region does not exist."}
	errVpcCidrImmutable = &apiError{http.StatusBadRequest, "InvalidParameter",
		`The specified parameter "CidrBlock" is not valid: ecsd does not change the block of an existing VPC.`}
)

// --- wire types ---

type vpcTag struct {
	Key   string `json:"Key" xml:"Key"`
	Value string `json:"Value" xml:"Value"`
}

type vpcTagSet struct {
	Tag []vpcTag `json:"Tag" xml:"Tag"`
}

func vpcTags(ts []compute.Tag) vpcTagSet {
	out := vpcTagSet{Tag: make([]vpcTag, len(ts))}
	for i, t := range ts {
		out.Tag[i] = vpcTag{t.Key, t.Value}
	}
	return out
}

type ipv6Block struct {
	Ipv6CidrBlock string `json:"Ipv6CidrBlock" xml:"Ipv6CidrBlock"`
	Ipv6Isp       string `json:"Ipv6Isp" xml:"Ipv6Isp"`
}

type vSwitchIDs struct {
	VSwitchID []string `json:"VSwitchId" xml:"VSwitchId"`
}

type userCidrs struct {
	UserCidr []string `json:"UserCidr" xml:"UserCidr"`
}

type secondaryCidrBlocks struct {
	SecondaryCidrBlock []string `json:"SecondaryCidrBlock" xml:"SecondaryCidrBlock"`
}

type ipv6Blocks struct {
	Ipv6CidrBlock []ipv6Block `json:"Ipv6CidrBlock" xml:"Ipv6CidrBlock"`
}

type cloudResource struct {
	ResourceType  string `json:"ResourceType" xml:"ResourceType"`
	ResourceCount int    `json:"ResourceCount" xml:"ResourceCount"`
}

type cloudResources struct {
	CloudResourceSetType []cloudResource `json:"CloudResourceSetType" xml:"CloudResourceSetType"`
}

type associatedCen struct {
	CenID      string `json:"CenId" xml:"CenId"`
	CenOwnerID int64  `json:"CenOwnerId" xml:"CenOwnerId"`
	CenStatus  string `json:"CenStatus" xml:"CenStatus"`
}

type propagationSource struct {
	RoutePropagated  bool   `json:"RoutePropagated" xml:"RoutePropagated"`
	SourceInstanceID string `json:"SourceInstanceId" xml:"SourceInstanceId"`
	SourceOwnerID    int64  `json:"SourceOwnerId" xml:"SourceOwnerId"`
	SourceType       string `json:"SourceType" xml:"SourceType"`
	Status           string `json:"Status" xml:"Status"`
}

// vpcCommon are the fields DescribeVpcs and DescribeVpcAttribute share.
type vpcCommon struct {
	VpcID                string              `json:"VpcId" xml:"VpcId"`
	VpcName              string              `json:"VpcName" xml:"VpcName"`
	Description          string              `json:"Description" xml:"Description"`
	RegionID             string              `json:"RegionId" xml:"RegionId"`
	Status               string              `json:"Status" xml:"Status"`
	CreationTime         string              `json:"CreationTime" xml:"CreationTime"`
	CidrBlock            string              `json:"CidrBlock" xml:"CidrBlock"`
	IsDefault            bool                `json:"IsDefault" xml:"IsDefault"`
	OwnerID              int64               `json:"OwnerId" xml:"OwnerId"`
	ResourceGroupID      string              `json:"ResourceGroupId" xml:"ResourceGroupId"`
	VRouterID            string              `json:"VRouterId" xml:"VRouterId"`
	EnabledIpv6          bool                `json:"EnabledIpv6" xml:"EnabledIpv6"`
	Ipv6CidrBlock        string              `json:"Ipv6CidrBlock" xml:"Ipv6CidrBlock"`
	Ipv6CidrBlocks       ipv6Blocks          `json:"Ipv6CidrBlocks" xml:"Ipv6CidrBlocks"`
	DhcpOptionsSetID     string              `json:"DhcpOptionsSetId" xml:"DhcpOptionsSetId"`
	DhcpOptionsSetStatus string              `json:"DhcpOptionsSetStatus" xml:"DhcpOptionsSetStatus"`
	DNSHostnameStatus    string              `json:"DnsHostnameStatus" xml:"DnsHostnameStatus"`
	NetworkACLNum        string              `json:"NetworkAclNum" xml:"NetworkAclNum"`
	VSwitchIDs           vSwitchIDs          `json:"VSwitchIds" xml:"VSwitchIds"`
	UserCidrs            userCidrs           `json:"UserCidrs" xml:"UserCidrs"`
	SecondaryCidrBlocks  secondaryCidrBlocks `json:"SecondaryCidrBlocks" xml:"SecondaryCidrBlocks"`
	Tags                 vpcTagSet           `json:"Tags" xml:"Tags"`
}

type vpcItem struct {
	vpcCommon
	CenStatus              string `json:"CenStatus" xml:"CenStatus"`
	AdvancedResource       bool   `json:"AdvancedResource" xml:"AdvancedResource"`
	SupportAdvancedFeature bool   `json:"SupportAdvancedFeature" xml:"SupportAdvancedFeature"`
	NatGatewayIDs          struct {
		NatGatewayIDs []string `json:"NatGatewayIds" xml:"NatGatewayIds"`
	} `json:"NatGatewayIds" xml:"NatGatewayIds"`
	RouterTableIDs struct {
		RouterTableIDs []string `json:"RouterTableIds" xml:"RouterTableIds"`
	} `json:"RouterTableIds" xml:"RouterTableIds"`
}

type describeVpcsResponse struct {
	RequestID  string `json:"RequestId" xml:"RequestId"`
	TotalCount int    `json:"TotalCount" xml:"TotalCount"`
	PageNumber int    `json:"PageNumber" xml:"PageNumber"`
	PageSize   int    `json:"PageSize" xml:"PageSize"`
	Vpcs       struct {
		Vpc []vpcItem `json:"Vpc" xml:"Vpc"`
	} `json:"Vpcs" xml:"Vpcs"`
}

type describeVpcAttributeResponse struct {
	RequestID string `json:"RequestId" xml:"RequestId"`
	vpcCommon
	ClassicLinkEnabled bool           `json:"ClassicLinkEnabled" xml:"ClassicLinkEnabled"`
	SupportIpv4Gateway bool           `json:"SupportIpv4Gateway" xml:"SupportIpv4Gateway"`
	Ipv4GatewayID      string         `json:"Ipv4GatewayId" xml:"Ipv4GatewayId"`
	CloudResources     cloudResources `json:"CloudResources" xml:"CloudResources"`
	AssociatedCens     struct {
		AssociatedCen []associatedCen `json:"AssociatedCen" xml:"AssociatedCen"`
	} `json:"AssociatedCens" xml:"AssociatedCens"`
	AssociatedPropagationSources struct {
		AssociatedPropagationSources []propagationSource `json:"AssociatedPropagationSources" xml:"AssociatedPropagationSources"`
	} `json:"AssociatedPropagationSources" xml:"AssociatedPropagationSources"`
}

type createVpcResponse struct {
	RequestID       string `json:"RequestId" xml:"RequestId"`
	VpcID           string `json:"VpcId" xml:"VpcId"`
	VRouterID       string `json:"VRouterId" xml:"VRouterId"`
	RouteTableID    string `json:"RouteTableId" xml:"RouteTableId"`
	ResourceGroupID string `json:"ResourceGroupId" xml:"ResourceGroupId"`
}

type defaultVSwitch struct {
	ZoneID    string `json:"ZoneId" xml:"ZoneId"`
	VSwitchID string `json:"VSwitchId" xml:"VSwitchId"`
}

type createDefaultVpcResponse struct {
	RequestID       string           `json:"RequestId" xml:"RequestId"`
	VpcID           string           `json:"VpcId" xml:"VpcId"`
	VRouterID       string           `json:"VRouterId" xml:"VRouterId"`
	RouteTableID    string           `json:"RouteTableId" xml:"RouteTableId"`
	DefaultVSwitchs []defaultVSwitch `json:"DefaultVSwitchs" xml:"DefaultVSwitchs"`
}

type associateVpcCidrBlockResponse struct {
	RequestID string `json:"RequestId" xml:"RequestId"`
	CidrBlock string `json:"CidrBlock" xml:"CidrBlock"`
	IPVersion string `json:"IpVersion" xml:"IpVersion"`
}

type vswitchRouteTable struct {
	RouteTableID   string `json:"RouteTableId" xml:"RouteTableId"`
	RouteTableType string `json:"RouteTableType" xml:"RouteTableType"`
	// The classic SDK reads the whole system route table here.
	ResourceGroupID string        `json:"ResourceGroupId" xml:"ResourceGroupId"`
	CreationTime    string        `json:"CreationTime" xml:"CreationTime"`
	Status          string        `json:"Status" xml:"Status"`
	VRouterID       string        `json:"VRouterId" xml:"VRouterId"`
	VSwitchIDs      vSwitchIDs    `json:"VSwitchIds" xml:"VSwitchIds"`
	RouteEntrys     routeEntrySet `json:"RouteEntrys" xml:"RouteEntrys"`
}

type vswitchItem struct {
	VSwitchID               string            `json:"VSwitchId" xml:"VSwitchId"`
	VSwitchName             string            `json:"VSwitchName" xml:"VSwitchName"`
	Description             string            `json:"Description" xml:"Description"`
	VpcID                   string            `json:"VpcId" xml:"VpcId"`
	ZoneID                  string            `json:"ZoneId" xml:"ZoneId"`
	Status                  string            `json:"Status" xml:"Status"`
	CidrBlock               string            `json:"CidrBlock" xml:"CidrBlock"`
	Ipv6CidrBlock           string            `json:"Ipv6CidrBlock" xml:"Ipv6CidrBlock"`
	EnabledIpv6             bool              `json:"EnabledIpv6" xml:"EnabledIpv6"`
	AvailableIPAddressCount int64             `json:"AvailableIpAddressCount" xml:"AvailableIpAddressCount"`
	CreationTime            string            `json:"CreationTime" xml:"CreationTime"`
	IsDefault               bool              `json:"IsDefault" xml:"IsDefault"`
	ResourceGroupID         string            `json:"ResourceGroupId" xml:"ResourceGroupId"`
	NetworkACLID            string            `json:"NetworkAclId" xml:"NetworkAclId"`
	OwnerID                 int64             `json:"OwnerId" xml:"OwnerId"`
	ShareType               string            `json:"ShareType" xml:"ShareType"`
	RouteTable              vswitchRouteTable `json:"RouteTable" xml:"RouteTable"`
	Tags                    vpcTagSet         `json:"Tags" xml:"Tags"`
}

type describeVSwitchesResponse struct {
	RequestID  string `json:"RequestId" xml:"RequestId"`
	TotalCount int    `json:"TotalCount" xml:"TotalCount"`
	PageNumber int    `json:"PageNumber" xml:"PageNumber"`
	PageSize   int    `json:"PageSize" xml:"PageSize"`
	VSwitches  struct {
		VSwitch []vswitchItem `json:"VSwitch" xml:"VSwitch"`
	} `json:"VSwitches" xml:"VSwitches"`
}

type describeVSwitchAttributesResponse struct {
	RequestID string `json:"RequestId" xml:"RequestId"`
	vswitchItem
	CloudResources cloudResources `json:"CloudResources" xml:"CloudResources"`
}

type createVSwitchResponse struct {
	RequestID string `json:"RequestId" xml:"RequestId"`
	VSwitchID string `json:"VSwitchId" xml:"VSwitchId"`
}

// --- derived identifiers ---

// routerID and routeTableID are the vRouter and system route table every
// VPC has: ecsd keeps neither, so both are named after the VPC, stably.
func routerID(id compute.NetworkID) string {
	return "vrt-" + strings.TrimPrefix(string(id), "vpc-")
}

func routeTableID(id compute.NetworkID) string {
	return "vtb-" + strings.TrimPrefix(string(id), "vpc-")
}

// networkOfRouteTable is the VPC a system route table ID names.
func networkOfRouteTable(id string) (compute.NetworkID, bool) {
	rest, ok := strings.CutPrefix(id, "vtb-")
	return compute.NetworkID("vpc-" + rest), ok && rest != ""
}

// vpcIPv6Block is a VPC's IPv6 /56: the one the client chose, or one drawn
// stably from its ID within the BGP block Alibaba hands out.
func vpcIPv6Block(n compute.Network) netip.Prefix {
	if b, err := netip.ParsePrefix(n.Extra[extraIPv6Block]); err == nil {
		return b
	}
	h := stableHash(string(n.ID))
	var a [16]byte
	a[0], a[1], a[2], a[3] = 0x24, 0x08, 0x40, 0x05
	a[4], a[5], a[6] = byte(h>>16), byte(h>>8), byte(h)
	return netip.PrefixFrom(netip.AddrFrom16(a), 56)
}

// vswitchIPv6Block is the /64 of a vSwitch within its VPC's /56.
func vswitchIPv6Block(n compute.Network, index int) netip.Prefix {
	a := vpcIPv6Block(n).Addr().As16()
	a[7] = byte(index)
	return netip.PrefixFrom(netip.AddrFrom16(a), 64)
}

func ipv6Enabled(extra map[string]string) bool { return extra[extraIPv6] == "true" }

func splitList(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

// --- reads ---

// vpcContext is what the VPCs of a listing refer to: their vSwitches, by
// VPC, in creation order.
type vpcContext struct {
	vswitches map[compute.NetworkID][]compute.Subnet
}

func (h *Handler) vpcContext(c *call, region compute.RegionID) (vpcContext, error) {
	subs, err := h.Svc.Subnets(c.ctx(), c.owner, compute.Filter{Region: region})
	if err != nil {
		return vpcContext{}, err
	}
	ctx := vpcContext{vswitches: map[compute.NetworkID][]compute.Subnet{}}
	for _, s := range subs {
		ctx.vswitches[s.Network] = append(ctx.vswitches[s.Network], s)
	}
	return ctx, nil
}

func (vc vpcContext) vswitchIDs(n compute.NetworkID) []string {
	ids := []string{}
	for _, s := range vc.vswitches[n] {
		ids = append(ids, string(s.ID))
	}
	return ids
}

func wireVpcCommon(n compute.Network, vc vpcContext) vpcCommon {
	w := vpcCommon{
		VpcID: string(n.ID), VpcName: n.Name, Description: n.Description, RegionID: string(n.Region),
		Status: readinessSpelling[n.Status], CreationTime: resourceTime(n.CreatedAt), CidrBlock: n.CIDR.String(),
		IsDefault: n.IsDefault, OwnerID: ownerID(n.Owner), ResourceGroupID: n.ResourceGroup, VRouterID: routerID(n.ID),
		DNSHostnameStatus: dnsDisabled, NetworkACLNum: "0", Tags: vpcTags(n.Tags),
	}
	if n.Extra[extraDNSHostname] == dnsEnabled {
		w.DNSHostnameStatus = dnsEnabled
	}
	w.Ipv6CidrBlocks.Ipv6CidrBlock = []ipv6Block{}
	if ipv6Enabled(n.Extra) {
		w.EnabledIpv6 = true
		w.Ipv6CidrBlock = vpcIPv6Block(n).String()
		isp := n.Extra[extraIPv6Isp]
		if isp == "" {
			isp = defaultIPv6Isp
		}
		w.Ipv6CidrBlocks.Ipv6CidrBlock = []ipv6Block{{w.Ipv6CidrBlock, isp}}
	}
	w.VSwitchIDs.VSwitchID = vc.vswitchIDs(n.ID)
	w.UserCidrs.UserCidr = splitList(n.Extra[extraUserCidrs])
	w.SecondaryCidrBlocks.SecondaryCidrBlock = splitList(n.Extra[extraSecondaryCidrs])
	return w
}

func wireVpcItem(n compute.Network, vc vpcContext) vpcItem {
	w := vpcItem{vpcCommon: wireVpcCommon(n, vc), CenStatus: "Detached", SupportAdvancedFeature: true}
	w.NatGatewayIDs.NatGatewayIDs = []string{}
	w.RouterTableIDs.RouterTableIDs = []string{routeTableID(n.ID)}
	return w
}

// network loads one VPC of the caller by the given parameter, in the
// request's region when it names one.
func (h *Handler) network(c *call, param string) (compute.Network, error) {
	id, err := c.params.required(param)
	if err != nil {
		return compute.Network{}, err
	}
	region, err := h.optionalRegion(c)
	if err != nil {
		return compute.Network{}, err
	}
	return h.networkByID(c, region, compute.NetworkID(id))
}

func (h *Handler) networkByID(c *call, region compute.RegionID, id compute.NetworkID) (compute.Network, error) {
	found, err := h.Svc.Networks(c.ctx(), c.owner, compute.Filter{Region: region, IDs: []string{string(id)}})
	if err != nil {
		return compute.Network{}, err
	}
	if len(found) == 0 {
		return compute.Network{}, &compute.Error{Code: compute.NotFound, Param: string(compute.KindNetwork), Value: string(id), Message: "the VPC does not exist"}
	}
	return found[0], nil
}

func (h *Handler) describeVpcs(c *call) (any, error) {
	region, err := h.region(c)
	if err != nil {
		return nil, err
	}
	pg, err := pageParams(c, defaultPageSize, vpcPageSizeMax)
	if err != nil {
		return nil, err
	}
	if err := refuseSet(c, "DhcpOptionsSetId"); err != nil {
		return nil, err
	}
	// AdvancedFeature asks for VPCs with the advanced features, which every
	// ecsd VPC has (SupportAdvancedFeature).
	if _, err := c.params.boolean("AdvancedFeature"); err != nil {
		return nil, err
	}
	dry, err := dryRun(c)
	if err != nil {
		return nil, err
	}
	f := compute.Filter{Region: region.ID}
	if ids := c.params.get("VpcId"); ids != "" {
		f.IDs = strings.Split(ids, ",")
		if len(f.IDs) > maxVpcIDs {
			return nil, invalidParameter("VpcId")
		}
	}
	tagFilters, err := tagLinkFilters(c.params)
	if err != nil {
		return nil, err
	}
	f.Links = tagFilters
	isDefault, err := optionalBool(c, "IsDefault")
	if err != nil {
		return nil, err
	}
	enableIPv6, err := optionalBool(c, "EnableIpv6")
	if err != nil {
		return nil, err
	}
	if dry {
		return nil, &compute.Error{Code: compute.DryRunPassed}
	}
	nets, err := h.Svc.Networks(c.ctx(), c.owner, f)
	if err != nil {
		return nil, err
	}
	name, group := c.params.get("VpcName"), c.params.get("ResourceGroupId")
	// VpcOwnerId names the account whose VPCs are shared with the caller;
	// ecsd shares nothing, so only the caller's own ID matches.
	owner := c.params.get("VpcOwnerId")
	nets = slices.DeleteFunc(nets, func(n compute.Network) bool {
		return name != "" && n.Name != name || group != "" && n.ResourceGroup != group ||
			isDefault != nil && n.IsDefault != *isDefault || enableIPv6 != nil && ipv6Enabled(n.Extra) != *enableIPv6 ||
			owner != "" && owner != strconv.FormatInt(ownerID(c.owner), 10)
	})
	vc, err := h.vpcContext(c, region.ID)
	if err != nil {
		return nil, err
	}
	resp := describeVpcsResponse{RequestID: c.requestID, TotalCount: len(nets), PageNumber: pg.number, PageSize: pg.size}
	resp.Vpcs.Vpc = []vpcItem{}
	for _, n := range pageOf(nets, pg) {
		resp.Vpcs.Vpc = append(resp.Vpcs.Vpc, wireVpcItem(n, vc))
	}
	return resp, nil
}

func (h *Handler) describeVpcAttribute(c *call) (any, error) {
	if _, err := h.region(c); err != nil {
		return nil, err
	}
	isDefault, err := optionalBool(c, "IsDefault")
	if err != nil {
		return nil, err
	}
	dry, err := dryRun(c)
	if err != nil {
		return nil, err
	}
	n, err := h.network(c, "VpcId")
	if err != nil {
		return nil, err
	}
	if isDefault != nil && *isDefault != n.IsDefault {
		return nil, &compute.Error{Code: compute.NotFound, Param: string(compute.KindNetwork), Value: string(n.ID)}
	}
	if dry {
		return nil, &compute.Error{Code: compute.DryRunPassed}
	}
	vc, err := h.vpcContext(c, n.Region)
	if err != nil {
		return nil, err
	}
	resources, err := h.vpcResources(c, n, vc)
	if err != nil {
		return nil, err
	}
	resp := describeVpcAttributeResponse{
		RequestID: c.requestID, vpcCommon: wireVpcCommon(n, vc),
		ClassicLinkEnabled: n.Extra[extraClassicLink] == "true", CloudResources: resources,
	}
	resp.AssociatedCens.AssociatedCen = []associatedCen{}
	resp.AssociatedPropagationSources.AssociatedPropagationSources = []propagationSource{}
	return resp, nil
}

// vpcResources counts what a VPC holds, as DescribeVpcAttribute lists it.
func (h *Handler) vpcResources(c *call, n compute.Network, vc vpcContext) (cloudResources, error) {
	out := cloudResources{CloudResourceSetType: []cloudResource{}}
	add := func(kind string, count int) {
		if count > 0 {
			out.CloudResourceSetType = append(out.CloudResourceSetType, cloudResource{kind, count})
		}
	}
	add("VSwitch", len(vc.vswitches[n.ID]))
	add("VRouter", 1)
	add("RouteTable", 1)
	link := []compute.LinkFilter{{Attr: compute.LinkNetwork, Values: []string{string(n.ID)}}}
	groups, err := h.Svc.SecurityGroups(c.ctx(), c.owner, compute.Filter{Region: n.Region, Links: link})
	if err != nil {
		return out, err
	}
	add("SecurityGroup", len(groups))
	instances, err := h.Svc.List(c.ctx(), compute.Query{Owner: c.owner, Region: n.Region, Links: link, Limit: 1, Brief: true})
	if err != nil {
		return out, err
	}
	add("ECS", instances.Total)
	return out, nil
}

// --- VPC writes ---

// vpcOptions are the VPC settings CreateVpc, CreateDefaultVpc and
// ModifyVpcAttribute share, in Extra.
func readIPv6Options(c *call, enableParam string, extra map[string]string) error {
	enable, err := optionalBool(c, enableParam)
	if err != nil {
		return err
	}
	if block := c.params.get("Ipv6CidrBlock"); block != "" {
		p, err := netip.ParsePrefix(block)
		if err != nil || !p.Addr().Is6() || p.Masked() != p || p.Bits() != 56 {
			return invalidParameter("Ipv6CidrBlock")
		}
		extra[extraIPv6Block] = p.String()
		if enable == nil {
			t := true
			enable = &t
		}
	}
	if isp := c.params.get("Ipv6Isp"); isp != "" {
		switch isp {
		case "BGP", "ChinaMobile", "ChinaUnicom", "ChinaTelecom":
			extra[extraIPv6Isp] = isp
		default:
			return errIPv6Isp
		}
	}
	if enable != nil {
		if *enable {
			extra[extraIPv6] = "true"
		} else {
			delete(extra, extraIPv6)
			delete(extra, extraIPv6Block)
		}
	}
	return nil
}

func readDNSHostname(c *call, extra map[string]string) error {
	v, err := optionalBool(c, "EnableDnsHostname")
	if err != nil || v == nil {
		return err
	}
	if *v {
		extra[extraDNSHostname] = dnsEnabled
	} else {
		delete(extra, extraDNSHostname)
	}
	return nil
}

// readUserCidrs reads UserCidr: up to three comma-separated IPv4 blocks,
// none inside 100.64.0.0/10.
func readUserCidrs(c *call, extra map[string]string) error {
	v := c.params.get("UserCidr")
	if v == "" {
		return nil
	}
	parts := strings.Split(v, ",")
	if len(parts) > maxUserCidrs {
		return errUserCidrQuota
	}
	carrier := netip.MustParsePrefix("100.64.0.0/10")
	var out []string
	for _, s := range parts {
		p, err := netip.ParsePrefix(strings.TrimSpace(s))
		if err != nil || !p.Addr().Is4() || p.Masked() != p || p.Overlaps(carrier) {
			return errUserCidr
		}
		out = append(out, p.String())
	}
	extra[extraUserCidrs] = strings.Join(out, ",")
	return nil
}

// vpcBlock reads a VPC's CidrBlock: a private block of 8 to 28 bits.
func vpcBlock(c *call) (netip.Prefix, error) {
	s := c.params.get("CidrBlock")
	if s == "" {
		return netip.Prefix{}, nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil || !p.Addr().Is4() || p.Masked() != p {
		return netip.Prefix{}, errCidrMalformed
	}
	if p.Bits() < 8 || p.Bits() > 28 {
		return netip.Prefix{}, &apiError{http.StatusBadRequest, "InvalidParameter", "Specified CIDR block is not valid"}
	}
	return p, nil
}

func (h *Handler) createVpc(c *call) (any, error) {
	region, err := h.region(c)
	if err != nil {
		return nil, err
	}
	if err := refuseSet(c, "Ipv4IpamPoolId", "Ipv4CidrMask"); err != nil {
		return nil, err
	}
	block, err := vpcBlock(c)
	if err != nil {
		return nil, err
	}
	name, _, err := optionalName(c, "VpcName", vpcNameRule)
	if err != nil {
		return nil, err
	}
	desc, _, err := optionalName(c, "Description", vpcDescRule)
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
	dry, err := dryRun(c)
	if err != nil {
		return nil, err
	}
	extra := map[string]string{}
	if err := readIPv6Options(c, "EnableIpv6", extra); err != nil {
		return nil, err
	}
	if err := readDNSHostname(c, extra); err != nil {
		return nil, err
	}
	if err := readUserCidrs(c, extra); err != nil {
		return nil, err
	}
	if earlier, ok, err := h.networkWithToken(c, region.ID, token); err != nil || ok {
		if err != nil {
			return nil, err
		}
		return createVpcResponse{c.requestID, string(earlier.ID), routerID(earlier.ID), routeTableID(earlier.ID), earlier.ResourceGroup}, nil
	}
	n, err := h.Svc.CreateNetwork(c.ctx(), compute.NetworkSpec{
		Owner: c.owner, Region: region.ID, CIDR: block, Name: name, Description: desc,
		ResourceGroup: group, Tags: ts, Extra: withToken(extra, token), DryRun: dry,
	})
	if err != nil {
		return nil, err
	}
	return createVpcResponse{c.requestID, string(n.ID), routerID(n.ID), routeTableID(n.ID), n.ResourceGroup}, nil
}

// networkWithToken finds the VPC an earlier create with the same client
// token made.
func (h *Handler) networkWithToken(c *call, region compute.RegionID, token string) (compute.Network, bool, error) {
	if token == "" {
		return compute.Network{}, false, nil
	}
	nets, err := h.Svc.Networks(c.ctx(), c.owner, compute.Filter{Region: region})
	if err != nil {
		return compute.Network{}, false, err
	}
	for _, n := range nets {
		if n.Extra[extraClientToken] == token {
			return n, true, nil
		}
	}
	return compute.Network{}, false, nil
}

// createDefaultVpc makes the region's default VPC (172.16.0.0/12). Its
// default vSwitches come from CreateDefaultVSwitch, once it is available.
func (h *Handler) createDefaultVpc(c *call) (any, error) {
	region, err := h.region(c)
	if err != nil {
		return nil, err
	}
	// EnableDefaultVSwitch makes vSwitches in a VPC still pending, which
	// the core refuses: ecsd does not model it.
	if err := refuseTrue(c, "EnableDefaultVSwitch"); err != nil {
		return nil, err
	}
	if zones, err := c.params.repeated("ZoneId", invalidParameter("ZoneId")); err != nil || len(zones) > 0 {
		if err != nil {
			return nil, err
		}
		return nil, unsupportedParameter("ZoneId.N")
	}
	group, err := resourceGroup(c, "ResourceGroupId")
	if err != nil {
		return nil, err
	}
	token, err := clientToken(c)
	if err != nil {
		return nil, err
	}
	extra := map[string]string{}
	if err := readIPv6Options(c, "EnableIpv6", extra); err != nil {
		return nil, err
	}
	n, ok, err := h.networkWithToken(c, region.ID, token)
	if err != nil {
		return nil, err
	}
	if !ok {
		if n, err = h.Svc.CreateNetwork(c.ctx(), compute.NetworkSpec{
			Owner: c.owner, Region: region.ID, IsDefault: true, ResourceGroup: group, Extra: withToken(extra, token),
		}); err != nil {
			return nil, err
		}
	}
	resp := createDefaultVpcResponse{RequestID: c.requestID, VpcID: string(n.ID), VRouterID: routerID(n.ID), RouteTableID: routeTableID(n.ID)}
	resp.DefaultVSwitchs = []defaultVSwitch{}
	return resp, nil
}

func (h *Handler) modifyVpcAttribute(c *call) (any, error) {
	n, err := h.network(c, "VpcId")
	if err != nil {
		return nil, err
	}
	name, nameSet, err := optionalName(c, "VpcName", vpcNameRule)
	if err != nil {
		return nil, err
	}
	desc, descSet, err := optionalName(c, "Description", vpcDescRule)
	if err != nil {
		return nil, err
	}
	block, err := vpcBlock(c)
	if err != nil {
		return nil, err
	}
	if block.IsValid() && block != n.CIDR {
		return nil, errVpcCidrImmutable
	}
	extra := cloneExtra(n.Extra)
	if err := readIPv6Options(c, "EnableIPv6", extra); err != nil {
		return nil, err
	}
	if err := readDNSHostname(c, extra); err != nil {
		return nil, err
	}
	_, err = h.Svc.ModifyNetwork(c.ctx(), c.owner, n.ID, func(m *compute.Network) error {
		if nameSet {
			m.Name = name
		}
		if descSet {
			m.Description = desc
		}
		m.Extra = extra
		return nil
	})
	if err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

func cloneExtra(m map[string]string) map[string]string {
	out := make(map[string]string, len(m)+2)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// setNetworkExtra changes one setting of a VPC kept in Extra.
func (h *Handler) setNetworkExtra(c *call, change func(n compute.Network, extra map[string]string) error) (any, error) {
	n, err := h.network(c, "VpcId")
	if err != nil {
		return nil, err
	}
	if n.Status != compute.ReadinessAvailable {
		return nil, errIncorrectVpc
	}
	if _, err := clientToken(c); err != nil {
		return nil, err
	}
	extra := cloneExtra(n.Extra)
	if err := change(n, extra); err != nil {
		return nil, err
	}
	if _, err := h.Svc.ModifyNetwork(c.ctx(), c.owner, n.ID, func(m *compute.Network) error { m.Extra = extra; return nil }); err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// ClassicLink joins classic-network instances to a VPC. ecsd has no classic
// network, so enabling it only shows, as ClassicLinkEnabled.
func (h *Handler) enableVpcClassicLink(c *call) (any, error) {
	return h.setNetworkExtra(c, func(_ compute.Network, extra map[string]string) error {
		extra[extraClassicLink] = "true"
		return nil
	})
}

func (h *Handler) disableVpcClassicLink(c *call) (any, error) {
	return h.setNetworkExtra(c, func(_ compute.Network, extra map[string]string) error {
		delete(extra, extraClassicLink)
		return nil
	})
}

// Secondary IPv4 blocks are shown by the VPC; vSwitches still lie in its
// primary block (the core knows one block per network).
func (h *Handler) associateVpcCidrBlock(c *call) (any, error) {
	if err := refuseSet(c, "IPv6CidrBlock", "IPv6CidrType", "IpamPoolId", "Ipv6Isp"); err != nil {
		return nil, err
	}
	if _, err := c.params.oneOf("IpVersion", "IPV4", "IPV4"); err != nil {
		return nil, unsupportedParameter("IpVersion")
	}
	var added netip.Prefix
	_, err := h.setNetworkExtra(c, func(n compute.Network, extra map[string]string) error {
		s := c.params.get("SecondaryCidrBlock")
		if s == "" {
			if c.params.get("SecondaryCidrMask") != "" {
				return unsupportedParameter("SecondaryCidrMask")
			}
			return missingParameter("SecondaryCidrBlock")
		}
		p, err := netip.ParsePrefix(s)
		if err != nil || !p.Addr().Is4() || p.Masked() != p || p.Bits() < 8 || p.Bits() > 28 {
			return errCidrMalformed
		}
		blocks := splitList(extra[extraSecondaryCidrs])
		if p.Overlaps(n.CIDR) {
			return &apiError{http.StatusBadRequest, "InvalidCidrBlock.Overlapped", "Specified CIDR block overlapped with the VPC's blocks."}
		}
		for _, b := range blocks {
			if q, _ := netip.ParsePrefix(b); q.Overlaps(p) {
				return &apiError{http.StatusBadRequest, "InvalidCidrBlock.Overlapped", "Specified CIDR block overlapped with the VPC's blocks."}
			}
		}
		if len(blocks) >= 5 {
			return &apiError{http.StatusBadRequest, "QuotaExceeded.SecondaryCidrBlock", "The number of secondary CIDR blocks exceeds the quota."}
		}
		added = p
		extra[extraSecondaryCidrs] = strings.Join(append(blocks, p.String()), ",")
		return nil
	})
	if err != nil {
		return nil, err
	}
	return associateVpcCidrBlockResponse{RequestID: c.requestID, CidrBlock: added.String(), IPVersion: "IPV4"}, nil
}

func (h *Handler) unassociateVpcCidrBlock(c *call) (any, error) {
	if err := refuseSet(c, "IPv6CidrBlock"); err != nil {
		return nil, err
	}
	return h.setNetworkExtra(c, func(n compute.Network, extra map[string]string) error {
		s, err := c.params.required("SecondaryCidrBlock")
		if err != nil {
			return err
		}
		blocks := splitList(extra[extraSecondaryCidrs])
		i := slices.Index(blocks, s)
		if i < 0 {
			return &apiError{http.StatusNotFound, "InvalidCidrBlock.NotFound", "The specified secondary CIDR block does not exist."}
		}
		blocks = slices.Delete(blocks, i, i+1)
		if len(blocks) == 0 {
			delete(extra, extraSecondaryCidrs)
		} else {
			extra[extraSecondaryCidrs] = strings.Join(blocks, ",")
		}
		return nil
	})
}

func (h *Handler) deleteVpc(c *call) (any, error) {
	if _, err := h.region(c); err != nil {
		return nil, err
	}
	if _, err := c.params.boolean("ForceDelete"); err != nil {
		return nil, err
	}
	if _, err := clientToken(c); err != nil {
		return nil, err
	}
	dry, err := dryRun(c)
	if err != nil {
		return nil, err
	}
	n, err := h.network(c, "VpcId")
	if err != nil {
		return nil, err
	}
	if n.Status != compute.ReadinessAvailable {
		return nil, errIncorrectVpc
	}
	// ForceDelete removes custom routes and IPv4 gateways first; ecsd's VPCs
	// have neither, so a forced delete is a plain one.
	if err := h.Svc.DeleteNetwork(c.ctx(), c.owner, n.ID, dry); err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// --- vSwitches ---

// vswitchContext is what the vSwitches of a listing refer to: their VPCs.
func (h *Handler) vswitchNetworks(c *call, subs []compute.Subnet) (map[compute.NetworkID]compute.Network, error) {
	ids := []string{}
	for _, s := range subs {
		if !slices.Contains(ids, string(s.Network)) {
			ids = append(ids, string(s.Network))
		}
	}
	out := map[compute.NetworkID]compute.Network{}
	if len(ids) == 0 {
		return out, nil
	}
	nets, err := h.Svc.Networks(c.ctx(), c.owner, compute.Filter{IDs: ids})
	if err != nil {
		return nil, err
	}
	for _, n := range nets {
		out[n.ID] = n
	}
	return out, nil
}

func wireVSwitch(s compute.Subnet, n compute.Network, siblings []compute.Subnet) vswitchItem {
	w := vswitchItem{
		VSwitchID: string(s.ID), VSwitchName: s.Name, Description: s.Description, VpcID: string(s.Network),
		ZoneID: string(s.Zone), Status: readinessSpelling[s.Status], CidrBlock: s.CIDR.String(),
		AvailableIPAddressCount: int64(s.FreeIPs), CreationTime: resourceTime(s.CreatedAt), IsDefault: s.IsDefault,
		ResourceGroupID: s.ResourceGroup, OwnerID: ownerID(s.Owner), Tags: vpcTags(s.Tags),
		RouteTable: vswitchRouteTable{
			RouteTableID: routeTableID(n.ID), RouteTableType: "System", ResourceGroupID: n.ResourceGroup,
			CreationTime: resourceTime(n.CreatedAt), Status: "Available", VRouterID: routerID(n.ID),
		},
	}
	w.RouteTable.VSwitchIDs.VSwitchID = []string{}
	for _, sib := range siblings {
		w.RouteTable.VSwitchIDs.VSwitchID = append(w.RouteTable.VSwitchIDs.VSwitchID, string(sib.ID))
	}
	w.RouteTable.RouteEntrys = systemRouteEntries(n, siblings)
	if i, err := strconv.Atoi(s.Extra[extraIPv6Index]); err == nil && ipv6Enabled(s.Extra) {
		w.EnabledIpv6 = true
		w.Ipv6CidrBlock = vswitchIPv6Block(n, i).String()
	}
	return w
}

func (h *Handler) subnet(c *call, param string) (compute.Subnet, error) {
	id, err := c.params.required(param)
	if err != nil {
		return compute.Subnet{}, err
	}
	region, err := h.optionalRegion(c)
	if err != nil {
		return compute.Subnet{}, err
	}
	found, err := h.Svc.Subnets(c.ctx(), c.owner, compute.Filter{Region: region, IDs: []string{id}})
	if err != nil {
		return compute.Subnet{}, err
	}
	if len(found) == 0 {
		return compute.Subnet{}, &compute.Error{Code: compute.NotFound, Param: string(compute.KindSubnet), Value: id, Message: "the vSwitch does not exist"}
	}
	return found[0], nil
}

func (h *Handler) describeVSwitches(c *call) (any, error) {
	region, err := h.region(c)
	if err != nil {
		return nil, err
	}
	pg, err := pageParams(c, defaultPageSize, vpcPageSizeMax)
	if err != nil {
		return nil, err
	}
	zone, err := h.zone(c, region)
	if err != nil {
		return nil, err
	}
	dry, err := dryRun(c)
	if err != nil {
		return nil, err
	}
	isDefault, err := optionalBool(c, "IsDefault")
	if err != nil {
		return nil, err
	}
	enableIPv6, err := optionalBool(c, "EnableIpv6")
	if err != nil {
		return nil, err
	}
	f := compute.Filter{Region: region.ID}
	if id := c.params.get("VSwitchId"); id != "" {
		f.IDs = []string{id}
	}
	if f.Links, err = tagLinkFilters(c.params); err != nil {
		return nil, err
	}
	if vpc := c.params.get("VpcId"); vpc != "" {
		f.Links = append(f.Links, compute.LinkFilter{Attr: compute.LinkNetwork, Values: []string{vpc}})
	}
	if dry {
		return nil, &compute.Error{Code: compute.DryRunPassed}
	}
	subs, err := h.Svc.Subnets(c.ctx(), c.owner, f)
	if err != nil {
		return nil, err
	}
	name, group, table := c.params.get("VSwitchName"), c.params.get("ResourceGroupId"), c.params.get("RouteTableId")
	owner := c.params.get("VSwitchOwnerId")
	subs = slices.DeleteFunc(subs, func(s compute.Subnet) bool {
		return zone != "" && s.Zone != zone || name != "" && s.Name != name || group != "" && s.ResourceGroup != group ||
			table != "" && routeTableID(s.Network) != table || isDefault != nil && s.IsDefault != *isDefault ||
			enableIPv6 != nil && ipv6Enabled(s.Extra) != *enableIPv6 ||
			owner != "" && owner != strconv.FormatInt(ownerID(c.owner), 10)
	})
	nets, err := h.vswitchNetworks(c, subs)
	if err != nil {
		return nil, err
	}
	vc, err := h.vpcContext(c, region.ID)
	if err != nil {
		return nil, err
	}
	resp := describeVSwitchesResponse{RequestID: c.requestID, TotalCount: len(subs), PageNumber: pg.number, PageSize: pg.size}
	resp.VSwitches.VSwitch = []vswitchItem{}
	for _, s := range pageOf(subs, pg) {
		resp.VSwitches.VSwitch = append(resp.VSwitches.VSwitch, wireVSwitch(s, nets[s.Network], vc.vswitches[s.Network]))
	}
	return resp, nil
}

func (h *Handler) describeVSwitchAttributes(c *call) (any, error) {
	if _, err := h.region(c); err != nil {
		return nil, err
	}
	dry, err := dryRun(c)
	if err != nil {
		return nil, err
	}
	s, err := h.subnet(c, "VSwitchId")
	if err != nil {
		return nil, err
	}
	if dry {
		return nil, &compute.Error{Code: compute.DryRunPassed}
	}
	n, err := h.networkByID(c, s.Region, s.Network)
	if err != nil {
		return nil, err
	}
	vc, err := h.vpcContext(c, s.Region)
	if err != nil {
		return nil, err
	}
	link := []compute.LinkFilter{{Attr: compute.LinkSubnet, Values: []string{string(s.ID)}}}
	instances, err := h.Svc.List(c.ctx(), compute.Query{Owner: c.owner, Region: s.Region, Links: link, Limit: 1, Brief: true})
	if err != nil {
		return nil, err
	}
	resp := describeVSwitchAttributesResponse{RequestID: c.requestID, vswitchItem: wireVSwitch(s, n, vc.vswitches[n.ID])}
	resp.CloudResources.CloudResourceSetType = []cloudResource{}
	if instances.Total > 0 {
		resp.CloudResources.CloudResourceSetType = append(resp.CloudResources.CloudResourceSetType, cloudResource{"ECS", instances.Total})
	}
	return resp, nil
}

// readVSwitchIPv6 reads the IPv6 settings of a vSwitch: Ipv6CidrBlock is
// the index (0 to 255) of its /64 within the VPC's /56, VpcIpv6CidrBlock
// the VPC's block it comes from.
func readVSwitchIPv6(c *call, n compute.Network, enableParam string, extra map[string]string) error {
	enable, err := optionalBool(c, enableParam)
	if err != nil {
		return err
	}
	if s := c.params.get("VpcIpv6CidrBlock"); s != "" {
		p, err := netip.ParsePrefix(s)
		if err != nil || !ipv6Enabled(n.Extra) || p != vpcIPv6Block(n) {
			return invalidParameter("VpcIpv6CidrBlock")
		}
	}
	if s := c.params.get("Ipv6CidrBlock"); s != "" {
		i, err := strconv.Atoi(s)
		if err != nil || i < 0 || i > 255 {
			return invalidParameter("Ipv6CidrBlock")
		}
		extra[extraIPv6Index] = strconv.Itoa(i)
		if enable == nil {
			t := true
			enable = &t
		}
	}
	if enable == nil {
		return nil
	}
	if !*enable {
		delete(extra, extraIPv6)
		delete(extra, extraIPv6Index)
		return nil
	}
	if !ipv6Enabled(n.Extra) {
		return errVpcIPv6Disabled
	}
	extra[extraIPv6] = "true"
	if extra[extraIPv6Index] == "" {
		extra[extraIPv6Index] = "0"
	}
	return nil
}

// vswitchBlock reads a vSwitch's CidrBlock, which must lie in its VPC.
func vswitchBlock(c *call, n compute.Network) (netip.Prefix, error) {
	s, err := c.params.required("CidrBlock")
	if err != nil {
		return netip.Prefix{}, err
	}
	p, err := netip.ParsePrefix(s)
	if err != nil || !p.Addr().Is4() || p.Masked() != p {
		return netip.Prefix{}, errCidrMalformed
	}
	if p.Bits() < 16 || p.Bits() > 29 {
		return netip.Prefix{}, &apiError{http.StatusBadRequest, "InvalidCirdrBlock.MaskLength", "Specified CIDR block is not valid ."}
	}
	if !n.CIDR.Contains(p.Addr()) || p.Bits() < n.CIDR.Bits() {
		return netip.Prefix{}, errCidrOutsideVpc
	}
	return p, nil
}

func (h *Handler) createVSwitch(c *call) (any, error) {
	region, err := h.region(c)
	if err != nil {
		return nil, err
	}
	zoneID, err := c.params.required("ZoneId")
	if err != nil {
		return nil, err
	}
	if _, err := h.Svc.ZoneIn(compute.CloudAliyun, region.ID, compute.ZoneID(zoneID)); err != nil {
		return nil, err
	}
	n, err := h.network(c, "VpcId")
	if err != nil {
		return nil, err
	}
	block, err := vswitchBlock(c, n)
	if err != nil {
		return nil, err
	}
	name, _, err := optionalName(c, "VSwitchName", vswitchNameRule)
	if err != nil {
		return nil, err
	}
	desc, _, err := optionalName(c, "Description", vswitchDescRule)
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
	extra := map[string]string{}
	if err := readVSwitchIPv6(c, n, "", extra); err != nil {
		return nil, err
	}
	return h.makeVSwitch(c, n, compute.SubnetSpec{
		Owner: c.owner, Network: n.ID, Zone: compute.ZoneID(zoneID), CIDR: block, Name: name, Description: desc,
		ResourceGroup: n.ResourceGroup, Tags: ts, Extra: withToken(extra, token),
	}, token)
}

// makeVSwitch creates a vSwitch once per client token, within the VPC's
// quota.
func (h *Handler) makeVSwitch(c *call, n compute.Network, spec compute.SubnetSpec, token string) (any, error) {
	siblings, err := h.Svc.Subnets(c.ctx(), c.owner, compute.Filter{Links: []compute.LinkFilter{{Attr: compute.LinkNetwork, Values: []string{string(n.ID)}}}})
	if err != nil {
		return nil, err
	}
	for _, s := range siblings {
		if token != "" && s.Extra[extraClientToken] == token {
			return createVSwitchResponse{c.requestID, string(s.ID)}, nil
		}
	}
	if len(siblings) >= maxVSwitchesPerVpc {
		return nil, errVSwitchQuota
	}
	if n.Status != compute.ReadinessAvailable {
		return nil, errIncorrectVpc
	}
	sub, err := h.Svc.CreateSubnet(c.ctx(), spec)
	if err != nil {
		return nil, err
	}
	return createVSwitchResponse{c.requestID, string(sub.ID)}, nil
}

// createDefaultVSwitch makes the default vSwitch of a zone in the region's
// default VPC, in its next free /20.
func (h *Handler) createDefaultVSwitch(c *call) (any, error) {
	region, err := h.region(c)
	if err != nil {
		return nil, err
	}
	zoneID, err := c.params.required("ZoneId")
	if err != nil {
		return nil, err
	}
	if _, err := h.Svc.ZoneIn(compute.CloudAliyun, region.ID, compute.ZoneID(zoneID)); err != nil {
		return nil, err
	}
	token, err := clientToken(c)
	if err != nil {
		return nil, err
	}
	nets, err := h.Svc.Networks(c.ctx(), c.owner, compute.Filter{Region: region.ID})
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(nets, func(n compute.Network) bool { return n.IsDefault })
	if i < 0 {
		return nil, errNoDefaultVpc
	}
	n := nets[i]
	extra := map[string]string{}
	if err := readVSwitchIPv6(c, n, "", extra); err != nil {
		return nil, err
	}
	return h.makeVSwitch(c, n, compute.SubnetSpec{
		Owner: c.owner, Network: n.ID, Zone: compute.ZoneID(zoneID), IsDefault: true,
		ResourceGroup: n.ResourceGroup, Extra: withToken(extra, token),
	}, token)
}

func (h *Handler) modifyVSwitchAttribute(c *call) (any, error) {
	s, err := h.subnet(c, "VSwitchId")
	if err != nil {
		return nil, err
	}
	name, nameSet, err := optionalName(c, "VSwitchName", vswitchNameRule)
	if err != nil {
		return nil, err
	}
	desc, descSet, err := optionalName(c, "Description", vswitchDescRule)
	if err != nil {
		return nil, err
	}
	n, err := h.networkByID(c, s.Region, s.Network)
	if err != nil {
		return nil, err
	}
	extra := cloneExtra(s.Extra)
	if err := readVSwitchIPv6(c, n, "EnableIPv6", extra); err != nil {
		return nil, err
	}
	_, err = h.Svc.ModifySubnet(c.ctx(), c.owner, s.ID, func(m *compute.Subnet) error {
		if nameSet {
			m.Name = name
		}
		if descSet {
			m.Description = desc
		}
		m.Extra = extra
		return nil
	})
	if err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

func (h *Handler) deleteVSwitch(c *call) (any, error) {
	if _, err := h.region(c); err != nil {
		return nil, err
	}
	dry, err := dryRun(c)
	if err != nil {
		return nil, err
	}
	s, err := h.subnet(c, "VSwitchId")
	if err != nil {
		return nil, err
	}
	if s.Status != compute.ReadinessAvailable {
		return nil, errIncorrectVSwitch
	}
	if err := h.Svc.DeleteSubnet(c.ctx(), c.owner, s.ID, dry); err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// optionalBool reads a Boolean parameter that may be absent: nil then.
func optionalBool(c *call, name string) (*bool, error) {
	if c.params.get(name) == "" {
		return nil, nil
	}
	v, err := c.params.boolean(name)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// pageOf returns one page of a listing filtered in full.
func pageOf[T any](all []T, pg page) []T { return kit.Page(all, pg.offset(), pg.size) }
