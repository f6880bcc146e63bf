package aliyun

import (
	"cmp"
	"encoding/base64"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/ecsd/ecsd/internal/compute"
)

const (
	maxAmount      = 100
	maxClientToken = 64
	maxDataDisks   = 16
	// maxUserData bounds user data before Base64, as ECS does.
	maxUserData          = 32 << 10
	maxBandwidth         = 100
	maxBandwidthIn       = 10 // the inbound cap while outbound is at most this
	orderIDDigits        = 15
	chargePostPaid       = "PostPaid"
	chargePrePaid        = "PrePaid"
	digitsAlphabet       = "0123456789"
	defaultSystemDiskGiB = 40
	defaultDiskCategory  = categoryEfficiency
	internetByTraffic    = "PayByTraffic"
	internetByBandwidth  = "PayByBandwidth"
	osWindows            = "windows"
)

// Launch errors ECS documents for RunInstances and CreateInstance.
var (
	errImageFamilyAndID       = &apiError{http.StatusBadRequest, "UnexpectedImageFamily.ImageIdSupplied", "The input parameter ImageFamily must be null when image id is set."}
	errImageFamilyNone        = &apiError{http.StatusForbidden, "InvalidImageFamily.MissingAvailableImage", "There is no available image related to the specified image family."}
	errImageTypeConflict      = &apiError{http.StatusBadRequest, "InvalidParameter.Conflict", "The specified image does not support the specified instance type."}
	errChargeType             = &apiError{http.StatusNotFound, "InvalidInstanceChargeType.NotFound", "The InstanceChargeType does not exist in our records."}
	errPeriodMissing          = &apiError{http.StatusBadRequest, "MissingParamter", `The specified parameter "Period" is not null.`}
	errPeriod                 = &apiError{http.StatusBadRequest, "InvalidPeriod", "The specified period is not valid."}
	errPeriodUnit             = &apiError{http.StatusBadRequest, "InvalidPeriodUnit.ValueNotSupported", "The specified parameter PeriodUnit is not valid."}
	errAutoRenewPeriod        = &apiError{http.StatusBadRequest, "InvalidAutoRenewPeriod.ValueNotSupported", "The specified autoRenewPeriod is invalid."}
	errSpotStrategy           = &apiError{http.StatusBadRequest, "InvalidSpotStrategy", "The specified SpotStrategy is not valid."}
	errSpotPrepaid            = &apiError{http.StatusBadRequest, "InvalidSpotPrepaid", "The specified Spot type is not support PrePay Instance."}
	errSpotZone               = &apiError{http.StatusBadRequest, "InvalidSpotParam.EmptyZoneID", "The specified zoneid is empty when SpotStrategy is set."}
	errSpotPrice              = &apiError{http.StatusBadRequest, "InvalidSpotPriceLimit", "The specified SpotPriceLimitis not valid."}
	errSpotDuration           = &apiError{http.StatusBadRequest, "InvalidSpotDuration", "The specified SpotDuration is not valid."}
	errSpotInterruption       = &apiError{http.StatusBadRequest, "InvalidSpotInterruptionBehavior", "The specified SpotInterruptionBehavior is not valid."}
	errSGBoth                 = &apiError{http.StatusBadRequest, "InvalidSecurityGroupId.SingleIdAndMultiIdConflict", "SecurityGroupId and SecurityGroupIds.N cannot be set together."}
	errSGRepeated             = &apiError{http.StatusBadRequest, "InvalidParameter.SecurityGroupIdRepeated", "The specified SecurityGroupIds.N contains a repeated ID."}
	errPrivateIPFormat        = &apiError{http.StatusBadRequest, "InvalidPrivateIpAddress.Malformed", "Specified private IP address is malformed."}
	errPrivateIPSwitch        = &apiError{http.StatusBadRequest, "InvalidVSwitchId.Necessary", "The VSwitchId is necessary."}
	errPrivateIPAmount        = &apiError{http.StatusBadRequest, "InvalidParameter.Conflict", "A PrivateIpAddress can be given for one instance only; ecsd assigns no consecutive addresses."}
	errSwitchZone             = &apiError{http.StatusBadRequest, "InvalidParameter.Mismatch", "Specified virtual switch is not in the specified zone."}
	errENIMode                = &apiError{http.StatusForbidden, "InvalidParameter.Combination", "NetworkInterface.N.InstanceType=Primary cannot be combined with VSwitchId, SecurityGroupId(s) or PrivateIpAddress."}
	errSecondaryENI           = &apiError{http.StatusBadRequest, "InvalidParam.NetworkInterface", "Secondary network interfaces are not supported by ecsd; only NetworkInterface.N.InstanceType=Primary is."}
	errTrafficMode            = &apiError{http.StatusForbidden, "InvalidParameter.EniTrafficMode", "Only the Standard traffic mode is supported."}
	errQueueNumber            = &apiError{http.StatusForbidden, "InvalidParameter.InvalidEniQueueNumber", "The specified queue number exceeds what the instance type allows."}
	errPasswordInherit        = &apiError{http.StatusBadRequest, "InvalidPasswordParam.Mismatch", "The input password should be null when passwdInherit is true."}
	errKeyPairWindows         = &apiError{http.StatusForbidden, "DependencyViolation.WindowsInstance", "The instance creating is window, cannot use ssh key pair to login."}
	errUserDataBase64         = &apiError{http.StatusBadRequest, "InvalidUserData.Base64FormatInvalid", "The specified UserData is not valid."}
	errUserDataSize           = &apiError{http.StatusBadRequest, "InvalidUserData.SizeExceeded", `The specified parameter "UserData" exceeds the size.`}
	errInternetCharge         = &apiError{http.StatusBadRequest, "InvalidInternetChargeType.ValueNotSupported", "The specified InternetChargeType is not valid."}
	errBandwidthOut           = &apiError{http.StatusBadRequest, "InvalidInternetMaxBandwidthOut.Malformed", "The specified parameter internetMaxBandwidthOut is not valid."}
	errBandwidthIn            = &apiError{http.StatusBadRequest, "InvalidInternetMaxBandwidthIn.Malformed", "The specified parameter internetMaxBandwidthIn is not valid."}
	errSystemCategory         = &apiError{http.StatusBadRequest, "InvalidSystemDiskCategory.ValueNotSupported", `The specified parameter "SystemDisk.Category" is not valid.`}
	errDataCategory           = &apiError{http.StatusBadRequest, "InvalidDataDiskCategory.ValueNotSupported", `The specified parameter "DataDisk.n.Category" is not valid.`}
	errCategoryForType        = &apiError{http.StatusForbidden, "InvalidDiskCategory.NotSupported", "The specified disk category is not support the specified instance type."}
	errSystemSize             = &apiError{http.StatusBadRequest, "InvalidSystemDiskSize.ValueNotSupported", "The specified parameter SystemDisk.Size is not valid."}
	errSystemBelowImage       = &apiError{http.StatusNotFound, "InvalidSystemDiskSize.LessThanImageSize", "The specified parameter SystemDisk.Size is less than the image size."}
	errSystemBelowMin         = &apiError{http.StatusNotFound, "InvalidSystemDiskSize.LessThanMinSize", "The specified parameter SystemDisk.Size is less than the min size."}
	errSystemAboveMax         = &apiError{http.StatusNotFound, "InvalidSystemDiskSize.MoreThanMaxSize", "The specified parameter SystemDisk.Size is more than the max size."}
	errDataSize               = &apiError{http.StatusBadRequest, "InvalidDataDiskSize.ValueNotSupported", "The specified DataDisk.n.Size beyond the permitted range, or the capacity of snapshot exceeds the size limit of the specified disk category."}
	errDataDiskCount          = &apiError{http.StatusBadRequest, "InstanceDiskNumber.LimitExceed", "The total number of specified disk in an instance exceeds."}
	errDataDevice             = &apiError{http.StatusBadRequest, "InvalidDataDevice.Malformed", `The specified parameter "DataDisk.n.Device" is not valid.`}
	errDataSnapshot           = &apiError{http.StatusNotFound, "InvalidDataDiskSnapshotId.NotFound", `The specified parameter "DataDisk.n.SnapshotId" is not valid.`}
	errLaunchPerformanceLevel = &apiError{http.StatusBadRequest, "InvalidPerformanceLevel.Malformed", "The specified parameter DataDisk.n.PerformanceLevel is not valid."}
	errLaunchLevelSize        = &apiError{http.StatusForbidden, "OperationDenied.PerformanceLevelNotMatch", "The specified DataDisk.n.PerformanceLevel and DataDisk.n.Size do not match."}
	errIopsCategory           = &apiError{http.StatusBadRequest, "ProvisionedIopsForDiskCategoryUnsupported", "The specified disk category does not support provisioned iops."}
	errIopsLimit              = &apiError{http.StatusBadRequest, "InvalidProvisionedIops.LimitExceed", "The provisioned iops exceeds the limit."}
	errBurstCategory          = &apiError{http.StatusBadRequest, "BurstingEnabledForDiskCategoryUnsupported", "The specified disk category does not support bursting enabled."}
	errKMSNotEncrypted        = &apiError{http.StatusBadRequest, "InvalidEncrypted.NotMatchKmsKeyId", "The specified parameter Encrypted must be true when KmsKeyId is not empty."}
	errAlgNotEncrypted        = &apiError{http.StatusBadRequest, "InvalidEncrypted.NotMatchEncryptAlgorithm", "The specified parameter Encrypted must be true when EncryptAlgorithm is not empty."}
	errEncryptAlgorithm       = &apiError{http.StatusBadRequest, "InvalidEncryptAlgorithm", "The specified parameter EncryptAlgorithm is not valid."}
	errSnapshotPolicy         = &apiError{http.StatusNotFound, "InvalidAutoSnapshotPolicyId.NotFound", "Specified parameter AutoSnapshotPolicyId not found."}
	errStorageCluster         = &apiError{http.StatusNotFound, "InvalidStorageClusterId.NotExist", "The specified StorageClusterId does not exist in current region."}
	errDuplicateTagKey        = &apiError{http.StatusBadRequest, "Duplicate.TagKey", "The Tag.N.Key contain duplicate key."}
	errDeletionProtect        = &apiError{http.StatusForbidden, "InvalidChargeType.ValueNotSupported", "Deletion protection is only valid for postPaid instance, not for prePaid or spot instance."}
	errCreditSpec             = &apiError{http.StatusBadRequest, "InvalidParameter.CreditSpecification", "The specified CreditSpecification is not supported in this region."}
	errHTTPEndpoint           = &apiError{http.StatusBadRequest, "InvalidHttpEndpoint.NotSupported", "The specified HttpEndpoint not supported, you can use enabled(default) or disabled."}
	errHTTPTokens             = &apiError{http.StatusBadRequest, "InvalidHttpTokens.NotSupported", "The specified HttpTokens not supported, you can use optional(default) or required."}
	errHopLimit               = &apiError{http.StatusBadRequest, "InvalidHttpPutResponseHopLimit.NotSupported", "The specified HttpPutResponseHopLimit not supported, more than 1 and less than 64 is reasonable."}
	errCPUCore                = &apiError{http.StatusForbidden, "InvalidParam.CpuOptionsCore", "The specified CpuOptions.Core is not valid for the instance type."}
	errCPUTopology            = &apiError{http.StatusBadRequest, "InvalidParameter.CpuOptionsTopologyType", "The specified parameter CpuOptions.TopologyType is not valid."}
	errClientToken            = &apiError{http.StatusBadRequest, "InvalidClientToken.ValueNotSupported", "The ClientToken provided is invalid."}
	errMinAmount              = &apiError{http.StatusBadRequest, "InvalidMinAmount.Malformed", "The specified parameter MinAmount is not valid."}
	errIoOptimized            = &apiError{http.StatusBadRequest, "InvalidIoOptimize.ValueNotSupported", "The specified IoOptimize is not valid."}
	errNonRootImage           = &apiError{http.StatusBadRequest, "LoginAsNonRoot.ImageNotSupport", "The specified image does not support login as non-root."}
	errPoolID                 = &apiError{http.StatusBadRequest, "MissingParameter.PrivatePoolOptionsId", "The specified PrivatePoolOptions.Id should not be null."}
	errPoolCriteria           = &apiError{http.StatusBadRequest, "Invalid.PrivatePoolOptions.MatchCriteria", "Target mode does not support this operation."}
)

// refusedParams are the documented parameters ecsd does not model, each
// refused with the error ECS gives when what it names does not exist, or
// for a feature ecsd has no part of.
var refusedParams = []struct {
	name string
	err  *apiError
}{
	{"LaunchTemplateId", &apiError{http.StatusNotFound, "InvalidLaunchTemplate.NotFound", "The specified LaunchTemplate does not exist; ecsd has no launch templates."}},
	{"LaunchTemplateName", &apiError{http.StatusNotFound, "InvalidLaunchTemplate.NotFound", "The specified LaunchTemplate does not exist; ecsd has no launch templates."}},
	{"LaunchTemplateVersion", &apiError{http.StatusNotFound, "InvalidLaunchTemplateVersion.NotFound", "The specified LaunchTemplateVersion does not exist; ecsd has no launch templates."}},
	{"AutoReleaseTime", &apiError{http.StatusBadRequest, "InvalidAutoReleaseTime.Malformed", "The specified parameter AutoReleaseTime is not valid; ecsd does not release instances on a timer."}},
	{"RamRoleName", &apiError{http.StatusNotFound, "InvalidRamRole.NotFound", `The specified parameter "RAMRoleName" does not exist.`}},
	{"HpcClusterId", &apiError{http.StatusBadRequest, "InvalidHpcClusterId.NotFound", "The specified HpcClusterId is not found."}},
	{"DeploymentSetId", &apiError{http.StatusBadRequest, "InvalidDeploymentSetId.NotFound", "The parameter DeploymentSetId is invalid."}},
	{"DeploymentSetGroupNo", &apiError{http.StatusNotFound, "InvalidParameter.DeploymentSetGroupNo", "Parameter DeploymentSetGroupNo is invalid."}},
	{"DedicatedHostId", &apiError{http.StatusBadRequest, "InvalidDedicatedHostId.NotFound", "The specified DedicatedHostId does not exist."}},
	{"SchedulerOptions.DedicatedHostClusterId", &apiError{http.StatusBadRequest, "InvalidDedicatedHostClusterId.NotFound", "The specified DedicatedHostClusterId does not exist."}},
	{"StorageSetId", &apiError{http.StatusForbidden, "InvalidParameter.StorageSetId", "Specified parameter StorageSetId is not valid."}},
	{"StorageSetPartitionNumber", &apiError{http.StatusForbidden, "InvalidParameter.StorageSetPartitionNumber", "Specified parameter StorageSetPartitionNumber is not valid."}},
	{"Ipv6AddressCount", &apiError{http.StatusForbidden, "InvalidVSwitch.Ipv6NotTurnOn", "The vSwitch has no IPv6 CIDR block; ecsd models no IPv6."}},
	{"Isp", &apiError{http.StatusForbidden, "InvalidIspType.ValueNotSupported", "The specified Isp is not supported."}},
	{"PrivatePoolOptions.Id", &apiError{http.StatusBadRequest, "Invalid.PrivatePoolOptions.Id", "The PrivatePool does not exist."}},
	{"SecurityOptions.TrustedSystemMode", &apiError{http.StatusForbidden, "InvalidParam.TrustedSystemMode", "The specified TrustedSystemMode is invalid."}},
	{"SecurityOptions.ConfidentialComputingMode", &apiError{http.StatusForbidden, "InvalidParam.ConfidentialComputingMode", "The specified ConfidentialComputingMode is invalid."}},
	{"SystemDisk.AutoSnapshotPolicyId", errSnapshotPolicy},
	{"SystemDisk.StorageClusterId", errStorageCluster},
	{"ImageOptions.ImageFamily", errImageFamilyNone},
	{"NodeControllerId", &apiError{http.StatusBadRequest, "InvalidNodeControllerId.Malformed", `The specified parameter "NodeControllerId" is not valid.`}},
	{"InnerIpAddress", &apiError{http.StatusBadRequest, "InvalidInnerIpAddress.Malformed", `The specified parameter "InnerIpAddress" is not valid.`}},
	{"VlanId", &apiError{http.StatusForbidden, "OperationDenied.NoVlan", `The specified parameter "VlanId" is not valid or vlan has not enough IP address.`}},
	{"CapacityReservationId", &apiError{http.StatusBadRequest, "InvalidCapacityReservationId.NotFound", "The specified CapacityReservationId does not exist."}},
	{"SchedulerOptions.ManagedPrivateSpaceId", &apiError{http.StatusBadRequest, "InvalidManagedPrivateSpaceId.NotFound", "The specified ManagedPrivateSpaceId does not exist."}},
}

// Prefixed parameters ecsd does not model.
var refusedPrefixes = []struct {
	prefix string
	err    *apiError
}{
	{"Ipv6Address.", &apiError{http.StatusForbidden, "InvalidVSwitch.Ipv6NotTurnOn", "The vSwitch has no IPv6 CIDR block; ecsd models no IPv6."}},
	{"Arn.", &apiError{http.StatusBadRequest, "InvalidParameter.Arns", "The specified Arns is not valid."}},
	{"SystemTag.", &apiError{http.StatusBadRequest, "NoPermission.SystemTag", "The operator is not permission for the system tag."}},
	{"PrivateDnsNameOptions.", &apiError{http.StatusBadRequest, "InvalidParameter", `The specified parameter "PrivateDnsNameOptions" is not valid; ecsd keeps no private DNS names.`}},
	{"CpuOptions.Accelerators.", &apiError{http.StatusBadRequest, "InvalidParameter", `The specified parameter "CpuOptions.Accelerators" is not valid; ecsd offers no accelerators.`}},
}

type runInstancesResponse struct {
	RequestID      string  `json:"RequestId" xml:"RequestId"`
	OrderID        string  `json:"OrderId,omitempty" xml:"OrderId,omitempty"`
	TradePrice     float64 `json:"TradePrice" xml:"TradePrice"`
	InstanceIDSets struct {
		InstanceIDSet []string `json:"InstanceIdSet" xml:"InstanceIdSet"`
	} `json:"InstanceIdSets" xml:"InstanceIdSets"`
}

type createInstanceResponse struct {
	RequestID  string  `json:"RequestId" xml:"RequestId"`
	InstanceID string  `json:"InstanceId" xml:"InstanceId"`
	OrderID    string  `json:"OrderId,omitempty" xml:"OrderId,omitempty"`
	TradePrice float64 `json:"TradePrice" xml:"TradePrice"`
}

// launch is a RunInstances or CreateInstance request being read.
type launch struct {
	h      *Handler
	c      *call
	p      params
	run    bool // RunInstances; CreateInstance otherwise
	count  int
	region compute.Region
	spec   compute.LaunchSpec
	image  *compute.Image        // nil when the catalog lists no images
	itype  *compute.InstanceType // nil when the catalog lists no types
	extra  map[string]string
}

func (l *launch) windows() bool { return l.image != nil && l.image.OSType == osWindows }

// launchSpec reads what RunInstances and CreateInstance share; run says
// which it is.
func (h *Handler) launchSpec(c *call, run bool) (compute.LaunchSpec, error) {
	l := &launch{h: h, c: c, p: c.params, run: run, count: 1, extra: map[string]string{}}
	var err error
	if l.region, err = h.region(c); err != nil {
		return compute.LaunchSpec{}, err
	}
	zone, err := h.zone(c, l.region)
	if err != nil {
		return compute.LaunchSpec{}, err
	}
	for _, r := range refusedParams {
		if l.p.get(r.name) != "" {
			return compute.LaunchSpec{}, r.err
		}
	}
	for name := range l.p {
		for _, r := range refusedPrefixes {
			if strings.HasPrefix(name, r.prefix) {
				return compute.LaunchSpec{}, r.err
			}
		}
	}
	boot := compute.BootNone
	if run {
		boot = compute.BootStaged
		if l.count, err = l.p.integer("Amount", 1, 1, maxAmount); err != nil {
			return compute.LaunchSpec{}, err
		}
		if min, err := l.p.integer("MinAmount", 1, 1, maxAmount); err != nil || min > l.count {
			return compute.LaunchSpec{}, errMinAmount
		}
	}
	l.spec = compute.LaunchSpec{
		Owner: c.owner, Region: l.region.ID, Zone: zone, Count: l.count, Boot: boot,
		ChargeType: compute.PostPaid,
	}
	for _, step := range []func() error{
		l.readImageAndType, l.readCharge, l.readSpot, l.readNetwork, l.readNames, l.readLogin,
		l.readBandwidth, l.readDisks, l.readOptions, l.readRequest,
	} {
		if err := step(); err != nil {
			return compute.LaunchSpec{}, err
		}
	}
	l.spec.Extra = l.extra
	return l.spec, nil
}

// readImageAndType reads ImageId (or ImageFamily, the family's latest
// image) and InstanceType, and checks that they go together.
func (l *launch) readImageAndType() error {
	cat := l.h.Svc.Catalog(compute.CloudAliyun)
	id, family := l.p.get("ImageId"), l.p.get("ImageFamily")
	switch {
	case id != "" && family != "":
		return errImageFamilyAndID
	case family != "":
		var latest *compute.Image
		for i, im := range cat.Images {
			if im.Attributes[AttrImageFamily] == family && (latest == nil || im.CreatedAt > latest.CreatedAt) {
				latest = &cat.Images[i]
			}
		}
		if latest == nil {
			return errImageFamilyNone
		}
		id = latest.ID
	case id == "":
		return missingParameter("ImageId")
	}
	l.spec.ImageID = id
	if im, ok := cat.Image(id); ok {
		l.image = &im
	}
	typ, err := l.p.required("InstanceType")
	if err != nil {
		return err
	}
	l.spec.InstanceType = typ
	if t, ok := cat.InstanceType(typ); ok {
		l.itype = &t
	}
	if l.image != nil && l.itype != nil && archOf(l.image.Architecture) != archOf(l.itype.Architecture) {
		return errImageTypeConflict
	}
	if v, err := l.p.oneOf("IoOptimized", "optimized", "optimized", "none"); err != nil || v == "none" {
		return errIoOptimized
	}
	return nil
}

// archOf folds the spellings of an architecture: i386 images run on
// x86_64 types.
func archOf(a string) string {
	if a == "i386" {
		return "x86_64"
	}
	return a
}

// readCharge reads InstanceChargeType and, for PrePaid, the subscription.
func (l *launch) readCharge() error {
	charge, err := l.p.oneOf("InstanceChargeType", chargePostPaid, chargePostPaid, chargePrePaid)
	if err != nil {
		return errChargeType
	}
	if charge != chargePrePaid {
		return nil
	}
	l.spec.ChargeType = compute.PrePaid
	unit, err := l.p.oneOf("PeriodUnit", defaultPeriodUnit, "Week", "Month")
	if err != nil {
		return errPeriodUnit
	}
	if l.p.get("Period") == "" {
		return errPeriodMissing
	}
	period, err := strconv.Atoi(l.p.get("Period"))
	if err != nil || !slices.Contains(periods[unit], period) {
		return errPeriod
	}
	autoRenew, err := l.p.boolean("AutoRenew")
	if err != nil {
		return invalidParameter("AutoRenew")
	}
	renewPeriod, err := strconv.Atoi(cmp.Or(l.p.get("AutoRenewPeriod"), "1"))
	if err != nil || !slices.Contains(renewPeriods[unit], renewPeriod) {
		return errAutoRenewPeriod
	}
	l.extra[xPeriod], l.extra[xPeriodUnit] = strconv.Itoa(period), unit
	l.extra[xAutoRenew], l.extra[xAutoRenewPeriod] = strconv.FormatBool(autoRenew), strconv.Itoa(renewPeriod)
	return nil
}

// The periods ECS sells and renews by, per unit.
var (
	periods      = map[string][]int{"Week": {1, 2, 3, 4}, "Month": {1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 24, 36, 48, 60}}
	renewPeriods = map[string][]int{"Week": {1, 2, 3}, "Month": {1, 2, 3, 6, 12, 24, 36, 48, 60}}
)

// readSpot reads the preemptible-instance parameters.
func (l *launch) readSpot() error {
	strategy, err := l.p.oneOf("SpotStrategy", defaultSpotStrategy, defaultSpotStrategy, "SpotWithPriceLimit", "SpotAsPriceGo")
	if err != nil {
		return errSpotStrategy
	}
	if strategy == defaultSpotStrategy {
		return nil
	}
	if l.spec.ChargeType == compute.PrePaid {
		return errSpotPrepaid
	}
	if l.spec.Zone == "" && l.p.get("VSwitchId") == "" {
		return errSpotZone
	}
	l.extra[xSpotStrategy] = strategy
	if strategy == "SpotWithPriceLimit" {
		price, err := strconv.ParseFloat(l.p.get("SpotPriceLimit"), 64)
		dot := strings.IndexByte(l.p.get("SpotPriceLimit"), '.')
		if err != nil || price <= 0 || price > 999999 || dot >= 0 && len(l.p.get("SpotPriceLimit"))-dot-1 > 3 {
			return errSpotPrice
		}
		l.extra[xSpotPriceLimit] = strconv.FormatFloat(price, 'f', -1, 64)
	}
	duration, err := l.p.integer("SpotDuration", 1, 0, 6)
	if err != nil {
		return errSpotDuration
	}
	l.extra[xSpotDuration] = strconv.Itoa(duration)
	behavior, err := l.p.oneOf("SpotInterruptionBehavior", defaultSpotInterruption, defaultSpotInterruption, "Stop")
	if err != nil {
		return errSpotInterruption
	}
	l.extra[xSpotInterruptionBehavior] = behavior
	return nil
}

// readNetwork reads the vSwitch, security groups and private address:
// given directly, or as the primary network interface NetworkInterface.N
// with InstanceType=Primary.
func (l *launch) readNetwork() error {
	p := l.p
	vswitch, single, address := p.get("VSwitchId"), p.get("SecurityGroupId"), p.get("PrivateIpAddress")
	groups, err := p.repeated("SecurityGroupIds", errSGRepeated)
	if err != nil {
		return err
	}
	enis, err := p.structs("NetworkInterface", 8)
	if err != nil {
		return errSecondaryENI
	}
	for _, e := range enis {
		if e.get("InstanceType") != "Primary" {
			return errSecondaryENI
		}
		if vswitch != "" || single != "" || len(groups) > 0 || address != "" {
			return errENIMode
		}
		if mode := e.get("NetworkInterfaceTrafficMode"); mode != "" && mode != "Standard" {
			return errTrafficMode
		}
		if err := checkPrimaryENI(e); err != nil {
			return err
		}
		vswitch, single, address = e.get("VSwitchId"), e.get("SecurityGroupId"), e.get("PrimaryIpAddress")
		if groups, err = e.repeated("SecurityGroupIds", errSGRepeated); err != nil {
			return err
		}
		if q := e.get("QueueNumber"); q != "" {
			l.extra[xQueueNumber] = q
		}
	}
	if single != "" && len(groups) > 0 {
		return errSGBoth
	}
	if single != "" {
		groups = []string{single}
	}
	if len(groups) != len(dedupeStrings(groups)) {
		return errSGRepeated
	}
	for _, g := range groups {
		l.spec.SecurityGroups = append(l.spec.SecurityGroups, compute.SecurityGroupID(g))
	}
	if q := cmp.Or(l.extra[xQueueNumber], p.get("NetworkInterfaceQueueNumber")); q != "" {
		n, err := strconv.Atoi(q)
		if most := typeAttrInt(l.itype, AttrTypeQueues); err != nil || n < 1 || most > 0 && n > most {
			return errQueueNumber
		}
		l.extra[xQueueNumber] = q
	}
	if vswitch != "" {
		l.spec.Subnet = compute.SubnetID(vswitch)
		subnets, err := l.h.Svc.Subnets(l.c.ctx(), l.c.owner, compute.Filter{IDs: []string{vswitch}})
		if err != nil {
			return err
		}
		if len(subnets) == 1 && l.spec.Zone != "" && subnets[0].Zone != l.spec.Zone {
			return errSwitchZone
		}
	}
	if address != "" {
		ip, err := netip.ParseAddr(address)
		if err != nil || !ip.Is4() {
			return errPrivateIPFormat
		}
		if vswitch == "" {
			return errPrivateIPSwitch
		}
		if l.count != 1 {
			return errPrivateIPAmount
		}
		l.spec.PrivateIP = ip
	}
	return nil
}

// checkPrimaryENI refuses what a primary NetworkInterface.N may say that
// ecsd does not model: an existing interface, a network card other than
// the first, RDMA queue pairs, custom ring sizes.
func checkPrimaryENI(e params) error {
	switch {
	case e.get("NetworkInterfaceId") != "":
		return &apiError{http.StatusForbidden, "InvalidEniId.NotFound", "The specified NetworkInterfaceId does not exist."}
	case e.get("NetworkCardIndex") != "" && e.get("NetworkCardIndex") != "0":
		return &apiError{http.StatusBadRequest, "InvalidParameter.NetworkCardIndexInvalid", "Invalid network card index, please check your instance type."}
	case e.get("QueuePairNumber") != "" && e.get("QueuePairNumber") != "0":
		return &apiError{http.StatusForbidden, "InvalidParameter.QueuePairNumberMustEmpty", "QueuePairNumber applies to RDMA interfaces only."}
	case e.get("RxQueueSize") != "" || e.get("TxQueueSize") != "":
		return invalidParameter("NetworkInterface.n.RxQueueSize")
	}
	if _, err := e.boolean("SourceDestCheck"); err != nil {
		return invalidParameter("NetworkInterface.n.SourceDestCheck")
	}
	if _, err := e.boolean("DeleteOnRelease"); err != nil {
		return invalidParameter("NetworkInterface.n.DeleteOnRelease")
	}
	return nil
}

// readNames reads InstanceName, HostName or HostNames.N, UniqueSuffix and
// Description, and names each instance of the batch: ordered sections and
// unique suffixes numbered, ${instance_id} replaced, ECS's defaults (the
// instance ID as the name, iZ<id>Z as the host name) where none was given.
func (l *launch) readNames() error {
	p := l.p
	unique, err := p.boolean("UniqueSuffix")
	if err != nil {
		return invalidParameter("UniqueSuffix")
	}
	unique = unique && l.count > 1
	instanceName, err := parseName(p.get("InstanceName"))
	if err != nil {
		return err
	}
	if p.get("InstanceName") != "" && !validName(instanceName.nth(0, unique)) {
		if unique && validName(instanceName.nth(0, false)) {
			return errNameTooLong
		}
		return errInstanceName
	}
	hostName, err := parseName(p.get("HostName"))
	if err != nil {
		return err
	}
	hostNames, err := p.repeated("HostNames", invalidParameter("HostNames"))
	if err != nil {
		return err
	}
	sampleID := "i-" + strings.Repeat("a", 20)
	switch {
	case len(hostNames) > 0 && p.get("HostName") != "":
		return errHostNamesBoth
	case len(hostNames) > 0 && len(hostNames) != l.count:
		return errHostNamesSize
	case len(hostNames) > 0:
		for _, h := range hostNames {
			if !validHostName(h, l.windows()) {
				return errHostName
			}
		}
	case p.get("HostName") != "":
		if l.windows() && strings.Contains(p.get("HostName"), instanceIDPlaceholder) {
			return errHostName
		}
		sample := strings.ReplaceAll(hostName.nth(0, unique), instanceIDPlaceholder, sampleID)
		if !validHostName(sample, l.windows()) {
			if unique && validHostName(strings.ReplaceAll(hostName.nth(0, false), instanceIDPlaceholder, sampleID), l.windows()) {
				return errHostTooLong
			}
			return errHostName
		}
	}
	if d := p.get("Description"); d != "" {
		if !validDescription(d) {
			return errDescription
		}
		l.spec.Description = d
	}
	nameGiven, hostGiven, windows := p.get("InstanceName") != "", p.get("HostName") != "", l.windows()
	l.spec.Customize = func(i int, inst *compute.Instance) {
		inst.Name = string(inst.ID)
		if nameGiven {
			inst.Name = instanceName.nth(i, unique)
		}
		switch {
		case len(hostNames) > 0:
			inst.HostName = hostNames[i]
		case hostGiven:
			inst.HostName = strings.ReplaceAll(hostName.nth(i, unique), instanceIDPlaceholder, string(inst.ID))
		default:
			inst.HostName = defaultHostName(string(inst.ID), windows)
		}
	}
	return nil
}

// readLogin reads Password, PasswordInherit, KeyPairName and UserData.
func (l *launch) readLogin() error {
	p := l.p
	inherit, err := p.boolean("PasswordInherit")
	if err != nil {
		return invalidParameter("PasswordInherit")
	}
	if pw := p.get("Password"); pw != "" {
		if inherit {
			return errPasswordInherit
		}
		if !validPassword(pw, l.windows()) {
			return errPassword
		}
	}
	l.spec.HasPassword = inherit || p.get("Password") != ""
	if name := p.get("KeyPairName"); name != "" {
		if l.windows() {
			return errKeyPairWindows
		}
		kp, err := l.h.Svc.KeyPairNamed(l.c.ctx(), l.c.owner, l.region.ID, name)
		if err != nil {
			return err
		}
		l.spec.KeyPair = kp.ID
	}
	if data := p.get("UserData"); data != "" {
		if err := checkUserData(data); err != nil {
			return err
		}
		l.spec.UserData = data
	}
	return nil
}

// checkUserData checks user data as ECS takes it: Base64, and at most
// 32 KiB once decoded.
func checkUserData(data string) error {
	raw, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		return errUserDataBase64
	}
	if len(raw) > maxUserData {
		return errUserDataSize
	}
	return nil
}

// readBandwidth reads InternetChargeType and the public bandwidth caps;
// RunInstances allocates a public address when the outbound cap is above
// zero.
func (l *launch) readBandwidth() error {
	charge, err := l.p.oneOf("InternetChargeType", internetByTraffic, internetByTraffic, internetByBandwidth)
	if err != nil {
		return errInternetCharge
	}
	l.spec.InternetCharge = compute.ChargeByTraffic
	if charge == internetByBandwidth {
		l.spec.InternetCharge = compute.ChargeByBandwidth
	}
	out, err := l.p.integer("InternetMaxBandwidthOut", 0, 0, maxBandwidth)
	if err != nil {
		return errBandwidthOut
	}
	in, err := l.p.integer("InternetMaxBandwidthIn", defaultBandwidthIn(out), 1, max(maxBandwidthIn, out))
	if err != nil {
		return errBandwidthIn
	}
	l.spec.BandwidthOut, l.spec.BandwidthIn = out, in
	if l.run && out > 0 {
		l.extra[xPublicIPAllocated] = "true"
	}
	return nil
}

// defaultBandwidthIn is ECS's inbound cap for an outbound one: 10 Mbit/s,
// or the outbound cap when that is higher.
func defaultBandwidthIn(out int) int { return max(maxBandwidthIn, out) }

// readDisks reads SystemDisk.* and DataDisk.N.*, applying ECS's defaults:
// cloud_efficiency, and a system disk of 40 GiB or the image's size.
func (l *launch) readDisks() error {
	p := l.p
	imageSize := 20
	if l.image != nil {
		imageSize = l.image.SizeGiB
	}
	sys := diskParams{p: p, prefix: "SystemDisk.", system: true}
	spec, err := l.disk(sys, "Category", errSystemCategory)
	if err != nil {
		return err
	}
	size := max(defaultSystemDiskGiB, imageSize)
	if s := p.get("SystemDisk.Size"); s != "" {
		if size, err = strconv.Atoi(s); err != nil {
			return errSystemSize
		}
	}
	cat, _ := l.h.Svc.Catalog(compute.CloudAliyun).DiskCategory(spec.Category)
	switch {
	case size < imageSize:
		return errSystemBelowImage
	case size < cat.SystemMinGiB:
		return errSystemBelowMin
	case size > cat.SystemMaxGiB:
		return errSystemAboveMax
	}
	spec.SizeGiB = size
	if err := checkLevelSize(spec, true); err != nil {
		return err
	}
	spec.DeleteWithInstance = true
	l.spec.SystemDisk = spec

	disks, err := p.structs("DataDisk", maxDataDisks*4)
	if err != nil {
		return err
	}
	if len(disks) > maxDataDisks {
		return errDataDiskCount
	}
	for _, d := range disks {
		dp := diskParams{p: d}
		spec, err := l.disk(dp, "Category", errDataCategory)
		if err != nil {
			return err
		}
		switch {
		case d.get("SnapshotId") != "":
			return errDataSnapshot // ecsd keeps no snapshots
		case d.get("AutoSnapshotPolicyId") != "":
			return errSnapshotPolicy
		case d.get("StorageClusterId") != "":
			return errStorageCluster
		case d.get("Device") != "":
			// Device maps a disk of a whole-machine image, which ecsd has
			// none of.
			return errDataDevice
		}
		cat, _ := l.h.Svc.Catalog(compute.CloudAliyun).DiskCategory(spec.Category)
		if spec.SizeGiB, err = strconv.Atoi(d.get("Size")); err != nil || spec.SizeGiB < cat.MinGiB || spec.SizeGiB > cat.MaxGiB {
			return errDataSize
		}
		if err := checkLevelSize(spec, false); err != nil {
			return err
		}
		if spec.DeleteWithInstance, err = boolOr(d, "DeleteWithInstance", true); err != nil {
			return invalidParameter("DataDisk.n.DeleteWithInstance")
		}
		l.spec.DataDisks = append(l.spec.DataDisks, spec)
	}
	return nil
}

// diskParams are the parameters of one disk: SystemDisk.* of the request,
// or one DataDisk.N.
type diskParams struct {
	p      params
	prefix string
	system bool
}

func (d diskParams) get(field string) string { return d.p.get(d.prefix + field) }

// disk reads what system and data disks share: category, name,
// description, performance level, encryption, provisioned IOPS and
// bursting.
func (l *launch) disk(d diskParams, categoryField string, badCategory *apiError) (compute.DiskSpec, error) {
	spec := compute.DiskSpec{Category: cmp.Or(d.get(categoryField), defaultDiskCategory), Extra: map[string]string{}}
	cat, ok := l.h.Svc.Catalog(compute.CloudAliyun).DiskCategory(spec.Category)
	if !ok || d.system && cat.SystemMaxGiB == 0 || !d.system && cat.MaxGiB == 0 {
		return spec, badCategory
	}
	if spec.Category == categoryESSDEntry && (l.itype == nil || l.itype.Attributes[AttrTypeEssdEntry] != "true") {
		return spec, errCategoryForType
	}
	if n := d.get("DiskName"); n != "" {
		if !validName(n) {
			return spec, errDiskName
		}
		spec.Name = n
	}
	if desc := d.get("Description"); desc != "" {
		if !validDescription(desc) {
			return spec, errDiskDesc
		}
		spec.Description = desc
	}
	if level := d.get("PerformanceLevel"); level != "" {
		if spec.Category != categoryESSD || !slices.Contains([]string{"PL0", "PL1", "PL2", "PL3"}, level) {
			return spec, errLaunchPerformanceLevel
		}
		spec.Extra[extraPerformanceLevel] = level
	} else if spec.Category == categoryESSD {
		spec.Extra[extraPerformanceLevel] = "PL1"
	}
	encrypted, err := boolOr(d.p, d.prefix+"Encrypted", false)
	if err != nil {
		return spec, invalidParameter(d.prefix + "Encrypted")
	}
	spec.Encrypted = encrypted
	if k := d.get("KMSKeyId"); k != "" {
		if !encrypted {
			return spec, errKMSNotEncrypted
		}
		spec.KMSKeyID = k
	}
	if a := d.get("EncryptAlgorithm"); a != "" {
		if !encrypted {
			return spec, errAlgNotEncrypted
		}
		// RunInstances documents the algorithms in capitals and CreateDisk
		// in lower case; both spellings name one algorithm, kept as
		// CreateDisk spells it.
		a = strings.ToLower(a)
		if a != "aes-256" && a != "sm4-128" {
			return spec, errEncryptAlgorithm
		}
		spec.Extra[extraEncryptAlgorithm] = a
	}
	if iops := d.get("ProvisionedIops"); iops != "" {
		if spec.Category != categoryAuto {
			return spec, errIopsCategory
		}
		if _, err := strconv.Atoi(iops); err != nil {
			return spec, errIopsLimit
		}
		spec.Extra[extraProvisionedIops] = iops
	}
	if b := d.get("BurstingEnabled"); b != "" {
		burst, err := boolOr(d.p, d.prefix+"BurstingEnabled", false)
		if err != nil {
			return spec, invalidParameter(d.prefix + "BurstingEnabled")
		}
		if spec.Category != categoryAuto {
			return spec, errBurstCategory
		}
		if burst {
			spec.Extra[extraBursting] = "true"
		}
	}
	return spec, nil
}

// checkLevelSize applies the smallest sizes of ESSD performance levels
// (PL0 40 GiB for data disks, PL2 461, PL3 1261) and the IOPS an ESSD
// AutoPL disk may provision: min(50000, 1000*size - baseline), the
// baseline min(1800 + 50*size, 50000).
func checkLevelSize(d compute.DiskSpec, system bool) error {
	minimum := map[string]int{"PL2": 461, "PL3": 1261}
	if !system {
		minimum["PL0"] = 40
	}
	if d.SizeGiB < minimum[d.Extra[extraPerformanceLevel]] {
		return errLaunchLevelSize
	}
	if s := d.Extra[extraProvisionedIops]; s != "" {
		iops, _ := strconv.Atoi(s)
		baseline := min(1800+50*d.SizeGiB, 50000)
		if iops < 0 || iops > max(0, min(50000, 1000*d.SizeGiB-baseline)) {
			return errIopsLimit
		}
	}
	return nil
}

// boolOr reads a Boolean parameter, def when absent.
func boolOr(p params, name string, def bool) (bool, error) {
	if p.get(name) == "" {
		return def, nil
	}
	return p.boolean(name)
}

// readOptions reads tags, resource group, deletion protection, credit
// specification, metadata, CPU and the remaining instance options.
func (l *launch) readOptions() error {
	p := l.p
	tagList, err := tags(p)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, t := range tagList {
		if seen[t.Key] {
			return errDuplicateTagKey
		}
		seen[t.Key] = true
	}
	l.spec.Tags = tagList
	// Tags given at launch go on the instance's disks too.
	l.spec.SystemDisk.Tags = slices.Clone(tagList)
	for i := range l.spec.DataDisks {
		l.spec.DataDisks[i].Tags = slices.Clone(tagList)
	}
	l.spec.ResourceGroup = p.get("ResourceGroupId")
	l.spec.SystemDisk.ResourceGroup = l.spec.ResourceGroup
	for i := range l.spec.DataDisks {
		l.spec.DataDisks[i].ResourceGroup = l.spec.ResourceGroup
	}
	if l.spec.DeletionProtection, err = p.boolean("DeletionProtection"); err != nil {
		return invalidParameter("DeletionProtection")
	}
	if l.spec.DeletionProtection && (l.spec.ChargeType == compute.PrePaid || l.extra[xSpotStrategy] != "") {
		return errDeletionProtect
	}
	if credit := p.get("CreditSpecification"); credit != "" {
		if credit != "Standard" && credit != "Unlimited" || !burstable(l.itype) {
			return errCreditSpec
		}
		l.extra[xCreditSpecification] = credit
	} else if burstable(l.itype) {
		l.extra[xCreditSpecification] = "Standard"
	}
	if l.extra[xHTTPEndpoint], err = p.oneOf("HttpEndpoint", defaultHTTPEndpoint, "enabled", "disabled"); err != nil {
		return errHTTPEndpoint
	}
	if l.extra[xHTTPTokens], err = p.oneOf("HttpTokens", defaultHTTPTokens, "optional", "required"); err != nil {
		return errHTTPTokens
	}
	hops, err := p.integer("HttpPutResponseHopLimit", defaultHopLimit, 1, 64)
	if err != nil {
		return errHopLimit
	}
	l.extra[xHTTPHopLimit] = strconv.Itoa(hops)
	if err := l.readCPUOptions(); err != nil {
		return err
	}
	if s, err := p.oneOf("SecurityEnhancementStrategy", "", "Active", "Deactive"); err != nil {
		return invalidParameter("SecurityEnhancementStrategy")
	} else if s != "" {
		l.extra[xSecurityEnhancement] = s
	}
	for _, b := range []struct{ param, key string }{
		{"NetworkOptions.EnableJumboFrame", xJumboFrame},
		{"ImageOptions.LoginAsNonRoot", xLoginAsNonRoot},
		{"AdditionalInfo.EnableHighDensityMode", xHighDensityMode},
	} {
		v, err := p.boolean(b.param)
		if err != nil {
			return invalidParameter(b.param)
		}
		if v {
			l.extra[b.key] = "true"
		}
	}
	if l.extra[xLoginAsNonRoot] == "true" && (l.image == nil || l.image.Attributes[AttrNonRootLogin] != "true") {
		return errNonRootImage
	}
	if hibernate, err := p.boolean("HibernationOptions.Configured"); err != nil || hibernate {
		return &apiError{http.StatusBadRequest, "HibernationConfigured.InstanceTypeNotSupport", "The specified instance type is not support."}
	}
	criteria, err := p.oneOf("PrivatePoolOptions.MatchCriteria", "None", "Open", "Target", "None")
	if err != nil {
		return errPoolCriteria
	}
	if criteria == "Target" {
		return errPoolID
	}
	l.extra[xPrivatePoolCriteria] = criteria
	if pref, err := p.oneOf("CapacityReservationPreference", "", "open", "none"); err != nil {
		return &apiError{http.StatusBadRequest, "InvalidParameter", `The specified parameter "CapacityReservationPreference" is not valid.`}
	} else if pref != "" {
		l.extra[xCapacityReservation] = pref
	}
	for _, v := range []struct{ param, allowed string }{{"Tenancy", "default"}, {"Affinity", "default"}} {
		if s := p.get(v.param); s != "" && s != v.allowed {
			return &apiError{http.StatusBadRequest, "InvalidDedicatedHostId.NotFound", "The specified DedicatedHostId does not exist; ecsd has no dedicated hosts."}
		}
	}
	return nil
}

// burstable reports whether instances of t earn CPU credits.
func burstable(t *compute.InstanceType) bool {
	return t != nil && t.Attributes[AttrTypeBaselineCredit] != ""
}

// readCPUOptions reads CpuOptions.*: the core count cannot change; threads
// per core may drop to 1, halving the vCPUs.
func (l *launch) readCPUOptions() error {
	p := l.p
	threads := typeThreads(l.itype)
	cores := 0
	if l.itype != nil {
		cores = l.itype.CPU / threads
	}
	if s := p.get("CpuOptions.Core"); s != "" {
		if n, err := strconv.Atoi(s); err != nil || n != cores {
			return errCPUCore
		}
	}
	if s := p.get("CpuOptions.ThreadsPerCore"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n != 1 && n != threads {
			return invalidParameter("CpuOptions.ThreadsPerCore")
		}
		l.extra[xCPUThreadsPerCore] = s
	}
	topology, err := p.oneOf("CpuOptions.TopologyType", "", "ContinuousCoreToHTMapping", "DiscreteCoreToHTMapping")
	if err != nil {
		return errCPUTopology
	}
	if topology != "" {
		l.extra[xCPUTopologyType] = topology
	}
	return nil
}

// typeThreads is the threads per core of an instance type: 2, or what its
// threads_per_core attribute says.
func typeThreads(t *compute.InstanceType) int {
	if n := typeAttrInt(t, AttrTypeThreads); n > 0 {
		return n
	}
	return 2
}

// typeAttrInt reads an integer attribute of an instance type, 0 when it
// has none (or for a type the catalog does not list).
func typeAttrInt(t *compute.InstanceType, key string) int {
	if t == nil {
		return 0
	}
	n, _ := strconv.Atoi(t.Attributes[key])
	return n
}

// readRequest reads DryRun and ClientToken.
func (l *launch) readRequest() error {
	var err error
	if l.spec.DryRun, err = dryRun(l.c); err != nil {
		return err
	}
	token := l.p.get("ClientToken")
	if len(token) > maxClientToken || !ascii(token) {
		return errClientToken
	}
	l.spec.ClientToken = token
	return nil
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

func dedupeStrings(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// orderID is set for prepaid launches only, which are the ones that order.
func (h *Handler) orderID(spec compute.LaunchSpec) string {
	if spec.ChargeType != compute.PrePaid {
		return ""
	}
	return h.newOrderID()
}

// runInstances creates and starts instances: Pending, then Starting, then
// Running (reference 2.8).
func (h *Handler) runInstances(c *call) (any, error) {
	spec, err := h.launchSpec(c, true)
	if err != nil {
		return nil, err
	}
	created, err := h.Svc.Launch(c.ctx(), spec)
	if err != nil {
		return nil, err
	}
	resp := runInstancesResponse{RequestID: c.requestID, OrderID: h.orderID(spec)}
	resp.InstanceIDSets.InstanceIDSet = make([]string, len(created))
	for i, inst := range created {
		resp.InstanceIDSets.InstanceIDSet[i] = string(inst.ID)
	}
	return resp, nil
}

// createInstance creates one instance that stays Stopped until started.
func (h *Handler) createInstance(c *call) (any, error) {
	spec, err := h.launchSpec(c, false)
	if err != nil {
		return nil, err
	}
	created, err := h.Svc.Launch(c.ctx(), spec)
	if err != nil {
		return nil, err
	}
	if len(created) == 0 {
		// The ClientToken names an earlier call whose instance is gone.
		return nil, &compute.Error{Code: compute.Conflict, Op: "launch", Message: "the instance created with this ClientToken no longer exists"}
	}
	return createInstanceResponse{RequestID: c.requestID, InstanceID: string(created[0].ID), OrderID: h.orderID(spec)}, nil
}
