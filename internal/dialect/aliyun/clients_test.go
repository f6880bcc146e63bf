package aliyun_test

// The three clients the Terraform provider and the SDKs talk to ECS with,
// pointed at ecsd: the classic SDK (parameters in the query), the Tea SDK
// (ACS3 or, with "v2", RPC v1), and tea-rpc, which the provider's RpcPost
// uses (alicloud/connectivity/client.go:2511-2567): common parameters in
// the query, the rest in a form body, Format=json, RPC v1.

import (
	"encoding/json"
	"errors"
	"testing"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	teaecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	tearpc "github.com/alibabacloud-go/tea-rpc/client"
	teautil "github.com/alibabacloud-go/tea-utils/service"
	"github.com/alibabacloud-go/tea/tea"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/dialect/aliyun"
)

// classicSDK is the classic SDK's ECS client for env's account.
func classicSDK(t *testing.T, env *apptest.Env) *classicecs.Client {
	t.Helper()
	c, err := classicecs.NewClientWithAccessKey(region, apptest.AccessKeyID, apptest.AccessKeySecret)
	if err != nil {
		t.Fatal(err)
	}
	c.Domain = env.Host
	return c
}

// teaSDK is the Tea SDK's ECS client: ACS3 by default, RPC v1 with "v2".
func teaSDK(t *testing.T, env *apptest.Env, algorithm string) *teaecs.Client {
	t.Helper()
	cfg := &openapi.Config{
		AccessKeyId: tea.String(apptest.AccessKeyID), AccessKeySecret: tea.String(apptest.AccessKeySecret),
		RegionId: tea.String(region), Endpoint: tea.String(env.Host), Protocol: tea.String("HTTP"),
	}
	if algorithm != "" {
		cfg.SignatureAlgorithm = tea.String(algorithm)
	}
	c, err := teaecs.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// teaRPC calls ECS as the provider's RpcPost does.
type teaRPC struct {
	t *testing.T
	c *tearpc.Client
}

func newTeaRPC(t *testing.T, env *apptest.Env) teaRPC {
	t.Helper()
	cfg := new(tearpc.Config).SetAccessKeyId(apptest.AccessKeyID).SetAccessKeySecret(apptest.AccessKeySecret).
		SetRegionId(region).SetProtocol("HTTP").SetEndpoint(env.Host).SetUserAgent("HashiCorp-Terraform/1.11.0 Terraform-Provider/1.289.0")
	c, err := tearpc.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return teaRPC{t, c}
}

// post is RpcPost(product, version, action, query, body, autoRetry=false).
func (r teaRPC) post(action string, query, body map[string]any) (map[string]any, error) {
	return r.postVersion(aliyun.Version, action, query, body)
}

func (r teaRPC) postVersion(version, action string, query, body map[string]any) (map[string]any, error) {
	runtime := &teautil.RuntimeOptions{}
	runtime.SetAutoretry(false)
	return r.c.DoRequest(tea.String(action), nil, tea.String("POST"), tea.String(version), tea.String("AK"), query, body, runtime)
}

// mustPost is post that must succeed.
func (r teaRPC) mustPost(action string, body map[string]any) map[string]any {
	r.t.Helper()
	resp, err := r.post(action, nil, body)
	if err != nil {
		r.t.Fatalf("%s: %v", action, err)
	}
	return resp
}

// teaRPCError is the vendor error a tea-rpc call returned.
func teaRPCError(t *testing.T, err error) (code string, status int) {
	t.Helper()
	var sdk *tea.SDKError
	if !errors.As(err, &sdk) {
		t.Fatalf("not a vendor error: %T %v", err, err)
	}
	return tea.StringValue(sdk.Code), tea.IntValue(sdk.StatusCode)
}

// jsonPath walks a decoded tea-rpc answer by keys and indices, as the
// provider's jsonpath.Get does; it fails the test where the path breaks.
func jsonPath(t *testing.T, v any, path ...any) any {
	t.Helper()
	for i, step := range path {
		switch s := step.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("at %v: %T is not an object", path[:i+1], v)
			}
			if v, ok = m[s]; !ok {
				t.Fatalf("at %v: no key %q in %v", path[:i+1], s, keys(m))
			}
		case int:
			a, ok := v.([]any)
			if !ok || s >= len(a) {
				t.Fatalf("at %v: %v is not an array with index %d", path[:i+1], v, s)
			}
			v = a[s]
		}
	}
	return v
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// jsonInt reads a JSON number of a tea-rpc answer as the provider does
// (formatInt of a json.Number); a string or a float fails the test.
func jsonInt(t *testing.T, v any) int64 {
	t.Helper()
	n, ok := v.(json.Number)
	if !ok {
		t.Fatalf("%v (%T) is not a JSON number", v, v)
	}
	i, err := n.Int64()
	if err != nil {
		t.Fatalf("%v is not an integer", n)
	}
	return i
}
