package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/results"
)

// The kill matrix: the clean reference servers pass every spec, and every
// named fault of every reference server fails exactly the specs whose
// catalog entries list it; every catalog entry is killed by some fault or
// says why it cannot be. It runs twice: on the default servers, and on
// servers speaking all their dialects at once (the specs still catch each
// fault when every open choice is made differently from the default).
func TestKillMatrix(t *testing.T) {
	for _, allDialects := range []bool{false, true} {
		name := "default"
		if allDialects {
			name = "all-dialects"
		}
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
			defer cancel()
			m, err := RunKillMatrix(ctx, binary, nil, 2, allDialects)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			PrintKillMatrix(&b, m)
			t.Log("\n" + b.String())
			if !m.OK {
				t.Fatal("kill matrix mismatch (table above)")
			}
			faults := 0
			for _, r := range m.Rows {
				if r.Fault != "" {
					faults++
				}
			}
			if faults < 20 {
				t.Fatalf("only %d faults in the matrix", faults)
			}
		})
	}
}

// The dialect matrix: every reference server speaks at least MinDialects
// legal variations, and no spec FAILS on any of them, alone or all at once.
func TestDialectMatrix(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	m, err := RunDialectMatrix(ctx, binary, nil, 2)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	PrintDialectMatrix(&b, m)
	t.Log("\n" + b.String())
	if !m.OK {
		t.Fatal("dialect matrix: specs FAIL legal variations (table above)")
	}
}

// A fault's row: killed exactly, missing, extra, and masked - an expected
// WARNING entry that already warns on the clean (all-dialects) server.
func TestJudgeFault(t *testing.T) {
	const soap = "ISHARE-SOAP-001" // WARNING, killed_by ishare:soap12-refused
	cases := []struct {
		name     string
		v, base  map[string]results.Verdict
		ok       bool
		masked   int
		missing  int
		extra    int
		failures int
	}{
		{"killed", map[string]results.Verdict{soap: results.Warning}, map[string]results.Verdict{soap: results.Passed}, true, 0, 0, 0, 0},
		{"missed", map[string]results.Verdict{soap: results.Passed}, map[string]results.Verdict{soap: results.Passed}, false, 0, 1, 0, 0},
		{"masked", map[string]results.Verdict{soap: results.Warning}, map[string]results.Verdict{soap: results.Warning}, true, 1, 0, 0, 0},
		{"extra", map[string]results.Verdict{soap: results.Warning, "ISHARE-CSK-001": results.Failed}, map[string]results.Verdict{soap: results.Passed}, false, 0, 0, 1, 1},
	}
	for _, c := range cases {
		row := KillRow{Profile: "ishare", Fault: "soap12-refused", Failed: c.failures}
		judgeFault(&row, c.v, c.base)
		if row.OK != c.ok || len(row.Masked) != c.masked || len(row.Missing) != c.missing || len(row.Extra) != c.extra {
			t.Errorf("%s: %+v", c.name, row)
		}
	}
}
