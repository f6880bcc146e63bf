package zenlayer

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

// docVector is the official documentation example of reference 4.4.
var docVector = struct {
	password, host, contentType, timestamp, body, signature string
}{
	password:    "Gu5t9xGARNpq86cd98joQYCN3",
	host:        "console.zenlayer.com",
	contentType: "application/json; charset=utf-8",
	timestamp:   "1673361177",
	body:        `{"pageSize":10,"pageNum":1,"zoneId":"HKG-A"}`,
	signature:   "efb356c32e55c781e10dc676da59462c22596d82e91c57803666243379555b2f",
}

// capturedVector is the request the Go SDK sent to a capture server
// (reference 4.10).
var capturedVector = struct {
	password, host, contentType, timestamp, body, authorization, canonical string
}{
	password:      "testSecret",
	host:          "127.0.0.1:41029",
	contentType:   "application/json",
	timestamp:     "1795311049",
	body:          `{"instanceIds":["i1","i2"],"pageSize":20}`,
	authorization: "ZC2-HMAC-SHA256 Credential=testAK, SignedHeaders=content-type;host, Signature=10fa026661dac4ce9162763f481aa4968478e2421e45283a3a2a4eb0990ec351",
	canonical:     "POST\n/\n\ncontent-type:application/json\nhost:127.0.0.1:41029\n\ncontent-type;host\ndf56d8f1d17b803e7b3cd7540ed828ea3ff8ce3b9e581ccb73ce530ea5f4819a",
}

func newSignedRequest(t testing.TB, host, contentType, body string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(http.MethodPost, "http://"+host+Path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", contentType)
	return r
}

func TestSignatureDocumentationVector(t *testing.T) {
	v := docVector
	r := newSignedRequest(t, v.host, v.contentType, v.body)
	canonical := canonicalRequest(r, []string{"content-type", "host"}, sha256Hex([]byte(v.body)))
	want := "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:console.zenlayer.com\n\ncontent-type;host\n" + sha256Hex([]byte(v.body))
	if canonical != want {
		t.Fatalf("canonical request:\n got %q\nwant %q", canonical, want)
	}
	if got := signature(v.password, v.timestamp, canonical); got != v.signature {
		t.Errorf("signature = %s, want %s", got, v.signature)
	}
}

func TestSignatureCapturedVector(t *testing.T) {
	v := capturedVector
	a, ok := parseAuthorization(v.authorization)
	if !ok {
		t.Fatal("the captured Authorization header did not parse")
	}
	if a.KeyID != "testAK" || strings.Join(a.SignedHeaders, ";") != "content-type;host" {
		t.Fatalf("parsed %+v", a)
	}
	r := newSignedRequest(t, v.host, v.contentType, v.body)
	canonical := canonicalRequest(r, a.SignedHeaders, sha256Hex([]byte(v.body)))
	if canonical != v.canonical {
		t.Fatalf("canonical request:\n got %q\nwant %q", canonical, v.canonical)
	}
	if got := signature(v.password, v.timestamp, canonical); got != a.Signature {
		t.Errorf("signature = %s, want %s", got, a.Signature)
	}
}

// TestCanonicalHeadersFollowSignedHeaders checks that a custom signed header
// is taken with its trimmed value, in the client's order, and that reading
// values does not change the request.
func TestCanonicalHeadersFollowSignedHeaders(t *testing.T) {
	r := newSignedRequest(t, "h:1", "application/json", "{}")
	r.Header.Add("X-ZC-Custom", " a ")
	r.Header.Add("X-ZC-Custom", "b")
	got := canonicalRequest(r, []string{"x-zc-custom", "host", "content-type"}, "H")
	want := "POST\n/\n\nx-zc-custom:a,b\nhost:h:1\ncontent-type:application/json\n\nx-zc-custom;host;content-type\nH"
	if got != want {
		t.Errorf("canonical request:\n got %q\nwant %q", got, want)
	}
	if v := r.Header.Values("X-ZC-Custom"); v[0] != " a " {
		t.Errorf("the request's header changed to %q", v)
	}
}

func TestParseAuthorization(t *testing.T) {
	bad := []string{
		"",
		"ZC2-HMAC-SHA256",
		"TC3-HMAC-SHA256 Credential=a, SignedHeaders=content-type;host, Signature=x",
		"zc2-hmac-sha256 Credential=a, SignedHeaders=content-type;host, Signature=x",
		"ZC2-HMAC-SHA256 Credential=a, SignedHeaders=content-type;host",
		"ZC2-HMAC-SHA256 Credential=, SignedHeaders=content-type;host, Signature=x",
		"ZC2-HMAC-SHA256 Credential=a, SignedHeaders=content-type;host, Signature=x, Extra=1",
		"ZC2-HMAC-SHA256 Credential=a, Credential=b, SignedHeaders=host, Signature=x",
		"ZC2-HMAC-SHA256 Credential=a, SignedHeaders, Signature=x",
		"ZC2-HMAC-SHA256 Credential=a, SignedHeaders=Content-Type;host, Signature=x",
		"ZC2-HMAC-SHA256 Credential=a, SignedHeaders=host;;x, Signature=x",
		"ZC2-HMAC-SHA256 Credential=a, SignedHeaders=host;host, Signature=x",
		"ZC2-HMAC-SHA256 Credential=a, SignedHeaders=host:x, Signature=x",
	}
	for _, h := range bad {
		if a, ok := parseAuthorization(h); ok {
			t.Errorf("parseAuthorization(%q) = %+v, want failure", h, a)
		}
	}
	a, ok := parseAuthorization("ZC2-HMAC-SHA256 Credential=AK,SignedHeaders=content-type;host,Signature=abc")
	if !ok || a.KeyID != "AK" || strings.Join(a.SignedHeaders, ";") != "content-type;host" || a.Signature != "abc" {
		t.Errorf("no spaces after commas: got %+v, %v", a, ok)
	}
}

func TestParseTimestamp(t *testing.T) {
	for _, s := range []string{"", "-1", "+1", "1.5", "1e9", " 1", "99999999999999999999", "0x10"} {
		if _, ok := parseTimestamp(s); ok {
			t.Errorf("parseTimestamp(%q) succeeded, want failure", s)
		}
	}
	if got, ok := parseTimestamp("1795311049"); !ok || got.Unix() != 1795311049 {
		t.Errorf("parseTimestamp(1795311049) = %v, %v", got, ok)
	}
}

// FuzzParseAuthorization: no input panics the parser, and anything it
// accepts has every part, with SignedHeaders usable as header names.
func FuzzParseAuthorization(f *testing.F) {
	f.Add(capturedVector.authorization)
	f.Add("ZC2-HMAC-SHA256 ,,,")
	f.Add("ZC2-HMAC-SHA256 Credential==, SignedHeaders=;, Signature==")
	f.Fuzz(func(t *testing.T, h string) {
		a, ok := parseAuthorization(h)
		if !ok {
			return
		}
		if a.KeyID == "" || a.Signature == "" || len(a.SignedHeaders) == 0 || len(a.SignedHeaders) > maxSignedHeaders {
			t.Errorf("accepted %q with a part missing: %+v", h, a)
		}
		for _, n := range a.SignedHeaders {
			if n == "" || strings.ToLower(n) != n || strings.ContainsAny(n, ":\n ;") {
				t.Errorf("accepted %q with signed header %q", h, n)
			}
		}
	})
}

// FuzzSignatureRejectsMutations starts from the captured request, changes
// one part the signature covers, and checks that the signature no longer
// verifies unless the change left the part as it was.
func FuzzSignatureRejectsMutations(f *testing.F) {
	v := capturedVector
	a, _ := parseAuthorization(v.authorization)
	f.Add(uint8(0), "")
	f.Add(uint8(1), "127.0.0.1:41030")
	f.Add(uint8(2), "application/json; charset=utf-8")
	f.Add(uint8(3), "1795311050")
	f.Add(uint8(4), `{"instanceIds":["i1"],"pageSize":20}`)
	f.Add(uint8(5), "POST")
	f.Fuzz(func(t *testing.T, part uint8, value string) {
		host, ctype, stamp, body, method := v.host, v.contentType, v.timestamp, v.body, http.MethodPost
		switch part % 6 {
		case 0, 1:
			host = value
		case 2:
			ctype = value
		case 3:
			stamp = value
		case 4:
			body = value
		case 5:
			method = value
		}
		r := &http.Request{Method: method, Host: host, Header: http.Header{}}
		r.Header.Set("Content-Type", ctype)
		canonical := canonicalRequest(r, a.SignedHeaders, sha256Hex([]byte(body)))
		ok := signaturesEqual(a.Signature, signature(v.password, stamp, canonical))
		unchanged := host == v.host && strings.TrimSpace(ctype) == v.contentType && stamp == v.timestamp &&
			bytes.Equal([]byte(body), []byte(v.body)) && method == http.MethodPost
		if ok != unchanged {
			t.Errorf("part %d = %q: verified %v, want %v", part%6, value, ok, unchanged)
		}
	})
}
