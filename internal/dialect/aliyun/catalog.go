package aliyun

import (
	"fmt"
	"strings"

	"github.com/ecsd/ecsd/internal/compute"
)

// Region attributes this dialect reads from a catalog.
const (
	// AttrIDPrefix is the two characters that open the instance IDs of a
	// region, as ECS does ("bp" for Hangzhou: i-bp1...).
	AttrIDPrefix = "id_prefix"
	// AttrEndpoint is the region's API endpoint shown by DescribeRegions.
	AttrEndpoint = "endpoint"
)

// Image attributes this dialect reads from a catalog; each has a default
// (see imageAttr) for images a catalog file gives without it.
const (
	AttrImageFamily  = "image_family"
	AttrImageVersion = "image_version"
	AttrImageOwner   = "image_owner_alias" // system (the default), self, others, marketplace
	AttrBootMode     = "boot_mode"         // BIOS (the default) or UEFI
	AttrCloudInit    = "cloud_init"        // "true" when the image runs cloud-init
	AttrNonRootLogin = "login_as_non_root" // "true" when it supports ecs-user login
	AttrNvmeSupport  = "nvme_support"      // supported (the default) or unsupported
)

// Instance type attributes this dialect reads from a catalog. Each has a
// default derived from the type's family and size (see typeTraits) for
// types a catalog file gives without it.
const (
	AttrTypeGeneration     = "generation"        // ecs-5, ecs-6, ...
	AttrTypeCategory       = "instance_category" // General-purpose, ...
	AttrTypeFamilyLevel    = "family_level"      // EnterpriseLevel, EntryLevel, CreditEntryLevel
	AttrTypeProcessor      = "processor_model"   // physical processor
	AttrTypeCPUBaseGHz     = "cpu_base_ghz"      // base frequency
	AttrTypeCPUTurboGHz    = "cpu_turbo_ghz"     // turbo frequency
	AttrTypeBandwidthMbps  = "bandwidth_mbps"    // base internal bandwidth, Mbit/s
	AttrTypePPS            = "pps"               // packets per second
	AttrTypeENIs           = "eni_quantity"      // elastic network interfaces
	AttrTypeENIIPs         = "eni_private_ips"   // private IPv4 addresses per ENI
	AttrTypeENIIPv6s       = "eni_ipv6s"         // IPv6 addresses per ENI
	AttrTypeQueues         = "queues_per_eni"    // queues of the primary ENI
	AttrTypeBaselineCredit = "baseline_credit"   // burstable types only
	AttrTypeInitialCredit  = "initial_credit"    // burstable types only
	AttrTypeEssdEntry      = "essd_entry_disks"  // "true": may use cloud_essd_entry
	AttrTypeThreads        = "threads_per_core"  // 2 (the default) or 1
)

// DefaultCatalog is ecsd's built-in Alibaba Cloud catalog: a realistic
// subset of the public regions and zones, public images, instance types
// and disk categories, replaceable by a catalog file.
func DefaultCatalog() compute.Catalog {
	c := compute.Catalog{Regions: defaultRegions()}
	c.Images = defaultImages()
	c.InstanceTypes = defaultInstanceTypes()
	c.DiskCategories = defaultDiskCategories()
	return c
}

func defaultRegions() []compute.Region {
	type def struct {
		id, name, local, prefix string
		zones                   string // zone letters
	}
	defs := []def{
		{"cn-qingdao", "China (Qingdao)", "华北1（青岛）", "m5", "bc"},
		{"cn-beijing", "China (Beijing)", "华北2（北京）", "2z", "acdefghijkl"},
		{"cn-zhangjiakou", "China (Zhangjiakou)", "华北3（张家口）", "8v", "abc"},
		{"cn-huhehaote", "China (Hohhot)", "华北5（呼和浩特）", "hp", "ab"},
		{"cn-hangzhou", "China (Hangzhou)", "华东1（杭州）", "bp", "bghijk"},
		{"cn-shanghai", "China (Shanghai)", "华东2（上海）", "uf", "abefglmn"},
		{"cn-shenzhen", "China (Shenzhen)", "华南1（深圳）", "wz", "acdef"},
		{"cn-chengdu", "China (Chengdu)", "西南1（成都）", "2v", "ab"},
		{"cn-hongkong", "China (Hong Kong)", "中国香港", "j6", "bcd"},
		{"ap-southeast-1", "Singapore", "新加坡", "t4", "abc"},
		{"ap-northeast-1", "Japan (Tokyo)", "日本（东京）", "6w", "abc"},
		{"us-west-1", "US (Silicon Valley)", "美国（硅谷）", "rj", "ab"},
		{"us-east-1", "US (Virginia)", "美国（弗吉尼亚）", "0x", "ab"},
		{"eu-central-1", "Germany (Frankfurt)", "德国（法兰克福）", "gw", "abc"},
	}
	var regions []compute.Region
	for _, d := range defs {
		r := compute.Region{
			ID: compute.RegionID(d.id), Name: d.name, LocalName: d.local,
			Attributes: map[string]string{AttrIDPrefix: d.prefix, AttrEndpoint: endpoint(d.id)},
		}
		// Mainland regions name zones cn-hangzhou-b; the others ap-southeast-1a.
		sep := ""
		if strings.HasPrefix(d.id, "cn-") {
			sep = "-"
		}
		city := cityOf(d.name)
		for _, letter := range d.zones {
			l := string(letter)
			r.Zones = append(r.Zones, compute.Zone{
				ID:        compute.ZoneID(d.id + sep + l),
				Name:      city + " Zone " + strings.ToUpper(l),
				LocalName: strings.SplitN(d.local, "（", 2)[0] + " 可用区 " + strings.ToUpper(l),
			})
		}
		regions = append(regions, r)
	}
	return regions
}

// defaultImages are public images as Alibaba names and describes them:
// the ID encodes distribution, version, architecture, disk size and build
// date; OSName is Chinese and OSNameEn English, with the vendor's double
// space after the distribution name.
func defaultImages() []compute.Image {
	type def struct {
		id, name, platform, osName, osNameEn, arch, osType, family, created, desc string
		size                                                                      int
		uefi, nonRoot                                                             bool
	}
	defs := []def{
		{"aliyun_3_x64_20G_alibase_20240819.vhd", "aliyun_3_x64_20G_alibase_20240819.vhd", "Aliyun",
			"Alibaba Cloud Linux  3.2104 LTS 64位", "Alibaba Cloud Linux  3.2104 LTS 64 bit", "x86_64", "linux",
			"acs:alibaba_cloud_linux_3_2104_lts_x64", "2024-08-20T09:18:09Z", "Alibaba Cloud Linux 3.2104 LTS 64 bit", 20, true, true},
		{"aliyun_3_arm64_20G_alibase_20240819.vhd", "aliyun_3_arm64_20G_alibase_20240819.vhd", "Aliyun",
			"Alibaba Cloud Linux  3.2104 LTS 64位 ARM版", "Alibaba Cloud Linux  3.2104 LTS 64 bit ARM Edition", "arm64", "linux",
			"acs:alibaba_cloud_linux_3_2104_lts_arm64", "2024-08-20T09:21:47Z", "Alibaba Cloud Linux 3.2104 LTS 64 bit ARM Edition", 20, true, true},
		{"ubuntu_24_04_x64_20G_alibase_20240812.vhd", "ubuntu_24_04_x64_20G_alibase_20240812.vhd", "Ubuntu",
			"Ubuntu  24.04 64位", "Ubuntu  24.04 64 bit", "x86_64", "linux",
			"acs:ubuntu_24_04_x64", "2024-08-13T03:42:11Z", "", 20, true, true},
		{"ubuntu_22_04_x64_20G_alibase_20240710.vhd", "ubuntu_22_04_x64_20G_alibase_20240710.vhd", "Ubuntu",
			"Ubuntu  22.04 64位", "Ubuntu  22.04 64 bit", "x86_64", "linux",
			"acs:ubuntu_22_04_x64", "2024-07-11T06:05:32Z", "", 20, false, true},
		{"ubuntu_18_04_64_20G_alibase_20190624.vhd", "ubuntu_18_04_64_20G_alibase_20190624.vhd", "Ubuntu",
			"Ubuntu  18.04 64位", "Ubuntu  18.04 64 bit", "x86_64", "linux",
			"", "2019-06-24T11:37:23Z", "", 20, false, false},
		{"centos_7_9_x64_20G_alibase_20240628.vhd", "centos_7_9_x64_20G_alibase_20240628.vhd", "CentOS",
			"CentOS  7.9 64位", "CentOS  7.9 64 bit", "x86_64", "linux",
			"acs:centos_7_9_x64", "2024-06-29T02:14:56Z", "", 20, false, false},
		{"debian_12_6_x64_20G_alibase_20240717.vhd", "debian_12_6_x64_20G_alibase_20240717.vhd", "Debian",
			"Debian  12.6 64位", "Debian  12.6 64 bit", "x86_64", "linux",
			"acs:debian_12_x64", "2024-07-18T08:30:02Z", "", 20, true, true},
		{"win2022_21H2_x64_dtc_en-us_40G_alibase_20240816.vhd", "win2022_21H2_x64_dtc_en-us_40G_alibase_20240816.vhd", "Windows Server 2022",
			"Windows Server  2022 数据中心版 64位英文版", "Windows Server  2022 Data Center Edition 64bit English Edition", "x86_64", "windows",
			"acs:windows_server_2022_datacenter_en-us", "2024-08-17T01:56:38Z", "", 40, false, false},
	}
	images := make([]compute.Image, len(defs))
	for i, d := range defs {
		boot := "BIOS"
		if d.uefi {
			boot = "UEFI"
		}
		version := d.id[strings.LastIndex(d.id, "_")+1 : strings.LastIndex(d.id, ".")]
		images[i] = compute.Image{
			ID: d.id, Name: d.name, Description: d.desc, OSType: d.osType, Platform: d.platform,
			OSName: d.osName, OSNameEn: d.osNameEn, Architecture: d.arch, SizeGiB: d.size, CreatedAt: d.created,
			Attributes: map[string]string{
				AttrImageFamily: d.family, AttrImageVersion: version, AttrBootMode: boot,
				AttrNonRootLogin: fmt.Sprint(d.nonRoot), AttrCloudInit: fmt.Sprint(d.osType == "linux"),
			},
		}
	}
	return images
}

// Zones where some families are offered; the others are offered in every
// zone. ARM (g8y) runs in newer zones only, the n4 and economy families in
// some older ones, so that DescribeAvailableResource has something to tell.
var (
	armZones = []compute.ZoneID{
		"cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k", "cn-shanghai-l", "cn-shanghai-m", "cn-shanghai-n",
		"cn-beijing-i", "cn-beijing-j", "cn-beijing-k", "cn-beijing-l", "cn-shenzhen-e", "cn-shenzhen-f", "ap-southeast-1c",
	}
	olderZones = []compute.ZoneID{
		"cn-qingdao-b", "cn-qingdao-c", "cn-beijing-a", "cn-beijing-c", "cn-beijing-f", "cn-beijing-g", "cn-beijing-h",
		"cn-hangzhou-b", "cn-hangzhou-g", "cn-hangzhou-h", "cn-hangzhou-i", "cn-shanghai-b", "cn-shanghai-e", "cn-shanghai-f",
		"cn-shanghai-g", "cn-shenzhen-a", "cn-shenzhen-c", "cn-shenzhen-d", "cn-hongkong-b", "cn-hongkong-c",
		"ap-southeast-1a", "ap-southeast-1b", "us-west-1a", "us-east-1a", "eu-central-1a",
	}
)

// defaultInstanceTypes are instance types of current families: general
// purpose g7, compute c7 and memory r7 (Intel Ice Lake), ARM g8y (Yitian
// 710), burstable t6, economy e and the older shared n4, with Alibaba's
// published vCPU, memory and network figures.
func defaultInstanceTypes() []compute.InstanceType {
	var out []compute.InstanceType
	// add appends a type named family + sep + size: ecs.g7.large, but
	// ecs.t6-c1m1.large and ecs.e-c1m2.large.
	add := func(family, sep, size string, cpu int, memoryGiB float64, arch string, zones []compute.ZoneID, attrs map[string]string) {
		out = append(out, compute.InstanceType{
			ID: family + sep + size, Family: family, CPU: cpu, MemoryMiB: int(memoryGiB * 1024),
			Architecture: arch, Zones: zones, Attributes: attrs,
		})
	}
	// Network figures of the seventh generation by size: Mbit/s, pps,
	// ENIs, IPv4 per ENI, IPv6 per ENI, queues.
	type net struct {
		mbps, pps, enis, ips, ipv6s, queues int
	}
	seventh := map[string]net{
		"large": {2000, 900000, 3, 6, 1, 2}, "xlarge": {3000, 1000000, 4, 15, 15, 4},
		"2xlarge": {5000, 1600000, 4, 15, 15, 8}, "3xlarge": {8000, 2400000, 8, 15, 15, 8},
		"4xlarge": {10000, 3000000, 8, 30, 30, 8},
	}
	sizes := []struct {
		name string
		cpu  int
	}{{"large", 2}, {"xlarge", 4}, {"2xlarge", 8}, {"3xlarge", 12}, {"4xlarge", 16}}
	netAttrs := func(n net, extra map[string]string) map[string]string {
		m := map[string]string{
			AttrTypeBandwidthMbps: fmt.Sprint(n.mbps), AttrTypePPS: fmt.Sprint(n.pps), AttrTypeENIs: fmt.Sprint(n.enis),
			AttrTypeENIIPs: fmt.Sprint(n.ips), AttrTypeENIIPv6s: fmt.Sprint(n.ipv6s), AttrTypeQueues: fmt.Sprint(n.queues),
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	iceLake := map[string]string{AttrTypeGeneration: "ecs-6", AttrTypeFamilyLevel: "EnterpriseLevel",
		AttrTypeProcessor: "Intel Xeon(Ice Lake) Platinum 8369B", AttrTypeCPUBaseGHz: "2.7", AttrTypeCPUTurboGHz: "3.5"}
	for _, f := range []struct {
		family, category string
		perCPU           float64
	}{{"ecs.g7", "General-purpose", 4}, {"ecs.c7", "Compute-optimized", 2}, {"ecs.r7", "Memory-optimized", 8}} {
		for _, s := range sizes {
			attrs := netAttrs(seventh[s.name], iceLake)
			attrs[AttrTypeCategory] = f.category
			add(f.family, ".", s.name, s.cpu, float64(s.cpu)*f.perCPU, "x86_64", nil, attrs)
		}
	}
	yitian := map[string]string{AttrTypeGeneration: "ecs-8", AttrTypeFamilyLevel: "EnterpriseLevel", AttrTypeCategory: "General-purpose",
		AttrTypeProcessor: "Alibaba Yitian 710", AttrTypeCPUBaseGHz: "2.75", AttrTypeCPUTurboGHz: "2.75", AttrTypeThreads: "1"}
	for _, s := range sizes {
		if s.name == "3xlarge" {
			continue
		}
		add("ecs.g8y", ".", s.name, s.cpu, float64(s.cpu)*4, "arm64", armZones, netAttrs(seventh[s.name], yitian))
	}
	// Burstable t6: baseline performance per vCPU and the credits a new
	// instance starts with.
	t6 := func(baseline, initial int) map[string]string {
		return netAttrs(net{100, 100000, 2, 2, 1, 1}, map[string]string{
			AttrTypeGeneration: "ecs-6", AttrTypeFamilyLevel: "CreditEntryLevel", AttrTypeCategory: "Burstable",
			AttrTypeProcessor: "Intel Xeon(Skylake) Platinum 8163", AttrTypeCPUBaseGHz: "2.5", AttrTypeCPUTurboGHz: "2.5",
			AttrTypeBaselineCredit: fmt.Sprint(baseline), AttrTypeInitialCredit: fmt.Sprint(initial), AttrTypeThreads: "1",
		})
	}
	add("ecs.t6", "-", "c2m1.large", 2, 1, "x86_64", nil, t6(10, 60))
	add("ecs.t6", "-", "c1m1.large", 2, 2, "x86_64", nil, t6(20, 60))
	add("ecs.t6", "-", "c1m2.large", 2, 4, "x86_64", nil, t6(20, 60))
	add("ecs.t6", "-", "c1m4.large", 2, 8, "x86_64", nil, t6(30, 60))
	add("ecs.t6", "-", "c1m4.xlarge", 4, 16, "x86_64", nil, t6(40, 120))
	economy := func(n net) map[string]string {
		return netAttrs(n, map[string]string{
			AttrTypeGeneration: "ecs-4", AttrTypeFamilyLevel: "EntryLevel", AttrTypeCategory: "Shared",
			AttrTypeProcessor: "Intel Xeon(Skylake) Platinum 8163", AttrTypeCPUBaseGHz: "2.5", AttrTypeCPUTurboGHz: "3.2",
			AttrTypeEssdEntry: "true",
		})
	}
	add("ecs.e", "-", "c1m1.large", 2, 2, "x86_64", olderZones, economy(net{1000, 150000, 2, 2, 1, 1}))
	add("ecs.e", "-", "c1m2.large", 2, 4, "x86_64", olderZones, economy(net{1000, 150000, 2, 2, 1, 1}))
	add("ecs.e", "-", "c1m4.large", 2, 8, "x86_64", olderZones, economy(net{1000, 150000, 2, 2, 1, 1}))
	add("ecs.e", "-", "c1m2.xlarge", 4, 8, "x86_64", olderZones, economy(net{1500, 200000, 3, 6, 1, 2}))
	shared := map[string]string{AttrTypeGeneration: "ecs-2", AttrTypeFamilyLevel: "EntryLevel", AttrTypeCategory: "Shared",
		AttrTypeProcessor: "Intel Xeon E5-2682v4 (Broadwell)", AttrTypeCPUBaseGHz: "2.5", AttrTypeCPUTurboGHz: "2.5"}
	add("ecs.n4", ".", "small", 1, 2, "x86_64", olderZones, netAttrs(net{500, 50000, 1, 2, 1, 1}, shared))
	add("ecs.n4", ".", "large", 2, 4, "x86_64", olderZones, netAttrs(net{500, 100000, 1, 2, 1, 1}, shared))
	add("ecs.n4", ".", "xlarge", 4, 8, "x86_64", olderZones, netAttrs(net{800, 150000, 2, 6, 1, 1}, shared))
	return out
}

// defaultDiskCategories are the categories of Alibaba's cloud disks, with
// their documented size limits (GiB) as data and as system disks. An ESSD
// takes 1 GiB at PL0, 20 at PL1, 461 at PL2 and 1261 at PL3: the dialect
// applies each level's minimum (essdLevels).
func defaultDiskCategories() []compute.DiskCategory {
	return []compute.DiskCategory{
		// Basic disks are sold as data disks of older instances only.
		{ID: categoryCloud, MinGiB: 5, MaxGiB: 2000},
		{ID: categoryEfficiency, MinGiB: 20, MaxGiB: 32768, SystemMinGiB: 20, SystemMaxGiB: 2048},
		{ID: categorySSD, MinGiB: 20, MaxGiB: 32768, SystemMinGiB: 20, SystemMaxGiB: 2048},
		{ID: categoryESSD, MinGiB: 1, MaxGiB: 65536, SystemMinGiB: 20, SystemMaxGiB: 2048},
		{ID: categoryAuto, MinGiB: 1, MaxGiB: 65536, SystemMinGiB: 20, SystemMaxGiB: 2048},
		{ID: categoryESSDEntry, MinGiB: 10, MaxGiB: 32768, SystemMinGiB: 20, SystemMaxGiB: 2048},
	}
}

// endpoint is the SDKs' endpoint rule (reference 2.1).
func endpoint(region string) string {
	if region == "cn-hangzhou" {
		return "ecs-cn-hangzhou.aliyuncs.com"
	}
	return "ecs." + region + ".aliyuncs.com"
}

// cityOf turns "China (Hangzhou)" into "Hangzhou"; a name without a
// parenthesis is a city already.
func cityOf(name string) string {
	if _, after, ok := strings.Cut(name, "("); ok {
		return strings.TrimSuffix(after, ")")
	}
	return name
}
