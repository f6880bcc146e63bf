package app_test

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	alierrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/compute"
	zt "github.com/ecsd/ecsd/internal/dialect/zenlayer/zenlayertest"
	"github.com/ecsd/ecsd/internal/store/postgres/pgtest"
)

// scrape reads /metrics from the admin listener with token (none when
// empty) and parses the text format as Prometheus does.
func scrape(t *testing.T, env *apptest.Env, token string) (int, map[string]*dto.MetricFamily) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, env.AdminURL+"/metrics", nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, nil
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parsing /metrics: %v", err)
	}
	return resp.StatusCode, families
}

// series returns the value of every series of a counter, gauge or
// histogram (its count) by its labels, spelled "name=value,..." in the
// order of names.
func series(t *testing.T, families map[string]*dto.MetricFamily, name string, labels ...string) map[string]float64 {
	t.Helper()
	f, ok := families[name]
	if !ok {
		return map[string]float64{}
	}
	out := map[string]float64{}
	for _, m := range f.Metric {
		values := map[string]string{}
		for _, l := range m.Label {
			values[l.GetName()] = l.GetValue()
		}
		var key []string
		for _, l := range labels {
			key = append(key, l+"="+values[l])
		}
		var v float64
		switch {
		case m.Counter != nil:
			v = m.Counter.GetValue()
		case m.Gauge != nil:
			v = m.Gauge.GetValue()
		case m.Histogram != nil:
			v = float64(m.Histogram.GetSampleCount())
		default:
			t.Fatalf("%s: a metric of unexpected type %v", name, f.GetType())
		}
		out[strings.Join(key, ",")] += v
	}
	return out
}

// wantSeries compares every series of a metric with want: a series
// missing, one too many or one with another value fails.
func wantSeries(t *testing.T, name string, got, want map[string]float64) {
	t.Helper()
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s{%s} = %v, want %v", name, k, got[k], w)
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s{%s} = %v, want no such series", name, k, g)
		}
	}
}

// TestMetrics: a known mix of requests through the official SDKs
// (successes, a bad signature, actions not served, a NotFound) is
// counted exactly on /metrics, scraped with the admin token and parsed
// with Prometheus's text parser; instances are counted by cloud and status
// as they move; without the token, /metrics answers 401.
func TestMetrics(t *testing.T) {
	env := apptest.Start(t, apptest.Options{Admin: true})

	for _, token := range []string{"", "wrong-token"} {
		if status, _ := scrape(t, env, token); status != http.StatusUnauthorized {
			t.Errorf("/metrics with token %q answered %d, want 401", token, status)
		}
	}

	// Tencent, through the official Go SDK with TC3.
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint, cpf.HttpProfile.Scheme = env.Host, "HTTP"
	tc, err := cvm.NewClient(common.NewCredential(apptest.AccessKeyID, apptest.AccessKeySecret), "ap-guangzhou", cpf)
	if err != nil {
		t.Fatal(err)
	}
	runResp, err := tc.RunInstances(tencentRunRequest(1))
	if err != nil {
		t.Fatalf("RunInstances: %v", err)
	}
	for range 2 {
		if _, err := tc.DescribeInstances(cvm.NewDescribeInstancesRequest()); err != nil {
			t.Fatalf("DescribeInstances: %v", err)
		}
	}
	term := cvm.NewTerminateInstancesRequest()
	term.InstanceIds = common.StringPtrs([]string{"ins-nosuch01"})
	_, err = tc.TerminateInstances(term)
	notFound := tencentCode(t, err)
	badKey, err := cvm.NewClient(common.NewCredential(apptest.AccessKeyID, "not-the-secret"), "ap-guangzhou", cpf)
	if err != nil {
		t.Fatal(err)
	}
	_, err = badKey.DescribeInstances(cvm.NewDescribeInstancesRequest())
	badSignature := tencentCode(t, err)

	// Alibaba, through the classic SDK: a success and two actions it does
	// not serve, one of them 60 KB long.
	ali, err := classicecs.NewClientWithAccessKey("cn-hangzhou", apptest.AccessKeyID, apptest.AccessKeySecret)
	if err != nil {
		t.Fatal(err)
	}
	ali.Domain = env.Host
	if _, err := ali.DescribeInstanceStatus(classicecs.CreateDescribeInstanceStatusRequest()); err != nil {
		t.Fatalf("DescribeInstanceStatus: %v", err)
	}
	// The short name is not served (InvalidAction.NotFound); the long one
	// is refused first as a value over its bound (InvalidParameter).
	unknownActions := map[string]float64{}
	for _, name := range []string{"NoSuchAction", strings.Repeat("X", 60<<10)} {
		req := requests.NewCommonRequest()
		req.Domain, req.Version, req.Product, req.Scheme, req.ApiName = env.Host, "2014-05-26", "ecs", "HTTP", name
		req.Method = requests.POST // a 60 KB name does not fit in a URL
		_, err := ali.ProcessCommonRequest(req)
		var se *alierrors.ServerError
		if !errors.As(err, &se) {
			t.Fatalf("%.20s...: got %v, want the SDK's ServerError", name, err)
		}
		unknownActions[se.ErrorCode()]++
	}
	if len(unknownActions) != 2 {
		t.Errorf("the two actions not served were answered %v, want two codes", unknownActions)
	}

	// Zenlayer, through the test client that signs as its SDK does.
	zl := zt.New(t, env.Host, apptest.AccessKeyID, apptest.AccessKeySecret)
	zl.Now = env.Clock.Now
	if _, err := zl.DescribeInstances(&zt.DescribeInstancesRequest{}); err != nil {
		t.Fatalf("Zenlayer DescribeInstances: %v", err)
	}

	_, families := scrape(t, env, apptest.AdminToken)
	wantRequests := map[string]float64{
		"cloud=tencent,action=RunInstances,code=OK":                   1,
		"cloud=tencent,action=DescribeInstances,code=OK":              2,
		"cloud=tencent,action=TerminateInstances,code=" + notFound:    1,
		"cloud=tencent,action=DescribeInstances,code=" + badSignature: 1,
		"cloud=aliyun,action=DescribeInstanceStatus,code=OK":          1,
		"cloud=zenlayer,action=DescribeInstances,code=OK":             1,
	}
	for code, n := range unknownActions {
		wantRequests["cloud=aliyun,action=unknown,code="+code] = n
	}
	wantSeries(t, "ecsd_requests_total", series(t, families, "ecsd_requests_total", "cloud", "action", "code"), wantRequests)
	wantSeries(t, "ecsd_request_duration_seconds", series(t, families, "ecsd_request_duration_seconds", "cloud", "action"), map[string]float64{
		"cloud=tencent,action=RunInstances":          1,
		"cloud=tencent,action=DescribeInstances":     3,
		"cloud=tencent,action=TerminateInstances":    1,
		"cloud=aliyun,action=DescribeInstanceStatus": 1,
		"cloud=aliyun,action=unknown":                2,
		"cloud=zenlayer,action=DescribeInstances":    1,
	})
	wantSeries(t, "ecsd_refused_requests_total", series(t, families, "ecsd_refused_requests_total", "cloud", "reason"), map[string]float64{
		"cloud=tencent,reason=unauthenticated": 1,
		"cloud=aliyun,reason=unknown_action":   2,
	})
	wantSeries(t, "ecsd_throttled_requests_total", series(t, families, "ecsd_throttled_requests_total", "cloud"), map[string]float64{})
	stores := series(t, families, "ecsd_store_call_duration_seconds", "op")
	if stores["op=update"] < 1 || stores["op=tx.create_instances"] != 1 || stores["op=list"] < 1 {
		t.Errorf("ecsd_store_call_duration_seconds = %v, want an update, one tx.create_instances and a list at least", stores)
	}
	for _, name := range []string{"go_goroutines", "process_cpu_seconds_total"} {
		if _, ok := families[name]; !ok {
			t.Errorf("%s is missing: the Go and process collectors are not registered", name)
		}
	}

	instances := func() map[string]float64 {
		_, families := scrape(t, env, apptest.AdminToken)
		got := series(t, families, "ecsd_instances", "cloud", "status")
		for k, v := range got {
			if v == 0 {
				delete(got, k)
			}
		}
		return got
	}
	wantSeries(t, "ecsd_instances", instances(), map[string]float64{"cloud=tencent,status=pending": 1})
	env.Clock.Advance(3 * apptest.DefaultDelay)
	wantSeries(t, "ecsd_instances", instances(), map[string]float64{"cloud=tencent,status=running": 1})
	// The census follows the node's own changes: a stop, then a
	// termination, after which the instance is gone.
	stop := cvm.NewStopInstancesRequest()
	stop.InstanceIds = runResp.Response.InstanceIdSet
	if _, err := tc.StopInstances(stop); err != nil {
		t.Fatalf("StopInstances: %v", err)
	}
	wantSeries(t, "ecsd_instances", instances(), map[string]float64{"cloud=tencent,status=stopping": 1})
	env.Clock.Advance(3 * apptest.DefaultDelay)
	wantSeries(t, "ecsd_instances", instances(), map[string]float64{"cloud=tencent,status=stopped": 1})
	term = cvm.NewTerminateInstancesRequest()
	term.InstanceIds = runResp.Response.InstanceIdSet
	if _, err := tc.TerminateInstances(term); err != nil {
		t.Fatalf("TerminateInstances: %v", err)
	}
	env.Clock.Advance(3 * apptest.DefaultDelay)
	wantSeries(t, "ecsd_instances", instances(), map[string]float64{})
	_, families = scrape(t, env, apptest.AdminToken)
	if n := len(families["ecsd_instances"].GetMetric()); n != 27 {
		t.Errorf("ecsd_instances has %d series, want 27: 3 clouds, 9 statuses, zeros included", n)
	}
}

// runAndStopOne launches three Tencent instances through env, lets them
// start, and starts stopping the first.
func runAndStopOne(t *testing.T, env *apptest.Env) {
	t.Helper()
	tc := tencentClient(t, env)
	resp, err := tc.RunInstances(tencentRunRequest(3))
	if err != nil {
		t.Fatalf("RunInstances: %v", err)
	}
	env.Clock.Advance(3 * apptest.DefaultDelay)
	stop := cvm.NewStopInstancesRequest()
	stop.InstanceIds = resp.Response.InstanceIdSet[:1]
	if _, err := tc.StopInstances(stop); err != nil {
		t.Fatalf("StopInstances: %v", err)
	}
}

// otherNode opens another node on db, with metrics, and returns what its
// ecsd_instances counts, series of 0 left out.
func otherNode(t *testing.T, db string, clock compute.Clock) (count func() map[string]float64) {
	t.Helper()
	node, err := app.Open(context.Background(), app.Config{DB: db, AdminToken: apptest.AdminToken, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { node.Close() })
	admin := httptest.NewServer(node.Admin)
	t.Cleanup(admin.Close)
	nodeEnv := &apptest.Env{AdminURL: admin.URL}
	return func() map[string]float64 {
		_, families := scrape(t, nodeEnv, apptest.AdminToken)
		got := series(t, families, "ecsd_instances", "cloud", "status")
		for k, v := range got {
			if v == 0 {
				delete(got, k)
			}
		}
		return got
	}
}

// TestMetricsCountInstancesAtStart: a node started on a store that holds
// instances counts them once, by the status they rest in, on SQLite and
// on PostgreSQL.
func TestMetricsCountInstancesAtStart(t *testing.T) {
	for _, s := range apptest.Stores {
		if s.Name == "memory" {
			continue // not shared between two opens
		}
		t.Run(s.Name, func(t *testing.T) {
			db := s.DB(t)
			if db == "" {
				db = filepath.Join(t.TempDir(), "ecsd.db")
			}
			env := apptest.Start(t, apptest.Options{DB: db})
			runAndStopOne(t, env)
			// Another node on the same store, with metrics, while the stop
			// is under way. An SQLite file is served by one process at a
			// time, so the first node stops before it starts.
			if s.Name == "sqlite" {
				if err := env.App.Close(); err != nil {
					t.Fatal(err)
				}
			}
			count := otherNode(t, db, env.Clock)
			wantSeries(t, "ecsd_instances", count(), map[string]float64{"cloud=tencent,status=running": 2, "cloud=tencent,status=stopping": 1})
			env.Clock.Advance(3 * apptest.DefaultDelay)
			wantSeries(t, "ecsd_instances", count(), map[string]float64{"cloud=tencent,status=running": 2, "cloud=tencent,status=stopped": 1})
		})
	}
}

// TestMetricsCountOtherNodesChanges: two nodes on one PostgreSQL database,
// both running: the instances one node launches and stops are in the
// other's ecsd_instances (counted from its index, which follows the
// database's change log within followEvery), not only in the launching
// node's.
func TestMetricsCountOtherNodesChanges(t *testing.T) {
	db := pgtest.DSN(t)
	env := apptest.Start(t, apptest.Options{DB: db})
	count := otherNode(t, db, env.Clock)
	waitFor := func(want map[string]float64) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for got := count(); !maps.Equal(got, want); got = count() {
			if time.Now().After(deadline) {
				t.Fatalf("the other node counts %v, want %v", got, want)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	waitFor(map[string]float64{})
	runAndStopOne(t, env)
	waitFor(map[string]float64{"cloud=tencent,status=running": 2, "cloud=tencent,status=stopping": 1})
	env.Clock.Advance(3 * apptest.DefaultDelay)
	waitFor(map[string]float64{"cloud=tencent,status=running": 2, "cloud=tencent,status=stopped": 1})
}
