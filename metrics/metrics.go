package metrics

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/authprobe/authprobe/results"
)

// Namespace prefixes every metric name.
const Namespace = "authprobe"

// quantiles are the latency percentiles exported, with their accessors.
var quantiles = []struct {
	q   float64
	get func(results.Latency) float64
}{
	{0.5, func(l results.Latency) float64 { return l.P50 }},
	{0.9, func(l results.Latency) float64 { return l.P90 }},
	{0.95, func(l results.Latency) float64 { return l.P95 }},
	{0.99, func(l results.Latency) float64 { return l.P99 }},
	{0.999, func(l results.Latency) float64 { return l.P999 }},
}

// Options change what Collect builds.
type Options struct {
	// Redact masks secrets in a label value (e.g. a secrets.Redactor's
	// Redact); nil leaves values as they are.
	Redact func(string) string
	// Failed is the run's verdict as the CLI decided it (failed specs,
	// broken thresholds), exported as authprobe_run_passed.
	Failed bool
	// Now stamps authprobe_run_timestamp_seconds when the run has no
	// Finished time; zero means time.Now.
	Now time.Time
	// Labels are added to every metric (for a file; a push sends them as
	// its grouping key instead). Their names may not be ones the metrics
	// use themselves (ReservedLabels).
	Labels map[string]string
}

// ReservedLabels are the label names the metrics carry themselves; a
// grouping or constant label may not use them.
var ReservedLabels = []string{"job", "instance", "profile", "scenario", "verdict", "kind", "code", "threshold", "scope", "version", "quantile"}

// CheckLabels reports a label name that is not a Prometheus label name or
// that the metrics use themselves, and an empty value.
func CheckLabels(labels map[string]string) error {
	for _, k := range sortedKeys(labels) {
		if !labelName.MatchString(k) || strings.HasPrefix(k, "__") {
			return fmt.Errorf("bad label name %q (want letters, digits and _, e.g. environment)", k)
		}
		for _, r := range ReservedLabels {
			if k == r {
				return fmt.Errorf("label %q is one the metrics carry themselves (reserved: %s)", k, strings.Join(ReservedLabels, ", "))
			}
		}
		if labels[k] == "" {
			return fmt.Errorf("label %s has an empty value", k)
		}
	}
	return nil
}

// Collect builds the metrics of run on a new registry.
func Collect(run *results.Run, o Options) (*prometheus.Registry, error) {
	if run == nil {
		return nil, fmt.Errorf("metrics: no run")
	}
	if err := CheckLabels(o.Labels); err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	c := &collector{reg: prometheus.NewPedanticRegistry(), redact: o.Redact}
	if c.redact == nil {
		c.redact = func(s string) string { return s }
	}
	c.labels = prometheus.Labels{}
	for k, v := range o.Labels {
		c.labels[k] = c.redact(v)
	}
	c.latency = &constMetrics{seen: map[string]bool{}, desc: prometheus.NewDesc(prometheus.BuildFQName(Namespace, "load", "latency_seconds"),
		"Token-acquisition latency from each hit's intended send time (HDR histogram percentiles).",
		[]string{"scenario", "profile"}, c.labels)}
	c.run(run, o)
	if run.Conformance != nil {
		c.conformance(run.Conformance)
	}
	for i := range run.Load {
		c.load(&run.Load[i])
	}
	if len(c.latency.ms) > 0 {
		if err := c.reg.Register(c.latency); err != nil && c.err == nil {
			c.err = fmt.Errorf("metrics: latency: %w", err)
		}
	}
	if c.err != nil {
		return nil, c.err
	}
	return c.reg, nil
}

type collector struct {
	reg     *prometheus.Registry
	redact  func(string) string
	err     error
	gauges  map[string]*prometheus.GaugeVec
	latency *constMetrics
	labels  prometheus.Labels // on every metric
}

// gauge returns the gauge family name (created on first use) with the
// given label names.
func (c *collector) gauge(name, help string, labels ...string) *prometheus.GaugeVec {
	if g, ok := c.gauges[name]; ok {
		return g
	}
	g := prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: Namespace, Name: name, Help: help, ConstLabels: c.labels}, labels)
	if err := c.reg.Register(g); err != nil && c.err == nil {
		c.err = fmt.Errorf("metrics: %s: %w", name, err)
	}
	if c.gauges == nil {
		c.gauges = map[string]*prometheus.GaugeVec{}
	}
	c.gauges[name] = g
	return g
}

// set sets one gauge sample; label values are redacted.
func (c *collector) set(name, help string, v float64, labels ...string) {
	names, values := make([]string, 0, len(labels)/2), make([]string, 0, len(labels)/2)
	for i := 0; i+1 < len(labels); i += 2 {
		names = append(names, labels[i])
		values = append(values, c.redact(labels[i+1]))
	}
	g, err := c.gauge(name, help, names...).GetMetricWithLabelValues(values...)
	if err != nil {
		if c.err == nil {
			c.err = fmt.Errorf("metrics: %s: %w", name, err)
		}
		return
	}
	g.Set(v)
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func (c *collector) run(run *results.Run, o Options) {
	ts := run.Finished
	if ts.IsZero() {
		ts = o.Now
	}
	if ts.IsZero() {
		ts = time.Now()
	}
	c.set("run_timestamp_seconds", "When the run finished (Unix time).", float64(ts.UnixNano())/1e9)
	if !run.Started.IsZero() && !run.Finished.IsZero() && run.Finished.After(run.Started) {
		c.set("run_duration_seconds", "How long the run took.", run.Finished.Sub(run.Started).Seconds())
	}
	c.set("run_passed", "1 when the run passed (no failed spec, no broken threshold), else 0.", boolValue(!o.Failed))
	c.set("run_incomplete", "1 when the run was interrupted or stopped early.", boolValue(run.Incomplete))
	version := run.Tool.Version
	if version == "" {
		version = "unknown"
	}
	c.set("run_info", "The authprobe version of the run (value 1).", 1, "version", version)
}

func (c *collector) conformance(conf *results.Conformance) {
	counts := map[[2]string]int{}
	for _, s := range conf.Specs {
		counts[[2]string{s.Profile, string(s.Verdict)}]++
	}
	// Every verdict of every API appears, zeros included, so that a
	// dashboard's series do not vanish on a good night.
	verdicts := []results.Verdict{results.Passed, results.Failed, results.Warning, results.Skipped, results.ExpectedFailure, results.UnexpectedPass, results.NotRun}
	for _, s := range conf.Specs {
		if !containsVerdict(verdicts, s.Verdict) {
			verdicts = append(verdicts, s.Verdict)
		}
	}
	for _, p := range conf.Profiles() {
		for _, v := range verdicts {
			c.set("conformance_specs", "Conformance specs per API and verdict.", float64(counts[[2]string{p, string(v)}]),
				"profile", p, "verdict", string(v))
		}
	}
}

func containsVerdict(vs []results.Verdict, v results.Verdict) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

func (c *collector) load(l *results.LoadResult) {
	name := l.Name
	if name == "" {
		name = l.Mode
	}
	lb := []string{"scenario", name, "profile", l.Profile}
	with := func(extra ...string) []string { return append(append([]string{}, lb...), extra...) }

	// Latency as a summary: quantiles in seconds, count and sum.
	qs := map[float64]float64{}
	for _, q := range quantiles {
		qs[q.q] = q.get(l.Latency) / 1e3
	}
	values := []string{c.redact(name), c.redact(l.Profile)}
	s, err := prometheus.NewConstSummary(c.latency.desc, l.Requests, l.Latency.Mean/1e3*float64(l.Requests), qs, values...)
	if err == nil {
		err = c.latency.add(s, values)
	}
	if err != nil && c.err == nil {
		c.err = fmt.Errorf("metrics: latency of %s: %w", name, err)
	}
	c.set("load_latency_max_seconds", "The slowest hit.", l.Latency.Max/1e3, lb...)
	c.set("load_requests", "Hits sent.", float64(l.Requests), lb...)
	c.set("load_successes", "Hits that succeeded (a token issued, or the expected documented code).", float64(l.Successes), lb...)
	c.set("load_success_ratio", "Successes per hit (0 to 1).", l.SuccessRatio, lb...)
	c.set("load_tokens_per_second", "Successes per second over the sending window.", l.TokensPerSec, lb...)
	c.set("load_achieved_rate", "Hits sent per second.", l.AchievedRate, lb...)
	c.set("load_requested_rate", "Mean planned hits per second.", l.RequestedRate, lb...)
	c.set("load_duration_seconds", "Length of the attack.", time.Duration(l.Duration).Seconds(), lb...)
	if l.Mode == "capacity" || l.MaxHeldRate > 0 {
		c.set("load_max_held_rate", "Capacity search: the highest rate that held.", l.MaxHeldRate, lb...)
	}
	for _, k := range sortedKeys(l.Errors) {
		c.set("load_errors", "Transport errors by kind.", float64(l.Errors[k]), with("kind", k)...)
	}
	for _, k := range sortedKeys(l.Codes) {
		c.set("load_codes", "Answers carrying a documented code, by code.", float64(l.Codes[k]), with("code", k)...)
	}
	for _, t := range l.Thresholds {
		scope := t.Scope
		if scope == "" {
			scope = "run"
		}
		c.set("load_threshold_passed", "1 when the threshold held, 0 when it broke; scope run, shard or merge (a shard's total, not judged).",
			boolValue(t.Passed), with("threshold", t.Expr, "scope", scope)...)
	}
}

// constMetrics collects the latency summaries, one per scenario.
type constMetrics struct {
	desc *prometheus.Desc
	ms   []prometheus.Metric
	seen map[string]bool
}

func (cm *constMetrics) add(m prometheus.Metric, values []string) error {
	key := strings.Join(values, "\x00")
	if cm.seen[key] {
		return fmt.Errorf("two load scenarios named %q of profile %q", values[0], values[1])
	}
	cm.seen[key] = true
	cm.ms = append(cm.ms, m)
	return nil
}

// Describe sends the summary's description.
func (cm *constMetrics) Describe(ch chan<- *prometheus.Desc) { ch <- cm.desc }

// Collect sends every summary.
func (cm *constMetrics) Collect(ch chan<- prometheus.Metric) {
	for _, m := range cm.ms {
		ch <- m
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
