package app_test

import (
	"errors"
	"net/http"
	"sync"
	"testing"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	teaecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/zenlayer/zenlayertest"
)

const aliyunImage = "aliyun_3_x64_20G_alibase_20240819.vhd"

// tencentRunRequest launches n instances in ap-guangzhou-3, as the tests
// of this package launch them.
func tencentRunRequest(n int) *cvm.RunInstancesRequest {
	req := cvm.NewRunInstancesRequest()
	req.Placement = &cvm.Placement{Zone: common.StringPtr("ap-guangzhou-3")}
	req.ImageId, req.InstanceType = common.StringPtr("img-eb30mz89"), common.StringPtr("S5.MEDIUM4")
	req.InstanceCount = common.Int64Ptr(int64(n))
	return req
}

func tencentRun(c *cvm.Client, n int) error {
	_, err := c.RunInstances(tencentRunRequest(n))
	return err
}

// TestQuotaReachesSDKs: with a quota of 3 instances per region, a launch
// of 2 succeeds and a second of 2 is refused, with nothing written, as
// each vendor's client sees it: the classic Alibaba SDK a ServerError 403
// QuotaExceed.ElasticQuota, the Tea SDK an SDKError with that code,
// Tencent's SDK LimitExceeded.InstanceQuota, the Zenlayer client
// LIMIT_EXCEEDED_INSTANCE_QUOTA. Another region has its own quota.
func TestQuotaReachesSDKs(t *testing.T) {
	env := apptest.Start(t, apptest.Options{Configure: func(c *app.Config) { c.InstanceQuota = 3 }})

	t.Run("aliyun", func(t *testing.T) {
		classic, err := classicecs.NewClientWithAccessKey("cn-hangzhou", apptest.AccessKeyID, apptest.AccessKeySecret)
		if err != nil {
			t.Fatal(err)
		}
		classic.Domain = env.Host
		run := func(region string, n int) error {
			req := classicecs.CreateRunInstancesRequest()
			req.RegionId = region
			req.ImageId, req.InstanceType, req.Amount = aliyunImage, "ecs.g7.large", requests.NewInteger(n)
			_, err := classic.RunInstances(req)
			return err
		}
		if err := run("cn-hangzhou", 2); err != nil {
			t.Fatal(err)
		}
		err = run("cn-hangzhou", 2)
		var se *sdkerrors.ServerError
		if !errors.As(err, &se) || se.HttpStatus() != http.StatusForbidden || se.ErrorCode() != "QuotaExceed.ElasticQuota" {
			t.Fatalf("past the quota: got %T %v, want a ServerError 403 QuotaExceed.ElasticQuota", err, err)
		}
		tc, err := teaecs.NewClient(&openapi.Config{AccessKeyId: tea.String(apptest.AccessKeyID), AccessKeySecret: tea.String(apptest.AccessKeySecret),
			RegionId: tea.String("cn-hangzhou"), Endpoint: tea.String(env.Host), Protocol: tea.String("HTTP")})
		if err != nil {
			t.Fatal(err)
		}
		_, err = tc.RunInstances(&teaecs.RunInstancesRequest{RegionId: tea.String("cn-hangzhou"), ImageId: tea.String(aliyunImage),
			InstanceType: tea.String("ecs.g7.large"), Amount: tea.Int32(2)})
		var te *tea.SDKError
		if !errors.As(err, &te) || tea.StringValue(te.Code) != "QuotaExceed.ElasticQuota" || tea.IntValue(te.StatusCode) != http.StatusForbidden {
			t.Fatalf("Tea, past the quota: got %T %v, want an SDKError 403 QuotaExceed.ElasticQuota", err, err)
		}
		if n := instances(t, env, compute.CloudAliyun); n != 2 {
			t.Errorf("%d instances, want 2", n)
		}
		if err := run("cn-shanghai", 3); err != nil {
			t.Errorf("3 in another region: %v", err)
		}
	})
	t.Run("tencent", func(t *testing.T) {
		c := tencentClient(t, env)
		if err := tencentRun(c, 2); err != nil {
			t.Fatal(err)
		}
		if code := tencentCode(t, tencentRun(c, 2)); code != "LimitExceeded.InstanceQuota" {
			t.Fatalf("past the quota: got %q, want LimitExceeded.InstanceQuota", code)
		}
		if n := instances(t, env, compute.CloudTencent); n != 2 {
			t.Errorf("%d instances, want 2", n)
		}
	})
	t.Run("zenlayer", func(t *testing.T) {
		c := zenlayertest.New(t, env.Host, apptest.AccessKeyID, apptest.AccessKeySecret)
		vpc, err := c.CreateVpc(&zenlayertest.CreateVpcRequest{Name: zenlayertest.String("quota"), CidrBlock: zenlayertest.String("10.0.0.0/16"), Mtu: zenlayertest.Int(1500)})
		if err != nil {
			t.Fatal(err)
		}
		sub, err := c.CreateSubnet(&zenlayertest.CreateSubnetRequest{VpcID: vpc.VpcID, Name: zenlayertest.String("quota"), RegionID: zenlayertest.String("asia-east-1"),
			StackType: zenlayertest.String("IPv4"), CidrBlock: zenlayertest.String("10.0.0.0/20")})
		if err != nil {
			t.Fatal(err)
		}
		run := func(n int) error {
			_, err := c.CreateZecInstances(&zenlayertest.CreateZecInstancesRequest{
				ZoneID: zenlayertest.String("asia-east-1a"), ImageID: zenlayertest.String("ubuntu2204_20240712"), InstanceType: zenlayertest.String("z2a.cpu.2"),
				InstanceCount: zenlayertest.Int(n), SubnetID: sub.SubnetID, Password: zenlayertest.String("Passw0rd!"),
			})
			return err
		}
		if err := run(2); err != nil {
			t.Fatal(err)
		}
		if status, code := zenlayerCode(t, run(2)); status != http.StatusBadRequest || code != "LIMIT_EXCEEDED_INSTANCE_QUOTA" {
			t.Fatalf("past the quota: got %d %s, want 400 LIMIT_EXCEEDED_INSTANCE_QUOTA", status, code)
		}
		if n := instances(t, env, compute.CloudZenlayer); n != 2 {
			t.Errorf("%d instances, want 2", n)
		}
	})
}

// TestQuotaHoldsUnderRacingLaunches: 24 launches of one instance each,
// sent at once through Tencent's SDK with a quota of 10, leave exactly 10
// instances on every store: each launch counts the region's instances in
// its own transaction, and no two of an account's transactions interleave.
// Every refusal is the quota's.
func TestQuotaHoldsUnderRacingLaunches(t *testing.T) {
	const quota, launches = 10, 24
	apptest.EachStore(t, apptest.Options{Configure: func(c *app.Config) { c.InstanceQuota = quota }}, func(t *testing.T, env *apptest.Env) {
		c := tencentClient(t, env)
		var wg sync.WaitGroup
		var mu sync.Mutex
		codes := map[string]int{}
		for range launches {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := tencentRun(c, 1)
				mu.Lock()
				defer mu.Unlock()
				codes[tencentCode(t, err)]++
			}()
		}
		wg.Wait()
		if n := instances(t, env, compute.CloudTencent); n != quota {
			t.Errorf("%d instances after %d racing launches, want the quota, %d", n, launches, quota)
		}
		if codes[""] != quota || codes["LimitExceeded.InstanceQuota"] != launches-quota {
			t.Errorf("answers %v, want %d successes and %d LimitExceeded.InstanceQuota", codes, quota, launches-quota)
		}
	})
}
