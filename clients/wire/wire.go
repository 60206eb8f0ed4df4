// Package wire is the transport layer shared by the API clients: it sends a
// prepared request, reads the answer under a size cap, keeps the whole
// exchange as evidence and turns every transport failure into an *Error
// whose Kind says what went wrong (Classify, which the load runner uses
// for its hits too).
package wire

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"strings"
	"time"
)

// DefaultMaxBody is the response body cap used when a client sets none.
const DefaultMaxBody int64 = 1 << 20

// Exchange is one request and its answer, kept whole for schema checks and
// as evidence in reports. Secrets lists the values in it that must never be
// shown unmasked (passwords, keys, signatures' inputs, issued tokens).
type Exchange struct {
	Method        string        `json:"method"`
	URL           string        `json:"url"`
	RequestHeader http.Header   `json:"request_header,omitempty"`
	RequestBody   []byte        `json:"request_body,omitempty"`
	Status        int           `json:"status"`
	Header        http.Header   `json:"header,omitempty"`
	Body          []byte        `json:"body,omitempty"`
	Duration      time.Duration `json:"duration"`
	Secrets       []string      `json:"-"`
}

// AddSecrets records values that appear in the exchange and must be masked.
func (x *Exchange) AddSecrets(values ...string) {
	for _, v := range values {
		if v != "" {
			x.Secrets = append(x.Secrets, v)
		}
	}
}

// ContentType returns the media type of the answer, lower-cased, without
// parameters ("application/json").
func (x *Exchange) ContentType() string {
	mt, _, err := mime.ParseMediaType(x.Header.Get("Content-Type"))
	if err != nil {
		return strings.ToLower(strings.TrimSpace(x.Header.Get("Content-Type")))
	}
	return mt
}

// Malformed returns a KindMalformed error for an answer that could not be
// parsed; what says what was expected.
func Malformed(op string, x *Exchange, format string, args ...any) error {
	return &Error{Kind: KindMalformed, Op: op, Err: fmt.Errorf(format, args...), Exchange: x}
}

// ExpectContentType fails with KindContentType unless the answer's media
// type contains one of the given fragments (e.g. "json", "xml").
func ExpectContentType(op string, x *Exchange, fragments ...string) error {
	ct := x.ContentType()
	for _, f := range fragments {
		if strings.Contains(ct, f) {
			return nil
		}
	}
	if ct == "" {
		ct = "none"
	}
	return &Error{Kind: KindContentType, Op: op, Exchange: x,
		Err: fmt.Errorf("unexpected content type %q (want %s)%s", ct, strings.Join(fragments, " or "), statusNote(x))}
}

// statusNote names a non-2xx status in an error about the answer, so that
// an HTML error page or a redirect reads as what it is: " in an HTTP 503
// Service Unavailable answer", " in an HTTP 302 Found answer redirecting
// to https://… (redirects are not followed)". It is "" for a 2xx answer.
func statusNote(x *Exchange) string {
	if x == nil || (x.Status >= 200 && x.Status <= 299) || x.Status == 0 {
		return ""
	}
	note := fmt.Sprintf(" in an HTTP %d %s answer", x.Status, http.StatusText(x.Status))
	if loc := x.Header.Get("Location"); x.Status >= 300 && x.Status <= 399 && loc != "" {
		if len(loc) > 200 {
			loc = loc[:200] + "…"
		}
		note += fmt.Sprintf(" redirecting to %s (redirects are not followed)", loc)
	}
	return note
}

// Do sends req, whose body (if any) is body, and reads the answer under the
// cap maxBody (DefaultMaxBody when <= 0). It never returns a nil Exchange
// together with a nil error.
func Do(ctx context.Context, hc *http.Client, op string, req *http.Request, body []byte, maxBody int64) (*Exchange, error) {
	if why := gate(ctx, op); why != nil {
		x := &Exchange{Method: req.Method, URL: req.URL.String(), RequestHeader: req.Header.Clone(), RequestBody: body}
		err := &Error{Kind: KindNotSent, Op: op, Err: why, Exchange: x}
		observe(ctx, op, x, err)
		return x, err
	}
	x, err := do(ctx, hc, op, req, body, maxBody)
	observe(ctx, op, x, err)
	return x, err
}

func do(ctx context.Context, hc *http.Client, op string, req *http.Request, body []byte, maxBody int64) (*Exchange, error) {
	if hc == nil {
		hc = http.DefaultClient
	}
	if maxBody <= 0 {
		maxBody = DefaultMaxBody
	}
	req = req.WithContext(ctx)
	if body != nil {
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.ContentLength = int64(len(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	x := &Exchange{Method: req.Method, URL: req.URL.String(), RequestHeader: req.Header.Clone(), RequestBody: body}
	start := time.Now()
	resp, err := hc.Do(req)
	if err != nil {
		x.Duration = time.Since(start)
		return x, &Error{Kind: Classify(ctx, err), Op: op, Err: err, Exchange: x}
	}
	defer resp.Body.Close()
	x.Status = resp.StatusCode
	x.Header = resp.Header.Clone()
	if resp.ContentLength > maxBody {
		x.Duration = time.Since(start)
		return x, &Error{Kind: KindBodyTooLarge, Op: op, Exchange: x,
			Err: fmt.Errorf("response body exceeded %s limit (Content-Length %d)", Size(maxBody), resp.ContentLength)}
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	x.Duration = time.Since(start)
	if int64(len(raw)) > maxBody {
		x.Body = raw[:maxBody]
		return x, &Error{Kind: KindBodyTooLarge, Op: op, Exchange: x,
			Err: fmt.Errorf("response body exceeded %s limit", Size(maxBody))}
	}
	x.Body = raw
	if err != nil {
		return x, &Error{Kind: Classify(ctx, err), Op: op, Exchange: x,
			Err: fmt.Errorf("reading response body after %d bytes: %w", len(raw), err)}
	}
	return x, nil
}

// Size prints a byte count the way limits are written ("1 MiB", "512 KiB").
func Size(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// ClientOptions configures NewHTTPClient.
type ClientOptions struct {
	// Timeout bounds one whole exchange, connection to last byte (default 10s).
	Timeout time.Duration
	// MaxRedirects is how many redirects are followed (default 0: a
	// redirect is returned as the answer, since auth endpoints do not
	// redirect and following one could send credentials elsewhere).
	MaxRedirects int
	// CAFile adds PEM certificates to the trusted roots.
	CAFile string
	// InsecureSkipVerify turns certificate checks off (for a test box with a
	// self-signed certificate; never the default).
	InsecureSkipVerify bool
	// MaxConnsPerHost bounds parallel connections (0: unbounded).
	MaxConnsPerHost int
}

// NewHTTPClient returns an *http.Client with the bounds a harness pointed at
// suspect servers needs: a whole-exchange timeout, header timeouts,
// redirects off by default and optional extra trusted roots.
func NewHTTPClient(o ClientOptions) (*http.Client, error) {
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	tlsCfg := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: o.InsecureSkipVerify} //nolint:gosec // opt-in only
	if o.CAFile != "" {
		pem, err := os.ReadFile(o.CAFile)
		if err != nil {
			return nil, fmt.Errorf("tls ca_file: %w", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("tls ca_file %s: no PEM certificate found", o.CAFile)
		}
		tlsCfg.RootCAs = pool
	}
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: minDur(o.Timeout, 5*time.Second), KeepAlive: 30 * time.Second}).DialContext,
		TLSClientConfig:       tlsCfg,
		TLSHandshakeTimeout:   minDur(o.Timeout, 5*time.Second),
		ResponseHeaderTimeout: o.Timeout,
		MaxIdleConns:          1024,
		MaxIdleConnsPerHost:   1024,
		MaxConnsPerHost:       o.MaxConnsPerHost,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	max := o.MaxRedirects
	return &http.Client{
		Transport: tr,
		Timeout:   o.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > max {
				if max == 0 {
					return http.ErrUseLastResponse
				}
				return fmt.Errorf("%w: stopped after %d redirects (last to %s)", errRedirect, max, req.URL.Redacted())
			}
			return nil
		},
	}, nil
}

func minDur(a, b time.Duration) time.Duration {
	if a < b {
		return a
	}
	return b
}
