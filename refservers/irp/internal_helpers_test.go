package irp

import (
	"crypto/sha1" //nolint:gosec // vendor scheme
	"encoding/hex"
)

func sha1hex(s string) string {
	sum := sha1.Sum([]byte(s)) //nolint:gosec // vendor scheme
	return hex.EncodeToString(sum[:])
}
