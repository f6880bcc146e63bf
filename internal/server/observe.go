package server

import (
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/ecsd/ecsd/internal/inbound"
)

// Observer is told of every request a dialect answered, once it is
// answered: what the dialect recorded in in, the HTTP status, and how long
// the answer took. Metrics and the audit log are Observers. Observe runs
// on the request's goroutine, so it must be quick.
type Observer interface {
	Observe(r *http.Request, in *inbound.Request, status int, elapsed time.Duration)
}

// finish tells the observers of a request, then logs it: once its access
// log line is written, its metrics and audit line are too.
func (s *Server) finish(r *http.Request, in *inbound.Request, status int, start time.Time) {
	elapsed := time.Since(start)
	for _, o := range s.cfg.Observers {
		o.Observe(r, in, status, elapsed)
	}
	s.logRequest(r, in, status, start)
}

// requestID is a request's ID as its response spelled it, or, for a
// request no dialect answered, as a lower-case UUID.
func requestID(in *inbound.Request) string {
	if in.RequestID != "" {
		return in.RequestID
	}
	return inbound.UUID(in.ID)
}

// maxSentAction bounds how much of an action name not served the access
// log shows: enough to spot a typo or a version mismatch, never the
// 60 KB an unauthenticated client may send.
const maxSentAction = 64

// sentAction is the name of an action not served as the access log shows
// it: at most maxSentAction bytes, cut on a character boundary, with "..."
// when cut.
func sentAction(s string) string {
	if len(s) <= maxSentAction {
		return s
	}
	cut := maxSentAction
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
