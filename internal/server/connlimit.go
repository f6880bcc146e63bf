package server

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// DefaultMaxConns bounds the connections a node keeps open, well under
// the usual file limit of 65,536 and far above what a balancer or a CI
// farm keeps open to one node.
const DefaultMaxConns = 4096

// overflowDeadline bounds the life of a connection taken over the cap:
// long enough for a probe to be answered, short enough that such
// connections never pile up.
const overflowDeadline = 5 * time.Second

// ConnLimit is a listener that keeps at most Max connections open for
// serving. When a connection arrives at the cap, the keep-alive connection
// idle the longest is closed to make room; when none is idle, the new
// connection is still accepted, but as an overflow connection: it answers
// only the probes (/healthz, /readyz) and every other request with a
// plain 503, closes after one answer, and lives at most a few seconds.
// So a node whose connections are all busy, or held by clients that never
// send, still tells its balancer it is alive. Past a few overflow
// connections (Max/16, at least 16), new ones are closed at once, so that
// file descriptors stay bounded too.
//
// Serve it with WithConnLimit, which tells it which connections are idle.
type ConnLimit struct {
	net.Listener
	max, spare int

	mu   sync.Mutex
	open int
	// idle holds the keep-alive connections waiting for a request, with
	// when they became idle.
	idle map[*limitedConn]time.Time
}

// LimitConns wraps ln. Wrap it before TLS, so that a handshake cannot
// hold a connection outside the count.
func LimitConns(ln net.Listener, limit int) *ConnLimit {
	return &ConnLimit{Listener: ln, max: limit, spare: max(16, limit/16), idle: map[*limitedConn]time.Time{}}
}

// Open returns the number of connections open, overflow ones included.
func (l *ConnLimit) Open() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.open
}

// Accept implements net.Listener.
func (l *ConnLimit) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		l.mu.Lock()
		var oldest *limitedConn
		if l.open >= l.max {
			oldest = l.oldestIdle()
		}
		if oldest != nil {
			// Its slot is this connection's: counted as closed now,
			// closed below.
			delete(l.idle, oldest)
			oldest.counted = false
			l.open--
		}
		over := l.open >= l.max
		if over && l.open >= l.max+l.spare {
			l.mu.Unlock()
			_ = c.Close()
			continue
		}
		l.open++
		l.mu.Unlock()
		if oldest != nil {
			_ = oldest.Conn.Close()
		}
		lc := &limitedConn{Conn: c, l: l, over: over, counted: true}
		if over {
			_ = c.SetDeadline(time.Now().Add(overflowDeadline))
		}
		return lc, nil
	}
}

// oldestIdle returns the connection idle the longest, nil when none is.
// l.mu is held.
func (l *ConnLimit) oldestIdle() *limitedConn {
	var oldest *limitedConn
	var since time.Time
	for c, t := range l.idle {
		if oldest == nil || t.Before(since) {
			oldest, since = c, t
		}
	}
	return oldest
}

// connState follows the state of each connection, as http.Server reports
// it.
func (l *ConnLimit) connState(c net.Conn, state http.ConnState) {
	lc := unwrap(c)
	if lc == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if state == http.StateIdle && lc.counted && !lc.over {
		l.idle[lc] = time.Now()
	} else {
		delete(l.idle, lc)
	}
}

// limitedConn is a connection ConnLimit counts until it is closed.
type limitedConn struct {
	net.Conn
	l    *ConnLimit
	over bool
	// counted is true while the connection holds a slot; l.mu guards it.
	counted bool
	once    sync.Once
}

func (c *limitedConn) Close() error {
	c.once.Do(func() {
		c.l.mu.Lock()
		delete(c.l.idle, c)
		if c.counted {
			c.counted = false
			c.l.open--
		}
		c.l.mu.Unlock()
	})
	return c.Conn.Close()
}

// unwrap finds the limitedConn beneath c, which TLS may wrap.
func unwrap(c net.Conn) *limitedConn {
	if tc, ok := c.(*tls.Conn); ok {
		c = tc.NetConn()
	}
	lc, _ := c.(*limitedConn)
	return lc
}

// Option adjusts the http.Server Serve runs.
type Option func(*http.Server)

// WithConnLimit serves l's overflow connections as ConnLimit says, and
// tells l which connections are idle.
func WithConnLimit(l *ConnLimit) Option {
	return func(srv *http.Server) {
		next := srv.ConnState
		srv.ConnState = func(c net.Conn, s http.ConnState) {
			l.connState(c, s)
			if next != nil {
				next(c, s)
			}
		}
		srv.ConnContext = func(ctx context.Context, c net.Conn) context.Context {
			if lc := unwrap(c); lc != nil && lc.over {
				ctx = context.WithValue(ctx, overflowKey{}, true)
			}
			return ctx
		}
		srv.Handler = overflowHandler(srv.Handler)
	}
}

type overflowKey struct{}

// overflowHandler answers requests on overflow connections: the probes as
// usual, anything else with a 503 that names no vendor (the body has not
// been read, so whose request it is cannot be known cheaply); each answer
// closes its connection.
func overflowHandler(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Context().Value(overflowKey{}) == nil {
			h.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Connection", "close")
		if r.URL.Path == HealthPath || r.URL.Path == ReadyPath {
			h.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, "too many connections; try again\n")
	})
}
