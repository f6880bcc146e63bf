package zenlayer

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
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
	// A starting instance may be rebuilding: that shows in its Extra,
	// which a brief listing leaves out.
	var starting []compute.InstanceID
	for _, inst := range result.Instances {
		if inst.Status == compute.StatusStarting {
			starting = append(starting, inst.ID)
		}
	}
	full := map[compute.InstanceID]compute.Instance{}
	if len(starting) > 0 {
		page, err := h.Svc.List(c.ctx(), compute.Query{Owner: c.owner, IDs: starting, Limit: len(starting)})
		if err != nil {
			return nil, err
		}
		for _, inst := range page.Instances {
			full[inst.ID] = inst
		}
	}
	resp := describeInstancesStatusResponse{RequestID: c.requestID, TotalCount: result.Total, DataSet: make([]instanceStatus, len(result.Instances))}
	for i, inst := range result.Instances {
		if f, ok := full[inst.ID]; ok {
			inst = f
		}
		resp.DataSet[i] = instanceStatus{InstanceID: string(inst.ID), InstanceStatus: h.statusOf(inst)}
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
	IPv4Address     *string  `json:"ipv4Address"`
	IPv6Address     *string  `json:"ipv6Address"`
	Status          *string  `json:"status"`
	Name            *string  `json:"name"`
	PageSize        *int     `json:"pageSize"`
	PageNum         *int     `json:"pageNum"`
	ResourceGroupID *string  `json:"resourceGroupId"`
	TagKeys         []string `json:"tagKeys"`
	Tags            []tag    `json:"tags"`
}

// instanceSystemDisk is the SDK's SystemDisk as DescribeInstances shows it.
type instanceSystemDisk struct {
	DiskID          string `json:"diskId"`
	DiskSize        int    `json:"diskSize"`
	DiskCategory    string `json:"diskCategory"`
	BurstingEnabled bool   `json:"burstingEnabled"`
}

// instanceDataDisk is the SDK's DataDisk as DescribeInstances shows it;
// diskAmount is a create parameter only.
type instanceDataDisk struct {
	DiskID          string `json:"diskId"`
	DiskName        string `json:"diskName"`
	DiskSize        int    `json:"diskSize"`
	Portable        bool   `json:"portable"`
	BurstingEnabled bool   `json:"burstingEnabled"`
	DiskCategory    string `json:"diskCategory"`
}

type instanceOptionsInfo struct {
	NestedVirtualization bool `json:"nestedVirtualization"`
}

// instanceInfo is the SDK's InstanceInfo. keyId is absent for an instance
// logged in to by password; instanceOptions unless they were given at
// creation (the Terraform provider plans a replacement for options it did
// not ask for); expiredTime and placementGroupId always, since ZEC
// instances are pay-as-you-go and ecsd has no placement groups.
type instanceInfo struct {
	InstanceID         string               `json:"instanceId"`
	InstanceName       string               `json:"instanceName"`
	ZoneID             string               `json:"zoneId"`
	InstanceType       string               `json:"instanceType"`
	CPU                int                  `json:"cpu"`
	Memory             int                  `json:"memory"`
	ImageID            string               `json:"imageId"`
	ImageName          string               `json:"imageName"`
	TimeZone           string               `json:"timeZone"`
	NicNetworkType     string               `json:"nicNetworkType"`
	Status             string               `json:"status"`
	SystemDisk         *instanceSystemDisk  `json:"systemDisk,omitempty"`
	DataDisks          []instanceDataDisk   `json:"dataDisks"`
	PublicIPAddresses  []string             `json:"publicIpAddresses"`
	PrivateIPAddresses []string             `json:"privateIpAddresses"`
	KeyID              string               `json:"keyId,omitempty"`
	SubnetID           string               `json:"subnetId"`
	SecurityGroupID    string               `json:"securityGroupId"`
	EnableAgent        bool                 `json:"enableAgent"`
	EnableAgentMonitor bool                 `json:"enableAgentMonitor"`
	EnableIPForward    bool                 `json:"enableIpForward"`
	CreateTime         string               `json:"createTime"`
	ResourceGroupID    string               `json:"resourceGroupId"`
	ResourceGroupName  string               `json:"resourceGroupName"`
	Nics               []nicInfo            `json:"nics"`
	Tags               tagSet               `json:"tags"`
	LoadBalancerIDs    []string             `json:"loadBalancerIds"`
	InstanceOptions    *instanceOptionsInfo `json:"instanceOptions,omitempty"`
}

type describeInstancesResponse struct {
	RequestID  string         `json:"requestId"`
	TotalCount int            `json:"totalCount"`
	DataSet    []instanceInfo `json:"dataSet"`
}

// describeInstances lists the account's instances with every attribute
// the SDK's InstanceInfo has. Filters the store answers (IDs, zone, image,
// status, name, resource group, tags) page in the store; an IPv4 address
// (private or public) or the BOOTING/REBUILDING distinction is filtered
// here, then paged.
func (h *Handler) describeInstances(c *call) (any, error) {
	var req describeInstancesRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	q, err := listQuery(c, req.InstanceIDs, req.PageNum, req.PageSize, req.ResourceGroupID)
	if err != nil {
		return nil, err
	}
	if set(req.ZoneID) {
		region, zone, err := h.Svc.Zone(compute.CloudZenlayer, compute.ZoneID(*req.ZoneID))
		if err != nil {
			return nil, err
		}
		q.Region, q.Zone = region.ID, zone.ID
	}
	if err := checkTagFilters(req.TagKeys, req.Tags); err != nil {
		return nil, err
	}
	q.Links = tagLinks(req.TagKeys, req.Tags)
	if set(req.ImageID) {
		q.Links = append(q.Links, compute.LinkFilter{Attr: compute.LinkImage, Values: []string{*req.ImageID}})
	}
	if req.Name != nil {
		q.NameContains = *req.Name
	}
	var keep func(compute.Instance) bool
	matchesNothing := false
	if set(req.Status) {
		statuses, known := statusesSpelled(*req.Status)
		if !known {
			return nil, invalidParameter("status", "%q is not an instance status", truncate(*req.Status))
		}
		q.Statuses, matchesNothing = statuses, len(statuses) == 0
		if slices.Contains(statuses, compute.StatusStarting) {
			want := *req.Status
			keep = func(inst compute.Instance) bool { return h.statusOf(inst) == want }
		}
	}
	if set(req.IPv4Address) {
		addr, err := netip.ParseAddr(*req.IPv4Address)
		if err != nil || !addr.Is4() {
			return nil, invalidParameter("ipv4Address", "%q is not an IPv4 address", truncate(*req.IPv4Address))
		}
		prev := keep
		keep = func(inst compute.Instance) bool {
			return (inst.PrivateIP == addr || inst.PublicIP == addr) && (prev == nil || prev(inst))
		}
	}
	// Instances have no IPv6 addresses.
	if set(req.IPv6Address) {
		matchesNothing = true
	}
	resp := describeInstancesResponse{RequestID: c.requestID, DataSet: []instanceInfo{}}
	if matchesNothing {
		return resp, nil
	}
	page, total, err := h.pageInstances(c, q, keep)
	if err != nil {
		return nil, err
	}
	resp.TotalCount = total
	resp.DataSet, err = h.wireInstances(c, page)
	return resp, err
}

// pageInstances returns one page of the instances q selects, and their
// number; with keep, every instance q selects is loaded and filtered
// before paging.
func (h *Handler) pageInstances(c *call, q compute.Query, keep func(compute.Instance) bool) ([]compute.Instance, int, error) {
	if keep == nil {
		result, err := h.Svc.List(c.ctx(), q)
		return result.Instances, result.Total, err
	}
	offset, limit := q.Offset, q.Limit
	all, err := h.allInstances(c, q)
	if err != nil {
		return nil, 0, err
	}
	all = slices.DeleteFunc(all, func(inst compute.Instance) bool { return !keep(inst) })
	return kit.Page(all, offset, limit), len(all), nil
}

// wireInstances spells instances with their disks and NICs.
func (h *Handler) wireInstances(c *call, insts []compute.Instance) ([]instanceInfo, error) {
	out := make([]instanceInfo, len(insts))
	if len(insts) == 0 {
		return out, nil
	}
	ids := make([]compute.InstanceID, len(insts))
	for i, inst := range insts {
		ids[i] = inst.ID
	}
	disks, err := h.Svc.InstanceDisks(c.ctx(), c.owner, ids)
	if err != nil {
		return nil, err
	}
	for i, inst := range insts {
		out[i] = h.wireInstance(inst, disks[inst.ID])
	}
	return out, nil
}

func (h *Handler) wireInstance(inst compute.Instance, disks []compute.Disk) instanceInfo {
	cat := h.Svc.Catalog(compute.CloudZenlayer)
	cpu, memory := instanceShape(inst.InstanceType)
	if t, ok := cat.InstanceType(inst.InstanceType); ok {
		cpu, memory = t.CPU, t.MemoryMiB/1024
	}
	imageName := inst.ImageID
	if im, ok := cat.Image(inst.ImageID); ok {
		imageName = im.Name
	}
	agent := inst.Extra[extraAgent] != "false"
	info := instanceInfo{
		InstanceID: string(inst.ID), InstanceName: inst.Name, ZoneID: string(inst.Zone),
		InstanceType: inst.InstanceType, CPU: cpu, Memory: memory, ImageID: inst.ImageID, ImageName: imageName,
		TimeZone: inst.Extra[extraTimeZone], NicNetworkType: inst.Extra[extraNICMode], Status: h.statusOf(inst),
		DataDisks: []instanceDataDisk{}, PublicIPAddresses: publicIPs(inst), PrivateIPAddresses: privateIPs(inst),
		KeyID: string(inst.KeyPair), SubnetID: string(inst.Subnet), SecurityGroupID: primaryGroup(inst),
		EnableAgent: agent, EnableAgentMonitor: agent, EnableIPForward: inst.Extra[extraIPForward] == "true",
		CreateTime: wireTime(inst.CreatedAt), ResourceGroupID: inst.ResourceGroup, ResourceGroupName: resourceGroupName(inst.ResourceGroup),
		Nics: []nicInfo{h.wireNIC(inst)}, Tags: wireTags(inst.Tags), LoadBalancerIDs: []string{},
	}
	if v, ok := inst.Extra[extraNested]; ok {
		info.InstanceOptions = &instanceOptionsInfo{NestedVirtualization: v == "true"}
	}
	for _, d := range disks {
		if d.System {
			info.SystemDisk = &instanceSystemDisk{DiskID: string(d.ID), DiskSize: d.SizeGiB, DiskCategory: d.Category, BurstingEnabled: d.Extra[extraBurst] == "true"}
			continue
		}
		info.DataDisks = append(info.DataDisks, instanceDataDisk{DiskID: string(d.ID), DiskName: d.Name, DiskSize: d.SizeGiB,
			Portable: !d.DeleteWithInstance, BurstingEnabled: d.Extra[extraBurst] == "true", DiskCategory: d.Category})
	}
	if info.SystemDisk == nil && inst.SystemDisk.ID != "" {
		// The system disk is gone with the instance that is being released.
		info.SystemDisk = &instanceSystemDisk{DiskID: string(inst.SystemDisk.ID), DiskSize: inst.SystemDisk.SizeGiB, DiskCategory: inst.SystemDisk.Category}
	}
	return info
}

func publicIPs(inst compute.Instance) []string {
	if inst.PublicIP.IsValid() {
		return []string{inst.PublicIP.String()}
	}
	return []string{}
}

func privateIPs(inst compute.Instance) []string {
	if inst.PrivateIP.IsValid() {
		return []string{inst.PrivateIP.String()}
	}
	return []string{}
}

// primaryGroup is the security group of an instance's primary NIC.
func primaryGroup(inst compute.Instance) string {
	if len(inst.SecurityGroups) == 0 {
		return ""
	}
	return string(inst.SecurityGroups[0])
}

// instanceShape derives vCPUs and memory (GiB) from a ZEC instance type
// the catalog does not list, such as z2a.cpu.4: the number after the last
// '.' is the vCPU count, and each vCPU comes with 2 GiB (4 GiB in a "mem"
// family). Other names give 1 vCPU.
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
