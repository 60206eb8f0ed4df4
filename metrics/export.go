package metrics

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/push"
	"github.com/prometheus/common/expfmt"
)

// OpenMetrics renders what g gathers as OpenMetrics text (ending in
// "# EOF"), with expfmt's encoder.
func OpenMetrics(g prometheus.Gatherer) ([]byte, error) {
	mfs, err := g.Gather()
	if err != nil {
		return nil, fmt.Errorf("metrics: gather: %w", err)
	}
	var b bytes.Buffer
	enc := expfmt.NewEncoder(&b, expfmt.NewFormat(expfmt.TypeOpenMetrics))
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			return nil, fmt.Errorf("metrics: encode %s: %w", mf.GetName(), err)
		}
	}
	if c, ok := enc.(expfmt.Closer); ok {
		if err := c.Close(); err != nil {
			return nil, fmt.Errorf("metrics: encode: %w", err)
		}
	}
	return b.Bytes(), nil
}

// Target says where and as what Push sends the metrics.
type Target struct {
	// URL is the Pushgateway's base URL, e.g. http://pushgateway:9091.
	URL string
	// Job is the job label (the grouping key's first part).
	Job string
	// Grouping are further grouping labels (profile, environment, shard, …):
	// a push replaces every metric of the same job and grouping.
	Grouping map[string]string
	// Client sends the request; nil means http.DefaultClient.
	Client *http.Client
}

// redactURL hides a password in a URL that did not parse.
func redactURL(s string) string {
	if u, err := url.Parse(s); err == nil {
		return u.Redacted()
	}
	if i := strings.LastIndex(s, "@"); i >= 0 {
		return "…" + s[i:]
	}
	return s
}

var labelName = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)

// Check reports a bad target before anything is sent: no URL, no job, a
// grouping label that is not a Prometheus label name or is one the metrics
// carry themselves (ReservedLabels).
func (t Target) Check() error {
	if t.URL == "" {
		return fmt.Errorf("no Pushgateway URL")
	}
	if t.Job == "" {
		return fmt.Errorf("no job name")
	}
	if err := CheckLabels(t.Grouping); err != nil {
		return fmt.Errorf("grouping: %w", err)
	}
	return nil
}

// Push sends what g gathers to the Pushgateway, replacing the metrics of
// the same job and grouping (HTTP PUT).
func Push(ctx context.Context, t Target, g prometheus.Gatherer) error {
	if err := t.Check(); err != nil {
		return fmt.Errorf("push to Pushgateway: %w", err)
	}
	u, err := url.Parse(t.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("push to Pushgateway: bad URL %q (want e.g. http://pushgateway:9091)", redactURL(t.URL))
	}
	// Credentials in the URL go as basic auth, so that no error message
	// (the client library's included) carries them.
	user := u.User
	u.User = nil
	shown := u.String()
	p := push.New(shown, t.Job).Gatherer(g)
	if user != nil {
		pass, _ := user.Password()
		p = p.BasicAuth(user.Username(), pass)
	}
	if t.Client != nil {
		p = p.Client(t.Client)
	}
	keys := make([]string, 0, len(t.Grouping))
	for k := range t.Grouping {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p = p.Grouping(k, t.Grouping[k])
	}
	if err := p.PushContext(ctx); err != nil {
		return fmt.Errorf("push to Pushgateway %s (job %s): %w", shown, t.Job, err)
	}
	return nil
}
