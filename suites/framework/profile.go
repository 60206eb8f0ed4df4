// Package framework is what the conformance specs stand on: the targets
// under test and their settings, spec registration by catalog ID, evidence
// and schema checks for every exchange, warnings, shared waits for expiry
// specs, and the in-process Ginkgo runner behind `authprobe conform`.
package framework

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/config"
)

// Setting is one row of a profile's settings table (config.Setting).
type Setting = config.Setting

// Profile is what a spec package registers about its API.
type Profile struct {
	// Name is the profile name ("irp").
	Name string
	// Table is the API's settings-and-credentials table, declared once in
	// its client package.
	Table config.Profile
	// SchemaFor names the schema an exchange's answer must match
	// (schemas.Validate), or "" when the answer has no body to check.
	SchemaFor func(op string, x *wire.Exchange) string
	// ServerTime extracts the server's clock from an answer, for clock
	// offset measurement; nil when the API reports no time.
	ServerTime func(x *wire.Exchange) (time.Time, bool)
}

// DateHeader is a Profile.ServerTime for APIs whose answers carry no time
// of their own: it reads the HTTP Date header. Date is truncated to the
// second, so the server's clock read somewhere in the second after it: the
// middle of that second is the unbiased estimate.
func DateHeader(x *wire.Exchange) (time.Time, bool) {
	if x == nil || x.Header == nil {
		return time.Time{}, false
	}
	t, err := http.ParseTime(x.Header.Get("Date"))
	if err != nil {
		return time.Time{}, false
	}
	return t.Add(time.Second / 2), true
}

// settings returns the common settings followed by the profile's own.
func (p Profile) settings() []Setting {
	return append(append([]Setting{}, CommonSettings...), p.Table.Settings...)
}

// CommonSettings are accepted by every profile.
var CommonSettings = []Setting{
	{Name: "expiry_margin", Default: "2s", Kind: config.DurationKind, Doc: "slack around a TTL when checking expiry: alive at TTL-margin, dead at TTL+margin"},
	{Name: "token_samples", Default: "200", Kind: config.Int, Doc: "logins used for the token entropy and uniqueness checks"},
	{Name: "min_token_entropy_bits", Default: "64", Kind: config.Int, Doc: "minimum estimated token entropy (ASVS 3.2.2)"},
}

var (
	profMu   sync.RWMutex
	profiles = map[string]Profile{}
)

// RegisterProfile records a spec package's profile; call it from init.
func RegisterProfile(p Profile) {
	profMu.Lock()
	defer profMu.Unlock()
	if _, dup := profiles[p.Name]; dup {
		panic(fmt.Sprintf("framework: profile %s registered twice", p.Name))
	}
	profiles[p.Name] = p
}

// Profiles returns the registered profile names, sorted.
func Profiles() []string {
	profMu.RLock()
	defer profMu.RUnlock()
	out := make([]string, 0, len(profiles))
	for n := range profiles {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func lookupProfile(name string) (Profile, bool) {
	profMu.RLock()
	defer profMu.RUnlock()
	p, ok := profiles[name]
	return p, ok
}

// SettingNames returns the settings a profile accepts (for config checks).
func SettingNames(profile string) []string {
	p, ok := lookupProfile(profile)
	if !ok {
		return nil
	}
	var out []string
	for _, s := range p.settings() {
		out = append(out, s.Name)
	}
	sort.Strings(out)
	return out
}

// SettingsDoc renders the settings of a profile as a table for docs and
// `authprobe list --settings`.
func SettingsDoc(profile string) string {
	p, _ := lookupProfile(profile)
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 1, ' ', 0)
	for _, s := range p.settings() {
		def := s.Default
		if def == "" {
			def = "(unset)"
		}
		pin := ""
		if s.Pin {
			pin = " [pin: unset accepts every legal form]"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s%s\n", s.Name, def, s.Doc, pin)
	}
	tw.Flush()
	return b.String()
}

// ProfileTable returns a registered profile's table with the common
// settings first, as a target configuration may give them (for the target
// configuration's JSON Schema).
func ProfileTable(name string) (config.Profile, bool) {
	p, ok := lookupProfile(name)
	if !ok {
		return config.Profile{}, false
	}
	t := p.Table
	t.Name = name
	t.Settings = p.settings()
	return t, true
}
