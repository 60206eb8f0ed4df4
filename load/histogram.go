package load

import (
	"fmt"
	"math"
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/authprobe/authprobe/results"
)

// Histogram geometry: latencies in microseconds from 1µs to 60s. Run-wide
// and step histograms keep 3 significant digits; the per-second ones of
// the time series 2, which is plenty for a plot and keeps their memory
// small.
const (
	histLowest    = 1
	histHighest   = 60_000_000
	histDigits    = 3
	seriesDigits  = 2
	histBucketCnt = 30
)

func newHist() *hdr.Histogram { return hdr.New(histLowest, histHighest, histDigits) }

func newSeriesHist() *hdr.Histogram { return hdr.New(histLowest, histHighest, seriesDigits) }

// micros converts d to whole microseconds inside the histogram's range.
func micros(d time.Duration) int64 {
	us := d.Microseconds()
	switch {
	case us < histLowest:
		return histLowest
	case us > histHighest:
		return histHighest
	}
	return us
}

// record adds one latency.
func record(h *hdr.Histogram, d time.Duration) {
	// micros keeps the value in range, so RecordValue cannot fail.
	_ = h.RecordValue(micros(d))
}

func ms(us int64) float64 { return float64(us) / 1000 }

// latencyOf returns the exact percentiles of h in milliseconds (all zero
// for an empty histogram).
func latencyOf(h *hdr.Histogram) results.Latency {
	if h == nil || h.TotalCount() == 0 {
		return results.Latency{}
	}
	q := h.ValueAtPercentilesSlice([]float64{50, 90, 95, 99, 99.9})
	return results.Latency{
		P50:  ms(q[0]),
		P90:  ms(q[1]),
		P95:  ms(q[2]),
		P99:  ms(q[3]),
		P999: ms(q[4]),
		Max:  ms(h.Max()),
		Mean: round3(h.Mean() / 1000),
		Min:  ms(h.Min()),
	}
}

// encode returns h in the HdrHistogram V2 compressed Base64 form.
func encode(h *hdr.Histogram) (string, error) {
	b, err := h.Encode(hdr.V2CompressedEncodingCookieBase)
	if err != nil {
		return "", fmt.Errorf("encoding latency histogram: %w", err)
	}
	return string(b), nil
}

// decode reads a histogram written by encode.
func decode(s string) (*hdr.Histogram, error) {
	h, err := hdr.Decode([]byte(s))
	if err != nil {
		return nil, fmt.Errorf("decoding latency histogram: %w", err)
	}
	return h, nil
}

// buckets returns up to histBucketCnt log-spaced bars from the fastest to
// the slowest latency recorded, for plots. Every recorded value falls in
// exactly one bar: the first whose UpToMs is at least the value.
func buckets(h *hdr.Histogram) []results.HistogramBucket {
	if h == nil || h.TotalCount() == 0 {
		return nil
	}
	lo, hi := h.Min(), h.Max()
	if lo < 1 {
		lo = 1
	}
	// bounds in whole microseconds, strictly increasing, the last one hi
	var bounds []int64
	for i := 0; i < histBucketCnt; i++ {
		b := int64(math.Ceil(float64(lo) * math.Pow(float64(hi)/float64(lo), float64(i)/float64(histBucketCnt-1))))
		if i == histBucketCnt-1 || b > hi {
			b = hi
		}
		if len(bounds) == 0 || b > bounds[len(bounds)-1] {
			bounds = append(bounds, b)
		}
	}
	out := make([]results.HistogramBucket, len(bounds))
	for i, b := range bounds {
		out[i].UpToMs = ms(b)
	}
	j := 0
	for _, bar := range h.Distribution() {
		if bar.Count == 0 {
			continue
		}
		for j < len(bounds)-1 && bar.From > bounds[j] {
			j++
		}
		out[j].Count += uint64(bar.Count)
	}
	return out
}
