package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
)

func newKeyCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "key",
		Short: "Manage access keys: several per account, disabled, enabled, deleted, rotated",
		Long: `Manage the access keys of accounts, on the store given by --db (ECSD_DB),
whether or not a server runs on it.

A new key works at once on every node. A key disabled, deleted or
re-enabled is taken up by each node within its key cache TTL (serve
--key-cache-ttl, 10s by default): nodes keep a key they read for that long.

To rotate: ecsd key rotate OLD prints a new key of the same account; move
the clients to it, then ecsd key disable OLD (and later ecsd key delete OLD).`,
	}
	cmd.AddCommand(newKeyCreateCommand(), newKeyListCommand(), newKeyRotateCommand(),
		newKeyStateCommand("disable", "Disable a key: requests signed with it are refused", true),
		newKeyStateCommand("enable", "Enable a disabled key again", false),
		newKeyDeleteCommand())
	return cmd
}

func newKeyCreateCommand() *cobra.Command {
	var db, account, keyID, secret, keyFile string
	cmd := &cobra.Command{
		Use:   "create --account NAME",
		Short: "Add an access key to an account and print it",
		Example: `  ecsd key create --account ci
  ecsd key create --account ci --access-key-id AK2 --access-key-secret SK2`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if account == "" {
				return fmt.Errorf("give the account with --account NAME")
			}
			if (keyID == "") != (secret == "") {
				return fmt.Errorf("give both --access-key-id and --access-key-secret, or neither")
			}
			ctx := cmd.Context()
			store, err := openStore(ctx, db, false)
			if err != nil {
				return err
			}
			defer store.Close()
			keys, err := sealedKeys(ctx, store, keyFile)
			if err != nil {
				return err
			}
			acct, err := accountNamed(ctx, store, account)
			if err != nil {
				return err
			}
			key, err := auth.NewKey(acct.ID, keyID, secret, time.Now())
			if err != nil {
				return err
			}
			if err := keys.AddKey(ctx, key); err != nil {
				if compute.ErrorCode(err) == compute.AlreadyExists {
					return fmt.Errorf("an access key %q exists already", key.ID)
				}
				return err
			}
			printKey(cmd.OutOrStdout(), acct.Name, string(acct.ID), key.ID, key.Secret)
			return nil
		},
	}
	addDBFlag(cmd, &db)
	addSecretsKeyFlag(cmd, &keyFile)
	cmd.Flags().StringVar(&account, "account", "", "the account's name")
	cmd.Flags().StringVar(&keyID, "access-key-id", "", "the AccessKeyId to give the key (generated when empty)")
	cmd.Flags().StringVar(&secret, "access-key-secret", "", "the AccessKeySecret to give the key (generated when empty)")
	return cmd
}

func newKeyListCommand() *cobra.Command {
	var db, account string
	cmd := &cobra.Command{
		Use:   "list [--account NAME]",
		Short: "List access keys with their status, creation and last use (never their secrets)",
		Long: `List access keys: every account's, or one account's with --account. The last
use is when a request signed with the key was last accepted, to the minute
(each node writes it at most once a minute); never secrets.`,
		Args: cobra.NoArgs,
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
			if account != "" {
				acct, err := accountNamed(ctx, store, account)
				if err != nil {
					return err
				}
				accounts = []auth.Account{acct}
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ACCESS KEY ID\tACCOUNT\tSTATUS\tCREATED\tLAST USED")
			for _, a := range accounts {
				keys, err := store.AccessKeys(ctx, a.ID)
				if err != nil {
					return err
				}
				for _, k := range keys {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", k.ID, a.Name, keyStatus(k), k.CreatedAt.UTC().Format(time.RFC3339), lastUsed(k))
				}
			}
			return tw.Flush()
		},
	}
	addDBFlag(cmd, &db)
	cmd.Flags().StringVar(&account, "account", "", "only this account's keys")
	return cmd
}

func keyStatus(k auth.AccessKey) string {
	if k.Disabled {
		return "disabled"
	}
	return "enabled"
}

func lastUsed(k auth.AccessKey) string {
	if k.LastUsed.IsZero() {
		return "never"
	}
	return k.LastUsed.UTC().Format(time.RFC3339)
}

func newKeyRotateCommand() *cobra.Command {
	var db, keyFile string
	cmd := &cobra.Command{
		Use:   "rotate KEY_ID",
		Short: "Make a new key for the account of KEY_ID and print it; KEY_ID stays until disabled",
		Long: `Make a new access key for the account KEY_ID belongs to, and print it. KEY_ID
keeps working, so that clients can move to the new key; then disable it
(ecsd key disable KEY_ID), and delete it once nothing uses it (ecsd key
list shows its last use).`,
		Example: `  ecsd key rotate ECSDXXXXXXXXXXXXXXXXXXXX`,
		Args:    exactArgs(1, "a KEY_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			store, err := openStore(ctx, db, false)
			if err != nil {
				return err
			}
			defer store.Close()
			keys, err := sealedKeys(ctx, store, keyFile)
			if err != nil {
				return err
			}
			old, err := store.AccessKey(ctx, args[0])
			if err != nil {
				return keyError(err, args[0])
			}
			acct, err := accountOf(cmd, store, old.Account)
			if err != nil {
				return err
			}
			key, err := auth.NewKey(old.Account, "", "", time.Now())
			if err != nil {
				return err
			}
			if err := keys.AddKey(ctx, key); err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			printKey(out, acct.Name, string(acct.ID), key.ID, key.Secret)
			fmt.Fprintf(out, "Keep the secret: ecsd shows it only this once.\n%s stays %s: move the clients to %s, then ecsd key disable %s.\n",
				old.ID, keyStatus(old), key.ID, old.ID)
			return nil
		},
	}
	addDBFlag(cmd, &db)
	addSecretsKeyFlag(cmd, &keyFile)
	return cmd
}

// accountOf finds the account of a key.
func accountOf(cmd *cobra.Command, store auth.Store, id compute.AccountID) (auth.Account, error) {
	accounts, err := store.Accounts(cmd.Context())
	if err != nil {
		return auth.Account{}, err
	}
	for _, a := range accounts {
		if a.ID == id {
			return a, nil
		}
	}
	return auth.Account{}, fmt.Errorf("the account %s of the key does not exist", id)
}

// newKeyStateCommand makes key disable and key enable.
func newKeyStateCommand(verb, short string, disabled bool) *cobra.Command {
	var db string
	cmd := &cobra.Command{
		Use:     verb + " KEY_ID",
		Short:   short,
		Example: "  ecsd key " + verb + " ECSDXXXXXXXXXXXXXXXXXXXX",
		Args:    exactArgs(1, "a KEY_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			store, err := openStore(ctx, db, false)
			if err != nil {
				return err
			}
			defer store.Close()
			if err := store.SetKeyDisabled(ctx, args[0], disabled); err != nil {
				return keyError(err, args[0])
			}
			changed(cmd.OutOrStdout(), args[0], verb+"d")
			return nil
		},
	}
	addDBFlag(cmd, &db)
	return cmd
}

func newKeyDeleteCommand() *cobra.Command {
	var db string
	cmd := &cobra.Command{
		Use:     "delete KEY_ID",
		Short:   "Delete a key: requests signed with it are refused as from an unknown key",
		Example: "  ecsd key delete ECSDXXXXXXXXXXXXXXXXXXXX",
		Args:    exactArgs(1, "a KEY_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			store, err := openStore(ctx, db, false)
			if err != nil {
				return err
			}
			defer store.Close()
			if err := store.DeleteKey(ctx, args[0]); err != nil {
				return keyError(err, args[0])
			}
			changed(cmd.OutOrStdout(), args[0], "deleted")
			return nil
		},
	}
	addDBFlag(cmd, &db)
	return cmd
}

// changed tells what became of a key, and when every node knows.
func changed(w io.Writer, id, what string) {
	fmt.Fprintf(w, "Access key %s %s. Every node serving this store takes it up within its key cache TTL (serve --key-cache-ttl, 10s by default).\n", id, what)
}

// keyError says that a key does not exist, or passes err on.
func keyError(err error, id string) error {
	if compute.ErrorCode(err) == compute.NotFound {
		return fmt.Errorf("no access key %q exists (ecsd key list shows them)", id)
	}
	return err
}
