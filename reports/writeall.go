package reports

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/authprobe/authprobe/results"
)

// File names WriteAll writes into its directory.
const (
	FileJSON     = "report.json"
	FileJUnit    = "junit.xml"
	FileHTML     = "report.html"
	FileMarkdown = "summary.md"
)

// WriteAll writes every report of run into dir (created if missing):
// report.json, junit.xml, report.html and summary.md, each atomically. It
// returns the paths written. A writer that fails does not stop the others:
// the error joins every failure and the paths list what was written.
func WriteAll(dir string, run *results.Run, opts ...Option) ([]string, error) {
	render := []struct {
		name string
		fn   func() ([]byte, error)
	}{
		{FileJSON, func() ([]byte, error) { return JSON(run, opts...) }},
		{FileJUnit, func() ([]byte, error) { return JUnit(run, opts...) }},
		{FileHTML, func() ([]byte, error) { return HTML(run, opts...) }},
		{FileMarkdown, func() ([]byte, error) { return Markdown(run, opts...), nil }},
	}
	var written []string
	var errs []error
	for _, w := range render {
		path := filepath.Join(dir, w.name)
		b, err := w.fn()
		if err != nil {
			errs = append(errs, fmt.Errorf("reports: %s: %w", w.name, err))
			continue
		}
		if err := WriteFileAtomic(path, b); err != nil {
			errs = append(errs, fmt.Errorf("reports: %w", err))
			continue
		}
		written = append(written, path)
	}
	return written, errors.Join(errs...)
}
