package ishare

import (
	"bytes"

	"github.com/authprobe/authprobe/internal/encoding/xmltext"
)

// A result's canonical copy is what the payload schemas
// (schemas/ishare/createsessionkey.xsd, getuserschedule.xsd) judge: its
// documented elements (the seed and profiles.md name them) in
// DefaultNamespace, the namespace the schemas target, in the order the
// server wrote them, with their text and xsi:nil. What the vendor leaves to
// the server - prefixes, default namespaces, qualified or unqualified
// children, white space, the result's name (<CreateSessionKeyResult> or the
// .NET type <SessionKeyResult>), the element holding the schedule list,
// extra elements - does not reach the copy; what the documents fix does:
// Success an xs:boolean, ClientId an xs:int, an Error with a Code, each
// element once, a definition with UserId, Interval and LastRun.

// payload is the result element a parse found, with the payload namespace
// it was read in: what the canonical copy is written from.
type payload struct {
	n  *node
	ns string
}

// Canonical returns the canonical copy of the CreateSessionKey result the
// answer carried (rooted at <SessionKeyResult>), or nil for a soap:Fault.
func (r *SessionKeyResult) Canonical() []byte {
	return r.payload.canonical(MethodCreateSessionKey)
}

// Canonical returns the canonical copy of the GetUserSchedule result the
// answer carried (rooted at <UserScheduleResult>), or nil for a soap:Fault.
func (r *ScheduleResult) Canonical() []byte {
	return r.payload.canonical(MethodGetUserSchedule)
}

// RootNamespace is the namespace of a document's root element ("" when it
// has none or the body is not XML).
func RootNamespace(body []byte) string {
	root, err := parseTree(body)
	if err != nil {
		return ""
	}
	return root.name.Space
}

// canonical writes the documented elements of the result of method: the
// root named after the .NET type, its documented children (in the payload
// namespace or unqualified) in the order they came.
func (p payload) canonical(method string) []byte {
	if p.n == nil {
		return nil
	}
	var w bytes.Buffer
	root := TypeName(method)
	w.WriteString(`<` + root + ` xmlns="` + DefaultNamespace + `" xmlns:xsi="` + NamespaceXSI + `"`)
	writeNil(&w, p.n)
	w.WriteString(`>`)
	fields := []string{"Success", "ClientId", "SessionKey"}
	if method == MethodGetUserSchedule {
		fields = []string{"Success"}
	}
	for _, k := range p.documented(p.n) {
		switch {
		case k.local() == "Error":
			p.writeError(&w, k)
		case oneOf(k.local(), fields):
			writeLeaf(&w, k)
		}
	}
	if method == MethodGetUserSchedule {
		if defs := p.n.descendants("UserScheduleDefinition", 2); len(defs) > 0 {
			w.WriteString(`<UserSchedule>`)
			for _, d := range defs {
				w.WriteString(`<UserScheduleDefinition`)
				writeNil(&w, d)
				w.WriteString(`>`)
				for _, k := range p.documented(d) {
					if oneOf(k.local(), []string{"UserId", "Interval", "LastRun"}) {
						writeLeaf(&w, k)
					}
				}
				w.WriteString(`</UserScheduleDefinition>`)
			}
			w.WriteString(`</UserSchedule>`)
		}
	}
	w.WriteString(`</` + root + `>`)
	return w.Bytes()
}

// documented returns the children of n in the payload namespace or in none
// (a server may qualify its result's children or not).
func (p payload) documented(n *node) []*node {
	var out []*node
	for _, k := range n.kids {
		if k.name.Space == p.ns || k.name.Space == "" {
			out = append(out, k)
		}
	}
	return out
}

func (p payload) writeError(w *bytes.Buffer, e *node) {
	w.WriteString(`<Error`)
	writeNil(w, e)
	w.WriteString(`>`)
	for _, k := range p.documented(e) {
		if k.local() == "Code" || k.local() == "Description" {
			writeLeaf(w, k)
		}
	}
	w.WriteString(`</Error>`)
}

// writeLeaf writes a documented simple element: its text, xsi:nil, and a
// marker element when it holds elements (which a simple type refuses).
func writeLeaf(w *bytes.Buffer, k *node) {
	w.WriteString(`<` + k.local())
	writeNil(w, k)
	w.WriteString(`>`)
	w.Write(xmltext.AppendEscaped(nil, string(k.text)))
	if len(k.kids) > 0 {
		w.WriteString(`<ElementContent/>`)
	}
	w.WriteString(`</` + k.local() + `>`)
}

func writeNil(w *bytes.Buffer, n *node) {
	for _, a := range n.attr {
		if a.Name.Space == NamespaceXSI && a.Name.Local == "nil" {
			w.WriteString(` xsi:nil="`)
			w.Write(xmltext.AppendEscaped(nil, a.Value))
			w.WriteString(`"`)
		}
	}
}
