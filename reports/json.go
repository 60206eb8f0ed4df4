package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/authprobe/authprobe/results"
)

// JSON renders a run as indented JSON (schema: schemas/report/run.schema.json).
func JSON(r *results.Run) ([]byte, error) {
	if r.SchemaVersion == "" {
		r.SchemaVersion = results.SchemaVersion
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("json report: %w", err)
	}
	return append(b, '\n'), nil
}

// ReadJSON reads a run written by JSON.
func ReadJSON(path string) (*results.Run, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read report: %w", err)
	}
	defer f.Close()
	var r results.Run
	dec := json.NewDecoder(io.LimitReader(f, 256<<20))
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("read report %s: %w", path, err)
	}
	if r.SchemaVersion == "" {
		return nil, fmt.Errorf("read report %s: not an authprobe JSON report (no schema_version)", path)
	}
	return &r, nil
}
