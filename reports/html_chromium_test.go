package reports

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// chromiumPath is Debian's chromium; `make deps` installs it.
const chromiumPath = "/usr/bin/chromium"

// chromiumTimeout bounds one headless run.
const chromiumTimeout = 60 * time.Second

// artifactDir is where the screenshot is kept: $AUTHPROBE_ARTIFACTS when
// set (CI uploads it), else a test temporary directory.
func artifactDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("AUTHPROBE_ARTIFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// chromium runs headless Chromium with args and returns stdout and stderr.
func chromium(t *testing.T, profile string, args ...string) (stdout, stderr []byte) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("chromium is missing at %s: install it (make deps installs the Debian package chromium): %v", chromiumPath, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), chromiumTimeout)
	defer cancel()
	base := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--user-data-dir=" + profile,
	}
	cmd := exec.CommandContext(ctx, chromiumPath, append(base, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatalf("chromium did not finish within %s; stderr:\n%s", chromiumTimeout, errb.Bytes())
	}
	if err != nil {
		t.Fatalf("chromium: %v; stderr:\n%s", err, errb.Bytes())
	}
	return out.Bytes(), errb.Bytes()
}

// consoleErrorRe matches what Chromium logs for script errors and refused
// loads.
var consoleErrorRe = regexp.MustCompile(`(?i)uncaught|console error|refused to (load|connect|apply|execute)|ERR_[A-Z_]+`)

func TestHTMLReportInHeadlessChromium(t *testing.T) {
	art := artifactDir(t)
	page := filepath.Join(art, "report.html")
	b, err := HTML(incompleteRun())
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(page, b); err != nil {
		t.Fatal(err)
	}
	url := "file://" + page

	dom, stderr := chromium(t, t.TempDir(), "--enable-logging=stderr", "--v=0", "--dump-dom", url)
	body := regexp.MustCompile(`<body[^>]*>`).Find(dom)
	if body == nil {
		t.Fatalf("no <body> in the dumped DOM:\n%.2000s", dom)
	}
	for _, want := range []string{`data-ready="true"`, `data-plots="5"`, `data-shown="9"`} {
		if !bytes.Contains(body, []byte(want)) {
			t.Errorf("the script did not run to the end: body %s lacks %s", body, want)
		}
	}
	if bytes.Contains(body, []byte("data-js-error")) {
		t.Errorf("script error: %s", body)
	}
	if got := bytes.Count(dom, []byte(`<svg class="plot"`)); got != 5 {
		t.Errorf("%d SVG plots in the rendered DOM, want 5", got)
	}
	if !bytes.Contains(dom, []byte(`id="incomplete-banner"`)) {
		t.Error("incomplete banner not rendered")
	}
	// failures open their evidence by default (done by the script)
	if !regexp.MustCompile(`data-verdict="FAILED"[^>]*>[\s\S]*?<details class="evidence" open=""`).Match(dom) {
		t.Error("the evidence of a failure is not open")
	}
	for _, line := range strings.Split(string(stderr), "\n") {
		if consoleErrorRe.MatchString(line) {
			t.Errorf("chromium reported an error: %s", line)
		}
	}

	shot := filepath.Join(art, "report.png")
	chromium(t, t.TempDir(), "--hide-scrollbars", "--window-size=1280,2000", "--screenshot="+shot, url)
	st, err := os.Stat(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	png, _ := os.ReadFile(shot)
	if st.Size() < 20_000 || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Errorf("screenshot %s looks empty (%d bytes)", shot, st.Size())
	}
	t.Logf("screenshot: %s", shot)
}
