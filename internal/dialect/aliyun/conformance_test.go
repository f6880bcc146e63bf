package aliyun_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/app/apptest"
)

const (
	region = "cn-hangzhou"
	zoneB  = "cn-hangzhou-b"
	zoneG  = "cn-hangzhou-g"
	image  = "aliyun_3_x64_20G_alibase_20240819.vhd"
	itype  = "ecs.g7.large"
	delay  = apptest.DefaultDelay
)

// sdkModes are the ways the official SDKs sign: each conformance test runs
// once per mode.
var sdkModes = []struct {
	name string
	make func(t *testing.T, host, region, keyID, secret string) ecsClient
}{
	{"classic-rpc-v1", newClassicClient},
	{"tea-acs3", func(t *testing.T, host, region, keyID, secret string) ecsClient {
		return newTeaClient(t, host, region, keyID, secret, "")
	}},
	{"tea-v2", func(t *testing.T, host, region, keyID, secret string) ecsClient {
		return newTeaClient(t, host, region, keyID, secret, "v2")
	}},
}

// eachSDK runs f once per SDK mode against a fresh ecsd.
func eachSDK(t *testing.T, f func(t *testing.T, env *apptest.Env, c ecsClient)) {
	for _, m := range sdkModes {
		t.Run(m.name, func(t *testing.T) {
			env := apptest.Start(t, apptest.Options{})
			f(t, env, m.make(t, env.Host, region, apptest.AccessKeyID, apptest.AccessKeySecret))
		})
	}
}

// wantError asserts err is the vendor error code with status.
func wantError(t *testing.T, err error, code string, status int) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s (%d)", code, status)
	}
	e := sdkError(t, err)
	if e.code != code || e.status != status {
		t.Fatalf("got error %s (%d), want %s (%d); full error: %v", e.code, e.status, code, status, err)
	}
	if len(e.requestID) != 36 || strings.ToUpper(e.requestID) != e.requestID {
		t.Errorf("RequestId %q is not an upper-case UUID", e.requestID)
	}
}

// must returns a check for a call that must succeed: must[T](t)(f()).
func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return v
	}
}

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

// statusOf reads one instance's status through DescribeInstanceStatus.
func statusOf(t *testing.T, c ecsClient, id string) string {
	t.Helper()
	p := must[statusPage](t)(c.describeStatus(statusQuery{region: region, ids: []string{id}}))
	return p.statuses[id]
}

// runOne launches one running-bound instance in zone B.
func runOne(t *testing.T, c ecsClient) string {
	t.Helper()
	ids := must[[]string](t)(c.run(launch{region: region, zone: zoneB, image: image, instanceType: itype}))
	if len(ids) != 1 {
		t.Fatalf("RunInstances returned %d IDs, want 1", len(ids))
	}
	return ids[0]
}

// settle moves the clock past every transitional stage.
func settle(env *apptest.Env) { env.Clock.Advance(3 * delay) }

func TestLifecycle(t *testing.T) {
	eachSDK(t, func(t *testing.T, env *apptest.Env, c ecsClient) {
		ids := must[[]string](t)(c.run(launch{region: region, zone: zoneB, image: image, instanceType: itype, amount: 2}))
		if len(ids) != 2 || ids[0] == ids[1] {
			t.Fatalf("RunInstances returned %v, want 2 distinct IDs", ids)
		}
		for _, id := range ids {
			if !strings.HasPrefix(id, "i-bp") || len(id) != 22 {
				t.Errorf("instance ID %q is not in the Hangzhou format i-bp + 18", id)
			}
		}
		step := func(want string) {
			t.Helper()
			p := must[statusPage](t)(c.describeStatus(statusQuery{region: region, ids: ids}))
			for _, id := range ids {
				if p.statuses[id] != want {
					t.Fatalf("status of %s = %q, want %q", id, p.statuses[id], want)
				}
			}
			env.Clock.Advance(delay)
		}
		step("Pending")
		step("Starting")
		step("Running")

		a, b := ids[0], ids[1]
		noErr(t, c.act("StopInstance", a, false))
		wantStatus := func(id, want string) {
			t.Helper()
			if got := statusOf(t, c, id); got != want {
				t.Fatalf("status of %s = %q, want %q", id, got, want)
			}
		}
		wantStatus(a, "Stopping")
		wantError(t, c.act("StartInstance", a, false), "IncorrectInstanceStatus", 403)
		env.Clock.Advance(delay)
		wantStatus(a, "Stopped")
		wantError(t, c.act("StopInstance", a, false), "IncorrectInstanceStatus", 403)
		wantError(t, c.act("RebootInstance", a, false), "IncorrectInstanceStatus", 403)

		noErr(t, c.act("StartInstance", a, false))
		wantStatus(a, "Starting")
		env.Clock.Advance(delay)
		wantStatus(a, "Running")

		noErr(t, c.act("RebootInstance", a, false))
		wantStatus(a, "Starting") // ECS shows a reboot as Starting
		env.Clock.Advance(delay)
		wantStatus(a, "Running")

		wantError(t, c.act("DeleteInstance", b, false), "IncorrectInstanceStatus", 403)
		noErr(t, c.act("DeleteInstance", b, true))
		wantStatus(b, "")
		wantError(t, c.act("StartInstance", b, false), "InvalidInstanceId.NotFound", 404)

		noErr(t, c.act("StopInstance", a, false))
		settle(env)
		noErr(t, c.act("DeleteInstance", a, false))
		p := must[statusPage](t)(c.describeStatus(statusQuery{region: region}))
		if p.total != 0 || len(p.statuses) != 0 {
			t.Fatalf("after deleting both: TotalCount %d, %d statuses; want none", p.total, len(p.statuses))
		}
	})
}

func TestDeleteWhileInitializing(t *testing.T) {
	eachSDK(t, func(t *testing.T, env *apptest.Env, c ecsClient) {
		id := runOne(t, c)
		wantError(t, c.act("DeleteInstance", id, true), "IncorrectInstanceStatus.Initializing", 403)
	})
}

func TestCreateInstanceStaysStopped(t *testing.T) {
	eachSDK(t, func(t *testing.T, env *apptest.Env, c ecsClient) {
		id := must[string](t)(c.create(launch{region: region, zone: zoneG, image: image, instanceType: itype}))
		if got := statusOf(t, c, id); got != "Pending" {
			t.Fatalf("new instance is %q, want Pending", got)
		}
		settle(env)
		if got := statusOf(t, c, id); got != "Stopped" {
			t.Fatalf("settled instance is %q, want Stopped", got)
		}
		noErr(t, c.act("StartInstance", id, false))
		settle(env)
		if got := statusOf(t, c, id); got != "Running" {
			t.Fatalf("started instance is %q, want Running", got)
		}
	})
}

func TestPaging(t *testing.T) {
	eachSDK(t, func(t *testing.T, env *apptest.Env, c ecsClient) {
		var all []string
		for range 3 {
			all = append(all, must[[]string](t)(c.run(launch{region: region, zone: zoneB, image: image, instanceType: itype, amount: 9}))...)
		}
		// Default page: 10 of 27, page 1.
		p := must[statusPage](t)(c.describeStatus(statusQuery{region: region}))
		if p.total != 27 || p.pageNumber != 1 || p.pageSize != 10 || len(p.order) != 10 {
			t.Fatalf("default page: total %d number %d size %d len %d; want 27 1 10 10", p.total, p.pageNumber, p.pageSize, len(p.order))
		}
		var seen []string
		for n := 1; n <= 3; n++ {
			p := must[statusPage](t)(c.describeStatus(statusQuery{region: region, pageNumber: n, pageSize: 10}))
			if p.total != 27 || p.pageNumber != n {
				t.Fatalf("page %d: TotalCount %d PageNumber %d; want 27 %d", n, p.total, p.pageNumber, n)
			}
			seen = append(seen, p.order...)
		}
		if !slices.Equal(seen, all) {
			t.Fatalf("pages list %v\nwant creation order %v", seen, all)
		}
		past := must[statusPage](t)(c.describeStatus(statusQuery{region: region, pageNumber: 4, pageSize: 10}))
		if past.total != 27 || len(past.order) != 0 {
			t.Fatalf("past the end: TotalCount %d, %d items; want 27 and none", past.total, len(past.order))
		}
		full := must[statusPage](t)(c.describeStatus(statusQuery{region: region, pageSize: 50}))
		if len(full.order) != 27 {
			t.Fatalf("PageSize 50 returned %d, want 27", len(full.order))
		}
		_, err := c.describeStatus(statusQuery{region: region, pageSize: 51})
		wantError(t, err, "InvalidParameter", 400)
		_, err = c.describeStatus(statusQuery{region: region, pageNumber: -1})
		wantError(t, err, "InvalidParameter", 400)
	})
}

func TestFilters(t *testing.T) {
	eachSDK(t, func(t *testing.T, env *apptest.Env, c ecsClient) {
		inB := must[[]string](t)(c.run(launch{region: region, zone: zoneB, image: image, instanceType: itype, amount: 2}))
		inG := must[[]string](t)(c.run(launch{region: region, zone: zoneG, image: image, instanceType: itype, amount: 3}))
		other := must[[]string](t)(c.run(launch{region: "cn-shanghai", image: image, instanceType: itype}))

		p := must[statusPage](t)(c.describeStatus(statusQuery{region: region, zone: zoneG}))
		if p.total != 3 || !slices.Equal(p.order, inG) {
			t.Fatalf("zone filter: %d %v, want 3 %v", p.total, p.order, inG)
		}
		p = must[statusPage](t)(c.describeStatus(statusQuery{region: region}))
		if p.total != 5 {
			t.Fatalf("region cn-hangzhou lists %d, want 5 (not the Shanghai one)", p.total)
		}
		// IDs: unknown and other-region IDs are omitted, duplicates counted once.
		unknown := "i-bp000000000000000000"
		p = must[statusPage](t)(c.describeStatus(statusQuery{region: region, ids: []string{inB[1], unknown, inG[0], inB[1], other[0]}}))
		if p.total != 2 || !slices.Equal(p.order, []string{inB[1], inG[0]}) {
			t.Fatalf("ID filter: %d %v, want 2 [%s %s]", p.total, p.order, inB[1], inG[0])
		}
		// DescribeInstances by Status and InstanceIds.
		settle(env)
		noErr(t, c.act("StopInstance", inB[0], false))
		total, running, err := c.describeInstances(instancesQuery{region: region, status: "Running"})
		if err != nil || total != 4 || len(running) != 4 {
			t.Fatalf("Status=Running: %d %d %v, want 4", total, len(running), err)
		}
		total, stopping := must2(t)(c.describeInstances(instancesQuery{region: region, status: "Stopping"}))
		if total != 1 || stopping[0].id != inB[0] {
			t.Fatalf("Status=Stopping: %d %v, want [%s]", total, stopping, inB[0])
		}
		_, _, err = c.describeInstances(instancesQuery{region: region, status: "Exploding"})
		wantError(t, err, "InvalidStatus.NotFound", 404)
		total, got := must2(t)(c.describeInstances(instancesQuery{region: region, ids: []string{inG[2]}}))
		if total != 1 || got[0].id != inG[2] || got[0].zone != zoneG || got[0].instanceType != itype || got[0].chargeType != "PostPaid" {
			t.Fatalf("DescribeInstances by ID: %d %+v", total, got)
		}
		if got[0].cpu != 2 || got[0].memory != 8192 {
			t.Errorf("ecs.g7.large has %d vCPUs and %d MiB, want 2 and 8192", got[0].cpu, got[0].memory)
		}
		if _, err := time.Parse("2006-01-02T15:04Z", got[0].created); err != nil {
			t.Errorf("CreationTime %q is not in ECS format: %v", got[0].created, err)
		}
	})
}

func must2(t *testing.T) func(int, []instanceInfo, error) (int, []instanceInfo) {
	return func(n int, is []instanceInfo, err error) (int, []instanceInfo) {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return n, is
	}
}

func TestBatchOperations(t *testing.T) {
	eachSDK(t, func(t *testing.T, env *apptest.Env, c ecsClient) {
		ids := must[[]string](t)(c.run(launch{region: region, zone: zoneB, image: image, instanceType: itype, amount: 3}))
		settle(env)
		noErr(t, c.act("StopInstance", ids[2], false))
		settle(env)

		// AllTogether: one running instance makes the whole call fail.
		_, err := c.batch("StartInstances", region, ids, "")
		wantError(t, err, "IncorrectInstanceStatus", 403)
		if got := statusOf(t, c, ids[2]); got != "Stopped" {
			t.Fatalf("a failed AllTogether call changed %s to %q", ids[2], got)
		}
		// SuccessFirst: each instance answers for itself.
		res := must[[]instanceResult](t)(c.batch("StartInstances", region, ids, "SuccessFirst"))
		want := []instanceResult{
			{ids[0], "IncorrectInstanceStatus", "Running", "Running"},
			{ids[1], "IncorrectInstanceStatus", "Running", "Running"},
			{ids[2], "200", "Stopped", "Starting"},
		}
		if !slices.Equal(res, want) {
			t.Fatalf("SuccessFirst results:\n got %v\nwant %v", res, want)
		}
		settle(env)
		res = must[[]instanceResult](t)(c.batch("StopInstances", region, ids, "AllTogether"))
		for _, r := range res {
			if r.code != "200" || r.previous != "Running" || r.current != "Stopping" {
				t.Fatalf("StopInstances result %+v", r)
			}
		}
		settle(env)
		_, err = c.batch("RebootInstances", region, ids, "")
		wantError(t, err, "IncorrectInstanceStatus", 403)
		_, err = c.batch("StartInstances", region, append(slices.Clone(ids), "i-bp111111111111111111"), "")
		wantError(t, err, "InvalidInstanceId.NotFound", 404)

		wantError(t, c.deleteMany("cn-shanghai", ids, false), "InvalidInstanceId.NotFound", 404)
		noErr(t, c.deleteMany(region, ids, false))
		if p := must[statusPage](t)(c.describeStatus(statusQuery{region: region})); p.total != 0 {
			t.Fatalf("after DeleteInstances: TotalCount %d", p.total)
		}
		too := make([]string, 101)
		for i := range too {
			too[i] = fmt.Sprintf("i-bp%018d", i)
		}
		wantError(t, c.deleteMany(region, too, true), "InvalidParameter.TooManyInstanceIds", 403)
	})
}

func TestDocumentedErrors(t *testing.T) {
	eachSDK(t, func(t *testing.T, env *apptest.Env, c ecsClient) {
		_, err := c.describeStatus(statusQuery{region: region, zone: "cn-hangzhou-z"})
		wantError(t, err, "InvalidZoneId.NotFound", 404)
		_, err = c.describeStatus(statusQuery{region: "cn-atlantis"})
		wantError(t, err, "InvalidRegionId.NotFound", 404)
		many := make([]string, 101)
		for i := range many {
			many[i] = fmt.Sprintf("i-bp%018d", i)
		}
		_, err = c.describeStatus(statusQuery{region: region, ids: many})
		wantError(t, err, "InvalidParameter.TooManyInstanceIds", 403)
		_, err = c.describeStatus(statusQuery{region: region, ids: []string{"not-an-instance"}})
		wantError(t, err, "Abs.InvalidInstanceIds.MalFormed", 403)
		_, err = c.run(launch{region: region, image: image, instanceType: itype, dryRun: true})
		wantError(t, err, "DryRunOperation", 400)
		_, err = c.run(launch{region: region, image: image, instanceType: itype, amount: 101})
		wantError(t, err, "InvalidParameter", 400)
		_, err = c.run(launch{region: region, instanceType: itype})
		wantError(t, err, "MissingParameter", 400)
		_, err = c.run(launch{region: region, image: image, instanceType: itype, chargeType: "Free"})
		wantError(t, err, "InvalidInstanceChargeType.NotFound", 404)
		wantError(t, c.act("StopInstance", "i-bp999999999999999999", false), "InvalidInstanceId.NotFound", 404)
		if p := must[statusPage](t)(c.describeStatus(statusQuery{region: region})); p.total != 0 {
			t.Fatalf("failed launches created %d instances", p.total)
		}
	})
}

func TestAuthenticationErrors(t *testing.T) {
	for _, m := range sdkModes {
		t.Run(m.name, func(t *testing.T) {
			env := apptest.Start(t, apptest.Options{})
			_, err := m.make(t, env.Host, region, apptest.AccessKeyID, "wrongSecret").describeStatus(statusQuery{region: region})
			wantError(t, err, "SignatureDoesNotMatch", 400)
			_, err = m.make(t, env.Host, region, "noSuchKey", apptest.AccessKeySecret).describeStatus(statusQuery{region: region})
			wantError(t, err, "InvalidAccessKeyId.NotFound", 404)
			// The SDKs sign with the real time; move ecsd's clock 16 minutes on.
			env.Clock.Advance(16 * time.Minute)
			_, err = m.make(t, env.Host, region, apptest.AccessKeyID, apptest.AccessKeySecret).describeStatus(statusQuery{region: region})
			wantError(t, err, "InvalidTimeStamp.Expired", 400)
		})
	}
}

func TestAccountsAreIsolated(t *testing.T) {
	eachSDK(t, func(t *testing.T, env *apptest.Env, c ecsClient) {
		mine := runOne(t, c)
		key := env.NewAccount(t, "a2", "", "")
		for _, m := range sdkModes {
			other := m.make(t, env.Host, region, key.ID, key.Secret)
			p := must[statusPage](t)(other.describeStatus(statusQuery{region: region}))
			if p.total != 0 {
				t.Fatalf("%s: a second account sees %d instances", m.name, p.total)
			}
			p = must[statusPage](t)(other.describeStatus(statusQuery{region: region, ids: []string{mine}}))
			if p.total != 0 {
				t.Fatalf("%s: a second account finds %s by ID", m.name, mine)
			}
			wantError(t, other.act("DeleteInstance", mine, true), "InvalidInstanceId.NotFound", 404)
		}
		if got := statusOf(t, c, mine); got != "Pending" {
			t.Fatalf("the first account's instance is %q after the second account's attempts", got)
		}
	})
}

func TestRegionsAndZones(t *testing.T) {
	eachSDK(t, func(t *testing.T, env *apptest.Env, c ecsClient) {
		regions := must[[]string](t)(c.regions())
		if !slices.Contains(regions, "cn-hangzhou") || !slices.Contains(regions, "ap-southeast-1") {
			t.Fatalf("DescribeRegions = %v", regions)
		}
		zones := must[[]string](t)(c.zones(region))
		if !slices.Contains(zones, zoneB) || slices.Contains(zones, "cn-shanghai-b") {
			t.Fatalf("DescribeZones(cn-hangzhou) = %v", zones)
		}
		_, err := c.zones("xx-nowhere-1")
		wantError(t, err, "InvalidRegionId.NotFound", 404)
	})
}

func TestClientTokenIsIdempotent(t *testing.T) {
	eachSDK(t, func(t *testing.T, env *apptest.Env, c ecsClient) {
		l := launch{region: region, image: image, instanceType: itype, amount: 2, clientToken: "token-123"}
		first := must[[]string](t)(c.run(l))
		again := must[[]string](t)(c.run(l))
		if !slices.Equal(first, again) {
			t.Fatalf("a repeated ClientToken made %v, first call %v", again, first)
		}
		if p := must[statusPage](t)(c.describeStatus(statusQuery{region: region})); p.total != 2 {
			t.Fatalf("TotalCount %d after a repeated ClientToken, want 2", p.total)
		}
	})
}

// TestLaunchFailure: the fault switch image makes a launch fail visibly.
func TestLaunchFailure(t *testing.T) {
	eachSDK(t, func(t *testing.T, env *apptest.Env, c ecsClient) {
		id := must[[]string](t)(c.run(launch{region: region, image: "ecsd-launch-fails", instanceType: itype}))[0]
		if got := statusOf(t, c, id); got != "Pending" {
			t.Fatalf("failing launch shows %q first, want Pending", got)
		}
		settle(env)
		if got := statusOf(t, c, id); got != "Stopped" {
			t.Fatalf("failed launch settles as %q, want Stopped (ECS has no failed status)", got)
		}
		noErr(t, c.act("DeleteInstance", id, false))
	})
}
