package videntity_test

import (
	"bytes"
	"strings"
	"testing"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/load"
	loadvidentity "github.com/authprobe/authprobe/load/videntity"
)

var creds = []map[string]string{
	{"username": "foobar", "password": "Ry5NvPky2jBjshT", "account_number": "514778845023264"},
	{"username": "j doe", "password": "p&q=r", "account_number": "210983749212839"},
}

func target(settings map[string]string) config.Target {
	return config.Target{Name: "v", Profile: "videntity", BaseURL: "https://api.videntity.example/", Credentials: creds, Settings: settings}
}

// build returns the targeter and judge for tc, failing the test when
// they cannot be built.
func build(t testing.TB, tc config.Target, env load.Env) load.API {
	t.Helper()
	api, err := loadvidentity.New(tc, env)
	if err != nil {
		t.Fatal(err)
	}
	return api
}

// Every hit is the login form of the next account.
func TestNextBuildsForms(t *testing.T) {
	tg := build(t, target(nil), load.Env{}).Targeter
	for i := 0; i < 4; i++ {
		var tgt vegeta.Target
		_ = tg.Next(&tgt)
		c := creds[i%2]
		want := client.AppendLoginBody(nil, c["username"], c["password"], c["account_number"])
		if !bytes.Equal(tgt.Body, want) || tgt.URL != "https://api.videntity.example/sessions/login" || tgt.Header.Get("Content-Type") != client.FormContentType {
			t.Errorf("hit %d: %s %v %s", i, tgt.URL, tgt.Header, tgt.Body)
		}
	}
	var tgt vegeta.Target
	_ = tg.Next(&tgt)
	_ = tg.Next(&tgt)
	if string(tgt.Body) != "username=j+doe&password=p%26q%3Dr&account_number=210983749212839" {
		t.Errorf("escaping: %s", tgt.Body)
	}
}

func TestSettingsWrongCredentialsAndCodes(t *testing.T) {
	api := build(t, target(map[string]string{"login_path": "/v2/login", "session_ttl": "30m"}), load.Env{WrongCredentials: true})
	tg, judge := api.Targeter, api.Judge
	var tgt vegeta.Target
	_ = tg.Next(&tgt)
	if !strings.HasSuffix(tgt.URL, "/v2/login") || !strings.Contains(string(tgt.Body), "password="+load.Alter("Ry5NvPky2jBjshT")+"&") {
		t.Errorf("target %s %s", tgt.URL, tgt.Body)
	}
	for in, want := range map[string]string{"AUTHENTICATION_ERROR": "AUTHENTICATION_ERROR", "1": "AUTHENTICATION_ERROR", "authentication_error": "AUTHENTICATION_ERROR"} {
		if c, err := judge.Code(in); err != nil || c != want {
			t.Errorf("Code(%q) = %q %v", in, c, err)
		}
	}
	if _, err := judge.Code("2003"); err == nil {
		t.Error("Code accepted 2003")
	}
	errBody := []byte("<response><status>ERROR</status><error_number>1</error_number><error_name>AUTHENTICATION_ERROR</error_name></response>")
	if issued, code := judge.Classify(200, errBody); issued || code != "AUTHENTICATION_ERROR" {
		t.Errorf("Classify: %v %q", issued, code)
	}
	if _, err := loadvidentity.New(target(map[string]string{"login_path": "no-slash"}), load.Env{}); err == nil {
		t.Error("accepted login_path without a slash")
	}
}

func BenchmarkVidentityTargeter(b *testing.B) {
	tg := build(b, target(nil), load.Env{}).Targeter
	b.ReportAllocs()
	var tgt vegeta.Target
	for b.Loop() {
		_ = tg.Next(&tgt)
	}
}
