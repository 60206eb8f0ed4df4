package videntity

import (
	"bytes"
	"strconv"
)

var (
	tagStatus      = []byte("<status>")
	tagSessionKey  = []byte("<session_key>")
	tagErrorNumber = []byte("<error_number>")
	tagErrorName   = []byte("<error_name>")
	statusSuccess  = []byte(StatusSuccess)
)

// Classify is the load runner's cheap look at an answer, without an XML
// parse: issued is true only for <status>SUCCESS</status> with a non-empty
// <session_key>; otherwise code is the <error_number> ("1"), else the
// <error_name>, else "http-<status>" for a non-2xx answer, else "" (an
// answer that names no code).
func Classify(status int, body []byte) (issued bool, code string) {
	if s, ok := element(body, tagStatus); ok && bytes.Equal(s, statusSuccess) {
		if k, ok := element(body, tagSessionKey); ok && len(k) > 0 {
			return true, ""
		}
	}
	if n, ok := element(body, tagErrorNumber); ok && len(n) > 0 {
		return false, string(n)
	}
	if n, ok := element(body, tagErrorName); ok && len(n) > 0 {
		return false, string(n)
	}
	if status < 200 || status > 299 {
		return false, "http-" + strconv.Itoa(status)
	}
	return false, ""
}

// element returns the trimmed text between open (e.g. "<status>") and the
// next '<'.
func element(body, open []byte) ([]byte, bool) {
	i := bytes.Index(body, open)
	if i < 0 {
		return nil, false
	}
	rest := body[i+len(open):]
	j := bytes.IndexByte(rest, '<')
	if j < 0 {
		return nil, false
	}
	return bytes.TrimSpace(rest[:j]), true
}
