package metrics

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"

	"github.com/authprobe/authprobe/internal/testserver/pushgateway"
	"github.com/authprobe/authprobe/results"
	"github.com/authprobe/authprobe/secrets"
)

// secretValue stands in for a credential that leaked into a name.
const secretValue = "s3cr3t-shared-secret-0042"

func fixtureRun() *results.Run {
	started := time.Date(2026, 3, 13, 2, 0, 0, 0, time.UTC)
	specs := []results.SpecResult{
		{ID: "IRP-A-001", Profile: "irp", Verdict: results.Passed},
		{ID: "IRP-A-002", Profile: "irp", Verdict: results.Passed},
		{ID: "IRP-A-003", Profile: "irp", Verdict: results.Failed},
		{ID: "CERTNA-A-001", Profile: "certna", Verdict: results.Warning},
	}
	return &results.Run{
		SchemaVersion: results.SchemaVersion,
		Tool:          results.Tool{Version: "v0.5.0"},
		Target:        results.Target{Environment: "staging"},
		Started:       started, Finished: started.Add(90 * time.Second),
		Conformance: &results.Conformance{Specs: specs},
		Load: []results.LoadResult{{
			Name: "irp " + secretValue, Profile: "irp", Mode: "constant", Expect: "token",
			Requests: 12000, Successes: 11988, SuccessRatio: 0.999, RequestedRate: 200, AchievedRate: 199.8, TokensPerSec: 199.6,
			Duration: results.Duration(time.Minute),
			Latency:  results.Latency{P50: 1.25, P90: 2, P95: 2.5, P99: 4.75, P999: 9, Max: 12.5, Mean: 1.5},
			Errors:   map[string]uint64{"timeout": 12},
			Codes:    map[string]uint64{"2003": 3},
			Thresholds: []results.ThresholdResult{
				{Expr: "p99<250ms", Measured: 4.75, Unit: "ms", Passed: true},
				{Expr: "tokens_per_s>=500", Measured: 199.6, Unit: "/s", Passed: false},
			},
		}},
	}
}

func redactor() *secrets.Redactor {
	r := &secrets.Redactor{}
	r.Add(secretValue)
	return r
}

// families decodes OpenMetrics (or Prometheus text) with expfmt.
func families(t *testing.T, data []byte, format expfmt.Format) map[string]*dto.MetricFamily {
	t.Helper()
	return pushgateway.Decode(t, bytes.NewReader(data), format)
}

// sample finds the metric of family name whose labels include want.
func sample(t *testing.T, fams map[string]*dto.MetricFamily, name string, want map[string]string) *dto.Metric {
	t.Helper()
	m, err := pushgateway.Find(fams, name, want)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// checkRunMetrics asserts the values of fixtureRun in decoded families.
func checkRunMetrics(t *testing.T, fams map[string]*dto.MetricFamily, extra map[string]string) {
	t.Helper()
	with := func(m map[string]string) map[string]string {
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	scenario := "irp " + secrets.Mask(secretValue)
	lat := sample(t, fams, "authprobe_load_latency_seconds", with(map[string]string{"scenario": scenario, "profile": "irp"})).GetSummary()
	if lat.GetSampleCount() != 12000 || !near(lat.GetSampleSum(), 18) {
		t.Errorf("latency count %d sum %v, want 12000 and 18 s", lat.GetSampleCount(), lat.GetSampleSum())
	}
	want := map[float64]float64{0.5: 0.00125, 0.9: 0.002, 0.95: 0.0025, 0.99: 0.00475, 0.999: 0.009}
	for _, q := range lat.GetQuantile() {
		if w, ok := want[q.GetQuantile()]; !ok || !near(q.GetValue(), w) {
			t.Errorf("quantile %v = %v, want %v", q.GetQuantile(), q.GetValue(), w)
		}
		delete(want, q.GetQuantile())
	}
	if len(want) != 0 {
		t.Errorf("missing quantiles %v", want)
	}
	lb := with(map[string]string{"scenario": scenario, "profile": "irp"})
	for name, v := range map[string]float64{
		"authprobe_load_tokens_per_second":   199.6,
		"authprobe_load_success_ratio":       0.999,
		"authprobe_load_requests":            12000,
		"authprobe_load_successes":           11988,
		"authprobe_load_achieved_rate":       199.8,
		"authprobe_load_requested_rate":      200,
		"authprobe_load_latency_max_seconds": 0.0125,
		"authprobe_load_duration_seconds":    60,
	} {
		if got := sample(t, fams, name, lb).GetGauge().GetValue(); !near(got, v) {
			t.Errorf("%s = %v, want %v", name, got, v)
		}
	}
	if got := sample(t, fams, "authprobe_load_errors", with(map[string]string{"kind": "timeout"})).GetGauge().GetValue(); got != 12 {
		t.Errorf("errors = %v", got)
	}
	if got := sample(t, fams, "authprobe_load_threshold_passed", with(map[string]string{"threshold": "tokens_per_s>=500", "scope": "run"})).GetGauge().GetValue(); got != 0 {
		t.Errorf("broken threshold = %v", got)
	}
	if got := sample(t, fams, "authprobe_load_threshold_passed", with(map[string]string{"threshold": "p99<250ms"})).GetGauge().GetValue(); got != 1 {
		t.Errorf("held threshold = %v", got)
	}
	for _, c := range []struct {
		profile, verdict string
		n                float64
	}{{"irp", "PASSED", 2}, {"irp", "FAILED", 1}, {"irp", "WARNING", 0}, {"certna", "WARNING", 1}, {"certna", "PASSED", 0}, {"irp", "NOT-RUN", 0}} {
		m := sample(t, fams, "authprobe_conformance_specs", with(map[string]string{"profile": c.profile, "verdict": c.verdict}))
		if got := m.GetGauge().GetValue(); got != c.n {
			t.Errorf("%s %s specs = %v, want %v", c.profile, c.verdict, got, c.n)
		}
	}
	if got := sample(t, fams, "authprobe_run_passed", extra).GetGauge().GetValue(); got != 0 {
		t.Errorf("run_passed = %v for a failed run", got)
	}
	if got := sample(t, fams, "authprobe_run_info", with(map[string]string{"version": "v0.5.0"})).GetGauge().GetValue(); got != 1 {
		t.Errorf("run_info = %v", got)
	}
}

func TestOpenMetricsText(t *testing.T) {
	labels := map[string]string{"environment": "staging", "shard": "2/4"}
	reg, err := Collect(fixtureRun(), Options{Redact: redactor().Redact, Failed: true, Labels: labels})
	if err != nil {
		t.Fatal(err)
	}
	text, err := OpenMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(text, []byte("# EOF\n")) {
		t.Errorf("OpenMetrics text does not end with # EOF:\n%s", text)
	}
	if bytes.Contains(text, []byte(secretValue)) {
		t.Fatalf("a secret appears in the metrics:\n%s", text)
	}
	checkRunMetrics(t, families(t, text, expfmt.NewFormat(expfmt.TypeOpenMetrics)), labels)
	if _, err := Collect(fixtureRun(), Options{Labels: map[string]string{"profile": "irp"}}); err == nil {
		t.Error("a constant label named like a metric's own label accepted")
	}
}

func TestCollectRejectsDuplicateScenarios(t *testing.T) {
	run := fixtureRun()
	run.Load = append(run.Load, run.Load[0])
	if _, err := Collect(run, Options{}); err == nil || !strings.Contains(err.Error(), "two load scenarios named") {
		t.Fatalf("err = %v", err)
	}
	if _, err := Collect(nil, Options{}); err == nil {
		t.Fatal("nil run accepted")
	}
}

func TestTargetCheck(t *testing.T) {
	ok := Target{URL: "http://127.0.0.1:9091", Job: "authprobe", Grouping: map[string]string{"environment": "staging"}}
	if err := ok.Check(); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []Target{
		{Job: "authprobe"},
		{URL: "http://127.0.0.1:9091"},
		{URL: "http://127.0.0.1:9091", Job: "a", Grouping: map[string]string{"bad-name": "x"}},
		{URL: "http://127.0.0.1:9091", Job: "a", Grouping: map[string]string{"job": "x"}},
		{URL: "http://127.0.0.1:9091", Job: "a", Grouping: map[string]string{"shard": ""}},
		{URL: "http://127.0.0.1:9091", Job: "a", Grouping: map[string]string{"profile": "irp"}},
		{URL: "http://127.0.0.1:9091", Job: "a", Grouping: map[string]string{"__name": "x"}},
	} {
		if err := bad.Check(); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}
