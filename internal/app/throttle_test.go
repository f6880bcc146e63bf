package app_test

import (
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	teaecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"
	"golang.org/x/time/rate"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/dialect/kit"
	"github.com/ecsd/ecsd/internal/dialect/zenlayer/zenlayertest"
)

// counting counts the requests a client sends.
type counting struct{ n atomic.Int64 }

func (c *counting) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return http.DefaultTransport.RoundTrip(r)
}

// TestThrottlingReachesSDKs: with a bucket of 2 per access key and action
// that refills once an hour, the third call of an action is refused, and
// each vendor's client sees its typed error with its vendor's code: the
// classic Alibaba SDK a ServerError 400 Throttling.User, the Tea SDK an
// SDKError 400 Throttling.User, Tencent's SDK RequestLimitExceeded, the Zenlayer client
// 429 REQUEST_LIMIT_EXCEEDED. Another action of the same key, and the
// same action of another key, are not refused. With an action whose
// bucket refills in a few milliseconds, the retry Tencent's SDK and the
// Zenlayer client make on those codes succeeds. /metrics counts each
// refusal as throttled, by cloud.
func TestThrottlingReachesSDKs(t *testing.T) {
	slow := kit.Rate{Limit: rate.Every(time.Hour), Burst: 2}
	env := apptest.Start(t, apptest.Options{Admin: true, Configure: func(c *app.Config) {
		c.RateLimit = &slow
		// Fast refills for the retries: one call, then one every 50 ms.
		c.ActionRates = map[string]kit.Rate{"DescribeZones": {Limit: rate.Every(50 * time.Millisecond), Burst: 1},
			"DescribeZoneInstanceConfigInfos": {Limit: rate.Every(50 * time.Millisecond), Burst: 1}}
	}})
	other := env.NewAccount(t, "a2", "otherAK", "otherSecret")
	var zenlayerRetried int64

	t.Run("aliyun classic", func(t *testing.T) {
		c, err := classicecs.NewClientWithAccessKey("cn-hangzhou", apptest.AccessKeyID, apptest.AccessKeySecret)
		if err != nil {
			t.Fatal(err)
		}
		c.Domain = env.Host
		call := func() error {
			_, err := c.DescribeInstances(classicecs.CreateDescribeInstancesRequest())
			return err
		}
		for i := range 2 {
			if err := call(); err != nil {
				t.Fatalf("call %d: %v", i+1, err)
			}
		}
		err = call()
		var se *sdkerrors.ServerError
		if !errors.As(err, &se) || se.HttpStatus() != http.StatusBadRequest || se.ErrorCode() != "Throttling.User" {
			t.Fatalf("third call: got %T %v, want a ServerError 400 Throttling.User", err, err)
		}
		if _, err := c.DescribeRegions(classicecs.CreateDescribeRegionsRequest()); err != nil {
			t.Errorf("another action of the key: %v", err)
		}
		c2, _ := classicecs.NewClientWithAccessKey("cn-hangzhou", other.ID, other.Secret)
		c2.Domain = env.Host
		if _, err := c2.DescribeInstances(classicecs.CreateDescribeInstancesRequest()); err != nil {
			t.Errorf("the action with another key: %v", err)
		}
	})
	t.Run("aliyun tea", func(t *testing.T) {
		c, err := teaecs.NewClient(&openapi.Config{AccessKeyId: tea.String(apptest.AccessKeyID), AccessKeySecret: tea.String(apptest.AccessKeySecret),
			RegionId: tea.String("cn-hangzhou"), Endpoint: tea.String(env.Host), Protocol: tea.String("HTTP")})
		if err != nil {
			t.Fatal(err)
		}
		call := func() error {
			_, err := c.DescribeInstanceStatus(&teaecs.DescribeInstanceStatusRequest{RegionId: tea.String("cn-hangzhou")})
			return err
		}
		for i := range 2 {
			if err := call(); err != nil {
				t.Fatalf("call %d: %v", i+1, err)
			}
		}
		err = call()
		// The ECS client v4 calls the openapi client's Tea path, whose
		// errors are tea.SDKErrors with the code and status (the dara
		// path, client/client.go:1672, would make it a ThrottlingError).
		var se *tea.SDKError
		if !errors.As(err, &se) || tea.StringValue(se.Code) != "Throttling.User" || tea.IntValue(se.StatusCode) != http.StatusBadRequest {
			t.Fatalf("third call: got %T %v, want an SDKError 400 Throttling.User", err, err)
		}
	})
	t.Run("tencent", func(t *testing.T) {
		c := tencentClient(t, env)
		call := func() error {
			_, err := c.DescribeInstances(cvm.NewDescribeInstancesRequest())
			return err
		}
		for i := range 2 {
			if err := call(); err != nil {
				t.Fatalf("call %d: %v", i+1, err)
			}
		}
		if code := tencentCode(t, call()); code != "RequestLimitExceeded" {
			t.Fatalf("third call: got %q, want RequestLimitExceeded", code)
		}

		// Without retries, a second DescribeZones at once is refused; with
		// them, the SDK sends it again after RateLimitExceededRetryDuration
		// and it succeeds: common/ratelimitretry.go:47 retries while the
		// code is RequestLimitExceeded and fewer than
		// RateLimitExceededMaxRetries (profile/client_profile.go:55) were
		// made.
		plain := tencentClient(t, env)
		if _, err := plain.DescribeZones(cvm.NewDescribeZonesRequest()); err != nil {
			t.Fatal(err)
		}
		_, err := plain.DescribeZones(cvm.NewDescribeZonesRequest())
		if code := tencentCode(t, err); code != "RequestLimitExceeded" {
			t.Fatalf("a second DescribeZones at once, without retries: got %q, want RequestLimitExceeded", code)
		}
		var sent counting
		retrying := tencentClient(t, env, func(cpf *profile.ClientProfile) {
			cpf.RateLimitExceededMaxRetries = 3
			cpf.RateLimitExceededRetryDuration = profile.ConstantDurationFunc(100 * time.Millisecond)
		})
		retrying.WithHttpTransport(&sent)
		if _, err := retrying.DescribeZones(cvm.NewDescribeZonesRequest()); err != nil {
			t.Fatalf("DescribeZones with the SDK's retries: %v", err)
		}
		if n := sent.n.Load(); n != 2 {
			t.Errorf("the SDK sent %d requests for one call, want 2 (refused, then retried)", n)
		}
	})
	t.Run("zenlayer", func(t *testing.T) {
		c := zenlayertest.New(t, env.Host, apptest.AccessKeyID, apptest.AccessKeySecret)
		call := func() error {
			_, err := c.DescribeInstances(&zenlayertest.DescribeInstancesRequest{})
			return err
		}
		for i := range 2 {
			if err := call(); err != nil {
				t.Fatalf("call %d: %v", i+1, err)
			}
		}
		if status, code := zenlayerCode(t, call()); status != http.StatusTooManyRequests || code != "REQUEST_LIMIT_EXCEEDED" {
			t.Fatalf("third call: got %d %s, want 429 REQUEST_LIMIT_EXCEEDED", status, code)
		}

		var sent counting
		c.HTTP = &http.Client{Transport: &sent}
		c.RateLimitExceededMaxRetries = 3
		c.RateLimitExceededRetryDuration = func(int) time.Duration { return 100 * time.Millisecond }
		for i := range 2 {
			if _, err := c.DescribeZoneInstanceConfigInfos(&zenlayertest.DescribeZoneInstanceConfigInfosRequest{}); err != nil {
				t.Fatalf("DescribeZoneInstanceConfigInfos %d with retries: %v", i+1, err)
			}
		}
		if n := sent.n.Load(); n < 3 {
			t.Errorf("the client sent %d requests for two calls, want at least 3 (one refused and retried)", n)
		}
		zenlayerRetried = sent.n.Load() - 2
	})

	// Refused: Alibaba's third call through each SDK; Tencent's third
	// DescribeInstances, the second DescribeZones and the retrying
	// client's first try; Zenlayer's third call and each try it retried.
	_, families := scrape(t, env, apptest.AdminToken)
	wantSeries(t, "ecsd_throttled_requests_total", series(t, families, "ecsd_throttled_requests_total", "cloud"), map[string]float64{
		"cloud=aliyun": 2, "cloud=tencent": 3, "cloud=zenlayer": float64(1 + zenlayerRetried),
	})
}
