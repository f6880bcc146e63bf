package zenlayer

import (
	"cmp"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"sync"

	"github.com/ecsd/ecsd/internal/fault"
)

// knownCodes are the status and message of every code the protocol
// errors and the error table spell, by code; where several rows share a
// code, the first in that order, the table's sorted.
var knownCodes = sync.OnceValue(func() map[string]*apiError {
	known := map[string]*apiError{}
	for _, e := range []*apiError{errMethod, errService, errContentType, errBody, errToken, errUnsigned} {
		if _, ok := known[e.Code]; !ok {
			known[e.Code] = e
		}
	}
	rows := slices.SortedFunc(maps.Values(errorTable), func(a, b errorRow) int {
		return cmp.Or(cmp.Compare(a.code, b.code), cmp.Compare(a.status, b.status), cmp.Compare(a.message, b.message))
	})
	for _, r := range rows {
		if _, ok := known[r.code]; !ok {
			known[r.code] = &apiError{r.status, r.code, r.message}
		}
	}
	return known
})

// faultAnswer spells the answer of a fault rule: its code, with the status
// and message Zenlayer gives that code, or for a code ecsd does not know
// 400 (Zenlayer's status for a refused request) and a message naming the
// rule; the rule's own status and message win.
func faultAnswer(f *fault.Answer) *apiError {
	a := apiError{http.StatusBadRequest, f.Code, fmt.Sprintf("The request failed with %s (ecsd fault rule %s).", f.Code, f.Rule)}
	if known, ok := knownCodes()[f.Code]; ok {
		a.Status, a.Message = known.Status, known.Message
	}
	a.Status = cmp.Or(f.Status, a.Status)
	a.Message = cmp.Or(f.Message, a.Message)
	return &a
}

// Actions lists every action the dialect serves, of every service and
// version, for fault rules to be checked against.
func (h *Handler) Actions() []string {
	var names []string
	for _, svc := range services {
		for _, v := range svc.versions {
			names = append(names, v.actions.Names()...)
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}
