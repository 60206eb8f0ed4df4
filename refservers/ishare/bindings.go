package ishare

import (
	"bytes"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
)

// bodyPool recycles request body buffers.
var bodyPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// serveSOAP answers POST /Users.asmx: it finds the SOAP version from the
// Content-Type, checks the SOAPAction, decodes the envelope and runs the
// method.
func (s *Server) serveSOAP(w http.ResponseWriter, r *http.Request) {
	v, action, ok := soapContentType(r)
	if ok && v == soap12 && s.refuse12 {
		ok = false
	}
	if !ok {
		ct := firstValue(r.Header, "Content-Type")
		if ct == "" {
			ct = "none"
		}
		s.writeFault(w, soap11, &requestError{status: http.StatusUnsupportedMediaType, kind: faultClient, malformed: true,
			reason: "Request format is invalid: " + echo(ct) + ". A SOAP request needs text/xml (SOAP 1.1) or application/soap+xml (SOAP 1.2)."})
		return
	}
	buf := bodyPool.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 64<<10 {
			buf.Reset()
			bodyPool.Put(buf)
		}
	}()
	buf.Reset()
	if _, err := buf.ReadFrom(r.Body); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.writeFault(w, v, &requestError{status: http.StatusRequestEntityTooLarge, kind: faultClient,
				reason: "Maximum request length exceeded (" + strconv.FormatInt(tooBig.Limit, 10) + " bytes)."})
			return
		}
		s.writeFault(w, v, malformedRequest("the request body could not be read: %s", echo(err.Error())))
		return
	}
	var want *operation
	if s.bodyDispatch {
		action = ""
	}
	if action = unquote(strings.TrimSpace(action)); action != "" {
		if want = s.operationForAction(action); want == nil {
			s.writeFault(w, v, unrecognized("Server did not recognize the value of HTTP Header SOAPAction: %s.", echo(action)))
			return
		}
	}
	c, ok := fastParse(buf.Bytes(), v, s.ns, s.tmpl.st.unqualified)
	if !ok {
		var rerr *requestError
		if c, rerr = parseEnvelope(buf.Bytes(), v, s.ns, s.tmpl.st.unqualified); rerr != nil {
			s.writeFault(w, v, rerr)
			return
		}
	}
	if want != nil && c.op != want {
		s.writeFault(w, v, unrecognized("Server was unable to read request. ---> <%s xmlns='%s'> was not expected: the SOAPAction names %s.", c.op.name, echo(s.ns), want.name))
		return
	}
	var o outcome
	switch c.op {
	case opCreateSessionKey:
		o = s.createSessionKey(&c.args)
	case opGetUserSchedule:
		id, has, err := intParam(c.args.values[0])
		if err != nil {
			s.writeFault(w, v, malformedRequest("<ClientId> is not an xs:int: Input string was not in a correct format."))
			return
		}
		o = s.getUserSchedule(id, has, c.args.values[1])
	}
	s.respond(w, bindingSOAP, v, c.op, &o)
}

// soapContentType reads the SOAP version from the request's Content-Type
// and, for SOAP 1.2, the action parameter; for SOAP 1.1 the action is the
// SOAPAction header. ok is false for any other media type.
func soapContentType(r *http.Request) (v soapVersion, action string, ok bool) {
	ct := firstValue(r.Header, "Content-Type")
	mt, _, _ := strings.Cut(ct, ";")
	mt = strings.TrimSpace(mt)
	switch {
	case strings.EqualFold(mt, "text/xml"):
		return soap11, firstValue(r.Header, "Soapaction"), true
	case strings.EqualFold(mt, "application/soap+xml"):
		_, params, err := mime.ParseMediaType(ct)
		if err != nil {
			return soap12, "", true
		}
		return soap12, params["action"], true
	}
	return 0, "", false
}

// firstValue reads a header by its canonical key without canonicalising
// it again (net/http stores incoming keys canonical).
func firstValue(h http.Header, canonicalKey string) string {
	if v := h[canonicalKey]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// unquote strips one pair of surrounding double quotes.
func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}

// operationForAction finds the method a SOAPAction names.
func (s *Server) operationForAction(action string) *operation {
	for _, op := range operations {
		if action == s.actions[op.index] {
			return op
		}
	}
	return nil
}

// intParam reads an xs:int parameter. has is false when it is absent or
// blank; err is set when it is present but not an integer.
func intParam(v string) (n int, has bool, err error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false, nil
	}
	i, err := strconv.ParseInt(v, 10, 32)
	if err != nil {
		return 0, false, err
	}
	return int(i), true, nil
}

// serveGETBinding answers GET /Users.asmx/<Method>?<params> with the bare
// result document. Parameter names match case-insensitively; a parameter
// that is missing, empty or (ClientId) not an integer is answered 1023.
func (s *Server) serveGETBinding(w http.ResponseWriter, r *http.Request, method string) {
	op := lookupOperationFold(method)
	if op == nil {
		http.Error(w, "Request format is unrecognized for URL unexpectedly ending in '/"+echo(method)+"'.", http.StatusNotFound)
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		http.Error(w, "The HTTP-GET binding of "+op.name+" takes GET only.", http.StatusMethodNotAllowed)
		return
	}
	q, _ := url.ParseQuery(r.URL.RawQuery) // undecodable pairs are dropped: their parameter counts as missing
	var a args
	for i, name := range op.params {
		for k, vals := range q {
			if len(vals) > 0 && strings.EqualFold(k, name) {
				a.set(i, vals[0])
				break
			}
		}
	}
	var o outcome
	switch op {
	case opCreateSessionKey:
		o = s.createSessionKey(&a)
	case opGetUserSchedule:
		id, has, err := intParam(a.values[0])
		if err != nil {
			has = false
		}
		o = s.getUserSchedule(id, has, a.values[1])
	}
	s.respond(w, bindingGET, 0, op, &o)
}
