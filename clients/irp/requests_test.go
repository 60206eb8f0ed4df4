package irp

import (
	"io"
	"net/http"
	"testing"
)

func TestAuthenticateRequest(t *testing.T) {
	req, body, err := AuthenticateRequest("https://shop.example.com/store/", Form, "k", "2018-10-01 15:10:54", "sig")
	if err != nil {
		t.Fatal(err)
	}
	if req.Method != http.MethodPost || req.URL.String() != "https://shop.example.com/store/api/v1/Authentication/Authenticate" {
		t.Fatalf("request %s %s", req.Method, req.URL)
	}
	if req.Header.Get("Content-Type") != ContentTypeForm || req.Header.Get("Accept") == "" {
		t.Fatalf("headers %v", req.Header)
	}
	if string(body) != "APIKey=k&TimeStamp=2018-10-01+15%3A10%3A54&Signature=sig" {
		t.Fatalf("body %s", body)
	}
	sent, _ := io.ReadAll(req.Body)
	if string(sent) != string(body) || req.ContentLength != int64(len(body)) {
		t.Fatal("request body differs from the returned body")
	}
}

func TestCheckTokenTimeRequest(t *testing.T) {
	req, body, err := CheckTokenTimeRequest("http://127.0.0.1:8080", JSON, "tok", "2018-10-01 15:10:54", "sig")
	if err != nil {
		t.Fatal(err)
	}
	if req.URL.Path != CheckTokenTimePath || req.Header.Get("Content-Type") != ContentTypeJSON {
		t.Fatalf("request %s %v", req.URL, req.Header)
	}
	if string(body) != `{"AuthenticationToken":"tok","TimeStamp":"2018-10-01 15:10:54","Signature":"sig"}` {
		t.Fatalf("body %s", body)
	}
}

func TestBuildersRejectBadBaseURL(t *testing.T) {
	for _, base := range []string{"", "shop.example.com", "ftp://x", "http://", "http://%zz", "/relative"} {
		if _, _, err := AuthenticateRequest(base, Form, "k", "t", "s"); err == nil {
			t.Errorf("AuthenticateRequest(%q) accepted", base)
		}
		if _, _, err := CheckTokenTimeRequest(base, Form, "k", "t", "s"); err == nil {
			t.Errorf("CheckTokenTimeRequest(%q) accepted", base)
		}
	}
}

func TestNewRequestWithoutBodyOrContentType(t *testing.T) {
	req, err := NewRequest(http.MethodGet, "http://h", AuthenticatePath, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if req.Body != nil || req.Header.Get("Content-Type") != "" {
		t.Fatalf("unexpected body or content type: %v", req.Header)
	}
	if _, err := NewRequest("BAD METHOD", "http://h", "/", nil, ""); err == nil {
		t.Fatal("bad method accepted")
	}
}
