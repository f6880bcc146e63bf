// Package fault is ecsd's fault injection: rules, added and deleted while
// ecsd runs, that make the vendor calls they match answer a vendor's error,
// wait, lose their connection, fail their launch, or stay in their
// transitional status. A rule matches a cloud and an action, and
// optionally an account and an instance; it fires with a probability, or
// for the next N calls it matches, and counts how often it fired.
//
// Matching is done here, once for every dialect: each dialect calls
// Intercept (through kit.Base) once a request is authenticated and its
// action known, and answers the error Intercept returns in its vendor's
// envelope. Rules live in the process: each ecsd node has its own.
package fault

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
)

// Spec says which calls a rule matches and what it does to them. It is
// the admin API's and the faults file's form of a rule.
type Spec struct {
	// Cloud and Action select the calls: the action as the vendor names
	// it (DescribeInstances, CreateZecInstances).
	Cloud  compute.Cloud `json:"cloud"`
	Action string        `json:"action"`
	// Account, when set, is the name of the only account whose calls
	// match; Instance, when set, an instance ID the call must name among
	// its parameters.
	Account  string `json:"account,omitempty"`
	Instance string `json:"instance,omitempty"`

	// Code answers the call with this error code of the vendor, with
	// HTTPStatus and Message when given, else those the vendor gives the
	// code (or a default of the vendor's for a code ecsd does not know).
	Code       string `json:"code,omitempty"`
	HTTPStatus int    `json:"http_status,omitempty"`
	Message    string `json:"message,omitempty"`
	// Latency delays the call (a Go duration, "2s"), before whatever else
	// the rule does; alone, the call is then served as usual.
	Latency string `json:"latency,omitempty"`
	// Drop closes the connection without an answer.
	Drop bool `json:"drop,omitempty"`
	// LaunchFails makes the launch the call makes end in the vendor's
	// failed state.
	LaunchFails bool `json:"launch_fails,omitempty"`
	// Stuck leaves the instances the call launches or acts on in their
	// transitional status, until the rule is deleted or another
	// operation acts on them.
	Stuck bool `json:"stuck,omitempty"`

	// Probability is the chance that a matching call fires the rule,
	// above 0 and at most 1; 1 when absent.
	Probability *float64 `json:"probability,omitempty"`
	// Count, when above 0, makes the rule fire for that many calls only.
	Count int `json:"count,omitempty"`
}

// Rule is a rule in force: its spec, its ID, how often it fired, and the
// instances it holds in their transitional status.
type Rule struct {
	ID string `json:"id"`
	Spec
	Fired int `json:"fired"`
	// Held lists the instances a stuck rule holds, until it is deleted.
	Held []compute.InstanceID `json:"held,omitempty"`
}

// Answer is the error a rule answers a call with: a vendor's code, with
// the HTTP status and message the rule gives; each is the dialect's for
// the code when zero.
type Answer struct {
	Rule    string
	Code    string
	Status  int
	Message string
}

func (a *Answer) Error() string { return "fault rule " + a.Rule + " answers " + a.Code }

// ErrDrop asks the dialect to close the connection without an answer:
// a rule dropped the call, or the client went away while a rule delayed it.
var ErrDrop = errors.New("fault: the connection is dropped")

// Invalid is what is wrong with a rule: where (a field, faults[2].latency,
// or a line and column of a file) and what.
type Invalid struct {
	Where, Problem string
}

func (e *Invalid) Error() string { return e.Where + ": " + e.Problem }

func invalid(where, format string, args ...any) *Invalid {
	return &Invalid{Where: where, Problem: fmt.Sprintf(format, args...)}
}

// errOff refuses rules where there is no Set to hold them.
var errOff = errors.New("fault: this ecsd has no fault rules")

// NotFound is the error of a rule ID that names no rule.
type NotFound struct{ ID string }

func (e *NotFound) Error() string { return fmt.Sprintf("no fault rule has the ID %q", e.ID) }

// Config configures a Set.
type Config struct {
	// Actions lists the actions each cloud serves; a rule must name one.
	// Without it, any action is taken.
	Actions map[compute.Cloud][]string
	// Account finds an account's ID by its name, for rules that name one;
	// it fails for a name no account has.
	Account func(ctx context.Context, name string) (compute.AccountID, error)
	// Release lets the instances a stuck rule held settle, when the rule
	// is deleted; it returns those it released.
	Release func(ctx context.Context, owner compute.Owner, ids []compute.InstanceID) ([]compute.InstanceID, error)
	// Seed, when not nil, fixes the draws of rules with a probability, so
	// that the same calls fire the same rules on every run.
	Seed *uint64
}

// Set is the rules in force. It is safe for concurrent use; a nil *Set has
// no rules.
type Set struct {
	cfg Config

	mu    sync.Mutex
	rules []*rule
	next  int
	rnd   *rand.Rand
	// count is len(rules), read without the lock so that calls pay
	// nothing while no rule is in force.
	count atomic.Int32
}

// rule is a rule in force, with what Spec spells parsed.
type rule struct {
	Rule
	account compute.AccountID
	latency time.Duration
	chance  float64
	held    map[compute.Owner][]compute.InstanceID
}

// New returns an empty Set.
func New(cfg Config) *Set {
	var src rand.Source = rand.NewPCG(rand.Uint64(), rand.Uint64())
	if cfg.Seed != nil {
		src = rand.NewPCG(*cfg.Seed, *cfg.Seed^0x2545f4914f6cdd1d)
	}
	return &Set{cfg: cfg, rnd: rand.New(src)}
}

// SetActions sets the actions each cloud serves (Config.Actions), for
// dialects built after the Set.
func (s *Set) SetActions(actions map[compute.Cloud][]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg.Actions = actions
}

// Add checks a spec and puts it in force as a new rule, which it returns.
func (s *Set) Add(ctx context.Context, spec Spec) (Rule, error) {
	if s == nil {
		return Rule{}, errOff
	}
	r, err := s.check(ctx, "", spec)
	if err != nil {
		return Rule{}, err
	}
	return s.insert([]*rule{r})[0], nil
}

// AddAll checks every spec, then puts them all in force, or none; errors
// name the spec by its index (faults[2].cloud).
func (s *Set) AddAll(ctx context.Context, specs []Spec) ([]Rule, error) {
	if s == nil {
		return nil, errOff
	}
	checked := make([]*rule, len(specs))
	for i, spec := range specs {
		r, err := s.check(ctx, fmt.Sprintf("faults[%d].", i), spec)
		if err != nil {
			return nil, err
		}
		checked[i] = r
	}
	return s.insert(checked), nil
}

func (s *Set) insert(rules []*rule) []Rule {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Rule, len(rules))
	for i, r := range rules {
		s.next++
		r.ID = "fault-" + strconv.Itoa(s.next)
		s.rules = append(s.rules, r)
		out[i] = r.view()
	}
	s.count.Store(int32(len(s.rules)))
	return out
}

// List returns the rules in force, oldest first, with how often each
// fired.
func (s *Set) List() []Rule {
	if s == nil {
		return []Rule{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Rule, len(s.rules))
	for i, r := range s.rules {
		out[i] = r.view()
	}
	return out
}

// Delete takes a rule out of force and lets the instances it held settle.
// It returns the rule as it was, and the instances released.
func (s *Set) Delete(ctx context.Context, id string) (Rule, []compute.InstanceID, error) {
	if s == nil {
		return Rule{}, nil, &NotFound{ID: id}
	}
	s.mu.Lock()
	i := slices.IndexFunc(s.rules, func(r *rule) bool { return r.ID == id })
	if i < 0 {
		s.mu.Unlock()
		return Rule{}, nil, &NotFound{ID: id}
	}
	r := s.rules[i]
	s.rules = slices.Delete(s.rules, i, i+1)
	s.count.Store(int32(len(s.rules)))
	gone := r.view()
	held := r.held
	r.held = nil
	s.mu.Unlock()
	var released []compute.InstanceID
	if s.cfg.Release == nil {
		return gone, nil, nil
	}
	for owner, ids := range held {
		ok, err := s.cfg.Release(ctx, owner, ids)
		if err != nil {
			return gone, released, err
		}
		released = append(released, ok...)
	}
	slices.Sort(released)
	return gone, released, nil
}

// view is the rule as List shows it.
func (r *rule) view() Rule {
	v := r.Rule
	v.Held = nil
	for _, ids := range r.held {
		v.Held = append(v.Held, ids...)
	}
	slices.Sort(v.Held)
	return v
}

// Call is what a dialect knows of a call once it is authenticated.
type Call struct {
	Cloud   compute.Cloud
	Action  string
	Account compute.AccountID
	// Request and Body are the request, and its body as read, in which a
	// rule with an instance looks for its ID.
	Request *http.Request
	Body    []byte
}

// Intercept applies the first rule that matches c and fires: it waits the
// rule's latency (as long as the request's context lasts), then returns
// the error to answer with (an *Answer, or ErrDrop), or a request whose
// context asks the core for a failing launch or held instances, or r
// unchanged. A nil *Set intercepts nothing.
func (s *Set) Intercept(r *http.Request, c Call) (*http.Request, error) {
	if s == nil || s.count.Load() == 0 {
		return r, nil
	}
	f := s.fire(c)
	if f == nil {
		return r, nil
	}
	if f.latency > 0 {
		t := time.NewTimer(f.latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return r, ErrDrop
		}
	}
	switch {
	case f.Code != "":
		return r, &Answer{Rule: f.ID, Code: f.Code, Status: f.HTTPStatus, Message: f.Message}
	case f.Drop:
		return r, ErrDrop
	case f.LaunchFails:
		return r.WithContext(compute.WithInjected(r.Context(), compute.Injected{FailLaunch: true})), nil
	case f.Stuck:
		return r.WithContext(compute.WithInjected(r.Context(), compute.Injected{Hold: s.holder(f.ID)})), nil
	}
	return r, nil
}

// fired is what Intercept applies of the rule that fired.
type fired struct {
	Spec
	ID      string
	latency time.Duration
}

// fire finds the first rule that matches c and fires, and counts it.
func (s *Set) fire(c Call) *fired {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.rules {
		if !r.matches(c) {
			continue
		}
		if r.chance < 1 && s.rnd.Float64() >= r.chance {
			continue
		}
		r.Fired++
		return &fired{Spec: r.Spec, ID: r.ID, latency: r.latency}
	}
	return nil
}

// matches reports whether r applies to c, leaving its chance aside.
func (r *rule) matches(c Call) bool {
	switch {
	case r.Count > 0 && r.Fired >= r.Count:
		return false
	case r.Cloud != c.Cloud || r.Action != c.Action:
		return false
	case r.account != "" && r.account != c.Account:
		return false
	case r.Instance != "" && !mentions(c.Request, c.Body, r.Instance):
		return false
	}
	return true
}

// holder records, for the rule with this ID, the instances the core held
// for it.
func (s *Set) holder(id string) func(compute.Owner, []compute.InstanceID) {
	return func(owner compute.Owner, ids []compute.InstanceID) {
		s.mu.Lock()
		defer s.mu.Unlock()
		i := slices.IndexFunc(s.rules, func(r *rule) bool { return r.ID == id })
		if i < 0 {
			// Deleted while the call ran: nothing will release these
			// but an operation on them.
			return
		}
		r := s.rules[i]
		if r.held == nil {
			r.held = map[compute.Owner][]compute.InstanceID{}
		}
		for _, id := range ids {
			if !slices.Contains(r.held[owner], id) {
				r.held[owner] = append(r.held[owner], id)
			}
		}
	}
}

// mentions reports whether a request names id among its parameters: as a
// whole token of its query or its body, URL-decoded, a token being a run
// of letters, digits, '-', '_' and '.'. Every vendor's instance IDs are
// such runs, and every vendor's requests carry their parameters there.
func mentions(r *http.Request, body []byte, id string) bool {
	for _, s := range []string{r.URL.RawQuery, string(body)} {
		if u, err := url.QueryUnescape(s); err == nil {
			s = u
		}
		for token := range strings.FieldsFuncSeq(s, func(c rune) bool { return !tokenChar(c) }) {
			if token == id {
				return true
			}
		}
	}
	return false
}

func tokenChar(c rune) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.'
}

// maxLatency bounds a rule's latency: longer than any client waits.
const maxLatency = time.Hour

// check validates a spec; where prefixes the field names of its errors.
func (s *Set) check(ctx context.Context, where string, spec Spec) (*rule, error) {
	r := &rule{Rule: Rule{Spec: spec}, chance: 1}
	if !slices.Contains(compute.Clouds, spec.Cloud) {
		return nil, invalid(where+"cloud", "%q is not a cloud: one of %v", spec.Cloud, compute.Clouds)
	}
	if spec.Action == "" {
		return nil, invalid(where+"action", "an action is required, as the vendor names it (DescribeInstances)")
	}
	s.mu.Lock()
	actions, known := s.cfg.Actions[spec.Cloud]
	s.mu.Unlock()
	if known && !slices.Contains(actions, spec.Action) {
		hint := ""
		if i := slices.IndexFunc(actions, func(a string) bool { return strings.EqualFold(a, spec.Action) }); i >= 0 {
			hint = fmt.Sprintf(" (did you mean %s?)", actions[i])
		}
		return nil, invalid(where+"action", "%s serves no action %q%s", spec.Cloud, spec.Action, hint)
	}
	if spec.Account != "" {
		if s.cfg.Account == nil {
			return nil, invalid(where+"account", "accounts cannot be looked up here")
		}
		id, err := s.cfg.Account(ctx, spec.Account)
		if compute.ErrorCode(err) == compute.NotFound {
			return nil, invalid(where+"account", "no account is named %q", spec.Account)
		}
		if err != nil {
			return nil, err
		}
		r.account = id
	}
	if spec.Instance != "" && !wellFormed(spec.Instance, 64) {
		return nil, invalid(where+"instance", "%q is not an instance ID: 1 to 64 letters, digits, '-', '_' or '.'", spec.Instance)
	}
	effects := 0
	for _, on := range []bool{spec.Code != "", spec.Drop, spec.LaunchFails, spec.Stuck} {
		if on {
			effects++
		}
	}
	if effects > 1 {
		return nil, invalid(where+"code", "a rule does one of code, drop, launch_fails and stuck (with a latency or not)")
	}
	if spec.Latency != "" {
		d, err := time.ParseDuration(spec.Latency)
		if err != nil || d < 0 || d > maxLatency {
			return nil, invalid(where+"latency", "%q is not a duration from 0 to %s, such as 2s or 150ms", spec.Latency, maxLatency)
		}
		r.latency = d
	}
	if effects == 0 && r.latency == 0 {
		return nil, invalid(where+"code", "the rule does nothing: give a code, a latency, drop, launch_fails or stuck")
	}
	if spec.Code != "" && !wellFormed(spec.Code, 128) {
		return nil, invalid(where+"code", "%q is not an error code: 1 to 128 letters, digits, '-', '_' or '.'", spec.Code)
	}
	if spec.HTTPStatus != 0 && (spec.Code == "" || spec.HTTPStatus < 200 || spec.HTTPStatus > 599) {
		return nil, invalid(where+"http_status", "an HTTP status goes with a code, from 200 to 599; got %d", spec.HTTPStatus)
	}
	if spec.Message != "" && spec.Code == "" {
		return nil, invalid(where+"message", "a message goes with a code")
	}
	if spec.LaunchFails && spec.Instance != "" {
		return nil, invalid(where+"instance", "a launch names no instance: launch_fails takes none")
	}
	if p := spec.Probability; p != nil {
		if !(*p > 0 && *p <= 1) {
			return nil, invalid(where+"probability", "%v is not a probability above 0 and at most 1", *p)
		}
		r.chance = *p
	}
	if spec.Count < 0 {
		return nil, invalid(where+"count", "%d is not a count of 0 (every call) or more", spec.Count)
	}
	return r, nil
}

// wellFormed reports whether s is 1 to max token characters.
func wellFormed(s string, max int) bool {
	if s == "" || len(s) > max {
		return false
	}
	for _, c := range s {
		if !tokenChar(c) {
			return false
		}
	}
	return true
}
