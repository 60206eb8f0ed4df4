package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/authprobe/authprobe/internal/testserver/hostile"
	"github.com/authprobe/authprobe/reports"
	"github.com/authprobe/authprobe/results"
)

// lockedBuffer collects a process's output while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// probe is a running authprobe.
type probe struct {
	cmd            *exec.Cmd
	stdout, stderr *lockedBuffer
	done           chan error
}

func startProbe(t *testing.T, args ...string) *probe {
	t.Helper()
	p := &probe{cmd: exec.Command(binary, args...), stdout: &lockedBuffer{}, stderr: &lockedBuffer{}, done: make(chan error, 1)}
	p.cmd.Stdout, p.cmd.Stderr = p.stdout, p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// waitFor polls cond for up to d; false when it never held or the process
// ended first.
func (p *probe) waitFor(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if cond() {
			return true
		}
		select {
		case err := <-p.done:
			p.done <- err
			return false
		case <-time.After(20 * time.Millisecond):
		}
	}
	return false
}

// interrupt sends sig and returns the exit code and how long the process
// took to end after the signal (the test fails past 10s).
func (p *probe) interrupt(t *testing.T, sig syscall.Signal) (int, time.Duration) {
	t.Helper()
	sent := time.Now()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.done:
		took := time.Since(sent)
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatal(err)
		}
		return p.cmd.ProcessState.ExitCode(), took
	case <-time.After(10 * time.Second):
		t.Fatalf("still running 10s after %s\nstdout: %s\nstderr: %s", sig, p.stdout, p.stderr)
	}
	return 0, 0
}

var signals = []struct {
	sig  syscall.Signal
	code int
}{{syscall.SIGINT, ExitInterrupted}, {syscall.SIGTERM, ExitTerminated}}

// checkExit holds an interrupted run to its promises: the signal's exit
// code within 2s, no panic.
func checkExit(t *testing.T, p *probe, sig syscall.Signal, want, code int, took time.Duration) {
	t.Helper()
	if code != want {
		t.Errorf("exit %d after %s, want %d\nstdout: %s\nstderr: %s", code, sig, want, p.stdout, p.stderr)
	}
	if took > 2*time.Second {
		t.Errorf("took %s to exit after %s (bound 2s)", took, sig)
	}
	noPanic(t, "interrupted run", p.stderr.String())
}

// checkNoHalfFiles fails when dir holds a temporary file or a JSON or XML
// file that does not parse.
func checkNoHalfFiles(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		p := filepath.Join(dir, name)
		if strings.Contains(name, ".tmp") || strings.HasPrefix(name, ".") {
			t.Errorf("left behind: %s", name)
			continue
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		switch filepath.Ext(name) {
		case ".json":
			if !json.Valid(raw) {
				t.Errorf("%s is not valid JSON (%d bytes)", name, len(raw))
			}
		case ".jsonl":
			sc := bufio.NewScanner(bytes.NewReader(raw))
			sc.Buffer(make([]byte, 1<<20), 1<<20)
			for n := 1; sc.Scan(); n++ {
				if !json.Valid(sc.Bytes()) {
					t.Errorf("%s line %d is not JSON: %q", name, n, sc.Text())
				}
			}
		case ".xml":
			if err := xml.Unmarshal(raw, new(struct{})); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
}

// slowTarget starts a videntity server that never answers and returns a
// target configuration for it, with a long timeout so that only the
// interruption can end the run.
func slowTarget(t *testing.T) (*hostile.Server, string) {
	t.Helper()
	srv, err := hostile.Start("videntity", hostile.SlowHeaders)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	cfg := writeFile(t, "slow.yaml", `environment: test
targets:
  - profile: videntity
    base_url: `+srv.URL+`
    clock: real
    timeout: 60s
    credentials:
      - `+hostileCredentials["videntity"]+`
`)
	return srv, cfg
}

// SIGINT and SIGTERM during conform against a target that hangs: exit
// 130/143 within 2s, the JSON written and marked incomplete, the spec
// under way SKIPPED as interrupted rather than FAILED.
func TestInterruptConform(t *testing.T) {
	for _, s := range signals {
		t.Run(s.sig.String(), func(t *testing.T) {
			srv, cfg := slowTarget(t)
			dir := t.TempDir()
			out := filepath.Join(dir, "conform.json")
			p := startProbe(t, "conform", "--target", cfg, "--json", out)
			if !p.waitFor(30*time.Second, func() bool { return srv.Requests() > 0 }) {
				t.Fatalf("conform never reached the target\n%s%s", p.stdout, p.stderr)
			}
			code, took := p.interrupt(t, s.sig)
			checkExit(t, p, s.sig, s.code, code, took)
			checkNoHalfFiles(t, dir)
			run, err := reports.ReadJSON(out)
			if err != nil {
				t.Fatal(err)
			}
			if !run.Incomplete {
				t.Error(`conform --json: "incomplete" is false`)
			}
			for _, sp := range run.Conformance.Specs {
				if sp.Verdict == "FAILED" {
					t.Errorf("%s FAILED after the interruption: %s", sp.ID, sp.Message)
				}
				if sp.Verdict == "SKIPPED" && sp.Reason == "" {
					t.Errorf("%s SKIPPED without a reason", sp.ID)
				}
			}
		})
	}
}

// SIGINT and SIGTERM during load: exit 130/143 within 2s, the result and
// the raw file complete and parseable, the result marked incomplete.
func TestInterruptLoad(t *testing.T) {
	for _, s := range signals {
		t.Run(s.sig.String(), func(t *testing.T) {
			srv, cfg := slowTarget(t)
			dir := t.TempDir()
			out, raw := filepath.Join(dir, "load.json"), filepath.Join(dir, "hits.jsonl")
			p := startProbe(t, "load", "--target", cfg, "--rate", "20/s", "--duration", "60s", "--result-out", out, "--raw", raw)
			if !p.waitFor(30*time.Second, func() bool { return srv.Requests() >= 5 }) {
				t.Fatalf("load never reached the target\n%s%s", p.stdout, p.stderr)
			}
			code, took := p.interrupt(t, s.sig)
			checkExit(t, p, s.sig, s.code, code, took)
			checkNoHalfFiles(t, dir)
			run, err := reports.ReadJSON(out)
			if err != nil {
				t.Fatal(err)
			}
			if !run.Incomplete || len(run.Load) != 1 || !run.Load[0].Interrupted {
				t.Errorf("load result: incomplete %v, %d results", run.Incomplete, len(run.Load))
			}
		})
	}
}

// SIGINT and SIGTERM during run, once in the conformance against a target
// that hangs and once in the load check against the embedded servers:
// exit 130/143 within 2s and every report written, marked incomplete.
func TestInterruptRun(t *testing.T) {
	for _, s := range signals {
		t.Run("conformance/"+s.sig.String(), func(t *testing.T) {
			srv, cfg := slowTarget(t)
			dir := filepath.Join(t.TempDir(), "out")
			p := startProbe(t, "run", "--target", cfg, "--out", dir)
			if !p.waitFor(30*time.Second, func() bool { return srv.Requests() > 0 }) {
				t.Fatalf("run never reached the target\n%s%s", p.stdout, p.stderr)
			}
			code, took := p.interrupt(t, s.sig)
			checkExit(t, p, s.sig, s.code, code, took)
			checkReports(t, dir)
		})
		t.Run("load-check/"+s.sig.String(), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			p := startProbe(t, "run", "--profiles", "irp", "--out", dir)
			// The conformance summary is printed before the load check starts.
			if !p.waitFor(60*time.Second, func() bool { return strings.Contains(p.stdout.String(), "\nconformance: ") }) {
				t.Fatalf("run never finished its conformance\n%s%s", p.stdout, p.stderr)
			}
			time.Sleep(time.Second) // into the 3s load check
			code, took := p.interrupt(t, s.sig)
			checkExit(t, p, s.sig, s.code, code, took)
			run := checkReports(t, dir)
			if len(run.Load) != 1 || !run.Load[0].Interrupted {
				t.Errorf("want the interrupted load check in the report, got %d load results", len(run.Load))
			}
		})
	}
}

// checkReports checks that dir holds every report, none half-written, and
// that report.json is marked incomplete.
func checkReports(t *testing.T, dir string) *results.Run {
	t.Helper()
	for _, name := range []string{reports.FileJSON, reports.FileJUnit, reports.FileHTML, reports.FileMarkdown} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("report missing: %v", err)
		}
	}
	checkNoHalfFiles(t, dir)
	run, err := reports.ReadJSON(filepath.Join(dir, reports.FileJSON))
	if err != nil {
		t.Fatal(err)
	}
	if !run.Incomplete {
		t.Error(`report.json: "incomplete" is false`)
	}
	if md, _ := os.ReadFile(filepath.Join(dir, reports.FileMarkdown)); !bytes.Contains(bytes.ToLower(md), []byte("incomplete")) {
		t.Error("summary.md does not say the run is incomplete")
	}
	return run
}
