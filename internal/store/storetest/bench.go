package storetest

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/compute/computetest"
)

// BenchmarkWrites measures the lifecycle writes of a store, one call at a
// time: Create of one instance and of a batch of 100, and Modify of one
// instance and of 100 (each moves the instances to another state, as a
// stop or a start does). Each reports instances/s besides the time per
// call. s should be empty; the benchmark leaves its instances in it.
func BenchmarkWrites(b *testing.B, s compute.Store) {
	ctx := context.Background()
	owner := compute.Owner{Account: "1000000000000009", Cloud: compute.CloudAliyun}
	now := computetest.Epoch
	n := 0
	newBatch := func(count int) []compute.Instance {
		out := make([]compute.Instance, count)
		for i := range out {
			n++
			out[i] = compute.Instance{
				ID: compute.InstanceID(fmt.Sprintf("i-bench-%09d", n)), Meta: compute.Meta{Owner: owner, Region: "r1", Zone: "r1-a",
					Name: "bench", CreatedAt: now}, ImageID: "img-1", InstanceType: "t1.small", ChargeType: compute.PostPaid,
				Target: compute.StatusRunning, Stages: []compute.Stage{{Status: compute.StatusPending, Until: now.Add(time.Second)}},
			}
		}
		return out
	}
	perSecond := func(b *testing.B, per int) {
		b.ReportMetric(float64(per*b.N)/b.Elapsed().Seconds(), "instances/s")
	}
	for _, size := range []int{1, 100} {
		b.Run(fmt.Sprintf("create %d", size), func(b *testing.B) {
			for b.Loop() {
				if _, err := Create(ctx, s, owner, "", newBatch(size)); err != nil {
					b.Fatal(err)
				}
			}
			perSecond(b, size)
		})
	}
	for _, size := range []int{1, 100} {
		b.Run(fmt.Sprintf("modify %d", size), func(b *testing.B) {
			created, err := Create(ctx, s, owner, "", newBatch(size))
			if err != nil {
				b.Fatal(err)
			}
			ids := make([]compute.InstanceID, len(created))
			for i, inst := range created {
				ids[i] = inst.ID
			}
			flip := 0
			for b.Loop() {
				flip++
				err := Modify(ctx, s, owner, now, ids, func(found []compute.Instance) (Change, error) {
					if len(found) != len(ids) {
						return Change{}, fmt.Errorf("found %d instances, want %d", len(found), len(ids))
					}
					target, stage := compute.StatusStopped, compute.StatusStopping
					if flip%2 == 0 {
						target, stage = compute.StatusRunning, compute.StatusStarting
					}
					put := make([]compute.Instance, len(found))
					for i, inst := range found {
						inst.Target = target
						inst.Stages = []compute.Stage{{Status: stage, Until: now.Add(time.Duration(flip) * time.Second)}}
						put[i] = inst
					}
					return Change{Put: put}, nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			perSecond(b, size)
		})
	}
}

// NewInstance returns a running instance of owner in region r1, zone r1-a,
// launched at now and pending for a second, for store tests.
func NewInstance(owner compute.Owner, id string, now time.Time) compute.Instance {
	return compute.Instance{
		ID: compute.InstanceID(id), Meta: compute.Meta{Owner: owner, Region: "r1", Zone: "r1-a", Name: id, CreatedAt: now},
		ImageID: "img", InstanceType: "t1", ChargeType: compute.PostPaid,
		Target: compute.StatusRunning, Stages: []compute.Stage{{Status: compute.StatusPending, Until: now.Add(time.Second)}},
	}
}

// ListBench is what BenchmarkList needs of a store besides compute.Store.
type ListBench struct {
	// Analyze, when set, runs after seeding, as the database's
	// statistics would be gathered in time.
	Analyze func(b *testing.B)
	// OffsetPage reads the IDs of a page of 10 of owner's instances at
	// offset by plain OFFSET, which walks every instance it skips: the
	// baseline that a deep page must beat by far.
	OffsetPage func(b *testing.B, owner compute.Owner, offset int)
}

// BenchInstances is how many instances BenchmarkList seeds: 100,000, or
// $ECSD_BENCH_INSTANCES (1,000,000 takes minutes).
func BenchInstances() int {
	if n, err := strconv.Atoi(os.Getenv("ECSD_BENCH_INSTANCES")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// BenchmarkList measures listings over one owner's BenchInstances
// instances in two regions: pages at the front and deep in the listing
// should cost about the same, and far less than the baseline. s should be
// empty.
func BenchmarkList(b *testing.B, s compute.Store, lb ListBench) {
	ctx := context.Background()
	owner := compute.Owner{Account: "1000000000000001", Cloud: compute.CloudAliyun}
	n := BenchInstances()
	now := computetest.Epoch
	start := time.Now()
	for i := 0; i < n; i += compute.MaxBatch {
		batch := make([]compute.Instance, min(compute.MaxBatch, n-i))
		for j := range batch {
			batch[j] = NewInstance(owner, fmt.Sprintf("i-%08d", i+j), now)
			if (i+j)%2 == 1 {
				batch[j].Region, batch[j].Zone = "r2", "r2-a"
			}
		}
		if _, err := Create(ctx, s, owner, "", batch); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("seeded %d instances in %s", n, time.Since(start).Round(time.Millisecond))
	if lb.Analyze != nil {
		lb.Analyze(b)
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
		{"100 ids brief", compute.Query{IDs: ids, Limit: 100, Brief: true}},
		{"status first page (scan)", compute.Query{Statuses: []compute.Status{compute.StatusRunning}, Limit: 10}},
	}
	b.Run("deep page by OFFSET (baseline)", func(b *testing.B) {
		for b.Loop() {
			lb.OffsetPage(b, owner, n/2)
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
