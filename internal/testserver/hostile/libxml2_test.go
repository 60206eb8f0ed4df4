package hostile

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	xsdvalidate "github.com/terminalstatic/go-xsd-validate"

	"github.com/authprobe/authprobe/schemas"
)

// libxml2 is initialised once per process; schemas.Validate may have done
// it already.
func initLibxml2(t *testing.T) {
	t.Helper()
	if err := xsdvalidate.Init(); err != nil && !strings.Contains(err.Error(), "already initialized") {
		t.Fatalf("libxml2: %v", err)
	}
}

// xsdHandler loads an embedded XSD into libxml2 as schemas.Validate does.
func xsdHandler(t *testing.T, name string) *xsdvalidate.XsdHandler {
	t.Helper()
	initLibxml2(t)
	raw, err := schemas.Read(name)
	if err != nil {
		t.Fatal(err)
	}
	h, err := xsdvalidate.NewXsdHandlerMem(raw, xsdvalidate.ParsErrVerbose)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	t.Cleanup(h.Free)
	return h
}

// utf7 encodes s in UTF-7 as RFC 2152 allows for every character: each
// one base64-encoded as UTF-16 ("<" is "+ADw-"), so no markup shows.
func utf7(s string) string {
	const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == ' ' || r == '\n' {
			b.WriteRune(r)
			continue
		}
		v := uint32(r) << 2 // 16 bits padded to 18: three base64 digits
		b.WriteString("+" + string(b64[v>>12&63]) + string(b64[v>>6&63]) + string(b64[v&63]) + "-")
	}
	return b.String()
}

// The XXE document names three URLs on a loopback server (external DTD,
// parameter entity, general entity). Neither schemas.Validate nor libxml2
// itself, given the document straight through go-xsd-validate, may request
// any of them — not even when the DOCTYPE hides in UTF-7.
func TestLibxml2NeverFetchesExternalEntities(t *testing.T) {
	srv, err := Start("videntity", XXE)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	valid, _ := Answer("videntity", "&xxe;")
	doc := XXEDocument(srv.URL, "response", WithoutDeclaration(valid))
	hidden := []byte(`<?xml version="1.0" encoding="UTF-7"?>` + "\n" + utf7(strings.SplitN(string(doc), "\n", 2)[1]))

	if err := schemas.Validate("videntity/response.xsd", doc); err == nil || !strings.Contains(err.Error(), "XML entity expansion refused") {
		t.Errorf("schemas.Validate(XXE) = %v, want the DOCTYPE refused", err)
	}
	if err := schemas.Validate("videntity/response.xsd", hidden); err == nil || !strings.Contains(err.Error(), "XML encoding refused") {
		t.Errorf("schemas.Validate(XXE in UTF-7) = %v, want the encoding refused", err)
	}

	h := xsdHandler(t, "videntity/response.xsd")
	for name, d := range map[string][]byte{"plain": doc, "utf-7": hidden} {
		err := h.ValidateMem(d, xsdvalidate.ParsErrVerbose)
		t.Logf("libxml2 on the %s XXE document: %v", name, err)
		if xh, err := xsdvalidate.NewXmlHandlerMem(d, xsdvalidate.ParsErrVerbose); err == nil {
			xh.Free()
		}
	}
	// Give a stray fetch time to arrive.
	time.Sleep(200 * time.Millisecond)
	if n := srv.XXEFetches(); n != 0 {
		t.Fatalf("libxml2 fetched an external entity or DTD %d times", n)
	}
	if n := srv.Requests(); n != 0 {
		t.Fatalf("the entity server got %d requests", n)
	}
}

// The billion-laughs bomb expands to about 3 GB. libxml2, given it
// directly, must refuse it quickly without growing the process by more
// than a few MiB; schemas.Validate refuses it before libxml2 sees it.
func TestLibxml2BillionLaughsIsBounded(t *testing.T) {
	bomb := BillionLaughsDocument("response", "")
	if err := schemas.Validate("videntity/response.xsd", bomb); err == nil || !strings.Contains(err.Error(), "XML entity expansion refused") {
		t.Errorf("schemas.Validate(billion laughs) = %v, want the DOCTYPE refused", err)
	}
	h := xsdHandler(t, "videntity/response.xsd")
	before := resetPeakRSS(t)
	start := time.Now()
	err := h.ValidateMem(bomb, xsdvalidate.ParsErrVerbose)
	took := time.Since(start)
	grew := peakRSS(t) - before
	t.Logf("libxml2 on billion laughs: %s, peak RSS grew %d KiB: %v", took, grew>>10, err)
	if err == nil {
		t.Fatal("libxml2 accepted the billion-laughs document")
	}
	if took > 5*time.Second {
		t.Errorf("libxml2 took %s on billion laughs", took)
	}
	if grew > 64<<20 {
		t.Errorf("libxml2 grew the process by %d MiB on billion laughs", grew>>20)
	}
	// A deep document is refused by libxml2's own depth limit, also bounded.
	deep := deepDocument("videntity")
	before = resetPeakRSS(t)
	if err := h.ValidateMem(deep, xsdvalidate.ParsErrVerbose); err == nil {
		t.Error("libxml2 accepted a document nested 100,000 deep")
	}
	if grew := peakRSS(t) - before; grew > 64<<20 {
		t.Errorf("libxml2 grew the process by %d MiB on deep nesting", grew>>20)
	}
}

// resetPeakRSS resets the process's peak resident set size to the current
// one (Linux: "5" into /proc/self/clear_refs) and returns it.
func resetPeakRSS(t *testing.T) int64 {
	t.Helper()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		t.Logf("cannot reset the peak RSS (%v): measuring growth from the old peak", err)
	}
	return peakRSS(t)
}

// peakRSS reads the process's peak resident set size (VmHWM) in bytes.
func peakRSS(t *testing.T) int64 {
	t.Helper()
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "VmHWM:") {
			fields := strings.Fields(line)
			kb, err := strconv.ParseInt(fields[1], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Skip("no VmHWM in /proc/self/status")
	return 0
}
