package tencent

import (
	"errors"
	"fmt"
	"testing"

	"github.com/ecsd/ecsd/internal/compute"
)

func TestEveryCodeHasARow(t *testing.T) {
	for _, code := range compute.Codes {
		if _, ok := errorTable[errorKey{code: code}]; !ok {
			t.Errorf("compute.%s has no row in errorTable", code)
		}
	}
}

func TestEveryStatusIsSpelled(t *testing.T) {
	seen := map[string]compute.Status{}
	for _, s := range compute.Statuses {
		spelled, ok := statusSpelling[s]
		if !ok {
			t.Errorf("status %s has no spelling", s)
			continue
		}
		if other, dup := seen[spelled]; dup {
			t.Errorf("statuses %s and %s are both spelled %s", s, other, spelled)
		}
		seen[spelled] = s
	}
}

// TestEveryStatusHasARefusal: the refusal of an operation names the state
// the instance is in, as CVM's codes do.
func TestEveryStatusHasARefusal(t *testing.T) {
	want := map[compute.Status]string{
		compute.StatusPending:      "UnsupportedOperation.InstanceStatePending",
		compute.StatusStarting:     "UnsupportedOperation.InstanceStateStarting",
		compute.StatusRunning:      "UnsupportedOperation.InstanceStateRunning",
		compute.StatusStopping:     "UnsupportedOperation.InstanceStateStopping",
		compute.StatusStopped:      "UnsupportedOperation.InstanceStateStopped",
		compute.StatusRebooting:    "UnsupportedOperation.InstanceStateRebooting",
		compute.StatusTerminating:  "UnsupportedOperation.InstanceStateTerminating",
		compute.StatusTerminated:   "UnsupportedOperation.InstanceStateTerminated",
		compute.StatusRecycled:     "UnsupportedOperation.InstanceStateShutdown",
		compute.StatusLaunchFailed: "UnsupportedOperation.InstanceStateLaunchFailed",
	}
	for _, s := range compute.Statuses {
		err := &compute.Error{Code: compute.IncorrectState, Param: "instance", Instance: "ins-abcdefgh", Status: s}
		if got := toAPIError("cvm", err).Code; got != want[s] {
			t.Errorf("refusal in status %s = %s, want %s", s, got, want[s])
		}
	}
}

func TestToAPIError(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&compute.Error{Code: compute.NotFound, Param: "region", Value: "ap-mars"}, "UnsupportedRegion"},
		{&compute.Error{Code: compute.NotFound, Param: "zone"}, "InvalidZone.MismatchRegion"},
		{&compute.Error{Code: compute.NotFound, Param: "instance", Instance: "ins-abcdefgh"}, "InvalidInstanceId.NotFound"},
		{&compute.Error{Code: compute.NotFound, Param: "image"}, "InvalidImageId.NotFound"},
		{&compute.Error{Code: compute.NotFound, Param: "rule"}, "ResourceNotFound"},
		{&compute.Error{Code: compute.LimitExceeded, Param: "body"}, "RequestSizeLimitExceeded"},
		{&compute.Error{Code: compute.Expired}, "AuthFailure.SignatureExpire"},
		{fmt.Errorf("wrapped: %w", &compute.Error{Code: compute.Unauthenticated}), "AuthFailure.SecretIdNotFound"},
		{errors.New("disk on fire"), "InternalServerError"},
		{errSignature, "AuthFailure.SignatureFailure"},
	}
	for _, tt := range tests {
		if got := toAPIError("cvm", tt.err); got.Code != tt.want || got.Message == "" {
			t.Errorf("toAPIError(%v) = %+v, want %s", tt.err, got, tt.want)
		}
	}
	// Messages never carry the internal cause.
	if got := toAPIError("cvm", &compute.Error{Code: compute.Internal, Err: errors.New("secret detail")}); got.Message != errorTable[errorKey{code: compute.Internal}].Message {
		t.Errorf("an internal error says %q", got.Message)
	}
}
