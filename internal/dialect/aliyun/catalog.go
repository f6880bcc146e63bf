package aliyun

import (
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

// DefaultCatalog is ecsd's built-in Alibaba Cloud region and zone list: a
// realistic subset of the public one, replaceable by a catalog file.
func DefaultCatalog() compute.Catalog {
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
	var c compute.Catalog
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
		c.Regions = append(c.Regions, r)
	}
	c.DiskCategories = diskCategories
	return c
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
