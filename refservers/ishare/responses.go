package ishare

import (
	"github.com/authprobe/authprobe/internal/encoding/xmltext"
	"net/http"
	"strconv"
	"sync"
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
)

const (
	xmlDecl       = `<?xml version="1.0" encoding="utf-8"?>`
	xsiXSDAttrs   = ` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"`
	envelopeClose = `</soap:Body></soap:Envelope>`
)

// templates are the fixed parts of every answer, computed once per server
// because they carry its namespace.
type templates struct {
	envelopeOpen [2]string // by versionIndex
	soapOpen     [len(operations)]string
	soapClose    [len(operations)]string
	getOpen      [len(operations)]string
	getClose     [len(operations)]string
}

func versionIndex(v soapVersion) int {
	if v == soap12 {
		return 1
	}
	return 0
}

func newTemplates(ns string) templates {
	var t templates
	for i, v := range [2]soapVersion{soap11, soap12} {
		t.envelopeOpen[i] = xmlDecl + `<soap:Envelope xmlns:soap="` + v.envelopeNS() + `"` + xsiXSDAttrs + `><soap:Body>`
	}
	xmlns := string(xmltext.AppendEscaped([]byte(` xmlns="`), ns)) + `"`
	for _, op := range operations {
		t.soapOpen[op.index] = `<` + op.name + `Response` + xmlns + `><` + op.name + `Result>`
		t.soapClose[op.index] = `</` + op.name + `Result></` + op.name + `Response>`
		t.getOpen[op.index] = xmlDecl + "\r\n<" + op.resultType + xsiXSDAttrs + xmlns + `>`
		t.getClose[op.index] = `</` + op.resultType + `>`
	}
	return t
}

// openResult appends what precedes a method's result fields.
func (t *templates) openResult(dst []byte, b binding, v soapVersion, op *operation) []byte {
	if b == bindingGET {
		return append(dst, t.getOpen[op.index]...)
	}
	dst = append(dst, t.envelopeOpen[versionIndex(v)]...)
	return append(dst, t.soapOpen[op.index]...)
}

// closeResult appends what follows a method's result fields.
func (t *templates) closeResult(dst []byte, b binding, op *operation) []byte {
	if b == bindingGET {
		return append(dst, t.getClose[op.index]...)
	}
	dst = append(dst, t.soapClose[op.index]...)
	return append(dst, envelopeClose...)
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
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// appendElement appends <name>escaped text</name>.
func appendElement(dst []byte, name, text string) []byte {
	dst = append(dst, '<')
	dst = append(dst, name...)
	dst = append(dst, '>')
	dst = xmltext.AppendEscaped(dst, text)
	dst = append(dst, "</"...)
	dst = append(dst, name...)
	return append(dst, '>')
}

// appendIntElement appends <name>n</name>.
func appendIntElement(dst []byte, name string, n int) []byte {
	dst = append(dst, '<')
	dst = append(dst, name...)
	dst = append(dst, '>')
	dst = strconv.AppendInt(dst, int64(n), 10)
	dst = append(dst, "</"...)
	dst = append(dst, name...)
	return append(dst, '>')
}

// appendError appends the Error element of a failed call.
func appendError(dst []byte, code, desc string) []byte {
	dst = append(dst, "<Error>"...)
	dst = appendElement(dst, "Code", code)
	dst = appendElement(dst, "Description", desc)
	return append(dst, "</Error>"...)
}

// appendSuccess appends the Success element.
func appendSuccess(dst []byte, ok bool) []byte {
	if ok {
		return append(dst, "<Success>true</Success>"...)
	}
	return append(dst, "<Success>false</Success>"...)
}

// appendSchedules appends the UserSchedule array.
func appendSchedules(dst []byte, list []Schedule) []byte {
	dst = append(dst, "<UserSchedule>"...)
	for _, s := range list {
		dst = append(dst, "<UserScheduleDefinition>"...)
		dst = appendIntElement(dst, "UserId", s.UserID)
		dst = appendIntElement(dst, "Interval", s.Interval)
		dst = append(dst, "<LastRun>"...)
		dst = s.LastRun.UTC().AppendFormat(dst, dotNetTime)
		dst = append(dst, "</LastRun></UserScheduleDefinition>"...)
	}
	return append(dst, "</UserSchedule>"...)
}

// dotNetTime is the xs:dateTime layout .NET writes for a UTC DateTime:
// RFC 3339 with up to seven fractional digits, "2024-03-04T06:30:00Z".
const dotNetTime = "2006-01-02T15:04:05.9999999Z07:00"
