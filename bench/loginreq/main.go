// Command loginreq prepares one API's login for bench/reference.sh: it
// builds the login request of a demo account with the API's own client
// code, sends it once to a running reference server, checks that it
// issues a token, and writes
//
//	DIR/<profile>.lua     a wrk script replaying that request (path included)
//	DIR/<profile>.path    the request's path
//	DIR/<profile>.answer  the answer's body
//	DIR/<profile>.type    the answer's Content-Type
//
// so that the trivial handler (bench/trivial) can answer a body of the
// same size in the same content type.
//
// The logins: ishare SOAP 1.1 CreateSessionKey; videntity the login form;
// irp Authenticate with a TimeStamp of now (a replayed signature is valid
// for the two-minute window, so run it again for each bench run); certna
// user/login with the password prepared from the user's salt, which is
// fetched once here, as a client that keeps the salt does: wrk replays the
// login request alone, not the salt request.
//
//	loginreq -profile irp -url http://127.0.0.1:8080 -out /tmp/bench
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	certnaclient "github.com/authprobe/authprobe/clients/certna"
	irpclient "github.com/authprobe/authprobe/clients/irp"
	ishareclient "github.com/authprobe/authprobe/clients/ishare"
	videntityclient "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/refservers/certna"
	"github.com/authprobe/authprobe/refservers/irp"
	"github.com/authprobe/authprobe/refservers/ishare"
	"github.com/authprobe/authprobe/refservers/videntity"
)

func main() {
	profile := flag.String("profile", "", "API: ishare, videntity, irp or certna")
	base := flag.String("url", "", "base URL of the running reference server")
	out := flag.String("out", ".", "directory for the wrk script, the answer body and its content type")
	flag.Parse()
	if err := run(*profile, *base, *out); err != nil {
		fmt.Fprintln(os.Stderr, "loginreq:", err)
		os.Exit(1)
	}
}

// run prepares profile's login against base and writes the files to dir.
func run(profile, base, dir string) error {
	if base == "" {
		return errors.New("-url is required")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, body, classify, err := LoginRequest(ctx, profile, base)
	if err != nil {
		return err
	}
	answer, ctype, err := check(req, body, classify)
	if err != nil {
		return fmt.Errorf("%s login at %s: %w", profile, base, err)
	}
	files := map[string][]byte{
		profile + ".lua":    WrkScript(req, body),
		profile + ".path":   []byte(req.URL.RequestURI()),
		profile + ".answer": answer,
		profile + ".type":   []byte(ctype),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	return nil
}

// Classifier tells whether an answer issued a token (each client's
// Classify).
type Classifier func(status int, body []byte) (issued bool, code string)

// LoginRequest builds the login request of profile's first demo account
// for the server at base (for certna fetching the user's salt from it).
func LoginRequest(ctx context.Context, profile, base string) (*http.Request, []byte, Classifier, error) {
	switch profile {
	case "ishare":
		a := ishare.DemoAccounts()[0]
		req, body, err := ishareclient.New(base, nil).CreateSessionKeyRequest(a.Username, a.Password, a.Key)
		return req, body, ishareclient.Classify, err
	case "videntity":
		a := videntity.DemoAccounts()[0]
		req, body, err := videntityclient.New(base, nil).LoginRequest(a.Username, a.Password, a.AccountNumber)
		return req, body, videntityclient.Classify, err
	case "irp":
		a := irp.DemoAccounts()[0]
		ts := irpclient.FormatTimestamp(time.Now())
		req, body, err := irpclient.AuthenticateRequest(base, irpclient.Form, a.APIKey, ts, irpclient.Sign(a.APIKey, ts, a.SharedSecret))
		return req, body, irpclient.Classify, err
	case "certna":
		a := certna.DemoAccounts()[0]
		c := certnaclient.New(base, nil)
		salt, err := c.Salt(ctx, a.UserName)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("certna salt: %w", err)
		}
		if !salt.OK() {
			return nil, nil, nil, fmt.Errorf("certna salt: no salt in the answer (%s)", salt.FailureCode())
		}
		req, body, err := c.LoginRequest(a.UserName, certnaclient.HashPassword(salt.Salt, a.Password))
		return req, body, certnaclient.Classify, err
	}
	return nil, nil, nil, fmt.Errorf("unknown profile %q (known: ishare, videntity, irp, certna)", profile)
}

// check sends req once and returns the answer body and Content-Type when
// it issued a token.
func check(req *http.Request, body []byte, classify Classifier) ([]byte, string, error) {
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer res.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return nil, "", fmt.Errorf("reading the answer: %w", err)
	}
	if issued, code := classify(res.StatusCode, answer); !issued {
		return nil, "", fmt.Errorf("no token issued (HTTP %d, code %q): %.200s", res.StatusCode, code, answer)
	}
	return answer, res.Header.Get("Content-Type"), nil
}

// WrkScript returns a wrk Lua script that sends req's method, path,
// headers and body (to whichever host wrk is pointed at).
func WrkScript(req *http.Request, body []byte) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "wrk.method = %s\n", luaString(req.Method))
	fmt.Fprintf(&b, "wrk.path = %s\n", luaString(req.URL.RequestURI()))
	keys := make([]string, 0, len(req.Header))
	for k := range req.Header {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "wrk.headers[%s] = %s\n", luaString(k), luaString(req.Header.Get(k)))
	}
	fmt.Fprintf(&b, "wrk.body = %s\n", luaString(string(body)))
	return []byte(b.String())
}

// luaString quotes s as a Lua string literal (every byte outside
// printable ASCII, and the quote and backslash, as a decimal escape).
func luaString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			fmt.Fprintf(&b, "\\%03d", c)
			continue
		}
		b.WriteByte(c)
	}
	b.WriteByte('"')
	return b.String()
}
