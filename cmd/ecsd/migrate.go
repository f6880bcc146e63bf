package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/compute"
)

func newMigrateStoreCommand() *cobra.Command {
	var from, to string
	cmd := &cobra.Command{
		Use:   "migrate-store --from SOURCE --to TARGET",
		Short: "Copy every account, key and instance from one store into an empty one",
		Long: `Copy every account, access key and instance from one store into another,
typically an SQLite file into PostgreSQL when one node becomes several.

Stop every ecsd serving the source first: instances are read a page at a time.
The target must hold no account yet. Instances keep their IDs, their order,
their statuses and the transitions they are in; every access key keeps its
state and last use, and its secret as stored (one sealed under
--secrets-key-file stays sealed: serve the target with the same key file).
Nonces, ClientTokens and the admin token are not copied.`,
		Example: `  ecsd migrate-store --from ecsd.db --to postgres://ecsd@db.internal:5432/ecsd`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if from == "" || to == "" {
				return errors.New("give both --from and --to")
			}
			ctx := cmd.Context()
			// The source must exist: opening an SQLite path would create it.
			src, err := openStore(ctx, from, false)
			if err != nil {
				return fmt.Errorf("the source: %w", err)
			}
			defer src.Close()
			dst, err := openStore(ctx, to, true)
			if err != nil {
				return fmt.Errorf("the target: %w", err)
			}
			defer dst.Close()
			return migrateStore(ctx, src, dst, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "the store to copy from: an SQLite file path or a postgres:// URL")
	cmd.Flags().StringVar(&to, "to", "", "the empty store to copy into: an SQLite file path or a postgres:// URL")
	return cmd
}

// migrateBatch is how many instances one read and one write carry.
const migrateBatch = 1000

// migrateStore copies src into dst, which must have no account.
func migrateStore(ctx context.Context, src, dst app.Store, out io.Writer) error {
	existing, err := dst.Accounts(ctx)
	if err != nil {
		return fmt.Errorf("reading the target's accounts: %w", err)
	}
	if len(existing) > 0 {
		return fmt.Errorf("the target store has %d accounts already; migrate-store copies into an empty store", len(existing))
	}
	accounts, err := src.Accounts(ctx)
	if err != nil {
		return fmt.Errorf("reading the source's accounts: %w", err)
	}
	// One moment for the whole copy, so that an instance gone by then is
	// left behind and the rest are listed alike.
	now := time.Now()
	total := 0
	for _, a := range accounts {
		keys, err := src.AccessKeys(ctx, a.ID)
		if err != nil {
			return fmt.Errorf("reading the keys of account %s: %w", a.Name, err)
		}
		if len(keys) == 0 {
			return fmt.Errorf("account %s has no access key; ecsd cannot copy it", a.Name)
		}
		if err := dst.CreateAccount(ctx, a, keys[0]); err != nil {
			return fmt.Errorf("creating account %s in the target: %w", a.Name, err)
		}
		for _, k := range keys[1:] {
			if err := dst.AddKey(ctx, k); err != nil {
				return fmt.Errorf("copying key %s of account %s: %w", k.ID, a.Name, err)
			}
		}
		for _, cloud := range compute.Clouds {
			owner := compute.Owner{Account: a.ID, Cloud: cloud}
			n, err := copyInstances(ctx, src, dst, owner, now)
			if err != nil {
				return fmt.Errorf("copying the %s instances of account %s: %w", cloud, a.Name, err)
			}
			if n > 0 {
				fmt.Fprintf(out, "account %s: %d %s instances\n", a.Name, n, cloud)
			}
			total += n
			r, err := copyResources(ctx, src, dst, owner, now)
			if err != nil {
				return fmt.Errorf("copying the %s resources of account %s: %w", cloud, a.Name, err)
			}
			if r > 0 {
				fmt.Fprintf(out, "account %s: %d %s networks, subnets, security groups, disks and key pairs\n", a.Name, r, cloud)
			}
		}
	}
	fmt.Fprintf(out, "copied %d accounts and %d instances\n", len(accounts), total)
	return nil
}

// copyInstances copies one owner's instances in creation order and checks
// the target then counts as many.
func copyInstances(ctx context.Context, src, dst app.Store, owner compute.Owner, now time.Time) (int, error) {
	copied := 0
	for {
		page, err := src.List(ctx, compute.Query{Owner: owner, Offset: copied, Limit: migrateBatch}, now)
		if err != nil {
			return copied, err
		}
		if len(page.Instances) == 0 {
			break
		}
		err = dst.Update(ctx, owner, now, func(tx compute.Tx) error {
			_, err := tx.CreateInstances(ctx, "", page.Instances)
			return err
		})
		if err != nil {
			return copied, err
		}
		copied += len(page.Instances)
	}
	check, err := dst.List(ctx, compute.Query{Owner: owner, Limit: 1}, now)
	if err != nil {
		return copied, err
	}
	if check.Total != copied {
		return copied, fmt.Errorf("the target counts %d instances after %d were copied", check.Total, copied)
	}
	return copied, nil
}

// copyResources copies one owner's resources other than instances, kind by
// kind in creation order, in one transaction.
func copyResources(ctx context.Context, src, dst app.Store, owner compute.Owner, now time.Time) (int, error) {
	var all []compute.Resource
	for _, kind := range compute.StoredKinds {
		if kind == compute.KindInstance {
			continue
		}
		found, err := src.Read(owner).Find(ctx, compute.Filter{Kind: kind})
		if err != nil {
			return 0, err
		}
		all = append(all, found...)
	}
	if len(all) == 0 {
		return 0, nil
	}
	return len(all), dst.Update(ctx, owner, now, func(tx compute.Tx) error {
		for _, r := range all {
			if err := tx.Put(ctx, r); err != nil {
				return err
			}
		}
		return nil
	})
}
