// Package aliyun is the Alibaba Cloud ECS dialect: the RPC API 2014-05-26
// with its two signatures (RPC v1 HMAC-SHA1 and ACS3-HMAC-SHA256), JSON and
// XML responses, and Alibaba's error codes. It translates each call into a
// compute.Service use case and spells the result as ECS does.
package aliyun

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
	"github.com/ecsd/ecsd/internal/fault"
	"github.com/ecsd/ecsd/internal/inbound"
)

// The API versions served, each by its own table of actions: ECS, and the
// VPC API beside it, which the SDKs send to whatever endpoint they are
// given, so that both arrive here.
const (
	Version    = "2014-05-26"
	VPCVersion = "2016-04-28"
)

// products are the action tables by API version.
var products = map[string]kit.Actions[*call]{Version: actions, VPCVersion: vpcActions}

// Time rules of reference 2.6.
const (
	timeWindow = 15 * time.Minute
	// A nonce is remembered for twice the window: a request stamped up to
	// the window ahead stays valid until the window has passed twice.
	nonceWindow = 2 * timeWindow
)

// Config configures a Handler.
type Config = kit.Config

// Handler serves the ECS API.
type Handler struct {
	kit.Base
}

// NewHandler returns a Handler.
func NewHandler(cfg Config) *Handler { return &Handler{kit.NewBase(cfg)} }

// Name implements server.Dialect.
func (h *Handler) Name() string { return "aliyun" }

// Recognize implements server.Dialect, by the rules of reference section 1.
func (h *Handler) Recognize(r *http.Request, in *inbound.Request) int {
	if strings.HasPrefix(r.Header.Get("Authorization"), "ACS3-") {
		return 2
	}
	p := collectParams(r, in)
	if p.has("AccessKeyId") && p.has("Signature") && p.has("SignatureMethod") {
		return 2
	}
	if _, ok := products[p.get("Version")]; ok || r.Header.Get("x-acs-action") != "" {
		return 1
	}
	if _, ok := actions[p.get("Action")]; ok {
		return 1
	}
	return 0
}

// call is one request on its way through the handler.
type call struct {
	h         *Handler
	r         *http.Request
	in        *inbound.Request
	params    params
	format    format
	action    string
	version   string
	owner     compute.Owner
	requestID string
	// nonce is the request's nonce being recorded, once the signature
	// holds.
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
	body, err := encode(c.format, c.action+"Response", resp)
	if err != nil {
		h.writeError(w, c, &compute.Error{Code: compute.Internal, Err: err})
		return
	}
	w.Header().Set("Content-Type", contentType(c.format))
	_, _ = w.Write(body)
}

// Fail implements server.Dialect.
func (h *Handler) Fail(w http.ResponseWriter, r *http.Request, err error) {
	h.writeError(w, h.newCall(r), err)
}

func (h *Handler) newCall(r *http.Request) *call {
	in := kit.Intake(r)
	p := collectParams(r, in)
	in.RequestID = strings.ToUpper(inbound.UUID(in.ID))
	return &call{h: h, r: r, in: in, params: p, format: chooseFormat(r, p), requestID: in.RequestID}
}

// collectParams returns the URL query and, for a form body, its fields.
func collectParams(r *http.Request, in *inbound.Request) params {
	p, _ := in.Params(r)
	return params(p)
}

// handle runs the protocol checks, authenticates, and dispatches.
func (h *Handler) handle(c *call) (any, error) {
	if c.r.Method != http.MethodGet && c.r.Method != http.MethodPost {
		return nil, errMethod
	}
	if _, err := c.in.Params(c.r); err != nil {
		return nil, invalidParameter("QueryString")
	}
	if name, ok := oversized(c.params); ok {
		return nil, tooLong(name)
	}
	if f := c.params.get("Format"); f != "" && !strings.EqualFold(f, "JSON") && !strings.EqualFold(f, "XML") {
		return nil, invalidParameter("Format")
	}
	var err error
	if strings.HasPrefix(c.r.Header.Get("Authorization"), "ACS3-") {
		err = h.authenticateACS3(c)
	} else {
		err = h.authenticateRPC(c)
	}
	if err != nil {
		return nil, err
	}
	a := products[c.version][c.action]
	return auth.Guard(c.nonce, a.ReadOnly, func() (any, error) {
		if err := h.Admit(c.in.KeyID, c.in, c.owner); err != nil {
			return nil, err
		}
		if c.r, err = h.Intercept(c.r, c.in, c.owner); err != nil {
			return nil, err
		}
		return a.Serve(c)
	})
}

// checkAction validates the action and version named by a request.
func checkAction(c *call, action, version string) error {
	if action == "" {
		return missingParameter("Action")
	}
	c.action = action
	c.in.Action = action
	if version == "" {
		return missingParameter("Version")
	}
	table, ok := products[version]
	if !ok {
		return errActionOrVersion
	}
	a, ok := table[action]
	if !ok {
		return errUnknownAction
	}
	kit.Found(c.in, a)
	c.version = version
	return nil
}

// authenticateRPC verifies an RPC v1 (HMAC-SHA1) request, reference 2.4.
func (h *Handler) authenticateRPC(c *call) error {
	p := c.params
	if err := checkAction(c, p.get("Action"), p.get("Version")); err != nil {
		return err
	}
	keyID, err := p.required("AccessKeyId")
	if err != nil {
		return err
	}
	signature, err := p.required("Signature")
	if err != nil {
		return err
	}
	method, err := p.required("SignatureMethod")
	if err != nil {
		return err
	}
	if method != "HMAC-SHA1" {
		return invalidParameter("SignatureMethod")
	}
	sigVersion, err := p.required("SignatureVersion")
	if err != nil {
		return err
	}
	if sigVersion != "1.0" {
		return invalidParameter("SignatureVersion")
	}
	nonce, err := p.required("SignatureNonce")
	if err != nil {
		return err
	}
	stamp, err := p.required("Timestamp")
	if err != nil {
		return err
	}
	if t := p.get("SignatureType"); t != "" {
		return invalidParameter("SignatureType") // bearer tokens are not supported
	}
	key, err := h.checkTimeAndKey(c, stamp, keyID)
	if err != nil {
		return err
	}
	stringToSign := rpcStringToSign(c.r.Method, url.Values(p))
	if !signaturesEqual(signature, rpcSignature(key.Secret, stringToSign)) {
		// Like the vendor, show the string we signed: the SDK compares it
		// with its own to tell the user what differs.
		return &apiError{errSignature.Status, errSignature.Code, errSignature.Message + " server string to sign is:" + stringToSign}
	}
	return h.finishAuth(c, key, nonce)
}

// acs3Required are the headers an ACS3 request must send and sign.
var acs3Required = []string{"host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"}

// authenticateACS3 verifies an ACS3-HMAC-SHA256 request, reference 2.5.
func (h *Handler) authenticateACS3(c *call) error {
	r := c.r
	authz, ok := parseACS3Authorization(r.Header.Get("Authorization"))
	if !ok || authz.Algorithm != acs3Algorithm {
		return errIncomplete
	}
	if err := checkAction(c, r.Header.Get("x-acs-action"), r.Header.Get("x-acs-version")); err != nil {
		return err
	}
	signed := make(map[string]bool, len(authz.SignedHeaders))
	for _, name := range authz.SignedHeaders {
		signed[name] = true
	}
	for _, name := range acs3Required {
		if name != "host" && r.Header.Get(name) == "" {
			return missingParameter(name)
		}
		if !signed[name] {
			return errIncomplete
		}
	}
	if sha256Hex(c.in.Body) != r.Header.Get("x-acs-content-sha256") {
		return &apiError{errSignature.Status, errSignature.Code, "The x-acs-content-sha256 header does not match the SHA-256 of the request body."}
	}
	key, err := h.checkTimeAndKey(c, r.Header.Get("x-acs-date"), authz.AccessKeyID)
	if err != nil {
		return err
	}
	query, _ := url.ParseQuery(r.URL.RawQuery)
	canonical := acs3CanonicalRequest(r, query, authz.SignedHeaders, r.Header.Get("x-acs-content-sha256"))
	if !signaturesEqual(authz.Signature, acs3Signature(key.Secret, canonical)) {
		return errSignature
	}
	return h.finishAuth(c, key, r.Header.Get("x-acs-signature-nonce"))
}

// checkTimeAndKey parses and checks the request time, then finds the key.
func (h *Handler) checkTimeAndKey(c *call, stamp, keyID string) (auth.AccessKey, error) {
	t, err := time.Parse(time.RFC3339, stamp)
	if err != nil {
		return auth.AccessKey{}, errTimeFormat
	}
	if err := h.Auth.CheckTime(t, timeWindow); err != nil {
		return auth.AccessKey{}, err
	}
	return h.Auth.Key(c.ctx(), keyID)
}

// finishAuth starts recording the nonce, only once the signature proved the
// request genuine, so nobody can burn another's nonces, and fixes the
// owner.
func (h *Handler) finishAuth(c *call, key auth.AccessKey, nonce string) error {
	c.nonce = h.Auth.StartNonce(c.ctx(), key.ID, nonce, nonceWindow)
	c.owner = compute.Owner{Account: key.Account, Cloud: compute.CloudAliyun}
	c.in.Account, c.in.KeyID = string(key.Account), key.ID
	return nil
}

// writeError answers with err in Alibaba's envelope and status.
func (h *Handler) writeError(w http.ResponseWriter, c *call, err error) {
	if kit.Dropped(w, c.in, err) {
		return
	}
	a := toAPIError(err)
	if _, injected := errors.AsType[*fault.Answer](err); a.Status >= 500 && !injected {
		h.Logger.Error("request failed", "err", err, "request_id", c.requestID)
	}
	kit.NoteError(c.in, err, a.Code)
	product := "Ecs"
	if c.version == VPCVersion {
		product = "Vpc"
	}
	resp := errorResponse{RequestID: c.requestID, HostID: c.r.Host, Code: a.Code, Message: a.Message, Recommend: recommend(product, a.Code, c.requestID)}
	body, encErr := encode(c.format, "Error", resp)
	if encErr != nil {
		body, c.format = []byte(`{"Code":"InternalError"}`), formatJSON
	}
	w.Header().Set("Content-Type", contentType(c.format))
	w.WriteHeader(a.Status)
	_, _ = w.Write(body)
}
