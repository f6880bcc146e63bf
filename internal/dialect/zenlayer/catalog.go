package zenlayer

import (
	"strconv"

	"github.com/ecsd/ecsd/internal/compute"
)

// Zone attributes this dialect reads from a catalog (a catalog file may set
// them); DescribeZones shows them as cityName, timeZone, cityCode,
// countryCode and countryName.
const (
	AttrCity        = "city"
	AttrTimeZone    = "time_zone"
	AttrCityCode    = "city_code"
	AttrCountryCode = "country_code"
	AttrCountryName = "country_name"
)

// Image attributes: the version DescribeImages shows and the NIC modes an
// image supports (nicNetworkType), comma-free and joined by ';'.
const (
	attrImageVersion = "version"
	attrNICModes     = "nic_modes"
)

// Instance-type attributes: DescribeZoneInstanceConfigInfos's bps, pps and
// internetMaxBandwidthOutLimit.
const (
	attrBps          = "bps"
	attrPps          = "pps"
	attrMaxBandwidth = "max_bandwidth_out"
)

// Disk categories ZEC offers; the first is the default of every disk.
const (
	categoryStandard = "Standard NVMe SSD"
	categoryBasic    = "Basic NVMe SSD"
)

// DefaultCatalog is ecsd's built-in Zenlayer catalog.
//
// Zones: one in each of nine regions, named as ZEC names them (region
// asia-east-1, zone asia-east-1a). ZEC has no DescribeRegions; a zone's
// regionId is the region. Zenlayer publishes no full list: the IDs are
// ZEC's, and the cities of asia-east-1a (Shanghai), asia-southwest-1a
// (Singapore) and na-west-1a (Los Angeles) are as Zenlayer's CSI driver
// documents them; the others are ecsd's choice, replaceable by a catalog
// file.
//
// Images are public images named as in Zenlayer's DescribeImages example
// (ubuntu2404_20240712, "Ubuntu Server 24.04 LTS"); instance types are the
// z2a general-purpose family of Zenlayer's examples (z2a.cpu.N: N vCPUs, 2
// GiB each) and a memory family (z2a.mem.N: 4 GiB each); disk categories
// are ZEC's two, with ecsd's size limits.
func DefaultCatalog() compute.Catalog {
	defs := []struct{ region, city, timeZone, cityCode, countryCode, country string }{
		{"asia-east-1", "Shanghai", "Asia/Shanghai", "SHA", "CN", "China"},
		{"asia-southeast-1", "Hong Kong", "Asia/Hong_Kong", "HKG", "HK", "Hong Kong"},
		{"asia-southwest-1", "Singapore", "Asia/Singapore", "SIN", "SG", "Singapore"},
		{"asia-north-1", "Tokyo", "Asia/Tokyo", "TYO", "JP", "Japan"},
		{"asia-south-1", "Mumbai", "Asia/Kolkata", "BOM", "IN", "India"},
		{"na-west-1", "Los Angeles", "America/Los_Angeles", "LAX", "US", "United States"},
		{"na-east-1", "Ashburn", "America/New_York", "IAD", "US", "United States"},
		{"eu-west-1", "Frankfurt", "Europe/Berlin", "FRA", "DE", "Germany"},
		{"sa-east-1", "São Paulo", "America/Sao_Paulo", "SAO", "BR", "Brazil"},
	}
	var c compute.Catalog
	for _, d := range defs {
		c.Regions = append(c.Regions, compute.Region{
			ID: compute.RegionID(d.region), Name: d.city, LocalName: d.city,
			Zones: []compute.Zone{{
				ID: compute.ZoneID(d.region + "a"), Name: d.city + " A", LocalName: d.city + " A",
				Attributes: map[string]string{AttrCity: d.city, AttrTimeZone: d.timeZone,
					AttrCityCode: d.cityCode, AttrCountryCode: d.countryCode, AttrCountryName: d.country},
			}},
		})
	}
	allModes := "auto;vf,virtio;virtio;vf"
	images := []struct {
		id, name, category, os, version string
		size                            int
	}{
		{"ubuntu2404_20240712", "Ubuntu Server 24.04 LTS", "Ubuntu", "linux", "24.04", 20},
		{"ubuntu2204_20240712", "Ubuntu Server 22.04 LTS", "Ubuntu", "linux", "22.04", 20},
		{"debian12_20240712", "Debian 12", "Debian", "linux", "12", 20},
		{"rocky9_20240712", "Rocky Linux 9", "Rocky", "linux", "9", 20},
		{"almalinux9_20240712", "AlmaLinux 9", "AlmaLinux", "linux", "9", 20},
		{"centos7_20240712", "CentOS 7.9", "CentOS", "linux", "7.9", 20},
		{"freebsd14_20240712", "FreeBSD 14", "FreeBSD", "bsd", "14", 20},
		{"windows2022_20240712", "Windows Server 2022 Datacenter", "Windows", "windows", "2022", 40},
	}
	for _, im := range images {
		modes := allModes
		if im.os == "windows" {
			modes = "auto;virtio"
		}
		c.Images = append(c.Images, compute.Image{
			ID: im.id, Name: im.name, Description: im.name, OSType: im.os, Platform: im.category,
			OSName: im.name, OSNameEn: im.name, Architecture: "x86_64", SizeGiB: im.size, CreatedAt: "2024-07-12T00:00:00Z",
			Attributes: map[string]string{attrImageVersion: im.version, attrNICModes: modes},
		})
	}
	for _, family := range []struct {
		name      string
		gibPerCPU int
		cpus      []int
	}{{"cpu", 2, []int{1, 2, 4, 8, 16, 32}}, {"mem", 4, []int{2, 4, 8, 16}}} {
		for _, n := range family.cpus {
			c.InstanceTypes = append(c.InstanceTypes, compute.InstanceType{
				ID: "z2a." + family.name + "." + strconv.Itoa(n), Family: "z2a." + family.name,
				CPU: n, MemoryMiB: n * family.gibPerCPU * 1024, Architecture: "x86_64",
				Attributes: map[string]string{
					// One Gbit/s and 100 000 packets/s per vCPU, up to 25
					// Gbit/s; public bandwidth up to 5 Gbit/s.
					attrBps:          strconv.FormatInt(int64(min(n, 25))*1_000_000_000, 10),
					attrPps:          strconv.Itoa(min(n, 25) * 100_000),
					attrMaxBandwidth: "5000",
				},
			})
		}
	}
	for _, cat := range []string{categoryStandard, categoryBasic} {
		c.DiskCategories = append(c.DiskCategories, compute.DiskCategory{
			ID: cat, MinGiB: minDiskSize, MaxGiB: maxDiskSize, SystemMinGiB: minDiskSize, SystemMaxGiB: 2048,
		})
	}
	return c
}
