package zenlayer

// contentTypeJSON is the Content-Type of every response.
const contentTypeJSON = "application/json; charset=utf-8"

// envelope is the success envelope of reference 4.3: HTTP 200 with the
// action's response wrapped in "response", which carries the same
// requestId. The Go SDK leaves Response nil, and the Python SDK raises
// KeyError, when "response" is missing, so it is always present.
type envelope struct {
	RequestID string `json:"requestId"`
	Response  any    `json:"response"`
}

// errorResponse is the error envelope: all three keys, always.
type errorResponse struct {
	RequestID string `json:"requestId"`
	Code      string `json:"code"`
	Message   string `json:"message"`
}
