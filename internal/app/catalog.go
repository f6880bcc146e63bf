package app

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/ecsd/ecsd/internal/compute"
)

// catalogFile is the JSON shape of a catalog file: for each cloud it names,
// the regions that replace ecsd's built-in ones.
//
//	{"aliyun": {"regions": [{"id": "cn-hangzhou", "name": "China (Hangzhou)",
//	  "local_name": "华东1（杭州）", "attributes": {"id_prefix": "bp"},
//	  "zones": [{"id": "cn-hangzhou-b", "name": "Hangzhou Zone B"}]}]}}
type catalogFile map[compute.Cloud]struct {
	Regions []struct {
		ID         string            `json:"id"`
		Name       string            `json:"name"`
		LocalName  string            `json:"local_name"`
		Attributes map[string]string `json:"attributes"`
		Zones      []struct {
			ID         string            `json:"id"`
			Name       string            `json:"name"`
			LocalName  string            `json:"local_name"`
			Attributes map[string]string `json:"attributes"`
		} `json:"zones"`
	} `json:"regions"`
}

// LoadCatalogs returns the built-in catalogs with those in the file at path
// (when path is not empty) replacing the clouds it names.
func LoadCatalogs(path string) (Catalogs, error) {
	catalogs := DefaultCatalogs()
	if path == "" {
		return catalogs, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading catalog file: %w", err)
	}
	var file catalogFile
	if err := json.Unmarshal(data, &file); err != nil {
		return nil, fmt.Errorf("catalog file %s is not valid JSON: %w", path, err)
	}
	for cloud, def := range file {
		if _, known := catalogs[cloud]; !known {
			return nil, fmt.Errorf("catalog file %s names cloud %q; ecsd knows %v", path, cloud, compute.Clouds)
		}
		var c compute.Catalog
		regions := map[string]bool{}
		zones := map[string]bool{}
		for _, r := range def.Regions {
			if r.ID == "" || regions[r.ID] {
				return nil, fmt.Errorf("catalog file %s: cloud %s has an empty or repeated region ID %q", path, cloud, r.ID)
			}
			regions[r.ID] = true
			region := compute.Region{ID: compute.RegionID(r.ID), Name: r.Name, LocalName: r.LocalName, Attributes: r.Attributes}
			for _, z := range r.Zones {
				if z.ID == "" || zones[z.ID] {
					return nil, fmt.Errorf("catalog file %s: cloud %s has an empty or repeated zone ID %q", path, cloud, z.ID)
				}
				zones[z.ID] = true
				region.Zones = append(region.Zones, compute.Zone{ID: compute.ZoneID(z.ID), Name: z.Name, LocalName: z.LocalName, Attributes: z.Attributes})
			}
			if len(region.Zones) == 0 {
				return nil, fmt.Errorf("catalog file %s: region %s of cloud %s has no zone", path, r.ID, cloud)
			}
			c.Regions = append(c.Regions, region)
		}
		if len(c.Regions) == 0 {
			return nil, fmt.Errorf("catalog file %s: cloud %s has no region", path, cloud)
		}
		catalogs[cloud] = c
	}
	return catalogs, nil
}
