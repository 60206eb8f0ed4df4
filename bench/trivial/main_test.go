package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// TestAnswers: each -answer path gets its file's bytes in its content type
// (commas allowed in it), other paths 404; bad flags are errors.
func TestAnswers(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.xml")
	if err := os.WriteFile(file, []byte("<x/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	as := answers{}
	if err := as.Set("/Users.asmx," + file + ",text/xml; charset=utf-8; a=\"b,c\""); err != nil {
		t.Fatal(err)
	}
	h := handler(as)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/Users.asmx", nil))
	if w.Code != 200 || w.Body.String() != "<x/>" || w.Header().Get("Content-Type") != `text/xml; charset=utf-8; a="b,c"` {
		t.Fatalf("answer: %d %q %q", w.Code, w.Body, w.Header())
	}
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/other", nil))
	if w.Code != http.StatusNotFound {
		t.Fatalf("other path: %d", w.Code)
	}
	for _, bad := range []string{"Users.asmx," + file + ",text/xml", "/x," + file, "/x,/no/such/file,text/xml", "/x,,text/xml"} {
		if err := (answers{}).Set(bad); err == nil {
			t.Errorf("-answer %q accepted", bad)
		}
	}
	w = httptest.NewRecorder()
	handler(answers{}).ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/anything", nil))
	if w.Body.String() != defaultBody {
		t.Fatalf("default answer %q", w.Body)
	}
}
