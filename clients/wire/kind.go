package wire

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
)

// Kind classifies a failed exchange. It is what reports count failures
// by ("timeout", "unreachable"), in the conformance evidence and in a
// load result's errors.
type Kind string

// The kinds of failure a client reports.
const (
	KindUnreachable  Kind = "unreachable"    // connection refused, DNS failure, no route
	KindTimeout      Kind = "timeout"        // the deadline passed before a whole answer arrived
	KindTLS          Kind = "tls"            // certificate or handshake failure
	KindRedirect     Kind = "redirect"       // redirect loop or redirect refused
	KindTransport    Kind = "transport"      // connection reset and other I/O errors mid-answer
	KindBodyTooLarge Kind = "body-too-large" // the answer exceeded the body cap
	KindContentType  Kind = "content-type"   // the answer had the wrong media type
	KindMalformed    Kind = "malformed"      // the answer could not be parsed
	KindCanceled     Kind = "canceled"       // the caller canceled the context
	KindNotSent      Kind = "not-sent"       // stopped before sending by the context's Gate
)

// Error is a failed exchange. Exchange holds whatever was received before
// the failure (it may be nil when nothing was sent).
type Error struct {
	Kind     Kind
	Op       string // what was being done, e.g. "irp Authenticate"
	Err      error
	Exchange *Exchange
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s: %v", e.Op, e.Kind, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the Kind of err, or "" when err is not a wire error.
func KindOf(err error) Kind {
	var we *Error
	if errors.As(err, &we) {
		return we.Kind
	}
	return ""
}

// Kinded is implemented by errors that know their Kind, such as the load
// runner's transport, which fails a hit itself (a body over its cap);
// Classify returns that kind.
type Kinded interface {
	WireKind() Kind
}

// errRedirect marks the error of a redirect past ClientOptions.MaxRedirects.
var errRedirect = errors.New("redirect")

// Classify returns the Kind of a transport error: err came from sending an
// exchange with ctx (context.Background() when none is known) or reading
// its answer. It is the one classifier of failures in transit, used by Do
// for the API clients and by the load runner for every hit. It returns ""
// for a nil err, and KindTransport when nothing more precise is known.
func Classify(ctx context.Context, err error) Kind {
	if err == nil {
		return ""
	}
	if ctx != nil && errors.Is(ctx.Err(), context.Canceled) {
		return KindCanceled // whatever the error says, the caller stopped it
	}
	if k := KindOf(err); k != "" {
		return k
	}
	var k Kinded
	if errors.As(err, &k) && k.WireKind() != "" {
		return k.WireKind()
	}
	if ctx != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return KindTimeout
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return KindTimeout
	}
	if errors.Is(err, context.Canceled) {
		return KindCanceled
	}
	// The text of the innermost error, without the URL that *url.Error
	// adds (a host may be called "tls").
	msg := err.Error()
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		msg = ue.Err.Error()
	}
	if errors.Is(err, errRedirect) || strings.HasPrefix(msg, "stopped after") { // http.Client's default policy
		return KindRedirect
	}
	if isTLS(err) {
		return KindTLS
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH) {
		return KindUnreachable
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Op == "dial" {
		return KindUnreachable
	}
	if strings.Contains(msg, "tls: ") { // crypto/tls's handshake errors without a type of their own
		return KindTLS
	}
	return KindTransport
}

// isTLS reports whether err is a certificate or TLS handshake failure with
// a type that says so.
func isTLS(err error) bool {
	var (
		ua  x509.UnknownAuthorityError
		hn  x509.HostnameError
		ci  x509.CertificateInvalidError
		tv  *tls.CertificateVerificationError
		rhe tls.RecordHeaderError
		ae  tls.AlertError
		oe  *net.OpError
	)
	switch {
	case errors.As(err, &ua), errors.As(err, &hn), errors.As(err, &ci), errors.As(err, &tv), errors.As(err, &rhe), errors.As(err, &ae):
		return true
	case errors.As(err, &oe) && oe.Op == "remote error": // an alert from the peer (crypto/tls)
		return true
	}
	return false
}
