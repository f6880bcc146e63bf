// Command ecsd is an elastic compute service that answers the instance APIs
// of Alibaba Cloud ECS, Tencent Cloud CVM and Zenlayer ZEC, so that their
// official SDKs and tools work against it by changing only their endpoint.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/spf13/pflag"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newRootCommand().ExecuteContext(ctx); err != nil {
		// A domain error carries a message meant for people; show only that.
		if e, ok := compute.AsError(err); ok && e.Message != "" {
			err = errors.New(e.Message)
		}
		fmt.Fprintln(os.Stderr, "ecsd:", err)
		os.Exit(1)
	}
}

func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "ecsd",
		Short: "An elastic compute service speaking the Alibaba ECS, Tencent CVM and Zenlayer ZEC APIs",
		Long: `ecsd answers the instance APIs of Alibaba Cloud ECS, Tencent Cloud CVM and
Zenlayer ZEC on one address, so that the vendors' official SDKs and tools work
against it unmodified, by changing only their endpoint.

Every flag may also be given in the environment as ECSD_<FLAG>, upper case with
'-' as '_' (ECSD_ADDR, ECSD_DB, ECSD_TRANSITION_DELAY, ...). A flag on the
command line wins over the environment.`,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return applyEnvironment(cmd)
		},
	}
	root.AddCommand(newServeCommand(), newAccountCommand(), newKeyCommand(), newMigrateStoreCommand(), newAdminCommand(),
		newVersionCommand(), newBenchCommand())
	return root
}

// applyEnvironment sets every flag not given on the command line from its
// ECSD_ environment variable.
func applyEnvironment(cmd *cobra.Command) error {
	var err error
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if err != nil || f.Changed {
			return
		}
		name := "ECSD_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(name); ok {
			if setErr := cmd.Flags().Set(f.Name, v); setErr != nil {
				err = fmt.Errorf("environment variable %s: %w", name, setErr)
			}
		}
	})
	return err
}

// addDBFlag adds --db, shared by every command that opens the store.
func addDBFlag(cmd *cobra.Command, db *string) {
	cmd.Flags().StringVar(db, "db", "ecsd.db", "the store: an SQLite file path, a postgres:// URL, or memory://")
}

// addSecretsKeyFlag adds --secrets-key-file, shared by every command that
// stores or reads secrets.
func addSecretsKeyFlag(cmd *cobra.Command, path *string) {
	cmd.Flags().StringVar(path, "secrets-key-file", "", "seal access key secrets and the admin token at rest with the key in this file (AES-256-GCM; docs/operators.md)")
}
