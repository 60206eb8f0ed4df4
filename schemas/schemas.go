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
	"sort"
	"strings"
	"sync"

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
// Schema, a .xsd is XSD. A mismatch is a *Violation.
func Validate(name string, body []byte) error {
	switch {
	case strings.HasSuffix(name, ".json"):
		return validateJSON(name, body)
	case strings.HasSuffix(name, ".xsd"):
		return validateXML(name, body)
	}
	return fmt.Errorf("schema %s: unknown schema kind", name)
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

func validateXML(name string, body []byte) error {
	if bytes.Contains(body, []byte("<!DOCTYPE")) || bytes.Contains(body, []byte("<!ENTITY")) {
		return &Violation{Schema: name, Problems: []string{ErrDoctype.Error()}, Fragment: fragment(body)}
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
