package ishare

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// soapVersion is the SOAP version of a request: 11 or 12.
type soapVersion int

const (
	soap11 soapVersion = 11
	soap12 soapVersion = 12
)

const (
	nsSOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
	nsSOAP12 = "http://www.w3.org/2003/05/soap-envelope"
)

// envelopeNS returns the envelope namespace of v.
func (v soapVersion) envelopeNS() string {
	if v == soap12 {
		return nsSOAP12
	}
	return nsSOAP11
}

// faultKind is the SOAP fault code of a refused request.
type faultKind int

const (
	faultClient          faultKind = iota // soap:Client (1.1), soap:Sender (1.2)
	faultServer                           // soap:Server (1.1), soap:Receiver (1.2)
	faultVersionMismatch                  // soap:VersionMismatch
)

// requestError is a SOAP request the server cannot hand to a method; it is
// answered with a soap:Fault.
type requestError struct {
	status int
	kind   faultKind
	reason string
	// malformed marks a request that could not be read at all (bad XML,
	// no Envelope or Body, a mistyped parameter, a non-SOAP media type),
	// the case FaultMalformedHTMLError answers with an HTML page.
	malformed bool
}

func (e *requestError) Error() string { return e.reason }

// maxEcho bounds how much of a client-supplied value a fault repeats.
const maxEcho = 120

// echo shortens a client-supplied value for a fault reason.
func echo(s string) string {
	if len(s) > maxEcho {
		return s[:maxEcho] + "…"
	}
	return s
}

func malformedRequest(format string, a ...any) *requestError {
	return &requestError{status: http.StatusInternalServerError, kind: faultClient, malformed: true,
		reason: "Server was unable to read request. ---> There is an error in XML document. ---> " + fmt.Sprintf(format, a...)}
}

func unrecognized(format string, a ...any) *requestError {
	return &requestError{status: http.StatusInternalServerError, kind: faultClient, reason: fmt.Sprintf(format, a...)}
}

// call is one decoded SOAP request: the method and its parameters.
type call struct {
	op   *operation
	args args
}

// parseEnvelope decodes a SOAP request of version v whose method element
// must be in namespace ns, its parameters too (or in none, when the WSDL's
// elementFormDefault is unqualified: both forms are read then). It reads the whole document (strict XML, no DTD,
// no entities beyond the five predefined ones) so that trailing garbage is
// refused too.
func parseEnvelope(body []byte, v soapVersion, ns string, unqualified bool) (call, *requestError) {
	var c call
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true
	root, rerr := rootElement(d)
	if rerr != nil {
		return c, rerr
	}
	if root.Name.Local != "Envelope" || (root.Name.Space != nsSOAP11 && root.Name.Space != nsSOAP12) {
		return c, malformedRequest("the root element <%s> is not a SOAP Envelope", echo(qname(root.Name)))
	}
	if root.Name.Space != v.envelopeNS() {
		return c, &requestError{status: http.StatusInternalServerError, kind: faultVersionMismatch,
			reason: fmt.Sprintf("Possible SOAP version mismatch: Envelope namespace %s was unexpected. Expecting %s.", root.Name.Space, v.envelopeNS())}
	}
	envNS := root.Name.Space
	sawHeader, sawBody := false, false
	for done := false; !done; {
		tok, err := d.Token()
		if err != nil {
			return c, syntaxError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Space == envNS && t.Name.Local == "Header" && !sawHeader && !sawBody:
				sawHeader = true
				if err := d.Skip(); err != nil {
					return c, syntaxError(err)
				}
			case t.Name.Space == envNS && t.Name.Local == "Body" && !sawBody:
				sawBody = true
				if rerr := parseBody(d, ns, unqualified, &c); rerr != nil {
					return c, rerr
				}
			default:
				return c, malformedRequest("unexpected element <%s> in the soap:Envelope", echo(qname(t.Name)))
			}
		case xml.EndElement:
			done = true
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return c, malformedRequest("text is not allowed directly in the soap:Envelope")
			}
		case xml.Directive:
			return c, malformedRequest("a DTD is not allowed in a SOAP message")
		}
	}
	if !sawBody {
		return c, malformedRequest("the soap:Envelope has no soap:Body")
	}
	return c, trailer(d)
}

// rootElement returns the document's first element, allowing only the XML
// declaration, comments and whitespace before it.
func rootElement(d *xml.Decoder) (xml.StartElement, *requestError) {
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return xml.StartElement{}, malformedRequest("Root element is missing.")
		}
		if err != nil {
			return xml.StartElement{}, syntaxError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t, nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return xml.StartElement{}, malformedRequest("text before the root element")
			}
		case xml.Directive:
			return xml.StartElement{}, malformedRequest("a DTD is not allowed in a SOAP message")
		}
	}
}

// trailer checks that nothing but comments, processing instructions and
// whitespace follows the Envelope.
func trailer(d *xml.Decoder) *requestError {
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return syntaxError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return malformedRequest("element <%s> after the soap:Envelope", echo(qname(t.Name)))
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return malformedRequest("text after the soap:Envelope")
			}
		case xml.Directive:
			return malformedRequest("a DTD is not allowed in a SOAP message")
		}
	}
}

// parseBody reads the soap:Body: exactly one method element in namespace
// ns, whose known parameters are collected.
func parseBody(d *xml.Decoder, ns string, unqualified bool, c *call) *requestError {
	for {
		tok, err := d.Token()
		if err != nil {
			return syntaxError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if c.op != nil {
				return malformedRequest("the soap:Body holds more than one element")
			}
			if t.Name.Space == ns {
				c.op = lookupOperation(t.Name.Local)
			}
			if c.op == nil {
				return unrecognized("Server did not recognize the request element <%s xmlns='%s'>.", echo(t.Name.Local), echo(t.Name.Space))
			}
			if rerr := parseArgs(d, ns, unqualified, c); rerr != nil {
				return rerr
			}
		case xml.EndElement:
			if c.op == nil {
				return malformedRequest("the soap:Body is empty")
			}
			return nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return malformedRequest("text is not allowed directly in the soap:Body")
			}
		}
	}
}

// parseArgs reads the children of a method element. Elements that are not
// parameters of the method in namespace ns are skipped, as .NET's
// XmlSerializer does. An xsi:nil element has no text, so it reads as empty.
func parseArgs(d *xml.Decoder, ns string, unqualified bool, c *call) *requestError {
	for {
		tok, err := d.Token()
		if err != nil {
			return syntaxError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			i := -1
			if t.Name.Space == ns || (unqualified && t.Name.Space == "") {
				i = c.op.param(t.Name.Local)
			}
			if i < 0 {
				if err := d.Skip(); err != nil {
					return syntaxError(err)
				}
				continue
			}
			text, rerr := elementText(d, t)
			if rerr != nil {
				return rerr
			}
			c.args.set(i, text)
		case xml.EndElement:
			return nil
		}
	}
}

// elementText reads the text content of the element start has opened; a
// child element is refused.
func elementText(d *xml.Decoder, start xml.StartElement) (string, *requestError) {
	var text []byte
	for {
		tok, err := d.Token()
		if err != nil {
			return "", syntaxError(err)
		}
		switch t := tok.(type) {
		case xml.CharData:
			text = append(text, t...)
		case xml.StartElement:
			return "", malformedRequest("<%s> must hold text, not element <%s>", start.Name.Local, echo(qname(t.Name)))
		case xml.EndElement:
			return string(text), nil
		}
	}
}

// syntaxError turns a decoder failure into the ASMX fault for an unreadable
// request.
func syntaxError(err error) *requestError {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return malformedRequest("line %d: %s", se.Line, echo(se.Msg))
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return malformedRequest("unexpected end of file")
	}
	return malformedRequest("%s", echo(err.Error()))
}

// qname prints an element name for a fault.
func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return "{" + n.Space + "}" + n.Local
}
