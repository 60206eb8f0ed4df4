package framework

import (
	"crypto/md5"  //nolint:gosec // recognition only: tokens made from an MD5 of a credential
	"crypto/sha1" //nolint:gosec // recognition only
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
)

// DerivedFrom reports how token derives from a credential value — equals
// it, contains it, is part of it, contains its hex, Base64, MD5, SHA-1 or
// SHA-256 form (whole, or 16 characters of a digest), or contains a run of
// 8 of its characters — or "" when it does not. Case and hyphens are
// ignored (a GUID-shaped token prints a digest with hyphens). Credentials
// shorter than 6 characters are not checked: they turn up in random tokens
// by chance.
func DerivedFrom(token, cred string) string {
	if len(cred) < 6 {
		return ""
	}
	lt, lc := strings.ToLower(token), strings.ToLower(cred)
	switch {
	case lt == lc:
		return "equals it"
	case strings.Contains(lt, lc):
		return "contains it"
	case len(token) >= 8 && strings.Contains(lc, lt):
		return "is part of it"
	}
	bare := strings.ReplaceAll(lt, "-", "")
	for _, enc := range []struct{ name, text string }{
		{"Base64", strings.TrimRight(base64.StdEncoding.EncodeToString([]byte(cred)), "=")},
		{"MD5", fmt.Sprintf("%x", md5.Sum([]byte(cred)))},    //nolint:gosec // recognition only
		{"SHA-1", fmt.Sprintf("%x", sha1.Sum([]byte(cred)))}, //nolint:gosec // recognition only
		{"SHA-256", fmt.Sprintf("%x", sha256.Sum256([]byte(cred)))},
		{"hex", hex.EncodeToString([]byte(cred))},
	} {
		e := strings.ToLower(enc.text)
		if len(e) >= 8 && (strings.Contains(bare, e) || (len(bare) >= 16 && strings.Contains(e, bare))) {
			return "contains its " + enc.name
		}
		if enc.name != "Base64" && enc.name != "hex" {
			for i := 0; i+16 <= len(e); i++ {
				if strings.Contains(bare, e[i:i+16]) {
					return "contains 16 characters of its " + enc.name
				}
			}
		}
	}
	bareCred := strings.ReplaceAll(lc, "-", "")
	for i := 0; i+8 <= len(bareCred); i++ {
		if strings.Contains(bare, bareCred[i:i+8]) {
			return fmt.Sprintf("contains 8 of its characters (from its %d. character on, hyphens aside)", i+1)
		}
	}
	return ""
}
