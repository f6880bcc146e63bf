package signer

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Tencent Cloud API 3.0's TC3-HMAC-SHA256. Reference: api-reference.md
// 3.1 and 3.4.

// TC3Algorithm names the signature.
const TC3Algorithm = "TC3-HMAC-SHA256"

// TC3CanonicalRequest is the canonical request the SDK builds: the
// method, the URI "/", the query as sent (empty for POST), the two headers
// it signs (content-type and host) and the payload hash.
func TC3CanonicalRequest(method, rawQuery, contentType, host, payloadHash string) string {
	if method == http.MethodPost {
		rawQuery = ""
	}
	return method + "\n/\n" + rawQuery + "\ncontent-type:" + contentType + "\nhost:" + host + "\n\ncontent-type;host\n" + payloadHash
}

// TC3StringToSign is the algorithm, the timestamp, the credential scope
// and the hash of the canonical request.
func TC3StringToSign(timestamp int64, date, service, canonicalRequest string) string {
	return TC3Algorithm + "\n" + strconv.FormatInt(timestamp, 10) + "\n" + date + "/" + service + "/tc3_request\n" + sha256Hex([]byte(canonicalRequest))
}

// TC3Signature signs stringToSign with the key derived from the secret,
// the date and the service.
func TC3Signature(secret, date, service, stringToSign string) string {
	k := hmacSHA256([]byte("TC3"+secret), date)
	k = hmacSHA256(k, service)
	k = hmacSHA256(k, "tc3_request")
	return hexHMACSHA256(k, stringToSign)
}

// SignTC3 signs r, whose body is body and whose Content-Type is set, for
// service (cvm, vpc, cbs, tag) at now: it sets X-TC-Timestamp and
// Authorization, with the credential's date the UTC date of now.
func (c Credentials) SignTC3(r *http.Request, service string, body []byte, now time.Time) {
	stamp := now.Unix()
	date := time.Unix(stamp, 0).UTC().Format(time.DateOnly)
	r.Header.Set("X-TC-Timestamp", strconv.FormatInt(stamp, 10))
	canonical := TC3CanonicalRequest(r.Method, r.URL.RawQuery, strings.TrimSpace(r.Header.Get("Content-Type")), host(r), sha256Hex(body))
	sig := TC3Signature(c.Secret, date, service, TC3StringToSign(stamp, date, service, canonical))
	r.Header.Set("Authorization", TC3Algorithm+" Credential="+c.KeyID+"/"+date+"/"+service+"/tc3_request, SignedHeaders=content-type;host, Signature="+sig)
}

// NewTC3Request builds a request as the Go SDK sends one by default: POST
// of a JSON body to endpoint's "/", with the action, version, region and
// language headers, signed with TC3 for service. An empty region sends no
// X-TC-Region, as the SDK does.
func (c Credentials) NewTC3Request(endpoint, service, action, version, region string, body []byte, now time.Time) (*http.Request, error) {
	r, err := http.NewRequest(http.MethodPost, endpoint+"/", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-TC-Action", action)
	r.Header.Set("X-TC-Version", version)
	if region != "" {
		r.Header.Set("X-TC-Region", region)
	}
	r.Header.Set("X-TC-Language", "zh-CN")
	r.Header.Set("X-TC-RequestClient", "SDK_GO_1.3.209")
	c.SignTC3(r, service, body, now)
	return r, nil
}
