package framework

import (
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/config"
)

// A parallel run whose workers end without results, or cannot start,
// fails with an error naming the worker, instead of passing with nothing.
func TestParallelWorkerFailures(t *testing.T) {
	RegisterProfile(Profile{Name: "paralleltest"})
	cfg := &config.File{Targets: []config.Target{{Profile: "paralleltest", Name: "p", BaseURL: "http://127.0.0.1:1", Clock: config.ClockSkip,
		Credentials: []map[string]string{{"user": "u"}}}}}
	for exe, want := range map[string]string{
		"/bin/true":                  "worker 1 ended without results",
		"/nonexistent/authprobe-xyz": "starting worker",
	} {
		_, _, err := Run(Options{Config: cfg, Parallel: 2, Executable: exe})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("workers %s: error %v, want %q", exe, err, want)
		}
	}
}

// Only runs with a target off the controlled clock use workers.
func TestParallelizable(t *testing.T) {
	ctl := config.Target{Clock: config.ClockControlled}
	real := config.Target{Clock: config.ClockReal}
	if parallelizable(&config.File{Targets: []config.Target{ctl, ctl}}) {
		t.Error("controlled targets only: parallelizable")
	}
	if !parallelizable(&config.File{Targets: []config.Target{ctl, real}}) {
		t.Error("a real-clock target: not parallelizable")
	}
}

// stdinRecorder is a worker's stdin in a test: it keeps the lines.
type stdinRecorder struct{ strings.Builder }

func (*stdinRecorder) Close() error { return nil }

// The parent counts a target's timeouts over all workers: the third in a
// row, whichever workers they come from, tells every worker (once) that
// the target is not answering; an answer in between starts the count
// again, and another target's count is its own.
func TestParentSharesTargetHealth(t *testing.T) {
	ins := []*stdinRecorder{{}, {}, {}}
	p := &parent{health: map[string]*sharedHealth{}}
	for _, in := range ins {
		p.stdins = append(p.stdins, &workerStdin{w: in})
	}
	timeout := func(profile string) healthReport {
		return healthReport{Profile: profile, Timeout: true, Last: profile + " Authenticate: timeout"}
	}
	p.observe(timeout("irp"))
	p.observe(timeout("irp"))
	p.observe(healthReport{Profile: "irp"}) // an answer: the count starts again
	p.observe(timeout("irp"))
	p.observe(timeout("certna"))
	p.observe(timeout("irp"))
	for i, in := range ins {
		if in.Len() != 0 {
			t.Fatalf("worker %d was told %q before three timeouts in a row", i, in.String())
		}
	}
	p.observe(timeout("irp"))
	p.observe(timeout("irp")) // a fourth: told once only
	want := `down {"profile":"irp","timeouts":3,"last":"irp Authenticate: timeout"}` + "\n"
	for i, in := range ins {
		if in.String() != want {
			t.Fatalf("worker %d was told %q, want %q", i, in.String(), want)
		}
	}
}

// A worker told by the parent that a target stopped answering fails the
// target's specs not yet run, naming the count and the last timeout, until
// one of its own exchanges is answered.
func TestMarkDownGivesTargetUp(t *testing.T) {
	tg := &Target{Config: &config.Target{Profile: "irp", Timeout: config.Dur(2 * time.Second)}}
	if why := tg.unresponsive(); why != "" {
		t.Fatalf("a fresh target: %q", why)
	}
	tg.markDown(3, "irp Authenticate: timeout: context deadline exceeded")
	why := tg.unresponsive()
	for _, want := range []string{"not run:", "irp", "last 3 exchanges timed out", "timeout 2s", "context deadline exceeded"} {
		if !strings.Contains(why, want) {
			t.Fatalf("unresponsive() = %q, want it to name %q", why, want)
		}
	}
	tg.observeHealth(&wire.Exchange{Status: 200}, nil)
	if why := tg.unresponsive(); why != "" {
		t.Fatalf("after an answer: %q", why)
	}
}
