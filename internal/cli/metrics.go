package cli

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/metrics"
	"github.com/authprobe/authprobe/reports"
	"github.com/authprobe/authprobe/results"
	"github.com/authprobe/authprobe/secrets"
	"github.com/authprobe/authprobe/suites/framework"
)

// Defaults of the metrics flags.
const (
	defaultPushJob     = "authprobe"
	defaultPushTimeout = 10 * time.Second
)

// metricsFlags export a run's summary for dashboards: OpenMetrics text
// into a file, and a push to a Prometheus Pushgateway.
type metricsFlags struct {
	pushURL     string
	pushJob     string
	pushTimeout time.Duration
	labels      []string
	out         string
	parsed      map[string]string // --metrics-label, "" values remove a default
}

const metricsHelp = `
Metrics (for dashboards): --metrics-out FILE writes the run's summary as OpenMetrics
text; --push-gateway URL pushes it to a Prometheus Pushgateway (HTTP PUT: it replaces
the metrics of the same job and grouping). Grouping labels: environment (the target
configuration's), profiles (the APIs of the run, comma-separated) and shard (load
--shard), plus --metrics-label name=value (name= drops a default); the file carries
them as labels on every metric. A failed export is printed; the exit code stays the
run's when it failed (1), and is 2 when the run passed. Interrupted or broken runs
export nothing.`

func (m *metricsFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&m.pushURL, "push-gateway", "", "push the run's summary to this Prometheus Pushgateway, e.g. http://pushgateway:9091")
	fl.StringVar(&m.pushJob, "push-job", defaultPushJob, "the job label of the push")
	fl.DurationVar(&m.pushTimeout, "push-timeout", defaultPushTimeout, "how long the push may take")
	fl.StringArrayVar(&m.labels, "metrics-label", nil, "a grouping label name=value for the push and the metrics file, repeatable (name= drops a default)")
	fl.StringVar(&m.out, "metrics-out", "", "write the run's summary as OpenMetrics text to this file")
	cmd.Long += "\n" + metricsHelp
	prev := cmd.PreRunE
	cmd.PreRunE = func(cmd *cobra.Command, args []string) error {
		if prev != nil {
			if err := prev(cmd, args); err != nil {
				return err
			}
		}
		return m.check()
	}
}

// check reads the flags before anything runs, so a typo costs no run.
func (m *metricsFlags) check() error {
	m.parsed = map[string]string{}
	for _, l := range m.labels {
		k, v, ok := strings.Cut(l, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return usageErr("--metrics-label %q: want name=value, e.g. environment=staging", l)
		}
		m.parsed[k] = strings.TrimSpace(v)
	}
	set := map[string]string{}
	for k, v := range m.parsed {
		if v != "" {
			set[k] = v
		}
	}
	if err := metrics.CheckLabels(set); err != nil {
		return usageErr("--metrics-label: %v", err)
	}
	if m.pushURL != "" {
		u, err := url.Parse(m.pushURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			shown := m.pushURL
			if err == nil {
				shown = u.Redacted()
			} else if i := strings.LastIndex(shown, "@"); i >= 0 {
				shown = "…" + shown[i:]
			}
			return usageErr("--push-gateway %q: want an http(s) URL such as http://pushgateway:9091", shown)
		}
		if strings.TrimSpace(m.pushJob) == "" {
			return usageErr("--push-job: empty job name")
		}
		if m.pushTimeout <= 0 {
			return usageErr("--push-timeout %s: want a positive duration such as 10s", m.pushTimeout)
		}
	}
	return nil
}

func (m *metricsFlags) enabled() bool { return m.pushURL != "" || m.out != "" }

// groupingLabels are the labels of the run's metrics: environment,
// profiles and shard by default, changed by --metrics-label.
func (m *metricsFlags) groupingLabels(run *results.Run) map[string]string {
	out := map[string]string{}
	if run.Target.Environment != "" {
		out["environment"] = run.Target.Environment
	}
	profiles := map[string]bool{}
	shards := map[string]bool{}
	if run.Conformance != nil {
		for _, p := range run.Conformance.Profiles() {
			profiles[p] = true
		}
	}
	for _, l := range run.Load {
		if l.Profile != "" {
			profiles[l.Profile] = true
		}
		if l.Shard != "" {
			shards[l.Shard] = true
		}
	}
	if len(profiles) > 0 {
		out["profiles"] = strings.Join(sortedSet(profiles), ",")
	}
	if len(shards) > 0 {
		out["shard"] = strings.Join(sortedSet(shards), ",")
	}
	for k, v := range m.parsed {
		if v == "" {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// exportMetrics writes --metrics-out and pushes to --push-gateway after a
// verb ran. verdict is the verb's own outcome (nil, or exit 1 for failed
// specs or broken thresholds); a failed export never hides it: with a
// failed run the export error is printed and the run's exit code kept,
// with a passed run the export error ends the verb with exit 2. A run
// that ended otherwise (interrupted, usage error) exports nothing.
func (a *app) exportMetrics(run *results.Run, cfg *config.File, m *metricsFlags, verdict error) error {
	if run == nil || !m.enabled() {
		return verdict
	}
	if m.parsed == nil { // PreRunE did not run (a test calling RunE)
		if err := m.check(); err != nil {
			return err
		}
	}
	failed := verdict != nil
	if failed {
		var ee *exitError
		if !errors.As(verdict, &ee) || ee.code != ExitFailed {
			fmt.Fprintln(a.stderr, "authprobe: metrics not exported: the run did not complete")
			return verdict
		}
	}
	if run.Incomplete || a.ctx.Err() != nil {
		fmt.Fprintln(a.stderr, "authprobe: metrics not exported: the run was interrupted")
		return verdict
	}
	err := a.writeMetrics(run, cfg, m, failed)
	if err == nil {
		return verdict
	}
	if failed {
		fmt.Fprintf(a.stderr, "authprobe: metrics: %v\n", err)
		return verdict
	}
	return withCode(ExitUsage, fmt.Errorf("metrics: %w", err))
}

func (a *app) writeMetrics(run *results.Run, cfg *config.File, m *metricsFlags, failed bool) error {
	red := metricsRedactor(cfg)
	labels := m.groupingLabels(run)
	redact := func(s string) string { return red.Redact(framework.Redactor().Redact(s)) }
	if m.out != "" {
		reg, err := metrics.Collect(run, metrics.Options{Redact: redact, Failed: failed, Labels: labels})
		if err != nil {
			return err
		}
		text, err := metrics.OpenMetrics(reg)
		if err != nil {
			return err
		}
		if err := reports.WriteFileAtomic(m.out, text); err != nil {
			return fmt.Errorf("write %s: %w", m.out, err)
		}
		fmt.Fprintf(a.stdout, "metrics: %s\n", m.out)
	}
	if m.pushURL != "" {
		reg, err := metrics.Collect(run, metrics.Options{Redact: redact, Failed: failed})
		if err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(a.ctx, m.pushTimeout)
		defer cancel()
		grouping := map[string]string{}
		for k, v := range labels {
			grouping[k] = redact(v)
		}
		t := metrics.Target{URL: m.pushURL, Job: m.pushJob, Grouping: grouping}
		if err := metrics.Push(ctx, t, reg); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "metrics: pushed to %s (job %s%s)\n", redactedURL(m.pushURL), m.pushJob, groupingText(grouping))
	}
	return nil
}

// metricsRedactor masks every credential value of the configuration.
func metricsRedactor(cfg *config.File) *secrets.Redactor {
	r := &secrets.Redactor{}
	if cfg == nil {
		return r
	}
	for _, t := range cfg.Targets {
		for _, c := range t.Credentials {
			for _, v := range c {
				r.Add(v)
			}
		}
	}
	return r
}

func redactedURL(s string) string {
	if u, err := url.Parse(s); err == nil {
		return u.Redacted()
	}
	return "(bad URL)"
}

func groupingText(g map[string]string) string {
	var parts []string
	for _, k := range sortedSet(keysOf(g)) {
		parts = append(parts, k+"="+g[k])
	}
	if len(parts) == 0 {
		return ""
	}
	return ", " + strings.Join(parts, " ")
}

func keysOf(m map[string]string) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}
