package cli

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authprobe/authprobe/refservers/embedded"
	"github.com/authprobe/authprobe/reports"
	"github.com/authprobe/authprobe/results"
)

// startRemote starts every reference server answering after latency, with
// session lifetimes ttl (0: the defaults), and writes a target
// configuration for them with the clock mode.
func startRemote(t *testing.T, latency, ttl time.Duration, clock string) string {
	t.Helper()
	o := embedded.Options{Latency: latency, TTL: map[string]time.Duration{}}
	if ttl > 0 {
		for _, p := range []string{"ishare", "videntity", "irp", "certna"} {
			o.TTL[p] = ttl
		}
	}
	set, err := embedded.Start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = set.Close() })
	cfg := filepath.Join(t.TempDir(), "remote.yaml")
	if err := set.WriteConfig(cfg, clock); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// specVerdicts returns "ID verdict" per spec of a run, sorted (IDs may repeat).
func specVerdicts(t *testing.T, path string) []string {
	t.Helper()
	run, err := reports.ReadJSON(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range run.Conformance.Specs {
		out = append(out, s.ID+" "+string(s.Verdict))
	}
	sort.Strings(out)
	return out
}

// The catalog run in parallel workers gets the verdicts of the run one
// spec after another, spec by spec, against the same servers answering
// with latency: with clock: skip, and with clock: real and short session
// lifetimes (the timelines then run in the workers; IRP-REPLAY-001 waits
// out the fixed 2-minute TimeStamp window, so it is left out). The parallel run
// prints progress lines with done/total to stderr (not a terminal).
func TestParallelConformMatchesSequential(t *testing.T) {
	for _, c := range []struct {
		clock string
		ttl   time.Duration
	}{{"skip", 0}, {"real", 4 * time.Second}} {
		t.Run(c.clock, func(t *testing.T) {
			cfg := startRemote(t, 5*time.Millisecond, c.ttl, c.clock)
			dir := t.TempDir()
			seq, par := filepath.Join(dir, "seq.json"), filepath.Join(dir, "par.json")
			filter := "!IRP-REPLAY-001"
			rs := authprobe(t, 5*time.Minute, "conform", "--target", cfg, "--label-filter", filter, "--parallel", "1", "--json", seq, "--quiet")
			rp := authprobe(t, 5*time.Minute, "conform", "--target", cfg, "--label-filter", filter, "--parallel", "4", "--json", par, "--progress-interval", "300ms")
			if rs.code != rp.code {
				t.Errorf("exit %d sequential, %d parallel\n%s\n%s", rs.code, rp.code, rs.stderr, rp.stderr)
			}
			a, b := specVerdicts(t, seq), specVerdicts(t, par)
			if len(a) < 100 {
				t.Fatalf("only %d specs ran sequentially\n%s", len(a), rs.stderr)
			}
			if strings.Join(a, "\n") != strings.Join(b, "\n") {
				t.Errorf("verdicts differ:\n%s", lineDiff(a, b))
			}
			if c.clock == "real" && !strings.Contains(strings.Join(a, "\n"), "EXP") {
				t.Errorf("no expiry spec ran with clock: real")
			}
			checkProgressLines(t, rp.stderr, len(b))
			checkObservations(t, par)
			noPanic(t, "parallel conform", rp.stderr)
		})
	}
}

// checkObservations wants what the workers learnt of each target merged
// into the results, and no spec reported by a worker that did not own it.
func checkObservations(t *testing.T, path string) {
	t.Helper()
	run, err := reports.ReadJSON(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range run.Target.APIs {
		if len(a.Observed) == 0 {
			t.Errorf("target %s: no observation in the parallel run", a.Name)
		}
	}
	for _, s := range run.Conformance.Specs {
		if s.Verdict == results.Skipped && strings.Contains(s.Reason, "another worker") {
			t.Errorf("%s reported as skipped by a worker that did not own it", s.ID)
		}
	}
}

// checkProgressLines wants at least one plain progress line, with counts
// that never go down and the total of the run.
func checkProgressLines(t *testing.T, stderr string, total int) {
	t.Helper()
	re := regexp.MustCompile(`(?m)^conform: (\d+)/(\d+) specs done`)
	m := re.FindAllStringSubmatch(stderr, -1)
	if len(m) == 0 {
		t.Errorf("no progress line on stderr:\n%s", stderr)
		return
	}
	last := -1
	for _, x := range m {
		done, _ := strconv.Atoi(x[1])
		all, _ := strconv.Atoi(x[2])
		if all != total || done < last || done > all {
			t.Errorf("progress line %q: want done rising to a total of %d", x[0], total)
		}
		last = done
	}
}

func lineDiff(a, b []string) string {
	in := func(list []string) map[string]int {
		m := map[string]int{}
		for _, x := range list {
			m[x]++
		}
		return m
	}
	ma, mb := in(a), in(b)
	var out []string
	for k, n := range ma {
		if mb[k] < n {
			out = append(out, "- "+k+" (sequential only)")
		}
	}
	for k, n := range mb {
		if ma[k] < n {
			out = append(out, "+ "+k+" (parallel only)")
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// counter is a proxy in front of a target that counts requests per second.
type counter struct {
	mu     sync.Mutex
	perSec map[int64]int
}

func (c *counter) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		c.perSec[time.Now().UnixNano()/int64(time.Second)]++
		c.mu.Unlock()
		h.ServeHTTP(w, r)
	})
}

// peak is the most requests seen in one whole second, and the total.
func (c *counter) peak() (max, total int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, n := range c.perSec {
		total += n
		if n > max {
			max = n
		}
	}
	return max, total
}

// A parallel run holds each target to --rate-cap requests per second
// across all its workers: the server counts the requests of each second.
func TestParallelRespectsRateCap(t *testing.T) {
	set, err := embedded.Start(embedded.Options{Profiles: []string{"certna"}})
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	srv, _ := set.Get("certna")
	u, _ := url.Parse(srv.URL)
	c := &counter{perSec: map[int64]int{}}
	proxy := &http.Server{Handler: c.wrap(httputil.NewSingleHostReverseProxy(u))}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = proxy.Serve(ln) }()
	defer proxy.Close()
	raw, err := set.ConfigYAML("skip")
	if err != nil {
		t.Fatal(err)
	}
	cfg := writeFile(t, "capped.yaml", strings.Replace(string(raw), srv.URL, "http://"+ln.Addr().String(), 1))
	const limit = 100
	r := authprobe(t, 5*time.Minute, "conform", "--target", cfg, "--parallel", "4", "--rate-cap", fmt.Sprint(limit), "--quiet")
	if r.code != ExitOK {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	max, total := c.peak()
	if total < 3*limit {
		t.Fatalf("only %d requests: too few to judge the cap", total)
	}
	// The bucket holds a tenth of a second of requests: one second sees at
	// most the rate plus that burst.
	if max > limit+limit/10+1 {
		t.Errorf("%d requests in one second with --rate-cap %d", max, limit)
	}
}

// --parallel and --rate-cap refuse nonsense; --latency applies to the
// embedded servers only.
func TestParallelFlagsChecked(t *testing.T) {
	for _, args := range [][]string{
		{"conform", "--parallel", "0"},
		{"conform", "--rate-cap", "-1"},
		{"conform", "--progress-interval", "0s"},
		{"conform", "--target", "x.yaml", "--latency", "40ms"},
		{"serve", "--latency", "-1s"},
	} {
		if r := authprobe(t, time.Minute, args...); r.code != ExitUsage {
			t.Errorf("%v: exit %d, want %d\n%s", args, r.code, ExitUsage, r.stderr)
		}
	}
}

// The worker mode cannot be entered by accident: without the parent's
// marker the binary refuses with a usage error and runs nothing.
func TestWorkerModeRefusesWithoutMarker(t *testing.T) {
	r := authprobe(t, time.Minute, "__authprobe-conformance-worker")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "not a verb") || !strings.Contains(r.stderr, "marker") {
		t.Errorf("exit %d, want %d naming the missing marker\n%s", r.code, ExitUsage, r.stderr)
	}
}
