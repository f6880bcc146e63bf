package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchCommand runs ecsd bench end to end on a tiny store: it prints
// the table and writes every workload's result, without an error, to the
// JSON file.
func TestBenchCommand(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "bench.json")
	stdout, stderr, code := ecsd(t, nil, "bench", "--db", filepath.Join(dir, "bench.db"), "--instances", "200", "--conns", "2",
		"--duration", "200ms", "--json", out)
	if code != 0 {
		t.Fatalf("ecsd bench exited %d: %s %s", code, stdout, stderr)
	}
	for _, want := range []string{"workload", "req/s", "p99 ms", "ratio", "zenlayer DescribeInstancesStatus pageSize 1000", "start-up"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the table lacks %q:\n%s", want, stdout)
		}
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Instances int `json:"instances_per_vendor"`
		Results   []struct {
			Workload string  `json:"workload"`
			Requests int     `json:"requests"`
			Errors   int     `json:"errors"`
			Ratio    float64 `json:"ratio"`
		} `json:"results"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Instances != 200 || len(rep.Results) != 14 {
		t.Fatalf("JSON: %d instances, %d results; want 200 and 14 (9 workloads, 5 baselines)", rep.Instances, len(rep.Results))
	}
	for _, r := range rep.Results {
		if r.Requests == 0 || r.Errors != 0 {
			t.Errorf("%s: %d requests, %d errors", r.Workload, r.Requests, r.Errors)
		}
	}
}

func TestBenchCommandRefusesBadFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--targets", "127.0.0.1:8080"}, "--targets takes URLs"},
		{[]string{"--db", filepath.Join(t.TempDir(), "b.db"), "--instances", "10"}, "at least 100 instances"},
		{[]string{"--db", filepath.Join(t.TempDir(), "b.db"), "--access-key-id", "x"}, "go together"},
	} {
		_, stderr, code := ecsd(t, nil, append([]string{"bench"}, c.args...)...)
		if code != 1 || !strings.Contains(stderr, c.want) {
			t.Errorf("ecsd bench %v: exit %d, %s; want 1 and %q", c.args, code, stderr, c.want)
		}
	}
}
