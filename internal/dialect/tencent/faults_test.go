package tencent_test

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	sdkerrors "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/fault"
	"github.com/ecsd/ecsd/internal/inbound"
)

// faultRequestID is the request ID of every call in the fault tests, so
// that a test knows the one the SDK's error must carry.
var faultRequestID = [16]byte{0xfa, 0x17, 2, 3, 4, 5, 0x46, 7, 0x88, 9, 10, 11, 12, 13, 14, 15}

func startFaults(t *testing.T, opts apptest.Options) (*apptest.Env, *cvm.Client) {
	t.Helper()
	opts.Admin = true
	opts.NewRequestID = func() [16]byte { return faultRequestID }
	env := apptest.Start(t, opts)
	return env, newClient(t, env, sdkModes[0], region, apptest.AccessKeyID, apptest.AccessKeySecret)
}

func listAll(c *cvm.Client) error {
	_, err := c.DescribeInstances(cvm.NewDescribeInstancesRequest())
	return err
}

// sdkError is the SDK's typed error of err, failing the test for any
// other.
func sdkError(t *testing.T, err error) *sdkerrors.TencentCloudSDKError {
	t.Helper()
	e, ok := errors.AsType[*sdkerrors.TencentCloudSDKError](err)
	if !ok {
		t.Fatalf("got %T %v, want a *TencentCloudSDKError", err, err)
	}
	return e
}

// TestFaultThrottling: a RequestLimitExceeded rule for the next call
// reaches the SDK as its typed error, with the code, Tencent's message and
// the request ID of the call; it fires once, and the next call succeeds.
// With the SDK's own rate-limit retry on, the call succeeds on its own.
func TestFaultThrottling(t *testing.T) {
	env, c := startFaults(t, apptest.Options{})
	rule := env.AddFault(t, fault.Spec{Cloud: compute.CloudTencent, Action: "DescribeInstances", Code: "RequestLimitExceeded", Count: 1})
	e := sdkError(t, listAll(c))
	if e.Code != "RequestLimitExceeded" || e.RequestId != inbound.UUID(faultRequestID) || !strings.Contains(e.Message, "reaches the limit") {
		t.Errorf("got %s %q (request %s), want RequestLimitExceeded with Tencent's message and request %s", e.Code, e.Message, e.RequestId, inbound.UUID(faultRequestID))
	}
	check(t, listAll(c))
	check(t, listAll(c))
	if got := env.Fault(t, rule.ID).Fired; got != 1 {
		t.Errorf("a count 1 rule fired %d times, want 1", got)
	}

	// The SDK retries RequestLimitExceeded when asked to
	// (RateLimitExceededMaxRetries), and so gets through a rule that
	// fires twice.
	twice := env.AddFault(t, fault.Spec{Cloud: compute.CloudTencent, Action: "DescribeInstances", Code: "RequestLimitExceeded", Count: 2})
	retrying := newClient(t, env, sdkModes[0], region, apptest.AccessKeyID, apptest.AccessKeySecret, func(cpf *profile.ClientProfile) {
		cpf.RateLimitExceededMaxRetries = 2
		cpf.RateLimitExceededRetryDuration = profile.ConstantDurationFunc(0)
	})
	check(t, listAll(retrying))
	if got := env.Fault(t, twice.ID).Fired; got != 2 {
		t.Errorf("the retried rule fired %d times, want 2", got)
	}
}

// TestFaultAnswers: any code answers, with the status and message the rule
// gives, or a message naming the rule; the SDK reads the error from the
// body whatever the status. A rule applies to its action and account only.
func TestFaultAnswers(t *testing.T) {
	env, c := startFaults(t, apptest.Options{})
	env.NewAccount(t, "other", "OTHERKEY", "OTHERSECRET")
	other := newClient(t, env, sdkModes[0], region, "OTHERKEY", "OTHERSECRET")
	unknown := env.AddFault(t, fault.Spec{Cloud: compute.CloudTencent, Action: "RunInstances", Account: "a1",
		Code: "ResourceInsufficient.SpecifiedInstanceType", HTTPStatus: http.StatusServiceUnavailable})
	env.AddFault(t, fault.Spec{Cloud: compute.CloudTencent, Action: "DescribeInstancesStatus", Code: "InternalServerError", Message: "the disk is on fire"})
	_, err := run(c, launch{})
	if e := sdkError(t, err); e.Code != "ResourceInsufficient.SpecifiedInstanceType" || !strings.Contains(e.Message, unknown.ID) {
		t.Errorf("an unknown code: %s %q, want it with a message naming %s", e.Code, e.Message, unknown.ID)
	}
	if _, err := run(other, launch{}); err != nil {
		t.Errorf("another account's launch: %v, want it served", err)
	}
	_, err = describeStatus(c, nil, 0, 0)
	if e := sdkError(t, err); e.Code != "InternalServerError" || e.Message != "the disk is on fire" {
		t.Errorf("a message given: %s %q", e.Code, e.Message)
	}
	if err := listAll(c); err != nil {
		t.Errorf("another action: %v, want it served", err)
	}
}

// TestFaultLatencyAndDrop: a latency delays the call, which then
// succeeds; a drop closes the connection, which the SDK reports as a
// network error.
func TestFaultLatencyAndDrop(t *testing.T) {
	env, c := startFaults(t, apptest.Options{})
	env.AddFault(t, fault.Spec{Cloud: compute.CloudTencent, Action: "DescribeInstances", Latency: "300ms"})
	start := time.Now()
	check(t, listAll(c))
	if took := time.Since(start); took < 300*time.Millisecond {
		t.Errorf("a call under a 300ms latency took %s", took)
	}
	drop := env.AddFault(t, fault.Spec{Cloud: compute.CloudTencent, Action: "DescribeInstancesStatus", Drop: true, Count: 1})
	_, err := describeStatus(c, nil, 0, 0)
	if e := sdkError(t, err); e.Code != "ClientError.NetworkError" {
		t.Errorf("a dropped call: %v, want ClientError.NetworkError", err)
	}
	if _, err := describeStatus(c, nil, 0, 0); err != nil {
		t.Errorf("the call after the drop: %v", err)
	}
	if got := env.Fault(t, drop.ID).Fired; got != 1 {
		t.Errorf("the drop fired %d times", got)
	}
}

// TestFaultLaunchFailsAndStuck, on every store: a launch_fails rule makes
// RunInstances end in LAUNCH_FAILED; a stuck rule leaves the instance it
// names STOPPING until the rule is deleted, and a start it holds STARTING
// until a stop acts on the instance.
func TestFaultLaunchFailsAndStuck(t *testing.T) {
	apptest.EachStore(t, apptest.Options{Admin: true}, func(t *testing.T, env *apptest.Env) {
		c := newClient(t, env, sdkModes[0], region, apptest.AccessKeyID, apptest.AccessKeySecret)
		fails := env.AddFault(t, fault.Spec{Cloud: compute.CloudTencent, Action: "RunInstances", LaunchFails: true, Count: 1})
		failed := runOne(t, c)
		a, b := runOne(t, c), runOne(t, c)
		if got := mustStatus(t, c, []string{failed}, 0, 0).statuses[failed]; got != "PENDING" {
			t.Errorf("a failing launch shows %s, want PENDING", got)
		}
		env.Clock.Advance(delay)
		got := mustStatus(t, c, []string{failed, a}, 0, 0).statuses
		if got[failed] != "LAUNCH_FAILED" || got[a] != "RUNNING" {
			t.Errorf("after the delay: %v, want %s LAUNCH_FAILED, %s RUNNING", got, failed, a)
		}
		if n := env.Fault(t, fails.ID).Fired; n != 1 {
			t.Errorf("launch_fails fired %d times", n)
		}

		stuck := env.AddFault(t, fault.Spec{Cloud: compute.CloudTencent, Action: "StopInstances", Instance: a, Stuck: true})
		mustAct(t, c, "StopInstances", a)
		mustAct(t, c, "StopInstances", b)
		env.Clock.Advance(time.Minute)
		got = mustStatus(t, c, []string{a, b}, 0, 0).statuses
		if got[a] != "STOPPING" || got[b] != "STOPPED" {
			t.Errorf("a minute after the stops: %v, want %s STOPPING (stuck), %s STOPPED", got, a, b)
		}
		if held := env.Fault(t, stuck.ID).Held; !slices.Equal(held, []compute.InstanceID{compute.InstanceID(a)}) {
			t.Errorf("the rule holds %v, want %s", held, a)
		}
		var deleted struct {
			Rule     fault.Rule `json:"rule"`
			Released []string   `json:"released"`
		}
		env.Admin(t, http.MethodDelete, "/v1/faults/"+stuck.ID, nil, &deleted)
		if deleted.Rule.Fired != 1 || !slices.Equal(deleted.Released, []string{a}) {
			t.Errorf("deleting the rule: %+v, want it fired once and %s released", deleted, a)
		}
		if got := mustStatus(t, c, []string{a}, 0, 0).statuses[a]; got != "STOPPED" {
			t.Errorf("once the rule is deleted: %s, want STOPPED", got)
		}

		env.AddFault(t, fault.Spec{Cloud: compute.CloudTencent, Action: "StartInstances", Stuck: true})
		mustAct(t, c, "StartInstances", a)
		env.Clock.Advance(time.Minute)
		if got := mustStatus(t, c, []string{a}, 0, 0).statuses[a]; got != "STARTING" {
			t.Errorf("a stuck start: %s, want STARTING", got)
		}
		mustAct(t, c, "StopInstances", a)
		if got := mustStatus(t, c, []string{a}, 0, 0).statuses[a]; got != "STOPPING" {
			t.Errorf("a stop of the stuck start: %s, want STOPPING", got)
		}
	})
}
