package videntity

import (
	"net/http"
	"strconv"
)

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

// missingFieldErrs are error 4 per field: "Mandatory field <name> is
// missing".
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

// errorSet is a server's answers to refused requests, chosen once at
// start with its faults and dialects in mind and worded in its text
// style, so that a request only picks one.
type errorSet struct {
	auth, unknownUser, noSession, expired *apiError
	// The refusals of requests the server cannot read.
	method, contentType, form, unreadable, tooLarge, unknown *apiError
	// missing is error 4 per field.
	missing map[string]*apiError
	// status is the HTTP status of the XML errors that name none.
	status int
}

func newErrorSet(f faults, d dialects, maxBody int64) errorSet {
	pick := func(on bool, yes, no *apiError) *apiError {
		if on {
			return yes
		}
		return no
	}
	e := errorSet{
		auth:        errAuth,
		noSession:   errNoSession,
		expired:     errExpired,
		method:      pick(d.method405, errMethod405, errMethod),
		contentType: pick(d.type415, errType415, errType),
		form:        pick(f.badEscapeCrashes, errCrash, pick(d.form400, errForm400, errForm)),
		unreadable:  errUnreadable,
		tooLarge: &apiError{number: errServerError, name: nameServerError,
			detail: "the request body exceeds the limit of " + strconv.FormatInt(maxBody, 10) + " bytes"},
		unknown: errUnknown,
		missing: make(map[string]*apiError, len(missingFieldErrs)),
		status:  http.StatusOK,
	}
	if f.wrongErrorNumber || f.internalsLeaked {
		a := *errAuth
		if f.wrongErrorNumber {
			a.number = errSessionDoesNotExist
		}
		if f.internalsLeaked {
			a.detail = detailLeakedInternals
		}
		e.auth = &a
	}
	e.unknownUser = pick(f.userEnumeration, errUnknownUser, e.auth)
	if f.wrongErrorName {
		n := *errNoSession
		n.name = "SESSION_NOT_FOUND"
		e.noSession = &n
	}
	if f.expiredReportedMissing {
		e.expired = e.noSession
	}
	for field, m := range missingFieldErrs {
		e.missing[field] = pick(f.missingCrashes, errCrash, pick(f.missingNotNamed, errMissingUnnamed, m))
	}
	switch {
	case f.errors500:
		e.status = http.StatusInternalServerError
	case d.errors400:
		e.status = http.StatusBadRequest
	}
	if d.textStyle {
		for _, p := range []**apiError{&e.auth, &e.unknownUser, &e.noSession, &e.expired,
			&e.method, &e.contentType, &e.form, &e.unreadable, &e.tooLarge, &e.unknown} {
			*p = styled(*p)
		}
		for field, m := range e.missing {
			e.missing[field] = styled(m)
		}
	}
	return e
}

// styled is e with its detail in the text-style dialect's style; errCrash
// and plain refusals, which carry no documented text, stay as they are.
func styled(e *apiError) *apiError {
	if e == errCrash || e.plain {
		return e
	}
	c := *e
	c.detail = textStyle(e.detail)
	return &c
}

// textStyle is a documented text as the text-style dialect words it:
// capitalised, ending with a full stop.
func textStyle(t string) string {
	if t == "" {
		return t
	}
	b := []byte(t)
	if b[0] >= 'a' && b[0] <= 'z' {
		b[0] -= 'a' - 'A'
	}
	return string(b) + "."
}
