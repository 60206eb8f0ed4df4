package ishare_test

import (
	"bytes"
	"strings"
	"testing"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/load"
	loadishare "github.com/authprobe/authprobe/load/ishare"
)

var creds = []map[string]string{
	{"username": "mycouncil", "password": "Wy7#kQ2v!pLm", "key": "8C1D5B7E-2F4A-4E9B-A3C6-71D0E5F29B48"},
	{"username": "a&b", "password": "<p>", "key": "K2"},
}

func target(settings map[string]string) config.Target {
	return config.Target{Name: "ishare", Profile: "ishare", BaseURL: "https://maps.example.gov.uk/MyAlerts", Credentials: creds, Settings: settings}
}

// build returns the targeter and judge for tc, failing the test when
// they cannot be built.
func build(t testing.TB, tc config.Target, env load.Env) load.API {
	t.Helper()
	api, err := loadishare.New(tc, env)
	if err != nil {
		t.Fatal(err)
	}
	return api
}

// Every hit is a CreateSessionKey envelope of the next client, escaped.
func TestNextBuildsEnvelopes(t *testing.T) {
	tg := build(t, target(nil), load.Env{}).Targeter
	for i := 0; i < 4; i++ {
		var tgt vegeta.Target
		_ = tg.Next(&tgt)
		c := creds[i%2]
		want := client.AppendCreateSessionKeyBody(nil, client.SOAP11, client.DefaultNamespace, c["username"], c["password"], c["key"])
		if !bytes.Equal(tgt.Body, want) {
			t.Errorf("hit %d body %s, want %s", i, tgt.Body, want)
		}
		if tgt.URL != "https://maps.example.gov.uk/MyAlerts/Users.asmx" || tgt.Header.Get("SOAPAction") != `"http://tempuri.org/CreateSessionKey"` {
			t.Errorf("hit %d: %s %v", i, tgt.URL, tgt.Header)
		}
	}
	var tgt vegeta.Target
	_ = tg.Next(&tgt)
	_ = tg.Next(&tgt)
	if !strings.Contains(string(tgt.Body), "<Username>a&amp;b</Username><Password>&lt;p&gt;</Password>") {
		t.Errorf("values not escaped: %s", tgt.Body)
	}
}

func TestSettingsAndWrongCredentials(t *testing.T) {
	api := build(t, target(map[string]string{"soap_version": "1.2", "path": "/svc/Users.asmx", "namespace": "http://example.org/", "session_ttl": "20m"}),
		load.Env{WrongCredentials: true})
	var tgt vegeta.Target
	_ = api.Targeter.Next(&tgt)
	if !strings.HasSuffix(tgt.URL, "/svc/Users.asmx") || !strings.Contains(tgt.Header.Get("Content-Type"), "application/soap+xml") ||
		!strings.Contains(string(tgt.Body), `xmlns="http://example.org/"`) || !strings.Contains(string(tgt.Body), "<Password>"+load.Alter("Wy7#kQ2v!pLm")+"</Password>") {
		t.Errorf("target %s %v %s", tgt.URL, tgt.Header, tgt.Body)
	}
	if _, err := loadishare.New(target(map[string]string{"soap_version": "3"}), load.Env{}); err == nil {
		t.Error("accepted soap_version 3")
	}
	bad := target(nil)
	bad.Credentials = []map[string]string{{"username": "u", "password": "p"}}
	if _, err := loadishare.New(bad, load.Env{}); err == nil || !strings.Contains(err.Error(), "missing key") {
		t.Errorf("missing key: %v", err)
	}
	if c, err := api.Judge.Code("1024"); err != nil || c != "1024" {
		t.Errorf("Code(1024) = %q %v", c, err)
	}
	if _, err := api.Judge.Code("AUTHENTICATION_ERROR"); err == nil {
		t.Error("Code accepted another API's code")
	}
}

func BenchmarkIShareTargeter(b *testing.B) {
	tg := build(b, target(nil), load.Env{}).Targeter
	b.ReportAllocs()
	var tgt vegeta.Target
	for b.Loop() {
		_ = tg.Next(&tgt)
	}
}
