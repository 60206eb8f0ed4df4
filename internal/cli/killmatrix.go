package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/authprobe/authprobe/refservers/refkit"
	"github.com/authprobe/authprobe/refservers/registry"
	"github.com/authprobe/authprobe/reports"
	"github.com/authprobe/authprobe/results"
	"github.com/authprobe/authprobe/suites"
)

// KillRow is one line of the kill matrix: a fault, the specs the catalog
// says it breaks, and the specs that changed verdict against it.
type KillRow struct {
	Profile  string   `json:"profile"`
	Fault    string   `json:"fault"` // "" for the clean server
	Expected []string `json:"expected"`
	Killed   []string `json:"killed"`
	Missing  []string `json:"missing,omitempty"` // expected but not killed
	// Masked are expected WARNING entries that already warn on the clean
	// server (a dialect legally makes the choice the fault forces, e.g.
	// SOAP 1.1 only): the fault cannot change them there.
	Masked []string `json:"masked,omitempty"`
	Extra  []string `json:"extra,omitempty"` // killed but not expected
	Failed int      `json:"failed"`
	OK     bool     `json:"ok"`
	Error  string   `json:"error,omitempty"`
}

// KillMatrix is the whole matrix plus catalog coverage.
type KillMatrix struct {
	Rows []KillRow `json:"rows"`
	// AllDialects says every server spoke all its dialects at once.
	AllDialects bool `json:"all_dialects,omitempty"`
	// Unkilled lists catalog entries no fault kills and that carry no
	// written reason.
	Unkilled []string `json:"unkilled,omitempty"`
	OK       bool     `json:"ok"`
}

// RunKillMatrix runs exe (an authprobe binary) once against each clean
// reference server and once per named fault, in parallel processes, and
// compares the specs whose verdict changed with the catalog's killed_by.
// With allDialects every server speaks all its dialects at once, so the
// matrix proves the specs still catch each fault on a server that makes
// every open choice differently from the default.
func RunKillMatrix(ctx context.Context, exe string, profiles []string, parallel int, allDialects bool) (*KillMatrix, error) {
	if len(profiles) == 0 {
		profiles = registry.Names()
	}
	if parallel < 1 {
		parallel = 2
	}
	dir, err := os.MkdirTemp("", "authprobe-killmatrix-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)

	var jobs []*conformJob
	for _, p := range profiles {
		d, err := registry.Lookup(p)
		if err != nil {
			return nil, err
		}
		dialect := ""
		if allDialects {
			dialect = p + ":" + refkit.AllDialects
		}
		jobs = append(jobs, &conformJob{profile: p, dialect: dialect})
		for _, f := range d.Faults {
			jobs = append(jobs, &conformJob{profile: p, fault: f.Name, dialect: dialect})
		}
	}
	runConformJobs(ctx, exe, dir, parallel, jobs)

	m := &KillMatrix{OK: true, AllDialects: allDialects}
	clean := map[string]map[string]results.Verdict{}
	for _, j := range jobs {
		if j.fault == "" && j.err == nil {
			clean[j.profile] = verdicts(j.run)
		}
	}
	killedSomewhere := map[string]bool{}
	for _, j := range jobs {
		row := KillRow{Profile: j.profile, Fault: j.fault}
		if j.err != nil {
			row.Error = j.err.Error()
			m.Rows = append(m.Rows, row)
			m.OK = false
			continue
		}
		v := verdicts(j.run)
		row.Failed = j.run.Conformance.Counts()[results.Failed]
		if j.fault == "" {
			row.OK = row.Failed == 0
			for id, verdict := range v {
				if verdict == results.Failed {
					row.Extra = append(row.Extra, id)
				}
			}
			sort.Strings(row.Extra)
		} else {
			judgeFault(&row, v, clean[j.profile])
			// A masked entry is accounted for: the default matrix kills it.
			for _, id := range append(row.Killed, row.Masked...) {
				killedSomewhere[id] = true
			}
		}
		if !row.OK {
			m.OK = false
		}
		m.Rows = append(m.Rows, row)
	}
	for _, b := range suites.Catalog() {
		in := false
		for _, p := range profiles {
			in = in || b.Profile == p
		}
		if in && !killedSomewhere[b.ID] && b.Unkillable == "" {
			m.Unkilled = append(m.Unkilled, b.ID)
			m.OK = false
		}
	}
	return m, nil
}

// judgeFault fills a fault's row from the verdicts against the faulty
// server (v) and the clean one (base): the specs the catalog says it kills,
// those it did (a FAILED or WARNING verdict the clean server did not give),
// and what is missing or extra. An expected WARNING entry that already warns
// on the clean server is masked, not missing: a dialect may legally make the
// choice the fault forces (SOAP 1.1 only), and then the fault cannot change
// that verdict.
func judgeFault(row *KillRow, v, base map[string]results.Verdict) {
	name := row.Profile + ":" + row.Fault
	for _, b := range suites.Catalog() {
		for _, k := range b.KilledBy {
			if k == name {
				row.Expected = append(row.Expected, b.ID)
			}
		}
	}
	for id, verdict := range v {
		if (verdict == results.Failed || verdict == results.Warning) && base[id] != verdict {
			row.Killed = append(row.Killed, id)
		}
	}
	sort.Strings(row.Expected)
	sort.Strings(row.Killed)
	for _, id := range minus(row.Expected, row.Killed) {
		if b, _ := suites.Lookup(id); b.Severity == string(results.Warning) && base[id] == results.Warning {
			row.Masked = append(row.Masked, id)
		}
	}
	row.Missing = minus(minus(row.Expected, row.Killed), row.Masked)
	row.Extra = minus(row.Killed, row.Expected)
	seen := row.Failed > 0 || allWarnings(row.Killed) || (len(row.Killed) == 0 && len(row.Masked) > 0)
	row.OK = len(row.Expected) > 0 && len(row.Missing) == 0 && len(row.Extra) == 0 && seen
}

func allWarnings(ids []string) bool {
	for _, id := range ids {
		if b, _ := suites.Lookup(id); b.Severity != string(results.Warning) {
			return false
		}
	}
	return len(ids) > 0
}

func verdicts(r *results.Run) map[string]results.Verdict {
	out := map[string]results.Verdict{}
	if r != nil && r.Conformance != nil {
		for _, s := range r.Conformance.Specs {
			out[s.ID] = s.Verdict
		}
	}
	return out
}

func minus(a, b []string) []string {
	set := map[string]bool{}
	for _, x := range b {
		set[x] = true
	}
	var out []string
	for _, x := range a {
		if !set[x] {
			out = append(out, x)
		}
	}
	return out
}

// PrintKillMatrix writes the matrix as a table.
func PrintKillMatrix(w io.Writer, m *KillMatrix) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PROFILE\tFAULT\tRESULT\tKILLED SPECS\tPROBLEM")
	for _, r := range m.Rows {
		fault := r.Fault
		if fault == "" {
			fault = "(clean)"
		}
		res := "ok"
		if !r.OK {
			res = "MISMATCH"
		}
		var problem []string
		if r.Error != "" {
			problem = append(problem, r.Error)
		}
		if r.Fault == "" && len(r.Extra) > 0 {
			problem = append(problem, "clean server fails "+strings.Join(r.Extra, ","))
		} else {
			if len(r.Expected) == 0 && r.Error == "" && r.Fault != "" {
				problem = append(problem, "no catalog entry lists this fault in killed_by")
			}
			if len(r.Missing) > 0 {
				problem = append(problem, "not killed: "+strings.Join(r.Missing, ","))
			}
			if len(r.Masked) > 0 {
				problem = append(problem, "masked (already WARNING on the clean server): "+strings.Join(r.Masked, ","))
			}
			if len(r.Extra) > 0 {
				problem = append(problem, "also failed: "+strings.Join(r.Extra, ","))
			}
		}
		killed := strings.Join(r.Killed, ",")
		if r.Fault == "" {
			killed = fmt.Sprintf("%d failed", r.Failed)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Profile, fault, res, killed, strings.Join(problem, "; "))
	}
	tw.Flush()
	if len(m.Unkilled) > 0 {
		fmt.Fprintf(w, "catalog entries killed by no fault and without a reason: %s\n", strings.Join(m.Unkilled, ", "))
	}
	on := "default servers"
	if m.AllDialects {
		on = "servers speaking all their dialects"
	}
	faults := 0
	for _, r := range m.Rows {
		if r.Fault != "" {
			faults++
		}
	}
	if m.OK {
		fmt.Fprintf(w, "kill matrix (%s): each of %d faults is caught by exactly the specs it breaks\n", on, faults)
	} else {
		fmt.Fprintf(w, "kill matrix (%s): MISMATCH\n", on)
	}
}

func (a *app) killMatrix(f conformFlags) error {
	if f.target != "" {
		return usageErr("--kill-matrix runs against the reference servers; it takes no --target")
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	var matrices []*KillMatrix
	ok := true
	for _, all := range []bool{false, true} {
		m, err := RunKillMatrix(a.ctx, exe, f.sf.profiles, 2, all)
		if err != nil {
			return withCode(ExitUsage, err)
		}
		PrintKillMatrix(a.stdout, m)
		matrices = append(matrices, m)
		ok = ok && m.OK
	}
	if f.jsonOut != "" {
		b, _ := json.MarshalIndent(matrices, "", "  ")
		if err := reports.WriteFileAtomic(f.jsonOut, append(b, '\n')); err != nil {
			return err
		}
	}
	if !ok {
		return silentExit(ExitFailed)
	}
	return nil
}

// conformJob is one `authprobe conform` process of a matrix: a profile's
// reference server with at most one fault and a dialect (or "profile:all").
type conformJob struct {
	profile, fault, dialect string
	out                     string
	run                     *results.Run
	err                     error
}

// runConformJobs runs the jobs, parallel at a time, each writing its JSON
// results under dir; a job's err says why it produced none.
func runConformJobs(ctx context.Context, exe, dir string, parallel int, jobs []*conformJob) {
	if parallel < 1 {
		parallel = 2
	}
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for i, j := range jobs {
		j.out = filepath.Join(dir, fmt.Sprintf("run-%03d.json", i))
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			args := []string{"conform", "--profiles", j.profile, "--json", j.out, "--quiet"}
			if j.fault != "" {
				args = append(args, "--fault", j.profile+":"+j.fault)
			}
			if j.dialect != "" {
				args = append(args, "--dialect", j.dialect)
			}
			cmd := exec.CommandContext(ctx, exe, args...)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			cmd.Stdout = io.Discard
			err := cmd.Run()
			var ee *exec.ExitError
			if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == ExitFailed) {
				j.err = fmt.Errorf("%s %s: %v: %s", exe, strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
				return
			}
			j.run, j.err = reports.ReadJSON(j.out)
		}()
	}
	wg.Wait()
}
