package zenlayer

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/compute/computetest"
	"github.com/ecsd/ecsd/internal/dialect/kit"
	"github.com/ecsd/ecsd/internal/server"
)

// keyStore is an auth.Store holding fixed keys, for tests that need no
// instance store: protocol checks, DescribeZones, fuzzing.
type keyStore map[string]auth.AccessKey

func (k keyStore) CreateAccount(context.Context, auth.Account, auth.AccessKey) error { return nil }
func (k keyStore) Accounts(context.Context) ([]auth.Account, error)                  { return nil, nil }
func (k keyStore) AccessKeys(context.Context, compute.AccountID) ([]auth.AccessKey, error) {
	return nil, nil
}
func (k keyStore) AccessKey(_ context.Context, id string) (auth.AccessKey, error) {
	if key, ok := k[id]; ok {
		return key, nil
	}
	return auth.AccessKey{}, &compute.Error{Code: compute.NotFound}
}

// storelessServer serves this dialect alone, over a Service without a store:
// enough for everything that fails before the core, and for DescribeZones.
func storelessServer(t testing.TB, maxBody int64) (http.Handler, *computetest.Clock) {
	t.Helper()
	clock := computetest.NewClock(time.Time{})
	svc := compute.NewService(compute.Config{Clock: clock, Profiles: compute.Profiles{compute.CloudZenlayer: Profile(DefaultCatalog())}})
	keys := keyStore{"testAK": {ID: "testAK", Secret: "testSecret", Account: "1000000000000001"}, "offAK": {ID: "offAK", Secret: "x", Disabled: true}}
	h := NewHandler(Config{Config: kit.Config{Service: svc, Auth: auth.New(keys, auth.NewMemoryNonces(clock), clock)}})
	return server.New(server.Config{Dialects: []server.Dialect{h}, Clock: clock, MaxBody: maxBody}), clock
}

// signedRequest builds a request signed with this package's own steps.
func signedRequest(t testing.TB, now time.Time, action, body string) *http.Request {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:8080"+Path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-ZC-Action", action)
	r.Header.Set("X-ZC-Version", Versions[0])
	r.Header.Set("X-ZC-Service", "zec")
	stamp := strconv.FormatInt(now.Unix(), 10)
	r.Header.Set("X-ZC-Timestamp", stamp)
	r.Header.Set("X-ZC-Signature-Method", algorithm)
	signed := []string{"content-type", "host"}
	sig := signature("testSecret", stamp, canonicalRequest(r, signed, sha256Hex([]byte(body))))
	r.Header.Set("Authorization", algorithm+" Credential=testAK, SignedHeaders=content-type;host, Signature="+sig)
	return r
}

func TestDescribeZonesWithoutStore(t *testing.T) {
	srv, clock := storelessServer(t, 0)
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, signedRequest(t, clock.Now(), "DescribeZones", `{"zoneIds":["na-west-1a","nowhere-1a"]}`))
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var got struct {
		RequestID string `json:"requestId"`
		Response  struct {
			RequestID string     `json:"requestId"`
			ZoneSet   []zoneInfo `json:"zoneSet"`
		} `json:"response"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := zoneInfo{ZoneID: "na-west-1a", ZoneName: "Los Angeles A", RegionID: "na-west-1", CityName: "Los Angeles", TimeZone: "America/Los_Angeles",
		SupportSecurityGroup: true, CityCode: "LAX", CountryCode: "US", CountryName: "United States"}
	if len(got.Response.ZoneSet) != 1 || got.Response.ZoneSet[0] != want {
		t.Errorf("zoneSet = %+v, want [%+v]", got.Response.ZoneSet, want)
	}
	if !strings.HasPrefix(got.RequestID, "T") || got.RequestID != got.Response.RequestID || strings.ToUpper(got.RequestID) != got.RequestID {
		t.Errorf("request IDs %q and %q", got.RequestID, got.Response.RequestID)
	}
}

// TestFailEnvelope checks what the server sends through Fail: a body over
// the limit and a panic.
func TestFailEnvelope(t *testing.T) {
	srv, clock := storelessServer(t, 64)
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, signedRequest(t, clock.Now(), "DescribeZones", `{"zoneIds":["`+strings.Repeat("a", 100)+`"]}`))
	checkError(t, w, http.StatusRequestEntityTooLarge, "REQUEST_BODY_TOO_LARGE")

	h := NewHandler(Config{})
	w = httptest.NewRecorder()
	h.Fail(w, httptest.NewRequest(http.MethodPost, Path, nil), &compute.Error{Code: compute.Internal, Message: "boom"})
	checkError(t, w, http.StatusInternalServerError, "INTERNAL_SERVER_ERROR")
}

// checkError asserts Zenlayer's error envelope: the status, the code, and
// exactly the three keys, none empty.
func checkError(t testing.TB, w *httptest.ResponseRecorder, status int, code string) {
	t.Helper()
	if w.Code != status {
		t.Errorf("status %d, want %d: %s", w.Code, status, w.Body)
	}
	var body map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatalf("body %q is not JSON: %v", w.Body, err)
	}
	if len(body) != 3 || body["requestId"] == "" || body["message"] == "" || body["code"] != code {
		t.Errorf("body %s, want requestId, code %s and message", w.Body, code)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
}

// FuzzHandler sends arbitrary requests through the server: none may panic
// or fail with a 5xx, every error is in Zenlayer's envelope, and only a
// request signed with the key is answered with 200.
func FuzzHandler(f *testing.F) {
	srv, clock := storelessServer(f, 1<<16)
	valid := signedRequest(f, clock.Now(), "DescribeZones", `{}`)
	f.Add("POST", Path, "DescribeZones", "2025-09-01", "application/json", valid.Header.Get("X-ZC-Timestamp"), valid.Header.Get("Authorization"), []byte(`{}`))
	f.Add("GET", Path, "DescribeZones", "2025-09-01", "application/json", "1", "", []byte(nil))
	f.Add("POST", "/api/v2/vm", "Nope", "2020-01-01", "text/plain", "x", "Bearer t", []byte(`[`))
	f.Add("POST", Path, "CreateZecInstances", "2024-04-01", "application/json; charset=utf-8", "0", "ZC2-HMAC-SHA256 Credential=testAK, SignedHeaders=content-type;host, Signature=00", []byte(`{"instanceCount":"2"}`))
	f.Fuzz(func(t *testing.T, method, path, action, version, ctype, stamp, authz string, body []byte) {
		if knownAction(action) && !storeless[action] && authz == valid.Header.Get("Authorization") {
			// ZC2 signs neither the action nor the version, so this may
			// pass and reach the store this server lacks.
			return
		}
		r, err := http.NewRequest(method, "http://127.0.0.1:8080/", bytes.NewReader(body))
		if err != nil {
			return
		}
		r.URL.Path = path
		for k, v := range map[string]string{"X-ZC-Action": action, "X-ZC-Version": version, "Content-Type": ctype, "X-ZC-Timestamp": stamp, "Authorization": authz} {
			r.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		var got map[string]json.RawMessage
		if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
			t.Fatalf("body %q is not JSON", w.Body)
		}
		if w.Code == http.StatusOK {
			if _, ok := got["response"]; !ok || authz != valid.Header.Get("Authorization") {
				t.Fatalf("answered 200 to %s %s %q: %s", method, path, authz, w.Body)
			}
			return
		}
		if len(got) != 3 || got["requestId"] == nil || got["code"] == nil || got["message"] == nil {
			t.Fatalf("error body %s lacks a key", w.Body)
		}
	})
}

// storeless are the actions that need no store: they read the catalog.
var storeless = map[string]bool{"DescribeZones": true, "DescribeImages": true, "DescribeZoneInstanceConfigInfos": true}

// knownAction reports whether any service serves action in any version.
func knownAction(action string) bool {
	for _, svc := range services {
		for _, v := range svc.versions {
			if _, ok := v.actions[action]; ok {
				return true
			}
		}
	}
	return false
}

func TestDisabledKey(t *testing.T) {
	srv, clock := storelessServer(t, 0)
	r := signedRequest(t, clock.Now(), "DescribeZones", `{}`)
	stamp := r.Header.Get("X-ZC-Timestamp")
	sig := signature("x", stamp, canonicalRequest(r, []string{"content-type", "host"}, sha256Hex([]byte(`{}`))))
	r.Header.Set("Authorization", algorithm+" Credential=offAK, SignedHeaders=content-type;host, Signature="+sig)
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, r)
	checkError(t, w, http.StatusUnauthorized, "AUTHFAILURE_SECRETID_DISABLED")
}

// TestEveryActionIsDocumented fails when an action is served that
// docs/zenlayer.md does not name.
func TestEveryActionIsDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "..", "docs", "zenlayer.md"))
	if err != nil {
		t.Fatal(err)
	}
	for name, svc := range services {
		for _, v := range svc.versions {
			for action := range v.actions {
				if !strings.Contains(string(doc), "`"+action+"`") {
					t.Errorf("%s %s %s is not in docs/zenlayer.md", name, v.name, action)
				}
			}
		}
	}
}
