package aliyun

import (
	"github.com/ecsd/ecsd/internal/compute"
)

// DescribeNetworkInterfaces shows the primary network interface of each
// instance: ecsd models no secondary interfaces.

const (
	eniStatusInUse     = "InUse"
	eniTrafficStandard = "Standard"
	eniTimeLayout      = "2006-01-02T15:04:05Z"
	maxENIPageSize     = 1000
	maxENIResults      = 500
	minENIResults      = 10
)

type associatedPublicIP struct {
	PublicIPAddress string `json:"PublicIpAddress" xml:"PublicIpAddress"`
	AllocationID    string `json:"AllocationId" xml:"AllocationId"`
}

type eniPrivateIPSet struct {
	PrivateIPAddress   string             `json:"PrivateIpAddress" xml:"PrivateIpAddress"`
	Primary            bool               `json:"Primary" xml:"Primary"`
	AssociatedPublicIP associatedPublicIP `json:"AssociatedPublicIp" xml:"AssociatedPublicIp"`
}

type networkInterfaceSet struct {
	NetworkInterfaceID          string             `json:"NetworkInterfaceId" xml:"NetworkInterfaceId"`
	NetworkInterfaceName        string             `json:"NetworkInterfaceName" xml:"NetworkInterfaceName"`
	Description                 string             `json:"Description" xml:"Description"`
	Type                        string             `json:"Type" xml:"Type"`
	Status                      string             `json:"Status" xml:"Status"`
	InstanceID                  string             `json:"InstanceId" xml:"InstanceId"`
	ZoneID                      string             `json:"ZoneId" xml:"ZoneId"`
	VpcID                       string             `json:"VpcId" xml:"VpcId"`
	VSwitchID                   string             `json:"VSwitchId" xml:"VSwitchId"`
	MacAddress                  string             `json:"MacAddress" xml:"MacAddress"`
	PrivateIPAddress            string             `json:"PrivateIpAddress" xml:"PrivateIpAddress"`
	CreationTime                string             `json:"CreationTime" xml:"CreationTime"`
	ResourceGroupID             string             `json:"ResourceGroupId" xml:"ResourceGroupId"`
	OwnerID                     string             `json:"OwnerId" xml:"OwnerId"`
	ServiceManaged              bool               `json:"ServiceManaged" xml:"ServiceManaged"`
	ServiceID                   int64              `json:"ServiceID" xml:"ServiceID"`
	QueueNumber                 int                `json:"QueueNumber" xml:"QueueNumber"`
	QueuePairNumber             int                `json:"QueuePairNumber" xml:"QueuePairNumber"`
	NetworkInterfaceTrafficMode string             `json:"NetworkInterfaceTrafficMode" xml:"NetworkInterfaceTrafficMode"`
	DeleteOnRelease             bool               `json:"DeleteOnRelease" xml:"DeleteOnRelease"`
	SourceDestCheck             bool               `json:"SourceDestCheck" xml:"SourceDestCheck"`
	AssociatedPublicIP          associatedPublicIP `json:"AssociatedPublicIp" xml:"AssociatedPublicIp"`
	SecurityGroupIDs            securityGroupIDs   `json:"SecurityGroupIds" xml:"SecurityGroupIds"`
	PrivateIPSets               struct {
		PrivateIPSet []eniPrivateIPSet `json:"PrivateIpSet" xml:"PrivateIpSet"`
	} `json:"PrivateIpSets" xml:"PrivateIpSets"`
	Attachment struct {
		InstanceID              string `json:"InstanceId" xml:"InstanceId"`
		DeviceIndex             int    `json:"DeviceIndex" xml:"DeviceIndex"`
		NetworkCardIndex        int    `json:"NetworkCardIndex" xml:"NetworkCardIndex"`
		TrunkNetworkInterfaceID string `json:"TrunkNetworkInterfaceId" xml:"TrunkNetworkInterfaceId"`
	} `json:"Attachment" xml:"Attachment"`
	Ipv6Sets struct {
		Ipv6Set []struct {
			Ipv6Address string `json:"Ipv6Address" xml:"Ipv6Address"`
		} `json:"Ipv6Set" xml:"Ipv6Set"`
	} `json:"Ipv6Sets" xml:"Ipv6Sets"`
	Ipv4PrefixSets struct {
		Ipv4PrefixSet []struct {
			Ipv4Prefix string `json:"Ipv4Prefix" xml:"Ipv4Prefix"`
		} `json:"Ipv4PrefixSet" xml:"Ipv4PrefixSet"`
	} `json:"Ipv4PrefixSets" xml:"Ipv4PrefixSets"`
	Ipv6PrefixSets struct {
		Ipv6PrefixSet []struct {
			Ipv6Prefix string `json:"Ipv6Prefix" xml:"Ipv6Prefix"`
		} `json:"Ipv6PrefixSet" xml:"Ipv6PrefixSet"`
	} `json:"Ipv6PrefixSets" xml:"Ipv6PrefixSets"`
	Tags struct {
		Tag []instanceTag `json:"Tag" xml:"Tag"`
	} `json:"Tags" xml:"Tags"`
}

type describeNetworkInterfacesResponse struct {
	RequestID            string `json:"RequestId" xml:"RequestId"`
	TotalCount           int    `json:"TotalCount" xml:"TotalCount"`
	PageNumber           int    `json:"PageNumber" xml:"PageNumber"`
	PageSize             int    `json:"PageSize" xml:"PageSize"`
	NextToken            string `json:"NextToken" xml:"NextToken"`
	NetworkInterfaceSets struct {
		NetworkInterfaceSet []networkInterfaceSet `json:"NetworkInterfaceSet" xml:"NetworkInterfaceSet"`
	} `json:"NetworkInterfaceSets" xml:"NetworkInterfaceSets"`
}

// wireENI spells an instance's primary interface. Tags given at launch
// went on it too; it shows the instance's.
func (v views) wireENI(inst compute.Instance) networkInterfaceSet {
	t := v.itype(inst)
	ip := publicIP(inst)
	n := networkInterfaceSet{
		NetworkInterfaceID: string(inst.NIC), Type: nicPrimary, Status: eniStatusInUse, InstanceID: string(inst.ID),
		ZoneID: string(inst.Zone), VpcID: string(inst.Network), VSwitchID: string(inst.Subnet), MacAddress: inst.MAC,
		PrivateIPAddress: inst.PrivateIP.String(), CreationTime: inst.CreatedAt.UTC().Format(eniTimeLayout),
		ResourceGroupID: inst.ResourceGroup, OwnerID: string(inst.Owner.Account),
		QueueNumber:                 extraInt(inst, xQueueNumber, max(1, typeAttrInt(&t, AttrTypeQueues))),
		NetworkInterfaceTrafficMode: eniTrafficStandard, DeleteOnRelease: true, SourceDestCheck: true,
		AssociatedPublicIP: associatedPublicIP{PublicIPAddress: ip},
		SecurityGroupIDs:   securityGroupIDs{groupIDs(inst)},
	}
	n.PrivateIPSets.PrivateIPSet = []eniPrivateIPSet{{PrivateIPAddress: n.PrivateIPAddress, Primary: true, AssociatedPublicIP: n.AssociatedPublicIP}}
	n.Attachment.InstanceID = string(inst.ID)
	n.Ipv6Sets.Ipv6Set = []struct {
		Ipv6Address string `json:"Ipv6Address" xml:"Ipv6Address"`
	}{}
	n.Ipv4PrefixSets.Ipv4PrefixSet = []struct {
		Ipv4Prefix string `json:"Ipv4Prefix" xml:"Ipv4Prefix"`
	}{}
	n.Ipv6PrefixSets.Ipv6PrefixSet = []struct {
		Ipv6Prefix string `json:"Ipv6Prefix" xml:"Ipv6Prefix"`
	}{}
	n.Tags.Tag = instanceTags(inst.Tags)
	return n
}

// describeNetworkInterfaces lists the primary interfaces of the region's
// instances, with the filters ECS takes: interface IDs, instance, vSwitch,
// VPC, security group, addresses, tags and resource group go to the store;
// type, status, name and the others match primary interfaces or nothing.
func (h *Handler) describeNetworkInterfaces(c *call) (any, error) {
	p := c.params
	region, err := h.region(c)
	if err != nil {
		return nil, err
	}
	q := compute.Query{Owner: c.owner, Region: region.ID, ResourceGroup: p.get("ResourceGroupId"),
		Links: []compute.LinkFilter{{Attr: compute.LinkNIC}}}
	link := func(attr string, values ...string) {
		q.Links = append(q.Links, compute.LinkFilter{Attr: attr, Values: values})
	}
	enis, err := p.repeated("NetworkInterfaceId", invalidParameter("NetworkInterfaceId"))
	if err != nil {
		return nil, err
	}
	if len(enis) > 0 {
		link(compute.LinkNIC, enis...)
	}
	for param, attr := range map[string]string{"VSwitchId": compute.LinkSubnet, "VpcId": compute.LinkNetwork,
		"SecurityGroupId": compute.LinkSecurityGroup, "PrimaryIpAddress": compute.LinkPrivateIP} {
		if v := p.get(param); v != "" {
			link(attr, v)
		}
	}
	ips, err := p.repeated("PrivateIpAddress", invalidParameter("PrivateIpAddress"))
	if err != nil {
		return nil, err
	}
	if len(ips) > 0 {
		link(compute.LinkPrivateIP, ips...)
	}
	if id := p.get("InstanceId"); id != "" {
		q.IDs = []compute.InstanceID{compute.InstanceID(id)}
	}
	tagLinks, err := tagFilters(p)
	if err != nil {
		return nil, err
	}
	q.Links = append(q.Links, tagLinks...)
	typ, err := p.oneOf("Type", "", "Primary", "Secondary", "Trunk", "Member")
	if err != nil {
		return nil, invalidParameter("Type")
	}
	status, err := p.oneOf("Status", "", "Available", "Attaching", "InUse", "Detaching", "Deleting")
	if err != nil {
		return nil, invalidParameter("Status")
	}
	managed, err := p.boolean("ServiceManaged")
	if err != nil {
		return nil, err
	}
	none := typ != "" && typ != nicPrimary || status != "" && status != eniStatusInUse || managed ||
		p.get("NetworkInterfaceName") != "" || p.has("Ipv6Address.1")
	lp, err := readListPage(c, maxENIPageSize, minENIResults, minENIResults, maxENIResults)
	if err != nil {
		return nil, err
	}
	page := compute.Page{Instances: []compute.Instance{}}
	if !none {
		q.Offset, q.Limit = lp.offset, lp.limit
		if page, err = h.Svc.List(c.ctx(), q); err != nil {
			return nil, err
		}
	}
	v, err := h.views(c.ctx(), c.owner, page.Instances)
	if err != nil {
		return nil, err
	}
	resp := describeNetworkInterfacesResponse{RequestID: c.requestID, TotalCount: page.Total}
	resp.PageNumber, resp.PageSize, resp.NextToken = lp.answer(len(page.Instances), page.Total)
	resp.NetworkInterfaceSets.NetworkInterfaceSet = make([]networkInterfaceSet, len(page.Instances))
	for i, inst := range page.Instances {
		resp.NetworkInterfaceSets.NetworkInterfaceSet[i] = v.wireENI(inst)
	}
	return resp, nil
}
