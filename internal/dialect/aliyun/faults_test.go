package aliyun_test

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	teaecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/fault"
	"github.com/ecsd/ecsd/internal/inbound"
)

// faultRequestID is the request ID of every call in the fault tests, so
// that a test knows the one the SDK's error must carry: Alibaba spells it
// as an upper-case UUID.
var faultRequestID = [16]byte{0xfa, 0x17, 2, 3, 4, 5, 0x46, 7, 0x88, 9, 10, 11, 12, 13, 14, 15}

func startFaults(t *testing.T) *apptest.Env {
	t.Helper()
	return apptest.Start(t, apptest.Options{Admin: true, NewRequestID: func() [16]byte { return faultRequestID }})
}

func describeAll(c *classicecs.Client) error {
	_, err := c.DescribeInstances(classicecs.CreateDescribeInstancesRequest())
	return err
}

func teaDescribeAll(c *teaecs.Client) error {
	_, err := c.DescribeInstances(&teaecs.DescribeInstancesRequest{RegionId: tea.String(region)})
	return err
}

// TestFaultThrottlingClassic: Throttling.User for the next call reaches
// the classic SDK as its ServerError, with the code, status 400, the
// vendor's message and the call's request ID; the rule fires once. The
// classic SDK's AutoRetry retries a 5xx answer and a dropped connection,
// not a throttling code.
func TestFaultThrottlingClassic(t *testing.T) {
	env := startFaults(t)
	c := classicSDK(t, env)
	rule := env.AddFault(t, fault.Spec{Cloud: compute.CloudAliyun, Action: "DescribeInstances", Code: "Throttling.User", Count: 1})
	err := describeAll(c)
	e, ok := errors.AsType[*sdkerrors.ServerError](err)
	if !ok {
		t.Fatalf("got %T %v, want a *ServerError", err, err)
	}
	wantID := strings.ToUpper(inbound.UUID(faultRequestID))
	if e.ErrorCode() != "Throttling.User" || e.HttpStatus() != http.StatusBadRequest || e.RequestId() != wantID || e.Message() != "Request was denied due to user flow control." {
		t.Errorf("got %s %d %q (request %s), want Throttling.User 400 with Alibaba's message and request %s", e.ErrorCode(), e.HttpStatus(), e.Message(), e.RequestId(), wantID)
	}
	if err := describeAll(c); err != nil {
		t.Errorf("the call after a count 1 rule: %v", err)
	}
	if got := env.Fault(t, rule.ID).Fired; got != 1 {
		t.Errorf("a count 1 rule fired %d times", got)
	}

	retrying := classicSDK(t, env)
	retrying.GetConfig().WithAutoRetry(true).WithMaxRetryTime(3)
	throttled := env.AddFault(t, fault.Spec{Cloud: compute.CloudAliyun, Action: "DescribeInstances", Code: "Throttling.User", Count: 1})
	if err := describeAll(retrying); sdkError(t, err).code != "Throttling.User" {
		t.Errorf("AutoRetry on Throttling.User: %v, want the error (the classic SDK retries 5xx only)", err)
	}
	if got := env.Fault(t, throttled.ID).Fired; got != 1 {
		t.Errorf("the throttling rule fired %d times under AutoRetry, want 1", got)
	}
	unavailable := env.AddFault(t, fault.Spec{Cloud: compute.CloudAliyun, Action: "DescribeInstances", Code: "ServiceUnavailable", Count: 2})
	if err := describeAll(retrying); err != nil {
		t.Errorf("AutoRetry through two ServiceUnavailable: %v", err)
	}
	dropped := env.AddFault(t, fault.Spec{Cloud: compute.CloudAliyun, Action: "DescribeInstances", Drop: true, Count: 1})
	if err := describeAll(retrying); err != nil {
		t.Errorf("AutoRetry through a dropped connection: %v", err)
	}
	if got := env.Fault(t, unavailable.ID).Fired + env.Fault(t, dropped.ID).Fired; got != 3 {
		t.Errorf("the retried rules fired %d times, want 3", got)
	}
	env.AddFault(t, fault.Spec{Cloud: compute.CloudAliyun, Action: "DescribeInstances", Drop: true, Count: 1})
	if err := describeAll(c); err == nil {
		t.Error("a drop went unnoticed")
	} else if _, isServer := errors.AsType[*sdkerrors.ServerError](err); isServer {
		t.Errorf("a drop: %v, want a transport error", err)
	}
}

// TestFaultThrottlingTea: Throttling.User reaches the Tea SDK (ACS3 and
// RPC v1) as its typed error with the code, status 400 and the call's
// request ID: a tea.SDKError by default, the ThrottlingError itself with
// DisableSDKError. With RetryOptions that retry the code, the call gets
// through.
func TestFaultThrottlingTea(t *testing.T) {
	env := startFaults(t)
	wantID := strings.ToUpper(inbound.UUID(faultRequestID))
	for _, algorithm := range []string{"", "v2"} {
		c := teaSDK(t, env, algorithm)
		rule := env.AddFault(t, fault.Spec{Cloud: compute.CloudAliyun, Action: "DescribeInstances", Code: "Throttling.User", Count: 1})
		if e := sdkError(t, teaDescribeAll(c)); e.code != "Throttling.User" || e.status != 400 || e.requestID != wantID {
			t.Errorf("%q: %+v, want Throttling.User 400 request %s", algorithm, e, wantID)
		}
		check(t, teaDescribeAll(c))
		if got := env.Fault(t, rule.ID).Fired; got != 1 {
			t.Errorf("%q: a count 1 rule fired %d times", algorithm, got)
		}
	}
	cfg := func() *openapi.Config {
		return &openapi.Config{
			AccessKeyId: tea.String(apptest.AccessKeyID), AccessKeySecret: tea.String(apptest.AccessKeySecret),
			RegionId: tea.String(region), Endpoint: tea.String(env.Host), Protocol: tea.String("HTTP"),
		}
	}
	unwrapped, err := teaecs.NewClient(cfg())
	check(t, err)
	unwrapped.DisableSDKError = tea.Bool(true)
	env.AddFault(t, fault.Spec{Cloud: compute.CloudAliyun, Action: "DescribeInstances", Code: "Throttling.User", Count: 1})
	throttled, ok := errors.AsType[*openapi.ThrottlingError](teaDescribeAll(unwrapped))
	if !ok || tea.StringValue(throttled.Code) != "Throttling.User" || tea.StringValue(throttled.RequestId) != wantID {
		t.Errorf("with DisableSDKError: %v, want a ThrottlingError with request %s", throttled, wantID)
	}

	withRetry := cfg()
	// By code: the SDK's ThrottlingError carries no Name, so a condition
	// on the exception "ThrottlingError" never matches.
	withRetry.RetryOptions = &dara.RetryOptions{Retryable: true, RetryCondition: []*dara.RetryCondition{
		{MaxAttempts: 3, ErrorCode: []string{"Throttling.User"}, Backoff: &dara.FixedBackoffPolicy{Period: 1}},
	}}
	retrying, err := teaecs.NewClient(withRetry)
	check(t, err)
	rule := env.AddFault(t, fault.Spec{Cloud: compute.CloudAliyun, Action: "DescribeInstances", Code: "Throttling.User", Count: 2})
	if err := teaDescribeAll(retrying); err != nil {
		t.Errorf("RetryOptions through two Throttling.User: %v", err)
	}
	if got := env.Fault(t, rule.ID).Fired; got != 2 {
		t.Errorf("the retried rule fired %d times, want 2", got)
	}
}

// TestFaultLatency: a latency delays the call, which then succeeds; a
// client that waits less gives up.
func TestFaultLatency(t *testing.T) {
	env := startFaults(t)
	c := classicSDK(t, env)
	env.AddFault(t, fault.Spec{Cloud: compute.CloudAliyun, Action: "DescribeInstances", Latency: "300ms", Count: 2})
	start := time.Now()
	check(t, describeAll(c))
	if took := time.Since(start); took < 300*time.Millisecond {
		t.Errorf("a call under a 300ms latency took %s", took)
	}
	impatient := classicSDK(t, env)
	impatient.SetReadTimeout(50 * time.Millisecond)
	if err := describeAll(impatient); err == nil || !strings.Contains(err.Error(), "Timeout") {
		t.Errorf("a 50ms client under a 300ms latency: %v, want a timeout", err)
	}
}

// TestFaultAnswers: an unknown code is answered with 400 and a message
// naming the rule, or with the status and message the rule gives, in the
// envelope the call asked for; a known code with its status.
func TestFaultAnswers(t *testing.T) {
	env := startFaults(t)
	c := classicSDK(t, env)
	unknown := env.AddFault(t, fault.Spec{Cloud: compute.CloudAliyun, Action: "DescribeInstances", Code: "OperationDenied.NoStock", Count: 1})
	err := describeAll(c)
	if e, ok := errors.AsType[*sdkerrors.ServerError](err); !ok || e.ErrorCode() != "OperationDenied.NoStock" || e.HttpStatus() != 400 || !strings.Contains(e.Message(), unknown.ID) {
		t.Errorf("an unknown code: %v, want OperationDenied.NoStock 400 naming %s", err, unknown.ID)
	}
	env.AddFault(t, fault.Spec{Cloud: compute.CloudAliyun, Action: "DescribeInstances", Code: "OperationDenied.NoStock", HTTPStatus: 403, Message: "sold out", Count: 1})
	if e := sdkError(t, describeAll(c)); e.code != "OperationDenied.NoStock" || e.status != 403 {
		t.Errorf("a status given: %+v, want 403", e)
	}
	env.AddFault(t, fault.Spec{Cloud: compute.CloudAliyun, Action: "DescribeInstances", Code: "InternalError", Count: 1})
	if e := sdkError(t, describeAll(c)); e.status != 500 {
		t.Errorf("InternalError: %+v, want the table's 500", e)
	}
	// The VPC API's actions are matched too.
	env.AddFault(t, fault.Spec{Cloud: compute.CloudAliyun, Action: "DescribeVpcs", Code: "Throttling", Count: 1})
	_, err = newTeaRPC(t, env).postVersion("2016-04-28", "DescribeVpcs", map[string]any{"RegionId": region}, nil)
	if code, status := teaRPCError(t, err); code != "Throttling" || status != 400 {
		t.Errorf("DescribeVpcs: %s %d, want Throttling 400", code, status)
	}
}

// TestFaultLaunchFailsAndStuck, on every store: a launch_fails rule makes
// the launch settle Stopped, Alibaba's only state for a failed creation;
// a stuck rule leaves a stop Stopping until the rule is deleted.
func TestFaultLaunchFailsAndStuck(t *testing.T) {
	apptest.EachStore(t, apptest.Options{Admin: true}, func(t *testing.T, env *apptest.Env) {
		c := newClassicClient(t, env.Host, region, apptest.AccessKeyID, apptest.AccessKeySecret)
		env.AddFault(t, fault.Spec{Cloud: compute.CloudAliyun, Action: "RunInstances", LaunchFails: true, Count: 1})
		failed, err := c.run(launch{region: region, image: image, instanceType: itype})
		check(t, err)
		ok, err := c.run(launch{region: region, image: image, instanceType: itype})
		check(t, err)
		env.Clock.Advance(2 * apptest.DefaultDelay)
		statuses := func(ids ...string) map[string]string {
			t.Helper()
			p, err := c.describeStatus(statusQuery{region: region, ids: ids})
			check(t, err)
			return p.statuses
		}
		if got := statuses(failed[0], ok[0]); got[failed[0]] != "Stopped" || got[ok[0]] != "Running" {
			t.Errorf("after the launches: %v, want %s Stopped (failed), %s Running", got, failed[0], ok[0])
		}

		stuck := env.AddFault(t, fault.Spec{Cloud: compute.CloudAliyun, Action: "StopInstance", Stuck: true})
		check(t, c.act("StopInstance", ok[0], false))
		env.Clock.Advance(time.Minute)
		if got := statuses(ok[0])[ok[0]]; got != "Stopping" {
			t.Errorf("a stuck stop a minute on: %s, want Stopping", got)
		}
		if held := env.Fault(t, stuck.ID).Held; !slices.Equal(held, []compute.InstanceID{compute.InstanceID(ok[0])}) {
			t.Errorf("the rule holds %v, want %s", held, ok[0])
		}
		if status, _ := env.Admin(t, http.MethodDelete, "/v1/faults/"+stuck.ID, nil, nil); status != http.StatusOK {
			t.Fatalf("deleting the rule: %d", status)
		}
		if got := statuses(ok[0])[ok[0]]; got != "Stopped" {
			t.Errorf("once the rule is deleted: %s, want Stopped", got)
		}
	})
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}
