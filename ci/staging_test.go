package ci

import (
	"sort"
	"strings"
	"testing"

	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/load"
	"github.com/authprobe/authprobe/refservers/refkit"
	"github.com/authprobe/authprobe/refservers/registry"
	"github.com/authprobe/authprobe/suites/framework"
)

// parseTarget checks a target file the way `authprobe run --target` does,
// with every referenced variable set.
func parseTarget(t *testing.T, name string, data []byte) *config.File {
	t.Helper()
	common := func(string) []string {
		var out []string
		for _, s := range framework.CommonSettings {
			out = append(out, s.Name)
		}
		return out
	}
	f, err := config.Parse(name, data, config.Options{Profiles: registry.Names(), Settings: common, Getenv: fakeEnv(string(data))})
	if err != nil {
		t.Fatalf("%s does not load: %v", name, err)
	}
	return f
}

// credentialKeys returns the keys of a profile's accounts, as its reference
// server hands them out.
func credentialKeys(t *testing.T, profile string) []string {
	t.Helper()
	d, err := registry.Lookup(profile)
	if err != nil {
		t.Fatal(err)
	}
	_, creds := d.New(refkit.Options{})
	var keys []string
	for k := range creds[0] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// checkTargetFile loads a target file and its load section, and checks
// every target's credential keys against the profile's.
func checkTargetFile(t *testing.T, name string, data []byte) *config.File {
	t.Helper()
	f := parseTarget(t, name, data)
	for _, tg := range f.Targets {
		for i, cred := range tg.Credentials {
			var keys []string
			for k, v := range cred {
				keys = append(keys, k)
				if v == "" {
					t.Errorf("%s: target %s credentials[%d].%s is empty", name, tg.Name, i, k)
				}
			}
			sort.Strings(keys)
			if want := credentialKeys(t, tg.Profile); strings.Join(keys, ",") != strings.Join(want, ",") {
				t.Errorf("%s: target %s credentials[%d] has keys %v, profile %s wants %v", name, tg.Name, i, keys, tg.Profile, want)
			}
		}
	}
	sc, err := load.FromConfig(f, "")
	if err != nil {
		t.Fatalf("%s: load section: %v", name, err)
	}
	if _, err := load.ParseThresholds(sc.Thresholds); err != nil {
		t.Errorf("%s: thresholds: %v", name, err)
	}
	return f
}

func TestStagingExampleLoads(t *testing.T) {
	data := read(t, stagingTarget)
	f := checkTargetFile(t, stagingTarget, data)
	var profiles []string
	for _, tg := range f.Targets {
		profiles = append(profiles, tg.Profile)
		if !strings.HasPrefix(tg.BaseURL, "https://") {
			t.Errorf("target %s: staging base URL %q is not https", tg.Name, tg.BaseURL)
		}
	}
	if got, want := strings.Join(profiles, ","), strings.Join(registry.Names(), ","); got != want {
		t.Errorf("example covers %s, want every profile %s", got, want)
	}
	if f.Environment != config.EnvStaging {
		t.Errorf("environment %q", f.Environment)
	}
}

func TestStagingExampleKeepsSecretsOutOfTheFile(t *testing.T) {
	f := parseTarget(t, stagingTarget, read(t, stagingTarget))
	for _, tg := range f.Targets {
		for _, cred := range tg.Credentials {
			for k, v := range cred {
				if v != secretValue {
					t.Errorf("target %s: credential %s is written in the file, not read from ${VAR}", tg.Name, k)
				}
			}
		}
	}
}
