package inbound_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/ecsd/ecsd/internal/inbound"
)

// TestParams: the parameters of a request are its query and, for a form
// body only, the body's fields after the query's; a malformed escape is
// reported but does not hide the parameters around it.
func TestParams(t *testing.T) {
	const form = "application/x-www-form-urlencoded"
	tests := []struct {
		name        string
		query       string
		contentType string
		body        string
		want        url.Values
		wantErr     bool
	}{
		{"query only", "Action=Run&RegionId=cn-hangzhou", "", "", url.Values{"Action": {"Run"}, "RegionId": {"cn-hangzhou"}}, false},
		{"nothing at all", "", "", "", url.Values{}, false},
		{"form body only", "", form, "Action=Run&PageSize=10", url.Values{"Action": {"Run"}, "PageSize": {"10"}}, false},
		{"form body with a charset", "", form + "; charset=UTF-8", "Action=Run", url.Values{"Action": {"Run"}}, false},
		// Media types are case-insensitive (RFC 9110 8.3.1); SDKs differ in case.
		{"form content type in upper case", "", "Application/X-WWW-Form-URLEncoded", "Action=Run", url.Values{"Action": {"Run"}}, false},
		{"a JSON body is not parameters", "Action=Run", "application/json", `{"Action":"Other"}`, url.Values{"Action": {"Run"}}, false},
		{"a body without a content type is not parameters", "Action=Run", "", "Action=Other", url.Values{"Action": {"Run"}}, false},
		{"form content type with an empty body", "Action=Run", form, "", url.Values{"Action": {"Run"}}, false},
		{"a key repeated in the query keeps its order", "InstanceId=b&InstanceId=a", "", "", url.Values{"InstanceId": {"b", "a"}}, false},
		{"a key in query and body: the query's values first", "InstanceId=q1&InstanceId=q2", form, "InstanceId=f1&InstanceId=f2",
			url.Values{"InstanceId": {"q1", "q2", "f1", "f2"}}, false},
		{"escapes are decoded", "Name=a%20b%2Bc&Plus=x+y", "", "", url.Values{"Name": {"a b+c"}, "Plus": {"x y"}}, false},
		{"malformed query escape", "A=1&B=%zz&C=3", "", "", url.Values{"A": {"1"}, "C": {"3"}}, true},
		{"malformed form escape", "A=1", form, "B=%zz&C=3", url.Values{"A": {"1"}, "C": {"3"}}, true},
		{"a semicolon is not a separator", "A=1;B=2&C=3", "", "", url.Values{"C": {"3"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/?"+tt.query, nil)
			if tt.contentType != "" {
				r.Header.Set("Content-Type", tt.contentType)
			}
			in := &inbound.Request{Body: []byte(tt.body)}
			got, err := in.Params(r)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error = %v, want an error: %t", err, tt.wantErr)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("params = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestParamsReportsTheQueryErrorFirst: with both parts malformed, the error
// is the query's, the first one met.
func TestParamsReportsTheQueryErrorFirst(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "/?A=%q1", nil)
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	in := &inbound.Request{Body: []byte("B=%b2")}
	_, err := in.Params(r)
	if err == nil || !strings.Contains(err.Error(), "%q1") {
		t.Fatalf("error = %v, want the query's malformed escape %%q1", err)
	}
}

// TestParamsAreParsedOnce: several dialects ask for the parameters while
// recognising a request, so the first answer is kept, error included, even
// if the request changes afterwards.
func TestParamsAreParsedOnce(t *testing.T) {
	r := httptest.NewRequest(http.MethodGet, "/?Action=First&Bad=%zz", nil)
	in := &inbound.Request{}
	first, firstErr := in.Params(r)
	if firstErr == nil {
		t.Fatal("the malformed query gave no error")
	}

	r.URL.RawQuery = "Action=Second"
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	in.Body = []byte("Extra=1")
	second, secondErr := in.Params(r)
	if secondErr != firstErr {
		t.Errorf("second error = %v, want the first one, %v", secondErr, firstErr)
	}
	if got := second.Get("Action"); got != "First" {
		t.Errorf("second Action = %q, want the first parse's %q", got, "First")
	}
	if _, ok := second["Extra"]; ok {
		t.Errorf("second params = %v: the body was parsed again", second)
	}
	if reflect.ValueOf(first).Pointer() != reflect.ValueOf(second).Pointer() {
		t.Error("the second call returned a different map, not the cached one")
	}
}

// TestParamsReadTheRecordedBody: the body is read once by the server into
// in.Body (signatures hash it); Params must not read r.Body, which may be
// consumed or, as here, unreadable.
func TestParamsReadTheRecordedBody(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "/", failingReader{t})
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	in := &inbound.Request{Body: []byte("Action=Run")}
	p, err := in.Params(r)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Get("Action"); got != "Run" {
		t.Errorf("Action = %q, want %q from in.Body", got, "Run")
	}
}

type failingReader struct{ t *testing.T }

func (f failingReader) Read([]byte) (int, error) {
	f.t.Error("r.Body was read")
	return 0, fmt.Errorf("must not be read")
}

// TestWithAndFrom: a request carries its record through its context to the
// dialect; a context without one yields nil, not a zero record that would
// look real.
func TestWithAndFrom(t *testing.T) {
	if got := inbound.From(context.Background()); got != nil {
		t.Errorf("From(empty context) = %v, want nil", got)
	}
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	in := &inbound.Request{Action: "Run"}
	r2 := inbound.With(r, in)
	if got := inbound.From(r2.Context()); got != in {
		t.Errorf("From(With(r, in)) = %p, want the same record %p", got, in)
	}
	if got := inbound.From(r.Context()); got != nil {
		t.Errorf("With changed the original request's context: From = %v", got)
	}
}

// TestNewID: request IDs are random version 4 UUIDs (RFC 4122 4.4), so
// they carry the version and variant bits and do not repeat.
func TestNewID(t *testing.T) {
	const n = 10000
	seen := make(map[[16]byte]bool, n)
	for range n {
		id := inbound.NewID()
		if v := id[6] >> 4; v != 4 {
			t.Fatalf("%s: version %d, want 4", inbound.UUID(id), v)
		}
		if v := id[8] >> 6; v != 0b10 {
			t.Fatalf("%s: variant bits %02b, want 10", inbound.UUID(id), v)
		}
		if seen[id] {
			t.Fatalf("%s came twice in %d IDs", inbound.UUID(id), n)
		}
		seen[id] = true
	}
}

// TestUUID: IDs are spelled as canonical lower-case 8-4-4-4-12 UUIDs, the
// form every vendor's RequestId takes.
func TestUUID(t *testing.T) {
	tests := []struct {
		id   [16]byte
		want string
	}{
		{[16]byte{}, "00000000-0000-0000-0000-000000000000"},
		{[16]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, "00010203-0405-0607-0809-0a0b0c0d0e0f"},
		{[16]byte{0xde, 0xad, 0xbe, 0xef, 0xca, 0xfe, 0x4b, 0xab, 0x8e, 0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, "deadbeef-cafe-4bab-8eee-ffffffffffff"},
	}
	for _, tt := range tests {
		if got := inbound.UUID(tt.id); got != tt.want {
			t.Errorf("UUID(%x) = %s, want %s", tt.id, got, tt.want)
		}
	}
}
