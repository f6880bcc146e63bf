package app_test

// Limits, throttling and quotas as each vendor's client sees them: raw
// signed requests where no SDK would send the input, the official SDKs and
// Zenlayer's test client otherwise.

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerrors "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/zenlayer/zenlayertest"
)

// aliyunPost sends an Alibaba RPC v1 request signed with the test key, its
// parameters in a form body as the SDKs send a POST, and returns the
// status and the Code of the answer.
func aliyunPost(t *testing.T, env *apptest.Env, params url.Values) (int, string) {
	t.Helper()
	v := url.Values{}
	for k, vs := range params {
		v[k] = vs
	}
	nonce := make([]byte, 16)
	_, _ = rand.Read(nonce)
	for k, val := range map[string]string{
		"Version": "2014-05-26", "AccessKeyId": apptest.AccessKeyID, "SignatureMethod": "HMAC-SHA1",
		"SignatureVersion": "1.0", "SignatureNonce": hex.EncodeToString(nonce), "Format": "JSON",
		"Timestamp": env.Clock.Now().UTC().Format(time.RFC3339),
	} {
		v.Set(k, val)
	}
	v.Set("Signature", rpcSign(apptest.AccessKeySecret, http.MethodPost, v))
	req, err := http.NewRequest(http.MethodPost, env.URL+"/", strings.NewReader(v.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var answer struct{ Code string }
	body, _ := io.ReadAll(resp.Body)
	// An answer before the Format parameter is read is in XML, ECS's
	// default.
	if json.Unmarshal(body, &answer) != nil && xml.Unmarshal(body, &answer) != nil {
		t.Fatalf("answer %d %.200q is neither JSON nor XML", resp.StatusCode, body)
	}
	return resp.StatusCode, answer.Code
}

// rpcSign is Alibaba's RPC v1 signature (HMAC-SHA1 over the method and the
// sorted, percent-encoded parameters), as the classic SDK computes it.
func rpcSign(secret, method string, v url.Values) string {
	names := make([]string, 0, len(v))
	for k := range v {
		names = append(names, k)
	}
	sort.Strings(names)
	pairs := make([]string, len(names))
	for i, k := range names {
		pairs[i] = percent(k) + "=" + percent(v.Get(k))
	}
	toSign := method + "&" + percent("/") + "&" + percent(strings.Join(pairs, "&"))
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte(toSign))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

func percent(s string) string {
	return strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~").Replace(url.QueryEscape(s))
}

// tencentClient is Tencent's SDK pointed at env, with the test key.
func tencentClient(t *testing.T, env *apptest.Env, more ...func(*profile.ClientProfile)) *cvm.Client {
	t.Helper()
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint, cpf.HttpProfile.Scheme = env.Host, "HTTP"
	for _, f := range more {
		f(cpf)
	}
	c, err := cvm.NewClient(common.NewCredential(apptest.AccessKeyID, apptest.AccessKeySecret), "ap-guangzhou", cpf)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func tencentCode(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var e *tcerrors.TencentCloudSDKError
	if !errors.As(err, &e) {
		t.Fatalf("not Tencent's typed error: %T %v", err, err)
	}
	return e.Code
}

func zenlayerCode(t *testing.T, err error) (int, string) {
	t.Helper()
	if err == nil {
		return 0, ""
	}
	var e *zenlayertest.Error
	if !errors.As(err, &e) {
		t.Fatalf("not Zenlayer's error: %T %v", err, err)
	}
	return e.Status, e.Code
}

// instances counts an owner's instances in every region.
func instances(t *testing.T, env *apptest.Env, cloud compute.Cloud) int {
	t.Helper()
	page, err := env.App.Store.List(context.Background(), compute.Query{Owner: compute.Owner{Account: env.Key.Account, Cloud: cloud}, Limit: 1}, env.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return page.Total
}

// TestLongValuesRefused: a signed launch whose ImageId (and other fields)
// are megabytes long, or just over their limit, is refused by each vendor
// with its own error, and nothing is written.
func TestLongValuesRefused(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	huge := strings.Repeat("m", 5<<20)
	over := strings.Repeat("m", 129) // IDs are bounded at 128 bytes

	t.Run("aliyun", func(t *testing.T) {
		for _, tc := range []struct {
			name, image, want string
		}{
			{"5 MB", huge, "InvalidParameter"},
			{"129 bytes", over, "InvalidParameter"},
		} {
			status, code := aliyunPost(t, env, url.Values{"Action": {"RunInstances"}, "RegionId": {"cn-hangzhou"},
				"ImageId": {tc.image}, "InstanceType": {over}, "ResourceGroupId": {over}, "Amount": {"100"}})
			if status != http.StatusBadRequest || code != tc.want {
				t.Errorf("%s: got %d %s, want 400 %s", tc.name, status, code, tc.want)
			}
		}
		if n := instances(t, env, compute.CloudAliyun); n != 0 {
			t.Errorf("%d instances written, want none", n)
		}
	})
	t.Run("tencent", func(t *testing.T) {
		c := tencentClient(t, env)
		for _, tc := range []struct {
			name, image, want string
		}{
			{"5 MB", huge, "InvalidParameterValue.TooLong"},
			{"129 bytes", over, "InvalidParameterValue.TooLong"},
		} {
			req := cvm.NewRunInstancesRequest()
			req.ImageId, req.InstanceType, req.InstanceCount = common.StringPtr(tc.image), common.StringPtr(over), common.Int64Ptr(100)
			req.Placement = &cvm.Placement{Zone: common.StringPtr("ap-guangzhou-3")}
			_, err := c.RunInstances(req)
			if got := tencentCode(t, err); got != tc.want {
				t.Errorf("%s: got %q, want %s", tc.name, got, tc.want)
			}
		}
		if n := instances(t, env, compute.CloudTencent); n != 0 {
			t.Errorf("%d instances written, want none", n)
		}
	})
	t.Run("zenlayer", func(t *testing.T) {
		c := zenlayertest.New(t, env.Host, apptest.AccessKeyID, apptest.AccessKeySecret)
		for _, tc := range []struct {
			name, image string
			status      int
			want        string
		}{
			// Over the bound of a body (1 MiB) first.
			{"5 MB", huge, http.StatusRequestEntityTooLarge, "REQUEST_BODY_TOO_LARGE"},
			{"129 bytes", over, http.StatusBadRequest, "INVALID_PARAMETER"},
		} {
			_, err := c.CreateZecInstances(&zenlayertest.CreateZecInstancesRequest{
				ZoneID: zenlayertest.String("asia-east-1a"), ImageID: zenlayertest.String(tc.image), InstanceType: zenlayertest.String(over),
				InstanceCount: zenlayertest.Int(100), SubnetID: zenlayertest.String("subnet"), Password: zenlayertest.String("Passw0rd!"),
			})
			if status, code := zenlayerCode(t, err); status != tc.status || code != tc.want {
				t.Errorf("%s: got %d %s, want %d %s", tc.name, status, code, tc.status, tc.want)
			}
		}
		if n := instances(t, env, compute.CloudZenlayer); n != 0 {
			t.Errorf("%d instances written, want none", n)
		}
	})
}

// TestBodyFloodMemoryBounded: 64 unauthenticated 10 MB bodies sent at
// once (as Tencent TC3 requests, whose bound is 10 MB) hold at most the
// body budget in the server's heap at once. The peak of HeapInuse,
// sampled while they are sent, stays under three budgets: the bodies
// held, as much again of bodies answered but not yet collected (the
// collector lets the heap double before it runs, GOGC=100), and the rest
// of the process. Without the budget every body is read whole before its
// signature is checked, and the heap grows by about 600 MiB.
func TestBodyFloodMemoryBounded(t *testing.T) {
	const budget = 32 << 20
	env := apptest.Start(t, apptest.Options{Configure: func(c *app.Config) { c.BodyBudget = budget }})
	payload := bytes.Repeat([]byte("x"), 10<<20-1) // one copy, shared by every sender

	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()

	client := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 0, DisableKeepAlives: true}}
	var wg sync.WaitGroup
	var answered, refused atomic.Int64
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodPost, env.URL+"/", bytes.NewReader(payload))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-TC-Action", "DescribeInstances")
			req.Header.Set("Authorization", "TC3-HMAC-SHA256 Credential=nobody/2026-01-01/cvm/tc3_request, SignedHeaders=content-type;host, Signature=00")
			resp, err := client.Do(req)
			if err != nil {
				// Refused unread: the server closed the connection
				// while the body was still being sent.
				refused.Add(1)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			answered.Add(1)
		}()
	}
	wg.Wait()
	close(stop)
	<-sampled
	grew := int64(peak.Load()) - int64(base)
	t.Logf("64 x 10 MB bodies, budget %d MiB: heap in use grew by %.1f MiB at its peak (%d answered, %d cut off)",
		budget>>20, float64(grew)/(1<<20), answered.Load(), refused.Load())
	if limit := int64(3 * budget); grew > limit {
		t.Errorf("heap in use grew by %d bytes, want at most %d", grew, limit)
	}
}
