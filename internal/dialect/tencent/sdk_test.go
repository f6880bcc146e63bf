package tencent_test

// Helpers over the official Tencent Cloud SDK, pointed at ecsd's address
// and used unmodified in each of the ways it can sign and send.

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	sdkerrors "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/ecsd/ecsd/internal/app/apptest"
)

const (
	region = "ap-guangzhou"
	zone3  = "ap-guangzhou-3"
	zone4  = "ap-guangzhou-4"
	image  = "img-eb30mz89"
	itype  = "S5.MEDIUM4"
	delay  = apptest.DefaultDelay
)

// sdkMode is one way the SDK signs and sends.
type sdkMode struct {
	name string
	set  func(cpf *profile.ClientProfile)
}

// sdkModes are every way the SDK can sign and send: each conformance test
// runs once per mode.
var sdkModes = []sdkMode{
	{"tc3-post", func(*profile.ClientProfile) {}},
	{"tc3-get", func(cpf *profile.ClientProfile) { cpf.HttpProfile.ReqMethod = "GET" }},
	{"tc3-unsigned-payload", func(cpf *profile.ClientProfile) { cpf.UnsignedPayload = true }},
	{"v1-hmacsha1-get", func(cpf *profile.ClientProfile) { cpf.SignMethod = "HmacSHA1"; cpf.HttpProfile.ReqMethod = "GET" }},
	{"v1-hmacsha256-post", func(cpf *profile.ClientProfile) { cpf.SignMethod = "HmacSHA256" }},
}

// newClient is a CVM client of the official SDK pointed at env, as
// docs/tencent.md tells users to: Endpoint and Scheme, nothing else.
func newClient(t testing.TB, env *apptest.Env, m sdkMode, region, keyID, secret string, more ...func(*profile.ClientProfile)) *cvm.Client {
	t.Helper()
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint = env.Host
	cpf.HttpProfile.Scheme = "HTTP"
	m.set(cpf)
	for _, f := range more {
		f(cpf)
	}
	c, err := cvm.NewClient(common.NewCredential(keyID, secret), region, cpf)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// eachMode runs f once per SDK mode against a fresh ecsd, with a client of
// account a1 in region ap-guangzhou.
func eachMode(t *testing.T, f func(t *testing.T, env *apptest.Env, m sdkMode, c *cvm.Client)) {
	for _, m := range sdkModes {
		t.Run(m.name, func(t *testing.T) {
			env := apptest.Start(t, apptest.Options{})
			f(t, env, m, newClient(t, env, m, region, apptest.AccessKeyID, apptest.AccessKeySecret))
		})
	}
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// wantError asserts err is the SDK's typed error with code and a lower-case
// UUID RequestId: a server error, not a transport or parse failure.
func wantError(t *testing.T, err error, code string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", code)
	}
	var e *sdkerrors.TencentCloudSDKError
	if !errors.As(err, &e) {
		t.Fatalf("got %T %v, want a *TencentCloudSDKError %s", err, err, code)
	}
	if e.Code != code {
		t.Fatalf("got error code %s, want %s; full error: %v", e.Code, code, err)
	}
	if !uuidPattern.MatchString(e.RequestId) {
		t.Errorf("RequestId %q is not a lower-case UUID", e.RequestId)
	}
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func mustRun(t *testing.T, c *cvm.Client, l launch) []string {
	t.Helper()
	ids, err := run(c, l)
	check(t, err)
	return ids
}

func mustStatus(t *testing.T, c *cvm.Client, ids []string, offset, limit int64) statusPage {
	t.Helper()
	p, err := describeStatus(c, ids, offset, limit)
	check(t, err)
	return p
}

func mustAct(t *testing.T, c *cvm.Client, action string, ids ...string) {
	t.Helper()
	check(t, act(c, action, ids...))
}

// launch describes a RunInstances call.
type launch struct {
	zone, image, charge, name, token string
	count                            int64
	dryRun                           bool
}

func run(c *cvm.Client, l launch) ([]string, error) {
	req := cvm.NewRunInstancesRequest()
	zone, img := l.zone, l.image
	if zone == "" {
		zone = zone3
	}
	if img == "" {
		img = image
	}
	req.Placement = &cvm.Placement{Zone: &zone}
	req.ImageId = &img
	req.InstanceType = ptr(itype)
	if l.charge != "" {
		req.InstanceChargeType = &l.charge
	}
	if l.charge == "PREPAID" {
		req.InstanceChargePrepaid = &cvm.InstanceChargePrepaid{Period: ptr(int64(1))}
	}
	if l.name != "" {
		req.InstanceName = &l.name
	}
	if l.token != "" {
		req.ClientToken = &l.token
	}
	if l.count != 0 {
		req.InstanceCount = &l.count
	}
	if l.dryRun {
		req.DryRun = ptr(true)
	}
	resp, err := c.RunInstances(req)
	if err != nil {
		return nil, err
	}
	return values(resp.Response.InstanceIdSet), nil
}

// runOne launches one postpaid instance in zone 3.
func runOne(t *testing.T, c *cvm.Client) string {
	t.Helper()
	ids := mustRun(t, c, launch{})
	if len(ids) != 1 {
		t.Fatalf("RunInstances returned %v, want one ID", ids)
	}
	return ids[0]
}

// statusPage is one DescribeInstancesStatus answer.
type statusPage struct {
	total    int64
	order    []string
	statuses map[string]string
}

func describeStatus(c *cvm.Client, ids []string, offset, limit int64) (statusPage, error) {
	req := cvm.NewDescribeInstancesStatusRequest()
	if ids != nil {
		req.InstanceIds = ptrs(ids)
	}
	if offset != 0 {
		req.Offset = &offset
	}
	if limit != 0 {
		req.Limit = &limit
	}
	resp, err := c.DescribeInstancesStatus(req)
	if err != nil {
		return statusPage{}, err
	}
	p := statusPage{total: *resp.Response.TotalCount, statuses: map[string]string{}}
	for _, s := range resp.Response.InstanceStatusSet {
		p.order = append(p.order, *s.InstanceId)
		p.statuses[*s.InstanceId] = *s.InstanceState
	}
	return p, nil
}

// statusOf is an instance's status, "" when it is not listed.
func statusOf(t *testing.T, c *cvm.Client, id string) string {
	t.Helper()
	return mustStatus(t, c, []string{id}, 0, 0).statuses[id]
}

func wantStatus(t *testing.T, c *cvm.Client, id, want string) {
	t.Helper()
	if got := statusOf(t, c, id); got != want {
		t.Fatalf("status of %s = %q, want %q", id, got, want)
	}
}

// act calls StartInstances, StopInstances, RebootInstances or
// TerminateInstances.
func act(c *cvm.Client, action string, ids ...string) error {
	var err error
	switch action {
	case "StartInstances":
		req := cvm.NewStartInstancesRequest()
		req.InstanceIds = ptrs(ids)
		_, err = c.StartInstances(req)
	case "StopInstances":
		req := cvm.NewStopInstancesRequest()
		req.InstanceIds = ptrs(ids)
		_, err = c.StopInstances(req)
	case "RebootInstances":
		req := cvm.NewRebootInstancesRequest()
		req.InstanceIds = ptrs(ids)
		_, err = c.RebootInstances(req)
	case "TerminateInstances":
		req := cvm.NewTerminateInstancesRequest()
		req.InstanceIds = ptrs(ids)
		_, err = c.TerminateInstances(req)
	default:
		panic(action)
	}
	return err
}

// describeInstances calls DescribeInstances with IDs or filters.
func describeInstances(c *cvm.Client, ids []string, filters map[string][]string, offset, limit int64) (int64, []*cvm.Instance, error) {
	req := cvm.NewDescribeInstancesRequest()
	if ids != nil {
		req.InstanceIds = ptrs(ids)
	}
	names := make([]string, 0, len(filters))
	for name := range filters {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		req.Filters = append(req.Filters, &cvm.Filter{Name: ptr(name), Values: ptrs(filters[name])})
	}
	if offset != 0 {
		req.Offset = &offset
	}
	if limit != 0 {
		req.Limit = &limit
	}
	resp, err := c.DescribeInstances(req)
	if err != nil {
		return 0, nil, err
	}
	return *resp.Response.TotalCount, resp.Response.InstanceSet, nil
}

func instanceIDsOf(set []*cvm.Instance) []string {
	out := make([]string, len(set))
	for i, inst := range set {
		out[i] = *inst.InstanceId
	}
	return out
}

func ptr[T any](v T) *T { return &v }

func ptrs(ss []string) []*string {
	out := make([]*string, len(ss))
	for i := range ss {
		out[i] = &ss[i]
	}
	return out
}

func values(ps []*string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = *p
	}
	return out
}

// recorder is an http.RoundTripper that keeps the last request it sent
// and the body of the last response it got.
type recorder struct {
	last     *http.Request
	body     string
	response []byte
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.last = req
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		r.body = string(b)
		req.Body = io.NopCloser(strings.NewReader(r.body))
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	r.response, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(r.response))
	return resp, err
}

// TestModesOnTheWire proves each SDK mode sends what its name says, so that
// every conformance test covers every signature path.
func TestModesOnTheWire(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	want := map[string]func(r *http.Request, body string) bool{
		"tc3-post": func(r *http.Request, body string) bool {
			return r.Method == "POST" && strings.HasPrefix(r.Header.Get("Authorization"), "TC3-HMAC-SHA256 ") &&
				r.Header.Get("Content-Type") == "application/json" && r.Header.Get("X-TC-Content-SHA256") == "" && strings.HasPrefix(body, "{")
		},
		"tc3-get": func(r *http.Request, body string) bool {
			return r.Method == "GET" && strings.HasPrefix(r.Header.Get("Authorization"), "TC3-HMAC-SHA256 ") &&
				r.URL.Query().Get("InstanceIds.0") == "ins-r8hr2upy"
		},
		"tc3-unsigned-payload": func(r *http.Request, body string) bool {
			return r.Method == "POST" && r.Header.Get("X-TC-Content-SHA256") == "UNSIGNED-PAYLOAD"
		},
		"v1-hmacsha1-get": func(r *http.Request, body string) bool {
			q := r.URL.Query()
			return r.Method == "GET" && r.Header.Get("Authorization") == "" && q.Get("SignatureMethod") == "HmacSHA1" && q.Get("InstanceIds.0") == "ins-r8hr2upy"
		},
		"v1-hmacsha256-post": func(r *http.Request, body string) bool {
			form, _ := url.ParseQuery(body)
			return r.Method == "POST" && r.Header.Get("Content-Type") == "application/x-www-form-urlencoded" &&
				form.Get("SignatureMethod") == "HmacSHA256" && form.Get("InstanceIds.0") == "ins-r8hr2upy"
		},
	}
	for _, m := range sdkModes {
		t.Run(m.name, func(t *testing.T) {
			rec := &recorder{}
			c := newClient(t, env, m, region, apptest.AccessKeyID, apptest.AccessKeySecret)
			c.WithHttpTransport(rec)
			mustStatus(t, c, []string{"ins-r8hr2upy"}, 0, 0)
			if ok := want[m.name]; ok == nil || !ok(rec.last, rec.body) {
				t.Fatalf("mode %s sent %s %s headers %v body %q", m.name, rec.last.Method, rec.last.URL, rec.last.Header, rec.body)
			}
		})
	}
}
