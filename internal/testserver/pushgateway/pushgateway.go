// Package pushgateway starts a real Prometheus Pushgateway (the Debian
// package prometheus-pushgateway) for tests: on a free loopback port, with
// its persistence file in a temporary directory, stopped when the test
// ends and never outliving a deadline.
package pushgateway

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
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

// Binary is where the Debian package installs the Pushgateway.
const Binary = "prometheus-pushgateway"

// Lifetime bounds how long a started gateway may run.
const Lifetime = 2 * time.Minute

// Gateway is a running Pushgateway.
type Gateway struct {
	// URL is its base URL, http://127.0.0.1:PORT.
	URL string
}

// Path finds the binary, or fails the test naming how to install it.
func Path(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath(Binary)
	if err != nil {
		for _, c := range []string{"/usr/bin/" + Binary, "/usr/local/bin/" + Binary} {
			if _, serr := os.Stat(c); serr == nil {
				return c
			}
		}
		t.Fatalf("%s is missing: install it (make deps installs the Debian package prometheus-pushgateway; or apt-get install -y prometheus-pushgateway): %v", Binary, err)
	}
	return p
}

// Start runs a Pushgateway on a free loopback port and waits until it is
// ready (at most 30 s).
func Start(t testing.TB) *Gateway {
	t.Helper()
	bin := Path(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), Lifetime)
	cmd := exec.CommandContext(ctx, bin,
		"--web.listen-address="+addr,
		"--persistence.file="+filepath.Join(dir, "pushgateway.data"),
		"--log.level=warn")
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("starting %s: %v", bin, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cancel()
		<-exited
	})
	g := &Gateway{URL: "http://" + addr}
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("%s exited before it was ready: %v\n%s", bin, err, logs.String())
		default:
		}
		resp, err := http.Get(g.URL + "/-/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return g
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not ready at %s within 30s: %v\n%s", bin, g.URL, err, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Metrics reads the gateway's /metrics and decodes every family.
func (g *Gateway) Metrics(t testing.TB) map[string]*dto.MetricFamily {
	t.Helper()
	c := http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get(g.URL + "/metrics")
	if err != nil {
		t.Fatalf("reading the Pushgateway's metrics: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s/metrics: %s\n%s", g.URL, resp.Status, b)
	}
	return Decode(t, resp.Body, expfmt.ResponseFormat(resp.Header))
}

// Decode decodes every metric family of r (Prometheus text or
// OpenMetrics, as format says), by name; a decoding error fails the test.
func Decode(t testing.TB, r io.Reader, format expfmt.Format) map[string]*dto.MetricFamily {
	t.Helper()
	dec := expfmt.NewDecoder(r, format)
	out := map[string]*dto.MetricFamily{}
	for {
		var mf dto.MetricFamily
		err := dec.Decode(&mf)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("decoding metrics: %v", err)
		}
		out[mf.GetName()] = &mf
	}
}

// Find returns the metric of family name whose labels include want, or
// an error listing what the family holds.
func Find(fams map[string]*dto.MetricFamily, name string, want map[string]string) (*dto.Metric, error) {
	mf := fams[name]
	if mf == nil {
		return nil, fmt.Errorf("no metric family %s", name)
	}
next:
	for _, m := range mf.GetMetric() {
		have := map[string]string{}
		for _, l := range m.GetLabel() {
			have[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if have[k] != v {
				continue next
			}
		}
		return m, nil
	}
	return nil, fmt.Errorf("no %s with labels %v among %v", name, want, mf.GetMetric())
}
