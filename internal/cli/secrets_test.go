package cli

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	certnaclient "github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/refservers/certna"
	"github.com/authprobe/authprobe/refservers/irp"
	"github.com/authprobe/authprobe/refservers/ishare"
	"github.com/authprobe/authprobe/refservers/refkit"
	"github.com/authprobe/authprobe/refservers/videntity"
	"github.com/authprobe/authprobe/reports"
	"github.com/authprobe/authprobe/secrets"
	"github.com/authprobe/authprobe/suites/framework"
)

// sentinel returns a random value of n characters from alphabet, so that a
// hit in the output can only be a leak.
func sentinel(t *testing.T, alphabet string, n int) string {
	t.Helper()
	b := make([]byte, n)
	for i := range b {
		k, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			t.Fatal(err)
		}
		b[i] = alphabet[k.Int64()]
	}
	return string(b)
}

const (
	alnum  = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
	digits = "0123456789"
	hexUp  = "0123456789ABCDEF"
)

// tokenRecorder wraps a reference server and keeps every token its answers
// issue, read with re (first group).
type tokenRecorder struct {
	re     *regexp.Regexp
	mu     sync.Mutex
	tokens map[string]bool
}

func (tr *tokenRecorder) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &captureWriter{ResponseWriter: w}
		h.ServeHTTP(cw, r)
		tr.mu.Lock()
		defer tr.mu.Unlock()
		for _, m := range tr.re.FindAllSubmatch(cw.buf.Bytes(), -1) {
			tr.tokens[string(m[1])] = true
		}
	})
}

func (tr *tokenRecorder) list() []string {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	out := make([]string, 0, len(tr.tokens))
	for k := range tr.tokens {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// captureWriter keeps the first 64 KiB of an answer.
type captureWriter struct {
	http.ResponseWriter
	buf bytes.Buffer
}

func (c *captureWriter) Write(p []byte) (int, error) {
	if room := 64<<10 - c.buf.Len(); room > 0 {
		c.buf.Write(p[:min(len(p), room)])
	}
	return c.ResponseWriter.Write(p)
}

// secretTarget is one reference server with sentinel credentials.
type secretTarget struct {
	profile string
	url     string
	creds   map[string]string
	secrets map[string]string // what must never show, by name
	rec     *tokenRecorder
}

// startSecretTargets starts the four reference servers in-process, each
// with one account of sentinel values and a recorder of issued tokens.
// The Videntity server echoes the password in its answers and keeps
// sessions after logout (named faults), so that failed specs carry
// evidence full of secrets and tokens.
func startSecretTargets(t *testing.T) []*secretTarget {
	t.Helper()
	var out []*secretTarget
	serve := func(st *secretTarget, h http.Handler) {
		srv := httptest.NewServer(st.rec.wrap(h))
		t.Cleanup(srv.Close)
		st.url = srv.URL
		out = append(out, st)
	}

	vAcct := videntity.Account{Username: "sentinel" + sentinel(t, alnum, 8), Password: sentinel(t, alnum, 15), AccountNumber: sentinel(t, digits, 15)}
	vFaults, err := refkit.ParseFaults("videntity", videntity.Faults, []string{"password-echoed", "logout-keeps-session"})
	if err != nil {
		t.Fatal(err)
	}
	serve(&secretTarget{profile: "videntity",
		creds:   map[string]string{"username": vAcct.Username, "password": vAcct.Password, "account_number": vAcct.AccountNumber},
		secrets: map[string]string{"videntity password": vAcct.Password, "videntity account_number": vAcct.AccountNumber},
		rec:     &tokenRecorder{re: regexp.MustCompile(`<session_key>([^<]+)</session_key>`), tokens: map[string]bool{}},
	}, videntity.New(refkit.Options{Faults: vFaults}, vAcct))

	iAcct := irp.Account{APIKey: sentinel(t, alnum, 32), SharedSecret: sentinel(t, alnum, 32)}
	serve(&secretTarget{profile: "irp",
		creds:   map[string]string{"api_key": iAcct.APIKey, "shared_secret": iAcct.SharedSecret},
		secrets: map[string]string{"irp api_key": iAcct.APIKey, "irp shared_secret": iAcct.SharedSecret},
		rec:     &tokenRecorder{re: regexp.MustCompile(`"AuthenticationToken":"([^"]+)"`), tokens: map[string]bool{}},
	}, irp.New(refkit.Options{}, iAcct))

	salt := []byte(sentinel(t, alnum, 16))
	cAcct := certna.Account{UserName: "sentinel" + sentinel(t, alnum, 8), Password: sentinel(t, alnum, 16), Salt: salt}
	serve(&secretTarget{profile: "certna",
		creds: map[string]string{"user_name": cAcct.UserName, "password": cAcct.Password},
		secrets: map[string]string{"certna password": cAcct.Password,
			"certna salted hash": certnaclient.HashPassword(salt, cAcct.Password)},
		rec: &tokenRecorder{re: regexp.MustCompile(`"access_token":"([^"]+)"`), tokens: map[string]bool{}},
	}, certna.New(refkit.Options{}, cAcct))

	sAcct := ishare.DemoAccounts()[0]
	sAcct.Username, sAcct.Password = "sentinel"+sentinel(t, alnum, 8), sentinel(t, alnum, 14)
	sAcct.Key = sentinel(t, hexUp, 8) + "-" + sentinel(t, hexUp, 4) + "-" + sentinel(t, hexUp, 4) + "-" + sentinel(t, hexUp, 4) + "-" + sentinel(t, hexUp, 12)
	serve(&secretTarget{profile: "ishare",
		creds:   map[string]string{"username": sAcct.Username, "password": sAcct.Password, "key": sAcct.Key},
		secrets: map[string]string{"ishare password": sAcct.Password, "ishare key": sAcct.Key},
		rec:     &tokenRecorder{re: regexp.MustCompile(`<SessionKey>([^<]+)</SessionKey>`), tokens: map[string]bool{}},
	}, ishare.New(refkit.Options{}, sAcct))
	return out
}

// secretConfig writes a target configuration for the targets whose
// profile has specs, with expiry specs skipped.
func secretConfig(t *testing.T, targets []*secretTarget) string {
	t.Helper()
	has := map[string]bool{}
	for _, p := range framework.Profiles() {
		has[p] = true
	}
	var b strings.Builder
	b.WriteString("environment: test\ntargets:\n")
	for _, st := range targets {
		if !has[st.profile] {
			continue
		}
		keys := make([]string, 0, len(st.creds))
		for k := range st.creds {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var kv []string
		for _, k := range keys {
			kv = append(kv, fmt.Sprintf("%s: %q", k, st.creds[k]))
		}
		fmt.Fprintf(&b, "  - profile: %s\n    base_url: %s\n    clock: skip\n    timeout: 5s\n    credentials:\n      - {%s}\n    settings: {token_samples: \"20\"}\n",
			st.profile, st.url, strings.Join(kv, ", "))
	}
	b.WriteString("load:\n  rate: 20/s\n  duration: 1s\n")
	return writeFile(t, "sentinel.yaml", b.String())
}

// forms are the ways a secret could be written: as is, URL-, HTML-, JSON-
// and Base64-encoded.
func forms(v string) []string {
	j, _ := json.Marshal(v)
	return []string{v, url.QueryEscape(v), html.EscapeString(v), strings.Trim(string(j), `"`), base64.StdEncoding.EncodeToString([]byte(v))}
}

// Secrets never leave authprobe unmasked: a run and a load with sentinel
// credentials against reference servers, one of which echoes the password
// in its answers, print and write no password, key, shared secret,
// salted hash or issued token anywhere. Tokens shown as evidence are
// masked (prefix and hash), so two of them can still be told apart.
func TestSecretsNeverLeak(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the main job against four servers")
	}
	targets := startSecretTargets(t)
	cfg := secretConfig(t, targets)
	dir := t.TempDir()
	out := filepath.Join(dir, "report")

	type output struct{ name, text string }
	var outputs []output
	r := authprobe(t, 3*time.Minute, "run", "--target", cfg, "--out", out)
	if r.code != ExitFailed { // the Videntity faults fail specs
		t.Fatalf("run: exit %d, want %d\n%s%s", r.code, ExitFailed, r.stdout, r.stderr)
	}
	outputs = append(outputs, output{"run stdout", r.stdout}, output{"run stderr", r.stderr})
	for _, st := range targets {
		raw := filepath.Join(dir, st.profile+"-hits.jsonl")
		csv := filepath.Join(dir, st.profile+"-hits.csv")
		for _, file := range []string{raw, csv} {
			lr := authprobe(t, time.Minute, "load", "--target", cfg, "--profile", st.profile, "--rate", "20/s", "--duration", "1s",
				"--raw", file, "--result-out", filepath.Join(dir, st.profile+"-load.json"))
			if lr.code != ExitOK {
				t.Fatalf("load %s: exit %d\n%s%s", st.profile, lr.code, lr.stdout, lr.stderr)
			}
			outputs = append(outputs, output{"load " + st.profile + " stdout", lr.stdout}, output{"load " + st.profile + " stderr", lr.stderr})
		}
	}
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		outputs = append(outputs, output{strings.TrimPrefix(p, dir+"/"), string(b)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(outputs) < 2+4*4+4 {
		t.Fatalf("only %d outputs to search", len(outputs))
	}

	// What must never show.
	never := map[string]string{}
	tokens := 0
	for _, st := range targets {
		for name, v := range st.secrets {
			never[name] = v
		}
		for i, tok := range st.rec.list() {
			never[fmt.Sprintf("%s token %d", st.profile, i)] = tok
			tokens++
		}
	}
	if tokens < 40 {
		t.Fatalf("only %d tokens were issued: the runs did not log in", tokens)
	}
	// The search finds what it looks for: the configuration holds every
	// credential as is.
	cfgText, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range targets {
		for k, v := range st.creds {
			if k != "username" && k != "user_name" && !bytes.Contains(cfgText, []byte(v)) {
				t.Fatalf("self-check: %s %s not found in the configuration", st.profile, k)
			}
		}
	}
	hits := 0
	for name, v := range never {
		for _, f := range forms(v) {
			for _, o := range outputs {
				if i := strings.Index(o.text, f); i >= 0 {
					hits++
					if hits <= 20 {
						t.Errorf("%s leaked in %s: …%s…", name, o.name, o.text[max(0, i-60):min(len(o.text), i+len(f)+20)])
					}
				}
			}
		}
	}
	if hits > 0 {
		t.Fatalf("%d leaks of %d secrets in %d outputs", hits, len(never), len(outputs))
	}
	t.Logf("searched %d outputs for %d secrets (%d issued tokens) in 5 encodings: no hit", len(outputs), len(never), tokens)

	// Tokens in evidence and in the raw files are masked: prefix and hash,
	// one mask per token.
	report, err := os.ReadFile(filepath.Join(out, reports.FileJSON))
	if err != nil {
		t.Fatal(err)
	}
	var videntityTokens []string
	for _, st := range targets {
		if st.profile == "videntity" {
			videntityTokens = st.rec.list()
		}
	}
	masks := map[string]bool{}
	for _, tok := range videntityTokens {
		m := secrets.Mask(tok)
		if !strings.HasPrefix(m, tok[:4]) || !strings.Contains(m, "…#") {
			t.Fatalf("mask %q of a token is not prefix…#hash", m)
		}
		if bytes.Contains(report, []byte(m)) {
			masks[m] = true
		}
	}
	if len(masks) < 2 {
		t.Fatalf("the evidence shows %d distinct masked session keys, want at least 2", len(masks))
	}
	rawMasks := map[string]bool{}
	for _, st := range targets {
		raw, err := os.ReadFile(filepath.Join(dir, st.profile+"-hits.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range bytes.Split(bytes.TrimSpace(raw), []byte("\n")) {
			var hit struct {
				Token string `json:"token"`
			}
			if err := json.Unmarshal(line, &hit); err != nil {
				t.Fatalf("%s raw line %q: %v", st.profile, line, err)
			}
			if hit.Token != "" {
				rawMasks[hit.Token] = true
			}
		}
	}
	for m := range rawMasks {
		if !strings.Contains(m, "…#") {
			t.Fatalf("raw file token %q is not masked", m)
		}
	}
	if len(rawMasks) < 20 {
		t.Fatalf("the raw files hold %d distinct masked tokens, want one per issued token", len(rawMasks))
	}
}
