package aliyun

import (
	"strconv"

	"github.com/ecsd/ecsd/internal/compute"
)

// Keys of the Alibaba-only attributes kept in an instance's Meta.Extra,
// each named after the request parameter that sets it. Absent keys read as
// ECS's defaults (see extraOr).
const (
	xCreditSpecification      = "CreditSpecification"
	xSpotStrategy             = "SpotStrategy"
	xSpotPriceLimit           = "SpotPriceLimit"
	xSpotDuration             = "SpotDuration"
	xSpotInterruptionBehavior = "SpotInterruptionBehavior"
	xPeriod                   = "Period"
	xPeriodUnit               = "PeriodUnit"
	xAutoRenew                = "AutoRenew"
	xAutoRenewPeriod          = "AutoRenewPeriod"
	xSecurityEnhancement      = "SecurityEnhancementStrategy"
	xHTTPEndpoint             = "HttpEndpoint"
	xHTTPTokens               = "HttpTokens"
	xHTTPHopLimit             = "HttpPutResponseHopLimit"
	xCPUCore                  = "CpuOptions.Core"
	xCPUThreadsPerCore        = "CpuOptions.ThreadsPerCore"
	xCPUTopologyType          = "CpuOptions.TopologyType"
	xJumboFrame               = "NetworkOptions.EnableJumboFrame"
	xLoginAsNonRoot           = "ImageOptions.LoginAsNonRoot"
	xHighDensityMode          = "AdditionalInfo.EnableHighDensityMode"
	xPrivatePoolCriteria      = "PrivatePoolOptions.MatchCriteria"
	xQueueNumber              = "NetworkInterfaceQueueNumber"
	xCapacityReservation      = "CapacityReservationPreference"
	xStoppedMode              = "StoppedMode"
	// xPublicIPAllocated marks an instance whose public address was
	// allocated: RunInstances allocates one with bandwidth, CreateInstance
	// waits for AllocatePublicIpAddress.
	xPublicIPAllocated = "PublicIpAllocated"
	// Maintenance attributes (ModifyInstanceMaintenanceAttributes).
	xMaintenanceWindows  = "MaintenanceWindows" // "start/end,start/end"
	xActionOnMaintenance = "ActionOnMaintenance"
	xNotifyOnMaintenance = "NotifyOnMaintenance"
	// Renewal of prepaid instances (ModifyInstanceAutoRenewAttribute).
	xRenewalStatus   = "RenewalStatus"
	xRenewPeriodUnit = "RenewPeriodUnit"
)

// ECS's defaults for the attributes above.
const (
	defaultSpotStrategy     = "NoSpot"
	defaultSpotInterruption = "Terminate"
	defaultHTTPEndpoint     = "enabled"
	defaultHTTPTokens       = "optional"
	defaultHopLimit         = 1
	defaultPeriodUnit       = "Month"
	defaultActionOnMaint    = "AutoRecover"
	defaultStoppedMode      = "KeepCharging"
	notApplicable           = "Not-applicable"
)

// extraOr reads an Extra value of inst, or def when it is not set.
func extraOr(inst compute.Instance, key, def string) string {
	if v, ok := inst.Extra[key]; ok && v != "" {
		return v
	}
	return def
}

// extraInt reads an integer Extra value, or def.
func extraInt(inst compute.Instance, key string, def int) int {
	if n, err := strconv.Atoi(inst.Extra[key]); err == nil {
		return n
	}
	return def
}

// extraBool reads a boolean Extra value; absent is false.
func extraBool(inst compute.Instance, key string) bool { return inst.Extra[key] == "true" }

// setExtra sets key on inst's Extra, removing it for an empty value.
func setExtra(m *compute.Meta, key, value string) {
	if value == "" {
		delete(m.Extra, key)
		return
	}
	if m.Extra == nil {
		m.Extra = map[string]string{}
	}
	m.Extra[key] = value
}
