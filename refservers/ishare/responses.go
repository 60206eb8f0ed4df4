package ishare

import (
	"crypto/rand"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/authprobe/authprobe/internal/encoding/xmltext"
)

// binding is how a method was called.
type binding int

const (
	bindingSOAP binding = iota // POST users.asmx, SOAP 1.1 or 1.2 envelope
	bindingGET                 // GET users.asmx/<Method>?<params>, bare result document
)

// Header values are shared, never modified slices: setting them directly
// skips canonicalisation and allocation on the hot path.
var (
	headerTextXML = []string{"text/xml; charset=utf-8"}
	headerSOAP12  = []string{"application/soap+xml; charset=utf-8"}
	headerHTML    = []string{"text/html; charset=utf-8"}
	headerPlain   = []string{"text/plain; charset=utf-8"}
	headerNoStore = []string{"no-store"}
	// DialectExtras' headers.
	headerASPNetVersion = []string{"4.0.30319"}
	headerPoweredBy     = []string{"ASP.NET"}
)

// aspNetSessionID is a random ASP.NET session cookie value (24 characters
// of a-z0-5, as ASP.NET writes them), DialectExtras' cookie.
func aspNetSessionID() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz012345"
	var b [24]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = alphabet[b[i]&31]
	}
	return string(b[:])
}

const (
	xmlDecl      = `<?xml version="1.0" encoding="utf-8"?>`
	namespaceXS  = "http://www.w3.org/2001/XMLSchema"
	namespaceXSI = "http://www.w3.org/2001/XMLSchema-instance"
	traceNS      = "urn:authprobe:trace"
)

// templates are the fixed parts of every answer, computed once per server
// because they carry its namespace and its dialects' style.
type templates struct {
	st            style
	envelopeOpen  [2]string // by versionIndex
	envelopeClose string
	soapOpen      [len(operations)]string
	soapClose     [len(operations)]string
	getOpen       [len(operations)]string
	getClose      [len(operations)]string
	// faultHead is a soap:Fault answer up to its reason's text, by
	// versionIndex and faultKind; faultTail follows the reason.
	faultHead [2][len(faultCodes)]string
	faultTail [2]string
	// typedCode is DialectTypedValues' xsi:type attribute of Error/Code,
	// with the start tag's '>'.
	typedCode string
	// soapDepth is the depth of a SOAP result's fields (4 in a wrapper,
	// 3 bare); an HTTP-GET result's fields are at depth 1.
	soapDepth int
}

func versionIndex(v soapVersion) int {
	if v == soap12 {
		return 1
	}
	return 0
}

func newTemplates(ns string, st style) templates {
	t := templates{st: st, soapDepth: 4}
	xsiXSD := st.attr("xmlns:xsi", namespaceXSI) + st.attr("xmlns:xsd", namespaceXS)
	head := st.decl
	if head != "" && st.pretty {
		head += "\r\n"
	}
	for i, v := range [2]soapVersion{soap11, soap12} {
		open := head + `<` + st.env + `:Envelope` + st.attr("xmlns:"+st.env, v.envelopeNS()) + xsiXSD + `>`
		if st.extras {
			open += st.nl(1) + `<` + st.env + `:Header>` + st.nl(2) + `<x:Trace` + st.attr("xmlns:x", traceNS) + `>ishare</x:Trace>` + st.nl(1) + `</` + st.env + `:Header>`
		}
		t.envelopeOpen[i] = open + st.nl(1) + `<` + st.env + `:Body>`
	}
	t.envelopeClose = st.nl(1) + `</` + st.env + `:Body>` + st.nl(0) + `</` + st.env + `:Envelope>`
	decl := st.payloadDecl(ns)
	r, c := st.rootPrefix, st.childPrefix
	getHead := st.decl
	if getHead != "" {
		getHead += "\r\n"
	}
	if st.bare {
		t.soapDepth = 3
	}
	for _, op := range operations {
		out := st.soapOutName(op)
		t.soapOpen[op.index] = st.nl(2) + `<` + r + out + decl + `>`
		t.soapClose[op.index] = st.nl(2) + `</` + r + out + `>`
		if !st.bare {
			t.soapOpen[op.index] += st.nl(3) + `<` + c + op.name + `Result>`
			t.soapClose[op.index] = st.nl(3) + `</` + c + op.name + `Result>` + t.soapClose[op.index]
		}
		root := st.getRootName(op)
		t.getOpen[op.index] = getHead + `<` + r + root + xsiXSD + decl + `>`
		t.getClose[op.index] = st.nl(0) + `</` + r + root + `>`
	}
	t.faultHead, t.faultTail = faultParts(st, t.envelopeOpen, t.envelopeClose)
	t.typedCode = st.attr("xsi:type", "xsd:int") + ">"
	return t
}

// openResult appends what precedes a method's result fields and returns
// the depth of the fields.
func (t *templates) openResult(dst []byte, b binding, v soapVersion, op *operation) ([]byte, int) {
	if b == bindingGET {
		return append(dst, t.getOpen[op.index]...), 1
	}
	dst = append(dst, t.envelopeOpen[versionIndex(v)]...)
	return append(dst, t.soapOpen[op.index]...), t.soapDepth
}

// closeResult appends what follows a method's result fields.
func (t *templates) closeResult(dst []byte, b binding, op *operation) []byte {
	if b == bindingGET {
		return append(dst, t.getClose[op.index]...)
	}
	dst = append(dst, t.soapClose[op.index]...)
	return append(dst, t.envelopeClose...)
}

// contentType is the Content-Type of an answer.
func contentType(b binding, v soapVersion) []string {
	if b == bindingSOAP && v == soap12 {
		return headerSOAP12
	}
	return headerTextXML
}

// bufPool recycles answer buffers.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 2048); return &b }}

func getBuf() *[]byte { return bufPool.Get().(*[]byte) }

func putBuf(b *[]byte) {
	if cap(*b) <= 64<<10 {
		*b = (*b)[:0]
		bufPool.Put(b)
	}
}

// bufferedBody is the body size below which net/http buffers a whole
// answer and sets its Content-Length itself (without allocating).
const bufferedBody = 2048

// write sends a complete answer, with a Content-Length: set here for large
// bodies, by net/http for small ones, and Cache-Control: no-store (unless
// FaultCacheableAnswers).
func (s *Server) write(w http.ResponseWriter, status int, ct []string, body []byte) {
	h := w.Header()
	h["Content-Type"] = ct
	if !s.faults.Has(FaultCacheableAnswers) {
		h["Cache-Control"] = headerNoStore
	}
	if len(body) >= bufferedBody {
		h["Content-Length"] = []string{strconv.Itoa(len(body))}
	}
	if s.tmpl.st.extras {
		h["Set-Cookie"] = []string{"ASP.NET_SessionId=" + aspNetSessionID() + "; path=/; HttpOnly; SameSite=Lax"}
		h["X-Aspnet-Version"] = headerASPNetVersion
		h["X-Powered-By"] = headerPoweredBy
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// leaf appends <name>escaped text</name> at depth, in the style's prefix.
func (t *templates) leaf(dst []byte, depth int, name, text string) []byte {
	return t.end(xmltext.AppendEscaped(t.open(dst, depth, name), text), name)
}

// intLeaf appends <name>n</name> at depth.
func (t *templates) intLeaf(dst []byte, depth int, name string, n int) []byte {
	return t.end(strconv.AppendInt(t.open(dst, depth, name), int64(n), 10), name)
}

// open appends a start tag at depth.
func (t *templates) open(dst []byte, depth int, name string) []byte {
	return append(t.openAttrs(dst, depth, name), '>')
}

// openAttrs appends a start tag at depth without its closing '>', for
// attributes to follow.
func (t *templates) openAttrs(dst []byte, depth int, name string) []byte {
	dst = append(dst, t.st.nl(depth)...)
	dst = append(dst, '<')
	dst = append(dst, t.st.childPrefix...)
	return append(dst, name...)
}

// close appends a container's end tag at depth.
func (t *templates) close(dst []byte, depth int, name string) []byte {
	dst = append(dst, t.st.nl(depth)...)
	return t.end(dst, name)
}

func (t *templates) end(dst []byte, name string) []byte {
	dst = append(dst, "</"...)
	dst = append(dst, t.st.childPrefix...)
	dst = append(dst, name...)
	return append(dst, '>')
}

// appendError appends the Error element of a failed call.
func (t *templates) appendError(dst []byte, depth int, code, desc string) []byte {
	dst = t.open(dst, depth, "Error")
	if t.st.typed {
		dst = append(t.openAttrs(dst, depth+1, "Code"), t.typedCode...)
		dst = t.end(xmltext.AppendEscaped(dst, code), "Code")
	} else {
		dst = t.leaf(dst, depth+1, "Code", code)
	}
	dst = t.leaf(dst, depth+1, "Description", desc)
	return t.close(dst, depth, "Error")
}

// appendSuccess appends the Success element.
func (t *templates) appendSuccess(dst []byte, depth int, ok bool) []byte {
	switch {
	case t.st.typed && ok:
		return t.leaf(dst, depth, "Success", "1")
	case t.st.typed:
		return t.leaf(dst, depth, "Success", "0")
	case ok:
		return t.leaf(dst, depth, "Success", "true")
	}
	return t.leaf(dst, depth, "Success", "false")
}

// appendSchedules appends the schedule list.
func (t *templates) appendSchedules(dst []byte, depth int, list []Schedule) []byte {
	dst = t.open(dst, depth, t.st.listName)
	for _, s := range list {
		dst = t.open(dst, depth+1, "UserScheduleDefinition")
		if t.st.order {
			dst = t.lastRun(dst, depth+2, s.LastRun)
			dst = t.intLeaf(dst, depth+2, "Interval", s.Interval)
			dst = t.intLeaf(dst, depth+2, "UserId", s.UserID)
		} else {
			dst = t.intLeaf(dst, depth+2, "UserId", s.UserID)
			dst = t.intLeaf(dst, depth+2, "Interval", s.Interval)
			dst = t.lastRun(dst, depth+2, s.LastRun)
		}
		dst = t.close(dst, depth+1, "UserScheduleDefinition")
	}
	return t.close(dst, depth, t.st.listName)
}

func (t *templates) lastRun(dst []byte, depth int, at time.Time) []byte {
	return t.leaf(dst, depth, "LastRun", at.UTC().Format(dotNetTime))
}

// appendExtras appends DialectExtras' result element, which its WSDL
// declares (suds refuses an undeclared one).
func (t *templates) appendExtras(dst []byte, depth int) []byte {
	if !t.st.extras {
		return dst
	}
	return t.leaf(dst, depth, "Provider", "Astun iShare (authprobe reference)")
}

// dotNetTime is the xs:dateTime layout .NET writes for a UTC DateTime:
// RFC 3339 with up to seven fractional digits, "2024-03-04T06:30:00Z".
const dotNetTime = "2006-01-02T15:04:05.9999999Z07:00"
