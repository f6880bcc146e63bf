package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"math"
	"slices"

	"github.com/ecsd/ecsd/internal/compute"
)

// The listing counts (table instance_tallies) are kept per scope (one of
// scopeKeys) and bucket of bucketSize seqs: n instances of
// the scope have a seq in the bucket, before have a lower seq. Every write
// that adds or removes instances updates them in the same transaction.

// bucketSize is how many seqs one bucket spans. A deep page reads at most
// this many index entries past the bucket it starts in; a removal updates
// before of every higher bucket of the scope.
const bucketSize = 256

// place is what the counts need of an instance: its seq and scopes.
type place struct {
	seq    int64
	region compute.RegionID
	zone   compute.ZoneID
	group  string
}

// tally is a number of instances added to or taken from one bucket.
type tally struct {
	scope  string
	bucket int64
	n      int64
}

// tallies aggregates places per scope and bucket, sorted by scope and then
// bucket.
func tallies(places []place) []tally {
	sums := make(map[tally]int64) // keyed with n = 0
	for _, p := range places {
		for _, scope := range scopeKeys(p.region, p.zone, p.group) {
			sums[tally{scope: scope, bucket: p.seq / bucketSize}]++
		}
	}
	out := make([]tally, 0, len(sums))
	for t, n := range sums {
		t.n = n
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b tally) int {
		return cmp.Or(cmp.Compare(a.scope, b.scope), cmp.Compare(a.bucket, b.bucket))
	})
	return out
}

// addTallies counts new instances. Buckets are taken in ascending order, so
// that a new bucket finds the one below it complete.
func (s *Store) addTallies(ctx context.Context, tx *sql.Tx, owner compute.Owner, places []place) error {
	if len(places) == 0 {
		return nil
	}
	upsert, shift := tx.StmtContext(ctx, s.upsertTally), tx.StmtContext(ctx, s.shiftTally)
	a, c := string(owner.Account), string(owner.Cloud)
	for _, t := range tallies(places) {
		if _, err := upsert.ExecContext(ctx, a, c, t.scope, t.bucket, t.n, a, c, t.scope, t.bucket); err != nil {
			return err
		}
		// Higher buckets exist only when seqs were not handed out in
		// order; then this is one indexed update of none or a few rows.
		if _, err := shift.ExecContext(ctx, t.n, a, c, t.scope, t.bucket, int64(math.MaxInt64)); err != nil {
			return err
		}
	}
	return nil
}

// removeTallies uncounts removed instances. Each bucket above a touched one
// loses the removals below it, one UPDATE per run of buckets between two
// touched ones, so no row is updated twice.
func (s *Store) removeTallies(ctx context.Context, tx *sql.Tx, owner compute.Owner, places []place) error {
	if len(places) == 0 {
		return nil
	}
	dec, drop := tx.StmtContext(ctx, s.decTally), tx.StmtContext(ctx, s.dropTally)
	shift := tx.StmtContext(ctx, s.shiftTally)
	a, c := string(owner.Account), string(owner.Cloud)
	ts := tallies(places)
	var removed int64 // of the current scope, in the buckets so far
	for i, t := range ts {
		if _, err := dec.ExecContext(ctx, t.n, a, c, t.scope, t.bucket); err != nil {
			return err
		}
		if _, err := drop.ExecContext(ctx, a, c, t.scope, t.bucket); err != nil {
			return err
		}
		removed += t.n
		high := int64(math.MaxInt64)
		if i+1 < len(ts) && ts[i+1].scope == t.scope {
			high = ts[i+1].bucket
		}
		if _, err := shift.ExecContext(ctx, -removed, a, c, t.scope, t.bucket, high); err != nil {
			return err
		}
		if high == math.MaxInt64 {
			removed = 0 // the next tally starts another scope
		}
	}
	return nil
}

// scanPlaces appends the rows of r (placeCols) and closes r.
func scanPlaces(r *sql.Rows, dst []place) ([]place, error) {
	defer r.Close()
	for r.Next() {
		var (
			p                   place
			region, zone, group string
		)
		if err := r.Scan(&p.seq, &region, &zone, &group); err != nil {
			return nil, err
		}
		p.region, p.zone, p.group = compute.RegionID(region), compute.ZoneID(zone), group
		dst = append(dst, p)
	}
	return dst, r.Err()
}
