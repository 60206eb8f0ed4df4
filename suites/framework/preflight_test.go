package framework

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/config"
)

// probeProfile is a profile whose preflight posts to /login and accepts
// only a JSON answer, as an API client would.
const probeProfile = "preflight-probe"

func init() {
	RegisterProfile(Profile{
		Name:  probeProfile,
		Table: config.Profile{Name: probeProfile, Credentials: []config.Credential{{Key: "user"}, {Key: "secret", Secret: true}}},
		Preflight: func(ctx context.Context, t *Target) error {
			a, _ := PreflightAccount(t)
			req, _ := http.NewRequest(http.MethodPost, t.BaseURL()+"/login", strings.NewReader(""))
			x, err := wire.Do(ctx, t.HTTP, "probe login", req, []byte("user="+a.Get("user")+"&secret="+a.Get("secret")+"-wrong"), t.MaxBody)
			if err != nil {
				return err
			}
			x.AddSecrets(a.Get("secret") + "-wrong")
			return wire.ExpectContentType("probe login", x, "json")
		},
	})
}

func probeTarget(url string) *config.Target {
	return &config.Target{Name: "probe", Profile: probeProfile, BaseURL: url, Timeout: config.Dur(2 * time.Second),
		Credentials: []map[string]string{{"user": "alice", "secret": "s3cr3t-value"}}}
}

// A preflight error is one line naming the URL, the status, the content
// type and a short excerpt of the body with every secret masked.
func TestPreflightError(t *testing.T) {
	page := "<html>\n<h1>Not here</h1>\n<p>alice s3cr3t-value</p>" + strings.Repeat(" padding", 100) + "</html>"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/ok/login" {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"refused":true}`))
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(page))
	}))
	defer srv.Close()

	if err := Preflight(context.Background(), probeTarget(srv.URL+"/ok")); err != nil {
		t.Fatalf("a documented answer fails the preflight: %v", err)
	}
	err := Preflight(context.Background(), probeTarget(srv.URL+"/nope"))
	var pe *PreflightError
	if !errors.As(err, &pe) {
		t.Fatalf("want a *PreflightError, got %v", err)
	}
	msg := err.Error()
	for _, want := range []string{
		"target probe (" + srv.URL + "/nope): the login endpoint does not answer as the " + probeProfile + " API: POST " + srv.URL + "/nope/login → HTTP 404 Not Found",
		"content type text/html",
		`body "<html> <h1>Not here</h1> <p>`,
		`unexpected content type "text/html"`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "s3cr3t-value") || strings.Contains(msg, "\n") || len(pe.Excerpt) > preflightExcerpt+len("…") {
		t.Errorf("error shows a secret, spans lines or quotes too much (%d bytes of body):\n%s", len(pe.Excerpt), msg)
	}

	srv.Close()
	err = Preflight(context.Background(), probeTarget(srv.URL))
	if !errors.As(err, &pe) || pe.Status != 0 || !strings.Contains(err.Error(), "the login endpoint did not answer: POST "+srv.URL+"/login: ") {
		t.Errorf("a closed server: %v", err)
	}

	bad := probeTarget(srv.URL)
	bad.Settings = map[string]string{"token_samples": "many"}
	if err := Preflight(context.Background(), bad); err == nil || errors.As(err, &pe) {
		t.Errorf("a bad setting is a configuration error, not a preflight failure: %v", err)
	}
}
