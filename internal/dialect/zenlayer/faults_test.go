package zenlayer_test

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/compute"
	zt "github.com/ecsd/ecsd/internal/dialect/zenlayer/zenlayertest"
	"github.com/ecsd/ecsd/internal/fault"
	"github.com/ecsd/ecsd/internal/inbound"
)

// faultRequestID is the request ID of every call in the fault tests, so
// that a test knows the one the client's error must carry: Zenlayer spells
// it "T" and an upper-case UUID.
var faultRequestID = [16]byte{0xfa, 0x17, 2, 3, 4, 5, 0x46, 7, 0x88, 9, 10, 11, 12, 13, 14, 15}

func startFaults(t *testing.T) (*apptest.Env, *zt.Client) {
	t.Helper()
	env := apptest.Start(t, apptest.Options{Admin: true, NewRequestID: func() [16]byte { return faultRequestID }})
	c := zt.New(t, env.Host, apptest.AccessKeyID, apptest.AccessKeySecret)
	c.Now = env.Clock.Now
	return env, c
}

func describeAll(c *zt.Client) error {
	_, err := c.DescribeInstances(&zt.DescribeInstancesRequest{})
	return err
}

// sdkError is the client's typed error of err, failing the test for any
// other.
func sdkError(t *testing.T, err error) *zt.Error {
	t.Helper()
	e, ok := errors.AsType[*zt.Error](err)
	if !ok {
		t.Fatalf("got %T %v, want a *zenlayertest.Error", err, err)
	}
	return e
}

// TestFaultThrottling: REQUEST_LIMIT_EXCEEDED for the next call reaches
// the client as its typed error, with HTTP 429 and the call's request ID,
// and fires once; with the SDK's rate-limit retry, the call gets through.
func TestFaultThrottling(t *testing.T) {
	env, c := startFaults(t)
	rule := env.AddFault(t, fault.Spec{Cloud: compute.CloudZenlayer, Action: "DescribeInstances", Code: "REQUEST_LIMIT_EXCEEDED", Count: 1})
	e := sdkError(t, describeAll(c))
	wantID := "T" + strings.ToUpper(inbound.UUID(faultRequestID))
	if e.Code != "REQUEST_LIMIT_EXCEEDED" || e.Status != http.StatusTooManyRequests || e.RequestID != wantID {
		t.Errorf("got %s %d request %s, want REQUEST_LIMIT_EXCEEDED 429 request %s", e.Code, e.Status, e.RequestID, wantID)
	}
	if err := describeAll(c); err != nil {
		t.Errorf("the call after a count 1 rule: %v", err)
	}
	if got := env.Fault(t, rule.ID).Fired; got != 1 {
		t.Errorf("a count 1 rule fired %d times", got)
	}

	// The SDK retries 429 and REQUEST_LIMIT_EXCEEDED (3 times by default),
	// here without waiting; a code given another status is retried too.
	retried := env.AddFault(t, fault.Spec{Cloud: compute.CloudZenlayer, Action: "DescribeInstances", Code: "REQUEST_LIMIT_EXCEEDED", HTTPStatus: 400, Count: 2})
	c.RateLimitExceededMaxRetries = 3
	c.RateLimitExceededRetryDuration = func(int) time.Duration { return 0 }
	if err := describeAll(c); err != nil {
		t.Errorf("the SDK's retry through two REQUEST_LIMIT_EXCEEDED: %v", err)
	}
	if got := env.Fault(t, retried.ID).Fired; got != 2 {
		t.Errorf("the retried rule fired %d times, want 2", got)
	}
}

// TestFaultAnswers: an unknown code is answered 400 with a message naming
// the rule, a known one with its status, a status given wins.
func TestFaultAnswers(t *testing.T) {
	env, c := startFaults(t)
	unknown := env.AddFault(t, fault.Spec{Cloud: compute.CloudZenlayer, Action: "DescribeInstances", Code: "INVALID_OPERATION_TIMEOUT", Count: 1})
	if e := sdkError(t, describeAll(c)); e.Code != "INVALID_OPERATION_TIMEOUT" || e.Status != 400 || !strings.Contains(e.Message, unknown.ID) {
		t.Errorf("an unknown code: %+v, want 400 naming %s", e, unknown.ID)
	}
	env.AddFault(t, fault.Spec{Cloud: compute.CloudZenlayer, Action: "DescribeInstances", Code: "SERVICE_TEMPORARY_UNAVAILABLE", Count: 1})
	if e := sdkError(t, describeAll(c)); e.Status != 503 {
		t.Errorf("SERVICE_TEMPORARY_UNAVAILABLE: %+v, want the table's 503", e)
	}
	env.AddFault(t, fault.Spec{Cloud: compute.CloudZenlayer, Action: "DescribeInstances", Code: "INTERNAL_SERVER_ERROR", HTTPStatus: 502, Message: "upstream", Count: 1})
	if e := sdkError(t, describeAll(c)); e.Status != 502 || e.Message != "upstream" {
		t.Errorf("a status and message given: %+v", e)
	}
	// The other services' actions are matched too.
	env.AddFault(t, fault.Spec{Cloud: compute.CloudZenlayer, Action: "DescribeKeyPairs", Code: "REQUEST_LIMIT_EXCEEDED", Count: 1})
	_, err := c.DescribeKeyPairs(&zt.DescribeKeyPairsRequest{})
	if e := sdkError(t, err); e.Code != "REQUEST_LIMIT_EXCEEDED" {
		t.Errorf("ccs DescribeKeyPairs: %+v", e)
	}
}

// TestFaultLatencyAndDrop: a latency delays the call; a drop reaches the
// client as NETWORK_ERROR, as the SDK reports a call without an answer.
func TestFaultLatencyAndDrop(t *testing.T) {
	env, c := startFaults(t)
	env.AddFault(t, fault.Spec{Cloud: compute.CloudZenlayer, Action: "DescribeInstances", Latency: "300ms", Count: 1})
	start := time.Now()
	if err := describeAll(c); err != nil || time.Since(start) < 300*time.Millisecond {
		t.Errorf("a call under a 300ms latency: %v after %s", err, time.Since(start))
	}
	env.AddFault(t, fault.Spec{Cloud: compute.CloudZenlayer, Action: "DescribeInstances", Drop: true, Count: 1})
	if e := sdkError(t, describeAll(c)); e.Code != "NETWORK_ERROR" {
		t.Errorf("a dropped call: %+v, want NETWORK_ERROR", e)
	}
	if err := describeAll(c); err != nil {
		t.Errorf("the call after the drop: %v", err)
	}
}

// TestFaultLaunchFailsAndStuck, on every store: a launch_fails rule makes
// CreateZecInstances end in CREATE_FAILED; a stuck rule leaves a release
// RELEASING until the rule is deleted, when the instance is gone.
func TestFaultLaunchFailsAndStuck(t *testing.T) {
	apptest.EachStore(t, apptest.Options{Admin: true}, func(t *testing.T, env *apptest.Env) {
		zc := zt.New(t, env.Host, apptest.AccessKeyID, apptest.AccessKeySecret)
		zc.Now = env.Clock.Now
		c := &client{Client: zc, subnets: map[string]string{}}
		env.AddFault(t, fault.Spec{Cloud: compute.CloudZenlayer, Action: "CreateZecInstances", LaunchFails: true, Count: 1})
		failed := c.create(c.createParams(2))
		ok := c.create(c.createParams(1))
		c.wantStatuses("DEPLOYING", failed...)
		env.Clock.Advance(delay)
		c.wantStatuses("CREATE_FAILED", failed...)
		c.wantStatuses("RUNNING", ok...)

		stuck := env.AddFault(t, fault.Spec{Cloud: compute.CloudZenlayer, Action: "ReleaseInstances", Stuck: true})
		c.mustOperate("StopInstances", ok[0])
		env.Clock.Advance(delay)
		c.mustOperate("ReleaseInstances", ok[0])
		env.Clock.Advance(time.Minute)
		c.wantStatuses("RELEASING", ok[0])
		if held := env.Fault(t, stuck.ID).Held; !slices.Equal(held, []compute.InstanceID{compute.InstanceID(ok[0])}) {
			t.Errorf("the rule holds %v, want %s", held, ok[0])
		}
		env.Admin(t, http.MethodDelete, "/v1/faults/"+stuck.ID, nil, nil)
		if got := c.statuses(ok[0]); len(got) != 0 {
			t.Errorf("once the rule is deleted: %v, want the instance gone", got)
		}
	})
}
