package diff

import (
	"flag"
	"testing"
	"time"
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
	if l.P99Regression != (LatencyLimit{10, 5 * time.Millisecond}) || l.P50Regression != (LatencyLimit{10, time.Millisecond}) ||
		l.P95Regression != (LatencyLimit{10, 3 * time.Millisecond}) || l.ThroughputDrop != 10 || l.SuccessRatioDrop != 0.1 || l.MinTailSamples != 10 {
		t.Fatalf("defaults %+v", l)
	}
	if got := l.String(); got != "p50:+10%,+1ms,p95:+10%,+3ms,p99:+10%,+5ms,throughput:-10%,success:-0.1pp,min_tail:10" {
		t.Errorf("String = %s", got)
	}
}

func TestParseLimits(t *testing.T) {
	// the relative-only syntax of earlier releases
	l, err := ParseLimits("p99=15%, throughput=5 ,success=0.5pp,p50=off")
	if err != nil {
		t.Fatal(err)
	}
	if l.P99Regression != (LatencyLimit{15, 5 * time.Millisecond}) || l.ThroughputDrop != 5 || l.SuccessRatioDrop != 0.5 ||
		l.P50Regression.Enabled() || l.P95Regression.Rise != 10 {
		t.Fatalf("%+v", l)
	}
	back, err := ParseLimits(l.String())
	if err != nil || back != l {
		t.Errorf("String does not round-trip: %s → %+v, %v", l, back, err)
	}
	// the floor syntax: a part without a name continues the previous limit
	l, err = ParseLimits("p99:+20%,+8ms,p95:+2ms,throughput:-5%,min_tail:20")
	if err != nil {
		t.Fatal(err)
	}
	if l.P99Regression != (LatencyLimit{20, 8 * time.Millisecond}) || l.P95Regression != (LatencyLimit{10, 2 * time.Millisecond}) ||
		l.ThroughputDrop != 5 || l.MinTailSamples != 20 {
		t.Fatalf("%+v", l)
	}
	if back, err := ParseLimits(l.String()); err != nil || back != l {
		t.Errorf("String does not round-trip: %s → %+v, %v", l, back, err)
	}
	for _, bad := range []string{"p99", "p42=10%", "p99=fast", "+5ms", "p99:-5ms", "p99:+20%,5 parsecs", "p99:off,+5ms", "min_tail:-1", "min_tail:many"} {
		if _, err := ParseLimits(bad); err == nil {
			t.Errorf("ParseLimits(%q) accepted", bad)
		}
	}
}

func TestMinSamplesPerPercentile(t *testing.T) {
	l := DefaultLimits()
	for q, want := range map[float64]uint64{0.50: 20, 0.95: 200, 0.99: 1000} {
		if got := l.MinSamples(q); got != want {
			t.Errorf("MinSamples(%v) = %d, want %d", q, got, want)
		}
	}
	l.MinTailSamples = 0
	if got := l.MinSamples(0.99); got != 0 {
		t.Errorf("MinTailSamples 0 still needs %d samples", got)
	}
}

func TestLimitFlagValues(t *testing.T) {
	l := DefaultLimits()
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	fs.Var(&l.P99Regression, "max-p99-regression", "")
	fs.Var(&l.P95Regression, "max-p95-regression", "")
	fs.Var(&l.SuccessRatioDrop, "max-success-drop", "")
	if err := fs.Parse([]string{"--max-p99-regression=25%", "--max-p95-regression", "+20%,+10ms", "--max-success-drop", "1pp"}); err != nil {
		t.Fatal(err)
	}
	// a relative-only value keeps the default floor
	if l.P99Regression != (LatencyLimit{25, 5 * time.Millisecond}) || l.P95Regression != (LatencyLimit{20, 10 * time.Millisecond}) || l.SuccessRatioDrop != 1 {
		t.Fatalf("%+v", l)
	}
	if (&l.P99Regression).Type() != "limit" || (&l.SuccessRatioDrop).Type() != "percent" {
		t.Error("Type")
	}
	if err := l.P99Regression.Set("+0ms"); err != nil || l.P99Regression.Floor != 0 || l.P99Regression.String() != "+25%" {
		t.Errorf("+0ms does not drop the floor: %v %v", l.P99Regression, err)
	}
}
