// Package ishare is the client of the Astun iShare My Alerts Users.asmx web
// service: CreateSessionKey and GetUserSchedule over SOAP 1.1 or 1.2 and
// over the ASMX HTTP-GET binding, plus a raw Send for negative tests.
//
// A documented error (Success false with an Error, or a soap:Fault) is a
// result; a Go error means a transport failure (*wire.Error) or an answer
// of no documented shape (wire.Malformed, wire.ExpectContentType).
package ishare

import (
	"fmt"
	"net/http"
	"strings"
)

// Defaults of the profile's settings.
const (
	// DefaultPath is the path of the service.
	DefaultPath = "/Users.asmx"
	// DefaultNamespace is the payload namespace and SOAPAction base, the
	// .NET default "http://tempuri.org/".
	DefaultNamespace = "http://tempuri.org/"
)

// The web methods of Users.asmx.
const (
	MethodCreateSessionKey = "CreateSessionKey"
	MethodGetUserSchedule  = "GetUserSchedule"
)

// SOAPVersion selects the SOAP envelope a client sends. The zero value is
// SOAP 1.1.
type SOAPVersion int

// The SOAP versions.
const (
	SOAP11 SOAPVersion = iota // text/xml with a SOAPAction header
	SOAP12                    // application/soap+xml; action="…"
)

// The SOAP envelope namespaces.
const (
	NamespaceSOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
	NamespaceSOAP12 = "http://www.w3.org/2003/05/soap-envelope"
)

// String prints the version as configured: "1.1" or "1.2".
func (v SOAPVersion) String() string {
	if v == SOAP12 {
		return "1.2"
	}
	return "1.1"
}

// EnvelopeNamespace returns the namespace of the version's Envelope.
func (v SOAPVersion) EnvelopeNamespace() string {
	if v == SOAP12 {
		return NamespaceSOAP12
	}
	return NamespaceSOAP11
}

// ParseSOAPVersion reads a configured version: "" or "1.1" (also "11",
// "soap11") is SOAP 1.1; "1.2" (also "12", "soap12") is SOAP 1.2.
func ParseSOAPVersion(s string) (SOAPVersion, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "1.1", "11", "soap11", "soap1.1":
		return SOAP11, nil
	case "1.2", "12", "soap12", "soap1.2":
		return SOAP12, nil
	}
	return SOAP11, fmt.Errorf("ishare: unknown SOAP version %q (want 1.1 or 1.2)", s)
}

// Action returns the SOAPAction of a method as .NET derives it: the
// namespace, a slash unless it ends with one, the method name:
//
//	http://tempuri.org/CreateSessionKey
func Action(namespace, method string) string {
	if strings.HasSuffix(namespace, "/") {
		return namespace + method
	}
	return namespace + "/" + method
}

// Actions are the SOAPActions a method may legally carry under namespace:
// profiles.md's form, the namespace followed by the method
// ("http://tempuri.org/CreateSessionKey"), and, for a namespace that does
// not end in a slash, .NET's form with one ("urn:astun/CreateSessionKey")
// beside the plain concatenation ("urn:astunCreateSessionKey").
func Actions(namespace, method string) []string {
	if strings.HasSuffix(namespace, "/") {
		return []string{namespace + method}
	}
	return []string{namespace + "/" + method, namespace + method}
}

// Client calls one Users.asmx service. Zero values are useful: nil HTTP is
// http.DefaultClient, MaxBody 0 is wire.DefaultMaxBody, empty Path and
// Namespace are the defaults, Version 0 is SOAP 1.1.
type Client struct {
	// BaseURL is the scheme and host (and any prefix) before Path, e.g.
	// "https://maps.example.gov.uk/MyAlerts".
	BaseURL string
	// HTTP sends the requests.
	HTTP *http.Client
	// MaxBody caps answer bodies.
	MaxBody int64
	// Path is the service path (default DefaultPath).
	Path string
	// Namespace is the payload namespace (default DefaultNamespace).
	Namespace string
	// Version is the SOAP version of SOAP calls.
	Version SOAPVersion
	// UnqualifiedParams writes the parameters of SOAP calls in no
	// namespace (<tns:CreateSessionKey xmlns:tns="…"><Username>), as a WSDL
	// whose schema says elementFormDefault="unqualified" asks; false
	// qualifies them (the .NET default).
	UnqualifiedParams bool
	// GETRoots are the root element names an HTTP-GET binding answer may
	// have, by method; a method without an entry accepts ResultNames.
	GETRoots map[string][]string
	// SOAPActions are the SOAPActions to send, by method, as the target's
	// WSDL declares them (Follow); a method without an entry gets Action.
	SOAPActions map[string]string
}

// TypeName is the .NET return type of a method, which ASMX makes the root
// element of its HTTP-GET answer: SessionKeyResult (the seed's C# example
// declares "Users.SessionKeyResult result"), UserScheduleResult.
func TypeName(method string) string {
	switch method {
	case MethodCreateSessionKey:
		return "SessionKeyResult"
	case MethodGetUserSchedule:
		return "UserScheduleResult"
	}
	return method + "Result"
}

// ResultNames are the names a method's result element may carry: the
// seed's <CreateSessionKeyResult> (method + "Result") and the .NET type
// name (SessionKeyResult). In a SOAP answer it comes in a <method>Response
// wrapper (document/literal wrapped, as ASMX writes it) or bare in the
// soap:Body; an HTTP-GET answer is the bare result.
func ResultNames(method string) []string {
	return []string{method + "Result", TypeName(method)}
}

// getRoots returns the root names an HTTP-GET answer of method may have.
func (c *Client) getRoots(method string) []string {
	if r := c.GETRoots[method]; len(r) > 0 {
		return r
	}
	return ResultNames(method)
}

// New returns a client for the service under baseURL with the default
// settings.
func New(baseURL string, hc *http.Client) *Client {
	return &Client{BaseURL: baseURL, HTTP: hc}
}

// path returns the configured service path with a leading slash.
func (c *Client) path() string {
	p := c.Path
	if p == "" {
		p = DefaultPath
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return p
}

// namespace returns the configured payload namespace.
func (c *Client) namespace() string {
	if c.Namespace == "" {
		return DefaultNamespace
	}
	return c.Namespace
}

// url joins BaseURL and a path (with any query).
func (c *Client) url(pathQuery string) string {
	return strings.TrimRight(c.BaseURL, "/") + pathQuery
}
