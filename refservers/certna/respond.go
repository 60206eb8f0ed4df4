package certna

import (
	"encoding/json"
	"net/http"
)

// Failure codes of the {"code","message"} shape (see docs/profiles/certna.md).
const (
	CodeMissingParameter     = "MISSING_PARAMETER"
	CodeInvalidParameter     = "INVALID_PARAMETER"
	CodeMalformedJSON        = "MALFORMED_JSON"
	CodeUnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
	CodeBodyTooLarge         = "BODY_TOO_LARGE"
	CodeMissingToken         = "MISSING_TOKEN"
	CodeInvalidToken         = "INVALID_TOKEN"
	CodeMethodNotAllowed     = "METHOD_NOT_ALLOWED"
	CodeNotFound             = "NOT_FOUND"
	// CodeUnknownUser is only sent under the salt-reveals-unknown-user fault.
	CodeUnknownUser = "UNKNOWN_USER"
)

// MessageInvalidCredentials is the message of every refused login (seed
// example 1), sent as {"Exception":{"Code":"DatabaseError","Message":…}}.
const MessageInvalidCredentials = "The user name or/and password are invalid."

// ExceptionCode is the Exception.Code of a refused login.
const ExceptionCode = "DatabaseError"

// maxUserName bounds user names, in bytes.
const maxUserName = 256

// Precomputed answers of the hot paths.
var (
	bodyInvalidCredentials = exceptionBody(ExceptionCode, MessageInvalidCredentials)
	bodyMissingToken       = failureBody(CodeMissingToken, "The access_token header is required.")
	bodyInvalidToken       = failureBody(CodeInvalidToken, "The access token is invalid or has expired.")
	bodyNotFound           = failureBody(CodeNotFound, "No such endpoint.")
	bodyMethodNotAllowed   = failureBody(CodeMethodNotAllowed, "The method is not allowed for this endpoint.")
	bodyUnsupportedType    = failureBody(CodeUnsupportedMediaType, "The request body must be sent as Content-Type: application/json.")
	bodyTooLarge           = failureBody(CodeBodyTooLarge, "The request body is too large.")
	bodyEmpty              = failureBody(CodeMalformedJSON, "The request body is empty; a JSON object is required.")
	bodyNotObject          = failureBody(CodeMalformedJSON, "The request body must be one JSON object.")
	bodyUnknownUser        = failureBody(CodeUnknownUser, "No user with that name exists.")
)

// failureBody renders {"code":…,"message":…}.
func failureBody(code, message string) []byte {
	b, _ := json.Marshal(struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}{code, message})
	return b
}

// exceptionBody renders {"Exception":{"Code":…,"Message":…}}.
func exceptionBody(code, message string) []byte {
	type exception struct {
		Code    string `json:"Code"`
		Message string `json:"Message"`
	}
	b, _ := json.Marshal(struct {
		Exception exception `json:"Exception"`
	}{exception{code, message}})
	return b
}

// Header values shared by every answer.
var (
	hdrJSON    = []string{"application/json; charset=utf-8"}
	hdrNoStore = []string{"no-store"}
	hdrNoSniff = []string{"nosniff"}
)

// writeJSON sends body as a JSON answer that must not be cached. (net/http
// adds Content-Length itself for a body written at once.)
func writeJSON(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h["Content-Type"] = hdrJSON
	h["Cache-Control"] = hdrNoStore
	h["X-Content-Type-Options"] = hdrNoSniff
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// crash answers like an unhandled exception: 500 text/plain with the
// runtime's message (only under the faults that crash).
func crash(w http.ResponseWriter, message string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = w.Write([]byte(message + "\n"))
}

// methodNotAllowed answers 405 with the Allow header.
func methodNotAllowed(w http.ResponseWriter, allow string) {
	w.Header().Set("Allow", allow)
	writeJSON(w, http.StatusMethodNotAllowed, bodyMethodNotAllowed)
}
