package load

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"syscall"
	"testing"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/authprobe/authprobe/clients/wire"
)

// A hit's kind survives vegeta, which keeps only the error's text: tag
// writes wire.Classify's kind into the text and untag reads it back with
// the message, as url.Error wraps it.
func TestKindSurvivesVegeta(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	cases := []struct {
		ctx  context.Context
		err  error
		want wire.Kind
	}{
		{context.Background(), &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, wire.KindUnreachable},
		{context.Background(), os.ErrDeadlineExceeded, wire.KindTimeout},
		{context.Background(), &net.OpError{Op: "remote error", Err: errors.New("tls: bad certificate")}, wire.KindTLS},
		{context.Background(), os.NewSyscallError("read", syscall.ECONNRESET), wire.KindTransport},
		{canceled, errors.New("read on closed body"), wire.KindCanceled},
		{context.Background(), &kindError{kind: wire.KindBodyTooLarge, err: errors.New("response body exceeded 1 KiB limit")}, wire.KindBodyTooLarge},
	}
	for _, c := range cases {
		tagged := tag(c.ctx, c.err)
		if got := wire.Classify(context.Background(), tagged); got != c.want {
			t.Errorf("%v: tagged error classifies as %q, want %q", c.err, got, c.want)
		}
		text := fmt.Sprintf("Post %q: %v", "http://127.0.0.1:1/login", tagged)
		kind, msg := untag(text)
		inner := c.err.Error()
		if ke, ok := c.err.(*kindError); ok {
			inner = ke.err.Error()
		}
		if want := fmt.Sprintf("Post %q: %s", "http://127.0.0.1:1/login", inner); kind != c.want || msg != want {
			t.Errorf("untag(%q) = %q, %q; want %q, %q", text, kind, msg, c.want, want)
		}
	}
	if tag(context.Background(), nil) != nil {
		t.Error("tag(nil) is not nil")
	}
	for text, want := range map[string]wire.Kind{
		"net/http: request canceled (Client.Timeout exceeded)": wire.KindTimeout,
		"context deadline exceeded":                            wire.KindTimeout,
		"unsupported protocol scheme \"ftp\"":                  KindOther,
		"[kind=unterminated":                                   KindOther,
	} {
		if kind, msg := untag(text); kind != want || msg != text {
			t.Errorf("untag(%q) = %q, %q; want %q and the text", text, kind, msg, want)
		}
	}
}

// Fail makes a hit that fails with the step's kind without sending it.
func TestFailKeepsTheStepsKind(t *testing.T) {
	for err, want := range map[error]wire.Kind{
		&wire.Error{Kind: wire.KindMalformed, Op: "certna salt", Err: errors.New("no salt")}: wire.KindMalformed,
		&net.DNSError{Err: "no such host", Name: "nowhere.invalid"}:                          wire.KindUnreachable,
		nil: KindOther,
	} {
		var tgt vegeta.Target
		Fail(&tgt, err)
		req, _ := http.NewRequest(tgt.Method, tgt.URL, bytes.NewReader(tgt.Body))
		req.Header = tgt.Header
		_, rerr := answerSynthetic(req)
		if kind, _ := untag(fmt.Sprint(rerr)); kind != want {
			t.Errorf("Fail(%v): hit kind %q, want %q", err, kind, want)
		}
	}
}
