// Package app is ecsd's composition root: from a Config it opens the store,
// and builds the service, the authenticator, every dialect and the server.
// cmd/ecsd turns flags into a Config; tests build the same stack in-process.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/ecsd/ecsd/internal/admin"
	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/aliyun"
	"github.com/ecsd/ecsd/internal/dialect/kit"
	"github.com/ecsd/ecsd/internal/dialect/tencent"
	"github.com/ecsd/ecsd/internal/dialect/zenlayer"
	"github.com/ecsd/ecsd/internal/fault"
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
	// Sealer, when set, seals access key secrets and the installation's
	// secrets at rest (LoadSealer reads it from --secrets-key-file).
	Sealer *auth.Sealer
}

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

	store Store
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
	svc := compute.NewService(compute.Config{Store: store, Clock: cfg.Clock, TransitionDelay: cfg.TransitionDelay,
		Delays: cfg.TransitionDelays, Profiles: Profiles(catalogs), Random: cfg.Random})
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
	base := func(cloud compute.Cloud) kit.Config {
		return kit.Config{Service: svc, Auth: authn.For(string(cloud)), Logger: cfg.Logger, Faults: faults}
	}
	ali := aliyun.NewHandler(base(compute.CloudAliyun))
	tc := tencent.NewHandler(base(compute.CloudTencent))
	zl := zenlayer.NewHandler(zenlayer.Config{Config: base(compute.CloudZenlayer), RecycleBin: cfg.ZenlayerRecycleBin})
	faults.SetActions(map[compute.Cloud][]string{
		compute.CloudAliyun: ali.Actions(), compute.CloudTencent: tc.Actions(), compute.CloudZenlayer: zl.Actions(),
	})
	dialects := []server.Dialect{ali, tc, zl}
	handler := server.New(server.Config{
		Dialects: dialects, Logger: cfg.Logger, Clock: cfg.Clock,
		Ready: store.Ping, NewRequestID: cfg.NewRequestID,
	})
	a := &App{Service: svc, Auth: authn, Accounts: sealed, Keys: sealed, Handler: handler, Clock: cfg.Clock, Secrets: sealed, Store: store,
		Faults: faults, store: store}
	// What fixtures create settles at once: a service over the same store
	// and clock, without transitions.
	loading := compute.NewService(compute.Config{Store: store, Clock: cfg.Clock, Profiles: Profiles(catalogs), Random: cfg.Random})
	a.Loader = snapshot.Loader{Store: store, Accounts: sealed, Service: loading}
	if cfg.AdminToken != "" {
		manual, _ := cfg.Clock.(*compute.ManualClock)
		a.Admin = admin.New(admin.Config{Token: cfg.AdminToken, Service: svc, Store: store, Accounts: sealed, Loader: a.Loader,
			Clock: manual, Faults: faults, Logger: cfg.Logger})
	}
	return a, nil
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

// Close closes the store.
func (a *App) Close() error { return a.store.Close() }

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
