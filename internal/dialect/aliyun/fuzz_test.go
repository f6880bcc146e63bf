package aliyun_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/dialect/aliyun"
)

// FuzzRequest: whatever the query, headers and body, ecsd answers with a
// vendor error or a success, never a panic or a 5xx.
func FuzzRequest(f *testing.F) {
	f.Add("Action=DescribeInstanceStatus&RegionId=cn-hangzhou", "", "")
	f.Add("AccessKeyId=testAK&Signature=x&SignatureMethod=HMAC-SHA1&InstanceId.1=i-abc", "PageSize=%%", "ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=b")
	f.Add("Format=XML&Action=RunInstances&Amount=-1", "InstanceId.99999999999999999999=x", "ACS3-")
	env := apptest.Start(f, apptest.Options{})
	f.Fuzz(func(t *testing.T, query, body, authorization string) {
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		req.URL.RawQuery = query
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if authorization != "" {
			req.Header.Set("Authorization", authorization)
			req.Header.Set("x-acs-action", "DescribeInstanceStatus")
			req.Header.Set("x-acs-version", aliyun.Version)
		}
		rec := httptest.NewRecorder()
		env.App.Handler.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("status %d for query %q body %q: %s", rec.Code, query, body, rec.Body)
		}
	})
}

// FuzzSignedRequest: a signed request changed in any way that changes its
// meaning is refused; only the request as signed is served.
func FuzzSignedRequest(f *testing.F) {
	env := apptest.Start(f, apptest.Options{})
	signed := rpc{params: params("Action", "DescribeInstanceStatus", "RegionId", "cn-hangzhou", "PageSize", "20"), nonce: "fuzz-nonce"}
	original := signed.request(f, env).URL.RawQuery
	f.Add(original)
	f.Add(strings.Replace(original, "PageSize=20", "PageSize=21", 1))
	f.Add(strings.Replace(original, "cn-hangzhou", "cn-shanghai", 1))
	want := canonical(original)
	f.Fuzz(func(t *testing.T, query string) {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL.RawQuery = query
		rec := httptest.NewRecorder()
		env.App.Handler.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("status %d for %q", rec.Code, query)
		}
		if rec.Code == http.StatusOK && canonical(query) != want {
			t.Fatalf("a mutated signed request was served: %q", query)
		}
	})
}

// canonical is a query's meaning: its decoded parameters, sorted.
func canonical(q string) string {
	v, err := url.ParseQuery(q)
	if err != nil {
		return "unparsable:" + q
	}
	return v.Encode()
}
