package load

import (
	"strings"
	"testing"

	"github.com/authprobe/authprobe/results"
)

func TestParseThreshold(t *testing.T) {
	good := []struct {
		expr   string
		metric string
		op     string
		value  float64
		unit   string
	}{
		{"p99<250ms", "p99", "<", 250, "ms"},
		{"p50<=100ms", "p50", "<=", 100, "ms"},
		{"max<1s", "max", "<", 1000, "ms"},
		{"mean<50ms", "mean", "<", 50, "ms"},
		{" P95 < 1.5s ", "p95", "<", 1500, "ms"},
		{"p99.9<2s", "p999", "<", 2000, "ms"},
		{"p999<=800us", "p999", "<=", 0.8, "ms"},
		{"p90>1ms", "p90", ">", 1, "ms"},
		{"success>=99.9%", "success", ">=", 99.9, "%"},
		{"tokens_per_s>=500", "tokens_per_s", ">=", 500, "/s"},
		{"tokens_per_s>=30000/m", "tokens_per_s", ">=", 500, "/s"},
		{"rate>=190/s", "rate", ">=", 190, "/s"},
		{"rate>=95%", "rate", ">=", 95, "%"},
		{"errors<=10", "errors", "<=", 10, ""},
	}
	for _, c := range good {
		th, err := ParseThreshold(c.expr)
		if err != nil {
			t.Errorf("ParseThreshold(%q): %v", c.expr, err)
			continue
		}
		if th.Metric != c.metric || th.Op != c.op || th.Value != c.value || th.Unit != c.unit || th.Expr != c.expr {
			t.Errorf("ParseThreshold(%q) = %+v, want %s %s %v %s", c.expr, th, c.metric, c.op, c.value, c.unit)
		}
	}
	bad := map[string]string{
		"":                  "empty expression",
		"p99":               "no comparison",
		"p99=250ms":         "unsupported comparison",
		"p99==250ms":        "unsupported comparison",
		"p99!=250ms":        "unsupported comparison",
		"<250ms":            "no metric",
		"p99<":              "no bound",
		"p99<abc":           `bad duration "abc"`,
		"p99<250":           `bad duration "250"`,
		"p42<1s":            `unknown metric "p42"`,
		"success>=99.9":     "success takes a percentage",
		"success>=120%":     "success takes a percentage",
		"tokens_per_s>=x":   "tokens_per_s takes a rate",
		"rate>=150%":        "rate as a percentage",
		"errors<=1.5":       "errors takes a whole count",
		"latency<1s":        `unknown metric "latency"`,
		"p99<-5ms":          "negative duration",
		"success>=abc%":     "success takes a percentage",
		"tokens_per_s>=0/s": "tokens_per_s takes a rate",
	}
	for expr, want := range bad {
		_, err := ParseThreshold(expr)
		if err == nil {
			t.Errorf("ParseThreshold(%q) accepted a bad expression", expr)
			continue
		}
		if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), `threshold "`+expr+`"`) {
			t.Errorf("ParseThreshold(%q) error = %q, want it to name the expression and say %q", expr, err, want)
		}
	}
	if _, err := ParseThresholds([]string{"p99<1s", "p99<x", "bogus>1"}); err == nil ||
		!strings.Contains(err.Error(), `"p99<x"`) || !strings.Contains(err.Error(), `"bogus>1"`) {
		t.Errorf("ParseThresholds error = %v, want both bad expressions named", err)
	}
}

func TestEvaluateThresholds(t *testing.T) {
	s := summary{
		Latency:       results.Latency{P50: 20, P90: 40, P95: 60, P99: 240, P999: 400, Max: 900, Mean: 30, Min: 1},
		SuccessRatio:  0.9995,
		TokensPerSec:  480,
		AchievedRate:  190,
		RequestedRate: 200,
		Errors:        3,
	}
	cases := map[string]struct {
		measured float64
		passed   bool
	}{
		"p99<250ms":         {240, true},
		"p99<240ms":         {240, false},
		"p99<=240ms":        {240, true},
		"p50<=10ms":         {20, false},
		"max<1s":            {900, true},
		"mean<25ms":         {30, false},
		"p999<0.5s":         {400, true},
		"success>=99.9%":    {99.95, true},
		"success>=99.99%":   {99.95, false},
		"tokens_per_s>=500": {480, false},
		"tokens_per_s>400":  {480, true},
		"rate>=95%":         {95, true},
		"rate>=96%":         {95, false},
		"rate>=190/s":       {190, true},
		"errors<=3":         {3, true},
		"errors<3":          {3, false},
	}
	for expr, want := range cases {
		th, err := ParseThreshold(expr)
		if err != nil {
			t.Fatalf("ParseThreshold(%q): %v", expr, err)
		}
		got := th.evaluate(s)
		if got.Measured != want.measured || got.Passed != want.passed || got.Expr != expr || got.Unit != th.Unit {
			t.Errorf("%s: got %+v, want measured %v passed %v", expr, got, want.measured, want.passed)
		}
	}
	ths, _ := ParseThresholds([]string{"p99<250ms", "success>=99.99%", "errors<1"})
	out, passed, broken := evaluateAll(ths, s)
	if passed || len(out) != 3 || !strings.HasPrefix(broken, "success>=99.99% (measured 99.95%") {
		t.Errorf("evaluateAll: passed %v broken %q results %+v", passed, broken, out)
	}
}
