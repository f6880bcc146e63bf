package signer

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Zenlayer API 2.0's ZC2-HMAC-SHA256. Reference: api-reference.md 4.1 and
// 4.4.

// ZC2Algorithm names the signature.
const ZC2Algorithm = "ZC2-HMAC-SHA256"

// ZC2CanonicalRequest is the canonical request the SDK builds: POST, the
// URI "/" whatever the path, an empty query, content-type and host with
// their values as sent, and the payload hash.
func ZC2CanonicalRequest(contentType, host, payloadHash string) string {
	return "POST\n/\n\ncontent-type:" + contentType + "\nhost:" + host + "\n\ncontent-type;host\n" + payloadHash
}

// ZC2Signature is hex(HMAC-SHA256(password, "ZC2-HMAC-SHA256\n" +
// timestamp + "\n" + hex(SHA-256(canonicalRequest)))): the raw password,
// no derived key.
func ZC2Signature(password, timestamp, canonicalRequest string) string {
	return hexHMACSHA256([]byte(password), ZC2Algorithm+"\n"+timestamp+"\n"+sha256Hex([]byte(canonicalRequest)))
}

// SignZC2 signs r, whose body is body and whose Content-Type is set, at
// now: it sets X-ZC-Timestamp, X-ZC-Signature-Method and Authorization.
func (c Credentials) SignZC2(r *http.Request, body []byte, now time.Time) {
	stamp := strconv.FormatInt(now.Unix(), 10)
	r.Header.Set("X-ZC-Timestamp", stamp)
	r.Header.Set("X-ZC-Signature-Method", ZC2Algorithm)
	canonical := ZC2CanonicalRequest(strings.TrimSpace(r.Header.Get("Content-Type")), host(r), sha256Hex(body))
	r.Header.Set("Authorization", ZC2Algorithm+" Credential="+c.KeyID+", SignedHeaders=content-type;host, Signature="+ZC2Signature(c.Secret, stamp, canonical))
}

// NewZC2Request builds a request as the Go SDK sends one: POST of a JSON
// body to endpoint's /api/v2/<service>, with the service, version and
// action headers, signed with ZC2.
func (c Credentials) NewZC2Request(endpoint, service, action, version string, body []byte, now time.Time) (*http.Request, error) {
	r, err := http.NewRequest(http.MethodPost, endpoint+"/api/v2/"+service, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-ZC-Action", action)
	r.Header.Set("X-ZC-Version", version)
	r.Header.Set("X-ZC-Service", service)
	r.Header.Set("X-ZC-SDK-Version", "0.2.45")
	r.Header.Set("X-ZC-SDK-Lang", "go")
	c.SignZC2(r, body, now)
	return r, nil
}
