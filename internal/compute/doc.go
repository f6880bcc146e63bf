// Package compute is the domain of ecsd: instances, their lifecycle, the
// regions and zones they live in, and the use cases that change them.
//
// It knows nothing of HTTP, SQL or any vendor's spelling. Vendor dialects
// (internal/dialect/...) translate requests into calls on Service and spell
// its results their own way; stores (internal/store/...) implement Store.
//
// An instance's status is never advanced by a timer. Each instance carries
// the status it is heading for (Target) and the transitional stages it shows
// on the way, each with the time it ends. The visible status is computed from
// those and the clock, so a fake clock makes lifecycle tests deterministic and
// several nodes sharing one store agree without coordinating.
package compute
