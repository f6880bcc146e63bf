package tencent_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/dialect/kit/kittest"
)

// TestBadInput: every malformed, missing, skewed or replayed input gets a
// Tencent error code in the usual envelope with HTTP 200, never a 500 and
// never an answer outside the envelope.
func TestBadInput(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	now := env.Clock.Now()
	ids := func(n int) string {
		s := make([]string, n)
		for i := range s {
			s[i] = fmt.Sprintf("%q", fmt.Sprintf("ins-%08d", i))
		}
		return `{"InstanceIds":[` + strings.Join(s, ",") + `]}`
	}
	type build func(t testing.TB, env *apptest.Env) *http.Request
	raw := func(method, target string, header map[string]string, body string) build {
		return func(t testing.TB, env *apptest.Env) *http.Request {
			req, err := http.NewRequest(method, env.URL+target, strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range header {
				req.Header.Set(k, v)
			}
			return req
		}
	}
	tests := []struct {
		name  string
		build build
		want  string
	}{
		// Bodies and parameters.
		{"malformed JSON", tc3{body: `{"Limit":`}.request, "InvalidParameter"},
		{"JSON array body", tc3{body: `[1,2]`}.request, "InvalidParameter"},
		{"JSON trailing data", tc3{body: `{"Limit":2} {}`}.request, "InvalidParameter"},
		{"Limit as a string", tc3{body: `{"Limit":"2"}`}.request, "InvalidParameter"},
		{"Limit as a fraction", tc3{body: `{"Limit":2.5}`}.request, "InvalidParameter"},
		{"InstanceIds as a string", tc3{body: `{"InstanceIds":"ins-r8hr2upy"}`}.request, "InvalidParameter"},
		{"InstanceIds holding a number", tc3{body: `{"InstanceIds":[1]}`}.request, "InvalidParameter"},
		{"unknown parameter", tc3{body: `{"Limt":2}`}.request, "UnknownParameter"},
		{"unknown nested parameter", tc3{action: "RunInstances", body: `{"Placement":{"Zone":"ap-guangzhou-3","Zon":"x"},"ImageId":"img-1"}`}.request, "UnknownParameter"},
		{"TC3 POST with a form body", tc3{contentType: "application/x-www-form-urlencoded", body: "Limit=2"}.request, "InvalidParameter"},
		{"TC3 GET with a broken query", tc3{method: "GET", query: "Limit=%zz"}.request, "InvalidParameter"},
		{"TC3 GET with a repeated name", tc3{method: "GET", query: "Limit=1&Limit=2"}.request, "InvalidParameter"},
		{"GET index mixed with a name", tc3{method: "GET", query: "InstanceIds.0=ins-r8hr2upy&InstanceIds.x=ins-5d8a23rs"}.request, "InvalidParameter"},
		{"GET value and list at once", tc3{method: "GET", query: "InstanceIds=ins-r8hr2upy&InstanceIds.0=ins-5d8a23rs"}.request, "InvalidParameter"},
		{"GET empty name segment", tc3{method: "GET", query: "InstanceIds..0=ins-r8hr2upy"}.request, "InvalidParameter"},
		{"Limit above 100", tc3{body: `{"Limit":101}`}.request, "InvalidParameterValue.LimitExceeded"},
		{"Limit 0", tc3{body: `{"Limit":0}`}.request, "InvalidParameterValue"},
		{"negative Offset", tc3{body: `{"Offset":-1}`}.request, "InvalidParameterValue"},
		{"huge Offset", tc3{body: `{"Offset":99999999999999999999}`}.request, "InvalidParameter"},
		{"malformed instance ID", tc3{body: `{"InstanceIds":["ins-1122"]}`}.request, "InvalidInstanceId.Malformed"},
		{"101 instance IDs", tc3{body: ids(101)}.request, "InvalidParameterValue.LimitExceeded"},
		{"start without IDs", tc3{action: "StartInstances"}.request, "MissingParameter"},
		{"bad StopType", tc3{action: "StopInstances", body: `{"InstanceIds":["ins-r8hr2upy"],"StopType":"GENTLE"}`}.request, "InvalidParameterValue"},
		{"RunInstances without ImageId", tc3{action: "RunInstances", body: `{"Placement":{"Zone":"ap-guangzhou-3"}}`}.request, "MissingParameter"},
		{"RunInstances from a launch template", tc3{action: "RunInstances", body: `{"LaunchTemplate":{"LaunchTemplateId":"lt-1"}}`}.request, "InvalidParameterValue.LaunchTemplateNotFound"},
		{"ClientToken too long", tc3{action: "RunInstances", body: `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","ClientToken":"` + strings.Repeat("t", 65) + `"}`}.request, "InvalidClientToken.TooLong"},
		{"InstanceIds with Filters", tc3{action: "DescribeInstances", body: `{"InstanceIds":["ins-r8hr2upy"],"Filters":[{"Name":"zone","Values":["ap-guangzhou-3"]}]}`}.request, "InvalidParameter"},
		{"filter without values", tc3{action: "DescribeInstances", body: `{"Filters":[{"Name":"zone"}]}`}.request, "MissingParameter"},
		{"unknown filter", tc3{action: "DescribeInstances", body: `{"Filters":[{"Name":"colour","Values":["blue"]}]}`}.request, "InvalidFilter"},
		{"11 filters", tc3{action: "DescribeInstances", body: `{"Filters":[` + strings.Repeat(`{"Name":"zone","Values":["z"]},`, 10) + `{"Name":"zone","Values":["z"]}]}`}.request, "InvalidParameterValue.LimitExceeded"},
		{"unknown Language", tc3{headers: map[string]string{"X-TC-Language": "fr-FR"}}.request, "InvalidParameterValue"},

		// Protocol.
		{"PUT", tc3{method: "PUT"}.request, "UnsupportedProtocol"},
		{"unknown action", tc3{action: "DescribeUnicorns"}.request, "InvalidAction"},
		{"missing action", tc3{action: drop}.request, "MissingParameter"},
		{"missing version", tc3{version: drop}.request, "MissingParameter"},
		{"unknown version", tc3{version: "2017-03-13"}.request, "NoSuchVersion"},
		{"unknown region", tc3{region: "ap-atlantis"}.request, "UnsupportedRegion"},
		{"missing region", tc3{region: drop}.request, "MissingParameter"},
		{"query over 32 KB", tc3{method: "GET", query: "InstanceIds.0=" + strings.Repeat("a", 33<<10)}.request, "RequestSizeLimitExceeded"},
		{"body over 10 MB", tc3{body: `{"x":"` + strings.Repeat("a", 10<<20) + `"}`}.request, "RequestSizeLimitExceeded"},
		{"v1 form over 1 MB", v1{method: "POST", params: map[string]string{"Pad": strings.Repeat("a", 1<<20)}}.request, "RequestSizeLimitExceeded"},

		// TC3 authentication.
		{"no Authorization", tc3{authz: drop}.request, "AuthFailure.InvalidAuthorization"},
		{"garbage Authorization", tc3{authz: "Bearer abc"}.request, "AuthFailure.InvalidAuthorization"},
		{"Authorization not signing host", tc3{authz: "TC3-HMAC-SHA256 Credential=testAK/2026-11-22/cvm/tc3_request, SignedHeaders=content-type, Signature=00"}.request, "AuthFailure.InvalidAuthorization"},
		{"wrong scope terminator", tc3{authz: "TC3-HMAC-SHA256 Credential=testAK/2026-11-22/cvm/aws4_request, SignedHeaders=content-type;host, Signature=00"}.request, "AuthFailure.InvalidAuthorization"},
		{"scope naming a service without the action", tc3{service: "cbs"}.request, "InvalidAction"},
		{"scope naming a service at another version", tc3{service: "tag"}.request, "NoSuchVersion"},
		{"no service at that version", tc3{service: "127", version: "2019-01-01"}.request, "NoSuchVersion"},
		{"action in no service of the version", tc3{service: "127", action: "DescribeUnicorns"}.request, "InvalidAction"},
		{"signed for another service than the scope says", tc3{service: "127", after: func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/127/", "/128/", 1))
		}}.request, "AuthFailure.SignatureFailure"},
		{"signed host another than sent", tc3{signedHost: "127.0.0.2"}.request, "AuthFailure.SignatureFailure"},
		{"signed host with another port", tc3{signedHost: "127.0.0.1:1"}.request, "AuthFailure.SignatureFailure"},
		{"scope date not the timestamp's", tc3{date: "2001-01-01"}.request, "AuthFailure.SignatureFailure"},
		{"missing timestamp", tc3{after: func(r *http.Request) { r.Header.Del("X-TC-Timestamp") }}.request, "MissingParameter"},
		{"timestamp not a number", tc3{timestamp: "yesterday"}.request, "InvalidParameter"},
		{"clock skewed ahead", tc3{at: now.Add(6 * time.Minute)}.request, "AuthFailure.SignatureExpire"},
		{"clock skewed behind", tc3{at: now.Add(-6 * time.Minute)}.request, "AuthFailure.SignatureExpire"},
		{"temporary token", tc3{headers: map[string]string{"X-TC-Token": "tok"}}.request, "AuthFailure.TokenFailure"},
		{"unknown SecretId", tc3{keyID: "nobody"}.request, "AuthFailure.SecretIdNotFound"},
		{"wrong secret", tc3{secret: "wrong"}.request, "AuthFailure.SignatureFailure"},
		{"body changed after signing", tc3{body: `{"Limit":2}`, after: func(r *http.Request) {
			r.Body, r.ContentLength = http.NoBody, 0
		}}.request, "AuthFailure.SignatureFailure"},
		{"host changed after signing", tc3{host: "cvm.tencentcloudapi.com", after: func(r *http.Request) { r.Host = "127.0.0.1:1" }}.request, "AuthFailure.SignatureFailure"},
		{"content hash not the body's", tc3{headers: map[string]string{"X-TC-Content-SHA256": strings.Repeat("0", 64)}}.request, "AuthFailure.SignatureFailure"},
		{"only X-TC-Version", raw("POST", "/", map[string]string{"Content-Type": "application/json", "X-TC-Version": "2017-03-12"}, "{}"), "MissingParameter"},
		{"v1 GET without SecretId", raw("GET", "/?Action=DescribeInstancesStatus&Version=2017-03-12", nil, ""), "MissingParameter"},

		// v1 authentication.
		{"v1 missing Nonce", v1{nonce: drop}.request, "MissingParameter"},
		{"v1 Nonce not a number", v1{nonce: "abc"}.request, "InvalidParameter"},
		{"v1 missing Signature", v1{after: func(v map[string]string) { delete(v, "Signature") }}.request, "MissingParameter"},
		{"v1 unknown SignatureMethod", v1{sigMethod: "HmacMD5"}.request, "InvalidParameterValue"},
		{"v1 wrong secret", v1{secret: "wrong"}.request, "AuthFailure.SignatureFailure"},
		{"v1 parameter changed after signing", v1{params: map[string]string{"Limit": "2"}, after: func(v map[string]string) { v["Limit"] = "3" }}.request, "AuthFailure.SignatureFailure"},
		{"v1 path changed after signing", func(t testing.TB, env *apptest.Env) *http.Request {
			r := v1{path: "/v2/index.php"}.request(t, env)
			r.URL.Path = "/"
			return r
		}, "AuthFailure.SignatureFailure"},
		{"v1 skewed clock", v1{at: now.Add(-10 * time.Minute)}.request, "AuthFailure.SignatureExpire"},
		{"v1 token", v1{params: map[string]string{"Token": "tok"}}.request, "AuthFailure.TokenFailure"},
		{"v1 unknown action", v1{action: "Nope"}.request, "InvalidAction"},
		{"v1 unknown version", v1{version: "2020-01-01"}.request, "NoSuchVersion"},
		{"v1 repeated parameter", func(t testing.TB, env *apptest.Env) *http.Request {
			r := v1{}.request(t, env)
			r.URL.RawQuery += "&Limit=2&Limit=3"
			return r
		}, "InvalidParameter"},
		{"v1 region changed after signing", v1{after: func(v map[string]string) { v["Region"] = "ap-shanghai" }}.request, "AuthFailure.SignatureFailure"},
	}
	cases := make([]kittest.Case, len(tests))
	for i, tt := range tests {
		cases[i] = kittest.Case{Name: tt.name, Request: func(t testing.TB) *http.Request { return tt.build(t, env) },
			Status: http.StatusOK, Code: tt.want}
	}
	kittest.RunBadInputs(t, nil, cases, refusal)
}

// TestV1NonceReplay: a v1 request sent twice is refused the second time.
func TestV1NonceReplay(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	for _, method := range []string{"GET", "POST"} {
		req := v1{method: method, sigMethod: "HmacSHA1", nonce: randomNonce()}
		if r := send(t, req.request(t, env)); r.code() != "" {
			t.Fatalf("%s: the first request failed: %s", method, r.body)
		}
		env.Clock.Advance(time.Minute)
		r := send(t, req.request(t, env)) // the same nonce, timestamp and signature
		if r.status != http.StatusOK || r.code() != "AuthFailure.SignatureFailure" || !strings.Contains(r.envelope.Response.Error.Message, "Nonce") {
			t.Fatalf("%s: a replayed nonce got HTTP %d %s", method, r.status, r.body)
		}
	}
}

// TestV1ReplayDoesNothing: a read runs while its nonce is recorded and a
// write only after, so a replay of either gets its refusal alone, and a
// replayed launch launches nothing.
func TestV1ReplayDoesNothing(t *testing.T) {
	env := apptest.Start(t, apptest.Options{TransitionDelay: apptest.Instant})
	total := func() int {
		t.Helper()
		r := send(t, v1{}.request(t, env))
		var body struct{ Response struct{ TotalCount int } }
		if err := json.Unmarshal(r.body, &body); err != nil || r.code() != "" {
			t.Fatalf("DescribeInstancesStatus: %s %v", r.body, err)
		}
		return body.Response.TotalCount
	}
	for _, c := range []struct {
		name  string
		req   v1
		added int
	}{
		{"read", v1{action: "DescribeInstances"}, 0},
		{"write", v1{action: "RunInstances", params: map[string]string{
			"Placement.Zone": "ap-guangzhou-3", "ImageId": "img-eb30mz89", "InstanceCount": "2"}}, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := total()
			c.req.nonce = randomNonce()
			if r := send(t, c.req.request(t, env)); r.code() != "" {
				t.Fatalf("first request: %s", r.body)
			}
			r := send(t, c.req.request(t, env))
			if r.code() != "AuthFailure.SignatureFailure" || bytes.Contains(r.body, []byte("InstanceSet")) || bytes.Contains(r.body, []byte("InstanceIdSet")) {
				t.Fatalf("replay: %s, want AuthFailure.SignatureFailure alone", r.body)
			}
			if got := total(); got != before+c.added {
				t.Fatalf("%d instances after the replay, want %d", got, before+c.added)
			}
		})
	}
}

// refusal decodes a Tencent error, which comes with HTTP 200 inside the
// Response envelope, and checks the envelope.
func refusal(resp *http.Response, body []byte) kittest.Refusal {
	var got kittest.Refusal
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		got.Problems = append(got.Problems, "Content-Type "+ct)
	}
	var e envelope
	if err := json.Unmarshal(body, &e); err != nil {
		return kittest.Refusal{Problems: []string{"the body is not JSON: " + err.Error()}}
	}
	if !uuidPattern.MatchString(e.Response.RequestId) {
		got.Problems = append(got.Problems, fmt.Sprintf("RequestId %q is not a lower-case UUID", e.Response.RequestId))
	}
	if e.Response.Error != nil {
		got.Code, got.Message = e.Response.Error.Code, e.Response.Error.Message
		if got.Message == "" {
			got.Problems = append(got.Problems, "no Message")
		}
	}
	return got
}
