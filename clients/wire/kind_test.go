package wire

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"syscall"
	"testing"
	"time"
)

// kindedErr is an error that knows its kind, like the load runner's.
type kindedErr struct{ k Kind }

func (e kindedErr) Error() string  { return "kinded" }
func (e kindedErr) WireKind() Kind { return e.k }

// timeoutErr is a net.Error that timed out.
type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

// Every kind Classify can return, from the errors net/http, crypto/tls,
// the resolver and the syscalls actually produce (wrapped as http.Client
// wraps them).
func TestClassify(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel2()
	post := func(err error) error { return &url.Error{Op: "Post", URL: "https://tls:8443/login", Err: err} }
	dial := func(err error) error { return &net.OpError{Op: "dial", Net: "tcp", Err: err} }
	read := func(err error) error { return &net.OpError{Op: "read", Net: "tcp", Err: err} }
	cases := []struct {
		name string
		ctx  context.Context
		err  error
		want Kind
	}{
		{"nil", nil, nil, ""},
		{"canceled context", canceled, post(io.EOF), KindCanceled},
		{"canceled context beats a kind", canceled, kindedErr{KindBodyTooLarge}, KindCanceled},
		{"context.Canceled", nil, post(context.Canceled), KindCanceled},
		{"wire error", nil, fmt.Errorf("step: %w", &Error{Kind: KindMalformed, Err: io.EOF}), KindMalformed},
		{"kinded", nil, post(kindedErr{KindBodyTooLarge}), KindBodyTooLarge},
		{"kinded without kind", nil, kindedErr{}, KindTransport},
		{"expired context", expired, post(io.ErrUnexpectedEOF), KindTimeout},
		{"context.DeadlineExceeded", nil, post(context.DeadlineExceeded), KindTimeout},
		{"os.ErrDeadlineExceeded", nil, read(os.ErrDeadlineExceeded), KindTimeout},
		{"net timeout", nil, post(timeoutErr{}), KindTimeout},
		{"redirect past the limit", nil, post(fmt.Errorf("%w: stopped after 3 redirects", errRedirect)), KindRedirect},
		{"default redirect policy", nil, post(errors.New("stopped after 10 redirects")), KindRedirect},
		{"unknown authority", nil, post(&tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}), KindTLS},
		{"x509 unknown authority", nil, post(x509.UnknownAuthorityError{}), KindTLS},
		{"hostname", nil, post(x509.HostnameError{Certificate: &x509.Certificate{}, Host: "h"}), KindTLS},
		{"expired certificate", nil, post(x509.CertificateInvalidError{Reason: x509.Expired}), KindTLS},
		{"not tls", nil, post(tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}), KindTLS},
		{"alert from the peer", nil, post(&net.OpError{Op: "remote error", Err: errors.New("tls: handshake failure")}), KindTLS},
		{"alert error", nil, post(tls.AlertError(40)), KindTLS},
		{"handshake text", nil, post(errors.New("tls: server selected unsupported protocol version 300")), KindTLS},
		{"dns", nil, post(dial(&net.DNSError{Err: "no such host", Name: "nowhere.invalid", IsNotFound: true})), KindUnreachable},
		{"refused", nil, post(dial(os.NewSyscallError("connect", syscall.ECONNREFUSED))), KindUnreachable},
		{"host unreachable", nil, post(dial(syscall.EHOSTUNREACH)), KindUnreachable},
		{"network unreachable", nil, post(syscall.ENETUNREACH), KindUnreachable},
		{"other dial failure", nil, post(dial(errors.New("socket: too many open files"))), KindUnreachable},
		{"reset", nil, post(read(os.NewSyscallError("read", syscall.ECONNRESET))), KindTransport},
		{"eof", nil, post(io.ErrUnexpectedEOF), KindTransport},
		// the URL's host is "tls": only the inner error's text is read
		{"host named tls", nil, post(errors.New("server closed the connection")), KindTransport},
	}
	for _, c := range cases {
		if c.ctx == nil {
			c.ctx = context.Background()
		}
		if got := Classify(c.ctx, c.err); got != c.want {
			t.Errorf("%s: Classify(%v) = %q, want %q", c.name, c.err, got, c.want)
		}
	}
}

// Do reports an exchange canceled by its caller as canceled, and a
// redirect loop under http.Client's default policy as a redirect.
func TestDoCanceledAndDefaultRedirects(t *testing.T) {
	started := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-r.Context().Done()
	}))
	defer hang.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	req, _ := http.NewRequest(http.MethodGet, hang.URL, nil)
	if _, err := Do(ctx, hang.Client(), "test Get", req, nil, 0); KindOf(err) != KindCanceled {
		t.Fatalf("want canceled, got %v", err)
	}

	var loop *httptest.Server
	loop = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, loop.URL+"/again", http.StatusFound)
	}))
	defer loop.Close()
	if _, err := get(t, loop.Client(), loop.URL, 0); KindOf(err) != KindRedirect {
		t.Fatalf("want redirect, got %v", err)
	}
}

// Malformed and ExpectContentType make errors about the answer, whose
// kinds Classify keeps.
func TestAnswerKinds(t *testing.T) {
	x := &Exchange{Status: 200, Header: http.Header{"Content-Type": {"text/html"}}}
	if err := Malformed("op", x, "want %s", "json"); KindOf(err) != KindMalformed || Classify(context.Background(), err) != KindMalformed {
		t.Errorf("Malformed: %v", err)
	}
	if err := ExpectContentType("op", x, "json"); Classify(context.Background(), err) != KindContentType {
		t.Errorf("ExpectContentType: %v", err)
	}
}
