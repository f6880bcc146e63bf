package tencent

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// What CVM keeps of an instance beyond the core's model, in its Extra.
const (
	extraProjectID        = "project_id"
	extraChargeType       = "charge_type" // SPOTPAID, when not the core's two
	extraPeriod           = "prepaid_period"
	extraRenewFlag        = "renew_flag"
	extraInternetCharge   = "internet_charge_type"
	extraPublicIPAssigned = "public_ip_assigned" // "false" hides the public address
	extraISP              = "internet_service_provider"
	extraKeepImageLogin   = "keep_image_login"
	extraSecurityService  = "security_service"
	extraMonitorService   = "monitor_service"
	extraAutomation       = "automation_service"
	extraCamRole          = "cam_role_name"
	extraMetadata         = "metadata" // JSON of [{Key, Value}]
	extraCoreCount        = "core_count"
	extraThreadPerCore    = "thread_per_core"
	extraStoppedMode      = "stopped_mode"
	extraSpotMaxPrice     = "spot_max_price"
	// The latest operation on the instance: the action, and the request
	// that made it. Its state is derived: OPERATING while the instance is
	// in transition, FAILED for a launch that failed, SUCCESS otherwise.
	extraLatestOperation = "latest_operation"
	extraLatestRequestID = "latest_operation_request_id"
)

// Latest operation states (the provider's extension_cvm.go).
const (
	operationOperating = "OPERATING"
	operationSuccess   = "SUCCESS"
	operationFailed    = "FAILED"
)

// Internet charge types CVM accepts; the default bills public traffic by
// the hour.
const (
	trafficPostpaid   = "TRAFFIC_POSTPAID_BY_HOUR"
	bandwidthPostpaid = "BANDWIDTH_POSTPAID_BY_HOUR"
	bandwidthPrepaid  = "BANDWIDTH_PREPAID"
	bandwidthPackage  = "BANDWIDTH_PACKAGE"
)

var internetChargeTypes = []string{trafficPostpaid, bandwidthPostpaid, bandwidthPrepaid, bandwidthPackage}

// Renew flags of prepaid resources.
var renewFlags = []string{"NOTIFY_AND_AUTO_RENEW", "NOTIFY_AND_MANUAL_RENEW", "DISABLE_NOTIFY_AND_MANUAL_RENEW"}

const defaultRenewFlag = "NOTIFY_AND_MANUAL_RENEW"

// The Instance model of the CVM SDK, field for field, in its order, with
// PhysicalPosition, which Tencent's documented example shows too.
type placement struct {
	Zone                         string   `json:"Zone"`
	ProjectID                    int64    `json:"ProjectId"`
	HostIDs                      []string `json:"HostIds"`
	HostID                       string   `json:"HostId"`
	DedicatedResourcePackTenancy string   `json:"DedicatedResourcePackTenancy"`
	DedicatedResourcePackIDs     []string `json:"DedicatedResourcePackIds"`
	RackID                       string   `json:"RackId"`
}

type systemDisk struct {
	DiskType string `json:"DiskType"`
	DiskID   string `json:"DiskId"`
	DiskSize int    `json:"DiskSize"`
	CdcID    string `json:"CdcId"`
	DiskName string `json:"DiskName"`
	Encrypt  bool   `json:"Encrypt"`
	KmsKeyID string `json:"KmsKeyId"`
}

type dataDisk struct {
	DiskSize              int    `json:"DiskSize"`
	DiskType              string `json:"DiskType"`
	DiskID                string `json:"DiskId"`
	DeleteWithInstance    bool   `json:"DeleteWithInstance"`
	SnapshotID            string `json:"SnapshotId"`
	Encrypt               bool   `json:"Encrypt"`
	KmsKeyID              string `json:"KmsKeyId"`
	ThroughputPerformance int    `json:"ThroughputPerformance"`
	CdcID                 string `json:"CdcId"`
	BurstPerformance      bool   `json:"BurstPerformance"`
	DiskName              string `json:"DiskName"`
}

type internetAccessible struct {
	InternetChargeType      string `json:"InternetChargeType"`
	InternetMaxBandwidthOut int    `json:"InternetMaxBandwidthOut"`
	PublicIPAssigned        bool   `json:"PublicIpAssigned"`
	BandwidthPackageID      string `json:"BandwidthPackageId"`
	InternetServiceProvider string `json:"InternetServiceProvider"`
	IPv4AddressType         string `json:"IPv4AddressType"`
	IPv6AddressType         string `json:"IPv6AddressType"`
	AntiDDoSPackageID       string `json:"AntiDDoSPackageId"`
}

type virtualPrivateCloud struct {
	VpcID              string   `json:"VpcId"`
	SubnetID           string   `json:"SubnetId"`
	AsVpcGateway       bool     `json:"AsVpcGateway"`
	PrivateIPAddresses []string `json:"PrivateIpAddresses"`
	Ipv6AddressCount   int      `json:"Ipv6AddressCount"`
}

// loginSettings leaves the password out: CVM never shows it.
type loginSettings struct {
	KeyIDs         []string `json:"KeyIds"`
	KeepImageLogin string   `json:"KeepImageLogin"`
}

type gpuInfo struct {
	GPUCount float64  `json:"GPUCount"`
	GPUID    []string `json:"GPUId"`
	GPUType  string   `json:"GPUType"`
}

type metadataItem struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

type metadata struct {
	Items []metadataItem `json:"Items"`
}

type cpuTopology struct {
	CoreCount     int `json:"CoreCount"`
	ThreadPerCore int `json:"ThreadPerCore"`
}

type physicalPosition struct {
	PosID    string `json:"PosId"`
	SwitchID string `json:"SwitchId"`
	RackID   string `json:"RackId"`
}

type tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

type instance struct {
	Placement                placement           `json:"Placement"`
	InstanceID               string              `json:"InstanceId"`
	InstanceType             string              `json:"InstanceType"`
	CPU                      int                 `json:"CPU"`
	Memory                   int                 `json:"Memory"`
	RestrictState            string              `json:"RestrictState"`
	InstanceName             string              `json:"InstanceName"`
	InstanceChargeType       string              `json:"InstanceChargeType"`
	SystemDisk               systemDisk          `json:"SystemDisk"`
	DataDisks                []dataDisk          `json:"DataDisks"`
	PrivateIPAddresses       []string            `json:"PrivateIpAddresses"`
	PublicIPAddresses        []string            `json:"PublicIpAddresses"`
	InternetAccessible       internetAccessible  `json:"InternetAccessible"`
	VirtualPrivateCloud      virtualPrivateCloud `json:"VirtualPrivateCloud"`
	ImageID                  string              `json:"ImageId"`
	RenewFlag                string              `json:"RenewFlag"`
	CreatedTime              string              `json:"CreatedTime"`
	ExpiredTime              *string             `json:"ExpiredTime"` // null for instances billed by the hour
	OsName                   string              `json:"OsName"`
	SecurityGroupIDs         []string            `json:"SecurityGroupIds"`
	LoginSettings            loginSettings       `json:"LoginSettings"`
	InstanceState            string              `json:"InstanceState"`
	Tags                     []tag               `json:"Tags"`
	StopChargingMode         string              `json:"StopChargingMode"`
	UUID                     string              `json:"Uuid"`
	LatestOperation          string              `json:"LatestOperation"`
	LatestOperationState     string              `json:"LatestOperationState"`
	LatestOperationRequestID string              `json:"LatestOperationRequestId"`
	DisasterRecoverGroupID   string              `json:"DisasterRecoverGroupId"`
	IPv6Addresses            []string            `json:"IPv6Addresses"`
	CamRoleName              string              `json:"CamRoleName"`
	HpcClusterID             string              `json:"HpcClusterId"`
	RdmaIPAddresses          []string            `json:"RdmaIpAddresses"`
	DedicatedClusterID       string              `json:"DedicatedClusterId"`
	IsolatedSource           string              `json:"IsolatedSource"`
	DisasterRecoverGroupIDs  []string            `json:"DisasterRecoverGroupIds"`
	GPUInfo                  gpuInfo             `json:"GPUInfo"`
	LicenseType              string              `json:"LicenseType"`
	DisableAPITermination    bool                `json:"DisableApiTermination"`
	DefaultLoginUser         string              `json:"DefaultLoginUser"`
	DefaultLoginPort         int                 `json:"DefaultLoginPort"`
	LatestOperationErrorMsg  string              `json:"LatestOperationErrorMsg"`
	Metadata                 metadata            `json:"Metadata"`
	PublicIPv6Addresses      []string            `json:"PublicIPv6Addresses"`
	CpuTopology              cpuTopology         `json:"CpuTopology"`
	PartitionNumber          int                 `json:"PartitionNumber"`
	PhysicalPosition         physicalPosition    `json:"PhysicalPosition"`
}

// wireTags spells a resource's tags.
func wireTags(tags []compute.Tag) []tag {
	out := make([]tag, len(tags))
	for i, t := range tags {
		out[i] = tag{t.Key, t.Value}
	}
	return out
}

// chargeTypeOf is how CVM spells an instance's charge type.
func chargeTypeOf(inst compute.Instance) string {
	if c := inst.Extra[extraChargeType]; c != "" {
		return c
	}
	return chargeTypeSpelling[inst.ChargeType]
}

// projectOf is a resource's project; 0, the default project, when none was
// given.
func projectOf(m compute.Meta) int64 {
	n, _ := strconv.ParseInt(m.Extra[extraProjectID], 10, 64)
	return n
}

// expiry is when a prepaid resource created at created for period months
// expires.
func expiry(created time.Time, period string) string {
	months, err := strconv.Atoi(period)
	if err != nil || months < 1 {
		months = 1
	}
	return created.UTC().AddDate(0, months, 0).Format(createdTimeLayout)
}

// publicIPShown reports whether the instance shows its public address: it
// has one while it has bandwidth, unless it was launched without one.
func publicIPShown(inst compute.Instance) bool {
	return inst.PublicIP.IsValid() && inst.Extra[extraPublicIPAssigned] != "false"
}

// latestOperationState derives the state of an instance's latest
// operation from its status.
func latestOperationState(inst compute.Instance) string {
	switch {
	case inst.Status == compute.StatusLaunchFailed && inst.Extra[extraLatestOperation] == "RunInstances":
		return operationFailed
	case inst.Status.Transitional():
		return operationOperating
	}
	return operationSuccess
}

// derivedHex is 2n upper-case hex digits derived from an instance, for the
// parts of its placement ecsd invents (its physical position).
func derivedHex(id compute.InstanceID, what string, n int) string {
	sum := sha256.Sum256([]byte("ecsd/tencent/" + what + "/" + string(id)))
	return strings.ToUpper(hex.EncodeToString(sum[:n]))
}

func extraBool(m map[string]string, key string, def bool) bool {
	v, ok := m[key]
	if !ok {
		return def
	}
	return v == "true"
}

func extraInt(m map[string]string, key string) int {
	n, _ := strconv.Atoi(m[key])
	return n
}

// wireInstance spells an instance as DescribeInstances does. disks are the
// disks attached to it, in device order.
func wireInstance(cat compute.Catalog, inst compute.Instance, disks []compute.Disk) instance {
	t, _ := cat.InstanceType(inst.InstanceType)
	cpu, memory := t.CPU, t.MemoryMiB/1024
	if cpu == 0 {
		cpu, memory = instanceShape(inst.InstanceType)
	}
	img, _ := cat.Image(inst.ImageID)
	out := instance{
		Placement:  placement{Zone: string(inst.Zone), ProjectID: projectOf(inst.Meta), HostIDs: []string{}, DedicatedResourcePackIDs: []string{}},
		InstanceID: string(inst.ID), InstanceType: inst.InstanceType, CPU: cpu, Memory: memory,
		RestrictState: "NORMAL", InstanceName: inst.Name, InstanceChargeType: chargeTypeOf(inst),
		SystemDisk:         systemDisk{DiskType: inst.SystemDisk.Category, DiskID: string(inst.SystemDisk.ID), DiskSize: inst.SystemDisk.SizeGiB},
		DataDisks:          []dataDisk{},
		PrivateIPAddresses: []string{}, PublicIPAddresses: []string{},
		InternetAccessible: internetAccessible{
			InternetChargeType: or(inst.Extra[extraInternetCharge], trafficPostpaid), InternetMaxBandwidthOut: inst.BandwidthOut,
			PublicIPAssigned: publicIPShown(inst), InternetServiceProvider: or(inst.Extra[extraISP], "BGP"), IPv4AddressType: "WanIP",
		},
		VirtualPrivateCloud: virtualPrivateCloud{VpcID: string(inst.Network), SubnetID: string(inst.Subnet), PrivateIPAddresses: []string{}},
		ImageID:             inst.ImageID, RenewFlag: or(inst.Extra[extraRenewFlag], defaultRenewFlag),
		CreatedTime: inst.CreatedAt.UTC().Format(createdTimeLayout),
		OsName:      or(img.OSNameEn, img.OSName), SecurityGroupIDs: []string{},
		LoginSettings: loginSettings{KeyIDs: []string{}, KeepImageLogin: or(inst.Extra[extraKeepImageLogin], "FALSE")},
		InstanceState: statusSpelling[inst.Status], Tags: wireTags(inst.Tags),
		StopChargingMode: "NOT_APPLICABLE", UUID: instanceUUID(inst.ID),
		LatestOperation: or(inst.Extra[extraLatestOperation], "RunInstances"), LatestOperationState: latestOperationState(inst),
		LatestOperationRequestID: inst.Extra[extraLatestRequestID],
		IPv6Addresses:            []string{}, CamRoleName: inst.Extra[extraCamRole], RdmaIPAddresses: []string{},
		IsolatedSource: "NOTISOLATED", DisasterRecoverGroupIDs: []string{},
		GPUInfo:     gpuInfo{GPUCount: float64(t.GPU), GPUID: []string{}, GPUType: t.GPUType},
		LicenseType: "TencentCloud", DisableAPITermination: inst.DeletionProtection,
		DefaultLoginUser: or(img.Attributes[AttrLoginUser], "root"), DefaultLoginPort: 22,
		Metadata: metadata{Items: []metadataItem{}}, PublicIPv6Addresses: []string{},
		CpuTopology: cpuTopology{CoreCount: extraInt(inst.Extra, extraCoreCount), ThreadPerCore: extraInt(inst.Extra, extraThreadPerCore)},
		PhysicalPosition: physicalPosition{
			PosID: derivedHex(inst.ID, "pos", 16), SwitchID: derivedHex(inst.ID, "switch", 16), RackID: derivedHex(inst.ID, "rack", 16),
		},
	}
	if img.OSType == "windows" {
		out.DefaultLoginPort = 3389
	}
	if out.CpuTopology.CoreCount == 0 {
		out.CpuTopology = cpuTopology{CoreCount: cpu, ThreadPerCore: 1}
	}
	if inst.ChargeType == compute.PrePaid {
		e := expiry(inst.CreatedAt, inst.Extra[extraPeriod])
		out.ExpiredTime = &e
	}
	if inst.PrivateIP.IsValid() {
		out.PrivateIPAddresses = []string{inst.PrivateIP.String()}
		out.VirtualPrivateCloud.PrivateIPAddresses = []string{inst.PrivateIP.String()}
	}
	if publicIPShown(inst) {
		out.PublicIPAddresses = []string{inst.PublicIP.String()}
	}
	for _, g := range inst.SecurityGroups {
		out.SecurityGroupIDs = append(out.SecurityGroupIDs, string(g))
	}
	if inst.KeyPair != "" {
		out.LoginSettings.KeyIDs = []string{string(inst.KeyPair)}
	}
	if s := inst.Extra[extraStoppedMode]; inst.Status == compute.StatusStopped && s != "" {
		out.StopChargingMode = s
	}
	if inst.Status == compute.StatusRecycled {
		out.IsolatedSource = "MANUAL_ISOLATE"
		out.RestrictState = "ISOLATED"
	}
	if out.LatestOperationState == operationFailed {
		out.LatestOperationErrorMsg = "The instance failed to launch from image " + inst.ImageID + "."
	}
	if raw := inst.Extra[extraMetadata]; raw != "" {
		_ = json.Unmarshal([]byte(raw), &out.Metadata.Items)
	}
	for _, d := range disks {
		if d.System {
			out.SystemDisk.DiskName, out.SystemDisk.Encrypt, out.SystemDisk.KmsKeyID = d.Name, d.Encrypted, d.KMSKeyID
			continue
		}
		out.DataDisks = append(out.DataDisks, wireDataDisk(d))
	}
	return out
}

// wireDataDisk spells a data disk as an instance shows it.
func wireDataDisk(d compute.Disk) dataDisk {
	return dataDisk{
		DiskSize: d.SizeGiB, DiskType: d.Category, DiskID: string(d.ID), DeleteWithInstance: d.DeleteWithInstance,
		SnapshotID: d.SnapshotID, Encrypt: d.Encrypted, KmsKeyID: d.KMSKeyID,
		ThroughputPerformance: extraInt(d.Extra, extraThroughput), BurstPerformance: d.Extra[extraBurst] == "true", DiskName: d.Name,
	}
}

type describeInstancesResponse struct {
	TotalCount  int        `json:"TotalCount"`
	InstanceSet []instance `json:"InstanceSet"`
	RequestID   string     `json:"RequestId"`
}

// describeInstances lists the caller's instances in the region, by
// InstanceIds or by Filters (not both), in creation order.
func (h *Handler) describeInstances(c *call) (any, error) {
	p := c.params
	if err := p.only("InstanceIds", "Filters", "Offset", "Limit"); err != nil {
		return nil, err
	}
	ids, byID, err := instanceIDs(p)
	if err != nil {
		return nil, err
	}
	filters, err := p.objects("Filters")
	if err != nil {
		return nil, err
	}
	if byID && p.has("Filters") {
		return nil, errIDsAndFilters
	}
	offset, limit, err := paging(p)
	if err != nil {
		return nil, err
	}
	q := compute.Query{Owner: c.owner, Region: c.region, IDs: ids, Offset: offset, Limit: limit}
	post, matchesNone, err := applyFilters(&q, filters)
	if err != nil {
		return nil, err
	}
	resp := describeInstancesResponse{InstanceSet: []instance{}, RequestID: c.requestID}
	if matchesNone {
		return resp, nil
	}
	var page compute.Page
	if len(post) == 0 {
		if page, err = h.Svc.List(c.ctx(), q); err != nil {
			return nil, err
		}
	} else {
		all, err := h.listAll(c, q)
		if err != nil {
			return nil, err
		}
		all = slices.DeleteFunc(all, func(inst compute.Instance) bool {
			for _, keep := range post {
				if !keep(inst) {
					return true
				}
			}
			return false
		})
		page = compute.Page{Instances: kit.Page(all, offset, limit), Total: len(all)}
	}
	set, err := h.wireInstances(c, page.Instances)
	if err != nil {
		return nil, err
	}
	resp.TotalCount, resp.InstanceSet = page.Total, set
	return resp, nil
}

// listAll lists every instance q matches, whatever its paging.
func (h *Handler) listAll(c *call, q compute.Query) ([]compute.Instance, error) {
	var all []compute.Instance
	q.Offset, q.Limit = 0, compute.MaxBatch
	for {
		page, err := h.Svc.List(c.ctx(), q)
		if err != nil {
			return nil, err
		}
		all = append(all, page.Instances...)
		if len(page.Instances) < q.Limit || len(all) >= page.Total {
			return all, nil
		}
		q.Offset += len(page.Instances)
	}
}

// wireInstances spells instances with their disks.
func (h *Handler) wireInstances(c *call, insts []compute.Instance) ([]instance, error) {
	ids := make([]compute.InstanceID, len(insts))
	for i, inst := range insts {
		ids[i] = inst.ID
	}
	disks, err := h.Svc.InstanceDisks(c.ctx(), c.owner, ids)
	if err != nil {
		return nil, err
	}
	cat := h.Svc.Catalog(compute.CloudTencent)
	out := make([]instance, len(insts))
	for i, inst := range insts {
		out[i] = wireInstance(cat, inst, disks[inst.ID])
	}
	return out, nil
}

// Filter limits (reference 3.8, SDK model docs).
const (
	maxFilters      = 10
	maxFilterValues = 5
)

// instanceFilters are the DescribeInstances filters ecsd evaluates; tag:KEY
// is one more.
var instanceFilters = []string{
	"zone", "project-id", "vpc-id", "subnet-id", "instance-id", "uuid", "security-group-id", "instance-name",
	"instance-charge-type", "instance-state", "private-ip-address", "public-ip-address", "image-id",
	"tag-key", "tag-value", "creation-start-time", "creation-end-time",
}

// readFilters reads Filters: Name and Values each, at most 10 filters of 5
// values; known names only. A name given twice keeps the values both
// allow.
func readFilters(filters []params, known []string, allowTags bool) (map[string][]string, []string, error) {
	if len(filters) > maxFilters {
		return nil, nil, errTooManyFilters
	}
	chosen := map[string][]string{}
	var order []string
	for _, f := range filters {
		if err := f.only("Name", "Values"); err != nil {
			return nil, nil, err
		}
		name, ok, err := f.str("Name")
		if err != nil {
			return nil, nil, err
		}
		if !ok || name == "" {
			return nil, nil, missingParameter(f.prefix + "Name")
		}
		values, ok, err := f.strs("Values")
		if err != nil {
			return nil, nil, err
		}
		if !ok || len(values) == 0 {
			return nil, nil, missingParameter(f.prefix + "Values")
		}
		if len(values) > maxFilterValues {
			return nil, nil, errTooManyValues
		}
		isTag := allowTags && strings.HasPrefix(name, "tag:") && len(name) > len("tag:")
		if !slices.Contains(known, name) && !isTag {
			return nil, nil, invalidFilterf("The filter `%s` is not supported; the supported filters are %s%s.", name, strings.Join(known, ", "), map[bool]string{true: " and tag:<key>"}[allowTags])
		}
		if previous, again := chosen[name]; again {
			values = slices.DeleteFunc(slices.Clone(previous), func(v string) bool { return !slices.Contains(values, v) })
		} else {
			order = append(order, name)
		}
		chosen[name] = values
	}
	return chosen, order, nil
}

// applyFilters narrows q by DescribeInstances' Filters. The values of one
// filter are alternatives; several filters must all hold. What the store
// can select goes into q; the rest comes back as predicates to apply to
// every match. It reports true when the filters can match no instance.
func applyFilters(q *compute.Query, filters []params) (post []func(compute.Instance) bool, matchesNone bool, err error) {
	chosen, order, err := readFilters(filters, instanceFilters, true)
	if err != nil {
		return nil, false, err
	}
	link := func(attr string, values []string) {
		q.Links = append(q.Links, compute.LinkFilter{Attr: attr, Values: values})
	}
	for _, name := range order {
		values := chosen[name]
		if len(values) == 0 {
			return nil, true, nil
		}
		switch name {
		case "zone":
			if len(values) == 1 {
				q.Zone = compute.ZoneID(values[0])
			} else {
				post = append(post, func(i compute.Instance) bool { return slices.Contains(values, string(i.Zone)) })
			}
		case "instance-name":
			if len(values) == 1 {
				q.NameContains = values[0]
			} else {
				post = append(post, func(i compute.Instance) bool {
					return slices.ContainsFunc(values, func(v string) bool { return strings.Contains(i.Name, v) })
				})
			}
		case "instance-state":
			for _, v := range values {
				q.Statuses = append(q.Statuses, statusesSpelled(v)...)
			}
			if len(q.Statuses) == 0 {
				return nil, true, nil
			}
		case "instance-id":
			if err := checkIDs(values); err != nil {
				return nil, false, err
			}
			q.IDs = toInstanceIDs(values)
		case "vpc-id":
			link(compute.LinkNetwork, values)
		case "subnet-id":
			link(compute.LinkSubnet, values)
		case "security-group-id":
			link(compute.LinkSecurityGroup, values)
		case "private-ip-address":
			link(compute.LinkPrivateIP, values)
		case "image-id":
			link(compute.LinkImage, values)
		case "project-id":
			for _, v := range values {
				if _, err := strconv.ParseInt(v, 10, 64); err != nil {
					return nil, false, invalidValuef("The value `%s` of the filter `project-id` is not an integer.", v)
				}
			}
			post = append(post, func(i compute.Instance) bool {
				return slices.Contains(values, strconv.FormatInt(projectOf(i.Meta), 10))
			})
		case "uuid":
			post = append(post, func(i compute.Instance) bool { return slices.Contains(values, instanceUUID(i.ID)) })
		case "instance-charge-type":
			post = append(post, func(i compute.Instance) bool { return slices.Contains(values, chargeTypeOf(i)) })
		case "public-ip-address":
			post = append(post, func(i compute.Instance) bool {
				return publicIPShown(i) && slices.Contains(values, i.PublicIP.String())
			})
		case "tag-key":
			post = append(post, func(i compute.Instance) bool {
				return slices.ContainsFunc(i.Tags, func(t compute.Tag) bool { return slices.Contains(values, t.Key) })
			})
		case "tag-value":
			post = append(post, func(i compute.Instance) bool {
				return slices.ContainsFunc(i.Tags, func(t compute.Tag) bool { return slices.Contains(values, t.Value) })
			})
		case "creation-start-time", "creation-end-time":
			if len(values) != 1 {
				return nil, false, invalidFilterf("The filter `%s` takes one time.", name)
			}
			at, err := time.Parse(createdTimeLayout, values[0])
			if err != nil {
				return nil, false, invalidValuef("The value `%s` of the filter `%s` is not a time like 2006-01-02T15:04:05Z.", values[0], name)
			}
			start := name == "creation-start-time"
			post = append(post, func(i compute.Instance) bool {
				if start {
					return !i.CreatedAt.Before(at)
				}
				return !i.CreatedAt.After(at)
			})
		default: // tag:KEY
			link(compute.TagLinkAttr(strings.TrimPrefix(name, "tag:")), values)
		}
	}
	return post, false, nil
}

// instanceByID loads one instance of the caller in the request's region,
// or fails with InvalidInstanceId.NotFound.
func (h *Handler) instanceByID(c *call, id compute.InstanceID) (compute.Instance, error) {
	page, err := h.Svc.List(c.ctx(), compute.Query{Owner: c.owner, Region: c.region, IDs: []compute.InstanceID{id}, Limit: 1})
	if err != nil {
		return compute.Instance{}, err
	}
	if len(page.Instances) == 0 {
		return compute.Instance{}, &compute.Error{Code: compute.NotFound, Param: string(compute.KindInstance), Instance: id,
			Message: fmt.Sprintf("instance %s does not exist", id)}
	}
	return page.Instances[0], nil
}

// or returns v, or def when v is empty.
func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
