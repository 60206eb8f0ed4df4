// Package hostile is a misbehaving server for hardening tests. It listens on
// loopback only and answers every request to a profile's documented
// endpoints with one hostile behaviour (a Case). The behaviours are grouped
// by kind, one file each:
//
//   - slow.go: headers that never come, a body that drips;
//   - huge.go: a body that never ends, a 1 GiB body;
//   - malformed.go: invalid UTF-8, the wrong content type, truncated or
//     deeply nested documents;
//   - entities.go: an XML billion-laughs document, an external entity (XXE);
//   - servererrors.go: SOAP faults, a storm of 5xx answers;
//   - connection.go: connections reset mid-answer;
//   - redirect.go: redirect loops;
//   - tls.go: TLS with a certificate nobody trusts.
//
// answers.go holds the valid answers the behaviours distort.
//
// Nothing it sends is held in memory beyond a small buffer: the endless and
// the 1 GiB bodies are streamed. Every blocking behaviour ends when the
// client goes away or the server is closed, so Close never hangs.
package hostile

import (
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Case is one hostile behaviour ("slow-drip", "xxe"); the constants are
// declared beside their behaviour, one file per kind.
type Case string

// Profiles lists the profiles the server can impersonate.
func Profiles() []string { return []string{"videntity", "irp", "ishare"} }

// Cases returns the behaviours that apply to a profile: every one, less the
// XML-only ones for JSON APIs and the SOAP fault for APIs without SOAP.
func Cases(profile string) []Case {
	all := []Case{SlowHeaders, SlowDrip, EndlessBody, HugeBody, InvalidUTF8, WrongContentType, Truncated,
		DeepNesting, BillionLaughs, XXE, SOAPFault, ServerErrors, ConnReset, RedirectLoop, UntrustedTLS}
	var out []Case
	for _, c := range all {
		switch {
		case (c == BillionLaughs || c == XXE) && !isXML(profile):
		case c == SOAPFault && profile != "ishare":
		default:
			out = append(out, c)
		}
	}
	return out
}

func isXML(profile string) bool { return profile == "videntity" || profile == "ishare" }

// Server is a running hostile server.
type Server struct {
	// URL is the base URL (http://127.0.0.1:port, https for UntrustedTLS).
	URL string
	// Profile and Case are what the server impersonates and does.
	Profile string
	Case    Case

	srv      *httptest.Server
	quit     chan struct{}
	once     sync.Once
	requests atomic.Int64
	xxe      atomic.Int64
	seq      atomic.Int64 // tokens
	storm    atomic.Int64 // ServerErrors answers
}

// Start starts a hostile server for profile on 127.0.0.1 (a free port).
func Start(profile string, c Case) (*Server, error) {
	if !slices.Contains(Profiles(), profile) {
		return nil, fmt.Errorf("hostile: unknown profile %q (known: %s)", profile, strings.Join(Profiles(), ", "))
	}
	if !slices.Contains(Cases(profile), c) {
		return nil, fmt.Errorf("hostile: case %q does not apply to profile %s", c, profile)
	}
	s := &Server{Profile: profile, Case: c, quit: make(chan struct{})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("hostile: listen on loopback: %w", err)
	}
	s.srv = &httptest.Server{Listener: ln, Config: &http.Server{
		Handler:           http.HandlerFunc(s.serve),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0), // TLS handshake refusals are the point, not news
	}}
	if c == UntrustedTLS {
		s.srv.StartTLS()
	} else {
		s.srv.Start()
	}
	s.URL = s.srv.URL
	return s, nil
}

// Requests returns how many requests the server received (entity fetches
// included).
func (s *Server) Requests() int64 { return s.requests.Load() }

// Close ends every blocking answer and stops the server.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.quit)
		s.srv.CloseClientConnections()
		s.srv.Close()
	})
}

// serve answers every request with the server's behaviour.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	if strings.HasPrefix(r.URL.Path, XXEPath) {
		s.entityFetched(w)
		return
	}
	echo := requestSignature(r)
	p := payloadFor(s.Profile, s.token(), echo)
	switch s.Case {
	case SlowHeaders:
		s.wait(r, 0)
	case SlowDrip:
		s.drip(w, r, p)
	case EndlessBody:
		w.Header().Set("Content-Type", p.contentType)
		w.WriteHeader(http.StatusOK)
		s.stream(w, r, p.body[:len(p.body)/2], maxEndless)
	case HugeBody:
		w.Header().Set("Content-Type", p.contentType)
		w.Header().Set("Content-Length", strconv.FormatInt(HugeBodySize, 10))
		w.WriteHeader(http.StatusOK)
		s.stream(w, r, p.body[:len(p.body)/2], HugeBodySize)
	case InvalidUTF8:
		bad := payloadFor(s.Profile, "tok\xff\xfe\xfd"+s.token()+"\xc3\x28", echo)
		write(w, http.StatusOK, bad.contentType, bad.body)
	case WrongContentType:
		write(w, http.StatusOK, "text/html; charset=utf-8", []byte(loginPage))
	case Truncated:
		write(w, http.StatusOK, p.contentType, p.body[:len(p.body)/2])
	case DeepNesting:
		write(w, http.StatusOK, p.contentType, deepDocument(s.Profile))
	case BillionLaughs:
		write(w, http.StatusOK, p.contentType, BillionLaughsDocument(p.root, p.rootAttrs))
	case XXE:
		xp := payloadFor(s.Profile, "&xxe;", echo)
		write(w, http.StatusOK, p.contentType, XXEDocument(s.URL, p.root, WithoutDeclaration(xp.body)))
	case SOAPFault:
		write(w, http.StatusInternalServerError, "text/xml; charset=utf-8", []byte(soapFault))
	case ServerErrors:
		s.serverError(w)
	case ConnReset:
		s.reset(w, p)
	case RedirectLoop:
		s.redirect(w, r)
	case UntrustedTLS:
		write(w, http.StatusOK, p.contentType, p.body)
	}
}

// token returns a fresh, valid-looking token.
func (s *Server) token() string {
	return fmt.Sprintf("H0st1leT0ken%020d", s.seq.Add(1))
}

func write(w http.ResponseWriter, status int, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func flush(w http.ResponseWriter) {
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
}
