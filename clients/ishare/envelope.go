package ishare

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// The XML the client reads is parsed into a small tree first, so that the
// answer's shape can be judged by what the vendor documents - element local
// names - and not by how a server happens to write it: prefixes or default
// namespaces, qualified or unqualified children, element order,
// indentation, CRLF, quote style, the XML declaration, xsi:type and xsi:nil
// annotations and extra elements are all legal and all read alike.

// NamespaceXSI is the XML Schema instance namespace (xsi:nil, xsi:type).
const NamespaceXSI = "http://www.w3.org/2001/XMLSchema-instance"

// node is one element of a parsed document.
type node struct {
	name xml.Name
	attr []xml.Attr
	kids []*node
	text []byte
}

// maxDepth bounds element nesting: answers are a few levels deep.
const maxDepth = 64

// parseTree parses a whole document strictly: well-formed, UTF-8 (a
// leading byte order mark is skipped; us-ascii and iso-8859-1 declarations
// are read), no DTD, the five predefined entities only, one root element
// with nothing but comments, processing instructions and white space
// around it.
func parseTree(body []byte) (*node, error) {
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true
	d.CharsetReader = charsetReader
	var root *node
	var stack []*node
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 && root != nil {
				return nil, fmt.Errorf("a second root element <%s>", clip(qname(t.Name)))
			}
			if len(stack) >= maxDepth {
				return nil, fmt.Errorf("elements nested deeper than %d levels", maxDepth)
			}
			n := &node{name: t.Name, attr: t.Attr}
			if len(stack) == 0 {
				root = n
			} else {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 {
				if len(bytes.TrimSpace(t)) > 0 {
					return nil, fmt.Errorf("text %q outside the root element", clip(string(bytes.TrimSpace(t))))
				}
				continue
			}
			n := stack[len(stack)-1]
			n.text = append(n.text, t...)
		case xml.Directive:
			return nil, errors.New("a DTD is not allowed")
		}
	}
	if root == nil {
		return nil, errors.New("the body has no XML element")
	}
	return root, nil
}

// charsetReader reads the single-byte encodings a declaration may name
// besides UTF-8.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "us-ascii", "ascii":
		return in, nil
	case "iso-8859-1", "latin1", "iso_8859-1", "l1":
		b, err := io.ReadAll(in)
		if err != nil {
			return nil, err
		}
		out := make([]byte, 0, len(b))
		for _, c := range b {
			out = utf8.AppendRune(out, rune(c))
		}
		return bytes.NewReader(out), nil
	}
	return nil, fmt.Errorf("unsupported encoding %q (UTF-8, US-ASCII or ISO-8859-1)", label)
}

// local is the element's name without namespace.
func (n *node) local() string { return n.name.Local }

// value is the element's text with white space trimmed.
func (n *node) value() string { return strings.TrimSpace(string(n.text)) }

// elements returns the element children.
func (n *node) elements() []*node { return n.kids }

// child returns the first child element named local, in any namespace, or
// nil.
func (n *node) child(local string) *node {
	for _, k := range n.kids {
		if k.name.Local == local {
			return k
		}
	}
	return nil
}

// isNil reports whether the element carries xsi:nil="true" (or "1"): a
// null, which reads as absent.
func (n *node) isNil() bool {
	for _, a := range n.attr {
		if a.Name.Space == NamespaceXSI && a.Name.Local == "nil" {
			v := strings.TrimSpace(a.Value)
			return v == "true" || v == "1"
		}
	}
	return false
}

// present returns the child named local unless it is absent or xsi:nil.
func (n *node) present(local string) *node {
	c := n.child(local)
	if c == nil || c.isNil() {
		return nil
	}
	return c
}

// descendants returns the elements named local below n (not n itself),
// in document order, up to depth levels down.
func (n *node) descendants(local string, depth int) []*node {
	var out []*node
	if depth <= 0 {
		return nil
	}
	for _, k := range n.kids {
		if k.name.Local == local {
			out = append(out, k)
			continue
		}
		out = append(out, k.descendants(local, depth-1)...)
	}
	return out
}

// envelope is a parsed SOAP answer.
type envelope struct {
	version SOAPVersion
	// body is the soap:Body's one element: a fault or the method answer.
	body  *node
	fault *Fault
}

// decodeEnvelope reads a SOAP 1.1 or 1.2 answer: an Envelope, an optional
// Header, a Body with exactly one element (a soap:Fault or the method's
// answer); other elements of the Envelope after the Body are ignored, as
// SOAP 1.1 allows.
func decodeEnvelope(body []byte) (*envelope, error) {
	root, err := parseTree(body)
	if err != nil {
		return nil, fmt.Errorf("expected a soap:Envelope: %w", err)
	}
	env := &envelope{}
	switch {
	case root.local() == "Envelope" && root.name.Space == NamespaceSOAP11:
		env.version = SOAP11
	case root.local() == "Envelope" && root.name.Space == NamespaceSOAP12:
		env.version = SOAP12
	default:
		return nil, fmt.Errorf("expected a soap:Envelope in the SOAP 1.1 or 1.2 namespace, got <%s>", clip(qname(root.name)))
	}
	ns := root.name.Space
	var soapBody *node
	for _, k := range root.elements() {
		if k.name.Space == ns && k.local() == "Body" {
			if soapBody != nil {
				return nil, errors.New("the soap:Envelope has two soap:Body elements")
			}
			soapBody = k
		}
	}
	if soapBody == nil {
		return nil, errors.New("the soap:Envelope has no soap:Body")
	}
	if len(bytes.TrimSpace(soapBody.text)) > 0 {
		return nil, errors.New("text directly in the soap:Body")
	}
	switch kids := soapBody.elements(); len(kids) {
	case 0:
		return nil, errors.New("the soap:Body is empty (expected the method's answer or a soap:Fault)")
	case 1:
		env.body = kids[0]
	default:
		return nil, fmt.Errorf("more than one element in the soap:Body (<%s>, <%s>)", clip(qname(kids[0].name)), clip(qname(kids[1].name)))
	}
	if env.body.name.Space == ns && env.body.local() == "Fault" {
		f, err := decodeFault(env.body)
		if err != nil {
			return nil, err
		}
		f.Version = env.version
		env.fault = f
	}
	return env, nil
}

// decodeFault reads a SOAP 1.1 (faultcode, faultstring) or 1.2 (Code/Value,
// Reason/Text) fault.
func decodeFault(n *node) (*Fault, error) {
	if fc := n.child("faultcode"); fc != nil {
		out := &Fault{Code: fc.value()}
		if fs := n.child("faultstring"); fs != nil {
			out.String = fs.value()
		}
		if out.Code == "" {
			return nil, errors.New("the soap:Fault has an empty faultcode")
		}
		return out, nil
	}
	if c := n.child("Code"); c != nil {
		out := &Fault{}
		if v := c.child("Value"); v != nil {
			out.Code = v.value()
		}
		if r := n.child("Reason"); r != nil {
			if t := r.child("Text"); t != nil {
				out.String = t.value()
			}
		}
		if out.Code == "" {
			return nil, errors.New("the soap:Fault has an empty Code/Value")
		}
		return out, nil
	}
	return nil, errors.New("the soap:Fault has neither faultcode (SOAP 1.1) nor Code (SOAP 1.2)")
}

// findResult finds a method's result element in the soap:Body's element b
// in namespace ns: b is the <method>Response wrapper holding the result,
// or the result itself (document/literal bare).
func findResult(b *node, ns, method string) (*node, error) {
	names := ResultNames(method)
	if b.name.Space != ns {
		return nil, fmt.Errorf("expected <%sResponse xmlns=%q> or a soap:Fault in the soap:Body, got <%s>", method, ns, clip(qname(b.name)))
	}
	if oneOf(b.local(), names) {
		return b, nil
	}
	if b.local() != method+"Response" {
		return nil, fmt.Errorf("expected <%sResponse> (or a bare <%s>) or a soap:Fault in the soap:Body, got <%s>", method, strings.Join(names, "> or <"), clip(qname(b.name)))
	}
	for _, k := range b.elements() {
		if oneOf(k.local(), names) {
			if k.isNil() {
				return nil, fmt.Errorf("<%s> is xsi:nil (expected the result)", k.local())
			}
			return k, nil
		}
	}
	return nil, fmt.Errorf("%sResponse has no <%s> element", method, strings.Join(names, "> or <"))
}

// decodeBare reads an HTTP-GET binding answer: a document whose root is
// one of roots, in namespace ns or in none.
func decodeBare(body []byte, ns string, roots []string) (*node, error) {
	root, err := parseTree(body)
	if err != nil {
		return nil, fmt.Errorf("expected <%s>: %w", strings.Join(roots, "> or <"), err)
	}
	if !oneOf(root.local(), roots) || (root.name.Space != ns && root.name.Space != "") {
		return nil, fmt.Errorf("expected <%s> in the namespace %q, got <%s>", strings.Join(roots, "> or <"), ns, clip(qname(root.name)))
	}
	return root, nil
}

func oneOf(s string, list []string) bool {
	for _, l := range list {
		if s == l {
			return true
		}
	}
	return false
}

// qname prints an element name for a message.
func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return "{" + n.Space + "}" + n.Local
}
