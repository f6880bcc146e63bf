package app_test

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/app/apptest"
)

// tencentV1 signs a Tencent v1 GET DescribeRegions with the given nonce,
// written from reference 3.5.
func tencentV1(env *apptest.Env, nonce string) *http.Request {
	params := map[string]string{
		"Action": "DescribeRegions", "Version": "2017-03-12", "Region": "ap-guangzhou", "Nonce": nonce,
		"Timestamp": strconv.FormatInt(env.Clock.Now().Unix(), 10), "SecretId": apptest.AccessKeyID, "SignatureMethod": "HmacSHA256",
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range params {
			if !yield(k) {
				return
			}
		}
	})
	var joined []string
	for _, k := range names {
		joined = append(joined, k+"="+params[k])
	}
	m := hmac.New(sha256.New, []byte(apptest.AccessKeySecret))
	m.Write([]byte("GET" + env.Host + "/?" + strings.Join(joined, "&")))
	q := url.Values{}
	for k, v := range params {
		q.Set(k, v)
	}
	q.Set("Signature", base64.StdEncoding.EncodeToString(m.Sum(nil)))
	req, _ := http.NewRequest(http.MethodGet, env.URL+"/?"+q.Encode(), nil)
	return req
}

// aliyunRPC signs an Alibaba RPC v1 GET DescribeRegions with the given
// nonce, written from reference 2.4.
func aliyunRPC(env *apptest.Env, nonce string) *http.Request {
	q := url.Values{
		"Action": {"DescribeRegions"}, "Version": {"2014-05-26"}, "Format": {"JSON"}, "AccessKeyId": {apptest.AccessKeyID},
		"SignatureMethod": {"HMAC-SHA1"}, "SignatureVersion": {"1.0"}, "SignatureNonce": {nonce},
		"Timestamp": {env.Clock.Now().UTC().Format(time.RFC3339)},
	}
	// url.Values encodes a space as '+' and leaves '*' and '~' alone;
	// these values hold none of them, so its encoding is Alibaba's.
	canonical := q.Encode()
	m := hmac.New(sha1.New, []byte(apptest.AccessKeySecret+"&"))
	m.Write([]byte("GET&%2F&" + url.QueryEscape(canonical)))
	q.Set("Signature", base64.StdEncoding.EncodeToString(m.Sum(nil)))
	req, _ := http.NewRequest(http.MethodGet, env.URL+"/?"+q.Encode(), nil)
	return req
}

// errorCode sends req and returns the vendor error code of the answer, ""
// when it succeeded.
func errorCode(t *testing.T, req *http.Request) string {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var answer struct {
		Code     string
		Response struct{ Error struct{ Code string } }
	}
	if err := json.Unmarshal(body, &answer); err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	return answer.Code + answer.Response.Error.Code
}

// TestNoncesPerDialect: a nonce one dialect saw does not make another
// dialect's request a replay (a Tencent Nonce is a number an Alibaba
// SignatureNonce may be too), while each dialect refuses its own replays.
func TestNoncesPerDialect(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	const nonce = "1234567890123"
	steps := []struct {
		name string
		req  func() *http.Request
		want string
	}{
		{"Tencent first", func() *http.Request { return tencentV1(env, nonce) }, ""},
		{"Alibaba with the same nonce", func() *http.Request { return aliyunRPC(env, nonce) }, ""},
		{"Alibaba replayed", func() *http.Request { return aliyunRPC(env, nonce) }, "SignatureNonceUsed"},
		{"Tencent replayed", func() *http.Request { return tencentV1(env, nonce) }, "AuthFailure.SignatureFailure"},
	}
	for _, s := range steps {
		if got := errorCode(t, s.req()); got != s.want {
			t.Errorf("%s: code %q, want %q", s.name, got, s.want)
		}
	}
}
