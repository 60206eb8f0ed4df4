package diff

import (
	"flag"
	"testing"
)

func TestParsePercent(t *testing.T) {
	for in, want := range map[string]Percent{"10%": 10, "10": 10, " 2.5 % ": 2.5, "0.1pp": 0.1, "0": 0, "off": Off, "NONE": Off} {
		got, err := ParsePercent(in)
		if err != nil || got != want {
			t.Errorf("ParsePercent(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "ten", "-5%", "5%%x", "NaN"} {
		if _, err := ParsePercent(bad); err == nil {
			t.Errorf("ParsePercent(%q) accepted", bad)
		}
	}
}

func TestDefaultLimits(t *testing.T) {
	l := DefaultLimits()
	if l.P99Regression != 10 || l.P50Regression != 10 || l.ThroughputDrop != 10 || l.SuccessRatioDrop != 0.1 {
		t.Fatalf("defaults %+v", l)
	}
	if got := l.String(); got != "p50=10%,p95=10%,p99=10%,throughput=10%,success=0.1pp" {
		t.Errorf("String = %s", got)
	}
}

func TestParseLimits(t *testing.T) {
	l, err := ParseLimits("p99=15%, throughput=5 ,success=0.5pp,p50=off")
	if err != nil {
		t.Fatal(err)
	}
	if l.P99Regression != 15 || l.ThroughputDrop != 5 || l.SuccessRatioDrop != 0.5 || l.P50Regression.Enabled() || l.P95Regression != 10 {
		t.Fatalf("%+v", l)
	}
	back, err := ParseLimits(l.String())
	if err != nil || back != l {
		t.Errorf("String does not round-trip: %s → %+v, %v", l, back, err)
	}
	for _, bad := range []string{"p99", "p42=10%", "p99=fast"} {
		if _, err := ParseLimits(bad); err == nil {
			t.Errorf("ParseLimits(%q) accepted", bad)
		}
	}
}

func TestPercentIsAFlagValue(t *testing.T) {
	l := DefaultLimits()
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	fs.Var(&l.P99Regression, "max-p99-regression", "")
	fs.Var(&l.SuccessRatioDrop, "max-success-drop", "")
	if err := fs.Parse([]string{"--max-p99-regression=25%", "--max-success-drop", "1pp"}); err != nil {
		t.Fatal(err)
	}
	if l.P99Regression != 25 || l.SuccessRatioDrop != 1 {
		t.Fatalf("%+v", l)
	}
	if (&l.P99Regression).Type() != "percent" {
		t.Error("Type")
	}
}
