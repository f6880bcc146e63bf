package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
)

func newAccountCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "account",
		Short: "Manage accounts and their access keys",
		Long: `Manage accounts. Each works on the store given by --db (ECSD_DB), whether or
not a server runs on it; ecsd key manages an account's keys.`,
	}
	cmd.AddCommand(newAccountCreateCommand(), newAccountListCommand(), newAccountDeleteCommand())
	return cmd
}

func newAccountCreateCommand() *cobra.Command {
	var db, keyID, secret, keyFile string
	cmd := &cobra.Command{
		Use:   "create NAME",
		Short: "Create an account with an access key pair and print the pair",
		Long: `Create an account with an access key pair, generated unless given, and print
both. The same pair signs requests in every dialect: as an Alibaba AccessKey,
a Tencent SecretId/SecretKey and a Zenlayer key ID/password.

It works while ecsd serves the same store.`,
		Example: `  ecsd account create ci
  ecsd account create a1 --access-key-id AK --access-key-secret SK`,
		Args: exactArgs(1, "an account NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if (keyID == "") != (secret == "") {
				return fmt.Errorf("give both --access-key-id and --access-key-secret, or neither")
			}
			ctx := cmd.Context()
			store, err := openStore(ctx, db, true)
			if err != nil {
				return err
			}
			defer store.Close()
			keys, err := sealedKeys(ctx, store, keyFile)
			if err != nil {
				return err
			}
			acct, key, err := auth.NewAccount(args[0], keyID, secret, time.Now())
			if err != nil {
				return err
			}
			if err := keys.CreateAccount(ctx, acct, key); err != nil {
				if e, ok := compute.AsError(err); ok && e.Code == compute.AlreadyExists {
					return fmt.Errorf("an account named %q or an access key %q exists already", args[0], key.ID)
				}
				return err
			}
			printKey(cmd.OutOrStdout(), acct.Name, string(acct.ID), key.ID, key.Secret)
			return nil
		},
	}
	addDBFlag(cmd, &db)
	addSecretsKeyFlag(cmd, &keyFile)
	cmd.Flags().StringVar(&keyID, "access-key-id", "", "the AccessKeyId to give the account (generated when empty)")
	cmd.Flags().StringVar(&secret, "access-key-secret", "", "the AccessKeySecret to give the account (generated when empty)")
	return cmd
}

func newAccountListCommand() *cobra.Command {
	var db string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List accounts (never their secrets)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			store, err := openStore(ctx, db, false)
			if err != nil {
				return err
			}
			defer store.Close()
			accounts, err := store.Accounts(ctx)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tID\tCREATED\tKEYS")
			for _, a := range accounts {
				keys, err := store.AccessKeys(ctx, a.ID)
				if err != nil {
					return err
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d\n", a.Name, a.ID, a.CreatedAt.UTC().Format(time.RFC3339), len(keys))
			}
			return tw.Flush()
		},
	}
	addDBFlag(cmd, &db)
	return cmd
}

func newAccountDeleteCommand() *cobra.Command {
	var db string
	cmd := &cobra.Command{
		Use:   "delete NAME",
		Short: "Delete an account, its keys and everything it owns on every cloud",
		Long: `Delete an account: its access keys, then every instance, network, subnet,
security group, disk and key pair it owns on every cloud. Prints what was
removed.

It works while ecsd serves the same store. A node that read one of the
account's keys less than the key cache TTL ago (serve --key-cache-ttl,
10s by default) may still accept it until the TTL has passed; stop the
account's clients first.`,
		Example: `  ecsd account delete ci`,
		Args:    exactArgs(1, "an account NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			store, err := openStore(ctx, db, false)
			if err != nil {
				return err
			}
			a, err := app.Build(app.Config{DB: db}, store)
			if err != nil {
				store.Close()
				return err
			}
			defer a.Close()
			acct, err := accountNamed(ctx, store, args[0])
			if err != nil {
				return err
			}
			keys, err := store.AccessKeys(ctx, acct.ID)
			if err != nil {
				return err
			}
			// The keys first, so that the account makes nothing new while
			// its inventory is emptied.
			if err := store.DeleteAccount(ctx, acct.ID); err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "Deleted account %q (ID %s) and its %d access keys.\n", acct.Name, acct.ID, len(keys))
			for _, cloud := range compute.Clouds {
				removed, err := a.Service.Reset(ctx, compute.Owner{Account: acct.ID, Cloud: cloud})
				if err != nil {
					return fmt.Errorf("emptying the %s inventory of account %s: %w", cloud, acct.Name, err)
				}
				for _, kind := range slices.Sorted(maps.Keys(removed)) {
					fmt.Fprintf(out, "  %s: %d %s\n", cloud, removed[kind], kind)
				}
			}
			return nil
		},
	}
	addDBFlag(cmd, &db)
	return cmd
}

// accountNamed finds an account by name.
func accountNamed(ctx context.Context, store auth.Store, name string) (auth.Account, error) {
	accounts, err := store.Accounts(ctx)
	if err != nil {
		return auth.Account{}, err
	}
	for _, a := range accounts {
		if a.Name == name {
			return a, nil
		}
	}
	return auth.Account{}, fmt.Errorf("no account is named %q (ecsd account list shows them)", name)
}

// openStore opens the store of --db, naming it (without its password) in
// any error. Unless create, an SQLite file that does not exist is an
// error rather than a new empty store.
func openStore(ctx context.Context, db string, create bool) (app.Store, error) {
	open := app.OpenExistingStore
	if create {
		open = app.OpenStore
	}
	store, err := open(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("opening store %s: %w", app.RedactDSN(db), err)
	}
	return store, nil
}

// sealedKeys returns the accounts and keys of store with their secrets
// sealed under keyFile (none when empty), after sealing those stored
// plain; it fails when the store holds sealed secrets the key file cannot
// open.
func sealedKeys(ctx context.Context, store app.Store, keyFile string) (*auth.Sealed, error) {
	sealer, err := app.LoadSealer(keyFile)
	if err != nil {
		return nil, err
	}
	keys := auth.Seal(store, sealer)
	if _, err := keys.Reseal(ctx); err != nil {
		return nil, err
	}
	return keys, nil
}

// exactArgs is cobra.ExactArgs with a sentence that names what is missing.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != n {
			return fmt.Errorf("expected %s, got %d arguments", what, len(args))
		}
		return nil
	}
}
