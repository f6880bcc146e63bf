package aliyun

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/ecsd/ecsd/internal/compute"
)

// Paging limits (reference 2.2, 2.9).
const (
	defaultPageSize        = 10
	maxStatusPageSize      = 50
	maxDescribePageSize    = 100
	maxPageNumber          = math.MaxInt32
	instanceResponseOK     = "200"
	instanceResponseOKText = "success"
)

type instanceStatus struct {
	InstanceID string `json:"InstanceId" xml:"InstanceId"`
	Status     string `json:"Status" xml:"Status"`
}

type describeInstanceStatusResponse struct {
	RequestID        string `json:"RequestId" xml:"RequestId"`
	TotalCount       int    `json:"TotalCount" xml:"TotalCount"`
	PageNumber       int    `json:"PageNumber" xml:"PageNumber"`
	PageSize         int    `json:"PageSize" xml:"PageSize"`
	InstanceStatuses struct {
		InstanceStatus []instanceStatus `json:"InstanceStatus" xml:"InstanceStatus"`
	} `json:"InstanceStatuses" xml:"InstanceStatuses"`
}

// paging reads PageNumber and PageSize.
func paging(c *call, maxSize int) (number, size int, err error) {
	if number, err = c.params.integer("PageNumber", 1, 1, maxPageNumber); err != nil {
		return 0, 0, err
	}
	if size, err = c.params.integer("PageSize", defaultPageSize, 1, maxSize); err != nil {
		return 0, 0, err
	}
	return number, size, nil
}

func (h *Handler) describeInstanceStatus(c *call) (any, error) {
	region, err := h.region(c)
	if err != nil {
		return nil, err
	}
	zone, err := h.zone(c, region)
	if err != nil {
		return nil, err
	}
	number, size, err := paging(c, maxStatusPageSize)
	if err != nil {
		return nil, err
	}
	ids, err := c.params.repeated("InstanceId", errTooManyIDs)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if !wellFormedID(id) {
			return nil, errMalformedIDs
		}
	}
	page, err := h.Svc.List(c.ctx(), compute.Query{
		Owner: c.owner, Region: region.ID, Zone: zone, IDs: toInstanceIDs(ids),
		Offset: (number - 1) * size, Limit: size, Brief: true,
	})
	if err != nil {
		return nil, err
	}
	resp := describeInstanceStatusResponse{RequestID: c.requestID, TotalCount: page.Total, PageNumber: number, PageSize: size}
	resp.InstanceStatuses.InstanceStatus = make([]instanceStatus, len(page.Instances))
	for i, inst := range page.Instances {
		resp.InstanceStatuses.InstanceStatus[i] = instanceStatus{InstanceID: string(inst.ID), Status: statusSpelling[inst.Status]}
	}
	return resp, nil
}

func toInstanceIDs(ids []string) []compute.InstanceID {
	out := make([]compute.InstanceID, len(ids))
	for i, id := range ids {
		out[i] = compute.InstanceID(id)
	}
	return out
}

// nextToken and parseNextToken carry an offset as an opaque token.
func nextToken(offset int) string { return fmt.Sprintf("ecsd%012x", offset) }

func parseNextToken(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	hex, ok := strings.CutPrefix(s, "ecsd")
	n, err := strconv.ParseInt(hex, 16, 64)
	if !ok || err != nil || n < 0 || n > math.MaxInt32 {
		return 0, invalidParameter("NextToken")
	}
	return int(n), nil
}
