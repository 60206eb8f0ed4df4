package ishare_test

import (
	"bytes"
	"io"
	"net/http"
	"testing"

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/refservers/ishare"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// discardWriter is a ResponseWriter that keeps only the headers and the
// status, so the benchmark measures the handler and not a recorder.
type discardWriter struct {
	h      http.Header
	status int
}

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(status int)      { d.status = status }

// BenchmarkCreateSessionKey measures the login hot path in-process: one
// SOAP 1.1 CreateSessionKey through the wrapped handler, the session store
// at its default cap (so eviction is included once it fills).
func BenchmarkCreateSessionKey(b *testing.B) {
	h := ishare.New(refkit.Options{})
	a := ishare.DemoAccounts()[0]
	body := client.AppendCreateSessionKeyBody(nil, client.SOAP11, client.DefaultNamespace, a.Username, a.Password, a.Key)
	r, err := http.NewRequest(http.MethodPost, "/Users.asmx", nil)
	if err != nil {
		b.Fatal(err)
	}
	r.Header.Set("Content-Type", "text/xml; charset=utf-8")
	r.Header.Set("SOAPAction", `"http://tempuri.org/CreateSessionKey"`)
	rd := bytes.NewReader(body)
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		rd.Reset(body)
		r.Body = io.NopCloser(rd)
		h.ServeHTTP(w, r)
	}
	if w.status != http.StatusOK {
		b.Fatalf("the last login answered HTTP %d", w.status)
	}
}
