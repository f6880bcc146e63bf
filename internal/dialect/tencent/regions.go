package tencent

import (
	"slices"
	"strings"

	"github.com/ecsd/ecsd/internal/compute"
)

// Every region and zone in ecsd's catalog is open for business.
const stateAvailable = "AVAILABLE"

type regionInfo struct {
	Region      string `json:"Region"`
	RegionName  string `json:"RegionName"`
	RegionState string `json:"RegionState"`
}

type describeRegionsResponse struct {
	TotalCount int          `json:"TotalCount"`
	RegionSet  []regionInfo `json:"RegionSet"`
	RequestID  string       `json:"RequestId"`
}

type zoneInfo struct {
	Zone      string `json:"Zone"`
	ZoneName  string `json:"ZoneName"`
	ZoneID    string `json:"ZoneId"`
	ZoneState string `json:"ZoneState"`
}

type describeZonesResponse struct {
	TotalCount int        `json:"TotalCount"`
	ZoneSet    []zoneInfo `json:"ZoneSet"`
	RequestID  string     `json:"RequestId"`
}

// localName picks the name for the request's language: Chinese unless
// English was asked for, English when there is no Chinese one.
func localName(c *call, english, chinese string) string {
	if c.language == langEnglish || chinese == "" {
		return english
	}
	return chinese
}

// describeRegions lists every region; it needs no region of its own.
func (h *Handler) describeRegions(c *call) (any, error) {
	if err := c.params.only(); err != nil {
		return nil, err
	}
	regions := h.Svc.Catalog(compute.CloudTencent).Regions
	resp := describeRegionsResponse{TotalCount: len(regions), RegionSet: make([]regionInfo, len(regions)), RequestID: c.requestID}
	for i, r := range regions {
		resp.RegionSet[i] = regionInfo{Region: string(r.ID), RegionName: localName(c, r.Name, r.LocalName), RegionState: stateAvailable}
	}
	return resp, nil
}

// describeZones lists the zones of the request's region.
func (h *Handler) describeZones(c *call) (any, error) {
	if err := c.params.only(); err != nil {
		return nil, err
	}
	r, err := h.Svc.Region(compute.CloudTencent, c.region)
	if err != nil {
		return nil, err
	}
	resp := describeZonesResponse{TotalCount: len(r.Zones), ZoneSet: make([]zoneInfo, len(r.Zones)), RequestID: c.requestID}
	for i, z := range r.Zones {
		resp.ZoneSet[i] = zoneInfo{
			Zone: string(z.ID), ZoneName: localName(c, z.Name, z.LocalName),
			ZoneID: z.Attributes[AttrZoneID], ZoneState: stateAvailable,
		}
	}
	return resp, nil
}

// products the api service's DescribeZones knows; every zone of ecsd
// offers each of them.
var zoneProducts = []string{"cvm", "cbs", "vpc", "clb", "cdb", "redis", "mongodb", "postgres", "tke", "lighthouse"}

// describeProductZones lists the zones of the request's region where a
// product is sold: api's DescribeZones, which tencentcloud_availability_zones_by_product
// calls.
func (h *Handler) describeProductZones(c *call) (any, error) {
	p := c.params
	if err := p.only("Product"); err != nil {
		return nil, err
	}
	product, err := requiredStr(p, "Product")
	if err != nil {
		return nil, err
	}
	if !slices.Contains(zoneProducts, product) {
		return nil, invalidValuef("The product `%s` is not one of %s.", product, strings.Join(zoneProducts, ", "))
	}
	c.params = params{m: map[string]any{}}
	return h.describeZones(c)
}
