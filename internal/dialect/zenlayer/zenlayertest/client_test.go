package zenlayertest

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestClientSignsDocumentationVector proves the client on the official example of
// reference 4.4.
func TestClientSignsDocumentationVector(t *testing.T) {
	got := Sign("anyId", "Gu5t9xGARNpq86cd98joQYCN3", "console.zenlayer.com", "application/json; charset=utf-8",
		"1673361177", []byte(`{"pageSize":10,"pageNum":1,"zoneId":"HKG-A"}`))
	const want = "efb356c32e55c781e10dc676da59462c22596d82e91c57803666243379555b2f"
	if !strings.HasSuffix(got, "Signature="+want) {
		t.Errorf("got %s, want signature %s", got, want)
	}
}

// TestClientSignsCapturedVector proves the client on the request the official SDK
// sent (reference 4.10), Authorization header and all.
func TestClientSignsCapturedVector(t *testing.T) {
	got := Sign("testAK", "testSecret", "127.0.0.1:41029", "application/json", "1795311049", []byte(`{"instanceIds":["i1","i2"],"pageSize":20}`))
	const want = "ZC2-HMAC-SHA256 Credential=testAK, SignedHeaders=content-type;host, Signature=10fa026661dac4ce9162763f481aa4968478e2421e45283a3a2a4eb0990ec351"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestTypedCallsDecodeAsTheSDK: a typed call sends to the service's path
// with its version, and decodes as the SDK does: a field of the wrong JSON
// type fails the call with JSON_PARSE_FAILED, a missing "response" leaves
// the answer nil, a non-200 answer is an *Error.
func TestTypedCallsDecodeAsTheSDK(t *testing.T) {
	var gotPath, gotService, gotVersion string
	answer := ""
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotPath, gotService, gotVersion = r.URL.Path, r.Header.Get("X-ZC-Service"), r.Header.Get("X-ZC-Version")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, answer)
	}))
	defer srv.Close()
	c := New(t, strings.TrimPrefix(srv.URL, "http://"), "AK", "SK")
	const id = "T00000000-0000-4000-8000-000000000000"

	answer = `{"requestId":"` + id + `","response":{"requestId":"` + id + `","totalCount":1,"dataSet":[{"imageId":"i","imageSize":"20"}]}}`
	images, err := c.DescribeImages(&DescribeImagesRequest{ZoneID: String("z")})
	if err != nil || images == nil || *images.DataSet[0].ImageSize != "20" || gotPath != "/api/v2/zec" || gotService != "zec" || gotVersion != "2025-09-01" {
		t.Fatalf("DescribeImages: %+v, %v; sent to %s as %s %s", images, err, gotPath, gotService, gotVersion)
	}
	answer = strings.Replace(answer, `"imageSize":"20"`, `"imageSize":20`, 1)
	_, err = c.DescribeImages(&DescribeImagesRequest{})
	var e *Error
	if !errors.As(err, &e) || e.Code != "JSON_PARSE_FAILED" {
		t.Errorf("a number for the string imageSize: %v, want JSON_PARSE_FAILED", err)
	}

	answer = `{"requestId":"` + id + `"}`
	keys, err := c.DescribeKeyPairs(&DescribeKeyPairsRequest{})
	if err != nil || keys != nil || gotPath != "/api/v2/ccs" || gotVersion != "2025-09-01" {
		t.Errorf("no response: %+v, %v at %s; want nil, no error, at /api/v2/ccs", keys, err, gotPath)
	}
	_, _ = c.DeleteVpc2024(&DeleteVpc2024Request{VpcID: "v"})
	if gotVersion != "2024-04-01" {
		t.Errorf("a 2024 call sent version %s", gotVersion)
	}

	status, answer = http.StatusNotFound, `{"requestId":"`+id+`","code":"INVALID_VPC_NOT_FOUND","message":"no"}`
	_, err = c.DescribeVpcs(&DescribeVpcsRequest{})
	if !errors.As(err, &e) || e.Code != "INVALID_VPC_NOT_FOUND" || e.Status != http.StatusNotFound {
		t.Errorf("an error answer: %v", err)
	}
}
