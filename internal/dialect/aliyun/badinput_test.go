package aliyun_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/dialect/kit/kittest"
)

// TestBadInput sends every kind of bad request and checks each gets the
// vendor's code and status in the vendor's envelope: never a 500, a panic or
// a Go error string.
func TestBadInput(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	status := params("Action", "DescribeInstanceStatus", "RegionId", "cn-hangzhou")
	with := func(base url.Values, kv ...string) url.Values {
		v := url.Values{}
		for k, vs := range base {
			v[k] = append([]string(nil), vs...)
		}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	ids := func(n int) url.Values {
		v := with(status)
		for i := 1; i <= n; i++ {
			v.Set(fmt.Sprintf("InstanceId.%d", i), fmt.Sprintf("i-bp%018d", i))
		}
		return v
	}
	replayed := rpc{params: status, nonce: "nonce-used-twice"}
	replayedACS3 := acs3{action: "DescribeInstanceStatus", query: params("RegionId", "cn-hangzhou"), nonce: "acs3-nonce-used-twice"}
	send(t, replayed.request(t, env))
	send(t, replayedACS3.request(t, env))
	now := env.Clock.Now()

	tests := []struct {
		name   string
		req    func(testing.TB) *http.Request
		status int
		code   string
	}{
		{"PUT method", func(testing.TB) *http.Request { r := rpc{method: "PUT", params: status}.request(t, env); return r }, 403, "UnsupportedHTTPMethod"},
		{"DELETE method", func(testing.TB) *http.Request { return rpc{method: "DELETE", params: status}.request(t, env) }, 403, "UnsupportedHTTPMethod"},
		{"no parameters at all", func(testing.TB) *http.Request { r, _ := http.NewRequest("GET", env.URL+"/", nil); return r }, 400, "MissingParameter"},
		{"missing Action", func(testing.TB) *http.Request { return rpc{params: params("RegionId", "cn-hangzhou")}.request(t, env) }, 400, "MissingParameter"},
		{"missing Version", func(testing.TB) *http.Request { return rpc{params: status, drop: []string{"Version"}}.request(t, env) }, 400, "MissingParameter"},
		{"wrong Version", func(testing.TB) *http.Request {
			return rpc{params: with(status, "Version", "2016-03-14")}.request(t, env)
		}, 400, "InvalidParameter"},
		{"unknown Action", func(testing.TB) *http.Request {
			return rpc{params: with(status, "Action", "LaunchRockets")}.request(t, env)
		}, 404, "InvalidAction.NotFound"},
		{"missing AccessKeyId", func(testing.TB) *http.Request {
			return rpc{params: status, drop: []string{"AccessKeyId"}}.request(t, env)
		}, 400, "MissingParameter"},
		{"missing Signature", func(testing.TB) *http.Request {
			r := rpc{params: status}.request(t, env)
			q := r.URL.Query()
			q.Del("Signature")
			r.URL.RawQuery = q.Encode()
			return r
		}, 400, "MissingParameter"},
		{"missing SignatureMethod", func(testing.TB) *http.Request {
			return rpc{params: status, drop: []string{"SignatureMethod"}}.request(t, env)
		}, 400, "MissingParameter"},
		{"missing SignatureVersion", func(testing.TB) *http.Request {
			return rpc{params: status, drop: []string{"SignatureVersion"}}.request(t, env)
		}, 400, "MissingParameter"},
		{"missing SignatureNonce", func(testing.TB) *http.Request {
			return rpc{params: status, drop: []string{"SignatureNonce"}}.request(t, env)
		}, 400, "MissingParameter"},
		{"missing Timestamp", func(testing.TB) *http.Request {
			return rpc{params: status, drop: []string{"Timestamp"}}.request(t, env)
		}, 400, "MissingParameter"},
		{"SignatureMethod HMAC-SHA256", func(testing.TB) *http.Request {
			return rpc{params: with(status, "SignatureMethod", "HMAC-SHA256")}.request(t, env)
		}, 400, "InvalidParameter"},
		{"SignatureVersion 2.0", func(testing.TB) *http.Request {
			return rpc{params: with(status, "SignatureVersion", "2.0")}.request(t, env)
		}, 400, "InvalidParameter"},
		{"bearer token", func(testing.TB) *http.Request {
			return rpc{params: with(status, "SignatureType", "BEARERTOKEN")}.request(t, env)
		}, 400, "InvalidParameter"},
		{"Timestamp not ISO 8601", func(testing.TB) *http.Request {
			return rpc{params: with(status, "Timestamp", "yesterday")}.request(t, env)
		}, 400, "InvalidTimeStamp.Format"},
		{"Timestamp 16 minutes old", func(testing.TB) *http.Request {
			return rpc{params: status, at: now.Add(-16 * time.Minute)}.request(t, env)
		}, 400, "InvalidTimeStamp.Expired"},
		{"Timestamp 16 minutes ahead", func(testing.TB) *http.Request {
			return rpc{params: status, at: now.Add(16 * time.Minute)}.request(t, env)
		}, 400, "InvalidTimeStamp.Expired"},
		{"wrong secret", func(testing.TB) *http.Request { return rpc{params: status, secret: "not-the-secret"}.request(t, env) }, 400, "SignatureDoesNotMatch"},
		{"parameter changed after signing", func(testing.TB) *http.Request {
			return rpc{params: status, after: params("RegionId", "cn-shanghai")}.request(t, env)
		}, 400, "SignatureDoesNotMatch"},
		{"unknown access key", func(testing.TB) *http.Request { return rpc{params: status, keyID: "nobody"}.request(t, env) }, 404, "InvalidAccessKeyId.NotFound"},
		{"replayed nonce", func(testing.TB) *http.Request { return replayed.request(t, env) }, 400, "SignatureNonceUsed"},
		{"Format YAML", func(testing.TB) *http.Request { return rpc{params: with(status, "Format", "YAML")}.request(t, env) }, 400, "InvalidParameter"},
		{"malformed query escape", func(testing.TB) *http.Request {
			r := rpc{params: status}.request(t, env)
			r.URL.RawQuery += "&Bad=%zz"
			return r
		}, 400, "InvalidParameter"},
		{"missing RegionId", func(testing.TB) *http.Request {
			return rpc{params: params("Action", "DescribeInstanceStatus")}.request(t, env)
		}, 400, "MissingParameter"},
		{"unknown RegionId", func(testing.TB) *http.Request {
			return rpc{params: with(status, "RegionId", "mars-north-1")}.request(t, env)
		}, 404, "InvalidRegionId.NotFound"},
		{"ZoneId of another region", func(testing.TB) *http.Request {
			return rpc{params: with(status, "ZoneId", "cn-shanghai-b")}.request(t, env)
		}, 404, "InvalidZoneId.NotFound"},
		{"PageSize not a number", func(testing.TB) *http.Request { return rpc{params: with(status, "PageSize", "ten")}.request(t, env) }, 400, "InvalidParameter"},
		{"PageSize 0", func(testing.TB) *http.Request { return rpc{params: with(status, "PageSize", "0")}.request(t, env) }, 400, "InvalidParameter"},
		{"PageSize 51", func(testing.TB) *http.Request { return rpc{params: with(status, "PageSize", "51")}.request(t, env) }, 400, "InvalidParameter"},
		{"PageNumber 0", func(testing.TB) *http.Request { return rpc{params: with(status, "PageNumber", "0")}.request(t, env) }, 400, "InvalidParameter"},
		{"PageNumber float", func(testing.TB) *http.Request { return rpc{params: with(status, "PageNumber", "1.5")}.request(t, env) }, 400, "InvalidParameter"},
		{"PageNumber beyond Integer", func(testing.TB) *http.Request {
			return rpc{params: with(status, "PageNumber", "99999999999")}.request(t, env)
		}, 400, "InvalidParameter"},
		{"InstanceId.0", func(testing.TB) *http.Request {
			return rpc{params: with(status, "InstanceId.0", "i-bp000000000000000001")}.request(t, env)
		}, 400, "InvalidParameter"},
		{"InstanceId.x", func(testing.TB) *http.Request {
			return rpc{params: with(status, "InstanceId.x", "i-bp000000000000000001")}.request(t, env)
		}, 400, "InvalidParameter"},
		{"101 instance IDs", func(testing.TB) *http.Request { return rpc{params: ids(101)}.request(t, env) }, 403, "InvalidParameter.TooManyInstanceIds"},
		{"malformed instance ID", func(testing.TB) *http.Request {
			return rpc{params: with(status, "InstanceId.1", "i-x")}.request(t, env)
		}, 403, "Abs.InvalidInstanceIds.MalFormed"},
		{"DryRun maybe", func(testing.TB) *http.Request {
			return rpc{params: params("Action", "RunInstances", "RegionId", "cn-hangzhou", "ImageId", "aliyun_3_x64_20G_alibase_20240819.vhd", "InstanceType", "ecs.g7.large", "DryRun", "maybe")}.request(t, env)
		}, 400, "InvalidParameter"},
		{"Amount 0", func(testing.TB) *http.Request {
			return rpc{params: params("Action", "RunInstances", "RegionId", "cn-hangzhou", "ImageId", "aliyun_3_x64_20G_alibase_20240819.vhd", "InstanceType", "ecs.g7.large", "Amount", "0")}.request(t, env)
		}, 400, "InvalidParameter"},
		{"MinAmount above Amount", func(testing.TB) *http.Request {
			return rpc{params: params("Action", "RunInstances", "RegionId", "cn-hangzhou", "ImageId", "aliyun_3_x64_20G_alibase_20240819.vhd", "InstanceType", "ecs.g7.large", "Amount", "2", "MinAmount", "3")}.request(t, env)
		}, 400, "InvalidMinAmount.Malformed"},
		{"ClientToken too long", func(testing.TB) *http.Request {
			return rpc{params: params("Action", "RunInstances", "RegionId", "cn-hangzhou", "ImageId", "aliyun_3_x64_20G_alibase_20240819.vhd", "InstanceType", "ecs.g7.large", "ClientToken", strings.Repeat("t", 65))}.request(t, env)
		}, 400, "InvalidClientToken.ValueNotSupported"},
		{"InstanceName too long", func(testing.TB) *http.Request {
			return rpc{params: params("Action", "CreateInstance", "RegionId", "cn-hangzhou", "ImageId", "aliyun_3_x64_20G_alibase_20240819.vhd", "InstanceType", "ecs.g7.large", "InstanceName", strings.Repeat("n", 129))}.request(t, env)
		}, 400, "InvalidInstanceName.Malformed"},
		{"missing InstanceType", func(testing.TB) *http.Request {
			return rpc{params: params("Action", "RunInstances", "RegionId", "cn-hangzhou", "ImageId", "aliyun_3_x64_20G_alibase_20240819.vhd")}.request(t, env)
		}, 400, "MissingParameter"},
		{"StartInstance without InstanceId", func(testing.TB) *http.Request { return rpc{params: params("Action", "StartInstance")}.request(t, env) }, 400, "MissingParameter"},
		{"StartInstances without IDs", func(testing.TB) *http.Request {
			return rpc{params: params("Action", "StartInstances", "RegionId", "cn-hangzhou")}.request(t, env)
		}, 400, "MissingParameter"},
		{"BatchOptimization unknown", func(testing.TB) *http.Request {
			return rpc{params: params("Action", "StopInstances", "RegionId", "cn-hangzhou", "InstanceId.1", "i-bp000000000000000001", "BatchOptimization", "Eventually")}.request(t, env)
		}, 400, "InvalidParameter"},
		{"DescribeInstances InstanceIds not JSON", func(testing.TB) *http.Request {
			return rpc{params: params("Action", "DescribeInstances", "RegionId", "cn-hangzhou", "InstanceIds", "i-1,i-2")}.request(t, env)
		}, 400, "InvalidParameter"},
		{"DescribeInstances NextToken forged", func(testing.TB) *http.Request {
			return rpc{params: params("Action", "DescribeInstances", "RegionId", "cn-hangzhou", "NextToken", "give-me-everything")}.request(t, env)
		}, 400, "InvalidParameter"},
		{"DescribeInstances PageSize 101", func(testing.TB) *http.Request {
			return rpc{params: params("Action", "DescribeInstances", "RegionId", "cn-hangzhou", "PageSize", "101")}.request(t, env)
		}, 400, "InvalidParameter"},
		{"DescribeRegions AcceptLanguage klingon", func(testing.TB) *http.Request {
			return rpc{params: params("Action", "DescribeRegions", "AcceptLanguage", "tlh")}.request(t, env)
		}, 400, "InvalidParameter"},
		{"body over 10 MiB", func(testing.TB) *http.Request {
			r, _ := http.NewRequest("POST", env.URL+"/", bytes.NewReader(make([]byte, 10<<20+1)))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return r
		}, 400, "InvalidParameter"},
		{"ACS3 malformed Authorization", func(testing.TB) *http.Request {
			return acs3{action: "DescribeInstanceStatus", query: params("RegionId", "cn-hangzhou"), authz: "ACS3-HMAC-SHA256 garbage"}.request(t, env)
		}, 400, "IncompleteSignature"},
		{"ACS3 SM3 algorithm", func(testing.TB) *http.Request {
			return acs3{action: "DescribeInstanceStatus", query: params("RegionId", "cn-hangzhou"), algorithm: "ACS3-HMAC-SM3"}.request(t, env)
		}, 400, "IncompleteSignature"},
		{"ACS3 missing x-acs-date", func(testing.TB) *http.Request {
			return acs3{action: "DescribeInstanceStatus", query: params("RegionId", "cn-hangzhou"), drop: []string{"x-acs-date"}}.request(t, env)
		}, 400, "MissingParameter"},
		{"ACS3 missing x-acs-action", func(testing.TB) *http.Request {
			return acs3{action: "DescribeInstanceStatus", query: params("RegionId", "cn-hangzhou"), drop: []string{"x-acs-action"}}.request(t, env)
		}, 400, "MissingParameter"},
		{"ACS3 nonce not signed", func(testing.TB) *http.Request {
			return acs3{action: "DescribeInstanceStatus", query: params("RegionId", "cn-hangzhou"), unsigned: []string{"x-acs-signature-nonce"}}.request(t, env)
		}, 400, "IncompleteSignature"},
		{"ACS3 body does not match its hash", func(testing.TB) *http.Request {
			return acs3{action: "DescribeInstanceStatus", query: params("RegionId", "cn-hangzhou"), body: "RegionId=cn-shanghai", set: map[string]string{"x-acs-content-sha256": strings.Repeat("0", 64)}}.request(t, env)
		}, 400, "SignatureDoesNotMatch"},
		{"ACS3 wrong secret", func(testing.TB) *http.Request {
			return acs3{action: "DescribeInstanceStatus", query: params("RegionId", "cn-hangzhou"), secret: "nope"}.request(t, env)
		}, 400, "SignatureDoesNotMatch"},
		{"ACS3 x-acs-date not ISO 8601", func(testing.TB) *http.Request {
			return acs3{action: "DescribeInstanceStatus", query: params("RegionId", "cn-hangzhou"), set: map[string]string{"x-acs-date": "Sun, 22 Nov 2026 01:30:49 GMT"}}.request(t, env)
		}, 400, "InvalidTimeStamp.Format"},
		{"ACS3 x-acs-date an hour old", func(testing.TB) *http.Request {
			return acs3{action: "DescribeInstanceStatus", query: params("RegionId", "cn-hangzhou"), at: now.Add(-time.Hour)}.request(t, env)
		}, 400, "InvalidTimeStamp.Expired"},
		{"ACS3 replayed nonce", func(testing.TB) *http.Request { return replayedACS3.request(t, env) }, 400, "SignatureNonceUsed"},
		{"ACS3 unknown action", func(testing.TB) *http.Request {
			return acs3{action: "FlyToTheMoon", query: params("RegionId", "cn-hangzhou")}.request(t, env)
		}, 404, "InvalidAction.NotFound"},
		{"ACS3 wrong version", func(testing.TB) *http.Request {
			return acs3{action: "DescribeInstanceStatus", query: params("RegionId", "cn-hangzhou"), set: map[string]string{"x-acs-version": "2099-01-01"}}.request(t, env)
		}, 400, "InvalidParameter"},
	}
	cases := make([]kittest.Case, len(tests))
	for i, tt := range tests {
		cases[i] = kittest.Case{Name: tt.name, Request: tt.req, Status: tt.status, Code: tt.code}
	}
	runBadInputs(t, cases)
}

// refusal decodes an ECS error in JSON or XML, and checks its envelope:
// the content type and every field the vendor sends.
func refusal(resp *http.Response, body []byte) kittest.Refusal {
	var e struct{ RequestId, HostId, Code, Message, Recommend string }
	var got kittest.Refusal
	switch ct := resp.Header.Get("Content-Type"); ct {
	case "application/json;charset=utf-8":
		if err := json.Unmarshal(body, &e); err != nil {
			got.Problems = append(got.Problems, "the JSON does not parse: "+err.Error())
		}
	case "text/xml;charset=utf-8":
		if err := xml.Unmarshal(body, &e); err != nil {
			got.Problems = append(got.Problems, "the XML does not parse: "+err.Error())
		}
	default:
		got.Problems = append(got.Problems, "Content-Type "+ct)
	}
	for name, v := range map[string]string{"RequestId": e.RequestId, "HostId": e.HostId, "Message": e.Message, "Recommend": e.Recommend} {
		if v == "" {
			got.Problems = append(got.Problems, "no "+name)
		}
	}
	got.Code, got.Message = e.Code, e.Message
	return got
}

// TestErrorsInXML: a request that asks for XML gets its errors in XML, under
// the exact content type the Tea SDK requires to parse them.
func TestErrorsInXML(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	r := send(t, rpc{params: params("Action", "DescribeInstanceStatus", "RegionId", "cn-hangzhou", "Format", "XML", "PageSize", "99")}.request(t, env))
	if r.status != 400 || r.contentType != "text/xml;charset=utf-8" {
		t.Fatalf("got %d %q", r.status, r.contentType)
	}
	body := string(r.body)
	for _, want := range []string{`<?xml version="1.0" encoding="UTF-8"?>`, "<Error>", "<Code>InvalidParameter</Code>", `<Message>The specified parameter &#34;PageSize&#34; is not valid.</Message>`, "<RequestId>", "<HostId>", "<Recommend>"} {
		if !strings.Contains(body, want) {
			t.Errorf("XML error lacks %q:\n%s", want, body)
		}
	}
}

// TestSignatureMismatchShowsStringToSign: like the vendor, the message names
// the string the server signed, which the classic SDK compares with its own.
func TestSignatureMismatchShowsStringToSign(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	r := send(t, rpc{params: params("Action", "DescribeRegions"), secret: "wrong"}.request(t, env))
	msg, _ := r.fields["Message"].(string)
	if !strings.Contains(msg, "server string to sign is:GET&%2F&AccessKeyId%3D") {
		t.Fatalf("message %q does not show the string to sign", msg)
	}
}

// TestFormBodyAndGet: parameters are read from a form body as from the
// query, and GET works as POST does.
func TestFormBodyAndGet(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	for _, r := range []rpc{
		{method: "POST", form: true, params: params("Action", "DescribeInstanceStatus", "RegionId", "cn-hangzhou")},
		{method: "GET", params: params("Action", "DescribeInstanceStatus", "RegionId", "cn-hangzhou")},
		{method: "POST", params: params("Action", "DescribeInstanceStatus", "RegionId", "cn-hangzhou")},
	} {
		got := send(t, r.request(t, env))
		if got.status != 200 || got.fields["TotalCount"] != float64(0) {
			t.Errorf("%s form=%v: %d %s", r.method, r.form, got.status, got.body)
		}
	}
	got := send(t, acs3{action: "DescribeInstanceStatus", body: "RegionId=cn-hangzhou&PageSize=5"}.request(t, env))
	if got.status != 200 || got.fields["PageSize"] != float64(5) {
		t.Errorf("ACS3 with a form body: %d %s", got.status, got.body)
	}
}

// TestXMLByDefault: without Format and without an Accept for JSON, the
// answer is XML, the documented default.
func TestXMLByDefault(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	r := send(t, rpc{params: params("Action", "DescribeInstanceStatus", "RegionId", "cn-hangzhou"), drop: []string{"Format"}}.request(t, env))
	if r.status != 200 || r.contentType != "text/xml;charset=utf-8" || !strings.Contains(string(r.body), "<DescribeInstanceStatusResponse>") {
		t.Fatalf("got %d %q\n%s", r.status, r.contentType, r.body)
	}
	r = send(t, rpc{params: params("Action", "DescribeInstanceStatus", "RegionId", "cn-hangzhou"), drop: []string{"Format"}, headers: http.Header{"Accept": {"application/json"}}}.request(t, env))
	if r.contentType != "application/json;charset=utf-8" {
		t.Fatalf("Accept: application/json got %q", r.contentType)
	}
}
