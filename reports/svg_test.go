package reports

import (
	"encoding/xml"
	"strings"
	"testing"
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

func TestBarPlotScalesBarsToCounts(t *testing.T) {
	p := barPlot{Kind: "h", Title: "h", Color: colorPurple, Labels: []string{"a", "b", "c"}, Tooltip: []string{"a", "b", "c"}, Values: []float64{10, 20, 5}}
	var n svgNode
	if err := xml.Unmarshal([]byte(p.svg()), &n); err != nil {
		t.Fatal(err)
	}
	var heights []string
	var walk func(svgNode)
	walk = func(x svgNode) {
		if x.XMLName.Local == "rect" && x.attr("class") == "bar" {
			heights = append(heights, x.attr("height"))
		}
		for _, k := range x.Nodes {
			walk(k)
		}
	}
	walk(n)
	// y axis 0..20 over 218 units: 109, 218, 54.5
	if got := strings.Join(heights, " "); got != "109 218 54.5" {
		t.Errorf("bar heights %s", got)
	}
}
