package videntity_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/refservers/refkit"
)

func TestAuthenticationError(t *testing.T) {
	e := start(t, refkit.Options{})
	a := e.acct
	cases := map[string][3]string{
		"wrong password":       {a.Username, a.Password + "x", a.AccountNumber},
		"wrong account number": {a.Username, a.Password, "000000000000000"},
		"unknown user":         {"nobody", a.Password, a.AccountNumber},
		"username case":        {strings.ToUpper(a.Username), a.Password, a.AccountNumber},
		"another's password":   {a.Username, "Hq8ZtLm3WcXv2Rk", a.AccountNumber},
	}
	for name, c := range cases {
		r, err := e.c.Login(ctx(), c[0], c[1], c[2])
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		wantError(t, name, r, client.ErrAuthentication)
		if r.ErrorDetail != client.DetailAuthentication || r.APIMethod != "/session/login" {
			t.Errorf("%s: detail %q, api_method %q", name, r.ErrorDetail, r.APIMethod)
		}
		if r.SessionKey != "" {
			t.Errorf("%s: an error carries a key", name)
		}
		if bytes.Contains(r.Exchange.Body, []byte(c[1])) {
			t.Errorf("%s: the answer echoes the password", name)
		}
	}
}

func TestSessionDoesNotExist(t *testing.T) {
	e := start(t, refkit.Options{})
	for _, key := range []string{"Ry5NvPAbceAS123", strings.Repeat("A", 32), "<x>&amp;", strings.Repeat("k", 10000)} {
		wantError(t, "ping unknown key", e.mustPing(key), client.ErrSessionDoesNotExist)
		wantError(t, "logout unknown key", e.mustLogout(key), client.ErrSessionDoesNotExist)
	}
}

func TestMissingMandatoryField(t *testing.T) {
	e := start(t, refkit.Options{})
	a := e.acct
	full := url.Values{"username": {a.Username}, "password": {a.Password}, "account_number": {a.AccountNumber}}
	for _, field := range []string{"username", "password", "account_number"} {
		for _, how := range []string{"absent", "empty"} {
			form := url.Values{}
			for k, v := range full {
				form[k] = v
			}
			if how == "absent" {
				form.Del(field)
			} else {
				form.Set(field, "")
			}
			for _, path := range []string{"/sessions/login", "/session/login"} {
				r, err := e.c.PostForm(ctx(), path, form)
				if err != nil {
					t.Fatal(err)
				}
				wantError(t, "login with "+field+" "+how, r, client.ErrMissingMandatoryField)
				if r.ErrorDetail != client.MissingFieldDetail(field) {
					t.Errorf("login with %s %s: detail %q", field, how, r.ErrorDetail)
				}
			}
		}
	}
	r, err := e.c.Send(ctx(), "/sessions/login", nil, "")
	if err != nil {
		t.Fatal(err)
	}
	wantError(t, "empty login", r, client.ErrMissingMandatoryField)
	if r.ErrorDetail != client.MissingFieldDetail("username") {
		t.Errorf("empty login names %q, want the first field, username", r.ErrorDetail)
	}
	for _, path := range []string{"/session/ping", "/session/logout"} {
		for _, form := range []url.Values{{}, {"session_key": {""}}, {"sessionkey": {"x"}}} {
			r, err := e.c.PostForm(ctx(), path, form)
			if err != nil {
				t.Fatal(err)
			}
			wantError(t, path+" "+form.Encode(), r, client.ErrMissingMandatoryField)
			if r.ErrorDetail != client.MissingFieldDetail("session_key") {
				t.Errorf("%s: detail %q", path, r.ErrorDetail)
			}
		}
	}
}

func TestSessionKeyInURLIsIgnored(t *testing.T) {
	e := start(t, refkit.Options{})
	key := e.login().SessionKey
	for _, path := range []string{"/session/ping", "/session/logout"} {
		r, err := e.c.Send(ctx(), path+"?session_key="+key, nil, client.FormContentType)
		if err != nil {
			t.Fatal(err)
		}
		wantError(t, path+" with the key in the URL", r, client.ErrMissingMandatoryField)
	}
	wantSuccess(t, "the key still works from the body", e.mustPing(key), "/session/ping", client.DetailPing)
}

func TestServerErrorOnUnreadableRequests(t *testing.T) {
	e := start(t, refkit.Options{MaxBody: 1024})
	a := e.acct
	good := "username=" + a.Username + "&password=" + a.Password + "&account_number=" + a.AccountNumber
	cases := []struct {
		name, path, ct, body, detail string
	}{
		{"json body", "/sessions/login", "application/json", `{"username":"foobar"}`, "must be application/x-www-form-urlencoded"},
		{"json content type on a good form", "/sessions/login", "application/json", good, "must be application/x-www-form-urlencoded"},
		{"multipart", "/session/ping", "multipart/form-data; boundary=x", "--x--", "must be application/x-www-form-urlencoded"},
		{"xml", "/session/logout", "text/xml", "<session_key>x</session_key>", "must be application/x-www-form-urlencoded"},
		{"no content type with a body", "/sessions/login", "", good, "must be application/x-www-form-urlencoded"},
		{"form type prefix only", "/sessions/login", "application/x-www-form-urlencodedx", good, "must be application/x-www-form-urlencoded"},
		{"broken escape", "/sessions/login", client.FormContentType, "username=%zz&password=a&account_number=1", "not a valid URL-encoded form"},
		{"broken escape in an unknown field", "/session/ping", client.FormContentType, "session_key=abc&x=%4", "not a valid URL-encoded form"},
		{"broken escape in a name", "/session/ping", client.FormContentType, "session%GGkey=abc", "not a valid URL-encoded form"},
		{"too large", "/sessions/login", client.FormContentType, good + "&pad=" + strings.Repeat("x", 2048), "exceeds the limit of 1024 bytes"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := e.c.Send(ctx(), tc.path, []byte(tc.body), tc.ct)
			if err != nil {
				t.Fatal(err)
			}
			wantError(t, tc.name, r, client.ErrServerError)
			if !strings.Contains(r.ErrorDetail, tc.detail) {
				t.Errorf("detail %q does not say %q", r.ErrorDetail, tc.detail)
			}
		})
	}
}

func TestFormParametersAreAccepted(t *testing.T) {
	e := start(t, refkit.Options{})
	a := e.acct
	body := url.Values{"username": {a.Username}, "password": {a.Password}, "account_number": {a.AccountNumber}, "extra": {"1"}}.Encode()
	for _, ct := range []string{"application/x-www-form-urlencoded; charset=UTF-8", "Application/X-WWW-Form-URLEncoded", "application/x-www-form-urlencoded ;charset=utf-8"} {
		r, err := e.c.Send(ctx(), "/sessions/login", []byte(body), ct)
		if err != nil {
			t.Fatal(err)
		}
		wantSuccess(t, ct, r, "/session/login", client.DetailLogin)
	}
	// Escaped names and values, repeated fields (the first counts), empty pairs.
	odd := "&&user%6Eame=" + url.QueryEscape(a.Username) + "&password=" + a.Password + "&password=wrong&account_number=" + a.AccountNumber + "&"
	r, err := e.c.Send(ctx(), "/sessions/login", []byte(odd), client.FormContentType)
	if err != nil {
		t.Fatal(err)
	}
	wantSuccess(t, "odd but valid form", r, "/session/login", client.DetailLogin)
}

func TestWrongMethod(t *testing.T) {
	e := start(t, refkit.Options{})
	for _, m := range []string{http.MethodGet, http.MethodPut, http.MethodDelete, http.MethodPatch} {
		for _, path := range []string{"/sessions/login", "/session/ping", "/session/logout"} {
			r, err := e.c.SendMethod(ctx(), m, path, nil, "")
			if err != nil {
				t.Fatal(err)
			}
			wantError(t, m+" "+path, r, client.ErrServerError)
			if allow := r.Exchange.Header.Get("Allow"); allow != "POST" {
				t.Errorf("%s %s: Allow %q", m, path, allow)
			}
		}
	}
}

func TestUnknownPath(t *testing.T) {
	e := start(t, refkit.Options{})
	for _, path := range []string{"/", "/session/ping/", "/Session/Ping", "/user/login", "/session/" + strings.Repeat("x", 500) + "<&>"} {
		r, err := e.c.Send(ctx(), path, []byte("session_key=x"), client.FormContentType)
		if err != nil {
			t.Fatal(err)
		}
		if r.HTTPStatus() != http.StatusNotFound || r.ErrorNumber != client.ErrServerError || r.ErrorDetail != "unknown API method" {
			t.Errorf("%.40s: HTTP %d error %d %q", path, r.HTTPStatus(), r.ErrorNumber, r.ErrorDetail)
		}
		if len(r.APIMethod) > 128 {
			t.Errorf("api_method echoes %d bytes of path", len(r.APIMethod))
		}
	}
}
