package aliyun

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestPercentEncode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"abcXYZ019-_.~", "abcXYZ019-_.~"},
		{"a b", "a%20b"},
		{"*", "%2A"},
		{"+", "%2B"},
		{"/", "%2F"},
		{"2016-02-23T12:46:24Z", "2016-02-23T12%3A46%3A24Z"},
		{"中", "%E4%B8%AD"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := percentEncode(tt.in); got != tt.want {
			t.Errorf("percentEncode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestRPCSignatureDocumentationVector reproduces the official documentation
// example of reference 2.4.
func TestRPCSignatureDocumentationVector(t *testing.T) {
	p := url.Values{
		"AccessKeyId":      {"testid"},
		"Action":           {"DescribeRegions"},
		"Format":           {"XML"},
		"SignatureMethod":  {"HMAC-SHA1"},
		"SignatureNonce":   {"3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"},
		"SignatureVersion": {"1.0"},
		"Timestamp":        {"2016-02-23T12:46:24Z"},
		"Version":          {"2014-05-26"},
	}
	const wantSTS = "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26"
	sts := rpcStringToSign("GET", p)
	if sts != wantSTS {
		t.Fatalf("string to sign:\n got %s\nwant %s", sts, wantSTS)
	}
	if got, want := rpcSignature("testsecret", sts), "OLeaidS1JvxuMvnyHOwuJ+uX5qY="; got != want {
		t.Errorf("signature = %s, want %s", got, want)
	}
}

// TestRPCSignatureCapturedVector checks the request the old SDK sent to a
// capture server (reference 2.11), parsed from its raw query.
func TestRPCSignatureCapturedVector(t *testing.T) {
	const rawQuery = "AccessKeyId=testAK&Action=DescribeInstanceStatus&Format=JSON&InstanceId.1=i-abc&InstanceId.2=i-def%2Ax+y~&PageSize=10&RegionId=cn-hangzhou&Signature=LtY%2BGiNgumrtE4gMmn4CQ6A%2BsUM%3D&SignatureMethod=HMAC-SHA1&SignatureNonce=44256ab75ae5d9998c6a75c973e9650a&SignatureType=&SignatureVersion=1.0&Timestamp=2026-11-22T01%3A30%3A49Z&Version=2014-05-26"
	p, err := url.ParseQuery(rawQuery)
	if err != nil {
		t.Fatal(err)
	}
	const wantSTS = "POST&%2F&AccessKeyId%3DtestAK%26Action%3DDescribeInstanceStatus%26Format%3DJSON%26InstanceId.1%3Di-abc%26InstanceId.2%3Di-def%252Ax%2520y~%26PageSize%3D10%26RegionId%3Dcn-hangzhou%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D44256ab75ae5d9998c6a75c973e9650a%26SignatureType%3D%26SignatureVersion%3D1.0%26Timestamp%3D2026-11-22T01%253A30%253A49Z%26Version%3D2014-05-26"
	sts := rpcStringToSign("POST", p)
	if sts != wantSTS {
		t.Fatalf("string to sign:\n got %s\nwant %s", sts, wantSTS)
	}
	if got := rpcSignature("testSecret", sts); got != p.Get("Signature") {
		t.Errorf("signature = %s, want %s", got, p.Get("Signature"))
	}
}

// TestACS3CapturedVector checks the request the new SDK sent (reference 2.11).
func TestACS3CapturedVector(t *testing.T) {
	r, err := http.NewRequest("POST", "http://127.0.0.1:41029/?InstanceId.1=i-abc&InstanceId.2=i-def%2Ax+y~&PageSize=10&RegionId=cn-hangzhou", nil)
	if err != nil {
		t.Fatal(err)
	}
	const emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	for k, v := range map[string]string{
		"x-acs-action": "DescribeInstanceStatus", "x-acs-version": "2014-05-26",
		"x-acs-date": "2026-11-22T01:30:49Z", "x-acs-signature-nonce": "f2951a80a731208be2552034174a288d",
		"x-acs-content-sha256": emptyHash, "x-acs-credentials-provider": "static_ak", "accept": "application/json",
	} {
		r.Header.Set(k, v)
	}
	const authorization = "ACS3-HMAC-SHA256 Credential=testAK,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=84b1bf40b710f6c21234b6b78762b69bc5eebeb9522d4eac2f223304f85b48a5"
	a, ok := parseACS3Authorization(authorization)
	if !ok {
		t.Fatal("the captured Authorization header did not parse")
	}
	if a.AccessKeyID != "testAK" || len(a.SignedHeaders) != 7 {
		t.Fatalf("parsed %+v", a)
	}
	query, _ := url.ParseQuery(r.URL.RawQuery)
	canonical := acs3CanonicalRequest(r, query, a.SignedHeaders, emptyHash)
	wantCanonical := strings.Join([]string{
		"POST", "/", "InstanceId.1=i-abc&InstanceId.2=i-def%2Ax%20y~&PageSize=10&RegionId=cn-hangzhou",
		"host:127.0.0.1:41029", "x-acs-action:DescribeInstanceStatus", "x-acs-content-sha256:" + emptyHash,
		"x-acs-credentials-provider:static_ak", "x-acs-date:2026-11-22T01:30:49Z",
		"x-acs-signature-nonce:f2951a80a731208be2552034174a288d", "x-acs-version:2014-05-26", "",
		"host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version",
		emptyHash,
	}, "\n")
	if canonical != wantCanonical {
		t.Fatalf("canonical request:\n got %q\nwant %q", canonical, wantCanonical)
	}
	if got := acs3Signature("testSecret", canonical); got != a.Signature {
		t.Errorf("signature = %s, want %s", got, a.Signature)
	}
	if sha256Hex(nil) != emptyHash {
		t.Errorf("sha256Hex(nil) = %s", sha256Hex(nil))
	}
}

func TestParseACS3Authorization(t *testing.T) {
	bad := []string{
		"",
		"ACS3-HMAC-SHA256",
		"HMAC-SHA1 Credential=a,SignedHeaders=host,Signature=x",
		"ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host",
		"ACS3-HMAC-SHA256 Credential=,SignedHeaders=host,Signature=x",
		"ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=x,Extra=1",
		"ACS3-HMAC-SHA256 Credential=a,SignedHeaders,Signature=x",
	}
	for _, h := range bad {
		if a, ok := parseACS3Authorization(h); ok {
			t.Errorf("parseACS3Authorization(%q) = %+v, want failure", h, a)
		}
	}
	a, ok := parseACS3Authorization("ACS3-HMAC-SHA256 Credential=AK, SignedHeaders=host;x-acs-date, Signature=abc")
	if !ok || a.AccessKeyID != "AK" || strings.Join(a.SignedHeaders, ";") != "host;x-acs-date" || a.Signature != "abc" {
		t.Errorf("spaces after commas: got %+v, %v", a, ok)
	}
}

// FuzzParseACS3Authorization: no input panics the parser, and anything it
// accepts has every part.
func FuzzParseACS3Authorization(f *testing.F) {
	f.Add("ACS3-HMAC-SHA256 Credential=testAK,SignedHeaders=host;x-acs-action,Signature=84b1")
	f.Add("ACS3- ,,,")
	f.Fuzz(func(t *testing.T, h string) {
		a, ok := parseACS3Authorization(h)
		if ok && (a.AccessKeyID == "" || a.Signature == "" || len(a.SignedHeaders) == 0) {
			t.Errorf("accepted %q with a part missing: %+v", h, a)
		}
	})
}
