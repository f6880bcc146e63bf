package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
)

// catalogFile is the JSON shape of a catalog file: for each cloud it names,
// lists that replace ecsd's built-in ones. Each list replaces the built-in
// one only when it is present; a cloud may give images alone, say, and keep
// the built-in regions.
//
//	{"aliyun": {
//	  "regions": [{"id": "cn-hangzhou", "name": "China (Hangzhou)",
//	    "local_name": "华东1（杭州）", "attributes": {"id_prefix": "bp"},
//	    "zones": [{"id": "cn-hangzhou-b", "name": "Hangzhou Zone B"}]}],
//	  "images": [{"id": "m-bp1custom", "name": "my-image", "os_type": "linux",
//	    "platform": "Ubuntu", "os_name": "Ubuntu  22.04 64位",
//	    "os_name_en": "Ubuntu  22.04 64 bit", "architecture": "x86_64",
//	    "size_gib": 20, "created_at": "2024-07-11T06:05:32Z"}],
//	  "instance_types": [{"id": "ecs.g7.large", "family": "ecs.g7", "cpu": 2,
//	    "memory_mib": 8192, "architecture": "x86_64", "zones": ["cn-hangzhou-b"]}],
//	  "disk_categories": [{"id": "cloud_essd", "min_gib": 20, "max_gib": 32768,
//	    "system_min_gib": 20, "system_max_gib": 2048}]}}
type catalogFile map[compute.Cloud]struct {
	Regions        *[]catalogRegion       `json:"regions"`
	Images         *[]catalogImage        `json:"images"`
	InstanceTypes  *[]catalogInstanceType `json:"instance_types"`
	DiskCategories *[]catalogDiskCategory `json:"disk_categories"`
}

type catalogRegion struct {
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
}

type catalogImage struct {
	ID           string            `json:"id"`
	Name         string            `json:"name"`
	Description  string            `json:"description"`
	OSType       string            `json:"os_type"`
	Platform     string            `json:"platform"`
	OSName       string            `json:"os_name"`
	OSNameEn     string            `json:"os_name_en"`
	Architecture string            `json:"architecture"`
	SizeGiB      int               `json:"size_gib"`
	CreatedAt    string            `json:"created_at"`
	Attributes   map[string]string `json:"attributes"`
}

type catalogInstanceType struct {
	ID           string            `json:"id"`
	Family       string            `json:"family"`
	CPU          int               `json:"cpu"`
	MemoryMiB    int               `json:"memory_mib"`
	GPU          int               `json:"gpu"`
	GPUType      string            `json:"gpu_type"`
	Architecture string            `json:"architecture"`
	Zones        []string          `json:"zones"`
	Attributes   map[string]string `json:"attributes"`
}

type catalogDiskCategory struct {
	ID           string `json:"id"`
	MinGiB       int    `json:"min_gib"`
	MaxGiB       int    `json:"max_gib"`
	SystemMinGiB int    `json:"system_min_gib"`
	SystemMaxGiB int    `json:"system_max_gib"`
}

// LoadCatalogs returns the built-in catalogs with the lists of the file at
// path (when path is not empty) replacing those of the clouds it names.
func LoadCatalogs(path string) (Catalogs, error) {
	catalogs := DefaultCatalogs()
	if path == "" {
		return catalogs, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading catalog file: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var file catalogFile
	if err := dec.Decode(&file); err != nil {
		return nil, fmt.Errorf("catalog file %s is not a valid catalog: %w", path, err)
	}
	for cloud, def := range file {
		c, known := catalogs[cloud]
		if !known {
			return nil, fmt.Errorf("catalog file %s names cloud %q; ecsd knows %v", path, cloud, compute.Clouds)
		}
		fail := func(format string, args ...any) error {
			return fmt.Errorf("catalog file %s: cloud %s: %s", path, cloud, fmt.Sprintf(format, args...))
		}
		if def.Regions != nil {
			if c.Regions, err = loadRegions(*def.Regions, fail); err != nil {
				return nil, err
			}
		}
		if def.Images != nil {
			if c.Images, err = loadImages(*def.Images, fail); err != nil {
				return nil, err
			}
		}
		if def.InstanceTypes != nil {
			if c.InstanceTypes, err = loadInstanceTypes(*def.InstanceTypes, fail); err != nil {
				return nil, err
			}
		}
		if def.DiskCategories != nil {
			if c.DiskCategories, err = loadDiskCategories(*def.DiskCategories, fail); err != nil {
				return nil, err
			}
		}
		if def.InstanceTypes != nil {
			// The file's types may name only the file's zones.
			for _, t := range c.InstanceTypes {
				for _, z := range t.Zones {
					if _, _, ok := c.Zone(z); !ok {
						return nil, fail("instance type %s is offered in zone %q, which none of the regions has", t.ID, z)
					}
				}
			}
		} else if def.Regions != nil {
			c.InstanceTypes = offeredIn(c, c.InstanceTypes)
		}
		catalogs[cloud] = c
	}
	return catalogs, nil
}

// offeredIn keeps built-in instance types to the zones of replaced
// regions: a type offered in some zones keeps those that remain, and goes
// when none does (an empty list would mean every zone).
func offeredIn(c compute.Catalog, types []compute.InstanceType) []compute.InstanceType {
	var out []compute.InstanceType
	for _, t := range types {
		if len(t.Zones) == 0 {
			out = append(out, t)
			continue
		}
		var zones []compute.ZoneID
		for _, z := range t.Zones {
			if _, _, ok := c.Zone(z); ok {
				zones = append(zones, z)
			}
		}
		if len(zones) > 0 {
			t.Zones = zones
			out = append(out, t)
		}
	}
	return out
}

func loadRegions(defs []catalogRegion, fail func(string, ...any) error) ([]compute.Region, error) {
	if len(defs) == 0 {
		return nil, fail("no region")
	}
	var out []compute.Region
	regions, zones := map[string]bool{}, map[string]bool{}
	for _, r := range defs {
		if r.ID == "" || regions[r.ID] {
			return nil, fail("an empty or repeated region ID %q", r.ID)
		}
		regions[r.ID] = true
		region := compute.Region{ID: compute.RegionID(r.ID), Name: r.Name, LocalName: r.LocalName, Attributes: r.Attributes}
		for _, z := range r.Zones {
			if z.ID == "" || zones[z.ID] {
				return nil, fail("an empty or repeated zone ID %q", z.ID)
			}
			zones[z.ID] = true
			region.Zones = append(region.Zones, compute.Zone{ID: compute.ZoneID(z.ID), Name: z.Name, LocalName: z.LocalName, Attributes: z.Attributes})
		}
		if len(region.Zones) == 0 {
			return nil, fail("region %s has no zone", r.ID)
		}
		out = append(out, region)
	}
	return out, nil
}

// Values an image or an instance type may take.
var (
	osTypes       = []string{"linux", "windows"}
	architectures = []string{"x86_64", "arm64", "i386"}
)

func oneOf(v string, allowed []string) bool {
	for _, a := range allowed {
		if v == a {
			return true
		}
	}
	return false
}

// loadImages reads images. An empty list is allowed: the cloud then
// accepts any image ID, as before catalogs listed images.
func loadImages(defs []catalogImage, fail func(string, ...any) error) ([]compute.Image, error) {
	out := make([]compute.Image, 0, len(defs))
	seen := map[string]bool{}
	for i, d := range defs {
		switch {
		case d.ID == "" || seen[d.ID]:
			return nil, fail("image %d has an empty or repeated ID %q", i+1, d.ID)
		case !oneOf(d.OSType, osTypes):
			return nil, fail("image %s: os_type %q is not one of %v", d.ID, d.OSType, osTypes)
		case !oneOf(d.Architecture, architectures):
			return nil, fail("image %s: architecture %q is not one of %v", d.ID, d.Architecture, architectures)
		case d.SizeGiB < 1:
			return nil, fail("image %s: size_gib must be at least 1", d.ID)
		}
		if d.CreatedAt != "" {
			if _, err := time.Parse(time.RFC3339, d.CreatedAt); err != nil {
				return nil, fail("image %s: created_at %q is not an RFC 3339 time", d.ID, d.CreatedAt)
			}
		}
		seen[d.ID] = true
		name := d.Name
		if name == "" {
			name = d.ID
		}
		out = append(out, compute.Image{
			ID: d.ID, Name: name, Description: d.Description, OSType: d.OSType, Platform: d.Platform,
			OSName: d.OSName, OSNameEn: d.OSNameEn, Architecture: d.Architecture, SizeGiB: d.SizeGiB,
			CreatedAt: d.CreatedAt, Attributes: d.Attributes,
		})
	}
	return out, nil
}

// loadInstanceTypes reads instance types. An empty list is allowed: the
// cloud then accepts any instance type.
func loadInstanceTypes(defs []catalogInstanceType, fail func(string, ...any) error) ([]compute.InstanceType, error) {
	out := make([]compute.InstanceType, 0, len(defs))
	seen := map[string]bool{}
	for i, d := range defs {
		switch {
		case d.ID == "" || seen[d.ID]:
			return nil, fail("instance type %d has an empty or repeated ID %q", i+1, d.ID)
		case d.Family == "":
			return nil, fail("instance type %s has no family", d.ID)
		case d.CPU < 1 || d.MemoryMiB < 1:
			return nil, fail("instance type %s: cpu and memory_mib must be at least 1", d.ID)
		case d.GPU < 0:
			return nil, fail("instance type %s: gpu must not be negative", d.ID)
		case !oneOf(d.Architecture, architectures):
			return nil, fail("instance type %s: architecture %q is not one of %v", d.ID, d.Architecture, architectures)
		}
		seen[d.ID] = true
		t := compute.InstanceType{
			ID: d.ID, Family: d.Family, CPU: d.CPU, MemoryMiB: d.MemoryMiB, GPU: d.GPU, GPUType: d.GPUType,
			Architecture: d.Architecture, Attributes: d.Attributes,
		}
		for _, z := range d.Zones {
			t.Zones = append(t.Zones, compute.ZoneID(z))
		}
		out = append(out, t)
	}
	return out, nil
}

// loadDiskCategories reads disk categories; a cloud needs at least one,
// since every instance has a disk.
func loadDiskCategories(defs []catalogDiskCategory, fail func(string, ...any) error) ([]compute.DiskCategory, error) {
	if len(defs) == 0 {
		return nil, fail("no disk category")
	}
	out := make([]compute.DiskCategory, 0, len(defs))
	seen := map[string]bool{}
	for i, d := range defs {
		switch {
		case d.ID == "" || seen[d.ID]:
			return nil, fail("disk category %d has an empty or repeated ID %q", i+1, d.ID)
		case d.MaxGiB == 0 && d.SystemMaxGiB == 0:
			return nil, fail("disk category %s is offered neither as a data disk (max_gib) nor as a system disk (system_max_gib)", d.ID)
		case d.MinGiB < 0 || d.MinGiB > d.MaxGiB:
			return nil, fail("disk category %s: min_gib %d and max_gib %d are not a range", d.ID, d.MinGiB, d.MaxGiB)
		case d.SystemMinGiB < 0 || d.SystemMinGiB > d.SystemMaxGiB:
			return nil, fail("disk category %s: system_min_gib %d and system_max_gib %d are not a range", d.ID, d.SystemMinGiB, d.SystemMaxGiB)
		}
		seen[d.ID] = true
		out = append(out, compute.DiskCategory{ID: d.ID, MinGiB: d.MinGiB, MaxGiB: d.MaxGiB, SystemMinGiB: d.SystemMinGiB, SystemMaxGiB: d.SystemMaxGiB})
	}
	return out, nil
}
