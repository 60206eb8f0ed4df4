package reports

import (
	"fmt"
	"math"
	"time"

	"github.com/authprobe/authprobe/results"
)

var t0 = time.Date(2026, 3, 14, 2, 17, 0, 0, time.UTC)

func dur(d time.Duration) results.Duration { return results.Duration(d) }

// conformanceRun is a realistic conformance run over the four APIs with
// every verdict, evidence, labels and locations.
func conformanceRun() *results.Run {
	return &results.Run{
		SchemaVersion: results.SchemaVersion,
		Tool:          results.Tool{Name: "authprobe", Version: "v0.4.0", Commit: "c05eb5c", Go: "go1.26.8"},
		Target: results.Target{
			Config:      "ci/staging.example.yaml",
			Environment: "staging",
			APIs: []results.TargetAPI{
				{Name: "ishare-staging", Profile: "ishare", BaseURL: "https://gis.staging.example.com/ishare", Clock: "real"},
				{Name: "videntity-staging", Profile: "videntity", BaseURL: "https://id.staging.example.com", Clock: "skip"},
				{Name: "irp-staging", Profile: "irp", BaseURL: "https://shop.staging.example.com", Clock: "real", ClockOffset: "-1.2s"},
				{Name: "certna-staging", Profile: "certna", BaseURL: "https://certna.staging.example.com/api", Clock: "real"},
			},
		},
		Started:  t0,
		Finished: t0.Add(2*time.Minute + 13*time.Second),
		Conformance: &results.Conformance{
			LabelFilter: "!slow",
			Specs: []results.SpecResult{
				{ID: "ISHARE-LOGIN-001", Profile: "ishare", Title: "CreateSessionKey with valid credentials returns a session key", Verdict: results.Passed, Labels: []string{"login"}, Duration: dur(42 * time.Millisecond)},
				{ID: "ISHARE-LOGIN-004", Profile: "ishare", Title: "a wrong password is refused with a SOAP fault", Verdict: results.Warning,
					Message: "the fault string names the user: \"unknown password for user alice\" (user enumeration)",
					Evidence: []results.Evidence{{
						Request:  "POST /ishare/MapService.asmx HTTP/1.1\r\nContent-Type: text/xml; charset=utf-8\r\nSOAPAction: \"CreateSessionKey\"\r\n\r\n<soap:Envelope><soap:Body><CreateSessionKey><username>alice</username><password>poIx…#3f9a1c</password></CreateSessionKey></soap:Body></soap:Envelope>",
						Response: "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/xml\r\n\r\n<soap:Fault><faultstring>unknown password for user alice</faultstring></soap:Fault>",
					}},
					Duration: dur(38 * time.Millisecond)},
				{ID: "VID-EXPIRY-001", Profile: "videntity", Title: "a session expires 30 minutes after its last use", Verdict: results.Skipped, Reason: "clock: skip — expiry specs need a controlled or real clock", Labels: []string{"slow", "expiry"}},
				{ID: "VID-LOGIN-002", Profile: "videntity", Title: "the XML answer carries a timestamp", Verdict: results.Passed, Duration: dur(51 * time.Millisecond)},
				{ID: "IRP-SKEW-002", Profile: "irp", Title: "a request signed 6 minutes in the past is refused with code 2003", Verdict: results.Failed,
					Message:  "want Success=false with code 2003 (timestamp outside window), got Success=true and a token",
					Location: "suites/irp/skew.go:88",
					Evidence: []results.Evidence{{
						Request:  "POST /api/Authenticate HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"APIKey\":\"k-123\",\"TimeStamp\":\"2026-03-14 02:11:00.000Z\",\"Signature\":\"80dbc28a…\"}",
						Response: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"AuthenticationToken\":\"poIx…#3f9a1c\",\"Messages\":[],\"Success\":true}",
					}, {
						Request:  "POST /api/CheckTokenTime HTTP/1.1\r\n\r\n{\"Token\":\"poIx…#3f9a1c\"}",
						Response: "HTTP/1.1 200 OK\r\n\r\n{\"Success\":true,\"Minutes\":19}",
					}},
					Duration: dur(120 * time.Millisecond)},
				{ID: "IRP-SKEW-003", Profile: "irp", Title: "a request signed 4 minutes in the future is accepted", Verdict: results.ExpectedFailure, Message: "got code 2003", Reason: "vendor ticket 4711 — staging runs a two-minute window", Duration: dur(95 * time.Millisecond)},
				{ID: "IRP-TOKEN-001", Profile: "irp", Title: "tokens carry at least 64 bits of entropy", Verdict: results.Passed, Duration: dur(3 * time.Second)},
				{ID: "CERTNA-LOGIN-003", Profile: "certna", Title: "an unsalted hash is refused", Verdict: results.UnexpectedPass, Reason: "vendor ticket 5120 — accepts unsalted hashes", Duration: dur(61 * time.Millisecond)},
				{ID: "CERTNA-LOGIN-001", Profile: "certna", Title: "login with the salted hash returns a token", Verdict: results.Passed, Duration: dur(70 * time.Millisecond)},
			},
			Duration: dur(2*time.Minute + 5*time.Second),
		},
	}
}

// loadRun adds two load scenarios to a conformance run: a constant-rate
// run with series, histogram and thresholds (one broken), and a capacity
// search.
func loadRun() *results.Run {
	r := conformanceRun()
	constant := results.LoadResult{
		Name: "constant-200", Profile: "irp", Mode: "constant", Expect: "token",
		Requests: 12000, Successes: 11988, SuccessRatio: 0.999, RequestedRate: 200, AchievedRate: 199.8, TokensPerSec: 199.6,
		Duration: dur(time.Minute),
		Latency:  results.Latency{P50: 41.2, P90: 88.5, P95: 120.4, P99: 262.9, P999: 480.1, Max: 912.3, Mean: 55.7, Min: 9.8},
		StepLatency: map[string]results.Latency{
			"authenticate": {P50: 30.1, P95: 90.2, P99: 200.5, Max: 700},
			"check":        {P50: 11.1, P95: 30.2, P99: 62.4, Max: 212.3},
		},
		StatusCodes: map[string]uint64{"200": 11988, "500": 12},
		Codes:       map[string]uint64{"2003": 12},
		Errors:      map[string]uint64{"read tcp: connection reset by peer": 3},
		Thresholds: []results.ThresholdResult{
			{Expr: "p99<250ms", Measured: 262.9, Unit: "ms", Passed: false},
			{Expr: "success>=99.9%", Measured: 99.9, Unit: "%", Passed: true},
			{Expr: "tokens_per_s>=150", Measured: 199.6, Unit: "/s", Passed: true},
		},
	}
	for s := 0; s < 60; s++ {
		wave := math.Sin(float64(s) / 6)
		constant.Series = append(constant.Series, results.SeriesPoint{
			Second: s, Requests: 200, Successes: uint64(200 - s%3),
			P50: 40 + 4*wave, P99: 230 + 40*wave + float64(s%7), Max: 400 + 80*wave,
		})
	}
	edge := 2.0
	for i := 0; i < 24; i++ {
		count := uint64(12000 * math.Exp(-math.Pow(float64(i)-9, 2)/12) / 7)
		constant.Histogram = append(constant.Histogram, results.HistogramBucket{UpToMs: math.Round(edge*100) / 100, Count: count})
		edge *= 1.35
	}
	capacity := results.LoadResult{
		Name: "capacity", Profile: "certna", Mode: "capacity", Expect: "token",
		Requests: 54000, Successes: 53100, SuccessRatio: 0.98333, RequestedRate: 600, AchievedRate: 450, TokensPerSec: 442.5,
		Duration: dur(2 * time.Minute), MaxHeldRate: 400,
		Latency:     results.Latency{P50: 60, P90: 140, P95: 180, P99: 420, P999: 900, Max: 1500, Mean: 80, Min: 12},
		StatusCodes: map[string]uint64{"200": 53100, "503": 900},
		Steps: []results.CapacityStep{
			{Rate: 200, AchievedRate: 200, SuccessRatio: 1, P99: 120, Held: true},
			{Rate: 400, AchievedRate: 398, SuccessRatio: 0.9995, P99: 240, Held: true},
			{Rate: 600, AchievedRate: 450, SuccessRatio: 0.95, P99: 900, Held: false, Broken: "p99<500ms"},
		},
		Series: []results.SeriesPoint{{Second: 0, Requests: 200, Successes: 200, P50: 50, P99: 120}, {Second: 1, Requests: 400, Successes: 399, P50: 55, P99: 240}, {Second: 2, Requests: 600, Successes: 450, P50: 90, P99: 900}},
	}
	r.Load = []results.LoadResult{constant, capacity}
	r.Notes = []string{"load: 3 connection errors during the constant scenario"}
	return r
}

// incompleteRun is a load run interrupted by SIGINT.
func incompleteRun() *results.Run {
	r := loadRun()
	r.Incomplete = true
	r.Load[1].Interrupted = true
	r.Finished = r.Started.Add(95 * time.Second)
	r.Notes = append(r.Notes, "interrupted by SIGINT after 1m35s")
	return r
}

// manySpecsRun is a conformance run with n specs, for limits.
func manySpecsRun(n int) *results.Run {
	r := conformanceRun()
	r.Conformance.Specs = nil
	for i := 0; i < n; i++ {
		r.Conformance.Specs = append(r.Conformance.Specs, results.SpecResult{
			ID: fmt.Sprintf("IRP-GEN-%03d", i), Profile: "irp", Title: "generated", Verdict: results.Failed, Message: "boom",
		})
	}
	return r
}
