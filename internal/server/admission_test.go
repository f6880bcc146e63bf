package server_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/server"
)

// limited is a fake dialect whose vendor bounds bodies at 100 bytes.
type limited struct{ *fake }

func (limited) BodyLimit(*http.Request) int64 { return 100 }

// watched is a body that notes whether it was read.
type watched struct {
	io.Reader
	read bool
}

func (w *watched) Read(p []byte) (int, error) {
	w.read = true
	return w.Reader.Read(p)
}

func send(h http.Handler, body string, header map[string]string) (*httptest.ResponseRecorder, *watched) {
	b := &watched{Reader: strings.NewReader(body)}
	r := httptest.NewRequest(http.MethodPost, "/", b)
	r.ContentLength = int64(len(body))
	for k, v := range header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w, b
}

// TestBodyOverTheVendorsBoundRefusedUnread: a Content-Length over the
// bound of the dialect the headers surely name is refused, in that
// dialect's envelope, without a byte read; headers that only hint leave
// the body to be read under the server's bound, and refused after by the
// dialect it turns out to be for.
func TestBodyOverTheVendorsBoundRefusedUnread(t *testing.T) {
	a := limited{&fake{name: "a"}}
	s, _ := newServer(t, server.Config{MaxBody: 1000}, a)

	w, body := send(s, strings.Repeat("x", 101), map[string]string{"X-Score-a": "2"})
	if _, failed := a.calls(); len(failed) != 1 || compute.ErrorCode(failed[0]) != compute.LimitExceeded || w.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("got %d, failures %v; want one LimitExceeded", w.Code, failed)
	}
	if body.read {
		t.Error("the body over the bound was read")
	}
	if w.Header().Get("Connection") != "close" {
		t.Error("the refusal keeps the connection, whose body is unread")
	}

	w, body = send(s, strings.Repeat("x", 101), map[string]string{"X-Score-a": "1"})
	if _, failed := a.calls(); len(failed) != 2 || compute.ErrorCode(failed[1]) != compute.LimitExceeded || w.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("unsure headers: got %d, failures %v; want a second LimitExceeded", w.Code, failed)
	}
	if !body.read {
		t.Error("unsure headers: the body was not read under the server's bound")
	}
	if served, _ := a.calls(); served != 0 {
		t.Errorf("%d served, want none", served)
	}
}

// TestBodyBudget: while one request holds the whole budget, another with
// a body is answered at once with an Unavailable error, unread; one
// without a body is served; once the first is answered, the budget is
// back.
func TestBodyBudget(t *testing.T) {
	hold := newBlocking()
	a := &fake{name: "a", serve: func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Hold") != "" {
			hold.ServeHTTP(w, r)
			return
		}
		_, _ = io.WriteString(w, "served by a")
	}}
	s, _ := newServer(t, server.Config{MaxBody: 1000, BodyBudget: 1000}, a)

	first := make(chan *httptest.ResponseRecorder, 1)
	go func() {
		w, _ := send(s, strings.Repeat("x", 1000), map[string]string{"X-Hold": "1"})
		first <- w
	}()
	waitFor(t, hold.started, "the first request to be served")

	w, body := send(s, "{}", nil)
	if _, failed := a.calls(); len(failed) != 1 || compute.ErrorCode(failed[0]) != compute.Unavailable {
		t.Fatalf("over the budget: got %d, failures %v; want one Unavailable", w.Code, failed)
	}
	if body.read {
		t.Error("over the budget: the body was read")
	}
	if w, _ := send(s, "", nil); w.Code != http.StatusOK {
		t.Errorf("no body, over the budget: got %d, want 200", w.Code)
	}

	close(hold.release)
	waitFor(t, first, "the first answer")
	if w, _ := send(s, "{}", nil); w.Code != http.StatusOK || w.Body.String() != "served by a" {
		t.Errorf("after the first answer: got %d %q, want 200", w.Code, w.Body)
	}
}
