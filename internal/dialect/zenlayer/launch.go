package zenlayer

import (
	"fmt"
	"net/http"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ecsd/ecsd/internal/compute"
)

// Limits of CreateZecInstances (reference 4.7 and the SDK's model).
const (
	maxInstanceCount = 100
	minNameLength    = 2
	maxNameLength    = 63
	// defaultInstanceName is the name of an instance created without one.
	defaultInstanceName = "instance"
	// maxCreateDataDisks: an instance is created with at most one data
	// disk entry (with diskAmount disks).
	maxCreateDataDisks = 1
	maxUserData        = 16 << 10
	minPassword        = 8
	maxPassword        = 16
	passwordSpecials   = "~!@$^*-_=+"
)

type systemDiskRequest struct {
	DiskID          *string `json:"diskId"`
	DiskSize        *int    `json:"diskSize"`
	DiskCategory    *string `json:"diskCategory"`
	BurstingEnabled *bool   `json:"burstingEnabled"`
}

type dataDiskRequest struct {
	DiskID          *string `json:"diskId"`
	DiskName        *string `json:"diskName"`
	DiskSize        *int    `json:"diskSize"`
	DiskAmount      *int    `json:"diskAmount"`
	Portable        *bool   `json:"portable"`
	BurstingEnabled *bool   `json:"burstingEnabled"`
	DiskCategory    *string `json:"diskCategory"`
}

type marketingInfo struct {
	DiscountCode  *string `json:"discountCode"`
	UsePocVoucher *bool   `json:"usePocVoucher"`
}

type instanceOptions struct {
	NestedVirtualization *bool `json:"nestedVirtualization"`
}

type createZecInstancesRequest struct {
	ZoneID             *string            `json:"zoneId"`
	ImageID            *string            `json:"imageId"`
	TimeZone           *string            `json:"timeZone"`
	InstanceType       *string            `json:"instanceType"`
	InstanceName       *string            `json:"instanceName"`
	Password           *string            `json:"password"`
	KeyID              *string            `json:"keyId"`
	NicNetworkType     *string            `json:"nicNetworkType"`
	InstanceCount      *int               `json:"instanceCount"`
	SystemDisk         *systemDiskRequest `json:"systemDisk"`
	DataDisks          []dataDiskRequest  `json:"dataDisks"`
	SecurityGroupID    *string            `json:"securityGroupId"`
	SubnetID           *string            `json:"subnetId"`
	LanIP              *string            `json:"lanIp"`
	EnableAgent        *bool              `json:"enableAgent"`
	EnableIPForward    *bool              `json:"enableIpForward"`
	InternetChargeType *string            `json:"internetChargeType"`
	TrafficPackageSize *float64           `json:"trafficPackageSize"`
	Bandwidth          *int               `json:"bandwidth"`
	EipBindType        *string            `json:"eipBindType"`
	EipIDs             []string           `json:"eipIds"`
	EipV4Type          *string            `json:"eipV4Type"`
	IPStackType        *string            `json:"ipStackType"`
	NetworkLineType    *string            `json:"networkLineType"`
	ClusterID          *string            `json:"clusterId"`
	IPv6ClusterID      *string            `json:"ipv6ClusterId"`
	ResourceGroupID    *string            `json:"resourceGroupId"`
	MarketingOptions   *marketingInfo     `json:"marketingOptions"`
	Tags               *tagSet            `json:"tags"`
	UserData           *string            `json:"userData"`
	InstanceOptions    *instanceOptions   `json:"instanceOptions"`
}

type diskWithInstance struct {
	InstanceID string   `json:"instanceId"`
	DiskIDSet  []string `json:"diskIdSet"`
}

type createZecInstancesResponse struct {
	RequestID     string             `json:"requestId"`
	OrderNumber   string             `json:"orderNumber"`
	InstanceIDSet []string           `json:"instanceIdSet"`
	Instances     []diskWithInstance `json:"instances"`
}

// required returns a required string parameter.
func required(name string, v *string) (string, error) {
	if v == nil || *v == "" {
		return "", missingParameter(name)
	}
	return *v, nil
}

var (
	errLoginConflict = &apiError{http.StatusBadRequest, "INVALID_PARAMETER_INSTANCE_LOGIN_CONFLICT",
		"Specify either a password or a key pair, not both."}
	errPasswordMalformed = &apiError{http.StatusBadRequest, "INVALID_PASSWORD_MALFORMED",
		"The password must be 8 to 16 characters and hold letters, digits and special characters (~!@$^*-_=+)."}
)

// createZecInstances creates instances in a subnet: DEPLOYING, then
// RUNNING, or CREATE_FAILED for the image compute.FailingImageID. Each
// comes with a system disk and the data disks asked for, and with a
// public IPv4 address when internetChargeType and bandwidth are given.
func (h *Handler) createZecInstances(c *call) (any, error) {
	var req createZecInstancesRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	zoneID, err := required("zoneId", req.ZoneID)
	if err != nil {
		return nil, err
	}
	imageID, err := required("imageId", req.ImageID)
	if err != nil {
		return nil, err
	}
	instanceType, err := required("instanceType", req.InstanceType)
	if err != nil {
		return nil, err
	}
	if req.InstanceCount == nil {
		return nil, missingParameter("instanceCount")
	}
	count := *req.InstanceCount
	if count < 1 || count > maxInstanceCount {
		return nil, invalidParameter("instanceCount", "must be between 1 and %d", maxInstanceCount)
	}
	subnetID, err := requiredID("subnetId", req.SubnetID)
	if err != nil {
		return nil, err
	}
	region, zone, err := h.Svc.Zone(compute.CloudZenlayer, compute.ZoneID(zoneID))
	if err != nil {
		return nil, err
	}
	im, err := h.image(imageID)
	if err != nil {
		return nil, err
	}
	name := defaultInstanceName
	if req.InstanceName != nil {
		name = *req.InstanceName
	}
	names, err := instanceNames(name, count)
	if err != nil {
		return nil, err
	}
	login, err := checkLogin(im, req.Password, req.KeyID)
	if err != nil {
		return nil, err
	}
	extra, err := h.instanceExtra(&req, im, zone.ID)
	if err != nil {
		return nil, err
	}
	system, data, err := launchDisks(req.SystemDisk, req.DataDisks, im)
	if err != nil {
		return nil, err
	}
	bandwidth, err := publicNetwork(&req, extra)
	if err != nil {
		return nil, err
	}
	if err := refuseUnmodelled(&req); err != nil {
		return nil, err
	}
	group, err := resourceGroupOrDefault(req.ResourceGroupID)
	if err != nil {
		return nil, err
	}
	tags, err := createTags(req.Tags)
	if err != nil {
		return nil, err
	}
	if req.UserData != nil && len(*req.UserData) > maxUserData {
		return nil, invalidParameter("userData", "must be at most %d bytes", maxUserData)
	}
	sub, err := h.subnet(c, subnetID)
	if err != nil {
		return nil, err
	}
	if sub.Region != region.ID {
		return nil, &apiError{http.StatusBadRequest, "INVALID_SUBNET_ZONE_MISMATCH",
			fmt.Sprintf("Subnet `%s` is in region %s, not in the region of zone %s.", sub.ID, sub.Region, zone.ID)}
	}
	groups, err := h.launchGroups(c, req.SecurityGroupID, sub.Network)
	if err != nil {
		return nil, err
	}
	lanIP, err := h.lanIP(c, req.LanIP, count, sub)
	if err != nil {
		return nil, err
	}
	spec := compute.LaunchSpec{
		Owner: c.owner, Region: region.ID, Zone: zone.ID, Count: count,
		Name: name, ImageID: imageID, InstanceType: instanceType, ResourceGroup: group,
		ChargeType: compute.PostPaid, Boot: compute.BootDirect,
		Subnet: compute.SubnetID(subnetID), PrivateIP: lanIP, SecurityGroups: groups,
		KeyPair: compute.KeyPairID(login.keyPair), HasPassword: login.password,
		UserData: deref(req.UserData), BandwidthOut: bandwidth, SystemDisk: system, DataDisks: data,
		Tags: tags, Extra: extra,
		Customize: func(i int, inst *compute.Instance) { inst.Name = names[i] },
	}
	if bandwidth > 0 {
		spec.InternetCharge = compute.ChargeByBandwidth
		if extra[extraInternetCharge] == "ByTrafficPackage" {
			spec.InternetCharge = compute.ChargeByTraffic
		}
	}
	created, err := h.Svc.Launch(c.ctx(), spec)
	if err != nil {
		return nil, err
	}
	resp := createZecInstancesResponse{RequestID: c.requestID, OrderNumber: h.orderNumber(),
		InstanceIDSet: make([]string, len(created)), Instances: []diskWithInstance{}}
	ids := make([]compute.InstanceID, len(created))
	for i, inst := range created {
		resp.InstanceIDSet[i], ids[i] = string(inst.ID), inst.ID
	}
	if len(data) > 0 {
		disks, err := h.Svc.InstanceDisks(c.ctx(), c.owner, ids)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			entry := diskWithInstance{InstanceID: string(id), DiskIDSet: []string{}}
			for _, d := range disks[id] {
				if !d.System {
					entry.DiskIDSet = append(entry.DiskIDSet, string(d.ID))
				}
			}
			resp.Instances = append(resp.Instances, entry)
		}
	}
	return resp, nil
}

// image finds an image of the catalog; the failing image of ecsd's fault
// switch is always there, and any image is when the catalog lists none.
func (h *Handler) image(id string) (compute.Image, error) {
	cat := h.Svc.Catalog(compute.CloudZenlayer)
	if im, ok := cat.Image(id); ok {
		return im, nil
	}
	if id == compute.FailingImageID || len(cat.Images) == 0 {
		return compute.Image{ID: id, Name: id, OSType: "linux"}, nil
	}
	return compute.Image{}, &compute.Error{Code: compute.NotFound, Param: "image", Value: id}
}

// namePattern is the numbering pattern of instance names, [begin,bits]:
// the n-th instance of a batch is numbered begin+n, zero-padded to bits
// digits.
var namePattern = regexp.MustCompile(`\[(\d{1,5}),(\d)\]`)

// instanceNames checks an instance name and spells it for each instance
// of a batch. Any [begin,bits] pattern in it (begin 0 to 99999, bits 1 to
// 6) numbers the instances.
func instanceNames(name string, count int) ([]string, error) {
	plain := namePattern.ReplaceAllString(name, "0")
	if err := checkName("instanceName", plain, minNameLength, maxNameLength, ""); err != nil {
		return nil, err
	}
	out := make([]string, count)
	for i := range out {
		var bad bool
		out[i] = namePattern.ReplaceAllStringFunc(name, func(m string) string {
			parts := namePattern.FindStringSubmatch(m)
			begin, _ := strconv.Atoi(parts[1])
			bits, _ := strconv.Atoi(parts[2])
			if begin > 99999 || bits < 1 || bits > 6 {
				bad = true
			}
			return fmt.Sprintf("%0*d", bits, begin+i)
		})
		if bad {
			return nil, invalidParameter("instanceName", "a pattern is [begin,bits], begin 0 to 99999, bits 1 to 6")
		}
		if utf8.RuneCountInString(out[i]) > maxNameLength {
			return nil, invalidParameter("instanceName", "must be %d to %d characters", minNameLength, maxNameLength)
		}
	}
	return out, nil
}

// loginSpec is how one logs in to an instance: a key pair or a password.
type loginSpec struct {
	keyPair  string
	password bool
}

// checkLogin checks the password or key pair of a launch or a reset: one
// of them, not both, except for Windows and Generic images, which take
// neither.
func checkLogin(im compute.Image, password, keyID *string) (loginSpec, error) {
	hasPassword, hasKey := set(password), set(keyID)
	if im.Platform == "Windows" || im.Platform == "Generic" {
		if hasPassword || hasKey {
			return loginSpec{}, invalidParameter("password", "%s images take neither a password nor a key pair", im.Platform)
		}
		return loginSpec{}, nil
	}
	switch {
	case hasPassword && hasKey:
		return loginSpec{}, errLoginConflict
	case !hasPassword && !hasKey:
		return loginSpec{}, &apiError{http.StatusBadRequest, codeMissingParameter, "The parameter `password` or `keyId` is required."}
	case hasKey:
		if !wellFormedID(*keyID) {
			return loginSpec{}, invalidParameter("keyId", "%q is not a key pair ID", truncate(*keyID))
		}
		return loginSpec{keyPair: *keyID}, nil
	}
	return loginSpec{password: true}, checkPassword(*password)
}

// checkPassword applies ZEC's password rule.
func checkPassword(p string) error {
	if len(p) < minPassword || len(p) > maxPassword {
		return errPasswordMalformed
	}
	var letter, digit, special bool
	for _, r := range p {
		switch {
		case 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z':
			letter = true
		case '0' <= r && r <= '9':
			digit = true
		case strings.ContainsRune(passwordSpecials, r):
			special = true
		default:
			return errPasswordMalformed
		}
	}
	if !letter || !digit || !special {
		return errPasswordMalformed
	}
	return nil
}

// instanceExtra gathers what only ZEC instances have: the time zone (the
// zone's when none is given), the QGA agent (on unless turned off), IP
// forwarding, the NIC mode (one the image supports; its first by
// default) and, when asked for, nested virtualization.
func (h *Handler) instanceExtra(req *createZecInstancesRequest, im compute.Image, zone compute.ZoneID) (map[string]string, error) {
	extra := map[string]string{}
	tz := h.zoneTimeZone(zone)
	if set(req.TimeZone) {
		if err := checkTimeZone("timeZone", *req.TimeZone); err != nil {
			return nil, err
		}
		tz = *req.TimeZone
	}
	extra[extraTimeZone] = tz
	extra[extraAgent] = strconv.FormatBool(req.EnableAgent == nil || *req.EnableAgent)
	extra[extraIPForward] = strconv.FormatBool(req.EnableIPForward != nil && *req.EnableIPForward)
	modes := imageNICModes(im)
	extra[extraNICMode] = modes[0]
	if set(req.NicNetworkType) {
		if !slices.Contains(modes, *req.NicNetworkType) {
			return nil, invalidParameter("nicNetworkType", "image %s supports %s", im.ID, strings.Join(modes, ", "))
		}
		extra[extraNICMode] = *req.NicNetworkType
	}
	if req.InstanceOptions != nil && req.InstanceOptions.NestedVirtualization != nil {
		extra[extraNested] = strconv.FormatBool(*req.InstanceOptions.NestedVirtualization)
	}
	return extra, nil
}

// checkTimeZone checks an IANA time zone name.
func checkTimeZone(param, tz string) error {
	if _, err := time.LoadLocation(tz); err != nil || tz == "Local" {
		return invalidParameter(param, "%q is not a time zone such as America/Los_Angeles", truncate(tz))
	}
	return nil
}

// launchDisks reads the system disk (by default of the image's size, in
// the default category) and the data disks of a launch. Data disks made
// with an instance go with it.
func launchDisks(sys *systemDiskRequest, data []dataDiskRequest, im compute.Image) (compute.DiskSpec, []compute.DiskSpec, error) {
	system := compute.DiskSpec{Category: categoryStandard, SizeGiB: max(im.SizeGiB, minDiskSize), DeleteWithInstance: true}
	if sys != nil {
		if set(sys.DiskID) {
			return compute.DiskSpec{}, nil, invalidParameter("systemDisk.diskId", "is shown by DescribeInstances and cannot be set")
		}
		if set(sys.DiskCategory) {
			system.Category = *sys.DiskCategory
		}
		if sys.DiskSize != nil {
			if *sys.DiskSize < im.SizeGiB {
				return compute.DiskSpec{}, nil, invalidParameter("systemDisk.diskSize", "image %s needs at least %d GiB", im.ID, im.SizeGiB)
			}
			system.SizeGiB = *sys.DiskSize
		}
		system.Extra = burstExtra(sys.BurstingEnabled)
	}
	if len(data) > maxCreateDataDisks {
		return compute.DiskSpec{}, nil, invalidParameter("dataDisks", "an instance is created with at most %d data disk entry", maxCreateDataDisks)
	}
	var out []compute.DiskSpec
	for _, d := range data {
		switch {
		case set(d.DiskID):
			return compute.DiskSpec{}, nil, invalidParameter("dataDisks.diskId", "is shown by DescribeInstances and cannot be set")
		case d.Portable != nil:
			return compute.DiskSpec{}, nil, invalidParameter("dataDisks.portable", "is shown by DescribeInstances and cannot be set")
		case d.DiskSize == nil:
			return compute.DiskSpec{}, nil, missingParameter("dataDisks.diskSize")
		}
		amount := 1
		if d.DiskAmount != nil {
			amount = *d.DiskAmount
			if amount < 1 {
				return compute.DiskSpec{}, nil, invalidParameter("dataDisks.diskAmount", "must be at least 1")
			}
		}
		spec := compute.DiskSpec{Category: categoryStandard, SizeGiB: *d.DiskSize, DeleteWithInstance: true, Extra: burstExtra(d.BurstingEnabled)}
		if set(d.DiskCategory) {
			spec.Category = *d.DiskCategory
		}
		if d.DiskName != nil {
			if err := checkName("dataDisks.diskName", *d.DiskName, 1, 64, ""); err != nil {
				return compute.DiskSpec{}, nil, err
			}
			spec.Name = *d.DiskName
		}
		for range min(amount, maxDataDisksPerInstance+1) {
			out = append(out, spec)
		}
	}
	return system, out, nil
}

// publicNetwork reads the public IPv4 of a launch: internetChargeType
// ByBandwidth or ByTrafficPackage with a bandwidth in Mbit/s (the
// instance type's limit at most). It returns the bandwidth, 0 for none.
func publicNetwork(req *createZecInstancesRequest, extra map[string]string) (int, error) {
	if !set(req.InternetChargeType) {
		for _, p := range []struct {
			name string
			set  bool
		}{
			{"bandwidth", req.Bandwidth != nil}, {"trafficPackageSize", req.TrafficPackageSize != nil},
			{"eipBindType", set(req.EipBindType)}, {"networkLineType", set(req.NetworkLineType)}, {"eipV4Type", set(req.EipV4Type)},
		} {
			if p.set {
				return 0, invalidParameter(p.name, "applies to a public IP, which needs internetChargeType")
			}
		}
		return 0, nil
	}
	if !slices.Contains(internetChargeTypes, *req.InternetChargeType) {
		return 0, invalidParameter("internetChargeType", "ecsd offers %s", strings.Join(internetChargeTypes, " and "))
	}
	if req.Bandwidth == nil {
		return 0, missingParameter("bandwidth")
	}
	if *req.Bandwidth < 1 || *req.Bandwidth > maxPublicBandwidth {
		return 0, invalidParameter("bandwidth", "must be 1 to %d Mbps", maxPublicBandwidth)
	}
	if req.TrafficPackageSize != nil && (*req.InternetChargeType != "ByTrafficPackage" || *req.TrafficPackageSize < 0) {
		return 0, invalidParameter("trafficPackageSize", "applies to ByTrafficPackage only and must not be negative")
	}
	extra[extraInternetCharge] = *req.InternetChargeType
	return *req.Bandwidth, nil
}

// maxPublicBandwidth is every instance type's public bandwidth limit.
const maxPublicBandwidth = 5000

// refuseUnmodelled refuses the launch parameters ecsd does not model:
// existing EIPs, bandwidth clusters, IPv6 stacks and POC vouchers. A
// discount code is accepted: Zenlayer ignores unknown ones, and ecsd bills
// nothing.
func refuseUnmodelled(req *createZecInstancesRequest) error {
	switch {
	case len(req.EipIDs) > 0:
		return invalidParameter("eipIds", "ecsd does not model elastic IPs")
	case set(req.ClusterID), set(req.IPv6ClusterID):
		return invalidParameter("clusterId", "ecsd does not model bandwidth clusters")
	case set(req.IPStackType) && *req.IPStackType != stackIPv4:
		return invalidParameter("ipStackType", "ecsd gives instances IPv4 only")
	case req.MarketingOptions != nil && req.MarketingOptions.UsePocVoucher != nil && *req.MarketingOptions.UsePocVoucher:
		return invalidParameter("marketingOptions.usePocVoucher", "the account has no POC voucher")
	}
	return nil
}

// launchGroups picks the security group of a launch: the one given, or
// the VPC's, or (none given or assigned) the account's default group.
func (h *Handler) launchGroups(c *call, given *string, vpc compute.NetworkID) ([]compute.SecurityGroupID, error) {
	if set(given) {
		if err := h.securityGroupExists(c, *given); err != nil {
			return nil, err
		}
		return []compute.SecurityGroupID{compute.SecurityGroupID(*given)}, nil
	}
	nets, err := h.Svc.Networks(c.ctx(), c.owner, compute.Filter{IDs: []string{string(vpc)}})
	if err != nil {
		return nil, err
	}
	if len(nets) == 1 && nets[0].Extra[extraSecurityGroup] != "" {
		return []compute.SecurityGroupID{compute.SecurityGroupID(nets[0].Extra[extraSecurityGroup])}, nil
	}
	return nil, nil
}

// lanIP picks the private address of a one-instance launch given lanIp:
// that address, or when it is taken the next free one after it.
func (h *Handler) lanIP(c *call, v *string, count int, sub compute.Subnet) (netip.Addr, error) {
	if !set(v) {
		return netip.Addr{}, nil
	}
	start, err := netip.ParseAddr(*v)
	if err != nil || !start.Is4() || !sub.CIDR.Contains(start) {
		return netip.Addr{}, &apiError{http.StatusBadRequest, "INVALID_PARAMETER_SUBNET_LAN_IP",
			fmt.Sprintf("The lanIp must be an IPv4 address of subnet %s (%s).", sub.ID, sub.CIDR)}
	}
	if count != 1 {
		return netip.Addr{}, invalidParameter("lanIp", "ecsd takes a lanIp for one instance at a time")
	}
	insts, err := h.allInstances(c, compute.Query{Links: []compute.LinkFilter{{Attr: compute.LinkSubnet, Values: []string{string(sub.ID)}}}})
	if err != nil {
		return netip.Addr{}, err
	}
	taken := map[netip.Addr]bool{}
	for _, inst := range insts {
		taken[inst.PrivateIP] = true
	}
	for a := start; sub.CIDR.Contains(a); a = a.Next() {
		if !taken[a] {
			return a, nil
		}
	}
	return start, nil // all taken: the core reports it
}

// subnet loads a subnet of the account.
func (h *Handler) subnet(c *call, id string) (compute.Subnet, error) {
	subs, err := h.Svc.Subnets(c.ctx(), c.owner, compute.Filter{IDs: []string{id}})
	if err != nil {
		return compute.Subnet{}, err
	}
	if len(subs) == 0 {
		return compute.Subnet{}, notFound(compute.KindSubnet, id)
	}
	return subs[0], nil
}

// burstExtra records burst performance on a disk.
func burstExtra(on *bool) map[string]string {
	if on == nil || !*on {
		return nil
	}
	return map[string]string{extraBurst: "true"}
}
