package ecsdtest_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"

	"github.com/ecsd/ecsd/ecsdtest"
)

// exampleAlibabaImage is a public image of ecsd's Alibaba catalog.
const exampleAlibabaImage = "aliyun_3_x64_20G_alibase_20240819.vhd"

func alibaba(t *testing.T, srv *ecsdtest.Server) *ecs.Client {
	t.Helper()
	c, err := ecs.NewClientWithAccessKey("cn-hangzhou", srv.AccessKeyID, srv.AccessKeySecret)
	if err != nil {
		t.Fatal(err)
	}
	c.Domain = srv.Host
	return c
}

func count(t *testing.T, c *ecs.Client) int {
	t.Helper()
	resp, err := c.DescribeInstanceStatus(ecs.CreateDescribeInstanceStatusRequest())
	if err != nil {
		t.Fatal(err)
	}
	return resp.TotalCount
}

func TestResetAndLoad(t *testing.T) {
	srv := ecsdtest.New(t, ecsdtest.Options{TransitionDelay: -1})
	c := alibaba(t, srv)
	run := ecs.CreateRunInstancesRequest()
	run.ImageId, run.InstanceType, run.Amount = exampleAlibabaImage, "ecs.g7.large", requests.NewInteger(2)
	if _, err := c.RunInstances(run); err != nil {
		t.Fatal(err)
	}
	if n := count(t, c); n != 2 {
		t.Fatalf("%d instances, want 2", n)
	}
	if err := srv.Reset(); err != nil {
		t.Fatal(err)
	}
	if n := count(t, c); n != 0 {
		t.Fatalf("%d instances after Reset, want 0", n)
	}
	if err := srv.Load(`{"ecsd_snapshot": 1, "accounts": [{"name": "default", "aliyun": {"instances": [{"region": "cn-hangzhou", "count": 3}]}}]}`); err != nil {
		t.Fatal(err)
	}
	if n := count(t, c); n != 3 {
		t.Fatalf("%d instances after Load, want 3", n)
	}
	if err := srv.Load(`{"ecsd_snapshot": 1, "accounts": [{"name": "default", "aliyun": {"instances": [{"zone": "mars-1a"}]}}]}`); err == nil || !strings.Contains(err.Error(), "instances[0]") {
		t.Errorf("Load of a bad fixture: %v", err)
	}
}

func TestSystemClock(t *testing.T) {
	srv := ecsdtest.New(t, ecsdtest.Options{SystemClock: true, AccessKeyID: "MINE", AccessKeySecret: "SECRET"})
	if err := srv.Advance(1); err == nil {
		t.Error("Advance moved a server on real time")
	}
	if srv.AccessKeyID != "MINE" || count(t, alibaba(t, srv)) != 0 {
		t.Errorf("the key given: %s", srv.AccessKeyID)
	}
}

// TestInject: a stuck rule leaves an Alibaba stop Stopping until it is
// removed; Fired counts the calls it fired for, and still tells once it
// is removed; a bad rule is refused with what is wrong.
func TestInject(t *testing.T) {
	srv := ecsdtest.New(t)
	c := alibaba(t, srv)
	run := ecs.CreateRunInstancesRequest()
	run.ImageId, run.InstanceType = exampleAlibabaImage, "ecs.g7.large"
	resp, err := c.RunInstances(run)
	if err != nil {
		t.Fatal(err)
	}
	id := resp.InstanceIdSets.InstanceIdSet[0]
	srv.Advance(10 * time.Second)
	stuck, err := srv.Inject(ecsdtest.Fault{Cloud: "aliyun", Action: "StopInstance", Account: "default", Stuck: true})
	if err != nil {
		t.Fatal(err)
	}
	stop := ecs.CreateStopInstanceRequest()
	stop.InstanceId = id
	if _, err := c.StopInstance(stop); err != nil {
		t.Fatal(err)
	}
	srv.Advance(time.Minute)
	status := func() string {
		resp, err := c.DescribeInstanceStatus(ecs.CreateDescribeInstanceStatusRequest())
		if err != nil {
			t.Fatal(err)
		}
		return resp.InstanceStatuses.InstanceStatus[0].Status
	}
	if got := status(); got != "Stopping" {
		t.Errorf("a stuck stop: %s, want Stopping", got)
	}
	if err := stuck.Remove(); err != nil {
		t.Fatal(err)
	}
	if got := status(); got != "Stopped" {
		t.Errorf("once the rule is removed: %s, want Stopped", got)
	}
	if stuck.Fired() != 1 || !strings.HasPrefix(stuck.ID(), "fault-") {
		t.Errorf("rule %s fired %d times, want 1", stuck.ID(), stuck.Fired())
	}
	if err := stuck.Remove(); err == nil {
		t.Error("removing a rule twice succeeded")
	}
	if _, err := srv.Inject(ecsdtest.Fault{Cloud: "aliyun", Action: "StopInstance", Probability: 2, Drop: true}); err == nil || !strings.Contains(err.Error(), "probability") {
		t.Errorf("a probability of 2: %v", err)
	}
}

// TestIDSeed: two servers seeded alike make the same IDs for the same
// calls.
func TestIDSeed(t *testing.T) {
	ids := func() []string {
		srv := ecsdtest.New(t, ecsdtest.Options{IDSeed: 7})
		run := ecs.CreateRunInstancesRequest()
		run.ImageId, run.InstanceType, run.Amount = exampleAlibabaImage, "ecs.g7.large", requests.NewInteger(2)
		resp, err := alibaba(t, srv).RunInstances(run)
		if err != nil {
			t.Fatal(err)
		}
		return append(resp.InstanceIdSets.InstanceIdSet, resp.RequestId)
	}
	if a, b := ids(), ids(); !slices.Equal(a, b) {
		t.Errorf("seeded alike: %v and %v", a, b)
	}
}
