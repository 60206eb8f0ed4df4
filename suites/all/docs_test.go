package all

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every code block of docs/writing-specs.md that names its file ("From
// `suites/certna/checksum.go`:") is a verbatim copy of a part of that file,
// so the guide's example compiles and runs with the suite it was copied
// from, and the guide goes stale loudly.
func TestWritingSpecsQuotesRealCode(t *testing.T) {
	root := filepath.Join("..", "..")
	doc, err := os.ReadFile(filepath.Join(root, "docs", "writing-specs.md"))
	if err != nil {
		t.Fatal(err)
	}
	from := regexp.MustCompile("[Ff]rom\\s+`([^`]+)`")
	lines := strings.Split(string(doc), "\n")
	checked := 0
	for i := 0; i < len(lines); i++ {
		lang, ok := strings.CutPrefix(lines[i], "```")
		if !ok || lang == "" {
			continue
		}
		start := i + 1
		end := start
		for end < len(lines) && lines[end] != "```" {
			end++
		}
		block := strings.Join(lines[start:end], "\n")
		i = end
		source := ""
		before := strings.Join(lines[max(0, start-5):start-1], " ")
		if m := from.FindAllStringSubmatch(before, -1); m != nil {
			source = m[len(m)-1][1]
		}
		if source == "" {
			if lang == "go" {
				t.Errorf("docs/writing-specs.md:%d: a Go block that names no source file (write \"From `path`:\" above it)", start)
			}
			continue
		}
		code, err := os.ReadFile(filepath.Join(root, source))
		if err != nil {
			t.Errorf("docs/writing-specs.md:%d: %v", start, err)
			continue
		}
		if !strings.Contains(string(code), block) {
			t.Errorf("docs/writing-specs.md:%d: the block is no longer a verbatim part of %s; copy it again:\n%s", start, source, block)
		}
		checked++
	}
	if checked < 5 {
		t.Errorf("only %d code blocks checked; the guide should quote the spec, its entry, its answers, a timeline and the security registration", checked)
	}
}
