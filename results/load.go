package results

// LoadResult is what one load scenario measured.
type LoadResult struct {
	Name          string             `json:"name"`
	Profile       string             `json:"profile"`
	Mode          string             `json:"mode"`
	Expect        string             `json:"expect"`
	Requests      uint64             `json:"requests"`
	Successes     uint64             `json:"successes"`
	SuccessRatio  float64            `json:"success_ratio"`
	RequestedRate float64            `json:"requested_rate"`
	AchievedRate  float64            `json:"achieved_rate"`
	TokensPerSec  float64            `json:"tokens_per_second"`
	Duration      Duration           `json:"duration"`
	Latency       Latency            `json:"latency"`
	StepLatency   map[string]Latency `json:"step_latency,omitempty"`
	StatusCodes   map[string]uint64  `json:"status_codes"`
	Codes         map[string]uint64  `json:"codes,omitempty"`
	Errors        map[string]uint64  `json:"errors,omitempty"`
	Series        []SeriesPoint      `json:"series,omitempty"`
	Histogram     []HistogramBucket  `json:"histogram,omitempty"`
	Steps         []CapacityStep     `json:"capacity_steps,omitempty"`
	MaxHeldRate   float64            `json:"max_held_rate,omitempty"`
	Thresholds    []ThresholdResult  `json:"thresholds,omitempty"`
	Interrupted   bool               `json:"interrupted,omitempty"`
	// HDR is the encoded latency histogram (compressed, base64) so shard
	// results merge exactly.
	HDR string `json:"hdr,omitempty"`
	// StepHDR holds the encoded histogram of each StepLatency entry, so
	// that step latencies merge exactly too.
	StepHDR map[string]string `json:"step_hdr,omitempty"`
	// Shard is "i/N" when this result is one shard of a sharded run.
	Shard string `json:"shard,omitempty"`
}

// Latency holds exact percentiles in milliseconds.
type Latency struct {
	P50  float64 `json:"p50_ms"`
	P90  float64 `json:"p90_ms"`
	P95  float64 `json:"p95_ms"`
	P99  float64 `json:"p99_ms"`
	P999 float64 `json:"p999_ms"`
	Max  float64 `json:"max_ms"`
	Mean float64 `json:"mean_ms"`
	Min  float64 `json:"min_ms"`
}

// SeriesPoint is one second of a load run.
type SeriesPoint struct {
	Second    int     `json:"second"`
	Requests  uint64  `json:"requests"`
	Successes uint64  `json:"successes"`
	P50       float64 `json:"p50_ms"`
	P99       float64 `json:"p99_ms"`
	Max       float64 `json:"max_ms"`
	// HDR is the second's encoded histogram, kept only when the result is
	// meant to be merged (shards), so per-second percentiles merge exactly.
	HDR string `json:"hdr,omitempty"`
}

// HistogramBucket is one bar of the latency histogram.
type HistogramBucket struct {
	UpToMs float64 `json:"up_to_ms"`
	Count  uint64  `json:"count"`
}

// CapacityStep is one rate tried by a capacity search.
type CapacityStep struct {
	Rate         float64 `json:"rate"`
	AchievedRate float64 `json:"achieved_rate"`
	SuccessRatio float64 `json:"success_ratio"`
	P99          float64 `json:"p99_ms"`
	Held         bool    `json:"held"`
	Broken       string  `json:"broken,omitempty"`
	// Requests, Successes and Errors are the step's counts, and HDR its
	// encoded histogram, so capacity steps of shards merge exactly.
	Requests  uint64 `json:"requests"`
	Successes uint64 `json:"successes"`
	Errors    uint64 `json:"errors,omitempty"`
	HDR       string `json:"hdr,omitempty"`
}

// ThresholdResult is one SLO gate and its outcome.
type ThresholdResult struct {
	Expr     string  `json:"expr"`
	Measured float64 `json:"measured"`
	Unit     string  `json:"unit"`
	Passed   bool    `json:"passed"`
	// Scope is "" for a gate judged on the whole run. In a shard's result
	// (load --shard i/N) it is ScopeShard for a latency or ratio gate
	// judged on this shard alone (informative), or ScopeMerge for a gate
	// on a total (throughput, rate, counts), which a shard sending 1/N of
	// the rate cannot judge: not evaluated (Passed true, Measured this
	// shard's share). Neither decides the shard's exit code; merge judges
	// both on the whole run.
	Scope string `json:"scope,omitempty"`
}

// Threshold scopes in a shard's result.
const (
	ScopeShard = "shard"
	ScopeMerge = "merge"
)

// Broken reports whether the gate broke on the whole run it describes:
// false for the per-shard and deferred gates of a shard.
func (t ThresholdResult) Broken() bool { return t.Scope == "" && !t.Passed }
