package registry_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/load"
	"github.com/authprobe/authprobe/load/registry"
	"github.com/authprobe/authprobe/refservers/refkit"
	refregistry "github.com/authprobe/authprobe/refservers/registry"
)

// judges builds every profile's load judge with its reference server's
// demo credentials (nothing is sent).
func judges(f *testing.F) map[string]load.Judge {
	out := map[string]load.Judge{}
	for _, d := range refregistry.All() {
		_, creds := d.New(refkit.Options{})
		tg := config.Target{Profile: d.Name, Name: d.Name, BaseURL: "http://127.0.0.1:1", Timeout: config.Dur(time.Second)}
		for _, c := range creds {
			tg.Credentials = append(tg.Credentials, map[string]string(c))
		}
		factory, err := registry.Lookup(d.Name, config.LoadSpec{})
		if err != nil {
			f.Fatal(err)
		}
		api, err := factory(tg, load.Env{HTTP: http.DefaultClient, Context: context.Background(), MaxBody: 1 << 20, Now: time.Now})
		if err != nil {
			f.Fatalf("%s targeter: %v", d.Name, err)
		}
		out[d.Name] = api.Judge
	}
	return out
}

// FuzzTargeterAnswers throws arbitrary answers at every API's judge
// (Classify and Token), the load runner's cheap response parsers: nothing
// panics and an answer is never both issued and coded.
func FuzzTargeterAnswers(f *testing.F) {
	judges := judges(f)
	f.Add(200, []byte(`{"AuthenticationToken":"poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq","Messages":[],"Success":true}`))
	f.Add(200, []byte(`<response><status>SUCCESS</status><response_name_value><session_key>k</session_key></response_name_value></response>`))
	f.Add(200, []byte(`<soap:Envelope><soap:Body><CreateSessionKeyResult><SessionKey>k</SessionKey><Success>true</Success></CreateSessionKeyResult></soap:Body></soap:Envelope>`))
	f.Add(200, []byte(`{"access_token":"534d4c30-28a0-48c8-a76d-bbd265d7a1ac"}`))
	f.Add(500, []byte(`{"Exception":{"Code":"DatabaseError"}}`))
	f.Add(200, []byte(`<session_key>`))
	f.Add(0, []byte{})
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		for name, j := range judges {
			issued, code := j.Classify(status, body)
			if issued && code != "" {
				t.Fatalf("%s: issued with code %q", name, code)
			}
			_ = j.Token(status, http.Header{}, body) // the runner asks only issuing answers; none may panic it

		}
	})
}
