package ishare

import (
	"bytes"
	"encoding/xml"
	"fmt"

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/schemas"
)

// The framework checks every SOAP answer against the envelope schema
// (profile.go); the method answer inside the soap:Body, in the payload
// namespace, cannot be reached from a one-document XSD 1.0 schema. So the
// specs check it here, on every answer they read: the Body's element is cut
// out with the namespace declarations in scope and validated against
// createsessionkey.xsd or getuserschedule.xsd.

// payloadSchemas maps the Body element of a SOAP answer to its schema.
var payloadSchemas = map[string]string{
	client.MethodCreateSessionKey + "Response": schemaCreateSessionKey,
	client.MethodGetUserSchedule + "Response":  schemaGetUserSchedule,
}

// checkPayload validates the method answer in a SOAP answer's Body against
// its schema. It says nothing of answers it cannot read (the client's
// parser reports those), of faults (the envelope schema checks them) or of
// targets with another namespace (the payload schemas target the default).
func checkPayload(x *wire.Exchange) error {
	if x == nil || len(x.Body) == 0 || namespaceOfRun() != client.DefaultNamespace {
		return nil
	}
	name, fragment, ok := bodyElement(x.Body)
	if !ok || name.Space != client.DefaultNamespace {
		return nil
	}
	schema, known := payloadSchemas[name.Local]
	if !known {
		return nil
	}
	if err := schemas.Validate(schema, fragment); err != nil {
		return fmt.Errorf("the <%s> in the soap:Body does not match its schema: %w", name.Local, err)
	}
	return nil
}

// bodyElement finds the first element inside the soap:Body of a SOAP 1.1
// or 1.2 envelope and returns its name and its bytes, with the namespace
// declarations of the Envelope and Body copied onto it so that it stands
// alone as a document.
func bodyElement(body []byte) (xml.Name, []byte, bool) {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true
	var inScope []xml.Attr // xmlns declarations of the ancestors
	depth := 0
	for {
		off := d.InputOffset()
		tok, err := d.Token()
		if err != nil {
			return xml.Name{}, nil, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			isEnv := t.Name.Space == client.NamespaceSOAP11 || t.Name.Space == client.NamespaceSOAP12
			switch {
			case depth == 1 && isEnv && t.Name.Local == "Envelope",
				depth == 2 && isEnv && t.Name.Local == "Body":
				inScope = append(inScope, declarations(t.Attr)...)
			case depth == 2 && isEnv && t.Name.Local == "Header":
				if d.Skip() != nil {
					return xml.Name{}, nil, false
				}
				depth--
			case depth == 3:
				if err := d.Skip(); err != nil {
					return xml.Name{}, nil, false
				}
				raw := body[off:d.InputOffset()]
				return t.Name, withDeclarations(raw, inScope), true
			default:
				return xml.Name{}, nil, false
			}
		case xml.EndElement:
			return xml.Name{}, nil, false // an empty Body or Envelope
		}
	}
}

// declarations returns the namespace declarations among attrs.
func declarations(attrs []xml.Attr) []xml.Attr {
	var out []xml.Attr
	for _, a := range attrs {
		if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
			out = append(out, a)
		}
	}
	return out
}

// withDeclarations inserts into raw's start tag the declarations it does
// not make itself (the innermost declaration of a prefix wins).
func withDeclarations(raw []byte, inScope []xml.Attr) []byte {
	own := map[string]bool{}
	if start, ok := firstStart(raw); ok {
		for _, a := range declarations(start.Attr) {
			own[prefixOf(a)] = true
		}
	}
	var add bytes.Buffer
	for i := len(inScope) - 1; i >= 0; i-- {
		a := inScope[i]
		p := prefixOf(a)
		if own[p] {
			continue
		}
		own[p] = true
		if p == "" {
			add.WriteString(` xmlns="`)
		} else {
			add.WriteString(` xmlns:` + p + `="`)
		}
		_ = xml.EscapeText(&add, []byte(a.Value))
		add.WriteByte('"')
	}
	if add.Len() == 0 {
		return raw
	}
	end := 1 // after '<'
	for end < len(raw) && !isNameEnd(raw[end]) {
		end++
	}
	out := make([]byte, 0, len(raw)+add.Len())
	out = append(out, raw[:end]...)
	out = append(out, add.Bytes()...)
	return append(out, raw[end:]...)
}

func prefixOf(a xml.Attr) string {
	if a.Name.Space == "xmlns" {
		return a.Name.Local
	}
	return ""
}

func isNameEnd(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/' || c == '>'
}

// firstStart decodes the first start tag of raw.
func firstStart(raw []byte) (xml.StartElement, bool) {
	d := xml.NewDecoder(bytes.NewReader(raw))
	for {
		tok, err := d.RawToken()
		if err != nil {
			return xml.StartElement{}, false
		}
		if s, ok := tok.(xml.StartElement); ok {
			return s, true
		}
	}
}
