package tencent

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/ecsd/ecsd/internal/fault"
)

// knownCodes are the message of every code the protocol errors and the
// error tables spell, by code; where several rows share a code, the first
// in that order, each table's sorted.
var knownCodes = sync.OnceValue(func() map[string]*apiError {
	known := map[string]*apiError{}
	add := func(errs []*apiError) {
		slices.SortStableFunc(errs, func(a, b *apiError) int {
			return cmp.Or(cmp.Compare(a.Code, b.Code), cmp.Compare(a.Message, b.Message))
		})
		for _, e := range errs {
			if _, ok := known[e.Code]; !ok {
				known[e.Code] = e
			}
		}
	}
	add([]*apiError{errSignature, errAuthorization, errToken, errMethod, errTooManyIDs, errTooLarge})
	add(slices.Collect(maps.Values(errorTable)))
	for _, service := range slices.Sorted(maps.Keys(serviceErrors)) {
		add(slices.Collect(maps.Values(serviceErrors[service])))
	}
	return known
})

// faultAnswer spells the answer of a fault rule: its code, with the
// message Tencent gives that code, or for a code ecsd does not know a
// message naming the rule; the rule's own message wins. Its HTTP status,
// 200 as for every Tencent error unless the rule gives one, is
// writeError's.
func faultAnswer(f *fault.Answer) *apiError {
	a := apiError{f.Code, fmt.Sprintf("The request failed with %s (ecsd fault rule %s).", f.Code, f.Rule)}
	if known, ok := knownCodes()[f.Code]; ok {
		a.Message = known.Message
	}
	a.Message = cmp.Or(f.Message, a.Message)
	return &a
}

// Actions lists every action the dialect serves, of every service, for
// fault rules to be checked against.
func (h *Handler) Actions() []string {
	var names []string
	for _, p := range products {
		names = append(names, p.actions.Names()...)
	}
	slices.Sort(names)
	return slices.Compact(names)
}
