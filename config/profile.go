package config

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Profile is one API's table of what a target configuration may give it:
// its settings (name, default, meaning, how the value is read) and the keys
// of its credentials. Each API declares its table once, in its client
// package (clients/<api>/settings.go), and the specs, the load targeters,
// the reference servers and `authprobe list --settings` all read it.
type Profile struct {
	// Name is the profile name, e.g. "certna".
	Name string
	// Settings the profile accepts, in documentation order. The common
	// settings of the conformance framework are added by the framework.
	Settings []Setting
	// Credentials are the keys of one credentials entry, in the order a
	// human writes them.
	Credentials []Credential
}

// Credential is one key of a credentials entry.
type Credential struct {
	// Key is the YAML key, e.g. "user_name".
	Key string
	// Secret marks a value that must never appear unmasked in logs or
	// reports (passwords, shared secrets, keys).
	Secret bool
	// Doc says what the value is.
	Doc string
}

// Kind says how a setting's text is read.
type Kind int

// The kinds of settings.
const (
	// String is any text.
	String Kind = iota
	// DurationKind is a Go duration ("20m").
	DurationKind
	// Int is a whole number.
	Int
	// Bool is true or false.
	Bool
	// Status is an HTTP status (100-599).
	Status
	// List is a comma-separated list ("INVALID_TOKEN, InvalidToken").
	List
	// Enum is one of Setting.Values.
	Enum
)

// Setting is one row of a profile's table.
type Setting struct {
	// Name is the key under a target's settings.
	Name string
	// Default is the value when the target gives none; "" means unset.
	Default string
	// Doc says what the setting means and where its default comes from.
	Doc string
	// Kind says how the value is read.
	Kind Kind
	// Values are the allowed values of an Enum.
	Values []string
	// Pin marks a setting that pins a choice the vendor leaves open: unset,
	// the specs accept every legal form; set, they require this one.
	// Reports list the pins a run used.
	Pin bool
}

// Check reads v as the setting's kind and says what is wrong with it.
func (s Setting) Check(v string) error {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	switch s.Kind {
	case DurationKind:
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("bad duration %q (write e.g. 90s, 20m)", v)
		}
		if d < 0 {
			return fmt.Errorf("negative duration %q", v)
		}
	case Int:
		if _, err := strconv.Atoi(v); err != nil {
			return fmt.Errorf("bad integer %q", v)
		}
	case Bool:
		if _, err := strconv.ParseBool(v); err != nil {
			return fmt.Errorf("bad boolean %q (true or false)", v)
		}
	case Status:
		n, err := strconv.Atoi(v)
		if err != nil || n < 100 || n > 599 {
			return fmt.Errorf("bad HTTP status %q", v)
		}
	case Enum:
		for _, a := range s.Values {
			if v == a {
				return nil
			}
		}
		return fmt.Errorf("bad value %q (one of %s)", v, strings.Join(s.Values, ", "))
	}
	return nil
}

// Setting returns the row of a setting by name.
func (p Profile) Setting(name string) (Setting, bool) {
	for _, s := range p.Settings {
		if s.Name == name {
			return s, true
		}
	}
	return Setting{}, false
}

// SettingNames returns the setting names, sorted.
func (p Profile) SettingNames() []string {
	out := make([]string, len(p.Settings))
	for i, s := range p.Settings {
		out[i] = s.Name
	}
	sort.Strings(out)
	return out
}

// Defaults returns every setting with a default, as a target's settings map.
func (p Profile) Defaults() map[string]string {
	out := map[string]string{}
	for _, s := range p.Settings {
		if s.Default != "" {
			out[s.Name] = s.Default
		}
	}
	return out
}

// CredentialKeys returns the keys of a credentials entry, in table order.
func (p Profile) CredentialKeys() []string {
	out := make([]string, len(p.Credentials))
	for i, c := range p.Credentials {
		out[i] = c.Key
	}
	return out
}

// SecretKeys returns the keys whose values are secrets.
func (p Profile) SecretKeys() []string {
	var out []string
	for _, c := range p.Credentials {
		if c.Secret {
			out = append(out, c.Key)
		}
	}
	return out
}

// CheckCredentials says which keys of the table an entry lacks, or nil.
func (p Profile) CheckCredentials(entry map[string]string) []string {
	var missing []string
	for _, c := range p.Credentials {
		if strings.TrimSpace(entry[c.Key]) == "" {
			missing = append(missing, c.Key)
		}
	}
	return missing
}

// ParseList splits a List setting's value: comma-separated, blanks trimmed,
// empty items dropped.
func ParseList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
