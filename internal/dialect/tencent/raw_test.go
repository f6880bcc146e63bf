package tencent_test

// Raw requests built by hand, for what no SDK would send: every malformed,
// missing, skewed or replayed input, and the exact wire of golden fixtures.

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/dialect/tencent"
)

// drop, as a field value, leaves a header or parameter out.
const drop = "-"

// or returns v, or def when v is empty.
func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// tc3 describes a TC3-HMAC-SHA256 request before it is signed.
type tc3 struct {
	method      string // POST unless set
	action      string // DescribeInstancesStatus unless set; drop to leave out
	version     string // tencent.Version unless set; drop to leave out
	region      string // ap-guangzhou unless set; drop to leave out
	body        string // the POST body; {} unless set
	query       string // the raw GET query
	contentType string // application/json for POST, form for GET, unless set
	keyID       string // apptest.AccessKeyID unless set
	secret      string // apptest.AccessKeySecret unless set
	at          time.Time
	timestamp   string // X-TC-Timestamp as sent; from at unless set
	service     string // the scope's service, cvm unless set
	date        string // the scope's date; at's UTC date unless set
	unsigned    bool   // send X-TC-Content-SHA256: UNSIGNED-PAYLOAD
	host        string // the Host signed and sent; env's unless set
	signedHost  string // the host signed, when it is not the Host sent
	headers     map[string]string
	// authz replaces the Authorization header; drop leaves it out.
	authz string
	// after changes the request once it is signed.
	after func(r *http.Request)
}

func (x tc3) request(t testing.TB, env *apptest.Env) *http.Request {
	t.Helper()
	method := or(x.method, http.MethodPost)
	target := env.URL + "/"
	body := ""
	if method == http.MethodGet {
		if x.query != "" {
			target += "?" + x.query
		}
	} else {
		body = or(x.body, "{}")
	}
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Host = or(x.host, env.Host)
	ct := "application/json"
	if method == http.MethodGet {
		ct = "application/x-www-form-urlencoded"
	}
	req.Header.Set("Content-Type", or(x.contentType, ct))
	at := x.at
	if at.IsZero() {
		at = env.Clock.Now()
	}
	stamp := or(x.timestamp, strconv.FormatInt(at.Unix(), 10))
	for name, v := range map[string]string{
		"X-TC-Action": or(x.action, "DescribeInstancesStatus"), "X-TC-Version": or(x.version, tencent.Version),
		"X-TC-Region": or(x.region, "ap-guangzhou"), "X-TC-Timestamp": stamp,
	} {
		if v != drop {
			req.Header.Set(name, v)
		}
	}
	for k, v := range x.headers {
		req.Header.Set(k, v)
	}
	payload := tencent.SHA256Hex([]byte(body))
	if x.unsigned {
		req.Header.Set("X-TC-Content-SHA256", "UNSIGNED-PAYLOAD")
		payload = tencent.SHA256Hex([]byte("UNSIGNED-PAYLOAD"))
	}
	service := or(x.service, "cvm")
	date := or(x.date, at.UTC().Format(time.DateOnly))
	signed := []string{"content-type", "host"}
	sts := tencent.TC3StringToSign(stamp, date, service, tencent.TC3CanonicalRequestFor(req, or(x.signedHost, req.Host), signed, payload, false))
	sig := tencent.TC3Signature(or(x.secret, apptest.AccessKeySecret), date, service, sts)
	authz := fmt.Sprintf("TC3-HMAC-SHA256 Credential=%s/%s/%s/tc3_request, SignedHeaders=%s, Signature=%s",
		or(x.keyID, apptest.AccessKeyID), date, service, strings.Join(signed, ";"), sig)
	switch x.authz {
	case "":
		req.Header.Set("Authorization", authz)
	case drop:
	default:
		req.Header.Set("Authorization", x.authz)
	}
	if x.after != nil {
		x.after(req)
	}
	return req
}

// v1 describes a v1 (HmacSHA1 or HmacSHA256) request before it is signed.
type v1 struct {
	method    string            // GET unless set
	path      string            // "/" unless set
	params    map[string]string // API parameters, already flattened
	action    string            // DescribeInstancesStatus unless set; drop to leave out
	version   string            // tencent.Version unless set; drop to leave out
	region    string            // ap-guangzhou unless set; drop to leave out
	sigMethod string            // HmacSHA256 unless set; drop to leave out
	nonce     string            // random unless set; drop to leave out
	keyID     string
	secret    string
	at        time.Time
	host      string
	// after changes the parameters once they are signed.
	after func(values map[string]string)
}

func randomNonce() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		panic(err)
	}
	return strconv.FormatInt(n.Int64()+1, 10)
}

func (x v1) request(t testing.TB, env *apptest.Env) *http.Request {
	t.Helper()
	method := or(x.method, http.MethodGet)
	path := or(x.path, "/")
	host := or(x.host, env.Host)
	at := x.at
	if at.IsZero() {
		at = env.Clock.Now()
	}
	values := map[string]string{}
	for k, v := range x.params {
		values[k] = v
	}
	for name, v := range map[string]string{
		"Action": or(x.action, "DescribeInstancesStatus"), "Version": or(x.version, tencent.Version),
		"Region": or(x.region, "ap-guangzhou"), "SignatureMethod": or(x.sigMethod, "HmacSHA256"),
		"Nonce": or(x.nonce, randomNonce()), "Timestamp": strconv.FormatInt(at.Unix(), 10),
		"SecretId": or(x.keyID, apptest.AccessKeyID),
	} {
		if v != drop {
			values[name] = v
		}
	}
	sig, ok := tencent.V1Signature(or(values["SignatureMethod"], "HmacSHA1"), or(x.secret, apptest.AccessKeySecret),
		tencent.V1StringToSign(method, host, path, values))
	if !ok {
		sig = "not-a-signature"
	}
	values["Signature"] = sig
	if x.after != nil {
		x.after(values)
	}
	encoded := encodeValues(values)
	var req *http.Request
	var err error
	if method == http.MethodPost {
		req, err = http.NewRequest(method, env.URL+path, strings.NewReader(encoded))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	} else {
		req, err = http.NewRequest(method, env.URL+path+"?"+encoded, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	return req
}

// encodeValues encodes parameters sorted by name, as url.Values does.
func encodeValues(m map[string]string) string {
	v := url.Values{}
	for k, s := range m {
		v.Set(k, s)
	}
	return v.Encode()
}

// rawRequest renders req as the bytes a client would send, headers sorted,
// so that golden files repeat.
func rawRequest(t testing.TB, req *http.Request) string {
	t.Helper()
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			t.Fatal(err)
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\n", req.Method, req.URL.RequestURI(), req.Host)
	names := make([]string, 0, len(req.Header))
	for name := range req.Header {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		for _, v := range req.Header[name] {
			fmt.Fprintf(&b, "%s: %s\r\n", name, v)
		}
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s", len(body), body)
	return b.String()
}

// envelope is a decoded Tencent response.
type envelope struct {
	Response struct {
		Error *struct {
			Code    string
			Message string
		}
		RequestId string
	}
}

// reply is one response, decoded.
type reply struct {
	status      int
	contentType string
	body        []byte
	envelope    envelope
}

func (r reply) code() string {
	if r.envelope.Response.Error == nil {
		return ""
	}
	return r.envelope.Response.Error.Code
}

func send(t testing.TB, req *http.Request) reply {
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
	if err := json.Unmarshal(body, &r.envelope); err != nil {
		t.Fatalf("the response is not JSON: %v\n%s", err, body)
	}
	return r
}
