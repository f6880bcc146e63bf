package app_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
)

// TestRouting: one address serves every dialect, and a request reaches the
// dialect the rules of reference section 1 pick, whatever else it carries.
func TestRouting(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	tests := []struct {
		name    string
		method  string
		path    string
		headers map[string]string
		body    string
		dialect string
	}{
		{"Zenlayer path wins over a TC3 signature", "POST", "/api/v2/zec", map[string]string{"Authorization": "TC3-HMAC-SHA256 Credential=x/2026-01-01/cvm/tc3_request, SignedHeaders=content-type;host, Signature=00", "Content-Type": "application/json"}, "{}", "zenlayer"},
		{"Zenlayer action header wins over ACS3", "POST", "/", map[string]string{"X-ZC-Action": "DescribeInstancesStatus", "Authorization": "ACS3-HMAC-SHA256 Credential=x,SignedHeaders=host,Signature=00"}, "{}", "zenlayer"},
		{"TC3 header", "POST", "/", map[string]string{"X-TC-Action": "DescribeInstancesStatus", "Content-Type": "application/json"}, "{}", "tencent"},
		{"Tencent v1 parameters", "GET", "/?Action=DescribeInstancesStatus&SecretId=x&Nonce=1&Signature=y&Timestamp=1", nil, "", "tencent"},
		{"Tencent version", "GET", "/?Action=DescribeInstancesStatus&Version=2017-03-12", nil, "", "tencent"},
		{"Tencent legacy path", "GET", "/v2/index.php?Action=DescribeInstancesStatus", nil, "", "tencent"},
		{"ACS3", "POST", "/", map[string]string{"Authorization": "ACS3-HMAC-SHA256 Credential=x,SignedHeaders=host,Signature=00"}, "", "aliyun"},
		{"Alibaba RPC parameters", "GET", "/?Action=DescribeInstanceStatus&AccessKeyId=x&SignatureMethod=HMAC-SHA1&Signature=y", nil, "", "aliyun"},
		{"Alibaba version", "GET", "/?Action=DescribeInstanceStatus&Version=2014-05-26", nil, "", "aliyun"},
		{"nothing recognisable falls back to Alibaba", "GET", "/", nil, "", "aliyun"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, env.URL+tt.path, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if got := dialectOf(body); got != tt.dialect {
				t.Fatalf("answered by %s, want %s: %d %s", got, tt.dialect, resp.StatusCode, body)
			}
		})
	}
}

// dialectOf tells which vendor's envelope an error body is in.
func dialectOf(body []byte) string {
	var v map[string]json.RawMessage
	switch {
	case json.Unmarshal(body, &v) != nil:
		if strings.Contains(string(body), "<Error>") {
			return "aliyun"
		}
		return "unknown"
	case v["Response"] != nil:
		return "tencent"
	case v["requestId"] != nil && v["code"] != nil:
		return "zenlayer"
	case v["RequestId"] != nil && v["HostId"] != nil:
		return "aliyun"
	}
	return "unknown"
}

func TestProbes(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	for path, want := range map[string]string{"/healthz": "ok\n", "/readyz": "ready\n"} {
		resp, err := http.Get(env.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(body) != want {
			t.Errorf("%s: %d %q, want 200 %q", path, resp.StatusCode, body, want)
		}
	}
}
