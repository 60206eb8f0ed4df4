package load

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"os"
	"strings"
	"syscall"

	"github.com/authprobe/authprobe/clients/wire"
)

// KindOther is the error kind of a failed hit whose cause is not known
// (vegeta reports some failures only as text).
const KindOther wire.Kind = "other"

// kindError is a transport failure tagged with its kind. vegeta keeps only
// the text of an error, so the kind travels in the text as "[kind=…] "
// and kindOf reads it back.
type kindError struct {
	kind wire.Kind
	err  error
}

const kindTag = "[kind="

func (e *kindError) Error() string { return kindTag + string(e.kind) + "] " + e.err.Error() }
func (e *kindError) Unwrap() error { return e.err }

// WireKind tells package wire the kind, for a targeter's own steps sent
// with wire.Do through the runner's transport.
func (e *kindError) WireKind() wire.Kind { return e.kind }

// tag wraps err with its kind, classified the way package wire does.
func tag(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var ke *kindError
	if errors.As(err, &ke) {
		return err
	}
	return &kindError{kind: classifyErr(ctx, err), err: err}
}

// kindOf reads the kind back from a hit's error text and returns the text
// without the tag. Untagged texts are KindOther, or KindTimeout when the
// HTTP client's own timeout fired.
func kindOf(text string) (wire.Kind, string) {
	i := strings.Index(text, kindTag)
	if i < 0 {
		if strings.Contains(text, "Client.Timeout") || strings.Contains(text, "deadline exceeded") {
			return wire.KindTimeout, text
		}
		return KindOther, text
	}
	rest := text[i+len(kindTag):]
	j := strings.IndexByte(rest, ']')
	if j < 0 {
		return KindOther, text
	}
	msg := text[:i] + strings.TrimPrefix(rest[j+1:], " ")
	return wire.Kind(rest[:j]), msg
}

// classifyErr maps a transport error to a wire kind, as wire.Do does for
// the conformance clients.
func classifyErr(ctx context.Context, err error) wire.Kind {
	if k := wire.KindOf(err); k != "" {
		return k
	}
	if ctx != nil {
		switch ctx.Err() {
		case context.DeadlineExceeded:
			return wire.KindTimeout
		case context.Canceled:
			return wire.KindCanceled
		}
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) {
		return wire.KindTimeout
	}
	if errors.Is(err, context.Canceled) {
		return wire.KindCanceled
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return wire.KindTimeout
	}
	var (
		ua  x509.UnknownAuthorityError
		hn  x509.HostnameError
		ci  x509.CertificateInvalidError
		tv  *tls.CertificateVerificationError
		rhe tls.RecordHeaderError
	)
	if errors.As(err, &ua) || errors.As(err, &hn) || errors.As(err, &ci) || errors.As(err, &tv) || errors.As(err, &rhe) {
		return wire.KindTLS
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH) {
		return wire.KindUnreachable
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Op == "dial" {
		return wire.KindUnreachable
	}
	return wire.KindTransport
}
