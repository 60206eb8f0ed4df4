package videntity

import "net/http"

// apiError is a documented error answer.
type apiError struct {
	number int
	name   string
	detail string
	// httpStatus is the status it is sent with when not the documented
	// errors' status (an unknown path, a dialect's 4xx refusal).
	httpStatus int
	// allow is the Allow header of a wrong-method answer.
	allow bool
	// plain sends no XML: httpStatus with detail as text/plain (or no body
	// when detail is empty).
	plain bool
}

// Documented error numbers and names.
const (
	errAuthentication        = 1
	errSessionDoesNotExist   = 2
	errSessionExpired        = 3
	errMissingMandatoryField = 4
	errServerError           = 11

	nameAuthentication        = "AUTHENTICATION_ERROR"
	nameSessionDoesNotExist   = "SESSION_DOES_NOT_EXIST"
	nameSessionExpired        = "SESSION_EXPIRED"
	nameMissingMandatoryField = "MISSING_MANDATORY_FIELD"
	nameServerError           = "SERVER_ERROR"
)

// Error details the server sends.
const (
	detailAuthentication  = "username, password or account_number is incorrect"
	detailNoSession       = "session_key does not exist"
	detailExpired         = "session_key has expired"
	detailWrongMethod     = "use POST: this method only accepts a form POST"
	detailWrongType       = "the request body must be application/x-www-form-urlencoded"
	detailBadForm         = "the request body is not a valid URL-encoded form"
	detailUnreadable      = "the request body could not be read"
	detailUnknownMethod   = "unknown API method"
	detailLeakedInternals = "username, password or account_number is incorrect " +
		"(SQLSTATE[HY000]: SELECT user_id, pw_hash FROM api_users WHERE username = ? AND account_number = ? " +
		"returned 0 rows in /var/www/videntity/lib/session.php:112)"
)

var (
	errAuth       = &apiError{number: errAuthentication, name: nameAuthentication, detail: detailAuthentication}
	errNoSession  = &apiError{number: errSessionDoesNotExist, name: nameSessionDoesNotExist, detail: detailNoSession}
	errExpired    = &apiError{number: errSessionExpired, name: nameSessionExpired, detail: detailExpired}
	errMethod     = &apiError{number: errServerError, name: nameServerError, detail: detailWrongMethod, allow: true}
	errType       = &apiError{number: errServerError, name: nameServerError, detail: detailWrongType}
	errForm       = &apiError{number: errServerError, name: nameServerError, detail: detailBadForm}
	errUnreadable = &apiError{number: errServerError, name: nameServerError, detail: detailUnreadable}
	errUnknown    = &apiError{number: errServerError, name: nameServerError, detail: detailUnknownMethod, httpStatus: http.StatusNotFound}
)

// The refusals of the dialects that answer unreadable requests with a
// bare HTTP status instead of error 11.
var (
	errMethod405 = &apiError{plain: true, httpStatus: http.StatusMethodNotAllowed, allow: true}
	errType415   = &apiError{plain: true, httpStatus: http.StatusUnsupportedMediaType,
		detail: "unsupported media type: send application/x-www-form-urlencoded"}
	errForm400 = &apiError{number: errServerError, name: nameServerError, detail: detailBadForm, httpStatus: http.StatusBadRequest}
)

// errUnknownUser is error 1 as the user-enumeration fault sends it for an
// unknown username: HTTP 404 and its own detail, unlike a wrong password.
var errUnknownUser = &apiError{number: errAuthentication, name: nameAuthentication, detail: "username does not exist",
	httpStatus: http.StatusNotFound}

// errCrash stands for an unhandled failure under the *-crashes faults: fail
// answers it with HTTP 500 text/plain instead of a documented error.
var errCrash = &apiError{number: -1}

// missingField returns error 4 for a field: "Mandatory field <name> is missing".
func missingField(field string) *apiError { return missingFieldErrs[field] }

var missingFieldErrs = func() map[string]*apiError {
	m := map[string]*apiError{}
	for _, f := range []string{fieldUsername, fieldPassword, fieldAccountNumber, fieldSessionKey} {
		m[f] = &apiError{number: errMissingMandatoryField, name: nameMissingMandatoryField,
			detail: "Mandatory field " + f + " is missing"}
	}
	return m
}()

// errMissingUnnamed is error 4 as the missing-field-not-named fault sends it.
var errMissingUnnamed = &apiError{number: errMissingMandatoryField, name: nameMissingMandatoryField,
	detail: "Mandatory field is missing"}
