package diff

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/authprobe/authprobe/results"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./diff -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test ./diff -update rewrites it after review)\n--- got ---\n%s", path, got)
	}
}

// mixedReport has one change of every kind.
func mixedReport() *Report {
	b, n := baseRun(), newRun()
	setVerdict(n, "IRP-A-001", results.Failed, "want code 2003, got a token")
	setVerdict(n, "IRP-A-002", results.Passed, "")
	setVerdict(n, "IRP-A-003", results.Warning, "session cookie lacks Secure")
	setVerdict(n, "IRP-A-004", results.Passed, "")
	n.Conformance.Specs = append(n.Conformance.Specs[:4], spec("IRP-D-001", results.Passed, ""))
	n.Load[0].Latency = results.Latency{P50: 41, P95: 150, P99: 320}
	n.Load[0].TokensPerSec = 150
	n.Load[0].SuccessRatio = 0.997
	return Compare(b, n, DefaultLimits())
}

func TestRenderingsGolden(t *testing.T) {
	r := mixedReport()
	golden(t, "mixed.txt.golden", []byte(r.Text()))
	golden(t, "mixed.md.golden", []byte(r.Markdown()))
}
