package reports

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/authprobe/authprobe/results"
	"github.com/authprobe/authprobe/schemas"
	"github.com/authprobe/authprobe/secrets"
)

func TestWriteAllWritesFourReports(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "authprobe-report")
	paths, err := WriteAll(dir, loadRun())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range paths {
		names = append(names, filepath.Base(p))
		if filepath.Dir(p) != dir {
			t.Errorf("%s written outside %s", p, dir)
		}
	}
	sort.Strings(names)
	if got := strings.Join(names, " "); got != "junit.xml report.html report.json summary.md" {
		t.Fatalf("wrote %s", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		t.Errorf("%d entries in %s (temporary files left?)", len(entries), dir)
	}
	b, _ := os.ReadFile(filepath.Join(dir, FileJSON))
	if err := schemas.Validate("report/run.schema.json", b); err != nil {
		t.Error(err)
	}
	back, err := ReadJSON(filepath.Join(dir, FileJSON))
	if err != nil || back.Load[0].Name != "constant-200" {
		t.Errorf("report.json does not read back: %v", err)
	}
}

func TestWriteAllMarksIncompleteRunInEveryFormat(t *testing.T) {
	dir := t.TempDir()
	if _, err := WriteAll(dir, incompleteRun()); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		FileJSON:     `"incomplete": true`,
		FileJUnit:    `type="INCOMPLETE"`,
		FileHTML:     `id="incomplete-banner"`,
		FileMarkdown: `**Incomplete run:**`,
	}
	for name, marker := range want {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), marker) {
			t.Errorf("%s does not mark the run incomplete (no %s)", name, marker)
		}
	}
	// and a complete run is marked in none
	dir2 := t.TempDir()
	if _, err := WriteAll(dir2, loadRun()); err != nil {
		t.Fatal(err)
	}
	for name, marker := range want {
		b, _ := os.ReadFile(filepath.Join(dir2, name))
		if strings.Contains(string(b), marker) {
			t.Errorf("complete run: %s contains %s", name, marker)
		}
	}
}

func TestWriteAllReportsUnwritableDirectory(t *testing.T) {
	file := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	paths, err := WriteAll(file, loadRun())
	if err == nil || len(paths) != 0 {
		t.Fatalf("want an error and no paths, got %v %v", paths, err)
	}
	if !strings.Contains(err.Error(), "report.json") || !strings.Contains(err.Error(), "summary.md") {
		t.Errorf("error does not name every failed file: %v", err)
	}
}

// sentinel secrets: what a target's credentials and tokens look like.
const (
	sentinelPassword = "S3ntinel-Passw0rd-7781"
	sentinelToken    = "tok_SENTINEL_9f8e7d6c5b4a"
	sentinelAPIKey   = "ak-SENTINEL-api-key-0042"
)

func secretRun() *results.Run {
	r := incompleteRun()
	r.Target.APIs[2].BaseURL = "https://" + sentinelAPIKey + "@shop.staging.example.com"
	s := &r.Conformance.Specs[4]
	s.Message = "login with password " + sentinelPassword + " returned token " + sentinelToken
	s.Evidence = append(s.Evidence, results.Evidence{
		Request:  "POST /api/Authenticate?key=" + sentinelAPIKey + " HTTP/1.1\r\n\r\n{\"Password\":\"" + sentinelPassword + "\"}",
		Response: "HTTP/1.1 200 OK\r\n\r\n{\"AuthenticationToken\":\"" + sentinelToken + "\"}",
	})
	r.Conformance.Specs[1].Message = "warning mentions " + sentinelToken
	r.Conformance.Specs[2].Reason = "skipped for " + sentinelAPIKey
	r.Conformance.Specs[7].Reason = "listed with " + sentinelPassword
	r.Load[0].Errors[`Post "https://shop/?key=`+sentinelAPIKey+`": EOF`] = 2
	r.Load[0].Thresholds[0].Expr = "p99<250ms " + sentinelToken
	r.Load[1].Steps[2].Broken = "broke at " + sentinelToken
	r.Notes = append(r.Notes, "token "+sentinelToken+" seen in a log line")
	return r
}

func TestEveryReportMasksRegisteredSecrets(t *testing.T) {
	var red secrets.Redactor
	red.Add(sentinelPassword, sentinelToken, sentinelAPIKey)
	dir := t.TempDir()
	paths, err := WriteAll(dir, secretRun(), WithRedactor(&red))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 4 {
		t.Fatalf("wrote %d files", len(paths))
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{sentinelPassword, sentinelToken, sentinelAPIKey} {
			if n := strings.Count(string(b), s); n > 0 {
				t.Errorf("%s contains the secret %q %d times", filepath.Base(p), s, n)
			}
		}
		if !strings.Contains(string(b), secrets.Mask(sentinelToken)) {
			t.Errorf("%s does not show the masked token (was the text dropped instead?)", filepath.Base(p))
		}
	}
	// the run itself keeps its data: masking is the writers' business
	if !strings.Contains(secretRun().Conformance.Specs[4].Message, sentinelPassword) {
		t.Fatal("fixture broken")
	}
}

func TestWritersWithoutRedactorKeepText(t *testing.T) {
	md := string(Markdown(secretRun()))
	if !strings.Contains(md, sentinelPassword) {
		t.Error("without a redactor the message must be kept as is (the sentinel test would prove nothing)")
	}
}
