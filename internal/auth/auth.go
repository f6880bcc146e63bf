// Package auth owns accounts, their access keys, the memory of used nonces
// and the clock-skew check: everything a dialect needs to authenticate a
// request, except the vendor's signature algorithm, which stays in the
// dialect. Failures are *compute.Error values, mapped by each dialect.
package auth

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
)

// Account is a tenant. Each account sees only its own instances.
type Account struct {
	ID        compute.AccountID
	Name      string
	CreatedAt time.Time
}

// AccessKey is a key pair of an account. The same pair signs requests in
// every vendor dialect (as Alibaba AccessKeyId/Secret, Tencent
// SecretId/SecretKey, Zenlayer key ID/password).
type AccessKey struct {
	ID        string
	Secret    string
	Account   compute.AccountID
	Disabled  bool
	CreatedAt time.Time
}

// Store keeps accounts and keys.
type Store interface {
	// CreateAccount stores an account with its first key. A name or key ID
	// that exists already fails with AlreadyExists.
	CreateAccount(ctx context.Context, a Account, k AccessKey) error
	// AccessKey finds a key by ID, or fails with NotFound.
	AccessKey(ctx context.Context, id string) (AccessKey, error)
	// AccessKeys lists the keys of an account, oldest first.
	AccessKeys(ctx context.Context, account compute.AccountID) ([]AccessKey, error)
	// Accounts lists every account, oldest first.
	Accounts(ctx context.Context) ([]Account, error)
}

// Secrets keeps the secrets of the installation itself, such as the admin
// token.
type Secrets interface {
	// Secret returns the value of a named secret, storing candidate as its
	// value first when it has none; created reports whether candidate was
	// stored. Nodes that share a store agree on the value whichever stores
	// it first.
	Secret(ctx context.Context, name, candidate string) (value string, created bool, err error)
}

// Nonces remembers the nonces requests were signed with.
type Nonces interface {
	// Use records the nonce of a key until expires. It reports false when
	// the nonce was recorded before and has not expired.
	Use(ctx context.Context, keyID, nonce string, expires time.Time) (fresh bool, err error)
}

// Authenticator answers the questions every signed request raises.
type Authenticator struct {
	store  Store
	nonces Nonces
	clock  compute.Clock

	mu    sync.Mutex
	cache map[string]cachedKey
}

type cachedKey struct {
	key     AccessKey
	fetched time.Time
}

// keyCacheTTL bounds how long a key read from the store is trusted without
// reading it again. Unknown keys are never cached, so a key created while
// ecsd runs (ecsd account create) works at once.
const keyCacheTTL = 10 * time.Second

// New returns an Authenticator.
func New(store Store, nonces Nonces, clock compute.Clock) *Authenticator {
	return &Authenticator{store: store, nonces: nonces, clock: clock, cache: make(map[string]cachedKey)}
}

// Now is the authenticator's idea of the time.
func (a *Authenticator) Now() time.Time { return a.clock.Now() }

// Key finds an enabled access key. An unknown key fails with
// Unauthenticated, a disabled one with KeyDisabled.
func (a *Authenticator) Key(ctx context.Context, id string) (AccessKey, error) {
	now := a.clock.Now()
	a.mu.Lock()
	c, ok := a.cache[id]
	a.mu.Unlock()
	if !ok || now.Sub(c.fetched) > keyCacheTTL || now.Before(c.fetched) {
		k, err := a.store.AccessKey(ctx, id)
		if compute.ErrorCode(err) == compute.NotFound {
			return AccessKey{}, &compute.Error{Code: compute.Unauthenticated, Param: "access_key_id", Value: id, Message: "the access key does not exist"}
		}
		if err != nil {
			return AccessKey{}, err
		}
		c = cachedKey{key: k, fetched: now}
		a.mu.Lock()
		a.cache[id] = c
		a.mu.Unlock()
	}
	if c.key.Disabled {
		return AccessKey{}, &compute.Error{Code: compute.KeyDisabled, Param: "access_key_id", Value: id, Message: "the access key is disabled"}
	}
	return c.key, nil
}

// CheckTime fails with Expired when t is further than window from now, in
// either direction.
func (a *Authenticator) CheckTime(t time.Time, window time.Duration) error {
	skew := a.clock.Now().Sub(t)
	if skew > window || skew < -window {
		return &compute.Error{Code: compute.Expired, Param: "timestamp", Value: t.UTC().Format(time.RFC3339),
			Message: fmt.Sprintf("the request time differs from the server time by more than %s", window)}
	}
	return nil
}

// UseNonce records a nonce for window, failing with Replayed when it was
// used already within the window.
func (a *Authenticator) UseNonce(ctx context.Context, keyID, nonce string, window time.Duration) error {
	fresh, err := a.nonces.Use(ctx, keyID, nonce, a.clock.Now().Add(window))
	if err != nil {
		return err
	}
	if !fresh {
		return &compute.Error{Code: compute.Replayed, Param: "nonce", Value: nonce, Message: "the nonce was used already"}
	}
	return nil
}

// NonceCheck is a nonce being recorded by StartNonce.
type NonceCheck struct {
	done chan struct{}
	err  error
}

// StartNonce records a nonce as UseNonce does, in the background, so that a
// request that changes nothing can be served meanwhile: with a nonce memory
// shared through a database, the two round trips then overlap. The caller
// must Wait before it answers, and answer with Wait's error if there is one.
func (a *Authenticator) StartNonce(ctx context.Context, keyID, nonce string, window time.Duration) *NonceCheck {
	n := &NonceCheck{done: make(chan struct{})}
	go func() {
		defer close(n.done)
		n.err = a.UseNonce(ctx, keyID, nonce, window)
	}()
	return n
}

// Wait waits until the nonce is recorded, and fails as UseNonce does.
func (n *NonceCheck) Wait() error {
	<-n.done
	return n.err
}

// Guard serves a request whose nonce n is being recorded: a request that
// changes nothing (readOnly) is served meanwhile, any other only once the
// nonce is known fresh, and a replay gets Wait's error alone, whatever
// serve answered. A nil n, for a signature without a nonce, guards
// nothing.
func Guard[T any](n *NonceCheck, readOnly bool, serve func() (T, error)) (T, error) {
	var none T
	if n == nil {
		return serve()
	}
	if !readOnly {
		if err := n.Wait(); err != nil {
			return none, err
		}
		return serve()
	}
	resp, err := serve()
	if nonceErr := n.Wait(); nonceErr != nil {
		return none, nonceErr
	}
	return resp, err
}
