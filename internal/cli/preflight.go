package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/results"
	"github.com/authprobe/authprobe/suites/framework"
)

// stoppedTarget is a target of a conformance run that could not be tested:
// unreachable, or failing its login preflight. Its specs are NOT-RUN and
// the run exits 3.
type stoppedTarget struct {
	name, profile string
	cause         error
}

// checkTargets checks every target of cfg before its specs, all targets at
// once: its host must accept connections and, with login, its login
// endpoint must answer in the API's documented shape or with a documented
// refusal (framework.Preflight, each API's probe through its own client).
// It returns the configuration of the targets that passed and the stopped
// ones in configuration order; a target that cannot even be set up (a bad
// setting) is a usage error.
func checkTargets(ctx context.Context, cfg *config.File, login bool) (*config.File, []stoppedTarget, error) {
	errs := make([]error, len(cfg.Targets))
	var wg sync.WaitGroup
	for i := range cfg.Targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := cfg.Targets[i]
			if err := dialTarget(ctx, t); err != nil {
				errs[i] = err
				return
			}
			if login {
				errs[i] = framework.Preflight(ctx, &t)
			}
		}()
	}
	wg.Wait()
	healthy := *cfg
	healthy.Targets = nil
	var stopped []stoppedTarget
	var usage []error
	for i, t := range cfg.Targets {
		var pe *framework.PreflightError
		var ue *unreachableError
		switch err := errs[i]; {
		case err == nil:
			healthy.Targets = append(healthy.Targets, t)
		case errors.As(err, &pe), errors.As(err, &ue):
			stopped = append(stopped, stoppedTarget{name: t.Name, profile: t.Profile, cause: err})
		default:
			usage = append(usage, err)
		}
	}
	if len(usage) > 0 {
		return nil, nil, withCode(ExitUsage, errors.Join(usage...))
	}
	return &healthy, stopped, nil
}

// unreachableError is a target whose host does not accept connections.
type unreachableError struct {
	target, baseURL string
	err             error
}

func (e *unreachableError) Error() string {
	return fmt.Sprintf("target %s (%s) is unreachable: %v", e.target, e.baseURL, e.err)
}

func (e *unreachableError) Unwrap() error { return e.err }

// dialTarget checks that a target's host accepts TCP connections, within
// the target's timeout (at most 5 s).
func dialTarget(ctx context.Context, t config.Target) error {
	u, err := url.Parse(t.BaseURL)
	if err != nil {
		return fmt.Errorf("target %s: bad base_url: %w", t.Name, err)
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"https": "443", "http": "80"}[u.Scheme]
	}
	timeout := t.Timeout.Std()
	if timeout <= 0 || timeout > 5*time.Second {
		timeout = 5 * time.Second
	}
	d := net.Dialer{Timeout: timeout}
	c, err := d.DialContext(ctx, "tcp", net.JoinHostPort(u.Hostname(), port))
	if err != nil {
		return &unreachableError{target: t.Name, baseURL: t.BaseURL, err: err}
	}
	c.Close()
	return nil
}

// stoppedError is the error a run with stopped targets ends with: one
// line per target, exit code 3.
func stoppedError(stopped []stoppedTarget) error {
	if len(stopped) == 0 {
		return nil
	}
	var errs []error
	for _, s := range stopped {
		errs = append(errs, s.cause)
	}
	return &exitError{code: ExitUnreachable, err: errors.Join(errs...)}
}

// addNotRun records the stopped targets in run: each target API gets its
// error, and every spec of it the filter selects is NOT-RUN with the error
// as its reason. Specs stay sorted by profile and ID.
func addNotRun(run *results.Run, stopped []stoppedTarget, filter string) {
	if len(stopped) == 0 {
		return
	}
	if run.Conformance == nil {
		run.Conformance = &results.Conformance{LabelFilter: filter}
	}
	c := run.Conformance
	for _, s := range stopped {
		cause := framework.Redactor().Redact(s.cause.Error())
		for i := range run.Target.APIs {
			if run.Target.APIs[i].Name == s.name {
				run.Target.APIs[i].Error = cause
			}
		}
		c.Specs = append(c.Specs, framework.NotRun(s.profile, filter, cause)...)
	}
	framework.SortSpecs(c.Specs)
}

// testedTargets returns cfg without the targets run says were not tested,
// and notes in run that those get no load check.
func testedTargets(cfg *config.File, run *results.Run) *config.File {
	skip := map[string]bool{}
	for _, a := range run.Target.APIs {
		if a.Error != "" {
			skip[a.Name] = true
			run.Notes = append(run.Notes, fmt.Sprintf("load check of %s not run: the target was not tested (%s)", a.Name, a.Error))
		}
	}
	out := *cfg
	out.Targets = nil
	for _, t := range cfg.Targets {
		if !skip[t.Name] {
			out.Targets = append(out.Targets, t)
		}
	}
	return &out
}

// filterSource names where the label filter of a run came from, for errors.
func filterSource(flag string, cfg *config.File) string {
	if flag != "" || cfg == nil {
		return "--label-filter"
	}
	return strings.TrimSpace(cfg.Path + ": conform.label_filter")
}
