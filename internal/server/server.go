// Package server is ecsd's one listener: it reads each request once, picks
// the vendor dialect it is meant for, logs one line per request, answers
// health and readiness probes, and shuts down gracefully.
package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/inbound"
)

// Dialect is one vendor's API.
type Dialect interface {
	// Name is a short name for logs ("aliyun").
	Name() string
	// Recognize rates how surely r is meant for this dialect: 0 not at all,
	// 1 a weak hint (a known action name), 2 a strong one (the vendor's
	// signature headers or parameters), 3 decisive (a path or header that
	// only this vendor uses, which wins over any signature). Recognize must
	// not read r.Body; the raw body is in in.Body.
	Recognize(r *http.Request, in *inbound.Request) int
	// ServeHTTP answers a request this dialect was picked for.
	http.Handler
	// Fail answers r with err in the vendor's error envelope. The server
	// calls it for a body over the size limit (a LimitExceeded error with
	// Param "body"), for a body over the budget of bodies held at once
	// (an Unavailable error), and for a panic (an Internal error). For
	// the first two, the body is not read: in.Body is empty.
	Fail(w http.ResponseWriter, r *http.Request, err error)
}

// Config configures a Server.
type Config struct {
	// Dialects in order of preference: when no dialect recognizes a
	// request, or several rate it alike, the earliest wins.
	Dialects []Dialect
	Logger   *slog.Logger
	Clock    compute.Clock
	// MaxBody bounds a request body; larger bodies are refused by the
	// dialect as too large. Tencent accepts up to 10 MB with TC3; a
	// dialect may bound its bodies more tightly (BodyLimiter).
	MaxBody int64
	// RequestTimeout bounds the time a request is served for, store calls
	// included (their context ends with it); a request past it is
	// answered with its vendor's unavailable error. 0 means
	// DefaultRequestTimeout.
	RequestTimeout time.Duration
	// BodyBudget bounds the bytes of all bodies held at once (see
	// admission); 0 means DefaultBodyBudget.
	BodyBudget int64
	// Ready reports whether the server can serve (its store is reachable).
	Ready func(ctx context.Context) error
	// NewRequestID makes request IDs; tests fix it for golden responses.
	NewRequestID func() [16]byte
	// Observers are told of every request a dialect answered (metrics,
	// the audit log); see observe.go.
	Observers []Observer
}

// DefaultMaxBody is the largest body a vendor documents (Tencent TC3 POST).
const DefaultMaxBody = 10 << 20

// DefaultRequestTimeout is well past the slowest call ecsd serves (a
// launch of 100 instances on PostgreSQL) and under the Tencent SDK's
// timeout (60 s) and Zenlayer's (300 s), so that a stuck store is
// answered before those clients give up. Alibaba's SDKs stop reading
// after 10 s (sdk/client.go defaultReadTimeout); a shorter
// --request-timeout answers them too, at the cost of slow launches.
const DefaultRequestTimeout = 30 * time.Second

// Server is an http.Handler serving every dialect on one address.
type Server struct {
	cfg       Config
	admission *admission
}

// New returns a Server.
func New(cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = compute.SystemClock{}
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.NewRequestID == nil {
		cfg.NewRequestID = inbound.NewID
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.BodyBudget <= 0 {
		cfg.BodyBudget = DefaultBodyBudget
	}
	// A budget smaller than the largest body would refuse that body always.
	cfg.BodyBudget = max(cfg.BodyBudget, cfg.MaxBody)
	return &Server{cfg: cfg, admission: newAdmission(cfg.MaxBody, cfg.BodyBudget)}
}

// Probe paths for load balancers. They cannot collide with a vendor API:
// Alibaba and Tencent serve "/", Zenlayer "/api/v2/...".
const (
	HealthPath = "/healthz"
	ReadyPath  = "/readyz"
)

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case HealthPath:
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "ok\n")
		return
	case ReadyPath:
		s.serveReady(w, r)
		return
	}
	start := time.Now()
	in := &inbound.Request{ID: s.cfg.NewRequestID(), Received: s.cfg.Clock.Now()}
	release, ok := s.intake(w, r, in, start)
	defer release()
	if !ok {
		return
	}
	// From here on everything the request does, store calls included,
	// ends with its deadline.
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
	defer cancel()
	r = r.WithContext(ctx)
	r.Body = io.NopCloser(bytes.NewReader(in.Body))
	r = inbound.With(r, in)

	d := s.pick(r, in)
	in.Dialect = d.Name()
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	func() {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					// The dialect dropped the connection on purpose (a
					// fault rule) where it could not hijack it.
					in.ErrorCode = "ecsd.ConnectionDropped"
					s.finish(r, in, rec.status, start)
					panic(p)
				}
				s.cfg.Logger.Error("panic serving request", "panic", p, "request_id", requestID(in))
				if !rec.wrote {
					d.Fail(rec, r, &compute.Error{Code: compute.Internal, Message: "internal error", Err: fmt.Errorf("panic: %v", p)})
				}
			}
		}()
		if err := overLimit(d, r, in); err != nil {
			d.Fail(rec, r, err)
			return
		}
		d.ServeHTTP(rec, r)
	}()
	s.finish(r, in, rec.status, start)
}

// logRequest writes the access log line of a request.
func (s *Server) logRequest(r *http.Request, in *inbound.Request, status int, start time.Time) {
	attrs := []any{"method", r.Method, "path", r.URL.Path, "dialect", in.Dialect, "action", in.ActionLabel()}
	if !in.Known && in.Action != "" {
		attrs = append(attrs, "action_sent", sentAction(in.Action))
	}
	attrs = append(attrs, "status", status, "code", in.ErrorCode, "account", in.Account, "key_id", in.KeyID,
		"resources", in.Resources(), "request_id", requestID(in), "duration", time.Since(start), "remote", r.RemoteAddr)
	s.cfg.Logger.Info("request", attrs...)
}

// pick chooses the dialect that rates r highest; ties go to the earliest.
func (s *Server) pick(r *http.Request, in *inbound.Request) Dialect {
	best, bestScore := s.cfg.Dialects[0], 0
	for _, d := range s.cfg.Dialects {
		if score := s.recognize(d, r, in); score > bestScore {
			best, bestScore = d, score
		}
	}
	return best
}

// recognize asks d for its score, taking a panic for no signal, so that
// the request is still answered in some vendor's envelope and logged.
func (s *Server) recognize(d Dialect, r *http.Request, in *inbound.Request) (score int) {
	defer func() {
		if p := recover(); p != nil {
			s.cfg.Logger.Error("panic recognizing request", "dialect", d.Name(), "panic", p, "request_id", inbound.UUID(in.ID))
			score = 0
		}
	}()
	return d.Recognize(r, in)
}

func (s *Server) serveReady(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if s.cfg.Ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.cfg.Ready(ctx); err != nil {
			s.cfg.Logger.Warn("not ready", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, "store unavailable\n")
			return
		}
	}
	_, _ = io.WriteString(w, "ready\n")
}

// recorder remembers the status a handler wrote, for the access log.
type recorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection beneath, so
// that a dialect can hijack it to drop it (a fault rule).
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Serve answers on ln until ctx is done, then stops accepting, lets requests
// in flight finish for up to grace, and returns.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, grace time.Duration, logger *slog.Logger, opts ...Option) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	for _, opt := range opts {
		opt(srv)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
