package certna

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1" //nolint:gosec // only to recognise unsalted SHA-1 under a fault
	"crypto/sha256"
	"encoding/base64"
	"sync/atomic"
)

// Account is one user the reference server knows.
type Account struct {
	// UserName is the login name ("sample1").
	UserName string
	// Password is the plain password; the server keeps only what it needs
	// to check the salted hash (and, under faults, the weaker forms).
	Password string
	// Salt is the user's stable 16-byte salt; nil derives one from the
	// server secret (stable for the server's lifetime).
	Salt []byte
}

// DemoAccounts returns the fixed demo users, the main one first. Their salts
// are the first 16 bytes of SHA-256("authprobe certna demo salt " + name).
func DemoAccounts() []Account {
	return []Account{
		{UserName: "sample1", Password: "Sample1!Pass2018", Salt: mustB64("bx2244Wk8w2tOFAF6dISjw==")},
		{UserName: "sample2", Password: "Sample2!Pass2018", Salt: mustB64("VrfBa/SYGJ4gLcuCe8UYIg==")},
		{UserName: "recorder.sacramento", Password: "Rec0rder-Sac#2024", Salt: mustB64("PNwBu3Tqa/7WfvW4L/a/CQ==")},
		{UserName: "escrow.submitter", Password: "Escr0w$ubmit-77", Salt: mustB64("u7j1CCX6RuF5dfjxLmpOhw==")},
		{UserName: "title.unicode", Password: "Tïtle-Ünïcode-ß1", Salt: mustB64("sFvIk6Xm37bhARbwydgwMg==")},
	}
}

// mustB64 decodes a constant of this file.
func mustB64(s string) []byte {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		panic("certna: bad demo salt constant " + s)
	}
	return b
}

// saltLen is the documented salt length in bytes.
const saltLen = 16

// account is an Account prepared for the hot path.
type account struct {
	index    int32 // in Server.list
	name     string
	password string
	salt     []byte
	// encodedSalt is the salt in Base64 and saltBody its answer
	// {"salt":"…"}, rendered by the server in its dialect.
	encodedSalt string
	saltBody    []byte
	digest      [sha256.Size]byte // SHA-256(salt ‖ password): the only accepted password
	// weak forms, accepted only under faults
	unsalted256 [sha256.Size]byte
	unsalted1   [sha1.Size]byte
	salted1     [sha1.Size]byte
	// rotated is the salt last handed out under the salt-rotates fault
	// (nil until the first fetch: the stored salt holds).
	rotated atomic.Pointer[saltState]
}

// saltState is a rotated salt with the digest it implies.
type saltState struct {
	digest [sha256.Size]byte
}

// rotate draws a new random salt for a (salt-rotates fault) and returns it
// in Base64; from now on only a hash made with it logs in.
func (a *account) rotate() string {
	salt := make([]byte, saltLen)
	_, _ = rand.Read(salt) // never fails (Go 1.24+)
	a.rotated.Store(&saltState{digest: saltedDigest(salt, a.password)})
	return base64.StdEncoding.EncodeToString(salt)
}

// currentDigest is the digest a login of a must match: the one of the
// latest rotated salt under the salt-rotates fault, else the stored salt's.
func (a *account) currentDigest() *[sha256.Size]byte {
	if st := a.rotated.Load(); st != nil {
		return &st.digest
	}
	return &a.digest
}

func prepare(a Account, secret []byte) *account {
	salt := a.Salt
	if len(salt) == 0 {
		salt = fakeSalt(secret, a.UserName)
	}
	return &account{
		name:        a.UserName,
		password:    a.Password,
		salt:        salt,
		encodedSalt: base64.StdEncoding.EncodeToString(salt),
		digest:      saltedDigest(salt, a.Password),
		unsalted256: sha256.Sum256([]byte(a.Password)),
		unsalted1:   sha1.Sum([]byte(a.Password)), //nolint:gosec // see import
		salted1:     saltedSHA1(salt, a.Password),
	}
}

// saltedSHA1 is SHA-1(salt ‖ UTF-8 password), accepted only under the
// salted-sha1-accepted fault.
func saltedSHA1(salt []byte, password string) [sha1.Size]byte {
	d := sha1.New() //nolint:gosec // see import
	d.Write(salt)
	d.Write([]byte(password))
	var out [sha1.Size]byte
	d.Sum(out[:0])
	return out
}

// saltedDigest is SHA-256(salt ‖ UTF-8 password).
func saltedDigest(salt []byte, password string) [sha256.Size]byte {
	d := sha256.New()
	d.Write(salt)
	d.Write([]byte(password))
	var out [sha256.Size]byte
	d.Sum(out[:0])
	return out
}

// fakeSalt is the stable salt of a name without a stored salt: the first
// 16 bytes of HMAC-SHA-256(secret, name), so unknown users get a salt of
// the same shape as known ones and always the same one.
func fakeSalt(secret []byte, name string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("certna salt\x00"))
	m.Write([]byte(name))
	return m.Sum(nil)[:saltLen]
}
