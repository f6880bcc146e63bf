package main

import (
	"fmt"
	"io"
	"log/slog"
	"net"
	"time"

	"github.com/spf13/cobra"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/server"
)

func newServeCommand() *cobra.Command {
	var (
		addr        string
		db          string
		delay       time.Duration
		catalogFile string
		logFormat   string
		logLevel    string
		recycleBin  bool
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve every vendor API on one address",
		Long: `Serve the Alibaba ECS, Tencent CVM and Zenlayer ZEC APIs on one address.

On a store with no account, serve creates an account named "default" and
prints its AccessKeyId and AccessKeySecret once.`,
		Example: `  ecsd serve
  ecsd serve --addr 127.0.0.1:8080 --db ecsd.db --transition-delay 2s
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
			ctx := cmd.Context()
			a, err := app.Open(ctx, app.Config{
				DB: db, TransitionDelay: delay, CatalogFile: catalogFile, Logger: logger, ZenlayerRecycleBin: recycleBin,
			})
			if err != nil {
				return err
			}
			defer a.Close()
			acct, key, created, err := app.EnsureAccount(ctx, a.Accounts, time.Now())
			if err != nil {
				return fmt.Errorf("creating the default account: %w", err)
			}
			if created {
				printKey(cmd.OutOrStdout(), acct.Name, string(acct.ID), key.ID, key.Secret)
				fmt.Fprintln(cmd.OutOrStdout(), "Keep the secret: ecsd shows it only this once.")
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("listening on %s: %w", addr, err)
			}
			logger.Info("ecsd listening", "addr", ln.Addr().String(), "db", app.RedactDSN(db), "transition_delay", delay.String(), "version", version)
			fmt.Fprintf(cmd.OutOrStdout(), "ecsd is serving on http://%s (Ctrl-C stops it)\n", ln.Addr())
			err = server.Serve(ctx, ln, a.Handler, 15*time.Second, logger)
			logger.Info("ecsd stopped")
			return err
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "the address to listen on (host:port)")
	addDBFlag(cmd, &db)
	cmd.Flags().DurationVar(&delay, "transition-delay", app.DefaultTransitionDelay, "how long each transitional status (Pending, Starting, Stopping, ...) lasts; 0 makes transitions instant")
	cmd.Flags().StringVar(&catalogFile, "catalog", "", "a JSON file of regions and zones replacing the built-in ones for the clouds it names")
	cmd.Flags().BoolVar(&recycleBin, "zenlayer-recycle-bin", false, "send Zenlayer instances to the recycle bin (RECYCLE) on their first ReleaseInstances, as some Zenlayer accounts do")
	cmd.Flags().StringVar(&logFormat, "log-format", "text", "log format: text or json")
	cmd.Flags().StringVar(&logLevel, "log-level", "info", "log level: debug, info, warn or error")
	return cmd
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
