package tencent

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"net/http"
	"slices"
	"strings"
)

// The two signatures of Tencent Cloud API 3.0, verified from small pure
// steps. Reference: ../shared/spec/api-reference.md sections 3.4 and 3.5.

const (
	tc3Algorithm  = "TC3-HMAC-SHA256"
	tc3Terminator = "tc3_request"
	// unsignedPayload is the X-TC-Content-SHA256 value that leaves the body
	// out of the signature; its own hash stands in for the body's.
	unsignedPayload = "UNSIGNED-PAYLOAD"
)

// tc3Authorization is a parsed TC3 Authorization header.
type tc3Authorization struct {
	SecretID      string
	Date          string // YYYY-MM-DD, from the credential scope
	Service       string
	Terminator    string
	SignedHeaders []string
	Signature     string
}

// parseTC3Authorization parses
// "TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request, SignedHeaders=a;b, Signature=hex".
// It reports false for anything not of that shape; the values are checked by
// the caller.
func parseTC3Authorization(h string) (tc3Authorization, bool) {
	alg, rest, ok := strings.Cut(h, " ")
	if !ok || alg != tc3Algorithm {
		return tc3Authorization{}, false
	}
	var a tc3Authorization
	var credential, signedHeaders bool
	for item := range strings.SplitSeq(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(item), "=")
		if !ok {
			return tc3Authorization{}, false
		}
		switch k {
		case "Credential":
			// The SecretId itself never holds a '/', so the scope is the
			// last three parts.
			parts := strings.Split(v, "/")
			if len(parts) != 4 || credential {
				return tc3Authorization{}, false
			}
			a.SecretID, a.Date, a.Service, a.Terminator = parts[0], parts[1], parts[2], parts[3]
			credential = true
		case "SignedHeaders":
			if signedHeaders {
				return tc3Authorization{}, false
			}
			a.SignedHeaders = strings.Split(v, ";")
			signedHeaders = true
		case "Signature":
			if a.Signature != "" {
				return tc3Authorization{}, false
			}
			a.Signature = v
		default:
			return tc3Authorization{}, false
		}
	}
	if a.SecretID == "" || !signedHeaders || a.Signature == "" {
		return tc3Authorization{}, false
	}
	for _, name := range a.SignedHeaders {
		if name == "" || name != strings.ToLower(name) {
			return tc3Authorization{}, false
		}
	}
	return a, true
}

// tc3CanonicalRequest is step 5 of the TC3 signature: the method, the
// canonical URI (always "/"), the query exactly as sent (empty for POST), the
// signed headers with their values, and the payload hash. lowerValues
// lower-cases header values, as Tencent's documentation says to; the SDKs do
// not, so the verifier tries both.
func tc3CanonicalRequest(r *http.Request, signedHeaders []string, payloadHash string, lowerValues bool) string {
	return tc3CanonicalRequestFor(r, r.Host, signedHeaders, payloadHash, lowerValues)
}

// tc3CanonicalRequestFor is tc3CanonicalRequest with the host as host.
func tc3CanonicalRequestFor(r *http.Request, host string, signedHeaders []string, payloadHash string, lowerValues bool) string {
	var b strings.Builder
	b.WriteString(r.Method)
	b.WriteString("\n/\n")
	if r.Method != http.MethodPost {
		b.WriteString(r.URL.RawQuery)
	}
	b.WriteByte('\n')
	for _, name := range signedHeaders {
		v := strings.TrimSpace(r.Header.Get(name))
		if name == "host" {
			v = host
		}
		if lowerValues {
			v = strings.ToLower(v)
		}
		b.WriteString(name)
		b.WriteByte(':')
		b.WriteString(v)
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(strings.Join(signedHeaders, ";"))
	b.WriteByte('\n')
	b.WriteString(payloadHash)
	return b.String()
}

// tc3StringToSign is step 6: the algorithm, the timestamp as sent, the
// credential scope and the hash of the canonical request.
func tc3StringToSign(timestamp, date, service, canonicalRequest string) string {
	return tc3Algorithm + "\n" + timestamp + "\n" + date + "/" + service + "/" + tc3Terminator + "\n" + sha256Hex([]byte(canonicalRequest))
}

// tc3Signature is step 7: the key derived from the secret, the date and the
// service signs the string to sign.
func tc3Signature(secret, date, service, stringToSign string) string {
	kDate := hmacSHA256([]byte("TC3"+secret), date)
	kService := hmacSHA256(kDate, service)
	kSigning := hmacSHA256(kService, tc3Terminator)
	return hex.EncodeToString(hmacSHA256(kSigning, stringToSign))
}

func hmacSHA256(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// v1 signature methods; an absent SignatureMethod means HmacSHA1.
const (
	hmacSHA1Method   = "HmacSHA1"
	hmacSHA256Method = "HmacSHA256"
)

// v1StringToSign is steps 1 to 3 of the v1 signature: the method, the host
// (port included) and the path, then every parameter but Signature, sorted
// by name, joined as name=value with raw, undecoded values.
func v1StringToSign(method, host, path string, params map[string]string) string {
	names := make([]string, 0, len(params))
	for name := range params {
		if name != "Signature" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	var b strings.Builder
	b.WriteString(method)
	b.WriteString(host)
	b.WriteString(path)
	b.WriteByte('?')
	for i, name := range names {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(name)
		b.WriteByte('=')
		b.WriteString(params[name])
	}
	return b.String()
}

// checkV1Split refuses parameters whose v1 string to sign could be split
// into parameters otherwise. The vendor joins raw values with '&' and '='
// (and its SDKs sign so), so a value holding '&', or a name holding '&' or
// '=', signs the same string as other parameters would: "A=1&B=2" is both
// {A: "1&B=2"} and {A: "1", B: "2"}. Refusing those, after the signature
// held, leaves one set of parameters for every string to sign, so one
// signature never verifies for two requests. (Values holding '=', as
// base64 does, stay unambiguous while names hold none.)
func checkV1Split(params map[string]string) error {
	for name, v := range params {
		if strings.ContainsAny(name, "&=") {
			return &apiError{errSignature.Code, "A parameter name holds '&' or '=', which signature v1 cannot sign unambiguously."}
		}
		if strings.Contains(v, "&") {
			return &apiError{errSignature.Code, fmt.Sprintf("The value of `%s` holds '&', which signature v1 cannot sign unambiguously "+
				"(it joins raw values with '&'); sign the request with TC3-HMAC-SHA256.", name)}
		}
	}
	return nil
}

// v1Signature is step 4: Base64(HMAC(secret, stringToSign)) with the hash
// the method names. It reports false for an unknown method.
func v1Signature(method, secret, stringToSign string) (string, bool) {
	var h func() hash.Hash
	switch method {
	case hmacSHA1Method:
		h = sha1.New
	case hmacSHA256Method:
		h = sha256.New
	default:
		return "", false
	}
	m := hmac.New(h, []byte(secret))
	m.Write([]byte(stringToSign))
	return base64.StdEncoding.EncodeToString(m.Sum(nil)), true
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
