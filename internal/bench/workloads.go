package bench

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/signer"
)

// The API versions the SDKs send.
const (
	ecsVersion      = "2014-05-26"
	vpcVersion      = "2016-04-28"
	cvmVersion      = "2017-03-12"
	zenlayerVersion = "2025-09-01"
)

// env is what the workloads share in one run: the key, how many
// instances each vendor was seeded with, and each vendor's TotalCount as
// ecsd reported it at the start.
type env struct {
	cred      signer.Credentials
	instances int
	totals    map[compute.Cloud]int
	nonce     nonces
	// createRegion is where the create workload launches, away from the
	// seeded region, so that the listings it runs before stay as seeded.
	createRegion, createZone string
	// createGroup and createSwitches (one per worker) are where the
	// create workload launches: a vSwitch of its own for each worker,
	// so that no run exhausts a default vSwitch's addresses.
	createGroup    string
	createSwitches []string
}

// nonces are unique across runs and nodes: 16 random hex digits, then a
// counter, 32 hex digits in all like the SDKs' MD5 nonces.
type nonces struct {
	prefix string
	n      atomic.Uint64
}

func newNonces() nonces {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return nonces{prefix: hex.EncodeToString(b[:])}
}

func (s *nonces) next() string { return s.prefix + fmt.Sprintf("%016x", s.n.Add(1)) }

// workload is one kind of request the bench sends for a while.
type workload struct {
	Name string
	// baseline names the baseline it is compared with; a baseline
	// workload sends this workload's requests to a server answering the
	// body ecsd answered to the first of them.
	baseline string
	// perCall is how many instances each call acts on (writes), for
	// instances/s.
	perCall int
	// request builds worker w's i-th request to endpoint.
	request func(e *env, endpoint string, w, i int) (*http.Request, error)
	// check parses an answer and says what is wrong with it.
	check func(e *env, body []byte) error
	// settle, when set, is sent once by each worker before and after the
	// timed part, untimed, to bring the worker's instances to a known
	// state.
	settle func(e *env, endpoint string, w int) (*http.Request, error)
	// setup, when set, runs once before the workload, untimed.
	setup func(e *env, c *http.Client, endpoint string, conns int) error
}

func (e *env) rpc(endpoint, action string, params url.Values) (*http.Request, error) {
	return e.cred.NewRPCRequest(endpoint, action, ecsVersion, params, e.nonce.next(), time.Now())
}

func aliyunPage(pageSize, pageNumber int) url.Values {
	return url.Values{"RegionId": {string(aliyun.region)}, "PageSize": {strconv.Itoa(pageSize)}, "PageNumber": {strconv.Itoa(pageNumber)}}
}

// spread picks 100 distinct seeded sequence numbers, different from
// request to request, spread over the whole inventory.
func (e *env) spread(w, i int) []int {
	n := e.instances
	stride := max(1, n/100)
	start := (w*7919 + i*104729) % n
	out := make([]int, 100)
	for j := range out {
		out[j] = (start + j*stride) % n
	}
	return out
}

// lastPage is the number and length of the last page of size of total.
func lastPage(total, size int) (number, length int) {
	if total == 0 {
		return 1, 0
	}
	number = (total + size - 1) / size
	return number, total - (number-1)*size
}

// The workloads of issue 13, in the order they run. A baseline runs
// before the workloads compared with it. A lookup of 100 IDs has a
// baseline of its own: its requests cost the client far more to sign (a
// hundred parameters) and its answer is larger than a page of 10's, and a
// baseline sent the page's requests would charge both to ecsd.
func workloads() []workload {
	return []workload{
		{
			Name: "alibaba DescribeInstanceStatus page of 10", baseline: "alibaba",
			request: func(e *env, ep string, _, _ int) (*http.Request, error) {
				return e.rpc(ep, "DescribeInstanceStatus", aliyunPage(10, 1))
			},
			check: func(e *env, b []byte) error {
				return checkAliyunStatus(b, min(10, e.totals[compute.CloudAliyun]), e.totals[compute.CloudAliyun])
			},
		},
		{
			Name: "alibaba DescribeInstanceStatus last page", baseline: "alibaba",
			request: func(e *env, ep string, _, _ int) (*http.Request, error) {
				n, _ := lastPage(e.totals[compute.CloudAliyun], 10)
				return e.rpc(ep, "DescribeInstanceStatus", aliyunPage(10, n))
			},
			check: func(e *env, b []byte) error {
				_, length := lastPage(e.totals[compute.CloudAliyun], 10)
				return checkAliyunStatus(b, length, e.totals[compute.CloudAliyun])
			},
		},
		{
			Name: "alibaba DescribeInstanceStatus 100 IDs (50 per page)", baseline: "alibaba-100-ids",
			request: func(e *env, ep string, w, i int) (*http.Request, error) {
				p := aliyunPage(50, 1+i%2)
				for j, seq := range e.spread(w, i) {
					p.Set("InstanceId."+strconv.Itoa(j+1), aliyunID(seq))
				}
				return e.rpc(ep, "DescribeInstanceStatus", p)
			},
			check: func(e *env, b []byte) error { return checkAliyunStatus(b, 50, 100) },
		},
		{
			Name: "alibaba DescribeInstanceStatus page of 10, ACS3", baseline: "alibaba",
			request: func(e *env, ep string, _, _ int) (*http.Request, error) {
				return e.cred.NewACS3Request(ep, "DescribeInstanceStatus", ecsVersion, url.Values{
					"RegionId": {string(aliyun.region)}, "PageSize": {"10"}}, e.nonce.next(), time.Now())
			},
			check: func(e *env, b []byte) error {
				return checkAliyunStatus(b, min(10, e.totals[compute.CloudAliyun]), e.totals[compute.CloudAliyun])
			},
		},
		{
			Name: "tencent DescribeInstancesStatus page of 10", baseline: "tencent",
			request: func(e *env, ep string, _, _ int) (*http.Request, error) {
				return e.cred.NewTC3Request(ep, "cvm", "DescribeInstancesStatus", cvmVersion, string(tencent.region), []byte(`{"Limit":10}`), time.Now())
			},
			check: func(e *env, b []byte) error {
				return checkTencentStatus(b, min(10, e.totals[compute.CloudTencent]), e.totals[compute.CloudTencent])
			},
		},
		{
			Name: "tencent DescribeInstancesStatus 100 IDs", baseline: "tencent-100-ids",
			request: func(e *env, ep string, w, i int) (*http.Request, error) {
				ids := make([]string, 0, 100)
				for _, seq := range e.spread(w, i) {
					ids = append(ids, tencentID(seq))
				}
				body, _ := json.Marshal(map[string]any{"InstanceIds": ids, "Limit": 100})
				return e.cred.NewTC3Request(ep, "cvm", "DescribeInstancesStatus", cvmVersion, string(tencent.region), body, time.Now())
			},
			check: func(e *env, b []byte) error { return checkTencentStatus(b, 100, 100) },
		},
		{
			Name: "zenlayer DescribeInstancesStatus pageSize 1000", baseline: "zenlayer-1000",
			request: func(e *env, ep string, _, _ int) (*http.Request, error) {
				return e.cred.NewZC2Request(ep, "zec", "DescribeInstancesStatus", zenlayerVersion, []byte(`{"pageSize":1000}`), time.Now())
			},
			check: func(e *env, b []byte) error {
				return checkZenlayerStatus(b, min(1000, e.totals[compute.CloudZenlayer]), e.totals[compute.CloudZenlayer])
			},
		},
		{
			// Each worker stops and starts its own 100 seeded instances in
			// turn; ecsd must run with a transition delay of 0, so that
			// each call finds them settled.
			Name: "alibaba StopInstances/StartInstances, 100 per call", perCall: 100,
			request: func(e *env, ep string, w, i int) (*http.Request, error) {
				action := "StopInstances"
				if i%2 == 1 {
					action = "StartInstances"
				}
				return e.rpc(ep, action, e.ownHundred(w))
			},
			check: checkAliyunBatch,
			settle: func(e *env, ep string, w int) (*http.Request, error) {
				// Start those stopped: a run cut short leaves some so.
				// SuccessFirst starts them and reports the running ones
				// as refused, without failing the call.
				p := e.ownHundred(w)
				p.Set("BatchOptimization", "SuccessFirst")
				return e.rpc(ep, "StartInstances", p)
			},
		},
		{
			Name: "alibaba RunInstances, 100 per call", perCall: 100,
			request: func(e *env, ep string, w, _ int) (*http.Request, error) {
				p := url.Values{"RegionId": {e.createRegion}, "ZoneId": {e.createZone}, "ImageId": {aliyun.image}, "InstanceType": {aliyun.typ},
					"Amount": {"100"}}
				if w < len(e.createSwitches) {
					p.Set("VSwitchId", e.createSwitches[w])
					p.Set("SecurityGroupId", e.createGroup)
				}
				return e.rpc(ep, "RunInstances", p)
			},
			check: checkAliyunRun,
			setup: setupCreate,
		},
	}
}

// ownHundred is worker w's own 100 seeded instances, for the lifecycle
// workload: no two workers act on the same instance.
func (e *env) ownHundred(w int) url.Values {
	p := url.Values{"RegionId": {string(aliyun.region)}}
	for j := range 100 {
		p.Set("InstanceId."+strconv.Itoa(j+1), aliyunID(w*100+j))
	}
	return p
}

type aliyunStatusResponse struct {
	TotalCount       *int
	InstanceStatuses struct {
		InstanceStatus []struct{ InstanceId, Status string }
	}
	Code string
}

func checkAliyunStatus(body []byte, items, total int) error {
	var r aliyunStatusResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return fmt.Errorf("parsing the answer: %w", err)
	}
	if r.Code != "" || r.TotalCount == nil {
		return fmt.Errorf("answer %s", short(body))
	}
	return checkStatuses(len(r.InstanceStatuses.InstanceStatus), *r.TotalCount, items, total, func(i int) bool {
		s := r.InstanceStatuses.InstanceStatus[i]
		return s.InstanceId != "" && s.Status != ""
	})
}

func checkStatuses(gotItems, gotTotal, items, total int, complete func(int) bool) error {
	if gotItems != items || gotTotal != total {
		return fmt.Errorf("%d statuses of %d, want %d of %d", gotItems, gotTotal, items, total)
	}
	for i := range gotItems {
		if !complete(i) {
			return fmt.Errorf("status %d lacks its ID or its status", i)
		}
	}
	return nil
}

type tencentStatusResponse struct {
	Response struct {
		TotalCount        *int
		InstanceStatusSet []struct{ InstanceId, InstanceState string }
		Error             *struct{ Code, Message string }
	}
}

func checkTencentStatus(body []byte, items, total int) error {
	var r tencentStatusResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return fmt.Errorf("parsing the answer: %w", err)
	}
	if r.Response.Error != nil || r.Response.TotalCount == nil {
		return fmt.Errorf("answer %s", short(body))
	}
	set := r.Response.InstanceStatusSet
	return checkStatuses(len(set), *r.Response.TotalCount, items, total, func(i int) bool {
		return set[i].InstanceId != "" && set[i].InstanceState != ""
	})
}

type zenlayerStatusResponse struct {
	Response *struct {
		TotalCount int `json:"totalCount"`
		DataSet    []struct {
			InstanceID     string `json:"instanceId"`
			InstanceStatus string `json:"instanceStatus"`
		} `json:"dataSet"`
	} `json:"response"`
}

func checkZenlayerStatus(body []byte, items, total int) error {
	var r zenlayerStatusResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return fmt.Errorf("parsing the answer: %w", err)
	}
	if r.Response == nil {
		return fmt.Errorf("answer %s", short(body))
	}
	set := r.Response.DataSet
	return checkStatuses(len(set), r.Response.TotalCount, items, total, func(i int) bool {
		return set[i].InstanceID != "" && set[i].InstanceStatus != ""
	})
}

func checkAliyunBatch(_ *env, body []byte) error {
	var r struct {
		InstanceResponses struct {
			InstanceResponse []struct{ InstanceId, Code string }
		}
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return fmt.Errorf("parsing the answer: %w", err)
	}
	got := r.InstanceResponses.InstanceResponse
	if len(got) != 100 {
		return fmt.Errorf("%d instance responses, want 100: %s", len(got), short(body))
	}
	for _, ir := range got {
		if ir.Code != "200" {
			return fmt.Errorf("instance %s: code %s", ir.InstanceId, ir.Code)
		}
	}
	return nil
}

func checkAliyunRun(_ *env, body []byte) error {
	var r struct {
		InstanceIdSets struct{ InstanceIdSet []string }
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return fmt.Errorf("parsing the answer: %w", err)
	}
	if n := len(r.InstanceIdSets.InstanceIdSet); n != 100 {
		return fmt.Errorf("%d instances created, want 100: %s", n, short(body))
	}
	return nil
}

// short is the start of an answer, for error messages.
func short(body []byte) string {
	s := strings.TrimSpace(string(body))
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return s
}

func decode(body []byte, v any) bool { return json.Unmarshal(body, v) == nil }

// setupCreate finds or makes, for the create workload, a VPC of
// 10.0.0.0/8 named ecsd-bench with a security group, and a vSwitch of
// 65,536 addresses for each worker. A store keeps them from one run to the
// next (as it keeps the instances created), so that runs on one store do
// not exhaust its quota of VPCs.
func setupCreate(e *env, c *http.Client, ep string, conns int) error {
	if conns > 256 {
		return fmt.Errorf("the create workload gives each connection a /16 of 10.0.0.0/8: at most 256 connections, got %d", conns)
	}
	with := func(kv ...string) url.Values {
		p := url.Values{"RegionId": {e.createRegion}}
		for i := 0; i < len(kv); i += 2 {
			p.Set(kv[i], kv[i+1])
		}
		return p
	}
	var vpcs struct {
		Vpcs struct{ Vpc []struct{ VpcId string } }
	}
	if err := e.call(c, ep, "DescribeVpcs", vpcVersion, with("VpcName", "ecsd-bench", "PageSize", "50"), &vpcs); err != nil {
		return err
	}
	var vpc string
	if len(vpcs.Vpcs.Vpc) > 0 {
		vpc = vpcs.Vpcs.Vpc[0].VpcId
	} else {
		var made struct{ VpcId string }
		if err := e.call(c, ep, "CreateVpc", vpcVersion, with("CidrBlock", "10.0.0.0/8", "VpcName", "ecsd-bench"), &made); err != nil {
			return err
		}
		if vpc = made.VpcId; vpc == "" {
			return errors.New("CreateVpc: no VpcId in the answer")
		}
	}
	var groups struct {
		SecurityGroups struct {
			SecurityGroup []struct{ SecurityGroupId string }
		}
	}
	if err := e.call(c, ep, "DescribeSecurityGroups", ecsVersion, with("VpcId", vpc), &groups); err != nil {
		return err
	}
	if len(groups.SecurityGroups.SecurityGroup) > 0 {
		e.createGroup = groups.SecurityGroups.SecurityGroup[0].SecurityGroupId
	} else {
		var made struct{ SecurityGroupId string }
		if err := e.call(c, ep, "CreateSecurityGroup", ecsVersion, with("VpcId", vpc), &made); err != nil {
			return err
		}
		if e.createGroup = made.SecurityGroupId; e.createGroup == "" {
			return errors.New("CreateSecurityGroup: no SecurityGroupId in the answer")
		}
	}
	byCIDR := map[string]string{}
	for page := 1; ; page++ {
		var switches struct {
			TotalCount int
			VSwitches  struct {
				VSwitch []struct{ VSwitchId, CidrBlock string }
			}
		}
		if err := e.call(c, ep, "DescribeVSwitches", vpcVersion, with("VpcId", vpc, "PageSize", "50", "PageNumber", fmt.Sprint(page)), &switches); err != nil {
			return err
		}
		for _, sw := range switches.VSwitches.VSwitch {
			byCIDR[sw.CidrBlock] = sw.VSwitchId
		}
		if len(switches.VSwitches.VSwitch) == 0 || page*50 >= switches.TotalCount {
			break
		}
	}
	e.createSwitches = make([]string, conns)
	for w := range conns {
		cidr := fmt.Sprintf("10.%d.0.0/16", w)
		if id, ok := byCIDR[cidr]; ok {
			e.createSwitches[w] = id
			continue
		}
		var made struct{ VSwitchId string }
		if err := e.call(c, ep, "CreateVSwitch", vpcVersion, with("VpcId", vpc, "ZoneId", e.createZone, "CidrBlock", cidr), &made); err != nil {
			return err
		}
		if e.createSwitches[w] = made.VSwitchId; made.VSwitchId == "" {
			return errors.New("CreateVSwitch: no VSwitchId in the answer")
		}
	}
	return nil
}

// call calls an Alibaba action and decodes its answer into out.
func (e *env) call(c *http.Client, ep, action, version string, params url.Values, out any) error {
	r, err := e.cred.NewRPCRequest(ep, action, version, params, e.nonce.next(), time.Now())
	if err != nil {
		return err
	}
	body, err := do(c, r)
	if err != nil {
		return fmt.Errorf("%s: %w", action, err)
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("%s: %w: %s", action, err, short(body))
	}
	return nil
}
