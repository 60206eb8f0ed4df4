package reports

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/authprobe/authprobe/results"
)

// chromiumPath is Debian's chromium; `make deps` installs it.
const chromiumPath = "/usr/bin/chromium"

// chromiumTimeout bounds one headless session.
const chromiumTimeout = 3 * time.Minute

// The first screen the report is checked and shot at: a laptop's browser.
const screenW, screenH = 1280, 800

// artifactDir is where the screenshots are kept: $AUTHPROBE_ARTIFACTS when
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

// browser is one headless Chromium tab driven over the DevTools protocol;
// it records script errors, console errors, browser log errors (refused
// loads, CSP violations) and every request that is not the page itself.
type browser struct {
	ctx      context.Context
	mu       sync.Mutex
	problems []string
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("chromium is missing at %s: install it (make deps installs the Debian package chromium): %v", chromiumPath, err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(screenW, screenH),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, chromiumTimeout)
	t.Cleanup(func() { cancelTime(); cancelTab(); cancelAlloc() })
	b := &browser{ctx: ctx}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	if err := chromedp.Listen(ctx, b.record); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	return b
}

func (b *browser) record(ev any) {
	var p string
	switch e := ev.(type) {
	case *runtime.EventExceptionThrown:
		p = "uncaught exception: " + e.ExceptionDetails.Text
		if e.ExceptionDetails.Exception != nil {
			p += " " + e.ExceptionDetails.Exception.Description
		}
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
			p = fmt.Sprintf("console %s", e.Type)
		}
	case *cdplog.EventEntryAdded:
		if e.Entry.Level == cdplog.EntryLevelError || e.Entry.Level == cdplog.EntryLevelWarning {
			p = fmt.Sprintf("browser log %s (%s): %s", e.Entry.Level, e.Entry.Source, e.Entry.Text)
		}
	case *network.EventRequestWillBeSent:
		if u := e.Request.URL; !strings.HasPrefix(u, "file://") && !strings.HasPrefix(u, "data:") {
			p = "request to " + u
		}
	}
	if p != "" {
		b.mu.Lock()
		b.problems = append(b.problems, p)
		b.mu.Unlock()
	}
}

func (b *browser) do(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// open loads a page at the given viewport and waits for the report's
// script to finish.
func (b *browser) open(t *testing.T, url string, w, h int64) {
	t.Helper()
	err := chromedp.Do(b.ctx, chromedp.EmulateViewport(w, h), chromedp.Navigate(url),
		chromedp.WaitReady(chromedp.CSS(`body[data-ready="true"]`)))
	if err != nil {
		b.mu.Lock()
		defer b.mu.Unlock()
		t.Fatalf("opening %s: the report's script did not finish: %v; chromium reported: %q", url, err, b.problems)
	}
}

// layout is what the test measures in the rendered page.
type layout struct {
	Fold, Width, ScrollWidth float64
	Total, Failing           int
	// Shown are the spec rows displayed, in order.
	Shown []struct {
		ID     string
		Fails  bool
		Top    float64
		Bottom float64
	}
	TOC       string
	MainWidth float64
	Plots     []struct {
		Kind     string
		W, H     float64
		Row      float64
		Wide     bool
		ViewBoxW float64
	}
	JSError string
	Hidden  []string // controls that are not displayed
}

const measureJS = `(() => {
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).display !== 'none';
  const specs = [...document.querySelectorAll('tbody.spec')];
  return {
    fold: window.innerHeight, width: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    total: specs.length,
    failing: specs.filter(s => s.classList.contains('fails')).length,
    shown: specs.filter(shown).map(s => {
      const r = s.querySelector('tr.spec-row').getBoundingClientRect();
      return {id: s.querySelector('.id').textContent, fails: s.classList.contains('fails'), top: r.top, bottom: r.bottom};
    }),
    toc: (document.getElementById('toc') || {}).textContent || '',
    mainWidth: document.querySelector('main').getBoundingClientRect().width,
    plots: [...document.querySelectorAll('svg.plot')].map(p => {
      const r = p.getBoundingClientRect();
      return {kind: p.dataset.kind, w: r.width, h: r.height, row: p.closest('.plots').getBoundingClientRect().width,
        wide: p.closest('figure').classList.contains('wide'), viewBoxW: p.viewBox.baseVal.width};
    }),
    jsError: document.body.getAttribute('data-js-error') || '',
    hidden: ['spec-search', 'profile-filter', 'expand-all', 'spec-count'].filter(id => {
      const el = document.getElementById(id); return el && !shown(el); }),
  };
})()`

func (b *browser) measure(t *testing.T) layout {
	t.Helper()
	l, err := chromedp.Run(b.ctx, chromedp.Evaluate[layout](measureJS))
	if err != nil {
		t.Fatalf("measuring the page: %v", err)
	}
	return l
}

func (b *browser) shownIDs(t *testing.T) []string {
	var ids []string
	for _, s := range b.measure(t).Shown {
		ids = append(ids, s.ID)
	}
	return ids
}

// writePNG checks a screenshot (a PNG of w x h pixels, h 0: any height of
// at least minH, that is not one flat colour) and writes it to path.
func writePNG(t *testing.T, path string, shot []byte, w, h, minH int) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatalf("screenshot %s is not a PNG: %v", path, err)
	}
	bd := img.Bounds()
	if bd.Dx() != w || (h > 0 && bd.Dy() != h) || bd.Dy() < minH {
		t.Errorf("screenshot %s is %dx%d, want %dx%d (height at least %d)", path, bd.Dx(), bd.Dy(), w, h, minH)
	}
	if colours := distinctColours(img, 64); colours < 64 {
		t.Errorf("screenshot %s looks blank: %d colours", path, colours)
	}
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// distinctColours counts the colours of img, stopping at limit.
func distinctColours(img image.Image, limit int) int {
	seen := map[[4]uint32]bool{}
	bd := img.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y += 3 {
		for x := bd.Min.X; x < bd.Max.X; x += 3 {
			r, g, b, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, b, a}] = true
			if len(seen) >= limit {
				return len(seen)
			}
		}
	}
	return len(seen)
}

// TestHTMLReportInHeadlessChromium opens the report of a failed run with
// load results in Chromium and checks what a reader sees: the first screen
// shows every failure (and no other spec) under the contents, the page and
// its plots use the width of the window and stay within it on a narrow
// one, the filters work with and without JavaScript, no script error and
// no request leaves the page. It writes two screenshots (the first screen,
// the first load scenario) to $AUTHPROBE_ARTIFACTS; docs/img/ holds copies.
func TestHTMLReportInHeadlessChromium(t *testing.T) {
	art := artifactDir(t)
	page := filepath.Join(art, "report.html")
	run := loadRun()
	writeReport(t, page, run)
	url := "file://" + page
	b := newBrowser(t)
	b.open(t, url, screenW, screenH)

	l := b.measure(t)
	failing := 0
	for _, s := range run.Conformance.Specs {
		if s.Verdict.Fails(false) {
			failing++
			if !strings.Contains(l.TOC, s.ID) {
				t.Errorf("the contents do not name the failure %s: %q", s.ID, l.TOC)
			}
		}
	}
	if l.Total != len(run.Conformance.Specs) || l.Failing != failing || failing == 0 {
		t.Fatalf("%d specs (%d failing) in the page, want %d (%d)", l.Total, l.Failing, len(run.Conformance.Specs), failing)
	}
	if len(l.Shown) != failing {
		t.Errorf("the page shows %d specs by default, want the %d failures: %+v", len(l.Shown), failing, l.Shown)
	}
	for _, s := range l.Shown {
		if !s.Fails {
			t.Errorf("spec %s is shown by default but does not fail", s.ID)
		}
		if s.Bottom > l.Fold {
			t.Errorf("failure %s is below the first screen (%.0f..%.0f px, fold %.0f)", s.ID, s.Top, s.Bottom, l.Fold)
		}
	}
	for _, want := range []string{"ishare-staging", "1 passed · 1 warning", "irp-staging", "1 failed", "Specs", "Verdicts per API", "Load", "constant-200"} {
		if !strings.Contains(l.TOC, want) {
			t.Errorf("the contents lack %q: %q", want, l.TOC)
		}
	}
	if l.JSError != "" || len(l.Hidden) != 0 {
		t.Errorf("script error %q; controls hidden with JavaScript on: %v", l.JSError, l.Hidden)
	}
	checkWidth(t, l, screenW)
	shot, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	writePNG(t, filepath.Join(art, "report-failures.png"), shot, screenW, screenH, screenH)

	// The load section: the first scenario, with its histogram and plots.
	loadW, err := chromedp.Run(b.ctx, chromedp.Evaluate[float64](`document.getElementById('load-1').getBoundingClientRect().width`))
	if err != nil {
		t.Fatal(err)
	}
	shot, err = chromedp.Run(b.ctx, chromedp.Screenshot(chromedp.CSS("#load-1")))
	if err != nil {
		t.Fatal(err)
	}
	writePNG(t, filepath.Join(art, "report-load.png"), shot, int(math.Round(loadW)), 0, 900)

	// Show all, then untick a verdict, by clicking the labels.
	b.do(t, "showing all specs", chromedp.Click(chromedp.CSS(`label[for="scope-all"]`)))
	if got := b.shownIDs(t); len(got) != len(run.Conformance.Specs) {
		t.Errorf("after 'All specs' %d specs are shown, want %d: %v", len(got), len(run.Conformance.Specs), got)
	} else if !strings.HasPrefix(got[0], "IRP-SKEW-002") || got[len(got)-1] != "CERTNA-LOGIN-001" {
		t.Errorf("specs are not sorted failures first, passes last: %v", got)
	}
	b.do(t, "hiding passed specs", chromedp.Click(chromedp.CSS(`label[for="vf-passed"]`)))
	if got := b.shownIDs(t); len(got) != len(run.Conformance.Specs)-4 {
		t.Errorf("with Passed unticked %d specs are shown, want %d: %v", len(got), len(run.Conformance.Specs)-4, got)
	}

	// A narrow window: plots stack and nothing overflows sideways.
	b.open(t, url, 600, 900)
	checkWidth(t, b.measure(t), 600)

	// An incomplete run: the banner is the first thing on the page.
	incomplete := filepath.Join(art, "report-incomplete.html")
	writeReport(t, incomplete, incompleteRun())
	b.open(t, "file://"+incomplete, screenW, screenH)
	if top, err := chromedp.Run(b.ctx, chromedp.Evaluate[float64](`document.getElementById('incomplete-banner').getBoundingClientRect().top`)); err != nil || top != 0 {
		t.Errorf("incomplete banner at %v px (%v), want at the top", top, err)
	}

	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.problems {
		t.Errorf("chromium: %s", p)
	}
}

// Without JavaScript the failures still come first and alone, the switch
// to all specs and the verdict filters still work, and the controls that
// need the script are not shown.
func TestHTMLReportWithoutJavaScript(t *testing.T) {
	page := filepath.Join(t.TempDir(), "report.html")
	run := loadRun()
	writeReport(t, page, run)
	b := newBrowser(t)
	if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	b.do(t, "opening the page", chromedp.EmulateViewport(screenW, screenH), chromedp.Navigate("file://"+page),
		chromedp.WaitReady(chromedp.CSS(`#spec-table`)))
	l := b.measure(t)
	if l.Failing == 0 || len(l.Shown) != l.Failing {
		t.Errorf("without JavaScript %d specs are shown, want the %d failures", len(l.Shown), l.Failing)
	}
	for _, s := range l.Shown {
		if !s.Fails || s.Bottom > l.Fold {
			t.Errorf("spec %s shown at %.0f..%.0f px (fails: %v), want failures on the first screen", s.ID, s.Top, s.Bottom, s.Fails)
		}
	}
	if len(l.Hidden) != 4 {
		t.Errorf("controls that need the script are shown without it: only %v hidden", l.Hidden)
	}
	b.do(t, "showing all specs", chromedp.Click(chromedp.CSS(`label[for="scope-all"]`)))
	if got := b.shownIDs(t); len(got) != len(run.Conformance.Specs) {
		t.Errorf("after 'All specs' %d specs are shown, want %d", len(got), len(run.Conformance.Specs))
	}
	b.do(t, "hiding passed specs", chromedp.Click(chromedp.CSS(`label[for="vf-passed"]`)))
	if got := b.shownIDs(t); len(got) != len(run.Conformance.Specs)-4 {
		t.Errorf("with Passed unticked %d specs are shown, want %d", len(got), len(run.Conformance.Specs)-4)
	}
}

// checkWidth checks that the page uses the window's width without
// overflowing it: the main column spans the window (up to its maximum),
// the histogram spans its row, the other plots share a row two by two on a
// wide window and take the row on a narrow one, each at its aspect ratio.
func checkWidth(t *testing.T, l layout, window float64) {
	t.Helper()
	if l.ScrollWidth > window {
		t.Errorf("%.0f px window: the page is %.0f px wide (scrolls sideways)", window, l.ScrollWidth)
	}
	if l.MainWidth < window-1 {
		t.Errorf("%.0f px window: the main column is %.0f px wide", window, l.MainWidth)
	}
	if len(l.Plots) != 5 {
		t.Fatalf("%d plots, want 5", len(l.Plots))
	}
	for _, p := range l.Plots {
		share := p.W / p.Row
		switch {
		case p.Wide || window < 900:
			if share < 0.97 {
				t.Errorf("%.0f px window: plot %s is %.0f of %.0f px", window, p.Kind, p.W, p.Row)
			}
		case share < 0.45 || share > 0.55:
			t.Errorf("%.0f px window: plot %s is %.0f of %.0f px, want half the row", window, p.Kind, p.W, p.Row)
		}
		if want := p.W * plotH / p.ViewBoxW; p.H < want-2 || p.H > want+2 {
			t.Errorf("plot %s is %.0fx%.0f px, want the viewBox's aspect (height %.0f)", p.Kind, p.W, p.H, want)
		}
	}
}

func writeReport(t *testing.T, path string, run *results.Run) {
	t.Helper()
	b, err := HTML(run)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(path, b); err != nil {
		t.Fatal(err)
	}
}
