package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/authprobe/authprobe/refservers/refkit"
	"github.com/authprobe/authprobe/refservers/registry"
	"github.com/authprobe/authprobe/reports"
	"github.com/authprobe/authprobe/results"
)

// DialectRow is one line of the dialect matrix: a reference server speaking
// one dialect (or all of its dialects at once) and the specs that FAILED
// against it, which must be none.
type DialectRow struct {
	Profile  string   `json:"profile"`
	Dialect  string   `json:"dialect"` // a dialect name, or "all"
	Failed   []string `json:"failed,omitempty"`
	Warnings int      `json:"warnings"`
	Passed   int      `json:"passed"`
	Skipped  int      `json:"skipped"`
	OK       bool     `json:"ok"`
	Error    string   `json:"error,omitempty"`
	// Messages are the failure messages, by spec ID.
	Messages map[string]string `json:"messages,omitempty"`
}

// DialectMatrix is the specificity matrix: the mirror of the kill matrix.
// Where the kill matrix proves each spec catches its fault, this proves the
// specs accept every legal variation the vendor leaves open.
type DialectMatrix struct {
	Rows []DialectRow `json:"rows"`
	// Missing lists profiles with fewer than MinDialects dialects.
	Missing []string `json:"missing,omitempty"`
	OK      bool     `json:"ok"`
}

// MinDialects is how many dialects each reference server must speak.
const MinDialects = 8

// RunDialectMatrix runs exe (an authprobe binary) against each reference
// server once per dialect and once with all its dialects at once, in
// parallel processes, and expects no FAILED verdict anywhere.
func RunDialectMatrix(ctx context.Context, exe string, profiles []string, parallel int) (*DialectMatrix, error) {
	if len(profiles) == 0 {
		profiles = registry.Names()
	}
	dir, err := os.MkdirTemp("", "authprobe-dialectmatrix-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	m := &DialectMatrix{OK: true}
	var jobs []*conformJob
	for _, p := range profiles {
		d, err := registry.Lookup(p)
		if err != nil {
			return nil, err
		}
		if len(d.Dialects) < MinDialects {
			m.Missing = append(m.Missing, fmt.Sprintf("%s has %d dialects, want at least %d", p, len(d.Dialects), MinDialects))
			m.OK = false
		}
		for _, x := range d.Dialects {
			jobs = append(jobs, &conformJob{profile: p, dialect: p + ":" + x.Name})
		}
		jobs = append(jobs, &conformJob{profile: p, dialect: p + ":" + refkit.AllDialects})
	}
	runConformJobs(ctx, exe, dir, parallel, jobs)
	for _, j := range jobs {
		_, name, _ := strings.Cut(j.dialect, ":")
		row := DialectRow{Profile: j.profile, Dialect: name}
		if j.err != nil {
			row.Error = j.err.Error()
		} else {
			for _, s := range j.run.Conformance.Specs {
				switch s.Verdict {
				case results.Failed, results.UnexpectedPass:
					row.Failed = append(row.Failed, s.ID)
					if row.Messages == nil {
						row.Messages = map[string]string{}
					}
					row.Messages[s.ID] = s.Message
				case results.Warning:
					row.Warnings++
				case results.Passed:
					row.Passed++
				case results.Skipped:
					row.Skipped++
				}
			}
			sort.Strings(row.Failed)
		}
		row.OK = row.Error == "" && len(row.Failed) == 0 && row.Passed > 0
		m.OK = m.OK && row.OK
		m.Rows = append(m.Rows, row)
	}
	return m, nil
}

// PrintDialectMatrix writes the matrix as a table, then each failure's
// message.
func PrintDialectMatrix(w io.Writer, m *DialectMatrix) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PROFILE\tDIALECT\tRESULT\tPASSED\tWARNING\tSKIPPED\tFAILED")
	failed := 0
	for _, r := range m.Rows {
		res := "ok"
		if !r.OK {
			res = "FALSE-FAIL"
		}
		f := strings.Join(r.Failed, ",")
		if r.Error != "" {
			f = r.Error
		}
		failed += len(r.Failed)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%s\n", r.Profile, r.Dialect, res, r.Passed, r.Warnings, r.Skipped, f)
	}
	tw.Flush()
	for _, r := range m.Rows {
		for _, id := range r.Failed {
			fmt.Fprintf(w, "%s:%s %s: %s\n", r.Profile, r.Dialect, id, r.Messages[id])
		}
	}
	for _, s := range m.Missing {
		fmt.Fprintln(w, s)
	}
	if m.OK {
		fmt.Fprintf(w, "dialect matrix: %d servers, 0 FAILED verdicts: the specs accept every legal variation\n", len(m.Rows))
	} else {
		fmt.Fprintf(w, "dialect matrix: %d FAILED verdicts on legal variations\n", failed)
	}
}

func (a *app) dialectMatrix(f conformFlags) error {
	if f.target != "" {
		return usageErr("--dialect-matrix runs against the reference servers; it takes no --target")
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	m, err := RunDialectMatrix(a.ctx, exe, f.sf.profiles, 2)
	if err != nil {
		return withCode(ExitUsage, err)
	}
	PrintDialectMatrix(a.stdout, m)
	if f.jsonOut != "" {
		b, _ := json.MarshalIndent(m, "", "  ")
		if err := reports.WriteFileAtomic(f.jsonOut, append(b, '\n')); err != nil {
			return err
		}
	}
	if !m.OK {
		return silentExit(ExitFailed)
	}
	return nil
}
