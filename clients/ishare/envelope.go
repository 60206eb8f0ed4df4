package ishare

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/authprobe/authprobe/clients/wire"
)

// newDecoder returns a strict decoder: well-formedness enforced, only the
// five predefined entities, UTF-8 only.
func newDecoder(body []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true
	return d
}

// decodeSOAP decodes a SOAP 1.1 or 1.2 answer. If its body holds a
// soap:Fault, the fault is returned; otherwise the body's element must be
// want in namespace ns (with HTTP 200) and is decoded into v. The whole
// document must be well-formed.
func decodeSOAP(op string, x *wire.Exchange, ns, want string, v any) (*Fault, error) {
	if err := wire.ExpectContentType(op, x, "xml"); err != nil {
		return nil, err
	}
	d := newDecoder(x.Body)
	root, err := rootElement(d)
	if err != nil {
		return nil, wire.Malformed(op, x, "expected a soap:Envelope: %v", err)
	}
	var version SOAPVersion
	switch {
	case root.Name.Local == "Envelope" && root.Name.Space == NamespaceSOAP11:
		version = SOAP11
	case root.Name.Local == "Envelope" && root.Name.Space == NamespaceSOAP12:
		version = SOAP12
	default:
		return nil, wire.Malformed(op, x, "expected a soap:Envelope in the SOAP 1.1 or 1.2 namespace, got <%s>", clip(qname(root.Name)))
	}
	envNS := root.Name.Space
	var fault *Fault
	sawBody, sawContent := false, false
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, wire.Malformed(op, x, "reading the soap:Envelope: %v", err)
		}
		if _, end := tok.(xml.EndElement); end {
			break
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch {
		case start.Name.Space == envNS && start.Name.Local == "Header" && !sawBody:
			if err := d.Skip(); err != nil {
				return nil, wire.Malformed(op, x, "reading the soap:Header: %v", err)
			}
		case start.Name.Space == envNS && start.Name.Local == "Body" && !sawBody:
			sawBody = true
			f, content, err := decodeBody(d, envNS, ns, want, v)
			if err != nil {
				return nil, wire.Malformed(op, x, "%v", err)
			}
			fault, sawContent = f, content
			if fault != nil {
				fault.Version = version
			}
		default:
			return nil, wire.Malformed(op, x, "unexpected element <%s> in the soap:Envelope", clip(qname(start.Name)))
		}
	}
	if err := trailer(d); err != nil {
		return nil, wire.Malformed(op, x, "%v", err)
	}
	switch {
	case !sawBody:
		return nil, wire.Malformed(op, x, "the soap:Envelope has no soap:Body")
	case fault == nil && !sawContent:
		return nil, wire.Malformed(op, x, "the soap:Body is empty (expected <%s> or a soap:Fault)", want)
	case fault == nil && x.Status != http.StatusOK:
		return nil, wire.Malformed(op, x, "a %s came with HTTP %d (expected 200)", want, x.Status)
	}
	return fault, nil
}

// decodeBody reads the soap:Body: one element, a fault or want in ns.
func decodeBody(d *xml.Decoder, envNS, ns, want string, v any) (*Fault, bool, error) {
	var fault *Fault
	seen := false
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, false, fmt.Errorf("reading the soap:Body: %w", err)
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return fault, seen, nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return nil, false, errors.New("text directly in the soap:Body")
			}
		case xml.StartElement:
			if seen {
				return nil, false, fmt.Errorf("more than one element in the soap:Body (second: <%s>)", clip(qname(t.Name)))
			}
			seen = true
			switch {
			case t.Name.Space == envNS && t.Name.Local == "Fault":
				if fault, err = decodeFault(d, t); err != nil {
					return nil, false, err
				}
			case t.Name.Space == ns && t.Name.Local == want:
				if err := d.DecodeElement(v, &t); err != nil {
					return nil, false, fmt.Errorf("decoding <%s>: %w", want, err)
				}
			default:
				return nil, false, fmt.Errorf("expected <%s xmlns=%q> or a soap:Fault in the soap:Body, got <%s>", want, ns, clip(qname(t.Name)))
			}
		}
	}
}

// xmlFault is a SOAP 1.1 or 1.2 fault.
type xmlFault struct {
	FaultCode   *string `xml:"faultcode"`
	FaultString *string `xml:"faultstring"`
	Code        *struct {
		Value string `xml:"Value"`
	} `xml:"Code"`
	Reason *struct {
		Text []string `xml:"Text"`
	} `xml:"Reason"`
}

// decodeFault reads a SOAP 1.1 (faultcode, faultstring) or 1.2 (Code/Value,
// Reason/Text) fault.
func decodeFault(d *xml.Decoder, start xml.StartElement) (*Fault, error) {
	var f xmlFault
	if err := d.DecodeElement(&f, &start); err != nil {
		return nil, fmt.Errorf("decoding the soap:Fault: %w", err)
	}
	switch {
	case f.FaultCode != nil:
		out := &Fault{Code: strings.TrimSpace(*f.FaultCode)}
		if f.FaultString != nil {
			out.String = strings.TrimSpace(*f.FaultString)
		}
		return out, nil
	case f.Code != nil:
		out := &Fault{Code: strings.TrimSpace(f.Code.Value)}
		if f.Reason != nil && len(f.Reason.Text) > 0 {
			out.String = strings.TrimSpace(f.Reason.Text[0])
		}
		if out.Code == "" {
			return nil, errors.New("the soap:Fault has an empty Code/Value")
		}
		return out, nil
	}
	return nil, errors.New("the soap:Fault has neither faultcode (SOAP 1.1) nor Code (SOAP 1.2)")
}

// decodeBare decodes an HTTP-GET binding answer: a document whose root is
// want in namespace ns, with HTTP 200.
func decodeBare(op string, x *wire.Exchange, ns, want string, v any) error {
	if err := wire.ExpectContentType(op, x, "xml"); err != nil {
		return err
	}
	d := newDecoder(x.Body)
	root, err := rootElement(d)
	if err != nil {
		return wire.Malformed(op, x, "expected <%s>: %v", want, err)
	}
	if root.Name.Local != want || root.Name.Space != ns {
		return wire.Malformed(op, x, "expected <%s xmlns=%q>, got <%s>", want, ns, clip(qname(root.Name)))
	}
	if err := d.DecodeElement(v, &root); err != nil {
		return wire.Malformed(op, x, "decoding <%s>: %v", want, err)
	}
	if err := trailer(d); err != nil {
		return wire.Malformed(op, x, "%v", err)
	}
	if x.Status != http.StatusOK {
		return wire.Malformed(op, x, "a %s came with HTTP %d (expected 200)", want, x.Status)
	}
	return nil
}

// rootElement returns the first element, allowing only the XML
// declaration, comments and whitespace before it.
func rootElement(d *xml.Decoder) (xml.StartElement, error) {
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return xml.StartElement{}, errors.New("the body has no XML element")
		}
		if err != nil {
			return xml.StartElement{}, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t, nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return xml.StartElement{}, fmt.Errorf("text %q before the root element", clip(string(bytes.TrimSpace(t))))
			}
		case xml.Directive:
			return xml.StartElement{}, errors.New("a DTD is not allowed")
		}
	}
}

// trailer checks that only comments, processing instructions and
// whitespace follow the root element.
func trailer(d *xml.Decoder) error {
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("after the root element: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return fmt.Errorf("a second root element <%s>", clip(qname(t.Name)))
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return errors.New("text after the root element")
			}
		case xml.Directive:
			return errors.New("a DTD is not allowed")
		}
	}
}

// qname prints an element name for a message.
func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return "{" + n.Space + "}" + n.Local
}
