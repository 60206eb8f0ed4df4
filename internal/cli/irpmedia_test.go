package cli

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/reports"
)

// TestIRPMediaTypeObserved: the IRP specs accept each form the reference
// answers in (the text/plain default, json-content-type, json-in-string)
// and report which one the target chose and what it means for the seed's
// jQuery example.
func TestIRPMediaTypeObserved(t *testing.T) {
	for _, c := range []struct {
		dialect string
		want    string
	}{
		{"", "text/plain; charset=utf-8: JSON text (jQuery hands it over as text; JSON.parse(data) works)"},
		{"irp:json-content-type", "application/json; charset=utf-8: JSON text (jQuery parses it itself; the seed's JSON.parse(data) throws)"},
		{"irp:json-in-string", "application/json; charset=utf-8: a JSON string holding the JSON text (jQuery parses it to the text; JSON.parse(data) works)"},
	} {
		out := filepath.Join(t.TempDir(), "conform.json")
		args := []string{"conform", "--profiles", "irp", "--json", out}
		if c.dialect != "" {
			args = append(args, "--dialect", c.dialect)
		}
		r := authprobe(t, 3*time.Minute, args...)
		if r.code != ExitOK {
			t.Errorf("%v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
			continue
		}
		if !strings.Contains(r.stdout, "observed media type of an Authenticate answer") {
			t.Errorf("%v: the console does not show the observation:\n%s", args, r.stdout)
		}
		run, err := reports.ReadJSON(out)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, api := range run.Target.APIs {
			for _, o := range api.Observed {
				if strings.HasPrefix(o.Situation, "media type of an Authenticate answer") {
					got = append(got, o.Answer)
				}
			}
		}
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("%s: observed %q, want [%q]", c.dialect, got, c.want)
		}
	}
}
