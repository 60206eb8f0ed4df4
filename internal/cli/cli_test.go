package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/reports"
)

// binary is an authprobe built once for the tests that need separate
// processes (Ginkgo runs a suite once per process).
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "authprobe-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "authprobe")
	// built as the Makefile builds it (GOFLAGS_BUILD: -trimpath)
	build := exec.Command("go", "build", "-trimpath", "-o", binary, "../../cmd/authprobe")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building authprobe:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	code           int
	stdout, stderr string
	took           time.Duration
}

// authprobe runs the binary with a deadline and returns its exit code and output.
func authprobe(t *testing.T, timeout time.Duration, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String(), took: time.Since(start)}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	default:
		t.Fatalf("authprobe %v: %v", args, err)
	}
	if ctx.Err() != nil {
		t.Fatalf("authprobe %v did not finish within %s", args, timeout)
	}
	return r
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func TestExitCodes(t *testing.T) {
	port := freePort(t) // nothing listens there
	unreachable := writeFile(t, "down.yaml", fmt.Sprintf(`targets:
  - profile: irp
    base_url: http://127.0.0.1:%d
    credentials: [{api_key: WJCwQJbKcmB3QbhHxdfH5ET2yf5KsaBN, shared_secret: x}]
`, port))
	production := writeFile(t, "prod.yaml", "environment: production\n"+string(must(os.ReadFile(unreachable))))
	badConfig := writeFile(t, "bad.yaml", "targets:\n  - profile: irp\n    colour: blue\n")
	// an unreachable target and a missing expected-failures file: the
	// configuration error is reported, before anything is dialled
	badExpected := writeFile(t, "expected.yaml", string(must(os.ReadFile(unreachable)))+"conform:\n  expected_failures: /nonexistent-known.yaml\n")
	out := t.TempDir()
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown verb", []string{"frobnicate"}, ExitUsage, "unknown command"},
		{"unknown flag", []string{"conform", "--nope"}, ExitUsage, "unknown flag"},
		{"bad label filter", []string{"conform", "--label-filter", "irp &&"}, ExitUsage, "label-filter"},
		{"bad config", []string{"conform", "--target", badConfig}, ExitUsage, "bad.yaml:3:5: colour: unknown field"},
		{"missing config", []string{"conform", "--target", "/nonexistent.yaml"}, ExitUsage, "/nonexistent.yaml"},
		{"unknown fault", []string{"conform", "--fault", "irp:nope"}, ExitUsage, `unknown fault "nope"`},
		{"unreachable", []string{"conform", "--target", unreachable}, ExitUnreachable, "is unreachable"},
		{"unreachable run", []string{"run", "--target", unreachable, "--out", out}, ExitUnreachable, "is unreachable"},
		{"configuration before preflight", []string{"conform", "--target", badExpected}, ExitUsage, "nonexistent-known.yaml"},
		{"configuration before preflight run", []string{"run", "--target", badExpected, "--out", out}, ExitUsage, "nonexistent-known.yaml"},
		{"unreachable load", []string{"load", "--target", unreachable, "--rate", "1/s", "--duration", "1s"}, ExitUnreachable, "is unreachable"},
		{"production load refused", []string{"load", "--target", production, "--rate", "1/s", "--duration", "1s"}, ExitUsage, "production"},
		{"rate cap", []string{"load", "--rate", "100000/s", "--duration", "1s"}, ExitUsage, "safety cap"},
		{"bad threshold", []string{"load", "--rate", "10/s", "--duration", "1s", "--threshold", "p99<<3"}, ExitUsage, "p99<<3"},
		{"version", []string{"version"}, ExitOK, "authprobe"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := authprobe(t, time.Minute, c.args...)
			if r.code != c.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, c.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stdout+r.stderr, c.want) {
				t.Fatalf("output does not mention %q:\n%s%s", c.want, r.stdout, r.stderr)
			}
			if strings.Contains(r.stderr, "panic:") || strings.Contains(r.stderr, "goroutine ") {
				t.Fatalf("panicked:\n%s", r.stderr)
			}
		})
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// A fault makes conform fail (exit 1) and names the broken behaviour; the
// clean server passes (exit 0).
func TestConformVerdictsBothWays(t *testing.T) {
	clean := authprobe(t, 2*time.Minute, "conform", "--profiles", "videntity")
	if clean.code != ExitOK {
		t.Fatalf("clean videntity: exit %d\n%s%s", clean.code, clean.stdout, clean.stderr)
	}
	broken := authprobe(t, 2*time.Minute, "conform", "--profiles", "videntity", "--fault", "videntity:logout-keeps-session")
	if broken.code != ExitFailed || !strings.Contains(broken.stdout, "FAILED") || !strings.Contains(broken.stdout, "VID-LOGOUT-002") {
		t.Fatalf("logout fault: exit %d\n%s%s", broken.code, broken.stdout, broken.stderr)
	}
	if !strings.Contains(broken.stdout, "> POST http://127.0.0.1:") {
		t.Fatalf("a failure is printed without its evidence:\n%s", broken.stdout)
	}
}

// An expected failure turns a failure into EXPECTED-FAILURE (exit 0), and a
// stale entry for a passing spec fails the run.
func TestExpectedFailures(t *testing.T) {
	exp := writeFile(t, "known.yaml", "expected_failures:\n  - id: VID-LOGOUT-002\n    reason: vendor ticket 1\n  - id: VID-LOGOUT-003\n    reason: vendor ticket 1\n")
	r := authprobe(t, 2*time.Minute, "conform", "--profiles", "videntity", "--fault", "videntity:logout-keeps-session", "--expected-failures", exp)
	if r.code != ExitOK || !strings.Contains(r.stdout, "EXPECTED-FAILURE") {
		t.Fatalf("expected failures: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	stale := authprobe(t, 2*time.Minute, "conform", "--profiles", "videntity", "--expected-failures", exp)
	if stale.code != ExitFailed || !strings.Contains(stale.stdout, "UNEXPECTED-PASS") {
		t.Fatalf("stale expected failure: exit %d\n%s%s", stale.code, stale.stdout, stale.stderr)
	}
	bad := writeFile(t, "bad.yaml", "expected_failures:\n  - id: NOPE-001\n    reason: x\n")
	if r := authprobe(t, time.Minute, "conform", "--expected-failures", bad); r.code != ExitUsage || !strings.Contains(r.stderr, "NOPE-001") {
		t.Fatalf("unknown ID: exit %d %s", r.code, r.stderr)
	}
}

// Against a real-clock reference server with short TTLs, all waiting specs
// share their waits: the run lasts about the longest timeline, not the sum.
func TestRealClockRunSharesWaits(t *testing.T) {
	vPort, iPort := freePort(t), freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := exec.CommandContext(ctx, binary, "serve", "--profiles", "videntity,irp",
		"--ttl", "videntity=5s", "--ttl", "irp=3s",
		"--port", fmt.Sprintf("videntity=%d", vPort), "--port", fmt.Sprintf("irp=%d", iPort))
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); _ = srv.Wait() }()
	waitListening(t, vPort)
	waitListening(t, iPort)
	cfg := writeFile(t, "real.yaml", fmt.Sprintf(`environment: test
targets:
  - profile: videntity
    base_url: http://127.0.0.1:%d
    clock: real
    credentials: [{username: foobar, password: Ry5NvPky2jBjshT, account_number: "514778845023264"}]
    settings: {session_ttl: 5s, expiry_margin: 1s}
  - profile: irp
    base_url: http://127.0.0.1:%d
    clock: real
    credentials: [{api_key: WJCwQJbKcmB3QbhHxdfH5ET2yf5KsaBN, shared_secret: 9sLq2VxR7tKp4ZmW8cYd3NfH6gBj5TaE}]
    settings: {session_ttl: 3s, expiry_margin: 500ms}
`, vPort, iPort))
	out := filepath.Join(t.TempDir(), "real.json")
	r := authprobe(t, 3*time.Minute, "conform", "--target", cfg, "--label-filter", "timed && !IRP-REPLAY-001", "--json", out)
	if r.code != ExitOK {
		t.Fatalf("real-clock run: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	run, err := reports.ReadJSON(out)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range run.Conformance.Specs {
		if s.Verdict != "PASSED" {
			t.Errorf("%s: %s %s", s.ID, s.Verdict, s.Reason)
		}
		n++
	}
	// Each timed spec waits at least one TTL; run one after another they
	// would take the sum of their timelines. Shared, the whole run takes
	// about the longest (2×5s plus margins).
	if n < 4 {
		t.Fatalf("only %d timed specs ran", n)
	}
	longest := 10 * time.Second
	t.Logf("%d timed specs, wall %s, longest timeline ~%s", n, r.took.Round(time.Millisecond), longest)
	if r.took > time.Duration(n)*3*time.Second/2 && r.took > 2*longest {
		t.Fatalf("wall time %s for %d timed specs: waits were not shared (longest timeline ~%s)", r.took, n, longest)
	}
	if r.took < 5*time.Second {
		t.Fatalf("wall time %s is shorter than the 5s TTL: the specs did not really wait", r.took)
	}
}

func waitListening(t *testing.T, port int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), 200*time.Millisecond)
		if err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("nothing listens on port %d", port)
}

// N shard processes, merged, count the same as the work they did, and
// their merged percentiles are within histogram precision of the shards'.
func TestShardsMerge(t *testing.T) {
	dir := t.TempDir()
	const shards = 2
	for i := 1; i <= shards; i++ {
		r := authprobe(t, 2*time.Minute, "load", "--profile", "irp", "--rate", "200/s", "--duration", "2s",
			"--shard", fmt.Sprintf("%d/%d", i, shards), "--result-out", filepath.Join(dir, fmt.Sprintf("shard-%d.json", i)))
		if r.code != ExitOK {
			t.Fatalf("shard %d: exit %d\n%s%s", i, r.code, r.stdout, r.stderr)
		}
	}
	merged := filepath.Join(t.TempDir(), "merged.json")
	r := authprobe(t, time.Minute, "merge", dir, "--result-out", merged)
	if r.code != ExitOK {
		t.Fatalf("merge: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	m, err := reports.ReadJSON(merged)
	if err != nil {
		t.Fatal(err)
	}
	var reqs, succ uint64
	var maxMs float64
	for i := 1; i <= shards; i++ {
		s, err := reports.ReadJSON(filepath.Join(dir, fmt.Sprintf("shard-%d.json", i)))
		if err != nil {
			t.Fatal(err)
		}
		reqs += s.Load[0].Requests
		succ += s.Load[0].Successes
		maxMs = math.Max(maxMs, s.Load[0].Latency.Max)
	}
	l := m.Load[0]
	if l.Requests != reqs || l.Successes != succ || reqs != 400 {
		t.Fatalf("merged %d requests / %d successes, shards did %d / %d (want 400)", l.Requests, l.Successes, reqs, succ)
	}
	if math.Abs(l.Latency.Max-maxMs) > maxMs*0.01+0.01 {
		t.Fatalf("merged max %.3fms, shards' max %.3fms", l.Latency.Max, maxMs)
	}
	b, _ := json.Marshal(l.Latency)
	t.Logf("merged latency %s", b)
}

// The main job on the embedded default: conformance, a load check per API,
// all four reports, exit 0.
func TestRunEmbeddedMainJob(t *testing.T) {
	out := t.TempDir()
	r := authprobe(t, 3*time.Minute, "run", "--out", out)
	if r.code != ExitOK {
		t.Fatalf("authprobe run: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	run, err := reports.ReadJSON(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if run.Incomplete || run.Conformance == nil || len(run.Conformance.Profiles()) != 4 || len(run.Load) != 4 {
		t.Fatalf("report: incomplete=%v profiles=%v load checks=%d", run.Incomplete, run.Conformance.Profiles(), len(run.Load))
	}
	for _, l := range run.Load {
		if l.SuccessRatio < 0.99 || l.Requests == 0 {
			t.Errorf("load check %s: %d requests, success %.3f", l.Name, l.Requests, l.SuccessRatio)
		}
	}
	for _, f := range []string{"junit.xml", "report.html", "summary.md"} {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	if !strings.Contains(r.stdout, "authprobe run: PASSED") {
		t.Errorf("no closing verdict line:\n%s", r.stdout)
	}
}
