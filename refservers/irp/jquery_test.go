package irp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	irpc "github.com/authprobe/authprobe/clients/irp"
	irps "github.com/authprobe/authprobe/refservers/irp"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// The real jQuery from npm, the last 3.x and 4.x: testdata/jquery pins them
// (package.json and package-lock.json); `make deps` runs `npm ci` there.
var jqueryFiles = []struct{ version, file string }{
	{"3.7.1", "testdata/jquery/node_modules/jquery/dist/jquery.min.js"},
	{"4.1.0", "testdata/jquery/node_modules/jquery4/dist/jquery.min.js"},
}

// chromiumPath is Debian's chromium; `make deps` installs it.
const chromiumPath = "/usr/bin/chromium"

// chromiumTimeout bounds the headless run.
const chromiumTimeout = 90 * time.Second

// seedExample is the seed's jQuery code, verbatim but for the URL (the
// seed's 'https://www.yourdomainname.com/api/v1/Authentication/Authenticate',
// here the same origin's proxy to one reference server) and what the seed
// elides as "....", which records responseObject. The seed's authenticate
// object is built by the page from a freshly signed one (the seed's own
// signature has long expired).
const seedExample = `$.post('%s',
    authenticate,
    function(data){ // 'success' function
    var responseObject = JSON.parse(data);
    record(responseObject);
    })`

// jqueryCase is one run of the seed's example against one server.
type jqueryCase struct {
	Name         string
	Authenticate map[string]string
	url          string
	server       *httptest.Server
}

// jqueryPage is the page: it runs each case's example in turn and writes
// what came of it into the DOM (an <li> per case: data-outcome "parsed" with
// the object's Success, token and first code; "threw" with the uncaught
// error; "failed" when jQuery reported an HTTP or parse error).
const jqueryPage = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>IRP seed example</title>
<script src="/jquery.min.js"></script></head>
<body><ul id="results"></ul>
<script>
var current = null, queue = [], cases = {};
function li(name) {
  var el = document.createElement('li');
  el.setAttribute('data-case', name);
  document.getElementById('results').appendChild(el);
  return el;
}
function finish(el, attrs) {
  if (!current || current.done) { return; }
  current.done = true;
  for (var k in attrs) { el.setAttribute('data-' + k, String(attrs[k])); }
  setTimeout(next, 0);
}
function record(responseObject) {
  var codes = (responseObject && responseObject.Messages || []).map(function (m) { return m.Code; });
  finish(current.el, {outcome: 'parsed', success: JSON.stringify(responseObject.Success),
    token: responseObject.AuthenticationToken || '', codes: codes.join(',')});
}
window.addEventListener('error', function (ev) {
  if (current) { finish(current.el, {outcome: 'threw', error: ev.message}); }
});
$(document).ajaxError(function (ev, xhr, settings, err) {
  if (current) { finish(current.el, {outcome: 'failed', error: xhr.status + ' ' + err}); }
});
function next() {
  current = queue.shift();
  if (!current) {
    document.body.setAttribute('data-jquery', $.fn.jquery);
    document.body.setAttribute('data-done', 'true');
    return;
  }
  current.el = li(current.name);
  current.run();
}
%s
next();
</script></body></html>`

// TestSeedJQueryExample runs the seed's jQuery example, unchanged, with the
// real jQuery in headless Chromium against the reference server: on the
// default server JSON.parse(data) gets the JSON text and the example reads
// a token (and, with a short key, the documented 2005); every dialect but
// json-content-type does the same; under json-content-type (application/json,
// the server's former default) jQuery has already parsed the answer and the
// example's JSON.parse throws. That is why the default is text/plain.
func TestSeedJQueryExample(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("chromium is missing at %s: install it (make deps installs the Debian package chromium): %v", chromiumPath, err)
	}
	for _, v := range jqueryFiles {
		t.Run("jquery-"+v.version, func(t *testing.T) {
			jq, err := os.ReadFile(v.file)
			if err != nil {
				t.Fatalf("the real jQuery %s is missing (%v): run `make deps`, which runs `npm ci` in refservers/irp/testdata/jquery (needs nodejs and npm)", v.version, err)
			}
			seedJQueryExample(t, jq, v.version)
		})
	}
}

// seedJQueryExample runs the example with the jQuery jq of the version.
func seedJQueryExample(t *testing.T, jq []byte, version string) {
	acct := demo(0)
	now := time.Now().UTC()
	sign := func(key string) map[string]string {
		ts := irpc.FormatTimestamp(now)
		return map[string]string{"APIKey": key, "TimeStamp": ts, "Signature": irpc.Sign(key, ts, acct.SharedSecret)}
	}
	var cases []*jqueryCase
	add := func(name string, dialects []string, authenticate map[string]string) {
		set, err := refkit.ParseDialects("irp", irps.Dialects, dialects)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(irps.New(refkit.Options{Dialects: set}))
		t.Cleanup(srv.Close)
		cases = append(cases, &jqueryCase{Name: name, Authenticate: authenticate, server: srv,
			url: "/case/" + name + irpc.AuthenticatePath})
	}
	add("default", nil, sign(acct.APIKey))
	add("default-short-key", nil, sign("WJCwQJbKcmB3"))
	for _, d := range irps.Dialects {
		add(d.Name, []string{d.Name}, sign(acct.APIKey))
	}

	// One origin serves the page, jQuery, and each case's server under
	// /case/<name>/, as a site serves its pages and its API.
	mux := http.NewServeMux()
	var script strings.Builder
	for _, c := range cases {
		a, _ := json.Marshal(c.Authenticate)
		fmt.Fprintf(&script, "queue.push({name: %q, run: function () {\nvar authenticate = %s;\n%s\n}});\n", c.Name, a, fmt.Sprintf(seedExample, c.url))
		target, _ := url.Parse(c.server.URL)
		proxy := httputil.NewSingleHostReverseProxy(target)
		mux.Handle("/case/"+c.Name+"/", http.StripPrefix("/case/"+c.Name, proxy))
	}
	page := fmt.Sprintf(jqueryPage, script.String())
	mux.HandleFunc("/jquery.min.js", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		_, _ = w.Write(jq)
	})
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(page))
	})
	site := httptest.NewServer(mux)
	t.Cleanup(site.Close)

	dom := runChromium(t, site.URL+"/")
	if !bytes.Contains(dom, []byte(`data-done="true"`)) {
		t.Fatalf("the page did not run every case to the end:\n%.3000s", dom)
	}
	if !bytes.Contains(dom, []byte(`data-jquery="`+version+`"`)) {
		t.Fatalf("the page did not run on jQuery %s:\n%.500s", version, dom)
	}
	got := parseOutcomes(t, dom)

	var threw []string
	for _, c := range cases {
		o, ok := got[c.Name]
		if !ok {
			t.Errorf("%s: no outcome in the DOM", c.Name)
			continue
		}
		switch {
		case o["outcome"] == "threw":
			threw = append(threw, c.Name)
			if !strings.Contains(o["error"], "JSON") {
				t.Errorf("%s: the example threw %q, not JSON.parse's SyntaxError", c.Name, o["error"])
			}
		case o["outcome"] != "parsed":
			t.Errorf("%s: %v", c.Name, o)
		case c.Name == "default-short-key":
			if o["success"] != "false" || o["token"] != "" || !strings.Contains(","+o["codes"]+",", ",2005,") {
				t.Errorf("%s: the seed's error example read %v, want Success false and code 2005", c.Name, o)
			}
		default:
			if o["token"] == "" {
				t.Errorf("%s: the example read no AuthenticationToken: %v", c.Name, o)
				continue
			}
			// The token the browser read is one the server issued.
			cl := irpc.New(c.server.URL, c.server.Client())
			r, err := cl.CheckTokenTime(context.Background(), o["token"], acct.SharedSecret, time.Now().UTC())
			if err != nil || !r.Success.OK() {
				t.Errorf("%s: the token the example read is not accepted by CheckTokenTime: %v %v", c.Name, err, r)
			}
		}
	}
	sort.Strings(threw)
	if strings.Join(threw, ",") != irps.DialectJSONContentType {
		t.Errorf("the example threw on %v; want exactly [%s] (application/json: jQuery parses the answer before JSON.parse)", threw, irps.DialectJSONContentType)
	}
	if o := got[irps.DialectJSONContentType]; o["outcome"] == "threw" {
		t.Logf("json-content-type, as expected: %s", o["error"])
	}
}

// runChromium dumps the DOM of url after its scripts and requests are done.
func runChromium(t *testing.T, url string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), chromiumTimeout)
	defer cancel()
	args := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--user-data-dir=" + filepath.Join(t.TempDir(), "profile"),
		"--virtual-time-budget=60000", "--dump-dom", url,
	}
	cmd := exec.CommandContext(ctx, chromiumPath, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatalf("chromium did not finish within %s; stderr:\n%s", chromiumTimeout, errb.Bytes())
	}
	if err != nil {
		t.Fatalf("chromium: %v; stderr:\n%s", err, errb.Bytes())
	}
	return out.Bytes()
}

var (
	liRe   = regexp.MustCompile(`<li ([^>]*)>`)
	attrRe = regexp.MustCompile(`data-([a-z]+)="([^"]*)"`)
)

// parseOutcomes reads each case's <li> attributes from the dumped DOM.
func parseOutcomes(t *testing.T, dom []byte) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	for _, m := range liRe.FindAllSubmatch(dom, -1) {
		attrs := map[string]string{}
		for _, a := range attrRe.FindAllSubmatch(m[1], -1) {
			attrs[string(a[1])] = html.UnescapeString(string(a[2]))
		}
		out[attrs["case"]] = attrs
	}
	return out
}
