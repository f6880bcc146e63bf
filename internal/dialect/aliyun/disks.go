package aliyun

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// Disks (block storage) over compute.Disk. What ECS disks carry beyond the
// core's (the ESSD performance level, the auto snapshot settings, cloud_auto
// IOPS and bursting, the encryption algorithm) rides in Extra.

// Extra keys of disks.
const (
	extraPerformanceLevel   = "performance_level"
	extraProvisionedIops    = "provisioned_iops"
	extraBursting           = "bursting"             // "true" when enabled
	extraDeleteAutoSnapshot = "delete_auto_snapshot" // "true" when set
	extraAutoSnapshotOff    = "auto_snapshot_off"    // "true" when disabled
	extraEncryptAlgorithm   = "encrypt_algorithm"
)

// Disk categories, their limits as data and system disks (GiB), and the
// ESSD performance levels with the smallest size each needs.
const (
	categoryCloud       = "cloud"
	categoryEfficiency  = "cloud_efficiency"
	categorySSD         = "cloud_ssd"
	categoryESSD        = "cloud_essd"
	categoryAuto        = "cloud_auto"
	categoryESSDEntry   = "cloud_essd_entry"
	defaultESSDLevel    = "PL1"
	disksPageSizeMax    = 100
	disksTokenPageMax   = 500
	maxDiskIDs          = 100
	diskNameMax         = 128
	maxProvisionedIops  = 50000
	diskStatusAll       = "All"
	diskTypeAll         = "all"
	categoryAll         = "all"
	diskPortable        = "Disabled" // MultiAttach of every ecsd disk
	diskFilterTimeStart = "CreationStartTime"
	diskFilterTimeEnd   = "CreationEndTime"
)

// essdLevels are the smallest size (GiB) of an ESSD at each performance
// level.
var essdLevels = map[string]int{"PL0": 1, "PL1": 20, "PL2": 461, "PL3": 1261}

// diskStatusSpelling is how ECS spells each disk status.
var diskStatusSpelling = map[compute.DiskStatus]string{
	compute.DiskCreating:  "Creating",
	compute.DiskAvailable: "Available",
	compute.DiskAttaching: "Attaching",
	compute.DiskInUse:     "In_use",
	compute.DiskDetaching: "Detaching",
}

// diskStatusesKnown are the statuses DescribeDisks filters by: ecsd's and
// those of operations it does not model, which match no disk.
var diskStatusesKnown = []string{"In_use", "Available", "Attaching", "Detaching", "Creating", "ReIniting", "Transferring", diskStatusAll}

// diskCategoriesKnown are the categories DescribeDisks filters by, local
// disks and ephemeral ones included (ecsd has none of them).
var diskCategoriesKnown = []string{categoryAll, categoryCloud, categoryEfficiency, categorySSD, categoryESSD, categoryAuto,
	categoryESSDEntry, "local_ssd_pro", "local_hdd_pro", "ephemeral", "ephemeral_ssd", "cloud_regional_disk_auto", "elastic_ephemeral_disk_standard", "elastic_ephemeral_disk_premium"}

var (
	diskNameRule = nameRule{min: 2, max: diskNameMax, letterFirst: true, charset: ".:_-",
		err: &apiError{http.StatusBadRequest, "InvalidDiskName.Malformed", "The specified disk name is wrongly formed."}}
	diskDescRule = nameRule{min: 2, max: 256,
		err: &apiError{http.StatusBadRequest, "InvalidDescription.Malformed", "The specified description is wrongly formed."}}

	errDiskCategory      = &apiError{http.StatusBadRequest, "InvalidDiskCategory.ValueNotSupported", `The specified parameter "DiskCategory" is not valid.`}
	errDiskSize          = &apiError{http.StatusBadRequest, "InvalidSize.ValueNotSupported", "The specified parameter Size is not valid."}
	errPerformanceLevel  = &apiError{http.StatusBadRequest, "InvalidPerformanceLevel.Malformed", "The specified parameter PerformanceLevel is not valid."}
	errLevelSize         = &apiError{http.StatusForbidden, "OperationDenied.PerformanceLevelNotMatch", "The specified PerformanceLevel and disk size do not match."}
	errDiskIDs           = &apiError{http.StatusBadRequest, "InvalidParameter.DiskIds", "The specified parameter diskIds is not valid."}
	errTooManyDiskIDs    = &apiError{http.StatusForbidden, "InvalidDiskIds.Malformed", "The amount of specified disk Ids exceeds the limit."}
	errDiskType          = &apiError{http.StatusBadRequest, "InvalidDiskType.ValueNotSupported", "The specified disk type is not supported."}
	errDiskCategoryQuery = &apiError{http.StatusBadRequest, "InvalidCategory.ValueNotSupported", "The specified disk category is not supported."}
	errDiskStatus        = &apiError{http.StatusBadRequest, "InvalidStatus.ValueNotSupported", "The specified disk status is not supported."}
	errDiskChargeType    = &apiError{http.StatusNotFound, "InvalidDiskChargeType.NotFound", "The DiskChargeType does not exist in our records"}
	errLockReason        = &apiError{http.StatusNotFound, "InvalidLockReason.NotFound", "The specified LockReason is not found"}
	errSnapshot          = &apiError{http.StatusNotFound, "InvalidSnapshotId.NotFound", "The specified SnapshotId does not exist: ecsd does not model snapshots."}
	errDiskSizeTooSmall  = &apiError{http.StatusForbidden, "InvalidDiskSize.TooSmall", "Specified new disk size is less than the original disk size."}
	errDiskSizeSame      = &apiError{http.StatusForbidden, "InvalidDiskSize", "Specified new disk size is less than or equal the original disk size."}
	errDiskSizeTooLarge  = &apiError{http.StatusForbidden, "InvalidDiskSize.TooLarge", "Specified new disk size is beyond the permitted range."}
	errResizeType        = &apiError{http.StatusBadRequest, "InvalidParam.Type", "The specified type is not supported."}
	errOnlineNotRunning  = &apiError{http.StatusForbidden, "InvalidInstanceStatus.NotRunning", "The status of instance to which the disk attachs must be running when resizing online."}
	errNoAttribute       = &apiError{http.StatusBadRequest, "NoAttributeToModify", "No attribute to be modified in this request."}
	errDiskTypeOperation = &apiError{http.StatusForbidden, "OperationDenied", "The type of the disk does not support the operation."}
	errNotSameZone       = &apiError{http.StatusForbidden, "ResourcesNotInSameZone", "The specified instance and disk are not in the same zone."}
	errAutoOnly          = &apiError{http.StatusBadRequest, "InvalidParameter", "ProvisionedIops and BurstingEnabled apply to cloud_auto disks only."}
)

// --- wire types ---

type diskAttachment struct {
	InstanceID   string `json:"InstanceId" xml:"InstanceId"`
	Device       string `json:"Device" xml:"Device"`
	AttachedTime string `json:"AttachedTime" xml:"AttachedTime"`
	// The classic SDK's struct carries NVMe namespace fields, empty for
	// ecsd's disks, which are not NVMe shared ones.
	Nguid                    string `json:"Nguid" xml:"Nguid"`
	NsID                     int64  `json:"NsId" xml:"NsId"`
	TargetDevice             string `json:"TargetDevice" xml:"TargetDevice"`
	Identifier               string `json:"Identifier" xml:"Identifier"`
	AccessToken              string `json:"AccessToken" xml:"AccessToken"`
	DeviceIndex              int    `json:"DeviceIndex" xml:"DeviceIndex"`
	NetworkCardIndex         int    `json:"NetworkCardIndex" xml:"NetworkCardIndex"`
	TrunkNetworkInterfaceID  string `json:"TrunkNetworkInterfaceId" xml:"TrunkNetworkInterfaceId"`
	MemberNetworkInterfaceID struct {
		MemberNetworkInterfaceID []string `json:"MemberNetworkInterfaceId" xml:"MemberNetworkInterfaceId"`
	} `json:"MemberNetworkInterfaceIds" xml:"MemberNetworkInterfaceIds"`
}

type mountInstance struct {
	InstanceID   string `json:"InstanceId" xml:"InstanceId"`
	Device       string `json:"Device" xml:"Device"`
	AttachedTime string `json:"AttachedTime" xml:"AttachedTime"`
}

type operationLock struct {
	LockReason string `json:"LockReason" xml:"LockReason"`
}

type diskItem struct {
	DiskID                        string    `json:"DiskId" xml:"DiskId"`
	DiskName                      string    `json:"DiskName" xml:"DiskName"`
	Description                   string    `json:"Description" xml:"Description"`
	RegionID                      string    `json:"RegionId" xml:"RegionId"`
	ZoneID                        string    `json:"ZoneId" xml:"ZoneId"`
	Type                          string    `json:"Type" xml:"Type"`
	Category                      string    `json:"Category" xml:"Category"`
	Size                          int       `json:"Size" xml:"Size"`
	Status                        string    `json:"Status" xml:"Status"`
	InstanceID                    string    `json:"InstanceId" xml:"InstanceId"`
	Device                        string    `json:"Device" xml:"Device"`
	ImageID                       string    `json:"ImageId" xml:"ImageId"`
	SourceSnapshotID              string    `json:"SourceSnapshotId" xml:"SourceSnapshotId"`
	Portable                      bool      `json:"Portable" xml:"Portable"`
	DeleteWithInstance            bool      `json:"DeleteWithInstance" xml:"DeleteWithInstance"`
	DeleteAutoSnapshot            bool      `json:"DeleteAutoSnapshot" xml:"DeleteAutoSnapshot"`
	EnableAutoSnapshot            bool      `json:"EnableAutoSnapshot" xml:"EnableAutoSnapshot"`
	EnableAutomatedSnapshotPolicy bool      `json:"EnableAutomatedSnapshotPolicy" xml:"EnableAutomatedSnapshotPolicy"`
	AutoSnapshotPolicyID          string    `json:"AutoSnapshotPolicyId" xml:"AutoSnapshotPolicyId"`
	Encrypted                     bool      `json:"Encrypted" xml:"Encrypted"`
	KMSKeyID                      string    `json:"KMSKeyId" xml:"KMSKeyId"`
	DiskChargeType                string    `json:"DiskChargeType" xml:"DiskChargeType"`
	CreationTime                  string    `json:"CreationTime" xml:"CreationTime"`
	AttachedTime                  string    `json:"AttachedTime" xml:"AttachedTime"`
	DetachedTime                  string    `json:"DetachedTime" xml:"DetachedTime"`
	ExpiredTime                   string    `json:"ExpiredTime" xml:"ExpiredTime"`
	ResourceGroupID               string    `json:"ResourceGroupId" xml:"ResourceGroupId"`
	SerialNumber                  string    `json:"SerialNumber" xml:"SerialNumber"`
	PerformanceLevel              string    `json:"PerformanceLevel" xml:"PerformanceLevel"`
	IOPS                          int       `json:"IOPS" xml:"IOPS"`
	IOPSRead                      int       `json:"IOPSRead" xml:"IOPSRead"`
	IOPSWrite                     int       `json:"IOPSWrite" xml:"IOPSWrite"`
	Throughput                    int       `json:"Throughput" xml:"Throughput"`
	ThroughputRead                int       `json:"ThroughputRead" xml:"ThroughputRead"`
	ThroughputWrite               int       `json:"ThroughputWrite" xml:"ThroughputWrite"`
	ProvisionedIops               int64     `json:"ProvisionedIops" xml:"ProvisionedIops"`
	BurstingEnabled               bool      `json:"BurstingEnabled" xml:"BurstingEnabled"`
	MultiAttach                   string    `json:"MultiAttach" xml:"MultiAttach"`
	MountInstanceNum              int       `json:"MountInstanceNum" xml:"MountInstanceNum"`
	StorageSetID                  string    `json:"StorageSetId" xml:"StorageSetId"`
	StorageSetPartitionNumber     int       `json:"StorageSetPartitionNumber" xml:"StorageSetPartitionNumber"`
	StorageClusterID              string    `json:"StorageClusterId" xml:"StorageClusterId"`
	ProductCode                   string    `json:"ProductCode" xml:"ProductCode"`
	BdfID                         string    `json:"BdfId" xml:"BdfId"`
	Tags                          ecsTagSet `json:"Tags" xml:"Tags"`
	Placement                     struct {
		ZoneIDs string `json:"ZoneIds" xml:"ZoneIds"`
	} `json:"Placement" xml:"Placement"`
	Attachments struct {
		Attachment []diskAttachment `json:"Attachment" xml:"Attachment"`
	} `json:"Attachments" xml:"Attachments"`
	MountInstances struct {
		MountInstance []mountInstance `json:"MountInstance" xml:"MountInstance"`
	} `json:"MountInstances" xml:"MountInstances"`
	OperationLocks struct {
		OperationLock []operationLock `json:"OperationLock" xml:"OperationLock"`
	} `json:"OperationLocks" xml:"OperationLocks"`
}

type describeDisksResponse struct {
	RequestID  string `json:"RequestId" xml:"RequestId"`
	TotalCount int    `json:"TotalCount" xml:"TotalCount"`
	PageNumber int    `json:"PageNumber" xml:"PageNumber"`
	PageSize   int    `json:"PageSize" xml:"PageSize"`
	NextToken  string `json:"NextToken" xml:"NextToken"`
	Disks      struct {
		Disk []diskItem `json:"Disk" xml:"Disk"`
	} `json:"Disks" xml:"Disks"`
}

type createDiskResponse struct {
	RequestID string `json:"RequestId" xml:"RequestId"`
	DiskID    string `json:"DiskId" xml:"DiskId"`
	OrderID   string `json:"OrderId" xml:"OrderId"`
}

type resizeDiskResponse struct {
	RequestID string `json:"RequestId" xml:"RequestId"`
	OrderID   string `json:"OrderId" xml:"OrderId"`
}

type modifyDiskSpecResponse struct {
	RequestID string `json:"RequestId" xml:"RequestId"`
	OrderID   string `json:"OrderId" xml:"OrderId"`
	TaskID    string `json:"TaskId" xml:"TaskId"`
}

// --- performance, derived from the category, size and level ---

// diskPerformance is a disk's IOPS and throughput (MB/s) by Alibaba's
// published formulas for each category.
func diskPerformance(d compute.Disk) (iops, throughput int) {
	size := d.SizeGiB
	capped := func(base, per float64, cap int) int { return min(int(base+per*float64(size)), cap) }
	switch d.Category {
	case categoryCloud:
		return 300, 30
	case categoryEfficiency:
		return capped(1800, 8, 5000), capped(100, 0.15, 140)
	case categorySSD:
		return capped(1800, 30, 25000), capped(120, 0.5, 300)
	case categoryESSDEntry:
		return capped(1800, 8, 6000), capped(100, 0.5, 150)
	case categoryAuto:
		p, _ := strconv.Atoi(d.Extra[extraProvisionedIops])
		return capped(1800, 50, 50000) + p, capped(120, 0.5, 600)
	case categoryESSD:
		switch performanceLevel(d) {
		case "PL0":
			return capped(1800, 12, 10000), capped(100, 0.25, 180)
		case "PL2":
			return capped(1800, 50, 100000), capped(120, 0.5, 750)
		case "PL3":
			return capped(1800, 50, 1000000), capped(120, 0.5, 4000)
		}
		return capped(1800, 50, 50000), capped(120, 0.5, 350)
	}
	return 0, 0
}

func performanceLevel(d compute.Disk) string {
	if d.Category != categoryESSD {
		return ""
	}
	if l := d.Extra[extraPerformanceLevel]; l != "" {
		return l
	}
	return defaultESSDLevel
}

func wireDisk(d compute.Disk) diskItem {
	iops, throughput := diskPerformance(d)
	w := diskItem{
		DiskID: string(d.ID), DiskName: d.Name, Description: d.Description, RegionID: string(d.Region), ZoneID: string(d.Zone),
		Type: "data", Category: d.Category, Size: d.SizeGiB, Status: diskStatusSpelling[d.Status],
		InstanceID: string(d.Instance), Device: d.Device, ImageID: d.ImageID, SourceSnapshotID: d.SnapshotID,
		Portable: !d.System, DeleteWithInstance: d.DeleteWithInstance, DeleteAutoSnapshot: d.Extra[extraDeleteAutoSnapshot] == "true",
		EnableAutoSnapshot: d.Extra[extraAutoSnapshotOff] != "true", Encrypted: d.Encrypted, KMSKeyID: d.KMSKeyID,
		DiskChargeType: chargeTypeSpelling[d.ChargeType], CreationTime: resourceTime(d.CreatedAt),
		AttachedTime: resourceTime(d.AttachedAt), DetachedTime: resourceTime(d.DetachedAt), ExpiredTime: postPaidExpiredTime,
		ResourceGroupID: d.ResourceGroup, SerialNumber: strings.TrimPrefix(string(d.ID), "d-"), PerformanceLevel: performanceLevel(d),
		IOPS: iops, IOPSRead: iops, IOPSWrite: iops, Throughput: throughput, ThroughputRead: throughput, ThroughputWrite: throughput,
		BurstingEnabled: d.Extra[extraBursting] == "true", MultiAttach: diskPortable, Tags: ecsTags(d.Tags),
	}
	if d.System {
		w.Type = "system"
	}
	if d.ChargeType == compute.PrePaid {
		w.ExpiredTime = farFutureExpiredTime
	}
	w.ProvisionedIops, _ = strconv.ParseInt(d.Extra[extraProvisionedIops], 10, 64)
	w.Placement.ZoneIDs = string(d.Zone)
	w.Attachments.Attachment = []diskAttachment{}
	if d.Instance != "" {
		a := diskAttachment{InstanceID: string(d.Instance), Device: d.Device, AttachedTime: resourceTime(d.AttachedAt)}
		a.MemberNetworkInterfaceID.MemberNetworkInterfaceID = []string{}
		w.Attachments.Attachment = append(w.Attachments.Attachment, a)
	}
	w.MountInstances.MountInstance = []mountInstance{}
	w.OperationLocks.OperationLock = []operationLock{}
	return w
}

// --- reads ---

// disk loads one disk of the caller by the given parameter, in the
// request's region when it names one.
func (h *Handler) disk(c *call, param string) (compute.Disk, error) {
	id, err := c.params.required(param)
	if err != nil {
		return compute.Disk{}, err
	}
	region, err := h.optionalRegion(c)
	if err != nil {
		return compute.Disk{}, err
	}
	found, err := h.Svc.Disks(c.ctx(), c.owner, compute.Filter{Region: region, IDs: []string{id}})
	if err != nil {
		return compute.Disk{}, err
	}
	if len(found) == 0 {
		return compute.Disk{}, &compute.Error{Code: compute.NotFound, Param: string(compute.KindDisk), Value: id}
	}
	return found[0], nil
}

// diskQuery is what DescribeDisks filters by beyond what the store does.
type diskQuery struct {
	zone                                    compute.ZoneID
	diskType, category, status, name, group string
	chargeType, kmsKeyID                    string
	none                                    bool // a filter no ecsd disk can meet
	portable, deleteWithInstance, encrypted *bool
	enableAutoSnapshot, deleteAutoSnapshot  *bool
	from, to                                time.Time
}

func (q diskQuery) keeps(d compute.Disk) bool {
	boolOK := func(want *bool, got bool) bool { return want == nil || *want == got }
	w := wireDisk(d)
	return !q.none && (q.zone == "" || d.Zone == q.zone) &&
		(q.diskType == diskTypeAll || q.diskType == w.Type) &&
		(q.category == categoryAll || q.category == d.Category) &&
		(q.status == diskStatusAll || q.status == w.Status) &&
		(q.name == "" || d.Name == q.name) && (q.group == "" || d.ResourceGroup == q.group) &&
		(q.chargeType == "" || q.chargeType == w.DiskChargeType) && (q.kmsKeyID == "" || q.kmsKeyID == d.KMSKeyID) &&
		boolOK(q.portable, w.Portable) && boolOK(q.deleteWithInstance, d.DeleteWithInstance) &&
		boolOK(q.encrypted, d.Encrypted) && boolOK(q.enableAutoSnapshot, w.EnableAutoSnapshot) &&
		boolOK(q.deleteAutoSnapshot, w.DeleteAutoSnapshot) &&
		(q.from.IsZero() || !d.CreatedAt.Before(q.from)) && (q.to.IsZero() || !d.CreatedAt.After(q.to))
}

// readDiskQuery reads DescribeDisks' filters.
func (h *Handler) readDiskQuery(c *call, region compute.Region) (diskQuery, error) {
	var q diskQuery
	var err error
	if q.zone, err = h.zone(c, region); err != nil {
		return q, err
	}
	if q.diskType, err = c.params.oneOf("DiskType", diskTypeAll, diskTypeAll, "system", "data"); err != nil {
		return q, errDiskType
	}
	if q.category = c.params.get("Category"); q.category == "" {
		q.category = categoryAll
	} else if !slices.Contains(diskCategoriesKnown, q.category) {
		return q, errDiskCategoryQuery
	}
	if q.status = c.params.get("Status"); q.status == "" {
		q.status = diskStatusAll
	} else if !slices.Contains(diskStatusesKnown, q.status) {
		return q, errDiskStatus
	}
	if q.chargeType, err = c.params.oneOf("DiskChargeType", "", chargePrePaid, chargePostPaid); err != nil {
		return q, errDiskChargeType
	}
	// Locks, snapshots, snapshot policies and shared disks: ecsd has none,
	// so asking for them finds nothing.
	if lock := c.params.get("LockReason"); lock != "" {
		if !slices.Contains([]string{"financial", "security", "recycling", "dedicatedhostfinancial"}, lock) {
			return q, errLockReason
		}
		q.none = true
	}
	if c.params.get("SnapshotId") != "" || c.params.get("AutoSnapshotPolicyId") != "" {
		q.none = true
	}
	for _, flag := range []string{"EnableShared", "EnableAutomatedSnapshotPolicy"} {
		v, err := optionalBool(c, flag)
		if err != nil {
			return q, err
		}
		if v != nil && *v {
			q.none = true
		}
	}
	if m, err := c.params.oneOf("MultiAttach", "", "Enabled", "Disabled"); err != nil {
		return q, err
	} else if m == "Enabled" {
		q.none = true
	}
	for param, dst := range map[string]**bool{"Portable": &q.portable, "DeleteWithInstance": &q.deleteWithInstance,
		"Encrypted": &q.encrypted, "EnableAutoSnapshot": &q.enableAutoSnapshot, "DeleteAutoSnapshot": &q.deleteAutoSnapshot} {
		if *dst, err = optionalBool(c, param); err != nil {
			return q, err
		}
	}
	q.name, q.group, q.kmsKeyID = c.params.get("DiskName"), c.params.get("ResourceGroupId"), c.params.get("KMSKeyId")
	filters, err := c.params.structs("Filter", 2)
	if err != nil {
		return q, err
	}
	for _, f := range filters {
		t, err := time.Parse(creationTimeLayout, f.get("Value"))
		if err != nil {
			return q, invalidParameter("Filter.N.Value")
		}
		switch f.get("Key") {
		case diskFilterTimeStart:
			q.from = t
		case diskFilterTimeEnd:
			q.to = t
		default:
			return q, invalidParameter("Filter.N.Key")
		}
	}
	if extra, err := c.params.repeated("AdditionalAttributes", invalidParameter("AdditionalAttributes")); err != nil {
		return q, err
	} else {
		for _, a := range extra {
			// IOPS and the rest are in every answer already.
			if a != "IOPS" && a != "Performance" && a != "Placement" {
				return q, invalidParameter("AdditionalAttributes")
			}
		}
	}
	return q, nil
}

func (h *Handler) describeDisks(c *call) (any, error) {
	region, err := h.region(c)
	if err != nil {
		return nil, err
	}
	pg, err := pageParams(c, defaultPageSize, disksPageSizeMax)
	if err != nil {
		return nil, err
	}
	offset, limit, byToken, err := tokenPage(c, defaultPageSize, disksTokenPageMax)
	if err != nil {
		return nil, err
	}
	q, err := h.readDiskQuery(c, region)
	if err != nil {
		return nil, err
	}
	dry, err := dryRun(c)
	if err != nil {
		return nil, err
	}
	f := compute.Filter{Region: region.ID}
	if s := c.params.get("DiskIds"); s != "" {
		ids, err := c.params.jsonList("DiskIds")
		if err != nil {
			return nil, errDiskIDs
		}
		if len(ids) > maxDiskIDs {
			return nil, errTooManyDiskIDs
		}
		if len(ids) == 0 {
			q.none = true
		}
		f.IDs = ids
	}
	if f.Links, err = tagLinkFilters(c.params); err != nil {
		return nil, err
	}
	if inst := c.params.get("InstanceId"); inst != "" {
		f.Links = append(f.Links, compute.LinkFilter{Attr: compute.LinkInstance, Values: []string{inst}})
	}
	if dry {
		return nil, &compute.Error{Code: compute.DryRunPassed}
	}
	disks, err := h.Svc.Disks(c.ctx(), c.owner, f)
	if err != nil {
		return nil, err
	}
	disks = slices.DeleteFunc(disks, func(d compute.Disk) bool { return !q.keeps(d) })
	resp := describeDisksResponse{RequestID: c.requestID, TotalCount: len(disks), PageNumber: pg.number, PageSize: pg.size}
	shown := pageOf(disks, pg)
	if byToken {
		shown = kit.Page(disks, offset, limit)
		resp.PageNumber, resp.PageSize = 0, limit
		resp.NextToken = followingToken(offset, len(shown), len(disks))
	}
	resp.Disks.Disk = make([]diskItem, len(shown))
	for i, d := range shown {
		resp.Disks.Disk[i] = wireDisk(d)
	}
	return resp, nil
}

// --- writes ---

// readPerformance reads PerformanceLevel, ProvisionedIops and
// BurstingEnabled for a disk of category and size into extra.
func readPerformance(c *call, category string, size int, extra map[string]string) error {
	if level := c.params.get("PerformanceLevel"); level != "" {
		least, ok := essdLevels[level]
		if !ok || category != categoryESSD {
			return errPerformanceLevel
		}
		if size < least {
			return errLevelSize
		}
		extra[extraPerformanceLevel] = level
	} else if category == categoryESSD && size < essdLevels[defaultESSDLevel] && extra[extraPerformanceLevel] == "" {
		return errLevelSize
	}
	if s := c.params.get("ProvisionedIops"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > maxProvisionedIops {
			return invalidParameter("ProvisionedIops")
		}
		if category != categoryAuto {
			return errAutoOnly
		}
		extra[extraProvisionedIops] = strconv.Itoa(n)
	}
	bursting, err := optionalBool(c, "BurstingEnabled")
	if err != nil {
		return err
	}
	if bursting != nil {
		if *bursting && category != categoryAuto {
			return errAutoOnly
		}
		if *bursting {
			extra[extraBursting] = "true"
		} else {
			delete(extra, extraBursting)
		}
	}
	return nil
}

func (h *Handler) checkDiskSize(category string, size int) error {
	cat, ok := h.Svc.Catalog(compute.CloudAliyun).DiskCategory(category)
	if !ok {
		return errDiskCategory
	}
	if size < cat.MinGiB || size > cat.MaxGiB {
		return errDiskSize
	}
	return nil
}

func (h *Handler) createDisk(c *call) (any, error) {
	region, err := h.region(c)
	if err != nil {
		return nil, err
	}
	// A disk made for an instance (InstanceId), from a snapshot, in a
	// storage set or a dedicated cluster, shared by several instances, or
	// with system tags or role ARNs: ecsd does not model those.
	if err := refuseSet(c, "InstanceId", "StorageSetId", "StorageSetPartitionNumber", "StorageClusterId", "AdvancedFeatures"); err != nil {
		return nil, err
	}
	for _, list := range []string{"Arn", "SystemTag"} {
		if entries, err := c.params.structs(list, 1000); err != nil || len(entries) > 0 {
			return nil, unsupportedParameter(list + ".N")
		}
	}
	if c.params.get("SnapshotId") != "" {
		return nil, errSnapshot
	}
	if m, err := c.params.oneOf("MultiAttach", diskPortable, "Enabled", diskPortable); err != nil || m == "Enabled" {
		return nil, unsupportedParameter("MultiAttach")
	}
	zoneID, err := c.params.required("ZoneId")
	if err != nil {
		return nil, err
	}
	zone, err := h.Svc.ZoneIn(compute.CloudAliyun, region.ID, compute.ZoneID(zoneID))
	if err != nil {
		return nil, err
	}
	category := c.params.get("DiskCategory")
	if category == "" {
		category = categoryCloud
	}
	sizeText, err := c.params.required("Size")
	if err != nil {
		return nil, missingParameter("Size")
	}
	size, err := strconv.Atoi(sizeText)
	if err != nil {
		return nil, errDiskSize
	}
	if err := h.checkDiskSize(category, size); err != nil {
		return nil, err
	}
	name, _, err := optionalName(c, "DiskName", diskNameRule)
	if err != nil {
		return nil, err
	}
	desc, _, err := optionalName(c, "Description", diskDescRule)
	if err != nil {
		return nil, err
	}
	group, err := resourceGroup(c, "ResourceGroupId")
	if err != nil {
		return nil, err
	}
	ts, err := tags(c.params)
	if err != nil {
		return nil, err
	}
	token, err := clientToken(c)
	if err != nil {
		return nil, err
	}
	encrypted, err := c.params.boolean("Encrypted")
	if err != nil {
		return nil, err
	}
	kms := c.params.get("KMSKeyId")
	if kms != "" && !encrypted {
		return nil, &apiError{http.StatusBadRequest, "InvalidParameter.EncryptedIllegal", "The specified parameter Encrypted must be true when kmsKeyId is not empty."}
	}
	extra := map[string]string{}
	if alg, err := c.params.oneOf("EncryptAlgorithm", "", "aes-256", "sm4-128"); err != nil {
		return nil, err
	} else if alg != "" {
		if !encrypted {
			return nil, invalidParameter("EncryptAlgorithm")
		}
		extra[extraEncryptAlgorithm] = alg
	}
	if err := readPerformance(c, category, size, extra); err != nil {
		return nil, err
	}
	if token != "" {
		existing, err := h.Svc.Disks(c.ctx(), c.owner, compute.Filter{Region: region.ID})
		if err != nil {
			return nil, err
		}
		for _, d := range existing {
			if d.Extra[extraClientToken] == token {
				return createDiskResponse{RequestID: c.requestID, DiskID: string(d.ID)}, nil
			}
		}
	}
	disks, err := h.Svc.CreateDisks(c.ctx(), compute.CreateDisksSpec{
		Owner: c.owner, Zone: zone.ID, Count: 1, ChargeType: compute.PostPaid,
		Disk: compute.DiskSpec{Category: category, SizeGiB: size, Name: name, Description: desc, ResourceGroup: group,
			Encrypted: encrypted, KMSKeyID: kms, Tags: ts, Extra: withToken(extra, token)},
	})
	if err != nil {
		return nil, err
	}
	return createDiskResponse{RequestID: c.requestID, DiskID: string(disks[0].ID)}, nil
}

func (h *Handler) attachDisk(c *call) (any, error) {
	d, err := h.disk(c, "DiskId")
	if err != nil {
		return nil, err
	}
	instance, err := c.params.required("InstanceId")
	if err != nil {
		return nil, err
	}
	// Attaching a disk as the system disk (Bootable, with its Password or
	// KeyPairName), on a chosen device, or by force: ecsd does not model
	// those; it names the device itself.
	if err := refuseTrue(c, "Bootable", "Force", "AdditionalInfo.EnableSRIOV", "AdditionalInfo.SafeMode"); err != nil {
		return nil, err
	}
	if err := refuseSet(c, "Password", "KeyPairName", "Device", "AdditionalInfo.TargetDevice", "AdditionalInfo.Identifier"); err != nil {
		return nil, err
	}
	deleteWith, err := optionalBool(c, "DeleteWithInstance")
	if err != nil {
		return nil, err
	}
	if _, err := h.Svc.AttachDisk(c.ctx(), c.owner, d.ID, compute.InstanceID(instance), deleteWith); err != nil {
		if e, ok := compute.AsError(err); ok && e.Code == compute.InvalidArgument && e.Param == "zone" {
			return nil, errNotSameZone
		}
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

func (h *Handler) detachDisk(c *call) (any, error) {
	d, err := h.disk(c, "DiskId")
	if err != nil {
		return nil, err
	}
	instance, err := c.params.required("InstanceId")
	if err != nil {
		return nil, err
	}
	deleteWith, err := optionalBool(c, "DeleteWithInstance")
	if err != nil {
		return nil, err
	}
	if _, err := h.Svc.DetachDisk(c.ctx(), c.owner, d.ID, compute.InstanceID(instance)); err != nil {
		return nil, err
	}
	if deleteWith != nil {
		if _, err := h.Svc.ModifyDisk(c.ctx(), c.owner, d.ID, func(m *compute.Disk) error {
			m.DeleteWithInstance = *deleteWith
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

func (h *Handler) deleteDisk(c *call) (any, error) {
	d, err := h.disk(c, "DiskId")
	if err != nil {
		return nil, err
	}
	if err := h.Svc.DeleteDisk(c.ctx(), c.owner, d.ID, false); err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// resizeDisk grows a disk: offline (the default) whatever it is attached
// to, online only while its instance runs.
func (h *Handler) resizeDisk(c *call) (any, error) {
	d, err := h.disk(c, "DiskId")
	if err != nil {
		return nil, err
	}
	if _, err := clientToken(c); err != nil {
		return nil, err
	}
	sizeText, err := c.params.required("NewSize")
	if err != nil {
		return nil, err
	}
	size, err := strconv.Atoi(sizeText)
	if err != nil {
		return nil, invalidParameter("NewSize")
	}
	typ := strings.ToLower(c.params.get("Type"))
	switch typ {
	case "", "offline":
	case "online":
		if d.Instance == "" {
			return nil, errOnlineNotRunning
		}
		page, err := h.Svc.List(c.ctx(), compute.Query{Owner: c.owner, IDs: []compute.InstanceID{d.Instance}, Limit: 1, Brief: true})
		if err != nil {
			return nil, err
		}
		if len(page.Instances) == 0 || page.Instances[0].Status != compute.StatusRunning {
			return nil, errOnlineNotRunning
		}
	default:
		return nil, errResizeType
	}
	switch {
	case size < d.SizeGiB:
		return nil, errDiskSizeTooSmall
	case size == d.SizeGiB:
		return nil, errDiskSizeSame
	}
	cat, _ := h.Svc.Catalog(compute.CloudAliyun).DiskCategory(d.Category)
	limit := cat.MaxGiB
	if d.System {
		limit = cat.SystemMaxGiB
	}
	if size > limit {
		return nil, errDiskSizeTooLarge
	}
	if _, err := h.Svc.ResizeDisk(c.ctx(), c.owner, d.ID, size); err != nil {
		return nil, err
	}
	return resizeDiskResponse{RequestID: c.requestID}, nil
}

// modifyDiskAttribute changes the name, description and settings of one
// disk (DiskId) or of several (DiskIds.N, which may change only the
// settings, not a name or description).
func (h *Handler) modifyDiskAttribute(c *call) (any, error) {
	region, err := h.optionalRegion(c)
	if err != nil {
		return nil, err
	}
	ids, err := c.params.repeated("DiskIds", errTooManyDiskIDs)
	if err != nil {
		return nil, err
	}
	if id := c.params.get("DiskId"); id != "" {
		if len(ids) > 0 {
			return nil, invalidParameter("DiskIds")
		}
		ids = []string{id}
	}
	if len(ids) == 0 {
		return nil, missingParameter("DiskId")
	}
	name, nameSet, err := optionalName(c, "DiskName", diskNameRule)
	if err != nil {
		return nil, err
	}
	desc, descSet, err := optionalName(c, "Description", diskDescRule)
	if err != nil {
		return nil, err
	}
	if len(ids) > 1 && (nameSet || descSet) {
		return nil, invalidParameter("DiskIds")
	}
	flags := map[string]*bool{}
	for _, p := range []string{"DeleteWithInstance", "DeleteAutoSnapshot", "EnableAutoSnapshot", "BurstingEnabled"} {
		if flags[p], err = optionalBool(c, p); err != nil {
			return nil, err
		}
	}
	if !nameSet && !descSet && flags["DeleteWithInstance"] == nil && flags["DeleteAutoSnapshot"] == nil &&
		flags["EnableAutoSnapshot"] == nil && flags["BurstingEnabled"] == nil {
		return nil, errNoAttribute
	}
	disks, err := h.Svc.Disks(c.ctx(), c.owner, compute.Filter{Region: region, IDs: ids})
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if !slices.ContainsFunc(disks, func(d compute.Disk) bool { return string(d.ID) == id }) {
			return nil, &compute.Error{Code: compute.NotFound, Param: string(compute.KindDisk), Value: id}
		}
	}
	for _, d := range disks {
		if b := flags["BurstingEnabled"]; b != nil && *b && d.Category != categoryAuto {
			return nil, errAutoOnly
		}
		if b := flags["DeleteWithInstance"]; b != nil && !*b && d.System {
			// A system disk goes with its instance.
			return nil, errDiskTypeOperation
		}
	}
	for _, d := range disks {
		_, err := h.Svc.ModifyDisk(c.ctx(), c.owner, d.ID, func(m *compute.Disk) error {
			if nameSet {
				m.Name = name
			}
			if descSet {
				m.Description = desc
			}
			m.Extra = cloneExtra(m.Extra)
			setFlag := func(param, key string, stored bool) {
				if v := flags[param]; v != nil {
					if *v == stored {
						m.Extra[key] = "true"
					} else {
						delete(m.Extra, key)
					}
				}
			}
			setFlag("DeleteAutoSnapshot", extraDeleteAutoSnapshot, true)
			setFlag("EnableAutoSnapshot", extraAutoSnapshotOff, false)
			setFlag("BurstingEnabled", extraBursting, true)
			if v := flags["DeleteWithInstance"]; v != nil {
				m.DeleteWithInstance = *v
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// modifyDiskSpec changes an ESSD's performance level or a cloud_auto
// disk's provisioned IOPS. A disk keeps its category: ecsd does not
// convert one kind of disk into another.
func (h *Handler) modifyDiskSpec(c *call) (any, error) {
	d, err := h.disk(c, "DiskId")
	if err != nil {
		return nil, err
	}
	if err := refuseSet(c, "DestinationZoneId", "PerformanceControlOptions.IOPS", "PerformanceControlOptions.Throughput", "PerformanceControlOptions.Recover"); err != nil {
		return nil, err
	}
	dry, err := dryRun(c)
	if err != nil {
		return nil, err
	}
	if cat := c.params.get("DiskCategory"); cat != "" && cat != d.Category {
		if _, ok := h.Svc.Catalog(compute.CloudAliyun).DiskCategory(cat); !ok {
			return nil, errDiskCategory
		}
		return nil, unsupportedParameter("DiskCategory")
	}
	if d.Status != compute.DiskAvailable && d.Status != compute.DiskInUse {
		return nil, &compute.Error{Code: compute.IncorrectState, Param: string(compute.KindDisk), Value: string(d.ID), State: string(d.Status)}
	}
	extra := cloneExtra(d.Extra)
	if err := readPerformance(c, d.Category, d.SizeGiB, extra); err != nil {
		return nil, err
	}
	if dry {
		return nil, &compute.Error{Code: compute.DryRunPassed}
	}
	if _, err := h.Svc.ModifyDisk(c.ctx(), c.owner, d.ID, func(m *compute.Disk) error { m.Extra = extra; return nil }); err != nil {
		return nil, err
	}
	return modifyDiskSpecResponse{RequestID: c.requestID}, nil
}
