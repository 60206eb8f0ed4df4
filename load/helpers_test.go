package load_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/load"
	loadirp "github.com/authprobe/authprobe/load/irp"
	"github.com/authprobe/authprobe/refservers/irp"
	"github.com/authprobe/authprobe/refservers/refkit"
	"github.com/authprobe/authprobe/results"
)

// irpTarget starts the IRP reference server (optionally wrapped) and
// returns a target with its active demo keys.
func irpTarget(t *testing.T, wrap func(http.Handler) http.Handler) config.Target {
	t.Helper()
	var h http.Handler = irp.New(refkit.Options{}, irp.DemoAccounts()...)
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	tg := config.Target{Profile: "irp", Name: "irp", BaseURL: srv.URL, Timeout: config.Dur(5 * time.Second)}
	for _, a := range irp.DemoAccounts() {
		if !a.Inactive && len(a.AllowedNets) == 0 {
			tg.Credentials = append(tg.Credentials, map[string]string(a.Credentials()))
		}
	}
	return tg
}

// constant returns a constant-rate IRP scenario.
func constant(tg config.Target, rate int, du time.Duration) load.Scenario {
	return load.Scenario{
		Target:      tg,
		Environment: config.EnvTest,
		API:         loadirp.New,
		Mode:        load.ModeConstant,
		Rate:        load.Rate{Freq: rate, Per: time.Second},
		Duration:    du,
	}
}

// run runs sc under a deadline so that no test can hang.
func run(t *testing.T, sc load.Scenario, opts ...load.Option) *results.LoadResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := load.Run(ctx, sc, opts...)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}
