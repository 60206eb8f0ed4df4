package load_test

import (
	"testing"
	"time"

	"github.com/authprobe/authprobe/load"
)

// A valid flood: every hit issues a token.
func TestIRPTokensCounted(t *testing.T) {
	tg := irpTarget(t, nil)
	res := run(t, constant(tg, 100, 2*time.Second))
	if res.Requests < 160 || res.Requests > 200 {
		t.Errorf("requests = %d, want 200 (100/s for 2s)", res.Requests)
	}
	if res.Successes != res.Requests || res.SuccessRatio != 1 {
		t.Errorf("successes = %d of %d (ratio %v), want all; codes %v errors %v", res.Successes, res.Requests, res.SuccessRatio, res.Codes, res.Errors)
	}
	if res.StatusCodes["200"] != res.Requests {
		t.Errorf("status codes %v, want all 200", res.StatusCodes)
	}
	if len(res.Codes) != 0 || len(res.Errors) != 0 {
		t.Errorf("codes %v errors %v, want none", res.Codes, res.Errors)
	}
	if res.TokensPerSec != res.AchievedRate || res.AchievedRate < 80 || res.AchievedRate > 101 || res.RequestedRate != 100 {
		t.Errorf("tokens/s %v achieved %v requested %v, want about 100, 100 and 100", res.TokensPerSec, res.AchievedRate, res.RequestedRate)
	}
	if res.Latency.P50 <= 0 || res.Latency.Max < res.Latency.P99 || res.Latency.P99 < res.Latency.P50 || res.Latency.Min > res.Latency.P50 {
		t.Errorf("latency not ordered: %+v", res.Latency)
	}
}

// A wrong-password flood expecting the documented code succeeds on every
// hit; the same flood expecting tokens succeeds on none, the code counted.
func TestIRPWrongSecretFlood(t *testing.T) {
	tg := irpTarget(t, nil)
	sc := constant(tg, 100, time.Second)
	sc.Expect = "2003"
	res := run(t, sc)
	if res.Requests < 80 || res.Successes != res.Requests || res.SuccessRatio != 1 {
		t.Errorf("expect 2003: %d successes of %d, want all of about 100 (codes %v)", res.Successes, res.Requests, res.Codes)
	}
	if res.Codes["2003"] != res.Requests || res.Expect != "2003" {
		t.Errorf("codes %v expect %q, want 2003 for every hit", res.Codes, res.Expect)
	}
}

// The same wrong-secret flood, expecting tokens: no hit succeeds and every
// answer's documented code is counted.
func TestIRPWrongSecretExpectingTokens(t *testing.T) {
	tg := irpTarget(t, nil)
	for _, c := range tg.Credentials {
		c["shared_secret"] = load.Alter(c["shared_secret"])
	}
	res := run(t, constant(tg, 100, time.Second))
	if res.Requests < 80 || res.Successes != 0 || res.SuccessRatio != 0 || res.TokensPerSec != 0 {
		t.Errorf("%d successes of %d (%v tokens/s), want 0 of about 100", res.Successes, res.Requests, res.TokensPerSec)
	}
	if res.Codes["2003"] != res.Requests {
		t.Errorf("codes %v, want 2003 for every hit", res.Codes)
	}
	if res.StatusCodes["200"] != res.Requests {
		t.Errorf("status codes %v: documented errors are HTTP 200, so success must not be read from the status", res.StatusCodes)
	}
}
