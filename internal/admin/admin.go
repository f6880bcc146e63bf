// Package admin is ecsd's control API for the people who test with it and
// the operators who run it: reset the inventory, move a manual clock, and
// more, over JSON on a listener of its own that no vendor access key
// reaches, each request carrying the admin token as a bearer token.
package admin

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/fault"
	"github.com/ecsd/ecsd/internal/snapshot"
)

// Config configures a Handler.
type Config struct {
	// Token is what every request must carry as "Authorization: Bearer
	// <token>".
	Token    string
	Service  *compute.Service
	Store    compute.Store
	Accounts auth.Store
	// Loader imports snapshots and fixtures.
	Loader snapshot.Loader
	// Clock is the manual clock, when ecsd runs on one; nil otherwise.
	Clock *compute.ManualClock
	// Faults are the fault rules in force.
	Faults *fault.Set
	Logger *slog.Logger
	// Metrics, when set, is served at GET /metrics (Prometheus).
	Metrics http.Handler
}

// Handler serves the admin API.
type Handler struct {
	cfg Config
	mux *http.ServeMux
}

// New returns a Handler.
func New(cfg Config) *Handler {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	h := &Handler{cfg: cfg, mux: http.NewServeMux()}
	h.mux.HandleFunc("POST /v1/reset", h.reset)
	h.mux.HandleFunc("GET /v1/clock", h.clock)
	h.mux.HandleFunc("POST /v1/clock/advance", h.advanceClock)
	h.mux.HandleFunc("POST /v1/clock/set", h.setClock)
	h.mux.HandleFunc("GET /v1/snapshot", h.exportSnapshot)
	h.mux.HandleFunc("POST /v1/snapshot", h.importSnapshot)
	h.mux.HandleFunc("GET /v1/faults", h.listFaults)
	h.mux.HandleFunc("POST /v1/faults", h.addFault)
	h.mux.HandleFunc("DELETE /v1/faults/{id}", h.deleteFault)
	if cfg.Metrics != nil {
		h.mux.Handle("GET /metrics", cfg.Metrics)
	}
	return h
}

// maxBody bounds an admin request's body; snapshots are the largest.
const maxBody = 256 << 20

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !h.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="ecsd admin"`)
		writeError(w, http.StatusUnauthorized, "unauthorized", "the admin API wants the admin token as a bearer token")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	h.mux.ServeHTTP(w, r)
}

// authorized reports whether r carries the admin token, compared in
// constant time.
func (h *Handler) authorized(r *http.Request) bool {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && h.cfg.Token != "" && subtle.ConstantTimeCompare([]byte(token), []byte(h.cfg.Token)) == 1
}

// apiError is an admin API error: an HTTP status, a short code and a
// message for people.
type apiError struct {
	Status  int    `json:"-"`
	Code    string `json:"error"`
	Message string `json:"message"`
}

func (e *apiError) Error() string { return e.Message }

func badRequest(format string, args ...any) *apiError {
	return &apiError{http.StatusBadRequest, "bad_request", fmt.Sprintf(format, args...)}
}

func writeError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, apiError{Code: code, Message: message})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// reply writes v, or err as the admin API spells errors: its own, or a
// domain error's safe message.
func (h *Handler) reply(w http.ResponseWriter, v any, err error) {
	if err == nil {
		writeJSON(w, http.StatusOK, v)
		return
	}
	var a *apiError
	if errors.As(err, &a) {
		writeJSON(w, a.Status, a)
		return
	}
	var bad *snapshot.Invalid
	if errors.As(err, &bad) {
		writeError(w, http.StatusBadRequest, "invalid_document", bad.Error())
		return
	}
	if bad, ok := errors.AsType[*fault.Invalid](err); ok {
		writeError(w, http.StatusBadRequest, "invalid_rule", bad.Error())
		return
	}
	if missing, ok := errors.AsType[*fault.NotFound](err); ok {
		writeError(w, http.StatusNotFound, "not_found", missing.Error())
		return
	}
	status, code := http.StatusInternalServerError, "internal"
	message := "internal error"
	if e, ok := compute.AsError(err); ok {
		switch e.Code {
		case compute.NotFound:
			status, code, message = http.StatusNotFound, "not_found", e.Message
		case compute.InvalidArgument, compute.MissingArgument:
			status, code, message = http.StatusBadRequest, "bad_request", e.Message
		case compute.Unavailable:
			status, code, message = http.StatusServiceUnavailable, "unavailable", e.Message
		}
	}
	if status >= 500 {
		h.cfg.Logger.Error("admin request failed", "err", err)
	}
	writeError(w, status, code, message)
}

// decode reads a JSON body into v; an empty body leaves v as it is.
func decode(r *http.Request, v any) error {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return badRequest("reading the body: %v", err)
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequest("the body is not the JSON this call takes: %v", err)
	}
	return nil
}

// resetRequest selects what to reset; an empty one resets everything.
type resetRequest struct {
	// Account is an account's name; empty for every account.
	Account string `json:"account,omitempty"`
	// Cloud is aliyun, tencent or zenlayer; empty for every cloud.
	Cloud string `json:"cloud,omitempty"`
}

// ResetResult tells what a reset removed: by account name, by cloud, by
// kind, how many.
type ResetResult struct {
	Removed map[string]map[compute.Cloud]map[compute.Kind]int `json:"removed"`
}

func (h *Handler) reset(w http.ResponseWriter, r *http.Request) {
	var req resetRequest
	if err := decode(r, &req); err != nil {
		h.reply(w, nil, err)
		return
	}
	resp, err := Reset(r.Context(), h.cfg.Service, h.cfg.Accounts, req.Account, compute.Cloud(req.Cloud))
	h.reply(w, resp, err)
}

// Reset empties the inventory of one account's cloud, of an account, of a
// cloud, or (with both empty) of everything. Accounts and keys stay. It
// serves the API and `ecsd admin reset` on a store offline alike.
func Reset(ctx context.Context, svc *compute.Service, accounts auth.Store, account string, cloud compute.Cloud) (ResetResult, error) {
	if cloud != "" && !slices.Contains(compute.Clouds, cloud) {
		return ResetResult{}, badRequest("cloud %q is not one of %v", cloud, compute.Clouds)
	}
	all, err := accounts.Accounts(ctx)
	if err != nil {
		return ResetResult{}, err
	}
	resp := ResetResult{Removed: map[string]map[compute.Cloud]map[compute.Kind]int{}}
	found := account == ""
	for _, a := range all {
		if account != "" && a.Name != account {
			continue
		}
		found = true
		for _, c := range compute.Clouds {
			if cloud != "" && c != cloud {
				continue
			}
			removed, err := svc.Reset(ctx, compute.Owner{Account: a.ID, Cloud: c})
			if err != nil {
				return ResetResult{}, err
			}
			if len(removed) > 0 {
				if resp.Removed[a.Name] == nil {
					resp.Removed[a.Name] = map[compute.Cloud]map[compute.Kind]int{}
				}
				resp.Removed[a.Name][c] = removed
			}
		}
	}
	if !found {
		return ResetResult{}, &apiError{http.StatusNotFound, "not_found", fmt.Sprintf("no account is named %q", account)}
	}
	return resp, nil
}

// clockResponse is the time ecsd runs on.
type clockResponse struct {
	Now    time.Time `json:"now"`
	Manual bool      `json:"manual"`
}

func (h *Handler) clock(w http.ResponseWriter, _ *http.Request) {
	h.reply(w, clockResponse{Now: h.cfg.Service.Now(), Manual: h.cfg.Clock != nil}, nil)
}

// errNotManual refuses to move a clock that is not manual.
var errNotManual = &apiError{http.StatusConflict, "clock_not_manual", "ecsd runs on the system clock; start it with --clock manual to move time"}

type advanceRequest struct {
	// Duration is a Go duration ("90s", "2m30s"), not negative.
	Duration string `json:"duration"`
}

func (h *Handler) advanceClock(w http.ResponseWriter, r *http.Request) {
	var req advanceRequest
	if err := decode(r, &req); err != nil {
		h.reply(w, nil, err)
		return
	}
	if h.cfg.Clock == nil {
		h.reply(w, nil, errNotManual)
		return
	}
	d, err := time.ParseDuration(req.Duration)
	if err != nil || d < 0 {
		h.reply(w, nil, badRequest("duration %q is not a duration of 0 or more, such as 90s or 2m", req.Duration))
		return
	}
	h.reply(w, clockResponse{Now: h.cfg.Clock.Advance(d), Manual: true}, nil)
}

type setRequest struct {
	Time time.Time `json:"time"`
}

func (h *Handler) setClock(w http.ResponseWriter, r *http.Request) {
	var req setRequest
	if err := decode(r, &req); err != nil {
		h.reply(w, nil, err)
		return
	}
	if h.cfg.Clock == nil {
		h.reply(w, nil, errNotManual)
		return
	}
	if req.Time.IsZero() {
		h.reply(w, nil, badRequest("time is missing: give an RFC 3339 time"))
		return
	}
	h.cfg.Clock.Set(req.Time)
	h.reply(w, clockResponse{Now: req.Time, Manual: true}, nil)
}

func (h *Handler) exportSnapshot(w http.ResponseWriter, r *http.Request) {
	secrets := r.URL.Query().Get("secrets") == "true"
	doc, err := snapshot.Export(r.Context(), h.cfg.Store, h.cfg.Accounts, h.cfg.Service.Now(), secrets)
	h.reply(w, doc, err)
}

// importResponse tells what an import made or restored.
type importResponse struct {
	Loaded snapshot.Loaded `json:"loaded"`
}

func (h *Handler) importSnapshot(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		h.reply(w, nil, badRequest("reading the body: %v", err))
		return
	}
	doc, err := snapshot.Parse(data)
	if err != nil {
		h.reply(w, nil, err)
		return
	}
	loaded, err := h.cfg.Loader.Import(r.Context(), doc)
	h.reply(w, importResponse{Loaded: loaded}, err)
}

func (h *Handler) listFaults(w http.ResponseWriter, _ *http.Request) {
	h.reply(w, fault.List{Faults: h.cfg.Faults.List()}, nil)
}

func (h *Handler) addFault(w http.ResponseWriter, r *http.Request) {
	var spec fault.Spec
	if err := decode(r, &spec); err != nil {
		h.reply(w, nil, err)
		return
	}
	rule, err := h.cfg.Faults.Add(r.Context(), spec)
	h.reply(w, rule, err)
}

// deletedFault is the answer of a deletion: the rule as it was, and the
// instances it held that were let go.
type deletedFault struct {
	Rule     fault.Rule           `json:"rule"`
	Released []compute.InstanceID `json:"released"`
}

func (h *Handler) deleteFault(w http.ResponseWriter, r *http.Request) {
	rule, released, err := h.cfg.Faults.Delete(r.Context(), r.PathValue("id"))
	if released == nil {
		released = []compute.InstanceID{}
	}
	h.reply(w, deletedFault{Rule: rule, Released: released}, err)
}
