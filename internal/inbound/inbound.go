// Package inbound carries what the server learned about a request before a
// dialect sees it (its raw body, its request ID, when it arrived) and what
// the dialect learned that the server's access log should show.
package inbound

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	mrand "math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Request is the server's record of one HTTP request.
type Request struct {
	// ID identifies the request; each dialect spells it its own way.
	ID [16]byte
	// Body is the raw body, read once so that signatures can hash it.
	Body []byte
	// TooLarge is set when the body exceeded the server's limit; Body is
	// then empty and the dialect answers with its vendor's size error.
	TooLarge bool
	Received time.Time

	// Set by the dialect, for the access log, the metrics and the audit
	// log.
	Dialect string
	// Action is the action the request names, as sent: it is checked only
	// when Known is set, so a log must not show it otherwise (see
	// ActionLabel).
	Action string
	// Known is set once Action is one the dialect serves; Mutating then
	// says whether it changes anything (the action is not read-only).
	Known    bool
	Mutating bool
	Account  string
	// KeyID is the access key that proved the request, once its
	// signature holds.
	KeyID string
	// RequestID is the request ID as the response spells it.
	RequestID string
	// Dispatched is set once the request passed every check and was handed
	// to its action.
	Dispatched bool
	ErrorCode  string
	// Refusal says, in a short fixed word, why the request was refused
	// before its action did any work ("unauthenticated", "replayed",
	// "throttled" ...); empty when it was not.
	Refusal string

	mu        sync.Mutex
	resources []string

	params    url.Values
	paramsErr error
	parsed    bool
}

// UnknownAction is what ActionLabel gives for an action the dialect does
// not serve, or none at all: a fixed word, so that a client cannot write
// what it likes, as long as it likes, into logs and metric labels.
const UnknownAction = "unknown"

// ActionLabel is the action to show in logs and metrics: Action once it is
// known to be served, UnknownAction otherwise.
func (in *Request) ActionLabel() string {
	if in.Known {
		return in.Action
	}
	return UnknownAction
}

// NoteResources records the IDs of resources the request created or
// changed. The store notes them as it writes, possibly from more than one
// goroutine.
func (in *Request) NoteResources(ids ...string) {
	in.mu.Lock()
	defer in.mu.Unlock()
	for _, id := range ids {
		if !slices.Contains(in.resources, id) {
			in.resources = append(in.resources, id)
		}
	}
}

// Resources returns the IDs NoteResources recorded, in the order first
// noted.
func (in *Request) Resources() []string {
	in.mu.Lock()
	defer in.mu.Unlock()
	return slices.Clone(in.resources)
}

// Params returns the parameters of r, the request in carries: its URL query
// and, for a form body, the body's fields after the query's. They are parsed
// once, since several dialects look at them to recognise a request and one
// then reads them; callers must not change the map. The error is the first
// malformed escape met; the values parsed around it are returned still.
func (in *Request) Params(r *http.Request) (url.Values, error) {
	if in.parsed {
		return in.params, in.paramsErr
	}
	in.parsed = true
	in.params, in.paramsErr = url.ParseQuery(r.URL.RawQuery)
	if len(in.Body) > 0 && strings.HasPrefix(strings.ToLower(r.Header.Get("Content-Type")), "application/x-www-form-urlencoded") {
		form, err := url.ParseQuery(string(in.Body))
		for k, vs := range form {
			in.params[k] = append(in.params[k], vs...)
		}
		if in.paramsErr == nil {
			in.paramsErr = err
		}
	}
	return in.params, in.paramsErr
}

type contextKey struct{}

// With returns a copy of r whose context carries in.
func With(r *http.Request, in *Request) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), contextKey{}, in))
}

// From returns the Request carried by ctx, or nil.
func From(ctx context.Context) *Request {
	in, _ := ctx.Value(contextKey{}).(*Request)
	return in
}

// NewID returns a random request ID (an RFC 4122 version 4 UUID).
func NewID() [16]byte {
	var id [16]byte
	_, _ = rand.Read(id[:])
	id[6] = id[6]&0x0f | 0x40
	id[8] = id[8]&0x3f | 0x80
	return id
}

// UUID spells an ID as a lower-case UUID.
func UUID(id [16]byte) string {
	var b [36]byte
	hex.Encode(b[0:8], id[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], id[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], id[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], id[8:10])
	b[23] = '-'
	hex.Encode(b[24:], id[10:])
	return string(b[:])
}

// SeededIDs returns a source of request IDs that a seed fixes: the same
// calls in the same order get the same IDs on every run. They are shaped
// as version 4 UUIDs, like NewID's.
func SeededIDs(seed uint64) func() [16]byte {
	var mu sync.Mutex
	rnd := mrand.New(mrand.NewPCG(seed, seed^0x5851f42d4c957f2d))
	return func() [16]byte {
		mu.Lock()
		defer mu.Unlock()
		var id [16]byte
		binary.BigEndian.PutUint64(id[:8], rnd.Uint64())
		binary.BigEndian.PutUint64(id[8:], rnd.Uint64())
		id[6] = id[6]&0x0f | 0x40
		id[8] = id[8]&0x3f | 0x80
		return id
	}
}
