package certna

import "github.com/authprobe/authprobe/clients/wire"

// Failure codes. CodeDatabaseError is the Exception.Code of the vendor's
// examples; the others are the "code" values the reference server sends
// (docs/profiles/certna.md). The vendor documents no code strings besides
// its examples, so the specs never require these: a deployment's own codes
// can be pinned with the profile's *_code settings.
const (
	// CodeDatabaseError: refused login (wrong password, unknown user,
	// unsalted or plain-text password), HTTP 500 in the Exception shape.
	CodeDatabaseError = "DatabaseError"
	// CodeMissingParameter: a required field or query parameter is absent,
	// null or empty (HTTP 400).
	CodeMissingParameter = "MISSING_PARAMETER"
	// CodeInvalidParameter: a field has the wrong JSON type, a user name is
	// too long, a checksum is not a Base64 SHA-384 digest, or a query string
	// is not valid URL encoding (HTTP 400).
	CodeInvalidParameter = "INVALID_PARAMETER"
	// CodeMalformedJSON: the body is empty, not JSON or not one JSON object (HTTP 400).
	CodeMalformedJSON = "MALFORMED_JSON"
	// CodeUnsupportedMediaType: the body is not sent as application/json (HTTP 415).
	CodeUnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
	// CodeBodyTooLarge: the request body exceeds the server's cap (HTTP 413).
	CodeBodyTooLarge = "BODY_TOO_LARGE"
	// CodeMissingToken: no access_token header on a guarded call (HTTP 401).
	CodeMissingToken = "MISSING_TOKEN"
	// CodeInvalidToken: the access_token is unknown, expired or logged out (HTTP 401).
	CodeInvalidToken = "INVALID_TOKEN"
	// CodeMethodNotAllowed: wrong HTTP method for the path (HTTP 405).
	CodeMethodNotAllowed = "METHOD_NOT_ALLOWED"
	// CodeNotFound: no such endpoint (HTTP 404).
	CodeNotFound = "NOT_FOUND"
)

// MessageInvalidCredentials is the message of every refused login
// (seed example 1).
const MessageInvalidCredentials = "The user name or/and password are invalid."

// Exception is the vendor's failure shape:
//
//	{"Exception":{"Code":"DatabaseError","Message":"The user name or/and password are invalid."}}
type Exception struct {
	Code    string `json:"Code"`
	Message string `json:"Message"`
}

// Failure is a documented refusal in either shape: {"code","message"}
// (Code and Message) or {"Exception":{…}} (Exception). The zero value is
// no failure.
type Failure struct {
	Code      string
	Message   string
	Exception *Exception
}

// Failed reports whether the answer was a documented refusal.
func (f Failure) Failed() bool { return f.Code != "" || f.Exception != nil }

// FailureCode returns the refusal's code in either shape ("" when none).
func (f Failure) FailureCode() string {
	if f.Code != "" {
		return f.Code
	}
	if f.Exception != nil {
		return f.Exception.Code
	}
	return ""
}

// FailureMessage returns the refusal's message in either shape.
func (f Failure) FailureMessage() string {
	if f.Code != "" {
		return f.Message
	}
	if f.Exception != nil {
		return f.Exception.Message
	}
	return ""
}

// SaltResult is the answer of the salt endpoint:
//
//	{"salt":"bx2244Wk8w2tOFAF6dISjw=="}
type SaltResult struct {
	// Salt is the decoded salt (16 bytes from a conforming server).
	Salt []byte
	// Encoded is the salt as sent, Base64.
	Encoded string
	// Failure is set when the salt was refused.
	Failure
	// Exchange is the raw exchange.
	Exchange *wire.Exchange
}

// OK reports whether a salt was returned.
func (r *SaltResult) OK() bool { return r.Encoded != "" }

// LoginResult is the answer of a login. Login keeps both exchanges: Salt
// holds the salt fetch (nil for unsalted schemes and LoginHashed) and
// Exchange the login itself. When the salt fetch is refused, Login stops
// there: Failure is the salt's refusal and Exchange the salt exchange.
type LoginResult struct {
	// AccessToken is the issued token ("534d4c30-28a0-48c8-a76d-bbd265d7a1ac").
	AccessToken string
	// Failure is set when the login was refused.
	Failure
	// Salt is the salt step of Login.
	Salt *SaltResult
	// Hashed is the password value that was sent.
	Hashed string
	// Exchange is the raw login exchange.
	Exchange *wire.Exchange
}

// OK reports whether a token was issued.
func (r *LoginResult) OK() bool { return r.AccessToken != "" }

// StoreChecksumResult is the answer of StoreChecksum:
//
//	{"checksum_key":"0f8fad5b-d9cb-469f-a165-70867728950e"}
type StoreChecksumResult struct {
	// ChecksumKey is the key under which the checksum was stored.
	ChecksumKey string
	// Failure is set when the call was refused.
	Failure
	// Exchange is the raw exchange.
	Exchange *wire.Exchange
}

// OK reports whether the checksum was stored.
func (r *StoreChecksumResult) OK() bool { return r.ChecksumKey != "" }

// LogoutResult is the answer of Logout: any 2xx, with or without a body
// (the reference server sends 204 No Content), or a documented refusal.
type LogoutResult struct {
	// Failure is set when the logout was refused.
	Failure
	// Exchange is the raw exchange.
	Exchange *wire.Exchange
}

// OK reports whether the logout was accepted.
func (r *LogoutResult) OK() bool {
	return r.Exchange != nil && isSuccess(r.Exchange.Status)
}

func isSuccess(status int) bool { return status >= 200 && status < 300 }
