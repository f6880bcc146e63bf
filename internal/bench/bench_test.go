package bench_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/bench"
	"github.com/ecsd/ecsd/internal/signer"
)

// The workloads every full run reports, baselines included.
var wantWorkloads = []string{
	"baseline: fixed alibaba answer",
	"alibaba DescribeInstanceStatus page of 10",
	"alibaba DescribeInstanceStatus last page",
	"baseline: fixed alibaba-100-ids answer",
	"alibaba DescribeInstanceStatus 100 IDs (50 per page)",
	"alibaba DescribeInstanceStatus page of 10, ACS3",
	"baseline: fixed tencent answer",
	"tencent DescribeInstancesStatus page of 10",
	"baseline: fixed tencent-100-ids answer",
	"tencent DescribeInstancesStatus 100 IDs",
	"baseline: fixed zenlayer-1000 answer",
	"zenlayer DescribeInstancesStatus pageSize 1000",
	"alibaba StopInstances/StartInstances, 100 per call",
	"alibaba RunInstances, 100 per call",
}

// TestRunInProcess runs every workload on a tiny store: each answer must
// parse and hold the number of statuses (or instances) its request asks
// for, or the workload counts an error. No figure is asserted, only that
// there are some.
func TestRunInProcess(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bench.db")
	rep, err := bench.Run(context.Background(), bench.Config{DB: db, Instances: 250, Conns: 2, Duration: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Seeded != 750 {
		t.Errorf("seeded %d instances, want 250 per vendor", rep.Seeded)
	}
	var names []string
	for _, r := range rep.Results {
		names = append(names, r.Workload)
		if r.Errors != 0 || r.Requests == 0 {
			t.Errorf("%s: %d answered, %d errors (first: %s), want answers and no error", r.Workload, r.Requests, r.Errors, r.FirstError)
		}
		isBaseline := strings.HasPrefix(r.Workload, "baseline")
		if !isBaseline && strings.Contains(r.Workload, "Describe") && r.Ratio == 0 {
			t.Errorf("%s: no ratio to its baseline", r.Workload)
		}
		if strings.Contains(r.Workload, "100 per call") && r.InstancesPerSec != 100*r.ReqPerSec {
			t.Errorf("%s: %g instances/s at %g calls/s, want 100 per call", r.Workload, r.InstancesPerSec, r.ReqPerSec)
		}
	}
	if strings.Join(names, "\n") != strings.Join(wantWorkloads, "\n") {
		t.Errorf("workloads\n%s\nwant\n%s", strings.Join(names, "\n"), strings.Join(wantWorkloads, "\n"))
	}
	if rep.StartupSeconds <= 0 || rep.RSSMiB <= 0 {
		t.Errorf("start-up %gs, RSS %g MiB: want both measured in-process", rep.StartupSeconds, rep.RSSMiB)
	}

	// A second run finds the store seeded, and the instances the
	// lifecycle workload stopped started again.
	rep, err = bench.Run(context.Background(), bench.Config{DB: db, Instances: 250, Conns: 2, Duration: 200 * time.Millisecond,
		Only: []string{"page of 10", "stop"}})
	if err != nil {
		t.Fatal(err)
	}
	// Three pages of 10, their two baselines, start/stop.
	if rep.Seeded != 0 || len(rep.Results) != 6 {
		t.Errorf("second run: seeded %d, %d results; want 0 and 6", rep.Seeded, len(rep.Results))
	}
	for _, r := range rep.Results {
		if r.Errors != 0 || r.Requests == 0 {
			t.Errorf("second run, %s: %d answered, %d errors (first: %s)", r.Workload, r.Requests, r.Errors, r.FirstError)
		}
	}
}

// TestRunFailing: a bench whose every request is refused reports errors
// for every workload and no answers, rather than figures.
func TestRunFailing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bench.db")
	rep, err := bench.Run(context.Background(), bench.Config{DB: db, Instances: 100, Conns: 2, Duration: 100 * time.Millisecond,
		Cred: signer.Credentials{KeyID: bench.KeyID, Secret: "not-the-secret"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != len(wantWorkloads) {
		t.Fatalf("%d results, want %d", len(rep.Results), len(wantWorkloads))
	}
	for _, r := range rep.Results {
		if r.Errors == 0 || r.Requests != 0 || r.FirstError == "" || r.Ratio != 0 {
			t.Errorf("%s: %d answered, %d errors, first error %q, ratio %g; want errors only", r.Workload, r.Requests, r.Errors, r.FirstError, r.Ratio)
		}
	}
}

// TestRunTargets seeds a store, then drives an ecsd already serving it
// as a separate node would, through --targets.
func TestRunTargets(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bench.db")
	if _, err := bench.Run(context.Background(), bench.Config{DB: db, Instances: 200, Conns: 1, Duration: time.Second, SeedOnly: true}); err != nil {
		t.Fatal(err)
	}
	env := apptest.Start(t, apptest.Options{DB: db, TransitionDelay: apptest.Instant})
	rep, err := bench.Run(context.Background(), bench.Config{Targets: []string{env.URL, env.URL}, Instances: 200, Conns: 2,
		Duration: 200 * time.Millisecond, Only: []string{"tencent", "stop"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != 5 {
		t.Fatalf("%d results, want the two tencent baselines, two tencent workloads and start/stop", len(rep.Results))
	}
	for _, r := range rep.Results {
		if r.Errors != 0 || r.Requests == 0 {
			t.Errorf("%s: %d answered, %d errors (first: %s)", r.Workload, r.Requests, r.Errors, r.FirstError)
		}
	}
	if rep.StartupSeconds != 0 || rep.RSSMiB != 0 {
		t.Errorf("start-up %g, RSS %g: a remote node's are not the bench's to report", rep.StartupSeconds, rep.RSSMiB)
	}
}
