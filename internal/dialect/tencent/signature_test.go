package tencent

import (
	"net/http"
	"strings"
	"testing"
)

// The captured vectors of reference 3.10: SecretId testAK, SecretKey
// testSecret, host 127.0.0.1:41029, X-TC-Timestamp 1795311049.
const (
	vectorHost      = "127.0.0.1:41029"
	vectorSecret    = "testSecret"
	vectorTimestamp = "1795311049"
	vectorDate      = "2026-11-22"
	vectorPostBody  = `{"InstanceIds":["ins-r8hr2upy","ins-5d8a23rs"],"Limit":2}`
	vectorPostAuth  = "TC3-HMAC-SHA256 Credential=testAK/2026-11-22/cvm/tc3_request, SignedHeaders=content-type;host, Signature=fef70327b317c398fce9fec642a91ae63dad47927659a9dd4b96cb6b3cb6d50e"
	vectorGetQuery  = "InstanceIds.0=ins-r8hr2upy&InstanceIds.1=ins-5d8a23rs&Limit=2"
	vectorGetSig    = "a0a98e2f97e271c6e8d500b2752eeaca92808cb683c415d96585e4e58c9fcb81"
	vectorV1Body    = "Action=DescribeInstancesStatus&InstanceIds.0=ins-r8hr2upy&InstanceIds.1=ins-5d8a23rs&Language=zh-CN&Limit=2&Nonce=1389591713270278818&Region=ap-guangzhou&RequestClient=SDK_GO_1.3.209&SecretId=testAK&Signature=me5SqpDihCdVmWSUk5Ke34zqFdsRyMy%2FVdqPRtGT0X4%3D&SignatureMethod=HmacSHA256&Timestamp=1795311049&Version=2017-03-12"
)

// vectorRequest rebuilds a captured TC3 request.
func vectorRequest(t *testing.T, method, target, contentType, body string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(method, "http://"+vectorHost+target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", contentType)
	r.Header.Set("X-TC-Action", "DescribeInstancesStatus")
	r.Header.Set("X-TC-Version", "2017-03-12")
	r.Header.Set("X-TC-Timestamp", vectorTimestamp)
	r.Header.Set("X-TC-Region", "ap-guangzhou")
	return r
}

func TestTC3PostCapturedVector(t *testing.T) {
	a, ok := parseTC3Authorization(vectorPostAuth)
	if !ok {
		t.Fatal("the captured Authorization header did not parse")
	}
	want := tc3Authorization{SecretID: "testAK", Date: vectorDate, Service: "cvm", Terminator: "tc3_request",
		SignedHeaders: []string{"content-type", "host"}, Signature: "fef70327b317c398fce9fec642a91ae63dad47927659a9dd4b96cb6b3cb6d50e"}
	if a.SecretID != want.SecretID || a.Date != want.Date || a.Service != want.Service || a.Terminator != want.Terminator ||
		strings.Join(a.SignedHeaders, ";") != "content-type;host" || a.Signature != want.Signature {
		t.Fatalf("parsed %+v\nwant %+v", a, want)
	}
	r := vectorRequest(t, "POST", "/", "application/json", vectorPostBody)
	const wantCanonical = "POST\n/\n\ncontent-type:application/json\nhost:127.0.0.1:41029\n\ncontent-type;host\ncbb9ad5d5d42f72a517bc387d22b6c1412e92156ca8a54170ac771839ed328fc"
	canonical := tc3CanonicalRequest(r, a.SignedHeaders, sha256Hex([]byte(vectorPostBody)), false)
	if canonical != wantCanonical {
		t.Fatalf("canonical request:\n got %q\nwant %q", canonical, wantCanonical)
	}
	sts := tc3StringToSign(vectorTimestamp, a.Date, a.Service, canonical)
	if got := tc3Signature(vectorSecret, a.Date, a.Service, sts); got != a.Signature {
		t.Errorf("signature = %s, want %s", got, a.Signature)
	}
	if !tc3Verify(r, a, vectorSecret, vectorTimestamp, sha256Hex([]byte(vectorPostBody))) {
		t.Error("tc3Verify refused the captured request")
	}
}

func TestTC3GetCapturedVector(t *testing.T) {
	r := vectorRequest(t, "GET", "/?"+vectorGetQuery, "application/x-www-form-urlencoded", "")
	signed := []string{"content-type", "host"}
	canonical := tc3CanonicalRequest(r, signed, sha256Hex(nil), false)
	const wantCanonical = "GET\n/\n" + vectorGetQuery + "\ncontent-type:application/x-www-form-urlencoded\nhost:127.0.0.1:41029\n\ncontent-type;host\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	if canonical != wantCanonical {
		t.Fatalf("canonical request:\n got %q\nwant %q", canonical, wantCanonical)
	}
	sts := tc3StringToSign(vectorTimestamp, vectorDate, "cvm", canonical)
	if got := tc3Signature(vectorSecret, vectorDate, "cvm", sts); got != vectorGetSig {
		t.Errorf("signature = %s, want %s", got, vectorGetSig)
	}
}

func TestV1HmacSHA256CapturedVector(t *testing.T) {
	values, err := flatValues(vectorV1Body)
	if err != nil {
		t.Fatal(err)
	}
	const wantSTS = "POST127.0.0.1:41029/?Action=DescribeInstancesStatus&InstanceIds.0=ins-r8hr2upy&InstanceIds.1=ins-5d8a23rs&Language=zh-CN&Limit=2&Nonce=1389591713270278818&Region=ap-guangzhou&RequestClient=SDK_GO_1.3.209&SecretId=testAK&SignatureMethod=HmacSHA256&Timestamp=1795311049&Version=2017-03-12"
	sts := v1StringToSign("POST", vectorHost, "/", values)
	if sts != wantSTS {
		t.Fatalf("string to sign:\n got %s\nwant %s", sts, wantSTS)
	}
	got, ok := v1Signature(values["SignatureMethod"], vectorSecret, sts)
	if !ok || got != values["Signature"] {
		t.Errorf("signature = %s, want %s", got, values["Signature"])
	}
}

// TestUnsignedPayloadHash checks the constant of reference 3.4 step 2.
func TestUnsignedPayloadHash(t *testing.T) {
	if got := sha256Hex([]byte(unsignedPayload)); !strings.HasPrefix(got, "438d4109") || !strings.HasSuffix(got, "bb96") {
		t.Errorf("SHA-256 of UNSIGNED-PAYLOAD = %s, want 438d4109…bb96", got)
	}
}

func TestV1SignatureMethods(t *testing.T) {
	// The HmacSHA1 digest is 20 bytes, HmacSHA256's 32: Base64 of 28 and 44
	// characters.
	for method, length := range map[string]int{hmacSHA1Method: 28, hmacSHA256Method: 44} {
		got, ok := v1Signature(method, "k", "s")
		if !ok || len(got) != length {
			t.Errorf("v1Signature(%s) = %q, %v; want %d characters", method, got, ok, length)
		}
	}
	if _, ok := v1Signature("HmacMD5", "k", "s"); ok {
		t.Error("v1Signature accepted HmacMD5")
	}
}

func TestParseTC3Authorization(t *testing.T) {
	good := "TC3-HMAC-SHA256 Credential=AK/2026-11-22/cvm/tc3_request, SignedHeaders=content-type;host, Signature=ab"
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{"sdk form", good, true},
		{"no spaces after commas", strings.ReplaceAll(good, ", ", ","), true},
		{"empty", "", false},
		{"other algorithm", strings.Replace(good, "TC3-HMAC-SHA256", "TC3-HMAC-SHA1", 1), false},
		{"no credential", "TC3-HMAC-SHA256 SignedHeaders=content-type;host, Signature=ab", false},
		{"short scope", strings.Replace(good, "/cvm/tc3_request", "/cvm", 1), false},
		{"slash in id", strings.Replace(good, "AK/", "A/K/", 1), false},
		{"no signature", strings.Replace(good, ", Signature=ab", "", 1), false},
		{"unknown field", good + ", Extra=1", false},
		{"repeated signature", good + ", Signature=cd", false},
		{"upper-case header", strings.Replace(good, "content-type", "Content-Type", 1), false},
		{"empty header name", strings.Replace(good, "content-type;host", "content-type;;host", 1), false},
		{"no equals", "TC3-HMAC-SHA256 Credential", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok := parseTC3Authorization(tt.in); ok != tt.ok {
				t.Errorf("parseTC3Authorization(%q) ok = %v, want %v", tt.in, ok, tt.ok)
			}
		})
	}
}

// TestTC3LowerCasedHeaderValues: a client that lower-cases header values
// before signing, as Tencent's documentation says to, is accepted too.
func TestTC3LowerCasedHeaderValues(t *testing.T) {
	r := vectorRequest(t, "POST", "/", "Application/JSON", vectorPostBody)
	a := tc3Authorization{SecretID: "testAK", Date: vectorDate, Service: "cvm", Terminator: tc3Terminator, SignedHeaders: []string{"content-type", "host"}}
	payload := sha256Hex([]byte(vectorPostBody))
	sts := tc3StringToSign(vectorTimestamp, vectorDate, "cvm", tc3CanonicalRequest(r, a.SignedHeaders, payload, true))
	a.Signature = tc3Signature(vectorSecret, vectorDate, "cvm", sts)
	if !tc3Verify(r, a, vectorSecret, vectorTimestamp, payload) {
		t.Error("a signature over lower-cased values was refused")
	}
	a.Signature = strings.Repeat("0", 64)
	if tc3Verify(r, a, vectorSecret, vectorTimestamp, payload) {
		t.Error("a wrong signature was accepted")
	}
}

func TestHostWithoutPort(t *testing.T) {
	for host, want := range map[string]string{
		"127.0.0.1:8080": "127.0.0.1", "cvm.ecsd.test:80": "cvm.ecsd.test", "localhost": "localhost",
		"[::1]:8080": "[::1]", "[::1]": "[::1]", "::1": "::1", "": "",
	} {
		if got := hostWithoutPort(host); got != want {
			t.Errorf("hostWithoutPort(%q) = %q, want %q", host, got, want)
		}
	}
}
