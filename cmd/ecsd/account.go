package main

import (
	"fmt"
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
	}
	cmd.AddCommand(newAccountCreateCommand(), newAccountListCommand())
	return cmd
}

func newAccountCreateCommand() *cobra.Command {
	var db, keyID, secret string
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
			store, err := app.OpenStore(ctx, db)
			if err != nil {
				return fmt.Errorf("opening store %s: %w", app.RedactDSN(db), err)
			}
			defer store.Close()
			acct, key, err := auth.NewAccount(args[0], keyID, secret, time.Now())
			if err != nil {
				return err
			}
			if err := store.CreateAccount(ctx, acct, key); err != nil {
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
			store, err := app.OpenStore(ctx, db)
			if err != nil {
				return fmt.Errorf("opening store %s: %w", app.RedactDSN(db), err)
			}
			defer store.Close()
			accounts, err := store.Accounts(ctx)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tID\tCREATED")
			for _, a := range accounts {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", a.Name, a.ID, a.CreatedAt.UTC().Format(time.RFC3339))
			}
			return tw.Flush()
		},
	}
	addDBFlag(cmd, &db)
	return cmd
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
