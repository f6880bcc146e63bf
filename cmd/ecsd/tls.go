package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// tlsOptions are serve's TLS flags.
type tlsOptions struct {
	cert, key  string
	selfSigned bool
	dir        string
}

// enabled reports whether serve answers in TLS.
func (o tlsOptions) enabled() bool { return o.cert != "" || o.key != "" || o.selfSigned }

// config loads the certificate serve presents: the one given, or a
// self-signed one kept in the TLS directory, made on the first start.
// certPath is the certificate's file.
func (o tlsOptions) config() (cfg *tls.Config, certPath string, err error) {
	switch {
	case o.selfSigned && o.cert != "":
		return nil, "", errors.New("--tls-self-signed makes its own certificate; give it or --tls-cert and --tls-key, not both")
	case o.cert != "" && o.key == "", o.cert == "" && o.key != "":
		return nil, "", errors.New("--tls-cert and --tls-key go together")
	case o.selfSigned:
		o.cert, o.key = filepath.Join(o.dir, "cert.pem"), filepath.Join(o.dir, "key.pem")
		if _, err := os.Stat(o.cert); errors.Is(err, os.ErrNotExist) {
			if err := selfSign(o.dir, o.cert, o.key); err != nil {
				return nil, "", fmt.Errorf("making a self-signed certificate in %s: %w", o.dir, err)
			}
		}
	}
	pair, err := tls.LoadX509KeyPair(o.cert, o.key)
	if err != nil {
		return nil, "", fmt.Errorf("loading the TLS certificate %s and key %s: %w", o.cert, o.key, err)
	}
	return &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}, o.cert, nil
}

// selfSignedValidity is how long a self-signed certificate is good for.
const selfSignedValidity = 2 * 365 * 24 * time.Hour

// selfSign makes a self-signed certificate for local use: for localhost,
// 127.0.0.1, ::1 and this host's name, its key beside it, readable by the
// owner alone.
func selfSign(dir, certPath, keyPath string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return err
	}
	names := []string{"localhost"}
	if host, err := os.Hostname(); err == nil && host != "" && host != "localhost" {
		names = append(names, host)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "ecsd self-signed", Organization: []string{"ecsd"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(selfSignedValidity),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true, // so that clients can trust it as their CA
		DNSNames:              names,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	if err := os.WriteFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		return err
	}
	return os.WriteFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
}
