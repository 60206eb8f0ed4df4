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
	vi := versionIndex(v)
	buf := getBuf()
	defer putBuf(buf)
	b := append((*buf)[:0], s.tmpl.faultHead[vi][e.kind]...)
	b = xmltext.AppendEscaped(b, e.reason)
	b = append(b, s.tmpl.faultTail[vi]...)
	*buf = b
	s.write(w, status, contentType(bindingSOAP, v), b)
}

// faultParts writes, once per server, a soap:Fault answer around its
// reason in the style st: the head (the envelope, the fault code of each
// kind, the reason's start tag) by versionIndex and kind, and the tail.
func faultParts(st style, envelopeOpen [2]string, envelopeClose string) (head [2][len(faultCodes)]string, tail [2]string) {
	env := st.env
	for vi, v := range [2]soapVersion{soap11, soap12} {
		for kind, codes := range faultCodes {
			code := env + ":" + codes[vi]
			h := envelopeOpen[vi] + st.nl(2) + "<" + env + ":Fault>" + st.nl(3)
			if v == soap12 {
				h += "<" + env + ":Code><" + env + ":Value>" + code + "</" + env + ":Value></" + env + ":Code>" +
					st.nl(3) + "<" + env + ":Reason><" + env + ":Text" + st.attr("xml:lang", "en") + ">"
			} else {
				h += "<faultcode>" + code + "</faultcode>" + st.nl(3) + "<faultstring>"
			}
			head[vi][kind] = h
		}
		if v == soap12 {
			tail[vi] = "</" + env + ":Text></" + env + ":Reason>" + st.nl(3) + "<" + env + ":Detail />"
		} else {
			tail[vi] = "</faultstring>" + st.nl(3) + "<detail />"
		}
		tail[vi] += st.nl(2) + "</" + env + ":Fault>" + envelopeClose
	}
	return head, tail
}
