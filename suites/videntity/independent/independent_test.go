// Package independent runs the videntity specs against a second legal
// implementation of the API, written here from the vendor's page and
// shared/profiles.md alone and unlike the reference server in every choice
// the two leave open: what bad input gets, key format, error texts and
// api_method, purge at expiry, XML layout, media type, headers. No spec may
// FAIL it. (A separate package: a test binary runs the specs once.)
package independent

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/clock"
	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/results"
	"github.com/authprobe/authprobe/suites/framework"
	_ "github.com/authprobe/authprobe/suites/videntity" // the specs
)

// server is the second implementation: sessions in a map, purged the
// moment they are found expired.
type server struct {
	clock *clock.Manual
	mu    sync.Mutex
	keys  map[string]time.Time // key → expiry
	tx    int
}

// answer is its XML answer, laid out by encoding/xml with indentation.
type answer struct {
	XMLName   xml.Name `xml:"response"`
	APIMethod string   `xml:"api_method,attr,omitempty"`
	Status    string   `xml:"status"`
	Tx        string   `xml:"api_tx_number"`
	Timestamp string   `xml:"timestamp"`
	Detail    string   `xml:"detail,omitempty"`
	Values    *struct {
		Key string `xml:"session_key"`
	} `xml:"response_name_value,omitempty"`
	Number *int    `xml:"error_number,omitempty"`
	Name   string  `xml:"error_name,omitempty"`
	Text   *string `xml:"error_detail,omitempty"`
}

func (s *server) send(w http.ResponseWriter, a answer) {
	s.mu.Lock()
	s.tx++
	a.Tx = fmt.Sprint(s.tx)
	s.mu.Unlock()
	a.Timestamp = s.clock.Now().In(time.FixedZone("CET", 3600)).Format("2006-01-02 15:04:05")
	b, _ := xml.MarshalIndent(a, "", "\t")
	w.Header().Set("Content-Type", "application/xml")
	_, _ = w.Write(append([]byte(xml.Header), b...))
}

func (s *server) fail(w http.ResponseWriter, number int, name, text string) {
	s.send(w, answer{Status: "ERROR", Number: &number, Name: name, Text: &text})
}

func (s *server) ok(w http.ResponseWriter, method, detail, key string) {
	a := answer{APIMethod: method, Status: "SUCCESS", Detail: detail}
	a.Values = &struct {
		Key string `xml:"session_key"`
	}{key}
	s.send(w, a)
}

// form reads the POST body only; anything that is not a readable form is
// answered 400 text/plain.
func form(w http.ResponseWriter, r *http.Request) bool {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		http.Error(w, "bad request", http.StatusBadRequest)
		return false
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return false
	}
	return true
}

func (s *server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle(clock.ControlPath, clock.ControlHandler(s.clock, false))
	login := func(w http.ResponseWriter, r *http.Request) {
		if !form(w, r) {
			return
		}
		for _, f := range []string{"username", "password", "account_number"} {
			if r.PostForm.Get(f) == "" {
				s.fail(w, 4, "MISSING_MANDATORY_FIELD", "Missing mandatory field: "+f)
				return
			}
		}
		if r.PostForm.Get("username") != "foobar" || r.PostForm.Get("password") != "Ry5NvPky2jBjshT" ||
			r.PostForm.Get("account_number") != "514778845023264" {
			s.fail(w, 1, "AUTHENTICATION_ERROR", "Username, password or account_number is incorrect")
			return
		}
		b := make([]byte, 16)
		_, _ = rand.Read(b)
		key := "vid_" + hex.EncodeToString(b)
		s.mu.Lock()
		s.keys[key] = s.clock.Now().Add(30 * time.Minute)
		s.mu.Unlock()
		s.ok(w, "/session/login", "You logged in successfully", key)
	}
	// session looks a key up; an expired one is purged at once, so it
	// answers error 2 like a key never issued ("or 2 once purged").
	session := func(w http.ResponseWriter, r *http.Request) (string, bool) {
		if !form(w, r) {
			return "", false
		}
		key := r.PostForm.Get("session_key")
		if key == "" {
			s.fail(w, 4, "MISSING_MANDATORY_FIELD", "Missing mandatory field: session_key")
			return "", false
		}
		s.mu.Lock()
		exp, ok := s.keys[key]
		if ok && !s.clock.Now().Before(exp) {
			delete(s.keys, key)
			ok = false
		}
		s.mu.Unlock()
		if !ok {
			w.Header().Set("X-Session", "none")
			s.fail(w, 2, "SESSION_DOES_NOT_EXIST", "")
			return "", false
		}
		return key, true
	}
	mux.HandleFunc("POST /sessions/login", login)
	mux.HandleFunc("POST /session/login", login)
	mux.HandleFunc("POST /session/ping", func(w http.ResponseWriter, r *http.Request) {
		if key, ok := session(w, r); ok {
			s.mu.Lock()
			s.keys[key] = s.clock.Now().Add(30 * time.Minute)
			s.mu.Unlock()
			s.ok(w, "/session/ping", "Your session has been pinged successfully", key)
		}
	})
	mux.HandleFunc("POST /session/logout", func(w http.ResponseWriter, r *http.Request) {
		if key, ok := session(w, r); ok {
			s.mu.Lock()
			delete(s.keys, key)
			s.mu.Unlock()
			s.ok(w, "/session/logout", "You logged out successfully", key)
		}
	})
	return mux
}

func TestIndependentImplementationPasses(t *testing.T) {
	s := &server{clock: clock.NewManual(), keys: map[string]time.Time{}}
	srv := httptest.NewServer(s.handler())
	defer srv.Close()
	cfg := &config.File{Path: "(independent implementation)", Environment: config.EnvTest, Targets: []config.Target{{
		Profile: "videntity", Name: "independent", BaseURL: srv.URL, ClockControlURL: srv.URL, Clock: config.ClockControlled,
		Settings: map[string]string{client.SettingSessionTTL: "30m"},
		Credentials: []map[string]string{{
			client.CredUsername: "foobar", client.CredPassword: "Ry5NvPky2jBjshT", client.CredAccountNumber: "514778845023264",
		}},
	}}}
	conf, targets, err := framework.Run(framework.Options{Config: cfg, T: t, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	verdicts := map[results.Verdict]int{}
	for _, sp := range conf.Specs {
		verdicts[sp.Verdict]++
		switch sp.Verdict {
		case results.Failed:
			t.Errorf("%s FAILED a legal implementation: %s", sp.ID, sp.Message)
		case results.Warning:
			t.Logf("%s WARNING: %s", sp.ID, sp.Message)
		case results.Skipped:
			t.Logf("%s SKIPPED: %s", sp.ID, sp.Reason)
		}
	}
	if verdicts[results.Passed] < 30 {
		t.Errorf("only %d specs passed: %v", verdicts[results.Passed], verdicts)
	}
	for _, tg := range targets {
		for _, o := range tg.Observed {
			t.Logf("observed %s → %s", o.Situation, o.Answer)
		}
	}
}
