package zenlayer

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The ZC2-HMAC-SHA256 signature, verified from small pure steps.
// Reference: ../shared/spec/api-reference.md section 4.4.

const algorithm = "ZC2-HMAC-SHA256"

// maxSignedHeaders bounds the SignedHeaders list, so that a hostile header
// cannot make the server build a huge canonical request. SDKs sign two.
const maxSignedHeaders = 32

// authorization is a parsed ZC2 Authorization header.
type authorization struct {
	KeyID         string
	SignedHeaders []string
	Signature     string
}

// parseAuthorization parses step 1:
// "ZC2-HMAC-SHA256 Credential=<keyId>, SignedHeaders=a;b, Signature=<hex>".
// The three parts must each appear once; spaces around the commas are
// optional. Signed header names must be lower case and distinct. It reports
// false for anything else.
func parseAuthorization(h string) (authorization, bool) {
	alg, rest, ok := strings.Cut(h, " ")
	if !ok || alg != algorithm {
		return authorization{}, false
	}
	var a authorization
	seen := map[string]bool{}
	for item := range strings.SplitSeq(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(item), "=")
		if !ok || v == "" || seen[k] {
			return authorization{}, false
		}
		seen[k] = true
		switch k {
		case "Credential":
			a.KeyID = v
		case "SignedHeaders":
			a.SignedHeaders = strings.Split(v, ";")
		case "Signature":
			a.Signature = v
		default:
			return authorization{}, false
		}
	}
	if a.KeyID == "" || a.Signature == "" || !validSignedHeaders(a.SignedHeaders) {
		return authorization{}, false
	}
	return a, true
}

func validSignedHeaders(names []string) bool {
	if len(names) == 0 || len(names) > maxSignedHeaders {
		return false
	}
	for i, n := range names {
		if n == "" {
			return false
		}
		for j := 0; j < len(n); j++ {
			if c := n[j]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
				return false
			}
		}
		for _, m := range names[:i] {
			if m == n {
				return false
			}
		}
	}
	return true
}

// parseTimestamp reads X-ZC-Timestamp: Unix seconds, digits only. A time in
// milliseconds parses, and is refused as far from now.
func parseTimestamp(s string) (time.Time, bool) {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(n, 0), true
}

// canonicalRequest is step 3: the method, the canonical URI, which is "/"
// whatever the real path (/api/v2/zec), an empty query, the signed headers
// in the client's order with their values, the signed header list, and the
// payload hash.
func canonicalRequest(r *http.Request, signedHeaders []string, payloadHash string) string {
	var b strings.Builder
	b.WriteString(r.Method)
	b.WriteString("\n/\n\n")
	for _, name := range signedHeaders {
		b.WriteString(name)
		b.WriteByte(':')
		b.WriteString(headerValue(r, name))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(strings.Join(signedHeaders, ";"))
	b.WriteByte('\n')
	b.WriteString(payloadHash)
	return b.String()
}

// headerValue is a signed header's value: Host exactly as received (port
// included), any other header trimmed, as sent (Content-Type keeps its
// "; charset=utf-8"), several values joined with ','.
func headerValue(r *http.Request, name string) string {
	if name == "host" {
		return r.Host
	}
	values := r.Header.Values(name)
	if len(values) == 1 {
		return strings.TrimSpace(values[0])
	}
	trimmed := make([]string, len(values))
	for i, v := range values {
		trimmed[i] = strings.TrimSpace(v)
	}
	return strings.Join(trimmed, ",")
}

// stringToSign is step 4.
func stringToSign(timestamp, canonicalRequest string) string {
	return algorithm + "\n" + timestamp + "\n" + sha256Hex([]byte(canonicalRequest))
}

// signature is step 5: hex(HMAC-SHA256(password, stringToSign)), keyed with
// the raw password; there is no derived key.
func signature(password, timestamp, canonicalRequest string) string {
	m := hmac.New(sha256.New, []byte(password))
	m.Write([]byte(stringToSign(timestamp, canonicalRequest)))
	return hex.EncodeToString(m.Sum(nil))
}

// sha256Hex is the lower-case hex SHA-256 of b.
func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// signaturesEqual compares signatures in constant time.
func signaturesEqual(a, b string) bool {
	return hmac.Equal([]byte(a), []byte(b))
}
