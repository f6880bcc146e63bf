package signer

import (
	"bytes"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Alibaba's two signatures of RPC-style APIs (ECS, VPC). Reference:
// api-reference.md 2.1, 2.4 and 2.5.

// RPCStringToSign is the RPC v1 string to sign: the method, the encoded
// path "/" and the canonical query (Signature left out) encoded a second
// time.
func RPCStringToSign(method string, params url.Values) string {
	return method + "&%2F&" + PercentEncode(CanonicalQuery(params, "Signature"))
}

// RPCSignature is Base64(HMAC-SHA1(secret + "&", stringToSign)).
func RPCSignature(secret, stringToSign string) string {
	return base64HMACSHA1(secret+"&", stringToSign)
}

// RPCTimestamp is how RPC v1 and ACS3 spell a time: UTC, to the second.
const RPCTimestamp = "2006-01-02T15:04:05Z"

// SignRPC adds to params the common parameters the classic SDK adds
// (AccessKeyId, Format JSON unless set, SignatureMethod, SignatureVersion,
// an empty SignatureType, SignatureNonce, Timestamp) and then Signature,
// signed for method. Action, Version and RegionId are the caller's.
func (c Credentials) SignRPC(method string, params url.Values, nonce string, now time.Time) {
	params.Set("AccessKeyId", c.KeyID)
	if _, ok := params["Format"]; !ok {
		params.Set("Format", "JSON")
	}
	params.Set("SignatureMethod", "HMAC-SHA1")
	params.Set("SignatureVersion", "1.0")
	params.Set("SignatureType", "")
	params.Set("SignatureNonce", nonce)
	params.Set("Timestamp", now.UTC().Format(RPCTimestamp))
	params.Del("Signature")
	params.Set("Signature", RPCSignature(c.Secret, RPCStringToSign(method, params)))
}

// NewRPCRequest builds a request as the classic SDK sends one: POST to
// endpoint (http://host:port) with every parameter, Action and Version
// among them, in the query, an empty body that still carries a form
// Content-Type, signed with RPC v1. params is changed (see SignRPC).
func (c Credentials) NewRPCRequest(endpoint, action, version string, params url.Values, nonce string, now time.Time) (*http.Request, error) {
	params.Set("Action", action)
	params.Set("Version", version)
	c.SignRPC(http.MethodPost, params, nonce, now)
	r, err := http.NewRequest(http.MethodPost, endpoint+"/?"+params.Encode(), http.NoBody)
	if err != nil {
		return nil, err
	}
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("x-acs-action", action)
	r.Header.Set("x-acs-version", version)
	r.Header.Set("x-sdk-client", "golang/1.0.0")
	r.Header.Set("Accept-Encoding", "identity")
	return r, nil
}

// ACS3Algorithm names the Tea SDK's default signature.
const ACS3Algorithm = "ACS3-HMAC-SHA256"

// ACS3CanonicalRequest is the ACS3 canonical request: the method, the
// path encoded segment by segment, the canonical query, the signed headers
// (lower-case names, sorted) with their trimmed values, their names, and
// the payload hash.
func ACS3CanonicalRequest(method, path string, query url.Values, headers map[string]string, payloadHash string) string {
	if path == "" {
		path = "/"
	}
	segments := strings.Split(path, "/")
	for i, s := range segments {
		segments[i] = PercentEncode(s)
	}
	names := slices.Sorted(maps.Keys(headers))
	var b strings.Builder
	b.WriteString(method + "\n" + strings.Join(segments, "/") + "\n" + CanonicalQuery(query, "") + "\n")
	for _, k := range names {
		b.WriteString(k + ":" + strings.TrimSpace(headers[k]) + "\n")
	}
	b.WriteString("\n" + strings.Join(names, ";") + "\n" + payloadHash)
	return b.String()
}

// ACS3Signature is hex(HMAC-SHA256(secret, "ACS3-HMAC-SHA256\n" +
// hex(SHA-256(canonicalRequest)))): the raw secret, no '&'.
func ACS3Signature(secret, canonicalRequest string) string {
	return hexHMACSHA256([]byte(secret), ACS3Algorithm+"\n"+sha256Hex([]byte(canonicalRequest)))
}

// SignACS3 signs r, whose body is body, as the Tea SDK does: it sets
// x-acs-date, x-acs-signature-nonce, x-acs-content-sha256 and
// x-acs-credentials-provider, then signs host and every x-acs-* header
// (x-acs-action and x-acs-version are the caller's) and sets
// Authorization.
func (c Credentials) SignACS3(r *http.Request, body []byte, nonce string, now time.Time) {
	payloadHash := sha256Hex(body)
	r.Header.Set("x-acs-date", now.UTC().Format(RPCTimestamp))
	r.Header.Set("x-acs-signature-nonce", nonce)
	r.Header.Set("x-acs-content-sha256", payloadHash)
	if r.Header.Get("x-acs-credentials-provider") == "" {
		r.Header.Set("x-acs-credentials-provider", "static_ak")
	}
	signed := map[string]string{"host": host(r)}
	for k, vs := range r.Header {
		if name := strings.ToLower(k); strings.HasPrefix(name, "x-acs-") {
			signed[name] = strings.Join(vs, ",")
		}
	}
	canonical := ACS3CanonicalRequest(r.Method, r.URL.EscapedPath(), r.URL.Query(), signed, payloadHash)
	names := slices.Sorted(maps.Keys(signed))
	r.Header.Set("Authorization", ACS3Algorithm+" Credential="+c.KeyID+",SignedHeaders="+strings.Join(names, ";")+
		",Signature="+ACS3Signature(c.Secret, canonical))
}

// NewACS3Request builds a request as the Tea SDK sends an RPC-style one:
// POST to endpoint's "/" with the parameters in the query, an empty body
// and no Content-Type, accept JSON, signed with ACS3-HMAC-SHA256.
func (c Credentials) NewACS3Request(endpoint, action, version string, params url.Values, nonce string, now time.Time) (*http.Request, error) {
	u := endpoint + "/"
	if len(params) > 0 {
		u += "?" + params.Encode()
	}
	r, err := http.NewRequest(http.MethodPost, u, bytes.NewReader(nil))
	if err != nil {
		return nil, err
	}
	r.Header.Set("x-acs-action", action)
	r.Header.Set("x-acs-version", version)
	r.Header.Set("accept", "application/json")
	c.SignACS3(r, nil, nonce, now)
	return r, nil
}

// host is the Host a request will be sent with.
func host(r *http.Request) string {
	if r.Host != "" {
		return r.Host
	}
	return r.URL.Host
}
