// Command trivial is the peer of bench/reference.sh: the smallest useful
// net/http handler (a fixed JSON answer), served the same way the reference
// servers are, so their throughput ratio shows what authprobe's own work
// costs.
package main

import (
	"flag"
	"log"
	"net"
	"net/http"

	"github.com/authprobe/authprobe/refservers/refkit"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	flag.Parse()
	body := []byte(`{"AuthenticationToken":"poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq","Messages":[],"Success":true}`)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(body)
	})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("trivial handler on http://%s", ln.Addr())
	log.Fatal(refkit.NewHTTPServer(h).Serve(ln))
}
