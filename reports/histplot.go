package reports

import (
	"fmt"
	"math"

	"github.com/authprobe/authprobe/results"
)

// histPlot is the latency histogram: bars over a logarithmic duration
// axis, each bar spanning its bucket (from the previous bucket's upper
// bound to its own), with round duration ticks ("500 µs", "1 ms", "2 ms").
type histPlot struct {
	Kind    string
	Title   string
	XLabel  string
	YLabel  string
	Color   string
	Buckets []results.HistogramBucket // increasing upper bounds in ms
}

// edges returns the bar edges (ms, n+1 of them for n bars) and counts of
// the buckets with a positive bound larger than the one before (others
// are added to the next bar kept); the first bar is as wide, on the log
// axis, as the second (or spans a factor 2 when it is alone).
func (p histPlot) edges() (edges, counts []float64) {
	var carry float64
	for _, b := range p.Buckets {
		if !(b.UpToMs > 0) || math.IsInf(b.UpToMs, 0) || (len(edges) > 0 && b.UpToMs <= edges[len(edges)-1]) {
			carry += float64(b.Count)
			continue
		}
		edges = append(edges, b.UpToMs)
		counts = append(counts, float64(b.Count)+carry)
		carry = 0
	}
	if len(edges) == 0 {
		return nil, nil
	}
	if carry > 0 {
		counts[len(counts)-1] += carry
	}
	ratio := 2.0
	if len(edges) > 1 {
		ratio = edges[1] / edges[0]
	}
	return append([]float64{edges[0] / ratio}, edges...), counts
}

// svg renders the histogram.
func (p histPlot) svg() string {
	var d svgDoc
	d.open(p.Kind, p.Title, histW)
	edges, counts := p.edges()
	yhi := 4.0 // whole-number ticks for small counts
	for _, c := range counts {
		yhi = math.Max(yhi, c)
	}
	yTicks, _, ymax := niceTicks(0, yhi, 6)
	yLabels := make([]string, len(yTicks))
	for i, t := range yTicks {
		yLabels[i] = tickLabel(t, tickStep(yTicks))
	}
	x0, x1 := float64(plotLeft), float64(histW-plotRight)
	y0, y1 := float64(plotTop), float64(plotH-plotBottom)
	yMap := func(v float64) float64 { return y1 - v/ymax*(y1-y0) }
	d.frame(yTicks, yLabels, yMap, p.XLabel, p.YLabel)
	if len(counts) == 0 {
		d.text((x0+x1)/2, (y0+y1)/2, "middle", "empty", "no data", "")
		return d.close()
	}
	lo, hi := math.Log(edges[0]), math.Log(edges[len(edges)-1])
	xMap := func(v float64) float64 { return x0 + (math.Log(v)-lo)/(hi-lo)*(x1-x0) }
	for i, c := range counts {
		a, b := xMap(edges[i]), xMap(edges[i+1])
		gap := math.Min(1, (b-a)*0.1)
		tip := humanMs(edges[i]) + " – " + humanMs(edges[i+1]) + ": " + num(c, 0) + " requests"
		if i == 0 {
			tip = "≤ " + humanMs(edges[1]) + ": " + num(c, 0) + " requests"
		}
		fmt.Fprintf(&d.b, `<rect class="bar" x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s</title></rect>`,
			f1(a+gap/2), f1(yMap(c)), f1(math.Max(b-a-gap, 0.5)), f1(y1-yMap(c)), p.Color, esc(tip))
	}
	ticks, steps := logTicks(edges[0], edges[len(edges)-1])
	for i, t := range ticks {
		x := xMap(t)
		d.line(x, y1, x, y1+5, "#374151", 1, "tick")
		d.text(x, y1+18, "middle", "tick-label x", durationTickLabel(t, steps[i]), "")
	}
	return d.close()
}
