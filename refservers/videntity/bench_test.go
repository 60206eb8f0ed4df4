package videntity_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/refservers/refkit"
	"github.com/authprobe/authprobe/refservers/videntity"
)

// discard is a ResponseWriter that keeps nothing, so the benchmark
// measures the handler alone.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

// BenchmarkLoginHandler measures a login on the default server and on
// the one speaking every dialect: the dialects' layout is decided at
// start, so both should allocate alike.
func BenchmarkLoginHandler(b *testing.B) {
	all, err := refkit.ParseDialects("videntity", videntity.Dialects, []string{refkit.AllDialects})
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		dialects refkit.DialectSet
	}{{"default", nil}, {"all-dialects", all}} {
		b.Run(c.name, func(b *testing.B) {
			h := videntity.New(refkit.Options{MaxSessions: 10000, Dialects: c.dialects})
			a := videntity.DemoAccounts()[0]
			body := string(client.AppendLoginBody(nil, a.Username, a.Password, a.AccountNumber))
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				w := &discard{h: http.Header{}}
				for pb.Next() {
					req := httptest.NewRequest(http.MethodPost, "/sessions/login", strings.NewReader(body))
					req.Header.Set("Content-Type", client.FormContentType)
					clear(w.h)
					h.ServeHTTP(w, req)
				}
			})
		})
	}
}
