package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/internal/testserver/hostile"
	"github.com/authprobe/authprobe/refservers/embedded"
	"github.com/authprobe/authprobe/reports"
	"github.com/authprobe/authprobe/results"
	"github.com/authprobe/authprobe/suites/framework"
)

// Bounds every hostile case must keep.
const (
	hostileTimeout  = 2 * time.Second  // the target's per-request timeout
	hostileDuration = 2 * time.Second  // the load run's duration
	conformBound    = 20 * time.Second // conform's time to verdict (3 timeouts, then fail fast)
	loadBound       = hostileDuration + hostileTimeout + 4*time.Second
	maxPeakRSS      = 200 << 20 // bytes; a 1 GiB or endless body must never be held
)

// measured is one authprobe run: exit code, output, wall time and the peak
// resident set size of the process.
type measured struct {
	code           int
	stdout, stderr string
	took           time.Duration
	peakRSS        int64 // bytes
}

// timeBinary is GNU time, which `make deps` installs (Debian package time).
const timeBinary = "/usr/bin/time"

// measure runs the binary like authprobe() does and also reads the
// process's peak RSS. The RSS comes from GNU time, which fork()s the
// binary: Go starts children with vfork, and Linux then charges the
// parent's (the test process's) peak to the child's ru_maxrss at exec, so
// the rusage of a child started from this test would report the test's
// own size, not authprobe's.
func measure(t *testing.T, timeout time.Duration, args ...string) measured {
	t.Helper()
	if _, err := os.Stat(timeBinary); err != nil {
		t.Fatalf("GNU time is missing at %s: install it (make deps installs the Debian package time): %v", timeBinary, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	rssFile := filepath.Join(t.TempDir(), "maxrss")
	cmd := exec.CommandContext(ctx, timeBinary, append([]string{"-f", "%M", "-o", rssFile, binary}, args...)...)
	// time and authprobe form one process group, killed together on timeout.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	m := measured{stdout: out.String(), stderr: errb.String(), took: time.Since(start)}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		m.code = ee.ExitCode()
	default:
		t.Fatalf("authprobe %v: %v", args, err)
	}
	if ctx.Err() != nil {
		t.Fatalf("authprobe %v did not finish within %s; its last output:\n%s", args, timeout, tail(m.stderr, 2000))
	}
	t.Logf("authprobe %s: exit %d in %s", args[0], m.code, m.took.Round(time.Millisecond))
	b, err := os.ReadFile(rssFile)
	if err != nil {
		t.Fatalf("authprobe %v: reading its peak RSS: %v", args, err)
	}
	// time writes "Command exited with non-zero status N" before the
	// figure when the binary fails: the figure is the last line.
	lines := strings.Fields(string(b))
	if len(lines) == 0 {
		t.Fatalf("authprobe %v: GNU time wrote no peak RSS", args)
	}
	kib, err := strconv.ParseInt(lines[len(lines)-1], 10, 64)
	if err != nil {
		t.Fatalf("authprobe %v: peak RSS %q: %v", args, b, err)
	}
	m.peakRSS = kib << 10
	return m
}

// noPanic fails t when a run's stderr shows a panic or a goroutine dump.
func noPanic(t *testing.T, what string, stderr string) {
	t.Helper()
	if strings.Contains(stderr, "panic:") || strings.Contains(stderr, "goroutine ") {
		t.Errorf("%s panicked:\n%s", what, stderr)
	}
}

// hostileCredentials are credentials of the right shape per profile; the
// hostile server ignores them.
var hostileCredentials = map[string]string{
	"videntity": `{username: foobar, password: Ry5NvPky2jBjshT, account_number: "514778845023264"}`,
	"irp":       `{api_key: WJCwQJbKcmB3QbhHxdfH5ET2yf5KsaBN, shared_secret: 9sLq2VxR7tKp4ZmW8cYd3NfH6gBj5TaE}`,
	"ishare":    `{username: mycouncil, password: "Wy7#kQ2v!pLm", key: 8C1D5B7E-2F4A-4E9B-A3C6-71D0E5F29B48}`,
}

// hostileConfig writes a target configuration for one hostile server.
func hostileConfig(t *testing.T, profile, baseURL string) string {
	t.Helper()
	return writeFile(t, "hostile.yaml", fmt.Sprintf(`environment: test
targets:
  - profile: %s
    base_url: %s
    clock: skip
    timeout: %s
    max_body: 1048576
    credentials:
      - %s
load:
  thresholds: ["success>=99%%"]
`, profile, baseURL, hostileTimeout, hostileCredentials[profile]))
}

// hostileCause is what the verdicts must name for a case: any of the
// strings in a failed spec's message or evidence (conform), in a load
// error kind or answer code (load).
type hostileCause struct {
	conform []string
	load    []string
}

func causeOf(profile string, c hostile.Case) hostileCause {
	switch c {
	case hostile.SlowHeaders, hostile.SlowDrip:
		return hostileCause{[]string{"timeout"}, []string{"timeout"}}
	case hostile.EndlessBody, hostile.HugeBody:
		return hostileCause{[]string{"response body exceeded 1 MiB limit"}, []string{"body-too-large"}}
	case hostile.InvalidUTF8:
		return hostileCause{[]string{"UTF-8"}, []string{"invalid-utf8"}}
	case hostile.WrongContentType:
		return hostileCause{[]string{`unexpected content type "text/html"`}, []string{"content-type text/html"}}
	case hostile.Truncated:
		return hostileCause{[]string{"unexpected EOF", "unexpected end of JSON input"}, []string{"malformed", "unclassified"}}
	case hostile.DeepNesting:
		return hostileCause{[]string{"XML nesting deeper than", "exceeded max depth", "unexpected element <a>"}, []string{"malformed", "unclassified"}}
	case hostile.BillionLaughs, hostile.XXE:
		return hostileCause{[]string{"XML entity expansion refused", "DTD is not allowed"}, []string{"xml-dtd-refused"}}
	case hostile.SOAPFault:
		return hostileCause{[]string{"soap:Server", "Fault", "fault"}, []string{"soap-fault"}}
	case hostile.ServerErrors:
		return hostileCause{[]string{"in an HTTP 50"}, []string{"http-50"}}
	case hostile.ConnReset:
		return hostileCause{[]string{"connection reset", "unexpected EOF"}, []string{"transport"}}
	case hostile.RedirectLoop:
		return hostileCause{[]string{"HTTP 302 Found answer redirecting to"}, []string{"http-302"}}
	case hostile.UntrustedTLS:
		return hostileCause{[]string{"x509: certificate signed by unknown authority"}, []string{"tls"}}
	}
	return hostileCause{}
}

// hostileRow is one line of the closing table.
type hostileRow struct {
	profile, verb string
	c             hostile.Case
	exit          int
	verdict       string
	took          time.Duration
	peakRSS       int64
}

var (
	hostileRowsMu sync.Mutex
	hostileRows   []hostileRow
)

func addHostileRow(r hostileRow) {
	hostileRowsMu.Lock()
	hostileRows = append(hostileRows, r)
	hostileRowsMu.Unlock()
}

// TestHostileTargets points `authprobe conform` and `authprobe load` at a
// hostile server per case and profile. Each run must end within its bound
// with exit 1, name the cause in its results, never panic, keep its peak
// RSS bounded and never make the XML parsers fetch an external entity.
// With AUTHPROBE_HOSTILE_TABLE set, the measured table is written there
// as Markdown (bench/hostile.sh).
func TestHostileTargets(t *testing.T) {
	if testing.Short() {
		t.Skip("hostile targets take about a minute")
	}
	hasSpecs := map[string]bool{}
	for _, p := range framework.Profiles() {
		hasSpecs[p] = true
	}
	t.Run("cases", func(t *testing.T) {
		for _, profile := range hostile.Profiles() {
			for _, c := range hostile.Cases(profile) {
				t.Run(profile+"/"+string(c), func(t *testing.T) {
					t.Parallel()
					hostileCase(t, profile, c, hasSpecs[profile])
				})
			}
		}
	})
	if path := os.Getenv("AUTHPROBE_HOSTILE_TABLE"); path != "" {
		if err := os.WriteFile(path, []byte(hostileTable()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func hostileCase(t *testing.T, profile string, c hostile.Case, conform bool) {
	srv, err := hostile.Start(profile, c)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cfg := hostileConfig(t, profile, srv.URL)
	cause := causeOf(profile, c)
	dir := t.TempDir()

	if conform {
		hostilePreflight(t, profile, c, cfg, srv.URL, cause)
		// Past the preflight, the specs themselves must hold against the
		// same server: each judges what it gets and names the cause.
		out := filepath.Join(dir, "conform.json")
		sent := srv.Requests()
		r := measure(t, 3*conformBound, "conform", "--target", cfg, "--json", out, "--no-preflight")
		sent = srv.Requests() - sent
		t.Logf("conform sent %d requests", sent)
		noPanic(t, "conform", r.stderr)
		if r.code != ExitFailed {
			t.Errorf("conform: exit %d, want %d\n%s", r.code, ExitFailed, r.stderr)
		}
		if r.took > conformBound {
			t.Errorf("conform took %s, bound %s", r.took, conformBound)
		}
		if r.peakRSS > maxPeakRSS {
			t.Errorf("conform peak RSS %d MiB", r.peakRSS>>20)
		}
		run, err := reports.ReadJSON(out)
		if err != nil {
			t.Fatalf("conform --json: %v", err)
		}
		verdict, named := conformCause(run, cause.conform)
		if !named && profile != "ishare" { // the iShare specs are new: their wording is logged, not held
			t.Errorf("conform: no failed spec names %q; first failure: %s", cause.conform, verdict)
		}
		addHostileRow(hostileRow{profile: profile, verb: "conform --no-preflight", c: c, exit: r.code, verdict: verdict, took: r.took, peakRSS: r.peakRSS})
	}

	out := filepath.Join(dir, "load.json")
	r := measure(t, 2*loadBound, "load", "--target", cfg, "--rate", "20/s", "--duration", hostileDuration.String(), "--result-out", out)
	noPanic(t, "load", r.stderr)
	if r.code != ExitFailed {
		t.Errorf("load: exit %d, want %d\n%s%s", r.code, ExitFailed, r.stdout, r.stderr)
	}
	if r.took > loadBound {
		t.Errorf("load took %s, bound %s", r.took, loadBound)
	}
	if r.peakRSS > maxPeakRSS {
		t.Errorf("load peak RSS %d MiB", r.peakRSS>>20)
	}
	run, err := reports.ReadJSON(out)
	if err != nil {
		t.Fatalf("load --result-out: %v", err)
	}
	verdict, named := loadCause(run, cause.load)
	if !named {
		t.Errorf("load: no error kind or code names %q: %s", cause.load, verdict)
	}
	addHostileRow(hostileRow{profile: profile, verb: "load", c: c, exit: r.code, verdict: verdict, took: r.took, peakRSS: r.peakRSS})

	if n := srv.XXEFetches(); n != 0 {
		t.Errorf("an XML parser fetched an external entity %d times", n)
	}
}

// hostilePreflight runs conform with its preflight against a hostile
// server: the target stops before its specs with exit 3 and one error line
// naming the login URL and the cause, and its specs are NOT-RUN with that
// error in the JSON results; or, when the hostile answer is a documented
// one (a SOAP fault), the specs run and fail as without the preflight.
func hostilePreflight(t *testing.T, profile string, c hostile.Case, cfg, url string, cause hostileCause) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "preflight.json")
	r := measure(t, 2*conformBound, "conform", "--target", cfg, "--json", out)
	noPanic(t, "conform (preflight)", r.stderr)
	if r.peakRSS > maxPeakRSS {
		t.Errorf("conform (preflight) peak RSS %d MiB", r.peakRSS>>20)
	}
	run, err := reports.ReadJSON(out)
	if err != nil {
		t.Fatalf("conform (preflight) --json: %v\n%s", err, r.stderr)
	}
	verdict := ""
	switch r.code {
	case ExitUnreachable:
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		if len(lines) != 1 || !strings.HasPrefix(lines[0], "authprobe: target "+profile+" ("+url+")") {
			t.Errorf("preflight: want one error line naming the target, got:\n%s", r.stderr)
		}
		named, at := false, strings.Index(lines[0], "→")
		for _, w := range cause.conform {
			if i := strings.Index(lines[0], w); i >= 0 && !named {
				named, at = true, i
			}
		}
		if !named && profile != "ishare" {
			t.Errorf("preflight: the error does not name %q: %s", cause.conform, lines[0])
		}
		for _, s := range run.Conformance.Specs {
			if s.Verdict != results.NotRun || s.Reason != strings.TrimPrefix(lines[0], "authprobe: ") {
				t.Errorf("preflight: %s is %s (%q), want NOT-RUN with the error", s.ID, s.Verdict, s.Reason)
				break
			}
		}
		if r.took > conformBound/2 {
			t.Errorf("preflight took %s: one login, bounded by the 2s timeout", r.took)
		}
		verdict = "stopped: " + around(lines[0], max(at, 0))
	case ExitFailed:
		v, named := conformCause(run, cause.conform)
		if !named && profile != "ishare" {
			t.Errorf("preflight passed, and no failed spec names %q; first failure: %s", cause.conform, v)
		}
		verdict = "preflight passed; " + v
	default:
		t.Errorf("conform (preflight): exit %d, want %d (stopped) or %d\n%s", r.code, ExitUnreachable, ExitFailed, r.stderr)
	}
	addHostileRow(hostileRow{profile: profile, verb: "conform (preflight)", c: c, exit: r.code, verdict: verdict, took: r.took, peakRSS: r.peakRSS})
}

// conformCause summarises the verdicts ("28 FAILED: …excerpt…") and
// says whether a failed spec's message or evidence names any of want; the
// excerpt is taken around the first such mention, else from the first
// failure.
func conformCause(run *results.Run, want []string) (string, bool) {
	if run.Conformance == nil {
		return "no conformance results", false
	}
	failed, excerpt, named := 0, "", false
	for _, s := range run.Conformance.Specs {
		if s.Verdict != results.Failed {
			continue
		}
		failed++
		text := s.Message
		for _, e := range s.Evidence {
			text += "\n" + e.Response
		}
		if excerpt == "" {
			excerpt = around(text, 0)
		}
		for _, w := range want {
			if i := strings.Index(text, w); i >= 0 && !named {
				named, excerpt = true, around(text, i)
			}
		}
	}
	return fmt.Sprintf("%d FAILED: %s", failed, excerpt), named
}

// around returns about 100 characters of s from a little before i, on one
// line.
func around(s string, i int) string {
	from := max(0, i-40)
	if from > 0 {
		if sp := strings.IndexByte(s[from:i], ' '); sp >= 0 {
			from += sp + 1 // start at a word
		}
	}
	for from > 0 && !utf8.RuneStart(s[from]) {
		from--
	}
	to := min(len(s), i+76)
	for to < len(s) && !utf8.RuneStart(s[to]) {
		to++
	}
	out := strings.Join(strings.Fields(s[from:to]), " ")
	if from > 0 {
		out = "…" + out
	}
	if to < len(s) {
		out += "…"
	}
	return out
}

// loadCause returns the load result's error kinds and codes and whether
// one of them contains any of want.
func loadCause(run *results.Run, want []string) (string, bool) {
	if len(run.Load) == 0 {
		return "no load result", false
	}
	l := run.Load[0]
	var parts []string
	for _, m := range []map[string]uint64{l.Errors, l.Codes} {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s=%d", k, m[k]))
		}
	}
	verdict := fmt.Sprintf("success %.0f%%; %s", 100*l.SuccessRatio, strings.Join(parts, " "))
	for _, p := range parts {
		for _, w := range want {
			if strings.Contains(p, w) {
				return verdict, true
			}
		}
	}
	return verdict, false
}

// hostileTable renders the measured rows as a Markdown table.
func hostileTable() string {
	hostileRowsMu.Lock()
	rows := append([]hostileRow(nil), hostileRows...)
	hostileRowsMu.Unlock()
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.profile != b.profile {
			return a.profile < b.profile
		}
		if a.c != b.c {
			return a.c < b.c
		}
		return a.verb < b.verb
	})
	var b strings.Builder
	b.WriteString("| profile | case | verb | exit | verdict (what the results name) | time to verdict | peak RSS |\n")
	b.WriteString("|---|---|---|---:|---|---:|---:|\n")
	for _, r := range rows {
		v := strings.ReplaceAll(r.verdict, "|", `\|`)
		fmt.Fprintf(&b, "| %s | %s | %s | %d | %s | %.1f s | %d MiB |\n", r.profile, r.c, r.verb, r.exit, v, r.took.Seconds(), r.peakRSS>>20)
	}
	return b.String()
}

// startServe runs `authprobe serve` with args until the test ends and
// returns what it printed once every server listens.
func startServe(t *testing.T, args ...string) string {
	t.Helper()
	p := startProbe(t, append([]string{"serve"}, args...)...)
	if !p.waitFor(30*time.Second, func() bool { return strings.Contains(p.stdout.String(), "serving;") }) {
		t.Fatalf("serve did not start\n%s%s", p.stdout, p.stderr)
	}
	t.Cleanup(func() {
		_ = p.cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-p.done:
		case <-time.After(5 * time.Second):
			t.Errorf("serve did not stop on SIGINT")
		}
	})
	return p.stdout.String()
}

// serveURL reads a profile's base URL from serve's output.
func serveURL(t *testing.T, out, profile string) string {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == profile {
			return f[1]
		}
	}
	t.Fatalf("serve printed no URL for %s:\n%s", profile, out)
	return ""
}

// oversized is a request body of 1 GiB, generated, never held.
type oversized struct{ left int64 }

func (o *oversized) Read(p []byte) (int, error) {
	if o.left <= 0 {
		return 0, io.EOF
	}
	n := min(int64(len(p)), o.left)
	for i := range p[:n] {
		p[i] = 'a'
	}
	o.left -= n
	return int(n), nil
}

// The reference servers are safe to share: bound to loopback, an
// oversized body is refused with 413 or a documented error without being
// read to its end, a slowloris header is cut after ReadHeaderTimeout, and
// the clock control endpoint is refused unless --test-clock is on.
func TestReferenceServersAreSafeToShare(t *testing.T) {
	out := startServe(t)
	for _, p := range []string{"videntity", "irp", "certna", "ishare"} {
		if u := serveURL(t, out, p); !strings.HasPrefix(u, "http://127.0.0.1:") {
			t.Errorf("%s listens on %s, not loopback", p, u)
		}
	}
	t.Run("oversized bodies", func(t *testing.T) {
		cases := []struct {
			profile, path, contentType string
			header                     http.Header
			documented                 []string // an answer naming one of these is the documented refusal
		}{
			{"videntity", "/sessions/login", "application/x-www-form-urlencoded", nil, []string{"<error_number>11</error_number>"}},
			{"irp", "/api/v1/Authentication/Authenticate", "application/x-www-form-urlencoded", nil, []string{`"Code":2010`}},
			{"certna", "/user/login", "application/json", nil, []string{"BODY_TOO_LARGE"}},
			{"ishare", "/Users.asmx", "text/xml; charset=utf-8", http.Header{"Soapaction": {`"http://tempuri.org/CreateSessionKey"`}}, []string{"Maximum request length exceeded"}},
		}
		hc := &http.Client{Timeout: 10 * time.Second}
		for _, c := range cases {
			req, _ := http.NewRequest(http.MethodPost, serveURL(t, out, c.profile)+c.path, &oversized{left: 1 << 30})
			req.Header = c.header.Clone()
			if req.Header == nil {
				req.Header = http.Header{}
			}
			req.Header.Set("Content-Type", c.contentType)
			start := time.Now()
			resp, err := hc.Do(req)
			if err != nil {
				t.Errorf("%s: %v", c.profile, err)
				continue
			}
			body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
			took := time.Since(start)
			named := false
			for _, d := range c.documented {
				named = named || strings.Contains(string(body), d)
			}
			if resp.StatusCode != http.StatusRequestEntityTooLarge && !named {
				t.Errorf("%s: a 1 GiB body got HTTP %d %s", c.profile, resp.StatusCode, body)
			}
			if took > 5*time.Second {
				t.Errorf("%s: %s to refuse a 1 GiB body: it was read", c.profile, took)
			}
		}
	})
	t.Run("slowloris header", func(t *testing.T) {
		addr := strings.TrimPrefix(serveURL(t, out, "videntity"), "http://")
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		start := time.Now()
		if _, err := conn.Write([]byte("POST /sessions/login HTTP/1.1\r\nHost: x\r\n")); err != nil {
			t.Fatal(err)
		}
		closed := make(chan time.Duration, 1)
		go func() {
			_, _ = io.Copy(io.Discard, conn) // ends when the server closes
			closed <- time.Since(start)
		}()
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		for i := 0; ; i++ {
			select {
			case took := <-closed:
				if took < 4*time.Second || took > 8*time.Second {
					t.Fatalf("the header was cut after %s; want ReadHeaderTimeout (5s)", took)
				}
				return
			case <-tick.C:
				if i > 40 {
					t.Fatal("a header dripping for 20s was never cut")
				}
				_, _ = conn.Write([]byte("X"))
			}
		}
	})
	t.Run("clock control", func(t *testing.T) {
		post := func(base string) (int, string) {
			resp, err := http.Post(base+"/_authprobe/clock", "application/json", strings.NewReader(`{"advance":"31m"}`))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b)
		}
		for _, p := range []string{"videntity", "irp", "certna", "ishare"} {
			if code, body := post(serveURL(t, out, p)); code != http.StatusForbidden {
				t.Errorf("%s without --test-clock: HTTP %d %s, want 403", p, code, body)
			}
		}
		testClock := startServe(t, "--profiles", "irp", "--test-clock")
		if code, body := post(serveURL(t, testClock, "irp")); code != http.StatusOK || !strings.Contains(body, `"offset":"31m0s"`) {
			t.Errorf("with --test-clock from loopback: HTTP %d %s", code, body)
		}
	})
}

// The session store is capped: past the cap the oldest session is
// evicted, so a flood of logins cannot grow a shared server.
func TestSessionStoreIsBounded(t *testing.T) {
	set, err := embedded.Start(embedded.Options{Profiles: []string{"videntity"}, MaxSessions: 64})
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	srv, _ := set.Get("videntity")
	a := srv.Accounts[0]
	c := videntity.New(srv.URL, nil)
	ctx := context.Background()
	login := func() string {
		r, err := c.Login(ctx, a["username"], a["password"], a["account_number"])
		if err != nil || !r.OK() {
			t.Fatalf("login: %v %+v", err, r)
		}
		return r.SessionKey
	}
	first := login()
	var last string
	for i := 0; i < 640; i++ {
		last = login()
	}
	if r, err := c.Ping(ctx, first); err != nil || r.OK() || r.ErrorNumber != videntity.ErrSessionDoesNotExist {
		t.Fatalf("the first of 641 sessions with a cap of 64 is still there: %v %+v", err, r)
	}
	if r, err := c.Ping(ctx, last); err != nil || !r.OK() {
		t.Fatalf("the newest session was evicted: %v %+v", err, r)
	}
}

// Logins, pings and logouts from many goroutines against the embedded
// Videntity server: every answer is the documented one, and under -race
// the server shows no data race.
func TestConcurrentSessionsRaceClean(t *testing.T) {
	set, err := embedded.Start(embedded.Options{Profiles: []string{"videntity"}})
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	srv, _ := set.Get("videntity")
	hc, _ := wire.NewHTTPClient(wire.ClientOptions{Timeout: 10 * time.Second})
	defer hc.CloseIdleConnections()
	const workers, rounds = 16, 40
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	keys := make(chan string, workers*rounds)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			a := srv.Accounts[w%len(srv.Accounts)]
			c := videntity.New(srv.URL, hc)
			for i := 0; i < rounds; i++ {
				r, err := c.Login(ctx, a["username"], a["password"], a["account_number"])
				if err != nil || !r.OK() {
					errs <- fmt.Errorf("worker %d login %d: %v %+v", w, i, err, r)
					return
				}
				key := r.SessionKey
				keys <- key
				if p, err := c.Ping(ctx, key); err != nil || !p.OK() {
					errs <- fmt.Errorf("worker %d ping %d: %v %+v", w, i, err, p)
					return
				}
				// Ping a key another worker may be logging out right now.
				select {
				case other := <-keys:
					if _, err := c.Ping(ctx, other); err != nil {
						errs <- fmt.Errorf("worker %d ping of another key: %v", w, err)
						return
					}
				default:
				}
				if l, err := c.Logout(ctx, key); err != nil || !l.OK() {
					errs <- fmt.Errorf("worker %d logout %d: %v %+v", w, i, err, l)
					return
				}
				if p, err := c.Ping(ctx, key); err != nil || p.OK() || p.ErrorNumber != videntity.ErrSessionDoesNotExist {
					errs <- fmt.Errorf("worker %d ping after logout %d: %v %+v", w, i, err, p)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// Configuration mistakes end with one line naming the file, the line and
// the key (exit 2); an unreachable host ends with exit 3; an untrusted
// certificate stops conform and run at the login preflight with one line
// naming TLS (exit 3), and is a load verdict naming TLS (exit 1).
func TestConfigurationErrorsAtTheCLI(t *testing.T) {
	port := freePort(t) // nothing listens there
	notPEM := writeFile(t, "not-a-cert.pem", "this is not a certificate\n")
	target := func(baseURL, extra string) string {
		return fmt.Sprintf("environment: test\ntargets:\n  - profile: videntity\n    base_url: %s\n    timeout: 2s\n%s    credentials:\n      - %s\n",
			baseURL, extra, hostileCredentials["videntity"])
	}
	tlsSrv, err := hostile.Start("videntity", hostile.UntrustedTLS)
	if err != nil {
		t.Fatal(err)
	}
	defer tlsSrv.Close()
	up := tlsSrv.URL
	cases := []struct {
		name   string
		config string
		code   int
		want   string
	}{
		{"unreachable", target(fmt.Sprintf("http://127.0.0.1:%d", port), ""), ExitUnreachable, "is unreachable"},
		{"missing ca_file", target(up, "    tls: {ca_file: /nonexistent/ca.pem}\n"), ExitUsage, "c.yaml:6:20: ca_file: cannot read CA file: no such file or directory"},
		{"ca_file not PEM", target(up, "    tls: {ca_file: "+notPEM+"}\n"), ExitUsage, "c.yaml: target videntity: tls ca_file " + notPEM + ": no PEM certificate found"},
		{"ca_file not PEM, target down", target(fmt.Sprintf("https://127.0.0.1:%d", port), "    tls: {ca_file: "+notPEM+"}\n"), ExitUsage, "no PEM certificate found"},
		{"missing variable", strings.Replace(target(up, ""), "password: Ry5NvPky2jBjshT", `password: "${AUTHPROBE_TEST_UNSET_PASSWORD}"`, 1), ExitUsage,
			"password: environment variable AUTHPROBE_TEST_UNSET_PASSWORD is not set"},
		{"untrusted certificate", target(up, ""), ExitUnreachable, "tls: failed to verify certificate: x509: certificate signed by unknown authority"},
	}
	for _, c := range cases {
		cfg := writeFile(t, "c.yaml", c.config)
		verbs := []struct {
			name string
			args []string
		}{
			{"conform", []string{"conform", "--target", cfg}},
			{"load", []string{"load", "--target", cfg, "--rate", "5/s", "--duration", "1s", "--threshold", "success>=99%"}},
			{"run", []string{"run", "--target", cfg, "--out", filepath.Join(t.TempDir(), "out")}},
		}
		for _, v := range verbs {
			t.Run(c.name+"/"+v.name, func(t *testing.T) {
				r := authprobe(t, time.Minute, v.args...)
				noPanic(t, v.name, r.stderr)
				code, want := c.code, c.want
				if v.name == "load" && c.name == "untrusted certificate" {
					// load has no login preflight: every hit fails, and it
					// prints the kinds of failed hits
					code, want = ExitFailed, "errors: tls="
				}
				if r.code != code {
					t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, code, r.stdout, r.stderr)
				}
				if !strings.Contains(r.stdout+r.stderr, want) {
					t.Fatalf("output does not say %q:\nstdout: %s\nstderr: %s", want, r.stdout, r.stderr)
				}
				if code == ExitUsage || code == ExitUnreachable {
					if lines := strings.Split(strings.TrimSpace(r.stderr), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], "authprobe: ") {
						t.Fatalf("want one line of error, got:\n%s", r.stderr)
					}
				}
			})
		}
	}
}

// tail returns the last n bytes of s.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}
