package compute

import (
	"context"
	"fmt"
	"time"
)

// DefaultInstanceQuota is how many instances an account may have in one
// region of one cloud unless configured: far above what a test or a CI
// farm launches (Zenlayer's paging tests need more than its largest page
// of 1,000), far below what fills a disk.
const DefaultInstanceQuota = 10000

// NoQuota, as Config.InstanceQuota, lets an account launch without bound
// (for loading fixtures and snapshots).
const NoQuota = -1

// checkInstanceQuota refuses a launch of count instances that would give
// the owner more than the quota in region. It runs inside the launch's
// transaction, in which no other write to the owner's inventory comes in
// between (Tx), so that concurrent launches, on one node or several,
// never exceed it together. It reads the owner's instances in the region,
// so its cost grows with them: the quota bounds what launches admit, but
// fixtures and snapshots load without it and may hold more. A count kept
// by the store would make it constant; not done yet.
func (s *Service) checkInstanceQuota(ctx context.Context, tx Tx, region RegionID, count int, now time.Time) error {
	if s.instanceQuota < 0 {
		return nil
	}
	found, err := tx.Find(ctx, Filter{Kind: KindInstance, Region: region})
	if err != nil {
		return err
	}
	n := 0
	for _, r := range found {
		if inst, ok := r.(*Instance); ok && inst.StatusAt(now) != StatusTerminated {
			n++
		}
	}
	if n+count > s.instanceQuota {
		return &Error{Code: LimitExceeded, Op: "launch", Param: "instance_quota", Value: fmt.Sprint(s.instanceQuota),
			Message: fmt.Sprintf("an account may have at most %d instances in region %s: it has %d, and %d more were asked for", s.instanceQuota, region, n, count)}
	}
	return nil
}
