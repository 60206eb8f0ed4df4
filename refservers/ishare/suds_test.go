package ishare_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/refservers/ishare"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// debianPython is the system interpreter that python3-suds installs into
// (the python3 on PATH may be another one).
const debianPython = "/usr/bin/python3"

// sudsPrelude runs the example after importing suds.client. The seed's
// example does `import suds` and then uses `suds.client.Client`, which only
// works once something has imported the suds.client submodule: with suds
// 1.1.2 a bare `import suds` raises "module 'suds' has no attribute
// 'client'". The example's text is run unchanged.
const sudsPrelude = "import suds.client, runpy, sys; runpy.run_path(sys.argv[1], run_name='__main__')"

// runSeedExample fills the placeholders of testdata/seed_example.py (the
// seed's Python example, with print statements turned into print() calls)
// and runs it with the Debian interpreter and python3-suds.
func runSeedExample(t *testing.T, serviceRoot, username, password, key string) string {
	t.Helper()
	if out, err := exec.Command(debianPython, "-c", "import suds").CombinedOutput(); err != nil {
		t.Fatalf("%s cannot import suds (%v: %s): install the Debian package python3-suds (apt-get install python3-suds)", debianPython, err, strings.TrimSpace(string(out)))
	}
	src, err := os.ReadFile("testdata/seed_example.py")
	if err != nil {
		t.Fatal(err)
	}
	script := strings.NewReplacer(
		"http://[PATH TO WEBSERVICE]", serviceRoot,
		`"[UserName]"`, strconv.Quote(username),
		`"[Password]"`, strconv.Quote(password),
		`"[Key]"`, strconv.Quote(key),
	).Replace(string(src))
	dir := t.TempDir()
	path := filepath.Join(dir, "example.py")
	if err := os.WriteFile(path, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	c, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(c, debianPython, "-c", sudsPrelude, path)
	cmd.Env = append(os.Environ(), "TMPDIR="+dir) // suds caches the WSDL under TMPDIR
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the seed's Python example failed: %v\n%s", err, out)
	}
	return string(out)
}

// TestSudsSeedExample runs the vendor's Python example against the
// reference server: suds reads users.asmx?wsdl, calls CreateSessionKey and
// prints the ClientId and a session key that the server accepts.
func TestSudsSeedExample(t *testing.T) {
	e := start(t, refkit.Options{})
	out := runSeedExample(t, e.url, e.acct.Username, e.acct.Password, e.acct.Key)
	m := regexp.MustCompile(`(?m)^ClientId: (\d+)\nSession Key: (\S+)$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("the example did not print a ClientId and Session Key:\n%s", out)
	}
	if m[1] != strconv.Itoa(e.acct.ClientID) || !guidV4.MatchString(m[2]) {
		t.Fatalf("printed ClientId %s, key %s; want %d and a GUID", m[1], m[2], e.acct.ClientID)
	}
	wantSchedules(t, "key printed by suds", e.schedule(e.acct.ClientID, m[2]), e.acct)

	// The escaping account, and the example's failure branch.
	other := e.other
	if out := runSeedExample(t, e.url, other.Username, other.Password, other.Key); !strings.Contains(out, "ClientId: "+strconv.Itoa(other.ClientID)) {
		t.Errorf("suds with XML-special characters in the password:\n%s", out)
	}
	if out := runSeedExample(t, e.url, e.acct.Username, "wrong", e.acct.Key); strings.TrimSpace(out) != "Could not get session key" {
		t.Errorf("suds with a wrong password printed:\n%s", out)
	}
}

// TestSudsCustomNamespace runs the example against a server with another
// namespace: suds follows the WSDL.
func TestSudsCustomNamespace(t *testing.T) {
	e := startWith(t, refkit.Options{}, ishare.Config{Namespace: "urn:astun:myalerts"})
	out := runSeedExample(t, e.url, e.acct.Username, e.acct.Password, e.acct.Key)
	if !strings.Contains(out, "ClientId: 7\nSession Key: ") {
		t.Fatalf("suds against urn:astun:myalerts:\n%s", out)
	}
}

// TestSudsSeedExampleAgainstDialects runs the seed's example against a
// server speaking each dialect, and all at once: a real WSDL-driven client
// reads every legal variation (the dialects' legality, seen from suds).
func TestSudsSeedExampleAgainstDialects(t *testing.T) {
	if testing.Short() {
		t.Skip("runs python3 once per dialect")
	}
	names := []string{refkit.AllDialects}
	for _, d := range ishare.Dialects {
		names = append(names, d.Name)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			e := dialectEnv(t, name)
			out := runSeedExample(t, e.url, e.acct.Username, e.acct.Password, e.acct.Key)
			m := regexp.MustCompile(`(?m)^ClientId: (\d+)\nSession Key: (\S+)$`).FindStringSubmatch(out)
			if m == nil || m[1] != strconv.Itoa(e.acct.ClientID) {
				t.Fatalf("the example did not print the ClientId and a Session Key:\n%s", out)
			}
			wantSchedules(t, "key printed by suds", e.schedule(e.acct.ClientID, m[2]), e.acct)
			if name == refkit.AllDialects {
				if out := runSeedExample(t, e.url, e.acct.Username, "wrong", e.acct.Key); strings.TrimSpace(out) != "Could not get session key" {
					t.Errorf("suds with a wrong password printed:\n%s", out)
				}
			}
		})
	}
}
