package videntity

import (
	"crypto/rand"
	"net/http"
	"strconv"
	"sync"
	"unicode/utf8"
)

// method is one of the three session methods an answer belongs to.
type method int

const (
	mLogin method = iota
	mPing
	mLogout
)

// API method names as the answers' api_method attribute gives them by
// default. Login answers say /session/login whichever login path was
// called, as the vendor's success example does.
const (
	apiLogin  = "/session/login"
	apiPing   = "/session/ping"
	apiLogout = "/session/logout"
	// apiUserLogin is what the vendor's login error example says.
	apiUserLogin = "/user/login"
)

// Success details.
const (
	detailLogin  = "you logged in successfully"
	detailPing   = "your session has been pinged successfully"
	detailLogout = "you logged out successfully"
)

func (m method) apiMethod() string {
	switch m {
	case mPing:
		return apiPing
	case mLogout:
		return apiLogout
	}
	return apiLogin
}

func (m method) detail() string {
	switch m {
	case mPing:
		return detailPing
	case mLogout:
		return detailLogout
	}
	return detailLogin
}

const (
	contentTypeXML       = "text/xml; charset=utf-8"
	contentTypeXMLExtras = "application/xml; charset=UTF-8"
	contentTypeHTML      = "text/html; charset=utf-8"
	timestampLayout      = "2006-01-02 15:04:05"
)

var outPool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// item is one element of an answer: a text value, or child elements.
type item struct {
	name, value string
	kids        []item
}

// reply is one XML answer before it is laid out: its api_method, status
// and the documented elements between <api_tx_number> and <timestamp>, in
// the default order.
type reply struct {
	apiMethod, status string
	items             []item
	// key says the answer carries a session key.
	key bool
}

// apiMethodOf is the api_method of an answer to r for method m.
func (s *Server) apiMethodOf(r *http.Request, m method, isError bool) string {
	if !s.d.apiMethodPaths {
		return m.apiMethod()
	}
	if isError && m == mLogin {
		return apiUserLogin
	}
	return clipPath(r.URL.Path)
}

// text is a documented human text in the server's style.
func (s *Server) text(t string) string {
	if !s.d.textStyle || t == "" {
		return t
	}
	b := []byte(t)
	if b[0] >= 'a' && b[0] <= 'z' {
		b[0] -= 'a' - 'A'
	}
	return string(b) + "."
}

// txNumber is the next api_tx_number: a counter of every answer, or a
// random 20-digit number.
func (s *Server) txNumber() string {
	if !s.d.randomTx {
		return strconv.FormatUint(s.tx.Add(1), 10)
	}
	var b [20]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = '0' + b[i]%10
	}
	b[0] = '1' + b[0]%9
	return string(b[:])
}

// write lays the answer out as the dialects say and sends it.
func (s *Server) write(w http.ResponseWriter, status int, rp *reply) {
	d := s.d
	nl, indent, q := "\n", "", byte('"')
	if d.xmlLayout {
		nl, indent, q = "\r\n", "  ", '\''
	}
	p := outPool.Get().(*[]byte)
	b := (*p)[:0]
	if d.bom {
		b = append(b, "\xef\xbb\xbf"...)
	}
	if !d.noDeclaration {
		b = append(b, "<?xml version="...)
		b = append(b, q)
		b = append(b, "1.0"...)
		b = append(b, q)
		b = append(b, " encoding="...)
		b = append(b, q)
		if d.bom {
			b = append(b, "UTF-8"...)
			b = append(b, q)
			b = append(b, " standalone="...)
			b = append(b, q)
			b = append(b, "yes"...)
		} else {
			b = append(b, "utf-8"...)
		}
		b = append(b, q)
		b = append(b, "?>"...)
		b = append(b, nl...)
	}
	b = append(b, "<response api_method="...)
	b = append(b, q)
	b = appendEscaped(b, rp.apiMethod)
	b = append(b, q)
	if d.extras {
		b = append(b, " version="...)
		b = append(b, q)
		b = append(b, "2.0"...)
		b = append(b, q)
	}
	b = append(b, '>')
	b = append(b, nl...)

	head := [2]item{{name: "status", value: rp.status}, {name: "api_tx_number", value: s.txNumber()}}
	ts := item{name: "timestamp", value: string(s.clock.Now().UTC().AppendFormat(make([]byte, 0, 19), timestampLayout))}
	body := rp.items
	if d.extras {
		body = append(body, item{name: "server_id", value: "ref-1"})
	}
	if d.elementOrder {
		b = appendItem(b, ts, indent, nl, 1)
		b = appendItem(b, head[0], indent, nl, 1)
		b = appendItem(b, head[1], indent, nl, 1)
		for i := len(body) - 1; i >= 0; i-- {
			b = appendItem(b, body[i], indent, nl, 1)
		}
	} else {
		b = appendItem(b, head[0], indent, nl, 1)
		b = appendItem(b, head[1], indent, nl, 1)
		for _, it := range body {
			b = appendItem(b, it, indent, nl, 1)
		}
		b = appendItem(b, ts, indent, nl, 1)
	}
	b = append(b, "</response>"...)
	b = append(b, nl...)

	h := w.Header()
	switch {
	case s.f.xmlServedAsHTML:
		h["Content-Type"] = []string{contentTypeHTML}
	case d.extras:
		h["Content-Type"] = []string{contentTypeXMLExtras}
	default:
		h["Content-Type"] = []string{contentTypeXML}
	}
	if !rp.key || !s.f.cacheableAnswers {
		if d.extras {
			h["Cache-Control"] = []string{"no-store, no-cache, must-revalidate, private"}
		} else {
			h["Cache-Control"] = []string{"no-store"}
		}
	}
	if d.extras {
		h["Set-Cookie"] = []string{"SRVID=ref-1; Path=/; HttpOnly"}
		h["X-Request-Id"] = []string{s.txNumber()}
	}
	w.WriteHeader(status)
	_, _ = w.Write(b)
	*p = b
	if cap(b) <= maxPooledBuf {
		outPool.Put(p)
	}
}

// appendItem appends one element, indented depth levels.
func appendItem(b []byte, it item, indent, nl string, depth int) []byte {
	for i := 0; i < depth; i++ {
		b = append(b, indent...)
	}
	b = append(b, '<')
	b = append(b, it.name...)
	b = append(b, '>')
	if it.kids == nil {
		b = appendEscaped(b, it.value)
	} else {
		b = append(b, nl...)
		for _, k := range it.kids {
			b = appendItem(b, k, indent, nl, depth+1)
		}
		for i := 0; i < depth; i++ {
			b = append(b, indent...)
		}
	}
	b = append(b, "</"...)
	b = append(b, it.name...)
	b = append(b, '>')
	return append(b, nl...)
}

// success writes a SUCCESS answer to r for method m carrying the session
// key; password is echoed only under the password-echoed fault.
func (s *Server) success(w http.ResponseWriter, r *http.Request, m method, key, password string) {
	rp := reply{apiMethod: s.apiMethodOf(r, m, false), status: "SUCCESS", key: true}
	var items [2]item
	n := 0
	if !s.d.seedShape {
		items[n] = item{name: "detail", value: s.text(m.detail())}
		n++
	}
	if m == mLogin || !s.d.seedShape {
		kids := make([]item, 1, 3)
		kids[0] = item{name: "session_key", value: key}
		if password != "" && s.f.passwordEchoed {
			kids = append(kids, item{name: "password", value: password})
		}
		if s.d.extras {
			kids = append(kids, item{name: "expires_in", value: strconv.Itoa(int(s.ttl.Seconds()))})
		}
		items[n] = item{name: "response_name_value", kids: kids}
		n++
	}
	rp.items = items[:n]
	if m == mLogout && s.f.logoutNamesLogin {
		rp.apiMethod = apiLogin
	}
	s.write(w, http.StatusOK, &rp)
}

// crash answers as an unhandled failure would: HTTP 500 text/plain.
func crash(w http.ResponseWriter) {
	http.Error(w, "Internal Server Error", http.StatusInternalServerError)
}

// fail writes the answer to a refused request: a documented error in
// XML, or, for an apiError marked plain, a bare HTTP refusal (errCrash: a
// crash).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, m method, e *apiError) {
	s.failAs(w, s.apiMethodOf(r, m, true), e)
}

// failAs is fail with the api_method given.
func (s *Server) failAs(w http.ResponseWriter, apiMethod string, e *apiError) {
	if e == errCrash {
		crash(w)
		return
	}
	if e.allow {
		w.Header()["Allow"] = []string{http.MethodPost}
	}
	if e.plain {
		if e.detail != "" {
			w.Header()["Content-Type"] = []string{"text/plain; charset=utf-8"}
		}
		w.WriteHeader(e.httpStatus)
		if e.detail != "" {
			_, _ = w.Write([]byte(e.detail + "\n"))
		}
		return
	}
	rp := reply{apiMethod: apiMethod, status: "ERROR", items: []item{
		{name: "error_number", value: strconv.Itoa(e.number)},
		{name: "error_name", value: e.name},
		{name: "error_detail", value: s.text(e.detail)},
	}}
	status := http.StatusOK
	switch {
	case e.httpStatus != 0:
		status = e.httpStatus
	case s.f.errors500:
		status = http.StatusInternalServerError
	case s.d.errors400:
		status = http.StatusBadRequest
	}
	s.write(w, status, &rp)
}

// appendEscaped appends s as XML character data safe in text and in
// attribute values; bytes that are not valid UTF-8 and characters XML
// forbids become U+FFFD.
func appendEscaped(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '&':
				dst = append(dst, "&amp;"...)
			case c == '<':
				dst = append(dst, "&lt;"...)
			case c == '>':
				dst = append(dst, "&gt;"...)
			case c == '"':
				dst = append(dst, "&quot;"...)
			case c == '\'':
				dst = append(dst, "&apos;"...)
			case c == '\t':
				dst = append(dst, "&#x9;"...)
			case c == '\n':
				dst = append(dst, "&#xA;"...)
			case c == '\r':
				dst = append(dst, "&#xD;"...)
			case c < 0x20:
				dst = append(dst, "\uFFFD"...)
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF {
			dst = append(dst, "\uFFFD"...)
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return dst
}
