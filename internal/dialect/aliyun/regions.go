package aliyun

import (
	"github.com/ecsd/ecsd/internal/compute"
)

type region struct {
	RegionID       string `json:"RegionId" xml:"RegionId"`
	LocalName      string `json:"LocalName" xml:"LocalName"`
	RegionEndpoint string `json:"RegionEndpoint" xml:"RegionEndpoint"`
	Status         string `json:"Status" xml:"Status"`
}

type describeRegionsResponse struct {
	RequestID string `json:"RequestId" xml:"RequestId"`
	Regions   struct {
		Region []region `json:"Region" xml:"Region"`
	} `json:"Regions" xml:"Regions"`
}

type zone struct {
	ZoneID                    string `json:"ZoneId" xml:"ZoneId"`
	LocalName                 string `json:"LocalName" xml:"LocalName"`
	ZoneType                  string `json:"ZoneType" xml:"ZoneType"`
	AvailableResourceCreation struct {
		ResourceTypes []string `json:"ResourceTypes" xml:"ResourceTypes"`
	} `json:"AvailableResourceCreation" xml:"AvailableResourceCreation"`
	AvailableInstanceTypes struct {
		InstanceTypes []string `json:"InstanceTypes" xml:"InstanceTypes"`
	} `json:"AvailableInstanceTypes" xml:"AvailableInstanceTypes"`
	AvailableDiskCategories struct {
		DiskCategories []string `json:"DiskCategories" xml:"DiskCategories"`
	} `json:"AvailableDiskCategories" xml:"AvailableDiskCategories"`
}

type describeZonesResponse struct {
	RequestID string `json:"RequestId" xml:"RequestId"`
	Zones     struct {
		Zone []zone `json:"Zone" xml:"Zone"`
	} `json:"Zones" xml:"Zones"`
}

// Languages of AcceptLanguage. Local names are Chinese by default, as ECS
// answers; en-US and ja get the English names.
const langChinese = "zh-CN"

func localName(c *call, english, chinese string) string {
	if lang := c.params.get("AcceptLanguage"); lang != "" && lang != langChinese || chinese == "" {
		return english
	}
	return chinese
}

func (h *Handler) describeRegions(c *call) (any, error) {
	if _, err := c.params.oneOf("AcceptLanguage", langChinese, langChinese, "en-US", "ja"); err != nil {
		return nil, err
	}
	resp := describeRegionsResponse{RequestID: c.requestID}
	resp.Regions.Region = []region{}
	for _, r := range h.Svc.Catalog(compute.CloudAliyun).Regions {
		ep := r.Attributes[AttrEndpoint]
		if ep == "" {
			ep = endpoint(string(r.ID))
		}
		resp.Regions.Region = append(resp.Regions.Region, region{
			RegionID: string(r.ID), LocalName: localName(c, r.Name, r.LocalName), RegionEndpoint: ep, Status: "available",
		})
	}
	return resp, nil
}

// instanceTypesOffered are the instance types DescribeZones lists. ecsd
// accepts any type name on launch; these are what it advertises.
var instanceTypesOffered = []string{
	"ecs.t6-c1m1.large", "ecs.c7.large", "ecs.c7.xlarge", "ecs.g7.large", "ecs.g7.xlarge", "ecs.g7.2xlarge", "ecs.r7.large", "ecs.r7.xlarge",
}

func (h *Handler) describeZones(c *call) (any, error) {
	r, err := h.region(c)
	if err != nil {
		return nil, err
	}
	if _, err := c.params.oneOf("AcceptLanguage", langChinese, langChinese, "en-US", "ja"); err != nil {
		return nil, err
	}
	resp := describeZonesResponse{RequestID: c.requestID}
	resp.Zones.Zone = make([]zone, len(r.Zones))
	for i, z := range r.Zones {
		wz := zone{ZoneID: string(z.ID), LocalName: localName(c, z.Name, z.LocalName), ZoneType: "AvailabilityZone"}
		wz.AvailableResourceCreation.ResourceTypes = []string{"VSwitch", "IoOptimized", "Instance", "Disk"}
		wz.AvailableInstanceTypes.InstanceTypes = instanceTypesOffered
		wz.AvailableDiskCategories.DiskCategories = []string{"cloud_essd", "cloud_ssd", "cloud_efficiency"}
		resp.Zones.Zone[i] = wz
	}
	return resp, nil
}
