package computetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
)

// BenchmarkWrites measures the lifecycle writes of a store, one call at a
// time: Create of one instance and of a batch of 100, and Modify of one
// instance and of 100 (each moves the instances to another state, as a
// stop or a start does). Each reports instances/s besides the time per
// call. s should be empty; the benchmark leaves its instances in it.
func BenchmarkWrites(b *testing.B, s compute.Store) {
	ctx := context.Background()
	owner := compute.Owner{Account: "1000000000000009", Cloud: compute.CloudAliyun}
	now := Epoch
	n := 0
	newBatch := func(count int) []compute.Instance {
		out := make([]compute.Instance, count)
		for i := range out {
			n++
			out[i] = compute.Instance{
				ID: compute.InstanceID(fmt.Sprintf("i-bench-%09d", n)), Owner: owner, Region: "r1", Zone: "r1-a",
				Name: "bench", ImageID: "img-1", InstanceType: "t1.small", ChargeType: compute.PostPaid, CreatedAt: now,
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
				if _, err := s.Create(ctx, owner, "", newBatch(size)); err != nil {
					b.Fatal(err)
				}
			}
			perSecond(b, size)
		})
	}
	for _, size := range []int{1, 100} {
		b.Run(fmt.Sprintf("modify %d", size), func(b *testing.B) {
			created, err := s.Create(ctx, owner, "", newBatch(size))
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
				err := s.Modify(ctx, owner, ids, func(found []compute.Instance) (compute.Change, error) {
					if len(found) != len(ids) {
						return compute.Change{}, fmt.Errorf("found %d instances, want %d", len(found), len(ids))
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
					return compute.Change{Put: put}, nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			perSecond(b, size)
		})
	}
}
