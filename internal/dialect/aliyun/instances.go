package aliyun

import (
	"cmp"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// The wire shapes of DescribeInstances, after the SDKs' response structs
// and Alibaba's documented example. Lists are never null: an empty one is
// an empty array, as the provider's JSON paths need.
type (
	ipAddresses struct {
		IPAddress []string `json:"IpAddress" xml:"IpAddress"`
	}
	instanceTag struct {
		TagKey   string `json:"TagKey" xml:"TagKey"`
		TagValue string `json:"TagValue" xml:"TagValue"`
	}
	privateIPSet struct {
		PrivateIPAddress string `json:"PrivateIpAddress" xml:"PrivateIpAddress"`
		Primary          bool   `json:"Primary" xml:"Primary"`
	}
	instanceNIC struct {
		Type               string `json:"Type" xml:"Type"`
		NetworkInterfaceID string `json:"NetworkInterfaceId" xml:"NetworkInterfaceId"`
		MacAddress         string `json:"MacAddress" xml:"MacAddress"`
		PrimaryIPAddress   string `json:"PrimaryIpAddress" xml:"PrimaryIpAddress"`
		PrivateIPSets      struct {
			PrivateIPSet []privateIPSet `json:"PrivateIpSet" xml:"PrivateIpSet"`
		} `json:"PrivateIpSets" xml:"PrivateIpSets"`
		Ipv6Sets struct {
			Ipv6Set []struct {
				Ipv6Address string `json:"Ipv6Address" xml:"Ipv6Address"`
			} `json:"Ipv6Set" xml:"Ipv6Set"`
		} `json:"Ipv6Sets" xml:"Ipv6Sets"`
		Ipv4PrefixSets struct {
			Ipv4PrefixSet []struct {
				Ipv4Prefix string `json:"Ipv4Prefix" xml:"Ipv4Prefix"`
			} `json:"Ipv4PrefixSet" xml:"Ipv4PrefixSet"`
		} `json:"Ipv4PrefixSets" xml:"Ipv4PrefixSets"`
		Ipv6PrefixSets struct {
			Ipv6PrefixSet []struct {
				Ipv6Prefix string `json:"Ipv6Prefix" xml:"Ipv6Prefix"`
			} `json:"Ipv6PrefixSet" xml:"Ipv6PrefixSet"`
		} `json:"Ipv6PrefixSets" xml:"Ipv6PrefixSets"`
	}
	eipAddress struct {
		AllocationID         string `json:"AllocationId" xml:"AllocationId"`
		IPAddress            string `json:"IpAddress" xml:"IpAddress"`
		Bandwidth            int    `json:"Bandwidth" xml:"Bandwidth"`
		InternetChargeType   string `json:"InternetChargeType" xml:"InternetChargeType"`
		IsSupportUnassociate bool   `json:"IsSupportUnassociate" xml:"IsSupportUnassociate"`
	}
	vpcAttributes struct {
		VpcID            string      `json:"VpcId" xml:"VpcId"`
		VSwitchID        string      `json:"VSwitchId" xml:"VSwitchId"`
		PrivateIPAddress ipAddresses `json:"PrivateIpAddress" xml:"PrivateIpAddress"`
		NatIPAddress     string      `json:"NatIpAddress" xml:"NatIpAddress"`
	}
	lockReason struct {
		LockReason string `json:"LockReason" xml:"LockReason"`
		LockMsg    string `json:"LockMsg" xml:"LockMsg"`
	}
	operationLocks struct {
		LockReason []lockReason `json:"LockReason" xml:"LockReason"`
	}
	securityGroupIDs struct {
		SecurityGroupID []string `json:"SecurityGroupId" xml:"SecurityGroupId"`
	}
	dedicatedHostAttribute struct {
		DedicatedHostID        string `json:"DedicatedHostId" xml:"DedicatedHostId"`
		DedicatedHostName      string `json:"DedicatedHostName" xml:"DedicatedHostName"`
		DedicatedHostClusterID string `json:"DedicatedHostClusterId" xml:"DedicatedHostClusterId"`
	}
)

type instance struct {
	InstanceID               string  `json:"InstanceId" xml:"InstanceId"`
	InstanceName             string  `json:"InstanceName" xml:"InstanceName"`
	HostName                 string  `json:"HostName" xml:"HostName"`
	Description              string  `json:"Description" xml:"Description"`
	RegionID                 string  `json:"RegionId" xml:"RegionId"`
	ZoneID                   string  `json:"ZoneId" xml:"ZoneId"`
	InstanceType             string  `json:"InstanceType" xml:"InstanceType"`
	InstanceTypeFamily       string  `json:"InstanceTypeFamily" xml:"InstanceTypeFamily"`
	CPU                      int     `json:"Cpu" xml:"Cpu"`
	Memory                   int     `json:"Memory" xml:"Memory"`
	GPUAmount                int     `json:"GPUAmount" xml:"GPUAmount"`
	GPUSpec                  string  `json:"GPUSpec" xml:"GPUSpec"`
	LocalStorageAmount       int     `json:"LocalStorageAmount" xml:"LocalStorageAmount"`
	LocalStorageCapacity     int64   `json:"LocalStorageCapacity" xml:"LocalStorageCapacity"`
	ImageID                  string  `json:"ImageId" xml:"ImageId"`
	OSName                   string  `json:"OSName" xml:"OSName"`
	OSNameEn                 string  `json:"OSNameEn" xml:"OSNameEn"`
	OSType                   string  `json:"OSType" xml:"OSType"`
	Status                   string  `json:"Status" xml:"Status"`
	CreationTime             string  `json:"CreationTime" xml:"CreationTime"`
	StartTime                string  `json:"StartTime" xml:"StartTime"`
	ExpiredTime              string  `json:"ExpiredTime" xml:"ExpiredTime"`
	AutoReleaseTime          string  `json:"AutoReleaseTime" xml:"AutoReleaseTime"`
	InstanceChargeType       string  `json:"InstanceChargeType" xml:"InstanceChargeType"`
	SaleCycle                string  `json:"SaleCycle" xml:"SaleCycle"`
	InternetChargeType       string  `json:"InternetChargeType" xml:"InternetChargeType"`
	InternetMaxBandwidthOut  int     `json:"InternetMaxBandwidthOut" xml:"InternetMaxBandwidthOut"`
	InternetMaxBandwidthIn   int     `json:"InternetMaxBandwidthIn" xml:"InternetMaxBandwidthIn"`
	InstanceNetworkType      string  `json:"InstanceNetworkType" xml:"InstanceNetworkType"`
	ResourceGroupID          string  `json:"ResourceGroupId" xml:"ResourceGroupId"`
	SerialNumber             string  `json:"SerialNumber" xml:"SerialNumber"`
	StoppedMode              string  `json:"StoppedMode" xml:"StoppedMode"`
	IoOptimized              bool    `json:"IoOptimized" xml:"IoOptimized"`
	DeletionProtection       bool    `json:"DeletionProtection" xml:"DeletionProtection"`
	DeviceAvailable          bool    `json:"DeviceAvailable" xml:"DeviceAvailable"`
	Recyclable               bool    `json:"Recyclable" xml:"Recyclable"`
	CreditSpecification      string  `json:"CreditSpecification" xml:"CreditSpecification"`
	KeyPairName              string  `json:"KeyPairName" xml:"KeyPairName"`
	SpotStrategy             string  `json:"SpotStrategy" xml:"SpotStrategy"`
	SpotPriceLimit           float64 `json:"SpotPriceLimit" xml:"SpotPriceLimit"`
	SpotDuration             int     `json:"SpotDuration" xml:"SpotDuration"`
	SpotInterruptionBehavior string  `json:"SpotInterruptionBehavior" xml:"SpotInterruptionBehavior"`
	DeploymentSetID          string  `json:"DeploymentSetId" xml:"DeploymentSetId"`
	DeploymentSetGroupNo     int     `json:"DeploymentSetGroupNo" xml:"DeploymentSetGroupNo"`
	HpcClusterID             string  `json:"HpcClusterId" xml:"HpcClusterId"`
	ClusterID                string  `json:"ClusterId" xml:"ClusterId"`
	VlanID                   string  `json:"VlanId" xml:"VlanId"`
	ISP                      string  `json:"ISP" xml:"ISP"`

	SecurityGroupIDs  securityGroupIDs `json:"SecurityGroupIds" xml:"SecurityGroupIds"`
	InnerIPAddress    ipAddresses      `json:"InnerIpAddress" xml:"InnerIpAddress"`
	PublicIPAddress   ipAddresses      `json:"PublicIpAddress" xml:"PublicIpAddress"`
	RdmaIPAddress     ipAddresses      `json:"RdmaIpAddress" xml:"RdmaIpAddress"`
	EipAddress        eipAddress       `json:"EipAddress" xml:"EipAddress"`
	VpcAttributes     vpcAttributes    `json:"VpcAttributes" xml:"VpcAttributes"`
	NetworkInterfaces struct {
		NetworkInterface []instanceNIC `json:"NetworkInterface" xml:"NetworkInterface"`
	} `json:"NetworkInterfaces" xml:"NetworkInterfaces"`
	Tags struct {
		Tag []instanceTag `json:"Tag" xml:"Tag"`
	} `json:"Tags" xml:"Tags"`
	OperationLocks             operationLocks         `json:"OperationLocks" xml:"OperationLocks"`
	DedicatedHostAttribute     dedicatedHostAttribute `json:"DedicatedHostAttribute" xml:"DedicatedHostAttribute"`
	DedicatedInstanceAttribute struct {
		Affinity string `json:"Affinity" xml:"Affinity"`
		Tenancy  string `json:"Tenancy" xml:"Tenancy"`
	} `json:"DedicatedInstanceAttribute" xml:"DedicatedInstanceAttribute"`
	EcsCapacityReservationAttr struct {
		CapacityReservationID         string `json:"CapacityReservationId" xml:"CapacityReservationId"`
		CapacityReservationPreference string `json:"CapacityReservationPreference" xml:"CapacityReservationPreference"`
	} `json:"EcsCapacityReservationAttr" xml:"EcsCapacityReservationAttr"`
	CPUOptions struct {
		CoreCount      int    `json:"CoreCount" xml:"CoreCount"`
		ThreadsPerCore int    `json:"ThreadsPerCore" xml:"ThreadsPerCore"`
		Numa           string `json:"Numa" xml:"Numa"`
		TopologyType   string `json:"TopologyType" xml:"TopologyType"`
	} `json:"CpuOptions" xml:"CpuOptions"`
	HibernationOptions struct {
		Configured bool `json:"Configured" xml:"Configured"`
	} `json:"HibernationOptions" xml:"HibernationOptions"`
	MetadataOptions struct {
		HTTPEndpoint            string `json:"HttpEndpoint" xml:"HttpEndpoint"`
		HTTPTokens              string `json:"HttpTokens" xml:"HttpTokens"`
		HTTPPutResponseHopLimit int    `json:"HttpPutResponseHopLimit" xml:"HttpPutResponseHopLimit"`
	} `json:"MetadataOptions" xml:"MetadataOptions"`
	ImageOptions struct {
		LoginAsNonRoot         bool `json:"LoginAsNonRoot" xml:"LoginAsNonRoot"`
		CurrentOSNVMeSupported bool `json:"CurrentOSNVMeSupported" xml:"CurrentOSNVMeSupported"`
	} `json:"ImageOptions" xml:"ImageOptions"`
	AdditionalInfo struct {
		EnableHighDensityMode bool `json:"EnableHighDensityMode" xml:"EnableHighDensityMode"`
	} `json:"AdditionalInfo" xml:"AdditionalInfo"`
}

type describeInstancesResponse struct {
	RequestID  string `json:"RequestId" xml:"RequestId"`
	TotalCount int    `json:"TotalCount" xml:"TotalCount"`
	PageNumber int    `json:"PageNumber" xml:"PageNumber"`
	PageSize   int    `json:"PageSize" xml:"PageSize"`
	NextToken  string `json:"NextToken" xml:"NextToken"`
	Instances  struct {
		Instance []instance `json:"Instance" xml:"Instance"`
	} `json:"Instances" xml:"Instances"`
}

// primaryNIC is an instance's primary network interface as instance
// answers show it.
func primaryNIC(inst compute.Instance) []instanceNIC {
	if inst.NIC == "" {
		return []instanceNIC{}
	}
	n := instanceNIC{Type: nicPrimary, NetworkInterfaceID: string(inst.NIC), MacAddress: inst.MAC, PrimaryIPAddress: inst.PrivateIP.String()}
	n.PrivateIPSets.PrivateIPSet = []privateIPSet{{PrivateIPAddress: inst.PrivateIP.String(), Primary: true}}
	n.Ipv6Sets.Ipv6Set = []struct {
		Ipv6Address string `json:"Ipv6Address" xml:"Ipv6Address"`
	}{}
	n.Ipv4PrefixSets.Ipv4PrefixSet = []struct {
		Ipv4Prefix string `json:"Ipv4Prefix" xml:"Ipv4Prefix"`
	}{}
	n.Ipv6PrefixSets.Ipv6PrefixSet = []struct {
		Ipv6Prefix string `json:"Ipv6Prefix" xml:"Ipv6Prefix"`
	}{}
	return []instanceNIC{n}
}

func instanceTags(tags []compute.Tag) []instanceTag {
	out := make([]instanceTag, len(tags))
	for i, t := range tags {
		out[i] = instanceTag{TagKey: t.Key, TagValue: t.Value}
	}
	return out
}

// wireInstance spells an instance as DescribeInstances does.
func (v views) wireInstance(inst compute.Instance, saleCycle bool) instance {
	im, t := v.image(inst), v.itype(inst)
	cpu := cpuOf(inst, t)
	price, _ := strconv.ParseFloat(inst.Extra[xSpotPriceLimit], 64)
	w := instance{
		InstanceID: string(inst.ID), InstanceName: inst.Name, HostName: hostName(inst, im), Description: inst.Description,
		RegionID: string(inst.Region), ZoneID: string(inst.Zone),
		InstanceType: inst.InstanceType, InstanceTypeFamily: t.Family, CPU: cpu.vcpus, Memory: t.MemoryMiB,
		GPUAmount: t.GPU, GPUSpec: t.GPUType,
		ImageID: inst.ImageID, OSName: im.OSName, OSNameEn: im.OSNameEn, OSType: im.OSType,
		Status: statusSpelling[inst.Status], CreationTime: inst.CreatedAt.UTC().Format(creationTimeLayout),
		ExpiredTime: expiredTime(inst), InstanceChargeType: chargeType(inst),
		InternetChargeType: internetCharge(inst), InternetMaxBandwidthOut: inst.BandwidthOut, InternetMaxBandwidthIn: inst.BandwidthIn,
		InstanceNetworkType: networkTypeVPC, ResourceGroupID: inst.ResourceGroup,
		SerialNumber: serialNumber(inst.ID), StoppedMode: stoppedMode(inst), IoOptimized: true,
		DeletionProtection: inst.DeletionProtection, DeviceAvailable: true,
		CreditSpecification: inst.Extra[xCreditSpecification], KeyPairName: v.keyPairs[inst.KeyPair],
		SpotStrategy: extraOr(inst, xSpotStrategy, defaultSpotStrategy), SpotPriceLimit: price,
		SpotDuration: extraInt(inst, xSpotDuration, 0), SpotInterruptionBehavior: extraOr(inst, xSpotInterruptionBehavior, defaultSpotInterruption),
	}
	if inst.Status == compute.StatusRunning {
		w.StartTime = lastStart(inst).UTC().Format(creationTimeLayout)
	}
	if saleCycle && inst.ChargeType == compute.PrePaid {
		w.SaleCycle = extraOr(inst, xPeriodUnit, defaultPeriodUnit)
	}
	w.SecurityGroupIDs.SecurityGroupID = groupIDs(inst)
	w.InnerIPAddress.IPAddress = []string{}
	w.PublicIPAddress.IPAddress = publicIPs(inst)
	w.RdmaIPAddress.IPAddress = []string{}
	w.VpcAttributes = vpcAttributes{VpcID: string(inst.Network), VSwitchID: string(inst.Subnet), PrivateIPAddress: ipAddresses{privateIPs(inst)}}
	w.NetworkInterfaces.NetworkInterface = primaryNIC(inst)
	w.Tags.Tag = instanceTags(inst.Tags)
	w.OperationLocks.LockReason = []lockReason{}
	w.DedicatedInstanceAttribute.Affinity, w.DedicatedInstanceAttribute.Tenancy = tenancyDefault, tenancyDefault
	w.EcsCapacityReservationAttr.CapacityReservationPreference = inst.Extra[xCapacityReservation]
	w.CPUOptions.CoreCount, w.CPUOptions.ThreadsPerCore = cpu.cores, cpu.threads
	w.CPUOptions.TopologyType = inst.Extra[xCPUTopologyType]
	w.MetadataOptions.HTTPEndpoint = extraOr(inst, xHTTPEndpoint, defaultHTTPEndpoint)
	w.MetadataOptions.HTTPTokens = extraOr(inst, xHTTPTokens, defaultHTTPTokens)
	w.MetadataOptions.HTTPPutResponseHopLimit = extraInt(inst, xHTTPHopLimit, defaultHopLimit)
	w.ImageOptions.LoginAsNonRoot = extraBool(inst, xLoginAsNonRoot)
	w.ImageOptions.CurrentOSNVMeSupported = cmp.Or(im.Attributes[AttrNvmeSupport], nvmeSupported) == nvmeSupported
	w.AdditionalInfo.EnableHighDensityMode = extraBool(inst, xHighDensityMode)
	return w
}

// instanceFilter is what DescribeInstances asks of instances beyond what
// the store selects: conditions the dialect applies to each instance.
type instanceFilter func(inst compute.Instance, v views) bool

// describeInstances lists instances with ECS's filters: those the store
// indexes (zone, IDs, status, resource group, VPC, vSwitch, security
// group, private address, image, key pair, tags) go into the query; the
// others (public address, name wildcards, types, charge types, metadata
// options, times) are applied here, and the matches paged here too.
func (h *Handler) describeInstances(c *call) (any, error) {
	region, err := h.region(c)
	if err != nil {
		return nil, err
	}
	zone, err := h.zone(c, region)
	if err != nil {
		return nil, err
	}
	lp, err := readListPage(c, maxDescribePageSize, defaultPageSize, 1, maxDescribePageSize)
	if err != nil {
		return nil, err
	}
	dry, err := dryRun(c)
	if err != nil {
		return nil, err
	}
	var statuses []compute.Status
	if s := c.params.get("Status"); s != "" {
		if statuses = statusesSpelled(s); len(statuses) == 0 {
			return nil, errInvalidStatus
		}
	}
	q := compute.Query{Owner: c.owner, Region: region.ID, Zone: zone, Statuses: statuses, ResourceGroup: c.params.get("ResourceGroupId")}
	filters, none, err := h.instanceFilters(c, &q)
	if err != nil {
		return nil, err
	}
	if dry {
		return nil, &compute.Error{Code: compute.DryRunPassed, Op: "describe instances"}
	}
	var page compute.Page
	switch {
	case none:
		page.Instances = []compute.Instance{}
	case len(filters) == 0:
		q.Offset, q.Limit = lp.offset, lp.limit
		if page, err = h.Svc.List(c.ctx(), q); err != nil {
			return nil, err
		}
	default:
		all, err := h.listAll(c, q)
		if err != nil {
			return nil, err
		}
		v, err := h.views(c.ctx(), c.owner, all)
		if err != nil {
			return nil, err
		}
		matched := all[:0]
		for _, inst := range all {
			if matchesAll(inst, v, filters) {
				matched = append(matched, inst)
			}
		}
		page = compute.Page{Instances: kit.Page(matched, lp.offset, lp.limit), Total: len(matched)}
	}
	v, err := h.views(c.ctx(), c.owner, page.Instances)
	if err != nil {
		return nil, err
	}
	resp := describeInstancesResponse{RequestID: c.requestID, TotalCount: page.Total}
	resp.PageNumber, resp.PageSize, resp.NextToken = lp.answer(len(page.Instances), page.Total)
	saleCycle, err := c.params.boolean("NeedSaleCycle")
	if err != nil {
		return nil, err
	}
	resp.Instances.Instance = make([]instance, len(page.Instances))
	for i, inst := range page.Instances {
		resp.Instances.Instance[i] = v.wireInstance(inst, saleCycle)
	}
	return resp, nil
}

func matchesAll(inst compute.Instance, v views, filters []instanceFilter) bool {
	for _, f := range filters {
		if !f(inst, v) {
			return false
		}
	}
	return true
}

// listBatch is how many instances listAll reads at a time.
const listBatch = 500

// listAll reads every instance matching q, a batch at a time.
func (h *Handler) listAll(c *call, q compute.Query) ([]compute.Instance, error) {
	var all []compute.Instance
	for q.Offset, q.Limit = 0, listBatch; ; q.Offset += listBatch {
		page, err := h.Svc.List(c.ctx(), q)
		if err != nil {
			return nil, err
		}
		all = append(all, page.Instances...)
		if len(page.Instances) < listBatch || len(all) >= page.Total {
			return all, nil
		}
	}
}

// maxFilterTags bounds Tag.N of a filter.
const maxFilterTags = 20

// instanceFilters reads DescribeInstances' filters into q (those the store
// indexes) and into conditions for the dialect; none says that a filter
// can match nothing, as an empty InstanceIds array or an address of a kind
// ecsd never gives.
func (h *Handler) instanceFilters(c *call, q *compute.Query) (filters []instanceFilter, none bool, err error) {
	p := c.params
	if p.has("InstanceIds") {
		ids, err := p.jsonList("InstanceIds")
		if err != nil {
			return nil, false, err
		}
		if len(ids) > maxIDs {
			return nil, false, errTooManyIDs
		}
		if len(ids) == 0 && p.get("InstanceIds") != "" {
			none = true // an empty array filters everything out
		}
		q.IDs = toInstanceIDs(ids)
	}
	link := func(attr string, values ...string) {
		q.Links = append(q.Links, compute.LinkFilter{Attr: attr, Values: values})
	}
	for param, attr := range map[string]string{
		"VpcId": compute.LinkNetwork, "VSwitchId": compute.LinkSubnet, "SecurityGroupId": compute.LinkSecurityGroup, "ImageId": compute.LinkImage,
	} {
		if v := p.get(param); v != "" {
			link(attr, v)
		}
	}
	if p.get("PrivateIpAddresses") != "" {
		ips, err := ipList(p, "PrivateIpAddresses")
		if err != nil {
			return nil, false, err
		}
		link(compute.LinkPrivateIP, ips...)
	}
	if name := p.get("KeyPairName"); name != "" {
		kp, err := h.Svc.KeyPairNamed(c.ctx(), c.owner, q.Region, name)
		if compute.ErrorCode(err) == compute.NotFound {
			none = true
		} else if err != nil {
			return nil, false, err
		} else {
			link(compute.LinkKeyPair, string(kp.ID))
		}
	}
	tagLinks, err := tagFilters(p)
	if err != nil {
		return nil, false, err
	}
	q.Links = append(q.Links, tagLinks...)
	if n := p.get("InstanceName"); n != "" {
		// The store narrows by the longest run without wildcards; the
		// pattern itself is matched here.
		q.NameContains = longestLiteral(n)
		filters = append(filters, func(inst compute.Instance, _ views) bool { return wildcardMatch(n, inst.Name) })
	}
	if p.get("PublicIpAddresses") != "" {
		ips, err := ipList(p, "PublicIpAddresses")
		if err != nil {
			return nil, false, err
		}
		filters = append(filters, func(inst compute.Instance, _ views) bool { return slices.Contains(ips, publicIP(inst)) })
	}
	for _, param := range []string{"EipAddresses", "InnerIpAddresses", "RdmaIpAddresses"} {
		if p.get(param) != "" {
			ips, err := ipList(p, param)
			if err != nil {
				return nil, false, err
			}
			none = none || len(ips) > 0 // ecsd gives no EIPs, classic or RDMA addresses
		}
	}
	equal := func(param string, value func(compute.Instance, views) string) {
		if want := p.get(param); want != "" {
			filters = append(filters, func(inst compute.Instance, v views) bool { return value(inst, v) == want })
		}
	}
	equal("InstanceType", func(i compute.Instance, _ views) string { return i.InstanceType })
	equal("InstanceTypeFamily", func(i compute.Instance, v views) string { return v.itype(i).Family })
	equal("InstanceChargeType", func(i compute.Instance, _ views) string { return chargeType(i) })
	equal("InternetChargeType", func(i compute.Instance, _ views) string { return internetCharge(i) })
	equal("InstanceNetworkType", func(compute.Instance, views) string { return networkTypeVPC })
	equal("HttpEndpoint", func(i compute.Instance, _ views) string { return extraOr(i, xHTTPEndpoint, defaultHTTPEndpoint) })
	equal("HttpTokens", func(i compute.Instance, _ views) string { return extraOr(i, xHTTPTokens, defaultHTTPTokens) })
	equal("HttpPutResponseHopLimit", func(i compute.Instance, _ views) string {
		return strconv.Itoa(extraInt(i, xHTTPHopLimit, defaultHopLimit))
	})
	if s := p.get("IoOptimized"); s != "" {
		io, err := p.boolean("IoOptimized")
		if err != nil {
			return nil, false, err
		}
		none = none || !io // every instance is I/O optimized
	}
	if p.get("LockReason") != "" || p.get("HpcClusterId") != "" {
		none = true // ecsd locks no instance and has no HPC clusters
	}
	if s := p.get("DeviceAvailable"); s != "" {
		available, err := p.boolean("DeviceAvailable")
		if err != nil {
			return nil, false, err
		}
		none = none || !available
	}
	timeFilters, err := creationFilters(p)
	if err != nil {
		return nil, false, err
	}
	filters = append(filters, timeFilters...)
	return filters, none, nil
}

// tagFilters reads the Tag.N.Key and Tag.N.Value of a Describe call as
// link conditions: the key with any value, or with the value given.
func tagFilters(p params) ([]compute.LinkFilter, error) {
	entries, err := p.structs(tagParameter, maxFilterTags)
	if err != nil {
		return nil, errTagCount
	}
	out := make([]compute.LinkFilter, len(entries))
	for i, t := range entries {
		key := t.get("Key")
		if key == "" {
			return nil, errTagKey
		}
		out[i] = compute.LinkFilter{Attr: compute.TagLinkAttr(key)}
		if t.has("Value") {
			out[i].Values = []string{t.get("Value")}
		}
	}
	return out, nil
}

// listPage is the page a Describe call asks for: by PageNumber and
// PageSize, or by NextToken and MaxResults, which win when either is
// sent.
type listPage struct {
	number, size  int
	offset, limit int
	tokens        bool
}

// readListPage reads the paging parameters: page sizes up to maxSize,
// MaxResults from minResults to maxResults (defResults when absent).
func readListPage(c *call, maxSize, defResults, minResults, maxResults int) (listPage, error) {
	var lp listPage
	var err error
	if lp.number, lp.size, err = paging(c, maxSize); err != nil {
		return lp, err
	}
	lp.offset, lp.limit = (lp.number-1)*lp.size, lp.size
	if lp.tokens = c.params.has("NextToken") || c.params.has("MaxResults"); !lp.tokens {
		return lp, nil
	}
	if lp.limit, err = c.params.integer("MaxResults", defResults, minResults, maxResults); err != nil {
		return lp, err
	}
	lp.offset, err = parseNextToken(c.params.get("NextToken"))
	return lp, err
}

// answer is what an answer says of a page of n items out of total: the
// page number and size asked for, or in token mode none and MaxResults,
// with the token of the next page while one is left.
func (lp listPage) answer(n, total int) (number, size int, next string) {
	if !lp.tokens {
		return lp.number, lp.size, ""
	}
	if lp.offset+n < total {
		next = nextToken(lp.offset + n)
	}
	return 0, lp.limit, next
}

// ipList reads a JSON array of up to 100 IPv4 addresses.
func ipList(p params, name string) ([]string, error) {
	ips, err := p.jsonList(name)
	if err != nil {
		return nil, err
	}
	if len(ips) > maxIDs {
		return nil, invalidParameter(name)
	}
	for i, s := range ips {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, invalidParameter(name)
		}
		ips[i] = a.String()
	}
	return ips, nil
}

// creationFilters reads Filter.N.Key/Value: CreationStartTime,
// CreationEndTime, ExpiredStartTime and ExpiredEndTime, in ECS's minute
// format.
func creationFilters(p params) ([]instanceFilter, error) {
	entries, err := p.structs("Filter", 4)
	if err != nil {
		return nil, err
	}
	var out []instanceFilter
	for _, e := range entries {
		t, err := time.Parse(creationTimeLayout, e.get("Value"))
		if err != nil {
			return nil, invalidParameter("Filter.n.Value")
		}
		switch e.get("Key") {
		case "CreationStartTime":
			out = append(out, func(i compute.Instance, _ views) bool { return !i.CreatedAt.Before(t) })
		case "CreationEndTime":
			out = append(out, func(i compute.Instance, _ views) bool { return !i.CreatedAt.After(t) })
		case "ExpiredStartTime":
			out = append(out, func(i compute.Instance, _ views) bool { return i.ChargeType == compute.PrePaid && !expiry(i).Before(t) })
		case "ExpiredEndTime":
			out = append(out, func(i compute.Instance, _ views) bool { return i.ChargeType == compute.PrePaid && !expiry(i).After(t) })
		default:
			return nil, invalidParameter("Filter.n.Key")
		}
	}
	return out, nil
}

// wildcardMatch matches a name against an InstanceName filter: '*'
// stands for any run of characters; without one the name must equal it.
func wildcardMatch(pattern, name string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return name == pattern
	}
	first, last := parts[0], parts[len(parts)-1]
	if !strings.HasPrefix(name, first) {
		return false
	}
	name = name[len(first):]
	for _, part := range parts[1 : len(parts)-1] {
		i := strings.Index(name, part)
		if i < 0 {
			return false
		}
		name = name[i+len(part):]
	}
	return strings.HasSuffix(name, last)
}

// longestLiteral is the longest part of a wildcard pattern without '*'.
func longestLiteral(pattern string) string {
	longest := ""
	for _, part := range strings.Split(pattern, "*") {
		if len(part) > len(longest) {
			longest = part
		}
	}
	return longest
}
