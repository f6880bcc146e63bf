// Package signer signs requests on the client's side as the vendors'
// official SDKs sign them: Alibaba RPC v1 (HMAC-SHA1 over the query, as
// the classic alibaba-cloud-sdk-go does), Alibaba ACS3-HMAC-SHA256 (as the
// Tea SDK, darabonba-openapi, does), Tencent TC3-HMAC-SHA256 and Zenlayer
// ZC2-HMAC-SHA256.
//
// It is written from ../shared/spec/api-reference.md (sections 2.4, 2.5,
// 3.4 and 4.4) and the SDKs' observable behaviour, independently of the
// dialects' verifiers: nothing in ecsd's server imports it, so that a fault
// in one cannot hide the same fault in the other. The load tool
// (internal/bench) signs every request with it.
package signer

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"net/url"
	"slices"
	"strings"
)

// Credentials are an access key: Alibaba's AccessKeyId and
// AccessKeySecret, Tencent's SecretId and SecretKey, Zenlayer's key ID and
// password.
type Credentials struct {
	KeyID  string
	Secret string
}

// PercentEncode is RFC 3986 encoding as Alibaba's SDKs apply it: A-Z a-z
// 0-9 - _ . ~ stay, every other byte becomes %XY in upper-case hex (a
// space is %20, '*' is %2A).
func PercentEncode(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		}
	}
	return b.String()
}

// CanonicalQuery sorts params by name, then value, and joins
// PercentEncode(name)=PercentEncode(value) with '&', keeping empty values
// and leaving out the parameter named skip (Signature, or none).
func CanonicalQuery(params url.Values, skip string) string {
	names := make([]string, 0, len(params))
	for k := range params {
		if k != skip {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	var b strings.Builder
	for _, k := range names {
		values := params[k]
		if len(values) > 1 {
			values = slices.Sorted(slices.Values(values))
		}
		for _, v := range values {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(PercentEncode(k))
			b.WriteByte('=')
			b.WriteString(PercentEncode(v))
		}
	}
	return b.String()
}

func hmacSum(h func() hash.Hash, key []byte, msg string) []byte {
	m := hmac.New(h, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// EmptyPayloadHash is the hex SHA-256 of an empty body.
const EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

func base64HMACSHA1(key, msg string) string {
	return base64.StdEncoding.EncodeToString(hmacSum(sha1.New, []byte(key), msg))
}

func hmacSHA256(key []byte, msg string) []byte { return hmacSum(sha256.New, key, msg) }

func hexHMACSHA256(key []byte, msg string) string { return hex.EncodeToString(hmacSHA256(key, msg)) }
