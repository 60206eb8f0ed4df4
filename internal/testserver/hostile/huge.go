package hostile

import (
	"bytes"
	"net/http"
)

// Huge behaviours: an answer larger than any cap.
const (
	// EndlessBody sends a valid start and then bytes forever (chunked, no
	// Content-Length).
	EndlessBody Case = "endless-body"
	// HugeBody declares Content-Length: 1 GiB and streams it.
	HugeBody Case = "huge-body"
)

const (
	// HugeBodySize is the declared and streamed size of HugeBody.
	HugeBodySize int64 = 1 << 30
	// maxEndless bounds EndlessBody so that even a client that reads
	// everything stops some day (64 GiB).
	maxEndless int64 = 64 << 30
)

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
