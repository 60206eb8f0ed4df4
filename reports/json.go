package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/authprobe/authprobe/results"
)

// JSON renders a run as indented JSON (schema: schemas/report/run.schema.json,
// documented in docs/reports.md). Free text is masked through the redactor
// of WithRedactor; the run itself is not modified.
func JSON(r *results.Run, opts ...Option) ([]byte, error) {
	p := prepare(r, collect(opts))
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("json report: %w", err)
	}
	return append(b, '\n'), nil
}

// maxReportSize bounds a JSON report read back from disk.
const maxReportSize = 256 << 20

// ReadJSON reads a run written by JSON.
func ReadJSON(path string) (*results.Run, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read report: %w", err)
	}
	defer f.Close()
	r, err := DecodeJSON(io.LimitReader(f, maxReportSize))
	if err != nil {
		return nil, fmt.Errorf("read report %s: %w", path, err)
	}
	return r, nil
}

// DecodeJSON decodes a run written by JSON from rd.
func DecodeJSON(rd io.Reader) (*results.Run, error) {
	var r results.Run
	if err := json.NewDecoder(rd).Decode(&r); err != nil {
		return nil, fmt.Errorf("decode JSON report: %w", err)
	}
	if r.SchemaVersion == "" {
		return nil, fmt.Errorf("not an authprobe JSON report (no schema_version)")
	}
	return &r, nil
}
