package zenlayer

import (
	"net/http"
	"slices"
	"strings"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// Disks: system disks made with instances, data disks made with them or on
// their own. A disk made with an instance goes with it (portable false);
// one made on its own stays when its instance is released (portable true)
// and alone may be attached and detached. ReleaseDisk deletes a disk, or
// with the recycle bin on moves it to RECYCLED first, where a second
// ReleaseDisk deletes it.

const (
	minDiskSize             = 20
	maxDiskSize             = 32768
	maxDiskAmount           = 50
	maxAttachDisks          = 10
	maxDataDisksPerInstance = 16
)

// Disk types and statuses ZEC shows.
const (
	diskTypeSystem = "SYSTEM"
	diskTypeData   = "DATA"
	diskRecycled   = "RECYCLED"
)

var diskStatusSpelling = map[compute.DiskStatus]string{
	compute.DiskCreating:  "CREATING",
	compute.DiskAvailable: "AVAILABLE",
	compute.DiskAttaching: "ATTACHING",
	compute.DiskInUse:     "IN_USE",
	compute.DiskDetaching: "DETACHING",
}

// diskStatuses are every disk status ZEC documents; a filter on one ecsd
// never shows matches nothing.
var diskStatuses = []string{"CREATING", "AVAILABLE", "ATTACHING", "IN_USE", "DETACHING", "RECYCLED", "RECYCLING", "DELETING", "CHANGING", "FAILED"}

var (
	errDiskNotPortable = &apiError{http.StatusBadRequest, "INVALID_DISK_NOT_PORTABLE", "Disk is not detachable."}
	errDiskAttached    = &apiError{http.StatusBadRequest, "UNSUPPORTED_OPERATION_DISK_ATTACHED", "The disk is attached already."}
	errDiskRecycled    = &apiError{http.StatusBadRequest, "UNSUPPORTED_OPERATION_DISK_BEING_RECYCLE", "Operations on the disk in the recycle bin are not supported."}
	errDiskStatus      = &apiError{http.StatusBadRequest, "UNSUPPORTED_OPERATION_DISK_STATUS", "Operations on the disk with current status are not supported."}
	errInstanceStatus  = &apiError{http.StatusBadRequest, "UNSUPPORTED_OPERATION_INSTANCE_STATUS", "Operations on the instance with current status are not supported."}
)

type createDisksRequest struct {
	ZoneID           *string        `json:"zoneId"`
	DiskName         *string        `json:"diskName"`
	DiskSize         *int           `json:"diskSize"`
	DiskAmount       *int           `json:"diskAmount"`
	InstanceID       *string        `json:"instanceId"`
	ResourceGroupID  *string        `json:"resourceGroupId"`
	DiskCategory     *string        `json:"diskCategory"`
	SnapshotID       *string        `json:"snapshotId"`
	MarketingOptions *marketingInfo `json:"marketingOptions"`
	Tags             *tagSet        `json:"tags"`
	InstanceIDs      []string       `json:"instanceIds"`
	BurstingEnabled  *bool          `json:"burstingEnabled"`
}

type createDisksResponse struct {
	RequestID   string   `json:"requestId"`
	DiskIDs     []string `json:"diskIds"`
	OrderNumber string   `json:"orderNumber"`
}

// createDisks creates data disks in a zone: CREATING for one transition
// delay, then AVAILABLE. ecsd creates them attached to nothing: the
// instanceId(s) to attach them to and snapshots are refused.
func (h *Handler) createDisks(c *call) (any, error) {
	var req createDisksRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	zone, err := required("zoneId", req.ZoneID)
	if err != nil {
		return nil, err
	}
	name, err := required("diskName", req.DiskName)
	if err != nil {
		return nil, err
	}
	if err := checkName("diskName", name, 1, 64, "/_"); err != nil {
		return nil, err
	}
	if req.DiskSize == nil {
		return nil, missingParameter("diskSize")
	}
	amount := 1
	if req.DiskAmount != nil {
		amount = *req.DiskAmount
		if amount < 1 || amount > maxDiskAmount {
			return nil, invalidParameter("diskAmount", "must be 1 to %d", maxDiskAmount)
		}
	}
	switch {
	case set(req.InstanceID) || len(req.InstanceIDs) > 0:
		return nil, invalidParameter("instanceId", "ecsd creates disks attached to nothing; attach them with AttachDisks")
	case set(req.SnapshotID):
		return nil, invalidParameter("snapshotId", "ecsd does not model snapshots")
	case req.MarketingOptions != nil && req.MarketingOptions.UsePocVoucher != nil && *req.MarketingOptions.UsePocVoucher:
		return nil, invalidParameter("marketingOptions.usePocVoucher", "the account has no POC voucher")
	}
	category := categoryStandard
	if set(req.DiskCategory) {
		category = *req.DiskCategory
	}
	group, err := resourceGroupOrDefault(req.ResourceGroupID)
	if err != nil {
		return nil, err
	}
	tags, err := createTags(req.Tags)
	if err != nil {
		return nil, err
	}
	disks, err := h.Svc.CreateDisks(c.ctx(), compute.CreateDisksSpec{
		Owner: c.owner, Zone: compute.ZoneID(zone), Count: amount, ChargeType: compute.PostPaid,
		Disk: compute.DiskSpec{Category: category, SizeGiB: *req.DiskSize, Name: name, ResourceGroup: group,
			Tags: tags, Extra: burstExtra(req.BurstingEnabled)},
	})
	if err != nil {
		return nil, err
	}
	resp := createDisksResponse{RequestID: c.requestID, DiskIDs: make([]string, len(disks)), OrderNumber: h.orderNumber()}
	for i, d := range disks {
		resp.DiskIDs[i] = string(d.ID)
	}
	return resp, nil
}

type describeDisksRequest struct {
	DiskIDs         []string `json:"diskIds"`
	DiskName        *string  `json:"diskName"`
	DiskStatus      *string  `json:"diskStatus"`
	DiskType        *string  `json:"diskType"`
	DiskCategory    *string  `json:"diskCategory"`
	InstanceID      *string  `json:"instanceId"`
	ZoneID          *string  `json:"zoneId"`
	PageNum         *int     `json:"pageNum"`
	PageSize        *int     `json:"pageSize"`
	RegionID        *string  `json:"regionId"`
	SnapshotAbility *bool    `json:"snapshotAbility"`
	ResourceGroupID *string  `json:"resourceGroupId"`
	TagKeys         []string `json:"tagKeys"`
	Tags            []tag    `json:"tags"`
}

// diskInfo is the SDK's DiskInfo. A disk attached to nothing has no
// instanceId and instanceName; disks are pay-as-you-go (no expiredTime or
// period) and ecsd has no automatic snapshot policies.
type diskInfo struct {
	DiskID            string `json:"diskId"`
	DiskName          string `json:"diskName"`
	RegionID          string `json:"regionId"`
	ZoneID            string `json:"zoneId"`
	DiskType          string `json:"diskType"`
	Portable          bool   `json:"portable"`
	DiskCategory      string `json:"diskCategory"`
	DiskSize          int    `json:"diskSize"`
	DiskStatus        string `json:"diskStatus"`
	InstanceID        string `json:"instanceId,omitempty"`
	InstanceName      string `json:"instanceName,omitempty"`
	CreateTime        string `json:"createTime"`
	ResourceGroupID   string `json:"resourceGroupId"`
	ResourceGroupName string `json:"resourceGroupName"`
	Serial            string `json:"serial"`
	SnapshotAbility   bool   `json:"snapshotAbility"`
	Tags              tagSet `json:"tags"`
	BurstingEnabled   bool   `json:"burstingEnabled"`
}

type describeDisksResponse struct {
	RequestID  string     `json:"requestId"`
	TotalCount int        `json:"totalCount"`
	DataSet    []diskInfo `json:"dataSet"`
}

// describeDisks lists the account's disks, filtered and paged.
func (h *Handler) describeDisks(c *call) (any, error) {
	var req describeDisksRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	ids, err := resourceIDs("diskIds", req.DiskIDs)
	if err != nil {
		return nil, err
	}
	p, err := paging(req.PageNum, req.PageSize)
	if err != nil {
		return nil, err
	}
	group, err := resourceGroup(req.ResourceGroupID)
	if err != nil {
		return nil, err
	}
	if err := oneOf("diskStatus", req.DiskStatus, diskStatuses); err != nil {
		return nil, err
	}
	if err := oneOf("diskType", req.DiskType, []string{diskTypeSystem, diskTypeData}); err != nil {
		return nil, err
	}
	if err := checkTagFilters(req.TagKeys, req.Tags); err != nil {
		return nil, err
	}
	f := compute.Filter{IDs: ids, Links: tagLinks(req.TagKeys, req.Tags)}
	if set(req.InstanceID) {
		f.Links = append(f.Links, compute.LinkFilter{Attr: compute.LinkInstance, Values: []string{*req.InstanceID}})
	}
	if set(req.RegionID) {
		f.Region = compute.RegionID(*req.RegionID)
	}
	disks, err := h.Svc.Disks(c.ctx(), c.owner, f)
	if err != nil {
		return nil, err
	}
	disks = slices.DeleteFunc(disks, func(d compute.Disk) bool {
		return set(req.DiskName) && !strings.Contains(d.Name, *req.DiskName) ||
			set(req.DiskStatus) && *req.DiskStatus != diskStatusOf(d) ||
			set(req.DiskType) && *req.DiskType != diskType(d) ||
			set(req.DiskCategory) && *req.DiskCategory != d.Category ||
			set(req.ZoneID) && *req.ZoneID != string(d.Zone) ||
			req.SnapshotAbility != nil && !*req.SnapshotAbility ||
			group != "" && d.ResourceGroup != group
	})
	page := kit.Page(disks, p.offset(), p.size)
	names, err := h.instanceNames(c, page)
	if err != nil {
		return nil, err
	}
	resp := describeDisksResponse{RequestID: c.requestID, TotalCount: len(disks), DataSet: make([]diskInfo, len(page))}
	for i, d := range page {
		resp.DataSet[i] = wireDisk(d, names[d.Instance])
	}
	return resp, nil
}

// instanceNames returns the names of the instances the disks are attached
// to.
func (h *Handler) instanceNames(c *call, disks []compute.Disk) (map[compute.InstanceID]string, error) {
	out := map[compute.InstanceID]string{}
	var ids []compute.InstanceID
	for _, d := range disks {
		if d.Instance != "" && !slices.Contains(ids, d.Instance) {
			ids = append(ids, d.Instance)
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	page, err := h.Svc.List(c.ctx(), compute.Query{Owner: c.owner, IDs: ids, Limit: len(ids)})
	for _, inst := range page.Instances {
		out[inst.ID] = inst.Name
	}
	return out, err
}

func diskType(d compute.Disk) string {
	if d.System {
		return diskTypeSystem
	}
	return diskTypeData
}

func diskStatusOf(d compute.Disk) string {
	if d.Extra[extraRecycled] == "true" {
		return diskRecycled
	}
	return diskStatusSpelling[d.Status]
}

// wireDisk spells a disk. Its serial, as the guest sees it, is its ID;
// every ZEC disk category supports snapshots.
func wireDisk(d compute.Disk, instanceName string) diskInfo {
	return diskInfo{
		DiskID: string(d.ID), DiskName: d.Name, RegionID: string(d.Region), ZoneID: string(d.Zone), DiskType: diskType(d),
		Portable: portable(d), DiskCategory: d.Category, DiskSize: d.SizeGiB, DiskStatus: diskStatusOf(d),
		InstanceID: string(d.Instance), InstanceName: instanceName, CreateTime: wireTime(d.CreatedAt),
		ResourceGroupID: d.ResourceGroup, ResourceGroupName: resourceGroupName(d.ResourceGroup), Serial: string(d.ID),
		SnapshotAbility: true, Tags: wireTags(d.Tags), BurstingEnabled: d.Extra[extraBurst] == "true",
	}
}

// portable reports whether a disk may be detached: a data disk that does
// not go with its instance.
func portable(d compute.Disk) bool { return !d.System && !d.DeleteWithInstance }

type attachDisksRequest struct {
	DiskIDs    []string `json:"diskIds"`
	InstanceID *string  `json:"instanceId"`
}

// attachDisks attaches up to ten portable, available disks to a running
// or stopped instance of their zone. Every disk is checked before any is
// attached.
func (h *Handler) attachDisks(c *call) (any, error) {
	var req attachDisksRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	ids, err := requiredResourceIDs("diskIds", req.DiskIDs)
	if err != nil {
		return nil, err
	}
	if len(ids) > maxAttachDisks {
		return nil, invalidParameter("diskIds", "at most %d disks may be attached at once", maxAttachDisks)
	}
	inst, err := requiredID("instanceId", req.InstanceID)
	if err != nil {
		return nil, err
	}
	disks, err := h.disks(c, ids)
	if err != nil {
		return nil, err
	}
	for _, d := range disks {
		switch {
		case d.Extra[extraRecycled] == "true":
			return nil, errDiskRecycled
		case !portable(d):
			return nil, errDiskNotPortable
		case d.Instance != "":
			return nil, errDiskAttached
		}
	}
	for _, d := range disks {
		if _, err := h.Svc.AttachDisk(c.ctx(), c.owner, d.ID, compute.InstanceID(inst), nil); err != nil {
			return nil, err
		}
	}
	return ack(c), nil
}

type detachDisksRequest struct {
	DiskIDs           []string `json:"diskIds"`
	InstanceCheckFlag *bool    `json:"instanceCheckFlag"`
}

type detachDisksResponse struct {
	RequestID     string   `json:"requestId"`
	FailedDiskIDs []string `json:"failedDiskIds"`
}

// detachDisks detaches portable disks from their instances; unless
// instanceCheckFlag is false, only from stopped instances. Each disk that
// can be detached is; the others are listed in failedDiskIds, and when
// none could be, the call fails with the first one's reason.
func (h *Handler) detachDisks(c *call) (any, error) {
	var req detachDisksRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	ids, err := requiredResourceIDs("diskIds", req.DiskIDs)
	if err != nil {
		return nil, err
	}
	checkInstance := req.InstanceCheckFlag == nil || *req.InstanceCheckFlag
	disks, err := h.disks(c, ids)
	if err != nil {
		return nil, err
	}
	stopped := map[compute.InstanceID]bool{}
	if checkInstance {
		var insts []compute.InstanceID
		for _, d := range disks {
			insts = append(insts, d.Instance)
		}
		page, err := h.Svc.List(c.ctx(), compute.Query{Owner: c.owner, IDs: insts, Limit: max(1, len(insts))})
		if err != nil {
			return nil, err
		}
		for _, inst := range page.Instances {
			stopped[inst.ID] = inst.Status == compute.StatusStopped
		}
	}
	resp := detachDisksResponse{RequestID: c.requestID, FailedDiskIDs: []string{}}
	var first error
	for _, d := range disks {
		var err error
		switch {
		case d.System || !portable(d):
			err = errDiskNotPortable
		case d.Instance == "":
			err = errDiskStatus
		case checkInstance && !stopped[d.Instance]:
			err = errInstanceStatus
		default:
			_, err = h.Svc.DetachDisk(c.ctx(), c.owner, d.ID, "")
		}
		if err != nil {
			resp.FailedDiskIDs = append(resp.FailedDiskIDs, string(d.ID))
			if first == nil {
				first = err
			}
		}
	}
	if len(resp.FailedDiskIDs) == len(disks) {
		return nil, first
	}
	return resp, nil
}

type modifyDisksAttributesRequest struct {
	DiskIDs  []string `json:"diskIds"`
	DiskName *string  `json:"diskName"`
}

// modifyDisksAttributes renames disks: all, or none when one is not found.
func (h *Handler) modifyDisksAttributes(c *call) (any, error) {
	var req modifyDisksAttributesRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	ids, err := requiredResourceIDs("diskIds", req.DiskIDs)
	if err != nil {
		return nil, err
	}
	name, err := required("diskName", req.DiskName)
	if err != nil {
		return nil, err
	}
	if err := checkName("diskName", name, 1, 64, "/_"); err != nil {
		return nil, err
	}
	if _, err := h.disks(c, ids); err != nil {
		return nil, err
	}
	for _, id := range ids {
		if _, err := h.Svc.ModifyDisk(c.ctx(), c.owner, compute.DiskID(id), func(d *compute.Disk) error {
			d.Name = name
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return ack(c), nil
}

type resizeDiskRequest struct {
	DiskID   *string `json:"diskId"`
	DiskSize *int    `json:"diskSize"`
}

// resizeDisk grows a disk, available or in use, to more than its size, at
// once.
func (h *Handler) resizeDisk(c *call) (any, error) {
	var req resizeDiskRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	id, err := requiredID("diskId", req.DiskID)
	if err != nil {
		return nil, err
	}
	if req.DiskSize == nil {
		return nil, missingParameter("diskSize")
	}
	disks, err := h.disks(c, []string{id})
	if err != nil {
		return nil, err
	}
	if disks[0].Extra[extraRecycled] == "true" {
		return nil, errDiskRecycled
	}
	if *req.DiskSize <= disks[0].SizeGiB {
		return nil, invalidParameter("diskSize", "must be more than the disk's %d GiB", disks[0].SizeGiB)
	}
	if _, err := h.Svc.ResizeDisk(c.ctx(), c.owner, compute.DiskID(id), *req.DiskSize); err != nil {
		return nil, err
	}
	return ack(c), nil
}

type diskIDRequest struct {
	DiskID *string `json:"diskId"`
}

// releaseDisk releases a data disk attached to nothing: it is gone, or
// with the recycle bin on it is RECYCLED first and gone on its second
// release. A system disk goes with its instance only.
func (h *Handler) releaseDisk(c *call) (any, error) {
	var req diskIDRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	id, err := requiredID("diskId", req.DiskID)
	if err != nil {
		return nil, err
	}
	disks, err := h.disks(c, []string{id})
	if err != nil {
		return nil, err
	}
	d := disks[0]
	switch {
	case d.System:
		return nil, errDiskNotPortable
	case d.Status != compute.DiskAvailable:
		return nil, errDiskStatus
	}
	if h.recycle != compute.RecycleNone && d.Extra[extraRecycled] != "true" {
		_, err = h.Svc.ModifyDisk(c.ctx(), c.owner, d.ID, func(d *compute.Disk) error {
			d.Extra = withExtra(d.Extra, extraRecycled, "true")
			return nil
		})
	} else {
		err = h.Svc.DeleteDisk(c.ctx(), c.owner, d.ID, false)
	}
	if err != nil {
		return nil, err
	}
	return ack(c), nil
}

// disks loads disks of the account, in the order of ids; the first not
// found fails the call.
func (h *Handler) disks(c *call, ids []string) ([]compute.Disk, error) {
	found, err := h.Svc.Disks(c.ctx(), c.owner, compute.Filter{IDs: ids})
	if err != nil {
		return nil, err
	}
	out := make([]compute.Disk, 0, len(ids))
	for _, id := range ids {
		i := slices.IndexFunc(found, func(d compute.Disk) bool { return string(d.ID) == id })
		if i < 0 {
			return nil, notFound(compute.KindDisk, id)
		}
		if !slices.ContainsFunc(out, func(d compute.Disk) bool { return string(d.ID) == id }) {
			out = append(out, found[i])
		}
	}
	return out, nil
}
