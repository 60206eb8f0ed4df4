package irp

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/clients/wire"
)

const successBody = `{"AuthenticationToken":"poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq","Messages":[],"Success":true,"Signature":"80","TimeStamp":"2018-10-16 14:24:46.8838787Z"}`

func TestClientAuthenticateSignsAndRegistersSecrets(t *testing.T) {
	st := &stub{status: 200, contentType: "application/json; charset=utf-8", body: successBody}
	srv := st.start(t)
	c := New(srv.URL, srv.Client())
	at := mustTime("2018-10-01 15:10:54")
	r, err := c.Authenticate(context.Background(), "WJCwQJbKcmB3QbhHxdfH5ET2yf5KsaBN", "secret-secret", at)
	if err != nil {
		t.Fatal(err)
	}
	got := st.last(t)
	if got.method != http.MethodPost || got.path != AuthenticatePath || got.contentType != ContentTypeForm {
		t.Fatalf("sent %+v", got)
	}
	q, err := url.ParseQuery(got.body)
	if err != nil {
		t.Fatal(err)
	}
	wantSig := Sign("WJCwQJbKcmB3QbhHxdfH5ET2yf5KsaBN", "2018-10-01 15:10:54", "secret-secret")
	if q.Get(FieldAPIKey) != "WJCwQJbKcmB3QbhHxdfH5ET2yf5KsaBN" || q.Get(FieldTimeStamp) != "2018-10-01 15:10:54" || q.Get(FieldSignature) != wantSig {
		t.Fatalf("body %v", q)
	}
	if strings.Contains(got.body, "secret-secret") {
		t.Fatal("the shared secret was sent")
	}
	for _, s := range []string{"WJCwQJbKcmB3QbhHxdfH5ET2yf5KsaBN", "secret-secret", wantSig, innerDigest("WJCwQJbKcmB3QbhHxdfH5ET2yf5KsaBN", "2018-10-01 15:10:54"), "poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq"} {
		if !containsSecret(r.Exchange, s) {
			t.Errorf("secret %.8s… not registered", s)
		}
	}
	if !r.Issued() || r.Exchange.Status != 200 || len(r.Exchange.RequestBody) == 0 {
		t.Fatalf("response %+v", r)
	}
}

func TestClientCheckTokenTimeUsesTokenInSignatureAndJSON(t *testing.T) {
	st := &stub{status: 200, contentType: "application/json", body: `{"AuthenticationToken":"tok","Messages":[],"Success":true,"Signature":"s","TimeStamp":"x","MinutesRemaining":"03:10"}`}
	srv := st.start(t)
	c := &Client{BaseURL: srv.URL, Encoding: JSON}
	r, err := c.CheckTokenTime(context.Background(), "tok-tok-tok", "sec", mustTime("2018-10-02 11:53:39"))
	if err != nil {
		t.Fatal(err)
	}
	got := st.last(t)
	want := string(AppendCheckTokenTimeBody(nil, JSON, "tok-tok-tok", "2018-10-02 11:53:39", Sign("tok-tok-tok", "2018-10-02 11:53:39", "sec")))
	if got.path != CheckTokenTimePath || got.body != want || got.contentType != ContentTypeJSON {
		t.Fatalf("sent %+v, want body %s", got, want)
	}
	if d, err := r.Remaining(); err != nil || d != 3*time.Minute+10*time.Second {
		t.Fatalf("remaining %v %v", d, err)
	}
	if !containsSecret(r.Exchange, "tok-tok-tok") || !containsSecret(r.Exchange, "sec") {
		t.Fatal("secrets not registered")
	}
}

func TestClientZeroTimeMeansNow(t *testing.T) {
	st := &stub{status: 200, contentType: "application/json", body: successBody}
	srv := st.start(t)
	before := time.Now().UTC().Add(-time.Second)
	if _, err := New(srv.URL, nil).Authenticate(context.Background(), "k", "s", time.Time{}); err != nil {
		t.Fatal(err)
	}
	q, _ := url.ParseQuery(st.last(t).body)
	ts, err := time.Parse(TimestampLayout, q.Get(FieldTimeStamp))
	if err != nil || ts.Before(before.Truncate(time.Second)) || ts.After(time.Now().UTC()) {
		t.Fatalf("TimeStamp %q is not now (%v)", q.Get(FieldTimeStamp), err)
	}
}

func TestClientDocumentedErrorIsAResult(t *testing.T) {
	st := &stub{status: 200, contentType: "application/json", body: readFile(t, "testdata/seed_error_response.json")}
	srv := st.start(t)
	r, err := New(srv.URL, nil).Authenticate(context.Background(), "short", "s", time.Now())
	if err != nil {
		t.Fatalf("a documented error must be a result: %v", err)
	}
	if r.Issued() || !r.HasCode(CodeTooShort) {
		t.Fatalf("%+v", r)
	}
}

func TestClientSendRawVariants(t *testing.T) {
	st := &stub{status: 200, contentType: "application/json", body: readFile(t, "testdata/seed_error_response.json")}
	srv := st.start(t)
	c := New(srv.URL, nil)
	ctx := context.Background()
	if _, err := c.Send(ctx, AuthenticatePath, []byte("<xml/>"), "application/xml"); err != nil {
		t.Fatal(err)
	}
	if got := st.last(t); got.body != "<xml/>" || got.contentType != "application/xml" || got.method != http.MethodPost {
		t.Fatalf("Send sent %+v", got)
	}
	if _, err := c.Send(ctx, AuthenticatePath, nil, ""); err != nil {
		t.Fatal(err)
	}
	if got := st.last(t); got.body != "" || got.contentType != "" {
		t.Fatalf("Send without body sent %+v", got)
	}
	if _, err := c.SendMethod(ctx, http.MethodGet, CheckTokenTimePath, nil, ""); err != nil {
		t.Fatal(err)
	}
	if got := st.last(t); got.method != http.MethodGet || got.path != CheckTokenTimePath {
		t.Fatalf("SendMethod sent %+v", got)
	}
	f := SignedAuthenticateFields("WJCwQJbKcmB3QbhHxdfH5ET2yf5KsaBN", "s", time.Now()).With(FieldTimeStamp, "01/10/2018 15:10")
	r, err := c.SendFields(ctx, AuthenticatePath, JSON, f)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.last(t); got.body != string(f.Encode(JSON)) || got.contentType != ContentTypeJSON {
		t.Fatalf("SendFields sent %+v", got)
	}
	if !containsSecret(r.Exchange, "WJCwQJbKcmB3QbhHxdfH5ET2yf5KsaBN") {
		t.Fatal("SendFields did not register the key")
	}
	if _, err := New("::bad", nil).Send(ctx, "/", nil, ""); err == nil {
		t.Fatal("bad base URL accepted")
	}
	if _, err := New("::bad", nil).SendFields(ctx, "/", Form, f); err == nil {
		t.Fatal("bad base URL accepted")
	}
	if _, err := New("::bad", nil).Authenticate(ctx, "k", "s", time.Now()); err == nil {
		t.Fatal("bad base URL accepted")
	}
	if _, err := New("::bad", nil).CheckTokenTime(ctx, "k", "s", time.Now()); err == nil {
		t.Fatal("bad base URL accepted")
	}
}

func TestClientBrokenAnswers(t *testing.T) {
	cases := []struct {
		name string
		st   *stub
		kind wire.Kind
	}{
		{"html error page", &stub{status: 500, contentType: "text/html", body: "<h1>Runtime Error</h1>"}, wire.KindContentType},
		{"no content type, not the object", &stub{status: 200, body: "OK"}, wire.KindContentType},
		{"malformed json", &stub{status: 200, contentType: "application/json", body: `{"Success":`}, wire.KindMalformed},
		{"other object", &stub{status: 404, contentType: "application/json", body: `{"Message":"No HTTP resource was found"}`}, wire.KindMalformed},
	}
	for _, tc := range cases {
		srv := tc.st.start(t)
		_, err := New(srv.URL, nil).Authenticate(context.Background(), "k-key-key", "s-secret", time.Now())
		if wire.KindOf(err) != tc.kind {
			t.Errorf("%s: err = %v, want %s", tc.name, err, tc.kind)
			continue
		}
		var we *wire.Error
		if !asWire(err, &we) || we.Exchange == nil || we.Exchange.Status != tc.st.status || !containsSecret(we.Exchange, "k-key-key") {
			t.Errorf("%s: error keeps no exchange with secrets: %v", tc.name, err)
		}
	}
}

func TestClientOversizedAnswer(t *testing.T) {
	big := `{"Success":true,"AuthenticationToken":"` + strings.Repeat("a", 4096) + `"}`
	for _, chunked := range []bool{false, true} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if chunked {
				w.(http.Flusher).Flush() // no Content-Length: the cap must stop the read
			}
			_, _ = w.Write([]byte(big))
		}))
		c := &Client{BaseURL: srv.URL, MaxBody: 1024}
		_, err := c.Authenticate(context.Background(), "k", "s", time.Now())
		srv.Close()
		if wire.KindOf(err) != wire.KindBodyTooLarge {
			t.Errorf("chunked=%v: err = %v, want body-too-large", chunked, err)
		}
	}
}

func TestClientUnreachableAndCanceled(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close()
	if _, err := New(base, nil).Authenticate(context.Background(), "k", "s", time.Now()); wire.KindOf(err) != wire.KindUnreachable {
		t.Errorf("closed server: %v", err)
	}
	release := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer hang.Close()
	defer close(release) // before Close, which waits for the handler
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := New(hang.URL, nil).CheckTokenTime(ctx, "t", "s", time.Now()); wire.KindOf(err) != wire.KindTimeout {
		t.Errorf("hanging server: %v", err)
	}
}
