package kit_test

import (
	"errors"
	"testing"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
	"github.com/ecsd/ecsd/internal/inbound"
)

// TestRefusal: a request is refused (for the metrics) when it failed
// before its action did any work, with a fixed word for why; the errors of
// an action that ran are its answer, not refusals, except those that
// refuse whatever stage was reached.
func TestRefusal(t *testing.T) {
	protocol := errors.New("a dialect's own protocol error")
	code := func(c compute.Code) error { return &compute.Error{Code: c} }
	tests := []struct {
		name string
		in   *inbound.Request
		err  error
		want string
	}{
		{"action not served", &inbound.Request{}, protocol, "unknown_action"},
		{"bad signature", &inbound.Request{Known: true}, protocol, "unauthenticated"},
		{"unknown key", &inbound.Request{Known: true}, code(compute.Unauthenticated), "unauthenticated"},
		{"disabled key", &inbound.Request{Known: true}, code(compute.KeyDisabled), "key_disabled"},
		{"expired", &inbound.Request{Known: true}, code(compute.Expired), "expired"},
		{"a parameter refused after the signature held", &inbound.Request{Known: true, Account: "a1"}, protocol, "invalid"},
		{"body too large", &inbound.Request{}, code(compute.LimitExceeded), "limit_exceeded"},
		{"throttled before work", &inbound.Request{Known: true, Account: "a1"}, code(compute.Throttled), "throttled"},
		{"store down before work", &inbound.Request{Known: true}, code(compute.Unavailable), "unavailable"},
		{"a read replayed after it ran", &inbound.Request{Known: true, Account: "a1", Dispatched: true}, code(compute.Replayed), "replayed"},
		{"the action's NotFound", &inbound.Request{Known: true, Account: "a1", Dispatched: true}, code(compute.NotFound), ""},
		{"the action's quota", &inbound.Request{Known: true, Account: "a1", Dispatched: true}, code(compute.LimitExceeded), ""},
		{"the action's store down", &inbound.Request{Known: true, Account: "a1", Dispatched: true}, code(compute.Unavailable), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := kit.Refusal(tt.in, tt.err); got != tt.want {
				t.Errorf("Refusal = %q, want %q", got, tt.want)
			}
		})
	}
}
