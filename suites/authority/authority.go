// Package authority holds the texts a FAILED verdict may rest on, and
// checks citations against them.
//
// Two texts are authorities: the vendor's own page of each API (texts/0*.txt,
// the "seeds", verbatim copies of ../shared/seeds) and the project's record
// of vendor facts and decisions where the vendor is silent (texts/profiles.md,
// a verbatim copy of ../shared/profiles.md). The project's own docs
// (docs/profiles/*.md) and its reference servers are not authorities: a spec
// that asserts what only they say must not FAIL a target.
//
// A citation is a quote plus where it is from:
//
//	seed: 003_a2ee3775b80ef6fd.txt
//	quote: "user_name Required [string] User name."
//
//	profiles: certna          # a section of profiles.md: ishare, videntity, irp, certna, every, verdicts
//	quote: "an invalid or expired token on a later call → HTTP 401"
//
// A quote matches when it appears in the text with white space folded
// (runs of blanks and line breaks count as one space); " ... " separates
// fragments that must appear in that order.
package authority

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"
	"sync"
)

//go:embed texts/*
var texts embed.FS

// Sections of profiles.md a citation may name besides an API's own.
const (
	// SectionEvery is "## Every profile": rules that hold for all four APIs.
	SectionEvery = "every"
	// SectionVerdicts is the preamble before the first API section (the
	// verdict vocabulary and how decisions become settings).
	SectionVerdicts = "verdicts"
)

// ProfilesFile is the name of the decisions text.
const ProfilesFile = "profiles.md"

// seedOf names the vendor page of each API.
var seedOf = map[string]string{
	"ishare":    "000_766ae4704cebab05.txt",
	"videntity": "001_dc7842f715c1c028.txt",
	"irp":       "002_6819911a5bb8264a.txt",
	"certna":    "003_a2ee3775b80ef6fd.txt",
}

// Citation is one quote from an authority.
type Citation struct {
	// Seed is the vendor page quoted (its file name), or "".
	Seed string `yaml:"seed,omitempty" json:"seed,omitempty"`
	// Profiles is the section of profiles.md quoted (an API name, "every"
	// or "verdicts"), or "".
	Profiles string `yaml:"profiles,omitempty" json:"profiles,omitempty"`
	// Quote is the cited text, verbatim but for folded white space;
	// " ... " joins fragments that appear in this order.
	Quote string `yaml:"quote" json:"quote"`
}

// String renders the citation in one line: `seed 003_….txt: "…"` or
// `profiles.md certna: "…"`.
func (c Citation) String() string {
	if c.Seed != "" {
		return fmt.Sprintf("vendor page %s: %q", c.Seed, c.Quote)
	}
	return fmt.Sprintf("profiles.md %s: %q", c.Profiles, c.Quote)
}

// Check verifies that the citation is well formed for an API's catalog and
// that its quote appears verbatim in the text it names.
func (c Citation) Check(profile string) error {
	if strings.TrimSpace(c.Quote) == "" {
		return fmt.Errorf("citation without a quote")
	}
	var text string
	switch {
	case c.Seed != "" && c.Profiles != "":
		return fmt.Errorf("citation names both seed %s and profiles %s: one source per citation", c.Seed, c.Profiles)
	case c.Seed != "":
		if want := seedOf[profile]; want != "" && c.Seed != want {
			return fmt.Errorf("cites seed %s, but the %s vendor page is %s", c.Seed, profile, want)
		}
		t, err := Text(c.Seed)
		if err != nil {
			return err
		}
		text = t
	case c.Profiles != "":
		if c.Profiles != profile && c.Profiles != SectionEvery && c.Profiles != SectionVerdicts {
			return fmt.Errorf("cites profiles.md section %q; a %s entry may cite %s, %s or %s", c.Profiles, profile, profile, SectionEvery, SectionVerdicts)
		}
		s, err := Section(c.Profiles)
		if err != nil {
			return err
		}
		text = s
	default:
		return fmt.Errorf("citation names neither a seed nor a profiles.md section")
	}
	if !Contains(text, c.Quote) {
		where := c.Seed
		if where == "" {
			where = "profiles.md section " + c.Profiles
		}
		return fmt.Errorf("quote %q does not appear verbatim in %s", c.Quote, where)
	}
	return nil
}

var (
	loadOnce sync.Once
	loaded   map[string]string
	loadErr  error
)

func load() (map[string]string, error) {
	loadOnce.Do(func() {
		loaded = map[string]string{}
		loadErr = fs.WalkDir(texts, "texts", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := texts.ReadFile(p)
			if err != nil {
				return err
			}
			loaded[strings.TrimPrefix(p, "texts/")] = string(b)
			return nil
		})
	})
	return loaded, loadErr
}

// Text returns a whole authority text by file name.
func Text(name string) (string, error) {
	all, err := load()
	if err != nil {
		return "", err
	}
	t, ok := all[name]
	if !ok {
		return "", fmt.Errorf("no authority text %q (known: the four vendor pages and %s)", name, ProfilesFile)
	}
	return t, nil
}

// Names returns the file names of every authority text.
func Names() []string {
	all, _ := load()
	out := make([]string, 0, len(all))
	for n := range all {
		out = append(out, n)
	}
	return out
}

// Section returns one section of profiles.md: an API's ("certna"), "every"
// (## Every profile) or "verdicts" (the text before the first section).
func Section(name string) (string, error) {
	t, err := Text(ProfilesFile)
	if err != nil {
		return "", err
	}
	parts := strings.Split("\n"+t, "\n## ")
	if name == SectionVerdicts {
		return parts[0], nil
	}
	for _, p := range parts[1:] {
		head, _, _ := strings.Cut(p, "\n")
		first, _, _ := strings.Cut(head, " ")
		if strings.EqualFold(first, name) {
			return p, nil
		}
	}
	return "", fmt.Errorf("profiles.md has no section %q", name)
}

// Contains reports whether quote appears in text, white space folded, its
// " ... "-separated fragments in order.
func Contains(text, quote string) bool {
	hay := fold(text)
	for _, frag := range strings.Split(quote, "...") {
		f := fold(frag)
		if f == "" {
			continue
		}
		i := strings.Index(hay, f)
		if i < 0 {
			return false
		}
		hay = hay[i+len(f):]
	}
	return true
}

// fold collapses every run of white space to one blank and trims the ends.
func fold(s string) string { return strings.Join(strings.Fields(s), " ") }
