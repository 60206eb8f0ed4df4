// Package metrics turns a run's summary into Prometheus metrics for
// dashboards: load latency (a summary with p50 … p99.9 quantiles), rates,
// counts and the success ratio per scenario, threshold outcomes, and
// conformance verdict counts per API. Collect builds them on a registry;
// WriteOpenMetrics writes them as OpenMetrics text (`--metrics-out`) and
// Push sends them to a Prometheus Pushgateway (`--push-gateway`), both
// through the Prometheus client libraries.
//
// Label values come from the run (scenario and profile names, verdicts,
// documented codes, error kinds, threshold expressions) and from the caller
// (grouping labels); every one of them passes through the caller's secret
// redactor, so a secret never becomes a label.
package metrics
