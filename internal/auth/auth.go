// Package auth owns accounts, their access keys, the memory of used nonces
// and signatures, the clock-skew check, and the sealing of secrets at rest:
// everything a dialect needs to authenticate a request, except the vendor's
// signature algorithm, which stays in the dialect. Failures are
// *compute.Error values, mapped by each dialect.
package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
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
	// LastUsed is when a request signed with the key was last accepted,
	// to the minute (see LastUsedGrain); zero when never.
	LastUsed time.Time
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

// KeyAdmin changes accounts and keys after they are made: what the key
// and account commands need. Nodes learn of a change when their cached
// copy of a key expires (see Options.KeyCacheTTL).
type KeyAdmin interface {
	// AddKey stores another key of an existing account (k.Account). It
	// fails with NotFound (Param "account") when the account does not
	// exist, and AlreadyExists (Param "access_key_id") when the key ID is
	// taken.
	AddKey(ctx context.Context, k AccessKey) error
	// SetKeyDisabled disables or enables a key; NotFound when there is no
	// such key.
	SetKeyDisabled(ctx context.Context, id string, disabled bool) error
	// DeleteKey deletes a key; NotFound when there is no such key.
	DeleteKey(ctx context.Context, id string) error
	// DeleteAccount deletes an account and all its keys; NotFound when
	// there is no such account. Its inventory is the caller's to empty
	// first.
	DeleteAccount(ctx context.Context, id compute.AccountID) error
	// KeyUsed records that a key was used at t, unless it is recorded as
	// used at t or later already. An unknown key is not an error.
	KeyUsed(ctx context.Context, id string, t time.Time) error
	// ReplaceKeySecret sets a key's stored secret to next if it is old,
	// and reports whether it did: the sealing of secrets at rest rewrites
	// each once, and two nodes doing it at once do not clash.
	ReplaceKeySecret(ctx context.Context, id, old, next string) (bool, error)
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

// SecretsAdmin rewrites the installation's secrets, for sealing them.
type SecretsAdmin interface {
	// StoredSecrets returns every secret by name, as stored.
	StoredSecrets(ctx context.Context) (map[string]string, error)
	// ReplaceSecret sets a secret's stored value to next if it is old, and
	// reports whether it did.
	ReplaceSecret(ctx context.Context, name, old, next string) (bool, error)
}

// Nonces remembers the nonces requests were signed with.
type Nonces interface {
	// Use records the nonce of a key until expires. It reports false when
	// the nonce was recorded before and has not expired.
	Use(ctx context.Context, keyID, nonce string, expires time.Time) (fresh bool, err error)
}

// Options tune an Authenticator.
type Options struct {
	// KeyCacheTTL bounds how long a key read from the store is trusted
	// without reading it again: a key disabled, deleted or given a new
	// secret in the store is refused on every node within it. Zero means
	// DefaultKeyCacheTTL.
	KeyCacheTTL time.Duration
	// RefuseReusedSignatures makes StartSignature remember signatures: a
	// second request with the signature of an accepted one is refused as
	// Replayed. Off, a nonce-less signature may be sent again within its
	// window, as the vendors allow.
	RefuseReusedSignatures bool
}

// DefaultKeyCacheTTL is how long a key is trusted without reading it again
// unless configured: a change to a key takes effect on every node within it.
const DefaultKeyCacheTTL = 10 * time.Second

// LastUsedGrain is the resolution of AccessKey.LastUsed: each node writes a
// key's last use at most once per grain, so that a busy key costs the
// store one small write a minute, not one a request.
const LastUsedGrain = time.Minute

// maxNonceLen is the longest nonce (with its namespace) kept as it is;
// longer ones are kept as their SHA-256, since a client chooses them and
// every store's memory of them must stay bounded.
const maxNonceLen = 128

// Authenticator answers the questions every signed request raises. The
// Authenticators that For returns share their key cache and nonce memory,
// and keep each dialect's nonces apart.
type Authenticator struct {
	*keyring
	// namespace prefixes every nonce and signature this Authenticator
	// records, so that one dialect's nonce never collides with another's.
	namespace string
}

// keyring is what the Authenticators of one node share.
type keyring struct {
	store  Store
	nonces Nonces
	clock  compute.Clock
	opts   Options
	used   KeyAdmin // where last uses are written; nil when the store cannot

	mu    sync.Mutex
	cache map[string]cachedKey
	// noted is when each key's last use was last written by this node, or
	// is being written.
	noted map[string]time.Time
}

type cachedKey struct {
	key     AccessKey
	fetched time.Time
}

// New returns an Authenticator with the default Options.
func New(store Store, nonces Nonces, clock compute.Clock) *Authenticator {
	return NewWithOptions(store, nonces, clock, Options{})
}

// NewWithOptions returns an Authenticator. When store is also a KeyAdmin,
// the last use of each key is written to it.
func NewWithOptions(store Store, nonces Nonces, clock compute.Clock, opts Options) *Authenticator {
	if opts.KeyCacheTTL <= 0 {
		opts.KeyCacheTTL = DefaultKeyCacheTTL
	}
	used, _ := store.(KeyAdmin)
	return &Authenticator{keyring: &keyring{store: store, nonces: nonces, clock: clock, opts: opts, used: used,
		cache: make(map[string]cachedKey), noted: make(map[string]time.Time)}}
}

// For returns an Authenticator sharing a's keys and nonce memory whose
// nonces and signatures are kept apart from every other namespace's: one
// per dialect.
func (a *Authenticator) For(namespace string) *Authenticator {
	return &Authenticator{keyring: a.keyring, namespace: namespace}
}

// Now is the authenticator's idea of the time.
func (a *Authenticator) Now() time.Time { return a.clock.Now() }

// RefusesReusedSignatures reports whether a signature is refused when used
// a second time (Options.RefuseReusedSignatures).
func (a *Authenticator) RefusesReusedSignatures() bool { return a.opts.RefuseReusedSignatures }

// KeyCacheTTL is how long a key read from the store is trusted.
func (a *Authenticator) KeyCacheTTL() time.Duration { return a.opts.KeyCacheTTL }

// Key finds an enabled access key. An unknown key fails with
// Unauthenticated, a disabled one with KeyDisabled. Unknown keys are never
// cached, so a key created while ecsd runs works at once.
func (a *Authenticator) Key(ctx context.Context, id string) (AccessKey, error) {
	now := a.clock.Now()
	a.mu.Lock()
	c, ok := a.cache[id]
	a.mu.Unlock()
	if !ok || now.Sub(c.fetched) > a.opts.KeyCacheTTL || now.Before(c.fetched) {
		k, err := a.store.AccessKey(ctx, id)
		if compute.ErrorCode(err) == compute.NotFound {
			a.mu.Lock()
			delete(a.cache, id)
			a.mu.Unlock()
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
	return a.use(ctx, keyID, "nonce", nonce, window)
}

// use records value (a nonce or a signature, as kind says) in the nonce
// memory, under the namespace.
func (a *Authenticator) use(ctx context.Context, keyID, kind, value string, window time.Duration) error {
	fresh, err := a.nonces.Use(ctx, keyID, a.nonceKey(kind, value), a.clock.Now().Add(window))
	if err != nil {
		return err
	}
	if !fresh {
		shown := value
		if len(shown) > 64 {
			shown = shown[:64] + "..."
		}
		return &compute.Error{Code: compute.Replayed, Param: kind, Value: shown, Message: "the " + kind + " was used already"}
	}
	return nil
}

// nonceKey is what the nonce memory keeps for a value: the namespace, the
// kind and the value, or their SHA-256 when that would be long. Nonces
// recorded without a namespace are kept as they are (when short).
func (a *Authenticator) nonceKey(kind, value string) string {
	key := value
	if a.namespace != "" {
		key = a.namespace + "/" + kind + "/" + value
	}
	if len(key) > maxNonceLen {
		sum := sha256.Sum256([]byte(key))
		key = "sha256:" + hex.EncodeToString(sum[:])
	}
	return key
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
//
// It is called once the request's signature held, so it also notes the
// key's last use.
func (a *Authenticator) StartNonce(ctx context.Context, keyID, nonce string, window time.Duration) *NonceCheck {
	a.noteUse(keyID)
	return a.start(ctx, keyID, "nonce", nonce, window)
}

// StartSignature is StartNonce for a signature without a nonce (TC3,
// ZC2), once it held: it notes the key's last use and, when the Options
// ask to refuse reused signatures, records the signature as a nonce. It
// returns nil, which Guard and Wait take as nothing to wait for, when
// signatures are not remembered.
func (a *Authenticator) StartSignature(ctx context.Context, keyID, signature string, window time.Duration) *NonceCheck {
	a.noteUse(keyID)
	if !a.opts.RefuseReusedSignatures {
		return nil
	}
	// Hex signatures are the same in either case; a client must not get a
	// second use by changing it.
	return a.start(ctx, keyID, "signature", strings.ToLower(signature), window)
}

func (a *Authenticator) start(ctx context.Context, keyID, kind, value string, window time.Duration) *NonceCheck {
	n := &NonceCheck{done: make(chan struct{})}
	go func() {
		defer close(n.done)
		n.err = a.use(ctx, keyID, kind, value, window)
	}()
	return n
}

// Wait waits until the nonce is recorded, and fails as UseNonce does. A
// nil check has nothing to wait for.
func (n *NonceCheck) Wait() error {
	if n == nil {
		return nil
	}
	<-n.done
	return n.err
}

// lastUseTimeout bounds one write of a key's last use.
const lastUseTimeout = 10 * time.Second

// noteUse writes the key's last use, to the grain, in the background,
// unless this node wrote it within the grain: a failed write leaves it
// to the next grain, and never fails the request.
func (a *Authenticator) noteUse(keyID string) {
	if a.used == nil {
		return
	}
	at := a.clock.Now().Truncate(LastUsedGrain)
	a.mu.Lock()
	if last, ok := a.noted[keyID]; ok && !at.After(last) {
		a.mu.Unlock()
		return
	}
	a.noted[keyID] = at
	a.mu.Unlock()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), lastUseTimeout)
		defer cancel()
		_ = a.used.KeyUsed(ctx, keyID, at)
	}()
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
