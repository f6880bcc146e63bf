package zenlayer

import (
	"github.com/ecsd/ecsd/internal/compute"
)

// Zone attributes this dialect reads from a catalog (a catalog file may set
// them); DescribeZones shows them as cityName and timeZone.
const (
	AttrCity     = "city"
	AttrTimeZone = "time_zone"
)

// DefaultCatalog is ecsd's built-in Zenlayer zone list: one zone in each of
// nine regions, named as ZEC names them (region asia-east-1, zone
// asia-east-1a). ZEC has no DescribeRegions; a zone's regionId is the
// region. Zenlayer publishes no full list: the IDs are ZEC's, and the cities
// of asia-east-1a (Shanghai), asia-southwest-1a (Singapore) and na-west-1a
// (Los Angeles) are as Zenlayer's CSI driver documents them; the others are
// ecsd's choice, replaceable by a catalog file.
func DefaultCatalog() compute.Catalog {
	defs := []struct{ region, city, timeZone string }{
		{"asia-east-1", "Shanghai", "Asia/Shanghai"},
		{"asia-southeast-1", "Hong Kong", "Asia/Hong_Kong"},
		{"asia-southwest-1", "Singapore", "Asia/Singapore"},
		{"asia-north-1", "Tokyo", "Asia/Tokyo"},
		{"asia-south-1", "Mumbai", "Asia/Kolkata"},
		{"na-west-1", "Los Angeles", "America/Los_Angeles"},
		{"na-east-1", "Ashburn", "America/New_York"},
		{"eu-west-1", "Frankfurt", "Europe/Berlin"},
		{"sa-east-1", "São Paulo", "America/Sao_Paulo"},
	}
	var c compute.Catalog
	for _, d := range defs {
		c.Regions = append(c.Regions, compute.Region{
			ID: compute.RegionID(d.region), Name: d.city, LocalName: d.city,
			Zones: []compute.Zone{{
				ID: compute.ZoneID(d.region + "a"), Name: d.city + " A", LocalName: d.city + " A",
				Attributes: map[string]string{AttrCity: d.city, AttrTimeZone: d.timeZone},
			}},
		})
	}
	return c
}
