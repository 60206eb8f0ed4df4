package cli

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"

	"github.com/authprobe/authprobe/internal/testserver/pushgateway"
	"github.com/authprobe/authprobe/reports"
)

// readOpenMetrics parses a --metrics-out file with expfmt's OpenMetrics
// decoder.
func readOpenMetrics(t *testing.T, path string) map[string]*dto.MetricFamily {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(b, []byte("# EOF\n")) {
		t.Fatalf("%s is not OpenMetrics text (no # EOF):\n%s", path, b)
	}
	return pushgateway.Decode(t, bytes.NewReader(b), expfmt.NewFormat(expfmt.TypeOpenMetrics))
}

func gauge(t *testing.T, fams map[string]*dto.MetricFamily, name string, labels map[string]string) float64 {
	t.Helper()
	m, err := pushgateway.Find(fams, name, labels)
	if err != nil {
		t.Fatal(err)
	}
	return m.GetGauge().GetValue()
}

// closedPort is a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// load pushes its summary to a real Pushgateway and writes the same
// values as OpenMetrics text; both carry the grouping labels.
func TestLoadPushesAndWritesMetrics(t *testing.T) {
	gw := pushgateway.Start(t)
	dir := t.TempDir()
	om, res := filepath.Join(dir, "load.om"), filepath.Join(dir, "load.json")
	r := authprobe(t, 2*time.Minute, "load", "--profile", "irp", "--rate", "100/s", "--duration", "1s", "--threshold", "p99<30s",
		"--shard", "2/2", "--result-out", res, "--metrics-out", om,
		"--push-gateway", gw.URL, "--push-job", "nightly", "--metrics-label", "team=auth")
	if r.code != ExitOK {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "metrics: pushed to "+gw.URL+" (job nightly, ") || !strings.Contains(r.stdout, "metrics: "+om) {
		t.Errorf("output:\n%s", r.stdout)
	}
	run, err := reports.ReadJSON(res)
	if err != nil {
		t.Fatal(err)
	}
	l := run.Load[0]
	group := map[string]string{"team": "auth", "profiles": "irp", "shard": "2/2"}
	if run.Target.Environment != "" {
		group["environment"] = run.Target.Environment
	}
	lb := func(extra map[string]string) map[string]string {
		out := map[string]string{"profile": "irp", "scenario": l.Name}
		for k, v := range group {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	for src, fams := range map[string]map[string]*dto.MetricFamily{"file": readOpenMetrics(t, om), "gateway": gw.Metrics(t)} {
		extra := map[string]string{}
		if src == "gateway" {
			extra["job"] = "nightly"
		}
		if got := gauge(t, fams, "authprobe_load_requests", lb(extra)); got != float64(l.Requests) || got == 0 {
			t.Errorf("%s: requests %v, the run made %d", src, got, l.Requests)
		}
		if got := gauge(t, fams, "authprobe_load_tokens_per_second", lb(extra)); got != l.TokensPerSec {
			t.Errorf("%s: tokens/s %v, the run %v", src, got, l.TokensPerSec)
		}
		if got := gauge(t, fams, "authprobe_load_success_ratio", lb(extra)); got != l.SuccessRatio {
			t.Errorf("%s: success ratio %v, the run %v", src, got, l.SuccessRatio)
		}
		m, err := pushgateway.Find(fams, "authprobe_load_latency_seconds", lb(extra))
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range m.GetSummary().GetQuantile() {
			if q.GetQuantile() == 0.99 && q.GetValue() != l.Latency.P99/1e3 {
				t.Errorf("%s: p99 %v s, the run %v ms", src, q.GetValue(), l.Latency.P99)
			}
		}
		if got := gauge(t, fams, "authprobe_load_threshold_passed", lb(map[string]string{"threshold": "p99<30s", "scope": "shard"})); got != 1 {
			t.Errorf("%s: threshold %v", src, got)
		}
		if got := gauge(t, fams, "authprobe_run_passed", extra); got != 1 {
			t.Errorf("%s: run_passed %v", src, got)
		}
	}
}

// run pushes the conformance verdict counts per API too.
func TestRunPushesVerdictCounts(t *testing.T) {
	gw := pushgateway.Start(t)
	out := t.TempDir()
	r := authprobe(t, 3*time.Minute, "run", "--profiles", "irp", "--out", out, "--push-gateway", gw.URL, "--metrics-out", filepath.Join(out, "metrics.om"))
	if r.code != ExitOK {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	run, err := reports.ReadJSON(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	counts := run.Conformance.Counts()
	fams := gw.Metrics(t)
	file := readOpenMetrics(t, filepath.Join(out, "metrics.om"))
	for v, n := range counts {
		want := map[string]string{"job": "authprobe", "profiles": "irp", "profile": "irp", "verdict": string(v)}
		if got := gauge(t, fams, "authprobe_conformance_specs", want); got != float64(n) || n == 0 {
			t.Errorf("gateway: %s specs %v, the run %d", v, got, n)
		}
		delete(want, "job")
		if got := gauge(t, file, "authprobe_conformance_specs", want); got != float64(n) {
			t.Errorf("file: %s specs %v, the run %d", v, got, n)
		}
	}
	if got := gauge(t, fams, "authprobe_load_requests", map[string]string{"job": "authprobe", "profile": "irp"}); got != float64(run.Load[0].Requests) {
		t.Errorf("load check requests %v, the run %d", got, run.Load[0].Requests)
	}
}

// A push that fails never hides the verdict: a passing run exits 2 with
// the cause, a failing run keeps exit 1 and prints the cause; the results
// are written either way.
func TestPushFailureExitCodes(t *testing.T) {
	url := "http://ci:hunter2-password@" + closedPort(t)
	for _, c := range []struct {
		threshold string
		want      int
	}{{"p99<30s", ExitUsage}, {"p50<1us", ExitFailed}} {
		res := filepath.Join(t.TempDir(), "load.json")
		r := authprobe(t, 2*time.Minute, "load", "--profile", "irp", "--rate", "50/s", "--duration", "1s", "--threshold", c.threshold,
			"--result-out", res, "--push-gateway", url)
		if r.code != c.want || !strings.Contains(r.stderr, "metrics: push to Pushgateway http://127.0.0.1:") {
			t.Errorf("%s: exit %d, want %d\n%s%s", c.threshold, r.code, c.want, r.stdout, r.stderr)
		}
		if strings.Contains(r.stdout+r.stderr, "hunter2") {
			t.Errorf("the push URL's password was printed:\n%s%s", r.stdout, r.stderr)
		}
		if _, err := os.Stat(res); err != nil {
			t.Errorf("%s: no result written: %v", c.threshold, err)
		}
	}
}

// Bad metrics flags are usage errors before anything runs.
func TestBadMetricsFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--push-gateway", "pushgateway:9091"},
		{"--push-gateway", "http://x:9091", "--push-job", " "},
		{"--metrics-label", "profile=irp"},
		{"--metrics-label", "no-equals"},
		{"--metrics-label", "bad-name=x"},
	} {
		r := authprobe(t, time.Minute, append([]string{"load", "--profile", "irp", "--rate", "10/s", "--duration", "30s"}, args...)...)
		if r.code != ExitUsage || r.took > 20*time.Second || strings.Contains(r.stdout, "requests") {
			t.Errorf("%v: exit %d after %s\n%s%s", args, r.code, r.took, r.stdout, r.stderr)
		}
	}
}
