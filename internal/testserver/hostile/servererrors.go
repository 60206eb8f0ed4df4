package hostile

import (
	"fmt"
	"net/http"
)

// Server errors: answers of a server that failed.
const (
	// SOAPFault answers every call with HTTP 500 and a soap:Fault (ishare only).
	SOAPFault Case = "soap-fault"
	// ServerErrors answers 500, 502, 503 and 504 in turn, with HTML bodies.
	ServerErrors Case = "5xx-storm"
)

// serverError writes the next answer of ServerErrors.
func (s *Server) serverError(w http.ResponseWriter) {
	codes := []int{500, 502, 503, 504}
	code := codes[int(s.storm.Add(1)-1)%len(codes)]
	w.Header().Set("Retry-After", "1")
	write(w, code, "text/html; charset=utf-8", []byte(fmt.Sprintf("<html><body><h1>%d %s</h1></body></html>", code, http.StatusText(code))))
}

// soapFault is the answer of an ASMX service whose code threw.
const soapFault = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" ` +
	`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body><soap:Fault>` +
	`<faultcode>soap:Server</faultcode><faultstring>Server was unable to process request. ---&gt; Object reference not set to an instance of an object.</faultstring>` +
	`<detail /></soap:Fault></soap:Body></soap:Envelope>`
