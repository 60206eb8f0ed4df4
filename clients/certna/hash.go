package certna

import (
	"crypto/sha1" //nolint:gosec // SHA-1 is only built to prove a server refuses it
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"fmt"
	"strings"
)

// HashScheme is how a password is prepared before it is sent as the login's
// "password" field (setting hash_scheme). The documented scheme since
// October 2018 is SaltedSHA256; the others exist so that a target that
// still uses the page's "SHA1" wording can be described, and so that
// negative specs can build the unsalted and plain-text variants a server
// must refuse.
type HashScheme string

// The hash schemes.
const (
	// SaltedSHA256 is Base64(SHA-256(salt bytes ‖ UTF-8 password)), the default.
	SaltedSHA256 HashScheme = "salted-sha256"
	// SaltedSHA1 is Base64(SHA-1(salt bytes ‖ UTF-8 password)).
	SaltedSHA1 HashScheme = "salted-sha1"
	// SHA256 is Base64(SHA-256(UTF-8 password)), without salt.
	SHA256 HashScheme = "sha256"
	// SHA1 is Base64(SHA-1(UTF-8 password)), without salt (the pre-2018 scheme).
	SHA1 HashScheme = "sha1"
	// Plain sends the password as it is.
	Plain HashScheme = "plain"
)

// HashSchemes lists every scheme, the default first.
var HashSchemes = []HashScheme{SaltedSHA256, SaltedSHA1, SHA256, SHA1, Plain}

// ParseHashScheme reads a hash_scheme setting; "" is SaltedSHA256.
func ParseHashScheme(s string) (HashScheme, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return SaltedSHA256, nil
	}
	for _, h := range HashSchemes {
		if string(h) == s {
			return h, nil
		}
	}
	return "", fmt.Errorf("certna: unknown hash_scheme %q (known: %s)", s, strings.Join(hashSchemeNames(), ", "))
}

// Salted reports whether the scheme needs the user's salt.
func (h HashScheme) Salted() bool { return h == "" || h == SaltedSHA256 || h == SaltedSHA1 }

// String returns the setting value of the scheme ("salted-sha256" for "").
func (h HashScheme) String() string {
	if h == "" {
		return string(SaltedSHA256)
	}
	return string(h)
}

// Hash prepares password under the scheme; salt is ignored by unsalted
// schemes. An unknown scheme hashes like SaltedSHA256.
func (h HashScheme) Hash(salt []byte, password string) string {
	switch h {
	case SaltedSHA1:
		d := sha1.New() //nolint:gosec // see import
		d.Write(salt)
		d.Write([]byte(password))
		return base64.StdEncoding.EncodeToString(d.Sum(nil))
	case SHA256:
		sum := sha256.Sum256([]byte(password))
		return base64.StdEncoding.EncodeToString(sum[:])
	case SHA1:
		sum := sha1.Sum([]byte(password)) //nolint:gosec // see import
		return base64.StdEncoding.EncodeToString(sum[:])
	case Plain:
		return password
	}
	return HashPassword(salt, password)
}

// HashPassword returns the documented login password:
// Base64(SHA-256(salt bytes ‖ UTF-8 password)), e.g.
// "aaMxaqZ6LNnqgK9GA+T3fzAhQzbTLreo2bPl1kqK/9U=".
func HashPassword(salt []byte, password string) string {
	d := sha256.New()
	d.Write(salt)
	d.Write([]byte(password))
	var sum [sha256.Size]byte
	return base64.StdEncoding.EncodeToString(d.Sum(sum[:0]))
}

// Checksum returns the StoreChecksum "checksum" value of data: the Base64
// of its SHA-384 digest (64 characters).
func Checksum(data []byte) string {
	sum := sha512.Sum384(data)
	return base64.StdEncoding.EncodeToString(sum[:])
}
