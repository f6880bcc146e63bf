package tencent

import (
	"slices"
	"strconv"
	"strings"

	"github.com/ecsd/ecsd/internal/compute"
)

// Paging (reference 3.2): Limit defaults to 20 and may not exceed 100.
const (
	defaultLimit = 20
	maxLimit     = 100
	// createdTimeLayout is ISO 8601 in UTC, as CreatedTime is shown.
	createdTimeLayout = "2006-01-02T15:04:05Z"
)

// paging reads Offset and Limit. A Limit above 100 is refused with
// InvalidParameterValue.LimitExceeded, the code the API documents for "too
// many values", rather than silently capped, so that a client asking for
// more than it can get learns so at once.
func paging(p params) (offset, limit int, err error) {
	if offset, err = p.intInRange("Offset", 0, 0, maxOffset); err != nil {
		return 0, 0, err
	}
	n, ok, err := p.integer("Limit")
	switch {
	case err != nil:
		return 0, 0, err
	case !ok:
		return offset, defaultLimit, nil
	case n > maxLimit:
		return 0, 0, errLimitOverMax
	case n < 1:
		return 0, 0, invalidValuef("The value of `Limit` must be between 1 and %d.", maxLimit)
	}
	return offset, int(n), nil
}

type instanceStatus struct {
	InstanceID    string `json:"InstanceId"`
	InstanceState string `json:"InstanceState"`
}

type describeInstancesStatusResponse struct {
	TotalCount        int              `json:"TotalCount"`
	InstanceStatusSet []instanceStatus `json:"InstanceStatusSet"`
	RequestID         string           `json:"RequestId"`
}

// describeInstancesStatus lists the statuses of the caller's instances in
// the region, in creation order: all of them, or those named by InstanceIds
// (unknown IDs are left out, a repeated ID counts once).
func (h *Handler) describeInstancesStatus(c *call) (any, error) {
	p := c.params
	if err := p.only("InstanceIds", "Offset", "Limit"); err != nil {
		return nil, err
	}
	ids, _, err := instanceIDs(p)
	if err != nil {
		return nil, err
	}
	offset, limit, err := paging(p)
	if err != nil {
		return nil, err
	}
	page, err := h.Svc.List(c.ctx(), compute.Query{Owner: c.owner, Region: c.region, IDs: ids, Offset: offset, Limit: limit, Brief: true})
	if err != nil {
		return nil, err
	}
	resp := describeInstancesStatusResponse{TotalCount: page.Total, InstanceStatusSet: make([]instanceStatus, len(page.Instances)), RequestID: c.requestID}
	for i, inst := range page.Instances {
		resp.InstanceStatusSet[i] = instanceStatus{InstanceID: string(inst.ID), InstanceState: statusSpelling[inst.Status]}
	}
	return resp, nil
}

type placement struct {
	Zone      string `json:"Zone"`
	ProjectID int    `json:"ProjectId"`
}

type tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// instance is the part of CVM's Instance ecsd knows; the rest stays absent,
// which the SDK reads as null.
type instance struct {
	Placement             placement `json:"Placement"`
	InstanceID            string    `json:"InstanceId"`
	InstanceType          string    `json:"InstanceType"`
	CPU                   int       `json:"CPU"`
	Memory                int       `json:"Memory"`
	RestrictState         string    `json:"RestrictState"`
	InstanceName          string    `json:"InstanceName"`
	InstanceChargeType    string    `json:"InstanceChargeType"`
	PrivateIPAddresses    []string  `json:"PrivateIpAddresses"`
	ImageID               string    `json:"ImageId"`
	CreatedTime           string    `json:"CreatedTime"`
	SecurityGroupIDs      []string  `json:"SecurityGroupIds"`
	InstanceState         string    `json:"InstanceState"`
	Tags                  []tag     `json:"Tags"`
	StopChargingMode      string    `json:"StopChargingMode"`
	UUID                  string    `json:"Uuid"`
	DisableAPITermination bool      `json:"DisableApiTermination"`
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
	matchesNone, err := applyFilters(&q, filters)
	if err != nil {
		return nil, err
	}
	resp := describeInstancesResponse{InstanceSet: []instance{}, RequestID: c.requestID}
	if matchesNone {
		return resp, nil
	}
	page, err := h.Svc.List(c.ctx(), q)
	if err != nil {
		return nil, err
	}
	resp.TotalCount = page.Total
	resp.InstanceSet = make([]instance, len(page.Instances))
	for i, inst := range page.Instances {
		resp.InstanceSet[i] = wireInstance(inst)
	}
	return resp, nil
}

// Filter limits (reference 3.8, SDK model docs).
const (
	maxFilters      = 10
	maxFilterValues = 5
)

// Filter names ecsd evaluates.
const (
	filterZone  = "zone"
	filterState = "instance-state"
	filterID    = "instance-id"
	filterName  = "instance-name"
)

// applyFilters narrows q by DescribeInstances' Filters. The values of one
// filter are alternatives; several filters must all hold, so repeating a
// name intersects its values. It reports true when the filters can match no
// instance at all (no state ecsd shows, disjoint zones).
func applyFilters(q *compute.Query, filters []params) (matchesNone bool, err error) {
	if len(filters) > maxFilters {
		return false, errTooManyFilters
	}
	chosen := map[string][]string{}
	for _, f := range filters {
		if err := f.only("Name", "Values"); err != nil {
			return false, err
		}
		name, ok, err := f.str("Name")
		if err != nil {
			return false, err
		}
		if !ok || name == "" {
			return false, missingParameter(f.prefix + "Name")
		}
		values, ok, err := f.strs("Values")
		if err != nil {
			return false, err
		}
		if !ok || len(values) == 0 {
			return false, missingParameter(f.prefix + "Values")
		}
		if len(values) > maxFilterValues {
			return false, errTooManyValues
		}
		switch name {
		case filterZone, filterState, filterName:
		case filterID:
			if err := checkIDs(values); err != nil {
				return false, err
			}
		default:
			return false, invalidFilterf("The filter `%s` is not supported by ecsd; it supports %s, %s, %s and %s.", name, filterZone, filterState, filterID, filterName)
		}
		if previous, again := chosen[name]; again {
			values = slices.DeleteFunc(slices.Clone(previous), func(v string) bool { return !slices.Contains(values, v) })
		}
		chosen[name] = values
	}
	for _, name := range []string{filterZone, filterState, filterID, filterName} {
		values, ok := chosen[name]
		if !ok {
			continue
		}
		if len(values) == 0 {
			return true, nil
		}
		switch name {
		case filterZone, filterName:
			// The core matches one zone and one name; more would need a
			// union of queries.
			if len(slices.Compact(slices.Sorted(slices.Values(values)))) > 1 {
				return false, invalidFilterf("ecsd supports one value for the filter `%s`.", name)
			}
			if name == filterZone {
				q.Zone = compute.ZoneID(values[0])
			} else {
				q.NameContains = values[0]
			}
		case filterState:
			for _, v := range values {
				q.Statuses = append(q.Statuses, statusesSpelled(v)...)
			}
			if len(q.Statuses) == 0 {
				return true, nil
			}
		case filterID:
			q.IDs = toInstanceIDs(values)
		}
	}
	return false, nil
}

func wireInstance(inst compute.Instance) instance {
	cpu, memory := instanceShape(inst.InstanceType)
	return instance{
		Placement:  placement{Zone: string(inst.Zone)},
		InstanceID: string(inst.ID), InstanceType: inst.InstanceType, CPU: cpu, Memory: memory,
		RestrictState: "NORMAL", InstanceName: inst.Name, InstanceChargeType: chargeTypeSpelling[inst.ChargeType],
		PrivateIPAddresses: []string{privateIP(inst.ID)}, ImageID: inst.ImageID,
		CreatedTime:      inst.CreatedAt.UTC().Format(createdTimeLayout),
		SecurityGroupIDs: []string{}, InstanceState: statusSpelling[inst.Status], Tags: []tag{},
		StopChargingMode: "NOT_APPLICABLE", UUID: instanceUUID(inst.ID),
	}
}

// instanceShape derives vCPUs and memory (GiB) from a CVM instance type
// name, FAMILY.SIZE<memory>: S5.MEDIUM4 has 2 vCPUs and 4 GiB. SMALL is 1
// vCPU, MEDIUM 2, LARGE 4, nXLARGE 4n. An unknown shape shows 1 vCPU and
// 1 GiB.
func instanceShape(t string) (cpu, memoryGiB int) {
	cpu, memoryGiB = 1, 1
	_, size, ok := strings.Cut(t, ".")
	if !ok {
		return cpu, memoryGiB
	}
	digits := len(size)
	for digits > 0 && size[digits-1] >= '0' && size[digits-1] <= '9' {
		digits--
	}
	if m, err := strconv.Atoi(size[digits:]); err == nil && m > 0 && m <= 1<<16 {
		memoryGiB = m
	}
	switch name := size[:digits]; {
	case name == "SMALL":
		cpu = 1
	case name == "MEDIUM":
		cpu = 2
	case name == "LARGE":
		cpu = 4
	case strings.HasSuffix(name, "XLARGE"):
		if n, err := strconv.Atoi(strings.TrimSuffix(name, "XLARGE")); err == nil && n > 0 && n <= 64 {
			cpu = 4 * n
		}
	}
	return cpu, memoryGiB
}
