package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Result is what one workload measured.
type Result struct {
	Workload string `json:"workload"`
	// Baseline names the baseline the ratio is to; for a baseline's own
	// row, the body it answers.
	Baseline string `json:"baseline,omitempty"`
	// Requests answered correctly, and those not (a transport error, a
	// status other than 200, an answer that did not parse or held the
	// wrong number of items).
	Requests   int     `json:"requests"`
	Errors     int     `json:"errors"`
	FirstError string  `json:"first_error,omitempty"`
	Seconds    float64 `json:"seconds"`
	ReqPerSec  float64 `json:"req_per_sec"`
	// InstancesPerSec is ReqPerSec times the instances each call acts on,
	// for the lifecycle writes.
	InstancesPerSec float64 `json:"instances_per_sec,omitempty"`
	P50Ms           float64 `json:"p50_ms"`
	P99Ms           float64 `json:"p99_ms"`
	// Ratio is ReqPerSec over the baseline's, measured in the same run
	// with the same client.
	Ratio     float64 `json:"ratio,omitempty"`
	BodyBytes int     `json:"body_bytes,omitempty"`
}

// client sends the bench's requests over conns keep-alive connections
// per host.
func newClient(conns int) *http.Client {
	return &http.Client{Transport: &http.Transport{
		MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true, IdleConnTimeout: time.Minute,
	}, Timeout: time.Minute}
}

// do sends r and reads the answer; a status other than 200 is an error.
func do(c *http.Client, r *http.Request) ([]byte, error) {
	resp, err := c.Do(r)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return body, fmt.Errorf("HTTP %d: %s", resp.StatusCode, short(body))
	}
	return body, nil
}

// drive runs wl with conns workers for d, worker w sending to
// endpoints[w % len(endpoints)].
func drive(ctx context.Context, c *http.Client, e *env, wl workload, endpoints []string, conns int, d time.Duration) Result {
	type tally struct {
		ok, failed int
		first      error
		latencies  []time.Duration
	}
	tallies := make([]tally, conns)
	settle := func(w int) {
		if wl.settle == nil {
			return
		}
		r, err := wl.settle(e, endpoints[w%len(endpoints)], w)
		if err == nil {
			_, err = do(c, r.WithContext(ctx))
		}
		if err != nil && tallies[w].first == nil {
			tallies[w].first = fmt.Errorf("settling: %w", err)
		}
	}
	if wl.setup != nil {
		if err := wl.setup(e, c, endpoints[0], conns); err != nil {
			return Result{Workload: wl.Name, Baseline: wl.baseline, Errors: 1, FirstError: "setting up: " + err.Error()}
		}
	}
	var wg sync.WaitGroup
	for w := range conns {
		wg.Go(func() { settle(w) })
	}
	wg.Wait()
	start := time.Now()
	deadline := start.Add(d)
	for w := range conns {
		wg.Go(func() {
			t := &tallies[w]
			t.latencies = make([]time.Duration, 0, 4096)
			for i := 0; time.Now().Before(deadline) && ctx.Err() == nil; i++ {
				sent := time.Now()
				err := func() error {
					r, err := wl.request(e, endpoints[w%len(endpoints)], w, i)
					if err != nil {
						return err
					}
					body, err := do(c, r.WithContext(ctx))
					if err != nil {
						return err
					}
					return wl.check(e, body)
				}()
				t.latencies = append(t.latencies, time.Since(sent))
				if err != nil {
					t.failed++
					if t.first == nil {
						t.first = err
					}
					continue
				}
				t.ok++
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	for w := range conns {
		wg.Go(func() { settle(w) })
	}
	wg.Wait()

	res := Result{Workload: wl.Name, Baseline: wl.baseline, Seconds: elapsed.Seconds()}
	var all []time.Duration
	for _, t := range tallies {
		res.Requests += t.ok
		res.Errors += t.failed
		if t.first != nil && res.FirstError == "" {
			res.FirstError = t.first.Error()
		}
		all = append(all, t.latencies...)
	}
	if res.Errors == 0 && res.FirstError != "" {
		// A settling call failed: the timed part cannot be trusted.
		res.Errors = 1
	}
	res.ReqPerSec = float64(res.Requests) / elapsed.Seconds()
	if wl.perCall > 0 {
		res.InstancesPerSec = res.ReqPerSec * float64(wl.perCall)
	}
	slices.Sort(all)
	res.P50Ms, res.P99Ms = percentile(all, 0.50), percentile(all, 0.99)
	return res
}

func percentile(sorted []time.Duration, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := min(len(sorted)-1, int(float64(len(sorted))*p))
	return float64(sorted[i]) / float64(time.Millisecond)
}

// errNoAnswer is the baseline's lot when ecsd gave no body to copy.
var errNoAnswer = errors.New("ecsd did not answer the first request, so there is no body for the baseline to answer")
