package load

import (
	"math"
	"testing"
	"time"
)

func TestLatencyOfKnownValues(t *testing.T) {
	h := newHist()
	for i := 1; i <= 1000; i++ {
		record(h, time.Duration(i)*time.Millisecond) // 1ms … 1s, uniform
	}
	l := latencyOf(h)
	within := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > want*0.001+0.001 { // 3 significant digits
			t.Errorf("%s = %v, want %v within histogram precision", name, got, want)
		}
	}
	within("p50", l.P50, 500)
	within("p90", l.P90, 900)
	within("p95", l.P95, 950)
	within("p99", l.P99, 990)
	within("p99.9", l.P999, 999)
	within("max", l.Max, 1000)
	within("min", l.Min, 1)
	within("mean", l.Mean, 500.5)
	if (latencyOf(newHist()) != latencyOf(nil)) || latencyOf(nil).Max != 0 {
		t.Error("an empty histogram must give zero latencies")
	}
}

func TestRecordClampsToRange(t *testing.T) {
	h := newHist()
	record(h, 0)
	record(h, 2*time.Minute)
	if h.TotalCount() != 2 || h.Min() != histLowest || h.Max() < histHighest {
		t.Errorf("count %d min %d max %d: out-of-range values must be clamped, not dropped", h.TotalCount(), h.Min(), h.Max())
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	h := newHist()
	for i := 1; i <= 5000; i++ {
		record(h, time.Duration(i*i)*time.Microsecond)
	}
	s, err := encode(h)
	if err != nil {
		t.Fatal(err)
	}
	d, err := decode(s)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Equals(h) || latencyOf(d) != latencyOf(h) {
		t.Error("decoded histogram differs from the encoded one")
	}
	if _, err := decode("not base64!"); err == nil {
		t.Error("decode accepted garbage")
	}
}

func TestBucketsCoverEveryValue(t *testing.T) {
	h := newHist()
	var n int64
	for i := 1; i <= 20000; i++ {
		record(h, time.Duration(50+i%7000)*time.Microsecond*time.Duration(1+i%13))
		n++
	}
	bs := buckets(h)
	if len(bs) != histBucketCnt {
		t.Fatalf("%d buckets, want %d", len(bs), histBucketCnt)
	}
	var sum uint64
	for i, b := range bs {
		sum += b.Count
		if i > 0 && b.UpToMs <= bs[i-1].UpToMs {
			t.Errorf("bucket %d bound %v not above %v", i, b.UpToMs, bs[i-1].UpToMs)
		}
	}
	if sum != uint64(n) {
		t.Errorf("buckets hold %d values, want %d", sum, n)
	}
	if last := bs[len(bs)-1].UpToMs; last < ms(h.Max())-0.001 {
		t.Errorf("last bound %v below max %v", last, ms(h.Max()))
	}
	// Log spacing: the ratio between consecutive bounds is constant.
	r1, r2 := bs[2].UpToMs/bs[1].UpToMs, bs[20].UpToMs/bs[19].UpToMs
	if math.Abs(r1-r2) > 0.02*r1 {
		t.Errorf("bounds not log-spaced: ratios %v and %v", r1, r2)
	}
	one := newHist()
	record(one, 5*time.Millisecond)
	if b := buckets(one); len(b) == 0 || len(b) > 4 || b[0].Count != 1 || b[0].UpToMs != 5 {
		t.Errorf("single value: buckets %+v, want the value in the first of a few bars", b)
	}
	if buckets(newHist()) != nil {
		t.Error("empty histogram: want no buckets")
	}
}
