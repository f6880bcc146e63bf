package zenlayer

import (
	"slices"

	"github.com/ecsd/ecsd/internal/compute"
)

type describeZonesRequest struct {
	ZoneIDs []string `json:"zoneIds"`
}

type zoneInfo struct {
	ZoneID               string `json:"zoneId"`
	ZoneName             string `json:"zoneName"`
	RegionID             string `json:"regionId"`
	CityName             string `json:"cityName"`
	TimeZone             string `json:"timeZone"`
	SupportSecurityGroup bool   `json:"supportSecurityGroup"`
}

type describeZonesResponse struct {
	RequestID string     `json:"requestId"`
	ZoneSet   []zoneInfo `json:"zoneSet"`
}

// describeZones lists the catalog's zones, or those among zoneIds; unknown
// IDs are left out, as a filter leaves out what does not match.
func (h *Handler) describeZones(c *call) (any, error) {
	var req describeZonesRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	resp := describeZonesResponse{RequestID: c.requestID, ZoneSet: []zoneInfo{}}
	for _, r := range h.Svc.Catalog(compute.CloudZenlayer).Regions {
		for _, z := range r.Zones {
			if len(req.ZoneIDs) > 0 && !slices.Contains(req.ZoneIDs, string(z.ID)) {
				continue
			}
			resp.ZoneSet = append(resp.ZoneSet, wireZone(r, z))
		}
	}
	return resp, nil
}

func wireZone(r compute.Region, z compute.Zone) zoneInfo {
	city := z.Attributes[AttrCity]
	if city == "" {
		city = r.Name
	}
	tz := z.Attributes[AttrTimeZone]
	if tz == "" {
		tz = "UTC"
	}
	name := z.Name
	if name == "" {
		name = string(z.ID)
	}
	return zoneInfo{
		ZoneID: string(z.ID), ZoneName: name, RegionID: string(r.ID),
		CityName: city, TimeZone: tz, SupportSecurityGroup: true,
	}
}
