package refkit

import "sync"

// randBatch is how many crypto/rand bytes a token source reads at once.
const randBatch = 512

// randBuf is a batch of crypto/rand bytes, each handed out once.
type randBuf struct {
	b [randBatch]byte
	i int
}

var randPool = sync.Pool{New: func() any { return &randBuf{i: randBatch} }}

// readRandom fills dst with bytes from crypto/rand, read in batches so a
// token costs no system call of its own; no byte is handed out twice.
func readRandom(dst []byte) {
	r := randPool.Get().(*randBuf)
	for len(dst) > 0 {
		if r.i == randBatch {
			mustRead(r.b[:])
			r.i = 0
		}
		n := copy(dst, r.b[r.i:])
		clear(r.b[r.i : r.i+n])
		r.i += n
		dst = dst[n:]
	}
	randPool.Put(r)
}
