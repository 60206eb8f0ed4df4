package ishare

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/authprobe/authprobe/internal/encoding/xmltext"
)

// Param is one parameter element of a SOAP call, in the order given.
type Param struct {
	Name  string
	Value string
}

const (
	xmlDecl      = `<?xml version="1.0" encoding="utf-8"?>`
	xsiXSDAttrs  = ` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"`
	envelope11   = xmlDecl + `<soap:Envelope xmlns:soap="` + NamespaceSOAP11 + `"` + xsiXSDAttrs + `><soap:Body>`
	envelope12   = xmlDecl + `<soap:Envelope xmlns:soap="` + NamespaceSOAP12 + `"` + xsiXSDAttrs + `><soap:Body>`
	envelopeTail = `</soap:Body></soap:Envelope>`
)

// appendEnvelopeOpen appends the envelope up to the method element's
// opening tag included: <Method xmlns="ns">, whose parameters inherit the
// namespace, or with unqualified parameters (a WSDL whose
// elementFormDefault is "unqualified") <tns:Method xmlns:tns="ns">.
func appendEnvelopeOpen(dst []byte, v SOAPVersion, namespace, method string, unqualified bool) []byte {
	if v == SOAP12 {
		dst = append(dst, envelope12...)
	} else {
		dst = append(dst, envelope11...)
	}
	if unqualified {
		dst = append(dst, "<tns:"...)
		dst = append(dst, method...)
		dst = append(dst, ` xmlns:tns="`...)
	} else {
		dst = append(dst, '<')
		dst = append(dst, method...)
		dst = append(dst, ` xmlns="`...)
	}
	dst = xmltext.AppendEscaped(dst, namespace)
	return append(dst, `">`...)
}

// appendEnvelopeClose appends the method element's closing tag and the
// envelope's end.
func appendEnvelopeClose(dst []byte, method string, unqualified bool) []byte {
	dst = append(dst, "</"...)
	if unqualified {
		dst = append(dst, "tns:"...)
	}
	dst = append(dst, method...)
	dst = append(dst, '>')
	return append(dst, envelopeTail...)
}

// appendParam appends <name>escaped value</name>.
func appendParam(dst []byte, name, value string) []byte {
	dst = append(dst, '<')
	dst = append(dst, name...)
	dst = append(dst, '>')
	dst = xmltext.AppendEscaped(dst, value)
	dst = append(dst, "</"...)
	dst = append(dst, name...)
	return append(dst, '>')
}

// appendEnvelope appends a SOAP request of version v calling method in
// namespace with params, in order (unqualified: the parameters in no
// namespace); values are XML-escaped, names are written as given. Leave a
// Param out to omit it.
func appendEnvelope(dst []byte, v SOAPVersion, namespace, method string, unqualified bool, params ...Param) []byte {
	dst = appendEnvelopeOpen(dst, v, namespace, method, unqualified)
	for _, p := range params {
		dst = appendParam(dst, p.Name, p.Value)
	}
	return appendEnvelopeClose(dst, method, unqualified)
}

// AppendCreateSessionKeyBody appends the CreateSessionKey envelope without
// allocating beyond dst's growth, for the load runner:
//
//	<?xml …?><soap:Envelope …><soap:Body><CreateSessionKey xmlns="http://tempuri.org/"><Username>…</Username><Password>…</Password><Key>…</Key></CreateSessionKey></soap:Body></soap:Envelope>
func AppendCreateSessionKeyBody(dst []byte, v SOAPVersion, namespace, username, password, key string) []byte {
	return appendCreateSessionKeyBody(dst, v, namespace, false, username, password, key)
}

func appendCreateSessionKeyBody(dst []byte, v SOAPVersion, namespace string, unqualified bool, username, password, key string) []byte {
	dst = appendEnvelopeOpen(dst, v, namespace, MethodCreateSessionKey, unqualified)
	dst = appendParam(dst, "Username", username)
	dst = appendParam(dst, "Password", password)
	dst = appendParam(dst, "Key", key)
	return appendEnvelopeClose(dst, MethodCreateSessionKey, unqualified)
}

// Envelope returns a SOAP request body for method with the client's
// version, namespace and parameter form; see appendEnvelope.
func (c *Client) Envelope(method string, params ...Param) []byte {
	return appendEnvelope(nil, c.Version, c.namespace(), method, c.UnqualifiedParams, params...)
}

// SOAPHeader returns the headers of a SOAP call of method: for SOAP 1.1
// "Content-Type: text/xml; charset=utf-8" and the quoted SOAPAction; for
// SOAP 1.2 "Content-Type: application/soap+xml; charset=utf-8;
// action=…".
func (c *Client) SOAPHeader(method string) http.Header {
	if a, ok := c.SOAPActions[method]; ok && a != "" {
		return c.ActionHeader(a)
	}
	return c.ActionHeader(Action(c.namespace(), method))
}

// ActionHeader returns the headers of a SOAP call of c's version under
// action, which may name no method (see SOAPHeader).
func (c *Client) ActionHeader(action string) http.Header {
	h := http.Header{}
	if c.Version == SOAP12 {
		h.Set("Content-Type", `application/soap+xml; charset=utf-8; action="`+action+`"`)
	} else {
		h.Set("Content-Type", "text/xml; charset=utf-8")
		h.Set("SOAPAction", `"`+action+`"`)
	}
	return h
}

// SOAPRequest returns a POST of body to the service with the headers of a
// SOAP call of method.
func (c *Client) SOAPRequest(method string, body []byte) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodPost, c.url(c.path()), bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("building %s request: %w", method, err)
	}
	req.Header = c.SOAPHeader(method)
	return req, nil
}

// CreateSessionKeyRequest builds the SOAP CreateSessionKey call.
func (c *Client) CreateSessionKeyRequest(username, password, key string) (*http.Request, []byte, error) {
	body := appendCreateSessionKeyBody(nil, c.Version, c.namespace(), c.UnqualifiedParams, username, password, key)
	req, err := c.SOAPRequest(MethodCreateSessionKey, body)
	return req, body, err
}

// GetUserScheduleRequest builds the SOAP GetUserSchedule call.
func (c *Client) GetUserScheduleRequest(clientID int, sessionKey string) (*http.Request, []byte, error) {
	body := c.Envelope(MethodGetUserSchedule,
		Param{Name: "ClientId", Value: strconv.Itoa(clientID)},
		Param{Name: "SessionKey", Value: sessionKey})
	req, err := c.SOAPRequest(MethodGetUserSchedule, body)
	return req, body, err
}

// GETRequest builds an HTTP-GET binding call: GET
// <Path>/<method>?<query>. The body is always nil.
func (c *Client) GETRequest(method string, query url.Values) (*http.Request, []byte, error) {
	u := c.url(c.path() + "/" + method)
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("building %s GET request: %w", method, err)
	}
	return req, nil, nil
}

// CreateSessionKeyGETRequest builds GET
// <Path>/CreateSessionKey?Key=…&Password=…&Username=….
func (c *Client) CreateSessionKeyGETRequest(username, password, key string) (*http.Request, []byte, error) {
	return c.GETRequest(MethodCreateSessionKey, url.Values{"Username": {username}, "Password": {password}, "Key": {key}})
}

// GetUserScheduleGETRequest builds GET
// <Path>/GetUserSchedule?ClientId=…&SessionKey=….
func (c *Client) GetUserScheduleGETRequest(clientID int, sessionKey string) (*http.Request, []byte, error) {
	return c.GETRequest(MethodGetUserSchedule, url.Values{"ClientId": {strconv.Itoa(clientID)}, "SessionKey": {sessionKey}})
}
