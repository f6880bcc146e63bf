package tencent

import (
	"strconv"

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
	var c compute.Catalog
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
