package tencent

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// CBS, the cloud disks (version 2017-03-12): data disks made on their own
// or with an instance, and the system disks of instances.

// cbsActions are the CBS actions ecsd serves.
var cbsActions = kit.Actions[*call]{
	"DescribeDisks":              read((*Handler).describeDisks),
	"CreateDisks":                write((*Handler).createDisks),
	"AttachDisks":                write((*Handler).attachDisks),
	"DetachDisks":                write((*Handler).detachDisks),
	"TerminateDisks":             write((*Handler).terminateDisks),
	"ResizeDisk":                 write((*Handler).resizeDisk),
	"ModifyDiskAttributes":       write((*Handler).modifyDiskAttributes),
	"ModifyDiskExtraPerformance": write((*Handler).modifyDiskExtraPerformance),
	"ModifyDiskBackupQuota":      write((*Handler).modifyDiskBackupQuota),
	"ModifyDisksRenewFlag":       write((*Handler).modifyDisksRenewFlag),
	"DescribeDiskConfigQuota":    read((*Handler).describeDiskConfigQuota),
	"InquiryPriceCreateDisks":    read((*Handler).inquiryPriceCreateDisks),
	"DescribeSnapshots":          read((*Handler).describeSnapshots),
}

// What CBS keeps of a disk beyond the core's model, in its Extra.
const (
	extraThroughput  = "throughput_performance"
	extraBurst       = "burst_performance"
	extraBackupQuota = "disk_backup_quota"
	extraEncryptType = "encrypt_type"
	extraAttachMode  = "attach_mode"
)

// beijing is the time zone of the times CBS and VPC show as
// "2006-01-02 15:04:05".
var beijing = time.FixedZone("CST", 8*3600)

const localTimeLayout = "2006-01-02 15:04:05"

func localTime(t time.Time) string { return t.In(beijing).Format(localTimeLayout) }

// CBS limits.
const (
	maxDiskIDs       = 100
	maxAttachDisks   = 10
	maxCreateDisks   = 50
	maxDiskName      = 60
	defaultProject   = "默认项目"
	diskChargePrepay = "PREPAID"
)

var diskStateSpelling = map[compute.DiskStatus]string{
	compute.DiskAvailable: "UNATTACHED",
	compute.DiskAttaching: "ATTACHING",
	compute.DiskInUse:     "ATTACHED",
	compute.DiskDetaching: "DETACHING",
}

func malformedDiskID(id string) *apiError {
	return &apiError{"InvalidDiskId.NotFound", fmt.Sprintf("The disk ID `%s` is malformed: it must be `disk-` followed by 8 lower-case letters or digits.", id)}
}

// diskIDs reads a list of disk IDs: at most max, each well formed.
func diskIDs(p params, name string, max int) ([]string, error) {
	ids, _, err := p.strs(name)
	if err != nil {
		return nil, err
	}
	if len(ids) > max {
		return nil, &apiError{"InvalidParameterValue.LimitExceeded", fmt.Sprintf("At most %d disk IDs may be given in one request.", max)}
	}
	for _, id := range ids {
		if !wellFormed(id, "disk-") {
			return nil, malformedDiskID(id)
		}
	}
	return ids, nil
}

type diskPlacement struct {
	Zone               string `json:"Zone"`
	CageID             string `json:"CageId"`
	CdcID              string `json:"CdcId"`
	CdcName            string `json:"CdcName"`
	DedicatedClusterID string `json:"DedicatedClusterId"`
	ProjectID          int64  `json:"ProjectId"`
	ProjectName        string `json:"ProjectName"`
}

type disk struct {
	DeleteWithInstance    bool          `json:"DeleteWithInstance"`
	RenewFlag             string        `json:"RenewFlag"`
	DiskType              string        `json:"DiskType"`
	DiskState             string        `json:"DiskState"`
	SnapshotCount         int           `json:"SnapshotCount"`
	AutoRenewFlagError    bool          `json:"AutoRenewFlagError"`
	Rollbacking           bool          `json:"Rollbacking"`
	InstanceIDList        []string      `json:"InstanceIdList"`
	Encrypt               bool          `json:"Encrypt"`
	DiskName              string        `json:"DiskName"`
	BackupDisk            bool          `json:"BackupDisk"`
	Tags                  []tag         `json:"Tags"`
	InstanceID            string        `json:"InstanceId"`
	AttachMode            string        `json:"AttachMode"`
	AutoSnapshotPolicyIDs []string      `json:"AutoSnapshotPolicyIds"`
	ThroughputPerformance int           `json:"ThroughputPerformance"`
	Migrating             bool          `json:"Migrating"`
	DiskID                string        `json:"DiskId"`
	SnapshotSize          int           `json:"SnapshotSize"`
	Placement             diskPlacement `json:"Placement"`
	IsReturnable          bool          `json:"IsReturnable"`
	DeadlineTime          string        `json:"DeadlineTime"`
	Attached              bool          `json:"Attached"`
	DiskSize              int           `json:"DiskSize"`
	MigratePercent        int           `json:"MigratePercent"`
	DiskUsage             string        `json:"DiskUsage"`
	DiskChargeType        string        `json:"DiskChargeType"`
	Portable              bool          `json:"Portable"`
	SnapshotAbility       bool          `json:"SnapshotAbility"`
	DeadlineError         bool          `json:"DeadlineError"`
	RollbackPercent       int           `json:"RollbackPercent"`
	DifferDaysOfDeadline  int           `json:"DifferDaysOfDeadline"`
	ReturnFailCode        int           `json:"ReturnFailCode"`
	Shareable             bool          `json:"Shareable"`
	CreateTime            string        `json:"CreateTime"`
	DeleteSnapshot        int           `json:"DeleteSnapshot"`
	DiskBackupQuota       int           `json:"DiskBackupQuota"`
	DiskBackupCount       int           `json:"DiskBackupCount"`
	InstanceType          string        `json:"InstanceType"`
	LastAttachInsID       string        `json:"LastAttachInsId"`
	ErrorPrompt           string        `json:"ErrorPrompt"`
	BurstPerformance      bool          `json:"BurstPerformance"`
	EncryptType           string        `json:"EncryptType"`
	KmsKeyID              string        `json:"KmsKeyId"`
}

// diskCharge is how CBS spells a disk's charge type.
func diskCharge(d compute.Disk) string {
	if d.ChargeType == compute.PrePaid {
		return diskChargePrepay
	}
	return chargePostPaid
}

// attachedTo is the instance a disk shows itself attached to. A disk still
// detaching is attached until it is UNATTACHED: the provider's attachment
// delete waits on Attached before it terminates the disk
// (resource_tc_cbs_storage_attachment.go:180-192).
func attachedTo(d compute.Disk) compute.InstanceID {
	if d.Status == compute.DiskDetaching {
		return d.LastInstance
	}
	return d.Instance
}

// wireDisk spells a disk as DescribeDisks does; instanceType is the type
// of the instance it is attached to.
func wireDisk(d compute.Disk, instanceType string, now time.Time) disk {
	out := disk{
		DeleteWithInstance: d.DeleteWithInstance, RenewFlag: or(d.Extra[extraRenewFlag], defaultRenewFlag), DiskType: d.Category,
		DiskState: diskStateSpelling[d.Status], InstanceIDList: []string{}, Encrypt: d.Encrypted, DiskName: d.Name,
		Tags: wireTags(d.Tags), AutoSnapshotPolicyIDs: []string{},
		ThroughputPerformance: extraInt(d.Extra, extraThroughput), DiskID: string(d.ID),
		Placement:    diskPlacement{Zone: string(d.Zone), ProjectID: projectOf(d.Meta), ProjectName: defaultProject},
		IsReturnable: d.ChargeType == compute.PrePaid, DiskSize: d.SizeGiB, MigratePercent: 100,
		DiskUsage: "DATA_DISK", DiskChargeType: diskCharge(d), Portable: !d.System, SnapshotAbility: true,
		DifferDaysOfDeadline: -1, CreateTime: localTime(d.CreatedAt), DiskBackupQuota: extraInt(d.Extra, extraBackupQuota),
		InstanceType: instanceType, LastAttachInsID: string(cmp.Or(d.Instance, d.LastInstance)), BurstPerformance: d.Extra[extraBurst] == "true",
		KmsKeyID: d.KMSKeyID,
	}
	if d.System {
		out.DiskUsage = "SYSTEM_DISK"
	}
	if attached := attachedTo(d); attached != "" {
		out.Attached, out.InstanceID, out.InstanceIDList = true, string(attached), []string{string(attached)}
		out.AttachMode = or(d.Extra[extraAttachMode], "PF")
	}
	if d.Encrypted {
		out.EncryptType = or(d.Extra[extraEncryptType], "ENCRYPT_V1")
	}
	if d.ChargeType == compute.PrePaid {
		deadline, _ := time.Parse(createdTimeLayout, expiry(d.CreatedAt, d.Extra[extraPeriod]))
		out.DeadlineTime = localTime(deadline)
		out.DifferDaysOfDeadline = int(deadline.Sub(now).Hours() / 24)
	}
	return out
}

type describeDisksResponse struct {
	TotalCount int    `json:"TotalCount"`
	DiskSet    []disk `json:"DiskSet"`
	RequestID  string `json:"RequestId"`
}

var diskFilters = []string{
	"disk-usage", "disk-charge-type", "portable", "project-id", "disk-id", "disk-name", "disk-type", "disk-state",
	"instance-id", "zone", "instance-ip-address", "instance-name", "tag-key", "tag-value",
}

// describeDisks lists disks by DiskIds or Filters. A disk still being made
// is not listed yet, as CBS makes disks after CreateDisks returns.
func (h *Handler) describeDisks(c *call) (any, error) {
	p := c.params
	if err := p.only("Filters", "Limit", "OrderField", "Offset", "ReturnBindAutoSnapshotPolicy", "DiskIds", "Order"); err != nil {
		return nil, err
	}
	ids, err := diskIDs(p, "DiskIds", maxDiskIDs)
	if err != nil {
		return nil, err
	}
	list, err := p.objects("Filters")
	if err != nil {
		return nil, err
	}
	filters, _, err := readFilters(list, diskFilters, true)
	if err != nil {
		return nil, err
	}
	offset, limit, err := paging(p)
	if err != nil {
		return nil, err
	}
	orderField, err := p.oneOf("OrderField", "CREATE_TIME", "CREATE_TIME", "DEADLINE")
	if err != nil {
		return nil, err
	}
	order, err := p.oneOf("Order", "ASC", "ASC", "DESC")
	if err != nil {
		return nil, err
	}
	if _, _, err := p.boolean("ReturnBindAutoSnapshotPolicy"); err != nil {
		return nil, err
	}
	disks, err := h.Svc.Disks(c.ctx(), c.owner, compute.Filter{Region: c.region, IDs: ids})
	if err != nil {
		return nil, err
	}
	instances, err := h.diskInstances(c, disks)
	if err != nil {
		return nil, err
	}
	disks = slices.DeleteFunc(disks, func(d compute.Disk) bool {
		return d.Status == compute.DiskCreating || !diskMatches(d, instances[d.Instance], filters)
	})
	if orderField == "DEADLINE" {
		slices.SortStableFunc(disks, func(a, b compute.Disk) int { return strings.Compare(deadlineOf(a), deadlineOf(b)) })
	}
	if order == "DESC" {
		slices.Reverse(disks)
	}
	page := kit.Page(disks, offset, limit)
	now := h.Svc.Now()
	resp := describeDisksResponse{TotalCount: len(disks), DiskSet: make([]disk, len(page)), RequestID: c.requestID}
	for i, d := range page {
		resp.DiskSet[i] = wireDisk(d, instances[d.Instance].InstanceType, now)
	}
	return resp, nil
}

func deadlineOf(d compute.Disk) string {
	if d.ChargeType != compute.PrePaid {
		return "~" // after every date
	}
	return expiry(d.CreatedAt, d.Extra[extraPeriod])
}

// diskInstances loads the instances the disks are attached to.
func (h *Handler) diskInstances(c *call, disks []compute.Disk) (map[compute.InstanceID]compute.Instance, error) {
	var ids []compute.InstanceID
	for _, d := range disks {
		if d.Instance != "" && !slices.Contains(ids, d.Instance) {
			ids = append(ids, d.Instance)
		}
	}
	out := map[compute.InstanceID]compute.Instance{}
	for len(ids) > 0 {
		n := min(len(ids), compute.MaxBatch)
		page, err := h.Svc.List(c.ctx(), compute.Query{Owner: c.owner, IDs: ids[:n], Limit: n})
		if err != nil {
			return nil, err
		}
		for _, inst := range page.Instances {
			out[inst.ID] = inst
		}
		ids = ids[n:]
	}
	return out, nil
}

// diskMatches applies DescribeDisks' filters to a disk and the instance it
// is attached to.
func diskMatches(d compute.Disk, inst compute.Instance, filters map[string][]string) bool {
	w := wireDisk(d, "", time.Time{})
	for name, values := range filters {
		var ok bool
		switch name {
		case "disk-usage":
			ok = slices.Contains(values, w.DiskUsage)
		case "disk-charge-type":
			ok = slices.Contains(values, w.DiskChargeType)
		case "portable":
			ok = slices.Contains(values, strconv.FormatBool(w.Portable))
		case "disk-id":
			ok = slices.Contains(values, w.DiskID)
		case "disk-name":
			ok = slices.Contains(values, d.Name)
		case "disk-type":
			ok = slices.Contains(values, d.Category)
		case "disk-state":
			ok = slices.Contains(values, w.DiskState)
		case "instance-id":
			ok = slices.Contains(values, string(d.Instance))
		case "zone":
			ok = slices.Contains(values, string(d.Zone))
		case "instance-ip-address":
			ok = inst.PrivateIP.IsValid() && slices.Contains(values, inst.PrivateIP.String()) ||
				publicIPShown(inst) && slices.Contains(values, inst.PublicIP.String())
		case "instance-name":
			ok = d.Instance != "" && slices.Contains(values, inst.Name)
		default:
			ok = matchesMeta(d.Meta, d.Name, map[string][]string{name: values}, "")
		}
		if !ok {
			return false
		}
	}
	return true
}

type createDisksResponse struct {
	DiskIDSet []string `json:"DiskIdSet"`
	RequestID string   `json:"RequestId"`
}

// createDisks makes data disks in a zone, attached to nothing. They show
// in DescribeDisks once made, one transition delay later.
func (h *Handler) createDisks(c *call) (any, error) {
	p := c.params
	if err := p.only("Placement", "DiskChargeType", "DiskType", "DiskName", "Tags", "SnapshotId", "DiskCount",
		"ThroughputPerformance", "KmsKeyId", "DiskSize", "Shareable", "ClientToken", "Encrypt", "DiskChargePrepaid",
		"DeleteSnapshot", "AutoMountConfiguration", "DiskBackupQuota", "BurstPerformance", "EncryptType"); err != nil {
		return nil, err
	}
	if err := refuseSet(p, "Shareable", "AutoMountConfiguration"); err != nil {
		return nil, err
	}
	pl, ok, err := p.object("Placement")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, missingParameter("Placement")
	}
	if err := pl.only("Zone", "CageId", "CdcId", "CdcName", "DedicatedClusterId", "ProjectId", "ProjectName"); err != nil {
		return nil, err
	}
	if err := refuseSet(pl, "CageId", "CdcId", "DedicatedClusterId"); err != nil {
		return nil, err
	}
	zone, err := requiredStr(pl, "Zone")
	if err != nil {
		return nil, err
	}
	project, err := readProject(pl, "ProjectId")
	if err != nil {
		return nil, err
	}
	if !p.has("DiskChargeType") {
		return nil, missingParameter("DiskChargeType")
	}
	charge, err := p.oneOf("DiskChargeType", "", chargePostPaid, diskChargePrepay)
	if err != nil {
		return nil, err
	}
	if !p.has("DiskType") {
		return nil, missingParameter("DiskType")
	}
	ds, err := readDiskSpec(p, "DiskType", "DiskSize", "DiskName", false)
	if err != nil {
		return nil, err
	}
	if len([]rune(ds.Name)) > maxDiskName {
		return nil, invalidValuef("The DiskName must not exceed %d characters.", maxDiskName)
	}
	if ds.Tags, err = readTags(p, "Tags", "Key", "Value"); err != nil {
		return nil, err
	}
	count, err := p.intInRange("DiskCount", 1, 1, maxCreateDisks)
	if err != nil {
		return nil, err
	}
	if _, _, err := p.str("ClientToken"); err != nil {
		return nil, err
	}
	if _, err := p.intInRange("DeleteSnapshot", 0, 0, 1); err != nil {
		return nil, err
	}
	encrypt, err := p.oneOf("Encrypt", "", "ENCRYPT")
	if err != nil {
		return nil, err
	}
	encryptType, err := p.oneOf("EncryptType", "", "ENCRYPT_V1", "ENCRYPT_V2")
	if err != nil {
		return nil, err
	}
	ds.Encrypted = encrypt == "ENCRYPT" || encryptType != ""
	if ds.Encrypted {
		ds.Extra[extraEncryptType] = or(encryptType, "ENCRYPT_V1")
	}
	quota, err := p.intInRange("DiskBackupQuota", 0, 0, 1024)
	if err != nil {
		return nil, err
	}
	ds.Extra[extraBackupQuota] = strconv.Itoa(quota)
	ds.Extra[extraProjectID] = strconv.FormatInt(project, 10)
	ds.DeleteWithInstance = false
	spec := compute.CreateDisksSpec{Owner: c.owner, Zone: compute.ZoneID(zone), Count: count, ChargeType: compute.PostPaid, Disk: ds}
	prepaid, hasPrepaid, err := p.object("DiskChargePrepaid")
	if err != nil {
		return nil, err
	}
	switch {
	case charge == diskChargePrepay && !hasPrepaid:
		return nil, missingParameter("DiskChargePrepaid")
	case charge == diskChargePrepay:
		period, flag, err := readPrepaid(prepaid)
		if err != nil {
			return nil, err
		}
		ds.Extra[extraPeriod], ds.Extra[extraRenewFlag] = strconv.FormatInt(period, 10), flag
		spec.ChargeType = compute.PrePaid
	case hasPrepaid:
		return nil, invalidParameterf("DiskChargePrepaid goes with DiskChargeType PREPAID only.")
	}
	if r, _, err := h.Svc.Zone(compute.CloudTencent, spec.Zone); err == nil && r.ID != c.region {
		return nil, &compute.Error{Code: compute.NotFound, Param: "zone", Value: zone, Message: "zone not in region"}
	}
	disks, err := h.Svc.CreateDisks(c.ctx(), spec)
	if err != nil {
		return nil, err
	}
	resp := createDisksResponse{DiskIDSet: make([]string, len(disks)), RequestID: c.requestID}
	for i, d := range disks {
		resp.DiskIDSet[i] = string(d.ID)
	}
	return resp, nil
}

// attachDisks attaches up to 10 data disks to an instance of their zone,
// one after the other.
func (h *Handler) attachDisks(c *call) (any, error) {
	p := c.params
	if err := p.only("InstanceId", "DiskIds", "DeleteWithInstance", "AttachMode"); err != nil {
		return nil, err
	}
	ids, err := diskIDs(p, "DiskIds", maxAttachDisks)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, missingParameter("DiskIds")
	}
	instance, err := oneInstanceID(p)
	if err != nil {
		return nil, err
	}
	var deleteWith *bool
	if v, ok, err := p.boolean("DeleteWithInstance"); err != nil {
		return nil, err
	} else if ok {
		deleteWith = &v
	}
	mode, err := p.oneOf("AttachMode", "PF", "PF", "VF")
	if err != nil {
		return nil, err
	}
	if _, err := h.instanceByID(c, instance); err != nil {
		return nil, err
	}
	for _, id := range ids {
		if err := h.regionalDisk(c, id); err != nil {
			return nil, err
		}
		if _, err := h.Svc.AttachDisk(c.ctx(), c.owner, compute.DiskID(id), instance, deleteWith); err != nil {
			return nil, err
		}
		if _, err := h.Svc.ModifyDisk(c.ctx(), c.owner, compute.DiskID(id), func(d *compute.Disk) error {
			d.Extra = withExtra(d.Extra, extraAttachMode, mode)
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

func withExtra(m map[string]string, key, value string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	m[key] = value
	return m
}

// regionalDisk fails with InvalidDiskId.NotFound unless the caller has the
// disk in the request's region, made already.
func (h *Handler) regionalDisk(c *call, id string) error {
	found, err := h.Svc.Disks(c.ctx(), c.owner, compute.Filter{Region: c.region, IDs: []string{id}})
	if err != nil {
		return err
	}
	if len(found) == 0 {
		return &compute.Error{Code: compute.NotFound, Param: string(compute.KindDisk), Value: id, Message: "disk not found"}
	}
	if found[0].Status == compute.DiskCreating {
		return &compute.Error{Code: compute.IncorrectState, Param: string(compute.KindDisk), Value: id, State: string(compute.DiskCreating), Message: "disk is being made"}
	}
	return nil
}

// detachDisks detaches data disks from their instance.
func (h *Handler) detachDisks(c *call) (any, error) {
	p := c.params
	if err := p.only("DiskIds", "InstanceId"); err != nil {
		return nil, err
	}
	ids, err := diskIDs(p, "DiskIds", maxAttachDisks)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, missingParameter("DiskIds")
	}
	var instance compute.InstanceID
	if p.has("InstanceId") {
		if instance, err = oneInstanceID(p); err != nil {
			return nil, err
		}
	}
	for _, id := range ids {
		if err := h.regionalDisk(c, id); err != nil {
			return nil, err
		}
		if _, err := h.Svc.DetachDisk(c.ctx(), c.owner, compute.DiskID(id), instance); err != nil {
			return nil, err
		}
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// terminateDisks deletes disks attached to nothing. A prepaid disk is gone
// at once too: ecsd keeps no recycle bin of disks.
func (h *Handler) terminateDisks(c *call) (any, error) {
	p := c.params
	if err := p.only("DiskIds", "DeleteSnapshot"); err != nil {
		return nil, err
	}
	ids, err := diskIDs(p, "DiskIds", maxDiskIDs)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, missingParameter("DiskIds")
	}
	if _, err := p.intInRange("DeleteSnapshot", 0, 0, 1); err != nil {
		return nil, err
	}
	for _, id := range ids {
		if err := h.regionalDisk(c, id); err != nil {
			return nil, err
		}
		if err := h.Svc.DeleteDisk(c.ctx(), c.owner, compute.DiskID(id), true); compute.ErrorCode(err) != compute.DryRunPassed {
			return nil, err
		}
	}
	for _, id := range ids {
		if err := h.Svc.DeleteDisk(c.ctx(), c.owner, compute.DiskID(id), false); err != nil {
			return nil, err
		}
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// resizeDisk grows a disk.
func (h *Handler) resizeDisk(c *call) (any, error) {
	p := c.params
	if err := p.only("DiskSize", "DiskId"); err != nil {
		return nil, err
	}
	id, err := requiredStr(p, "DiskId")
	if err != nil {
		return nil, err
	}
	if !wellFormed(id, "disk-") {
		return nil, malformedDiskID(id)
	}
	size, ok, err := p.integer("DiskSize")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, missingParameter("DiskSize")
	}
	if size < 1 || size > 1<<20 {
		return nil, invalidValuef("The value of `DiskSize` is out of range.")
	}
	if err := h.regionalDisk(c, id); err != nil {
		return nil, err
	}
	if _, err := h.Svc.ResizeDisk(c.ctx(), c.owner, compute.DiskID(id), int(size)); err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// modifyDisks changes disks of the caller in the request's region through
// edit.
func (h *Handler) modifyDisks(c *call, ids []string, edit func(*compute.Disk) error) error {
	for _, id := range ids {
		if err := h.regionalDisk(c, id); err != nil {
			return err
		}
	}
	for _, id := range ids {
		if _, err := h.Svc.ModifyDisk(c.ctx(), c.owner, compute.DiskID(id), edit); err != nil {
			return err
		}
	}
	return nil
}

// modifyDiskAttributes renames disks, moves them to a project, changes
// whether they go with their instance, or turns burst performance on or
// off.
func (h *Handler) modifyDiskAttributes(c *call) (any, error) {
	p := c.params
	if err := p.only("DiskIds", "DiskName", "Portable", "ProjectId", "DeleteWithInstance", "DiskType", "BurstPerformanceOperation"); err != nil {
		return nil, err
	}
	ids, err := diskIDs(p, "DiskIds", maxDiskIDs)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, missingParameter("DiskIds")
	}
	name, nameGiven, err := p.str("DiskName")
	if err != nil {
		return nil, err
	}
	if len([]rune(name)) > maxDiskName {
		return nil, invalidValuef("The DiskName must not exceed %d characters.", maxDiskName)
	}
	if portable, ok, err := p.boolean("Portable"); err != nil {
		return nil, err
	} else if ok && !portable {
		return nil, notModelled("Portable")
	}
	projectGiven := p.has("ProjectId")
	project, err := readProject(p, "ProjectId")
	if err != nil {
		return nil, err
	}
	deleteWith, deleteGiven, err := p.boolean("DeleteWithInstance")
	if err != nil {
		return nil, err
	}
	diskType, typeGiven, err := p.str("DiskType")
	if err != nil {
		return nil, err
	}
	burst, err := p.oneOf("BurstPerformanceOperation", "", "CREATE", "CANCEL")
	if err != nil {
		return nil, err
	}
	if !nameGiven && !projectGiven && !deleteGiven && !typeGiven && burst == "" && !p.has("Portable") {
		return nil, missingParameter("DiskName")
	}
	err = h.modifyDisks(c, ids, func(d *compute.Disk) error {
		if typeGiven && diskType != d.Category {
			return refused(&apiError{"UnsupportedOperation", fmt.Sprintf("ecsd does not change the type of disk `%s` (%s).", d.ID, d.Category)})
		}
		if nameGiven {
			d.Name = name
		}
		if projectGiven {
			d.Extra = withExtra(d.Extra, extraProjectID, strconv.FormatInt(project, 10))
		}
		if deleteGiven {
			d.DeleteWithInstance = deleteWith
		}
		if burst != "" {
			d.Extra = withExtra(d.Extra, extraBurst, strconv.FormatBool(burst == "CREATE"))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// modifyDiskExtraPerformance sets the extra throughput of a CLOUD_HSSD or
// CLOUD_TSSD disk.
func (h *Handler) modifyDiskExtraPerformance(c *call) (any, error) {
	p := c.params
	if err := p.only("DiskId", "ThroughputPerformance"); err != nil {
		return nil, err
	}
	id, err := requiredStr(p, "DiskId")
	if err != nil {
		return nil, err
	}
	if !wellFormed(id, "disk-") {
		return nil, malformedDiskID(id)
	}
	if !p.has("ThroughputPerformance") {
		return nil, missingParameter("ThroughputPerformance")
	}
	throughput, err := p.intInRange("ThroughputPerformance", 0, 0, 1000)
	if err != nil {
		return nil, err
	}
	err = h.modifyDisks(c, []string{id}, func(d *compute.Disk) error {
		if throughput > 0 && d.Category != "CLOUD_HSSD" && d.Category != "CLOUD_TSSD" {
			return refused(&apiError{"InvalidDisk.TypeError", fmt.Sprintf("Disk `%s` is %s; extra throughput is for CLOUD_HSSD and CLOUD_TSSD disks.", d.ID, d.Category)})
		}
		d.Extra = withExtra(d.Extra, extraThroughput, strconv.Itoa(throughput))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// modifyDiskBackupQuota sets how many backups a disk keeps.
func (h *Handler) modifyDiskBackupQuota(c *call) (any, error) {
	p := c.params
	if err := p.only("DiskId", "DiskBackupQuota"); err != nil {
		return nil, err
	}
	id, err := requiredStr(p, "DiskId")
	if err != nil {
		return nil, err
	}
	if !wellFormed(id, "disk-") {
		return nil, malformedDiskID(id)
	}
	if !p.has("DiskBackupQuota") {
		return nil, missingParameter("DiskBackupQuota")
	}
	quota, err := p.intInRange("DiskBackupQuota", 0, 0, 1024)
	if err != nil {
		return nil, err
	}
	if err := h.modifyDisks(c, []string{id}, func(d *compute.Disk) error {
		d.Extra = withExtra(d.Extra, extraBackupQuota, strconv.Itoa(quota))
		return nil
	}); err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// modifyDisksRenewFlag sets how prepaid disks renew.
func (h *Handler) modifyDisksRenewFlag(c *call) (any, error) {
	p := c.params
	if err := p.only("DiskIds", "RenewFlag", "AutoRenewPeriod"); err != nil {
		return nil, err
	}
	ids, err := diskIDs(p, "DiskIds", maxDiskIDs)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, missingParameter("DiskIds")
	}
	if !p.has("RenewFlag") {
		return nil, missingParameter("RenewFlag")
	}
	flag, err := p.oneOf("RenewFlag", "", renewFlags...)
	if err != nil {
		return nil, err
	}
	if _, _, err := p.integer("AutoRenewPeriod"); err != nil {
		return nil, err
	}
	if err := h.modifyDisks(c, ids, func(d *compute.Disk) error {
		if d.ChargeType != compute.PrePaid {
			return refused(&apiError{"UnsupportedOperation", fmt.Sprintf("Disk `%s` is not prepaid; only prepaid disks renew.", d.ID)})
		}
		d.Extra = withExtra(d.Extra, extraRenewFlag, flag)
		return nil
	}); err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// cbsPrice is CBS's Price of a disk.
type cbsPrice struct {
	ChargeUnit            string  `json:"ChargeUnit"`
	DiscountPrice         float64 `json:"DiscountPrice"`
	DiscountPriceHigh     string  `json:"DiscountPriceHigh"`
	OriginalPrice         float64 `json:"OriginalPrice"`
	OriginalPriceHigh     string  `json:"OriginalPriceHigh"`
	UnitPrice             float64 `json:"UnitPrice"`
	UnitPriceDiscount     float64 `json:"UnitPriceDiscount"`
	UnitPriceDiscountHigh string  `json:"UnitPriceDiscountHigh"`
	UnitPriceHigh         string  `json:"UnitPriceHigh"`
}

// diskPrice prices gib GiB of disk: by the hour, or for months ahead. The
// High fields spell the same prices with more precision, as strings.
func diskPrice(gib int, months int) cbsPrice {
	hourly := diskPricePerGiBHour * float64(gib)
	p := cbsPrice{ChargeUnit: "HOUR", UnitPrice: roundMills(hourly), UnitPriceDiscount: roundMills(hourly)}
	if months > 0 {
		p.ChargeUnit = ""
		p.OriginalPrice = roundCents(hourly * hoursPerMonth * float64(months))
		p.DiscountPrice = roundCents(p.OriginalPrice * monthlyDiscount)
	}
	high := func(f float64) string { return strconv.FormatFloat(f, 'f', 6, 64) }
	p.UnitPriceHigh, p.UnitPriceDiscountHigh = high(hourly), high(hourly)
	p.OriginalPriceHigh, p.DiscountPriceHigh = high(p.OriginalPrice), high(p.DiscountPrice)
	return p
}

type inquiryPriceCreateDisksResponse struct {
	DiskPrice cbsPrice `json:"DiskPrice"`
	RequestID string   `json:"RequestId"`
}

// inquiryPriceCreateDisks prices a CreateDisks call.
func (h *Handler) inquiryPriceCreateDisks(c *call) (any, error) {
	p := c.params
	if err := p.only("DiskChargeType", "DiskType", "DiskSize", "ProjectId", "DiskCount", "ThroughputPerformance",
		"DiskChargePrepaid", "DiskBackupQuota"); err != nil {
		return nil, err
	}
	if !p.has("DiskChargeType") {
		return nil, missingParameter("DiskChargeType")
	}
	charge, err := p.oneOf("DiskChargeType", "", chargePostPaid, diskChargePrepay)
	if err != nil {
		return nil, err
	}
	if !p.has("DiskType") {
		return nil, missingParameter("DiskType")
	}
	ds, err := readDiskSpec(p, "DiskType", "DiskSize", "DiskName", false)
	if err != nil {
		return nil, err
	}
	cat, _ := h.Svc.Catalog(compute.CloudTencent).DiskCategory(ds.Category)
	if ds.SizeGiB < cat.MinGiB || ds.SizeGiB > cat.MaxGiB {
		return nil, invalidValuef("A %s disk is %d to %d GiB.", ds.Category, cat.MinGiB, cat.MaxGiB)
	}
	if _, err := readProject(p, "ProjectId"); err != nil {
		return nil, err
	}
	count, err := p.intInRange("DiskCount", 1, 1, maxCreateDisks)
	if err != nil {
		return nil, err
	}
	if _, err := p.intInRange("DiskBackupQuota", 0, 0, 1024); err != nil {
		return nil, err
	}
	months := 0
	if prepaid, ok, err := p.object("DiskChargePrepaid"); err != nil {
		return nil, err
	} else if charge == diskChargePrepay {
		if !ok {
			return nil, missingParameter("DiskChargePrepaid")
		}
		period, _, err := readPrepaid(prepaid)
		if err != nil {
			return nil, err
		}
		months = int(period)
	}
	return inquiryPriceCreateDisksResponse{DiskPrice: diskPrice(ds.SizeGiB*count, months), RequestID: c.requestID}, nil
}

type diskConfig struct {
	Available             bool     `json:"Available"`
	DiskChargeType        string   `json:"DiskChargeType"`
	Zone                  string   `json:"Zone"`
	InstanceFamily        string   `json:"InstanceFamily"`
	DiskType              string   `json:"DiskType"`
	StepSize              int      `json:"StepSize"`
	ExtraPerformanceRange []int    `json:"ExtraPerformanceRange"`
	DeviceClass           string   `json:"DeviceClass"`
	DiskUsage             string   `json:"DiskUsage"`
	MinDiskSize           int      `json:"MinDiskSize"`
	MaxDiskSize           int      `json:"MaxDiskSize"`
	Price                 cbsPrice `json:"Price"`
}

type describeDiskConfigQuotaResponse struct {
	DiskConfigSet []diskConfig `json:"DiskConfigSet"`
	RequestID     string       `json:"RequestId"`
}

// describeDiskConfigQuota lists the disks that can be bought in the
// region's zones, on their own (INQUIRY_CBS_CONFIG) or with instances of
// the families asked for (INQUIRY_CVM_CONFIG).
func (h *Handler) describeDiskConfigQuota(c *call) (any, error) {
	p := c.params
	if err := p.only("InquiryType", "DiskChargeType", "InstanceFamilies", "DiskTypes", "Zones", "Memory", "DiskUsage", "CPU", "DedicatedClusterId"); err != nil {
		return nil, err
	}
	if err := refuseSet(p, "DedicatedClusterId"); err != nil {
		return nil, err
	}
	if !p.has("InquiryType") {
		return nil, missingParameter("InquiryType")
	}
	inquiry, err := p.oneOf("InquiryType", "", "INQUIRY_CBS_CONFIG", "INQUIRY_CVM_CONFIG")
	if err != nil {
		return nil, err
	}
	charge, err := p.oneOf("DiskChargeType", "", chargePostPaid, diskChargePrepay)
	if err != nil {
		return nil, err
	}
	usage, err := p.oneOf("DiskUsage", "", "SYSTEM_DISK", "DATA_DISK")
	if err != nil {
		return nil, err
	}
	families, _, err := p.strs("InstanceFamilies")
	if err != nil {
		return nil, err
	}
	types, _, err := p.strs("DiskTypes")
	if err != nil {
		return nil, err
	}
	zones, _, err := p.strs("Zones")
	if err != nil {
		return nil, err
	}
	for _, name := range []string{"CPU", "Memory"} {
		if _, _, err := p.integer(name); err != nil {
			return nil, err
		}
	}
	r, err := h.Svc.Region(compute.CloudTencent, c.region)
	if err != nil {
		return nil, err
	}
	cat := h.Svc.Catalog(compute.CloudTencent)
	if inquiry == "INQUIRY_CBS_CONFIG" {
		families = []string{""}
	} else if len(families) == 0 {
		for _, t := range cat.InstanceTypes {
			if !slices.Contains(families, t.Family) {
				families = append(families, t.Family)
			}
		}
	}
	charges := []string{chargePostPaid, diskChargePrepay}
	if charge != "" {
		charges = []string{charge}
	}
	usages := []string{"SYSTEM_DISK", "DATA_DISK"}
	if usage != "" {
		usages = []string{usage}
	}
	resp := describeDiskConfigQuotaResponse{DiskConfigSet: []diskConfig{}, RequestID: c.requestID}
	for _, z := range r.Zones {
		if len(zones) > 0 && !slices.Contains(zones, string(z.ID)) {
			continue
		}
		for _, family := range families {
			for _, dc := range cat.DiskCategories {
				if len(types) > 0 && !slices.Contains(types, dc.ID) {
					continue
				}
				for _, u := range usages {
					lo, hi := dc.MinGiB, dc.MaxGiB
					if u == "SYSTEM_DISK" {
						lo, hi = dc.SystemMinGiB, dc.SystemMaxGiB
					}
					if hi == 0 {
						continue
					}
					for _, ch := range charges {
						months := 0
						if ch == diskChargePrepay {
							months = 1
						}
						resp.DiskConfigSet = append(resp.DiskConfigSet, diskConfig{
							Available: true, DiskChargeType: ch, Zone: string(z.ID), InstanceFamily: family, DiskType: dc.ID,
							StepSize: 10, ExtraPerformanceRange: []int{}, DiskUsage: u, MinDiskSize: lo, MaxDiskSize: hi,
							Price: diskPrice(lo, months),
						})
					}
				}
			}
		}
	}
	return resp, nil
}

type describeSnapshotsResponse struct {
	TotalCount  int    `json:"TotalCount"`
	SnapshotSet []any  `json:"SnapshotSet"`
	RequestID   string `json:"RequestId"`
}

// describeSnapshots lists the caller's snapshots: ecsd keeps none, so the
// list is empty whatever it asks.
func (h *Handler) describeSnapshots(c *call) (any, error) {
	p := c.params
	if err := p.only("SnapshotIds", "Filters", "Offset", "Limit", "Order", "OrderField"); err != nil {
		return nil, err
	}
	if _, _, err := p.strs("SnapshotIds"); err != nil {
		return nil, err
	}
	if _, _, err := paging(p); err != nil {
		return nil, err
	}
	return describeSnapshotsResponse{SnapshotSet: []any{}, RequestID: c.requestID}, nil
}
