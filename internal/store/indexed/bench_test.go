package indexed_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/compute/computetest"
	"github.com/ecsd/ecsd/internal/store/indexed"
	"github.com/ecsd/ecsd/internal/store/sqlite"
	"github.com/ecsd/ecsd/internal/store/storetest"
)

// BenchmarkList measures the same listings through SQLite alone ("plain")
// and through the index over it ("indexed"), in one run over one file of
// storetest.BenchInstances instances (ECSD_BENCH_INSTANCES):
//
//	go test ./internal/store/indexed -run '^$' -bench List
func BenchmarkList(b *testing.B) {
	ctx := context.Background()
	plain := openSQLite(b, filepath.Join(b.TempDir(), "ecsd.db"))
	owner := compute.Owner{Account: "1000000000000001", Cloud: compute.CloudAliyun}
	n := storetest.BenchInstances()
	now := computetest.Epoch
	for i := 0; i < n; i += compute.MaxBatch {
		batch := make([]compute.Instance, min(compute.MaxBatch, n-i))
		for j := range batch {
			batch[j] = storetest.NewInstance(owner, fmt.Sprintf("i-%08d", i+j), now)
			if (i+j)%2 == 1 {
				batch[j].Region, batch[j].Zone = "r2", "r2-a"
			}
			if (i+j)%3 == 0 {
				batch[j].Target = compute.StatusStopped
			}
		}
		if _, err := storetest.Create(ctx, plain, owner, "", batch); err != nil {
			b.Fatal(err)
		}
	}
	later := now.Add(time.Minute)
	fast, err := indexed.New(ctx, plain, later) // as a server loads it, at its clock
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]compute.InstanceID, 100)
	for i := range ids {
		ids[i] = compute.InstanceID(fmt.Sprintf("i-%08d", i*(n/len(ids))))
	}
	cases := []struct {
		name string
		q    compute.Query
	}{
		{"first page brief", compute.Query{Limit: 10, Brief: true}},
		{"last page brief", compute.Query{Offset: n - 10, Limit: 10, Brief: true}},
		{"region deep page brief", compute.Query{Region: "r2", Offset: n / 4, Limit: 10, Brief: true}},
		{"status deep page brief", compute.Query{Statuses: []compute.Status{compute.StatusStopped}, Offset: n / 4, Limit: 10, Brief: true}},
		{"100 ids brief", compute.Query{IDs: ids, Limit: 100, Brief: true}},
		{"page of 1000 brief", compute.Query{Offset: n / 2, Limit: 1000, Brief: true}},
		{"first page", compute.Query{Limit: 10}},
		{"last page", compute.Query{Offset: n - 10, Limit: 10}},
		{"100 ids", compute.Query{IDs: ids, Limit: 100}},
	}
	for _, c := range cases {
		c.q.Owner = owner
		for _, s := range []struct {
			name  string
			store compute.Store
		}{{"plain", plain}, {"indexed", fast}} {
			b.Run(c.name+"/"+s.name, func(b *testing.B) {
				for b.Loop() {
					p, err := s.store.List(ctx, c.q, later)
					if err != nil || len(p.Instances) == 0 {
						b.Fatalf("List = %d instances, %v", len(p.Instances), err)
					}
				}
			})
		}
	}
}

// BenchmarkLoad measures the start of a server over an existing SQLite
// file: the time to load the index, and the heap it takes and the process's
// resident set after loading, per million instances. It reads the file of
// internal/app's BenchmarkDescribeInstanceStatus ($ECSD_BENCH_DB, default
// ecsd-bench-1m.db in the temporary directory), which that benchmark seeds:
//
//	ECSD_BENCH_DB=/tmp/x.db go test ./internal/store/indexed -run '^$' -bench Load -benchtime 3x
func BenchmarkLoad(b *testing.B) {
	path := os.Getenv("ECSD_BENCH_DB")
	if path == "" {
		path = filepath.Join(os.TempDir(), "ecsd-bench-1m.db")
	}
	if _, err := os.Stat(path); err != nil {
		b.Fatalf("%v (run internal/app's BenchmarkDescribeInstanceStatus first, which seeds it)", err)
	}
	plain, err := sqlite.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer plain.Close()
	count := 0
	if err := plain.EachListing(context.Background(), func(compute.Instance) error { count++; return nil }); err != nil {
		b.Fatal(err)
	}
	var heap, rss, cpu float64
	for b.Loop() {
		var before, after runtime.MemStats
		cpuBefore := cpuSeconds(b)
		runtime.GC()
		runtime.ReadMemStats(&before)
		// As ecsd serve loads it (app.OpenServingStore).
		s, err := indexed.New(context.Background(), plain, time.Now())
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		cpu += cpuSeconds(b) - cpuBefore
		heap = float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
		rss = residentMiB(b)
		runtime.KeepAlive(s)
	}
	perMillion := 1e6 / float64(count)
	b.ReportMetric(float64(count), "instances")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)*perMillion, "s-load/1M")
	// CPU time as well as wall time: on a machine shared with other work,
	// the wall time of a load says more about the neighbours.
	b.ReportMetric(cpu/float64(b.N)*perMillion, "s-cpu/1M")
	b.ReportMetric(heap*perMillion, "MiB-heap/1M")
	b.ReportMetric(rss, "MiB-RSS")
}

// residentMiB reads the process's resident set size from /proc.
func residentMiB(b *testing.B) float64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			if err != nil {
				b.Fatal(err)
			}
			return float64(kb) / 1024
		}
	}
	b.Fatal("no VmRSS in /proc/self/status")
	return 0
}

// cpuSeconds is the CPU time (user and system) the process has used.
func cpuSeconds(b *testing.B) float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// BenchmarkWrites measures lifecycle writes through SQLite alone and through
// the index over it (see storetest.BenchmarkWrites), in one run.
func BenchmarkWrites(b *testing.B) {
	b.Run("plain", func(b *testing.B) {
		storetest.BenchmarkWrites(b, openSQLite(b, filepath.Join(b.TempDir(), "ecsd.db")))
	})
	b.Run("indexed", func(b *testing.B) {
		storetest.BenchmarkWrites(b, index(b, openSQLite(b, filepath.Join(b.TempDir(), "ecsd.db"))))
	})
}
