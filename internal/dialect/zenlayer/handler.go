// Package zenlayer is the Zenlayer Cloud dialect: API 2.0 at
// POST /api/v2/<service> for the services ZEC automation uses (zec in
// versions 2025-09-01 and 2024-04-01, ccs for key pairs, user for resource
// groups, zrm for tags), each with its own action table, behind one
// ZC2-HMAC-SHA256 signature check, the {requestId, response} envelope and
// Zenlayer's upper-snake error codes. It translates each call into a
// compute.Service use case and spells the result as Zenlayer does.
// Reference: ../shared/spec/api-reference.md section 4; the choices it
// leaves open are listed in docs/zenlayer.md.
package zenlayer

import (
	"context"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
	"github.com/ecsd/ecsd/internal/fault"
	"github.com/ecsd/ecsd/internal/inbound"
)

// Versions are the versions of ZEC served: 2025-09-01 is the current SDK's,
// 2024-04-01 the deprecated zec20240401 client's, which the Terraform
// provider still uses for some calls. Each has its own action table.
var Versions = []string{"2025-09-01", "2024-04-01"}

// pathPrefix starts the path of every call: the SDK posts to
// /api/v2/<service>.
const pathPrefix = "/api/v2/"

// Path is where ZEC calls go.
const Path = pathPrefix + "zec"

// apiService is one of Zenlayer's API services: the action table of each
// version ecsd serves, in the order the versions are listed to a client.
type apiService struct {
	versions []apiVersion
}

type apiVersion struct {
	name    string
	actions kit.Actions[*call]
}

// table returns the actions of version v, and whether it is served.
func (s apiService) table(v string) (kit.Actions[*call], bool) {
	for _, ver := range s.versions {
		if ver.name == v {
			return ver.actions, true
		}
	}
	return nil, false
}

func (s apiService) versionNames() []string {
	names := make([]string, len(s.versions))
	for i, v := range s.versions {
		names[i] = v.name
	}
	return names
}

// timeWindow is how far X-ZC-Timestamp may be from the server's clock, in
// either direction. Zenlayer does not document it; five minutes is
// Tencent's TC3 rule, from which ZC2 is evidently derived.
const timeWindow = 5 * time.Minute

// Config configures a Handler.
type Config struct {
	kit.Config
	// RecycleBin makes ReleaseInstances send instances to the recycle bin
	// (RECYCLE) first, as Zenlayer does for some accounts; a second
	// ReleaseInstances then deletes them.
	RecycleBin bool
}

// Handler serves the ZEC API.
type Handler struct {
	kit.Base
	recycle compute.RecyclePolicy
}

// NewHandler returns a Handler.
func NewHandler(cfg Config) *Handler {
	h := &Handler{Base: kit.NewBase(cfg.Config)}
	if cfg.RecycleBin {
		h.recycle = compute.RecycleAll
	}
	return h
}

// Name implements server.Dialect.
func (h *Handler) Name() string { return "zenlayer" }

// Recognize implements server.Dialect, by rule 1 of reference section 1:
// the /api/v2/ path, an X-ZC-Action header or a ZC2 Authorization header
// are Zenlayer's alone.
func (h *Handler) Recognize(r *http.Request, _ *inbound.Request) int {
	// Reference section 1, rule 1: Zenlayer's path and action header decide,
	// whatever signature a request carries.
	if strings.HasPrefix(r.URL.Path, "/api/v2/") || r.Header.Get("X-ZC-Action") != "" {
		return 3
	}
	if strings.HasPrefix(r.Header.Get("Authorization"), algorithm+" ") {
		return 2
	}
	return 0
}

// call is one request on its way through the handler.
type call struct {
	h         *Handler
	r         *http.Request
	in        *inbound.Request
	service   string
	version   string
	action    string
	owner     compute.Owner
	requestID string
	// signature is the request's signature being recorded, when reused
	// signatures are refused (nil otherwise): ZC2 has no nonce.
	signature *auth.NonceCheck
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
	body, err := json.Marshal(envelope{RequestID: c.requestID, Response: resp})
	if err != nil {
		h.writeError(w, c, &compute.Error{Code: compute.Internal, Err: err})
		return
	}
	w.Header().Set("Content-Type", contentTypeJSON)
	_, _ = w.Write(body)
}

// Fail implements server.Dialect.
func (h *Handler) Fail(w http.ResponseWriter, r *http.Request, err error) {
	h.writeError(w, h.newCall(r), err)
}

func (h *Handler) newCall(r *http.Request) *call {
	in := kit.Intake(r)
	in.RequestID = requestID(in.ID)
	return &call{h: h, r: r, in: in, requestID: in.RequestID}
}

// requestID spells a request ID as Zenlayer does: "T" and an upper-case UUID.
func requestID(id [16]byte) string { return "T" + strings.ToUpper(inbound.UUID(id)) }

// handle runs the protocol checks, authenticates, and dispatches. Checks
// that need no key come first, so that a client learns of a wrong path or
// action without a signature being computed.
func (h *Handler) handle(c *call) (any, error) {
	r := c.r
	if r.Method != http.MethodPost {
		return nil, errMethod
	}
	name, ok := strings.CutPrefix(r.URL.Path, pathPrefix)
	svc, known := services[name]
	if !ok || !known {
		return nil, errService
	}
	if s := r.Header.Get("X-ZC-Service"); s != "" && s != name {
		return nil, errService
	}
	c.service = name
	action := r.Header.Get("X-ZC-Action")
	if action == "" {
		return nil, missingHeader("X-ZC-Action")
	}
	c.in.Action = action
	version := r.Header.Get("X-ZC-Version")
	if version == "" {
		return nil, missingHeader("X-ZC-Version")
	}
	table, ok := svc.table(version)
	if !ok {
		return nil, errUnknownVersion(name, version, svc.versionNames())
	}
	run, ok := table[action]
	if !ok {
		return nil, errUnknownAction(name, version, action)
	}
	c.action, c.version = action, version
	kit.Found(c.in, run)
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return nil, errContentType
	}
	if name, ok := oversized(c.in.Body); ok {
		return nil, tooLong(name)
	}
	if err := h.authenticate(c); err != nil {
		return nil, err
	}
	return auth.Guard(c.signature, run.ReadOnly, func() (any, error) {
		if err := h.Admit(c.in.KeyID, c.in, c.owner); err != nil {
			return nil, err
		}
		var err error
		if c.r, err = h.Intercept(c.r, c.in, c.owner); err != nil {
			return nil, err
		}
		return run.Serve(c)
	})
}

// authenticate verifies a ZC2-HMAC-SHA256 request (reference 4.4) and fixes
// the owner. Bearer tokens are refused: ecsd issues key pairs only.
func (h *Handler) authenticate(c *call) error {
	r := c.r
	header := r.Header.Get("Authorization")
	switch {
	case header == "":
		return errUnsigned
	case len(header) >= 7 && strings.EqualFold(header[:7], "Bearer "):
		return errToken
	}
	a, ok := parseAuthorization(header)
	if !ok {
		return errAuthorization
	}
	if m := r.Header.Get("X-ZC-Signature-Method"); m != "" && m != algorithm {
		return errSignatureMethod
	}
	if !slices.Contains(a.SignedHeaders, "content-type") || !slices.Contains(a.SignedHeaders, "host") {
		return errUnsignedHeaders
	}
	stamp := r.Header.Get("X-ZC-Timestamp")
	t, ok := parseTimestamp(stamp)
	if !ok {
		return errTimestamp
	}
	if err := h.Auth.CheckTime(t, timeWindow); err != nil {
		return err
	}
	key, err := h.Auth.Key(c.ctx(), a.KeyID)
	if err != nil {
		return err
	}
	canonical := canonicalRequest(r, a.SignedHeaders, sha256Hex(c.in.Body))
	if !signaturesEqual(a.Signature, signature(key.Secret, stamp, canonical)) {
		return errSignature
	}
	// ZC2 covers neither the action nor the path: when ecsd is asked to
	// refuse reused signatures, a captured request cannot be sent again,
	// as it is or as another action, within its window.
	c.signature = h.Auth.StartSignature(c.ctx(), key.ID, a.Signature, 2*timeWindow)
	c.owner = compute.Owner{Account: key.Account, Cloud: compute.CloudZenlayer}
	c.in.Account, c.in.KeyID = string(key.Account), key.ID
	return nil
}

// writeError answers with err in Zenlayer's envelope and status. All three
// keys are always present: the Python SDK indexes each of them.
func (h *Handler) writeError(w http.ResponseWriter, c *call, err error) {
	if kit.Dropped(w, c.in, err) {
		return
	}
	a := toAPIError(err)
	if _, injected := errors.AsType[*fault.Answer](err); a.Status >= 500 && !injected {
		h.Logger.Error("request failed", "err", err, "request_id", c.requestID)
	}
	kit.NoteError(c.in, err, a.Code)
	body, encErr := json.Marshal(errorResponse{RequestID: c.requestID, Code: a.Code, Message: a.Message})
	if encErr != nil { // cannot happen: three strings
		body = []byte(`{"requestId":"","code":"INTERNAL_SERVER_ERROR","message":"internal error"}`)
	}
	if a.Status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", http.MethodPost)
	}
	w.Header().Set("Content-Type", contentTypeJSON)
	w.WriteHeader(a.Status)
	_, _ = w.Write(body)
}
