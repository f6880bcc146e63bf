package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/audit"
	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/fault"
	"github.com/ecsd/ecsd/internal/inbound"
	"github.com/ecsd/ecsd/internal/server"
	"github.com/ecsd/ecsd/internal/snapshot"
)

func newServeCommand() *cobra.Command {
	var (
		addr        string
		db          string
		delay       time.Duration
		delays      string
		catalogFile string
		logFormat   string
		logLevel    string
		recycleBin  bool
		adminAddr   string
		adminToken  string
		clockMode   string
		clockStart  string
		idSeed      string
		keyID       string
		keySecret   string
		fixtures    string
		faultsFile  string
		tlsOpts     tlsOptions
		keyTTL      time.Duration
		refuseReuse bool
		keyFile     string
		auditPath   string
		limitOpts   limitOptions
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve every vendor API on one address",
		Long: `Serve the Alibaba ECS, Tencent CVM and Zenlayer ZEC APIs on one address.

On a store with no account, serve creates an account named "default" and
prints its AccessKeyId and AccessKeySecret once.`,
		Example: `  ecsd serve
  ecsd serve --addr 127.0.0.1:8080 --db ecsd.db --transition-delay 2s
  ecsd serve --transition-delays tencent.stop=5s,tencent.create=30s
  ECSD_DB=/var/lib/ecsd/ecsd.db ecsd serve --addr 0.0.0.0:8080`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			logger, err := newLogger(cmd.ErrOrStderr(), logFormat, logLevel)
			if err != nil {
				return err
			}
			if delay < 0 {
				return fmt.Errorf("--transition-delay must not be negative, got %s", delay)
			}
			if (keyID == "") != (keySecret == "") {
				return fmt.Errorf("--access-key-id and --access-key-secret go together")
			}
			if keyTTL <= 0 || keyTTL > time.Hour {
				return fmt.Errorf("--key-cache-ttl must be more than 0 and at most 1h, got %s", keyTTL)
			}
			if err := app.CheckDSN(db); err != nil {
				return err
			}
			cfg := app.Config{DB: db, TransitionDelay: delay, CatalogFile: catalogFile, Logger: logger, ZenlayerRecycleBin: recycleBin,
				KeyCacheTTL: keyTTL, RefuseReusedSignatures: refuseReuse}
			if err := limitOpts.apply(&cfg); err != nil {
				return err
			}
			if cfg.TransitionDelays, err = app.ParseDelays(delays); err != nil {
				return fmt.Errorf("--transition-delays: %w", err)
			}
			if err := configureControls(&cfg, clockMode, clockStart, idSeed); err != nil {
				return err
			}
			if cfg.Catalogs, err = app.LoadCatalogs(catalogFile); err != nil {
				return err
			}
			var faultSpecs []fault.Spec
			if faultsFile != "" {
				// Read before anything starts: a bad file changes nothing.
				if faultSpecs, err = readFaults(faultsFile); err != nil {
					return err
				}
			}
			if cfg.Sealer, err = app.LoadSealer(keyFile); err != nil {
				return err
			}
			switch auditPath {
			case "":
			case "-":
				cfg.AuditLog = cmd.ErrOrStderr()
			default:
				f, err := audit.Open(auditPath)
				if err != nil {
					return err
				}
				defer f.Close()
				cfg.AuditLog = f
			}
			ctx := cmd.Context()
			// Listen before touching the store: a port in use fails the
			// start before anything is created or printed.
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("listening on %s: %w", addr, err)
			}
			defer ln.Close()
			// Counted beneath TLS, so that handshakes count too.
			limited := server.LimitConns(ln, limitOpts.maxConns)
			ln = limited
			var adminLn net.Listener
			if adminAddr != "" {
				if adminLn, err = net.Listen("tcp", adminAddr); err != nil {
					return fmt.Errorf("listening on the admin address %s: %w", adminAddr, err)
				}
				defer adminLn.Close()
			}
			scheme := "http"
			if tlsOpts.enabled() {
				tlsConfig, certPath, err := tlsOpts.config()
				if err != nil {
					return err
				}
				scheme = "https"
				if tlsOpts.selfSigned {
					fmt.Fprintf(cmd.OutOrStdout(), "TLS with the self-signed certificate %s (clients trust it with SSL_CERT_FILE=%s)\n", certPath, certPath)
				}
				ln = tls.NewListener(ln, tlsConfig)
				if adminLn != nil {
					adminLn = tls.NewListener(adminLn, tlsConfig)
				}
			}
			store, err := app.OpenServingStore(ctx, db)
			if err != nil {
				return fmt.Errorf("opening store %s: %w", app.RedactDSN(db), err)
			}
			// Secrets stored plain are sealed now, and a store whose
			// secrets cannot be opened is refused before anything serves.
			sealed := auth.Seal(store, cfg.Sealer)
			if n, err := sealed.Reseal(ctx); err != nil {
				store.Close()
				return fmt.Errorf("the secrets in store %s: %w", app.RedactDSN(db), err)
			} else if n > 0 {
				logger.Info("sealed secrets with the secrets key file", "count", n)
			}
			if adminLn != nil && adminToken == "" {
				token, created, err := app.AdminToken(ctx, sealed)
				if err != nil {
					store.Close()
					return fmt.Errorf("reading the admin token: %w", err)
				}
				if created {
					fmt.Fprintf(cmd.OutOrStdout(), "Admin token: %s\nKeep it: ecsd shows it only this once (give --admin-token to choose your own).\n", token)
				}
				adminToken = token
			}
			cfg.AdminToken = adminToken
			a, err := app.Build(cfg, store)
			if err != nil {
				store.Close()
				return err
			}
			defer a.Close()
			if fixtures != "" {
				if err := loadFixtures(ctx, a, fixtures, cmd.OutOrStdout()); err != nil {
					return err
				}
			}
			acct, key, created, err := app.EnsureAccount(ctx, a.Accounts, keyID, keySecret, time.Now())
			if err != nil {
				return fmt.Errorf("creating the default account: %w", err)
			}
			if created {
				printKey(cmd.OutOrStdout(), acct.Name, string(acct.ID), key.ID, key.Secret)
				if keyID == "" {
					fmt.Fprintln(cmd.OutOrStdout(), "Keep the secret: ecsd shows it only this once.")
				}
			}
			if faultsFile != "" {
				rules, err := a.Faults.AddAll(ctx, faultSpecs)
				if err != nil {
					return fmt.Errorf("%s: %w", faultsFile, err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Loaded %d fault rules from %s.\n", len(rules), faultsFile)
			}
			logger.Info("ecsd listening", "addr", ln.Addr().String(), "db", app.RedactDSN(db), "transition_delay", delay.String(), "transition_delays", delays,
				"clock", clockMode, "version", version)
			fmt.Fprintf(cmd.OutOrStdout(), "ecsd is serving on %s://%s (Ctrl-C stops it)\n", scheme, ln.Addr())
			if adminLn != nil {
				fmt.Fprintf(cmd.OutOrStdout(), "The admin API is on %s://%s\n", scheme, adminLn.Addr())
				go func() {
					if err := server.Serve(ctx, adminLn, a.Admin, 15*time.Second, logger); err != nil {
						logger.Error("admin listener stopped", "err", err)
					}
				}()
			}
			err = server.Serve(ctx, ln, a.Handler, 15*time.Second, logger, server.WithConnLimit(limited))
			logger.Info("ecsd stopped")
			return err
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "the address to listen on (host:port)")
	addDBFlag(cmd, &db)
	cmd.Flags().DurationVar(&delay, "transition-delay", app.DefaultTransitionDelay, "how long each transitional status (Pending, Starting, Stopping, ...) lasts; 0 makes transitions instant")
	cmd.Flags().StringVar(&delays, "transition-delays", "", "delays of their own for some transitions, as TRANSITION=DURATION or CLOUD.TRANSITION=DURATION, comma-separated (tencent.stop=5s,create=30s); the others last --transition-delay")
	cmd.Flags().StringVar(&catalogFile, "catalog", "", "a JSON file of regions and zones replacing the built-in ones for the clouds it names")
	cmd.Flags().BoolVar(&recycleBin, "zenlayer-recycle-bin", false, "send Zenlayer instances to the recycle bin (RECYCLE) on their first ReleaseInstances, as some Zenlayer accounts do")
	cmd.Flags().StringVar(&logFormat, "log-format", "text", "log format: text or json")
	cmd.Flags().StringVar(&logLevel, "log-level", "info", "log level: debug, info, warn or error")
	cmd.Flags().StringVar(&adminAddr, "admin-addr", "", "serve the admin API (reset, clock, ...) on this address (host:port); off when empty")
	cmd.Flags().StringVar(&adminToken, "admin-token", "", "the admin API's bearer token; made and shown once, then kept in the store, when not given")
	cmd.Flags().StringVar(&clockMode, "clock", "system", "system, or manual: time moves only when told through the admin API")
	cmd.Flags().StringVar(&clockStart, "clock-start", "", "with --clock manual, the time to start at (RFC 3339); the wall-clock time of start when empty")
	cmd.Flags().StringVar(&idSeed, "id-seed", "", "a number that fixes resource and request IDs, and the draws of fault rules: the same calls make the same IDs on every run")
	cmd.Flags().StringVar(&keyID, "access-key-id", "", "the AccessKeyId of the default account made on an empty store; generated when empty")
	cmd.Flags().StringVar(&keySecret, "access-key-secret", "", "the AccessKeySecret of the default account made on an empty store; generated when empty")
	cmd.Flags().StringVar(&tlsOpts.cert, "tls-cert", "", "serve HTTPS with this certificate (PEM), with --tls-key")
	cmd.Flags().StringVar(&tlsOpts.key, "tls-key", "", "the private key (PEM) of --tls-cert")
	cmd.Flags().BoolVar(&tlsOpts.selfSigned, "tls-self-signed", false, "serve HTTPS with a self-signed certificate for localhost, made in --tls-dir on the first start")
	cmd.Flags().StringVar(&tlsOpts.dir, "tls-dir", "ecsd-tls", "where --tls-self-signed keeps its certificate and key")
	cmd.Flags().StringVar(&faultsFile, "faults", "", "a JSON file of fault rules to put in force on start ({\"faults\": [...]}, as `ecsd admin fault list` prints)")
	cmd.Flags().DurationVar(&keyTTL, "key-cache-ttl", auth.DefaultKeyCacheTTL, "how long a node trusts an access key it read: a key disabled, deleted or enabled is taken up by every node within it")
	limitOpts.register(cmd.Flags())
	cmd.Flags().BoolVar(&refuseReuse, "refuse-reused-signatures", false, "refuse a Tencent TC3 or Zenlayer ZC2 signature used already within its window (they have no nonce); see docs/operators.md")
	addSecretsKeyFlag(cmd, &keyFile)
	cmd.Flags().StringVar(&auditPath, "audit-log", "", "append a JSON line for every call of a mutating action to this file (made 0600), or to stderr with -; off when empty")
	cmd.Flags().StringVar(&fixtures, "fixtures", "", "a snapshot or fixture (JSON) to load on start into a store that has no account yet")
	return cmd
}

// configureControls sets the clock and the ID sources of cfg from the
// serve flags.
func configureControls(cfg *app.Config, clockMode, clockStart, idSeed string) error {
	switch clockMode {
	case "system":
		if clockStart != "" {
			return fmt.Errorf("--clock-start needs --clock manual")
		}
	case "manual":
		start := time.Now().UTC().Truncate(time.Second)
		if clockStart != "" {
			t, err := time.Parse(time.RFC3339, clockStart)
			if err != nil {
				return fmt.Errorf("--clock-start %q is not an RFC 3339 time such as 2026-01-02T03:04:05Z", clockStart)
			}
			start = t
		}
		cfg.Clock = compute.NewManualClock(start)
	default:
		return fmt.Errorf("--clock must be system or manual, got %q", clockMode)
	}
	if idSeed != "" {
		seed, err := strconv.ParseUint(idSeed, 10, 64)
		if err != nil {
			return fmt.Errorf("--id-seed must be a whole number from 0 to %d, got %q", uint64(math.MaxUint64), idSeed)
		}
		cfg.Random = compute.NewSeededRandom(seed)
		cfg.NewRequestID = inbound.SeededIDs(seed)
		cfg.FaultSeed = &seed
	}
	return nil
}

func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level must be debug, info, warn or error, got %q", level)
	}
	opts := &slog.HandlerOptions{Level: lvl}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format must be text or json, got %q", format)
}

// printKey shows a new key pair.
func printKey(w io.Writer, name, accountID, keyID, secret string) {
	fmt.Fprintf(w, "Account %q (ID %s)\n  AccessKeyId:     %s\n  AccessKeySecret: %s\n", name, accountID, keyID, secret)
}

// loadFixtures loads a fixture file into a store that has no account yet;
// on a store that has one (a restart), it does nothing, so that a fixture
// is loaded once.
func loadFixtures(ctx context.Context, a *app.App, path string, out io.Writer) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading the fixtures: %w", err)
	}
	doc, err := snapshot.Parse(data)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	existing, err := a.Accounts.Accounts(ctx)
	if err != nil {
		return err
	}
	if len(existing) > 0 {
		fmt.Fprintf(out, "The store has accounts already: %s was not loaded again.\n", path)
		return nil
	}
	loaded, err := a.Loader.Import(ctx, doc)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	n := 0
	for _, clouds := range loaded {
		for _, kinds := range clouds {
			for _, k := range kinds {
				n += k
			}
		}
	}
	fmt.Fprintf(out, "Loaded %s: %d accounts, %d resources.\n", path, len(doc.Accounts), n)
	return nil
}

// readFaults reads and parses a faults file; its rules are checked when
// they are put in force.
func readFaults(path string) ([]fault.Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the faults: %w", err)
	}
	specs, err := fault.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return specs, nil
}
