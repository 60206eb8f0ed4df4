package videntity

import (
	"os"
	"path/filepath"
	"testing"
)

func TestClassify(t *testing.T) {
	seed := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cases := []struct {
		name       string
		status     int
		body       []byte
		wantIssued bool
		wantCode   string
	}{
		{"seed success", 200, seed("seed_login_success.xml"), true, ""},
		{"seed error", 200, seed("seed_login_error.xml"), false, "1"},
		{"error number with spaces", 200, []byte(`<response><status>ERROR</status><error_number> 4 </error_number></response>`), false, "4"},
		{"error name only", 200, []byte(`<response><status>ERROR</status><error_name>SESSION_EXPIRED</error_name></response>`), false, "SESSION_EXPIRED"},
		{"success with empty key", 200, []byte(`<status>SUCCESS</status><session_key></session_key>`), false, ""},
		{"success with self-closed key", 200, []byte(`<status>SUCCESS</status><session_key/>`), false, ""},
		{"success without key", 200, []byte(`<status>SUCCESS</status>`), false, ""},
		{"key without success", 200, []byte(`<status>ERROR</status><session_key>abc</session_key><error_number>2</error_number>`), false, "2"},
		{"error number on HTTP 500", 500, []byte(`<status>ERROR</status><error_number>11</error_number>`), false, "11"},
		{"crash page", 500, []byte("Internal Server Error"), false, "http-500"},
		{"unterminated", 200, []byte(`<status>SUCCESS`), false, ""},
		{"empty", 200, nil, false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			issued, code := Classify(tc.status, tc.body)
			if issued != tc.wantIssued || code != tc.wantCode {
				t.Errorf("Classify = (%v, %q), want (%v, %q)", issued, code, tc.wantIssued, tc.wantCode)
			}
		})
	}
}

func TestClassifyDoesNotAllocateOnSuccess(t *testing.T) {
	body, err := os.ReadFile(filepath.Join("testdata", "seed_login_success.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() { Classify(200, body) }); n != 0 {
		t.Fatalf("Classify allocates %.0f times on a SUCCESS, want 0", n)
	}
}

func FuzzClassify(f *testing.F) {
	f.Add(200, []byte(`<status>SUCCESS</status><session_key>k</session_key>`))
	f.Add(500, []byte(`<error_number>`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		issued, code := Classify(status, body)
		if issued && code != "" {
			t.Fatalf("issued with a code %q", code)
		}
	})
}

func BenchmarkClassify(b *testing.B) {
	body := []byte(`<?xml version="1.0" encoding="utf-8"?>
<response api_method="/session/login"><status>SUCCESS</status><api_tx_number>1</api_tx_number>
<detail>you logged in successfully</detail><response_name_value><session_key>aZ3kQ9xW0pLm7TvB2cRn5YsE8hUj4GdF</session_key>
</response_name_value><timestamp>2030-01-02 15:04:05</timestamp></response>`)
	for b.Loop() {
		Classify(200, body)
	}
}
