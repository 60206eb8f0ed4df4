package videntity

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/authprobe/authprobe/clients/wire"
)

// Values of <status>.
const (
	StatusSuccess = "SUCCESS"
	StatusError   = "ERROR"
)

// Documented error numbers (<error_number>) and their names (<error_name>).
const (
	ErrAuthentication        = 1  // AUTHENTICATION_ERROR: username, password or account_number is incorrect
	ErrSessionDoesNotExist   = 2  // SESSION_DOES_NOT_EXIST: unknown, logged-out or purged key
	ErrSessionExpired        = 3  // SESSION_EXPIRED: the key outlived its 30 minutes
	ErrMissingMandatoryField = 4  // MISSING_MANDATORY_FIELD: "Mandatory field <name> is missing"
	ErrServerError           = 11 // SERVER_ERROR

	NameAuthentication        = "AUTHENTICATION_ERROR"
	NameSessionDoesNotExist   = "SESSION_DOES_NOT_EXIST"
	NameSessionExpired        = "SESSION_EXPIRED"
	NameMissingMandatoryField = "MISSING_MANDATORY_FIELD"
	NameServerError           = "SERVER_ERROR"
)

// ErrorNames maps each documented error number to its documented name.
var ErrorNames = map[int]string{
	ErrAuthentication:        NameAuthentication,
	ErrSessionDoesNotExist:   NameSessionDoesNotExist,
	ErrSessionExpired:        NameSessionExpired,
	ErrMissingMandatoryField: NameMissingMandatoryField,
	ErrServerError:           NameServerError,
}

// Documented texts of <detail> and <error_detail>.
const (
	DetailLogin          = "you logged in successfully"
	DetailPing           = "your session has been pinged successfully"
	DetailLogout         = "you logged out successfully"
	DetailAuthentication = "username, password or account_number is incorrect"
)

// MissingFieldDetail is the documented error_detail of error 4 for a field:
// "Mandatory field session_key is missing".
func MissingFieldDetail(field string) string {
	return "Mandatory field " + field + " is missing"
}

// TimestampLayout is the layout of <timestamp>: "2008-09-30 15:56:42".
const TimestampLayout = "2006-01-02 15:04:05"

// Response is any answer of the API, SUCCESS or ERROR, exactly as sent
// (values trimmed of surrounding white space).
//
//	<response api_method="/session/login"><status>SUCCESS</status>
//	<api_tx_number>182737893</api_tx_number><response_name_value>
//	<session_key>Ry5NvPAbceAS123</session_key></response_name_value>
//	<timestamp>2008-09-30 15:56:42</timestamp></response>
type Response struct {
	// APIMethod is the api_method attribute, e.g. "/session/login" (the
	// vendor's own login error example says "/user/login").
	APIMethod string
	// Status is SUCCESS or ERROR.
	Status string
	// TxNumber is <api_tx_number> (0 when absent or beyond int64).
	TxNumber int64
	// TxText is <api_tx_number> as sent, any length ("" when absent).
	TxText string
	// Detail is the SUCCESS message, e.g. "you logged in successfully".
	Detail string
	// SessionKey is <response_name_value><session_key>.
	SessionKey string
	// ErrorNumber, ErrorName and ErrorDetail describe an ERROR.
	ErrorNumber int
	ErrorName   string
	ErrorDetail string
	// Timestamp is the server's <timestamp> as sent ("2008-09-30 15:56:42").
	Timestamp string
	// Exchange is the raw request and answer.
	Exchange *wire.Exchange
	// LabelledXML says the answer's Content-Type named an XML media type
	// (text/xml, application/xml, …); an XML body under another label is
	// still read.
	LabelledXML bool

	missing []string
}

// OK reports whether the answer is a SUCCESS.
func (r *Response) OK() bool { return r != nil && r.Status == StatusSuccess }

// Code returns the error number as text ("2"), or "" for a SUCCESS: the
// code the load runner and the expected-failure files speak of.
func (r *Response) Code() string {
	if r == nil || r.Status != StatusError {
		return ""
	}
	return strconv.Itoa(r.ErrorNumber)
}

// HTTPStatus returns the HTTP status the answer came with (0 if unknown).
func (r *Response) HTTPStatus() int {
	if r == nil || r.Exchange == nil {
		return 0
	}
	return r.Exchange.Status
}

// ErrNoTimestamp is returned by ParseTimestamp when the answer had none.
var ErrNoTimestamp = errors.New("videntity: answer has no <timestamp>")

// ParseTimestamp reads <timestamp> as UTC; the vendor names no time zone.
func (r *Response) ParseTimestamp() (time.Time, error) {
	if r == nil || r.Timestamp == "" {
		return time.Time{}, ErrNoTimestamp
	}
	t, err := time.ParseInLocation(TimestampLayout, r.Timestamp, time.UTC)
	if err != nil {
		return time.Time{}, fmt.Errorf("videntity: <timestamp> %q is not %q: %w", r.Timestamp, TimestampLayout, err)
	}
	return t, nil
}

// MissingFields lists the documented parts that the answer lacked:
// "api_tx_number" and "timestamp" on every answer, "api_method" on a
// SUCCESS, "error_name" and "error_detail" on an ERROR. <detail> is not
// required (the vendor's own login example has none), nor is api_method on
// an ERROR (profiles.md lists an error's parts without it). The parser
// already refuses an answer without status, an ERROR without error_number
// and a login SUCCESS without session_key.
func (r *Response) MissingFields() []string {
	if r == nil {
		return nil
	}
	return append([]string(nil), r.missing...)
}
