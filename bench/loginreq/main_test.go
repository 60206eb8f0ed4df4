package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authprobe/authprobe/refservers/embedded"
)

// TestLoginRequestsIssueTokens prepares each API's login against its
// running reference server: the login issues a token, and the wrk script,
// path, answer and content type are written.
func TestLoginRequestsIssueTokens(t *testing.T) {
	set, err := embedded.Start(embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	dir := t.TempDir()
	for _, srv := range set.Servers {
		if err := run(srv.Profile, srv.URL, dir); err != nil {
			t.Fatalf("%s: %v", srv.Profile, err)
		}
		read := func(ext string) string {
			b, err := os.ReadFile(filepath.Join(dir, srv.Profile+ext))
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
		lua, path, answer, ctype := read(".lua"), read(".path"), read(".answer"), read(".type")
		if !strings.Contains(lua, `wrk.method = "POST"`) || !strings.Contains(lua, "wrk.path = \""+path+"\"") || !strings.Contains(lua, "wrk.body = ") {
			t.Errorf("%s: wrk script:\n%s", srv.Profile, lua)
		}
		if answer == "" || ctype == "" {
			t.Errorf("%s: answer %q, content type %q", srv.Profile, answer, ctype)
		}
	}
	if err := run("nope", set.Servers[0].URL, dir); err == nil || !strings.Contains(err.Error(), "unknown profile") {
		t.Fatalf("unknown profile: %v", err)
	}
	if err := run("irp", "", dir); err == nil {
		t.Fatal("a missing -url was accepted")
	}
}

// TestLuaString quotes what Lua needs quoted.
func TestLuaString(t *testing.T) {
	if got, want := luaString("a\"b\\c\r\n€"), `"a\034b\092c\013\010\226\130\172"`; got != want {
		t.Fatalf("luaString = %s, want %s", got, want)
	}
}
