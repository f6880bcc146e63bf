package kit

import (
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/inbound"
)

// Found records that a request names an action the dialect serves, and
// whether that action changes anything: from then on logs and metrics show
// the action's name, and the audit log a line for a mutating one.
func Found[C any](in *inbound.Request, a Action[C]) {
	in.Known, in.Mutating = true, !a.ReadOnly
}

// NoteError records the error a request is answered with: the vendor's
// code, and the refusal it is, when the request did no work (see
// Refusal). Each dialect's writeError calls it once.
func NoteError(in *inbound.Request, err error, vendorCode string) {
	in.ErrorCode = vendorCode
	in.Refusal = Refusal(in, err)
}

// Refusals name, by the core's Code, the errors that refuse a request
// whatever stage it reached: a read-only action may run while its nonce is
// still being recorded, and is refused as replayed afterwards.
var refusals = map[compute.Code]string{
	compute.Unauthenticated: "unauthenticated",
	compute.KeyDisabled:     "key_disabled",
	compute.Replayed:        "replayed",
	compute.Expired:         "expired",
	compute.Throttled:       "throttled",
}

// beforeWork name the errors that are refusals only when the request was
// not yet handed to its action: afterwards they are the action's own
// answer (a batch too large, a quota reached, a store down).
var beforeWork = map[compute.Code]string{
	compute.LimitExceeded: "limit_exceeded",
	compute.Unavailable:   "unavailable",
	compute.Internal:      "internal",
}

// Refusal says why err refused in before its action did any work, in one
// of a few fixed words, or "" when the action ran (and err is its answer).
// Protocol errors carry no core Code: they are "unknown_action" for an
// action not served, "unauthenticated" for a request whose signature was
// never proven (a bad or missing signature, or a malformed request checked
// before it), and "invalid" for one refused after its signature held.
func Refusal(in *inbound.Request, err error) string {
	e, isDomain := compute.AsError(err)
	if isDomain {
		if r, ok := refusals[e.Code]; ok {
			return r
		}
	}
	switch {
	case in.Dispatched:
		return ""
	case isDomain && beforeWork[e.Code] != "":
		return beforeWork[e.Code]
	case !in.Known:
		return "unknown_action"
	case in.Account == "":
		return "unauthenticated"
	}
	return "invalid"
}
