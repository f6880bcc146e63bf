package aliyun

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// The attribute actions of one instance: DescribeInstanceAttribute,
// ModifyInstanceAttribute, DescribeUserData, the metadata, maintenance,
// attachment (private pool), RAM role and renewal attributes.

var (
	errStoppedRequired  = &apiError{http.StatusBadRequest, "InvalidStatus.StoppedRequired", "The current state of the resource does not support this operation, it can only be operated in a stopped state."}
	errIncorrectStatus  = &apiError{http.StatusForbidden, "IncorrectInstanceStatus", "The current status of the resource does not support this operation."}
	errModifyUserData   = &apiError{http.StatusForbidden, "InvalidUserData.Base64FormatInvalid", "The specified UserData is not valid"}
	errThreadsPerCore   = &apiError{http.StatusForbidden, "InvalidParameter.CpuOptionsThreadsPerCore", "The specified parameter CpuOptions.ThreadsPerCore is not valid."}
	errCoreModify       = &apiError{http.StatusForbidden, "InvalidParameter.CpuOptionsCore", "The specified parameter CpuOptions.Core is not valid."}
	errRecyclable       = &apiError{http.StatusBadRequest, "InvalidParameter.RecycleBin", "You do not have permission to set recyclable properties."}
	errRemoteConnection = &apiError{http.StatusBadRequest, "InvalidRemoteConnectionOptions.Type", "The remote connection type is invalid."}
	errChargeViolation  = &apiError{http.StatusBadRequest, "ChargeTypeViolation", "Pay-As-You-Go instances do not support this operation."}
	errMetadataTags     = &apiError{http.StatusBadRequest, "InvalidParameter", `The specified parameter "InstanceMetadataTags" is not valid.`}
	errRenewalStatus    = &apiError{http.StatusBadRequest, "InvalidRenewalStatus.ValueNotSupported", "The specified RenewalStatus is not valid."}
	errRenewDuration    = &apiError{http.StatusBadRequest, "InvalidDuration", "The specified Duration is not valid."}
	errMaintenanceAct   = &apiError{http.StatusBadRequest, "InvalidParameter.ActionOnMaintenance", "The specified ActionOnMaintenance is not valid."}
	errMaintenanceWin   = &apiError{http.StatusBadRequest, "InvalidParameter.MaintenanceWindow", "A maintenance window starts and ends on the hour (HH:00:00Z) and lasts 1 to 23 hours."}
)

// instanceNotFound is the core's error for an instance that is not there.
func instanceNotFound(id string) error {
	return &compute.Error{Code: compute.NotFound, Param: string(compute.KindInstance), Value: id, Instance: compute.InstanceID(id),
		Message: fmt.Sprintf("instance %s does not exist", id)}
}

// instances finds the caller's instances by ID, in the request's region
// when it names one; the ones not found are left out.
func (h *Handler) instances(c *call, ids []string) ([]compute.Instance, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	region, err := h.optionalRegion(c)
	if err != nil {
		return nil, err
	}
	page, err := h.Svc.List(c.ctx(), compute.Query{Owner: c.owner, Region: region, IDs: toInstanceIDs(ids), Limit: len(ids)})
	return page.Instances, err
}

// instanceParam finds the instance a parameter names.
func (h *Handler) instanceParam(c *call, name string) (compute.Instance, error) {
	id, err := c.params.required(name)
	if err != nil {
		return compute.Instance{}, err
	}
	found, err := h.instances(c, []string{id})
	if err != nil {
		return compute.Instance{}, err
	}
	if len(found) == 0 {
		return compute.Instance{}, instanceNotFound(id)
	}
	return found[0], nil
}

// modify changes the instances with these IDs through edit, all or none,
// in the request's region when it names one.
func (h *Handler) modify(c *call, ids []string, edit func(*compute.Instance) error) ([]compute.Instance, error) {
	region, err := h.optionalRegion(c)
	if err != nil {
		return nil, err
	}
	return h.Svc.ModifyInstances(c.ctx(), c.owner, toInstanceIDs(ids), func(inst *compute.Instance) error {
		if region != "" && inst.Region != region {
			return instanceNotFound(string(inst.ID))
		}
		return carried(edit(inst))
	})
}

// runningOrStopped refuses an instance in transition.
func runningOrStopped(inst *compute.Instance) error {
	if inst.Status != compute.StatusRunning && inst.Status != compute.StatusStopped {
		return errIncorrectStatus
	}
	return nil
}

type describeInstanceAttributeResponse struct {
	RequestID               string                 `json:"RequestId" xml:"RequestId"`
	InstanceID              string                 `json:"InstanceId" xml:"InstanceId"`
	InstanceName            string                 `json:"InstanceName" xml:"InstanceName"`
	Description             string                 `json:"Description" xml:"Description"`
	ImageID                 string                 `json:"ImageId" xml:"ImageId"`
	RegionID                string                 `json:"RegionId" xml:"RegionId"`
	ZoneID                  string                 `json:"ZoneId" xml:"ZoneId"`
	CPU                     int                    `json:"Cpu" xml:"Cpu"`
	Memory                  int                    `json:"Memory" xml:"Memory"`
	InstanceType            string                 `json:"InstanceType" xml:"InstanceType"`
	HostName                string                 `json:"HostName" xml:"HostName"`
	Status                  string                 `json:"Status" xml:"Status"`
	CreationTime            string                 `json:"CreationTime" xml:"CreationTime"`
	ExpiredTime             string                 `json:"ExpiredTime" xml:"ExpiredTime"`
	SerialNumber            string                 `json:"SerialNumber" xml:"SerialNumber"`
	InstanceNetworkType     string                 `json:"InstanceNetworkType" xml:"InstanceNetworkType"`
	ClusterID               string                 `json:"ClusterId" xml:"ClusterId"`
	VlanID                  string                 `json:"VlanId" xml:"VlanId"`
	StoppedMode             string                 `json:"StoppedMode" xml:"StoppedMode"`
	InternetMaxBandwidthIn  int                    `json:"InternetMaxBandwidthIn" xml:"InternetMaxBandwidthIn"`
	InternetMaxBandwidthOut int                    `json:"InternetMaxBandwidthOut" xml:"InternetMaxBandwidthOut"`
	InstanceChargeType      string                 `json:"InstanceChargeType" xml:"InstanceChargeType"`
	InternetChargeType      string                 `json:"InternetChargeType" xml:"InternetChargeType"`
	IoOptimized             string                 `json:"IoOptimized" xml:"IoOptimized"`
	CreditSpecification     string                 `json:"CreditSpecification" xml:"CreditSpecification"`
	EnableJumboFrame        bool                   `json:"EnableJumboFrame" xml:"EnableJumboFrame"`
	SecurityGroupIDs        securityGroupIDs       `json:"SecurityGroupIds" xml:"SecurityGroupIds"`
	PublicIPAddress         ipAddresses            `json:"PublicIpAddress" xml:"PublicIpAddress"`
	InnerIPAddress          ipAddresses            `json:"InnerIpAddress" xml:"InnerIpAddress"`
	VpcAttributes           vpcAttributes          `json:"VpcAttributes" xml:"VpcAttributes"`
	EipAddress              eipAddress             `json:"EipAddress" xml:"EipAddress"`
	DedicatedHostAttribute  dedicatedHostAttribute `json:"DedicatedHostAttribute" xml:"DedicatedHostAttribute"`
	OperationLocks          operationLocks         `json:"OperationLocks" xml:"OperationLocks"`
}

func (h *Handler) describeInstanceAttribute(c *call) (any, error) {
	inst, err := h.instanceParam(c, "InstanceId")
	if err != nil {
		return nil, err
	}
	v, err := h.views(c.ctx(), c.owner, []compute.Instance{inst})
	if err != nil {
		return nil, err
	}
	w := v.wireInstance(inst, false)
	return describeInstanceAttributeResponse{
		RequestID: c.requestID, InstanceID: w.InstanceID, InstanceName: w.InstanceName, Description: w.Description,
		ImageID: w.ImageID, RegionID: w.RegionID, ZoneID: w.ZoneID, CPU: w.CPU, Memory: w.Memory, InstanceType: w.InstanceType,
		HostName: w.HostName, Status: w.Status, CreationTime: w.CreationTime, ExpiredTime: w.ExpiredTime,
		SerialNumber: w.SerialNumber, InstanceNetworkType: w.InstanceNetworkType, StoppedMode: w.StoppedMode,
		InternetMaxBandwidthIn: w.InternetMaxBandwidthIn, InternetMaxBandwidthOut: w.InternetMaxBandwidthOut,
		InstanceChargeType: w.InstanceChargeType, InternetChargeType: w.InternetChargeType, IoOptimized: "optimized",
		CreditSpecification: w.CreditSpecification, EnableJumboFrame: extraBool(inst, xJumboFrame),
		SecurityGroupIDs: w.SecurityGroupIDs, PublicIPAddress: w.PublicIPAddress, InnerIPAddress: w.InnerIPAddress,
		VpcAttributes: w.VpcAttributes, EipAddress: w.EipAddress, DedicatedHostAttribute: w.DedicatedHostAttribute,
		OperationLocks: w.OperationLocks,
	}, nil
}

// modifyInstanceAttribute changes what ModifyInstanceAttribute may change:
// name, description, host name and password (taking effect at the next
// start), user data and CPU options (while stopped), deletion protection,
// credit specification, jumbo frames, queue number and security groups.
func (h *Handler) modifyInstanceAttribute(c *call) (any, error) {
	p := c.params
	id, err := p.required("InstanceId")
	if err != nil {
		return nil, err
	}
	for name := range p {
		if strings.HasPrefix(name, "RemoteConnectionOptions.") {
			return nil, errRemoteConnection
		}
		if strings.HasPrefix(name, "PrivateDnsNameOptions.") {
			return nil, invalidParameter("PrivateDnsNameOptions")
		}
	}
	if recyclable, err := p.boolean("Recyclable"); err != nil || recyclable {
		return nil, errRecyclable
	}
	name, desc, host, pw, data := p.get("InstanceName"), p.get("Description"), p.get("HostName"), p.get("Password"), p.get("UserData")
	if name != "" && !validName(name) {
		return nil, errInstanceName
	}
	if desc != "" && !validDescription(desc) {
		return nil, errDescription
	}
	if data != "" {
		if err := checkUserData(data); err == errUserDataBase64 {
			return nil, errModifyUserData
		} else if err != nil {
			return nil, err
		}
	}
	groups, err := p.repeated("SecurityGroupIds", errSGRepeated)
	if err != nil {
		return nil, err
	}
	if len(groups) != len(dedupeStrings(groups)) {
		return nil, errSGRepeated
	}
	bools := map[string]*bool{}
	for _, b := range []string{"DeletionProtection", "NetworkOptions.EnableJumboFrame", "EnableJumboFrame", "AdditionalInfo.EnableHighDensityMode"} {
		if p.get(b) != "" {
			v, err := p.boolean(b)
			if err != nil {
				return nil, err
			}
			bools[b] = &v
		}
	}
	credit := p.get("CreditSpecification")
	if credit != "" && credit != "Standard" && credit != "Unlimited" {
		return nil, errCreditSpec
	}
	topology, err := p.oneOf("CpuOptions.TopologyType", "", "ContinuousCoreToHTMapping", "DiscreteCoreToHTMapping")
	if err != nil {
		return nil, errCPUTopology
	}
	cat := h.Svc.Catalog(compute.CloudAliyun)
	_, err = h.modify(c, []string{id}, func(inst *compute.Instance) error {
		t := typeNamed(cat, inst.InstanceType)
		im, _ := cat.Image(inst.ImageID)
		windows := im.OSType == osWindows
		if host != "" {
			if err := runningOrStopped(inst); err != nil {
				return err
			}
			if !validHostName(host, windows) {
				return errHostName
			}
			inst.HostName = host
		}
		if pw != "" {
			if err := runningOrStopped(inst); err != nil {
				return err
			}
			if !validPassword(pw, windows) {
				return errPassword
			}
			inst.HasPassword = true
		}
		if data != "" {
			if inst.Status != compute.StatusStopped {
				return errStoppedRequired
			}
			inst.UserData = data
		}
		if name != "" {
			inst.Name = name
		}
		if desc != "" {
			inst.Description = desc
		}
		if v := bools["DeletionProtection"]; v != nil {
			if *v && (inst.ChargeType == compute.PrePaid || inst.Extra[xSpotStrategy] != "") {
				return errDeletionProtect
			}
			inst.DeletionProtection = *v
		}
		for _, param := range []string{"NetworkOptions.EnableJumboFrame", "EnableJumboFrame"} {
			if v := bools[param]; v != nil {
				setExtra(&inst.Meta, xJumboFrame, boolExtra(*v))
			}
		}
		if v := bools["AdditionalInfo.EnableHighDensityMode"]; v != nil {
			setExtra(&inst.Meta, xHighDensityMode, boolExtra(*v))
		}
		if credit != "" {
			if !burstable(&t) {
				return errCreditSpec
			}
			setExtra(&inst.Meta, xCreditSpecification, credit)
		}
		if err := modifyCPUOptions(c.params, inst, t, topology); err != nil {
			return err
		}
		if q := p.get("NetworkInterfaceQueueNumber"); q != "" {
			n, err := strconv.Atoi(q)
			if most := typeAttrInt(&t, AttrTypeQueues); err != nil || n < 1 || most > 0 && n > most {
				return errQueueNumber
			}
			setExtra(&inst.Meta, xQueueNumber, q)
		}
		if len(groups) > 0 {
			if err := runningOrStopped(inst); err != nil {
				return err
			}
			inst.SecurityGroups = nil
			for _, g := range groups {
				inst.SecurityGroups = append(inst.SecurityGroups, compute.SecurityGroupID(g))
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// boolExtra keeps a true flag in Extra and drops a false one.
func boolExtra(v bool) string {
	if v {
		return "true"
	}
	return ""
}

// modifyCPUOptions applies CpuOptions.* of ModifyInstanceAttribute, which
// needs the instance stopped.
func modifyCPUOptions(p params, inst *compute.Instance, t compute.InstanceType, topology string) error {
	core, threads := p.get("CpuOptions.Core"), p.get("CpuOptions.ThreadsPerCore")
	if core == "" && threads == "" && topology == "" {
		return nil
	}
	if inst.Status != compute.StatusStopped {
		return errStoppedRequired
	}
	def := typeThreads(&t)
	if core != "" {
		if n, err := strconv.Atoi(core); err != nil || n != t.CPU/def {
			return errCoreModify
		}
	}
	if threads != "" {
		n, err := strconv.Atoi(threads)
		if err != nil || n != 1 && n != def {
			return errThreadsPerCore
		}
		setExtra(&inst.Meta, xCPUThreadsPerCore, threads)
		if n == def {
			setExtra(&inst.Meta, xCPUThreadsPerCore, "")
		}
	}
	if topology != "" {
		setExtra(&inst.Meta, xCPUTopologyType, topology)
	}
	return nil
}

type describeUserDataResponse struct {
	RequestID  string `json:"RequestId" xml:"RequestId"`
	RegionID   string `json:"RegionId" xml:"RegionId"`
	InstanceID string `json:"InstanceId" xml:"InstanceId"`
	UserData   string `json:"UserData" xml:"UserData"`
}

// describeUserData returns user data exactly as it was sent, Base64.
func (h *Handler) describeUserData(c *call) (any, error) {
	inst, err := h.instanceParam(c, "InstanceId")
	if err != nil {
		return nil, err
	}
	return describeUserDataResponse{RequestID: c.requestID, RegionID: string(inst.Region), InstanceID: string(inst.ID), UserData: inst.UserData}, nil
}

// modifyInstanceMetadataOptions changes the metadata service options.
func (h *Handler) modifyInstanceMetadataOptions(c *call) (any, error) {
	p := c.params
	id, err := p.required("InstanceId")
	if err != nil {
		return nil, err
	}
	endpoint, err := p.oneOf("HttpEndpoint", "", "enabled", "disabled")
	if err != nil {
		return nil, errHTTPEndpoint
	}
	tokens, err := p.oneOf("HttpTokens", "", "optional", "required")
	if err != nil {
		return nil, errHTTPTokens
	}
	hops, err := p.integer("HttpPutResponseHopLimit", 0, 1, 64)
	if err != nil {
		return nil, errHopLimit
	}
	if _, err := p.oneOf("InstanceMetadataTags", "", "enabled", "disabled"); err != nil {
		return nil, errMetadataTags
	}
	_, err = h.modify(c, []string{id}, func(inst *compute.Instance) error {
		if endpoint != "" {
			setExtra(&inst.Meta, xHTTPEndpoint, endpoint)
		}
		if tokens != "" {
			setExtra(&inst.Meta, xHTTPTokens, tokens)
		}
		if hops != 0 {
			setExtra(&inst.Meta, xHTTPHopLimit, strconv.Itoa(hops))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// Maintenance actions ECS takes on an instance when its host is maintained.
var maintenanceActions = []string{"Stop", "AutoRecover", "AutoRedeploy"}

type maintenanceWindow struct {
	StartTime string `json:"StartTime" xml:"StartTime"`
	EndTime   string `json:"EndTime" xml:"EndTime"`
}

type maintenanceAttribute struct {
	InstanceID          string `json:"InstanceId" xml:"InstanceId"`
	NotifyOnMaintenance bool   `json:"NotifyOnMaintenance" xml:"NotifyOnMaintenance"`
	MaintenanceWindows  struct {
		MaintenanceWindow []maintenanceWindow `json:"MaintenanceWindow" xml:"MaintenanceWindow"`
	} `json:"MaintenanceWindows" xml:"MaintenanceWindows"`
	ActionOnMaintenance struct {
		Value           string `json:"Value" xml:"Value"`
		DefaultValue    string `json:"DefaultValue" xml:"DefaultValue"`
		SupportedValues struct {
			SupportedValue []string `json:"SupportedValue" xml:"SupportedValue"`
		} `json:"SupportedValues" xml:"SupportedValues"`
	} `json:"ActionOnMaintenance" xml:"ActionOnMaintenance"`
}

type describeInstanceMaintenanceAttributesResponse struct {
	RequestID             string `json:"RequestId" xml:"RequestId"`
	TotalCount            int    `json:"TotalCount" xml:"TotalCount"`
	PageNumber            int    `json:"PageNumber" xml:"PageNumber"`
	PageSize              int    `json:"PageSize" xml:"PageSize"`
	MaintenanceAttributes struct {
		MaintenanceAttribute []maintenanceAttribute `json:"MaintenanceAttribute" xml:"MaintenanceAttribute"`
	} `json:"MaintenanceAttributes" xml:"MaintenanceAttributes"`
}

// listed lists the region's instances a request names with an ID list
// read by ids, or all of them; number and size page the result.
func (h *Handler) listed(c *call, ids []string, number, size int) (compute.Page, error) {
	region, err := h.region(c)
	if err != nil {
		return compute.Page{}, err
	}
	return h.Svc.List(c.ctx(), compute.Query{Owner: c.owner, Region: region.ID, IDs: toInstanceIDs(ids), Offset: (number - 1) * size, Limit: size})
}

func (h *Handler) describeInstanceMaintenanceAttributes(c *call) (any, error) {
	ids, err := c.params.repeated("InstanceId", errTooManyIDs)
	if err != nil {
		return nil, err
	}
	number, size, err := paging(c, maxDescribePageSize)
	if err != nil {
		return nil, err
	}
	page, err := h.listed(c, ids, number, size)
	if err != nil {
		return nil, err
	}
	resp := describeInstanceMaintenanceAttributesResponse{RequestID: c.requestID, TotalCount: page.Total, PageNumber: number, PageSize: size}
	resp.MaintenanceAttributes.MaintenanceAttribute = make([]maintenanceAttribute, len(page.Instances))
	for i, inst := range page.Instances {
		a := maintenanceAttribute{InstanceID: string(inst.ID), NotifyOnMaintenance: extraBool(inst, xNotifyOnMaintenance)}
		a.MaintenanceWindows.MaintenanceWindow = parseWindows(inst.Extra[xMaintenanceWindows])
		a.ActionOnMaintenance.Value = extraOr(inst, xActionOnMaintenance, defaultActionOnMaint)
		a.ActionOnMaintenance.DefaultValue = defaultActionOnMaint
		a.ActionOnMaintenance.SupportedValues.SupportedValue = maintenanceActions
		resp.MaintenanceAttributes.MaintenanceAttribute[i] = a
	}
	return resp, nil
}

// parseWindows reads maintenance windows kept as "start/end;start/end".
func parseWindows(s string) []maintenanceWindow {
	out := []maintenanceWindow{}
	for _, w := range strings.Split(s, ";") {
		if start, end, ok := strings.Cut(w, "/"); ok {
			out = append(out, maintenanceWindow{StartTime: start, EndTime: end})
		}
	}
	return out
}

// windowTimeLayout is how maintenance windows spell times of day.
const windowTimeLayout = "15:04:05Z"

func (h *Handler) modifyInstanceMaintenanceAttributes(c *call) (any, error) {
	p := c.params
	if _, err := h.region(c); err != nil {
		return nil, err
	}
	ids, err := p.repeated("InstanceId", errTooManyIDs)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, missingParameter("InstanceId.1")
	}
	action, err := p.oneOf("ActionOnMaintenance", "", maintenanceActions...)
	if err != nil {
		return nil, errMaintenanceAct
	}
	var notify *bool
	if p.get("NotifyOnMaintenance") != "" {
		v, err := p.boolean("NotifyOnMaintenance")
		if err != nil {
			return nil, err
		}
		notify = &v
	}
	entries, err := p.structs("MaintenanceWindow", 10)
	if err != nil {
		return nil, errMaintenanceWin
	}
	var windows []string
	for _, e := range entries {
		start, err1 := time.Parse(windowTimeLayout, e.get("StartTime"))
		end, err2 := time.Parse(windowTimeLayout, e.get("EndTime"))
		if err1 != nil || err2 != nil || start.Minute() != 0 || start.Second() != 0 || end.Minute() != 0 || end.Second() != 0 || start.Equal(end) {
			return nil, errMaintenanceWin
		}
		windows = append(windows, e.get("StartTime")+"/"+e.get("EndTime"))
	}
	_, err = h.modify(c, ids, func(inst *compute.Instance) error {
		if len(entries) > 0 {
			setExtra(&inst.Meta, xMaintenanceWindows, strings.Join(windows, ";"))
		}
		if action != "" {
			setExtra(&inst.Meta, xActionOnMaintenance, action)
		}
		if notify != nil {
			setExtra(&inst.Meta, xNotifyOnMaintenance, boolExtra(*notify))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

type attachmentAttribute struct {
	InstanceID                      string `json:"InstanceId" xml:"InstanceId"`
	PrivatePoolOptionsMatchCriteria string `json:"PrivatePoolOptionsMatchCriteria" xml:"PrivatePoolOptionsMatchCriteria"`
	PrivatePoolOptionsID            string `json:"PrivatePoolOptionsId" xml:"PrivatePoolOptionsId"`
}

type describeInstanceAttachmentAttributesResponse struct {
	RequestID  string `json:"RequestId" xml:"RequestId"`
	TotalCount int    `json:"TotalCount" xml:"TotalCount"`
	PageNumber int    `json:"PageNumber" xml:"PageNumber"`
	PageSize   int    `json:"PageSize" xml:"PageSize"`
	Instances  struct {
		Instance []attachmentAttribute `json:"Instance" xml:"Instance"`
	} `json:"Instances" xml:"Instances"`
}

// describeInstanceAttachmentAttributes shows each instance's private pool
// option: Open or None, since ecsd has no private pools to target.
func (h *Handler) describeInstanceAttachmentAttributes(c *call) (any, error) {
	ids, err := c.params.jsonList("InstanceIds")
	if err != nil {
		return nil, err
	}
	if len(ids) > maxIDs {
		return nil, errTooManyIDs
	}
	number, size, err := paging(c, maxDescribePageSize)
	if err != nil {
		return nil, err
	}
	page, err := h.listed(c, ids, number, size)
	if err != nil {
		return nil, err
	}
	resp := describeInstanceAttachmentAttributesResponse{RequestID: c.requestID, TotalCount: page.Total, PageNumber: number, PageSize: size}
	resp.Instances.Instance = make([]attachmentAttribute, len(page.Instances))
	for i, inst := range page.Instances {
		resp.Instances.Instance[i] = attachmentAttribute{InstanceID: string(inst.ID), PrivatePoolOptionsMatchCriteria: extraOr(inst, xPrivatePoolCriteria, "None")}
	}
	return resp, nil
}

func (h *Handler) modifyInstanceAttachmentAttributes(c *call) (any, error) {
	p := c.params
	if _, err := h.region(c); err != nil {
		return nil, err
	}
	id, err := p.required("InstanceId")
	if err != nil {
		return nil, err
	}
	criteria, err := p.required("PrivatePoolOptions.MatchCriteria")
	if err != nil {
		return nil, err
	}
	switch {
	case !slices.Contains([]string{"Open", "Target", "None"}, criteria):
		return nil, errPoolCriteria
	case p.get("PrivatePoolOptions.Id") != "":
		return nil, refusedParam("PrivatePoolOptions.Id")
	case criteria == "Target":
		return nil, errPoolID
	}
	_, err = h.modify(c, []string{id}, func(inst *compute.Instance) error {
		setExtra(&inst.Meta, xPrivatePoolCriteria, criteria)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// refusedParam is the refusal of a parameter ecsd does not model.
func refusedParam(name string) *apiError {
	for _, r := range refusedParams {
		if r.name == name {
			return r.err
		}
	}
	return invalidParameter(name)
}

type describeInstanceRamRoleResponse struct {
	RequestID           string `json:"RequestId" xml:"RequestId"`
	RegionID            string `json:"RegionId" xml:"RegionId"`
	TotalCount          int    `json:"TotalCount" xml:"TotalCount"`
	InstanceRamRoleSets struct {
		InstanceRamRoleSet []struct {
			InstanceID  string `json:"InstanceId" xml:"InstanceId"`
			RamRoleName string `json:"RamRoleName" xml:"RamRoleName"`
		} `json:"InstanceRamRoleSet" xml:"InstanceRamRoleSet"`
	} `json:"InstanceRamRoleSets" xml:"InstanceRamRoleSets"`
}

// describeInstanceRamRole answers that no instance has a RAM role: ecsd
// serves no RAM, and RunInstances refuses RamRoleName.
func (h *Handler) describeInstanceRamRole(c *call) (any, error) {
	region, err := h.region(c)
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
	if _, _, err := paging(c, maxStatusPageSize); err != nil {
		return nil, err
	}
	resp := describeInstanceRamRoleResponse{RequestID: c.requestID, RegionID: string(region.ID)}
	resp.InstanceRamRoleSets.InstanceRamRoleSet = []struct {
		InstanceID  string `json:"InstanceId" xml:"InstanceId"`
		RamRoleName string `json:"RamRoleName" xml:"RamRoleName"`
	}{}
	return resp, nil
}

type renewAttribute struct {
	InstanceID       string `json:"InstanceId" xml:"InstanceId"`
	AutoRenewEnabled bool   `json:"AutoRenewEnabled" xml:"AutoRenewEnabled"`
	Duration         int    `json:"Duration" xml:"Duration"`
	PeriodUnit       string `json:"PeriodUnit" xml:"PeriodUnit"`
	RenewalStatus    string `json:"RenewalStatus" xml:"RenewalStatus"`
}

type describeInstanceAutoRenewAttributeResponse struct {
	RequestID               string `json:"RequestId" xml:"RequestId"`
	TotalCount              int    `json:"TotalCount" xml:"TotalCount"`
	PageNumber              int    `json:"PageNumber" xml:"PageNumber"`
	PageSize                int    `json:"PageSize" xml:"PageSize"`
	InstanceRenewAttributes struct {
		InstanceRenewAttribute []renewAttribute `json:"InstanceRenewAttribute" xml:"InstanceRenewAttribute"`
	} `json:"InstanceRenewAttributes" xml:"InstanceRenewAttributes"`
}

// Renewal statuses of prepaid instances.
const (
	renewAuto   = "AutoRenewal"
	renewNormal = "Normal"
	renewNot    = "NotRenewal"
)

func renewal(inst compute.Instance) renewAttribute {
	status := extraOr(inst, xRenewalStatus, renewNormal)
	if extraBool(inst, xAutoRenew) && inst.Extra[xRenewalStatus] == "" {
		status = renewAuto
	}
	return renewAttribute{
		InstanceID: string(inst.ID), AutoRenewEnabled: status == renewAuto,
		Duration:   extraInt(inst, xAutoRenewPeriod, 1),
		PeriodUnit: extraOr(inst, xRenewPeriodUnit, extraOr(inst, xPeriodUnit, defaultPeriodUnit)), RenewalStatus: status,
	}
}

// commaIDs reads a comma-separated InstanceId list of 1 to 100 IDs.
func commaIDs(p params, name string) ([]string, error) {
	s, err := p.required(name)
	if err != nil {
		return nil, err
	}
	ids := strings.Split(s, ",")
	if len(ids) > maxIDs {
		return nil, errTooManyIDs
	}
	for i := range ids {
		ids[i] = strings.TrimSpace(ids[i])
	}
	return ids, nil
}

// describeInstanceAutoRenewAttribute shows the renewal of prepaid
// instances; postpaid ones renew nothing and are left out.
func (h *Handler) describeInstanceAutoRenewAttribute(c *call) (any, error) {
	region, err := h.region(c)
	if err != nil {
		return nil, err
	}
	var ids []string
	if c.params.get("InstanceId") != "" {
		if ids, err = commaIDs(c.params, "InstanceId"); err != nil {
			return nil, err
		}
	}
	status, err := c.params.oneOf("RenewalStatus", "", renewAuto, renewNormal, renewNot)
	if err != nil {
		return nil, errRenewalStatus
	}
	number, size, err := paging(c, maxDescribePageSize)
	if err != nil {
		return nil, err
	}
	all, err := h.listAll(c, compute.Query{Owner: c.owner, Region: region.ID, IDs: toInstanceIDs(ids)})
	if err != nil {
		return nil, err
	}
	var matched []renewAttribute
	for _, inst := range all {
		if a := renewal(inst); inst.ChargeType == compute.PrePaid && (status == "" || a.RenewalStatus == status) {
			matched = append(matched, a)
		}
	}
	resp := describeInstanceAutoRenewAttributeResponse{RequestID: c.requestID, TotalCount: len(matched), PageNumber: number, PageSize: size}
	resp.InstanceRenewAttributes.InstanceRenewAttribute = kit.Page(matched, (number-1)*size, size)
	return resp, nil
}

func pageSlice[T any](all []T, offset, limit int) []T {
	if offset >= len(all) {
		return []T{}
	}
	return all[offset:min(len(all), offset+limit)]
}

// modifyInstanceAutoRenewAttribute changes how prepaid instances renew.
func (h *Handler) modifyInstanceAutoRenewAttribute(c *call) (any, error) {
	p := c.params
	if _, err := h.region(c); err != nil {
		return nil, err
	}
	ids, err := commaIDs(p, "InstanceId")
	if err != nil {
		return nil, err
	}
	status, err := p.oneOf("RenewalStatus", "", renewAuto, renewNormal, renewNot)
	if err != nil {
		return nil, errRenewalStatus
	}
	autoRenew, err := p.boolean("AutoRenew")
	if err != nil {
		return nil, err
	}
	if status == "" && p.get("AutoRenew") != "" {
		status = renewNormal
		if autoRenew {
			status = renewAuto
		}
	}
	unit, err := p.oneOf("PeriodUnit", "", "Week", "Month", "Year")
	if err != nil {
		return nil, errPeriodUnit
	}
	duration := p.get("Duration")
	_, err = h.modify(c, ids, func(inst *compute.Instance) error {
		if inst.ChargeType != compute.PrePaid {
			return errChargeViolation
		}
		u := cmp.Or(unit, renewal(*inst).PeriodUnit)
		if u == "Year" {
			u = "Month" // a year renews as twelve months
		}
		if duration != "" {
			n, err := strconv.Atoi(duration)
			if unit == "Year" {
				n *= 12
			}
			if err != nil || !slices.Contains(renewPeriods[u], n) {
				return errRenewDuration
			}
			setExtra(&inst.Meta, xAutoRenewPeriod, strconv.Itoa(n))
		}
		setExtra(&inst.Meta, xRenewPeriodUnit, u)
		if status != "" {
			setExtra(&inst.Meta, xRenewalStatus, status)
			setExtra(&inst.Meta, xAutoRenew, strconv.FormatBool(status == renewAuto))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}
