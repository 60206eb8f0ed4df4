package metrics

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/internal/testserver/pushgateway"
)

// Push to a real Pushgateway, then read the metrics back from its
// /metrics: every value arrives, under the job and grouping labels.
func TestPushToARealPushgateway(t *testing.T) {
	gw := pushgateway.Start(t)
	reg, err := Collect(fixtureRun(), Options{Redact: redactor().Redact, Failed: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	grouping := map[string]string{"environment": "staging", "shard": "2/4", "profiles": "irp"}
	if err := Push(ctx, Target{URL: gw.URL, Job: "authprobe-nightly", Grouping: grouping}, reg); err != nil {
		t.Fatal(err)
	}
	fams := gw.Metrics(t)
	key := map[string]string{"job": "authprobe-nightly", "environment": "staging", "shard": "2/4", "profiles": "irp"}
	checkRunMetrics(t, fams, key)
	if _, err := pushgateway.Find(fams, "push_time_seconds", key); err != nil {
		t.Errorf("the gateway recorded no push for the group: %v", err)
	}
	for name := range fams {
		for _, m := range fams[name].GetMetric() {
			for _, l := range m.GetLabel() {
				if strings.Contains(l.GetValue(), secretValue) {
					t.Fatalf("a secret reached the Pushgateway: %s{%s=%q}", name, l.GetName(), l.GetValue())
				}
			}
		}
	}

	// A second push of the same group replaces the first.
	run := fixtureRun()
	run.Load[0].TokensPerSec = 321
	reg, err = Collect(run, Options{Redact: redactor().Redact})
	if err != nil {
		t.Fatal(err)
	}
	if err := Push(ctx, Target{URL: gw.URL, Job: "authprobe-nightly", Grouping: grouping}, reg); err != nil {
		t.Fatal(err)
	}
	m, err := pushgateway.Find(gw.Metrics(t), "authprobe_load_tokens_per_second", key)
	if err != nil || m.GetGauge().GetValue() != 321 {
		t.Fatalf("after a second push: %v %v", m, err)
	}
}

// A push that cannot be delivered is an error naming the gateway, and the
// credentials of the URL appear nowhere in it.
func TestPushFailureIsAClearError(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	reg, err := Collect(fixtureRun(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = Push(ctx, Target{URL: "http://ci:hunter2-password@" + addr, Job: "authprobe"}, reg)
	if err == nil || !strings.Contains(err.Error(), "push to Pushgateway http://"+addr) || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("err = %v", err)
	}
	for _, bad := range []string{"", "pushgateway:9091", "ftp://x", "http://user:hunter2@[::1"} {
		err := Push(ctx, Target{URL: bad, Job: "authprobe"}, reg)
		if err == nil || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("URL %q: err = %v", bad, err)
		}
	}
}
