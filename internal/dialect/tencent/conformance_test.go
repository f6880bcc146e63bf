package tencent_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/ecsd/ecsd/internal/app/apptest"
)

var instanceIDPattern = regexp.MustCompile(`^ins-[a-z0-9]{8}$`)

func TestLifecycle(t *testing.T) {
	eachMode(t, func(t *testing.T, env *apptest.Env, m sdkMode, c *cvm.Client) {
		ids := mustRun(t, c, launch{count: 2})
		if len(ids) != 2 || ids[0] == ids[1] {
			t.Fatalf("RunInstances returned %v, want 2 distinct IDs", ids)
		}
		for _, id := range ids {
			if !instanceIDPattern.MatchString(id) {
				t.Errorf("instance ID %q is not ins- and 8 lower-case letters or digits", id)
			}
		}
		a, b := ids[0], ids[1]
		wantStatus(t, c, a, "PENDING")
		wantError(t, act(c, "StopInstances", a), "UnsupportedOperation.InstanceStatePending")
		env.Clock.Advance(delay)
		wantStatus(t, c, a, "RUNNING")

		mustAct(t, c, "StopInstances", a)
		wantStatus(t, c, a, "STOPPING")
		wantError(t, act(c, "StartInstances", a), "UnsupportedOperation.InstanceStateStopping")
		env.Clock.Advance(delay)
		wantStatus(t, c, a, "STOPPED")
		wantError(t, act(c, "StopInstances", a), "UnsupportedOperation.InstanceStateStopped")
		wantError(t, act(c, "RebootInstances", a), "UnsupportedOperation.InstanceStateStopped")

		mustAct(t, c, "StartInstances", a)
		wantStatus(t, c, a, "STARTING")
		env.Clock.Advance(delay)
		wantStatus(t, c, a, "RUNNING")
		wantError(t, act(c, "StartInstances", a), "UnsupportedOperation.InstanceStateRunning")

		mustAct(t, c, "RebootInstances", a)
		wantStatus(t, c, a, "REBOOTING")
		env.Clock.Advance(delay)
		wantStatus(t, c, a, "RUNNING")

		// Tencent terminates a running instance: TERMINATING, then gone.
		mustAct(t, c, "TerminateInstances", b)
		wantStatus(t, c, b, "TERMINATING")
		wantError(t, act(c, "TerminateInstances", b), "UnsupportedOperation.InstanceStateTerminating")
		env.Clock.Advance(delay)
		wantStatus(t, c, b, "")
		wantError(t, act(c, "StartInstances", b), "InvalidInstanceId.NotFound")

		mustAct(t, c, "TerminateInstances", a)
		env.Clock.Advance(delay)
		if p := mustStatus(t, c, nil, 0, 0); p.total != 0 || len(p.order) != 0 {
			t.Fatalf("after terminating both: TotalCount %d, %v; want none", p.total, p.order)
		}
	})
}

// TestPrepaidRecycleBin: a prepaid instance goes to SHUTDOWN on its first
// terminate and is destroyed by the second.
func TestPrepaidRecycleBin(t *testing.T) {
	eachMode(t, func(t *testing.T, env *apptest.Env, m sdkMode, c *cvm.Client) {
		id := mustRun(t, c, launch{charge: "PREPAID"})[0]
		env.Clock.Advance(delay)
		mustAct(t, c, "TerminateInstances", id)
		wantStatus(t, c, id, "STOPPING")
		env.Clock.Advance(delay)
		wantStatus(t, c, id, "SHUTDOWN")
		wantError(t, act(c, "StartInstances", id), "UnsupportedOperation.InstanceStateShutdown")
		mustAct(t, c, "TerminateInstances", id)
		wantStatus(t, c, id, "TERMINATING")
		env.Clock.Advance(delay)
		wantStatus(t, c, id, "")
	})
}

// TestLaunchFailure: the fault-switch image makes a launch end in
// LAUNCH_FAILED, which only TerminateInstances leaves.
func TestLaunchFailure(t *testing.T) {
	eachMode(t, func(t *testing.T, env *apptest.Env, m sdkMode, c *cvm.Client) {
		id := mustRun(t, c, launch{image: "ecsd-launch-fails"})[0]
		wantStatus(t, c, id, "PENDING")
		env.Clock.Advance(delay)
		wantStatus(t, c, id, "LAUNCH_FAILED")
		wantError(t, act(c, "StartInstances", id), "UnsupportedOperation.InstanceStateLaunchFailed")
		mustAct(t, c, "TerminateInstances", id)
		wantStatus(t, c, id, "TERMINATING")
		env.Clock.Advance(delay)
		wantStatus(t, c, id, "")
	})
}

// TestAllOrNothing: one instance that cannot take an operation fails the
// whole batch and changes none.
func TestAllOrNothing(t *testing.T) {
	eachMode(t, func(t *testing.T, env *apptest.Env, m sdkMode, c *cvm.Client) {
		ids := mustRun(t, c, launch{count: 3})
		env.Clock.Advance(delay)
		mustAct(t, c, "StopInstances", ids[2])
		env.Clock.Advance(delay)
		wantError(t, act(c, "StartInstances", ids...), "UnsupportedOperation.InstanceStateRunning")
		wantStatus(t, c, ids[2], "STOPPED")
		wantError(t, act(c, "StopInstances", ids[0], "ins-00000000"), "InvalidInstanceId.NotFound")
		wantStatus(t, c, ids[0], "RUNNING")
		mustAct(t, c, "StopInstances", ids[0], ids[1], ids[0])
		wantStatus(t, c, ids[0], "STOPPING")
		wantStatus(t, c, ids[1], "STOPPING")
		env.Clock.Advance(delay)
		mustAct(t, c, "StartInstances", ids...)
		for _, id := range ids {
			wantStatus(t, c, id, "STARTING")
		}
	})
}

func TestPaging(t *testing.T) {
	eachMode(t, func(t *testing.T, env *apptest.Env, m sdkMode, c *cvm.Client) {
		all := mustRun(t, c, launch{count: 15})
		all = append(all, mustRun(t, c, launch{count: 10, zone: zone4})...)
		p := mustStatus(t, c, nil, 0, 0)
		if p.total != 25 || !slices.Equal(p.order, all[:20]) {
			t.Fatalf("default page: TotalCount %d, %d items; want 25 and the first 20 in creation order", p.total, len(p.order))
		}
		p = mustStatus(t, c, nil, 20, 20)
		if p.total != 25 || !slices.Equal(p.order, all[20:]) {
			t.Fatalf("Offset 20: TotalCount %d, %v; want 25 and %v", p.total, p.order, all[20:])
		}
		p = mustStatus(t, c, nil, 3, 2)
		if !slices.Equal(p.order, all[3:5]) {
			t.Fatalf("Offset 3 Limit 2: %v, want %v", p.order, all[3:5])
		}
		p = mustStatus(t, c, nil, 30, 0)
		if p.total != 25 || len(p.order) != 0 {
			t.Fatalf("past the end: TotalCount %d, %d items; want 25 and none", p.total, len(p.order))
		}
		if p = mustStatus(t, c, nil, 0, 100); len(p.order) != 25 {
			t.Fatalf("Limit 100 listed %d, want 25", len(p.order))
		}
		_, err := describeStatus(c, nil, 0, 101)
		wantError(t, err, "InvalidParameterValue.LimitExceeded")
		_, err = describeStatus(c, nil, 0, -1)
		wantError(t, err, "InvalidParameterValue")
		_, err = describeStatus(c, nil, -1, 0)
		wantError(t, err, "InvalidParameterValue")

		// IDs: unknown ones left out, a repeated one counted once, the
		// result in creation order.
		p = mustStatus(t, c, []string{all[7], "ins-00000000", all[2], all[7]}, 0, 0)
		if p.total != 2 || !slices.Equal(p.order, []string{all[2], all[7]}) {
			t.Fatalf("by ID: TotalCount %d, %v; want 2 [%s %s]", p.total, p.order, all[2], all[7])
		}
		total, set := must3(t)(describeInstances(c, nil, nil, 24, 10))
		if total != 25 || !slices.Equal(instanceIDsOf(set), all[24:]) {
			t.Fatalf("DescribeInstances Offset 24: %d %v", total, instanceIDsOf(set))
		}
	})
}

func must3(t *testing.T) func(int64, []*cvm.Instance, error) (int64, []*cvm.Instance) {
	return func(n int64, set []*cvm.Instance, err error) (int64, []*cvm.Instance) {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return n, set
	}
}

func TestFilters(t *testing.T) {
	eachMode(t, func(t *testing.T, env *apptest.Env, m sdkMode, c *cvm.Client) {
		in3 := mustRun(t, c, launch{count: 2, name: "web"})
		in4 := mustRun(t, c, launch{count: 3, zone: zone4, charge: "PREPAID", name: "db"})
		shanghai := newClient(t, env, sdkModes[0], "ap-shanghai", apptest.AccessKeyID, apptest.AccessKeySecret)
		other := mustRun(t, shanghai, launch{zone: "ap-shanghai-2"})

		total, set := must3(t)(describeInstances(c, nil, map[string][]string{"zone": {zone4}}, 0, 0))
		if total != 3 || !slices.Equal(instanceIDsOf(set), in4) {
			t.Fatalf("zone filter: %d %v, want 3 %v", total, instanceIDsOf(set), in4)
		}
		if p := mustStatus(t, c, nil, 0, 0); p.total != 5 {
			t.Fatalf("ap-guangzhou lists %d, want 5 (not the Shanghai one)", p.total)
		}
		if p := mustStatus(t, c, append(slices.Clone(in3), other...), 0, 0); p.total != 2 {
			t.Fatalf("an ID of another region is found: %v", p.order)
		}
		wantError(t, act(c, "StopInstances", other[0]), "InvalidInstanceId.NotFound")

		env.Clock.Advance(delay)
		mustAct(t, c, "StopInstances", in3[0])
		total, set = must3(t)(describeInstances(c, nil, map[string][]string{"instance-state": {"RUNNING"}}, 0, 0))
		if total != 4 {
			t.Fatalf("instance-state RUNNING: %d %v, want 4", total, instanceIDsOf(set))
		}
		total, set = must3(t)(describeInstances(c, nil, map[string][]string{"instance-state": {"STOPPING", "STOPPED"}}, 0, 0))
		if total != 1 || *set[0].InstanceId != in3[0] || *set[0].InstanceState != "STOPPING" {
			t.Fatalf("instance-state STOPPING|STOPPED: %d %v, want [%s]", total, instanceIDsOf(set), in3[0])
		}
		total, set = must3(t)(describeInstances(c, nil, map[string][]string{"instance-state": {"RUNNING"}, "zone": {zone3}}, 0, 0))
		if total != 1 || *set[0].InstanceId != in3[1] {
			t.Fatalf("RUNNING in zone 3: %d %v, want [%s]", total, instanceIDsOf(set), in3[1])
		}
		total, _ = must3(t)(describeInstances(c, nil, map[string][]string{"instance-state": {"RESCUE_MODE"}}, 0, 0))
		if total != 0 {
			t.Fatalf("instance-state RESCUE_MODE matched %d", total)
		}
		total, set = must3(t)(describeInstances(c, nil, map[string][]string{"instance-id": {in4[2], in3[0]}, "instance-name": {"d"}}, 0, 0))
		if total != 1 || *set[0].InstanceId != in4[2] {
			t.Fatalf("instance-id and instance-name: %d %v, want [%s]", total, instanceIDsOf(set), in4[2])
		}
		_, _, err := describeInstances(c, []string{in3[0]}, map[string][]string{"zone": {zone3}}, 0, 0)
		wantError(t, err, "InvalidParameter")
		_, _, err = describeInstances(c, nil, map[string][]string{"colour": {"blue"}}, 0, 0)
		wantError(t, err, "InvalidFilter")
		_, _, err = describeInstances(c, nil, map[string][]string{"instance-id": {"ins-1122"}}, 0, 0)
		wantError(t, err, "InvalidInstanceId.Malformed")
		_, _, err = describeInstances(c, nil, map[string][]string{"zone": {"a", "b", "c", "d", "e", "f"}}, 0, 0)
		wantError(t, err, "InvalidFilterValue.LimitExceeded")

		// The details DescribeInstances shows.
		_, set = must3(t)(describeInstances(c, []string{in4[0]}, nil, 0, 0))
		got := set[0]
		if *got.Placement.Zone != zone4 || *got.InstanceType != itype || *got.CPU != 2 || *got.Memory != 4 ||
			*got.InstanceChargeType != "PREPAID" || *got.InstanceName != "db1" || *got.ImageId != image || *got.InstanceState != "RUNNING" {
			b, _ := json.Marshal(got)
			t.Fatalf("DescribeInstances shows %s", b)
		}
		created, err := time.Parse(time.RFC3339, *got.CreatedTime)
		if err != nil || !created.Equal(env.Clock.Now().Add(-delay)) {
			t.Errorf("CreatedTime %q, want %s", *got.CreatedTime, env.Clock.Now().Add(-delay).UTC().Format(time.RFC3339))
		}
		if len(got.PrivateIpAddresses) != 1 || got.Uuid == nil || len(*got.Uuid) != 36 {
			t.Errorf("instance addresses and UUID: %v %v", got.PrivateIpAddresses, got.Uuid)
		}
	})
}

func TestDocumentedErrors(t *testing.T) {
	eachMode(t, func(t *testing.T, env *apptest.Env, m sdkMode, c *cvm.Client) {
		many := make([]string, 101)
		for i := range many {
			many[i] = fmt.Sprintf("ins-%08d", i)
		}
		_, err := describeStatus(c, many, 0, 0)
		wantError(t, err, "InvalidParameterValue.LimitExceeded")
		_, err = describeStatus(c, []string{"ins-1122"}, 0, 0)
		wantError(t, err, "InvalidInstanceId.Malformed")
		wantError(t, act(c, "StartInstances", many...), "InvalidParameterValue.LimitExceeded")
		wantError(t, act(c, "StopInstances", "i-abcdefgh"), "InvalidInstanceId.Malformed")
		wantError(t, act(c, "RebootInstances", "ins-99999999"), "InvalidInstanceId.NotFound")
		wantError(t, act(c, "TerminateInstances"), "MissingParameter")

		_, err = run(c, launch{zone: "ap-shanghai-2"})
		wantError(t, err, "InvalidZone.MismatchRegion")
		_, err = run(c, launch{count: 101})
		wantError(t, err, "InvalidParameterValue.Range")
		_, err = run(c, launch{charge: "FREE"})
		wantError(t, err, "InvalidParameterValue")
		_, err = run(c, launch{name: string(make([]rune, 61))})
		wantError(t, err, "InvalidInstanceName.TooLong")
		_, err = c.RunInstances(cvm.NewRunInstancesRequest())
		wantError(t, err, "MissingParameter")
		if ids := mustRun(t, c, launch{dryRun: true}); len(ids) != 0 {
			t.Fatalf("a DryRun created %v", ids)
		}

		nowhere := newClient(t, env, m, "ap-atlantis", apptest.AccessKeyID, apptest.AccessKeySecret)
		_, err = describeStatus(nowhere, nil, 0, 0)
		wantError(t, err, "UnsupportedRegion")
		noRegion := newClient(t, env, m, "", apptest.AccessKeyID, apptest.AccessKeySecret)
		_, err = describeStatus(noRegion, nil, 0, 0)
		wantError(t, err, "MissingParameter")
		if p := mustStatus(t, c, nil, 0, 0); p.total != 0 {
			t.Fatalf("failed launches created %d instances", p.total)
		}
	})
}

func TestAuthenticationErrors(t *testing.T) {
	for _, m := range sdkModes {
		t.Run(m.name, func(t *testing.T) {
			env := apptest.Start(t, apptest.Options{})
			_, err := describeStatus(newClient(t, env, m, region, apptest.AccessKeyID, "wrongSecret"), nil, 0, 0)
			wantError(t, err, "AuthFailure.SignatureFailure")
			_, err = describeStatus(newClient(t, env, m, region, "noSuchKey", apptest.AccessKeySecret), nil, 0, 0)
			wantError(t, err, "AuthFailure.SecretIdNotFound")
			// The SDK signs with the real time; move ecsd's clock 6 minutes on.
			env.Clock.Advance(6 * time.Minute)
			_, err = describeStatus(newClient(t, env, m, region, apptest.AccessKeyID, apptest.AccessKeySecret), nil, 0, 0)
			wantError(t, err, "AuthFailure.SignatureExpire")
		})
	}
}

func TestAccountsAreIsolated(t *testing.T) {
	eachMode(t, func(t *testing.T, env *apptest.Env, m sdkMode, c *cvm.Client) {
		mine := runOne(t, c)
		key := env.NewAccount(t, "a2", "", "")
		for _, om := range sdkModes {
			other := newClient(t, env, om, region, key.ID, key.Secret)
			if p := mustStatus(t, other, nil, 0, 0); p.total != 0 {
				t.Fatalf("%s: a second account sees %d instances", om.name, p.total)
			}
			if p := mustStatus(t, other, []string{mine}, 0, 0); p.total != 0 {
				t.Fatalf("%s: a second account finds %s by ID", om.name, mine)
			}
			if total, _, err := describeInstances(other, nil, map[string][]string{"instance-id": {mine}}, 0, 0); err != nil || total != 0 {
				t.Fatalf("%s: a second account's DescribeInstances: %d, %v", om.name, total, err)
			}
			wantError(t, act(other, "TerminateInstances", mine), "InvalidInstanceId.NotFound")
		}
		wantStatus(t, c, mine, "PENDING")
	})
}

func TestRegionsAndZones(t *testing.T) {
	eachMode(t, func(t *testing.T, env *apptest.Env, m sdkMode, c *cvm.Client) {
		resp, err := c.DescribeRegions(cvm.NewDescribeRegionsRequest())
		if err != nil {
			t.Fatal(err)
		}
		regions := map[string]string{}
		for _, r := range resp.Response.RegionSet {
			regions[*r.Region] = *r.RegionName
			if *r.RegionState != "AVAILABLE" {
				t.Errorf("region %s is %s", *r.Region, *r.RegionState)
			}
		}
		if *resp.Response.TotalCount != 16 || regions["ap-guangzhou"] != "华南地区(广州)" || regions["ap-singapore"] == "" {
			t.Fatalf("DescribeRegions: %d %v", *resp.Response.TotalCount, regions)
		}
		// DescribeRegions needs no region.
		noRegion := newClient(t, env, m, "", apptest.AccessKeyID, apptest.AccessKeySecret)
		if _, err := noRegion.DescribeRegions(cvm.NewDescribeRegionsRequest()); err != nil {
			t.Fatal(err)
		}

		zones, err := c.DescribeZones(cvm.NewDescribeZonesRequest())
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, z := range zones.Response.ZoneSet {
			got = append(got, *z.Zone+" "+*z.ZoneId+" "+*z.ZoneName+" "+*z.ZoneState)
		}
		want := []string{"ap-guangzhou-3 100003 广州三区 AVAILABLE", "ap-guangzhou-4 100004 广州四区 AVAILABLE", "ap-guangzhou-6 100006 广州六区 AVAILABLE", "ap-guangzhou-7 100007 广州七区 AVAILABLE"}
		if *zones.Response.TotalCount != 4 || !slices.Equal(got, want) {
			t.Fatalf("DescribeZones: %d %v\nwant %v", *zones.Response.TotalCount, got, want)
		}
		english := newClient(t, env, m, "ap-singapore", apptest.AccessKeyID, apptest.AccessKeySecret,
			func(cpf *profile.ClientProfile) { cpf.Language = "en-US" })
		if zones, err = english.DescribeZones(cvm.NewDescribeZonesRequest()); err != nil {
			t.Fatal(err)
		}
		if len(zones.Response.ZoneSet) != 4 || *zones.Response.ZoneSet[0].ZoneName != "Singapore Zone 1" {
			t.Fatalf("DescribeZones in English: %s", zones.ToJsonString())
		}
	})
}

func TestClientTokenIsIdempotent(t *testing.T) {
	eachMode(t, func(t *testing.T, env *apptest.Env, m sdkMode, c *cvm.Client) {
		l := launch{count: 2, token: "token-123"}
		first := mustRun(t, c, l)
		again := mustRun(t, c, l)
		if !slices.Equal(first, again) {
			t.Fatalf("a repeated ClientToken made %v, the first call %v", again, first)
		}
		if p := mustStatus(t, c, nil, 0, 0); p.total != 2 {
			t.Fatalf("TotalCount %d after a repeated ClientToken, want 2", p.total)
		}
	})
}
