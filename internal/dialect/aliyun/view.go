package aliyun

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
)

// Time formats and constants of instance answers.
const (
	creationTimeLayout   = "2006-01-02T15:04Z"
	farFutureExpiredTime = "2099-12-31T15:59Z"
	networkTypeVPC       = "vpc"
	nicPrimary           = "Primary"
	tenancyDefault       = "default"
	nvmeSupported        = "supported"
)

// views holds what instance answers show beside the instances themselves:
// the catalog, for the image's and the type's figures, and the names of
// the key pairs the instances use.
type views struct {
	cat      compute.Catalog
	keyPairs map[compute.KeyPairID]string
}

// views loads what the answers about instances need.
func (h *Handler) views(ctx context.Context, owner compute.Owner, instances []compute.Instance) (views, error) {
	v := views{cat: h.Svc.Catalog(compute.CloudAliyun), keyPairs: map[compute.KeyPairID]string{}}
	var ids []string
	for _, inst := range instances {
		if inst.KeyPair != "" {
			ids = append(ids, string(inst.KeyPair))
		}
	}
	if len(ids) == 0 {
		return v, nil
	}
	kps, err := h.Svc.KeyPairs(ctx, owner, compute.Filter{IDs: ids})
	if err != nil {
		return v, err
	}
	for _, kp := range kps {
		v.keyPairs[kp.ID] = kp.Name
	}
	return v, nil
}

// image is the catalog's image of inst; an image the catalog does not list
// (the fault switch's, or any under a catalog without images) shows as a
// Linux image without names.
func (v views) image(inst compute.Instance) compute.Image {
	if im, ok := v.cat.Image(inst.ImageID); ok {
		return im
	}
	return compute.Image{ID: inst.ImageID, OSType: "linux", Architecture: "x86_64", SizeGiB: 20}
}

// itype is the catalog's instance type of inst, or one derived from its
// name for a catalog without types.
func (v views) itype(inst compute.Instance) compute.InstanceType {
	return typeNamed(v.cat, inst.InstanceType)
}

// typeNamed finds an instance type in the catalog, or derives its figures
// from the name: the size gives vCPUs (large 2, xlarge 4, 2xlarge 8, ...)
// and the family letter the memory per vCPU (c 2 GiB, g 4, r 8).
func typeNamed(cat compute.Catalog, id string) compute.InstanceType {
	if t, ok := cat.InstanceType(id); ok {
		return t
	}
	cpu := 2
	size := id[strings.LastIndexByte(id, '.')+1:]
	switch {
	case size == "small":
		cpu = 1
	case size == "xlarge":
		cpu = 4
	case strings.HasSuffix(size, "xlarge"):
		if n, err := strconv.Atoi(strings.TrimSuffix(size, "xlarge")); err == nil && n > 0 && n <= 64 {
			cpu = 4 * n
		}
	}
	family := id
	if i := strings.LastIndexByte(id, '.'); i > 0 {
		family = id[:i]
	}
	perCPU := 4
	if f := strings.TrimPrefix(family, "ecs."); f != "" {
		switch f[0] {
		case 'c':
			perCPU = 2
		case 'r':
			perCPU = 8
		}
	}
	return compute.InstanceType{ID: id, Family: family, CPU: cpu, MemoryMiB: cpu * perCPU * 1024, Architecture: "x86_64"}
}

// cpuShape is an instance's CPU as CpuOptions shows it: cores, threads per
// core (2, 1 for types without hyper-threading, or 1 when the launch asked
// for it), and the vCPUs they make.
type cpuShape struct{ cores, threads, vcpus int }

func cpuOf(inst compute.Instance, t compute.InstanceType) cpuShape {
	threads := typeThreads(&t)
	cores := max(1, t.CPU/threads)
	if n := extraInt(inst, xCPUThreadsPerCore, 0); n > 0 {
		threads = n
	}
	return cpuShape{cores: cores, threads: threads, vcpus: cores * threads}
}

// hostName is the instance's host name, or ECS's default for one an older
// ecsd launched without.
func hostName(inst compute.Instance, im compute.Image) string {
	if inst.HostName != "" {
		return inst.HostName
	}
	return defaultHostName(string(inst.ID), im.OSType == osWindows)
}

// publicIP is the instance's public address while it has one allocated.
func publicIP(inst compute.Instance) string {
	if !inst.PublicIP.IsValid() || !extraBool(inst, xPublicIPAllocated) {
		return ""
	}
	return inst.PublicIP.String()
}

func publicIPs(inst compute.Instance) []string {
	if ip := publicIP(inst); ip != "" {
		return []string{ip}
	}
	return []string{}
}

func privateIPs(inst compute.Instance) []string {
	if inst.PrivateIP.IsValid() {
		return []string{inst.PrivateIP.String()}
	}
	return []string{}
}

func groupIDs(inst compute.Instance) []string {
	out := make([]string, len(inst.SecurityGroups))
	for i, g := range inst.SecurityGroups {
		out[i] = string(g)
	}
	return out
}

// internetCharge spells the instance's internet charge type.
func internetCharge(inst compute.Instance) string {
	if inst.InternetCharge == compute.ChargeByBandwidth {
		return internetByBandwidth
	}
	return internetByTraffic
}

// expiredTime is when a prepaid instance's subscription ends; postpaid
// instances show ECS's far-future constant.
func expiredTime(inst compute.Instance) string {
	if inst.ChargeType != compute.PrePaid {
		return farFutureExpiredTime
	}
	return expiry(inst).UTC().Format(creationTimeLayout)
}

func expiry(inst compute.Instance) time.Time {
	period := extraInt(inst, xPeriod, 1)
	if extraOr(inst, xPeriodUnit, defaultPeriodUnit) == "Week" {
		return inst.CreatedAt.AddDate(0, 0, 7*period)
	}
	return inst.CreatedAt.AddDate(0, period, 0)
}

// stoppedMode is "Not-applicable" unless the instance is stopping or
// stopped, when it is how it was stopped.
func stoppedMode(inst compute.Instance) string {
	if inst.Status != compute.StatusStopped && inst.Status != compute.StatusStopping {
		return notApplicable
	}
	return extraOr(inst, xStoppedMode, defaultStoppedMode)
}

// lastStart is when the instance last came up: when its last stage ended,
// or its creation for one never transitioned since.
func lastStart(inst compute.Instance) time.Time {
	if t := inst.SettlesAt(); !t.IsZero() {
		return t
	}
	return inst.CreatedAt
}

// serialNumber derives a stable UUID-shaped serial number from the ID.
func serialNumber(id compute.InstanceID) string {
	var h [16]byte
	for i, b := range []byte(id) {
		h[i%16] = h[i%16]*31 + b
	}
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

var chargeTypeSpelling = map[compute.ChargeType]string{compute.PostPaid: chargePostPaid, compute.PrePaid: chargePrePaid}

// chargeType spells the instance's charge type; one stored without reads
// as PostPaid, ECS's default.
func chargeType(inst compute.Instance) string {
	if s, ok := chargeTypeSpelling[inst.ChargeType]; ok {
		return s
	}
	return chargePostPaid
}
