package reports

import (
	"encoding/xml"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/authprobe/authprobe/results"
)

func TestNiceTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi   float64
		n        int
		want     string
		min, max float64
	}{
		{0, 262.9, 6, "0 50 100 150 200 250 300", 0, 300},
		{0, 59, 8, "0 10 20 30 40 50 60", 0, 60},
		{0, 1, 6, "0 0.2 0.4 0.6 0.8 1", 0, 1},
		{0, 0, 6, "0 0.2 0.4 0.6 0.8 1", 0, 1},
		{3, 3, 5, "1 2 3 4 5", 1, 5},
		{0, 12000, 6, "0 2000 4000 6000 8000 10000 12000", 0, 12000},
	} {
		ticks, min, max := niceTicks(c.lo, c.hi, c.n)
		var s []string
		for _, v := range ticks {
			s = append(s, num(v, 6))
		}
		if got := strings.Join(s, " "); got != c.want || min != c.min || max != c.max {
			t.Errorf("niceTicks(%v, %v, %d) = %s [%v, %v], want %s [%v, %v]", c.lo, c.hi, c.n, got, min, max, c.want, c.min, c.max)
		}
	}
}

func TestTickLabel(t *testing.T) {
	for _, c := range []struct {
		v, step float64
		want    string
	}{{0.5, 0.1, "0.5"}, {250, 50, "250"}, {20000, 5000, "20k"}, {2500000, 500000, "2.5M"}} {
		if got := tickLabel(c.v, c.step); got != c.want {
			t.Errorf("tickLabel(%v, %v) = %q, want %q", c.v, c.step, got, c.want)
		}
	}
}

// svgNode is enough of SVG to check structure.
type svgNode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []svgNode  `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n svgNode) count(name, class string) int {
	c := 0
	if n.XMLName.Local == name && (class == "" || n.attr("class") == class) {
		c++
	}
	for _, k := range n.Nodes {
		c += k.count(name, class)
	}
	return c
}

func (n svgNode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func TestLinePlotHasAxesTicksLabelsLegendAndSeries(t *testing.T) {
	p := linePlot{Kind: "k", Title: "Latency <&>", XLabel: "time (s)", YLabel: "ms", Series: []plotSeries{
		{Name: "p50", Color: colorBlue, Points: []xy{{0, 10}, {1, 12}, {2, 11}}},
		{Name: "p99", Color: colorRed, Points: []xy{{0, 40}, {1, 80}, {2, 60}}},
	}}
	var n svgNode
	if err := xml.Unmarshal([]byte(p.svg()), &n); err != nil {
		t.Fatalf("plot is not well-formed XML: %v", err)
	}
	if n.attr("class") != "plot" {
		t.Error("svg lacks class plot")
	}
	if got := n.count("line", "axis x") + n.count("line", "axis y"); got != 2 {
		t.Errorf("%d axes, want 2", got)
	}
	if got := n.count("polyline", "series"); got != 2 {
		t.Errorf("%d series lines, want 2", got)
	}
	if n.count("text", "tick-label x") < 3 || n.count("text", "tick-label y") < 3 {
		t.Error("too few tick labels")
	}
	if n.count("g", "legend-item") != 2 || n.count("text", "axis-label x") != 1 || n.count("text", "axis-label y") != 1 {
		t.Error("legend or axis labels missing")
	}
	if !strings.Contains(p.svg(), "Latency &lt;&amp;&gt;") {
		t.Error("title not escaped")
	}
}

func TestHistogramScalesBarsToCounts(t *testing.T) {
	p := histPlot{Kind: "h", Title: "h", Color: colorPurple, Buckets: []results.HistogramBucket{{UpToMs: 1, Count: 10}, {UpToMs: 2, Count: 20}, {UpToMs: 4, Count: 5}}}
	n := parseSVG(t, p.svg())
	var heights, widths []string
	n.walk(func(x svgNode) {
		if x.XMLName.Local == "rect" && x.attr("class") == "bar" {
			heights = append(heights, x.attr("height"))
			widths = append(widths, x.attr("width"))
		}
	})
	// y axis 0..20 over 198 units: 99, 198, 49.5
	if got := strings.Join(heights, " "); got != "99 198 49.5" {
		t.Errorf("bar heights %s", got)
	}
	// equal factors (x2) are equal widths on the log axis
	if widths[0] != widths[1] || widths[1] != widths[2] {
		t.Errorf("bar widths %v, want equal", widths)
	}
}

// loadBuckets makes the buckets the load runner makes (load/histogram.go):
// 30 log-spaced upper bounds in whole microseconds from lo to hi ms.
func loadBuckets(lo, hi float64) []results.HistogramBucket {
	var out []results.HistogramBucket
	l, h := math.Round(lo*1000), math.Round(hi*1000)
	prev := 0.0
	for i := 0; i < 30; i++ {
		b := math.Ceil(l * math.Pow(h/l, float64(i)/29))
		if i == 29 || b > h {
			b = h
		}
		if b > prev {
			out = append(out, results.HistogramBucket{UpToMs: b / 1000, Count: uint64(1 + i%7)})
			prev = b
		}
	}
	return out
}

// Histogram ticks are round durations, increasing, inside the plot, and
// never repeat a label, over ranges where one label per few bars did
// (≤0.1 ≤0.1 ≤0.1 … for 0.1–0.3 ms).
func TestHistogramTickLabelsAreDistinct(t *testing.T) {
	for _, r := range [][2]float64{
		{0.1, 0.3}, {0.101, 0.2}, {0.266, 28}, {41, 41.6}, {41, 41.004}, {0.9, 1.1}, {1, 1.05},
		{950, 1100}, {0.001, 5000}, {3, 3}, {0.5, 60000}, {12, 13},
	} {
		p := histPlot{Kind: "h", Title: "h", Buckets: loadBuckets(r[0], r[1])}
		n := parseSVG(t, p.svg())
		var labels []string
		var xs []float64
		n.walk(func(x svgNode) {
			if x.XMLName.Local == "text" && x.attr("class") == "tick-label x" {
				labels = append(labels, x.Text)
				v, _ := strconv.ParseFloat(x.attr("x"), 64)
				xs = append(xs, v)
			}
		})
		seen := map[string]bool{}
		for i, l := range labels {
			if seen[l] {
				t.Errorf("%v ms: tick label %q repeats: %q", r, l, labels)
			}
			seen[l] = true
			if !regexp.MustCompile(`^[0-9.]+ (µs|ms|s)$`).MatchString(l) {
				t.Errorf("%v ms: tick label %q is not a duration", r, l)
			}
			if xs[i] < plotLeft-0.1 || xs[i] > histW-plotRight+0.1 || (i > 0 && xs[i] <= xs[i-1]) {
				t.Errorf("%v ms: tick %q at x=%v (ticks %v)", r, l, xs[i], xs)
			}
		}
		if len(labels) < 2 || len(labels) > 12 {
			t.Errorf("%v ms: %d ticks %q, want 2..12", r, len(labels), labels)
		}
	}
}

func TestDurationAxisTicks(t *testing.T) {
	for _, c := range []struct {
		hi   float64
		want string
	}{
		{0.8, "0|200 µs|400 µs|600 µs|800 µs"},
		{276, "0|50 ms|100 ms|150 ms|200 ms|250 ms|300 ms"},
		{2500, "0|500 ms|1 s|1.5 s|2 s|2.5 s"},
		{0.012, "0|2 µs|4 µs|6 µs|8 µs|10 µs|12 µs"},
	} {
		ticks, _ := durationTicks(c.hi)
		var got []string
		for _, v := range ticks {
			got = append(got, durationTickLabel(v, tickStep(ticks)))
		}
		if strings.Join(got, "|") != c.want {
			t.Errorf("durationTicks(%v) labels %q, want %s", c.hi, got, c.want)
		}
	}
}

func TestPlotsAreResponsive(t *testing.T) {
	for _, svg := range loadPlots(loadRun().Load[0]) {
		n := parseSVG(t, string(svg))
		if n.attr("width") != "100%" || n.attr("height") != "" || !strings.HasPrefix(n.attr("viewBox"), "0 0 ") {
			t.Errorf("plot %s: width %q height %q viewBox %q, want width 100%%, no height, a viewBox", n.attr("data-kind"), n.attr("width"), n.attr("height"), n.attr("viewBox"))
		}
	}
}

func parseSVG(t *testing.T, s string) svgNode {
	t.Helper()
	var n svgNode
	if err := xml.Unmarshal([]byte(s), &n); err != nil {
		t.Fatalf("plot is not well-formed XML: %v", err)
	}
	return n
}

func (n svgNode) walk(f func(svgNode)) {
	f(n)
	for _, k := range n.Nodes {
		k.walk(f)
	}
}

// Seconds since the start are whole: a three-second run has ticks 0 1 2,
// not 0 0.2 0.4 ….
func TestTimeAxisTicksAreWholeSeconds(t *testing.T) {
	for _, c := range []struct {
		points []xy
		want   string
	}{
		{[]xy{{0, 1}, {1, 2}, {2, 3}}, "0 1 2"},
		{[]xy{{0, 1}}, "0 1"},
		{[]xy{{0, 1}, {59, 2}}, "0 10 20 30 40 50 60"},
	} {
		p := linePlot{Kind: "k", Title: "t", XWhole: true, Series: []plotSeries{{Name: "s", Points: c.points}}}
		var labels []string
		parseSVG(t, p.svg()).walk(func(x svgNode) {
			if x.XMLName.Local == "text" && x.attr("class") == "tick-label x" {
				labels = append(labels, x.Text)
			}
		})
		if got := strings.Join(labels, " "); got != c.want {
			t.Errorf("x ticks of %v: %s, want %s", c.points, got, c.want)
		}
	}
}

// Odd buckets (none, zero or non-finite bounds, bounds out of order) give a
// well-formed plot, their counts kept in the next bar.
func TestHistogramOddBuckets(t *testing.T) {
	for _, c := range []struct {
		name    string
		buckets []results.HistogramBucket
		bars    int
	}{
		{"none", nil, 0},
		{"zero bound", []results.HistogramBucket{{UpToMs: 0, Count: 3}, {UpToMs: 1, Count: 1}}, 1},
		{"NaN and Inf", []results.HistogramBucket{{UpToMs: math.NaN(), Count: 1}, {UpToMs: math.Inf(1), Count: 1}}, 0},
		{"out of order", []results.HistogramBucket{{UpToMs: 2, Count: 1}, {UpToMs: 1, Count: 5}, {UpToMs: 4, Count: 1}}, 2},
		{"one bucket", []results.HistogramBucket{{UpToMs: 0.5, Count: 9}}, 1},
	} {
		p := histPlot{Kind: "h", Title: "h", Buckets: c.buckets}
		svg := p.svg()
		n := parseSVG(t, svg)
		if got := n.count("rect", "bar"); got != c.bars {
			t.Errorf("%s: %d bars, want %d", c.name, got, c.bars)
		}
		if c.bars == 0 && n.count("text", "empty") != 1 {
			t.Errorf("%s: no 'no data' note", c.name)
		}
		if strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
			t.Errorf("%s: NaN or Inf in the plot", c.name)
		}
	}
	_, counts := histPlot{Buckets: []results.HistogramBucket{{UpToMs: 2, Count: 1}, {UpToMs: 1, Count: 5}, {UpToMs: 4, Count: 1}}}.edges()
	if fmt.Sprint(counts) != "[1 6]" {
		t.Errorf("counts %v, want [1 6] (the out-of-order bucket added to the next)", counts)
	}
}
