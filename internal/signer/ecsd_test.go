package signer_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/signer"
)

// TestEcsdAcceptsWhatTheSignerSigns proves the signer against ecsd's own
// verifiers, independently written: a request signed here is answered,
// and the same request with one byte changed after signing is refused
// with the vendor's signature error.
func TestEcsdAcceptsWhatTheSignerSigns(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	cred := signer.Credentials{KeyID: apptest.AccessKeyID, Secret: apptest.AccessKeySecret}
	nonce := 0
	next := func() string { nonce++; return fmt.Sprintf("%032x", nonce) }
	now := time.Now

	cases := []struct {
		name string
		// build signs a request; tamper, when set, changes one byte of
		// it afterwards.
		build        func(t *testing.T) *http.Request
		tamper       func(r *http.Request)
		wantStatus   int
		wantInAnswer string
	}{
		{
			name: "alibaba rpc v1",
			build: func(t *testing.T) *http.Request {
				r, err := cred.NewRPCRequest(env.URL, "DescribeInstanceStatus", "2014-05-26",
					url.Values{"RegionId": {"cn-hangzhou"}, "PageSize": {"10"}}, next(), now())
				must(t, err)
				return r
			},
			tamper: func(r *http.Request) {
				r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "PageSize=10", "PageSize=11", 1)
			},
			wantStatus: http.StatusOK, wantInAnswer: `"TotalCount":0`,
		},
		{
			name: "alibaba acs3",
			build: func(t *testing.T) *http.Request {
				r, err := cred.NewACS3Request(env.URL, "DescribeInstanceStatus", "2014-05-26",
					url.Values{"RegionId": {"cn-hangzhou"}, "PageSize": {"10"}}, next(), now())
				must(t, err)
				return r
			},
			tamper: func(r *http.Request) {
				n := r.Header.Get("x-acs-signature-nonce")
				r.Header.Set("x-acs-signature-nonce", n[:len(n)-1]+"f")
			},
			wantStatus: http.StatusOK, wantInAnswer: `"TotalCount":0`,
		},
		{
			name: "tencent tc3",
			build: func(t *testing.T) *http.Request {
				r, err := cred.NewTC3Request(env.URL, "cvm", "DescribeInstancesStatus", "2017-03-12", "ap-guangzhou", []byte(`{"Limit":10}`), now())
				must(t, err)
				return r
			},
			tamper:     func(r *http.Request) { setBody(r, `{"Limit":11}`) },
			wantStatus: http.StatusOK, wantInAnswer: `"TotalCount":0`,
		},
		{
			name: "zenlayer zc2",
			build: func(t *testing.T) *http.Request {
				r, err := cred.NewZC2Request(env.URL, "zec", "DescribeInstancesStatus", "2025-09-01", []byte(`{"pageSize":10}`), now())
				must(t, err)
				return r
			},
			tamper:     func(r *http.Request) { setBody(r, `{"pageSize":11}`) },
			wantStatus: http.StatusOK, wantInAnswer: `"totalCount":0`,
		},
	}
	refusals := map[string]string{
		"alibaba rpc v1": "SignatureDoesNotMatch", "alibaba acs3": "SignatureDoesNotMatch",
		"tencent tc3": "AuthFailure.SignatureFailure", "zenlayer zc2": "AUTHFAILURE_SIGNATURE_FAILURE",
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, body := send(t, c.build(t))
			if status != c.wantStatus || !strings.Contains(body, c.wantInAnswer) || strings.Contains(body, "Error") {
				t.Fatalf("signed request: %d %s, want %d with %s", status, body, c.wantStatus, c.wantInAnswer)
			}
			r := c.build(t)
			c.tamper(r)
			status, body = send(t, r)
			if want := refusals[c.name]; !strings.Contains(body, want) {
				t.Errorf("request changed after signing: %d %s, want %s", status, body, want)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func setBody(r *http.Request, body string) {
	r.Body = io.NopCloser(bytes.NewReader([]byte(body)))
	r.ContentLength = int64(len(body))
	r.GetBody = nil
}

func send(t *testing.T, r *http.Request) (int, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}
