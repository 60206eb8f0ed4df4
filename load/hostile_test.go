package load

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/authprobe/authprobe/clients/wire"
)

// A body over the target's cap fails the hit as body-too-large at once,
// whether its length is declared (1 GiB) or not (endless), instead of
// being drained until the timeout.
func TestBodyOverCapFailsFast(t *testing.T) {
	endless := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/declared" {
			w.Header().Set("Content-Length", strconv.Itoa(1<<30))
		}
		chunk := bytes.Repeat([]byte("A"), 32<<10)
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	url := fakeServer(t, endless)
	for _, path := range []string{"/declared", "/endless"} {
		sc, _ := fakeScenario(url+path, 20, time.Second)
		sc.Target.MaxBody = 64 << 10
		start := time.Now()
		res := mustRun(t, sc)
		if took := time.Since(start); took > 3*time.Second {
			t.Errorf("%s: took %s (timeout 5s): the body was drained", path, took)
		}
		if res.Errors[string(wire.KindBodyTooLarge)] != res.Requests || res.Requests == 0 {
			t.Errorf("%s: errors %v of %d requests, want all body-too-large", path, res.Errors, res.Requests)
		}
	}
}

// A body at the cap still reads whole.
func TestBodyAtCapIsRead(t *testing.T) {
	body := "token"
	url := fakeServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(body)) }))
	sc, _ := fakeScenario(url, 10, time.Second)
	sc.Target.MaxBody = int64(len(body))
	res := mustRun(t, sc)
	if res.Successes != res.Requests || len(res.Errors) != 0 {
		t.Fatalf("successes %d of %d, errors %v", res.Successes, res.Requests, res.Errors)
	}
}

// The runner's transport tells wire.Do the kind of the failures it makes,
// so a targeter's own step reports body-too-large too.
func TestTransportKindsReachWire(t *testing.T) {
	url := fakeServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(1<<30))
		_, _ = w.Write([]byte("x"))
	}))
	base, _ := wire.NewHTTPClient(wire.ClientOptions{Timeout: 2 * time.Second})
	tr := &transport{base: base.Transport, run: context.Background(), timeout: 2 * time.Second, maxBody: 1024}
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	_, err := wire.Do(context.Background(), &http.Client{Transport: tr}, "test step", req, nil, 1024)
	if wire.KindOf(err) != wire.KindBodyTooLarge || !strings.Contains(err.Error(), "exceeded 1 KiB limit") {
		t.Fatalf("got %v, want body-too-large", err)
	}
}

// Answers that no API sends are not counted as tokens, whatever the cheap
// classification says: a DTD (billion laughs, XXE), invalid UTF-8. An
// HTML page is named by its media type.
func TestRefusedAnswers(t *testing.T) {
	cases := []struct {
		name, contentType, body, code string
	}{
		{"doctype", "text/xml", `<!DOCTYPE r [<!ENTITY x SYSTEM "http://127.0.0.1:1/">]>token`, CodeDTDRefused},
		{"entity", "text/xml", `<!ENTITY x "y">token`, CodeDTDRefused},
		{"invalid utf-8", "application/json", "token\xff\xfe", CodeInvalidUTF8},
		{"html", "text/html; charset=utf-8", "unclassified", CodeContentTypePrefix + "text/html"},
	}
	for _, c := range cases {
		url := fakeServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", c.contentType)
			_, _ = w.Write([]byte(c.body))
		}))
		sc, ft := fakeScenario(url, 10, time.Second)
		ft.classify = func(body []byte) (bool, string) {
			if bytes.HasSuffix(body, []byte("token")) || bytes.Contains(body, []byte("token\xff")) {
				return true, ""
			}
			return false, string(body)
		}
		res := mustRun(t, sc)
		if res.Successes != 0 || res.Codes[c.code] != res.Requests || res.Requests == 0 {
			t.Errorf("%s: %d successes, codes %v of %d requests; want every hit %q", c.name, res.Successes, res.Codes, res.Requests, c.code)
		}
	}
}

// A target answering a new, long code every time cannot grow the result:
// codes are clipped and at most maxCodes distinct ones are kept.
func TestCodeFloodIsBounded(t *testing.T) {
	var n atomic.Int64
	url := fakeServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%d-%s", n.Add(1), strings.Repeat("é", 4096))
	}))
	sc, _ := fakeScenario(url, 200, time.Second)
	res := mustRun(t, sc)
	if len(res.Codes) > maxCodes+1 || res.Codes[CodeOther] == 0 {
		t.Fatalf("%d distinct codes (other %d) from %d requests", len(res.Codes), res.Codes[CodeOther], res.Requests)
	}
	var total uint64
	for code, v := range res.Codes {
		total += v
		if len(code) > maxCodeLen+len("…") {
			t.Fatalf("code of %d bytes kept", len(code))
		}
	}
	if total != res.Requests {
		t.Fatalf("codes count %d answers of %d", total, res.Requests)
	}
}
