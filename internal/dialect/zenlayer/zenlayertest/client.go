// Package zenlayertest is a Zenlayer Cloud client for tests, written from
// the reference (sections 4.1 and 4.4) and the official Go SDK's public
// models, as that SDK behaves: it signs with ZC2-HMAC-SHA256, posts to
// /api/v2/<service> with the service, version and action headers, and
// decodes answers into typed models whose field names and JSON types are
// the SDK's, so that a field of the wrong type fails decoding with
// JSON_PARSE_FAILED as it does for the SDK. The SDK itself cannot be
// fetched from the module proxy.
//
// It is independent of the dialect it tests: it must not import
// internal/dialect/zenlayer, so that the dialect and this client are each
// checked against the documented vectors on their own.
package zenlayertest

import (
	"bytes"
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
)

// Version is the API version the SDK's zec20250901 client sends.
const Version = "2025-09-01"

// Service is one of Zenlayer's API services, with the version its SDK
// package sends.
type Service struct{ Name, Version string }

// The services and versions the SDK packages the Terraform provider builds
// on send.
var (
	ZEC     = Service{"zec", Version}       // zec20250901
	ZEC2024 = Service{"zec", "2024-04-01"}  // zec20240401
	CCS     = Service{"ccs", "2025-09-01"}  // ccs20250901: key pairs
	User    = Service{"user", "2024-05-29"} // user20240529: resource groups
	ZRM     = Service{"zrm", "2025-10-14"}  // zrm20251014: tags
)

// Sign returns the Authorization header the SDK sends: the canonical URI
// is "/", the query empty, the signed headers content-type and host with
// their values as sent, the key the raw password.
func Sign(keyID, password, host, contentType, timestamp string, body []byte) string {
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

// Client calls ZEC actions on one ecsd. Tests may change its fields between
// calls, to sign as another key, at another time or for another Host.
type Client struct {
	T               testing.TB
	BaseURL         string // where requests go: http://host:port
	Host            string // the Host sent and signed
	KeyID, Password string
	// Service and Version are what Call sends; the typed calls send their
	// own.
	Service string
	Version string
	Now     func() time.Time // the signing time
	HTTP    *http.Client
	// RateLimitExceededMaxRetries and RateLimitExceededRetryDuration are
	// the SDK's rate-limit retry (common/ratelimitretry.go): a typed call
	// answered 429 or REQUEST_LIMIT_EXCEEDED is sent again, up to this
	// many times, after the duration for its index (1 s, 2 s, 4 s... when
	// nil). The SDK retries 3 times by default; New leaves it at 0, so
	// that tests see every answer.
	RateLimitExceededMaxRetries    int
	RateLimitExceededRetryDuration func(index int) time.Duration
}

// New returns a client of the ecsd at addr (host:port), signing with the
// given key and the real time.
func New(t testing.TB, addr, keyID, password string) *Client {
	return &Client{
		T: t, BaseURL: "http://" + addr, Host: addr, KeyID: keyID, Password: password,
		Service: ZEC.Name, Version: Version, Now: time.Now, HTTP: http.DefaultClient,
	}
}

// NewRequest builds a request of the client's service and version exactly
// as the SDK does: POST to /api/v2/<service>, lower-case header names, a
// JSON body, signed.
func (c *Client) NewRequest(action string, body []byte) *http.Request {
	c.T.Helper()
	return c.newRequest(Service{c.Service, c.Version}, action, body)
}

func (c *Client) newRequest(svc Service, action string, body []byte) *http.Request {
	c.T.Helper()
	r, err := http.NewRequest(http.MethodPost, c.BaseURL+"/api/v2/"+svc.Name, bytes.NewReader(body))
	if err != nil {
		c.T.Fatal(err)
	}
	r.Host = c.Host
	stamp := strconv.FormatInt(c.Now().Unix(), 10)
	const contentType = "application/json"
	for k, v := range map[string]string{
		"Content-Type":          contentType,
		"x-zc-action":           action,
		"x-zc-version":          svc.Version,
		"x-zc-service":          svc.Name,
		"x-zc-sdk-version":      "0.2.45",
		"x-zc-sdk-lang":         "go",
		"x-zc-timestamp":        stamp,
		"x-zc-signature-method": "ZC2-HMAC-SHA256",
		"Authorization":         Sign(c.KeyID, c.Password, c.Host, contentType, stamp, body),
	} {
		r.Header[k] = []string{v}
	}
	return r
}

// Send sends a request and returns the status and body.
func (c *Client) Send(r *http.Request) (int, []byte) {
	c.T.Helper()
	resp, err := c.HTTP.Do(r)
	if err != nil {
		c.T.Fatalf("%s: %v", r.Header.Get("x-zc-action"), err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		c.T.Fatal(err)
	}
	return resp.StatusCode, body
}

// Error is an error answer, as the SDK's ZenlayerCloudSdkError holds it.
type Error struct {
	Status    int
	RequestID string `json:"requestId"`
	Code      string `json:"code"`
	Message   string `json:"message"`
}

func (e *Error) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

// Call sends action with params marshalled as the SDK does, and decodes
// "response" into out. A non-200 answer is returned as an *Error, after
// checking that it has exactly Zenlayer's three keys.
func (c *Client) Call(action string, params, out any) error {
	c.T.Helper()
	body, err := json.Marshal(params)
	if err != nil {
		c.T.Fatal(err)
	}
	return c.decode(c.Send(c.NewRequest(action, body)))(out)
}

func (c *Client) decode(status int, body []byte) func(out any) error {
	c.T.Helper()
	return func(out any) error {
		c.T.Helper()
		if status != http.StatusOK {
			return DecodeError(c.T, status, body)
		}
		var env struct {
			RequestID string          `json:"requestId"`
			Response  json.RawMessage `json:"response"`
		}
		if err := json.Unmarshal(body, &env); err != nil || env.Response == nil {
			c.T.Fatalf("success body %s: %v", body, err)
		}
		var inner struct {
			RequestID string `json:"requestId"`
		}
		if err := json.Unmarshal(env.Response, &inner); err != nil || inner.RequestID != env.RequestID || !strings.HasPrefix(env.RequestID, "T") {
			c.T.Fatalf("request IDs of %s do not match", body)
		}
		if out == nil {
			return nil
		}
		if err := json.Unmarshal(env.Response, out); err != nil {
			c.T.Fatalf("response %s: %v", env.Response, err)
		}
		return nil
	}
}

// codeJSONParseFailed is the code the SDK gives a 200 answer it cannot
// decode into its model.
const codeJSONParseFailed = "JSON_PARSE_FAILED"

// do sends a typed request of svc and decodes the answer as the SDK does:
// a 200 body into {requestId, response} with out as the response's type
// (out is left nil when "response" is missing, as the SDK leaves it), and
// anything else as an *Error. A 200 body that does not fit the model is a
// JSON_PARSE_FAILED *Error, as the SDK reports it.
func do[T any](c *Client, svc Service, action string, req any) (*T, error) {
	c.T.Helper()
	body, err := json.Marshal(req)
	if err != nil {
		c.T.Fatal(err)
	}
	status, answer, err := c.sendRetrying(svc, action, body)
	if err != nil {
		return nil, err
	}
	if status != http.StatusOK {
		return nil, DecodeError(c.T, status, answer)
	}
	var env struct {
		RequestID string          `json:"requestId"`
		Response  json.RawMessage `json:"response"`
	}
	parseFailed := func(err error) error {
		return &Error{Status: status, Code: codeJSONParseFailed, Message: fmt.Sprintf("%s: %v in %s", action, err, answer)}
	}
	if err := json.Unmarshal(answer, &env); err != nil {
		return nil, parseFailed(err)
	}
	if env.Response == nil || string(env.Response) == "null" {
		return nil, nil
	}
	out := new(T)
	if err := json.Unmarshal(env.Response, out); err != nil {
		return nil, parseFailed(err)
	}
	var inner struct {
		RequestID string `json:"requestId"`
	}
	if json.Unmarshal(env.Response, &inner) != nil || inner.RequestID != env.RequestID || !strings.HasPrefix(env.RequestID, "T") {
		c.T.Errorf("%s: request IDs of %s do not match", action, answer)
	}
	return out, nil
}

// codeNetworkError is the code the SDK gives a call that got no answer.
const codeNetworkError = "NETWORK_ERROR"

// sendRetrying sends a typed call as the SDK does: a transport failure is
// a NETWORK_ERROR *Error, and a rate-limited answer is retried as
// RateLimitExceededMaxRetries says.
func (c *Client) sendRetrying(svc Service, action string, body []byte) (int, []byte, error) {
	c.T.Helper()
	for i := 0; ; i++ {
		resp, err := c.HTTP.Do(c.newRequest(svc, action, body))
		if err != nil {
			return 0, nil, &Error{Code: codeNetworkError, Message: "Fail to get response because " + err.Error()}
		}
		answer, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return 0, nil, &Error{Code: "IO_ERROR", Message: err.Error()}
		}
		var e Error
		limited := resp.StatusCode == http.StatusTooManyRequests || json.Unmarshal(answer, &e) == nil && e.Code == "REQUEST_LIMIT_EXCEEDED"
		if !limited || i >= c.RateLimitExceededMaxRetries {
			return resp.StatusCode, answer, nil
		}
		wait := time.Duration(1<<i) * time.Second
		if c.RateLimitExceededRetryDuration != nil {
			wait = c.RateLimitExceededRetryDuration(i)
		}
		time.Sleep(wait)
	}
}

// Ack is the answer of the actions whose response holds only the request
// ID.
type Ack struct {
	RequestID string `json:"requestId,omitempty"`
}

// DecodeError decodes an error answer, failing t unless it is Zenlayer's
// shape: exactly requestId, code and message, a 4xx or 5xx status.
func DecodeError(t testing.TB, status int, body []byte) *Error {
	t.Helper()
	var keys map[string]any
	if err := json.Unmarshal(body, &keys); err != nil {
		t.Fatalf("error body %q is not JSON", body)
	}
	e := &Error{Status: status}
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
