package hostile

import (
	"fmt"
	"net"
	"net/http"
)

// ConnReset sends the headers and part of the body, then resets the
// connection (TCP RST).
const ConnReset Case = "connection-reset"

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
