package certna

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/authprobe/authprobe/clients/wire"
)

// fixed is a canned answer of fakeServer.
type fixed struct {
	status int
	body   string
}

// loginLog records the login bodies a fakeServer gets.
type loginLog struct {
	mu     sync.Mutex
	bodies []string
}

func (l *loginLog) add(b string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.bodies = append(l.bodies, b)
}

func (l *loginLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.bodies...)
}

// fakeServer answers each path with a fixed JSON answer and records the
// login bodies it gets in log (when not nil).
func fakeServer(t *testing.T, answers map[string]fixed, log *loginLog) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ok := answers[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if r.URL.Path == DefaultLoginPath && log != nil {
			b, _ := io.ReadAll(r.Body)
			log.add(string(b))
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(a.status)
		_, _ = io.WriteString(w, a.body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestLoginKeepsBothExchanges(t *testing.T) {
	var log loginLog
	srv := fakeServer(t, map[string]fixed{
		DefaultSaltPath:  {200, `{"salt":"bx2244Wk8w2tOFAF6dISjw=="}`},
		DefaultLoginPath: {200, `{"access_token":"534d4c30-28a0-48c8-a76d-bbd265d7a1ac"}`},
	}, &log)
	c := New(srv.URL, srv.Client())
	r, err := c.Login(context.Background(), "sample1", "Sample1!Pass2018")
	if err != nil {
		t.Fatal(err)
	}
	logins := log.all()
	if !r.OK() || r.Salt == nil || r.Salt.Exchange == nil || r.Exchange == nil || r.Salt.Exchange == r.Exchange {
		t.Fatalf("result %+v does not keep both exchanges", r)
	}
	const want = "aaMxaqZ6LNnqgK9GA+T3fzAhQzbTLreo2bPl1kqK/9U=" // hash_vectors.txt, first line
	if r.Hashed != want || len(logins) != 1 || !strings.Contains(logins[0], `"password":"`+want+`"`) {
		t.Errorf("sent %v (Hashed %s), want the salted hash %s", logins, r.Hashed, want)
	}
	for _, s := range []string{"Sample1!Pass2018", want, "bx2244Wk8w2tOFAF6dISjw==", r.AccessToken} {
		if !slices.Contains(r.Exchange.Secrets, s) {
			t.Errorf("login exchange does not register secret %q", s)
		}
	}
	if !slices.Contains(r.Salt.Exchange.Secrets, "Sample1!Pass2018") || !slices.Contains(r.Salt.Exchange.Secrets, "bx2244Wk8w2tOFAF6dISjw==") {
		t.Errorf("salt exchange secrets %v", r.Salt.Exchange.Secrets)
	}
}

func TestLoginUnsaltedSchemeSkipsSalt(t *testing.T) {
	var log loginLog
	srv := fakeServer(t, map[string]fixed{
		DefaultLoginPath: {500, `{"Exception":{"Code":"DatabaseError","Message":"The user name or/and password are invalid."}}`},
	}, &log)
	c := &Client{BaseURL: srv.URL, Scheme: SHA1}
	r, err := c.Login(context.Background(), "sample1", "Sample1!Pass2018")
	if err != nil {
		t.Fatal(err)
	}
	logins := log.all()
	if r.Salt != nil || r.OK() || r.FailureCode() != CodeDatabaseError {
		t.Errorf("result %+v", r)
	}
	if len(logins) != 1 || !strings.Contains(logins[0], "0QtBLfFus99gqGJkWLBuFFN8/eM=") { // unsalted_vectors.txt
		t.Errorf("sent %v, want the unsalted SHA-1", logins)
	}
}

func TestLoginStopsAtRefusedSalt(t *testing.T) {
	var log loginLog
	srv := fakeServer(t, map[string]fixed{
		DefaultSaltPath:  {400, `{"code":"MISSING_PARAMETER","message":"The query parameter 'user_name' is required."}`},
		DefaultLoginPath: {200, `{"access_token":"x"}`},
	}, &log)
	r, err := New(srv.URL, nil).Login(context.Background(), "", "pw")
	if err != nil {
		t.Fatal(err)
	}
	logins := log.all()
	if r.OK() || r.FailureCode() != CodeMissingParameter || r.Salt == nil || r.Exchange != r.Salt.Exchange || len(logins) != 0 {
		t.Errorf("result %+v, logins %v; want the salt refusal and no login", r, logins)
	}
}

func TestCallsReturnParseErrors(t *testing.T) {
	srv := fakeServer(t, map[string]fixed{
		DefaultSaltPath:          {200, `{"salt":"%%%"}`},
		DefaultLoginPath:         {200, `{}`},
		DefaultStoreChecksumPath: {200, `{}`},
		DefaultLogoutPath:        {401, `{}`},
	}, nil)
	c := New(srv.URL, nil)
	ctx := context.Background()
	if _, err := c.Login(ctx, "u", "p"); wire.KindOf(err) != wire.KindMalformed || !strings.Contains(err.Error(), OpSalt) {
		t.Errorf("Login with a bad salt: %v", err)
	}
	if _, err := c.LoginHashed(ctx, "u", "p"); wire.KindOf(err) != wire.KindMalformed {
		t.Errorf("LoginHashed: %v", err)
	}
	if _, err := c.StoreChecksum(ctx, "t", "c"); wire.KindOf(err) != wire.KindMalformed {
		t.Errorf("StoreChecksum: %v", err)
	}
	if _, err := c.Logout(ctx, "t"); wire.KindOf(err) != wire.KindMalformed {
		t.Errorf("Logout: %v", err)
	}
	x, err := c.Send(ctx, http.MethodGet, "/nowhere", nil, nil)
	if err != nil || x.Status != http.StatusNotFound {
		t.Errorf("Send: %v %+v", err, x)
	}
}

func TestCallsWithoutBaseURL(t *testing.T) {
	c := &Client{}
	ctx := context.Background()
	if _, err := c.Salt(ctx, "u"); err != ErrNoBaseURL {
		t.Errorf("Salt: %v", err)
	}
	if _, err := c.Login(ctx, "u", "p"); err != ErrNoBaseURL {
		t.Errorf("Login: %v", err)
	}
	if _, err := c.LoginHashed(ctx, "u", "p"); err != ErrNoBaseURL {
		t.Errorf("LoginHashed: %v", err)
	}
	if _, err := c.StoreChecksum(ctx, "t", "c"); err != ErrNoBaseURL {
		t.Errorf("StoreChecksum: %v", err)
	}
	if _, err := c.Logout(ctx, "t"); err != ErrNoBaseURL {
		t.Errorf("Logout: %v", err)
	}
	if _, err := c.Send(ctx, "GET", "/", nil, nil); err != ErrNoBaseURL {
		t.Errorf("Send: %v", err)
	}
}

// Every call stops reading at the body cap and says so.
func TestOversizedBodies(t *testing.T) {
	var hits atomic.Int64
	big := `{"access_token":"` + strings.Repeat("a", 4096) + `"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("chunked") == "" && r.URL.Path != DefaultLogoutPath {
			w.Header().Set("Content-Length", strconv.Itoa(len(big)))
		}
		_, _ = io.WriteString(w, big)
	}))
	defer srv.Close()
	c := &Client{BaseURL: srv.URL, MaxBody: 1024}
	ctx := context.Background()
	calls := map[string]func() error{
		"salt":   func() error { _, err := c.Salt(ctx, "u"); return err },
		"login":  func() error { _, err := c.LoginHashed(ctx, "u", "p"); return err },
		"store":  func() error { _, err := c.StoreChecksum(ctx, "t", "c"); return err },
		"logout": func() error { _, err := c.Logout(ctx, "t"); return err }, // no Content-Length: cut while reading
		"send":   func() error { _, err := c.Send(ctx, "GET", "/x?chunked=1", nil, nil); return err },
	}
	for name, call := range calls {
		err := call()
		if wire.KindOf(err) != wire.KindBodyTooLarge || !strings.Contains(err.Error(), "1 KiB") {
			t.Errorf("%s: error %v, want body-too-large at 1 KiB", name, err)
		}
	}
	if hits.Load() != int64(len(calls)) {
		t.Errorf("server saw %d requests, want %d", hits.Load(), len(calls))
	}
}

func TestWrongContentTypeThroughCalls(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, "<h1>Bad gateway</h1>")
	}))
	defer srv.Close()
	c := New(srv.URL, nil)
	ctx := context.Background()
	_, err := c.Login(ctx, "u", "p")
	wantErr(t, err, wire.KindContentType, OpSalt, "text/html")
	_, err = c.LoginHashed(ctx, "u", "p")
	wantErr(t, err, wire.KindContentType, OpLogin, "text/html")
	_, err = c.StoreChecksum(ctx, "t", "c")
	wantErr(t, err, wire.KindContentType, OpStoreChecksum)
	_, err = c.Logout(ctx, "t")
	wantErr(t, err, wire.KindContentType, OpLogout)
}
