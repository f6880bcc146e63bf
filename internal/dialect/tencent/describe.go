package tencent

import (
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
