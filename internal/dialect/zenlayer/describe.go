package zenlayer

import (
	"strconv"
	"strings"

	"github.com/ecsd/ecsd/internal/compute"
)

// createTimeLayout is how ZEC writes times: ISO 8601 in UTC, to the second.
const createTimeLayout = "2006-01-02T15:04:05Z"

type describeInstancesStatusRequest struct {
	InstanceIDs     []string `json:"instanceIds"`
	PageSize        *int     `json:"pageSize"`
	PageNum         *int     `json:"pageNum"`
	ResourceGroupID *string  `json:"resourceGroupId"`
}

type instanceStatus struct {
	InstanceID     string `json:"instanceId"`
	InstanceStatus string `json:"instanceStatus"`
}

type describeInstancesStatusResponse struct {
	RequestID  string           `json:"requestId"`
	TotalCount int              `json:"totalCount"`
	DataSet    []instanceStatus `json:"dataSet"`
}

// describeInstancesStatus lists statuses of the account's instances, in
// every zone: ZEC is not regional. Unknown IDs are left out; paging applies
// to the IDs given too, and totalCount counts every match.
func (h *Handler) describeInstancesStatus(c *call) (any, error) {
	var req describeInstancesStatusRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	q, err := listQuery(c, req.InstanceIDs, req.PageNum, req.PageSize, req.ResourceGroupID)
	if err != nil {
		return nil, err
	}
	q.Brief = true // statuses are all it shows
	result, err := h.Svc.List(c.ctx(), q)
	if err != nil {
		return nil, err
	}
	resp := describeInstancesStatusResponse{RequestID: c.requestID, TotalCount: result.Total, DataSet: make([]instanceStatus, len(result.Instances))}
	for i, inst := range result.Instances {
		resp.DataSet[i] = instanceStatus{InstanceID: string(inst.ID), InstanceStatus: statusSpelling[inst.Status]}
	}
	return resp, nil
}

// listQuery reads what both describes take alike: instanceIds (at most
// 100), pageNum, pageSize and resourceGroupId. The query spans the account.
func listQuery(c *call, rawIDs []string, num, size *int, group *string) (compute.Query, error) {
	ids, err := instanceIDs("instanceIds", rawIDs)
	if err != nil {
		return compute.Query{}, err
	}
	p, err := paging(num, size)
	if err != nil {
		return compute.Query{}, err
	}
	g, err := resourceGroup(group)
	if err != nil {
		return compute.Query{}, err
	}
	return compute.Query{Owner: c.owner, IDs: ids, ResourceGroup: g, Offset: p.offset(), Limit: p.size}, nil
}

type describeInstancesRequest struct {
	InstanceIDs     []string `json:"instanceIds"`
	ZoneID          *string  `json:"zoneId"`
	ImageID         *string  `json:"imageId"`
	Status          *string  `json:"status"`
	Name            *string  `json:"name"`
	IPv4Address     *string  `json:"ipv4Address"`
	IPv6Address     *string  `json:"ipv6Address"`
	PageSize        *int     `json:"pageSize"`
	PageNum         *int     `json:"pageNum"`
	ResourceGroupID *string  `json:"resourceGroupId"`
	TagKeys         []string `json:"tagKeys"`
	Tags            []tag    `json:"tags"`
}

type instanceInfo struct {
	InstanceID         string   `json:"instanceId"`
	InstanceName       string   `json:"instanceName"`
	ZoneID             string   `json:"zoneId"`
	RegionID           string   `json:"regionId"`
	InstanceType       string   `json:"instanceType"`
	CPU                int      `json:"cpu"`
	Memory             int      `json:"memory"`
	ImageID            string   `json:"imageId"`
	ImageName          string   `json:"imageName"`
	Status             string   `json:"status"`
	CreateTime         string   `json:"createTime"`
	ResourceGroupID    string   `json:"resourceGroupId"`
	ResourceGroupName  string   `json:"resourceGroupName"`
	PublicIPAddresses  []string `json:"publicIpAddresses"`
	PrivateIPAddresses []string `json:"privateIpAddresses"`
}

type describeInstancesResponse struct {
	RequestID  string         `json:"requestId"`
	TotalCount int            `json:"totalCount"`
	DataSet    []instanceInfo `json:"dataSet"`
}

// describeInstances lists the account's instances with their attributes.
func (h *Handler) describeInstances(c *call) (any, error) {
	var req describeInstancesRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	q, err := listQuery(c, req.InstanceIDs, req.PageNum, req.PageSize, req.ResourceGroupID)
	if err != nil {
		return nil, err
	}
	if req.ZoneID != nil && *req.ZoneID != "" {
		region, zone, err := h.Svc.Zone(compute.CloudZenlayer, compute.ZoneID(*req.ZoneID))
		if err != nil {
			return nil, err
		}
		q.Region, q.Zone = region.ID, zone.ID
	}
	matchesNothing := false
	if req.Status != nil && *req.Status != "" {
		statuses, known := statusesSpelled(*req.Status)
		if !known {
			return nil, invalidParameter("status", "%q is not an instance status", truncate(*req.Status))
		}
		q.Statuses, matchesNothing = statuses, len(statuses) == 0
	}
	if req.Name != nil {
		q.NameContains = *req.Name
	}
	if req.ImageID != nil && *req.ImageID != "" {
		// compute.Query cannot filter by image; refusing is better than
		// answering with instances the filter would have left out.
		return nil, errUnsupportedFilter("imageId")
	}
	// ecsd instances have no addresses and no tags: such filters match
	// nothing.
	if req.IPv4Address != nil && *req.IPv4Address != "" || req.IPv6Address != nil && *req.IPv6Address != "" ||
		len(req.TagKeys) > 0 || len(req.Tags) > 0 {
		matchesNothing = true
	}
	resp := describeInstancesResponse{RequestID: c.requestID, DataSet: []instanceInfo{}}
	if matchesNothing {
		return resp, nil
	}
	result, err := h.Svc.List(c.ctx(), q)
	if err != nil {
		return nil, err
	}
	resp.TotalCount = result.Total
	resp.DataSet = make([]instanceInfo, len(result.Instances))
	for i, inst := range result.Instances {
		resp.DataSet[i] = wireInstance(inst)
	}
	return resp, nil
}

func wireInstance(inst compute.Instance) instanceInfo {
	cpu, memory := instanceShape(inst.InstanceType)
	return instanceInfo{
		InstanceID: string(inst.ID), InstanceName: inst.Name,
		ZoneID: string(inst.Zone), RegionID: string(inst.Region),
		InstanceType: inst.InstanceType, CPU: cpu, Memory: memory,
		ImageID: inst.ImageID, ImageName: inst.ImageID,
		Status:          statusSpelling[inst.Status],
		CreateTime:      inst.CreatedAt.UTC().Format(createTimeLayout),
		ResourceGroupID: inst.ResourceGroup, ResourceGroupName: resourceGroupName(inst.ResourceGroup),
		PublicIPAddresses: []string{}, PrivateIPAddresses: []string{},
	}
}

// instanceShape derives vCPUs and memory (GiB) from a ZEC instance type
// such as z2a.cpu.4: the number after the last '.' is the vCPU count, and
// each vCPU comes with 2 GiB (4 GiB in a "mem" family). Other names give 1
// vCPU. ecsd accepts any type name; this only fills in DescribeInstances.
func instanceShape(t string) (cpu, memoryGiB int) {
	cpu = 1
	if i := strings.LastIndexByte(t, '.'); i >= 0 {
		if n, err := strconv.Atoi(t[i+1:]); err == nil && n > 0 && n <= 512 {
			cpu = n
		}
	}
	perCPU := 2
	if strings.Contains(t, ".mem.") {
		perCPU = 4
	}
	return cpu, cpu * perCPU
}

// allInstances returns every instance of the account that q selects, page
// by page.
func (h *Handler) allInstances(c *call, q compute.Query) ([]compute.Instance, error) {
	q.Owner, q.Offset, q.Limit = c.owner, 0, maxPageSize
	var out []compute.Instance
	for {
		page, err := h.Svc.List(c.ctx(), q)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Instances...)
		if len(page.Instances) < q.Limit || len(out) >= page.Total {
			return out, nil
		}
		q.Offset += q.Limit
	}
}
