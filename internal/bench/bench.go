// Package bench is ecsd's load tool (ecsd bench): it seeds a store with
// many instances per vendor through the store's bulk path, serves it
// in-process over the real HTTP stack or drives running ecsd nodes, sends
// each workload of issue 13 from many keep-alive connections for a while,
// every request signed as the vendors' SDKs sign it (internal/signer), and
// compares each with a baseline server that answers a fixed body of the
// same size, measured in the same run with the same client, so that a
// busy machine moves both alike.
package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/server"
	"github.com/ecsd/ecsd/internal/signer"
)

// Config configures a run.
type Config struct {
	// DB is the store to seed (an SQLite file, a postgres:// URL, or
	// memory://); without Targets, the bench also serves it in-process.
	DB string
	// Targets are the base URLs (http://host:port) of running ecsd nodes
	// to drive instead; connection w goes to Targets[w % len(Targets)].
	Targets []string
	// Cred signs the requests; the bench key when empty.
	Cred signer.Credentials
	// Instances is how many instances of each vendor the store holds, or
	// is seeded with.
	Instances int
	// Conns is how many keep-alive connections send at once; Duration
	// how long each workload runs.
	Conns    int
	Duration time.Duration
	// SeedOnly seeds and stops.
	SeedOnly bool
	// Only, when set, runs the workloads whose names contain one of these
	// (case-insensitive).
	Only []string
	// Log receives progress.
	Log io.Writer
}

// Report is what a run measured.
type Report struct {
	Store     string   `json:"store,omitempty"`
	Targets   []string `json:"targets,omitempty"`
	Instances int      `json:"instances_per_vendor"`
	Conns     int      `json:"conns"`
	Duration  float64  `json:"seconds_per_workload"`
	CPUs      int      `json:"cpus"`
	GoVersion string   `json:"go_version"`
	// LoadBefore and LoadAfter are /proc/loadavg's three averages: what
	// else the machine was doing.
	LoadBefore string `json:"loadavg_before,omitempty"`
	LoadAfter  string `json:"loadavg_after,omitempty"`
	// Seeded is how many instances this run created, in SeedSeconds.
	Seeded      int     `json:"seeded"`
	SeedSeconds float64 `json:"seed_seconds"`
	// In-process only: StartupSeconds runs from opening the seeded store
	// to the first correct answer; RSS is the bench process's VmRSS
	// (/proc/self/status) after the load, ecsd, client and baselines
	// together, and PeakRSS its VmHWM; HeapMiB is the Go heap in use
	// after a garbage collection then.
	StartupSeconds float64  `json:"startup_seconds,omitempty"`
	RSSMiB         float64  `json:"rss_mib,omitempty"`
	PeakRSSMiB     float64  `json:"peak_rss_mib,omitempty"`
	HeapMiB        float64  `json:"heap_mib,omitempty"`
	Results        []Result `json:"results"`
}

// Run runs the bench.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.DB == "" && len(cfg.Targets) == 0 {
		return nil, errors.New("give a store to seed and serve (--db), running nodes to drive (--targets), or both")
	}
	if cfg.Instances < 100 {
		return nil, fmt.Errorf("the bench needs at least 100 instances per vendor, got %d", cfg.Instances)
	}
	if cfg.Conns < 1 || cfg.Duration <= 0 {
		return nil, fmt.Errorf("the bench needs at least one connection and a duration, got %d and %s", cfg.Conns, cfg.Duration)
	}
	if cfg.Cred == (signer.Credentials{}) {
		cfg.Cred = signer.Credentials{KeyID: KeyID, Secret: Secret}
	}
	rep := &Report{Store: app.RedactDSN(cfg.DB), Targets: cfg.Targets, Instances: cfg.Instances, Conns: cfg.Conns,
		Duration: cfg.Duration.Seconds(), CPUs: runtime.NumCPU(), GoVersion: runtime.Version(), LoadBefore: loadavg()}

	var store app.Store
	if cfg.DB != "" {
		var err error
		if store, err = app.OpenStore(ctx, cfg.DB); err != nil {
			return nil, fmt.Errorf("opening store %s: %w", app.RedactDSN(cfg.DB), err)
		}
		start := time.Now()
		rep.Seeded, err = Seed(ctx, store, cfg.Instances, cfg.Log)
		rep.SeedSeconds = time.Since(start).Seconds()
		if err != nil {
			store.Close()
			return nil, err
		}
		// A store in memory lives only while open; any other is closed
		// and opened again, so that the start-up is measured from a
		// store at rest.
		if cfg.SeedOnly || len(cfg.Targets) > 0 || cfg.DB != app.MemoryDSN {
			if err := store.Close(); err != nil {
				return nil, err
			}
			store = nil
		}
	}
	if cfg.SeedOnly {
		return rep, nil
	}

	e := &env{cred: cfg.Cred, instances: cfg.Instances, totals: map[compute.Cloud]int{}, nonce: newNonces(),
		createRegion: "cn-shanghai", createZone: "cn-shanghai-b"}
	c := newClient(cfg.Conns)
	defer c.CloseIdleConnections()
	endpoints := cfg.Targets
	var first time.Time
	if len(endpoints) == 0 {
		// What seeding left behind is not ecsd's memory.
		runtime.GC()
		debug.FreeOSMemory()
		first = time.Now()
		endpoint, stop, err := serve(ctx, cfg.DB, store)
		if err != nil {
			return nil, err
		}
		defer stop()
		endpoints = []string{endpoint}
	}

	wls := selected(cfg.Only)
	// The first answer of each workload: it warms up, and it gives the
	// baseline its body and the checks each vendor's TotalCount.
	type answer struct {
		body        []byte
		contentType string
	}
	firsts := map[string]answer{}
	for _, wl := range wls {
		if wl.perCall > 0 {
			continue // writes need no warming, and change what they touch
		}
		r, err := wl.request(e, endpoints[0], 0, 0)
		var body []byte
		var ct string
		if err == nil {
			body, ct, err = capture(c, r.WithContext(ctx))
		}
		if err != nil {
			fmt.Fprintf(cfg.Log, "%s: the first request failed: %v\n", wl.Name, err)
			continue
		}
		if !first.IsZero() && rep.StartupSeconds == 0 {
			rep.StartupSeconds = time.Since(first).Seconds()
		}
		firsts[wl.Name] = answer{body, ct}
		for _, v := range vendors {
			if _, ok := e.totals[v.cloud]; !ok {
				if n, ok := totalOf(v.cloud, wl, body); ok {
					e.totals[v.cloud] = n
				}
			}
		}
	}
	for _, v := range vendors {
		if _, ok := e.totals[v.cloud]; !ok {
			e.totals[v.cloud] = cfg.Instances
		}
	}

	baselines := map[string]Result{}
	for _, wl := range wls {
		if wl.baseline != "" {
			if _, done := baselines[wl.baseline]; !done {
				baselines[wl.baseline] = runBaseline(ctx, c, e, wl, firsts[wl.Name].body, firsts[wl.Name].contentType, cfg, rep)
			}
		}
		fmt.Fprintf(cfg.Log, "%s...\n", wl.Name)
		res := drive(ctx, c, e, wl, endpoints, cfg.Conns, cfg.Duration)
		if b, ok := baselines[wl.baseline]; ok && b.ReqPerSec > 0 {
			res.Ratio = res.ReqPerSec / b.ReqPerSec
		}
		rep.Results = append(rep.Results, res)
	}

	if first.IsZero() {
		rep.LoadAfter = loadavg()
		return rep, ctx.Err()
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	rep.HeapMiB = float64(ms.HeapInuse) / (1 << 20)
	rep.RSSMiB, rep.PeakRSSMiB = procStatus("VmRSS"), procStatus("VmHWM")
	rep.LoadAfter = loadavg()
	return rep, ctx.Err()
}

// selected are the workloads whose names contain one of only, or all.
func selected(only []string) []workload {
	all := workloads()
	if len(only) == 0 {
		return all
	}
	var out []workload
	for _, wl := range all {
		for _, o := range only {
			if strings.Contains(strings.ToLower(wl.Name), strings.ToLower(o)) {
				out = append(out, wl)
				break
			}
		}
	}
	return out
}

// totalOf reads the TotalCount of a vendor's page-of-n answer, if wl
// lists that vendor's seeded region.
func totalOf(cloud compute.Cloud, wl workload, body []byte) (int, bool) {
	name := strings.ToLower(wl.Name)
	switch {
	case cloud == compute.CloudAliyun && strings.HasPrefix(name, "alibaba describeinstancestatus page"):
		var r aliyunStatusResponse
		if decode(body, &r) && r.TotalCount != nil {
			return *r.TotalCount, true
		}
	case cloud == compute.CloudTencent && strings.HasPrefix(name, "tencent describeinstancesstatus page"):
		var r tencentStatusResponse
		if decode(body, &r) && r.Response.TotalCount != nil {
			return *r.Response.TotalCount, true
		}
	case cloud == compute.CloudZenlayer && strings.HasPrefix(name, "zenlayer describeinstancesstatus"):
		var r zenlayerStatusResponse
		if decode(body, &r) && r.Response != nil {
			return r.Response.TotalCount, true
		}
	}
	return 0, false
}

// serve opens the store (or takes the one open) and serves ecsd on a
// loopback port as ecsd serve does: the same stack, server.Serve, the
// access log formatted as serve's default (text, info), here written to
// io.Discard, the store opened as serve opens it. Transitions are instant, so that each lifecycle call finds
// its instances settled.
func serve(ctx context.Context, db string, store app.Store) (endpoint string, stop func(), err error) {
	if store == nil {
		// As ecsd serve opens it: with the listing index above SQLite.
		if store, err = app.OpenServingStore(ctx, db); err != nil {
			return "", nil, fmt.Errorf("opening store %s: %w", app.RedactDSN(db), err)
		}
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))
	// The create workload launches thousands of instances in one region,
	// run after run on the same store: no quota.
	a, err := app.Build(app.Config{DB: db, TransitionDelay: 0, Logger: logger, InstanceQuota: compute.NoQuota}, store)
	if err != nil {
		store.Close()
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		a.Close()
		return "", nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = server.Serve(ctx, ln, a.Handler, 5*time.Second, logger)
	}()
	return "http://" + ln.Addr().String(), func() {
		cancel()
		<-done
		a.Close()
	}, nil
}

// runBaseline measures a server answering body, as ecsd answered wl's
// first request, to wl's requests.
func runBaseline(ctx context.Context, c *http.Client, e *env, wl workload, body []byte, contentType string, cfg Config, rep *Report) Result {
	res := measureBaseline(ctx, c, e, wl, body, contentType, cfg)
	res.Workload, res.Baseline, res.BodyBytes = "baseline: fixed "+wl.baseline+" answer", wl.baseline, len(body)
	rep.Results = append(rep.Results, res)
	return res
}

func measureBaseline(ctx context.Context, c *http.Client, e *env, wl workload, body []byte, contentType string, cfg Config) Result {
	if body == nil {
		return Result{Errors: 1, FirstError: errNoAnswer.Error()}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return Result{Errors: 1, FirstError: err.Error()}
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write(body)
	})}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	fmt.Fprintf(cfg.Log, "baseline: fixed %s answer...\n", wl.baseline)
	wl.settle, wl.setup = nil, nil
	return drive(ctx, c, e, wl, []string{"http://" + ln.Addr().String()}, cfg.Conns, cfg.Duration)
}

// capture sends r and returns the answer and its Content-Type.
func capture(c *http.Client, r *http.Request) ([]byte, string, error) {
	resp, err := c.Do(r)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, "", err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, "", fmt.Errorf("HTTP %d: %s", resp.StatusCode, short(body))
	}
	return body, resp.Header.Get("Content-Type"), nil
}

// procStatus reads a size line of /proc/self/status, in MiB; 0 where
// there is none.
func procStatus(field string) float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err == nil {
				return kb / 1024
			}
		}
	}
	return 0
}

func loadavg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}
