package ishare_test

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/authprobe/authprobe/refservers/ishare"
	"github.com/authprobe/authprobe/refservers/refkit"
)

func TestZZServe(t *testing.T) {
	mode := os.Getenv("ISHARE_SERVE")
	if mode == "" {
		t.Skip()
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile("/tmp/ishare_port_"+mode, []byte(fmt.Sprint(l.Addr().(*net.TCPAddr).Port)), 0o644)
	var h http.Handler
	switch mode {
	case "baseline":
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) })
	case "big":
		h = ishare.New(refkit.Options{MaxSessions: 20_000_000})
	default:
		h = ishare.New(refkit.Options{})
	}
	go http.Serve(l, h)
	secs := 200
	fmt.Sscan(os.Getenv("ISHARE_SERVE_SECS"), &secs)
	time.Sleep(time.Duration(secs) * time.Second)
}
