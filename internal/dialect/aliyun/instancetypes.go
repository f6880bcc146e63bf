package aliyun

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// DescribeInstanceTypes, DescribeInstanceTypeFamilies and
// DescribeAvailableResource answer from the catalog's instance types, disk
// categories and zones.

const (
	defaultTypeResults = 250
	maxTypeResults     = 1600
	maxTypeIDs         = 10
	statusAvailable    = "Available"
	statusWithStock    = "WithStock"
	unitGiB            = "GiB"
)

var (
	errDestination  = &apiError{http.StatusBadRequest, "InvalidParameter", `The specified parameter "DestinationResource" is not valid.`}
	errNetworkCateg = &apiError{http.StatusBadRequest, "InvalidParameter", `The specified parameter "NetworkCategory" is not valid.`}
)

type instanceTypeInfo struct {
	InstanceTypeID              string  `json:"InstanceTypeId" xml:"InstanceTypeId"`
	InstanceTypeFamily          string  `json:"InstanceTypeFamily" xml:"InstanceTypeFamily"`
	InstanceCategory            string  `json:"InstanceCategory" xml:"InstanceCategory"`
	InstanceFamilyLevel         string  `json:"InstanceFamilyLevel" xml:"InstanceFamilyLevel"`
	CPUCoreCount                int     `json:"CpuCoreCount" xml:"CpuCoreCount"`
	MemorySize                  float64 `json:"MemorySize" xml:"MemorySize"`
	CPUArchitecture             string  `json:"CpuArchitecture" xml:"CpuArchitecture"`
	PhysicalProcessorModel      string  `json:"PhysicalProcessorModel" xml:"PhysicalProcessorModel"`
	CPUSpeedFrequency           float64 `json:"CpuSpeedFrequency" xml:"CpuSpeedFrequency"`
	CPUTurboFrequency           float64 `json:"CpuTurboFrequency" xml:"CpuTurboFrequency"`
	GPUAmount                   int     `json:"GPUAmount" xml:"GPUAmount"`
	GPUSpec                     string  `json:"GPUSpec" xml:"GPUSpec"`
	GPUMemorySize               float64 `json:"GPUMemorySize" xml:"GPUMemorySize"`
	BaselineCredit              int     `json:"BaselineCredit" xml:"BaselineCredit"`
	InitialCredit               int     `json:"InitialCredit" xml:"InitialCredit"`
	InstanceBandwidthRx         int     `json:"InstanceBandwidthRx" xml:"InstanceBandwidthRx"`
	InstanceBandwidthTx         int     `json:"InstanceBandwidthTx" xml:"InstanceBandwidthTx"`
	InstancePpsRx               int64   `json:"InstancePpsRx" xml:"InstancePpsRx"`
	InstancePpsTx               int64   `json:"InstancePpsTx" xml:"InstancePpsTx"`
	EniQuantity                 int     `json:"EniQuantity" xml:"EniQuantity"`
	EniTotalQuantity            int     `json:"EniTotalQuantity" xml:"EniTotalQuantity"`
	EniPrivateIPAddressQuantity int     `json:"EniPrivateIpAddressQuantity" xml:"EniPrivateIpAddressQuantity"`
	EniIpv6AddressQuantity      int     `json:"EniIpv6AddressQuantity" xml:"EniIpv6AddressQuantity"`
	EniTrunkSupported           bool    `json:"EniTrunkSupported" xml:"EniTrunkSupported"`
	EriQuantity                 int     `json:"EriQuantity" xml:"EriQuantity"`
	PrimaryEniQueueNumber       int     `json:"PrimaryEniQueueNumber" xml:"PrimaryEniQueueNumber"`
	SecondaryEniQueueNumber     int     `json:"SecondaryEniQueueNumber" xml:"SecondaryEniQueueNumber"`
	MaximumQueueNumberPerEni    int     `json:"MaximumQueueNumberPerEni" xml:"MaximumQueueNumberPerEni"`
	TotalEniQueueQuantity       int     `json:"TotalEniQueueQuantity" xml:"TotalEniQueueQuantity"`
	QueuePairNumber             int     `json:"QueuePairNumber" xml:"QueuePairNumber"`
	DiskQuantity                int     `json:"DiskQuantity" xml:"DiskQuantity"`
	LocalStorageAmount          int     `json:"LocalStorageAmount" xml:"LocalStorageAmount"`
	LocalStorageCapacity        int64   `json:"LocalStorageCapacity" xml:"LocalStorageCapacity"`
	LocalStorageCategory        string  `json:"LocalStorageCategory" xml:"LocalStorageCategory"`
	NvmeSupport                 string  `json:"NvmeSupport" xml:"NvmeSupport"`
	NetworkEncryptionSupport    bool    `json:"NetworkEncryptionSupport" xml:"NetworkEncryptionSupport"`
	JumboFrameSupport           bool    `json:"JumboFrameSupport" xml:"JumboFrameSupport"`
	NetworkCardQuantity         int     `json:"NetworkCardQuantity" xml:"NetworkCardQuantity"`
	NetworkCards                struct {
		NetworkCardInfo []struct {
			NetworkCardIndex int `json:"NetworkCardIndex" xml:"NetworkCardIndex"`
		} `json:"NetworkCardInfo" xml:"NetworkCardInfo"`
	} `json:"NetworkCards" xml:"NetworkCards"`
	SupportedBootModes struct {
		SupportedBootMode []string `json:"SupportedBootMode" xml:"SupportedBootMode"`
	} `json:"SupportedBootModes" xml:"SupportedBootModes"`
}

type describeInstanceTypesResponse struct {
	RequestID     string `json:"RequestId" xml:"RequestId"`
	NextToken     string `json:"NextToken" xml:"NextToken"`
	InstanceTypes struct {
		InstanceType []instanceTypeInfo `json:"InstanceType" xml:"InstanceType"`
	} `json:"InstanceTypes" xml:"InstanceTypes"`
}

// cpuArchitecture spells an architecture as DescribeInstanceTypes does.
func cpuArchitecture(arch string) string {
	if arch == "arm64" {
		return "ARM"
	}
	return "X86"
}

func typeAttrFloat(t compute.InstanceType, key string) float64 {
	f, _ := strconv.ParseFloat(t.Attributes[key], 64)
	return f
}

// wireType spells an instance type with the figures its attributes give;
// ENI and queue figures a catalog file leaves out default to one ENI of
// one queue.
func wireType(t compute.InstanceType) instanceTypeInfo {
	queues := max(1, typeAttrInt(&t, AttrTypeQueues))
	enis := max(1, typeAttrInt(&t, AttrTypeENIs))
	mbps := typeAttrInt(&t, AttrTypeBandwidthMbps)
	pps := int64(typeAttrInt(&t, AttrTypePPS))
	w := instanceTypeInfo{
		InstanceTypeID: t.ID, InstanceTypeFamily: t.Family,
		InstanceCategory: t.Attributes[AttrTypeCategory], InstanceFamilyLevel: t.Attributes[AttrTypeFamilyLevel],
		CPUCoreCount: t.CPU, MemorySize: memoryGiB(t), CPUArchitecture: cpuArchitecture(t.Architecture),
		PhysicalProcessorModel: t.Attributes[AttrTypeProcessor],
		CPUSpeedFrequency:      typeAttrFloat(t, AttrTypeCPUBaseGHz), CPUTurboFrequency: typeAttrFloat(t, AttrTypeCPUTurboGHz),
		GPUAmount: t.GPU, GPUSpec: t.GPUType,
		BaselineCredit: typeAttrInt(&t, AttrTypeBaselineCredit), InitialCredit: typeAttrInt(&t, AttrTypeInitialCredit),
		InstanceBandwidthRx: mbps * 1024, InstanceBandwidthTx: mbps * 1024, InstancePpsRx: pps, InstancePpsTx: pps,
		EniQuantity: enis, EniTotalQuantity: enis, EniPrivateIPAddressQuantity: max(1, typeAttrInt(&t, AttrTypeENIIPs)),
		EniIpv6AddressQuantity: typeAttrInt(&t, AttrTypeENIIPv6s),
		PrimaryEniQueueNumber:  queues, SecondaryEniQueueNumber: queues, MaximumQueueNumberPerEni: queues, TotalEniQueueQuantity: queues * enis,
		DiskQuantity: maxDataDisks + 1, NvmeSupport: "unsupported", NetworkCardQuantity: 1,
		JumboFrameSupport: t.Attributes[AttrTypeGeneration] >= "ecs-6",
	}
	if t.Architecture == "arm64" {
		w.NvmeSupport = "required"
	}
	w.NetworkCards.NetworkCardInfo = []struct {
		NetworkCardIndex int `json:"NetworkCardIndex" xml:"NetworkCardIndex"`
	}{{NetworkCardIndex: 0}}
	w.SupportedBootModes.SupportedBootMode = []string{"BIOS", "UEFI"}
	if t.Architecture == "arm64" {
		w.SupportedBootModes.SupportedBootMode = []string{"UEFI"}
	}
	return w
}

// typeFilter is one condition of DescribeInstanceTypes.
type typeFilter func(instanceTypeInfo) bool

// describeInstanceTypes lists the catalog's instance types, with ECS's
// filters, in token pages. It needs no region: the provider sends none.
func (h *Handler) describeInstanceTypes(c *call) (any, error) {
	p := c.params
	if _, err := h.optionalRegion(c); err != nil {
		return nil, err
	}
	var filters []typeFilter
	ids, err := p.repeated("InstanceTypes", invalidParameter("InstanceTypes"))
	if err != nil {
		return nil, err
	}
	if len(ids) > maxTypeIDs {
		return nil, invalidParameter("InstanceTypes")
	}
	if len(ids) > 0 {
		filters = append(filters, func(t instanceTypeInfo) bool { return slices.Contains(ids, t.InstanceTypeID) })
	}
	for param, value := range map[string]func(instanceTypeInfo) string{
		"InstanceTypeFamily":     func(t instanceTypeInfo) string { return t.InstanceTypeFamily },
		"InstanceCategory":       func(t instanceTypeInfo) string { return t.InstanceCategory },
		"InstanceFamilyLevel":    func(t instanceTypeInfo) string { return t.InstanceFamilyLevel },
		"PhysicalProcessorModel": func(t instanceTypeInfo) string { return t.PhysicalProcessorModel },
		"GPUSpec":                func(t instanceTypeInfo) string { return t.GPUSpec },
		"NvmeSupport":            func(t instanceTypeInfo) string { return t.NvmeSupport },
		"LocalStorageCategory":   func(t instanceTypeInfo) string { return t.LocalStorageCategory },
	} {
		if want := p.get(param); want != "" {
			value := value
			filters = append(filters, func(t instanceTypeInfo) bool { return value(t) == want })
		}
	}
	if arch, err := p.oneOf("CpuArchitecture", "", "X86", "ARM"); err != nil {
		return nil, err
	} else if arch != "" {
		filters = append(filters, func(t instanceTypeInfo) bool { return t.CPUArchitecture == arch })
	}
	for name, value := range map[string]func(instanceTypeInfo) float64{
		"CpuCoreCount":                func(t instanceTypeInfo) float64 { return float64(t.CPUCoreCount) },
		"MemorySize":                  func(t instanceTypeInfo) float64 { return t.MemorySize },
		"GPUAmount":                   func(t instanceTypeInfo) float64 { return float64(t.GPUAmount) },
		"EniQuantity":                 func(t instanceTypeInfo) float64 { return float64(t.EniQuantity) },
		"EniPrivateIpAddressQuantity": func(t instanceTypeInfo) float64 { return float64(t.EniPrivateIPAddressQuantity) },
		"EniIpv6AddressQuantity":      func(t instanceTypeInfo) float64 { return float64(t.EniIpv6AddressQuantity) },
		"BaselineCredit":              func(t instanceTypeInfo) float64 { return float64(t.BaselineCredit) },
		"InitialCredit":               func(t instanceTypeInfo) float64 { return float64(t.InitialCredit) },
		"InstanceBandwidthRx":         func(t instanceTypeInfo) float64 { return float64(t.InstanceBandwidthRx) },
		"InstanceBandwidthTx":         func(t instanceTypeInfo) float64 { return float64(t.InstanceBandwidthTx) },
		"InstancePpsRx":               func(t instanceTypeInfo) float64 { return float64(t.InstancePpsRx) },
		"InstancePpsTx":               func(t instanceTypeInfo) float64 { return float64(t.InstancePpsTx) },
		"PrimaryEniQueueNumber":       func(t instanceTypeInfo) float64 { return float64(t.PrimaryEniQueueNumber) },
		"SecondaryEniQueueNumber":     func(t instanceTypeInfo) float64 { return float64(t.SecondaryEniQueueNumber) },
		"CpuSpeedFrequency":           func(t instanceTypeInfo) float64 { return t.CPUSpeedFrequency },
		"CpuTurboFrequency":           func(t instanceTypeInfo) float64 { return t.CPUTurboFrequency },
		"LocalStorageCapacity":        func(t instanceTypeInfo) float64 { return float64(t.LocalStorageCapacity) },
		"LocalStorageAmount":          func(t instanceTypeInfo) float64 { return float64(t.LocalStorageAmount) },
		"DiskQuantity":                func(t instanceTypeInfo) float64 { return float64(t.DiskQuantity) },
		"QueuePairNumber":             func(t instanceTypeInfo) float64 { return float64(t.QueuePairNumber) },
		"EriQuantity":                 func(t instanceTypeInfo) float64 { return float64(t.EriQuantity) },
		"GPUMemorySize":               func(t instanceTypeInfo) float64 { return t.GPUMemorySize },
	} {
		for _, bound := range []string{"Minimum", "Maximum"} {
			s := p.get(bound + name)
			if s == "" {
				continue
			}
			limit, err := strconv.ParseFloat(s, 64)
			if err != nil || limit < 0 {
				return nil, invalidParameter(bound + name)
			}
			value, atLeast := value, bound == "Minimum"
			filters = append(filters, func(t instanceTypeInfo) bool {
				if atLeast {
					return value(t) >= limit
				}
				return value(t) <= limit
			})
		}
	}
	limit, err := p.integer("MaxResults", defaultTypeResults, 1, maxTypeResults)
	if err != nil {
		return nil, err
	}
	offset, err := parseNextToken(p.get("NextToken"))
	if err != nil {
		return nil, err
	}
	var matched []instanceTypeInfo
	for _, t := range h.Svc.Catalog(compute.CloudAliyun).InstanceTypes {
		w := wireType(t)
		if matchesType(w, filters) {
			matched = append(matched, w)
		}
	}
	resp := describeInstanceTypesResponse{RequestID: c.requestID}
	resp.InstanceTypes.InstanceType = kit.Page(matched, offset, limit)
	if offset+limit < len(matched) {
		resp.NextToken = nextToken(offset + limit)
	}
	return resp, nil
}

func matchesType(t instanceTypeInfo, filters []typeFilter) bool {
	for _, f := range filters {
		if !f(t) {
			return false
		}
	}
	return true
}

type typeFamily struct {
	InstanceTypeFamilyID string `json:"InstanceTypeFamilyId" xml:"InstanceTypeFamilyId"`
	Generation           string `json:"Generation" xml:"Generation"`
}

type describeInstanceTypeFamiliesResponse struct {
	RequestID            string `json:"RequestId" xml:"RequestId"`
	InstanceTypeFamilies struct {
		InstanceTypeFamily []typeFamily `json:"InstanceTypeFamily" xml:"InstanceTypeFamily"`
	} `json:"InstanceTypeFamilies" xml:"InstanceTypeFamilies"`
}

// describeInstanceTypeFamilies lists the families of the catalog's types
// with their generation.
func (h *Handler) describeInstanceTypeFamilies(c *call) (any, error) {
	if _, err := h.region(c); err != nil {
		return nil, err
	}
	generation := c.params.get("Generation")
	resp := describeInstanceTypeFamiliesResponse{RequestID: c.requestID}
	resp.InstanceTypeFamilies.InstanceTypeFamily = []typeFamily{}
	seen := map[string]bool{}
	for _, t := range h.Svc.Catalog(compute.CloudAliyun).InstanceTypes {
		g := t.Attributes[AttrTypeGeneration]
		if seen[t.Family] || generation != "" && g != generation {
			continue
		}
		seen[t.Family] = true
		resp.InstanceTypeFamilies.InstanceTypeFamily = append(resp.InstanceTypeFamilies.InstanceTypeFamily, typeFamily{InstanceTypeFamilyID: t.Family, Generation: g})
	}
	return resp, nil
}

type supportedResource struct {
	Value          string `json:"Value" xml:"Value"`
	Status         string `json:"Status" xml:"Status"`
	StatusCategory string `json:"StatusCategory" xml:"StatusCategory"`
	Min            int    `json:"Min" xml:"Min"`
	Max            int    `json:"Max" xml:"Max"`
	Unit           string `json:"Unit" xml:"Unit"`
}

type availableResource struct {
	Type               string `json:"Type" xml:"Type"`
	SupportedResources struct {
		SupportedResource []supportedResource `json:"SupportedResource" xml:"SupportedResource"`
	} `json:"SupportedResources" xml:"SupportedResources"`
}

type availableZone struct {
	RegionID           string `json:"RegionId" xml:"RegionId"`
	ZoneID             string `json:"ZoneId" xml:"ZoneId"`
	Status             string `json:"Status" xml:"Status"`
	StatusCategory     string `json:"StatusCategory" xml:"StatusCategory"`
	AvailableResources struct {
		AvailableResource []availableResource `json:"AvailableResource" xml:"AvailableResource"`
	} `json:"AvailableResources" xml:"AvailableResources"`
}

type describeAvailableResourceResponse struct {
	RequestID      string `json:"RequestId" xml:"RequestId"`
	AvailableZones struct {
		AvailableZone []availableZone `json:"AvailableZone" xml:"AvailableZone"`
	} `json:"AvailableZones" xml:"AvailableZones"`
}

// zoneOffer is what a zone offers, as DescribeZones and
// DescribeAvailableResource tell it.
type zoneOffer struct {
	types, families, generations []string
	system, data                 []compute.DiskCategory
}

// offerIn gathers what the catalog offers in a zone; an instance type
// given limits the disks to those it may use.
func offerIn(cat compute.Catalog, zone compute.ZoneID, itype *compute.InstanceType) zoneOffer {
	var o zoneOffer
	for _, t := range cat.InstanceTypes {
		if !t.OfferedIn(zone) {
			continue
		}
		o.types = append(o.types, t.ID)
		if !slices.Contains(o.families, t.Family) {
			o.families = append(o.families, t.Family)
		}
		if g := t.Attributes[AttrTypeGeneration]; g != "" && !slices.Contains(o.generations, g) {
			o.generations = append(o.generations, g)
		}
	}
	entry := itype == nil || itype.Attributes[AttrTypeEssdEntry] == "true"
	for _, d := range cat.DiskCategories {
		if d.ID == categoryESSDEntry && !entry {
			continue
		}
		if d.SystemMaxGiB > 0 {
			o.system = append(o.system, d)
		}
		if d.MaxGiB > 0 {
			o.data = append(o.data, d)
		}
	}
	return o
}

func categoryIDs(ds []compute.DiskCategory) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.ID
	}
	return out
}

// describeAvailableResource tells, zone by zone, what can be created: the
// zones themselves, instance types (by vCPUs and memory, when given),
// system and data disk categories with their size limits, the network
// type and I/O optimization. Every offer is Available and WithStock:
// ecsd never runs out.
func (h *Handler) describeAvailableResource(c *call) (any, error) {
	p := c.params
	region, err := h.region(c)
	if err != nil {
		return nil, err
	}
	dest, err := p.required("DestinationResource")
	if err != nil {
		return nil, err
	}
	if !slices.Contains([]string{"Zone", "IoOptimized", "InstanceType", "InstanceTypeFamily", "SystemDisk", "DataDisk", "Network"}, dest) {
		return nil, errDestination
	}
	zone, err := h.zone(c, region)
	if err != nil {
		return nil, err
	}
	if _, err := p.oneOf("InstanceChargeType", chargePostPaid, chargePostPaid, chargePrePaid); err != nil {
		return nil, errChargeType
	}
	if _, err := p.oneOf("SpotStrategy", defaultSpotStrategy, defaultSpotStrategy, "SpotWithPriceLimit", "SpotAsPriceGo"); err != nil {
		return nil, errSpotStrategy
	}
	if _, err := p.oneOf("ResourceType", "instance", "instance", "disk", "reservedinstance", "ddh"); err != nil {
		return nil, err
	}
	io, err := p.oneOf("IoOptimized", "optimized", "optimized", "none")
	if err != nil {
		return nil, err
	}
	network, err := p.oneOf("NetworkCategory", "vpc", "vpc", "classic")
	if err != nil {
		return nil, errNetworkCateg
	}
	cores, err := p.integer("Cores", 0, 1, 1<<16)
	if err != nil {
		return nil, err
	}
	memory := 0.0
	if s := p.get("Memory"); s != "" {
		if memory, err = strconv.ParseFloat(s, 64); err != nil || memory <= 0 {
			return nil, invalidParameter("Memory")
		}
	}
	cat := h.Svc.Catalog(compute.CloudAliyun)
	var itype *compute.InstanceType
	if id := p.get("InstanceType"); id != "" {
		t, ok := cat.InstanceType(id)
		if !ok {
			return nil, &compute.Error{Code: compute.NotFound, Param: "instance_type", Value: id, Message: "instance type " + id + " does not exist"}
		}
		itype = &t
	}
	systemCategory, dataCategory := p.get("SystemDiskCategory"), p.get("DataDiskCategory")
	resp := describeAvailableResourceResponse{RequestID: c.requestID}
	resp.AvailableZones.AvailableZone = []availableZone{}
	if io == "none" || network == "classic" || p.get("DedicatedHostId") != "" {
		return resp, nil // ecsd's instances are all I/O optimized VPC instances, on shared hosts
	}
	r, _ := h.Svc.Region(compute.CloudAliyun, region.ID)
	for _, z := range r.Zones {
		if zone != "" && z.ID != zone || itype != nil && !itype.OfferedIn(z.ID) {
			continue
		}
		o := offerIn(cat, z.ID, itype)
		if systemCategory != "" && !slices.Contains(categoryIDs(o.system), systemCategory) ||
			dataCategory != "" && !slices.Contains(categoryIDs(o.data), dataCategory) {
			continue
		}
		var supported []supportedResource
		offer := func(value string, min, max int, unit string) {
			supported = append(supported, supportedResource{Value: value, Status: statusAvailable, StatusCategory: statusWithStock, Min: min, Max: max, Unit: unit})
		}
		switch dest {
		case "Zone":
			offer(string(z.ID), 0, 0, "")
		case "IoOptimized":
			offer("optimized", 0, 0, "")
		case "Network":
			offer("vpc", 0, 0, "")
		case "InstanceType", "InstanceTypeFamily":
			for _, id := range o.types {
				t, _ := cat.InstanceType(id)
				if cores > 0 && t.CPU != cores || memory > 0 && memoryGiB(t) != memory || itype != nil && t.ID != itype.ID {
					continue
				}
				if dest == "InstanceType" {
					offer(t.ID, 0, 0, "")
				} else if !slices.ContainsFunc(supported, func(s supportedResource) bool { return s.Value == t.Family }) {
					offer(t.Family, 0, 0, "")
				}
			}
		case "SystemDisk":
			for _, d := range o.system {
				if systemCategory == "" || d.ID == systemCategory {
					offer(d.ID, d.SystemMinGiB, d.SystemMaxGiB, unitGiB)
				}
			}
		case "DataDisk":
			for _, d := range o.data {
				if dataCategory == "" || d.ID == dataCategory {
					offer(d.ID, d.MinGiB, d.MaxGiB, unitGiB)
				}
			}
		}
		if len(supported) == 0 {
			continue
		}
		az := availableZone{RegionID: string(region.ID), ZoneID: string(z.ID), Status: statusAvailable, StatusCategory: statusWithStock}
		ar := availableResource{Type: dest}
		ar.SupportedResources.SupportedResource = supported
		az.AvailableResources.AvailableResource = []availableResource{ar}
		resp.AvailableZones.AvailableZone = append(resp.AvailableZones.AvailableZone, az)
	}
	return resp, nil
}
