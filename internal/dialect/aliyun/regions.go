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
	AvailableVolumeCategories struct {
		VolumeCategories []string `json:"VolumeCategories" xml:"VolumeCategories"`
	} `json:"AvailableVolumeCategories" xml:"AvailableVolumeCategories"`
	AvailableDedicatedHostTypes struct {
		DedicatedHostType []string `json:"DedicatedHostType" xml:"DedicatedHostType"`
	} `json:"AvailableDedicatedHostTypes" xml:"AvailableDedicatedHostTypes"`
	DedicatedHostGenerations struct {
		DedicatedHostGeneration []string `json:"DedicatedHostGeneration" xml:"DedicatedHostGeneration"`
	} `json:"DedicatedHostGenerations" xml:"DedicatedHostGenerations"`
	AvailableResources struct {
		ResourcesInfo []resourcesInfo `json:"ResourcesInfo" xml:"ResourcesInfo"`
	} `json:"AvailableResources" xml:"AvailableResources"`
}

// resourcesInfo is what a zone offers an I/O optimized VPC instance.
type resourcesInfo struct {
	IoOptimized          bool `json:"IoOptimized" xml:"IoOptimized"`
	SystemDiskCategories struct {
		SupportedSystemDiskCategory []string `json:"supportedSystemDiskCategory" xml:"supportedSystemDiskCategory"`
	} `json:"SystemDiskCategories" xml:"SystemDiskCategories"`
	DataDiskCategories struct {
		SupportedDataDiskCategory []string `json:"supportedDataDiskCategory" xml:"supportedDataDiskCategory"`
	} `json:"DataDiskCategories" xml:"DataDiskCategories"`
	NetworkTypes struct {
		SupportedNetworkCategory []string `json:"supportedNetworkCategory" xml:"supportedNetworkCategory"`
	} `json:"NetworkTypes" xml:"NetworkTypes"`
	InstanceTypes struct {
		SupportedInstanceType []string `json:"supportedInstanceType" xml:"supportedInstanceType"`
	} `json:"InstanceTypes" xml:"InstanceTypes"`
	InstanceTypeFamilies struct {
		SupportedInstanceTypeFamily []string `json:"supportedInstanceTypeFamily" xml:"supportedInstanceTypeFamily"`
	} `json:"InstanceTypeFamilies" xml:"InstanceTypeFamilies"`
	InstanceGenerations struct {
		SupportedInstanceGeneration []string `json:"supportedInstanceGeneration" xml:"supportedInstanceGeneration"`
	} `json:"InstanceGenerations" xml:"InstanceGenerations"`
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

// resourceCreation are what can be created in every zone.
var resourceCreation = []string{"VSwitch", "IoOptimized", "Instance", "Disk"}

// describeZones lists a region's zones, each with what it offers: instance
// types, disk categories and, unless Verbose=false, the resources of an
// I/O optimized VPC instance in detail.
func (h *Handler) describeZones(c *call) (any, error) {
	r, err := h.region(c)
	if err != nil {
		return nil, err
	}
	if _, err := c.params.oneOf("AcceptLanguage", langChinese, langChinese, "en-US", "ja"); err != nil {
		return nil, err
	}
	if _, err := c.params.oneOf("InstanceChargeType", chargePostPaid, chargePostPaid, chargePrePaid); err != nil {
		return nil, errChargeType
	}
	if _, err := c.params.oneOf("SpotStrategy", defaultSpotStrategy, defaultSpotStrategy, "SpotWithPriceLimit", "SpotAsPriceGo"); err != nil {
		return nil, errSpotStrategy
	}
	verbose := true
	if c.params.get("Verbose") != "" {
		if verbose, err = c.params.boolean("Verbose"); err != nil {
			return nil, err
		}
	}
	cat := h.Svc.Catalog(compute.CloudAliyun)
	resp := describeZonesResponse{RequestID: c.requestID}
	resp.Zones.Zone = make([]zone, len(r.Zones))
	for i, z := range r.Zones {
		o := offerIn(cat, z.ID, nil)
		wz := zone{ZoneID: string(z.ID), LocalName: localName(c, z.Name, z.LocalName), ZoneType: "AvailabilityZone"}
		wz.AvailableResourceCreation.ResourceTypes = resourceCreation
		wz.AvailableInstanceTypes.InstanceTypes = nonNil(o.types)
		wz.AvailableDiskCategories.DiskCategories = nonNil(categoryIDs(o.data))
		wz.AvailableVolumeCategories.VolumeCategories = []string{}
		wz.AvailableDedicatedHostTypes.DedicatedHostType = []string{}
		wz.DedicatedHostGenerations.DedicatedHostGeneration = []string{}
		wz.AvailableResources.ResourcesInfo = []resourcesInfo{}
		if verbose {
			var ri resourcesInfo
			ri.IoOptimized = true
			ri.SystemDiskCategories.SupportedSystemDiskCategory = nonNil(categoryIDs(o.system))
			ri.DataDiskCategories.SupportedDataDiskCategory = nonNil(categoryIDs(o.data))
			ri.NetworkTypes.SupportedNetworkCategory = []string{networkTypeVPC}
			ri.InstanceTypes.SupportedInstanceType = nonNil(o.types)
			ri.InstanceTypeFamilies.SupportedInstanceTypeFamily = nonNil(o.families)
			ri.InstanceGenerations.SupportedInstanceGeneration = nonNil(o.generations)
			wz.AvailableResources.ResourcesInfo = []resourcesInfo{ri}
		}
		resp.Zones.Zone[i] = wz
	}
	return resp, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
