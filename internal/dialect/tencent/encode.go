package tencent

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
	"github.com/ecsd/ecsd/internal/fault"
)

const contentTypeJSON = "application/json"

// errorResponse is the inside of Tencent's error envelope (reference 3.3).
type errorResponse struct {
	Error struct {
		Code    string `json:"Code"`
		Message string `json:"Message"`
	} `json:"Error"`
	RequestID string `json:"RequestId"`
}

// encode renders {"Response": v} as Tencent does: UTF-8 JSON, no HTML
// escaping, no trailing newline.
func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(struct {
		Response any `json:"Response"`
	}{v}); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// writeResponse answers with an action's response.
func (h *Handler) writeResponse(w http.ResponseWriter, c *call, resp any) {
	body, err := encode(resp)
	if err != nil {
		h.writeError(w, c, err)
		return
	}
	w.Header().Set("Content-Type", contentTypeJSON)
	_, _ = w.Write(body)
}

// writeError answers with err inside Response.Error, with HTTP 200 as
// Tencent always does (its SDKs read the error from the body), unless a
// fault rule gives another status.
func (h *Handler) writeError(w http.ResponseWriter, c *call, err error) {
	if kit.Dropped(w, c.in, err) {
		return
	}
	service := ""
	if c.product != nil {
		service = c.product.service
	}
	a := toAPIError(service, err)
	injected, isFault := errors.AsType[*fault.Answer](err)
	if _, protocol := err.(*apiError); !protocol && !isFault {
		if code := compute.ErrorCode(err); code == compute.Internal || code == compute.Unavailable {
			h.Logger.Error("request failed", "err", err, "request_id", c.requestID)
		}
	}
	kit.NoteError(c.in, err, a.Code)
	var resp errorResponse
	resp.Error.Code, resp.Error.Message, resp.RequestID = a.Code, a.Message, c.requestID
	body, encErr := encode(resp)
	if encErr != nil {
		body = []byte(`{"Response":{"Error":{"Code":"InternalServerError","Message":""},"RequestId":"` + c.requestID + `"}}`)
	}
	w.Header().Set("Content-Type", contentTypeJSON)
	if isFault && injected.Status != 0 {
		w.WriteHeader(injected.Status)
	}
	_, _ = w.Write(body)
}
