package irp

import (
	"net/http"
	"testing"

	"github.com/authprobe/authprobe/clients/wire"
)

// FuzzParseAnswer throws arbitrary answers at ParseResponse and at the
// helpers that read its fields: nothing panics, a refusal is a wire error
// of a documented kind, an accepted answer keeps its exchange and an
// issued token is never empty.
func FuzzParseAnswer(f *testing.F) {
	f.Add(200, "application/json; charset=utf-8", []byte(`{"AuthenticationToken":"poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq","Messages":[],"Success":true,"Signature":"80dbc28a0b835306471d06b20f2165155e68d9c3","TimeStamp":"2018-10-16 14:24:46.8838787Z"}`))
	f.Add(200, "application/json", []byte(`{"Messages":[{"Code":2003,"Message":"Could Not Authenticate Signature"}],"Success":false,"Signature":null,"TimeStamp":"2018-10-16 14:24:46.8838787Z"}`))
	f.Add(200, "application/json", []byte(`{"AuthenticationToken":"t","MinutesRemaining":"04:59","Success":"Warning","Messages":[{"Code":1000}]}`))
	f.Add(200, "application/json", []byte(`"{\"AuthenticationToken\":\"t\",\"Success\":true}"`))
	f.Add(500, "text/html", []byte(`<h1>Runtime Error</h1>`))
	f.Add(200, "application/json", []byte(`{"Success":[[[[[[[[[[]]]]]]]]]]}`))
	f.Add(200, "application/json", []byte("{\"AuthenticationToken\":\"\xff\xfe\",\"Success\":true}"))
	f.Add(200, "application/json", []byte(`{"Success":true,"Success":false,"AuthenticationToken":"a"}`))
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		x := &wire.Exchange{Status: status, Header: http.Header{"Content-Type": {contentType}}, Body: body}
		r, err := ParseResponse(opAuthenticate, x)
		if err != nil {
			if k := wire.KindOf(err); k != wire.KindMalformed && k != wire.KindContentType {
				t.Fatalf("refused with %v (kind %q)", err, k)
			}
			return
		}
		if r.Exchange != x {
			t.Fatal("the exchange was not kept")
		}
		if r.Issued() && r.AuthenticationToken == "" {
			t.Fatal("issued without a token")
		}
		_, _ = r.ServerTime()
		_, _ = r.Remaining()
		_ = r.Codes()
		_ = r.FirstCode()
	})
}
