package refkit

import (
	"math/rand/v2"
	"sync"
)

// randPool holds ChaCha8 generators, each seeded with 32 bytes from
// crypto/rand when made. ChaCha8 is a cryptographically strong generator
// (the one behind Go's runtime randomness) that erases its past state as
// it goes, so tokens drawn from it are as unpredictable as crypto/rand's,
// at a fraction of the cost per byte: a login under load draws its token
// without a trip into crypto/rand's locked, FIPS-wrapped reader. A
// generator is used by one goroutine at a time; the pool may drop one,
// and a new one gets a fresh seed.
var randPool = sync.Pool{New: func() any {
	var seed [32]byte
	mustRead(seed[:])
	return rand.NewChaCha8(seed)
}}

// readRandom fills dst with cryptographically strong random bytes.
func readRandom(dst []byte) {
	g := randPool.Get().(*rand.ChaCha8)
	_, _ = g.Read(dst) // never fails
	randPool.Put(g)
}
