package zenlayer

import (
	"crypto/sha256"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// Global VPCs and their regional subnets. A VPC is a compute.Network with
// no region (the profile's NetworksSpanRegions); a subnet is a
// compute.Subnet of one region, across its zones.

// MTUs CreateVpc takes.
var vpcMTUs = []int{1300, 1500, 9000}

// vpcBlocks are the ranges a VPC's block must lie in (CreateVpc).
var vpcBlocks = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/9"), netip.MustParsePrefix("10.128.0.0/9"),
	netip.MustParsePrefix("172.16.0.0/12"), netip.MustParsePrefix("192.168.0.0/16"),
}

// Subnet stack types and IPv6 access types.
const (
	stackIPv4      = "IPv4"
	stackDual      = "IPv4_IPv6"
	stackIPv6      = "IPv6"
	ipv6Public     = "Public"
	ipv6Private    = "Private"
	ipv6MaskBits   = 64
	maxResourceIDs = 100
)

// publicIPv6Pool is where the /64 of a subnet with public IPv6 comes
// from: the documentation prefix of RFC 3849, so that no address ecsd
// shows belongs to anyone.
var publicIPv6Pool = netip.MustParsePrefix("2001:db8::/32")

type createVpcRequest struct {
	Name            *string `json:"name"`
	CidrBlock       *string `json:"cidrBlock"`
	Mtu             *int    `json:"mtu"`
	EnablePriIpv6   *bool   `json:"enablePriIpv6"`
	ResourceGroupID *string `json:"resourceGroupId"`
	Tags            *tagSet `json:"tags"`
}

type createVpcResponse struct {
	RequestID string `json:"requestId"`
	VpcID     string `json:"vpcId"`
}

// createVpc creates a global VPC, available at once.
func (h *Handler) createVpc(c *call) (any, error) {
	var req createVpcRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	name, err := required("name", req.Name)
	if err != nil {
		return nil, err
	}
	if err := checkName("name", name, 2, 63, ""); err != nil {
		return nil, err
	}
	block, err := requiredCIDR("cidrBlock", req.CidrBlock)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(vpcBlocks, func(p netip.Prefix) bool { return p.Bits() <= block.Bits() && p.Contains(block.Addr()) }) {
		return nil, &apiError{http.StatusBadRequest, "INVALID_PARAMETER_VPC_CIDR_BLOCK",
			"The CIDR block of a global VPC must lie within 10.0.0.0/9, 10.128.0.0/9, 172.16.0.0/12 or 192.168.0.0/16."}
	}
	if req.Mtu == nil {
		return nil, missingParameter("mtu")
	}
	if !slices.Contains(vpcMTUs, *req.Mtu) {
		return nil, invalidParameter("mtu", "must be 1300, 1500 or 9000")
	}
	group, err := resourceGroupOrDefault(req.ResourceGroupID)
	if err != nil {
		return nil, err
	}
	tags, err := createTags(req.Tags)
	if err != nil {
		return nil, err
	}
	extra := map[string]string{extraMTU: strconv.Itoa(*req.Mtu)}
	if req.EnablePriIpv6 != nil && *req.EnablePriIpv6 {
		extra[extraPrivateIPv6] = "true"
	}
	n, err := h.Svc.CreateNetwork(c.ctx(), compute.NetworkSpec{
		Owner: c.owner, CIDR: block, Name: name, ResourceGroup: group, Tags: tags, Extra: extra,
	})
	if err != nil {
		return nil, err
	}
	return createVpcResponse{RequestID: c.requestID, VpcID: string(n.ID)}, nil
}

type describeVpcsRequest struct {
	VpcIDs          []string `json:"vpcIds"`
	Name            *string  `json:"name"`
	CidrBlock       *string  `json:"cidrBlock"`
	PageSize        *int     `json:"pageSize"`
	PageNum         *int     `json:"pageNum"`
	ResourceGroupID *string  `json:"resourceGroupId"`
	TagKeys         []string `json:"tagKeys"`
	Tags            []tag    `json:"tags"`
}

type vpcInfo struct {
	VpcID           string            `json:"vpcId"`
	Name            string            `json:"name"`
	CidrBlock       string            `json:"cidrBlock"`
	IPv6CidrBlock   string            `json:"ipv6CidrBlock,omitempty"`
	Mtu             int               `json:"mtu"`
	IsDefault       bool              `json:"isDefault"`
	CreateTime      string            `json:"createTime"`
	UsageIPv4Count  int               `json:"usageIpv4Count"`
	UsageIPv6Count  int               `json:"usageIpv6Count"`
	SecurityGroupID string            `json:"securityGroupId,omitempty"`
	DNSZoneIDs      []string          `json:"dnsZoneIds"`
	ResourceGroup   resourceGroupInfo `json:"resourceGroup"`
	Tags            tagSet            `json:"tags"`
}

type describeVpcsResponse struct {
	RequestID  string    `json:"requestId"`
	TotalCount int       `json:"totalCount"`
	DataSet    []vpcInfo `json:"dataSet"`
}

// describeVpcs lists the account's VPCs, filtered and paged. ipv6CidrBlock
// is shown once private IPv6 is on, securityGroupId while a group is
// assigned; ecsd has no private DNS zones.
func (h *Handler) describeVpcs(c *call) (any, error) {
	var req describeVpcsRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	ids, err := resourceIDs("vpcIds", req.VpcIDs)
	if err != nil {
		return nil, err
	}
	p, err := paging(req.PageNum, req.PageSize)
	if err != nil {
		return nil, err
	}
	group, err := resourceGroup(req.ResourceGroupID)
	if err != nil {
		return nil, err
	}
	if err := checkTagFilters(req.TagKeys, req.Tags); err != nil {
		return nil, err
	}
	nets, err := h.Svc.Networks(c.ctx(), c.owner, compute.Filter{IDs: ids, Links: tagLinks(req.TagKeys, req.Tags)})
	if err != nil {
		return nil, err
	}
	nets = slices.DeleteFunc(nets, func(n compute.Network) bool {
		return set(req.Name) && !strings.Contains(n.Name, *req.Name) ||
			set(req.CidrBlock) && n.CIDR.String() != *req.CidrBlock ||
			group != "" && n.ResourceGroup != group
	})
	page := kit.Page(nets, p.offset(), p.size)
	used, err := h.usedIPv4(c, page)
	if err != nil {
		return nil, err
	}
	resp := describeVpcsResponse{RequestID: c.requestID, TotalCount: len(nets), DataSet: make([]vpcInfo, len(page))}
	for i, n := range page {
		resp.DataSet[i] = wireVpc(n, used[n.ID])
	}
	return resp, nil
}

// usedIPv4 counts the private IPv4 addresses handed out in each VPC's
// subnets.
func (h *Handler) usedIPv4(c *call, nets []compute.Network) (map[compute.NetworkID]int, error) {
	out := map[compute.NetworkID]int{}
	if len(nets) == 0 {
		return out, nil
	}
	ids := make([]string, len(nets))
	for i, n := range nets {
		ids[i] = string(n.ID)
	}
	subs, err := h.Svc.Subnets(c.ctx(), c.owner, compute.Filter{Links: []compute.LinkFilter{{Attr: compute.LinkNetwork, Values: ids}}})
	if err != nil {
		return nil, err
	}
	for _, s := range subs {
		out[s.Network] += s.TotalIPs - s.FreeIPs
	}
	return out, nil
}

func wireVpc(n compute.Network, usedIPv4 int) vpcInfo {
	mtu, _ := strconv.Atoi(n.Extra[extraMTU])
	v := vpcInfo{
		VpcID: string(n.ID), Name: n.Name, CidrBlock: n.CIDR.String(), Mtu: mtu, IsDefault: n.IsDefault,
		CreateTime: wireTime(n.CreatedAt), UsageIPv4Count: usedIPv4, SecurityGroupID: n.Extra[extraSecurityGroup],
		DNSZoneIDs: []string{}, ResourceGroup: wireResourceGroup(n.ResourceGroup), Tags: wireTags(n.Tags),
	}
	if n.Extra[extraPrivateIPv6] == "true" {
		v.IPv6CidrBlock = vpcIPv6Block(n.ID).String()
	}
	return v
}

// vpcIPv6Block is the private IPv6 block of a VPC: a unique local /48
// (fd00::/8) whose 40 bits come from the VPC's ID.
func vpcIPv6Block(id compute.NetworkID) netip.Prefix {
	sum := sha256.Sum256([]byte("vpc-ipv6/" + id))
	var a [16]byte
	a[0] = 0xfd
	copy(a[1:6], sum[:5])
	return netip.PrefixFrom(netip.AddrFrom16(a), 48)
}

// subnetIPv6Block is the /64 of a subnet with IPv6: within its VPC's /48
// for private access, within publicIPv6Pool for public access; the bits
// that choose it come from the subnet's ID.
func subnetIPv6Block(sub compute.Subnet) netip.Prefix {
	sum := sha256.Sum256([]byte("subnet-ipv6/" + sub.ID))
	var a [16]byte
	if sub.Extra[extraIPv6Type] == ipv6Private {
		a = vpcIPv6Block(sub.Network).Addr().As16()
		copy(a[6:8], sum[:2])
	} else {
		a = publicIPv6Pool.Addr().As16()
		copy(a[4:8], sum[:4])
	}
	return netip.PrefixFrom(netip.AddrFrom16(a), ipv6MaskBits)
}

type modifyVpcAttributeRequest struct {
	VpcID           *string `json:"vpcId"`
	VpcName         *string `json:"vpcName"`
	CidrBlock       *string `json:"cidrBlock"`
	EnableIPv6      *bool   `json:"enableIPv6"`
	SecurityGroupID *string `json:"securityGroupId"`
}

// modifyVpcAttribute renames a VPC, turns private IPv6 on (it cannot be
// turned off), or assigns it a security group. ecsd does not re-address a
// VPC: a cidrBlock other than the VPC's is refused.
func (h *Handler) modifyVpcAttribute(c *call) (any, error) {
	var req modifyVpcAttributeRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	id, err := requiredID("vpcId", req.VpcID)
	if err != nil {
		return nil, err
	}
	if req.VpcName != nil {
		if err := checkName("vpcName", *req.VpcName, 2, 63, ""); err != nil {
			return nil, err
		}
	}
	if set(req.SecurityGroupID) {
		if err := h.securityGroupExists(c, *req.SecurityGroupID); err != nil {
			return nil, err
		}
	}
	_, err = h.Svc.ModifyNetwork(c.ctx(), c.owner, compute.NetworkID(id), func(n *compute.Network) error {
		if set(req.CidrBlock) && *req.CidrBlock != n.CIDR.String() {
			return invalidParameter("cidrBlock", "ecsd does not change the block of a VPC (%s)", n.CIDR)
		}
		if req.EnableIPv6 != nil {
			on := n.Extra[extraPrivateIPv6] == "true"
			if on && !*req.EnableIPv6 {
				return invalidParameter("enableIPv6", "private IPv6 cannot be turned off once on")
			}
			if *req.EnableIPv6 {
				n.Extra = withExtra(n.Extra, extraPrivateIPv6, "true")
			}
		}
		if req.VpcName != nil {
			n.Name = *req.VpcName
		}
		if set(req.SecurityGroupID) {
			n.Extra = withExtra(n.Extra, extraSecurityGroup, *req.SecurityGroupID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ack(c), nil
}

type modifyVpcsAttributeRequest struct {
	VpcIDs []string `json:"vpcIds"`
	Name   *string  `json:"name"`
}

// modifyVpcsAttribute renames VPCs: all of them, or none when one is not
// found.
func (h *Handler) modifyVpcsAttribute(c *call) (any, error) {
	var req modifyVpcsAttributeRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	ids, err := requiredResourceIDs("vpcIds", req.VpcIDs)
	if err != nil {
		return nil, err
	}
	name, err := required("name", req.Name)
	if err != nil {
		return nil, err
	}
	if err := checkName("name", name, 2, 63, ""); err != nil {
		return nil, err
	}
	if err := h.allExist(c, compute.KindNetwork, ids); err != nil {
		return nil, err
	}
	for _, id := range ids {
		if _, err := h.Svc.ModifyNetwork(c.ctx(), c.owner, compute.NetworkID(id), func(n *compute.Network) error {
			n.Name = name
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return ack(c), nil
}

type vpcIDRequest struct {
	VpcID *string `json:"vpcId"`
}

// deleteVpc deletes a VPC with no subnet in it.
func (h *Handler) deleteVpc(c *call) (any, error) {
	var req vpcIDRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	id, err := requiredID("vpcId", req.VpcID)
	if err != nil {
		return nil, err
	}
	if err := h.Svc.DeleteNetwork(c.ctx(), c.owner, compute.NetworkID(id), false); err != nil {
		return nil, err
	}
	return ack(c), nil
}

type createSubnetRequest struct {
	VpcID            *string `json:"vpcId"`
	Name             *string `json:"name"`
	RegionID         *string `json:"regionId"`
	StackType        *string `json:"stackType"`
	CidrBlock        *string `json:"cidrBlock"`
	IPv6Type         *string `json:"ipv6Type"`
	DhcpOptionsSetID *string `json:"dhcpOptionsSetId"`
	IPv6CidrBlockID  *string `json:"ipv6CidrBlockId"`
	IPv6MaskLength   *int    `json:"ipv6MaskLength"`
}

type createSubnetResponse struct {
	RequestID string `json:"requestId"`
	SubnetID  string `json:"subnetId"`
}

// createSubnet creates a subnet of a VPC in a region, serving every zone
// of the region, available at once.
func (h *Handler) createSubnet(c *call) (any, error) {
	var req createSubnetRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	vpc, err := requiredID("vpcId", req.VpcID)
	if err != nil {
		return nil, err
	}
	name, err := required("name", req.Name)
	if err != nil {
		return nil, err
	}
	if err := checkName("name", name, 2, 63, ""); err != nil {
		return nil, err
	}
	region, err := required("regionId", req.RegionID)
	if err != nil {
		return nil, err
	}
	stack, err := required("stackType", req.StackType)
	if err != nil {
		return nil, err
	}
	switch stack {
	case stackIPv4, stackDual:
	case stackIPv6:
		return nil, invalidParameter("stackType", "ecsd does not model IPv6-only subnets; use IPv4 or IPv4_IPv6")
	default:
		return nil, invalidParameter("stackType", "%q is not IPv4, IPv4_IPv6 or IPv6", truncate(stack))
	}
	if set(req.DhcpOptionsSetID) {
		return nil, invalidParameter("dhcpOptionsSetId", "ecsd does not model DHCP options sets")
	}
	if set(req.IPv6CidrBlockID) {
		return nil, invalidParameter("ipv6CidrBlockId", "ecsd does not model IPv6 CIDR blocks of the account")
	}
	if req.IPv6MaskLength != nil && *req.IPv6MaskLength != ipv6MaskBits {
		return nil, invalidParameter("ipv6MaskLength", "ecsd gives every subnet a /64")
	}
	block, err := requiredCIDR("cidrBlock", req.CidrBlock)
	if err != nil {
		return nil, err
	}
	extra := map[string]string{extraStackType: stack}
	if stack == stackDual {
		v6, err := required("ipv6Type", req.IPv6Type)
		if err != nil {
			return nil, err
		}
		extra[extraIPv6Type] = v6
	} else if set(req.IPv6Type) {
		return nil, invalidParameter("ipv6Type", "an IPv4 subnet has no IPv6")
	}
	nets, err := h.Svc.Networks(c.ctx(), c.owner, compute.Filter{IDs: []string{vpc}})
	if err != nil {
		return nil, err
	}
	if len(nets) == 0 {
		return nil, notFound(compute.KindNetwork, vpc)
	}
	if err := checkIPv6Type(extra[extraIPv6Type], nets[0]); err != nil {
		return nil, err
	}
	if !nets[0].CIDR.Contains(block.Addr()) || block.Bits() < nets[0].CIDR.Bits() {
		return nil, &apiError{http.StatusBadRequest, "INVALID_PARAMETER_SUBNET_CIDR_NOT_BELONG_VPC",
			"The CIDR block of the subnet must lie within the VPC's " + nets[0].CIDR.String() + "."}
	}
	sub, err := h.Svc.CreateSubnet(c.ctx(), compute.SubnetSpec{
		Owner: c.owner, Network: compute.NetworkID(vpc), Region: compute.RegionID(region), CIDR: block, Name: name,
		ResourceGroup: nets[0].ResourceGroup, Extra: extra,
	})
	if err != nil {
		return nil, err
	}
	return createSubnetResponse{RequestID: c.requestID, SubnetID: string(sub.ID)}, nil
}

// checkIPv6Type checks a subnet's IPv6 access type against its VPC:
// private IPv6 needs the VPC's private IPv6 on.
func checkIPv6Type(v6 string, vpc compute.Network) error {
	switch v6 {
	case "", ipv6Public:
		return nil
	case ipv6Private:
		if vpc.Extra[extraPrivateIPv6] != "true" {
			return invalidParameter("ipv6Type", "VPC %s has no private IPv6", vpc.ID)
		}
		return nil
	}
	return invalidParameter("ipv6Type", "%q is not Public or Private", truncate(v6))
}

type describeSubnetsRequest struct {
	SubnetIDs        []string `json:"subnetIds"`
	Name             *string  `json:"name"`
	CidrBlock        *string  `json:"cidrBlock"`
	RegionID         *string  `json:"regionId"`
	PageSize         *int     `json:"pageSize"`
	PageNum          *int     `json:"pageNum"`
	VpcIDs           []string `json:"vpcIds"`
	DhcpOptionsSetID *string  `json:"dhcpOptionsSetId"`
}

type subnetInfo struct {
	SubnetID             string `json:"subnetId"`
	RegionID             string `json:"regionId"`
	Name                 string `json:"name"`
	CidrBlock            string `json:"cidrBlock"`
	GatewayIPAddress     string `json:"gatewayIpAddress"`
	IPv6CidrBlock        string `json:"ipv6CidrBlock,omitempty"`
	IPv6GatewayIPAddress string `json:"ipv6GatewayIpAddress,omitempty"`
	StackType            string `json:"stackType"`
	IPv6Type             string `json:"ipv6Type,omitempty"`
	VpcID                string `json:"vpcId"`
	VpcName              string `json:"vpcName"`
	UsageIPv4Count       int    `json:"usageIpv4Count"`
	UsageIPv6Count       int    `json:"usageIpv6Count"`
	CreateTime           string `json:"createTime"`
	IsDefault            bool   `json:"isDefault"`
	IPv6MaskLength       int    `json:"ipv6MaskLength,omitempty"`
}

type describeSubnetsResponse struct {
	RequestID  string       `json:"requestId"`
	TotalCount int          `json:"totalCount"`
	DataSet    []subnetInfo `json:"dataSet"`
}

// describeSubnets lists the account's subnets, filtered and paged. ecsd
// has no DHCP options sets, so a subnet shows none and that filter
// matches nothing.
func (h *Handler) describeSubnets(c *call) (any, error) {
	var req describeSubnetsRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	ids, err := resourceIDs("subnetIds", req.SubnetIDs)
	if err != nil {
		return nil, err
	}
	vpcs, err := resourceIDs("vpcIds", req.VpcIDs)
	if err != nil {
		return nil, err
	}
	p, err := paging(req.PageNum, req.PageSize)
	if err != nil {
		return nil, err
	}
	f := compute.Filter{IDs: ids}
	if set(req.RegionID) {
		f.Region = compute.RegionID(*req.RegionID)
	}
	if len(vpcs) > 0 {
		f.Links = []compute.LinkFilter{{Attr: compute.LinkNetwork, Values: vpcs}}
	}
	subs, err := h.Svc.Subnets(c.ctx(), c.owner, f)
	if err != nil {
		return nil, err
	}
	subs = slices.DeleteFunc(subs, func(s compute.Subnet) bool {
		return set(req.Name) && !strings.Contains(s.Name, *req.Name) ||
			set(req.CidrBlock) && s.CIDR.String() != *req.CidrBlock ||
			set(req.DhcpOptionsSetID)
	})
	page := kit.Page(subs, p.offset(), p.size)
	names, err := h.vpcNames(c, page)
	if err != nil {
		return nil, err
	}
	resp := describeSubnetsResponse{RequestID: c.requestID, TotalCount: len(subs), DataSet: make([]subnetInfo, len(page))}
	for i, s := range page {
		resp.DataSet[i] = wireSubnet(s, names[s.Network])
	}
	return resp, nil
}

// vpcNames returns the names of the subnets' VPCs.
func (h *Handler) vpcNames(c *call, subs []compute.Subnet) (map[compute.NetworkID]string, error) {
	out := map[compute.NetworkID]string{}
	var ids []string
	for _, s := range subs {
		if !slices.Contains(ids, string(s.Network)) {
			ids = append(ids, string(s.Network))
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	nets, err := h.Svc.Networks(c.ctx(), c.owner, compute.Filter{IDs: ids})
	for _, n := range nets {
		out[n.ID] = n.Name
	}
	return out, err
}

func wireSubnet(s compute.Subnet, vpcName string) subnetInfo {
	stack := s.Extra[extraStackType]
	if stack == "" {
		stack = stackIPv4
	}
	out := subnetInfo{
		SubnetID: string(s.ID), RegionID: string(s.Region), Name: s.Name, CidrBlock: s.CIDR.String(),
		GatewayIPAddress: s.CIDR.Addr().Next().String(), StackType: stack, VpcID: string(s.Network), VpcName: vpcName,
		UsageIPv4Count: s.TotalIPs - s.FreeIPs, CreateTime: wireTime(s.CreatedAt), IsDefault: s.IsDefault,
	}
	if stack == stackDual {
		v6 := subnetIPv6Block(s)
		out.IPv6CidrBlock, out.IPv6GatewayIPAddress = v6.String(), v6.Addr().Next().String()
		out.IPv6Type, out.IPv6MaskLength = s.Extra[extraIPv6Type], ipv6MaskBits
	}
	return out
}

type modifySubnetAttributeRequest struct {
	SubnetID   *string `json:"subnetId"`
	SubnetName *string `json:"subnetName"`
	CidrBlock  *string `json:"cidrBlock"`
}

// modifySubnetAttribute renames a subnet. ecsd does not re-address a
// subnet: a cidrBlock other than the subnet's (or empty, as the Terraform
// provider sends for IPv6-only subnets) is refused.
func (h *Handler) modifySubnetAttribute(c *call) (any, error) {
	var req modifySubnetAttributeRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	id, err := requiredID("subnetId", req.SubnetID)
	if err != nil {
		return nil, err
	}
	if req.SubnetName != nil {
		if err := checkName("subnetName", *req.SubnetName, 2, 63, ""); err != nil {
			return nil, err
		}
	}
	_, err = h.Svc.ModifySubnet(c.ctx(), c.owner, compute.SubnetID(id), func(s *compute.Subnet) error {
		if set(req.CidrBlock) && *req.CidrBlock != s.CIDR.String() {
			return invalidParameter("cidrBlock", "ecsd does not change the block of a subnet (%s)", s.CIDR)
		}
		if req.SubnetName != nil {
			s.Name = *req.SubnetName
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ack(c), nil
}

type modifySubnetsAttributeRequest struct {
	SubnetIDs []string `json:"subnetIds"`
	Name      *string  `json:"name"`
}

// modifySubnetsAttribute renames subnets: all, or none when one is not
// found.
func (h *Handler) modifySubnetsAttribute(c *call) (any, error) {
	var req modifySubnetsAttributeRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	ids, err := requiredResourceIDs("subnetIds", req.SubnetIDs)
	if err != nil {
		return nil, err
	}
	name, err := required("name", req.Name)
	if err != nil {
		return nil, err
	}
	if err := checkName("name", name, 2, 63, ""); err != nil {
		return nil, err
	}
	if err := h.allExist(c, compute.KindSubnet, ids); err != nil {
		return nil, err
	}
	for _, id := range ids {
		if _, err := h.Svc.ModifySubnet(c.ctx(), c.owner, compute.SubnetID(id), func(s *compute.Subnet) error {
			s.Name = name
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return ack(c), nil
}

type modifySubnetStackTypeRequest struct {
	SubnetID        *string `json:"subnetId"`
	StackType       *string `json:"stackType"`
	IPv6Type        *string `json:"ipv6Type"`
	IPv6CidrBlockID *string `json:"ipv6CidrBlockId"`
	IPv6MaskLength  *int    `json:"ipv6MaskLength"`
}

type modifySubnetStackTypeResponse struct {
	RequestID     string `json:"requestId"`
	IPv6CidrBlock string `json:"ipv6CidrBlock"`
}

// modifySubnetStackType adds IPv6 to an IPv4 subnet (stackType
// IPv4_IPv6), which is the one change ZEC allows, and answers the /64 it
// got.
func (h *Handler) modifySubnetStackType(c *call) (any, error) {
	var req modifySubnetStackTypeRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	id, err := requiredID("subnetId", req.SubnetID)
	if err != nil {
		return nil, err
	}
	stack, err := required("stackType", req.StackType)
	if err != nil {
		return nil, err
	}
	if stack != stackDual {
		return nil, invalidParameter("stackType", "a subnet's stack can only become IPv4_IPv6")
	}
	v6, err := required("ipv6Type", req.IPv6Type)
	if err != nil {
		return nil, err
	}
	if set(req.IPv6CidrBlockID) {
		return nil, invalidParameter("ipv6CidrBlockId", "ecsd does not model IPv6 CIDR blocks of the account")
	}
	if req.IPv6MaskLength != nil && *req.IPv6MaskLength != ipv6MaskBits {
		return nil, invalidParameter("ipv6MaskLength", "ecsd gives every subnet a /64")
	}
	subs, err := h.Svc.Subnets(c.ctx(), c.owner, compute.Filter{IDs: []string{id}})
	if err != nil {
		return nil, err
	}
	if len(subs) == 0 {
		return nil, notFound(compute.KindSubnet, id)
	}
	nets, err := h.Svc.Networks(c.ctx(), c.owner, compute.Filter{IDs: []string{string(subs[0].Network)}})
	if err != nil {
		return nil, err
	}
	if len(nets) == 1 {
		if err := checkIPv6Type(v6, nets[0]); err != nil {
			return nil, err
		}
	}
	sub, err := h.Svc.ModifySubnet(c.ctx(), c.owner, compute.SubnetID(id), func(s *compute.Subnet) error {
		if s.Extra[extraStackType] == stackDual {
			return &apiError{http.StatusBadRequest, "OPERATION_DENIED_SUBNET_STACK_TYPE", "The subnet has IPv6 already."}
		}
		s.Extra = withExtra(s.Extra, extraStackType, stackDual)
		s.Extra[extraIPv6Type] = v6
		return nil
	})
	if err != nil {
		return nil, err
	}
	return modifySubnetStackTypeResponse{RequestID: c.requestID, IPv6CidrBlock: subnetIPv6Block(sub).String()}, nil
}

type subnetIDRequest struct {
	SubnetID *string `json:"subnetId"`
}

// deleteSubnet deletes a subnet no instance uses.
func (h *Handler) deleteSubnet(c *call) (any, error) {
	var req subnetIDRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	id, err := requiredID("subnetId", req.SubnetID)
	if err != nil {
		return nil, err
	}
	if err := h.Svc.DeleteSubnet(c.ctx(), c.owner, compute.SubnetID(id), false); err != nil {
		return nil, err
	}
	return ack(c), nil
}

// withExtra returns extra (made when nil) with key set to value.
func withExtra(extra map[string]string, key, value string) map[string]string {
	if extra == nil {
		extra = map[string]string{}
	}
	extra[key] = value
	return extra
}
