package tencent

import (
	"strconv"
	"strings"

	"github.com/ecsd/ecsd/internal/compute"
)

// AttrZoneID is the zone attribute holding Tencent's numeric zone ID
// (100003 for ap-guangzhou-3), which DescribeZones shows. A catalog file
// sets it per zone; a zone without it shows an empty ZoneId.
const AttrZoneID = "zone_id"

// DefaultCatalog is ecsd's built-in Tencent Cloud region and zone list: a
// realistic subset of the public one, replaceable by a catalog file. Region
// names are Tencent's own, in English (Name) and Chinese (LocalName).
func DefaultCatalog() compute.Catalog {
	type def struct {
		id, name, local string
		city, localCity string
		zoneBase        int
		zones           []int
	}
	defs := []def{
		{"ap-guangzhou", "South China(Guangzhou)", "华南地区(广州)", "Guangzhou", "广州", 100000, []int{3, 4, 6, 7}},
		{"ap-shanghai", "East China(Shanghai)", "华东地区(上海)", "Shanghai", "上海", 200000, []int{2, 3, 4, 5, 8}},
		{"ap-nanjing", "East China(Nanjing)", "华东地区(南京)", "Nanjing", "南京", 330000, []int{1, 2, 3}},
		{"ap-beijing", "North China(Beijing)", "华北地区(北京)", "Beijing", "北京", 800000, []int{3, 4, 5, 6, 7}},
		{"ap-chengdu", "Southwest China(Chengdu)", "西南地区(成都)", "Chengdu", "成都", 160000, []int{1, 2}},
		{"ap-chongqing", "Southwest China(Chongqing)", "西南地区(重庆)", "Chongqing", "重庆", 360000, []int{1}},
		{"ap-hongkong", "Hong Kong, Macau and Taiwan (China)(Hong Kong, China)", "港澳台地区(中国香港)", "Hong Kong", "香港", 300000, []int{1, 2, 3}},
		{"ap-singapore", "Southeast Asia(Singapore)", "亚太东南(新加坡)", "Singapore", "新加坡", 900000, []int{1, 2, 3, 4}},
		{"ap-bangkok", "Southeast Asia(Bangkok)", "亚太东南(曼谷)", "Bangkok", "曼谷", 230000, []int{1, 2}},
		{"ap-jakarta", "Southeast Asia(Jakarta)", "亚太东南(雅加达)", "Jakarta", "雅加达", 720000, []int{1, 2}},
		{"ap-seoul", "Northeast Asia(Seoul)", "亚太东北(首尔)", "Seoul", "首尔", 180000, []int{1, 2}},
		{"ap-tokyo", "Northeast Asia(Tokyo)", "亚太东北(东京)", "Tokyo", "东京", 250000, []int{1, 2}},
		{"na-siliconvalley", "West US(Silicon Valley)", "美国西部(硅谷)", "Silicon Valley", "硅谷", 150000, []int{1, 2}},
		{"na-ashburn", "East US(Virginia)", "美国东部(弗吉尼亚)", "Virginia", "弗吉尼亚", 220000, []int{1, 2}},
		{"eu-frankfurt", "Europe(Frankfurt)", "欧洲地区(法兰克福)", "Frankfurt", "法兰克福", 170000, []int{1, 2}},
		{"sa-saopaulo", "South America(São Paulo)", "南美地区(圣保罗)", "Sao Paulo", "圣保罗", 740000, []int{1}},
	}
	c := compute.Catalog{Images: defaultImages(), InstanceTypes: defaultInstanceTypes(), DiskCategories: defaultDiskCategories()}
	for _, d := range defs {
		r := compute.Region{ID: compute.RegionID(d.id), Name: d.name, LocalName: d.local}
		for _, n := range d.zones {
			r.Zones = append(r.Zones, compute.Zone{
				ID:         compute.ZoneID(d.id + "-" + strconv.Itoa(n)),
				Name:       d.city + " Zone " + strconv.Itoa(n),
				LocalName:  d.localCity + chineseNumeral(n) + "区",
				Attributes: map[string]string{AttrZoneID: strconv.Itoa(d.zoneBase + n)},
			})
		}
		c.Regions = append(c.Regions, r)
	}
	return c
}

// chineseNumeral spells 1 to 10 as Tencent's zone names do (广州三区).
func chineseNumeral(n int) string {
	const digits = "一二三四五六七八九十"
	if n < 1 || n > 10 {
		return strconv.Itoa(n)
	}
	return string([]rune(digits)[n-1])
}

// Image attributes this dialect reads from a catalog.
const (
	// AttrImageType is PUBLIC_IMAGE, SHARED_IMAGE or PRIVATE_IMAGE.
	AttrImageType = "image_type"
	// AttrLoginUser is the user an instance of the image logs in as.
	AttrLoginUser = "login_user"
)

// Instance type attributes this dialect reads from a catalog.
const (
	AttrFamilyName = "family_name" // the family's display name, 标准型S5
	AttrCPUType    = "cpu_type"
	AttrFrequency  = "frequency"
	// AttrHourlyPrice is the pay-by-the-hour price in CNY.
	AttrHourlyPrice = "hourly_price"
	// AttrBandwidth is the internal bandwidth in Gbit/s, AttrPPS the
	// packets per second in units of 10 000.
	AttrBandwidth = "bandwidth"
	AttrPPS       = "pps"
)

// defaultImages are public images of Tencent Cloud, each with a distinct
// creation time, so that tencentcloud_images' newest-first order is fixed.
func defaultImages() []compute.Image {
	linux := func(id, name, osName, platform, created string) compute.Image {
		return compute.Image{
			ID: id, Name: name, Description: name, OSType: "linux", Platform: platform, OSName: osName, OSNameEn: osName,
			Architecture: "x86_64", SizeGiB: 20, CreatedAt: created,
			Attributes: map[string]string{AttrImageType: "PUBLIC_IMAGE", AttrLoginUser: "root"},
		}
	}
	ubuntu := linux("img-487zeit5", "Ubuntu Server 22.04 LTS 64位", "Ubuntu Server 22.04 LTS 64bit", "Ubuntu", "2023-05-10T08:12:44Z")
	ubuntu.Attributes[AttrLoginUser] = "ubuntu"
	windows := compute.Image{
		ID: "img-9id7emv7", Name: "Windows Server 2022 数据中心版 64位中文版", Description: "Windows Server 2022 数据中心版 64位中文版",
		OSType: "windows", Platform: "Windows", OSName: "Windows Server 2022 Datacenter 64bit Chinese", OSNameEn: "Windows Server 2022 Datacenter 64bit Chinese",
		Architecture: "x86_64", SizeGiB: 50, CreatedAt: "2023-03-02T04:00:12Z",
		Attributes: map[string]string{AttrImageType: "PUBLIC_IMAGE", AttrLoginUser: "Administrator"},
	}
	return []compute.Image{
		linux("img-eb30mz89", "OpenCloudOS Server 9", "OpenCloudOS Server 9", "OpenCloudOS", "2024-03-20T02:36:16Z"),
		linux("img-mmytdhbn", "OpenCloudOS Server 8", "OpenCloudOS Server 8", "OpenCloudOS", "2022-11-14T09:21:07Z"),
		linux("img-2xnn7dex", "TencentOS Server 3.1 (TK4)", "TencentOS Server 3.1 (TK4)", "TencentOS", "2023-08-01T03:40:52Z"),
		linux("img-l8og963d", "CentOS 7.9 64位", "CentOS 7.9 64bit", "CentOS", "2021-01-12T06:55:31Z"),
		linux("img-9qabwvbn", "CentOS 7.6 64位", "CentOS 7.6 64bit", "CentOS", "2019-04-08T11:23:09Z"),
		ubuntu,
		linux("img-0ig6zl3b", "Debian 12.0 64位", "Debian 12.0 64bit", "Debian", "2023-07-17T10:05:48Z"),
		windows,
	}
}

// defaultInstanceTypes are CVM instance types of the families Terraform
// examples ask for (S1 to S5), with their shapes.
func defaultInstanceTypes() []compute.InstanceType {
	type family struct {
		id, name, cpuType, frequency string
		// pricePerCPU and pricePerGiB make the hourly price, in CNY.
		pricePerCPU, pricePerGiB float64
		arch                     string
		sizes                    []string // SIZE<memory> suffixes
		gpus                     int
		gpuType                  string
		zones                    []compute.ZoneID
	}
	families := []family{
		{"S1", "标准型S1", "Intel Xeon E5-26xx v3", "2.4GHz", 0.105, 0.055, "x86_64", []string{"SMALL1", "SMALL2", "MEDIUM2", "MEDIUM4", "LARGE8"}, 0, "", nil},
		{"S2", "标准型S2", "Intel Xeon E5-26xx v4", "2.4GHz", 0.1, 0.05, "x86_64", []string{"SMALL1", "MEDIUM2", "MEDIUM4", "LARGE8"}, 0, "", nil},
		{"S3", "标准型S3", "Intel Xeon Skylake 6133", "2.5GHz", 0.095, 0.048, "x86_64", []string{"SMALL1", "MEDIUM4", "LARGE8"}, 0, "", nil},
		{"S4", "标准型S4", "Intel Xeon Skylake 6148", "2.4GHz", 0.093, 0.046, "x86_64", []string{"SMALL1", "MEDIUM4", "LARGE16"}, 0, "", nil},
		{"S5", "标准型S5", "Intel Xeon Cascade Lake 8255C", "2.5GHz/3.1GHz", 0.09, 0.045, "x86_64", []string{"SMALL1", "SMALL2", "MEDIUM2", "MEDIUM4", "LARGE8", "2XLARGE16"}, 0, "", nil},
		{"SA2", "标准型SA2", "AMD EPYC ROME", "2.6GHz/3.3GHz", 0.08, 0.04, "x86_64", []string{"MEDIUM4", "LARGE8", "2XLARGE16"}, 0, "", nil},
		{"M5", "内存型M5", "Intel Xeon Cascade Lake 8255C", "2.5GHz/3.1GHz", 0.09, 0.04, "x86_64", []string{"MEDIUM16", "LARGE32"}, 0, "", nil},
		{"C5", "计算型C5", "Intel Xeon Cascade Lake 6231C", "3.4GHz/3.8GHz", 0.12, 0.05, "x86_64", []string{"LARGE8", "2XLARGE16"}, 0, "", nil},
		{"GN7", "GPU计算型GN7", "Intel Xeon Cascade Lake 8255C", "2.5GHz/3.1GHz", 0.3, 0.1, "x86_64", []string{"2XLARGE32"}, 1, "NVIDIA T4",
			[]compute.ZoneID{"ap-guangzhou-3", "ap-guangzhou-4", "ap-shanghai-4", "ap-beijing-5"}},
	}
	var out []compute.InstanceType
	for _, f := range families {
		for _, size := range f.sizes {
			cpu, mem := instanceShape(f.id + "." + size)
			price := f.pricePerCPU*float64(cpu) + f.pricePerGiB*float64(mem) + 0.9*float64(f.gpus)
			out = append(out, compute.InstanceType{
				ID: f.id + "." + size, Family: f.id, CPU: cpu, MemoryMiB: mem * 1024, GPU: f.gpus, GPUType: f.gpuType,
				Architecture: f.arch, Zones: f.zones,
				Attributes: map[string]string{
					AttrFamilyName: f.name, AttrCPUType: f.cpuType, AttrFrequency: f.frequency,
					AttrHourlyPrice: strconv.FormatFloat(roundCents(price), 'f', 2, 64),
					AttrBandwidth:   strconv.FormatFloat(1.5*float64(cpu), 'f', 1, 64), AttrPPS: strconv.Itoa(25 * cpu),
				},
			})
		}
	}
	return out
}

// instanceShape reads vCPUs and memory (GiB) from a CVM instance type name,
// FAMILY.SIZE<memory>: S5.MEDIUM4 has 2 vCPUs and 4 GiB. SMALL is 1 vCPU,
// MEDIUM 2, LARGE 4, nXLARGE 4n.
func instanceShape(t string) (cpu, memoryGiB int) {
	cpu, memoryGiB = 1, 1
	_, size, ok := strings.Cut(t, ".")
	if !ok {
		return cpu, memoryGiB
	}
	digits := len(size)
	for digits > 0 && size[digits-1] >= '0' && size[digits-1] <= '9' {
		digits--
	}
	if m, err := strconv.Atoi(size[digits:]); err == nil && m > 0 && m <= 1<<16 {
		memoryGiB = m
	}
	switch name := size[:digits]; {
	case name == "SMALL":
		cpu = 1
	case name == "MEDIUM":
		cpu = 2
	case name == "LARGE":
		cpu = 4
	case strings.HasSuffix(name, "XLARGE"):
		if n, err := strconv.Atoi(strings.TrimSuffix(name, "XLARGE")); err == nil && n > 0 && n <= 64 {
			cpu = 4 * n
		}
	}
	return cpu, memoryGiB
}

func roundCents(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }

// defaultDiskCategories are CBS's cloud disk types with their size limits
// in GiB as data disks and as system disks.
func defaultDiskCategories() []compute.DiskCategory {
	return []compute.DiskCategory{
		{ID: "CLOUD_BASIC", MinGiB: 10, MaxGiB: 32000, SystemMinGiB: 20, SystemMaxGiB: 1024},
		{ID: "CLOUD_PREMIUM", MinGiB: 10, MaxGiB: 32000, SystemMinGiB: 20, SystemMaxGiB: 1024},
		{ID: "CLOUD_SSD", MinGiB: 20, MaxGiB: 32000, SystemMinGiB: 20, SystemMaxGiB: 1024},
		{ID: "CLOUD_BSSD", MinGiB: 20, MaxGiB: 32000, SystemMinGiB: 20, SystemMaxGiB: 1024},
		{ID: "CLOUD_HSSD", MinGiB: 20, MaxGiB: 32000, SystemMinGiB: 20, SystemMaxGiB: 1024},
		{ID: "CLOUD_TSSD", MinGiB: 20, MaxGiB: 32000, SystemMinGiB: 20, SystemMaxGiB: 1024},
	}
}
