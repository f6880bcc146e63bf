package zenlayer_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/compute/computetest"
	"github.com/ecsd/ecsd/internal/dialect/kit/kittest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden from the test client")

// goldenHost is the Host of every golden request: the captured vector's, so
// that its request (reference 4.10) replays byte for byte. Golden requests
// go straight to the handler, so no listener needs that port.
const goldenHost = "127.0.0.1:41029"

// goldenScenario is a sequence of requests to one ecsd whose clock starts at
// computetest.Epoch (the captured vector's timestamp, 1795311049) and whose
// request IDs count up, so every response repeats exactly.
type goldenStep struct {
	name    string
	advance time.Duration // moves the clock before the request
	action  string
	body    func(got *goldenState) any
	prepare func(c *client)       // adjusts the client before signing
	mutate  func(r *http.Request) // changes the signed request
}

// goldenState is what the scenario's earlier steps created, for the later
// ones to name.
type goldenState struct {
	vpc, subnet string
	created     []string // instances
}

func goldenSteps() []goldenStep {
	const unknown = "9999999999999999999"
	fixed := func(v any) func(*goldenState) any { return func(*goldenState) any { return v } }
	ids := func(pick func(created []string) []string) func(*goldenState) any {
		return func(got *goldenState) any { return params{"instanceIds": pick(got.created)} }
	}
	return []goldenStep{
		{name: "captured-vector", action: "DescribeInstancesStatus", body: fixed(rawBody(`{"instanceIds":["i1","i2"],"pageSize":20}`))},
		{name: "describe-zones", action: "DescribeZones", body: fixed(params{})},
		{name: "create-vpc", action: "CreateVpc", body: fixed(params{"name": "golden", "cidrBlock": "10.0.0.0/16", "mtu": 1500})},
		{name: "create-subnet", action: "CreateSubnet", body: func(got *goldenState) any {
			return params{"vpcId": got.vpc, "name": "golden-east", "regionId": "asia-east-1", "stackType": "IPv4", "cidrBlock": "10.0.1.0/24"}
		}},
		{name: "create", action: "CreateZecInstances", body: func(got *goldenState) any {
			return params{"zoneId": "asia-east-1a", "imageId": "ubuntu2204_20240712", "instanceType": "z2a.cpu.2",
				"instanceCount": 2, "subnetId": got.subnet, "instanceName": "web", "password": "Passw0rd!"}
		}},
		{name: "status-deploying", action: "DescribeInstancesStatus", body: fixed(params{})},
		{name: "describe-running", advance: delay, action: "DescribeInstances", body: fixed(params{})},
		{name: "stop-reports-failed", action: "StopInstances", body: ids(func(c []string) []string { return []string{c[0], unknown} })},
		{name: "start-not-stopped", action: "StartInstances", body: ids(func(c []string) []string { return c[1:] })},
		{name: "release-not-found", action: "ReleaseInstances", body: fixed(params{"instanceIds": []string{unknown}})},
		{name: "zone-not-found", action: "DescribeInstances", body: fixed(params{"zoneId": "SEL--A"})},
		{name: "page-size-1001", action: "DescribeInstancesStatus", body: fixed(params{"pageSize": 1001})},
		{name: "malformed-json", action: "DescribeInstancesStatus", body: fixed(rawBody(`{"pageSize":`))},
		{name: "wrong-type", action: "DescribeInstancesStatus", body: fixed(params{"pageNum": "1"})},
		{name: "unknown-action", action: "CreateEips", body: fixed(params{})},
		{name: "unknown-version", action: "DescribeZones", body: fixed(params{}), mutate: func(r *http.Request) { r.Header["x-zc-version"] = []string{"2023-03-13"} }},
		{name: "bad-signature", action: "DescribeZones", body: fixed(params{}), prepare: func(c *client) { c.Password = "wrong" }},
		{name: "expired", action: "DescribeZones", body: fixed(params{}), prepare: func(c *client) {
			c.Now = func() time.Time { return computetest.Epoch.Add(-10 * time.Minute) }
		}},
		{name: "unknown-key", action: "DescribeZones", body: fixed(params{}), prepare: func(c *client) { c.KeyID = "nobody" }},
		{name: "get", action: "DescribeZones", body: fixed(params{}), mutate: func(r *http.Request) { r.Method = http.MethodGet }},
		{name: "bearer-token", action: "DescribeZones", body: fixed(params{}), mutate: func(r *http.Request) { r.Header["Authorization"] = []string{"Bearer abc"} }},
		{name: "release", advance: delay, action: "ReleaseInstances", body: ids(func(c []string) []string { return c })},
		{name: "status-releasing", action: "DescribeInstancesStatus", body: fixed(params{})},
		{name: "status-gone", advance: delay, action: "DescribeInstancesStatus", body: fixed(params{})},
		{name: "describe-vpcs", action: "DescribeVpcs", body: fixed(params{})},
		{name: "describe-subnets", action: "DescribeSubnets", body: fixed(params{})},
		{name: "describe-images", action: "DescribeImages", body: fixed(params{"zoneId": "asia-east-1a", "pageSize": 2})},
		{name: "delete-vpc-in-use", action: "DeleteVpc", body: func(got *goldenState) any { return params{"vpcId": got.vpc} }},
	}
}

// rawBody is a body sent as it is, not marshalled.
type rawBody string

// sequentialIDs makes request IDs that count up, shaped as version 4 UUIDs.
func sequentialIDs() func() [16]byte {
	var mu sync.Mutex
	var n uint64
	return func() [16]byte {
		mu.Lock()
		n++
		v := n
		mu.Unlock()
		id := [16]byte{0x5e, 0xed, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00, 0x80}
		binary.BigEndian.PutUint64(id[8:], v)
		id[8] = id[8]&0x3f | 0x80
		return id
	}
}

// TestGolden replays each raw signed request under testdata/golden and
// compares the exact response. With -update it rebuilds the requests with
// the test client and records the responses.
func TestGolden(t *testing.T) {
	e := start(t, apptest.Options{ClockStart: computetest.Epoch, NewRequestID: sequentialIDs(),
		Configure: func(c *app.Config) { c.Random = compute.NewSeededRandom(1) }})
	dir := filepath.Join("testdata", "golden")
	if *update {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	var got goldenState
	for i, step := range goldenSteps() {
		e.clock.Advance(step.advance)
		path := filepath.Join(dir, fmt.Sprintf("%02d-%s.txt", i+1, step.name))
		var rawRequest string
		if *update {
			rawRequest = string(goldenRequest(t, e, step, &got))
		} else {
			rawRequest = kittest.ReadGolden(t, path)
		}
		response := kittest.Serve(t, e.app.Handler, rawRequest)
		if strings.HasPrefix(response, "HTTP/1.1 200") {
			_, body, _ := strings.Cut(response, "\n\n")
			var resp struct {
				Response struct {
					VpcID         string   `json:"vpcId"`
					SubnetID      string   `json:"subnetId"`
					InstanceIDSet []string `json:"instanceIdSet"`
				} `json:"response"`
			}
			if err := json.Unmarshal([]byte(body), &resp); err != nil {
				t.Fatal(err)
			}
			switch step.action {
			case "CreateVpc":
				got.vpc = resp.Response.VpcID
			case "CreateSubnet":
				got.subnet = resp.Response.SubnetID
			case "CreateZecInstances":
				got.created = resp.Response.InstanceIDSet
			}
		}
		kittest.Golden(t, path, rawRequest, response, *update)
	}
}

// goldenRequest signs a step's request with the test client and writes it
// as it goes on the wire, headers sorted.
func goldenRequest(t *testing.T, e *env, step goldenStep, got *goldenState) []byte {
	t.Helper()
	c := e.a1(t)
	c.Host = goldenHost
	if step.prepare != nil {
		step.prepare(c)
	}
	var body []byte
	switch v := step.body(got).(type) {
	case rawBody:
		body = []byte(v)
	default:
		var err error
		if body, err = json.Marshal(v); err != nil {
			t.Fatal(err)
		}
	}
	r := c.NewRequest(step.action, body)
	if step.mutate != nil {
		step.mutate(r)
	}
	if step.name == "captured-vector" {
		const captured = "ZC2-HMAC-SHA256 Credential=testAK, SignedHeaders=content-type;host, Signature=10fa026661dac4ce9162763f481aa4968478e2421e45283a3a2a4eb0990ec351"
		if got := r.Header.Get("Authorization"); got != captured {
			t.Fatalf("the captured vector signs as %s, want %s", got, captured)
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s HTTP/1.1\nHost: %s\n", r.Method, r.URL.RequestURI(), r.Host)
	r.Header["Content-Length"] = []string{fmt.Sprint(len(body))}
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range r.Header {
			if !yield(k) {
				return
			}
		}
	}) {
		for _, v := range r.Header[k] {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	b.WriteString("\n")
	b.Write(body)
	return b.Bytes()
}
