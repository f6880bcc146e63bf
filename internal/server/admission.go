package server

import (
	"fmt"
	"io"
	"net/http"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/inbound"
)

// BodyLimiter is a Dialect whose vendor bounds request bodies more tightly
// than the server's MaxBody. BodyLimit must read only r's method, URL and
// headers: the server asks before it reads the body.
type BodyLimiter interface {
	BodyLimit(r *http.Request) int64
}

// DefaultBodyBudget bounds the bytes of all request bodies held at once:
// six bodies of Tencent's largest (10 MB), or thousands of the usual few
// kilobytes.
const DefaultBodyBudget = 64 << 20

// admission decides, before a body is read, whether it may be: a body
// over its vendor's bound is refused unread, and the bytes of the bodies
// held at once (from the first byte read until the answer is written)
// stay within a budget, so that a flood of large bodies, signed or not,
// costs a bounded amount of memory. Over the budget a request is answered
// at once with its vendor's unavailable error.
type admission struct {
	maxBody int64
	budget  *semaphore.Weighted
	size    int64
}

func newAdmission(maxBody, budget int64) *admission {
	return &admission{maxBody: maxBody, budget: semaphore.NewWeighted(budget), size: budget}
}

// verdict is what admission decided for one request.
type verdict int

const (
	admitted verdict = iota
	tooLarge
	overBudget
)

// admit decides for r, whose dialect by its headers alone is d (surely
// or not), and
// returns the bytes reserved for its body (to be given back with release)
// and the bound it was read under.
func (a *admission) admit(r *http.Request, d Dialect, sure bool) (v verdict, reserved, limit int64) {
	limit = a.maxBody
	if l, ok := d.(BodyLimiter); ok && sure {
		limit = min(limit, l.BodyLimit(r))
	}
	if r.ContentLength > limit {
		return tooLarge, 0, limit
	}
	reserved = r.ContentLength
	if reserved < 0 {
		// Chunked: it may grow to the bound.
		reserved = limit
	}
	if reserved > 0 && !a.budget.TryAcquire(reserved) {
		return overBudget, 0, limit
	}
	return admitted, reserved, limit
}

func (a *admission) release(reserved int64) {
	if reserved > 0 {
		a.budget.Release(reserved)
	}
}

// readBody reads r's body within limit: into a buffer of its declared
// length when it has one, so that no growth doubles what it holds. It
// reports false when the body is longer than limit.
func readBody(r *http.Request, limit int64) ([]byte, bool, error) {
	if r.ContentLength >= 0 {
		body := make([]byte, r.ContentLength)
		if _, err := io.ReadFull(r.Body, body); err != nil {
			return nil, false, err
		}
		return body, true, nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return nil, false, err
	}
	if int64(len(body)) > limit {
		return nil, false, nil
	}
	return body, true, nil
}

// refuseUnread answers a request whose body is not read, in the vendor's
// envelope of d, and closes the connection after the answer, since the
// body is still on it.
func (s *Server) refuseUnread(w http.ResponseWriter, r *http.Request, in *inbound.Request, d Dialect, err error) int {
	w.Header().Set("Connection", "close")
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	d.Fail(rec, inbound.With(r, in), err)
	return rec.status
}

func bodyTooLarge(limit int64) error {
	return &compute.Error{Code: compute.LimitExceeded, Param: "body", Message: fmt.Sprintf("the request body exceeds %d bytes", limit)}
}

var errOverBudget = &compute.Error{Code: compute.Unavailable, Param: "body",
	Message: "the server is reading too many request bodies at once; try again"}

// intake reads r's body into in when admission lets it, and otherwise
// answers r in the envelope of the dialect its headers name, logs it, and
// returns false. release gives back what the body reserved; call it once
// the answer is written.
func (s *Server) intake(w http.ResponseWriter, r *http.Request, in *inbound.Request, start time.Time) (release func(), ok bool) {
	d, sure := s.byHeaders(r)
	v, reserved, limit := s.admission.admit(r, d, sure)
	release = func() { s.admission.release(reserved) }
	var err error
	switch v {
	case tooLarge:
		err = bodyTooLarge(limit)
	case overBudget:
		err = errOverBudget
	default:
		body, fits, readErr := readBody(r, limit)
		switch {
		case readErr != nil:
			// The client went away or sent a broken body; nobody will
			// read an answer.
			s.cfg.Logger.Warn("reading request body", "err", readErr, "remote", r.RemoteAddr)
			return release, false
		case !fits:
			err = bodyTooLarge(limit)
		default:
			in.Body = body
			return release, true
		}
	}
	in.TooLarge = v != overBudget
	in.Dialect = d.Name()
	status := s.refuseUnread(w, r, in, d, err)
	s.logRequest(r, in, status, start)
	return release, false
}

// byHeaders picks the dialect r is for by its URL and headers alone, as
// pick does with the body, and reports whether they say so surely (a
// signature header or a path of the vendor's): only then does its bound
// apply before the body is read. A dialect that panics is taken for no
// signal without a log line, since pick, which runs next, logs it.
func (s *Server) byHeaders(r *http.Request) (Dialect, bool) {
	best, bestScore := s.cfg.Dialects[0], 0
	for _, d := range s.cfg.Dialects {
		if score := quietRecognize(d, r); score > bestScore {
			best, bestScore = d, score
		}
	}
	return best, bestScore >= 2
}

// overLimit refuses a body read under the server's bound, because its
// headers did not say surely whose it was (a form POST of Alibaba RPC or
// Tencent v1), that is over the bound of the dialect it turned out to be
// for.
func overLimit(d Dialect, r *http.Request, in *inbound.Request) error {
	if l, ok := d.(BodyLimiter); ok {
		if limit := l.BodyLimit(r); int64(len(in.Body)) > limit {
			in.Body = nil
			in.TooLarge = true
			return bodyTooLarge(limit)
		}
	}
	return nil
}

func quietRecognize(d Dialect, r *http.Request) (score int) {
	defer func() {
		if recover() != nil {
			score = 0
		}
	}()
	return d.Recognize(r, &inbound.Request{})
}
