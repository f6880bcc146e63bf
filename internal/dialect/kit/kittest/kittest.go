// Package kittest holds the test harnesses every dialect shares: golden
// wire exchanges (a raw request and the exact response, rewritten with
// -update), and the table of bad inputs each must refuse with its vendor's
// error in its vendor's envelope.
package kittest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// ResponseMark separates the request from the response in a golden file.
const ResponseMark = "\n=== response\n"

// Serve serves a raw HTTP request through h and renders the answer as a
// golden file holds it: the status line, the headers sorted, the body.
func Serve(t testing.TB, h http.Handler, raw string) string {
	t.Helper()
	req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
	if err != nil {
		t.Fatalf("parsing the golden request: %v", err)
	}
	req.RemoteAddr = "127.0.0.1:50000"
	req.RequestURI = ""
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\n", rec.Code, http.StatusText(rec.Code))
	header := rec.Result().Header
	for _, k := range slices.Sorted(maps.Keys(header)) {
		fmt.Fprintf(&b, "%s: %s\n", k, strings.Join(header[k], ", "))
	}
	b.WriteString("\n")
	b.Write(rec.Body.Bytes())
	b.WriteByte('\n')
	return b.String()
}

// ReadGolden returns the request of the golden file at path.
func ReadGolden(t testing.TB, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestGolden -update to create it)", err)
	}
	req, _, ok := strings.Cut(string(data), ResponseMark)
	if !ok {
		t.Fatalf("%s has no %q line", path, strings.TrimSpace(ResponseMark))
	}
	return req
}

// Golden compares an exchange with the golden file at path, or with update
// writes it there.
func Golden(t testing.TB, path, request, response string, update bool) {
	t.Helper()
	got := request + ResponseMark + response
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestGolden -update to create it)", err)
	}
	wantRequest, wantResponse, _ := strings.Cut(string(want), ResponseMark)
	if wantRequest != request {
		t.Errorf("the request differs from %s:\n got %q\nwant %q", path, request, wantRequest)
	}
	if wantResponse != response {
		t.Errorf("the response differs from %s (go test -run TestGolden -update rewrites it):\n got:\n%s\nwant:\n%s", path, response, wantResponse)
	}
}

// Case is one bad input and the refusal it must get.
type Case struct {
	Name    string
	Request func(t testing.TB) *http.Request
	// Status and Code are the HTTP status and the vendor's error code
	// the request must get.
	Status int
	Code   string
}

// Refusal is a vendor's error answer as a dialect's test decodes it.
type Refusal struct {
	Code, Message string
	// Problems are what is wrong with the envelope itself: a field the
	// vendor always sends that is missing, the wrong Content-Type.
	Problems []string
}

// Decoder decodes a vendor's error answer.
type Decoder func(resp *http.Response, body []byte) Refusal

// leaks are words that only reach a client when a Go error or a driver's
// message slips through.
var leaks = []string{"runtime error", "goroutine", "panic", "json:", "strconv.", "sql:", "SQLSTATE", "unexpected EOF", "%!"}

// RunBadInputs sends each case and checks it gets its status and code in
// the vendor's envelope, with no Go error in its message.
func RunBadInputs(t *testing.T, client *http.Client, cases []Case, decode Decoder) {
	t.Helper()
	if client == nil {
		client = http.DefaultClient
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			resp, err := client.Do(c.Request(t))
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			got := decode(resp, body)
			if resp.StatusCode != c.Status || got.Code != c.Code {
				t.Fatalf("got %d %q, want %d %q\n%s", resp.StatusCode, got.Code, c.Status, c.Code, body)
			}
			for _, p := range got.Problems {
				t.Errorf("envelope: %s\n%s", p, body)
			}
			for _, leak := range leaks {
				if strings.Contains(got.Message, leak) {
					t.Errorf("the message %q leaks %q", got.Message, leak)
				}
			}
		})
	}
}
