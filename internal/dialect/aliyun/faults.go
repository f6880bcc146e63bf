package aliyun

import (
	"cmp"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"sync"

	"github.com/ecsd/ecsd/internal/fault"
)

// faultOnlyCodes are codes Alibaba answers that ecsd never answers on its
// own, for fault rules to give their status and message: the throttling
// codes the Tea SDK turns into a ThrottlingError besides Throttling
// (reference 2.1; their status is unconfirmed, 400 as Throttling's).
var faultOnlyCodes = []*apiError{
	{http.StatusBadRequest, "Throttling.User", "Request was denied due to user flow control."},
	{http.StatusBadRequest, "Throttling.Api", "Request was denied due to api flow control."},
}

// knownCodes are the status and message of every code the error table,
// the protocol errors and faultOnlyCodes spell, by code; where several
// rows share a code, the first in that order, the table's sorted.
var knownCodes = sync.OnceValue(func() map[string]*apiError {
	known := map[string]*apiError{}
	add := func(errs ...*apiError) {
		for _, e := range errs {
			if _, ok := known[e.Code]; !ok {
				known[e.Code] = e
			}
		}
	}
	add(errActionOrVersion, errUnknownAction, errSignature, errIncomplete, errTimeFormat, errMethod,
		errTooManyIDs, errMalformedIDs, errInvalidStatus, errBodyTooLarge)
	add(faultOnlyCodes...)
	add(slices.SortedFunc(maps.Values(errorTable), func(a, b *apiError) int {
		return cmp.Or(cmp.Compare(a.Code, b.Code), cmp.Compare(a.Status, b.Status), cmp.Compare(a.Message, b.Message))
	})...)
	return known
})

// faultAnswer spells the answer of a fault rule: its code, with the status
// and message Alibaba gives that code, or for a code ecsd does not know
// 400 and a message naming the rule; the rule's own status and message
// win.
func faultAnswer(f *fault.Answer) *apiError {
	a := apiError{http.StatusBadRequest, f.Code, fmt.Sprintf("The request failed with %s (ecsd fault rule %s).", f.Code, f.Rule)}
	if known, ok := knownCodes()[f.Code]; ok {
		a.Status, a.Message = known.Status, known.Message
	}
	a.Status = cmp.Or(f.Status, a.Status)
	a.Message = cmp.Or(f.Message, a.Message)
	return &a
}

// Actions lists every action the dialect serves, of ECS and of VPC, for
// fault rules to be checked against.
func (h *Handler) Actions() []string {
	var names []string
	for _, table := range products {
		names = append(names, table.Names()...)
	}
	slices.Sort(names)
	return slices.Compact(names)
}
