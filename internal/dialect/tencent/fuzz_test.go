package tencent

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/compute/computetest"
	"github.com/ecsd/ecsd/internal/inbound"
)

// FuzzFlatParams: any query parses or is refused, and reading any parameter
// of what parses never panics.
func FuzzFlatParams(f *testing.F) {
	for _, seed := range []string{
		vectorGetQuery, "Filters.0.Name=zone&Filters.0.Values.1=a&Filters.0.Values.0=b", "a.b.c=1&a.b.d=2",
		"x=1&x.0=2", "InstanceIds.99999999999=a", "%", "a..b=1", "Placement.Zone=z&Placement.ProjectId=0",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, query string) {
		values, err := flatValues(query)
		if err != nil {
			return
		}
		p, err := flatParams(values)
		if err != nil {
			return
		}
		readAll(p, 0)
	})
}

// FuzzJSONParams: any body parses or is refused, and reading any parameter
// of what parses never panics.
func FuzzJSONParams(f *testing.F) {
	for _, seed := range []string{vectorPostBody, `{"Filters":[{"Name":"zone","Values":["a"]}]}`, `{"Placement":{"Zone":1}}`, `{"Limit":1e400}`, `[`, `{"a":null}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := jsonParams(body)
		if err != nil {
			return
		}
		readAll(p, 0)
	})
}

// readAll reads every parameter with every getter, and the parameters of
// DescribeInstances and RunInstances as their actions do.
func readAll(p params, depth int) {
	if depth > 5 {
		return
	}
	_ = p.only("InstanceIds")
	_, _, _ = paging(p)
	_, _, _ = instanceIDs(p)
	if filters, err := p.objects("Filters"); err == nil {
		_, _, _ = applyFilters(&compute.Query{}, filters)
	}
	_, _, _ = readPlacement(p)
	_, _ = readPolicy(p, compute.Ingress, "sg-12345678")
	_, _ = readDiskSpec(p, "DiskType", "DiskSize", "DiskName", true)
	_, _ = readTags(p, "Tags", "Key", "Value")
	_, _, _, _, _, _ = readPolicySet(p, "sg-12345678")
	for name := range p.m {
		_, _, _ = p.str(name)
		_, _, _ = p.integer(name)
		_, _, _ = p.boolean(name)
		_, _, _ = p.strs(name)
		if sub, ok, err := p.object(name); ok && err == nil {
			readAll(sub, depth+1)
		}
		if subs, err := p.objects(name); err == nil {
			for _, sub := range subs {
				readAll(sub, depth+1)
			}
		}
	}
}

// fuzzKeys is an auth.Store holding the captured vectors' key.
type fuzzKeys struct{}

func (fuzzKeys) CreateAccount(context.Context, auth.Account, auth.AccessKey) error { return nil }
func (fuzzKeys) Accounts(context.Context) ([]auth.Account, error)                  { return nil, nil }
func (fuzzKeys) AccessKeys(context.Context, compute.AccountID) ([]auth.AccessKey, error) {
	return nil, nil
}
func (fuzzKeys) AccessKey(_ context.Context, id string) (auth.AccessKey, error) {
	if id != "testAK" {
		return auth.AccessKey{}, &compute.Error{Code: compute.NotFound}
	}
	return auth.AccessKey{ID: id, Secret: vectorSecret, Account: "1000000000000001"}, nil
}

// freshNonces never remembers a nonce, so that a mutated request that
// slipped through the signature check could not hide behind a replay
// refusal.
type freshNonces struct{}

func (freshNonces) Use(context.Context, string, string, time.Time) (bool, error) { return true, nil }

// wire is the parts of a request the fuzzer mutates.
type wire struct {
	method, host, path, query, body, contentType, timestamp, authorization, contentSHA, action, region string
}

func (w wire) request() (*http.Request, *inbound.Request) {
	r := &http.Request{Method: w.method, Host: w.host, URL: &url.URL{Path: w.path, RawQuery: w.query}, Header: http.Header{}}
	for name, v := range map[string]string{
		"Content-Type": w.contentType, "X-TC-Timestamp": w.timestamp, "Authorization": w.authorization,
		"X-TC-Content-SHA256": w.contentSHA, "X-TC-Action": w.action, "X-TC-Version": Version, "X-TC-Region": w.region,
	} {
		if v != "" {
			r.Header.Set(name, v)
		}
	}
	if w.action == "" && w.authorization == "" {
		r.Header.Del("X-TC-Version")
	}
	return r, &inbound.Request{Body: []byte(w.body)}
}

// meaning is what a request's signature vouches for. Two requests with the
// same meaning are the same request, however differently spelled. The
// headers TC3 leaves unsigned (X-TC-Action, X-TC-Region: the SDKs sign only
// content-type and host) are not part of it: changing them is Tencent's
// design, not a forgery.
func meaning(r *http.Request, body string) string {
	if isTC3(r, []byte(body)) {
		authz, _ := parseTC3Authorization(r.Header.Get("Authorization"))
		signedBody := body
		if r.Header.Get("X-TC-Content-SHA256") == unsignedPayload {
			signedBody = "(unsigned)"
		}
		query := ""
		if r.Method == http.MethodGet {
			query = r.URL.RawQuery
		}
		return fmt.Sprintf("tc3|%s|%s|%s|%s|%s|%s|%+v", r.Method, r.Host, query, signedBody,
			strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Type"))), r.Header.Get("X-TC-Timestamp"), authz)
	}
	values, _ := flatValues(r.URL.RawQuery)
	if r.Method == http.MethodPost {
		form, _ := flatValues(body)
		for k, v := range form {
			values[k] = v
		}
	}
	pairs := make([]string, 0, len(values))
	for k, v := range values {
		pairs = append(pairs, k+"="+v)
	}
	slices.Sort(pairs)
	path := r.URL.Path
	if path == "" {
		path = "/"
	}
	return fmt.Sprintf("v1|%s|%s|%s|%q", r.Method, r.Host, path, pairs)
}

// FuzzAuthenticate mutates one part of a validly signed request (each way
// the SDK signs, and the legacy form) and checks that authentication never
// panics and never accepts a request whose signed meaning changed.
func FuzzAuthenticate(f *testing.F) {
	stamp := vectorTimestamp
	postAuthz := vectorPostAuth
	getAuthz := "TC3-HMAC-SHA256 Credential=testAK/2026-11-22/cvm/tc3_request, SignedHeaders=content-type;host, Signature=" + vectorGetSig
	seeds := []wire{
		{method: "POST", host: vectorHost, path: "/", body: vectorPostBody, contentType: "application/json", timestamp: stamp, authorization: postAuthz, action: "DescribeInstancesStatus", region: "ap-guangzhou"},
		{method: "GET", host: vectorHost, path: "/", query: vectorGetQuery, contentType: "application/x-www-form-urlencoded", timestamp: stamp, authorization: getAuthz, action: "DescribeInstancesStatus", region: "ap-guangzhou"},
		{method: "POST", host: vectorHost, path: "/", body: vectorV1Body, contentType: "application/x-www-form-urlencoded"},
	}
	// An unsigned-payload request and a legacy v1 GET, signed here.
	unsigned := wire{method: "POST", host: vectorHost, path: "/", body: `{"Limit":3}`, contentType: "application/json", timestamp: stamp, contentSHA: unsignedPayload, action: "DescribeInstances", region: "ap-shanghai"}
	r, _ := unsigned.request()
	canonical := tc3CanonicalRequest(r, []string{"content-type", "host"}, sha256Hex([]byte(unsignedPayload)), false)
	unsigned.authorization = "TC3-HMAC-SHA256 Credential=testAK/2026-11-22/cvm/tc3_request, SignedHeaders=content-type;host, Signature=" +
		tc3Signature(vectorSecret, vectorDate, "cvm", tc3StringToSign(stamp, vectorDate, "cvm", canonical))
	legacy := map[string]string{"Action": "DescribeInstancesStatus", "Version": Version, "InstanceIds.1": "ins-r8hr2upy", "Offset": "0", "Limit": "2",
		"Region": "ap-guangzhou", "Timestamp": stamp, "Nonce": "11886", "SecretId": "testAK", "SignatureMethod": hmacSHA1Method}
	legacy["Signature"], _ = v1Signature(hmacSHA1Method, vectorSecret, v1StringToSign("GET", "cvm.api.qcloud.com", "/v2/index.php", legacy))
	q := url.Values{}
	for k, v := range legacy {
		q.Set(k, v)
	}
	seeds = append(seeds, unsigned, wire{method: "GET", host: "cvm.api.qcloud.com", path: "/v2/index.php", query: q.Encode()})

	h := NewHandler(Config{Auth: auth.New(fuzzKeys{}, freshNonces{}, computetest.NewClock(computetest.Epoch))})
	authenticate := func(w wire) error {
		r, in := w.request()
		in.ID = inbound.NewID()
		return h.authenticate(&call{r: r, in: in})
	}
	for i, s := range seeds {
		if err := authenticate(s); err != nil {
			f.Fatalf("seed %d is refused: %v", i, err)
		}
		for field := range uint8(11) {
			f.Add(uint8(i), field, uint16(0), uint8(1), "")
			f.Add(uint8(i), field, uint16(3), uint8(0), "x")
		}
	}
	f.Fuzz(func(t *testing.T, which, field uint8, pos uint16, cut uint8, insert string) {
		base := seeds[int(which)%len(seeds)]
		w := base
		parts := []*string{&w.method, &w.host, &w.path, &w.query, &w.body, &w.contentType, &w.timestamp, &w.authorization, &w.contentSHA, &w.action, &w.region}
		s := parts[int(field)%len(parts)]
		at := int(pos) % (len(*s) + 1)
		end := min(at+int(cut), len(*s))
		*s = (*s)[:at] + insert + (*s)[end:]
		if err := authenticate(w); err != nil {
			return
		}
		r0, _ := base.request()
		r1, _ := w.request()
		if meaning(r0, base.body) != meaning(r1, w.body) {
			t.Fatalf("a mutated request was accepted:\nseed    %+v\nmutated %+v", base, w)
		}
	})
}
