package ecsdtest_test

import (
	"strings"
	"testing"

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
