package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ecsd/ecsd/internal/admin"
	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/snapshot"
)

// adminClient talks to a running ecsd's admin API.
type adminClient struct {
	addr, token string
}

func newAdminCommand() *cobra.Command {
	c := &adminClient{}
	cmd := &cobra.Command{
		Use:   "admin",
		Short: "Control a running ecsd through its admin API",
		Long: `Control a running ecsd through its admin API (serve --admin-addr): reset its
inventory, move its manual clock, export and import snapshots, inject faults.
Every subcommand prints the API's JSON answer.

The server is found through --admin-addr and --admin-token, or ECSD_ADMIN_ADDR
and ECSD_ADMIN_TOKEN, the same variables serve reads.`,
	}
	cmd.PersistentFlags().StringVar(&c.addr, "admin-addr", "", "the admin API's address (host:port), as given to serve")
	cmd.PersistentFlags().StringVar(&c.token, "admin-token", "", "the admin token")
	cmd.AddCommand(newAdminResetCommand(c), newAdminClockCommand(c), newAdminSnapshotCommand(c), newAdminFaultCommand(c))
	return cmd
}

func newAdminSnapshotCommand(c *adminClient) *cobra.Command {
	var db, keyFile string
	var withSecrets bool
	cmd := &cobra.Command{
		Use:   "snapshot",
		Short: "Export the whole inventory as a document, or import one",
		Long: `Export the whole inventory (every account's resources on every cloud, with
their IDs, statuses and lifecycle timing) as a JSON document, or import one
back: a snapshot, or a fixture written by hand (docs/testing.md describes the
format). Access key secrets are exported only with --with-secrets.

With --db they work on a store directly, with or without a server running on it.`,
	}
	export := &cobra.Command{
		Use:     "export [FILE]",
		Short:   "Write the inventory to FILE, or to standard output",
		Example: "  ecsd admin snapshot export before.json\n  ecsd admin snapshot export --with-secrets --db ecsd.db > all.json",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			out := cmd.OutOrStdout()
			if len(args) == 1 {
				f, err := os.Create(args[0])
				if err != nil {
					return err
				}
				defer f.Close()
				out = f
			}
			if db != "" {
				ctx := cmd.Context()
				a, err := openApp(ctx, db, false, keyFile, withSecrets)
				if err != nil {
					return err
				}
				defer a.Close()
				doc, err := snapshot.Export(ctx, a.Store, a.Accounts, time.Now(), withSecrets)
				if err != nil {
					return err
				}
				return printJSON(out, doc)
			}
			path := "/v1/snapshot"
			if withSecrets {
				path += "?secrets=true"
			}
			return c.callTo(cmd, out, http.MethodGet, path, nil)
		},
	}
	export.Flags().BoolVar(&withSecrets, "with-secrets", false, "include the access keys' secrets")
	imp := &cobra.Command{
		Use:     "import FILE",
		Short:   "Load a snapshot or a fixture",
		Example: "  ecsd admin snapshot import before.json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			doc, err := snapshot.Parse(data)
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			if db != "" {
				ctx := cmd.Context()
				a, err := openApp(ctx, db, true, keyFile, true)
				if err != nil {
					return err
				}
				defer a.Close()
				loaded, err := a.Loader.Import(ctx, doc)
				if err != nil {
					return fmt.Errorf("%s: %w", args[0], err)
				}
				return printJSON(cmd.OutOrStdout(), map[string]any{"loaded": loaded})
			}
			return c.call(cmd, http.MethodPost, "/v1/snapshot", json.RawMessage(data))
		},
	}
	for _, sub := range []*cobra.Command{export, imp} {
		sub.Flags().StringVar(&db, "db", "", "work on this store directly instead of through a server")
		addSecretsKeyFlag(sub, &keyFile)
		cmd.AddCommand(sub)
	}
	return cmd
}

func newAdminResetCommand(c *adminClient) *cobra.Command {
	var account, cloud, db string
	cmd := &cobra.Command{
		Use:   "reset",
		Short: "Empty the inventory: everything, one account, one cloud, or one cloud of one account",
		Long: `Empty the inventory: with no flag everything; with --cloud that cloud of every
account; with --account that account on every cloud; with both, that cloud of
that account. Accounts and keys stay. Prints what was removed.

With --db it works on a store directly, with or without a server running on it.`,
		Example: `  ecsd admin reset
  ecsd admin reset --account ci --cloud tencent
  ecsd admin reset --db ecsd.db`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if db != "" {
				ctx := cmd.Context()
				a, err := openApp(ctx, db, false, "", false)
				if err != nil {
					return err
				}
				defer a.Close()
				resp, err := admin.Reset(ctx, a.Service, a.Accounts, account, compute.Cloud(cloud))
				if err != nil {
					return err
				}
				return printJSON(cmd.OutOrStdout(), resp)
			}
			return c.call(cmd, http.MethodPost, "/v1/reset", map[string]string{"account": account, "cloud": cloud})
		},
	}
	cmd.Flags().StringVar(&account, "account", "", "the account's name")
	cmd.Flags().StringVar(&cloud, "cloud", "", "aliyun, tencent or zenlayer")
	cmd.Flags().StringVar(&db, "db", "", "work on this store directly instead of through a server")
	return cmd
}

func newAdminClockCommand(c *adminClient) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "clock",
		Short: "Show the time ecsd runs on",
		Long: `Show the time ecsd runs on; with advance or set, move a manual clock
(serve --clock manual). Transitions, signature time windows and nonce expiry
all follow it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.call(cmd, http.MethodGet, "/v1/clock", nil)
		},
	}
	cmd.AddCommand(&cobra.Command{
		Use:     "advance DURATION",
		Short:   "Move the manual clock forward",
		Example: "  ecsd admin clock advance 90s",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if d, err := time.ParseDuration(args[0]); err != nil || d < 0 {
				return fmt.Errorf("%q is not a duration of 0 or more, such as 90s or 2m", args[0])
			}
			return c.call(cmd, http.MethodPost, "/v1/clock/advance", map[string]string{"duration": args[0]})
		},
	}, &cobra.Command{
		Use:     "set TIME",
		Short:   "Set the manual clock to a time (RFC 3339)",
		Example: "  ecsd admin clock set 2026-01-02T03:04:05Z",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := time.Parse(time.RFC3339, args[0]); err != nil {
				return fmt.Errorf("%q is not an RFC 3339 time such as 2026-01-02T03:04:05Z", args[0])
			}
			return c.call(cmd, http.MethodPost, "/v1/clock/set", map[string]string{"time": args[0]})
		},
	})
	return cmd
}

// openApp opens the store of --db (see openStore) and builds ecsd over
// it, without serving, its secrets sealed under keyFile. With secrets, the
// secrets the store holds are brought in line with the key file first, so
// that a store they cannot be read from is refused.
func openApp(ctx context.Context, db string, create bool, keyFile string, secrets bool) (*app.App, error) {
	store, err := openStore(ctx, db, create)
	if err != nil {
		return nil, err
	}
	sealer, err := app.LoadSealer(keyFile)
	if err != nil {
		store.Close()
		return nil, err
	}
	a, err := app.Build(app.Config{DB: db, Sealer: sealer}, store)
	if err != nil {
		store.Close()
		return nil, err
	}
	if secrets {
		if _, err := a.SealSecrets(ctx); err != nil {
			a.Close()
			return nil, err
		}
	}
	return a, nil
}

// call sends one request to the admin API and prints its JSON answer; an
// error answer fails the command with its message.
func (c *adminClient) call(cmd *cobra.Command, method, path string, body any) error {
	return c.callTo(cmd, cmd.OutOrStdout(), method, path, body)
}

// callTo is call writing the answer to out.
func (c *adminClient) callTo(cmd *cobra.Command, out io.Writer, method, path string, body any) error {
	if c.addr == "" {
		return fmt.Errorf("no admin API to talk to: give --admin-addr or ECSD_ADMIN_ADDR (serve --admin-addr)")
	}
	var payload io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return err
		}
		payload = bytes.NewReader(data)
	}
	base := c.addr
	if !strings.Contains(base, "://") {
		base = "http://" + base
	}
	req, err := http.NewRequestWithContext(cmd.Context(), method, strings.TrimSuffix(base, "/")+path, payload)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	client := &http.Client{Timeout: time.Minute}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("reaching the admin API at %s: %w", c.addr, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Code    string `json:"error"`
			Message string `json:"message"`
		}
		if json.Unmarshal(data, &e) == nil && e.Message != "" {
			return fmt.Errorf("the admin API answered %d %s: %s", resp.StatusCode, e.Code, e.Message)
		}
		return fmt.Errorf("the admin API answered %d", resp.StatusCode)
	}
	_, err = out.Write(data)
	return err
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
