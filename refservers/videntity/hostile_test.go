package videntity_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/refservers/refkit"
	"github.com/authprobe/authprobe/refservers/videntity"
)

// serveRaw sends one request straight to the handler and parses the answer
// with the client's parser.
func serveRaw(t *testing.T, h http.Handler, method, path, contentType string, body io.Reader) (*client.Response, error) {
	t.Helper()
	req := httptest.NewRequest(method, "http://videntity.test/", body)
	req.URL.Path = path
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	x := &wire.Exchange{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	return client.ParseResponse(x)
}

// endless yields bytes forever: a body the server must stop reading.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

// failing breaks after a few bytes, like a client that disconnects.
type failing struct{ n int }

func (f *failing) Read(p []byte) (int, error) {
	if f.n > 0 {
		f.n--
		p[0] = 'x'
		return 1, nil
	}
	return 0, io.ErrUnexpectedEOF
}

func TestHostileBodies(t *testing.T) {
	h := videntity.New(refkit.Options{MaxBody: 4096})
	cases := []struct {
		name   string
		body   io.Reader
		detail string
	}{
		{"endless body", endless{}, "exceeds the limit of 4096 bytes"},
		{"broken connection", &failing{n: 10}, "could not be read"},
		{"binary garbage", bytes.NewReader([]byte{0, 0xff, '%', 0xfe, '=', '&'}), "not a valid URL-encoded form"},
	}
	for _, tc := range cases {
		r, err := serveRaw(t, h, http.MethodPost, "/sessions/login", client.FormContentType, tc.body)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if r.ErrorNumber != client.ErrServerError || !strings.Contains(r.ErrorDetail, tc.detail) || r.HTTPStatus() != 200 {
			t.Errorf("%s: HTTP %d error %d %q", tc.name, r.HTTPStatus(), r.ErrorNumber, r.ErrorDetail)
		}
	}
}

func TestHugeFieldValues(t *testing.T) {
	h := videntity.New(refkit.Options{})
	big := strings.Repeat("A", 60<<10)
	for _, body := range []string{
		"username=" + big + "&password=" + big[:1000] + "&account_number=1",
		"session_key=" + big,
	} {
		path := "/sessions/login"
		if strings.HasPrefix(body, "session_key") {
			path = "/session/ping"
		}
		r, err := serveRaw(t, h, http.MethodPost, path, client.FormContentType, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if r.OK() || (r.ErrorNumber != client.ErrAuthentication && r.ErrorNumber != client.ErrSessionDoesNotExist) {
			t.Errorf("%s with a huge value: %s %d", path, r.Status, r.ErrorNumber)
		}
		if len(r.Exchange.Body) > 2048 {
			t.Errorf("%s: the answer echoes the huge value (%d bytes)", path, len(r.Exchange.Body))
		}
	}
}

// FuzzHandler throws arbitrary requests at the server: every answer must
// be a documented XML answer, HTTP 200 (404 for an unknown path), never a
// panic or a 5xx.
func FuzzHandler(f *testing.F) {
	f.Add("POST", "/sessions/login", client.FormContentType, []byte("username=foobar&password=Ry5NvPky2jBjshT&account_number=514778845023264"))
	f.Add("POST", "/session/ping", client.FormContentType, []byte("session_key=%"))
	f.Add("GET", "/session/logout", "", []byte(nil))
	f.Add("POST", "/session/login", "application/json", []byte(`{"username":1}`))
	f.Add("POST", "/x<y>&z", "text/plain; charset=\x00", []byte{0xff, 0xfe})
	h := videntity.New(refkit.Options{MaxBody: 1024})
	f.Fuzz(func(t *testing.T, method, path, contentType string, body []byte) {
		if !validMethod(method) {
			method = http.MethodPost
		}
		if !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "/_authprobe") {
			path = "/" + path
		}
		r, err := serveRaw(t, h, method, path, contentType, bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s %q (%q, %q): the answer is not a documented shape: %v", method, path, contentType, body, err)
		}
		if s := r.HTTPStatus(); s != 200 && s != 404 {
			t.Fatalf("%s %q: HTTP %d", method, path, s)
		}
	})
}

func validMethod(m string) bool {
	if m == "" {
		return false
	}
	for _, c := range m {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}
