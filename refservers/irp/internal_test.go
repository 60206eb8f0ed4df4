package irp

import (
	"bytes"
	"encoding/json"
	"github.com/authprobe/authprobe/internal/encoding/jsontext"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/authprobe/authprobe/clock"
	"github.com/authprobe/authprobe/refservers/refkit"
)

func TestKindOf(t *testing.T) {
	for ct, want := range map[string]bodyKind{
		"application/x-www-form-urlencoded":                kindForm,
		"application/x-www-form-urlencoded; charset=UTF-8": kindForm,
		" Application/X-WWW-Form-Urlencoded ":              kindForm,
		"application/json":                                 kindJSON,
		"application/json; charset=utf-8":                  kindJSON,
		"text/json":                                        kindJSON,
		"application/problem+json":                         kindJSON,
		"+json":                                            kindUnsupported,
		"":                                                 kindUnsupported,
		"text/plain":                                       kindUnsupported,
		"application/xml":                                  kindUnsupported,
		"multipart/form-data; boundary=x":                  kindUnsupported,
		"application/jsonx":                                kindUnsupported,
	} {
		if got := kindOf(ct); got != want {
			t.Errorf("kindOf(%q) = %v, want %v", ct, got, want)
		}
	}
}

func TestParseForm(t *testing.T) {
	var v values
	if !parseForm("apikey=a+b%2Bc&TIMESTAMP=2018-10-01+15%3A10%3A54&Signature=&APIKey=second&other=%41&&x", &v, false) {
		t.Fatal("rejected")
	}
	if v.apiKey != (value{s: "a b+c", present: true}) || v.timestamp.s != "2018-10-01 15:10:54" || !v.signature.present || v.signature.s != "" || v.token.present {
		t.Fatalf("%+v", v)
	}
	if !v.signature.blank() || v.apiKey.blank() {
		t.Fatal("blank")
	}
	for _, bad := range []string{"APIKey=%", "APIKey=%g0", "%zz=1", "a=1&b=%"} {
		if parseForm(bad, &values{}, false) {
			t.Errorf("parseForm(%q) accepted", bad)
		}
	}
	var esc values
	if !parseForm("API%4Bey=k", &esc, false) || esc.apiKey.s != "k" {
		t.Fatalf("escaped name: %+v", esc)
	}
}

func TestParseJSON(t *testing.T) {
	var v values
	body := `{"apikey":"first","APIKey":"se\u0063ond","Timestamp":20181001,"Signature":null,"AuthenticationToken":{"x":[1,"}"]},"Other":[{"APIKey":"nested"}]}`
	if !parseJSON([]byte(body), body, &v, false) {
		t.Fatal("rejected")
	}
	if v.apiKey.s != "second" || v.timestamp.s != "20181001" || v.signature.present || !v.token.badType || !v.token.present {
		t.Fatalf("%+v", v)
	}
	if v.token.blank() {
		t.Fatal("a bad-typed value is present, not blank")
	}
	for _, bad := range []string{"", "[]", `"x"`, "null", "{", `{"a":}`, `{"a":1}}`, `{"a" 1}`, "{'a':1}"} {
		if parseJSON([]byte(bad), bad, &values{}, false) {
			t.Errorf("parseJSON(%q) accepted", bad)
		}
	}
	var later values
	if !parseJSON([]byte(`{"APIKey":"x","APIKey":null}`), `{"APIKey":"x","APIKey":null}`, &later, false) || later.apiKey.present {
		t.Fatalf("null after a value: %+v", later)
	}
}

// FuzzParseJSON: never panics, and agrees with encoding/json on the
// string fields of any object it accepts.
func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{`{"APIKey":"k","TimeStamp":"t","Signature":"s"}`, `{"apikey":"\u00e9\n"}`, `{"a":[{"b":"]"}],"Signature":1e5}`, `{}`, `[`, `{"APIKey":"a","APIKey":"b"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var v values
		ok := parseJSON(b, string(b), &v, false)
		var m map[string]any
		stdOK := json.Unmarshal(b, &m) == nil && m != nil
		if ok != stdOK {
			t.Fatalf("parseJSON(%q) = %v, encoding/json object = %v", b, ok, stdOK)
		}
		if !ok {
			return
		}
		// With a single key of each name (any case), the values agree.
		counts := map[string]int{}
		for k := range m {
			counts[strings.ToLower(k)]++
		}
		if counts["apikey"] == 1 && bytes.Count(bytes.ToLower(b), []byte(`apikey"`)) == 1 {
			for k, val := range m {
				if strings.EqualFold(k, "APIKey") {
					if s, isStr := val.(string); isStr && (!v.apiKey.present || v.apiKey.s != s) {
						t.Fatalf("APIKey %q, encoding/json %q", v.apiKey.s, s)
					}
				}
			}
		}
	})
}

func TestReadAllCaps(t *testing.T) {
	if _, err := readAll(strings.NewReader(strings.Repeat("x", 100)), nil, 99); err != errTooLarge {
		t.Fatalf("over the limit: %v", err)
	}
	b, err := readAll(iotest.OneByteReader(strings.NewReader("hello")), make([]byte, 0, 2), 5)
	if err != nil || string(b) != "hello" {
		t.Fatalf("%q %v", b, err)
	}
	if _, err := readAll(iotest.ErrReader(iotest.ErrTimeout), nil, 5); err == nil {
		t.Fatal("read error lost")
	}
	if b, err := readAll(http.NoBody, nil, 5); err != nil || len(b) != 0 {
		t.Fatal("NoBody")
	}
}

func TestParseTimestamp(t *testing.T) {
	if ts, ok := parseTimestamp("2018-10-01 15:10:54"); !ok || !ts.Equal(time.Date(2018, 10, 1, 15, 10, 54, 0, time.UTC)) {
		t.Fatalf("%v %v", ts, ok)
	}
	for _, bad := range []string{"", "2018-10-01T15:10:54", "2018-10-01 15:10:54Z", "2018-10-01 15:10:5", "2018-1-01 15:10:54 ",
		"2018-10-01 25:10:54", "2018-02-30 10:00:00", "+018-10-01 15:10:54", "2018/10/01 15:10:54", "2018-10-01 15:10:54.1"} {
		if _, ok := parseTimestamp(bad); ok {
			t.Errorf("parseTimestamp(%q) accepted", bad)
		}
	}
}

func TestSignatureMatchesShellVectors(t *testing.T) {
	// From clients/irp/testdata/signature_vectors.txt (computed with sha1sum).
	vectors := [][4]string{
		{"WJCwQJbKcmB3QbhHxdfH5ET2yf5KsaBN", "2018-10-01 15:10:54", "9sLq2VxR7tKp4ZmW8cYd3NfH6gBj5TaE", "0d1a96286d2fc5ad2c0056039b72c839089b853f"},
		{"YmWaLx5DyTrZbKrxq2cfhKGw3/1XC8q6", "2018-10-02 11:53:39", "9sLq2VxR7tKp4ZmW8cYd3NfH6gBj5TaE", "99cb6f760001860439614ad118b3b4d58dc36fef"},
		{"poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq", "2018-10-16 14:24:46", "s3cr3t", "4e44775f871c0b79c127320ab55b1024407d201a"},
		{"short", "1999-12-31 23:59:59", "a secret with spaces & symbols=+/%", "ce4da47c8ce5e1bc4cf9a3594a0175c423b34363"},
	}
	for _, v := range vectors {
		if !signatureMatches(v[3], v[0], v[1], v[2]) {
			t.Errorf("vector %v refused", v)
		}
		if signatureMatches(strings.ToUpper(v[3]), v[0], v[1], v[2]) || signatureMatches(v[3][:39], v[0], v[1], v[2]) || signatureMatches(v[3], v[0], v[1], v[2]+"x") {
			t.Errorf("variant of %v accepted", v)
		}
	}
	long := strings.Repeat("K", 300)
	if signatureMatches("", long, long, long) {
		t.Fatal("empty signature accepted")
	}
}

func TestAppendRemaining(t *testing.T) {
	s := &server{}
	for d, want := range map[time.Duration]string{
		5 * time.Minute: "05:00", 299*time.Second + 999*time.Millisecond: "04:59", 0: "00:00", -time.Second: "00:00",
		9*time.Second + 1: "00:09", 75 * time.Minute: "75:00", 125*time.Minute + 7*time.Second: "125:07",
	} {
		if got := string(s.appendRemaining(nil, d)); got != want {
			t.Errorf("%v = %q, want %q", d, got, want)
		}
	}
	s.f.minutesFormat = true
	if got := string(s.appendRemaining(nil, 299*time.Second)); got != "4.98" {
		t.Errorf("faulty format = %q", got)
	}
}

func TestAppendJSONStringBody(t *testing.T) {
	for _, in := range []string{"plain", "q\"b\\", "\x00\x1f\n\r\t", "<a>&", "bad\xff", "ünï€"} {
		var out string
		if err := json.Unmarshal(jsontext.AppendString(nil, in), &out); err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if want := strings.ToValidUTF8(in, "\ufffd"); out != want {
			t.Errorf("%q came back as %q", in, out)
		}
		if strings.ContainsAny(string(jsontext.AppendString(nil, in)), "<>&") {
			t.Errorf("%q: markup characters not escaped", in)
		}
	}
}

func TestAccountAllows(t *testing.T) {
	open := &Account{}
	closed := &Account{AllowedNets: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}
	in, out := netip.MustParseAddr("10.1.2.3"), netip.MustParseAddr("127.0.0.1")
	if !open.allows(out, true) || !open.allows(netip.Addr{}, false) || !closed.allows(in, true) || closed.allows(out, true) || closed.allows(netip.Addr{}, false) {
		t.Fatal("allow-list")
	}
	for addr, want := range map[string]string{"10.1.2.3:80": "10.1.2.3", "[::ffff:10.1.2.3]:80": "10.1.2.3", "[::1]:9": "::1", "10.9.9.9": "10.9.9.9"} {
		got, ok := remoteAddr(&http.Request{RemoteAddr: addr})
		if !ok || got.String() != want {
			t.Errorf("remoteAddr(%q) = %v %v", addr, got, ok)
		}
	}
	if _, ok := remoteAddr(&http.Request{RemoteAddr: "pipe"}); ok {
		t.Fatal("unparseable address")
	}
}

// TestIPRestrictedKeyFromInsideItsRange: the same key works from an
// allowed address, and its token is refused from outside the range.
func TestIPRestrictedKeyFromInsideItsRange(t *testing.T) {
	clk := clock.NewManual()
	s := newServer((&refkit.Options{Clock: clk}).Normalize(), nil)
	a := DemoAccounts()[4]
	ts := clk.Now().UTC().Format(timestampLayout)
	sig := sign(a.APIKey, ts, a.SharedSecret)
	body := "APIKey=" + a.APIKey + "&TimeStamp=" + strings.ReplaceAll(ts, " ", "+") + "&Signature=" + sig
	req := httptest.NewRequest(http.MethodPost, AuthenticatePath, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = "10.20.30.40:5555"
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	var got struct {
		AuthenticationToken string
		Success             bool
	}
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || !got.Success {
		t.Fatalf("from 10.20.30.40: %s", w.Body)
	}
	tok := got.AuthenticationToken
	check := "AuthenticationToken=" + tok + "&TimeStamp=" + strings.ReplaceAll(ts, " ", "+") + "&Signature=" + sign(tok, ts, a.SharedSecret)
	for addr, want := range map[string]string{"10.20.30.40:1": `"Success":true`, "192.0.2.1:1": `"Code":2013`} {
		req := httptest.NewRequest(http.MethodPost, CheckTokenTimePath, strings.NewReader(check))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = addr
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("check from %s: %s, want %s", addr, w.Body, want)
		}
	}
}

// sign is the test's own signature, with the standard library's helpers.
func sign(key, ts, secret string) string {
	return sha1hex(sha1hex(key+"."+ts) + "." + secret)
}
