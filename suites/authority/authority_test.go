package authority

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestContainsFoldsWhiteSpaceAndKeepsOrder(t *testing.T) {
	text := "Parm Name Req/Opt\nuser_name   Required [string] User name.\npassword Required [string] Base64 encoded SHA1 hash."
	for _, q := range []string{
		"user_name Required [string] User name.",
		"user_name Required ... Base64 encoded SHA1 hash.",
		"  password   Required  ",
	} {
		if !Contains(text, q) {
			t.Errorf("Contains(%q) = false", q)
		}
	}
	for _, q := range []string{
		"Base64 encoded SHA1 hash. ... user_name", // wrong order
		"user_name Required [string] User name!",  // not verbatim
		"password required",                       // case matters
	} {
		if Contains(text, q) {
			t.Errorf("Contains(%q) = true", q)
		}
	}
}

func TestCheckNamesTheProblem(t *testing.T) {
	good := []struct {
		profile string
		c       Citation
	}{
		{"certna", Citation{Seed: "003_a2ee3775b80ef6fd.txt", Quote: "user_name Required [string] User name."}},
		{"certna", Citation{Profiles: "certna", Quote: "an invalid or expired token on a later call → HTTP 401"}},
		{"irp", Citation{Profiles: SectionEvery, Quote: "secrets never echoed back"}},
		{"ishare", Citation{Seed: "000_766ae4704cebab05.txt", Quote: "1024 – Client authentication failed"}},
	}
	for _, g := range good {
		if err := g.c.Check(g.profile); err != nil {
			t.Errorf("%s %v: %v", g.profile, g.c, err)
		}
	}
	bad := []struct {
		profile string
		c       Citation
		want    string
	}{
		{"certna", Citation{Seed: "003_a2ee3775b80ef6fd.txt", Quote: "answers 400 MISSING_PARAMETER"}, "does not appear verbatim"},
		{"certna", Citation{Seed: "002_6819911a5bb8264a.txt", Quote: "Success"}, "vendor page is 003"},
		{"irp", Citation{Profiles: "certna", Quote: "salt"}, "may cite irp"},
		{"irp", Citation{Quote: "x"}, "neither a seed"},
		{"irp", Citation{Profiles: "irp"}, "without a quote"},
	}
	for _, b := range bad {
		err := b.c.Check(b.profile)
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%s %v: error %v, want one containing %q", b.profile, b.c, err, b.want)
		}
	}
}

func TestSections(t *testing.T) {
	for _, name := range []string{"ishare", "videntity", "irp", "certna", SectionEvery, SectionVerdicts} {
		s, err := Section(name)
		if err != nil || len(s) < 100 {
			t.Errorf("Section(%s): %d bytes, %v", name, len(s), err)
		}
	}
	irp, _ := Section("irp")
	if strings.Contains(irp, "CeRTNA") {
		t.Error("the irp section runs into the certna one")
	}
}

// The embedded texts are verbatim copies of the shared originals; where
// those are at hand (a developer checkout beside ../shared), any drift is
// an error. AUTHPROBE_SHARED names another place.
func TestTextsMatchTheSharedOriginals(t *testing.T) {
	dir := os.Getenv("AUTHPROBE_SHARED")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared")
	}
	if _, err := os.Stat(filepath.Join(dir, "profiles.md")); err != nil {
		t.Logf("no shared originals at %s: only the embedded copies are checked", dir)
		return
	}
	for _, name := range Names() {
		orig := filepath.Join(dir, "seeds", name)
		if name == ProfilesFile {
			orig = filepath.Join(dir, name)
		}
		want, err := os.ReadFile(orig)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		got, _ := Text(name)
		if got != string(want) {
			t.Errorf("suites/authority/texts/%s differs from %s: copy it again", name, orig)
		}
	}
}
