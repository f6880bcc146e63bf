package aliyun

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// The two signatures of Alibaba's RPC APIs, verified from small pure steps.
// Reference: ../shared/spec/api-reference.md sections 2.4 and 2.5.

// percentEncode is RFC 3986 encoding as Alibaba specifies it: unreserved
// characters stay, every other byte becomes %XY in upper-case hex, so a space
// is %20 (never +), '*' is %2A and '~' stays.
func percentEncode(s string) string {
	const hexDigits = "0123456789ABCDEF"
	n := 0
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			b = append(b, c)
		} else {
			b = append(b, '%', hexDigits[c>>4], hexDigits[c&15])
		}
	}
	return string(b)
}

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~'
}

// canonicalQuery sorts parameters by name (then value, for the rare repeated
// name) and joins enc(name)=enc(value) with '&', keeping empty values.
// Parameters named in skip are left out.
func canonicalQuery(v url.Values, skip string) string {
	type pair struct{ k, v string }
	pairs := make([]pair, 0, len(v))
	for k, vs := range v {
		if k == skip {
			continue
		}
		for _, x := range vs {
			pairs = append(pairs, pair{k, x})
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		if c := strings.Compare(a.k, b.k); c != 0 {
			return c
		}
		return strings.Compare(a.v, b.v)
	})
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(percentEncode(p.k))
		b.WriteByte('=')
		b.WriteString(percentEncode(p.v))
	}
	return b.String()
}

// rpcStringToSign is step 6 of the RPC v1 signature: the method, the encoded
// path "/" and the canonical query encoded a second time.
func rpcStringToSign(method string, params url.Values) string {
	return method + "&%2F&" + percentEncode(canonicalQuery(params, "Signature"))
}

// rpcSignature is Base64(HMAC-SHA1(secret + "&", stringToSign)).
func rpcSignature(secret, stringToSign string) string {
	m := hmac.New(sha1.New, []byte(secret+"&"))
	m.Write([]byte(stringToSign))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// acs3Authorization is a parsed ACS3 Authorization header.
type acs3Authorization struct {
	Algorithm     string
	AccessKeyID   string
	SignedHeaders []string
	Signature     string
}

// parseACS3Authorization parses
// "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=a;b,Signature=hex".
// It reports false for anything not of that shape.
func parseACS3Authorization(h string) (acs3Authorization, bool) {
	alg, rest, ok := strings.Cut(h, " ")
	if !ok || !strings.HasPrefix(alg, "ACS3-") {
		return acs3Authorization{}, false
	}
	a := acs3Authorization{Algorithm: alg}
	for item := range strings.SplitSeq(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(item), "=")
		if !ok {
			return acs3Authorization{}, false
		}
		switch k {
		case "Credential":
			a.AccessKeyID = v
		case "SignedHeaders":
			a.SignedHeaders = strings.Split(v, ";")
		case "Signature":
			a.Signature = v
		default:
			return acs3Authorization{}, false
		}
	}
	if a.AccessKeyID == "" || len(a.SignedHeaders) == 0 || a.Signature == "" {
		return acs3Authorization{}, false
	}
	return a, true
}

// acs3CanonicalRequest builds step 7 of the ACS3 signature from the request
// as received: the method, the path, the canonical query of the URL only
// (form-body parameters are covered by the payload hash), the signed headers
// with their values, and the payload hash.
func acs3CanonicalRequest(r *http.Request, query url.Values, signedHeaders []string, payloadHash string) string {
	var b strings.Builder
	b.WriteString(r.Method)
	b.WriteByte('\n')
	b.WriteString(canonicalPath(r.URL.EscapedPath()))
	b.WriteByte('\n')
	b.WriteString(canonicalQuery(query, ""))
	b.WriteByte('\n')
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

// canonicalPath re-encodes the path with the RFC 3986 rules, keeping '/'.
func canonicalPath(escaped string) string {
	if escaped == "" {
		return "/"
	}
	p, err := url.PathUnescape(escaped)
	if err != nil {
		return escaped
	}
	segments := strings.Split(p, "/")
	for i, s := range segments {
		segments[i] = percentEncode(s)
	}
	return strings.Join(segments, "/")
}

// headerValue is a header's canonical value: Host as received, other headers
// trimmed, several values sorted and joined with ','.
func headerValue(r *http.Request, name string) string {
	if name == "host" {
		return r.Host
	}
	values := r.Header.Values(name)
	trimmed := make([]string, len(values))
	for i, v := range values {
		trimmed[i] = strings.TrimSpace(v)
	}
	slices.Sort(trimmed)
	return strings.Join(trimmed, ",")
}

// acs3Signature is hex(HMAC-SHA256(secret, "ACS3-HMAC-SHA256\n" + hex(SHA256(canonicalRequest)))).
func acs3Signature(secret, canonicalRequest string) string {
	sum := sha256.Sum256([]byte(canonicalRequest))
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(acs3Algorithm + "\n" + hex.EncodeToString(sum[:])))
	return hex.EncodeToString(m.Sum(nil))
}

const acs3Algorithm = "ACS3-HMAC-SHA256"

// sha256Hex is the lower-case hex SHA-256 of b.
func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// signaturesEqual compares signatures in constant time.
func signaturesEqual(a, b string) bool {
	return hmac.Equal([]byte(a), []byte(b))
}
