package load

import (
	"net/http"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	irpclient "github.com/authprobe/authprobe/clients/irp"
)

// irpJudge reads answers with clients/irp's Classify, the cheapest real
// judge, so that BenchmarkObserve measures the runner and not a fake.
type irpJudge struct{}

func (irpJudge) Classify(status int, body []byte) (bool, string) {
	return irpclient.Classify(status, body)
}
func (irpJudge) Code(expect string) (string, error)    { return expect, nil }
func (irpJudge) Token(int, http.Header, []byte) string { return "" }

// BenchmarkObserve is the runner's half of a hit: judging an IRP token
// answer and recording it in the metrics and the time series. With the
// targeters' benchmarks (BenchmarkIRPTargeter, …) it is the whole
// per-hit cost of the load runner outside vegeta and the network.
func BenchmarkObserve(b *testing.B) {
	r := &runner{
		opts:   defaultOptions(),
		judge:  irpJudge{},
		expect: ExpectToken,
		series: newSeries(60, 10*time.Second, false),
	}
	m := newMetrics(time.Now())
	p := constantPacing(Rate{Freq: 1000, Per: time.Second})
	body := []byte(`{"AuthenticationToken":"poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq","Messages":null,"Success":true,"Signature":null,"TimeStamp":"2018-10-16 14:24:46.8838787Z"}`)
	header := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	start := time.Now()
	res := &vegeta.Result{Code: 200, Body: body, Headers: header, Timestamp: start, Latency: time.Millisecond}
	b.ReportAllocs()
	var seq uint64
	for b.Loop() {
		res.Seq = seq % 50_000
		seq++
		r.observe(res, start, p, span{length: 60}, m)
	}
	if m.successes != m.requests {
		b.Fatalf("%d successes of %d", m.successes, m.requests)
	}
}
