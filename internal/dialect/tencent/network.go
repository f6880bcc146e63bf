package tencent

import (
	"crypto/sha256"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// VPC (version 2017-03-12): VPCs, their subnets and main route tables,
// security groups and their policies, the network interfaces and addresses
// of instances.

// vpcActions are the VPC actions ecsd serves.
var vpcActions = kit.Actions[*call]{
	"CreateVpc":                                  write((*Handler).createVpc),
	"DescribeVpcs":                               read((*Handler).describeVpcs),
	"ModifyVpcAttribute":                         write((*Handler).modifyVpcAttribute),
	"DeleteVpc":                                  write((*Handler).deleteVpc),
	"CreateSubnet":                               write((*Handler).createSubnet),
	"DescribeSubnets":                            read((*Handler).describeSubnets),
	"ModifySubnetAttribute":                      write((*Handler).modifySubnetAttribute),
	"DeleteSubnet":                               write((*Handler).deleteSubnet),
	"DescribeRouteTables":                        read((*Handler).describeRouteTables),
	"ReplaceRouteTableAssociation":               write((*Handler).replaceRouteTableAssociation),
	"CreateSecurityGroup":                        write((*Handler).createSecurityGroup),
	"DescribeSecurityGroups":                     read((*Handler).describeSecurityGroups),
	"ModifySecurityGroupAttribute":               write((*Handler).modifySecurityGroupAttribute),
	"DeleteSecurityGroup":                        write((*Handler).deleteSecurityGroup),
	"DescribeSecurityGroupAssociationStatistics": read((*Handler).describeSecurityGroupAssociationStatistics),
	"CreateSecurityGroupPolicies":                write((*Handler).createSecurityGroupPolicies),
	"DescribeSecurityGroupPolicies":              read((*Handler).describeSecurityGroupPolicies),
	"DeleteSecurityGroupPolicies":                write((*Handler).deleteSecurityGroupPolicies),
	"ModifySecurityGroupPolicies":                write((*Handler).modifySecurityGroupPolicies),
	"DescribeNetworkInterfaces":                  read((*Handler).describeNetworkInterfaces),
	"DescribeUsedIpAddress":                      read((*Handler).describeUsedIPAddress),
}

// What VPC keeps of a VPC or subnet beyond the core's model, in its Extra.
const (
	extraMulticast           = "enable_multicast"
	extraDNSServers          = "dns_servers" // comma-separated
	extraDomainName          = "domain_name"
	extraRouteVpcPublish     = "enable_route_vpc_publish"
	extraRouteVpcPublishV6   = "enable_route_vpc_publish_ipv6"
	extraEnableBroadcast     = "enable_broadcast"
	maxVpcName               = 60
	maxDNSServers            = 4
	mainRouteTableName       = "default"
	primaryInterfaceName     = "主网卡"
	usedIPResourceType       = "CVM"
	primaryInterfaceBusiness = "cvm"
)

// defaultDNSServers are the DNS servers of a VPC created without any.
var defaultDNSServers = []string{"183.60.83.19", "183.60.82.98"}

// privateBlocks are the blocks a VPC's CIDR must lie in.
var privateBlocks = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12"), netip.MustParsePrefix("192.168.0.0/16"),
}

func vpcNotFound(id string) *compute.Error {
	return &compute.Error{Code: compute.NotFound, Param: string(compute.KindNetwork), Value: id, Message: "VPC not found"}
}

// vpcPaging reads the Offset and Limit of the VPC listings, which the SDK
// sends as strings: Limit 20 by default, at most 100.
func vpcPaging(p params) (offset, limit int, err error) {
	read := func(name string, def, lo, hi int) (int, error) {
		v, ok := p.lookup(name)
		if !ok {
			return def, nil
		}
		var s string
		switch v := v.(type) {
		case string:
			s = v
		default:
			return 0, p.wrongType(name, "String")
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			return 0, invalidParameterf("The parameter `%s` must be a decimal number in a string.", name)
		}
		if n < lo || n > hi {
			return 0, invalidValuef("The value of `%s` must be between %d and %d.", name, lo, hi)
		}
		return n, nil
	}
	if offset, err = read("Offset", 0, 0, maxOffset); err != nil {
		return 0, 0, err
	}
	limit, err = read("Limit", defaultLimit, 1, maxLimit)
	return offset, limit, err
}

// boolString reads a boolean the VPC API takes as the string "true" or
// "false".
func boolString(p params, name string) (bool, bool, error) {
	s, ok, err := p.str(name)
	if err != nil || !ok {
		return false, false, err
	}
	switch s {
	case "true", "TRUE":
		return true, true, nil
	case "false", "FALSE":
		return false, true, nil
	}
	return false, false, invalidValuef("The value `%s` of `%s` is not true or false.", s, name)
}

type ispIPv6CidrBlock struct {
	IPv6CidrBlock string `json:"IPv6CidrBlock"`
	ISPType       string `json:"ISPType"`
	AddressType   string `json:"AddressType"`
}

type assistantCidr struct {
	VpcID         string   `json:"VpcId"`
	CidrBlock     string   `json:"CidrBlock"`
	AssistantType int      `json:"AssistantType"`
	SubnetSet     []subnet `json:"SubnetSet"`
}

type vpc struct {
	VpcName                   string             `json:"VpcName"`
	VpcID                     string             `json:"VpcId"`
	CidrBlock                 string             `json:"CidrBlock"`
	IsDefault                 bool               `json:"IsDefault"`
	EnableMulticast           bool               `json:"EnableMulticast"`
	CreatedTime               string             `json:"CreatedTime"`
	DNSServerSet              []string           `json:"DnsServerSet"`
	DomainName                string             `json:"DomainName"`
	DhcpOptionsID             string             `json:"DhcpOptionsId"`
	EnableDhcp                bool               `json:"EnableDhcp"`
	Ipv6CidrBlock             string             `json:"Ipv6CidrBlock"`
	TagSet                    []tag              `json:"TagSet"`
	AssistantCidrSet          []assistantCidr    `json:"AssistantCidrSet"`
	EnableRouteVpcPublish     bool               `json:"EnableRouteVpcPublish"`
	Ipv6CidrBlockSet          []ispIPv6CidrBlock `json:"Ipv6CidrBlockSet"`
	EnableRouteVpcPublishIpv6 bool               `json:"EnableRouteVpcPublishIpv6"`
}

func dnsServers(n compute.Network) []string {
	if s, ok := n.Extra[extraDNSServers]; ok {
		if s == "" {
			return []string{}
		}
		return strings.Split(s, ",")
	}
	return slices.Clone(defaultDNSServers)
}

func wireVpc(n compute.Network) vpc {
	return vpc{
		VpcName: n.Name, VpcID: string(n.ID), CidrBlock: n.CIDR.String(), IsDefault: n.IsDefault,
		EnableMulticast: n.Extra[extraMulticast] == "true", CreatedTime: localTime(n.CreatedAt),
		DNSServerSet: dnsServers(n), DomainName: n.Extra[extraDomainName], EnableDhcp: true,
		TagSet: wireTags(n.Tags), AssistantCidrSet: []assistantCidr{},
		EnableRouteVpcPublish: n.Extra[extraRouteVpcPublish] == "true", Ipv6CidrBlockSet: []ispIPv6CidrBlock{},
		EnableRouteVpcPublishIpv6: n.Extra[extraRouteVpcPublishV6] == "true",
	}
}

// readVpcSettings reads the settings CreateVpc and ModifyVpcAttribute
// share into extra.
func readVpcSettings(p params, extra map[string]string) error {
	if on, ok, err := boolString(p, "EnableMulticast"); err != nil {
		return err
	} else if ok {
		extra[extraMulticast] = strconv.FormatBool(on)
	}
	if servers, ok, err := p.strs("DnsServers"); err != nil {
		return err
	} else if ok && len(servers) > 0 {
		if len(servers) > maxDNSServers {
			return invalidValuef("A VPC has at most %d DNS servers.", maxDNSServers)
		}
		for _, s := range servers {
			if a, err := netip.ParseAddr(s); err != nil || !a.Is4() {
				return invalidValuef("The DNS server `%s` is not an IPv4 address.", s)
			}
		}
		extra[extraDNSServers] = strings.Join(servers, ",")
	}
	if domain, ok, err := p.str("DomainName"); err != nil {
		return err
	} else if ok {
		if len(domain) > 60 {
			return invalidValuef("The DomainName must not exceed 60 characters.")
		}
		extra[extraDomainName] = domain
	}
	for _, b := range []struct{ name, key string }{
		{"EnableRouteVpcPublish", extraRouteVpcPublish}, {"EnableRouteVpcPublishIpv6", extraRouteVpcPublishV6},
	} {
		if on, ok, err := p.boolean(b.name); err != nil {
			return err
		} else if ok {
			extra[b.key] = strconv.FormatBool(on)
		}
	}
	return nil
}

// checkVpcName applies the VPC rule for names: 1 to 60 characters.
func checkVpcName(what, name string) error {
	if name == "" {
		return missingParameter(what)
	}
	if len([]rune(name)) > maxVpcName {
		return invalidValuef("The %s must not exceed %d characters.", what, maxVpcName)
	}
	return nil
}

type createVpcResponse struct {
	Vpc       vpc    `json:"Vpc"`
	RequestID string `json:"RequestId"`
}

// createVpc creates a VPC in a private block of /12 to /28.
func (h *Handler) createVpc(c *call) (any, error) {
	p := c.params
	if err := p.only("VpcName", "CidrBlock", "EnableMulticast", "DnsServers", "DomainName", "Tags",
		"EnableRouteVpcPublish", "EnableRouteVpcPublishIpv6"); err != nil {
		return nil, err
	}
	name, _, err := p.str("VpcName")
	if err != nil {
		return nil, err
	}
	if err := checkVpcName("VpcName", name); err != nil {
		return nil, err
	}
	block, err := requiredStr(p, "CidrBlock")
	if err != nil {
		return nil, err
	}
	cidr, err := netip.ParsePrefix(block)
	if err != nil || !cidr.Addr().Is4() {
		return nil, &apiError{"InvalidParameterValue.Malformed", fmt.Sprintf("`%s` is not an IPv4 CIDR block.", block)}
	}
	if !slices.ContainsFunc(privateBlocks, func(b netip.Prefix) bool { return b.Bits() <= cidr.Bits() && b.Contains(cidr.Addr()) }) {
		return nil, &apiError{"InvalidParameterValue.Range", fmt.Sprintf("The VPC block `%s` must lie in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.", block)}
	}
	extra := map[string]string{extraMulticast: "false", extraRouteVpcPublish: "false", extraRouteVpcPublishV6: "false"}
	if err := readVpcSettings(p, extra); err != nil {
		return nil, err
	}
	tags, err := readTags(p, "Tags", "Key", "Value")
	if err != nil {
		return nil, err
	}
	n, err := h.Svc.CreateNetwork(c.ctx(), compute.NetworkSpec{Owner: c.owner, Region: c.region, CIDR: cidr, Name: name, Tags: tags, Extra: extra})
	if err != nil {
		return nil, err
	}
	return createVpcResponse{Vpc: wireVpc(n), RequestID: c.requestID}, nil
}

type describeVpcsResponse struct {
	TotalCount int    `json:"TotalCount"`
	VpcSet     []vpc  `json:"VpcSet"`
	RequestID  string `json:"RequestId"`
}

var vpcFilters = []string{"vpc-name", "is-default", "vpc-id", "cidr-block", "tag-key", "tag-value"}

// idList reads a list of IDs with prefix: at most 100, each well formed,
// else malformed.
func idList(p params, name, prefix string, malformed func(string) error) ([]string, error) {
	ids, _, err := p.strs(name)
	if err != nil {
		return nil, err
	}
	if len(ids) > maxIDs {
		return nil, &apiError{"InvalidParameterValue.LimitExceeded", fmt.Sprintf("At most %d IDs may be given in `%s`.", maxIDs, name)}
	}
	for _, id := range ids {
		if !wellFormed(id, prefix) {
			return nil, malformed(id)
		}
	}
	return ids, nil
}

func malformedVpcID(id string) error {
	return &apiError{"InvalidVpcId.Malformed", fmt.Sprintf("The VPC ID `%s` is malformed: it must be `vpc-` followed by 8 lower-case letters or digits.", id)}
}

func malformedSubnetID(id string) error {
	return &apiError{"InvalidParameterValue.Malformed", fmt.Sprintf("The subnet ID `%s` is malformed: it must be `subnet-` followed by 8 lower-case letters or digits.", id)}
}

// listingFilters reads the IDs and Filters of a VPC listing, which may not
// come together.
func listingFilters(p params, idsName, prefix string, malformed func(string) error, known []string) ([]string, map[string][]string, error) {
	ids, err := idList(p, idsName, prefix, malformed)
	if err != nil {
		return nil, nil, err
	}
	list, err := p.objects("Filters")
	if err != nil {
		return nil, nil, err
	}
	if len(ids) > 0 && len(list) > 0 {
		return nil, nil, &apiError{"InvalidParameterValue.Duplicate", fmt.Sprintf("The parameters `%s` and `Filters` cannot be given together.", idsName)}
	}
	filters, _, err := readFilters(list, known, true)
	return ids, filters, err
}

// describeVpcs lists the VPCs of the region by VpcIds or Filters; an
// unknown ID is left out.
func (h *Handler) describeVpcs(c *call) (any, error) {
	p := c.params
	if err := p.only("VpcIds", "Filters", "Offset", "Limit"); err != nil {
		return nil, err
	}
	ids, filters, err := listingFilters(p, "VpcIds", "vpc-", malformedVpcID, vpcFilters)
	if err != nil {
		return nil, err
	}
	offset, limit, err := vpcPaging(p)
	if err != nil {
		return nil, err
	}
	nets, err := h.Svc.Networks(c.ctx(), c.owner, compute.Filter{Region: c.region, IDs: ids})
	if err != nil {
		return nil, err
	}
	nets = slices.DeleteFunc(nets, func(n compute.Network) bool {
		for name, values := range filters {
			var ok bool
			switch name {
			case "vpc-name":
				ok = slices.ContainsFunc(values, func(v string) bool { return strings.Contains(n.Name, v) })
			case "is-default":
				ok = slices.Contains(values, strconv.FormatBool(n.IsDefault))
			case "vpc-id":
				ok = slices.Contains(values, string(n.ID))
			case "cidr-block":
				ok = slices.Contains(values, n.CIDR.String())
			default:
				ok = matchesMeta(n.Meta, n.Name, map[string][]string{name: values}, "")
			}
			if !ok {
				return true
			}
		}
		return false
	})
	page := kit.Page(nets, offset, limit)
	resp := describeVpcsResponse{TotalCount: len(nets), VpcSet: make([]vpc, len(page)), RequestID: c.requestID}
	for i, n := range page {
		resp.VpcSet[i] = wireVpc(n)
	}
	return resp, nil
}

// vpcID reads the VpcId a VPC action names, which must be well formed.
func vpcID(p params) (compute.NetworkID, error) {
	id, err := requiredStr(p, "VpcId")
	if err != nil {
		return "", err
	}
	if !wellFormed(id, "vpc-") {
		return "", malformedVpcID(id)
	}
	return compute.NetworkID(id), nil
}

// regionalVpc loads a VPC of the caller in the request's region.
func (h *Handler) regionalVpc(c *call, id compute.NetworkID) (compute.Network, error) {
	nets, err := h.Svc.Networks(c.ctx(), c.owner, compute.Filter{Region: c.region, IDs: []string{string(id)}})
	if err != nil {
		return compute.Network{}, err
	}
	if len(nets) == 0 {
		return compute.Network{}, vpcNotFound(string(id))
	}
	return nets[0], nil
}

// modifyVpcAttribute renames a VPC and changes its settings.
func (h *Handler) modifyVpcAttribute(c *call) (any, error) {
	p := c.params
	if err := p.only("VpcId", "VpcName", "EnableMulticast", "DnsServers", "DomainName", "EnableRouteVpcPublish",
		"EnableCdcPublish", "EnableRouteVpcPublishIpv6"); err != nil {
		return nil, err
	}
	id, err := vpcID(p)
	if err != nil {
		return nil, err
	}
	name, nameGiven, err := p.str("VpcName")
	if err != nil {
		return nil, err
	}
	if nameGiven {
		if err := checkVpcName("VpcName", name); err != nil {
			return nil, err
		}
	}
	if err := refuseSet(p, "EnableCdcPublish"); err != nil {
		return nil, err
	}
	extra := map[string]string{}
	if err := readVpcSettings(p, extra); err != nil {
		return nil, err
	}
	if _, err := h.regionalVpc(c, id); err != nil {
		return nil, err
	}
	_, err = h.Svc.ModifyNetwork(c.ctx(), c.owner, id, func(n *compute.Network) error {
		if nameGiven {
			n.Name = name
		}
		for k, v := range extra {
			n.Extra = withExtra(n.Extra, k, v)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// deleteVpc deletes a VPC that holds nothing.
func (h *Handler) deleteVpc(c *call) (any, error) {
	p := c.params
	if err := p.only("VpcId"); err != nil {
		return nil, err
	}
	id, err := vpcID(p)
	if err != nil {
		return nil, err
	}
	if _, err := h.regionalVpc(c, id); err != nil {
		return nil, err
	}
	if err := h.Svc.DeleteNetwork(c.ctx(), c.owner, id, false); err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

type subnet struct {
	VpcID                   string `json:"VpcId"`
	SubnetID                string `json:"SubnetId"`
	SubnetName              string `json:"SubnetName"`
	CidrBlock               string `json:"CidrBlock"`
	IsDefault               bool   `json:"IsDefault"`
	EnableBroadcast         bool   `json:"EnableBroadcast"`
	Zone                    string `json:"Zone"`
	RouteTableID            string `json:"RouteTableId"`
	CreatedTime             string `json:"CreatedTime"`
	AvailableIPAddressCount int    `json:"AvailableIpAddressCount"`
	Ipv6CidrBlock           string `json:"Ipv6CidrBlock"`
	NetworkACLID            string `json:"NetworkAclId"`
	IsRemoteVpcSnat         bool   `json:"IsRemoteVpcSnat"`
	TotalIPAddressCount     int    `json:"TotalIpAddressCount"`
	TagSet                  []tag  `json:"TagSet"`
	CdcID                   string `json:"CdcId"`
	IsCdcSubnet             int    `json:"IsCdcSubnet"`
}

func wireSubnet(s compute.Subnet) subnet {
	return subnet{
		VpcID: string(s.Network), SubnetID: string(s.ID), SubnetName: s.Name, CidrBlock: s.CIDR.String(),
		IsDefault: s.IsDefault, EnableBroadcast: s.Extra[extraEnableBroadcast] == "true", Zone: string(s.Zone),
		RouteTableID: mainRouteTableID(s.Network), CreatedTime: localTime(s.CreatedAt),
		AvailableIPAddressCount: s.FreeIPs, TotalIPAddressCount: s.TotalIPs, TagSet: wireTags(s.Tags),
	}
}

// mainRouteTableID is the ID of a VPC's main route table, derived from the
// VPC's: every subnet of the VPC is associated with it.
func mainRouteTableID(n compute.NetworkID) string {
	sum := sha256.Sum256([]byte("ecsd/tencent/rtb/" + n))
	b := make([]byte, 8)
	for i := range b {
		b[i] = lowerAlnum[int(sum[i])%len(lowerAlnum)]
	}
	return "rtb-" + string(b)
}

type createSubnetResponse struct {
	Subnet    subnet `json:"Subnet"`
	RequestID string `json:"RequestId"`
}

// createSubnet creates a subnet of a VPC in a zone of its region.
func (h *Handler) createSubnet(c *call) (any, error) {
	p := c.params
	if err := p.only("VpcId", "SubnetName", "CidrBlock", "Zone", "Tags", "CdcId"); err != nil {
		return nil, err
	}
	id, err := vpcID(p)
	if err != nil {
		return nil, err
	}
	name, _, err := p.str("SubnetName")
	if err != nil {
		return nil, err
	}
	if err := checkVpcName("SubnetName", name); err != nil {
		return nil, err
	}
	block, err := requiredStr(p, "CidrBlock")
	if err != nil {
		return nil, err
	}
	cidr, err := netip.ParsePrefix(block)
	if err != nil {
		return nil, &apiError{"InvalidParameterValue.Malformed", fmt.Sprintf("`%s` is not a CIDR block.", block)}
	}
	zone, err := requiredStr(p, "Zone")
	if err != nil {
		return nil, err
	}
	if err := refuseSet(p, "CdcId"); err != nil {
		return nil, err
	}
	tags, err := readTags(p, "Tags", "Key", "Value")
	if err != nil {
		return nil, err
	}
	if _, err := h.regionalVpc(c, id); err != nil {
		return nil, err
	}
	s, err := h.Svc.CreateSubnet(c.ctx(), compute.SubnetSpec{Owner: c.owner, Network: id, Zone: compute.ZoneID(zone), CIDR: cidr,
		Name: name, Tags: tags, Extra: map[string]string{extraEnableBroadcast: "false"}})
	if err != nil {
		return nil, err
	}
	return createSubnetResponse{Subnet: wireSubnet(s), RequestID: c.requestID}, nil
}

type describeSubnetsResponse struct {
	TotalCount int      `json:"TotalCount"`
	SubnetSet  []subnet `json:"SubnetSet"`
	NextToken  string   `json:"NextToken"`
	RequestID  string   `json:"RequestId"`
}

var subnetFilters = []string{"subnet-id", "vpc-id", "cidr-block", "is-default", "is-remote-vpc-snat", "subnet-name", "zone", "tag-key", "tag-value", "cdc-id", "is-cdc-subnet"}

// describeSubnets lists the subnets of the region by SubnetIds or Filters.
func (h *Handler) describeSubnets(c *call) (any, error) {
	p := c.params
	if err := p.only("SubnetIds", "Filters", "Offset", "Limit", "MaxResults", "NextToken"); err != nil {
		return nil, err
	}
	if err := refuseSet(p, "MaxResults", "NextToken"); err != nil {
		return nil, err
	}
	ids, filters, err := listingFilters(p, "SubnetIds", "subnet-", malformedSubnetID, subnetFilters)
	if err != nil {
		return nil, err
	}
	offset, limit, err := vpcPaging(p)
	if err != nil {
		return nil, err
	}
	subs, err := h.Svc.Subnets(c.ctx(), c.owner, compute.Filter{Region: c.region, IDs: ids})
	if err != nil {
		return nil, err
	}
	subs = slices.DeleteFunc(subs, func(s compute.Subnet) bool {
		w := wireSubnet(s)
		for name, values := range filters {
			var ok bool
			switch name {
			case "subnet-id":
				ok = slices.Contains(values, w.SubnetID)
			case "vpc-id":
				ok = slices.Contains(values, w.VpcID)
			case "cidr-block":
				ok = slices.Contains(values, w.CidrBlock)
			case "is-default":
				ok = slices.Contains(values, strconv.FormatBool(w.IsDefault))
			case "is-remote-vpc-snat":
				ok = slices.Contains(values, strconv.FormatBool(w.IsRemoteVpcSnat))
			case "subnet-name":
				ok = slices.ContainsFunc(values, func(v string) bool { return strings.Contains(s.Name, v) })
			case "zone":
				ok = slices.Contains(values, w.Zone)
			case "cdc-id":
				ok = slices.Contains(values, w.CdcID)
			case "is-cdc-subnet":
				ok = slices.Contains(values, strconv.Itoa(w.IsCdcSubnet))
			default:
				ok = matchesMeta(s.Meta, s.Name, map[string][]string{name: values}, "")
			}
			if !ok {
				return true
			}
		}
		return false
	})
	page := kit.Page(subs, offset, limit)
	resp := describeSubnetsResponse{TotalCount: len(subs), SubnetSet: make([]subnet, len(page)), RequestID: c.requestID}
	for i, s := range page {
		resp.SubnetSet[i] = wireSubnet(s)
	}
	return resp, nil
}

// subnetID reads the SubnetId a subnet action names.
func subnetID(p params) (compute.SubnetID, error) {
	id, err := requiredStr(p, "SubnetId")
	if err != nil {
		return "", err
	}
	if !wellFormed(id, "subnet-") {
		return "", malformedSubnetID(id)
	}
	return compute.SubnetID(id), nil
}

// regionalSubnet loads a subnet of the caller in the request's region.
func (h *Handler) regionalSubnet(c *call, id compute.SubnetID) (compute.Subnet, error) {
	subs, err := h.Svc.Subnets(c.ctx(), c.owner, compute.Filter{Region: c.region, IDs: []string{string(id)}})
	if err != nil {
		return compute.Subnet{}, err
	}
	if len(subs) == 0 {
		return compute.Subnet{}, &compute.Error{Code: compute.NotFound, Param: string(compute.KindSubnet), Value: string(id), Message: "subnet not found"}
	}
	return subs[0], nil
}

// modifySubnetAttribute renames a subnet or turns broadcast on or off.
func (h *Handler) modifySubnetAttribute(c *call) (any, error) {
	p := c.params
	if err := p.only("SubnetId", "SubnetName", "EnableBroadcast"); err != nil {
		return nil, err
	}
	id, err := subnetID(p)
	if err != nil {
		return nil, err
	}
	name, nameGiven, err := p.str("SubnetName")
	if err != nil {
		return nil, err
	}
	if nameGiven {
		if err := checkVpcName("SubnetName", name); err != nil {
			return nil, err
		}
	}
	broadcast, broadcastGiven, err := boolString(p, "EnableBroadcast")
	if err != nil {
		return nil, err
	}
	if _, err := h.regionalSubnet(c, id); err != nil {
		return nil, err
	}
	_, err = h.Svc.ModifySubnet(c.ctx(), c.owner, id, func(s *compute.Subnet) error {
		if nameGiven {
			s.Name = name
		}
		if broadcastGiven {
			s.Extra = withExtra(s.Extra, extraEnableBroadcast, strconv.FormatBool(broadcast))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// deleteSubnet deletes a subnet no instance uses.
func (h *Handler) deleteSubnet(c *call) (any, error) {
	p := c.params
	if err := p.only("SubnetId"); err != nil {
		return nil, err
	}
	id, err := subnetID(p)
	if err != nil {
		return nil, err
	}
	if _, err := h.regionalSubnet(c, id); err != nil {
		return nil, err
	}
	if err := h.Svc.DeleteSubnet(c.ctx(), c.owner, id, false); err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

type routeTableAssociation struct {
	SubnetID     string `json:"SubnetId"`
	RouteTableID string `json:"RouteTableId"`
}

type routeEntry struct {
	DestinationCidrBlock     string `json:"DestinationCidrBlock"`
	GatewayType              string `json:"GatewayType"`
	GatewayID                string `json:"GatewayId"`
	RouteID                  int    `json:"RouteId"`
	RouteDescription         string `json:"RouteDescription"`
	Enabled                  bool   `json:"Enabled"`
	RouteType                string `json:"RouteType"`
	RouteTableID             string `json:"RouteTableId"`
	DestinationIpv6CidrBlock string `json:"DestinationIpv6CidrBlock"`
	RouteItemID              string `json:"RouteItemId"`
	PublishedToVbc           bool   `json:"PublishedToVbc"`
	CreatedTime              string `json:"CreatedTime"`
	CdcID                    string `json:"CdcId"`
}

type cidrForCcn struct {
	Cidr           string `json:"Cidr"`
	PublishedToVbc bool   `json:"PublishedToVbc"`
}

type routeTable struct {
	VpcID           string                  `json:"VpcId"`
	RouteTableID    string                  `json:"RouteTableId"`
	RouteTableName  string                  `json:"RouteTableName"`
	AssociationSet  []routeTableAssociation `json:"AssociationSet"`
	RouteSet        []routeEntry            `json:"RouteSet"`
	Main            bool                    `json:"Main"`
	CreatedTime     string                  `json:"CreatedTime"`
	TagSet          []tag                   `json:"TagSet"`
	LocalCidrForCcn []cidrForCcn            `json:"LocalCidrForCcn"`
}

type describeRouteTablesResponse struct {
	TotalCount    int          `json:"TotalCount"`
	RouteTableSet []routeTable `json:"RouteTableSet"`
	RequestID     string       `json:"RequestId"`
}

var routeTableFilters = []string{"route-table-id", "route-table-name", "vpc-id", "association.main", "association.subnet-id", "tag-key", "tag-value", "is-need-router-info"}

// describeRouteTables lists the main route table of each VPC: ecsd routes
// nothing beyond a VPC, so a VPC's table holds no route of the user's and
// every subnet is associated with it.
func (h *Handler) describeRouteTables(c *call) (any, error) {
	p := c.params
	if err := p.only("Filters", "RouteTableIds", "Offset", "Limit", "NeedRouterInfo"); err != nil {
		return nil, err
	}
	ids, filters, err := listingFilters(p, "RouteTableIds", "rtb-", func(id string) error {
		return &apiError{"InvalidRouteTableId.Malformed", fmt.Sprintf("The route table ID `%s` is malformed.", id)}
	}, routeTableFilters)
	if err != nil {
		return nil, err
	}
	offset, limit, err := vpcPaging(p)
	if err != nil {
		return nil, err
	}
	if _, _, err := p.boolean("NeedRouterInfo"); err != nil {
		return nil, err
	}
	nets, err := h.Svc.Networks(c.ctx(), c.owner, compute.Filter{Region: c.region})
	if err != nil {
		return nil, err
	}
	subs, err := h.Svc.Subnets(c.ctx(), c.owner, compute.Filter{Region: c.region})
	if err != nil {
		return nil, err
	}
	var all []routeTable
	for _, n := range nets {
		t := routeTable{VpcID: string(n.ID), RouteTableID: mainRouteTableID(n.ID), RouteTableName: mainRouteTableName,
			AssociationSet: []routeTableAssociation{}, RouteSet: []routeEntry{}, Main: true, CreatedTime: localTime(n.CreatedAt),
			TagSet: []tag{}, LocalCidrForCcn: []cidrForCcn{{Cidr: n.CIDR.String()}}}
		for _, s := range subs {
			if s.Network == n.ID {
				t.AssociationSet = append(t.AssociationSet, routeTableAssociation{string(s.ID), t.RouteTableID})
			}
		}
		if len(ids) > 0 && !slices.Contains(ids, t.RouteTableID) || !routeTableMatches(t, filters) {
			continue
		}
		all = append(all, t)
	}
	return describeRouteTablesResponse{TotalCount: len(all), RouteTableSet: kit.Page(all, offset, limit), RequestID: c.requestID}, nil
}

func routeTableMatches(t routeTable, filters map[string][]string) bool {
	for name, values := range filters {
		var ok bool
		switch name {
		case "route-table-id":
			ok = slices.Contains(values, t.RouteTableID)
		case "route-table-name":
			ok = slices.Contains(values, t.RouteTableName)
		case "vpc-id":
			ok = slices.Contains(values, t.VpcID)
		case "association.main":
			ok = slices.Contains(values, strconv.FormatBool(t.Main))
		case "association.subnet-id":
			ok = slices.ContainsFunc(t.AssociationSet, func(a routeTableAssociation) bool { return slices.Contains(values, a.SubnetID) })
		case "is-need-router-info":
			ok = true
		default: // route tables carry no tags
			ok = false
		}
		if !ok {
			return false
		}
	}
	return true
}

// replaceRouteTableAssociation associates a subnet with a route table of
// its VPC: the main one, the only one ecsd keeps, which it is associated
// with already.
func (h *Handler) replaceRouteTableAssociation(c *call) (any, error) {
	p := c.params
	if err := p.only("RouteTableId", "SubnetId"); err != nil {
		return nil, err
	}
	table, err := requiredStr(p, "RouteTableId")
	if err != nil {
		return nil, err
	}
	if !wellFormed(table, "rtb-") {
		return nil, &apiError{"InvalidRouteTableId.Malformed", fmt.Sprintf("The route table ID `%s` is malformed.", table)}
	}
	id, err := subnetID(p)
	if err != nil {
		return nil, err
	}
	s, err := h.regionalSubnet(c, id)
	if err != nil {
		return nil, err
	}
	if table != mainRouteTableID(s.Network) {
		nets, err := h.Svc.Networks(c.ctx(), c.owner, compute.Filter{Region: c.region})
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(nets, func(n compute.Network) bool { return mainRouteTableID(n.ID) == table }) {
			return nil, &apiError{"UnsupportedOperation.VpcMismatch", fmt.Sprintf("The route table `%s` is not in the subnet's VPC `%s`.", table, s.Network)}
		}
		return nil, &apiError{"InvalidRouteTableId.NotFound", fmt.Sprintf("The route table `%s` does not exist.", table)}
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

type privateIPAddressSpecification struct {
	PrivateIPAddress string `json:"PrivateIpAddress"`
	Primary          bool   `json:"Primary"`
	PublicIPAddress  string `json:"PublicIpAddress"`
	AddressID        string `json:"AddressId"`
	Description      string `json:"Description"`
	IsWanIPBlocked   bool   `json:"IsWanIpBlocked"`
	State            string `json:"State"`
	QosLevel         string `json:"QosLevel"`
}

type networkInterfaceAttachment struct {
	DeviceIndex       int    `json:"DeviceIndex"`
	InstanceAccountID string `json:"InstanceAccountId"`
	AttachTime        string `json:"AttachTime"`
	InstanceID        string `json:"InstanceId"`
}

type networkInterface struct {
	NetworkInterfaceID          string                          `json:"NetworkInterfaceId"`
	NetworkInterfaceName        string                          `json:"NetworkInterfaceName"`
	NetworkInterfaceDescription string                          `json:"NetworkInterfaceDescription"`
	SubnetID                    string                          `json:"SubnetId"`
	VpcID                       string                          `json:"VpcId"`
	GroupSet                    []string                        `json:"GroupSet"`
	Primary                     bool                            `json:"Primary"`
	MacAddress                  string                          `json:"MacAddress"`
	State                       string                          `json:"State"`
	NetworkInterfaceState       string                          `json:"NetworkInterfaceState"`
	PrivateIPAddressSet         []privateIPAddressSpecification `json:"PrivateIpAddressSet"`
	Attachment                  networkInterfaceAttachment      `json:"Attachment"`
	Zone                        string                          `json:"Zone"`
	CreatedTime                 string                          `json:"CreatedTime"`
	Ipv6AddressSet              []any                           `json:"Ipv6AddressSet"`
	TagSet                      []tag                           `json:"TagSet"`
	EniType                     int                             `json:"EniType"`
	Business                    string                          `json:"Business"`
	CdcID                       string                          `json:"CdcId"`
	AttachType                  int                             `json:"AttachType"`
	ResourceID                  string                          `json:"ResourceId"`
	QosLevel                    string                          `json:"QosLevel"`
}

// wireInterface spells the primary network interface of an instance.
func wireInterface(inst compute.Instance) networkInterface {
	ip := privateIPAddressSpecification{PrivateIPAddress: inst.PrivateIP.String(), Primary: true, State: "AVAILABLE"}
	if publicIPShown(inst) {
		ip.PublicIPAddress = inst.PublicIP.String()
	}
	groups := make([]string, len(inst.SecurityGroups))
	for i, g := range inst.SecurityGroups {
		groups[i] = string(g)
	}
	return networkInterface{
		NetworkInterfaceID: string(inst.NIC), NetworkInterfaceName: primaryInterfaceName, SubnetID: string(inst.Subnet),
		VpcID: string(inst.Network), GroupSet: groups, Primary: true, MacAddress: inst.MAC, State: "AVAILABLE",
		NetworkInterfaceState: "AVAILABLE", PrivateIPAddressSet: []privateIPAddressSpecification{ip},
		Attachment: networkInterfaceAttachment{InstanceAccountID: string(inst.Owner.Account), AttachTime: localTime(inst.CreatedAt), InstanceID: string(inst.ID)},
		Zone:       string(inst.Zone), CreatedTime: localTime(inst.CreatedAt), Ipv6AddressSet: []any{}, TagSet: []tag{},
		Business: primaryInterfaceBusiness,
	}
}

type describeNetworkInterfacesResponse struct {
	NetworkInterfaceSet []networkInterface `json:"NetworkInterfaceSet"`
	TotalCount          int                `json:"TotalCount"`
	RequestID           string             `json:"RequestId"`
}

var interfaceFilters = []string{
	"vpc-id", "subnet-id", "network-interface-id", "attachment.instance-id", "groups.security-group-id",
	"network-interface-name", "network-interface-description", "address-ip", "mac-address", "is-primary", "eni-type",
}

// describeNetworkInterfaces lists the primary network interfaces of the
// region's instances, the only ones ecsd keeps.
func (h *Handler) describeNetworkInterfaces(c *call) (any, error) {
	p := c.params
	if err := p.only("NetworkInterfaceIds", "Filters", "Offset", "Limit"); err != nil {
		return nil, err
	}
	ids, filters, err := listingFilters(p, "NetworkInterfaceIds", "eni-", func(id string) error {
		return &apiError{"InvalidParameterValue.NetworkInterfaceIdMalformed", fmt.Sprintf("The network interface ID `%s` is malformed.", id)}
	}, interfaceFilters)
	if err != nil {
		return nil, err
	}
	offset, limit, err := paging(p)
	if err != nil {
		return nil, err
	}
	insts, err := h.listAll(c, compute.Query{Owner: c.owner, Region: c.region})
	if err != nil {
		return nil, err
	}
	var all []networkInterface
	for _, inst := range insts {
		if inst.NIC == "" || len(ids) > 0 && !slices.Contains(ids, string(inst.NIC)) {
			continue
		}
		n := wireInterface(inst)
		if interfaceMatches(n, filters) {
			all = append(all, n)
		}
	}
	page := kit.Page(all, offset, limit)
	return describeNetworkInterfacesResponse{NetworkInterfaceSet: page, TotalCount: len(all), RequestID: c.requestID}, nil
}

func interfaceMatches(n networkInterface, filters map[string][]string) bool {
	for name, values := range filters {
		var ok bool
		switch name {
		case "vpc-id":
			ok = slices.Contains(values, n.VpcID)
		case "subnet-id":
			ok = slices.Contains(values, n.SubnetID)
		case "network-interface-id":
			ok = slices.Contains(values, n.NetworkInterfaceID)
		case "attachment.instance-id":
			ok = slices.Contains(values, n.Attachment.InstanceID)
		case "groups.security-group-id":
			ok = slices.ContainsFunc(n.GroupSet, func(g string) bool { return slices.Contains(values, g) })
		case "network-interface-name":
			ok = slices.Contains(values, n.NetworkInterfaceName)
		case "network-interface-description":
			ok = slices.Contains(values, n.NetworkInterfaceDescription)
		case "address-ip":
			ok = slices.ContainsFunc(n.PrivateIPAddressSet, func(a privateIPAddressSpecification) bool {
				return slices.Contains(values, a.PrivateIPAddress) || a.PublicIPAddress != "" && slices.Contains(values, a.PublicIPAddress)
			})
		case "mac-address":
			ok = slices.Contains(values, n.MacAddress)
		case "is-primary":
			ok = slices.Contains(values, strconv.FormatBool(n.Primary))
		case "eni-type":
			ok = slices.Contains(values, strconv.Itoa(n.EniType))
		default: // interfaces carry no tags
			ok = false
		}
		if !ok {
			return false
		}
	}
	return true
}

type ipAddressStates struct {
	VpcID        string `json:"VpcId"`
	SubnetID     string `json:"SubnetId"`
	IPAddress    string `json:"IpAddress"`
	ResourceType string `json:"ResourceType"`
	ResourceID   string `json:"ResourceId"`
}

type describeUsedIPAddressResponse struct {
	IPAddressStates []ipAddressStates `json:"IpAddressStates"`
	TotalCount      int               `json:"TotalCount"`
	RequestID       string            `json:"RequestId"`
}

// describeUsedIPAddress lists the private addresses of a VPC (or one of its
// subnets) that instances hold, or which of IpAddresses they hold.
func (h *Handler) describeUsedIPAddress(c *call) (any, error) {
	p := c.params
	if err := p.only("VpcId", "SubnetId", "IpAddresses", "Filters", "Offset", "Limit"); err != nil {
		return nil, err
	}
	id, err := vpcID(p)
	if err != nil {
		return nil, err
	}
	var sub compute.SubnetID
	if p.has("SubnetId") {
		if sub, err = subnetID(p); err != nil {
			return nil, err
		}
	}
	ips, _, err := p.strs("IpAddresses")
	if err != nil {
		return nil, err
	}
	if len(ips) > maxIDs {
		return nil, &apiError{"InvalidParameterValue.LimitExceeded", "At most 100 addresses may be given in one request."}
	}
	for _, ip := range ips {
		if _, err := netip.ParseAddr(ip); err != nil {
			return nil, &apiError{"InvalidParameterValue.Malformed", fmt.Sprintf("`%s` is not an IP address.", ip)}
		}
	}
	list, err := p.objects("Filters")
	if err != nil {
		return nil, err
	}
	if _, _, err := readFilters(list, []string{}, false); err != nil {
		return nil, err
	}
	offset, limit, err := paging(p)
	if err != nil {
		return nil, err
	}
	if _, err := h.regionalVpc(c, id); err != nil {
		return nil, err
	}
	if sub != "" {
		s, err := h.regionalSubnet(c, sub)
		if err != nil {
			return nil, err
		}
		if s.Network != id {
			return nil, &apiError{"UnsupportedOperation.VpcMismatch", fmt.Sprintf("The subnet `%s` is not in VPC `%s`.", sub, id)}
		}
	}
	q := compute.Query{Owner: c.owner, Region: c.region, Links: []compute.LinkFilter{{Attr: compute.LinkNetwork, Values: []string{string(id)}}}}
	if sub != "" {
		q.Links = append(q.Links, compute.LinkFilter{Attr: compute.LinkSubnet, Values: []string{string(sub)}})
	}
	if len(ips) > 0 {
		q.Links = append(q.Links, compute.LinkFilter{Attr: compute.LinkPrivateIP, Values: ips})
	}
	insts, err := h.listAll(c, q)
	if err != nil {
		return nil, err
	}
	all := make([]ipAddressStates, 0, len(insts))
	for _, inst := range insts {
		all = append(all, ipAddressStates{VpcID: string(inst.Network), SubnetID: string(inst.Subnet), IPAddress: inst.PrivateIP.String(),
			ResourceType: usedIPResourceType, ResourceID: string(inst.ID)})
	}
	return describeUsedIPAddressResponse{IPAddressStates: kit.Page(all, offset, limit), TotalCount: len(all), RequestID: c.requestID}, nil
}
