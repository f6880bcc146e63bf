package pgtest

import (
	"io"
	"net"
	"sync"
	"testing"
)

// Proxy stands between ecsd and a PostgreSQL server, so that a test can
// take the server away and bring it back, as a restart of PostgreSQL does.
type Proxy struct {
	t      testing.TB
	addr   string
	target string
	dsn    string

	mu    sync.Mutex
	l     net.Listener
	conns []net.Conn
	wg    sync.WaitGroup
}

// NewProxy starts a proxy in front of the server of dsn, until t ends.
func NewProxy(t testing.TB, dsn string) *Proxy {
	t.Helper()
	p := &Proxy{t: t, addr: "127.0.0.1:0", target: Addr(t, dsn)}
	p.Up()
	p.dsn = WithAddr(t, dsn, p.addr)
	t.Cleanup(p.Down)
	return p
}

// DSN is the DSN given to NewProxy, pointed at the proxy.
func (p *Proxy) DSN() string { return p.dsn }

// Up accepts connections, on the same address each time.
func (p *Proxy) Up() {
	p.t.Helper()
	l, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatalf("pgtest: proxy: %v", err)
	}
	p.mu.Lock()
	p.l, p.addr = l, l.Addr().String()
	p.mu.Unlock()
	p.wg.Go(func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			p.wg.Go(func() { _, _ = io.Copy(up, c); up.Close() })
			p.wg.Go(func() { _, _ = io.Copy(c, up); c.Close() })
		}
	})
}

// Down refuses new connections and breaks the open ones, as a stopped
// server does.
func (p *Proxy) Down() {
	p.mu.Lock()
	if p.l != nil {
		p.l.Close()
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.l, p.conns = nil, nil
	p.mu.Unlock()
	p.wg.Wait()
}
