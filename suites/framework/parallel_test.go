package framework

import (
	"strings"
	"testing"

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
