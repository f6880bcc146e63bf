package zenlayer

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/ecsd/ecsd/internal/compute"
)

// TestEveryCodeHasARow fails when compute grows a Code this dialect cannot
// spell.
func TestEveryCodeHasARow(t *testing.T) {
	for _, c := range compute.Codes {
		row, ok := errorTable[errorKey{code: c}]
		if !ok {
			t.Errorf("code %v has no row", c)
			continue
		}
		if row.status < 400 || row.code == "" || row.message == "" || strings.ToUpper(row.code) != row.code {
			t.Errorf("code %v: bad row %+v", c, row)
		}
	}
}

// TestEveryStatusIsSpelled fails when compute grows a Status this dialect
// cannot spell, and checks that a status filter finds every spelling.
func TestEveryStatusIsSpelled(t *testing.T) {
	for _, s := range compute.Statuses {
		spelled, ok := statusSpelling[s]
		if !ok || spelled == "" {
			t.Errorf("status %s has no spelling", s)
			continue
		}
		if got, known := statusesSpelled(spelled); !known || !containsStatus(got, s) {
			t.Errorf("statusesSpelled(%s) = %v, %v; want it to include %s", spelled, got, known, s)
		}
	}
	if got, known := statusesSpelled("IMAGING"); !known || len(got) != 0 {
		t.Errorf("statusesSpelled(IMAGING) = %v, %v; want none, known", got, known)
	}
	if _, known := statusesSpelled("running"); known {
		t.Error("statusesSpelled(running) is known; ZEC statuses are upper case")
	}
}

func containsStatus(list []compute.Status, s compute.Status) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestToAPIError(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		wantStatus int
		wantCode   string
		wantInMsg  string
	}{
		{"plain Go error", errors.New("disk on fire"), 500, "INTERNAL_SERVER_ERROR", ""},
		{"api error as is", errSignature, 401, "AUTHFAILURE_SIGNATURE_FAILURE", ""},
		{"instance not found", &compute.Error{Code: compute.NotFound, Op: "start", Param: "instance", Value: "123", Instance: "123"}, 404, "INVALID_INSTANCE_NOT_FOUND", "`123`"},
		{"zone not found", &compute.Error{Code: compute.NotFound, Param: "zone", Value: "SEL--A"}, 404, "INVALID_ZONE_NOT_FOUND", "zoneId `SEL--A`"},
		{"start a running one", &compute.Error{Code: compute.IncorrectState, Op: "start", Param: "instance", Instance: "1", Status: compute.StatusRunning}, 403, "OPERATION_DENIED_INSTANCE_NOT_STOPPED", "`1`"},
		{"stop a stopped one", &compute.Error{Code: compute.IncorrectState, Op: "stop", Status: compute.StatusStopped}, 403, "OPERATION_DENIED_INSTANCE_NOT_RUNNING", ""},
		{"reboot a stopped one", &compute.Error{Code: compute.IncorrectState, Op: "reboot", Status: compute.StatusStopped}, 403, "OPERATION_DENIED_INSTANCE_NOT_RUNNING", ""},
		{"start a recycled one", &compute.Error{Code: compute.IncorrectState, Op: "start", Status: compute.StatusRecycled}, 403, "OPERATION_DENIED_INSTANCE_RECYCLED", ""},
		{"release a deploying one", &compute.Error{Code: compute.IncorrectState, Op: "terminate", Status: compute.StatusPending}, 403, "OPERATION_DENIED_INSTANCE_CREATING", ""},
		{"release a booting one", &compute.Error{Code: compute.IncorrectState, Op: "terminate", Status: compute.StatusStarting}, 403, "OPERATION_DENIED_INSTANCE_STATUS", ""},
		{"body too large", &compute.Error{Code: compute.LimitExceeded, Param: "body"}, 413, "REQUEST_BODY_TOO_LARGE", ""},
		{"unknown key", &compute.Error{Code: compute.Unauthenticated, Value: "AK"}, 401, "AUTHFAILURE_SECRETID_NOT_FOUND", "`AK`"},
		{"expired", &compute.Error{Code: compute.Expired}, 401, "AUTHFAILURE_SIGNATURE_EXPIRE", ""},
		{"throttled", &compute.Error{Code: compute.Throttled}, http.StatusTooManyRequests, "REQUEST_LIMIT_EXCEEDED", ""},
		{"unknown code", &compute.Error{Code: compute.Code(200)}, 500, "INTERNAL_SERVER_ERROR", ""},
		{"internal keeps its cause secret", &compute.Error{Code: compute.Internal, Message: "x", Err: errors.New("password=hunter2")}, 500, "INTERNAL_SERVER_ERROR", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := toAPIError(tt.err)
			if a.Status != tt.wantStatus || a.Code != tt.wantCode {
				t.Errorf("got %d %s, want %d %s", a.Status, a.Code, tt.wantStatus, tt.wantCode)
			}
			if !strings.Contains(a.Message, tt.wantInMsg) {
				t.Errorf("message %q does not contain %q", a.Message, tt.wantInMsg)
			}
			if strings.Contains(a.Message, "hunter2") || strings.Contains(a.Message, "disk on fire") {
				t.Errorf("message %q leaks an internal error", a.Message)
			}
		})
	}
}
