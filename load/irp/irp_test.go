package irp_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	client "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/load"
	loadirp "github.com/authprobe/authprobe/load/irp"
)

var keys = []map[string]string{
	{"api_key": "WJCwQJbKcmB3QbhHxdfH5ET2yf5KsaBN", "shared_secret": "9sLq2VxR7tKp4ZmW8cYd3NfH6gBj5TaE"},
	{"api_key": "Hq7TzL2mPx9RkV4sNc8WbY3dF6gJaQeU", "shared_secret": "rT5vK8pX2mZq7LwN4cYs9HdB3fJg6RaU"},
	{"api_key": "bN4kR8sW2xQ7mT9vL3pZ6yC5hJ8dF2gA", "shared_secret": "Pw3eR5tY7uI9oA2sD4fG6hJ8kL1zX3cV"},
}

func target(settings map[string]string) config.Target {
	return config.Target{Name: "shop", Profile: "irp", BaseURL: "https://shop.example.com/store", Credentials: keys, Settings: settings}
}

// build returns the targeter and judge for tc, failing the test when
// they cannot be built.
func build(t testing.TB, tc config.Target, env load.Env) load.API {
	t.Helper()
	api, err := loadirp.New(tc, env)
	if err != nil {
		t.Fatal(err)
	}
	return api
}

// Every hit is a fresh Authenticate: the next key round-robin, stamped
// with the clock's current second and signed for it.
func TestNextSignsEveryHit(t *testing.T) {
	now := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	tg := build(t, target(nil), load.Env{Now: func() time.Time { return now }}).Targeter
	var prev []byte
	for i := 0; i < 7; i++ {
		if i == 4 {
			now = now.Add(time.Second)
		}
		var tgt vegeta.Target
		if err := tg.Next(&tgt); err != nil {
			t.Fatal(err)
		}
		c := keys[i%3]
		ts := client.FormatTimestamp(now)
		want := client.AppendAuthenticateBody(nil, client.Form, c["api_key"], ts, client.Sign(c["api_key"], ts, c["shared_secret"]))
		if !bytes.Equal(tgt.Body, want) {
			t.Errorf("hit %d body %s, want %s", i, tgt.Body, want)
		}
		if tgt.Method != "POST" || tgt.URL != "https://shop.example.com/store"+client.AuthenticatePath || tgt.Header.Get("Content-Type") != client.ContentTypeForm {
			t.Errorf("hit %d: %s %s %v", i, tgt.Method, tgt.URL, tgt.Header)
		}
		if prev != nil && &prev[0] == &tgt.Body[0] {
			t.Errorf("hit %d reuses the previous hit's body buffer", i)
		}
		prev = tgt.Body
	}
}

// Expecting a refusal code, the targeter signs with altered secrets.
func TestWrongCredentials(t *testing.T) {
	now := time.Now()
	tg := build(t, target(nil), load.Env{WrongCredentials: true, Now: func() time.Time { return now }}).Targeter
	var tgt vegeta.Target
	_ = tg.Next(&tgt)
	ts := client.FormatTimestamp(now)
	k, s := keys[0]["api_key"], keys[0]["shared_secret"]
	if !strings.HasSuffix(string(tgt.Body), "Signature="+client.Sign(k, ts, load.Alter(s))) || strings.Contains(string(tgt.Body), client.Sign(k, ts, s)) {
		t.Errorf("body %s is not signed with the altered secret", tgt.Body)
	}
}

func TestJSONEncodingSetting(t *testing.T) {
	tg := build(t, target(map[string]string{"body_encoding": "json", "session_ttl": "5m"}), load.Env{}).Targeter
	var tgt vegeta.Target
	_ = tg.Next(&tgt)
	if !strings.HasPrefix(string(tgt.Body), `{"APIKey":"WJCw`) || tgt.Header.Get("Content-Type") != client.ContentTypeJSON {
		t.Errorf("json body %s header %v", tgt.Body, tgt.Header)
	}
	if _, err := loadirp.New(target(map[string]string{"body_encoding": "xml"}), load.Env{}); err == nil {
		t.Error("accepted body_encoding xml")
	}
}

func TestNewChecksCredentials(t *testing.T) {
	tc := target(nil)
	tc.Credentials = []map[string]string{{"api_key": "k"}}
	if _, err := loadirp.New(tc, load.Env{}); err == nil || !strings.Contains(err.Error(), "credentials[0]: missing shared_secret") {
		t.Errorf("missing secret: %v", err)
	}
	tc.Credentials = nil
	if _, err := loadirp.New(tc, load.Env{}); err == nil {
		t.Error("accepted no credentials")
	}
}

func TestClassifyAndCode(t *testing.T) {
	tg := build(t, target(nil), load.Env{}).Judge
	if c, err := tg.Code("2003"); err != nil || c != "2003" {
		t.Errorf("Code(2003) = %q, %v", c, err)
	}
	if _, err := tg.Code("9999"); err == nil || !strings.Contains(err.Error(), "not a documented code of irp") {
		t.Errorf("Code(9999): %v", err)
	}
	ok := []byte(`{"AuthenticationToken":"abcdefabcdefabcdefabcdefabcdef12","Messages":null,"Success":true,"Signature":null,"TimeStamp":"2018-10-16 14:24:46.8838787Z"}`)
	if issued, code := tg.Classify(200, ok); !issued || code != "" {
		t.Errorf("token answer: %v %q", issued, code)
	}
	if issued, code := tg.Classify(503, []byte("<html>busy</html>")); issued || code != "http-503" {
		t.Errorf("proxy 503: %v %q", issued, code)
	}
	if tok := tg.Token(200, map[string][]string{"Content-Type": {"application/json"}}, ok); tok != "abcdefabcdefabcdefabcdefabcdef12" {
		t.Errorf("Token = %q", tok)
	}
}

// Building a hit (timestamp, two SHA-1s, the body) must stay far below a
// request's cost.
func BenchmarkIRPTargeter(b *testing.B) {
	tg := build(b, target(nil), load.Env{}).Targeter
	b.ReportAllocs()
	var tgt vegeta.Target
	for b.Loop() {
		_ = tg.Next(&tgt)
	}
}

// BenchmarkIRPTargeterParallel builds hits from every core at once, as
// vegeta's workers do.
func BenchmarkIRPTargeterParallel(b *testing.B) {
	tg := build(b, target(nil), load.Env{}).Targeter
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		var tgt vegeta.Target
		for pb.Next() {
			_ = tg.Next(&tgt)
		}
	})
}
