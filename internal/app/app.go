// Package app is ecsd's composition root: from a Config it opens the store,
// and builds the service, the authenticator, every dialect and the server.
// cmd/ecsd turns flags into a Config; tests build the same stack in-process.
package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/ecsd/ecsd/internal/admin"
	"github.com/ecsd/ecsd/internal/audit"
	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/aliyun"
	"github.com/ecsd/ecsd/internal/dialect/kit"
	"github.com/ecsd/ecsd/internal/dialect/tencent"
	"github.com/ecsd/ecsd/internal/dialect/zenlayer"
	"github.com/ecsd/ecsd/internal/fault"
	"github.com/ecsd/ecsd/internal/metrics"
	"github.com/ecsd/ecsd/internal/server"
	"github.com/ecsd/ecsd/internal/snapshot"
)

// Config configures an App.
type Config struct {
	// DB is an SQLite file path, a postgres:// URL, or memory://.
	DB string
	// TransitionDelay is how long each transitional status lasts.
	TransitionDelay time.Duration
	// TransitionDelays, when set, give some transitions of some clouds
	// delays of their own (ParseDelays).
	TransitionDelays compute.Delays
	// CatalogFile, when set, replaces built-in regions and zones.
	CatalogFile string
	// Catalogs, when set, are the catalogs already loaded (LoadCatalogs);
	// otherwise they are loaded from CatalogFile.
	Catalogs Catalogs
	Logger   *slog.Logger
	// Clock defaults to the system clock; tests pass a fake one.
	Clock compute.Clock
	// NewRequestID defaults to random IDs; golden tests fix it.
	NewRequestID func() [16]byte
	// ZenlayerRecycleBin makes Zenlayer's ReleaseInstances send instances
	// to the recycle bin (RECYCLE) first; a second release deletes them.
	ZenlayerRecycleBin bool
	// Random draws the random parts of resource IDs; cryptographic when
	// nil. Tests seed one, so that IDs repeat.
	Random compute.Random
	// AdminToken, when set, enables the admin API (App.Admin) with this
	// token.
	AdminToken string
	// FaultSeed, when set, fixes the draws of fault rules that fire with
	// a probability.
	FaultSeed *uint64
	// KeyCacheTTL bounds how long a node trusts a key it read: a key
	// disabled, deleted or rotated is refused on every node within it.
	// Zero means auth.DefaultKeyCacheTTL.
	KeyCacheTTL time.Duration
	// RefuseReusedSignatures makes the Tencent TC3 and Zenlayer ZC2
	// dialects refuse a signature used already (see auth.Options).
	RefuseReusedSignatures bool
	// RateLimit, when set, is the token bucket of each access key and
	// action; ActionRates give some actions rates of their own (with or
	// without RateLimit). See kit.Throttle.
	RateLimit   *kit.Rate
	ActionRates map[string]kit.Rate
	// InstanceQuota bounds the instances an account may have in one
	// region of one cloud; 0 means compute.DefaultInstanceQuota,
	// compute.NoQuota none.
	InstanceQuota int
	// RequestTimeout bounds the time a request is served for, store
	// calls included; 0 means server.DefaultRequestTimeout.
	RequestTimeout time.Duration
	// BodyBudget bounds the bytes of request bodies held at once; 0 means
	// server.DefaultBodyBudget.
	BodyBudget int64
	// Sealer, when set, seals access key secrets and the installation's
	// secrets at rest (LoadSealer reads it from --secrets-key-file).
	Sealer *auth.Sealer
	// AuditLog, when set, receives the audit log: a JSON line for every
	// call of a mutating action (see internal/audit).
	AuditLog io.Writer
}

// Each dialect bounds its bodies as its vendor does, before they are read.
var (
	_ server.BodyLimiter = (*aliyun.Handler)(nil)
	_ server.BodyLimiter = (*tencent.Handler)(nil)
	_ server.BodyLimiter = (*zenlayer.Handler)(nil)
)

// DefaultTransitionDelay is how long each transitional status lasts unless
// configured: long enough to watch, short enough for tests of automation.
const DefaultTransitionDelay = 3 * time.Second

// App is a running ecsd, minus its listener.
type App struct {
	Service  *compute.Service
	Auth     *auth.Authenticator
	Accounts auth.Store
	Handler  *server.Server
	Clock    compute.Clock
	// Admin serves the admin API; nil unless Config.AdminToken was set.
	Admin http.Handler
	// Secrets keeps the installation's own secrets (the admin token).
	Secrets auth.Secrets
	// Keys changes accounts and keys, with secrets sealed as Accounts
	// seals them.
	Keys *auth.Sealed
	// Store is the inventory's store, for snapshots.
	Store compute.Store
	// Loader imports snapshots and fixtures.
	Loader snapshot.Loader
	// Faults are the fault rules in force, which the admin API changes.
	Faults *fault.Set
	// Metrics are served at /metrics on the admin API; nil unless
	// Config.AdminToken was set.
	Metrics *metrics.Metrics

	store Store

	closeOnce sync.Once
	closeErr  error
}

// Store is what a concrete store provides.
type Store interface {
	compute.Store
	auth.Store
	auth.KeyAdmin
	auth.Secrets
	auth.SecretsAdmin
	Ping(ctx context.Context) error
	Close() error
}

// NonceStore is a Store that keeps the nonces of signed requests for every
// node that shares it. With any other store, each node remembers its own.
type NonceStore interface {
	Nonces(clock compute.Clock) auth.Nonces
}

// DefaultCatalogs are the built-in catalogs of every cloud.
func DefaultCatalogs() Catalogs {
	return Catalogs{
		compute.CloudAliyun:   aliyun.DefaultCatalog(),
		compute.CloudTencent:  tencent.DefaultCatalog(),
		compute.CloudZenlayer: zenlayer.DefaultCatalog(),
	}
}

// Catalogs holds one catalog per cloud.
type Catalogs map[compute.Cloud]compute.Catalog

// Profiles returns every cloud's profile over its catalog.
func Profiles(catalogs Catalogs) compute.Profiles {
	return compute.Profiles{
		compute.CloudAliyun:   aliyun.Profile(catalogs[compute.CloudAliyun]),
		compute.CloudTencent:  tencent.Profile(catalogs[compute.CloudTencent]),
		compute.CloudZenlayer: zenlayer.Profile(catalogs[compute.CloudZenlayer]),
	}
}

// Open opens the store and builds the stack.
func Open(ctx context.Context, cfg Config) (*App, error) {
	if cfg.Catalogs == nil {
		// Before the store is opened: a bad file changes nothing.
		catalogs, err := LoadCatalogs(cfg.CatalogFile)
		if err != nil {
			return nil, err
		}
		cfg.Catalogs = catalogs
	}
	store, err := OpenServingStore(ctx, cfg.DB)
	if err != nil {
		return nil, fmt.Errorf("opening store %s: %w", RedactDSN(cfg.DB), err)
	}
	a, err := Build(cfg, store)
	if err != nil {
		store.Close()
		return nil, err
	}
	return a, nil
}

// Build builds the stack over an open store, which the App then owns.
func Build(cfg Config, store Store) (*App, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = compute.SystemClock{}
	}
	catalogs := cfg.Catalogs
	if catalogs == nil {
		var err error
		if catalogs, err = LoadCatalogs(cfg.CatalogFile); err != nil {
			return nil, err
		}
	}
	if err := cfg.TransitionDelays.Check(); err != nil {
		return nil, err
	}
	// The core sees the store through observedStore, which notes what
	// each request changed and, with metrics on, times every call and
	// keeps the instance census.
	var (
		m      *metrics.Metrics
		census *metrics.Census
	)
	if cfg.AdminToken != "" {
		m, census = metrics.New(), metrics.NewCensus(cfg.Clock)
		if err := m.Register(census); err != nil {
			return nil, err
		}
		if err := seedCensus(census, store); err != nil {
			return nil, fmt.Errorf("counting the instances for metrics: %w", err)
		}
		if ic, ok := store.(metrics.InventoryCounter); ok {
			census.CountFrom(ic)
		}
	}
	inventory := observeStore(store, m, census)
	svc := compute.NewService(compute.Config{Store: inventory, Clock: cfg.Clock, TransitionDelay: cfg.TransitionDelay,
		Delays: cfg.TransitionDelays, Profiles: Profiles(catalogs), Random: cfg.Random, InstanceQuota: cfg.InstanceQuota})
	var nonces auth.Nonces = auth.NewMemoryNonces(cfg.Clock)
	if ns, ok := store.(NonceStore); ok {
		nonces = ns.Nonces(cfg.Clock)
	}
	sealed := auth.Seal(store, cfg.Sealer)
	authn := auth.NewWithOptions(sealed, nonces, cfg.Clock, auth.Options{
		KeyCacheTTL: cfg.KeyCacheTTL, RefuseReusedSignatures: cfg.RefuseReusedSignatures})
	faults := fault.New(fault.Config{Account: accountNamed(store), Release: svc.Release, Seed: cfg.FaultSeed})
	// Each dialect records its nonces apart, so that one vendor's nonce
	// never makes another's request a replay.
	var throttle *kit.Throttle
	if cfg.RateLimit != nil || len(cfg.ActionRates) > 0 {
		throttle = kit.NewThrottle(cfg.RateLimit, cfg.ActionRates)
	}
	base := func(cloud compute.Cloud) kit.Config {
		return kit.Config{Service: svc, Auth: authn.For(string(cloud)), Logger: cfg.Logger, Faults: faults, Throttle: throttle}
	}
	ali := aliyun.NewHandler(base(compute.CloudAliyun))
	tc := tencent.NewHandler(base(compute.CloudTencent))
	zl := zenlayer.NewHandler(zenlayer.Config{Config: base(compute.CloudZenlayer), RecycleBin: cfg.ZenlayerRecycleBin})
	faults.SetActions(map[compute.Cloud][]string{
		compute.CloudAliyun: ali.Actions(), compute.CloudTencent: tc.Actions(), compute.CloudZenlayer: zl.Actions(),
	})
	dialects := []server.Dialect{ali, tc, zl}
	var observers []server.Observer
	if m != nil {
		observers = append(observers, m)
	}
	if cfg.AuditLog != nil {
		observers = append(observers, audit.New(cfg.AuditLog, cfg.Logger))
	}
	handler := server.New(server.Config{
		Dialects: dialects, Logger: cfg.Logger, Clock: cfg.Clock,
		Ready: store.Ping, NewRequestID: cfg.NewRequestID, Observers: observers, BodyBudget: cfg.BodyBudget,
		RequestTimeout: cfg.RequestTimeout,
	})
	a := &App{Service: svc, Auth: authn, Accounts: sealed, Keys: sealed, Handler: handler, Clock: cfg.Clock, Secrets: sealed, Store: inventory,
		Faults: faults, Metrics: m, store: store}
	// What fixtures create settles at once: a service over the same store
	// and clock, without transitions.
	// What fixtures and snapshots hold is the operator's: no quota.
	loading := compute.NewService(compute.Config{Store: inventory, Clock: cfg.Clock, Profiles: Profiles(catalogs), Random: cfg.Random,
		InstanceQuota: compute.NoQuota})
	a.Loader = snapshot.Loader{Store: inventory, Accounts: sealed, Service: loading}
	if cfg.AdminToken != "" {
		manual, _ := cfg.Clock.(*compute.ManualClock)
		a.Admin = admin.New(admin.Config{Token: cfg.AdminToken, Service: svc, Store: inventory, Accounts: sealed, Loader: a.Loader,
			Clock: manual, Faults: faults, Logger: cfg.Logger, Metrics: m.Handler()})
	}
	return a, nil
}

// seedCensus counts the instances of every owner in store once, before
// the server serves.
func seedCensus(census *metrics.Census, store Store) error {
	ctx := context.Background()
	accounts, err := store.Accounts(ctx)
	if err != nil {
		return err
	}
	var owners []compute.Owner
	for _, a := range accounts {
		for _, cloud := range compute.Clouds {
			owners = append(owners, compute.Owner{Account: a.ID, Cloud: cloud})
		}
	}
	return census.Seed(ctx, store, owners)
}

// accountNamed finds an account's ID by its name, for fault rules.
func accountNamed(accounts auth.Store) func(context.Context, string) (compute.AccountID, error) {
	return func(ctx context.Context, name string) (compute.AccountID, error) {
		all, err := accounts.Accounts(ctx)
		if err != nil {
			return "", err
		}
		for _, a := range all {
			if a.Name == name {
				return a.ID, nil
			}
		}
		return "", &compute.Error{Code: compute.NotFound, Param: "account", Value: name, Message: fmt.Sprintf("no account is named %q", name)}
	}
}

// AdminTokenName names the admin token among the store's secrets.
const AdminTokenName = "admin-token"

// AdminToken returns the admin token kept in the store, making one when
// there is none; created reports whether it was made now, and is to be
// shown once.
func AdminToken(ctx context.Context, secrets auth.Secrets) (token string, created bool, err error) {
	return secrets.Secret(ctx, AdminTokenName, "ecsd_"+auth.RandomString("abcdefghijklmnopqrstuvwxyz0123456789", 32))
}

// LoadSealer reads the key file of --secrets-key-file; an empty path
// means no sealing (nil).
func LoadSealer(path string) (*auth.Sealer, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the secrets key file: %w", err)
	}
	s, err := auth.ParseSealKeys(data)
	if err != nil {
		return nil, fmt.Errorf("the secrets key file %s: %w", path, err)
	}
	return s, nil
}

// SealSecrets brings the secrets the store holds in line with the
// Config's Sealer (see auth.Sealed.Reseal): sealed under its first key,
// or, without one, refused if any is sealed.
func (a *App) SealSecrets(ctx context.Context) (int, error) {
	return a.Keys.Reseal(ctx)
}

// Close closes the store. Closing again does nothing and returns the
// first answer, so a test may stop a node early and still clean up.
func (a *App) Close() error {
	a.closeOnce.Do(func() { a.closeErr = a.store.Close() })
	return a.closeErr
}

// DefaultAccountName names the account ecsd creates on an empty store.
const DefaultAccountName = "default"

// EnsureAccount creates the default account when the store has none, and
// returns its key; created is false when accounts existed already. keyID
// and secret fix the key, when given; otherwise they are generated.
func EnsureAccount(ctx context.Context, store auth.Store, keyID, secret string, now time.Time) (acct auth.Account, key auth.AccessKey, created bool, err error) {
	existing, err := store.Accounts(ctx)
	if err != nil || len(existing) > 0 {
		return auth.Account{}, auth.AccessKey{}, false, err
	}
	acct, key, err = auth.NewAccount(DefaultAccountName, keyID, secret, now)
	if err != nil {
		return auth.Account{}, auth.AccessKey{}, false, err
	}
	if err := store.CreateAccount(ctx, acct, key); err != nil {
		if compute.ErrorCode(err) == compute.AlreadyExists {
			// Another node created it first; that one prints the key.
			return auth.Account{}, auth.AccessKey{}, false, nil
		}
		return auth.Account{}, auth.AccessKey{}, false, err
	}
	return acct, key, true, nil
}
