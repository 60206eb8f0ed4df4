package load

import (
	"sort"
	"strconv"
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/results"
)

// CodeTokenIssued is counted in LoadResult.Codes when a scenario expecting
// a documented error code got a token instead.
const CodeTokenIssued = "token-issued"

// hit is what one answer told, after classification.
type hit struct {
	seq      uint64
	intended time.Time     // start + the pacer's schedule for seq
	sent     time.Time     // when vegeta's worker took the hit
	done     time.Time     // when the answer was read
	latency  time.Duration // from intended to done: coordinated omission corrected
	service  time.Duration // from sent to done, as vegeta measures it
	status   int           // 0 when no answer came
	issued   bool
	success  bool
	code     string
	kind     wire.Kind // "" unless the hit failed in transit
	errText  string
}

// metrics accumulates the hits of an attack (or of a capacity step) in
// constant memory. It is used by one goroutine only.
type metrics struct {
	hist      *hdr.Histogram // corrected latency
	service   *hdr.Histogram // uncorrected service time, kept for comparison
	requests  uint64
	successes uint64
	errors    uint64
	status    map[int]uint64
	codes     map[string]uint64
	kinds     map[wire.Kind]uint64
	start     time.Time
	lastSent  time.Time
	lastDone  time.Time
}

func newMetrics(start time.Time) *metrics {
	return &metrics{
		hist:    newHist(),
		service: newHist(),
		status:  map[int]uint64{},
		codes:   map[string]uint64{},
		kinds:   map[wire.Kind]uint64{},
		start:   start,
	}
}

// add counts one hit. A hit canceled by an interruption is counted as a
// request and an error, but its latency says nothing and is left out.
func (m *metrics) add(h *hit) {
	m.requests++
	if h.sent.After(m.lastSent) {
		m.lastSent = h.sent
	}
	if h.done.After(m.lastDone) {
		m.lastDone = h.done
	}
	if h.status != 0 {
		m.status[h.status]++
	}
	if h.code != "" {
		m.addCode(h.code, 1)
	}
	if h.kind != "" {
		m.errors++
		m.kinds[h.kind]++
		if h.kind == wire.KindCanceled {
			return
		}
	}
	if h.success {
		m.successes++
	}
	record(m.hist, h.latency)
	record(m.service, h.service)
}

// addCode counts n answers with code, keeping at most maxCodes distinct
// codes: a target that answers a new code every time cannot grow the map.
func (m *metrics) addCode(code string, n uint64) {
	if _, ok := m.codes[code]; !ok && len(m.codes) >= maxCodes {
		code = CodeOther
	}
	m.codes[code] += n
}

// merge adds o's counts and histograms to m (capacity steps into the run).
func (m *metrics) merge(o *metrics) {
	m.hist.Merge(o.hist)
	m.service.Merge(o.service)
	m.requests += o.requests
	m.successes += o.successes
	m.errors += o.errors
	for k, v := range o.status {
		m.status[k] += v
	}
	for k, v := range o.codes {
		m.addCode(k, v)
	}
	for k, v := range o.kinds {
		m.kinds[k] += v
	}
	if o.lastSent.After(m.lastSent) {
		m.lastSent = o.lastSent
	}
	if o.lastDone.After(m.lastDone) {
		m.lastDone = o.lastDone
	}
}

// sendSpan is the time from the attack's start to its last hit: the
// window over which the achieved rate is measured.
func (m *metrics) sendSpan() time.Duration {
	if m.lastSent.IsZero() {
		return 0
	}
	return m.lastSent.Sub(m.start)
}

// span is the time from the attack's start to its last answer.
func (m *metrics) span() time.Duration {
	if m.lastDone.IsZero() {
		return 0
	}
	return m.lastDone.Sub(m.start)
}

// achievedRate is hits sent per second over the send window.
func (m *metrics) achievedRate() float64 { return perSec(m.requests, m.sendSpan()) }

// tokensPerSec is successes per second over the send window, so that it
// is the achieved rate times the success ratio.
func (m *metrics) tokensPerSec() float64 { return perSec(m.successes, m.sendSpan()) }

func (m *metrics) successRatio() float64 { return ratio(m.successes, m.requests) }

func perSec(n uint64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

func ratio(a, b uint64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// statusMap prints status codes as strings ("200"), as results.LoadResult
// keeps them.
func statusMap(m map[int]uint64) map[string]uint64 {
	out := make(map[string]uint64, len(m))
	for k, v := range m {
		out[strconv.Itoa(k)] = v
	}
	return out
}

func kindMap(m map[wire.Kind]uint64) map[string]uint64 {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]uint64, len(m))
	for k, v := range m {
		out[string(k)] = v
	}
	return out
}

func codeMap(m map[string]uint64) map[string]uint64 {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]uint64, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// summary is what thresholds and capacity steps judge.
type summary struct {
	Latency       results.Latency
	SuccessRatio  float64
	TokensPerSec  float64
	AchievedRate  float64
	RequestedRate float64
	Errors        uint64
}

func (m *metrics) summary(requested float64) summary {
	return summary{
		Latency:       latencyOf(m.hist),
		SuccessRatio:  m.successRatio(),
		TokensPerSec:  m.tokensPerSec(),
		AchievedRate:  m.achievedRate(),
		RequestedRate: requested,
		Errors:        m.errors,
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
