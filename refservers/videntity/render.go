package videntity

import (
	"crypto/rand"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/authprobe/authprobe/internal/encoding/timetext"
	"github.com/authprobe/authprobe/internal/encoding/xmltext"
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

// layout is how the server writes its answers, decided once at start from
// its dialects and faults: a request only fills the values in.
type layout struct {
	// prolog is the byte order mark and the XML declaration with its line
	// end, or "".
	prolog string
	// open starts <response> up to the api_method value; closeAttrs ends
	// the value, adds extra attributes and closes the start tag.
	open, closeAttrs string
	nl, indent       string
	// timestampFirst writes <timestamp>, <status> and <api_tx_number>
	// first and the other elements in reverse order.
	timestampFirst bool
	randomTx       bool
	// extras adds <server_id>, <expires_in> and the extra headers.
	extras    bool
	expiresIn string
	// details are the SUCCESS <detail> texts by method ("" for none).
	details [3]string
	// contentType and cacheControl are header values, shared read-only by
	// every answer (len == cap, so a later Add appends to a copy);
	// cacheControl is left off answers that carry a key when keyNoStore is
	// false.
	contentType, cacheControl []string
	keyNoStore                bool
}

func newLayout(f faults, d dialects, ttl time.Duration) layout {
	l := layout{nl: "\n", timestampFirst: d.elementOrder, randomTx: d.randomTx, extras: d.extras,
		expiresIn: strconv.Itoa(int(ttl.Seconds())), keyNoStore: !f.cacheableAnswers}
	q := `"`
	if d.xmlLayout {
		l.nl, l.indent, q = "\r\n", "  ", "'"
	}
	if d.bom {
		l.prolog = "\xef\xbb\xbf"
	}
	if !d.noDeclaration {
		enc := "encoding=" + q + "utf-8" + q
		if d.bom {
			enc = "encoding=" + q + "UTF-8" + q + " standalone=" + q + "yes" + q
		}
		l.prolog += "<?xml version=" + q + "1.0" + q + " " + enc + "?>" + l.nl
	}
	l.open = "<response api_method=" + q
	l.closeAttrs = q
	if d.extras {
		l.closeAttrs += " version=" + q + "2.0" + q
	}
	l.closeAttrs += ">" + l.nl
	if !d.seedShape {
		for m, t := range [3]string{mLogin: detailLogin, mPing: detailPing, mLogout: detailLogout} {
			if d.textStyle {
				t = textStyle(t)
			}
			l.details[m] = t
		}
	}
	switch {
	case f.xmlServedAsHTML:
		l.contentType = []string{contentTypeHTML}
	case d.extras:
		l.contentType = []string{contentTypeXMLExtras}
	default:
		l.contentType = []string{contentTypeXML}
	}
	l.cacheControl = []string{"no-store"}
	if d.extras {
		l.cacheControl = []string{"no-store, no-cache, must-revalidate, private"}
	}
	return l
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

// appendTx appends the next api_tx_number: a counter of every answer, or
// a random 20-digit number.
func (s *Server) appendTx(b []byte) []byte {
	if !s.layout.randomTx {
		return strconv.AppendUint(b, s.tx.Add(1), 10)
	}
	var d [20]byte
	_, _ = rand.Read(d[:])
	for i := range d {
		d[i] = '0' + d[i]%10
	}
	d[0] = '1' + d[0]%9
	return append(b, d[:]...)
}

// write lays the answer out as the layout says and sends it.
func (s *Server) write(w http.ResponseWriter, status int, rp *reply) {
	l := &s.layout
	p := outPool.Get().(*[]byte)
	b := append((*p)[:0], l.prolog...)
	b = append(b, l.open...)
	b = xmltext.AppendEscaped(b, rp.apiMethod)
	b = append(b, l.closeAttrs...)
	now := s.clock.Now().UTC()
	if l.timestampFirst {
		b = l.appendTimestamp(b, now)
	}
	b = l.appendItem(b, item{name: "status", value: rp.status}, 1)
	b = l.appendStart(b, "api_tx_number", 1)
	b = s.appendTx(b)
	b = l.appendEnd(b, "api_tx_number")
	body := rp.items
	if l.extras {
		body = append(body, item{name: "server_id", value: "ref-1"})
	}
	if l.timestampFirst {
		for i := len(body) - 1; i >= 0; i-- {
			b = l.appendItem(b, body[i], 1)
		}
	} else {
		for _, it := range body {
			b = l.appendItem(b, it, 1)
		}
		b = l.appendTimestamp(b, now)
	}
	b = append(b, "</response>"...)
	b = append(b, l.nl...)

	h := w.Header()
	h["Content-Type"] = l.contentType
	if !rp.key || l.keyNoStore {
		h["Cache-Control"] = l.cacheControl
	}
	if l.extras {
		h["Set-Cookie"] = []string{"SRVID=ref-1; Path=/; HttpOnly"}
		h["X-Request-Id"] = []string{string(s.appendTx(nil))}
	}
	w.WriteHeader(status)
	_, _ = w.Write(b)
	*p = b
	if cap(b) <= maxPooledBuf {
		outPool.Put(p)
	}
}

// appendStart appends the start tag of an element, indented depth levels.
func (l *layout) appendStart(b []byte, name string, depth int) []byte {
	for i := 0; i < depth; i++ {
		b = append(b, l.indent...)
	}
	b = append(b, '<')
	b = append(b, name...)
	return append(b, '>')
}

// appendEnd appends the end tag of an element and the line end.
func (l *layout) appendEnd(b []byte, name string) []byte {
	b = append(b, "</"...)
	b = append(b, name...)
	b = append(b, '>')
	return append(b, l.nl...)
}

// appendTimestamp appends <timestamp> with t as YYYY-MM-DD HH:MM:SS.
func (l *layout) appendTimestamp(b []byte, t time.Time) []byte {
	b = l.appendStart(b, "timestamp", 1)
	b = timetext.AppendDateTime(b, t, 0) // timestampLayout
	return l.appendEnd(b, "timestamp")
}

// appendItem appends one element, indented depth levels.
func (l *layout) appendItem(b []byte, it item, depth int) []byte {
	b = l.appendStart(b, it.name, depth)
	if it.kids == nil {
		b = xmltext.AppendEscaped(b, it.value)
	} else {
		b = append(b, l.nl...)
		for _, k := range it.kids {
			b = l.appendItem(b, k, depth+1)
		}
		for i := 0; i < depth; i++ {
			b = append(b, l.indent...)
		}
	}
	return l.appendEnd(b, it.name)
}

// success writes a SUCCESS answer to r for method m carrying the session
// key; password is echoed only under the password-echoed fault.
func (s *Server) success(w http.ResponseWriter, r *http.Request, m method, key, password string) {
	rp := reply{apiMethod: s.apiMethodOf(r, m, false), status: "SUCCESS", key: true}
	var items [2]item
	n := 0
	if d := s.layout.details[m]; d != "" {
		items[n] = item{name: "detail", value: d}
		n++
	}
	if m == mLogin || !s.d.seedShape {
		var kids [3]item
		kids[0] = item{name: "session_key", value: key}
		k := 1
		if password != "" && s.f.passwordEchoed {
			kids[k] = item{name: "password", value: password}
			k++
		}
		if s.layout.extras {
			kids[k] = item{name: "expires_in", value: s.layout.expiresIn}
			k++
		}
		items[n] = item{name: "response_name_value", kids: kids[:k]}
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
		{name: "error_detail", value: e.detail},
	}}
	status := s.errs.status
	if e.httpStatus != 0 {
		status = e.httpStatus
	}
	s.write(w, status, &rp)
}
