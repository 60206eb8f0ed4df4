package ishare

import (
	"net/http"

	"github.com/authprobe/authprobe/internal/encoding/xmltext"
)

// faultCodes are the fault code values by kind: SOAP 1.1, then SOAP 1.2.
var faultCodes = [...][2]string{
	faultClient:          {"Client", "Sender"},
	faultServer:          {"Server", "Receiver"},
	faultVersionMismatch: {"VersionMismatch", "VersionMismatch"},
}

// yellowScreen is the ASP.NET error page FaultMalformedHTMLError answers
// instead of a soap:Fault.
const yellowScreen = `<!DOCTYPE html>
<html><head><title>Runtime Error</title></head>
<body><h1>Server Error in '/' Application.</h1><h2><i>Runtime Error</i></h2>
<p><b>Description:</b> An application error occurred on the server.</p></body></html>
`

// writeFault answers a refused SOAP request with a soap:Fault of version v
// (FaultMalformedHTMLError: an HTML page for an unreadable request;
// DialectPlain4xx: a short text/plain 400, or 415 for a non-SOAP media
// type; DialectFaults400: HTTP 400 for faults blaming the request).
func (s *Server) writeFault(w http.ResponseWriter, v soapVersion, e *requestError) {
	if e.malformed && s.faults.Has(FaultMalformedHTMLError) {
		s.write(w, http.StatusInternalServerError, headerHTML, []byte(yellowScreen))
		return
	}
	if e.malformed && s.plain4xx {
		if e.status == http.StatusUnsupportedMediaType {
			s.write(w, http.StatusUnsupportedMediaType, headerPlain, []byte("Unsupported Media Type\r\n"))
			return
		}
		s.write(w, http.StatusBadRequest, headerPlain, []byte("Bad Request: the request is not a readable SOAP message\r\n"))
		return
	}
	status := e.status
	if s.faults400 && status == http.StatusInternalServerError && e.kind != faultServer {
		status = http.StatusBadRequest
	}
	st := &s.tmpl.st
	buf := getBuf()
	defer putBuf(buf)
	b := append((*buf)[:0], s.tmpl.envelopeOpen[versionIndex(v)]...)
	code := st.env + ":" + faultCodes[e.kind][versionIndex(v)]
	b = append(b, st.nl(2)...)
	b = append(b, "<"+st.env+":Fault>"...)
	if v == soap12 {
		b = append(b, st.nl(3)...)
		b = append(b, "<"+st.env+":Code><"+st.env+":Value>"...)
		b = append(b, code...)
		b = append(b, "</"+st.env+":Value></"+st.env+":Code>"...)
		b = append(b, st.nl(3)...)
		b = append(b, "<"+st.env+":Reason><"+st.env+":Text"+st.attr("xml:lang", "en")+">"...)
		b = xmltext.AppendEscaped(b, e.reason)
		b = append(b, "</"+st.env+":Text></"+st.env+":Reason>"...)
		b = append(b, st.nl(3)...)
		b = append(b, "<"+st.env+":Detail />"...)
	} else {
		b = append(b, st.nl(3)...)
		b = append(b, `<faultcode>`...)
		b = append(b, code...)
		b = append(b, `</faultcode>`...)
		b = append(b, st.nl(3)...)
		b = append(b, `<faultstring>`...)
		b = xmltext.AppendEscaped(b, e.reason)
		b = append(b, `</faultstring>`...)
		b = append(b, st.nl(3)...)
		b = append(b, `<detail />`...)
	}
	b = append(b, st.nl(2)...)
	b = append(b, "</"+st.env+":Fault>"...)
	b = append(b, s.tmpl.envelopeClose...)
	*buf = b
	s.write(w, status, contentType(bindingSOAP, v), b)
}
