package ishare

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/internal/encoding/xmltext"
	"github.com/authprobe/authprobe/schemas"
)

// The framework checks every SOAP answer against its envelope schema
// (profile.go). The method's result inside the soap:Body, and the HTTP-GET
// binding's bare documents, are checked here, on every answer the specs
// read, against createsessionkey.xsd or getuserschedule.xsd - on a
// canonical copy: the result's documented elements (profiles.md and the
// seed name them) in the schemas' namespace, in the order the server wrote
// them, their text, and xsi:nil. What the vendor leaves to the server -
// prefixes, default namespaces, qualified or unqualified children, white
// space, the result's name (<CreateSessionKeyResult> or the .NET type
// <SessionKeyResult>), the element holding the schedule list, extra
// elements - does not reach the schema; what the documents fix does:
// Success an xs:boolean, ClientId an xs:int, an Error with a Code, each
// element once, a definition with UserId, Interval and LastRun.

// schemaNamespace is the namespace the payload schemas target.
const schemaNamespace = "http://tempuri.org/"

// xnode is one element of a parsed answer.
type xnode struct {
	name xml.Name
	attr []xml.Attr
	kids []*xnode
	text []byte
}

// parseXML parses a document into a tree (strict, no DTD).
func parseXML(body []byte) (*xnode, error) {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil } // the client checked the encoding
	var root *xnode
	var stack []*xnode
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
			n := &xnode{name: t.Name, attr: t.Attr}
			if len(stack) == 0 {
				if root != nil {
					return nil, errors.New("two root elements")
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text = append(stack[len(stack)-1].text, t...)
			}
		case xml.Directive:
			return nil, errors.New("a DTD")
		}
	}
	if root == nil {
		return nil, errors.New("no element")
	}
	return root, nil
}

// binding is how a method's answer came.
type binding int

const (
	bySOAP binding = iota // in a soap:Body
	byGET                 // the HTTP-GET binding's bare document
)

// checkPayload validates the result in an answer the client read as
// method's (via binding) against its schema, on a canonical copy. It says
// nothing of faults and of answers it cannot find a result in (the client
// reports those).
func checkPayload(method string, b binding, x *wire.Exchange, ns string) error {
	if x == nil || len(x.Body) == 0 {
		return nil
	}
	root, err := parseXML(bytes.TrimPrefix(x.Body, []byte("\xef\xbb\xbf")))
	if err != nil {
		return nil
	}
	result := root
	if b == bySOAP {
		result = soapResult(root, method, ns)
		if result == nil {
			return nil
		}
	}
	schema, canon := canonical(method, result, ns)
	if err := schemas.Validate(schema, canon); err != nil {
		return fmt.Errorf("the <%s> result does not match %s (checked on a canonical copy: %s): %w", result.name.Local, schema, canon, err)
	}
	return nil
}

// soapResult finds the result element in a SOAP answer: the Body's
// element in the payload namespace, or the result inside it.
func soapResult(env *xnode, method, ns string) *xnode {
	var body *xnode
	for _, k := range env.kids {
		if k.name.Local == "Body" && k.name.Space == env.name.Space {
			body = k
		}
	}
	if body == nil || len(body.kids) != 1 {
		return nil
	}
	b := body.kids[0]
	if b.name.Space != ns {
		return nil
	}
	names := client.ResultNames(method)
	if oneOf(b.name.Local, names) {
		return b
	}
	if b.name.Local != method+"Response" {
		return nil
	}
	for _, k := range b.kids {
		if oneOf(k.name.Local, names) {
			return k
		}
	}
	return nil
}

// canonical writes the documented elements of a result in the schemas'
// namespace: the root named after the .NET type, its documented children
// (in the payload namespace or unqualified) in the order they came.
func canonical(method string, result *xnode, ns string) (schema string, out []byte) {
	var w bytes.Buffer
	root := client.TypeName(method)
	w.WriteString(`<` + root + ` xmlns="` + schemaNamespace + `" xmlns:xsi="` + client.NamespaceXSI + `"`)
	writeNil(&w, result)
	w.WriteString(`>`)
	switch method {
	case client.MethodCreateSessionKey:
		schema = schemaCreateSessionKey
		for _, k := range documented(result, ns) {
			switch k.name.Local {
			case "Error":
				writeError(&w, k, ns)
			case "Success", "ClientId", "SessionKey":
				writeLeaf(&w, k)
			}
		}
	default:
		schema = schemaGetUserSchedule
		for _, k := range documented(result, ns) {
			switch k.name.Local {
			case "Error":
				writeError(&w, k, ns)
			case "Success":
				writeLeaf(&w, k)
			}
		}
		if defs := definitions(result, 2); len(defs) > 0 {
			w.WriteString(`<UserSchedule>`)
			for _, d := range defs {
				w.WriteString(`<UserScheduleDefinition`)
				writeNil(&w, d)
				w.WriteString(`>`)
				for _, k := range documented(d, ns) {
					switch k.name.Local {
					case "UserId", "Interval", "LastRun":
						writeLeaf(&w, k)
					}
				}
				w.WriteString(`</UserScheduleDefinition>`)
			}
			w.WriteString(`</UserSchedule>`)
		}
	}
	w.WriteString(`</` + root + `>`)
	return schema, w.Bytes()
}

// documented returns the children of n in the payload namespace or in none
// (a server may qualify its result's children or not).
func documented(n *xnode, ns string) []*xnode {
	var out []*xnode
	for _, k := range n.kids {
		if k.name.Space == ns || k.name.Space == "" {
			out = append(out, k)
		}
	}
	return out
}

// definitions returns the UserScheduleDefinition elements under n, in
// whatever element holds the list.
func definitions(n *xnode, depth int) []*xnode {
	var out []*xnode
	if depth <= 0 {
		return nil
	}
	for _, k := range n.kids {
		if k.name.Local == "UserScheduleDefinition" {
			out = append(out, k)
			continue
		}
		out = append(out, definitions(k, depth-1)...)
	}
	return out
}

func writeError(w *bytes.Buffer, e *xnode, ns string) {
	w.WriteString(`<Error`)
	writeNil(w, e)
	w.WriteString(`>`)
	for _, k := range documented(e, ns) {
		if k.name.Local == "Code" || k.name.Local == "Description" {
			writeLeaf(w, k)
		}
	}
	w.WriteString(`</Error>`)
}

// writeLeaf writes a documented simple element: its text, xsi:nil, and a
// marker element when it holds elements (which a simple type refuses).
func writeLeaf(w *bytes.Buffer, k *xnode) {
	w.WriteString(`<` + k.name.Local)
	writeNil(w, k)
	w.WriteString(`>`)
	w.Write(xmltext.AppendEscaped(nil, string(k.text)))
	if len(k.kids) > 0 {
		w.WriteString(`<ElementContent/>`)
	}
	w.WriteString(`</` + k.name.Local + `>`)
}

func writeNil(w *bytes.Buffer, n *xnode) {
	for _, a := range n.attr {
		if a.Name.Space == client.NamespaceXSI && a.Name.Local == "nil" {
			w.WriteString(` xsi:nil="`)
			w.Write(xmltext.AppendEscaped(nil, a.Value))
			w.WriteString(`"`)
		}
	}
}

func oneOf(s string, list []string) bool {
	for _, l := range list {
		if s == l {
			return true
		}
	}
	return false
}
