// Package hostile is a misbehaving server for hardening tests. It listens on
// loopback only and answers every request to a profile's documented
// endpoints with one hostile behaviour: headers that never come, a body that
// drips or never ends, a 1 GiB body, invalid UTF-8, the wrong content type,
// truncated or deeply nested documents, an XML billion-laughs document or an
// external entity (XXE), SOAP faults, a storm of 5xx answers, connections
// reset mid-answer, redirect loops, or TLS with a certificate nobody trusts.
//
// Nothing it sends is held in memory beyond a small buffer: the endless and
// the 1 GiB bodies are streamed. Every blocking behaviour ends when the
// client goes away or the server is closed, so Close never hangs.
package hostile

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Case is one hostile behaviour.
type Case string

// The hostile behaviours.
const (
	// SlowHeaders accepts the request and never sends the status line.
	SlowHeaders Case = "slow-headers"
	// SlowDrip sends the headers at once, then a valid body one byte every
	// DripInterval, so the whole answer takes far longer than any timeout.
	SlowDrip Case = "slow-drip"
	// EndlessBody sends a valid start and then bytes forever (chunked, no
	// Content-Length).
	EndlessBody Case = "endless-body"
	// HugeBody declares Content-Length: 1 GiB and streams it.
	HugeBody Case = "huge-body"
	// InvalidUTF8 sends a well-formed answer whose token holds bytes that
	// are not UTF-8.
	InvalidUTF8 Case = "invalid-utf8"
	// WrongContentType sends an HTML login page with 200.
	WrongContentType Case = "wrong-content-type"
	// Truncated sends the first half of a valid answer, with a
	// Content-Length that matches what is sent.
	Truncated Case = "truncated"
	// DeepNesting sends a document nested DeepNestingLevels deep.
	DeepNesting Case = "deep-nesting"
	// BillionLaughs sends the XML entity-expansion bomb (XML profiles only).
	BillionLaughs Case = "billion-laughs"
	// XXE sends a document whose DOCTYPE declares an external DTD, an
	// external parameter entity and an external general entity, all on
	// this server under XXEPath; XXEFetches counts requests for them (XML
	// profiles only).
	XXE Case = "xxe"
	// SOAPFault answers every call with HTTP 500 and a soap:Fault (ishare only).
	SOAPFault Case = "soap-fault"
	// ServerErrors answers 500, 502, 503 and 504 in turn, with HTML bodies.
	ServerErrors Case = "5xx-storm"
	// ConnReset sends the headers and part of the body, then resets the
	// connection (TCP RST).
	ConnReset Case = "connection-reset"
	// RedirectLoop answers 302 to the same URL.
	RedirectLoop Case = "redirect-loop"
	// UntrustedTLS serves valid answers over TLS with a self-signed
	// certificate that is in no trust store.
	UntrustedTLS Case = "untrusted-tls"
)

// Tunables of the behaviours.
const (
	// DripInterval is the pause between two bytes of SlowDrip.
	DripInterval = 100 * time.Millisecond
	// HugeBodySize is the declared and streamed size of HugeBody.
	HugeBodySize int64 = 1 << 30
	// DeepNestingLevels is how deep DeepNesting nests.
	DeepNestingLevels = 100_000
	// XXEPath is the path prefix of the external entities XXE refers to.
	XXEPath = "/xxe/"
	// maxEndless bounds EndlessBody so that even a client that reads
	// everything stops some day (64 GiB).
	maxEndless int64 = 64 << 30
)

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

// XXEFetches returns how many requests came for the external entities of
// the XXE document: any is a parser that resolved one.
func (s *Server) XXEFetches() int64 { return s.xxe.Load() }

// CertFile writes the UntrustedTLS server's certificate as PEM into dir
// and returns its path, for a client that is told to trust it.
func (s *Server) CertFile(dir string) (string, error) {
	if s.srv.TLS == nil || len(s.srv.TLS.Certificates) == 0 {
		return "", errors.New("hostile: not a TLS server")
	}
	p := filepath.Join(dir, "hostile-cert.pem")
	var b bytes.Buffer
	for _, der := range s.srv.TLS.Certificates[0].Certificate {
		_ = pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: der})
	}
	if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
		return "", err
	}
	return p, nil
}

// Close ends every blocking answer and stops the server.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.quit)
		s.srv.CloseClientConnections()
		s.srv.Close()
	})
}

// XXEDocument returns the XML document element (without XML declaration;
// its root element is root) preceded by a DOCTYPE that declares an
// external DTD, an external parameter entity and an external general
// entity "xxe", all under base+XXEPath. element should reference &xxe;. A
// parser that resolves any of them requests that URL.
func XXEDocument(base, root, element string) []byte {
	u := strings.TrimRight(base, "/") + XXEPath
	return []byte(`<?xml version="1.0" encoding="utf-8"?>` + "\n" +
		`<!DOCTYPE ` + root + ` SYSTEM "` + u + `dtd" [` + "\n" +
		`  <!ENTITY % remote SYSTEM "` + u + `param">` + "\n" +
		`  %remote;` + "\n" +
		`  <!ENTITY xxe SYSTEM "` + u + `entity">` + "\n" +
		`]>` + "\n" + element)
}

// Answer returns a valid success answer of profile carrying token, and its
// content type: what the server sends when it is not being hostile.
func Answer(profile, token string) (body []byte, contentType string) {
	p := payloadFor(profile, token, "")
	return p.body, p.contentType
}

// WithoutDeclaration strips the XML declaration from an XML document.
func WithoutDeclaration(doc []byte) string {
	s := string(doc)
	if strings.HasPrefix(s, "<?xml") {
		if i := strings.Index(s, "?>"); i >= 0 {
			s = strings.TrimLeft(s[i+2:], "\r\n")
		}
	}
	return s
}

// BillionLaughsDocument returns the classic entity-expansion bomb rooted at
// root (with the attributes attrs): ten levels of ten references each,
// 10^9 "lol"s once expanded (about 3 GB), in under 1 KiB.
func BillionLaughsDocument(root, attrs string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n<!DOCTYPE " + root + " [\n")
	b.WriteString(`  <!ENTITY lol0 "lol">` + "\n")
	for i := 1; i <= 9; i++ {
		b.WriteString(fmt.Sprintf(`  <!ENTITY lol%d "`, i))
		for j := 0; j < 10; j++ {
			b.WriteString(fmt.Sprintf("&lol%d;", i-1))
		}
		b.WriteString("\">\n")
	}
	b.WriteString("]>\n<" + root + attrs + ">&lol9;</" + root + ">\n")
	return []byte(b.String())
}

// serve answers every request with the server's behaviour.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	if strings.HasPrefix(r.URL.Path, XXEPath) {
		s.xxe.Add(1)
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("XXE-RESOLVED"))
		return
	}
	echo := requestSignature(r)
	p := payloadFor(s.Profile, s.token(), echo)
	switch s.Case {
	case SlowHeaders:
		s.wait(r, 0)
	case SlowDrip:
		w.Header().Set("Content-Type", p.contentType)
		w.WriteHeader(http.StatusOK)
		flush(w)
		for _, c := range p.body {
			if !s.wait(r, DripInterval) {
				return
			}
			if _, err := w.Write([]byte{c}); err != nil {
				return
			}
			flush(w)
		}
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
		write(w, http.StatusOK, "text/html; charset=utf-8", []byte(`<!doctype html><html><head><title>Sign in</title></head><body><form method="post"><input name="user"></form></body></html>`))
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
		codes := []int{500, 502, 503, 504}
		code := codes[int(s.storm.Add(1)-1)%len(codes)]
		w.Header().Set("Retry-After", "1")
		write(w, code, "text/html; charset=utf-8", []byte(fmt.Sprintf("<html><body><h1>%d %s</h1></body></html>", code, http.StatusText(code))))
	case ConnReset:
		s.reset(w, p)
	case RedirectLoop:
		w.Header().Set("Location", s.URL+r.URL.RequestURI())
		write(w, http.StatusFound, "text/html; charset=utf-8", []byte("<a href=\""+r.URL.Path+"\">Found</a>"))
	case UntrustedTLS:
		write(w, http.StatusOK, p.contentType, p.body)
	}
}

// requestSignature reads the Signature field of an IRP request (form or
// JSON, at most 64 KiB read), or returns a placeholder.
func requestSignature(r *http.Request) string {
	if r.Body == nil || r.Method != http.MethodPost {
		return placeholder
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil {
		return placeholder
	}
	var sig string
	var obj map[string]any
	if json.Unmarshal(raw, &obj) == nil {
		sig, _ = obj["Signature"].(string)
	} else if form, err := url.ParseQuery(string(raw)); err == nil {
		sig = form.Get("Signature")
	}
	for _, c := range sig {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return placeholder // echo only what cannot break the JSON
		}
	}
	if sig == "" || len(sig) > 128 {
		return placeholder
	}
	return sig
}

// placeholder is the Signature of an IRP answer to a request without one.
const placeholder = "0000000000000000000000000000000000000000"

// token returns a fresh, valid-looking token.
func (s *Server) token() string {
	return fmt.Sprintf("H0st1leT0ken%020d", s.seq.Add(1))
}

// wait blocks for d (0: until the client or the server goes away) and
// reports whether the answer should go on.
func (s *Server) wait(r *http.Request, d time.Duration) bool {
	var timer <-chan time.Time
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timer = t.C
	}
	select {
	case <-timer:
		return true
	case <-r.Context().Done():
	case <-s.quit:
	}
	return false
}

// stream writes prefix and then filler until total bytes are written, the
// client goes away or the server closes. It holds only one 32 KiB buffer.
func (s *Server) stream(w http.ResponseWriter, r *http.Request, prefix []byte, total int64) {
	n, err := w.Write(prefix)
	written := int64(n)
	if err != nil {
		return
	}
	chunk := bytes.Repeat([]byte("A"), 32<<10)
	for written < total {
		select {
		case <-r.Context().Done():
			return
		case <-s.quit:
			return
		default:
		}
		c := chunk
		if rest := total - written; rest < int64(len(c)) {
			c = c[:rest]
		}
		n, err := w.Write(c)
		written += int64(n)
		if err != nil {
			return
		}
	}
}

// reset sends the headers and half the body, then resets the connection.
func (s *Server) reset(w http.ResponseWriter, p payload) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n", p.contentType, len(p.body))
	_, _ = buf.Write(p.body[:len(p.body)/2])
	_ = buf.Flush()
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0) // Close sends RST
	}
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

// payload is a valid success answer of a profile.
type payload struct {
	contentType string
	body        []byte
	root        string // root element of XML answers
	rootAttrs   string // its namespace declarations
}

// payloadFor returns the success answer of profile carrying token; IRP
// answers echo the request's Signature, as the API does.
func payloadFor(profile, token, signature string) payload {
	now := time.Now().UTC()
	if signature == "" {
		signature = placeholder
	}
	switch profile {
	case "videntity":
		return payload{contentType: "text/xml; charset=utf-8", root: "response",
			body: []byte(`<?xml version="1.0" encoding="utf-8"?>` + "\n" +
				`<response api_method="/session/login">` + "\n<status>SUCCESS</status>\n<api_tx_number>1</api_tx_number>\n" +
				"<detail>you logged in successfully</detail>\n<response_name_value>\n<session_key>" + token +
				"</session_key>\n</response_name_value>\n<timestamp>" + now.Format("2006-01-02 15:04:05") + "</timestamp>\n</response>\n")}
	case "ishare":
		return payload{contentType: "text/xml; charset=utf-8", root: "soap:Envelope",
			rootAttrs: ` xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"`,
			body: []byte(`<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">` +
				`<soap:Body><CreateSessionKeyResponse xmlns="http://tempuri.org/"><CreateSessionKeyResult>` +
				`<SessionKey>` + token + `</SessionKey><Success>true</Success>` +
				`</CreateSessionKeyResult></CreateSessionKeyResponse></soap:Body></soap:Envelope>`)}
	default: // irp
		return payload{contentType: "application/json; charset=utf-8",
			body: []byte(`{"AuthenticationToken":"` + token + `","Messages":[],"Success":true,"Signature":"` + signature + `","TimeStamp":"` +
				now.Format("2006-01-02 15:04:05.0000000Z") + `"}`)}
	}
}

// deepDocument nests DeepNestingLevels levels: arrays in the token field
// for JSON, elements inside the root for XML.
func deepDocument(profile string) []byte {
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	switch profile {
	case "irp":
		w.WriteString(`{"Success":true,"AuthenticationToken":`)
		for i := 0; i < DeepNestingLevels; i++ {
			w.WriteByte('[')
		}
		for i := 0; i < DeepNestingLevels; i++ {
			w.WriteByte(']')
		}
		w.WriteString(`}`)
	default:
		root := "response"
		if profile == "ishare" {
			root = "soap:Envelope"
		}
		w.WriteString(`<?xml version="1.0" encoding="utf-8"?><` + root)
		if profile == "ishare" {
			w.WriteString(` xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"`)
		}
		w.WriteString(`>`)
		for i := 0; i < DeepNestingLevels; i++ {
			w.WriteString("<a>")
		}
		for i := 0; i < DeepNestingLevels; i++ {
			w.WriteString("</a>")
		}
		w.WriteString("</" + root + ">")
	}
	_ = w.Flush()
	return b.Bytes()
}

// soapFault is the answer of an ASMX service whose code threw.
const soapFault = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" ` +
	`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body><soap:Fault>` +
	`<faultcode>soap:Server</faultcode><faultstring>Server was unable to process request. ---&gt; Object reference not set to an instance of an object.</faultstring>` +
	`<detail /></soap:Fault></soap:Body></soap:Envelope>`
