package refkit

import (
	"fmt"
)

// Dialect is a named legal variation of a reference server: one choice the
// vendor's page and profiles.md leave open, made differently from the
// server's default (a refusal's code string, a token format, XML prefixes,
// 405 for a wrong method). The dialect matrix runs the whole catalog
// against each dialect alone and against all of a server's dialects at
// once, and expects no FAILED verdict: it proves the specs accept every
// legal implementation, as the kill matrix proves they catch every fault.
type Dialect struct {
	// Name is the dialect's name, e.g. "refusal-codes".
	Name string `json:"name" yaml:"name"`
	// Varies says what the dialect does differently, in a tester's words.
	Varies string `json:"varies" yaml:"varies"`
	// Settings are target settings a deployment speaking this dialect
	// gives, for choices profiles.md decides but marks as settings (e.g.
	// an error status other than the decided 200). Most dialects need none:
	// they vary what the docs leave open, which the specs accept unset.
	Settings map[string]string `json:"settings,omitempty" yaml:"settings,omitempty"`
}

// AllDialects is the dialect name that turns on every dialect of a server.
const AllDialects = "all"

// DialectSet is the set of dialects a server speaks. The zero value speaks
// none: the server's default answers.
type DialectSet map[string]bool

// Has reports whether the dialect is on.
func (s DialectSet) Has(name string) bool { return s[name] }

// Names returns the dialects that are on, sorted.
func (s DialectSet) Names() []string { return onNames(s) }

// ParseDialects checks names against the dialects a server knows ("all"
// turns every one on) and returns the set; an unknown name is an error that
// lists the known ones.
func ParseDialects(profile string, known []Dialect, names []string) (DialectSet, error) {
	all := make([]string, len(known))
	for i, d := range known {
		all[i] = d.Name
	}
	set, err := parseNames(profile, "dialect", all, names, true)
	return DialectSet(set), err
}

// DialectSettings merges the target settings of the dialects that are on;
// two dialects that set one setting differently are an error.
func DialectSettings(known []Dialect, on DialectSet) (map[string]string, error) {
	out := map[string]string{}
	from := map[string]string{}
	for _, d := range known {
		if !on.Has(d.Name) {
			continue
		}
		for k, v := range d.Settings {
			if prev, ok := out[k]; ok && prev != v {
				return nil, fmt.Errorf("dialects %s and %s set %s differently (%q, %q)", from[k], d.Name, k, prev, v)
			}
			out[k], from[k] = v, d.Name
		}
	}
	return out, nil
}
