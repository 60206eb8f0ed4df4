package cli

import (
	"context"
	"strings"
	"testing"
	"time"
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
