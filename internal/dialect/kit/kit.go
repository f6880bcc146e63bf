// Package kit holds what the vendor dialects do alike: taking in a
// request the server has read, the table of actions a dialect serves (with
// which of them only read), and paging a listing. What differs by vendor
// (signatures, envelopes, spelling, error tables) stays in each dialect.
package kit

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/fault"
	"github.com/ecsd/ecsd/internal/inbound"
)

// Config is what every dialect is built from.
type Config struct {
	Service *compute.Service
	Auth    *auth.Authenticator
	Logger  *slog.Logger
	// Faults are the fault rules in force; nil for none.
	Faults *fault.Set
	// Throttle refuses calls an access key makes too often; nil for
	// none.
	Throttle *Throttle
}

// Base is what every dialect's handler holds: the core, the
// authenticator, the fault rules and a logger (one that discards, when
// none is given).
type Base struct {
	Svc      *compute.Service
	Auth     *auth.Authenticator
	Logger   *slog.Logger
	Faults   *fault.Set
	Throttle *Throttle
}

// NewBase returns the Base of a dialect built from cfg.
func NewBase(cfg Config) Base {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return Base{Svc: cfg.Service, Auth: cfg.Auth, Logger: logger, Faults: cfg.Faults, Throttle: cfg.Throttle}
}

// Intercept applies the fault rules to a call once it is authenticated
// and its action known (in.Action): the dialect then serves the call with
// the request returned, whose context may ask the core for a failing
// launch or held instances, or answers the error, a *fault.Answer in its
// vendor's envelope or fault.ErrDrop with Dropped. From here on the request
// counts as handed to its action (in.Dispatched).
func (b Base) Intercept(r *http.Request, in *inbound.Request, owner compute.Owner) (*http.Request, error) {
	in.Dispatched = true
	return b.Faults.Intercept(r, fault.Call{Cloud: owner.Cloud, Action: in.Action, Account: owner.Account, Request: r, Body: in.Body})
}

// Admit refuses a call of in.Action that the access key keyID makes more
// often than the Throttle allows. Each dialect asks once the signature
// holds: a bucket is never spent by someone who cannot sign for its key.
func (b Base) Admit(keyID string, in *inbound.Request, owner compute.Owner) error {
	return b.Throttle.Allow(keyID, owner.Cloud, in.Action)
}

// Dropped closes the connection beneath w without an answer when err is
// fault.ErrDrop, and reports whether it did: each dialect's writeError
// asks it first.
func Dropped(w http.ResponseWriter, in *inbound.Request, err error) bool {
	if !errors.Is(err, fault.ErrDrop) {
		return false
	}
	in.ErrorCode, in.Refusal = "ecsd.ConnectionDropped", ""
	conn, _, hijackErr := http.NewResponseController(w).Hijack()
	if hijackErr != nil {
		// HTTP/2, or a writer that cannot hand over its connection: the
		// server aborts the stream instead.
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
	return true
}

// Intake returns the server's record of r: its raw body, request ID and
// arrival. A request served outside the server (as some tests serve one)
// has none, so one is made here, reading the body.
func Intake(r *http.Request) *inbound.Request {
	if in := inbound.From(r.Context()); in != nil {
		return in
	}
	body, _ := io.ReadAll(r.Body)
	return &inbound.Request{ID: inbound.NewID(), Body: body, Received: time.Now()}
}

// Action is one API action a dialect serves, for calls of type C.
type Action[C any] struct {
	Serve func(C) (any, error)
	// ReadOnly actions change nothing, so they may run while the nonce of
	// their request is still being recorded.
	ReadOnly bool
	// Global actions take no region (a list of regions, a tag service);
	// the others need one.
	Global bool
}

// Actions is a dialect's table of actions, by the name the vendor gives
// each.
type Actions[C any] map[string]Action[C]

// Read returns an action that only reads.
func Read[C any](serve func(C) (any, error)) Action[C] {
	return Action[C]{Serve: serve, ReadOnly: true}
}

// Write returns an action that changes something.
func Write[C any](serve func(C) (any, error)) Action[C] {
	return Action[C]{Serve: serve}
}

// Names lists the actions of a table, for documentation and tests.
func (a Actions[C]) Names() []string {
	names := make([]string, 0, len(a))
	for name := range a {
		names = append(names, name)
	}
	return names
}

// Page returns the items of all from offset on, at most limit of them:
// one page of a listing a dialect filtered in full.
func Page[T any](all []T, offset, limit int) []T {
	if offset < 0 || offset >= len(all) || limit <= 0 {
		return []T{}
	}
	return all[offset:min(len(all), offset+limit)]
}
