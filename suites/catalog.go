// Package suites holds authprobe's conformance specs: the behaviour catalog
// (behaviors/<api>.yaml, one entry per documented behaviour), the spec
// framework (framework/) and one package of Ginkgo specs per API.
package suites

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/authprobe/authprobe/suites/authority"
)

//go:embed behaviors/*.yaml
var catalogFiles embed.FS

// Behavior is one catalog entry: a documented behaviour of an API, or a
// session-security check applied to it.
type Behavior struct {
	// ID is stable and names the spec, e.g. "IRP-SKEW-002".
	ID string `yaml:"id" json:"id"`
	// Profile is the API it belongs to.
	Profile string `yaml:"-" json:"profile"`
	// Statement is the one-line promise the spec checks.
	Statement string `yaml:"statement" json:"statement"`
	// Authority is what a FAILED verdict of this entry rests on: quotes of
	// the API's vendor page or of profiles.md (suites/authority), each
	// checked verbatim by TestCatalogAuthority. Every entry whose severity
	// is FAILED has at least one.
	Authority []authority.Citation `yaml:"authority,omitempty" json:"authority,omitempty"`
	// Smell says, for a WARNING entry without authority, why breaking it is
	// a security or interoperability smell worth a warning.
	Smell string `yaml:"smell,omitempty" json:"smell,omitempty"`
	// PinnedBy lists the settings that make the spec stricter than the
	// vendor's text: set, the target must give that exact answer.
	PinnedBy []string `yaml:"pinned_by,omitempty" json:"pinned_by,omitempty"`
	// Note points at the project's own docs (docs/profiles/<api>.md) for
	// background; it is never an authority.
	Note string `yaml:"note,omitempty" json:"note,omitempty"`
	// MapsTo lists OWASP WSTG-SESS / ASVS requirements, where relevant.
	MapsTo []string `yaml:"maps_to,omitempty" json:"maps_to,omitempty"`
	// Labels are extra Ginkgo labels: expiry, security, negative, slow.
	Labels []string `yaml:"labels,omitempty" json:"labels,omitempty"`
	// Severity is what a broken promise yields: FAILED (default) or WARNING.
	Severity string `yaml:"severity,omitempty" json:"severity,omitempty"`
	// KilledBy lists the reference-server faults ("irp:skew-window-10m")
	// that must make this spec fail; the kill matrix checks it.
	KilledBy []string `yaml:"killed_by,omitempty" json:"killed_by,omitempty"`
	// Unkillable, when set, says why no reference-server fault breaks it.
	Unkillable string `yaml:"unkillable,omitempty" json:"unkillable,omitempty"`
}

type catalogFile struct {
	Profile   string     `yaml:"profile"`
	Behaviors []Behavior `yaml:"behaviors"`
}

var catalog []Behavior

func init() {
	c, err := loadCatalog(catalogFiles)
	if err != nil {
		panic(err) // the embedded catalog is checked by tests; a broken one must not ship
	}
	catalog = c
}

func loadCatalog(fsys fs.FS) ([]Behavior, error) {
	names, err := fs.Glob(fsys, "behaviors/*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []Behavior
	seen := map[string]string{}
	for _, n := range names {
		raw, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		var f catalogFile
		if err := yaml.UnmarshalWithOptions(raw, &f, yaml.DisallowUnknownField()); err != nil {
			return nil, fmt.Errorf("catalog %s: %w", n, err)
		}
		for _, b := range f.Behaviors {
			b.Profile = f.Profile
			if b.ID == "" || b.Statement == "" {
				return nil, fmt.Errorf("catalog %s: entry %+v needs id and statement", n, b)
			}
			if prev, dup := seen[b.ID]; dup {
				return nil, fmt.Errorf("catalog %s: duplicate id %s (also in %s)", n, b.ID, prev)
			}
			if b.Severity == "" {
				b.Severity = "FAILED"
			}
			seen[b.ID] = n
			out = append(out, b)
		}
	}
	return out, nil
}

// Authorities renders the entry's citations, one line each.
func (b Behavior) Authorities() []string {
	out := make([]string, len(b.Authority))
	for i, c := range b.Authority {
		out[i] = c.String()
	}
	return out
}

// CheckAuthority says what is wrong with the entry's authority: a FAILED
// entry without a citation, a citation whose quote is not verbatim in the
// text it names, a WARNING entry with neither citation nor smell.
func (b Behavior) CheckAuthority() []error {
	var errs []error
	if b.Severity == "FAILED" && len(b.Authority) == 0 {
		errs = append(errs, fmt.Errorf("%s: a FAILED-capable entry cites no authority (a vendor quote or a profiles.md decision)", b.ID))
	}
	if b.Severity == "WARNING" && len(b.Authority) == 0 && strings.TrimSpace(b.Smell) == "" {
		errs = append(errs, fmt.Errorf("%s: a WARNING entry needs an authority or a smell", b.ID))
	}
	for _, c := range b.Authority {
		if err := c.Check(b.Profile); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", b.ID, err))
		}
	}
	return errs
}

// Catalog returns every behaviour, grouped by profile in file order.
func Catalog() []Behavior { return append([]Behavior(nil), catalog...) }

// Lookup returns the behaviour with the given ID.
func Lookup(id string) (Behavior, bool) {
	for _, b := range catalog {
		if b.ID == id {
			return b, true
		}
	}
	return Behavior{}, false
}
