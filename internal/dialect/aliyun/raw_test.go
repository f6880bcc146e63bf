package aliyun_test

// Raw requests built by hand, for what no SDK would send: every malformed,
// missing, skewed or replayed input, and the exact wire of golden fixtures.

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/dialect/aliyun"
)

// rpc describes an RPC v1 request before it is signed.
type rpc struct {
	method  string     // GET unless set
	params  url.Values // API parameters; common ones are added
	keyID   string     // apptest.AccessKeyID unless set
	secret  string     // apptest.AccessKeySecret unless set
	at      time.Time  // the env clock unless set
	nonce   string     // random unless set
	form    bool       // send the parameters as a form body
	drop    []string   // common parameters to leave out
	after   url.Values // parameters set after signing
	headers http.Header
}

func randomNonce() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// request signs r and returns it as an *http.Request to env.
func (r rpc) request(t testing.TB, env *apptest.Env) *http.Request {
	t.Helper()
	method := r.method
	if method == "" {
		method = http.MethodGet
	}
	v := url.Values{}
	for k, vs := range r.params {
		v[k] = append([]string(nil), vs...)
	}
	at := r.at
	if at.IsZero() {
		at = env.Clock.Now()
	}
	common := map[string]string{
		"Version": aliyun.Version, "AccessKeyId": apptest.AccessKeyID, "SignatureMethod": "HMAC-SHA1",
		"SignatureVersion": "1.0", "SignatureNonce": randomNonce(), "Timestamp": at.UTC().Format(time.RFC3339), "Format": "JSON",
	}
	if r.keyID != "" {
		common["AccessKeyId"] = r.keyID
	}
	if r.nonce != "" {
		common["SignatureNonce"] = r.nonce
	}
	for k, val := range common {
		if _, set := v[k]; !set {
			v.Set(k, val)
		}
	}
	for _, k := range r.drop {
		v.Del(k)
	}
	secret := r.secret
	if secret == "" {
		secret = apptest.AccessKeySecret
	}
	v.Set("Signature", aliyun.RPCSignature(secret, aliyun.RPCStringToSign(method, v)))
	for k, vs := range r.after {
		v[k] = vs
	}
	var req *http.Request
	var err error
	if r.form {
		req, err = http.NewRequest(method, env.URL+"/", strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req, err = http.NewRequest(method, env.URL+"/?"+v.Encode(), nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range r.headers {
		req.Header[k] = vs
	}
	return req
}

// acs3 describes an ACS3 request before it is signed.
type acs3 struct {
	action    string
	query     url.Values
	body      string
	secret    string
	at        time.Time
	nonce     string
	algorithm string   // ACS3-HMAC-SHA256 unless set
	unsigned  []string // required headers to leave out of SignedHeaders
	drop      []string // headers to leave out entirely
	set       map[string]string
	authz     string // replaces the Authorization header when set
	host      string // the Host to sign; env's unless set
}

func (a acs3) request(t *testing.T, env *apptest.Env) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, env.URL+"/?"+a.query.Encode(), strings.NewReader(a.body))
	if err != nil {
		t.Fatal(err)
	}
	at := a.at
	if at.IsZero() {
		at = env.Clock.Now()
	}
	nonce := a.nonce
	if nonce == "" {
		nonce = randomNonce()
	}
	h := map[string]string{
		"x-acs-action": a.action, "x-acs-version": aliyun.Version, "x-acs-date": at.UTC().Format(time.RFC3339),
		"x-acs-signature-nonce": nonce, "x-acs-content-sha256": aliyun.SHA256Hex([]byte(a.body)),
	}
	for k, v := range a.set {
		h[k] = v
	}
	for _, k := range a.drop {
		delete(h, k)
	}
	signed := []string{"host"}
	for _, k := range []string{"x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"} {
		if v, ok := h[k]; ok {
			req.Header.Set(k, v)
			if !contains(a.unsigned, k) {
				signed = append(signed, k)
			}
		}
	}
	req.Host = strings.TrimPrefix(env.URL, "http://")
	if a.host != "" {
		req.Host = a.host
	}
	if a.body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	secret := a.secret
	if secret == "" {
		secret = apptest.AccessKeySecret
	}
	canonical := aliyun.ACS3CanonicalRequest(req, a.query, signed, h["x-acs-content-sha256"])
	alg := a.algorithm
	if alg == "" {
		alg = "ACS3-HMAC-SHA256"
	}
	authz := alg + " Credential=" + apptest.AccessKeyID + ",SignedHeaders=" + strings.Join(signed, ";") + ",Signature=" + aliyun.ACS3Signature(secret, canonical)
	if a.authz != "" {
		authz = a.authz
	}
	req.Header.Set("Authorization", authz)
	return req
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// reply is a decoded response.
type reply struct {
	status      int
	contentType string
	body        []byte
	fields      map[string]any // the JSON body, when it is JSON
}

func (r reply) code() string { s, _ := r.fields["Code"].(string); return s }

func send(t *testing.T, req *http.Request) reply {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := reply{status: resp.StatusCode, contentType: resp.Header.Get("Content-Type"), body: body}
	switch {
	case strings.HasPrefix(r.contentType, "application/json"):
		if err := json.Unmarshal(body, &r.fields); err != nil {
			t.Fatalf("a JSON response that does not parse: %v\n%s", err, body)
		}
	case strings.HasPrefix(r.contentType, "text/xml") && resp.StatusCode >= 400:
		var e struct{ RequestId, HostId, Code, Message, Recommend string }
		if err := xml.Unmarshal(body, &e); err != nil {
			t.Fatalf("an XML error that does not parse: %v\n%s", err, body)
		}
		r.fields = map[string]any{"RequestId": e.RequestId, "HostId": e.HostId, "Code": e.Code, "Message": e.Message, "Recommend": e.Recommend}
	}
	return r
}

// params builds url.Values from pairs.
func params(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}
