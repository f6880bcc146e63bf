package tencent

import (
	"slices"
	"strconv"

	"github.com/ecsd/ecsd/internal/compute"
)

// CVM's instance types, as the catalog offers them in each zone of the
// request's region, and what they cost.

// Prices ecsd quotes, in CNY. A month is 720 hours, and buying ahead for
// a month, one, three or five years costs that many hours less a discount.
const (
	hoursPerMonth = 720
	// diskPricePerGiBHour is the hourly price of a GiB of cloud disk.
	diskPricePerGiBHour = 0.0005
	// trafficPricePerGB prices public traffic billed by the GB;
	// bandwidthPricePerMbitHour public bandwidth billed by the hour.
	trafficPricePerGB         = 0.8
	bandwidthPricePerMbitHour = 0.063
	monthlyDiscount           = 0.9
)

// itemPrice is CVM's ItemPrice: the price of a thing, by the hour (its
// steps after the first day and the fifth) or bought ahead.
type itemPrice struct {
	UnitPrice                   float64 `json:"UnitPrice"`
	ChargeUnit                  string  `json:"ChargeUnit"`
	OriginalPrice               float64 `json:"OriginalPrice"`
	DiscountPrice               float64 `json:"DiscountPrice"`
	Discount                    float64 `json:"Discount"`
	UnitPriceDiscount           float64 `json:"UnitPriceDiscount"`
	UnitPriceSecondStep         float64 `json:"UnitPriceSecondStep"`
	UnitPriceDiscountSecondStep float64 `json:"UnitPriceDiscountSecondStep"`
	UnitPriceThirdStep          float64 `json:"UnitPriceThirdStep"`
	UnitPriceDiscountThirdStep  float64 `json:"UnitPriceDiscountThirdStep"`
	OriginalPriceThreeYear      float64 `json:"OriginalPriceThreeYear"`
	DiscountPriceThreeYear      float64 `json:"DiscountPriceThreeYear"`
	DiscountThreeYear           float64 `json:"DiscountThreeYear"`
	OriginalPriceFiveYear       float64 `json:"OriginalPriceFiveYear"`
	DiscountPriceFiveYear       float64 `json:"DiscountPriceFiveYear"`
	DiscountFiveYear            float64 `json:"DiscountFiveYear"`
	OriginalPriceOneYear        float64 `json:"OriginalPriceOneYear"`
	DiscountPriceOneYear        float64 `json:"DiscountPriceOneYear"`
	DiscountOneYear             float64 `json:"DiscountOneYear"`
}

// priceOf prices something that costs hourly CNY an hour: by the hour
// (cheaper after the first day and the fifth), or bought ahead for months.
// Discounts are percentages, as CVM shows them.
func priceOf(hourly float64, unit string, months int) itemPrice {
	ahead := func(m int, discount float64) (float64, float64) {
		original := roundCents(hourly * hoursPerMonth * float64(m))
		return original, roundCents(original * discount / 100)
	}
	p := itemPrice{
		UnitPrice: roundMills(hourly), ChargeUnit: unit, Discount: 100, UnitPriceDiscount: roundMills(hourly),
		UnitPriceSecondStep: roundMills(hourly * 0.95), UnitPriceDiscountSecondStep: roundMills(hourly * 0.95),
		UnitPriceThirdStep: roundMills(hourly * 0.9), UnitPriceDiscountThirdStep: roundMills(hourly * 0.9),
		DiscountOneYear: 83, DiscountThreeYear: 50, DiscountFiveYear: 40,
	}
	p.OriginalPriceOneYear, p.DiscountPriceOneYear = ahead(12, p.DiscountOneYear)
	p.OriginalPriceThreeYear, p.DiscountPriceThreeYear = ahead(36, p.DiscountThreeYear)
	p.OriginalPriceFiveYear, p.DiscountPriceFiveYear = ahead(60, p.DiscountFiveYear)
	if months > 0 {
		p.ChargeUnit, p.Discount = "", 100*monthlyDiscount
		p.OriginalPrice, p.DiscountPrice = ahead(months, p.Discount)
	}
	return p
}

func roundMills(f float64) float64 { return float64(int64(f*10000+0.5)) / 10000 }

// hourlyPrice is what an instance type costs an hour.
func hourlyPrice(t compute.InstanceType) float64 {
	f, err := strconv.ParseFloat(t.Attributes[AttrHourlyPrice], 64)
	if err != nil {
		return 0.05*float64(t.CPU) + 0.025*float64(t.MemoryMiB)/1024
	}
	return f
}

type instanceTypeConfig struct {
	Zone           string  `json:"Zone"`
	InstanceType   string  `json:"InstanceType"`
	InstanceFamily string  `json:"InstanceFamily"`
	GPU            int     `json:"GPU"`
	CPU            int     `json:"CPU"`
	Memory         int     `json:"Memory"`
	FPGA           int     `json:"FPGA"`
	GpuCount       float64 `json:"GpuCount"`
}

type describeInstanceTypeConfigsResponse struct {
	InstanceTypeConfigSet []instanceTypeConfig `json:"InstanceTypeConfigSet"`
	RequestID             string               `json:"RequestId"`
}

// offering is an instance type offered in a zone.
type offering struct {
	zone compute.ZoneID
	t    compute.InstanceType
}

// offerings lists the catalog's instance types in each zone of the region
// where they are offered, zone by zone, that the filters zone,
// instance-family and instance-type allow.
func (h *Handler) offerings(c *call, filters map[string][]string) ([]offering, error) {
	r, err := h.Svc.Region(compute.CloudTencent, c.region)
	if err != nil {
		return nil, err
	}
	allows := func(name, v string) bool {
		values, ok := filters[name]
		return !ok || slices.Contains(values, v)
	}
	var out []offering
	for _, z := range r.Zones {
		if !allows("zone", string(z.ID)) {
			continue
		}
		for _, t := range h.Svc.Catalog(compute.CloudTencent).InstanceTypes {
			if t.OfferedIn(z.ID) && allows("instance-family", t.Family) && allows("instance-type", t.ID) {
				out = append(out, offering{z.ID, t})
			}
		}
	}
	return out, nil
}

// describeInstanceTypeConfigs lists the instance types of each zone.
func (h *Handler) describeInstanceTypeConfigs(c *call) (any, error) {
	filters, err := typeFilters(c.params, "zone", "instance-family", "instance-type")
	if err != nil {
		return nil, err
	}
	offered, err := h.offerings(c, filters)
	if err != nil {
		return nil, err
	}
	resp := describeInstanceTypeConfigsResponse{InstanceTypeConfigSet: make([]instanceTypeConfig, len(offered)), RequestID: c.requestID}
	for i, o := range offered {
		resp.InstanceTypeConfigSet[i] = instanceTypeConfig{
			Zone: string(o.zone), InstanceType: o.t.ID, InstanceFamily: o.t.Family, GPU: o.t.GPU, CPU: o.t.CPU,
			Memory: o.t.MemoryMiB / 1024, GpuCount: float64(o.t.GPU),
		}
	}
	return resp, nil
}

// typeFilters reads the Filters of the instance type listings.
func typeFilters(p params, known ...string) (map[string][]string, error) {
	if err := p.only("Filters"); err != nil {
		return nil, err
	}
	list, err := p.objects("Filters")
	if err != nil {
		return nil, err
	}
	filters, _, err := readFilters(list, known, false)
	return filters, err
}

type storageBlock struct {
	Type    string `json:"Type"`
	MinSize int    `json:"MinSize"`
	MaxSize int    `json:"MaxSize"`
}

type externals struct {
	ReleaseAddress    bool         `json:"ReleaseAddress"`
	UnsupportNetworks []string     `json:"UnsupportNetworks"`
	StorageBlockAttr  storageBlock `json:"StorageBlockAttr"`
}

type localDiskType struct {
	Type          string `json:"Type"`
	PartitionType string `json:"PartitionType"`
	MinSize       int    `json:"MinSize"`
	MaxSize       int    `json:"MaxSize"`
	Required      string `json:"Required"`
}

type instanceTypeQuotaItem struct {
	Zone               string          `json:"Zone"`
	InstanceType       string          `json:"InstanceType"`
	InstanceChargeType string          `json:"InstanceChargeType"`
	NetworkCard        int             `json:"NetworkCard"`
	Externals          externals       `json:"Externals"`
	Cpu                int             `json:"Cpu"`
	Memory             int             `json:"Memory"`
	InstanceFamily     string          `json:"InstanceFamily"`
	TypeName           string          `json:"TypeName"`
	LocalDiskTypeList  []localDiskType `json:"LocalDiskTypeList"`
	Status             string          `json:"Status"`
	Price              itemPrice       `json:"Price"`
	SoldOutReason      string          `json:"SoldOutReason"`
	InstanceBandwidth  float64         `json:"InstanceBandwidth"`
	InstancePps        int             `json:"InstancePps"`
	StorageBlockAmount int             `json:"StorageBlockAmount"`
	CpuType            string          `json:"CpuType"`
	Gpu                int             `json:"Gpu"`
	Fpga               int             `json:"Fpga"`
	Remark             string          `json:"Remark"`
	GpuCount           float64         `json:"GpuCount"`
	Frequency          string          `json:"Frequency"`
	StatusCategory     string          `json:"StatusCategory"`
}

type describeZoneInstanceConfigInfosResponse struct {
	InstanceTypeQuotaSet []instanceTypeQuotaItem `json:"InstanceTypeQuotaSet"`
	RequestID            string                  `json:"RequestId"`
}

// quotaChargeTypes are the charge types each type is sold by.
var quotaChargeTypes = []string{chargePostPaid, chargePrePaid}

// describeZoneInstanceConfigInfos lists the instance types of each zone by
// charge type, with their prices; every one is on sale.
func (h *Handler) describeZoneInstanceConfigInfos(c *call) (any, error) {
	filters, err := typeFilters(c.params, "zone", "instance-family", "instance-type", "instance-charge-type", "sort-keys")
	if err != nil {
		return nil, err
	}
	for _, v := range filters["instance-charge-type"] {
		if !slices.Contains(chargeTypes, v) {
			return nil, invalidValuef("The value `%s` of the filter `instance-charge-type` is not one of %v.", v, chargeTypes)
		}
	}
	offered, err := h.offerings(c, filters)
	if err != nil {
		return nil, err
	}
	resp := describeZoneInstanceConfigInfosResponse{InstanceTypeQuotaSet: []instanceTypeQuotaItem{}, RequestID: c.requestID}
	for _, o := range offered {
		for _, charge := range quotaChargeTypes {
			if values, ok := filters["instance-charge-type"]; ok && !slices.Contains(values, charge) {
				continue
			}
			months := 0
			if charge == chargePrePaid {
				months = 1
			}
			bandwidth, _ := strconv.ParseFloat(o.t.Attributes[AttrBandwidth], 64)
			pps, _ := strconv.Atoi(o.t.Attributes[AttrPPS])
			resp.InstanceTypeQuotaSet = append(resp.InstanceTypeQuotaSet, instanceTypeQuotaItem{
				Zone: string(o.zone), InstanceType: o.t.ID, InstanceChargeType: charge, NetworkCard: 25,
				Externals: externals{UnsupportNetworks: []string{}}, Cpu: o.t.CPU, Memory: o.t.MemoryMiB / 1024,
				InstanceFamily: o.t.Family, TypeName: or(o.t.Attributes[AttrFamilyName], o.t.Family),
				LocalDiskTypeList: []localDiskType{}, Status: "SELL", Price: priceOf(hourlyPrice(o.t), "HOUR", months),
				InstanceBandwidth: bandwidth, InstancePps: pps, CpuType: o.t.Attributes[AttrCPUType], Gpu: o.t.GPU,
				GpuCount: float64(o.t.GPU), Frequency: o.t.Attributes[AttrFrequency], StatusCategory: "EnoughStock",
			})
		}
	}
	return resp, nil
}

type instanceFamilyConfig struct {
	InstanceFamilyName string `json:"InstanceFamilyName"`
	InstanceFamily     string `json:"InstanceFamily"`
}

type describeInstanceFamilyConfigsResponse struct {
	InstanceFamilyConfigSet []instanceFamilyConfig `json:"InstanceFamilyConfigSet"`
	RequestID               string                 `json:"RequestId"`
}

// describeInstanceFamilyConfigs lists the families of the catalog's types.
func (h *Handler) describeInstanceFamilyConfigs(c *call) (any, error) {
	if err := c.params.only(); err != nil {
		return nil, err
	}
	resp := describeInstanceFamilyConfigsResponse{InstanceFamilyConfigSet: []instanceFamilyConfig{}, RequestID: c.requestID}
	for _, t := range h.Svc.Catalog(compute.CloudTencent).InstanceTypes {
		f := instanceFamilyConfig{InstanceFamilyName: or(t.Attributes[AttrFamilyName], t.Family), InstanceFamily: t.Family}
		if !slices.Contains(resp.InstanceFamilyConfigSet, f) {
			resp.InstanceFamilyConfigSet = append(resp.InstanceFamilyConfigSet, f)
		}
	}
	return resp, nil
}

type runPrice struct {
	InstancePrice  itemPrice `json:"InstancePrice"`
	BandwidthPrice itemPrice `json:"BandwidthPrice"`
}

type inquiryPriceRunInstancesResponse struct {
	Price     runPrice `json:"Price"`
	RequestID string   `json:"RequestId"`
}

// inquiryPriceRunParams are InquiryPriceRunInstances' parameters.
var inquiryPriceRunParams = []string{
	"Placement", "ImageId", "InstanceChargeType", "InstanceChargePrepaid", "InstanceType", "SystemDisk", "DataDisks",
	"VirtualPrivateCloud", "InternetAccessible", "InstanceCount", "InstanceName", "LoginSettings", "SecurityGroupIds",
	"EnhancedService", "ClientToken", "HostName", "TagSpecification", "InstanceMarketOptions", "HpcClusterId",
	"CpuTopology", "LaunchTemplate",
}

// inquiryPriceRunInstances prices a RunInstances call: its instances and
// their disks, and their public bandwidth. The launch is checked as
// RunInstances checks it, without making anything.
func (h *Handler) inquiryPriceRunInstances(c *call) (any, error) {
	spec, err := h.launchSpec(c, c.params, inquiryPriceRunParams)
	if err != nil {
		return nil, err
	}
	if err := h.checkLaunchVPC(c, spec); err != nil {
		return nil, err
	}
	delete(spec.Extra, extraLaunchVPC)
	spec.DryRun, spec.ClientToken = true, ""
	if _, err := h.Svc.Launch(c.ctx(), spec); compute.ErrorCode(err) != compute.DryRunPassed {
		return nil, err
	}
	t, _ := h.Svc.Catalog(compute.CloudTencent).InstanceType(spec.InstanceType)
	gib := spec.SystemDisk.SizeGiB
	for _, d := range spec.DataDisks {
		gib += d.SizeGiB
	}
	hourly := float64(spec.Count) * (hourlyPrice(t) + diskPricePerGiBHour*float64(gib))
	months := 0
	if spec.ChargeType == compute.PrePaid {
		months, _ = strconv.Atoi(spec.Extra[extraPeriod])
	}
	bandwidth := priceOf(trafficPricePerGB, "GB", 0)
	if spec.Extra[extraInternetCharge] != "" && spec.Extra[extraInternetCharge] != trafficPostpaid {
		bandwidth = priceOf(float64(spec.Count*spec.BandwidthOut)*bandwidthPricePerMbitHour, "HOUR", months)
	}
	return inquiryPriceRunInstancesResponse{Price: runPrice{InstancePrice: priceOf(hourly, "HOUR", months), BandwidthPrice: bandwidth}, RequestID: c.requestID}, nil
}
