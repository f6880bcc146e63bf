package zenlayer_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute/computetest"
)

// This file is a Zenlayer client written from the reference (sections 4.1
// and 4.4) alone, as the official Go SDK would behave: it does not use the
// package under test, so that both are checked against the documented
// vectors independently. The SDK itself cannot be fetched from the module
// proxy.

// zc2Sign returns the Authorization header the SDK sends: the canonical URI
// is "/", the query empty, the signed headers content-type and host with
// their values as sent, the key the raw password.
func zc2Sign(keyID, password, host, contentType, timestamp string, body []byte) string {
	payload := sha256.Sum256(body)
	canonical := "POST\n/\n\n" +
		"content-type:" + contentType + "\n" +
		"host:" + host + "\n" +
		"\n" +
		"content-type;host\n" +
		hex.EncodeToString(payload[:])
	hashed := sha256.Sum256([]byte(canonical))
	stringToSign := "ZC2-HMAC-SHA256\n" + timestamp + "\n" + hex.EncodeToString(hashed[:])
	mac := hmac.New(sha256.New, []byte(password))
	mac.Write([]byte(stringToSign))
	return fmt.Sprintf("ZC2-HMAC-SHA256 Credential=%s, SignedHeaders=content-type;host, Signature=%s",
		keyID, hex.EncodeToString(mac.Sum(nil)))
}

// client calls ZEC actions on one ecsd.
type client struct {
	t               testing.TB
	baseURL, host   string
	keyID, password string
	version         string
	now             func() time.Time
	http            *http.Client
}

// newRequest builds a request exactly as the SDK does: POST to
// /api/v2/zec, lower-case header names, a JSON body, signed.
func (c *client) newRequest(action string, body []byte) *http.Request {
	c.t.Helper()
	r, err := http.NewRequest(http.MethodPost, c.baseURL+"/api/v2/zec", bytes.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	r.Host = c.host
	stamp := strconv.FormatInt(c.now().Unix(), 10)
	const contentType = "application/json"
	for k, v := range map[string]string{
		"Content-Type":          contentType,
		"x-zc-action":           action,
		"x-zc-version":          c.version,
		"x-zc-service":          "zec",
		"x-zc-sdk-version":      "0.2.45",
		"x-zc-sdk-lang":         "go",
		"x-zc-timestamp":        stamp,
		"x-zc-signature-method": "ZC2-HMAC-SHA256",
		"Authorization":         zc2Sign(c.keyID, c.password, c.host, contentType, stamp, body),
	} {
		r.Header[k] = []string{v}
	}
	return r
}

// send sends a request and returns the status and body.
func (c *client) send(r *http.Request) (int, []byte) {
	c.t.Helper()
	resp, err := c.http.Do(r)
	if err != nil {
		c.t.Fatalf("%s: %v", r.Header.Get("x-zc-action"), err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp.StatusCode, body
}

// zcError is an error answer, as the SDK's ZenlayerCloudSdkError holds it.
type zcError struct {
	Status    int
	RequestID string `json:"requestId"`
	Code      string `json:"code"`
	Message   string `json:"message"`
}

func (e *zcError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

// call sends action with params marshalled as the SDK does, and decodes
// "response" into out. A non-200 answer is returned as a *zcError, after
// checking that it has exactly Zenlayer's three keys.
func (c *client) call(action string, params, out any) error {
	c.t.Helper()
	body, err := json.Marshal(params)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.decode(c.send(c.newRequest(action, body)))(out)
}

func (c *client) decode(status int, body []byte) func(out any) error {
	c.t.Helper()
	return func(out any) error {
		c.t.Helper()
		if status != http.StatusOK {
			return decodeError(c.t, status, body)
		}
		var env struct {
			RequestID string          `json:"requestId"`
			Response  json.RawMessage `json:"response"`
		}
		if err := json.Unmarshal(body, &env); err != nil || env.Response == nil {
			c.t.Fatalf("success body %s: %v", body, err)
		}
		var inner struct {
			RequestID string `json:"requestId"`
		}
		if err := json.Unmarshal(env.Response, &inner); err != nil || inner.RequestID != env.RequestID || !strings.HasPrefix(env.RequestID, "T") {
			c.t.Fatalf("request IDs of %s do not match", body)
		}
		if out == nil {
			return nil
		}
		if err := json.Unmarshal(env.Response, out); err != nil {
			c.t.Fatalf("response %s: %v", env.Response, err)
		}
		return nil
	}
}

func decodeError(t testing.TB, status int, body []byte) *zcError {
	t.Helper()
	var keys map[string]any
	if err := json.Unmarshal(body, &keys); err != nil {
		t.Fatalf("error body %q is not JSON", body)
	}
	e := &zcError{Status: status}
	if err := json.Unmarshal(body, e); err != nil || len(keys) != 3 || e.RequestID == "" || e.Code == "" || e.Message == "" {
		t.Fatalf("error body %s: want exactly requestId, code and message", body)
	}
	if !strings.HasPrefix(e.RequestID, "T") || strings.ToUpper(e.RequestID) != e.RequestID || len(e.RequestID) != 37 {
		t.Errorf("requestId %q is not T and an upper-case UUID", e.RequestID)
	}
	if status < 400 || status > 599 {
		t.Errorf("error with status %d", status)
	}
	return e
}

// env is a running ecsd the tests drive.
type env struct {
	baseURL, host string
	clock         *computetest.Clock
	app           *app.App
}

func start(t testing.TB, opts apptest.Options) *env {
	t.Helper()
	e := apptest.Start(t, opts)
	return &env{baseURL: e.URL, host: e.Host, clock: e.Clock, app: e.App}
}

// startRecycleBin starts ecsd with Zenlayer's recycle bin on.
func startRecycleBin(t testing.TB) *env {
	t.Helper()
	return start(t, apptest.Options{Configure: func(c *app.Config) { c.ZenlayerRecycleBin = true }})
}

func (e *env) newAccount(t testing.TB, name, keyID, secret string) auth.AccessKey {
	t.Helper()
	acct, key, err := auth.NewAccount(name, keyID, secret, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := e.app.Accounts.CreateAccount(context.Background(), acct, key); err != nil {
		t.Fatal(err)
	}
	return key
}

// client returns a client signing with the given key and the env's clock.
func (e *env) client(t testing.TB, keyID, password string) *client {
	return &client{
		t: t, baseURL: e.baseURL, host: e.host, keyID: keyID, password: password,
		version: "2025-09-01", now: e.clock.Now, http: http.DefaultClient,
	}
}

// a1 is the client of the account every env starts with.
func (e *env) a1(t testing.TB) *client {
	return e.client(t, apptest.AccessKeyID, apptest.AccessKeySecret)
}

// TestClientSignsDocumentationVector proves the test client on the official
// example of reference 4.4.
func TestClientSignsDocumentationVector(t *testing.T) {
	got := zc2Sign("anyId", "Gu5t9xGARNpq86cd98joQYCN3", "console.zenlayer.com", "application/json; charset=utf-8",
		"1673361177", []byte(`{"pageSize":10,"pageNum":1,"zoneId":"HKG-A"}`))
	const want = "efb356c32e55c781e10dc676da59462c22596d82e91c57803666243379555b2f"
	if !strings.HasSuffix(got, "Signature="+want) {
		t.Errorf("got %s, want signature %s", got, want)
	}
}

// TestClientSignsCapturedVector proves the test client on the request the
// official SDK sent (reference 4.10), Authorization header and all.
func TestClientSignsCapturedVector(t *testing.T) {
	got := zc2Sign("testAK", "testSecret", "127.0.0.1:41029", "application/json", "1795311049", []byte(`{"instanceIds":["i1","i2"],"pageSize":20}`))
	const want = "ZC2-HMAC-SHA256 Credential=testAK, SignedHeaders=content-type;host, Signature=10fa026661dac4ce9162763f481aa4968478e2421e45283a3a2a4eb0990ec351"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
