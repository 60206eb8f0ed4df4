package hostile

import (
	"bytes"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
)

// UntrustedTLS serves valid answers over TLS with a self-signed
// certificate that is in no trust store.
const UntrustedTLS Case = "untrusted-tls"

// CertFile writes the UntrustedTLS server's certificate as PEM into dir
// and returns its path, for a client that is told to trust it.
func (s *Server) CertFile(dir string) (string, error) {
	if s.srv.TLS == nil || len(s.srv.TLS.Certificates) == 0 {
		return "", errors.New("hostile: not a TLS server")
	}
	p := filepath.Join(dir, "hostile-cert.pem")
	var b bytes.Buffer
	for _, der := range s.srv.TLS.Certificates[0].Certificate {
		_ = pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: der})
	}
	if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
		return "", err
	}
	return p, nil
}
