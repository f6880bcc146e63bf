package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/bench"
	"github.com/ecsd/ecsd/internal/signer"
)

func newBenchCommand() *cobra.Command {
	var (
		cfg       bench.Config
		targets   string
		only      string
		jsonPath  string
		keyID     string
		keySecret string
		cpuProf   string
	)
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Measure ecsd under concurrent load against a same-run baseline",
		Long: `Seed a store with many instances per vendor, then send each workload (Alibaba,
Tencent and Zenlayer status listings, Alibaba start/stop and create of 100
instances per call) from many keep-alive connections for a while, every
request signed as the vendors' SDKs sign it, and compare each with a server
that answers a fixed body of the same size, measured in the same run with
the same client.

With --db alone, the bench seeds the store if it holds fewer instances than
--instances, and serves it in-process on a loopback port, over the same HTTP
stack as ecsd serve. With --targets, it drives running ecsd nodes instead
(seeding first through --db when given): those must serve a store seeded by
ecsd bench, with --transition-delay 0 for the lifecycle workloads. The bench
account's key is ` + bench.KeyID + ` / ` + bench.Secret + `.`,
		Example: `  ecsd bench --db bench.db --instances 100000 --conns 32 --duration 10s --json bench.json
  ecsd bench --db 'postgres://postgres@127.0.0.1:5432/ecsd_bench' --instances 100000 --seed-only
  ecsd bench --targets http://127.0.0.1:8081,http://127.0.0.1:8082,http://127.0.0.1:8083 --instances 100000
  ecsd bench --db bench.db --instances 1000 --duration 2s --workloads alibaba,zenlayer`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if targets != "" {
				for t := range strings.SplitSeq(targets, ",") {
					if !strings.HasPrefix(t, "http://") && !strings.HasPrefix(t, "https://") {
						return fmt.Errorf("--targets takes URLs such as http://127.0.0.1:8080, got %q", t)
					}
					cfg.Targets = append(cfg.Targets, strings.TrimSuffix(t, "/"))
				}
			}
			if cfg.DB != "" {
				if err := app.CheckDSN(cfg.DB); err != nil {
					return err
				}
			}
			if (keyID == "") != (keySecret == "") {
				return fmt.Errorf("--access-key-id and --access-key-secret go together")
			}
			cfg.Cred = signer.Credentials{KeyID: keyID, Secret: keySecret}
			if only != "" {
				cfg.Only = strings.Split(only, ",")
			}
			cfg.Log = cmd.ErrOrStderr()
			if cpuProf != "" {
				// The profile covers the whole run, start-up included: the
				// server runs in this process unless --targets is given.
				f, err := os.Create(cpuProf)
				if err != nil {
					return fmt.Errorf("--cpuprofile: %w", err)
				}
				defer f.Close()
				if err := pprof.StartCPUProfile(f); err != nil {
					return fmt.Errorf("--cpuprofile: %w", err)
				}
				defer pprof.StopCPUProfile()
			}
			rep, err := bench.Run(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			if cfg.SeedOnly {
				fmt.Fprintf(cmd.OutOrStdout(), "The store holds %d instances per vendor (%d seeded now, in %.1fs).\n", cfg.Instances, rep.Seeded, rep.SeedSeconds)
				return nil
			}
			rep.Print(cmd.OutOrStdout())
			if jsonPath != "" {
				data, err := json.MarshalIndent(rep, "", "  ")
				if err != nil {
					return err
				}
				if err := os.WriteFile(jsonPath, append(data, '\n'), 0o644); err != nil {
					return fmt.Errorf("writing the results: %w", err)
				}
			}
			for _, res := range rep.Results {
				if res.Errors > 0 {
					return fmt.Errorf("%s: %d errors (first: %s)", res.Workload, res.Errors, res.FirstError)
				}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.DB, "db", "", "the store to seed, and to serve in-process without --targets: an SQLite file path, a postgres:// URL, or memory:// (default ecsd-bench.db without --targets)")
	f.StringVar(&targets, "targets", "", "running ecsd nodes to drive instead, as comma-separated URLs (http://127.0.0.1:8080,...); connections are spread over them")
	f.IntVar(&cfg.Instances, "instances", 1_000_000, "instances per vendor in the store (seeded up to this many when fewer)")
	f.IntVar(&cfg.Conns, "conns", 32, "keep-alive connections sending at once")
	f.DurationVar(&cfg.Duration, "duration", 10*time.Second, "how long each workload, and each baseline, runs")
	f.StringVar(&only, "workloads", "", "run only the workloads whose names contain one of these comma-separated words (alibaba, tencent, zenlayer, page, ids, run, stop...)")
	f.StringVar(&jsonPath, "json", "", "write the results to this file as JSON")
	f.BoolVar(&cfg.SeedOnly, "seed-only", false, "seed --db and stop")
	f.StringVar(&keyID, "access-key-id", "", "the key to sign with; the bench account's when empty")
	f.StringVar(&keySecret, "access-key-secret", "", "the secret of --access-key-id")
	f.StringVar(&cpuProf, "cpuprofile", "", "write a CPU profile of the whole run (start-up, client and in-process server) to this file, for go tool pprof")
	cmd.PreRunE = func(cmd *cobra.Command, _ []string) error {
		if cfg.DB == "" && targets == "" {
			cfg.DB = "ecsd-bench.db"
		}
		return nil
	}
	return cmd
}
