package ishare

import "bytes"

// fastParse decodes the common shape of a SOAP request without
// encoding/xml, which dominates the cost of a login otherwise. It accepts
// only a conservative subset of XML: ASCII names and text; no comments,
// CDATA, DTD, or processing instruction other than a plain XML
// declaration; no entity but the five predefined ones; no CR and no '>' in
// text. For anything else, malformed input included, ok is false and the
// caller runs parseEnvelope, which decides and words the fault. When ok is
// true the call equals what parseEnvelope returns (the method element in
// ns, its parameters in ns, or also in none when unqualified) (a differential fuzz
// test holds it to that).
func fastParse(body []byte, v soapVersion, ns string, unqualified bool) (c call, ok bool) {
	p := fastParser{b: body}
	if !p.declaration() {
		return c, false
	}
	p.space()
	root, ok := p.startTag()
	if !ok || string(root.local) != "Envelope" || string(root.space) != v.envelopeNS() || root.empty {
		return c, false
	}
	envNS := v.envelopeNS()
	sawHeader, sawBody := false, false
	for {
		p.space()
		if p.endTag() {
			break
		}
		t, ok := p.startTag()
		if !ok || string(t.space) != envNS {
			return c, false
		}
		switch {
		case string(t.local) == "Header" && !sawHeader && !sawBody:
			sawHeader = true
			if !p.skip(t) {
				return c, false
			}
		case string(t.local) == "Body" && !sawBody:
			sawBody = true
			if t.empty || !p.body(ns, unqualified, &c) {
				return c, false
			}
		default:
			return c, false
		}
	}
	p.space()
	return c, sawBody && c.op != nil && p.i == len(p.b)
}

// fastParser is the state of fastParse: the input, the position, the
// stack of open elements and the namespace bindings in scope.
type fastParser struct {
	b     []byte
	i     int
	open  [8]openElement
	depth int
	binds [16]nsBinding
	nb    int
}

type openElement struct {
	qname []byte // as written, to match the end tag
	nb    int    // bindings in scope before this element
}

type nsBinding struct {
	prefix []byte // nil for the default namespace
	uri    []byte
}

// tag is a parsed start tag; the slices point into the input.
type tag struct {
	space, local []byte
	empty        bool // <x/>
}

var xmlDeclHead = []byte("<?xml ")

// declaration accepts an optional <?xml version="1.0" [encoding="utf-8"]
// [standalone="yes|no"]?> at the very start.
func (p *fastParser) declaration() bool {
	if !bytes.HasPrefix(p.b, xmlDeclHead) {
		return true
	}
	end := bytes.Index(p.b, []byte("?>"))
	if end < 0 {
		return false
	}
	decl := p.b[len(xmlDeclHead):end]
	p.i = end + 2
	seen := 0
	for len(decl) > 0 {
		decl = bytes.TrimLeft(decl, " \t\n")
		if len(decl) == 0 {
			break
		}
		eq := bytes.IndexByte(decl, '=')
		if eq < 0 || eq+1 >= len(decl) || (decl[eq+1] != '"' && decl[eq+1] != '\'') {
			return false
		}
		name := decl[:eq]
		q := decl[eq+1]
		closeAt := bytes.IndexByte(decl[eq+2:], q)
		if closeAt < 0 {
			return false
		}
		val := decl[eq+2 : eq+2+closeAt]
		decl = decl[eq+2+closeAt+1:]
		switch {
		case string(name) == "version" && seen == 0 && string(val) == "1.0":
			seen = 1
		case string(name) == "encoding" && seen == 1 && bytes.EqualFold(val, []byte("utf-8")):
			seen = 2
		case string(name) == "standalone" && seen >= 1 && seen < 3 && (string(val) == "yes" || string(val) == "no"):
			seen = 3
		default:
			return false
		}
		if len(decl) > 0 && decl[0] != ' ' && decl[0] != '\t' && decl[0] != '\n' {
			return false
		}
	}
	return seen >= 1
}

// space skips whitespace.
func (p *fastParser) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n':
			p.i++
		default:
			return
		}
	}
}

func nameStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }

func nameChar(c byte) bool { return nameStart(c) || c >= '0' && c <= '9' || c == '-' || c == '.' }

// qname reads prefix:local or local at the position.
func (p *fastParser) qname() (prefix, local []byte, ok bool) {
	start := p.i
	colon := -1
	if p.i >= len(p.b) || !nameStart(p.b[p.i]) {
		return nil, nil, false
	}
	for p.i++; p.i < len(p.b); p.i++ {
		c := p.b[p.i]
		if c == ':' && colon < 0 && p.i+1 < len(p.b) && nameStart(p.b[p.i+1]) {
			colon = p.i
			continue
		}
		if !nameChar(c) {
			break
		}
	}
	if colon < 0 {
		return nil, p.b[start:p.i], true
	}
	return p.b[start:colon], p.b[colon+1 : p.i], true
}

// startTag reads a start tag, pushing its namespace declarations and (when
// not self-closing) the element.
func (p *fastParser) startTag() (tag, bool) {
	var t tag
	if p.i+1 >= len(p.b) || p.b[p.i] != '<' {
		return t, false
	}
	p.i++
	start := p.i
	prefix, local, ok := p.qname()
	if !ok || string(prefix) == "xmlns" || string(prefix) == "xml" {
		return t, false
	}
	qn := p.b[start:p.i]
	nbBefore := p.nb
	var attrs [8][]byte
	na := 0
	for {
		ws := p.i
		p.space()
		if p.i >= len(p.b) {
			return t, false
		}
		if c := p.b[p.i]; c == '>' || c == '/' {
			if c == '/' {
				if p.i+1 >= len(p.b) || p.b[p.i+1] != '>' {
					return t, false
				}
				t.empty = true
				p.i++
			}
			p.i++
			break
		}
		if p.i == ws {
			return t, false // attributes need whitespace before them
		}
		aStart := p.i
		aPrefix, aLocal, ok := p.qname()
		if !ok || na == len(attrs) {
			return t, false
		}
		aName := p.b[aStart:p.i]
		for _, prev := range attrs[:na] {
			if bytes.Equal(prev, aName) {
				return t, false
			}
		}
		attrs[na] = aName
		na++
		val, ok := p.attrValue()
		if !ok {
			return t, false
		}
		switch {
		case aPrefix == nil && string(aLocal) == "xmlns":
			if !p.bind(nil, val) {
				return t, false
			}
		case string(aPrefix) == "xmlns":
			if len(val) == 0 || string(aLocal) == "xml" || string(aLocal) == "xmlns" || !p.bind(aLocal, val) {
				return t, false
			}
		case aPrefix != nil && string(aPrefix) != "xml" && p.lookup(aPrefix) == nil:
			return t, false
		}
	}
	uri := p.lookup(prefix)
	if uri == nil && prefix != nil {
		return t, false
	}
	t.space, t.local = uri, local
	if t.empty {
		p.nb = nbBefore
		return t, true
	}
	if p.depth == len(p.open) {
		return t, false
	}
	p.open[p.depth] = openElement{qname: qn, nb: nbBefore}
	p.depth++
	return t, true
}

// attrValue reads ="value" (or '…') with optional space around '='; values
// with references, '<' or control characters are refused.
func (p *fastParser) attrValue() ([]byte, bool) {
	p.space()
	if p.i >= len(p.b) || p.b[p.i] != '=' {
		return nil, false
	}
	p.i++
	p.space()
	if p.i >= len(p.b) || (p.b[p.i] != '"' && p.b[p.i] != '\'') {
		return nil, false
	}
	q := p.b[p.i]
	p.i++
	start := p.i
	for ; p.i < len(p.b); p.i++ {
		c := p.b[p.i]
		if c == q {
			v := p.b[start:p.i]
			p.i++
			return v, true
		}
		if c < 0x20 || c >= 0x80 || c == '<' || c == '&' {
			return nil, false
		}
	}
	return nil, false
}

// bind declares a namespace prefix (nil: the default namespace).
func (p *fastParser) bind(prefix, uri []byte) bool {
	if p.nb == len(p.binds) {
		return false
	}
	p.binds[p.nb] = nsBinding{prefix: prefix, uri: uri}
	p.nb++
	return true
}

// lookup resolves a prefix (nil: the default namespace) to its URI; an
// unbound prefix gives nil, the unbound default namespace an empty slice.
func (p *fastParser) lookup(prefix []byte) []byte {
	for i := p.nb - 1; i >= 0; i-- {
		b := p.binds[i]
		if (prefix == nil) == (b.prefix == nil) && bytes.Equal(b.prefix, prefix) {
			return b.uri
		}
	}
	if prefix == nil {
		return []byte{}
	}
	return nil
}

// endTag reads the end tag of the innermost open element, if one is at the
// position, and pops it.
func (p *fastParser) endTag() bool {
	if p.depth == 0 || p.i+1 >= len(p.b) || p.b[p.i] != '<' || p.b[p.i+1] != '/' {
		return false
	}
	top := p.open[p.depth-1]
	j := p.i + 2
	if !bytes.HasPrefix(p.b[j:], top.qname) {
		return false
	}
	j += len(top.qname)
	for j < len(p.b) && (p.b[j] == ' ' || p.b[j] == '\t' || p.b[j] == '\n') {
		j++
	}
	if j >= len(p.b) || p.b[j] != '>' {
		return false
	}
	p.i = j + 1
	p.depth--
	p.nb = top.nb
	return true
}

// text reads character data up to the next '<', decoding the predefined
// entities; scratch is reused for decoding. ok is false for anything
// outside the subset.
func (p *fastParser) text(scratch []byte) (raw []byte, decoded []byte, ok bool) {
	start := p.i
	hasRef := false
	for ; p.i < len(p.b); p.i++ {
		c := p.b[p.i]
		if c == '<' {
			break
		}
		switch {
		case c == '&':
			hasRef = true
		case c == '>' || c == '\r' || c >= 0x80 || (c < 0x20 && c != '\t' && c != '\n'):
			return nil, nil, false
		}
	}
	raw = p.b[start:p.i]
	if !hasRef {
		return raw, nil, true
	}
	out := scratch[:0]
	for i := 0; i < len(raw); {
		if raw[i] != '&' {
			out = append(out, raw[i])
			i++
			continue
		}
		semi := bytes.IndexByte(raw[i:], ';')
		if semi < 0 {
			return nil, nil, false
		}
		switch string(raw[i+1 : i+semi]) {
		case "amp":
			out = append(out, '&')
		case "lt":
			out = append(out, '<')
		case "gt":
			out = append(out, '>')
		case "quot":
			out = append(out, '"')
		case "apos":
			out = append(out, '\'')
		default:
			return nil, nil, false
		}
		i += semi + 1
	}
	return raw, out, true
}

// blank reads character data that must be whitespace only.
func (p *fastParser) blank() bool {
	raw, dec, ok := p.text(nil)
	return ok && dec == nil && len(bytes.TrimLeft(raw, " \t\n")) == 0
}

// skip consumes the content and end tag of the element t opened.
func (p *fastParser) skip(t tag) bool {
	if t.empty {
		return true
	}
	target := p.depth - 1
	for p.depth > target {
		if _, _, ok := p.text(nil); !ok {
			return false
		}
		if p.endTag() {
			continue
		}
		if _, ok := p.startTag(); !ok {
			return false
		}
	}
	return true
}

// body reads the soap:Body's one method element and its parameters, then
// the Body's end tag.
func (p *fastParser) body(ns string, unqualified bool, c *call) bool {
	if !p.blank() {
		return false
	}
	t, ok := p.startTag()
	if !ok || string(t.space) != ns {
		return false
	}
	if c.op = lookupOperationBytes(t.local); c.op == nil {
		return false
	}
	if !t.empty && !p.params(ns, unqualified, c) {
		return false
	}
	return p.blank() && p.endTag()
}

// params reads the children of the method element up to its end tag;
// parameters are the elements in namespace ns (or in none, when
// unqualified).
func (p *fastParser) params(ns string, unqualified bool, c *call) bool {
	var scratch [128]byte
	// The values are copied into one string (one allocation per call),
	// set in document order when the parameters end.
	var joined [256]byte
	var spans [8]struct{ i, start, end int }
	jb, n := joined[:0], 0
	flush := func() {
		text := string(jb)
		for _, sp := range spans[:n] {
			c.args.set(sp.i, text[sp.start:sp.end])
		}
		jb, n = joined[:0], 0
	}
	keep := func(i int, v []byte) {
		if n == len(spans) {
			flush()
		}
		spans[n] = struct{ i, start, end int }{i, len(jb), len(jb) + len(v)}
		jb = append(jb, v...)
		n++
	}
	for {
		if _, _, ok := p.text(nil); !ok {
			return false
		}
		if p.endTag() {
			flush()
			return true
		}
		t, ok := p.startTag()
		if !ok {
			return false
		}
		i := -1
		if string(t.space) == ns || (unqualified && len(t.space) == 0) {
			i = c.op.paramBytes(t.local)
		}
		if i < 0 {
			if !p.skip(t) {
				return false
			}
			continue
		}
		if t.empty {
			keep(i, nil)
			continue
		}
		raw, dec, ok := p.text(scratch[:0])
		if !ok || !p.endTag() {
			return false
		}
		if dec != nil {
			keep(i, dec)
		} else {
			keep(i, raw)
		}
	}
}
