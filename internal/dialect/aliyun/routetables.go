package aliyun

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/ecsd/ecsd/internal/compute"
)

// Route tables. ecsd keeps none: every VPC has one system route table,
// named after it (routeTableID), that holds a local route per vSwitch and
// the route to Alibaba's cloud services, and whose name, description and
// route propagation live in the VPC's Extra.

// cloudServiceBlock is where Alibaba's cloud services answer from inside
// every VPC; its system route goes to them.
const cloudServiceBlock = "100.64.0.0/10"

var (
	routeTableNameRule = nameRule{min: 1, max: 128, err: &apiError{http.StatusBadRequest, "InvalidRouteTableName.Malformed", "The specified route table name is not valid."}}
	routeTableDescRule = nameRule{min: 1, max: 256, err: &apiError{http.StatusBadRequest, "InvalidDescription.Malformed", "The specified description is not valid."}}
	errRouteTable      = &apiError{http.StatusNotFound, "InvalidRouteTableId.NotFound", "The specified route table does not exist."}
)

type nextHopRelatedInfo struct {
	InstanceID   string `json:"InstanceId" xml:"InstanceId"`
	InstanceType string `json:"InstanceType" xml:"InstanceType"`
	RegionID     string `json:"RegionId" xml:"RegionId"`
}

type nextHop struct {
	NextHopID                string             `json:"NextHopId" xml:"NextHopId"`
	NextHopType              string             `json:"NextHopType" xml:"NextHopType"`
	Enabled                  int                `json:"Enabled" xml:"Enabled"`
	Weight                   int                `json:"Weight" xml:"Weight"`
	NextHopRegionID          string             `json:"NextHopRegionId" xml:"NextHopRegionId"`
	NextHopOppsiteInstanceID string             `json:"NextHopOppsiteInstanceId" xml:"NextHopOppsiteInstanceId"`
	NextHopOppsiteType       string             `json:"NextHopOppsiteType" xml:"NextHopOppsiteType"`
	NextHopOppsiteRegionID   string             `json:"NextHopOppsiteRegionId" xml:"NextHopOppsiteRegionId"`
	NextHopRelatedInfo       nextHopRelatedInfo `json:"NextHopRelatedInfo" xml:"NextHopRelatedInfo"`
}

type routePublishTarget struct {
	PublishStatus           string `json:"PublishStatus" xml:"PublishStatus"`
	PublishTargetType       string `json:"PublishTargetType" xml:"PublishTargetType"`
	PublishTargetInstanceID string `json:"PublishTargetInstanceId" xml:"PublishTargetInstanceId"`
}

type routeEntry struct {
	RouteEntryID             string `json:"RouteEntryId" xml:"RouteEntryId"`
	RouteEntryName           string `json:"RouteEntryName" xml:"RouteEntryName"`
	RouteTableID             string `json:"RouteTableId" xml:"RouteTableId"`
	DestinationCidrBlock     string `json:"DestinationCidrBlock" xml:"DestinationCidrBlock"`
	Type                     string `json:"Type" xml:"Type"`
	Status                   string `json:"Status" xml:"Status"`
	NextHopType              string `json:"NextHopType" xml:"NextHopType"`
	InstanceID               string `json:"InstanceId" xml:"InstanceId"`
	Description              string `json:"Description" xml:"Description"`
	IPVersion                string `json:"IpVersion" xml:"IpVersion"`
	Origin                   string `json:"Origin" xml:"Origin"`
	ServiceType              string `json:"ServiceType" xml:"ServiceType"`
	GmtModified              string `json:"GmtModified" xml:"GmtModified"`
	PrivateIPAddress         string `json:"PrivateIpAddress" xml:"PrivateIpAddress"`
	NextHopRegionID          string `json:"NextHopRegionId" xml:"NextHopRegionId"`
	NextHopOppsiteInstanceID string `json:"NextHopOppsiteInstanceId" xml:"NextHopOppsiteInstanceId"`
	NextHopOppsiteType       string `json:"NextHopOppsiteType" xml:"NextHopOppsiteType"`
	NextHopOppsiteRegionID   string `json:"NextHopOppsiteRegionId" xml:"NextHopOppsiteRegionId"`
	NextHops                 struct {
		NextHop []nextHop `json:"NextHop" xml:"NextHop"`
	} `json:"NextHops" xml:"NextHops"`
	RoutePublishTargets []routePublishTarget `json:"RoutePublishTargets" xml:"RoutePublishTargets"`
}

type routeEntrySet struct {
	RouteEntry []routeEntry `json:"RouteEntry" xml:"RouteEntry"`
}

// systemRouteEntries are the system routes of a VPC's route table: one to
// each vSwitch's block, next hop local, and one to the cloud services.
func systemRouteEntries(n compute.Network, vswitches []compute.Subnet) routeEntrySet {
	table := routeTableID(n.ID)
	entry := func(dest, hop, service string) routeEntry {
		e := routeEntry{
			RouteEntryID: fmt.Sprintf("rte-%s%04x", table[len("vtb-"):], stableHash(dest)&0xffff), RouteTableID: table,
			DestinationCidrBlock: dest, Type: "System", Status: "Available", NextHopType: hop, IPVersion: "ipv4",
			Origin: "System", ServiceType: service, GmtModified: resourceTime(n.CreatedAt), NextHopRegionID: string(n.Region),
		}
		e.NextHops.NextHop = []nextHop{}
		e.RoutePublishTargets = []routePublishTarget{}
		return e
	}
	out := routeEntrySet{RouteEntry: []routeEntry{}}
	for _, s := range vswitches {
		out.RouteEntry = append(out.RouteEntry, entry(s.CIDR.String(), "local", ""))
	}
	out.RouteEntry = append(out.RouteEntry, entry(cloudServiceBlock, "service", "CloudService"))
	return out
}

type routeTableListItem struct {
	RouteTableID           string     `json:"RouteTableId" xml:"RouteTableId"`
	RouteTableName         string     `json:"RouteTableName" xml:"RouteTableName"`
	RouteTableType         string     `json:"RouteTableType" xml:"RouteTableType"`
	Description            string     `json:"Description" xml:"Description"`
	VpcID                  string     `json:"VpcId" xml:"VpcId"`
	RouterID               string     `json:"RouterId" xml:"RouterId"`
	RouterType             string     `json:"RouterType" xml:"RouterType"`
	AssociateType          string     `json:"AssociateType" xml:"AssociateType"`
	Status                 string     `json:"Status" xml:"Status"`
	CreationTime           string     `json:"CreationTime" xml:"CreationTime"`
	OwnerID                int64      `json:"OwnerId" xml:"OwnerId"`
	ResourceGroupID        string     `json:"ResourceGroupId" xml:"ResourceGroupId"`
	RoutePropagationEnable bool       `json:"RoutePropagationEnable" xml:"RoutePropagationEnable"`
	VSwitchIDs             vSwitchIDs `json:"VSwitchIds" xml:"VSwitchIds"`
	GatewayIDs             struct {
		GatewayIDs []string `json:"GatewayIds" xml:"GatewayIds"`
	} `json:"GatewayIds" xml:"GatewayIds"`
	Tags vpcTagSet `json:"Tags" xml:"Tags"`
}

type describeRouteTableListResponse struct {
	RequestID string `json:"RequestId" xml:"RequestId"`
	// The classic SDK's struct carries the gateway's success envelope too.
	Success         bool   `json:"Success" xml:"Success"`
	Code            string `json:"Code" xml:"Code"`
	Message         string `json:"Message" xml:"Message"`
	TotalCount      int    `json:"TotalCount" xml:"TotalCount"`
	PageNumber      int    `json:"PageNumber" xml:"PageNumber"`
	PageSize        int    `json:"PageSize" xml:"PageSize"`
	RouterTableList struct {
		RouterTableListType []routeTableListItem `json:"RouterTableListType" xml:"RouterTableListType"`
	} `json:"RouterTableList" xml:"RouterTableList"`
}

type modifyRouteTableAttributesResponse struct {
	RequestID string `json:"RequestId" xml:"RequestId"`
	Success   bool   `json:"Success" xml:"Success"`
	Code      string `json:"Code" xml:"Code"`
	Message   string `json:"Message" xml:"Message"`
}

func wireRouteTable(n compute.Network, vc vpcContext) routeTableListItem {
	w := routeTableListItem{
		RouteTableID: routeTableID(n.ID), RouteTableName: n.Extra[extraRouteTableName], RouteTableType: "System",
		Description: n.Extra[extraRouteTableDesc], VpcID: string(n.ID), RouterID: routerID(n.ID), RouterType: "VRouter",
		AssociateType: "VSwitch", Status: "Available", CreationTime: resourceTime(n.CreatedAt), OwnerID: ownerID(n.Owner),
		ResourceGroupID: n.ResourceGroup, RoutePropagationEnable: n.Extra[extraRoutePropagated] != "false",
		Tags: vpcTags(nil),
	}
	w.VSwitchIDs.VSwitchID = vc.vswitchIDs(n.ID)
	w.GatewayIDs.GatewayIDs = []string{}
	return w
}

func (h *Handler) describeRouteTableList(c *call) (any, error) {
	region, err := h.region(c)
	if err != nil {
		return nil, err
	}
	pg, err := pageParams(c, defaultPageSize, vpcPageSizeMax)
	if err != nil {
		return nil, err
	}
	routerType, err := c.params.oneOf("RouterType", "", "VRouter", "VBR")
	if err != nil {
		return nil, err
	}
	tableType, err := c.params.oneOf("RouteTableType", "", "System", "Custom")
	if err != nil {
		return nil, err
	}
	filters, err := tagLinkFilters(c.params)
	if err != nil {
		return nil, err
	}
	nets, err := h.Svc.Networks(c.ctx(), c.owner, compute.Filter{Region: region.ID})
	if err != nil {
		return nil, err
	}
	vpc, table, router := c.params.get("VpcId"), c.params.get("RouteTableId"), c.params.get("RouterId")
	name, group := c.params.get("RouteTableName"), c.params.get("ResourceGroupId")
	nets = slices.DeleteFunc(nets, func(n compute.Network) bool {
		// Route tables carry no tags of their own in ecsd: a tag filter
		// matches none; so do custom tables and border routers.
		return len(filters) > 0 || tableType == "Custom" || routerType == "VBR" ||
			vpc != "" && string(n.ID) != vpc || table != "" && routeTableID(n.ID) != table ||
			router != "" && routerID(n.ID) != router || name != "" && n.Extra[extraRouteTableName] != name ||
			group != "" && n.ResourceGroup != group
	})
	vc, err := h.vpcContext(c, region.ID)
	if err != nil {
		return nil, err
	}
	resp := describeRouteTableListResponse{
		RequestID: c.requestID, Success: true, Code: "200", Message: "successful",
		TotalCount: len(nets), PageNumber: pg.number, PageSize: pg.size,
	}
	resp.RouterTableList.RouterTableListType = []routeTableListItem{}
	for _, n := range pageOf(nets, pg) {
		resp.RouterTableList.RouterTableListType = append(resp.RouterTableList.RouterTableListType, wireRouteTable(n, vc))
	}
	return resp, nil
}

// modifyRouteTableAttributes names and describes a system route table, and
// turns its route propagation on or off.
func (h *Handler) modifyRouteTableAttributes(c *call) (any, error) {
	id, err := c.params.required("RouteTableId")
	if err != nil {
		return nil, err
	}
	// Bandwidth and the resource IDs are the border router's; ecsd has none.
	if err := refuseSet(c, "Bandwidth", "KbpsBandwidth", "ResourceUid", "ResourceBid"); err != nil {
		return nil, err
	}
	region, err := h.optionalRegion(c)
	if err != nil {
		return nil, err
	}
	name, nameSet, err := optionalName(c, "RouteTableName", routeTableNameRule)
	if err != nil {
		return nil, err
	}
	desc, descSet, err := optionalName(c, "Description", routeTableDescRule)
	if err != nil {
		return nil, err
	}
	propagate, err := optionalBool(c, "RoutePropagationEnable")
	if err != nil {
		return nil, err
	}
	vpc, ok := networkOfRouteTable(id)
	if !ok {
		return nil, errRouteTable
	}
	n, err := h.networkByID(c, region, vpc)
	if compute.ErrorCode(err) == compute.NotFound {
		return nil, errRouteTable
	}
	if err != nil {
		return nil, err
	}
	extra := cloneExtra(n.Extra)
	set := func(key, value string, present bool) {
		switch {
		case !present:
		case value == "":
			delete(extra, key)
		default:
			extra[key] = value
		}
	}
	set(extraRouteTableName, name, nameSet)
	set(extraRouteTableDesc, desc, descSet)
	if propagate != nil {
		set(extraRoutePropagated, "false", !*propagate)
		set(extraRoutePropagated, "", *propagate)
	}
	if _, err := h.Svc.ModifyNetwork(c.ctx(), c.owner, n.ID, func(m *compute.Network) error { m.Extra = extra; return nil }); err != nil {
		return nil, err
	}
	return modifyRouteTableAttributesResponse{RequestID: c.requestID, Success: true, Code: "200", Message: "successful"}, nil
}
