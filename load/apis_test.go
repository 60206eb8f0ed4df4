package load_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"

	certnaclient "github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/load"
	loadcertna "github.com/authprobe/authprobe/load/certna"
	"github.com/authprobe/authprobe/load/registry"
	"github.com/authprobe/authprobe/refservers/certna"
	"github.com/authprobe/authprobe/refservers/ishare"
	"github.com/authprobe/authprobe/refservers/refkit"
	"github.com/authprobe/authprobe/refservers/videntity"
)

// apiScenario starts a reference server and returns a 100/s, 1s scenario
// against it with the given credentials and the registry's factory.
func apiScenario(t *testing.T, profile string, h http.Handler, creds []map[string]string) load.Scenario {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	f, err := registry.Lookup(profile, config.LoadSpec{})
	if err != nil {
		t.Fatal(err)
	}
	return load.Scenario{
		Target:      config.Target{Profile: profile, Name: profile, BaseURL: srv.URL, Credentials: creds, Timeout: config.Dur(5 * time.Second)},
		Environment: config.EnvTest,
		API:         f,
		Rate:        load.Rate{Freq: 100, Per: time.Second},
		Duration:    time.Second,
	}
}

// checkFlood runs sc expecting tokens, then expecting code with wrong
// credentials: both must succeed on every hit.
func checkFlood(t *testing.T, sc load.Scenario, code string) {
	t.Helper()
	res := run(t, sc)
	if res.Requests < 50 || res.Successes != res.Requests || len(res.Codes) != 0 || len(res.Errors) != 0 {
		t.Errorf("%s, expecting tokens: %d successes of %d, codes %v errors %v", sc.Target.Profile, res.Successes, res.Requests, res.Codes, res.Errors)
	}
	sc.Expect = code
	res = run(t, sc)
	if res.Requests < 50 || res.Successes != res.Requests || res.Codes[res.Expect] != res.Requests {
		t.Errorf("%s, wrong passwords expecting %s: %d successes of %d, codes %v errors %v", sc.Target.Profile, code, res.Successes, res.Requests, res.Codes, res.Errors)
	}
}

func TestIShareFlood(t *testing.T) {
	var creds []map[string]string
	for _, a := range ishare.DemoAccounts() {
		if !a.FailSessionCreation {
			creds = append(creds, map[string]string(a.Credentials()))
		}
	}
	sc := apiScenario(t, "ishare", ishare.New(refkit.Options{}, ishare.DemoAccounts()...), creds)
	checkFlood(t, sc, "1024")
}

func TestVidentityFlood(t *testing.T) {
	var creds []map[string]string
	for _, a := range videntity.DemoAccounts() {
		creds = append(creds, map[string]string(a.Credentials()))
	}
	sc := apiScenario(t, "videntity", videntity.New(refkit.Options{}, videntity.DemoAccounts()...), creds)
	checkFlood(t, sc, "AUTHENTICATION_ERROR")
	// The documented number is accepted too, and reported by name.
	sc.Expect = "1"
	if res := run(t, sc); res.Expect != "AUTHENTICATION_ERROR" || res.SuccessRatio != 1 {
		t.Errorf("expect 1: expect %q ratio %v", res.Expect, res.SuccessRatio)
	}
}

func certnaScenario(t *testing.T) load.Scenario {
	var creds []map[string]string
	for _, a := range certna.DemoAccounts() {
		creds = append(creds, map[string]string{certnaclient.CredUserName: a.UserName, certnaclient.CredPassword: a.Password})
	}
	return apiScenario(t, "certna", certna.New(refkit.Options{}, certna.DemoAccounts()...), creds)
}

// CeRTNA: salt then login, each step timed on its own.
func TestCertnaTwoSteps(t *testing.T) {
	sc := certnaScenario(t)
	checkFlood(t, sc, "DatabaseError")
	res := run(t, sc)
	salt, login := res.StepLatency[loadcertna.StepSalt], res.StepLatency[loadcertna.StepLogin]
	if salt.P50 <= 0 || login.P50 <= 0 || res.StepHDR[loadcertna.StepSalt] == "" {
		t.Fatalf("step latencies %+v", res.StepLatency)
	}
	if res.Latency.P50 < salt.P50 || res.Latency.P50 < login.P50 {
		t.Errorf("a hit (p50 %vms) covers both steps (salt p50 %vms, login p50 %vms)", res.Latency.P50, salt.P50, login.P50)
	}
}

// With cached salts (load.cache_salts, read by the registry) each user's
// salt is fetched once and a hit is the login alone.
func TestCertnaCachedSalts(t *testing.T) {
	sc := certnaScenario(t)
	var err error
	if sc.API, err = registry.Lookup("certna", config.LoadSpec{CacheSalts: true}); err != nil {
		t.Fatal(err)
	}
	sc.RawFile = t.TempDir() + "/raw.csv"
	res := run(t, sc)
	if res.Successes != res.Requests || res.Requests < 50 {
		t.Fatalf("%d successes of %d: %v", res.Successes, res.Requests, res.Codes)
	}
	// The salt step's histogram holds only the first fetch per user.
	users := uint64(len(sc.Target.Credentials))
	saltHist := decodeCount(t, res.StepHDR[loadcertna.StepSalt])
	loginHist := decodeCount(t, res.StepHDR[loadcertna.StepLogin])
	if saltHist < users || saltHist > 2*users || loginHist != res.Requests {
		t.Errorf("salt fetches %d (users %d), logins %d, hits %d", saltHist, users, loginHist, res.Requests)
	}
	raw, err := os.ReadFile(sc.RawFile)
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(string(raw), "\n"); uint64(lines) != res.Requests+1 {
		t.Errorf("raw file has %d lines for %d hits and a header", lines, res.Requests)
	}
}

// decodeCount returns how many values an encoded histogram holds.
func decodeCount(t *testing.T, enc string) uint64 {
	t.Helper()
	h, err := hdr.Decode([]byte(enc))
	if err != nil {
		t.Fatalf("decoding %q: %v", enc, err)
	}
	return uint64(h.TotalCount())
}
