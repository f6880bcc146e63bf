package tencent

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ecsd/ecsd/internal/compute"
)

// RunInstances rules (reference 3.8, SDK model docs).
const (
	chargePostPaid      = "POSTPAID_BY_HOUR"
	chargePrePaid       = "PREPAID"
	chargeSpot          = "SPOTPAID"
	defaultInstanceType = "S5.MEDIUM4"
	// defaultInstanceName is CVM's name for an instance launched without one.
	defaultInstanceName = "未命名"
	maxPostPaidCount    = 100
	maxPrePaidCount     = 300
	maxInstanceName     = 60
	maxClientToken      = 64
	// The system disk an instance gets when its request names none.
	defaultSystemDiskType = "CLOUD_PREMIUM"
	defaultSystemDiskSize = 50
	// maxUserData bounds user data once decoded.
	maxUserData  = 16 << 10
	maxBandwidth = 200
)

// chargeTypes are the InstanceChargeType values CVM accepts. Dedicated
// hosts (CDHPAID) and dedicated clusters (CDCPAID) are not modelled.
var chargeTypes = []string{chargePostPaid, chargePrePaid, chargeSpot, "CDHPAID", "CDCPAID"}

var chargeTypeSpelling = map[compute.ChargeType]string{compute.PostPaid: chargePostPaid, compute.PrePaid: chargePrePaid}

// prepaidPeriods are the months a prepaid resource may be bought for.
var prepaidPeriods = []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 24, 36, 48, 60}

// runInstancesParams are RunInstances' parameters in the SDK's model.
var runInstancesParams = []string{
	"InstanceChargeType", "InstanceChargePrepaid", "Placement", "InstanceType", "ImageId",
	"SystemDisk", "DataDisks", "VirtualPrivateCloud", "InternetAccessible", "InstanceCount", "MinCount",
	"InstanceName", "LoginSettings", "SecurityGroupIds", "EnhancedService", "ClientToken",
	"HostName", "ActionTimer", "DisasterRecoverGroupIds", "TagSpecification",
	"InstanceMarketOptions", "UserData", "Metadata", "DryRun", "CpuTopology", "CamRoleName", "HpcClusterId",
	"LaunchTemplate", "DedicatedClusterId", "ChcIds", "PartitionNumber", "DisableApiTermination", "EnableJumboFrame",
}

// notModelled refuses a parameter ecsd does not model, so that a client
// that relies on it learns so at once rather than getting a resource
// without it.
func notModelled(name string) *apiError {
	return invalidParameterf("ecsd does not model `%s`; leave it out.", name)
}

// refuseSet refuses each named parameter of p that is set to more than its
// zero value.
func refuseSet(p params, names ...string) error {
	for _, name := range names {
		v, ok := p.lookup(name)
		if !ok {
			continue
		}
		switch v := v.(type) {
		case string:
			if v == "" || v == "0" || v == "false" {
				continue
			}
		case json.Number:
			if v.String() == "0" {
				continue
			}
		case bool:
			if !v {
				continue
			}
		case []any:
			if len(v) == 0 {
				continue
			}
		case map[string]any:
			if len(v) == 0 {
				continue
			}
		}
		return notModelled(p.prefix + name)
	}
	return nil
}

type runInstancesResponse struct {
	InstanceIDSet []string `json:"InstanceIdSet"`
	RequestID     string   `json:"RequestId"`
}

// runInstances creates instances: PENDING, then RUNNING, or LAUNCH_FAILED
// for the fault-switch image (reference 3.7). A DryRun that passes answers
// with a RequestId and no instances, as the API documents.
func (h *Handler) runInstances(c *call) (any, error) {
	spec, err := h.launchSpec(c, c.params, runInstancesParams)
	if err != nil {
		return nil, err
	}
	if err := h.checkLaunchVPC(c, spec); err != nil {
		return nil, err
	}
	delete(spec.Extra, extraLaunchVPC)
	created, err := h.Svc.Launch(c.ctx(), spec)
	if spec.DryRun && compute.ErrorCode(err) == compute.DryRunPassed {
		return runInstancesResponse{InstanceIDSet: []string{}, RequestID: c.requestID}, nil
	}
	if err != nil {
		return nil, err
	}
	resp := runInstancesResponse{InstanceIDSet: make([]string, len(created)), RequestID: c.requestID}
	for i, inst := range created {
		resp.InstanceIDSet[i] = string(inst.ID)
	}
	return resp, nil
}

// launchSpec reads the parameters of RunInstances (or of
// InquiryPriceRunInstances, whose known parameters are fewer) into a
// launch.
func (h *Handler) launchSpec(c *call, p params, known []string) (compute.LaunchSpec, error) {
	spec := compute.LaunchSpec{Owner: c.owner, Region: c.region, Boot: compute.BootDirect, Extra: map[string]string{
		extraLatestOperation: "RunInstances", extraLatestRequestID: c.requestID,
	}}
	if err := p.only(known...); err != nil {
		return spec, err
	}
	if p.has("LaunchTemplate") {
		return spec, &apiError{"InvalidParameterValue.LaunchTemplateNotFound", "ecsd keeps no launch templates; give Placement and ImageId instead."}
	}
	if err := refuseSet(p, "ActionTimer", "DisasterRecoverGroupIds", "HpcClusterId", "DedicatedClusterId", "ChcIds", "PartitionNumber", "EnableJumboFrame"); err != nil {
		return spec, err
	}
	zone, project, err := readPlacement(p)
	if err != nil {
		return spec, err
	}
	spec.Zone = zone
	spec.Extra[extraProjectID] = strconv.FormatInt(project, 10)
	image, ok, err := p.str("ImageId")
	if err != nil {
		return spec, err
	}
	if !ok || image == "" {
		return spec, missingParameter("ImageId")
	}
	if image != compute.FailingImageID && !wellFormed(image, "img-") {
		return spec, &apiError{"InvalidImageId.Malformed", fmt.Sprintf("The image ID `%s` is malformed: it must be `img-` followed by 8 lower-case letters or digits.", image)}
	}
	spec.ImageID = image
	if spec.InstanceType, _, err = p.str("InstanceType"); err != nil {
		return spec, err
	}
	spec.InstanceType = or(spec.InstanceType, defaultInstanceType)
	if err := readCharge(p, &spec); err != nil {
		return spec, err
	}
	if spec.Count, err = instanceCount(p, chargeTypeOf(compute.Instance{ChargeType: spec.ChargeType, Meta: compute.Meta{Extra: spec.Extra}})); err != nil {
		return spec, err
	}
	if minCount, ok, err := p.integer("MinCount"); err != nil {
		return spec, err
	} else if ok && (minCount < 1 || int(minCount) > spec.Count) {
		return spec, invalidValuef("The value of `MinCount` must be between 1 and InstanceCount (%d).", spec.Count)
	}
	if err := readNames(p, &spec); err != nil {
		return spec, err
	}
	if err := h.readSystemDisk(p, &spec); err != nil {
		return spec, err
	}
	if err := readDataDisks(p, &spec); err != nil {
		return spec, err
	}
	if err := readVPC(p, &spec); err != nil {
		return spec, err
	}
	if err := readInternet(p, &spec); err != nil {
		return spec, err
	}
	if err := h.readLogin(p, &spec); err != nil {
		return spec, err
	}
	groups, _, err := p.strs("SecurityGroupIds")
	if err != nil {
		return spec, err
	}
	if spec.SecurityGroups, err = securityGroupIDs(groups); err != nil {
		return spec, err
	}
	if err := readEnhancedService(p, spec.Extra); err != nil {
		return spec, err
	}
	if spec.Tags, err = readTagSpecification(p, "instance"); err != nil {
		return spec, err
	}
	userData, _, err := p.str("UserData")
	if err != nil {
		return spec, err
	}
	if err := checkUserData(userData); err != nil {
		return spec, err
	}
	spec.UserData = userData
	if err := readMetadata(p, spec.Extra); err != nil {
		return spec, err
	}
	if err := readCPUTopology(p, spec.Extra); err != nil {
		return spec, err
	}
	if role, _, err := p.str("CamRoleName"); err != nil {
		return spec, err
	} else if role != "" {
		spec.Extra[extraCamRole] = role
	}
	if spec.DeletionProtection, _, err = p.boolean("DisableApiTermination"); err != nil {
		return spec, err
	}
	token, _, err := p.str("ClientToken")
	if err != nil {
		return spec, err
	}
	if len(token) > maxClientToken || !printableASCII(token) {
		return spec, errTokenTooLong
	}
	spec.ClientToken = token
	spec.DryRun, _, err = p.boolean("DryRun")
	return spec, err
}

// readPlacement reads Placement: its Zone, which RunInstances requires, and
// its project. Dedicated hosts and resource packs are not modelled.
func readPlacement(p params) (compute.ZoneID, int64, error) {
	pl, ok, err := p.object("Placement")
	if err != nil {
		return "", 0, err
	}
	if !ok {
		return "", 0, missingParameter("Placement")
	}
	if err := pl.only("Zone", "ProjectId", "HostIds", "HostId", "DedicatedResourcePackTenancy", "DedicatedResourcePackIds", "RackId"); err != nil {
		return "", 0, err
	}
	if err := refuseSet(pl, "HostIds", "HostId", "DedicatedResourcePackTenancy", "DedicatedResourcePackIds", "RackId"); err != nil {
		return "", 0, err
	}
	project, err := readProject(pl, "ProjectId")
	if err != nil {
		return "", 0, err
	}
	zone, ok, err := pl.str("Zone")
	if err != nil {
		return "", 0, err
	}
	if !ok || zone == "" {
		return "", 0, missingParameter("Placement.Zone")
	}
	return compute.ZoneID(zone), project, nil
}

// readProject reads a project ID: 0, the default project, or a positive
// number.
func readProject(p params, name string) (int64, error) {
	n, _, err := p.integer(name)
	if err != nil {
		return 0, err
	}
	if n < 0 {
		return 0, &apiError{"InvalidProjectId.NotFound", fmt.Sprintf("The project `%d` does not exist.", n)}
	}
	return n, nil
}

// readCharge reads InstanceChargeType and what each charge type needs.
func readCharge(p params, spec *compute.LaunchSpec) error {
	charge, err := p.oneOf("InstanceChargeType", chargePostPaid, chargeTypes...)
	if err != nil {
		return err
	}
	spec.ChargeType = compute.PostPaid
	switch charge {
	case "CDHPAID", "CDCPAID":
		return invalidValuef("ecsd does not model dedicated hosts or clusters; InstanceChargeType %s needs them.", charge)
	case chargeSpot:
		spec.Extra[extraChargeType] = chargeSpot
		market, ok, err := p.object("InstanceMarketOptions")
		if err != nil {
			return err
		}
		if ok {
			if err := market.only("MarketType", "SpotOptions"); err != nil {
				return err
			}
			if _, err := market.oneOf("MarketType", "spot", "spot"); err != nil {
				return err
			}
			if spot, ok, err := market.object("SpotOptions"); err != nil {
				return err
			} else if ok {
				if err := spot.only("MaxPrice", "SpotInstanceType"); err != nil {
					return err
				}
				price, _, err := spot.str("MaxPrice")
				if err != nil {
					return err
				}
				if _, err := spot.oneOf("SpotInstanceType", "one-time", "one-time"); err != nil {
					return err
				}
				spec.Extra[extraSpotMaxPrice] = price
			}
		}
	case chargePrePaid:
		spec.ChargeType = compute.PrePaid
		prepaid, ok, err := p.object("InstanceChargePrepaid")
		if err != nil {
			return err
		}
		if !ok {
			return missingParameter("InstanceChargePrepaid")
		}
		period, flag, err := readPrepaid(prepaid)
		if err != nil {
			return err
		}
		spec.Extra[extraPeriod], spec.Extra[extraRenewFlag] = strconv.FormatInt(period, 10), flag
	}
	if charge != chargeSpot && p.has("InstanceMarketOptions") {
		return invalidParameterf("InstanceMarketOptions goes with InstanceChargeType SPOTPAID only.")
	}
	if charge != chargePrePaid && p.has("InstanceChargePrepaid") {
		return invalidParameterf("InstanceChargePrepaid goes with InstanceChargeType PREPAID only.")
	}
	return nil
}

// readPrepaid reads a prepaid period (months) and renew flag.
func readPrepaid(p params) (int64, string, error) {
	if err := p.only("Period", "RenewFlag", "CurInstanceDeadline"); err != nil {
		return 0, "", err
	}
	period, ok, err := p.integer("Period")
	if err != nil {
		return 0, "", err
	}
	if !ok {
		return 0, "", missingParameter(p.prefix + "Period")
	}
	if !slices.Contains(prepaidPeriods, period) {
		return 0, "", invalidValuef("The value of `%sPeriod` must be one of 1 to 12, 24, 36, 48 or 60 months.", p.prefix)
	}
	flag, err := p.oneOf("RenewFlag", defaultRenewFlag, renewFlags...)
	return period, flag, err
}

// instanceCount reads InstanceCount: 1 to 100 instances billed by the hour,
// 1 to 300 prepaid ones.
func instanceCount(p params, charge string) (int, error) {
	n, ok, err := p.integer("InstanceCount")
	if err != nil || !ok {
		return 1, err
	}
	limit := int64(maxPostPaidCount)
	if charge == chargePrePaid {
		limit = maxPrePaidCount
	}
	if n < 1 || n > limit {
		return 0, &apiError{"InvalidParameterValue.Range", fmt.Sprintf("The value of `InstanceCount` must be between 1 and %d for %s instances.", limit, charge)}
	}
	return int(n), nil
}

// rangePattern is the {R:x} pattern of a name given to several instances.
var rangePattern = regexp.MustCompile(`\{R:(\d+)\}`)

// numbered names the i-th of count instances after name as CVM does: the
// pattern {R:x} counts from x; without it, several instances get the
// suffixes 1, 2, ...
func numbered(name string, i, count int) string {
	if m := rangePattern.FindStringSubmatchIndex(name); m != nil {
		start, _ := strconv.Atoi(name[m[2]:m[3]])
		return name[:m[0]] + strconv.Itoa(start+i) + name[m[1]:]
	}
	if count > 1 {
		return name + strconv.Itoa(i+1)
	}
	return name
}

// readNames reads InstanceName and HostName.
func readNames(p params, spec *compute.LaunchSpec) error {
	name, ok, err := p.str("InstanceName")
	if err != nil {
		return err
	}
	if utf8.RuneCountInString(name) > maxInstanceName {
		return errNameTooLong
	}
	if !ok || name == "" {
		name = defaultInstanceName
	}
	host, _, err := p.str("HostName")
	if err != nil {
		return err
	}
	if host != "" && !validHostName(rangePattern.ReplaceAllString(host, "1")) {
		return &apiError{"InvalidParameter.HostNameIllegal", "The HostName must be 2 to 60 letters, digits, dots and hyphens, not starting or ending with a dot or hyphen, with no two dots or hyphens in a row."}
	}
	count := spec.Count
	if count > 1 || rangePattern.MatchString(name) || rangePattern.MatchString(host) {
		spec.Customize = func(i int, inst *compute.Instance) {
			inst.Name = numbered(name, i, count)
			if host != "" {
				inst.HostName = numbered(host, i, count)
			}
		}
	}
	spec.Name, spec.HostName = name, host
	return nil
}

// validHostName applies CVM's rule for Linux host names.
func validHostName(h string) bool {
	if len(h) < 2 || len(h) > 60 || strings.ContainsAny(h[:1]+h[len(h)-1:], ".-") ||
		strings.Contains(h, "..") || strings.Contains(h, "--") || strings.Contains(h, ".-") || strings.Contains(h, "-.") {
		return false
	}
	for _, r := range h {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-') {
			return false
		}
	}
	return true
}

// readSystemDisk reads SystemDisk: CLOUD_PREMIUM of 50 GiB unless it says
// otherwise.
func (h *Handler) readSystemDisk(p params, spec *compute.LaunchSpec) error {
	spec.SystemDisk = compute.DiskSpec{Category: defaultSystemDiskType, SizeGiB: defaultSystemDiskSize, DeleteWithInstance: true}
	sd, ok, err := p.object("SystemDisk")
	if err != nil || !ok {
		return err
	}
	if err := sd.only("DiskType", "DiskId", "DiskSize", "CdcId", "DiskName", "Encrypt", "KmsKeyId"); err != nil {
		return err
	}
	if err := refuseSet(sd, "DiskId", "CdcId"); err != nil {
		return err
	}
	if spec.SystemDisk.Category, err = sd.oneOf("DiskType", defaultSystemDiskType, diskTypes()...); err != nil {
		return err
	}
	size, err := sd.intInRange("DiskSize", defaultSystemDiskSize, 0, 1<<20)
	if err != nil {
		return err
	}
	spec.SystemDisk.SizeGiB = size
	if spec.SystemDisk.Name, _, err = sd.str("DiskName"); err != nil {
		return err
	}
	if spec.SystemDisk.Encrypted, _, err = sd.boolean("Encrypt"); err != nil {
		return err
	}
	spec.SystemDisk.KMSKeyID, _, err = sd.str("KmsKeyId")
	return err
}

// diskTypes are the disk types of the catalog's CBS.
func diskTypes() []string {
	var out []string
	for _, d := range defaultDiskCategories() {
		out = append(out, d.ID)
	}
	return out
}

// readDataDisks reads DataDisks: each made and attached with the instance,
// going with it unless DeleteWithInstance says otherwise.
func readDataDisks(p params, spec *compute.LaunchSpec) error {
	disks, err := p.objects("DataDisks")
	if err != nil {
		return err
	}
	for _, d := range disks {
		ds, err := readDiskSpec(d, "DiskType", "DiskSize", "DiskName", true)
		if err != nil {
			return err
		}
		spec.DataDisks = append(spec.DataDisks, ds)
	}
	return nil
}

// readDiskSpec reads a data disk as RunInstances and CreateDisks give one:
// typeName, sizeName and nameName are its parameters' names; launched says
// it is one of RunInstances' DataDisks.
func readDiskSpec(d params, typeName, sizeName, nameName string, launched bool) (compute.DiskSpec, error) {
	if launched {
		if err := d.only("DiskSize", "DiskType", "DiskId", "DeleteWithInstance", "SnapshotId", "Encrypt", "KmsKeyId",
			"ThroughputPerformance", "CdcId", "BurstPerformance", "DiskName"); err != nil {
			return compute.DiskSpec{}, err
		}
		if err := refuseSet(d, "DiskId", "CdcId"); err != nil {
			return compute.DiskSpec{}, err
		}
	}
	var ds compute.DiskSpec
	var err error
	if ds.Category, err = d.oneOf(typeName, defaultSystemDiskType, diskTypes()...); err != nil {
		return ds, err
	}
	size, ok, err := d.integer(sizeName)
	if err != nil {
		return ds, err
	}
	if !ok {
		return ds, missingParameter(d.prefix + sizeName)
	}
	if size < 0 || size > 1<<20 {
		return ds, invalidValuef("The value of `%s%s` is out of range.", d.prefix, sizeName)
	}
	ds.SizeGiB = int(size)
	if ds.Name, _, err = d.str(nameName); err != nil {
		return ds, err
	}
	if snapshot, _, err := d.str("SnapshotId"); err != nil {
		return ds, err
	} else if snapshot != "" {
		return ds, &apiError{"InvalidParameter.SnapshotNotFound", fmt.Sprintf("The snapshot `%s` does not exist: ecsd keeps no snapshots.", snapshot)}
	}
	ds.DeleteWithInstance = true
	if launched {
		if v, ok, err := d.boolean("DeleteWithInstance"); err != nil {
			return ds, err
		} else if ok {
			ds.DeleteWithInstance = v
		}
		if ds.Encrypted, _, err = d.boolean("Encrypt"); err != nil {
			return ds, err
		}
	}
	if ds.KMSKeyID, _, err = d.str("KmsKeyId"); err != nil {
		return ds, err
	}
	ds.Extra = map[string]string{}
	throughput, _, err := d.integer("ThroughputPerformance")
	if err != nil {
		return ds, err
	}
	if throughput < 0 || throughput > 1000 || throughput > 0 && ds.Category != "CLOUD_HSSD" && ds.Category != "CLOUD_TSSD" {
		return ds, invalidValuef("`%sThroughputPerformance` is 0, or up to 1000 MB/s for CLOUD_HSSD and CLOUD_TSSD disks.", d.prefix)
	}
	ds.Extra[extraThroughput] = strconv.FormatInt(throughput, 10)
	burst, _, err := d.boolean("BurstPerformance")
	if err != nil {
		return ds, err
	}
	ds.Extra[extraBurst] = strconv.FormatBool(burst)
	return ds, nil
}

// readVPC reads VirtualPrivateCloud: the subnet the instance goes in and
// its private address. Without it, the instance goes in the default
// subnet of its zone.
func readVPC(p params, spec *compute.LaunchSpec) error {
	v, ok, err := p.object("VirtualPrivateCloud")
	if err != nil || !ok {
		return err
	}
	if err := v.only("VpcId", "SubnetId", "AsVpcGateway", "PrivateIpAddresses", "Ipv6AddressCount"); err != nil {
		return err
	}
	if err := refuseSet(v, "AsVpcGateway", "Ipv6AddressCount"); err != nil {
		return err
	}
	vpc, _, err := v.str("VpcId")
	if err != nil {
		return err
	}
	subnet, _, err := v.str("SubnetId")
	if err != nil {
		return err
	}
	switch {
	case vpc == "":
		return missingParameter("VirtualPrivateCloud.VpcId")
	case subnet == "":
		return missingParameter("VirtualPrivateCloud.SubnetId")
	case !wellFormed(vpc, "vpc-"):
		return &apiError{"InvalidParameterValue.VpcIdMalformed", fmt.Sprintf("The VPC ID `%s` is malformed.", vpc)}
	case !wellFormed(subnet, "subnet-"):
		return &apiError{"InvalidParameterValue.SubnetIdMalformed", fmt.Sprintf("The subnet ID `%s` is malformed.", subnet)}
	}
	spec.Subnet = compute.SubnetID(subnet)
	spec.Extra[extraLaunchVPC] = vpc
	ips, _, err := v.strs("PrivateIpAddresses")
	if err != nil {
		return err
	}
	switch {
	case len(ips) > 1:
		return invalidValuef("ecsd gives an instance one private address; `VirtualPrivateCloud.PrivateIpAddresses` names %d.", len(ips))
	case len(ips) == 1:
		a, err := netip.ParseAddr(ips[0])
		if err != nil || !a.Is4() {
			return &apiError{"InvalidParameterValue.InvalidIpFormat", fmt.Sprintf("`%s` is not an IPv4 address.", ips[0])}
		}
		spec.PrivateIP = a
	}
	return nil
}

// extraLaunchVPC carries the VPC a launch names to checkLaunchVPC, which
// takes it out: it is not kept.
const extraLaunchVPC = "launch_vpc"

// checkLaunchVPC checks that the VPC a launch names exists and holds its
// subnet.
func (h *Handler) checkLaunchVPC(c *call, spec compute.LaunchSpec) error {
	vpc := spec.Extra[extraLaunchVPC]
	if vpc == "" {
		return nil
	}
	nets, err := h.Svc.Networks(c.ctx(), c.owner, compute.Filter{Region: c.region, IDs: []string{vpc}})
	if err != nil {
		return err
	}
	if len(nets) == 0 {
		return &apiError{"InvalidParameterValue.VpcIdNotExist", fmt.Sprintf("The VPC `%s` does not exist.", vpc)}
	}
	subs, err := h.Svc.Subnets(c.ctx(), c.owner, compute.Filter{Region: c.region, IDs: []string{string(spec.Subnet)}})
	if err != nil {
		return err
	}
	if len(subs) == 1 && string(subs[0].Network) != vpc {
		return &apiError{"InvalidParameterValue.VpcIdSubnetIdNotMatch", fmt.Sprintf("The subnet `%s` is not in VPC `%s`.", spec.Subnet, vpc)}
	}
	return nil
}

// readInternet reads InternetAccessible: how public traffic is billed, the
// outbound bandwidth, and whether the instance gets a public address (by
// default, when it has bandwidth).
func readInternet(p params, spec *compute.LaunchSpec) error {
	ia, ok, err := p.object("InternetAccessible")
	if err != nil || !ok {
		return err
	}
	if err := ia.only("InternetChargeType", "InternetMaxBandwidthOut", "PublicIpAssigned", "BandwidthPackageId",
		"InternetServiceProvider", "IPv4AddressType", "IPv6AddressType", "AntiDDoSPackageId"); err != nil {
		return err
	}
	if err := refuseSet(ia, "BandwidthPackageId", "IPv6AddressType", "AntiDDoSPackageId"); err != nil {
		return err
	}
	charge, err := ia.oneOf("InternetChargeType", trafficPostpaid, internetChargeTypes...)
	if err != nil {
		return err
	}
	if charge == bandwidthPackage {
		return invalidValuef("ecsd keeps no bandwidth packages; InternetChargeType %s needs one.", bandwidthPackage)
	}
	bandwidth, err := ia.intInRange("InternetMaxBandwidthOut", 0, 0, maxBandwidth)
	if err != nil {
		return err
	}
	assigned, given, err := ia.boolean("PublicIpAssigned")
	if err != nil {
		return err
	}
	if !given {
		assigned = bandwidth > 0
	}
	if assigned && bandwidth == 0 {
		return invalidValuef("An instance with a public address needs `InternetAccessible.InternetMaxBandwidthOut` above 0.")
	}
	isp, err := ia.oneOf("InternetServiceProvider", "BGP", "BGP", "CMCC", "CTCC", "CUCC")
	if err != nil {
		return err
	}
	if _, err := ia.oneOf("IPv4AddressType", "WanIP", "WanIP"); err != nil {
		return err
	}
	spec.BandwidthOut = bandwidth
	spec.InternetCharge = compute.ChargeByTraffic
	if charge != trafficPostpaid {
		spec.InternetCharge = compute.ChargeByBandwidth
	}
	spec.Extra[extraInternetCharge] = charge
	spec.Extra[extraPublicIPAssigned] = strconv.FormatBool(assigned)
	spec.Extra[extraISP] = isp
	return nil
}

// readLogin reads LoginSettings: a password, one key pair, or the image's
// own login.
func (h *Handler) readLogin(p params, spec *compute.LaunchSpec) error {
	ls, ok, err := p.object("LoginSettings")
	if err != nil || !ok {
		return err
	}
	if err := ls.only("Password", "KeyIds", "KeepImageLogin"); err != nil {
		return err
	}
	password, _, err := ls.str("Password")
	if err != nil {
		return err
	}
	keys, _, err := ls.strs("KeyIds")
	if err != nil {
		return err
	}
	keep, err := ls.oneOf("KeepImageLogin", "FALSE", "TRUE", "FALSE")
	if err != nil {
		return err
	}
	if password != "" {
		img, _ := h.Svc.Catalog(compute.CloudTencent).Image(spec.ImageID)
		if err := checkPassword(password, img.OSType == "windows"); err != nil {
			return err
		}
		spec.HasPassword = true
	}
	if len(keys) > 1 {
		return invalidValuef("An instance is launched with one key pair; `LoginSettings.KeyIds` names %d.", len(keys))
	}
	if len(keys) == 1 {
		if !wellFormed(keys[0], "skey-") {
			return malformedKeyID(keys[0])
		}
		spec.KeyPair = compute.KeyPairID(keys[0])
	}
	if keep == "TRUE" && (password != "" || len(keys) > 0) {
		return invalidParameterf("`LoginSettings.KeepImageLogin` TRUE keeps the image's login; give no Password or KeyIds with it.")
	}
	spec.Extra[extraKeepImageLogin] = keep
	return nil
}

// checkPassword applies CVM's password rule: 8 to 30 characters (12 to 30
// for Windows) of at least three of lower-case letters, upper-case
// letters, digits and the symbols ()`~!@#$%^&*-+=_|{}[]:;'<>,.?/.
func checkPassword(pw string, windows bool) error {
	const symbols = "()`~!@#$%^&*-+=_|{}[]:;'<>,.?/"
	min := 8
	if windows {
		min = 12
	}
	var lower, upper, digit, symbol int
	for _, r := range pw {
		switch {
		case r >= 'a' && r <= 'z':
			lower = 1
		case r >= 'A' && r <= 'Z':
			upper = 1
		case r >= '0' && r <= '9':
			digit = 1
		case strings.ContainsRune(symbols, r):
			symbol = 1
		default:
			return &apiError{"InvalidPassword", "The password holds a character that is not allowed."}
		}
	}
	if len(pw) < min || len(pw) > 30 || lower+upper+digit+symbol < 3 {
		return &apiError{"InvalidPassword", fmt.Sprintf("The password must be %d to 30 characters of at least three of: lower-case letters, upper-case letters, digits, symbols.", min)}
	}
	return nil
}

// readEnhancedService reads which agents an instance runs; each is on
// unless the request turns it off.
func readEnhancedService(p params, extra map[string]string) error {
	es, ok, err := p.object("EnhancedService")
	if err != nil {
		return err
	}
	for _, s := range []struct{ name, key string }{
		{"SecurityService", extraSecurityService}, {"MonitorService", extraMonitorService}, {"AutomationService", extraAutomation},
	} {
		extra[s.key] = "true"
		if !ok {
			continue
		}
		if err := es.only("SecurityService", "MonitorService", "AutomationService"); err != nil {
			return err
		}
		svc, given, err := es.object(s.name)
		if err != nil {
			return err
		}
		if !given {
			continue
		}
		if err := svc.only("Enabled"); err != nil {
			return err
		}
		if on, set, err := svc.boolean("Enabled"); err != nil {
			return err
		} else if set {
			extra[s.key] = strconv.FormatBool(on)
		}
	}
	return nil
}

// readTagSpecification reads TagSpecification: the tags of resourceType.
func readTagSpecification(p params, resourceType string) ([]compute.Tag, error) {
	specs, err := p.objects("TagSpecification")
	if err != nil {
		return nil, err
	}
	var tags []compute.Tag
	for _, s := range specs {
		if err := s.only("ResourceType", "Tags"); err != nil {
			return nil, err
		}
		rt, ok, err := s.str("ResourceType")
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, missingParameter(s.prefix + "ResourceType")
		}
		if rt != resourceType {
			return nil, invalidValuef("The value `%s` of `%sResourceType` must be %s here.", rt, s.prefix, resourceType)
		}
		more, err := readTags(s, "Tags", "Key", "Value")
		if err != nil {
			return nil, err
		}
		tags = append(tags, more...)
	}
	return tags, nil
}

// checkUserData checks user data: Base64 of at most 16 KB.
func checkUserData(s string) error {
	if s == "" {
		return nil
	}
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return invalidValuef("`UserData` must be Base64.")
	}
	if len(raw) > maxUserData {
		return invalidValuef("`UserData` must not exceed 16 KB once decoded.")
	}
	return nil
}

// readMetadata reads Metadata.Items, kept as the instance's metadata.
func readMetadata(p params, extra map[string]string) error {
	m, ok, err := p.object("Metadata")
	if err != nil || !ok {
		return err
	}
	if err := m.only("Items"); err != nil {
		return err
	}
	items, err := m.objects("Items")
	if err != nil {
		return err
	}
	out := make([]metadataItem, 0, len(items))
	for _, it := range items {
		if err := it.only("Key", "Value"); err != nil {
			return err
		}
		k, _, err := it.str("Key")
		if err != nil {
			return err
		}
		v, _, err := it.str("Value")
		if err != nil {
			return err
		}
		if k == "" {
			return missingParameter(it.prefix + "Key")
		}
		out = append(out, metadataItem{k, v})
	}
	b, _ := json.Marshal(out)
	extra[extraMetadata] = string(b)
	return nil
}

// readCPUTopology reads CpuTopology.
func readCPUTopology(p params, extra map[string]string) error {
	t, ok, err := p.object("CpuTopology")
	if err != nil || !ok {
		return err
	}
	if err := t.only("CoreCount", "ThreadPerCore"); err != nil {
		return err
	}
	cores, err := t.intInRange("CoreCount", 0, 0, 512)
	if err != nil {
		return err
	}
	threads, err := t.intInRange("ThreadPerCore", 0, 0, 2)
	if err != nil {
		return err
	}
	extra[extraCoreCount], extra[extraThreadPerCore] = strconv.Itoa(cores), strconv.Itoa(threads)
	return nil
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}
