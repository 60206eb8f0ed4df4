package framework

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/authprobe/authprobe/internal/suggest"
	"github.com/authprobe/authprobe/suites"
)

// expectedFile is the format of an expected-failures file:
//
//	expected_failures:
//	  - id: IRP-SKEW-002
//	    reason: vendor ticket 4711, window is five minutes on staging
type expectedFile struct {
	ExpectedFailures []struct {
		ID     string `yaml:"id"`
		Reason string `yaml:"reason"`
	} `yaml:"expected_failures"`
}

// maxExpectedFile bounds an expected-failures file.
const maxExpectedFile = 1 << 20

// unmarshalYAML decodes raw strictly into v. The YAML library panics on
// some malformed documents (goccy/go-yaml v1.19.2 on a tagged mapping where
// a sequence is expected, found by FuzzParseExpected); that is an error
// here, never a crash.
func unmarshalYAML(raw []byte, v any) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("cannot parse the YAML (the parser failed: %v); check the file's syntax", p)
		}
	}()
	if err := yaml.UnmarshalWithOptions(raw, v, yaml.DisallowUnknownField()); err != nil {
		return errors.New(strings.TrimSpace(yaml.FormatError(err, false, false)))
	}
	return nil
}

// LoadExpected reads an expected-failures file into ID -> reason. Every ID
// must be in the catalog and have a reason.
func LoadExpected(path string) (map[string]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("expected failures: %w", err)
	}
	if st.Size() > maxExpectedFile {
		return nil, fmt.Errorf("expected failures: %s is %d bytes; the limit is 1 MiB", path, st.Size())
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("expected failures: %w", err)
	}
	return ParseExpected(path, raw)
}

// ParseExpected parses expected-failures bytes; name is used in errors.
func ParseExpected(name string, raw []byte) (map[string]string, error) {
	var f expectedFile
	if err := unmarshalYAML(raw, &f); err != nil {
		return nil, fmt.Errorf("%s: %s", name, err)
	}
	out := map[string]string{}
	var errs []error
	for i, e := range f.ExpectedFailures {
		switch {
		case e.ID == "":
			errs = append(errs, fmt.Errorf("%s: expected_failures[%d]: missing id", name, i))
		case e.Reason == "":
			errs = append(errs, fmt.Errorf("%s: expected_failures[%d] (%s): missing reason", name, i, e.ID))
		default:
			if _, ok := suites.Lookup(e.ID); !ok {
				errs = append(errs, fmt.Errorf("%s: expected_failures[%d]: unknown behaviour ID %q (%s)", name, i, e.ID, orNone(suggest.Phrase(suggest.Closest(e.ID, catalogIDs(), 3)))))
			} else if _, dup := out[e.ID]; dup {
				errs = append(errs, fmt.Errorf("%s: expected_failures[%d]: %s listed twice", name, i, e.ID))
			}
			out[e.ID] = e.Reason
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// catalogIDs lists every behaviour ID of the catalog, in catalog order.
func catalogIDs() []string {
	var out []string
	for _, b := range suites.Catalog() {
		out = append(out, b.ID)
	}
	return out
}
