package app

// The cost of observing the store, as ratios against the bare store
// measured in the same run:
//
//	go test ./internal/app -run '^$' -bench ObservedStore -benchtime 2000x
//
// Each operation stops or starts 10 instances of 1000 in one transaction,
// as a lifecycle call does; "observed" is the wrapper every ecsd has (it
// notes what changed), "metrics" the wrapper with metrics on (it times each
// call and reads the instances before changing them, for the census).

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/metrics"
	"github.com/ecsd/ecsd/internal/store/storetest"
)

func BenchmarkObservedStore(b *testing.B) {
	for _, kind := range []string{"memory", "sqlite"} {
		b.Run(kind, func(b *testing.B) {
			ctx := context.Background()
			dsn := MemoryDSN
			if kind == "sqlite" {
				dsn = filepath.Join(b.TempDir(), "bench.db")
			}
			store, err := OpenStore(ctx, dsn)
			if err != nil {
				b.Fatal(err)
			}
			defer store.Close()
			owner := compute.Owner{Account: "bench", Cloud: compute.CloudAliyun}
			now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
			all := make([]compute.Instance, 1000)
			for i := range all {
				all[i] = compute.Instance{ID: compute.InstanceID(fmt.Sprintf("i-bench%04d", i)), Target: compute.StatusRunning,
					Meta: compute.Meta{Owner: owner, Region: "cn-hangzhou", Zone: "cn-hangzhou-b", CreatedAt: now}}
			}
			if _, err := storetest.Create(ctx, store, owner, "", all); err != nil {
				b.Fatal(err)
			}
			clock := &fixedClock{now}
			m, census := metrics.New(), metrics.NewCensus(clock)
			if err := census.Seed(ctx, store, []compute.Owner{owner}); err != nil {
				b.Fatal(err)
			}
			variants := []struct {
				name  string
				store compute.Store
			}{
				{"bare", store},
				{"observed", observeStore(store, nil, nil)},
				{"metrics", observeStore(store, m, census)},
			}
			spent := make([]time.Duration, len(variants))
			b.ResetTimer()
			for i := range b.N {
				ids := make([]compute.InstanceID, 10)
				for j := range ids {
					ids[j] = all[(i*10+j)%len(all)].ID
				}
				target := compute.StatusStopped
				if (i*10/len(all))%2 == 1 {
					target = compute.StatusRunning
				}
				// Each variant in turn, so that all see the same store,
				// the first of each round changing to another order.
				for k := range variants {
					v := (i + k) % len(variants)
					variant := variants[v]
					start := time.Now()
					err := storetest.Modify(ctx, variant.store, owner, now, ids, func(found []compute.Instance) (storetest.Change, error) {
						for n := range found {
							found[n].Target = target
							found[n].Stages = []compute.Stage{{Status: compute.StatusStopping, Until: now.Add(time.Second)}}
						}
						return storetest.Change{Put: found}, nil
					})
					spent[v] += time.Since(start)
					if err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(spent[1])/float64(spent[0]), "observed/bare")
			b.ReportMetric(float64(spent[2])/float64(spent[0]), "metrics/bare")
		})
	}
}

type fixedClock struct{ t time.Time }

func (c *fixedClock) Now() time.Time { return c.t }
