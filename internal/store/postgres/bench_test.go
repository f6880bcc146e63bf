package postgres

// The benchmarks of the PostgreSQL store, beside those of the SQLite store
// (same names, same shapes):
//
//	ECSD_TEST_POSTGRES=postgres://... go test ./internal/store/postgres -run '^$' -bench .
//
// BenchmarkList seeds ECSD_BENCH_INSTANCES instances (default 100,000) in a
// fresh schema each run.

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/compute/computetest"
	"github.com/ecsd/ecsd/internal/store/postgres/pgtest"
	"github.com/ecsd/ecsd/internal/store/storetest"
)

// BenchmarkList measures listings (see storetest.BenchmarkList).
func BenchmarkList(b *testing.B) {
	s := open(b, pgtest.DSN(b))
	storetest.BenchmarkList(b, s, storetest.ListBench{
		// The planner's statistics, as autovacuum would gather them in
		// time.
		Analyze: func(b *testing.B) {
			if _, err := s.db.ExecContext(b.Context(), `ANALYZE`); err != nil {
				b.Fatal(err)
			}
		},
		OffsetPage: func(b *testing.B, owner compute.Owner, offset int) {
			rows, err := s.db.QueryContext(b.Context(), `SELECT id FROM instances WHERE account_id = $1 AND cloud = $2
				ORDER BY seq LIMIT 10 OFFSET $3`, string(owner.Account), string(owner.Cloud), offset)
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
			}
			if err := rows.Close(); err != nil {
				b.Fatal(err)
			}
		},
	})
}

// BenchmarkWrites measures lifecycle writes (see storetest.BenchmarkWrites).
func BenchmarkWrites(b *testing.B) {
	storetest.BenchmarkWrites(b, open(b, pgtest.DSN(b)))
}

// BenchmarkNonces measures what replay protection costs a signed request:
// one nonce recorded in the database, against the baseline, a nonce memory
// in the process, and beside the floor of any statement, a round trip.
func BenchmarkNonces(b *testing.B) {
	ctx := context.Background()
	s := open(b, pgtest.DSN(b))
	clock := computetest.NewClock(computetest.Epoch)
	for _, c := range []struct {
		name   string
		nonces auth.Nonces
	}{
		{"memory (baseline)", auth.NewMemoryNonces(clock)},
		{"postgres", s.Nonces(clock)},
	} {
		i := 0
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				i++
				fresh, err := c.nonces.Use(ctx, "KEY", strconv.Itoa(i)+"-"+c.name, clock.Now().Add(30*time.Minute))
				if err != nil || !fresh {
					b.Fatalf("Use = %v, %v; want fresh", fresh, err)
				}
			}
		})
	}
	b.Run("round trip (SELECT 1)", func(b *testing.B) {
		for b.Loop() {
			var one int
			if err := s.nonceDB.QueryRowContext(ctx, `SELECT 1`).Scan(&one); err != nil {
				b.Fatal(err)
			}
		}
	})
}
