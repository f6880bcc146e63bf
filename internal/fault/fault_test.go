package fault_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/fault"
)

var ci = compute.Owner{Account: "100", Cloud: compute.CloudTencent}

// newSet is a Set that knows one account, "ci", and two Tencent actions.
func newSet(t *testing.T, release func(context.Context, compute.Owner, []compute.InstanceID) ([]compute.InstanceID, error)) *fault.Set {
	t.Helper()
	seed := uint64(1)
	return fault.New(fault.Config{
		Actions: map[compute.Cloud][]string{compute.CloudTencent: {"DescribeInstances", "RunInstances", "StopInstances"}},
		Account: func(_ context.Context, name string) (compute.AccountID, error) {
			if name == "ci" {
				return ci.Account, nil
			}
			return "", &compute.Error{Code: compute.NotFound}
		},
		Release: release,
		Seed:    &seed,
	})
}

func call(action string, account compute.AccountID, query string) (*http.Request, fault.Call) {
	r := httptest.NewRequest(http.MethodPost, "/?"+query, nil)
	return r, fault.Call{Cloud: compute.CloudTencent, Action: action, Account: account, Request: r}
}

func add(t *testing.T, s *fault.Set, spec fault.Spec) fault.Rule {
	t.Helper()
	r, err := s.Add(t.Context(), spec)
	if err != nil {
		t.Fatalf("Add(%+v): %v", spec, err)
	}
	return r
}

func p(f float64) *float64 { return &f }

func TestCheck(t *testing.T) {
	s := newSet(t, nil)
	base := fault.Spec{Cloud: compute.CloudTencent, Action: "DescribeInstances", Code: "RequestLimitExceeded"}
	with := func(change func(*fault.Spec)) fault.Spec {
		spec := base
		change(&spec)
		return spec
	}
	for _, tc := range []struct {
		name  string
		spec  fault.Spec
		where string
		want  string
	}{
		{"unknown cloud", with(func(s *fault.Spec) { s.Cloud = "aws" }), "cloud", `"aws" is not a cloud`},
		{"no action", with(func(s *fault.Spec) { s.Action = "" }), "action", "an action is required"},
		{"unknown action", with(func(s *fault.Spec) { s.Action = "describeinstances" }), "action", "did you mean DescribeInstances?"},
		{"unknown account", with(func(s *fault.Spec) { s.Account = "nobody" }), "account", `no account is named "nobody"`},
		{"bad instance", with(func(s *fault.Spec) { s.Instance = "ins 1" }), "instance", "is not an instance ID"},
		{"two effects", with(func(s *fault.Spec) { s.Drop = true }), "code", "a rule does one of"},
		{"no effect", with(func(s *fault.Spec) { s.Code = "" }), "code", "the rule does nothing"},
		{"bad code", with(func(s *fault.Spec) { s.Code = "Request Limit" }), "code", "is not an error code"},
		{"bad latency", with(func(s *fault.Spec) { s.Latency = "2x" }), "latency", `"2x" is not a duration`},
		{"negative latency", with(func(s *fault.Spec) { s.Latency = "-1s" }), "latency", "is not a duration"},
		{"status without code", fault.Spec{Cloud: compute.CloudTencent, Action: "RunInstances", LaunchFails: true, HTTPStatus: 500}, "http_status", "goes with a code"},
		{"status out of range", with(func(s *fault.Spec) { s.HTTPStatus = 700 }), "http_status", "from 200 to 599"},
		{"message without code", fault.Spec{Cloud: compute.CloudTencent, Action: "StopInstances", Stuck: true, Message: "x"}, "message", "goes with a code"},
		{"launch fails on an instance", fault.Spec{Cloud: compute.CloudTencent, Action: "RunInstances", LaunchFails: true, Instance: "ins-1"}, "instance", "launch_fails takes none"},
		{"probability 0", with(func(s *fault.Spec) { s.Probability = p(0) }), "probability", "is not a probability"},
		{"probability above 1", with(func(s *fault.Spec) { s.Probability = p(1.5) }), "probability", "is not a probability"},
		{"negative count", with(func(s *fault.Spec) { s.Count = -1 }), "count", "is not a count"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Add(t.Context(), tc.spec)
			bad, ok := errors.AsType[*fault.Invalid](err)
			if !ok || bad.Where != tc.where || !strings.Contains(bad.Problem, tc.want) {
				t.Errorf("got %v; want an Invalid at %s with %q", err, tc.where, tc.want)
			}
		})
	}
	if got := s.List(); len(got) != 0 {
		t.Errorf("refused rules are in force: %v", got)
	}
	if _, err := s.AddAll(t.Context(), []fault.Spec{base, with(func(s *fault.Spec) { s.Count = -2 })}); err == nil || !strings.HasPrefix(err.Error(), "faults[1].count: ") {
		t.Errorf("AddAll of a bad second rule: %v, want faults[1].count", err)
	}
	if got := s.List(); len(got) != 0 {
		t.Errorf("AddAll that failed put %d rules in force", len(got))
	}
}

// TestMatching: a rule applies to its cloud and action, its account, and
// the calls that name its instance; the first rule that fires wins; a
// count stops it.
func TestMatching(t *testing.T) {
	s := newSet(t, nil)
	first := add(t, s, fault.Spec{Cloud: compute.CloudTencent, Action: "StopInstances", Instance: "ins-aaaa1111", Code: "First", Count: 1})
	add(t, s, fault.Spec{Cloud: compute.CloudTencent, Action: "StopInstances", Account: "ci", Code: "Second"})
	answer := func(action string, account compute.AccountID, query string) string {
		t.Helper()
		r, c := call(action, account, query)
		if _, err := s.Intercept(r, c); err != nil {
			a, ok := errors.AsType[*fault.Answer](err)
			if !ok {
				t.Fatalf("Intercept: %v", err)
			}
			return a.Code
		}
		return ""
	}
	for _, tc := range []struct {
		name, action string
		account      compute.AccountID
		query, want  string
	}{
		{"another action", "DescribeInstances", ci.Account, "InstanceIds.0=ins-aaaa1111", ""},
		{"another account, no instance", "StopInstances", "999", "InstanceIds.0=ins-bbbb2222", ""},
		{"a longer ID is another", "StopInstances", "999", "InstanceIds.0=ins-aaaa11112", ""},
		{"the instance, escaped", "StopInstances", "999", "InstanceIds=%5B%22ins-aaaa1111%22%5D", "First"},
		{"count spent", "StopInstances", "999", "InstanceIds.0=ins-aaaa1111", ""},
		{"the account", "StopInstances", ci.Account, "InstanceIds.0=ins-aaaa1111", "Second"},
	} {
		if got := answer(tc.action, tc.account, tc.query); got != tc.want {
			t.Errorf("%s: answered %q, want %q", tc.name, got, tc.want)
		}
	}
	rules := s.List()
	if rules[0].ID != first.ID || rules[0].Fired != 1 || rules[1].Fired != 1 {
		t.Errorf("fired counts: %+v, want 1 and 1", rules)
	}
	// A rule's instance may be named in a JSON body too.
	r := httptest.NewRequest(http.MethodPost, "/", nil)
	add(t, s, fault.Spec{Cloud: compute.CloudTencent, Action: "DescribeInstances", Instance: "ins-cccc3333", Drop: true})
	if _, err := s.Intercept(r, fault.Call{Cloud: compute.CloudTencent, Action: "DescribeInstances", Request: r,
		Body: []byte(`{"InstanceIds":["ins-cccc3333"]}`)}); !errors.Is(err, fault.ErrDrop) {
		t.Errorf("a drop for an instance in the body: %v", err)
	}
}

// TestProbabilityIsSeeded: a rule with a probability fires for about that
// share of calls, and the same seed fires it for the same calls.
func TestProbabilityIsSeeded(t *testing.T) {
	pattern := func() []bool {
		s := newSet(t, nil)
		add(t, s, fault.Spec{Cloud: compute.CloudTencent, Action: "DescribeInstances", Code: "X", Probability: p(0.3)})
		var fired []bool
		for range 1000 {
			r, c := call("DescribeInstances", "", "")
			_, err := s.Intercept(r, c)
			fired = append(fired, err != nil)
		}
		return fired
	}
	a, b := pattern(), pattern()
	if !slices.Equal(a, b) {
		t.Error("the same seed fired the rule for other calls")
	}
	n := 0
	for _, f := range a {
		if f {
			n++
		}
	}
	if n < 230 || n > 370 {
		t.Errorf("a rule of probability 0.3 fired %d times in 1000", n)
	}
}

// TestLatency: a delay ends when the request's context does, and the call
// is then dropped; alone, a latency lets the call go on.
func TestLatency(t *testing.T) {
	s := newSet(t, nil)
	add(t, s, fault.Spec{Cloud: compute.CloudTencent, Action: "DescribeInstances", Latency: "1h"})
	add(t, s, fault.Spec{Cloud: compute.CloudTencent, Action: "RunInstances", Latency: "20ms"})
	r, c := call("DescribeInstances", "", "")
	ctx, cancel := context.WithTimeout(r.Context(), 20*time.Millisecond)
	defer cancel()
	r = r.WithContext(ctx)
	c.Request = r
	start := time.Now()
	if _, err := s.Intercept(r, c); !errors.Is(err, fault.ErrDrop) || time.Since(start) > 10*time.Second {
		t.Errorf("an hour's delay under a 20ms context: %v after %s", err, time.Since(start))
	}
	r, c = call("RunInstances", "", "")
	start = time.Now()
	if got, err := s.Intercept(r, c); err != nil || got != r || time.Since(start) < 20*time.Millisecond {
		t.Errorf("a 20ms delay: %v after %s, want the call to go on after 20ms", err, time.Since(start))
	}
}

// TestStuckAndRelease: a stuck rule asks the core to hold instances,
// lists those it holds, and lets them go when it is deleted.
func TestStuckAndRelease(t *testing.T) {
	var released []compute.InstanceID
	s := newSet(t, func(_ context.Context, o compute.Owner, ids []compute.InstanceID) ([]compute.InstanceID, error) {
		if o != ci {
			t.Errorf("released for %v", o)
		}
		released = append(released, ids...)
		return ids, nil
	})
	rule := add(t, s, fault.Spec{Cloud: compute.CloudTencent, Action: "StopInstances", Stuck: true})
	r, c := call("StopInstances", ci.Account, "")
	r, err := s.Intercept(r, c)
	if err != nil {
		t.Fatal(err)
	}
	// The core calls Hold with what it held (see compute.Injected).
	ctx := r.Context()
	ctxHold(t, ctx)(ci, []compute.InstanceID{"ins-1", "ins-2"})
	ctxHold(t, ctx)(ci, []compute.InstanceID{"ins-2"})
	if got := s.List()[0].Held; !slices.Equal(got, []compute.InstanceID{"ins-1", "ins-2"}) {
		t.Errorf("held %v", got)
	}
	gone, out, err := s.Delete(t.Context(), rule.ID)
	if err != nil || gone.Fired != 1 || !slices.Equal(out, []compute.InstanceID{"ins-1", "ins-2"}) || !slices.Equal(released, out) {
		t.Errorf("Delete: %+v %v %v; released %v", gone, out, err, released)
	}
	if _, _, err := s.Delete(t.Context(), rule.ID); !errors.As(err, new(*fault.NotFound)) {
		t.Errorf("deleting twice: %v", err)
	}
}

// ctxHold is the Hold callback a context carries for the core.
func ctxHold(t *testing.T, ctx context.Context) func(compute.Owner, []compute.InstanceID) {
	t.Helper()
	in := compute.InjectedIn(ctx)
	if in.Hold == nil {
		t.Fatal("the context asks for no hold")
	}
	return in.Hold
}

func TestParse(t *testing.T) {
	specs, err := fault.Parse([]byte(`{"faults": [
		{"id": "fault-7", "cloud": "tencent", "action": "DescribeInstances", "code": "RequestLimitExceeded", "count": 1, "fired": 3},
		{"cloud": "zenlayer", "action": "CreateZecInstances", "latency": "2s", "launch_fails": true, "probability": 0.5}]}`))
	if err != nil || len(specs) != 2 || specs[0].Count != 1 || *specs[1].Probability != 0.5 || specs[1].Latency != "2s" {
		t.Fatalf("Parse: %+v %v", specs, err)
	}
	for _, tc := range []struct{ name, doc, want string }{
		{"not JSON", "{\"faults\": [\n  {\"cloud\": }]}", "line 2, column 14: this is not JSON"},
		{"unknown field", "{\"faults\": [\n {\"cloud\": \"tencent\", \"colour\": 1}]}", `line 2, column 37: "colour" is not a field of a fault rule`},
		{"wrong type", "{\"faults\": [{\"count\": \"1\"}]}", "(faults.count): a string where a int belongs"},
		{"no list", `{}`, "faults: the document lists no rules"},
		{"more", `{"faults": []} {}`, "there is more after the document"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := fault.Parse([]byte(tc.doc)); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}
