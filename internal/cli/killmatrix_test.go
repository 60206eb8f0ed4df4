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
// says why it cannot be.
func TestKillMatrix(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	m, err := RunKillMatrix(ctx, binary, nil, 2, false)
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
}

// The kill matrix again, every server speaking all its dialects at once:
// the specs still catch each fault when every open choice is made
// differently from the default.
func TestKillMatrixOnAllDialects(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	m, err := RunKillMatrix(ctx, binary, nil, 2, true)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	PrintKillMatrix(&b, m)
	t.Log("\n" + b.String())
	if !m.OK {
		t.Fatal("kill matrix on all-dialects servers: mismatch (table above)")
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
