package reports

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// Plot geometry in SVG user units. A plot is drawn in a viewBox of its
// width and plotH and scales to the width of the page (width 100%): line
// plots sit two to a row on a wide page, the histogram takes a row.
const (
	plotW      = 600
	histW      = 1100
	plotH      = 300
	plotLeft   = 70
	plotRight  = 20
	plotTop    = 46
	plotBottom = 56
)

// xy is one data point.
type xy struct{ X, Y float64 }

// plotSeries is one line of a line plot.
type plotSeries struct {
	Name   string
	Color  string
	Dashed bool
	Points []xy
}

// linePlot is a line chart with numeric axes starting at y=0.
type linePlot struct {
	Kind   string // data-kind attribute, e.g. "latency-over-time"
	Title  string
	XLabel string
	YLabel string
	// YDuration says the y values are milliseconds: the y ticks then read
	// as durations ("500 µs", "1.5 ms", "2 s").
	YDuration bool
	// XWhole says the x values are whole numbers (seconds since the
	// start): the x ticks are never closer than 1.
	XWhole bool
	Series []plotSeries
}

// svgDoc accumulates SVG markup; every text and attribute value passes
// through html.EscapeString.
type svgDoc struct {
	b strings.Builder
	w int // width of the viewBox
}

// open starts a plot w user units wide: responsive, it takes the width of
// its container and keeps its aspect ratio.
func (d *svgDoc) open(kind, title string, w int) {
	d.w = w
	fmt.Fprintf(&d.b, `<svg class="plot" data-kind="%s" viewBox="0 0 %d %d" width="100%%" preserveAspectRatio="xMidYMid meet" role="img" aria-label="%s">`,
		esc(kind), w, plotH, esc(title))
	fmt.Fprintf(&d.b, `<title>%s</title>`, esc(title))
	fmt.Fprintf(&d.b, `<rect class="plot-bg" x="0" y="0" width="%d" height="%d" fill="#ffffff"/>`, w, plotH)
	fmt.Fprintf(&d.b, `<text class="plot-title" x="%d" y="22" font-size="15" font-weight="600" fill="#111827">%s</text>`, plotLeft, esc(title))
}

func (d *svgDoc) close() string {
	d.b.WriteString(`</svg>`)
	return d.b.String()
}

func (d *svgDoc) text(x, y float64, anchor, class, s string, extra string) {
	fmt.Fprintf(&d.b, `<text class="%s" x="%s" y="%s" text-anchor="%s" font-size="11" fill="#374151"%s>%s</text>`,
		class, f1(x), f1(y), anchor, extra, esc(s))
}

func (d *svgDoc) line(x1, y1, x2, y2 float64, stroke string, width float64, class string) {
	fmt.Fprintf(&d.b, `<line class="%s" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"/>`,
		class, f1(x1), f1(y1), f1(x2), f1(y2), stroke, f1(width))
}

// frame draws the y grid, both axes, the y tick labels and the axis labels.
func (d *svgDoc) frame(yTicks []float64, yLabels []string, yMap func(float64) float64, xLabel, yLabel string) {
	x0, x1 := float64(plotLeft), float64(d.w-plotRight)
	y1 := float64(plotH - plotBottom)
	for i, t := range yTicks {
		y := yMap(t)
		d.line(x0, y, x1, y, "#e5e7eb", 1, "grid")
		d.line(x0-5, y, x0, y, "#374151", 1, "tick")
		d.text(x0-8, y+4, "end", "tick-label y", yLabels[i], "")
	}
	d.line(x0, float64(plotTop), x0, y1, "#374151", 1.2, "axis y")
	d.line(x0, y1, x1, y1, "#374151", 1.2, "axis x")
	d.text((x0+x1)/2, float64(plotH)-10, "middle", "axis-label x", xLabel, ` font-size="12"`)
	cy := (float64(plotTop) + y1) / 2
	d.text(18, cy, "middle", "axis-label y", yLabel, fmt.Sprintf(` transform="rotate(-90 18 %s)" font-size="12"`, f1(cy)))
}

// legend draws one swatch and name per series at the top right.
func (d *svgDoc) legend(series []plotSeries) {
	x := float64(d.w - plotRight)
	for i := len(series) - 1; i >= 0; i-- {
		s := series[i]
		w := 30 + 7*float64(len([]rune(s.Name)))
		x -= w
		dash := ""
		if s.Dashed {
			dash = ` stroke-dasharray="5 3"`
		}
		fmt.Fprintf(&d.b, `<g class="legend-item"><line x1="%s" y1="18" x2="%s" y2="18" stroke="%s" stroke-width="2.5"%s/>`,
			f1(x), f1(x+18), s.Color, dash)
		fmt.Fprintf(&d.b, `<text x="%s" y="22" font-size="12" fill="#111827">%s</text></g>`, f1(x+22), esc(s.Name))
	}
}

// svg renders the line plot.
func (p linePlot) svg() string {
	var d svgDoc
	d.open(p.Kind, p.Title, plotW)
	xlo, xhi, yhi := math.Inf(1), math.Inf(-1), 0.0
	n := 0
	for _, s := range p.Series {
		for _, pt := range s.Points {
			xlo, xhi = math.Min(xlo, pt.X), math.Max(xhi, pt.X)
			yhi = math.Max(yhi, pt.Y)
			n++
		}
	}
	if n == 0 {
		xlo, xhi = 0, 1
	}
	xTicks, xmin, xmax := niceTicks(xlo, xhi, 8)
	if p.XWhole && tickStep(xTicks) < 1 {
		xTicks, xmin, xmax = nil, math.Floor(xlo), math.Max(math.Ceil(xhi), math.Floor(xlo)+1)
		for v := xmin; v <= xmax; v++ {
			xTicks = append(xTicks, v)
		}
	}
	yTicks, _, ymax := niceTicks(0, yhi*1.05, 6) // headroom: a flat line at the maximum stays visible
	if p.YDuration {
		yTicks, ymax = durationTicks(yhi * 1.05)
	}
	xStep, yStep := tickStep(xTicks), tickStep(yTicks)
	yLabels := make([]string, len(yTicks))
	for i, t := range yTicks {
		yLabels[i] = tickLabel(t, yStep)
		if p.YDuration {
			yLabels[i] = durationTickLabel(t, yStep)
		}
	}
	x0, x1 := float64(plotLeft), float64(plotW-plotRight)
	y0, y1 := float64(plotTop), float64(plotH-plotBottom)
	xMap := func(v float64) float64 { return x0 + (v-xmin)/(xmax-xmin)*(x1-x0) }
	yMap := func(v float64) float64 { return y1 - v/ymax*(y1-y0) }
	d.frame(yTicks, yLabels, yMap, p.XLabel, p.YLabel)
	for _, t := range xTicks {
		x := xMap(t)
		d.line(x, y1, x, y1+5, "#374151", 1, "tick")
		d.text(x, y1+18, "middle", "tick-label x", tickLabel(t, xStep), "")
	}
	for _, s := range p.Series {
		dash := ""
		if s.Dashed {
			dash = ` stroke-dasharray="5 3"`
		}
		if len(s.Points) == 1 {
			fmt.Fprintf(&d.b, `<circle class="series" data-series="%s" cx="%s" cy="%s" r="3" fill="%s"/>`,
				esc(s.Name), f1(xMap(s.Points[0].X)), f1(yMap(s.Points[0].Y)), s.Color)
			continue
		}
		var pts strings.Builder
		for i, pt := range s.Points {
			if i > 0 {
				pts.WriteByte(' ')
			}
			pts.WriteString(f1(xMap(pt.X)) + "," + f1(yMap(pt.Y)))
		}
		fmt.Fprintf(&d.b, `<polyline class="series" data-series="%s" fill="none" stroke="%s" stroke-width="2" stroke-linejoin="round"%s points="%s"/>`,
			esc(s.Name), s.Color, dash, pts.String())
	}
	if n == 0 {
		d.text((x0+x1)/2, (y0+y1)/2, "middle", "empty", "no data", "")
	}
	d.legend(p.Series)
	return d.close()
}

func tickStep(t []float64) float64 {
	if len(t) < 2 {
		return 1
	}
	return t[1] - t[0]
}

func f1(v float64) string { return num(v, 1) }

func esc(s string) string { return html.EscapeString(s) }
