// Package tencent is the Tencent Cloud dialect: API 3.0 of CVM, VPC and CBS
// (version 2017-03-12), Tag (2018-08-13) and the zone catalogue of the api
// service (2020-11-06), all on one address, each with its own action table
// behind one signature check (TC3-HMAC-SHA256 over POST JSON or GET, and v1
// HmacSHA1/HmacSHA256 over GET or POST form, including the legacy
// /v2/index.php form), the {"Response": ...} envelope that carries errors
// with HTTP 200, and Tencent's error codes. It translates each call into a
// compute.Service use case and spells the result as Tencent does.
package tencent

import (
	"context"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
	"github.com/ecsd/ecsd/internal/inbound"
)

// Request rules of reference 3.2 and 3.4.
const (
	timeWindow = 5 * time.Minute
	// A nonce is remembered for twice the window: a request stamped up to
	// the window ahead stays valid until the window has passed twice.
	nonceWindow = 2 * timeWindow
	// maxQuery bounds a GET request's query; maxFormBody a v1 POST body.
	// TC3 POST bodies are bounded by the server (10 MB).
	maxQuery    = 32 << 10
	maxFormBody = 1 << 20
	maxTC3Body  = 10 << 20
)

// Languages of X-TC-Language and Language. Names are Chinese by default, as
// the SDKs ask.
const (
	langChinese = "zh-CN"
	langEnglish = "en-US"
)

// Config configures a Handler.
type Config = kit.Config

// Handler serves the CVM API.
type Handler struct {
	kit.Base
}

// NewHandler returns a Handler.
func NewHandler(cfg Config) *Handler { return &Handler{kit.NewBase(cfg)} }

// Name implements server.Dialect.
func (h *Handler) Name() string { return "tencent" }

// tencentOnlyActions are action names no other vendor uses.
var tencentOnlyActions = map[string]bool{"DescribeInstancesStatus": true, "TerminateInstances": true}

// Recognize implements server.Dialect, by the rules of reference section 1.
// The version 2017-03-12 is Tencent's alone, so it is as strong a sign as
// the signature's own parameters.
func (h *Handler) Recognize(r *http.Request, in *inbound.Request) int {
	if r.Header.Get("X-TC-Action") != "" || strings.HasPrefix(r.Header.Get("Authorization"), tc3Algorithm) {
		return 2
	}
	p, _ := in.Params(r)
	if p.Has("SecretId") && p.Has("Signature") || servedVersion(p.Get("Version")) {
		return 2
	}
	if r.Header.Get("X-TC-Version") != "" || tencentOnlyActions[p.Get("Action")] || r.URL.Path == "/v2/index.php" {
		return 1
	}
	return 0
}

// servedVersion reports whether v is the version of a service ecsd serves.
func servedVersion(v string) bool {
	for _, p := range products {
		if p.version == v {
			return true
		}
	}
	return false
}

// call is one request on its way through the handler.
type call struct {
	h         *Handler
	r         *http.Request
	in        *inbound.Request
	requestID string
	action    string
	// product is the service the request is for, once routed.
	product *product
	owner   compute.Owner
	// region is the region the request names, "" when it names none.
	region   compute.RegionID
	language string
	params   params
	// nonce is a v1 request's nonce being recorded, once its signature
	// holds; for TC3, which has none, its signature, when reused
	// signatures are refused (nil otherwise).
	nonce *auth.NonceCheck
}

func (c *call) ctx() context.Context { return c.r.Context() }

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := h.newCall(r)
	resp, err := h.handle(c)
	if err != nil {
		h.writeError(w, c, err)
		return
	}
	h.writeResponse(w, c, resp)
}

// Fail implements server.Dialect.
func (h *Handler) Fail(w http.ResponseWriter, r *http.Request, err error) {
	h.writeError(w, h.newCall(r), err)
}

func (h *Handler) newCall(r *http.Request) *call {
	in := kit.Intake(r)
	in.RequestID = inbound.UUID(in.ID)
	return &call{h: h, r: r, in: in, requestID: in.RequestID}
}

// handle runs the protocol checks, authenticates, reads the region, and
// dispatches.
func (h *Handler) handle(c *call) (any, error) {
	r := c.r
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		return nil, errMethod
	}
	if len(r.URL.RawQuery) > maxQuery {
		return nil, errTooLarge
	}
	err := h.authenticate(c)
	if name, ok := kit.Oversized(c.params.m, "", limits.Of); ok && err == nil {
		err = tooLong(name)
	}
	if err != nil {
		if c.nonce != nil {
			// A parameter refused after the signature held: a
			// replay's refusal comes first.
			if nonceErr := c.nonce.Wait(); nonceErr != nil {
				return nil, nonceErr
			}
		}
		return nil, err
	}
	return auth.Guard(c.nonce, c.product.actions[c.action].ReadOnly, func() (any, error) {
		if err := h.Admit(c.in.KeyID, c.in, c.owner); err != nil {
			return nil, err
		}
		if c.r, err = h.Intercept(c.r, c.in, c.owner); err != nil {
			return nil, err
		}
		return h.serve(c)
	})
}

// serve checks the region and language of an authenticated call, and
// runs its action.
func (h *Handler) serve(c *call) (any, error) {
	a := c.product.actions[c.action]
	switch {
	case c.region != "":
		if _, err := h.Svc.Region(compute.CloudTencent, c.region); err != nil {
			return nil, err
		}
	case !a.Global:
		return nil, missingParameter("Region")
	}
	switch c.language {
	case "":
		c.language = langChinese
	case langChinese, langEnglish:
	default:
		return nil, invalidValuef("The value `%s` of `Language` is not one of %s, %s.", c.language, langChinese, langEnglish)
	}
	return a.Serve(c)
}

// authenticate verifies the request's signature, whichever it is, and reads
// its action, region, language and parameters.
func (h *Handler) authenticate(c *call) error {
	if isTC3(c.r, c.in.Body) {
		return h.authenticateTC3(c)
	}
	return h.authenticateV1(c)
}

// isTC3 tells a TC3 request from a v1 one: TC3 sends an Authorization header
// and X-TC-* headers, and a POST body that is not a form can only be TC3's
// JSON; v1 sends everything as parameters.
func isTC3(r *http.Request, body []byte) bool {
	return r.Header.Get("Authorization") != "" || r.Header.Get("X-TC-Action") != "" ||
		r.Method == http.MethodPost && len(body) > 0 && !isForm(r)
}

func isForm(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == "application/x-www-form-urlencoded"
}

// checkAction validates the action and version a request names and routes
// it to its service; actionName and versionName are where it names them,
// named the services its signature or host names (see route).
func checkAction(c *call, action, version, actionName, versionName string, named ...string) error {
	if action == "" {
		return missingParameter(actionName)
	}
	c.action = action
	c.in.Action = action
	if version == "" {
		return missingParameter(versionName)
	}
	p, err := route(named, action, version)
	if err != nil {
		return err
	}
	c.product = p
	kit.Found(c.in, p.actions[action])
	return nil
}

// hostLabel is the first label of a request's host: the service of a
// Tencent endpoint such as cvm.tencentcloudapi.com.
func hostLabel(r *http.Request) string {
	label, _, _ := strings.Cut(r.Host, ".")
	return label
}

// parseTimestamp reads a Unix time in seconds.
func parseTimestamp(name, s string) (time.Time, error) {
	if s == "" || strings.Trim(s, "0123456789") != "" || len(s) > 12 {
		return time.Time{}, invalidParameterf("The parameter `%s` must be a Unix time in seconds.", name)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, invalidParameterf("The parameter `%s` must be a Unix time in seconds.", name)
	}
	return time.Unix(n, 0), nil
}

// authenticateTC3 verifies a TC3-HMAC-SHA256 request (reference 3.4) and
// reads its parameters: the JSON body of a POST, the query of a GET.
func (h *Handler) authenticateTC3(c *call) error {
	r := c.r
	authz, parsed := parseTC3Authorization(r.Header.Get("Authorization"))
	if err := checkAction(c, r.Header.Get("X-TC-Action"), r.Header.Get("X-TC-Version"), "X-TC-Action", "X-TC-Version", authz.Service, hostLabel(r)); err != nil {
		return err
	}
	if !parsed || authz.Terminator != tc3Terminator || !signs(authz, "content-type") || !signs(authz, "host") {
		return errAuthorization
	}
	stamp := r.Header.Get("X-TC-Timestamp")
	if stamp == "" {
		return missingParameter("X-TC-Timestamp")
	}
	t, err := parseTimestamp("X-TC-Timestamp", stamp)
	if err != nil {
		return err
	}
	if authz.Date != t.UTC().Format(time.DateOnly) {
		return &apiError{errSignature.Code, "The credential scope date `" + authz.Date + "` is not the UTC date of X-TC-Timestamp."}
	}
	if err := h.Auth.CheckTime(t, timeWindow); err != nil {
		return err
	}
	if r.Header.Get("X-TC-Token") != "" {
		return errToken
	}
	key, err := h.Auth.Key(c.ctx(), authz.SecretID)
	if err != nil {
		return err
	}
	bodyHash := sha256Hex(c.in.Body)
	payloadHash := bodyHash
	switch declared := r.Header.Get("X-TC-Content-SHA256"); declared {
	case "":
	case unsignedPayload:
		payloadHash = sha256Hex([]byte(unsignedPayload))
	default:
		if !strings.EqualFold(declared, bodyHash) {
			return &apiError{errSignature.Code, "The X-TC-Content-SHA256 header is neither UNSIGNED-PAYLOAD nor the SHA-256 of the request body."}
		}
	}
	if !tc3Verify(r, authz, key.Secret, stamp, payloadHash) {
		return errSignature
	}
	if payloadHash != bodyHash && h.Auth.RefusesReusedSignatures() {
		// Its signature is the same for every request of a second.
		return errUnsignedPayload
	}
	// TC3 has no nonce. Its signature is remembered when ecsd is asked to
	// refuse reused signatures: it covers neither the action nor, with
	// UNSIGNED-PAYLOAD, the body, so a request captured on the wire could
	// otherwise be sent again as another within its window.
	c.nonce = h.Auth.StartSignature(c.ctx(), key.ID, authz.Signature, nonceWindow)
	h.authenticated(c, key)
	c.region = compute.RegionID(r.Header.Get("X-TC-Region"))
	c.language = r.Header.Get("X-TC-Language")
	if r.Method == http.MethodGet {
		values, err := flatValues(r.URL.RawQuery)
		if err != nil {
			return err
		}
		c.params, err = flatParams(values)
		return err
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		return invalidParameterf("A TC3-HMAC-SHA256 POST request must have Content-Type application/json; v1 signatures sign form bodies.")
	}
	c.params, err = jsonParams(c.in.Body)
	return err
}

// tc3Verify checks the signature over the scope the client signed, with
// header values as received and then lower-cased (reference 3.4 step 4),
// and with the host as received and then without its port: the Go SDK
// signs the Host header it sends, the Node SDK the host name alone while
// it sends the port too. Every candidate still covers every signed header
// and the payload; only the spelling of the one host differs.
func tc3Verify(r *http.Request, authz tc3Authorization, secret, stamp, payloadHash string) bool {
	matches := func(canonical string) bool {
		sts := tc3StringToSign(stamp, authz.Date, authz.Service, canonical)
		return signaturesEqual(authz.Signature, tc3Signature(secret, authz.Date, authz.Service, sts))
	}
	hosts := []string{r.Host}
	if name := hostWithoutPort(r.Host); name != r.Host {
		hosts = append(hosts, name)
	}
	for _, host := range hosts {
		asSent := tc3CanonicalRequestFor(r, host, authz.SignedHeaders, payloadHash, false)
		if matches(asSent) {
			return true
		}
		if lowered := tc3CanonicalRequestFor(r, host, authz.SignedHeaders, payloadHash, true); lowered != asSent && matches(lowered) {
			return true
		}
	}
	return false
}

// hostWithoutPort returns host less its port, as a URL's hostname is:
// "127.0.0.1:8080" gives "127.0.0.1", "[::1]:8080" gives "[::1]".
func hostWithoutPort(host string) string {
	if strings.HasPrefix(host, "[") {
		if end := strings.Index(host, "]"); end > 0 {
			return host[:end+1]
		}
		return host
	}
	if strings.Count(host, ":") == 1 {
		name, _, _ := strings.Cut(host, ":")
		return name
	}
	return host
}

func signs(a tc3Authorization, header string) bool { return slices.Contains(a.SignedHeaders, header) }

// authenticateV1 verifies a v1 request (reference 3.5), its parameters in
// the query and, for POST, a form body.
func (h *Handler) authenticateV1(c *call) error {
	r := c.r
	values, err := flatValues(r.URL.RawQuery)
	if err != nil {
		return err
	}
	if r.Method == http.MethodPost {
		if len(c.in.Body) > maxFormBody {
			return errTooLarge
		}
		form, err := flatValues(string(c.in.Body))
		if err != nil {
			return err
		}
		for name, v := range form {
			if _, dup := values[name]; dup {
				return invalidParameterf("The parameter `%s` is given more than once.", name)
			}
			values[name] = v
		}
	}
	if err := checkAction(c, values["Action"], values["Version"], "Action", "Version", hostLabel(r)); err != nil {
		return err
	}
	for _, name := range []string{"SecretId", "Signature", "Timestamp", "Nonce"} {
		if values[name] == "" {
			return missingParameter(name)
		}
	}
	method, sent := values["SignatureMethod"]
	if !sent {
		method = hmacSHA1Method
	}
	if method != hmacSHA1Method && method != hmacSHA256Method {
		return invalidValuef("The value `%s` of `SignatureMethod` is not one of %s, %s.", method, hmacSHA1Method, hmacSHA256Method)
	}
	t, err := parseTimestamp("Timestamp", values["Timestamp"])
	if err != nil {
		return err
	}
	nonce := values["Nonce"]
	if n, err := strconv.ParseUint(nonce, 10, 64); err != nil || n == 0 {
		return invalidParameterf("The parameter `Nonce` must be a positive integer.")
	}
	if err := h.Auth.CheckTime(t, timeWindow); err != nil {
		return err
	}
	if values["Token"] != "" {
		return errToken
	}
	key, err := h.Auth.Key(c.ctx(), values["SecretId"])
	if err != nil {
		return err
	}
	path := r.URL.Path
	if path == "" {
		path = "/"
	}
	want, _ := v1Signature(method, key.Secret, v1StringToSign(r.Method, r.Host, path, values))
	if !signaturesEqual(values["Signature"], want) {
		return errSignature
	}
	// The nonce is recorded only once the signature proved the request
	// genuine, so nobody can burn another's nonces; handle waits for it.
	c.nonce = h.Auth.StartNonce(c.ctx(), key.ID, nonce, nonceWindow)
	// After the nonce: the same signature split otherwise is a replay.
	if err := checkV1Split(values); err != nil {
		return err
	}
	h.authenticated(c, key)
	c.region = compute.RegionID(values["Region"])
	c.language = values["Language"]
	c.params, err = flatParams(values)
	return err
}

// authenticated fixes the owner of an authenticated call.
func (h *Handler) authenticated(c *call, key auth.AccessKey) {
	c.owner = compute.Owner{Account: key.Account, Cloud: compute.CloudTencent}
	c.in.Account, c.in.KeyID = string(key.Account), key.ID
}
