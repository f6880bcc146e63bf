package zenlayer_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/dialect/kit/kittest"
	"github.com/ecsd/ecsd/internal/server"
)

// TestBadInput sends malformed, unsigned, mis-signed and refused requests:
// each gets a Zenlayer code and status in Zenlayer's envelope, and never a
// Go error string.
func TestBadInput(t *testing.T) {
	e := start(t, apptest.Options{})
	setHeader := func(name, value string) func(r *http.Request) {
		return func(r *http.Request) { r.Header[name] = []string{value} }
	}
	delHeader := func(name string) func(r *http.Request) {
		return func(r *http.Request) { delete(r.Header, name) }
	}
	setBody := func(body string) func(r *http.Request) {
		return func(r *http.Request) {
			r.Body, r.ContentLength = io.NopCloser(strings.NewReader(body)), int64(len(body))
		}
	}
	shiftClock := func(d time.Duration) func(c *client) {
		return func(c *client) { c.Now = func() time.Time { return e.clock.Now().Add(d) } }
	}
	ids101 := `["` + strings.TrimSuffix(strings.Repeat(`1000000000000000001","`, 101), `","`) + `"]`
	oversize := `{"x":"` + strings.Repeat("a", server.DefaultMaxBody) + `"}`
	subnet := e.a1(t).subnetIn("asia-east-1")
	create := func(drop string, set string) string {
		p := map[string]string{
			"zoneId": `"asia-east-1a"`, "imageId": `"ubuntu2204_20240712"`, "instanceType": `"z2a.cpu.1"`,
			"instanceCount": `1`, "subnetId": `"` + subnet + `"`, "password": `"Passw0rd!"`,
		}
		delete(p, drop)
		var b strings.Builder
		b.WriteString("{")
		for k, v := range p {
			b.WriteString(`"` + k + `":` + v + `,`)
		}
		b.WriteString(set)
		return strings.TrimSuffix(b.String(), ",") + "}"
	}

	tests := []struct {
		name    string
		action  string // DescribeInstancesStatus unless set
		body    string // {} unless set
		prepare func(c *client)
		mutate  func(r *http.Request)
		status  int // 200 for a control that must pass
		code    string
	}{
		// The body.
		{name: "malformed JSON", body: `{"pageSize":`, status: 400, code: "INVALID_PARAMETER"},
		{name: "array body", body: `[1]`, status: 400, code: "INVALID_PARAMETER"},
		{name: "null body", body: `null`, status: 400, code: "INVALID_PARAMETER"},
		{name: "trailing garbage", body: `{} x`, status: 400, code: "INVALID_PARAMETER"},
		{name: "empty body counts as {}", body: " ", status: 200},
		{name: "pageSize as string", body: `{"pageSize":"20"}`, status: 400, code: "INVALID_PARAMETER"},
		{name: "pageSize as float", body: `{"pageSize":20.5}`, status: 400, code: "INVALID_PARAMETER"},
		{name: "pageNum overflows", body: `{"pageNum":1e30}`, status: 400, code: "INVALID_PARAMETER"},
		{name: "pageSize 0", body: `{"pageSize":0}`, status: 400, code: "INVALID_PARAMETER"},
		{name: "pageSize negative", body: `{"pageSize":-1}`, status: 400, code: "INVALID_PARAMETER"},
		{name: "pageSize 1001", body: `{"pageSize":1001}`, status: 400, code: "INVALID_PARAMETER"},
		{name: "pageSize 1000", body: `{"pageSize":1000}`, status: 200},
		{name: "pageNum 0", body: `{"pageNum":0}`, status: 400, code: "INVALID_PARAMETER"},
		{name: "instanceIds as string", body: `{"instanceIds":"1"}`, status: 400, code: "INVALID_PARAMETER"},
		{name: "instanceIds of numbers", body: `{"instanceIds":[1]}`, status: 400, code: "INVALID_PARAMETER"},
		{name: "101 instanceIds", body: `{"instanceIds":` + ids101 + `}`, status: 400, code: "INVALID_PARAMETER"},
		{name: "instance ID with a space", body: `{"instanceIds":["1 2"]}`, status: 400, code: "INVALID_PARAMETER"},
		{name: "empty instance ID", body: `{"instanceIds":[""]}`, status: 400, code: "INVALID_PARAMETER"},
		{name: "resourceGroupId as number", body: `{"resourceGroupId":7}`, status: 400, code: "INVALID_PARAMETER"},
		{name: "unknown field is ignored", body: `{"futureField":{"a":[1]}}`, status: 200},
		{name: "body over the server limit", body: oversize, status: 413, code: "REQUEST_BODY_TOO_LARGE"},

		// Transport and routing.
		{name: "GET", mutate: func(r *http.Request) { r.Method = http.MethodGet }, status: 405, code: "UNSUPPORTED_HTTP_METHOD"},
		{name: "PUT", mutate: func(r *http.Request) { r.Method = http.MethodPut }, status: 405, code: "UNSUPPORTED_HTTP_METHOD"},
		{name: "another service's path", mutate: func(r *http.Request) { r.URL.Path = "/api/v2/vm" }, status: 404, code: "INVALID_SERVICE_NOT_FOUND"},
		{name: "another service's header", mutate: setHeader("x-zc-service", "bmc"), status: 404, code: "INVALID_SERVICE_NOT_FOUND"},
		{name: "no action", mutate: delHeader("x-zc-action"), status: 400, code: "MISSING_PARAMETER"},
		{name: "unknown action", action: "CreateEips", status: 404, code: "INVALID_ACTION_NOT_FOUND"},
		{name: "no version", mutate: delHeader("x-zc-version"), status: 400, code: "MISSING_PARAMETER"},
		{name: "unknown version", mutate: setHeader("x-zc-version", "2017-03-12"), status: 400, code: "INVALID_VERSION"},
		{name: "text content type", mutate: setHeader("Content-Type", "text/plain"), status: 415, code: "UNSUPPORTED_MEDIA_TYPE"},
		{name: "no content type", mutate: delHeader("Content-Type"), status: 415, code: "UNSUPPORTED_MEDIA_TYPE"},

		// Authentication.
		{name: "no Authorization", mutate: delHeader("Authorization"), status: 401, code: "AUTHFAILURE_SIGNATURE_FAILURE"},
		{name: "Bearer token", mutate: setHeader("Authorization", "Bearer abc"), status: 401, code: "AUTHFAILURE_TOKEN_FAILURE"},
		{name: "garbage Authorization", mutate: setHeader("Authorization", "hello"), status: 401, code: "AUTHFAILURE_SIGNATURE_FAILURE"},
		{name: "other algorithm", mutate: setHeader("Authorization", "ZC1-HMAC-SHA1 Credential=testAK, SignedHeaders=content-type;host, Signature=00"), status: 401, code: "AUTHFAILURE_SIGNATURE_FAILURE"},
		{name: "host not signed", mutate: setHeader("Authorization", "ZC2-HMAC-SHA256 Credential=testAK, SignedHeaders=content-type, Signature=00"), status: 401, code: "AUTHFAILURE_SIGNATURE_FAILURE"},
		{name: "other signature method", mutate: setHeader("x-zc-signature-method", "HmacSHA1"), status: 401, code: "AUTHFAILURE_SIGNATURE_FAILURE"},
		{name: "no timestamp", mutate: delHeader("x-zc-timestamp"), status: 401, code: "AUTHFAILURE_SIGNATURE_FAILURE"},
		{name: "timestamp in milliseconds", mutate: func(r *http.Request) { r.Header["x-zc-timestamp"][0] += "000" }, status: 401, code: "AUTHFAILURE_SIGNATURE_EXPIRE"},
		{name: "timestamp not a number", mutate: setHeader("x-zc-timestamp", "yesterday"), status: 401, code: "AUTHFAILURE_SIGNATURE_FAILURE"},
		{name: "clock 6 minutes behind", prepare: shiftClock(-6 * time.Minute), status: 401, code: "AUTHFAILURE_SIGNATURE_EXPIRE"},
		{name: "clock 6 minutes ahead", prepare: shiftClock(6 * time.Minute), status: 401, code: "AUTHFAILURE_SIGNATURE_EXPIRE"},
		{name: "clock 4 minutes behind", prepare: shiftClock(-4 * time.Minute), status: 200},
		{name: "unknown key", prepare: func(c *client) { c.KeyID = "nobody" }, status: 401, code: "AUTHFAILURE_SECRETID_NOT_FOUND"},
		{name: "wrong password", prepare: func(c *client) { c.Password = "guess" }, status: 401, code: "AUTHFAILURE_SIGNATURE_FAILURE"},
		{name: "body changed after signing", mutate: setBody(`{"pageSize":1}`), status: 401, code: "AUTHFAILURE_SIGNATURE_FAILURE"},
		{name: "host changed after signing", mutate: func(r *http.Request) { r.Host = "127.0.0.1:1" }, status: 401, code: "AUTHFAILURE_SIGNATURE_FAILURE"},
		{name: "content type changed after signing", mutate: setHeader("Content-Type", "application/json; charset=utf-8"), status: 401, code: "AUTHFAILURE_SIGNATURE_FAILURE"},

		// Action parameters.
		{name: "unknown zone", action: "DescribeInstances", body: `{"zoneId":"SEL--A"}`, status: 404, code: "INVALID_ZONE_NOT_FOUND"},
		{name: "unknown status", action: "DescribeInstances", body: `{"status":"running"}`, status: 400, code: "INVALID_PARAMETER"},
		{name: "tags of the wrong shape", action: "DescribeInstances", body: `{"tags":["a"]}`, status: 400, code: "INVALID_PARAMETER"},
		{name: "create in an unknown zone", action: "CreateZecInstances", body: create("", `"zoneId":"SEL--A"`), status: 404, code: "INVALID_ZONE_NOT_FOUND"},
		{name: "create without zoneId", action: "CreateZecInstances", body: create("zoneId", ""), status: 400, code: "MISSING_PARAMETER"},
		{name: "create without imageId", action: "CreateZecInstances", body: create("imageId", ""), status: 400, code: "MISSING_PARAMETER"},
		{name: "create without instanceType", action: "CreateZecInstances", body: create("instanceType", ""), status: 400, code: "MISSING_PARAMETER"},
		{name: "create without instanceCount", action: "CreateZecInstances", body: create("instanceCount", ""), status: 400, code: "MISSING_PARAMETER"},
		{name: "create without subnetId", action: "CreateZecInstances", body: create("subnetId", ""), status: 400, code: "MISSING_PARAMETER"},
		{name: "create 0 instances", action: "CreateZecInstances", body: create("instanceCount", `"instanceCount":0`), status: 400, code: "INVALID_PARAMETER"},
		{name: "create 101 instances", action: "CreateZecInstances", body: create("instanceCount", `"instanceCount":101`), status: 400, code: "INVALID_PARAMETER"},
		{name: "instanceCount as string", action: "CreateZecInstances", body: create("instanceCount", `"instanceCount":"1"`), status: 400, code: "INVALID_PARAMETER"},
		{name: "one-letter name", action: "CreateZecInstances", body: create("", `"instanceName":"a"`), status: 400, code: "INVALID_PARAMETER"},
		{name: "64-letter name", action: "CreateZecInstances", body: create("", `"instanceName":"`+strings.Repeat("a", 64)+`"`), status: 400, code: "INVALID_PARAMETER"},
		{name: "start without instanceIds", action: "StartInstances", status: 400, code: "MISSING_PARAMETER"},
		{name: "stop with empty instanceIds", action: "StopInstances", body: `{"instanceIds":[]}`, status: 400, code: "MISSING_PARAMETER"},
		{name: "release an unknown instance", action: "ReleaseInstances", body: `{"instanceIds":["1000000000000000001"]}`, status: 404, code: "INVALID_INSTANCE_NOT_FOUND"},
		{name: "forceReboot as string", action: "RebootInstances", body: `{"instanceIds":["1"],"forceReboot":"yes"}`, status: 400, code: "INVALID_PARAMETER"},
		{name: "zoneIds as string", action: "DescribeZones", body: `{"zoneIds":"na-west-1a"}`, status: 400, code: "INVALID_PARAMETER"},
	}
	cases := make([]kittest.Case, len(tests))
	for i, tt := range tests {
		cases[i] = kittest.Case{Name: tt.name, Status: tt.status, Code: tt.code, Request: func(t testing.TB) *http.Request {
			c := e.a1(t)
			if tt.prepare != nil {
				tt.prepare(c)
			}
			action, body := tt.action, tt.body
			if action == "" {
				action = "DescribeInstancesStatus"
			}
			if body == "" {
				body = "{}"
			}
			r := c.NewRequest(action, []byte(body))
			if tt.mutate != nil {
				tt.mutate(r)
			}
			return r
		}}
	}
	kittest.RunBadInputs(t, nil, cases, refusal)
}

// TestAllowHeader: a refused method is told which one to use.
func TestAllowHeader(t *testing.T) {
	e := start(t, apptest.Options{})
	for _, method := range []string{http.MethodGet, http.MethodPut} {
		req, _ := http.NewRequest(method, e.baseURL+"/api/v2/zec", bytes.NewReader(nil))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != http.MethodPost {
			t.Errorf("%s: %d, Allow %q; want 405, POST", method, resp.StatusCode, resp.Header.Get("Allow"))
		}
	}
}

// refusal decodes a Zenlayer error: a non-200 status and a body of exactly
// requestId, code and message, the request ID "T" and an upper-case UUID.
func refusal(resp *http.Response, body []byte) kittest.Refusal {
	if resp.StatusCode == http.StatusOK {
		return kittest.Refusal{}
	}
	var keys map[string]any
	var e struct{ RequestID, Code, Message string }
	if json.Unmarshal(body, &keys) != nil || json.Unmarshal(body, &e) != nil {
		return kittest.Refusal{Problems: []string{"the body is not JSON"}}
	}
	got := kittest.Refusal{Code: e.Code, Message: e.Message}
	if len(keys) != 3 || e.RequestID == "" || e.Code == "" || e.Message == "" {
		got.Problems = append(got.Problems, "want exactly requestId, code and message")
	}
	if !strings.HasPrefix(e.RequestID, "T") || strings.ToUpper(e.RequestID) != e.RequestID || len(e.RequestID) != 37 {
		got.Problems = append(got.Problems, fmt.Sprintf("requestId %q is not T and an upper-case UUID", e.RequestID))
	}
	if resp.StatusCode < 400 || resp.StatusCode > 599 {
		got.Problems = append(got.Problems, fmt.Sprintf("an error with status %d", resp.StatusCode))
	}
	return got
}
