// Command trivial is the peer of bench/reference.sh: the smallest useful
// net/http handler (a fixed answer), served the same way the reference
// servers are, so their throughput ratio shows what authprobe's own work
// costs.
//
// Without -answer it answers every path with a fixed IRP-like JSON body.
// Each -answer PATH,FILE,CONTENT-TYPE answers PATH (exactly) with FILE's
// bytes in that Content-Type, so that each reference server is compared
// with a handler answering a body of the same size and type:
//
//	trivial -addr 127.0.0.1:9000 \
//	  -answer '/irp,/tmp/bench/irp.answer,application/json; charset=utf-8' \
//	  -answer '/ishare,/tmp/bench/ishare.answer,text/xml; charset=utf-8'
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"strings"

	"github.com/authprobe/authprobe/refservers/refkit"
)

// defaultBody is the answer without -answer.
const defaultBody = `{"AuthenticationToken":"poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq","Messages":[],"Success":true}`

// answers is the -answer flag: fixed answers by path.
type answers map[string]answer

type answer struct {
	contentType []string
	body        []byte
}

func (a answers) String() string { return fmt.Sprint(len(a), " answers") }

// Set reads PATH,FILE,CONTENT-TYPE (the content type may hold commas).
func (a answers) Set(v string) error {
	parts := strings.SplitN(v, ",", 3)
	if len(parts) != 3 || !strings.HasPrefix(parts[0], "/") || parts[1] == "" || parts[2] == "" {
		return fmt.Errorf("%q: want PATH,FILE,CONTENT-TYPE, e.g. /irp,irp.answer,application/json", v)
	}
	body, err := os.ReadFile(parts[1])
	if err != nil {
		return fmt.Errorf("answer for %s: %w", parts[0], err)
	}
	a[parts[0]] = answer{contentType: []string{parts[2]}, body: body}
	return nil
}

// handler answers each path of as with its fixed answer (404 for other
// paths), or, when as is empty, every path with defaultBody.
func handler(as answers) http.Handler {
	if len(as) == 0 {
		body := []byte(defaultBody)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			_, _ = w.Write(body)
		})
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ok := as[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header()["Content-Type"] = a.contentType
		_, _ = w.Write(a.body)
	})
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	as := answers{}
	flag.Var(as, "answer", "PATH,FILE,CONTENT-TYPE: answer PATH with FILE's bytes in CONTENT-TYPE (repeatable)")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("trivial handler on http://%s", ln.Addr())
	log.Fatal(refkit.NewHTTPServer(handler(as)).Serve(ln))
}
