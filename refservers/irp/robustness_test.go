package irp

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/clock"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// FuzzHandler: whatever arrives, the server answers 200, 404 or 405 with a
// JSON object, and never panics.
func FuzzHandler(f *testing.F) {
	f.Add("POST", AuthenticatePath, "application/x-www-form-urlencoded", "APIKey=x&TimeStamp=2018-10-01+15%3A10%3A54&Signature=s")
	f.Add("POST", CheckTokenTimePath, "application/json", `{"AuthenticationToken":"t","TimeStamp":"2018-10-01 15:10:54","Signature":"s"}`)
	f.Add("GET", "/", "", "")
	f.Add("POST", AuthenticatePath, "application/json", `{"APIKey":{"a":[`)
	f.Add("POST", AuthenticatePath, "text/json", `{"APIKey":"\ud800","TimeStamp":null}`)
	all := make([]string, len(Faults))
	for i, ft := range Faults {
		all[i] = ft.Name
	}
	set, _ := refkit.ParseFaults("irp", Faults, all)
	clean := New(refkit.Options{MaxBody: 1024})
	faulty := New(refkit.Options{MaxBody: 1024, Faults: set})
	f.Fuzz(func(t *testing.T, method, path, ct, body string) {
		if !validMethod(method) || !strings.HasPrefix(path, "/") || strings.ContainsAny(path, " ?#\x00\r\n") {
			return
		}
		for i, h := range []http.Handler{clean, faulty} {
			req := httptest.NewRequest(method, "http://irp.test"+pathEscape(path), strings.NewReader(body))
			req.Header.Set("Content-Type", ct)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			switch w.Code {
			case 200, 404, 405, 500: // 500 only under errors-http-500
				if w.Code == 500 && i == 0 {
					t.Fatalf("clean server answered 500 to %s %s", method, path)
				}
			case 403: // the clock control path without a test clock
				if !strings.EqualFold(path, clock.ControlPath) {
					t.Fatalf("status 403 for %s", path)
				}
				continue
			default:
				t.Fatalf("status %d for %s %s %q", w.Code, method, path, body)
			}
			if i == 1 && w.Code == 500 {
				continue // the *-crashes faults answer an HTML crash page by design
			}
			var m map[string]any
			if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil || m == nil {
				t.Fatalf("answer is not a JSON object: %q", w.Body)
			}
		}
	})
}

func validMethod(m string) bool {
	if m == "" {
		return false
	}
	for _, c := range m {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

func pathEscape(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c <= ' ' || c >= 0x7f || c == '%' {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// TestStoreStaysBounded: 1000 logins against a cap of 100 sessions never
// hold more than 100, and the oldest tokens are the ones dropped.
func TestStoreStaysBounded(t *testing.T) {
	clk := clock.NewManual()
	o := (&refkit.Options{Clock: clk, MaxSessions: 100}).Normalize()
	s := newServer(o, nil)
	a := DemoAccounts()[0]
	var tokens []string
	for i := range 1000 {
		if i%100 == 0 {
			clk.Advance(time.Second) // older sessions expire first
		}
		ts := clk.Now().Format(timestampLayout)
		req := httptest.NewRequest(http.MethodPost, AuthenticatePath,
			strings.NewReader(fmt.Sprintf(`{"APIKey":%q,"TimeStamp":%q,"Signature":%q}`, a.APIKey, ts, sign(a.APIKey, ts, a.SharedSecret))))
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		var got struct{ AuthenticationToken string }
		if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || got.AuthenticationToken == "" {
			t.Fatalf("login %d: %s", i, w.Body)
		}
		tokens = append(tokens, got.AuthenticationToken)
		if n := s.Len(); n > 100 {
			t.Fatalf("after %d logins the store holds %d sessions", i+1, n)
		}
	}
	ts := clk.Now().Format(timestampLayout)
	code := func(tok string) string {
		req := httptest.NewRequest(http.MethodPost, CheckTokenTimePath,
			strings.NewReader(fmt.Sprintf(`{"AuthenticationToken":%q,"TimeStamp":%q,"Signature":%q}`, tok, ts, sign(tok, ts, a.SharedSecret))))
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		return w.Body.String()
	}
	if body := code(tokens[0]); !strings.Contains(body, `"Code":2002`) {
		t.Errorf("the first token survived 1000 logins in a 100-session store: %s", body)
	}
	if body := code(tokens[999]); !strings.Contains(body, `"Success":true`) {
		t.Errorf("the newest token was evicted: %s", body)
	}
}

func TestNewWithoutAccountsUsesDemoAccountsAndSkipsBadOnes(t *testing.T) {
	o := (&refkit.Options{}).Normalize()
	if s := newServer(o, nil); len(s.accounts) != len(DemoAccounts()) {
		t.Fatalf("%d accounts", len(s.accounts))
	}
	s := newServer(o, []Account{{APIKey: ""}, {APIKey: "k", SharedSecret: "first"}, {APIKey: "k", SharedSecret: "second"}})
	if len(s.accounts) != 1 || s.accounts["k"].SharedSecret != "first" {
		t.Fatalf("accounts %v", s.accounts)
	}
}
