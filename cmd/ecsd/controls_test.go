package main_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	zt "github.com/ecsd/ecsd/internal/dialect/zenlayer/zenlayertest"
)

// stores are the stores `serve --db` takes, each fresh for a test.
var stores = []struct {
	name string
	db   func(t *testing.T) string
}{
	{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "ecsd.db") }},
	{"memory", func(*testing.T) string { return "memory://" }},
	{"postgres", postgresURL},
}

// TestSnapshotRoundTrip, on every store: the world exported, reset and
// imported back answers DescribeInstances byte for byte as before in
// every dialect, request IDs aside, and its transitions go on from where
// they were.
func TestSnapshotRoundTrip(t *testing.T) {
	for _, st := range stores {
		t.Run(st.name, func(t *testing.T) {
			s := serve(t, append([]string{"--db", st.db(t)}, worldArgs("WKEY", "WSECRET")...)...)
			w := newWorld(t, s, "WKEY", "WSECRET")
			w.build()
			before := withoutRequestIDs(w.describe())
			for _, want := range []string{`"Status":"Stopped"`, `"Status":"Starting"`, `"InstanceState":"REBOOTING"`,
				`"InstanceState":"STOPPED"`, `"InstanceState":"LAUNCH_FAILED"`, `"status":"REBOOT"`, `"status":"CREATE_FAILED"`, `"status":"STOPPED"`} {
				if !strings.Contains(strings.Join(before, "\n"), want) {
					t.Fatalf("the world has no %s:\n%s", want, strings.Join(before, "\n"))
				}
			}
			env := []string{"ECSD_ADMIN_ADDR=" + s.adminAddr, "ECSD_ADMIN_TOKEN=tok"}
			snap := filepath.Join(t.TempDir(), "snap.json")
			for _, args := range [][]string{{"snapshot", "export", snap}, {"reset"}} {
				if _, stderr, code := ecsd(t, env, append([]string{"admin"}, args...)...); code != 0 {
					t.Fatalf("admin %v: %s", args, stderr)
				}
			}
			empty := withoutRequestIDs(w.describe())
			for i, a := range empty {
				if a == before[i] || strings.Contains(a, "team") {
					t.Fatalf("after the reset, answer %d still lists the world: %s", i, a)
				}
			}
			if _, stderr, code := ecsd(t, env, "admin", "snapshot", "import", snap); code != 0 {
				t.Fatalf("import: %s", stderr)
			}
			after := withoutRequestIDs(w.describe())
			for i := range before {
				if after[i] != before[i] {
					t.Errorf("answer %d after the round trip:\n%s\nwant\n%s", i, after[i], before[i])
				}
			}
			w.advance("10s")
			settled := strings.Join(withoutRequestIDs(w.describe()), "\n")
			for _, gone := range []string{`"Status":"Starting"`, `"InstanceState":"REBOOTING"`, `"status":"REBOOT"`} {
				if strings.Contains(settled, gone) {
					t.Errorf("10s after the import, %s is still there: the reboot's timing was lost", gone)
				}
			}
		})
	}
}

// TestIDSeed, on every store: two servers with the same --id-seed, the
// same clock start and the same calls answer every call of the world
// alike, IDs and request IDs included, in every dialect; another seed
// answers otherwise.
func TestIDSeed(t *testing.T) {
	for _, st := range stores {
		t.Run(st.name, func(t *testing.T) { testIDSeed(t, st.db) })
	}
}

func testIDSeed(t *testing.T, db func(*testing.T) string) {
	start := time.Now().UTC().Truncate(time.Second).Format(time.RFC3339)
	transcript := func(seed string) []string {
		t.Helper()
		s := serve(t, append([]string{"--db", db(t), "--id-seed", seed, "--clock-start", start}, worldArgs("WKEY", "WSECRET")...)...)
		w := newWorld(t, s, "WKEY", "WSECRET")
		w.build()
		w.describe()
		out := make([]string, len(w.answers))
		for i, a := range w.answers {
			out[i] = string(a)
		}
		return out
	}
	a, b, other := transcript("42"), transcript("42"), transcript("43")
	if len(a) != len(b) {
		t.Fatalf("%d answers and %d", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("answer %d differs under the same seed:\n%s\n%s", i, a[i], b[i])
		}
	}
	differ := 0
	for i := range a {
		if a[i] != other[i] {
			differ++
		}
	}
	if differ < len(a)/2 {
		t.Errorf("another seed changed %d answers of %d", differ, len(a))
	}
	// The IDs are the vendors' own: i- and 20 more, ins- and 8, 19 digits.
	all := strings.Join(a, "\n")
	for _, want := range []string{`"InstanceId":"i-bp`, `"InstanceId":"ins-`, `"instanceId":"`, `"requestId":"T`} {
		if !strings.Contains(all, want) {
			t.Errorf("the answers have no %s", want)
		}
	}
}

// TestManualClockEveryCloud, on every store: on a manual clock an
// instance launched through each vendor's SDK shows its transitional
// status until `ecsd admin clock advance` moves the clock past it, then
// settles; nothing sleeps.
func TestManualClockEveryCloud(t *testing.T) {
	for _, st := range stores {
		t.Run(st.name, func(t *testing.T) { testManualClock(t, st.db(t)) })
	}
}

func testManualClock(t *testing.T, db string) {
	s := serve(t, append([]string{"--db", db}, worldArgs("WKEY", "WSECRET")...)...)
	w := newWorld(t, s, "WKEY", "WSECRET")
	ali := first(w.aliyun("Ecs", "RunInstances", map[string]string{"ImageId": aliyunImage, "InstanceType": "ecs.g7.large"}), "InstanceIdSets", "InstanceIdSet")
	tc := first(w.tencent("cvm", "RunInstances", map[string]any{"Placement": map[string]any{"Zone": "ap-guangzhou-3"},
		"ImageId": "img-eb30mz89", "InstanceType": "S5.MEDIUM4"}), "InstanceIdSet")
	zsub := str(w.zenlayer(zt.ZEC, "CreateSubnet", map[string]any{"vpcId": str(w.zenlayer(zt.ZEC, "CreateVpc",
		map[string]any{"name": "vpc", "cidrBlock": "10.2.0.0/16", "mtu": 1500}), "vpcId"), "name": "subnet", "regionId": "asia-east-1",
		"stackType": "IPv4", "cidrBlock": "10.2.1.0/24"}), "subnetId")
	zl := first(w.zenlayer(zt.ZEC, "CreateZecInstances", map[string]any{"zoneId": "asia-east-1a", "imageId": "ubuntu2204_20240712",
		"instanceType": "z2a.cpu.2", "instanceCount": 1, "subnetId": zsub, "password": "Passw0rd!"}), "instanceIdSet")
	statuses := func() []string {
		a := w.aliyun("Ecs", "DescribeInstanceStatus", map[string]string{"InstanceId.1": ali})["InstanceStatuses"].(map[string]any)["InstanceStatus"].([]any)
		b := w.tencent("cvm", "DescribeInstancesStatus", map[string]any{"InstanceIds": []string{tc}})["InstanceStatusSet"].([]any)
		c := w.zenlayer(zt.ZEC, "DescribeInstancesStatus", map[string]any{"instanceIds": []string{zl}})["dataSet"].([]any)
		return []string{str(a[0].(map[string]any), "Status"), str(b[0].(map[string]any), "InstanceState"), str(c[0].(map[string]any), "instanceStatus")}
	}
	for _, step := range []struct {
		advance string
		want    []string
	}{
		{"", []string{"Pending", "PENDING", "DEPLOYING"}},
		{"9s", []string{"Pending", "PENDING", "DEPLOYING"}},
		{"1s", []string{"Starting", "RUNNING", "RUNNING"}},
		{"10s", []string{"Running", "RUNNING", "RUNNING"}},
	} {
		if step.advance != "" {
			w.advance(step.advance)
		}
		if got := statuses(); !slices.Equal(got, step.want) {
			t.Errorf("after advancing %q: %v, want %v", step.advance, got, step.want)
		}
	}
}

// TestTransitionDelays: --transition-delays gives Tencent's stop 5s and
// create 30s, while Alibaba's create keeps --transition-delay; a bad
// entry stops the start with what is wrong.
func TestTransitionDelays(t *testing.T) {
	s := serve(t, "--db", "memory://", "--access-key-id", "K", "--access-key-secret", "S", "--clock", "manual",
		"--transition-delay", "2s", "--transition-delays", "tencent.stop=5s,tencent.create=30s",
		"--admin-addr", "127.0.0.1:0", "--admin-token", "tok")
	w := newWorld(t, s, "K", "S")
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint, cpf.HttpProfile.Scheme = s.addr, "HTTP"
	tc, err := cvm.NewClient(common.NewCredential("K", "S"), "ap-guangzhou", cpf)
	if err != nil {
		t.Fatal(err)
	}
	run := cvm.NewRunInstancesRequest()
	zone, image, itype := "ap-guangzhou-3", "img-eb30mz89", "S5.MEDIUM4"
	run.Placement, run.ImageId, run.InstanceType = &cvm.Placement{Zone: &zone}, &image, &itype
	resp, err := tc.RunInstances(run)
	if err != nil {
		t.Fatal(err)
	}
	id := resp.Response.InstanceIdSet[0]
	ali := s.client(t, "K", "S")
	aliReq := classicecs.CreateRunInstancesRequest()
	aliReq.ImageId, aliReq.InstanceType, aliReq.Amount = aliyunImage, "ecs.g7.large", requests.NewInteger(1)
	if _, err := ali.RunInstances(aliReq); err != nil {
		t.Fatal(err)
	}
	state := func() string {
		t.Helper()
		req := cvm.NewDescribeInstancesStatusRequest()
		req.InstanceIds = []*string{id}
		resp, err := tc.DescribeInstancesStatus(req)
		if err != nil {
			t.Fatal(err)
		}
		return *resp.Response.InstanceStatusSet[0].InstanceState
	}
	for _, step := range []struct {
		advance, want, alibaba string
	}{
		{"29s", "PENDING", ""},
		{"1s", "RUNNING", "Running"}, // Alibaba's Pending and Starting took 2s each
	} {
		w.advance(step.advance)
		if got := state(); got != step.want {
			t.Errorf("create, %s later: %s, want %s", step.advance, got, step.want)
		}
		for _, st := range statuses(t, ali) {
			if step.alibaba != "" && st != step.alibaba {
				t.Errorf("Alibaba's instance: %s, want %s", st, step.alibaba)
			}
		}
	}
	stop := cvm.NewStopInstancesRequest()
	stop.InstanceIds = []*string{id}
	if _, err := tc.StopInstances(stop); err != nil {
		t.Fatal(err)
	}
	w.advance("4s")
	if got := state(); got != "STOPPING" {
		t.Errorf("stop, 4s later: %s, want STOPPING", got)
	}
	w.advance("1s")
	if got := state(); got != "STOPPED" {
		t.Errorf("stop, 5s later: %s, want STOPPED", got)
	}

	for _, tc := range []struct{ spec, want string }{
		{"tencent.halt=5s", `"halt" is not a transition`},
		{"mars.stop=5s", `"mars" is not a cloud`},
		{"stop=fast", `"fast" is not a duration`},
	} {
		_, stderr, code := ecsd(t, nil, "serve", "--addr", "127.0.0.1:0", "--db", "memory://", "--transition-delays", tc.spec)
		if code == 0 || !strings.Contains(stderr, "--transition-delays: ") || !strings.Contains(stderr, tc.want) {
			t.Errorf("--transition-delays %s: exit %d, %s; want %q", tc.spec, code, stderr, tc.want)
		}
	}
}
