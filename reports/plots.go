package reports

import (
	"html/template"

	"github.com/authprobe/authprobe/results"
)

// Plot colours (colour-blind safe).
const (
	colorBlue   = "#2563eb"
	colorRed    = "#dc2626"
	colorGreen  = "#059669"
	colorPurple = "#7c3aed"
)

// loadPlots renders a load scenario's plots as inline SVG: the latency
// histogram, p50/p99 latency per second and requests/successes per second.
// Plots without data are left out.
func loadPlots(l results.LoadResult) []template.HTML {
	var out []template.HTML
	if len(l.Histogram) > 0 {
		p := histPlot{
			Kind:    "latency-histogram",
			Title:   "Latency histogram",
			XLabel:  "latency (log scale)",
			YLabel:  "requests",
			Color:   colorPurple,
			Buckets: l.Histogram,
		}
		out = append(out, template.HTML(p.svg())) //nolint:gosec // built by svgDoc, every text escaped
	}
	if len(l.Series) > 0 {
		lat := linePlot{
			Kind:      "latency-over-time",
			Title:     "Latency percentiles per second",
			XLabel:    "time since start (s)",
			YLabel:    "latency",
			YDuration: true,
			XWhole:    true,
			Series:    []plotSeries{{Name: "p50", Color: colorBlue}, {Name: "p99", Color: colorRed}},
		}
		thr := linePlot{
			Kind:   "throughput-over-time",
			Title:  "Throughput per second",
			XLabel: "time since start (s)",
			YLabel: "per second",
			XWhole: true,
			Series: []plotSeries{{Name: "requests", Color: colorBlue}, {Name: "successes", Color: colorGreen, Dashed: true}},
		}
		for _, pt := range l.Series {
			x := float64(pt.Second)
			lat.Series[0].Points = append(lat.Series[0].Points, xy{x, pt.P50})
			lat.Series[1].Points = append(lat.Series[1].Points, xy{x, pt.P99})
			thr.Series[0].Points = append(thr.Series[0].Points, xy{x, float64(pt.Requests)})
			thr.Series[1].Points = append(thr.Series[1].Points, xy{x, float64(pt.Successes)})
		}
		out = append(out, template.HTML(lat.svg()), template.HTML(thr.svg())) //nolint:gosec // escaped by svgDoc
	}
	return out
}
