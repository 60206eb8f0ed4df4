// Package schemas holds the JSON Schemas and XSDs every response is
// validated against, embedded in the binary and exportable for vendors.
// JSON goes through github.com/xeipuuv/gojsonschema, XML through libxml2
// (github.com/terminalstatic/go-xsd-validate).
//
// Files live under one folder per API: schemas/irp/response.schema.json,
// schemas/videntity/response.xsd, …
package schemas

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	xsdvalidate "github.com/terminalstatic/go-xsd-validate"
	"github.com/xeipuuv/gojsonschema"
)

//go:embed */*.json */*.xsd
var files embed.FS

// maxFragment bounds the offending fragment quoted in a violation.
const maxFragment = 300

// Names lists every embedded schema ("irp/response.schema.json", …).
func Names() []string {
	var out []string
	_ = fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// Read returns an embedded schema's bytes.
func Read(name string) ([]byte, error) {
	b, err := files.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("schema %s: not embedded (known: %s)", name, strings.Join(Names(), ", "))
	}
	return b, nil
}

// Export writes every schema into dir, keeping the per-API folders.
func Export(dir string) ([]string, error) {
	var written []string
	for _, n := range Names() {
		b, _ := files.ReadFile(n)
		dst := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return written, fmt.Errorf("export schemas: %w", err)
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			return written, fmt.Errorf("export schemas: %w", err)
		}
		written = append(written, dst)
	}
	return written, nil
}

// Violation is a response that does not match its schema.
type Violation struct {
	Schema   string
	Problems []string
	Fragment string
}

func (v *Violation) Error() string {
	return fmt.Sprintf("response does not match schema %s: %s; offending fragment: %s",
		v.Schema, strings.Join(v.Problems, "; "), v.Fragment)
}

var (
	jsonMu  sync.Mutex
	jsonSch = map[string]*gojsonschema.Schema{}

	xsdOnce sync.Once
	xsdErr  error
	xsdMu   sync.Mutex
	xsdSch  = map[string]*xsdvalidate.XsdHandler{}
)

// Validate checks body against the named schema: a .json schema is JSON
// Schema, a .xsd is XSD. A mismatch is a *Violation. Every API answers in
// UTF-8, so a body that is not UTF-8 text (invalid sequences, NUL bytes,
// which is also how UTF-16 shows) is a violation before any parser sees it.
func Validate(name string, body []byte) error {
	kind := ""
	switch {
	case strings.HasSuffix(name, ".json"):
		kind = "json"
	case strings.HasSuffix(name, ".xsd"):
		kind = "xml"
	default:
		return fmt.Errorf("schema %s: unknown schema kind", name)
	}
	if msg := notUTF8(body); msg != "" {
		return &Violation{Schema: name, Problems: []string{msg}, Fragment: fragment(bytes.ToValidUTF8(body, []byte("\uFFFD")))}
	}
	if kind == "json" {
		return validateJSON(name, body)
	}
	return validateXML(name, body)
}

// notUTF8 says why body is not UTF-8 text, or returns "".
func notUTF8(body []byte) string {
	for i := 0; i < len(body); {
		c := body[i]
		if c == 0 {
			return fmt.Sprintf("the response is not UTF-8 text: NUL byte at offset %d", i)
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(body[i:])
		if r == utf8.RuneError && size <= 1 {
			return fmt.Sprintf("the response is not valid UTF-8: byte 0x%02x at offset %d", c, i)
		}
		i += size
	}
	return ""
}

func validateJSON(name string, body []byte) error {
	jsonMu.Lock()
	s, ok := jsonSch[name]
	if !ok {
		raw, err := Read(name)
		if err != nil {
			jsonMu.Unlock()
			return err
		}
		s, err = gojsonschema.NewSchema(gojsonschema.NewBytesLoader(raw))
		if err != nil {
			jsonMu.Unlock()
			return fmt.Errorf("schema %s: %w", name, err)
		}
		jsonSch[name] = s
	}
	jsonMu.Unlock()
	res, err := s.Validate(gojsonschema.NewBytesLoader(body))
	if err != nil {
		return &Violation{Schema: name, Problems: []string{"not JSON: " + err.Error()}, Fragment: fragment(body)}
	}
	if res.Valid() {
		return nil
	}
	v := &Violation{Schema: name, Fragment: fragment(body)}
	for _, e := range res.Errors() {
		v.Problems = append(v.Problems, e.String())
		if v.Fragment == fragment(body) && e.Value() != nil {
			v.Fragment = fmt.Sprintf("%s = %v", e.Field(), e.Value())
			if len(v.Fragment) > maxFragment {
				v.Fragment = v.Fragment[:maxFragment] + "…"
			}
		}
	}
	return v
}

// ErrDoctype is returned for XML documents carrying a DOCTYPE: SOAP forbids
// them, none of the APIs sends one, and refusing them keeps entity
// expansion and external entities out of libxml2 entirely.
var ErrDoctype = errors.New("XML entity expansion refused: the document has a DOCTYPE declaration")

// ErrEncoding is returned for XML documents that declare an encoding other
// than UTF-8 (or its subset US-ASCII): libxml2 would decode them, and in
// an encoding such as UTF-7 a DOCTYPE does not look like one to the check
// above.
var ErrEncoding = errors.New("XML encoding refused: the document declares an encoding other than UTF-8")

// xmlEncodingRe finds the encoding of an XML declaration.
var xmlEncodingRe = regexp.MustCompile(`^\x{FEFF}?\s*<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)["']`)

func validateXML(name string, body []byte) error {
	if bytes.Contains(body, []byte("<!DOCTYPE")) || bytes.Contains(body, []byte("<!ENTITY")) {
		return &Violation{Schema: name, Problems: []string{ErrDoctype.Error()}, Fragment: fragment(body)}
	}
	if m := xmlEncodingRe.FindSubmatch(body); m != nil {
		switch strings.ToLower(string(m[1])) {
		case "utf-8", "utf8", "us-ascii", "ascii":
		default:
			return &Violation{Schema: name, Problems: []string{fmt.Sprintf("%v (%q)", ErrEncoding, m[1])}, Fragment: fragment(body)}
		}
	}
	xsdOnce.Do(func() {
		if err := xsdvalidate.Init(); err != nil && !strings.Contains(err.Error(), "already initialized") {
			xsdErr = err
		}
	})
	if xsdErr != nil {
		return fmt.Errorf("libxml2: %w", xsdErr)
	}
	xsdMu.Lock()
	h, ok := xsdSch[name]
	if !ok {
		raw, err := Read(name)
		if err != nil {
			xsdMu.Unlock()
			return err
		}
		h, err = xsdvalidate.NewXsdHandlerMem(raw, xsdvalidate.ParsErrVerbose)
		if err != nil {
			xsdMu.Unlock()
			return fmt.Errorf("schema %s: %w", name, err)
		}
		xsdSch[name] = h
	}
	xsdMu.Unlock()
	err := h.ValidateMem(body, xsdvalidate.ParsErrVerbose)
	if err == nil {
		return nil
	}
	v := &Violation{Schema: name, Fragment: fragment(body)}
	var ve xsdvalidate.ValidationError
	if errors.As(err, &ve) {
		for _, e := range ve.Errors {
			v.Problems = append(v.Problems, fmt.Sprintf("line %d: %s", e.Line, strings.TrimSpace(e.Message)))
			if e.Line > 0 {
				v.Fragment = lineOf(body, e.Line)
			}
		}
	} else {
		v.Problems = append(v.Problems, strings.TrimSpace(err.Error()))
	}
	return v
}

func fragment(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > maxFragment {
		s = s[:maxFragment] + "…"
	}
	if s == "" {
		return "(empty body)"
	}
	return s
}

func lineOf(b []byte, n int) string {
	lines := strings.Split(string(b), "\n")
	if n < 1 || n > len(lines) {
		return fragment(b)
	}
	if len(lines) == 1 {
		return fragment(b)
	}
	return fragment([]byte(lines[n-1]))
}
