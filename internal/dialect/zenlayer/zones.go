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
	RegionID             string `json:"regionId"`
	ZoneName             string `json:"zoneName"`
	SupportSecurityGroup bool   `json:"supportSecurityGroup"`
	TimeZone             string `json:"timeZone"`
	CityName             string `json:"cityName"`
	CityCode             string `json:"cityCode"`
	CountryCode          string `json:"countryCode"`
	CountryName          string `json:"countryName"`
	SupportHaVip         bool   `json:"supportHaVip"`
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

// wireZone spells a zone. What a catalog file leaves out falls back to the
// region's name (the city), UTC, and the zone ID. Every zone supports
// security groups (the SDK marks the field deprecated for that reason);
// none supports HaVips, which ecsd does not model.
func wireZone(r compute.Region, z compute.Zone) zoneInfo {
	attr := func(key, fallback string) string {
		if v := z.Attributes[key]; v != "" {
			return v
		}
		return fallback
	}
	name := z.Name
	if name == "" {
		name = string(z.ID)
	}
	city := attr(AttrCity, r.Name)
	return zoneInfo{
		ZoneID: string(z.ID), RegionID: string(r.ID), ZoneName: name, SupportSecurityGroup: true,
		TimeZone: attr(AttrTimeZone, "UTC"), CityName: city, CityCode: attr(AttrCityCode, ""),
		CountryCode: attr(AttrCountryCode, ""), CountryName: attr(AttrCountryName, ""),
	}
}

// zoneTimeZone is the time zone of a zone: an instance's default.
func (h *Handler) zoneTimeZone(zone compute.ZoneID) string {
	r, z, err := h.Svc.Zone(compute.CloudZenlayer, zone)
	if err != nil {
		return "UTC"
	}
	return wireZone(r, z).TimeZone
}
