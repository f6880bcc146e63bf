// Package audit writes ecsd's audit trail: one JSON line for every call of
// a mutating action (anything but Describe, Get, List and Inquiry
// actions), whether it succeeded or not, apart from the access log, for
// the people who must answer "who changed what, when, from where".
package audit

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/ecsd/ecsd/internal/inbound"
)

// Outcome is the outcome of a call that succeeded; a failed one has the
// vendor's error code instead.
const Outcome = "success"

// Line is one audit record, as written.
type Line struct {
	Time time.Time `json:"time"`
	// Account and KeyID are empty when the request never proved its key.
	Account string `json:"account"`
	KeyID   string `json:"key_id"`
	Cloud   string `json:"cloud"`
	Action  string `json:"action"`
	// Resources are the IDs the call created or changed, in the order
	// changed; empty when it changed nothing.
	Resources []string `json:"resources"`
	// Outcome is "success" or the vendor error code answered.
	Outcome string `json:"outcome"`
	Status  int    `json:"status"`
	// RequestID is spelled as the response spelled it.
	RequestID string `json:"request_id"`
	Source    string `json:"source"`
}

// Log writes audit lines to a writer, one whole line per write.
type Log struct {
	logger *slog.Logger

	mu sync.Mutex
	w  io.Writer
}

// New returns a Log writing to w; write failures are reported to logger.
func New(w io.Writer, logger *slog.Logger) *Log {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Log{w: w, logger: logger}
}

// Open opens path for appending audit lines, creating it readable by its
// owner only (0600), and making an existing file so too: the trail names
// accounts, keys and addresses.
func Open(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening the audit log: %w", err)
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return nil, fmt.Errorf("making the audit log private: %w", err)
	}
	return f, nil
}

// Observe implements server.Observer: it writes a line for a call of a
// mutating action, and nothing for any other request.
func (l *Log) Observe(r *http.Request, in *inbound.Request, status int, _ time.Duration) {
	if !in.Known || !in.Mutating {
		return
	}
	line := Line{
		Time: in.Received.UTC(), Account: in.Account, KeyID: in.KeyID, Cloud: in.Dialect, Action: in.Action,
		Resources: in.Resources(), Outcome: in.ErrorCode, Status: status, RequestID: in.RequestID, Source: r.RemoteAddr,
	}
	if line.Resources == nil {
		line.Resources = []string{}
	}
	if line.Outcome == "" {
		line.Outcome = Outcome
	}
	data, err := json.Marshal(line)
	if err != nil { // cannot happen: strings, a time and an int
		l.logger.Error("encoding an audit line", "err", err)
		return
	}
	data = append(data, '\n')
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := l.w.Write(data); err != nil {
		l.logger.Error("writing the audit log", "err", err, "request_id", line.RequestID)
	}
}
