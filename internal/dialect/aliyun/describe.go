package aliyun

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
)

// Paging limits (reference 2.2, 2.9).
const (
	defaultPageSize        = 10
	maxStatusPageSize      = 50
	maxDescribePageSize    = 100
	maxPageNumber          = math.MaxInt32
	creationTimeLayout     = "2006-01-02T15:04Z"
	farFutureExpiredTime   = "2099-12-31T15:59Z"
	instanceResponseOK     = "200"
	instanceResponseOKText = "success"
)

type instanceStatus struct {
	InstanceID string `json:"InstanceId" xml:"InstanceId"`
	Status     string `json:"Status" xml:"Status"`
}

type describeInstanceStatusResponse struct {
	RequestID        string `json:"RequestId" xml:"RequestId"`
	TotalCount       int    `json:"TotalCount" xml:"TotalCount"`
	PageNumber       int    `json:"PageNumber" xml:"PageNumber"`
	PageSize         int    `json:"PageSize" xml:"PageSize"`
	InstanceStatuses struct {
		InstanceStatus []instanceStatus `json:"InstanceStatus" xml:"InstanceStatus"`
	} `json:"InstanceStatuses" xml:"InstanceStatuses"`
}

// paging reads PageNumber and PageSize.
func paging(c *call, maxSize int) (number, size int, err error) {
	if number, err = c.params.integer("PageNumber", 1, 1, maxPageNumber); err != nil {
		return 0, 0, err
	}
	if size, err = c.params.integer("PageSize", defaultPageSize, 1, maxSize); err != nil {
		return 0, 0, err
	}
	return number, size, nil
}

func (h *Handler) describeInstanceStatus(c *call) (any, error) {
	region, err := h.region(c)
	if err != nil {
		return nil, err
	}
	zone, err := h.zone(c, region)
	if err != nil {
		return nil, err
	}
	number, size, err := paging(c, maxStatusPageSize)
	if err != nil {
		return nil, err
	}
	ids, err := c.params.repeated("InstanceId", errTooManyIDs)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if !wellFormedID(id) {
			return nil, errMalformedIDs
		}
	}
	page, err := h.Svc.List(c.ctx(), compute.Query{
		Owner: c.owner, Region: region.ID, Zone: zone, IDs: toInstanceIDs(ids),
		Offset: (number - 1) * size, Limit: size, Brief: true,
	})
	if err != nil {
		return nil, err
	}
	resp := describeInstanceStatusResponse{RequestID: c.requestID, TotalCount: page.Total, PageNumber: number, PageSize: size}
	resp.InstanceStatuses.InstanceStatus = make([]instanceStatus, len(page.Instances))
	for i, inst := range page.Instances {
		resp.InstanceStatuses.InstanceStatus[i] = instanceStatus{InstanceID: string(inst.ID), Status: statusSpelling[inst.Status]}
	}
	return resp, nil
}

func toInstanceIDs(ids []string) []compute.InstanceID {
	out := make([]compute.InstanceID, len(ids))
	for i, id := range ids {
		out[i] = compute.InstanceID(id)
	}
	return out
}

type ipAddresses struct {
	IPAddress []string `json:"IpAddress" xml:"IpAddress"`
}

type instance struct {
	InstanceID          string `json:"InstanceId" xml:"InstanceId"`
	InstanceName        string `json:"InstanceName" xml:"InstanceName"`
	HostName            string `json:"HostName" xml:"HostName"`
	Description         string `json:"Description" xml:"Description"`
	RegionID            string `json:"RegionId" xml:"RegionId"`
	ZoneID              string `json:"ZoneId" xml:"ZoneId"`
	InstanceType        string `json:"InstanceType" xml:"InstanceType"`
	InstanceTypeFamily  string `json:"InstanceTypeFamily" xml:"InstanceTypeFamily"`
	CPU                 int    `json:"Cpu" xml:"Cpu"`
	Memory              int    `json:"Memory" xml:"Memory"`
	ImageID             string `json:"ImageId" xml:"ImageId"`
	OSType              string `json:"OSType" xml:"OSType"`
	Status              string `json:"Status" xml:"Status"`
	CreationTime        string `json:"CreationTime" xml:"CreationTime"`
	StartTime           string `json:"StartTime" xml:"StartTime"`
	ExpiredTime         string `json:"ExpiredTime" xml:"ExpiredTime"`
	InstanceChargeType  string `json:"InstanceChargeType" xml:"InstanceChargeType"`
	InternetChargeType  string `json:"InternetChargeType" xml:"InternetChargeType"`
	InstanceNetworkType string `json:"InstanceNetworkType" xml:"InstanceNetworkType"`
	ResourceGroupID     string `json:"ResourceGroupId" xml:"ResourceGroupId"`
	SerialNumber        string `json:"SerialNumber" xml:"SerialNumber"`
	StoppedMode         string `json:"StoppedMode" xml:"StoppedMode"`
	IoOptimized         bool   `json:"IoOptimized" xml:"IoOptimized"`
	DeletionProtection  bool   `json:"DeletionProtection" xml:"DeletionProtection"`
	SecurityGroupIDs    struct {
		SecurityGroupID []string `json:"SecurityGroupId" xml:"SecurityGroupId"`
	} `json:"SecurityGroupIds" xml:"SecurityGroupIds"`
	InnerIPAddress  ipAddresses `json:"InnerIpAddress" xml:"InnerIpAddress"`
	PublicIPAddress ipAddresses `json:"PublicIpAddress" xml:"PublicIpAddress"`
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

func (h *Handler) describeInstances(c *call) (any, error) {
	region, err := h.region(c)
	if err != nil {
		return nil, err
	}
	zone, err := h.zone(c, region)
	if err != nil {
		return nil, err
	}
	number, size, err := paging(c, maxDescribePageSize)
	if err != nil {
		return nil, err
	}
	ids, err := c.params.jsonList("InstanceIds")
	if err != nil {
		return nil, err
	}
	if len(ids) > maxIDs {
		return nil, errTooManyIDs
	}
	var statuses []compute.Status
	if s := c.params.get("Status"); s != "" {
		if statuses = statusesSpelled(s); len(statuses) == 0 {
			return nil, errInvalidStatus
		}
	}
	q := compute.Query{
		Owner: c.owner, Region: region.ID, Zone: zone, IDs: toInstanceIDs(ids), Statuses: statuses,
		ResourceGroup: c.params.get("ResourceGroupId"),
		// ECS matches InstanceName with '*' wildcards; ecsd approximates
		// that as "contains the name without its stars".
		NameContains: strings.ReplaceAll(c.params.get("InstanceName"), "*", ""),
		Offset:       (number - 1) * size, Limit: size,
	}
	// NextToken paging, when asked for, replaces page numbers.
	tokenMode := c.params.has("NextToken") || c.params.has("MaxResults")
	if tokenMode {
		if q.Limit, err = c.params.integer("MaxResults", defaultPageSize, 1, maxDescribePageSize); err != nil {
			return nil, err
		}
		if q.Offset, err = parseNextToken(c.params.get("NextToken")); err != nil {
			return nil, err
		}
	}
	page, err := h.Svc.List(c.ctx(), q)
	if err != nil {
		return nil, err
	}
	resp := describeInstancesResponse{RequestID: c.requestID, TotalCount: page.Total, PageNumber: number, PageSize: size}
	if tokenMode {
		resp.PageNumber, resp.PageSize = 0, q.Limit
		if q.Offset+len(page.Instances) < page.Total {
			resp.NextToken = nextToken(q.Offset + len(page.Instances))
		}
	}
	resp.Instances.Instance = make([]instance, len(page.Instances))
	for i, inst := range page.Instances {
		resp.Instances.Instance[i] = wireInstance(inst)
	}
	return resp, nil
}

// nextToken and parseNextToken carry an offset as an opaque token.
func nextToken(offset int) string { return fmt.Sprintf("ecsd%012x", offset) }

func parseNextToken(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	hex, ok := strings.CutPrefix(s, "ecsd")
	n, err := strconv.ParseInt(hex, 16, 64)
	if !ok || err != nil || n < 0 || n > math.MaxInt32 {
		return 0, invalidParameter("NextToken")
	}
	return int(n), nil
}

func wireInstance(inst compute.Instance) instance {
	cpu, memory := instanceShape(inst.InstanceType)
	w := instance{
		InstanceID: string(inst.ID), InstanceName: inst.Name, HostName: string(inst.ID),
		RegionID: string(inst.Region), ZoneID: string(inst.Zone),
		InstanceType: inst.InstanceType, InstanceTypeFamily: instanceFamily(inst.InstanceType),
		CPU: cpu, Memory: memory, ImageID: inst.ImageID, OSType: "linux",
		Status: statusSpelling[inst.Status], CreationTime: inst.CreatedAt.UTC().Format(creationTimeLayout),
		ExpiredTime:        farFutureExpiredTime,
		InstanceChargeType: chargeTypeSpelling[inst.ChargeType], InternetChargeType: "PayByTraffic",
		InstanceNetworkType: "vpc", ResourceGroupID: inst.ResourceGroup,
		SerialNumber: serialNumber(inst.ID), StoppedMode: "Not-applicable", IoOptimized: true,
	}
	if inst.Status == compute.StatusRunning {
		w.StartTime = lastStart(inst).UTC().Format(creationTimeLayout)
	}
	w.SecurityGroupIDs.SecurityGroupID = []string{}
	w.InnerIPAddress.IPAddress = []string{}
	w.PublicIPAddress.IPAddress = []string{}
	return w
}

// lastStart is when the instance last came up: when its last stage ended,
// or its creation for one never transitioned since.
func lastStart(inst compute.Instance) time.Time {
	if t := inst.SettlesAt(); !t.IsZero() {
		return t
	}
	return inst.CreatedAt
}

// serialNumber derives a stable UUID-shaped serial number from the ID.
func serialNumber(id compute.InstanceID) string {
	var h [16]byte
	for i, b := range []byte(id) {
		h[i%16] = h[i%16]*31 + b
	}
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// instanceFamily is "ecs.g7" for "ecs.g7.large".
func instanceFamily(t string) string {
	if i := strings.LastIndexByte(t, '.'); i > 0 {
		return t[:i]
	}
	return t
}

// instanceShape derives vCPUs and memory (MiB) from an ECS instance type
// name: the size suffix gives vCPUs (large 2, xlarge 4, 2xlarge 8, ...) and
// the family letter the memory per vCPU (c 2 GiB, g 4 GiB, r 8 GiB).
func instanceShape(t string) (cpu, memoryMiB int) {
	cpu = 2
	size := t[strings.LastIndexByte(t, '.')+1:]
	switch {
	case size == "small":
		cpu = 1
	case size == "large":
		cpu = 2
	case size == "xlarge":
		cpu = 4
	case strings.HasSuffix(size, "xlarge"):
		if n, err := strconv.Atoi(strings.TrimSuffix(size, "xlarge")); err == nil && n > 0 && n <= 64 {
			cpu = 4 * n
		}
	}
	perCPU := 4
	if family := strings.TrimPrefix(instanceFamily(t), "ecs."); family != "" {
		switch family[0] {
		case 'c':
			perCPU = 2
		case 'r':
			perCPU = 8
		}
	}
	return cpu, cpu * perCPU * 1024
}

var chargeTypeSpelling = map[compute.ChargeType]string{compute.PostPaid: "PostPaid", compute.PrePaid: "PrePaid"}
