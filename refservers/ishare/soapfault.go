package ishare

import (
	"net/http"

	"github.com/authprobe/authprobe/internal/encoding/xmltext"
)

// faultCodes are the fault code values by kind: SOAP 1.1, then SOAP 1.2.
var faultCodes = [...][2]string{
	faultClient:          {"soap:Client", "soap:Sender"},
	faultServer:          {"soap:Server", "soap:Receiver"},
	faultVersionMismatch: {"soap:VersionMismatch", "soap:VersionMismatch"},
}

// yellowScreen is the ASP.NET error page FaultMalformedHTMLError answers
// instead of a soap:Fault.
const yellowScreen = `<!DOCTYPE html>
<html><head><title>Runtime Error</title></head>
<body><h1>Server Error in '/' Application.</h1><h2><i>Runtime Error</i></h2>
<p><b>Description:</b> An application error occurred on the server.</p></body></html>
`

// writeFault answers a refused SOAP request with a soap:Fault of version v.
func (s *Server) writeFault(w http.ResponseWriter, v soapVersion, e *requestError) {
	if e.malformed && s.faults.Has(FaultMalformedHTMLError) {
		s.write(w, http.StatusInternalServerError, headerHTML, []byte(yellowScreen))
		return
	}
	buf := getBuf()
	defer putBuf(buf)
	b := append((*buf)[:0], s.tmpl.envelopeOpen[versionIndex(v)]...)
	code := faultCodes[e.kind][versionIndex(v)]
	if v == soap12 {
		b = append(b, `<soap:Fault><soap:Code><soap:Value>`...)
		b = append(b, code...)
		b = append(b, `</soap:Value></soap:Code><soap:Reason><soap:Text xml:lang="en">`...)
		b = xmltext.AppendEscaped(b, e.reason)
		b = append(b, `</soap:Text></soap:Reason><soap:Detail /></soap:Fault>`...)
	} else {
		b = append(b, `<soap:Fault><faultcode>`...)
		b = append(b, code...)
		b = append(b, `</faultcode><faultstring>`...)
		b = xmltext.AppendEscaped(b, e.reason)
		b = append(b, `</faultstring><detail /></soap:Fault>`...)
	}
	b = append(b, envelopeClose...)
	*buf = b
	s.write(w, e.status, contentType(bindingSOAP, v), b)
}
