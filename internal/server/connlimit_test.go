package server_test

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/server"
)

// serveLimited serves h on a loopback listener limited to max
// connections.
func serveLimited(t *testing.T, h http.Handler, max int) (string, *server.ConnLimit) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	limited := server.LimitConns(ln, max)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- server.Serve(ctx, limited, h, time.Second, slog.New(slog.DiscardHandler), server.WithConnLimit(limited))
	}()
	t.Cleanup(func() { cancel(); <-done })
	return ln.Addr().String(), limited
}

// rawRequest sends one HTTP/1.1 request on conn and reads the answer.
func rawRequest(t *testing.T, conn net.Conn, r *bufio.Reader, method, path string) (status int, body string, closes bool) {
	t.Helper()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, method+" "+path+" HTTP/1.1\r\nHost: ecsd\r\nContent-Length: 0\r\n\r\n"); err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Close
}

func dial(t *testing.T, addr string) (net.Conn, *bufio.Reader) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn, bufio.NewReader(conn)
}

// waitOpen waits until the listener counts want connections: closes
// reach it when the server notices them.
func waitOpen(t *testing.T, l *server.ConnLimit, want int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); l.Open() != want; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d connections open, want %d", l.Open(), want)
		}
	}
}

// TestConnLimitKeepsHealthAnswering: with 4 connections held by clients
// that send nothing, a fifth connection still gets /healthz answered, a
// vendor request on it gets a 503 that closes it, and the cap holds.
func TestConnLimitKeepsHealthAnswering(t *testing.T) {
	s, _ := newServer(t, server.Config{}, &fake{name: "a"})
	addr, limited := serveLimited(t, s, 4)
	for range 4 {
		dial(t, addr) // held open, silent
	}
	waitOpen(t, limited, 4)

	conn, r := dial(t, addr)
	status, body, closes := rawRequest(t, conn, r, http.MethodGet, server.HealthPath)
	if status != http.StatusOK || body != "ok\n" {
		t.Errorf("/healthz at the cap: got %d %q, want 200 ok", status, body)
	}
	if !closes {
		t.Error("/healthz at the cap: the answer keeps the connection, want Connection: close")
	}

	conn, r = dial(t, addr)
	status, body, _ = rawRequest(t, conn, r, http.MethodPost, "/")
	if status != http.StatusServiceUnavailable || !strings.Contains(body, "too many connections") {
		t.Errorf("a vendor request at the cap: got %d %q, want 503", status, body)
	}
	if _, err := r.ReadByte(); err != io.EOF {
		t.Errorf("after the 503 the connection is still open (read: %v)", err)
	}
	waitOpen(t, limited, 4)
}

// TestConnLimitClosesIdleKeepAlives: at the cap, held by keep-alive
// connections idle between requests, a new connection is served in full:
// the connection idle the longest is closed for it.
func TestConnLimitClosesIdleKeepAlives(t *testing.T) {
	s, _ := newServer(t, server.Config{}, &fake{name: "a"})
	addr, limited := serveLimited(t, s, 4)
	type client struct {
		conn net.Conn
		r    *bufio.Reader
	}
	var idle []client
	for range 4 {
		conn, r := dial(t, addr)
		if status, _, _ := rawRequest(t, conn, r, http.MethodGet, server.HealthPath); status != http.StatusOK {
			t.Fatalf("/healthz: %d", status)
		}
		idle = append(idle, client{conn, r})
		time.Sleep(2 * time.Millisecond) // distinct idle times, oldest first
	}
	waitOpen(t, limited, 4)

	conn, r := dial(t, addr)
	status, body, _ := rawRequest(t, conn, r, http.MethodPost, "/")
	if status != http.StatusOK || body != "served by a" {
		t.Errorf("a vendor request at the cap of idle connections: got %d %q, want 200 served by a", status, body)
	}
	_ = idle[0].conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := idle[0].r.ReadByte(); err != io.EOF {
		t.Errorf("the connection idle the longest is still open (read: %v)", err)
	}
	// The others still serve.
	if status, _, _ := rawRequest(t, idle[3].conn, idle[3].r, http.MethodPost, "/"); status != http.StatusOK {
		t.Errorf("a newer idle connection: got %d, want 200", status)
	}
	waitOpen(t, limited, 4)
}
