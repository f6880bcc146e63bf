package main_test

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
)

// TestSelfSignedTLS: serve --tls-self-signed makes a certificate on the
// first start, keeps it for the next, and answers an SDK over HTTPS that
// trusts it; plain HTTP is refused.
func TestSelfSignedTLS(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tls")
	s := serve(t, "--db", "memory://", "--tls-self-signed", "--tls-dir", dir, "--access-key-id", "AK", "--access-key-secret", "SK")
	certPath := filepath.Join(dir, "cert.pem")
	if !strings.Contains(s.output.String(), "ecsd is serving on https://") || !strings.Contains(s.output.String(), certPath) {
		t.Fatalf("serve printed:\n%s", s.output)
	}
	pem, err := os.ReadFile(certPath)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(dir, "key.pem")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the key file: %v %v; want mode 0600", fi.Mode(), err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		t.Fatal("the certificate does not parse")
	}
	c := s.client(t, "AK", "SK")
	c.SetTransport(&http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}})
	req := classicecs.CreateRunInstancesRequest()
	req.Scheme = "HTTPS"
	req.ImageId, req.InstanceType, req.Amount = aliyunImage, "ecs.g7.large", requests.NewInteger(1)
	if _, err := c.RunInstances(req); err != nil {
		t.Fatalf("RunInstances over HTTPS: %v", err)
	}
	if _, err := http.Get("http://" + s.addr + "/healthz"); err == nil {
		resp, _ := http.Get("http://" + s.addr + "/healthz")
		if resp != nil && resp.StatusCode == http.StatusOK {
			t.Error("plain HTTP was answered on a TLS address")
		}
	}
	s.stop(t, os.Interrupt)
	again := serve(t, "--db", "memory://", "--tls-self-signed", "--tls-dir", dir)
	if pem2, _ := os.ReadFile(certPath); string(pem2) != string(pem) {
		t.Error("the second start made another certificate")
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}
	resp, err := client.Get("https://" + again.addr + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("healthz over HTTPS after a restart: %v %v", resp, err)
	}
}

// TestTLSFlagErrors: a certificate without its key, or both kinds of
// certificate, are refused before anything starts.
func TestTLSFlagErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--tls-cert", "x.pem"},
		{"--tls-key", "x.pem"},
		{"--tls-cert", "x.pem", "--tls-key", "y.pem", "--tls-self-signed"},
		{"--tls-cert", "/nonexistent/c.pem", "--tls-key", "/nonexistent/k.pem"},
	} {
		_, stderr, code := ecsd(t, nil, append([]string{"serve", "--db", "memory://", "--addr", "127.0.0.1:0"}, args...)...)
		if code == 0 || !strings.Contains(strings.ToLower(stderr), "tls") {
			t.Errorf("serve %v: exit %d, %q", args, code, stderr)
		}
	}
}
