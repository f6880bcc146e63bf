package signer

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The vectors of ../shared/spec/api-reference.md: the vendors' documented
// examples and requests captured from the official SDKs.

// captured is when the SDK requests of the reference were signed.
var captured = time.Unix(1795311049, 0) // 2026-11-22T01:30:49Z

const capturedHost = "127.0.0.1:41029"

var test = Credentials{KeyID: "testAK", Secret: "testSecret"}

func TestRPCDocumentationVector(t *testing.T) {
	// Reference 2.4, "Official doc vector".
	params := url.Values{
		"AccessKeyId": {"testid"}, "Action": {"DescribeRegions"}, "Format": {"XML"}, "SignatureMethod": {"HMAC-SHA1"},
		"SignatureNonce": {"3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"}, "SignatureVersion": {"1.0"},
		"Timestamp": {"2016-02-23T12:46:24Z"}, "Version": {"2014-05-26"},
	}
	const wantSTS = "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26"
	sts := RPCStringToSign(http.MethodGet, params)
	if sts != wantSTS {
		t.Fatalf("string to sign\n got %s\nwant %s", sts, wantSTS)
	}
	if got, want := RPCSignature("testsecret", sts), "OLeaidS1JvxuMvnyHOwuJ+uX5qY="; got != want {
		t.Errorf("signature = %s, want %s", got, want)
	}
}

func TestRPCCapturedVector(t *testing.T) {
	// Reference 2.11, the classic SDK: SignRPC must add exactly the
	// common parameters the SDK adds, SignatureType= among them.
	params := url.Values{"InstanceId.1": {"i-abc"}, "InstanceId.2": {"i-def*x y~"}, "PageSize": {"10"}, "RegionId": {"cn-hangzhou"}}
	r, err := test.NewRPCRequest("http://"+capturedHost, "DescribeInstanceStatus", "2014-05-26", params, "44256ab75ae5d9998c6a75c973e9650a", captured)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := params.Get("Signature"), "LtY+GiNgumrtE4gMmn4CQ6A+sUM="; got != want {
		t.Errorf("signature = %s, want %s", got, want)
	}
	const wantQuery = "AccessKeyId=testAK&Action=DescribeInstanceStatus&Format=JSON&InstanceId.1=i-abc&InstanceId.2=i-def%2Ax+y~&PageSize=10&RegionId=cn-hangzhou&Signature=LtY%2BGiNgumrtE4gMmn4CQ6A%2BsUM%3D&SignatureMethod=HMAC-SHA1&SignatureNonce=44256ab75ae5d9998c6a75c973e9650a&SignatureType=&SignatureVersion=1.0&Timestamp=2026-11-22T01%3A30%3A49Z&Version=2014-05-26"
	if r.Method != http.MethodPost || r.URL.RawQuery != wantQuery {
		t.Errorf("request = %s ?%s\nwant POST ?%s", r.Method, r.URL.RawQuery, wantQuery)
	}
	if got := r.Header.Get("Content-Type"); got != "application/x-www-form-urlencoded" {
		t.Errorf("Content-Type = %q, want the form type the SDK sends with an empty body", got)
	}
}

func TestACS3CapturedVector(t *testing.T) {
	// Reference 2.11, the Tea SDK.
	params := url.Values{"InstanceId.1": {"i-abc"}, "InstanceId.2": {"i-def*x y~"}, "PageSize": {"10"}, "RegionId": {"cn-hangzhou"}}
	r, err := test.NewACS3Request("http://"+capturedHost, "DescribeInstanceStatus", "2014-05-26", params, "f2951a80a731208be2552034174a288d", captured)
	if err != nil {
		t.Fatal(err)
	}
	const want = "ACS3-HMAC-SHA256 Credential=testAK,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=84b1bf40b710f6c21234b6b78762b69bc5eebeb9522d4eac2f223304f85b48a5"
	if got := r.Header.Get("Authorization"); got != want {
		t.Errorf("Authorization\n got %s\nwant %s", got, want)
	}
	if got := r.Header.Get("x-acs-content-sha256"); got != EmptyPayloadHash {
		t.Errorf("x-acs-content-sha256 = %s, want the empty body's hash", got)
	}
	if got := r.Header.Get("Content-Type"); got != "" {
		t.Errorf("Content-Type = %q, want none, as the Tea SDK sends none", got)
	}
}

func TestTC3CapturedVectors(t *testing.T) {
	// Reference 3.10: POST with a JSON body, and GET.
	body := []byte(`{"InstanceIds":["ins-r8hr2upy","ins-5d8a23rs"],"Limit":2}`)
	r, err := test.NewTC3Request("http://"+capturedHost, "cvm", "DescribeInstancesStatus", "2017-03-12", "ap-guangzhou", body, captured)
	if err != nil {
		t.Fatal(err)
	}
	const wantPost = "TC3-HMAC-SHA256 Credential=testAK/2026-11-22/cvm/tc3_request, SignedHeaders=content-type;host, Signature=fef70327b317c398fce9fec642a91ae63dad47927659a9dd4b96cb6b3cb6d50e"
	if got := r.Header.Get("Authorization"); got != wantPost {
		t.Errorf("POST Authorization\n got %s\nwant %s", got, wantPost)
	}
	if got, want := TC3CanonicalRequest(http.MethodPost, "", "application/json", capturedHost, sha256Hex(body)),
		"POST\n/\n\ncontent-type:application/json\nhost:127.0.0.1:41029\n\ncontent-type;host\ncbb9ad5d5d42f72a517bc387d22b6c1412e92156ca8a54170ac771839ed328fc"; got != want {
		t.Errorf("canonical request\n got %q\nwant %q", got, want)
	}
	if got := r.Header.Get("X-TC-Timestamp"); got != "1795311049" {
		t.Errorf("X-TC-Timestamp = %s", got)
	}

	get, err := http.NewRequest(http.MethodGet, "http://"+capturedHost+"/?InstanceIds.0=ins-r8hr2upy&InstanceIds.1=ins-5d8a23rs&Limit=2", nil)
	if err != nil {
		t.Fatal(err)
	}
	get.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	test.SignTC3(get, "cvm", nil, captured)
	if got := get.Header.Get("Authorization"); !strings.HasSuffix(got, "Signature=a0a98e2f97e271c6e8d500b2752eeaca92808cb683c415d96585e4e58c9fcb81") {
		t.Errorf("GET Authorization = %s, want the captured signature a0a98e2f...", got)
	}
}

func TestZC2Vectors(t *testing.T) {
	// Reference 4.4 (the documentation's vector) and 4.10 (captured).
	doc := []byte(`{"pageSize":10,"pageNum":1,"zoneId":"HKG-A"}`)
	canonical := ZC2CanonicalRequest("application/json; charset=utf-8", "console.zenlayer.com", sha256Hex(doc))
	if got, want := ZC2Signature("Gu5t9xGARNpq86cd98joQYCN3", "1673361177", canonical), "efb356c32e55c781e10dc676da59462c22596d82e91c57803666243379555b2f"; got != want {
		t.Errorf("documentation vector: signature = %s, want %s", got, want)
	}

	body := []byte(`{"instanceIds":["i1","i2"],"pageSize":20}`)
	r, err := test.NewZC2Request("http://"+capturedHost, "zec", "DescribeInstancesStatus", "2025-09-01", body, captured)
	if err != nil {
		t.Fatal(err)
	}
	const want = "ZC2-HMAC-SHA256 Credential=testAK, SignedHeaders=content-type;host, Signature=10fa026661dac4ce9162763f481aa4968478e2421e45283a3a2a4eb0990ec351"
	if got := r.Header.Get("Authorization"); got != want {
		t.Errorf("Authorization\n got %s\nwant %s", got, want)
	}
	if r.URL.Path != "/api/v2/zec" {
		t.Errorf("path = %s, want /api/v2/zec", r.URL.Path)
	}
}

func TestPercentEncode(t *testing.T) {
	for in, want := range map[string]string{"a b": "a%20b", "*": "%2A", "~-_.": "~-_.", "é": "%C3%A9", "a+b=c&d": "a%2Bb%3Dc%26d", "": ""} {
		if got := PercentEncode(in); got != want {
			t.Errorf("PercentEncode(%q) = %q, want %q", in, got, want)
		}
	}
}
