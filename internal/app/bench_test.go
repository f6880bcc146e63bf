package app_test

// The performance of the full HTTP path, measured as ratios against a
// baseline measured in the same run:
//
//	go test ./internal/app -run '^$' -bench DescribeInstanceStatus -benchtime 5000x
//
// The store holds 1,000,000 instances of one account in one region. It is
// seeded once and kept, since seeding takes minutes, in $ECSD_BENCH_DB: an
// SQLite file (default: ecsd-bench-1m.db in the temporary directory) or a
// postgres:// URL of a database kept for the benchmark, e.g.
//
//	createdb -h 127.0.0.1 -U postgres ecsd_bench
//	ECSD_BENCH_DB='postgres://postgres@127.0.0.1:5432/ecsd_bench?sslmode=disable' \
//	    go test ./internal/app -run '^$' -bench DescribeInstanceStatus -benchtime 5000x
//
// Delete the file, or drop the database, after a change of schema.

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
	ecsdsigner "github.com/ecsd/ecsd/internal/signer"
	"github.com/ecsd/ecsd/internal/store/storetest"
)

const (
	benchInstances = 1_000_000
	benchKeyID     = "benchAK"
	benchSecret    = "benchSecret"
	benchRegion    = "cn-hangzhou"
)

// seedBenchStore makes sure the store at path holds the bench account with
// benchInstances instances, seeding it when it does not.
func seedBenchStore(b *testing.B, path string) {
	ctx := context.Background()
	store, err := app.OpenStore(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	key, err := store.AccessKey(ctx, benchKeyID)
	if compute.ErrorCode(err) == compute.NotFound {
		acct, k, err := auth.NewAccount("bench", benchKeyID, benchSecret, time.Now())
		if err != nil {
			b.Fatal(err)
		}
		if err := store.CreateAccount(ctx, acct, k); err != nil {
			b.Fatal(err)
		}
		key = k
	} else if err != nil {
		b.Fatal(err)
	}
	owner := compute.Owner{Account: key.Account, Cloud: compute.CloudAliyun}
	page, err := store.List(ctx, compute.Query{Owner: owner, Region: benchRegion, Limit: 1}, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	if page.Total >= benchInstances {
		return
	}
	start := time.Now()
	zones := []compute.ZoneID{"cn-hangzhou-b", "cn-hangzhou-g", "cn-hangzhou-h"}
	const batch = 1000
	for n := page.Total; n < benchInstances; n += batch {
		instances := make([]compute.Instance, batch)
		for i := range instances {
			seq := n + i
			instances[i] = compute.Instance{
				ID:      compute.InstanceID(fmt.Sprintf("i-bp%018d", seq)),
				Meta:    compute.Meta{Owner: owner, Region: benchRegion, Zone: zones[seq%len(zones)], CreatedAt: start},
				ImageID: "aliyun_3_x64_20G_alibase_20240819.vhd", InstanceType: "ecs.g7.large", ChargeType: compute.PostPaid, Target: compute.StatusRunning,
			}
		}
		if _, err := storetest.Create(ctx, store, owner, "", instances); err != nil {
			b.Fatal(err)
		}
		if (n/batch)%100 == 0 {
			b.Logf("seeding: %d of %d instances, %s", n, benchInstances, time.Since(start).Round(time.Second))
		}
	}
	b.Logf("seeded %d instances in %s", benchInstances, time.Since(start).Round(time.Second))
}

// signer signs DescribeInstanceStatus GET requests with RPC v1 through
// internal/signer, proven on the reference's vectors and against ecsd.
type signer struct {
	cred  ecsdsigner.Credentials
	base  url.Values
	nonce atomic.Int64
}

func (s *signer) url(host string, extra url.Values) string {
	v := url.Values{}
	for k, vs := range s.base {
		v[k] = vs
	}
	for k, vs := range extra {
		v[k] = vs
	}
	nonce := strconv.FormatInt(time.Now().UnixNano(), 36) + "-" + strconv.FormatInt(s.nonce.Add(1), 10)
	s.cred.SignRPC(http.MethodGet, v, nonce, time.Now())
	return "http://" + host + "/?" + v.Encode()
}

func newSigner() *signer {
	return &signer{cred: ecsdsigner.Credentials{KeyID: benchKeyID, Secret: benchSecret}, base: url.Values{
		"Action": {"DescribeInstanceStatus"}, "Version": {"2014-05-26"}, "Format": {"JSON"}, "RegionId": {benchRegion},
	}}
}

func get(b *testing.B, client *http.Client, u string) []byte {
	resp, err := client.Get(u)
	if err != nil {
		b.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		b.Fatalf("status %d: %s %v", resp.StatusCode, body, err)
	}
	return body
}

func BenchmarkDescribeInstanceStatus(b *testing.B) {
	path := os.Getenv("ECSD_BENCH_DB")
	if path == "" {
		path = filepath.Join(os.TempDir(), "ecsd-bench-1m.db")
	}
	seedBenchStore(b, path)
	a, err := app.Open(context.Background(), app.Config{
		DB: path, TransitionDelay: 0,
		// Log as serve does, so that the access log's cost is measured too.
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	ecsd := httptest.NewServer(a.Handler)
	defer ecsd.Close()
	host := strings.TrimPrefix(ecsd.URL, "http://")
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	s := newSigner()

	// The baseline serves a real first-page response, byte for byte.
	firstPage := get(b, client, s.url(host, url.Values{"PageSize": {"10"}}))
	fixed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		_, _ = w.Write(firstPage)
	}))
	defer fixed.Close()
	fixedHost := strings.TrimPrefix(fixed.URL, "http://")

	ids := url.Values{}
	for i := 1; i <= 100; i++ {
		ids.Set(fmt.Sprintf("InstanceId.%d", i), fmt.Sprintf("i-bp%018d", 7919*i%benchInstances))
	}
	cases := []struct {
		name  string
		host  string
		query url.Values
	}{
		{"baseline-fixed-response", fixedHost, url.Values{"PageSize": {"10"}}},
		{"first-page", host, url.Values{"PageSize": {"10"}}},
		{"deep-page", host, url.Values{"PageSize": {"10"}, "PageNumber": {"50000"}}},
		{"last-page", host, url.Values{"PageSize": {"10"}, "PageNumber": {"100000"}}},
		{"zone-deep-page", host, url.Values{"PageSize": {"10"}, "PageNumber": {"20000"}, "ZoneId": {"cn-hangzhou-g"}}},
		{"100-ids", host, ids},
	}
	var baseline, parallelBaseline float64
	// Each case one request at a time, then from many goroutines at once
	// (b.RunParallel: GOMAXPROCS*8 clients on 32 keep-alive connections),
	// each against the baseline measured the same way in the same run.
	parallelClient := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 32}}
	for _, c := range cases {
		b.Run("parallel-"+c.name, func(b *testing.B) {
			b.SetParallelism(8)
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					// b.Fatal may not be called from these goroutines.
					resp, err := parallelClient.Get(s.url(c.host, c.query))
					if err != nil {
						b.Error(err)
						return
					}
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err != nil || resp.StatusCode != http.StatusOK {
						b.Errorf("status %d: %v", resp.StatusCode, err)
						return
					}
				}
			})
			perOp := float64(time.Since(start).Nanoseconds()) / float64(b.N)
			if c.host == fixedHost {
				parallelBaseline = perOp
			} else if parallelBaseline > 0 {
				b.ReportMetric(parallelBaseline/perOp, "of-baseline")
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
		})
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			start := time.Now()
			for b.Loop() {
				get(b, client, s.url(c.host, c.query))
			}
			perOp := float64(time.Since(start).Nanoseconds()) / float64(b.N)
			if c.host == fixedHost {
				baseline = perOp
			} else if baseline > 0 {
				// Throughput as a share of the baseline's: 1 would match
				// a server that only writes a fixed response.
				b.ReportMetric(baseline/perOp, "of-baseline")
			}
		})
	}
}
