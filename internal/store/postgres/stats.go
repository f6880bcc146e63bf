package postgres

import (
	"context"
	"time"
)

// PostgreSQL's planner picks the unique index on instance IDs over the
// owners' indexes only when it has statistics of the instances, which say
// how many an owner has; without them, a lookup by ID may read every
// instance of its owner. Autovacuum gathers statistics, but only some time
// after a table starts to fill, and a fresh store can take a burst of
// launches before it does. So the store makes sure there are some: at Open,
// and each time this node has created another analyzeAfter instances, until
// it finds them. From then on autovacuum keeps them up to date.

const (
	analyzeAfter   = 1000
	analyzeTimeout = 5 * time.Minute
)

// created counts the instances this node created, and checks for
// statistics every analyzeAfter of them until there are some.
func (s *Store) created(n int) {
	if s.hasStats.Load() || n == 0 {
		return
	}
	if total := s.createdN.Add(int64(n)); total/analyzeAfter != (total-int64(n))/analyzeAfter {
		s.checkStats()
	}
}

// checkStats gathers statistics of the instances in the background, when
// there are none and no check runs.
func (s *Store) checkStats() {
	if !s.checking.CompareAndSwap(false, true) {
		return
	}
	s.background(func(ctx context.Context) {
		defer s.checking.Store(false)
		ctx, cancel := context.WithTimeout(ctx, analyzeTimeout)
		defer cancel()
		// A failed check is made again after the next analyzeAfter.
		if ok, err := s.ensureStats(ctx); err == nil && ok {
			s.hasStats.Store(true)
		}
	})
}

// ensureStats analyzes the instances when there are no statistics of them,
// and reports whether there were.
func (s *Store) ensureStats(ctx context.Context) (bool, error) {
	var has bool
	err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_stats
		WHERE schemaname = current_schema() AND tablename = 'instances')`).Scan(&has)
	if err != nil || has {
		return has, err
	}
	// ANALYZE of an empty table finds nothing to keep; then the next
	// check analyzes again.
	_, err = s.db.ExecContext(ctx, `ANALYZE instances, instance_tallies, resources, links`)
	return false, err
}
