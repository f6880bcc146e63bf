package bench

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Print writes the report as a table, with the run's circumstances.
func (r *Report) Print(w io.Writer) {
	where := r.Store
	if len(r.Targets) > 0 {
		where = fmt.Sprintf("%d node(s) %v", len(r.Targets), r.Targets)
	}
	fmt.Fprintf(w, "ecsd bench: %s, %d instances per vendor, %d connections, %gs per workload, %d CPUs, %s\n",
		where, r.Instances, r.Conns, r.Duration, r.CPUs, r.GoVersion)
	fmt.Fprintf(w, "load average before %s, after %s\n", r.LoadBefore, r.LoadAfter)
	if r.Seeded > 0 {
		fmt.Fprintf(w, "seeded %d instances in %.1fs\n", r.Seeded, r.SeedSeconds)
	}
	if r.StartupSeconds > 0 {
		fmt.Fprintf(w, "start-up (open the store to the first answer): %.2fs\n", r.StartupSeconds)
	}
	if r.RSSMiB > 0 {
		fmt.Fprintf(w, "after the load, in-process (ecsd + client + baselines): VmRSS %.0f MiB, VmHWM %.0f MiB, Go heap in use %.0f MiB\n",
			r.RSSMiB, r.PeakRSSMiB, r.HeapMiB)
	}
	var table bytes.Buffer
	tw := tabwriter.NewWriter(&table, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "workload\treq/s\tinstances/s\tp50 ms\tp99 ms\terrors\tratio")
	for _, res := range r.Results {
		inst, ratio := "", ""
		if res.InstancesPerSec > 0 {
			inst = fmt.Sprintf("%.0f", res.InstancesPerSec)
		}
		if res.Ratio > 0 {
			ratio = fmt.Sprintf("%.2f", res.Ratio)
		}
		name := res.Workload
		if res.BodyBytes > 0 {
			name = fmt.Sprintf("%s (%d bytes)", name, res.BodyBytes)
		}
		fmt.Fprintf(tw, "%s\t%.0f\t%s\t%.2f\t%.2f\t%d\t%s\n", name, res.ReqPerSec, inst, res.P50Ms, res.P99Ms, res.Errors, ratio)
	}
	tw.Flush()
	// A row without a ratio would end in the padding of its last cell.
	for line := range strings.Lines(table.String()) {
		fmt.Fprintln(w, strings.TrimRight(line, " \n"))
	}
	for _, res := range r.Results {
		if res.FirstError != "" {
			fmt.Fprintf(w, "%s: first error: %s\n", res.Workload, res.FirstError)
		}
	}
}
