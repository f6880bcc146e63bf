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
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/compute/computetest"
	"github.com/ecsd/ecsd/internal/store/postgres/pgtest"
)

// benchInstances is how many instances BenchmarkList seeds.
func benchInstances() int {
	if n, err := strconv.Atoi(os.Getenv("ECSD_BENCH_INSTANCES")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// BenchmarkList measures listings over one owner's n instances in two
// regions: pages at the front and deep in the listing should cost about the
// same, and far less than the baseline, a deep page by plain OFFSET.
func BenchmarkList(b *testing.B) {
	ctx := context.Background()
	s := open(b, pgtest.DSN(b))
	n := benchInstances()
	now := computetest.Epoch
	start := time.Now()
	for i := 0; i < n; i += compute.MaxBatch {
		batch := make([]compute.Instance, min(compute.MaxBatch, n-i))
		for j := range batch {
			batch[j] = instance(fmt.Sprintf("i-%08d", i+j), now)
			if (i+j)%2 == 1 {
				batch[j].Region, batch[j].Zone = "r2", "r2-a"
			}
		}
		if _, err := s.Create(ctx, owner, "", batch); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("seeded %d instances in %s", n, time.Since(start).Round(time.Millisecond))
	// The planner's statistics, as autovacuum would gather them in time.
	if _, err := s.db.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	ids := make([]compute.InstanceID, 100)
	for i := range ids {
		ids[i] = compute.InstanceID(fmt.Sprintf("i-%08d", i*(n/len(ids))))
	}
	later := now.Add(time.Minute)
	cases := []struct {
		name string
		q    compute.Query
	}{
		{"first page", compute.Query{Limit: 10}},
		{"first page brief", compute.Query{Limit: 10, Brief: true}},
		{"deep page", compute.Query{Offset: n / 2, Limit: 10}},
		{"deep page brief", compute.Query{Offset: n / 2, Limit: 10, Brief: true}},
		{"last page", compute.Query{Offset: n - 10, Limit: 10}},
		{"region deep page", compute.Query{Region: "r2", Offset: n / 4, Limit: 10}},
		{"100 ids", compute.Query{IDs: ids, Limit: 100}},
		{"status first page (scan)", compute.Query{Statuses: []compute.Status{compute.StatusRunning}, Limit: 10}},
	}
	b.Run("deep page by OFFSET (baseline)", func(b *testing.B) {
		for b.Loop() {
			rows, err := s.db.QueryContext(ctx, `SELECT id FROM instances WHERE account_id = $1 AND cloud = $2
				ORDER BY seq LIMIT 10 OFFSET $3`, string(owner.Account), string(owner.Cloud), n/2)
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
			}
			if err := rows.Close(); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, c := range cases {
		c.q.Owner = owner
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				p, err := s.List(ctx, c.q, later)
				if err != nil || len(p.Instances) == 0 {
					b.Fatalf("List = %d instances, %v", len(p.Instances), err)
				}
			}
		})
	}
}

// BenchmarkWrites measures lifecycle writes (see computetest.BenchmarkWrites).
func BenchmarkWrites(b *testing.B) {
	computetest.BenchmarkWrites(b, open(b, pgtest.DSN(b)))
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
