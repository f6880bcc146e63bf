package main

import (
	"fmt"
	"io"
	"runtime/debug"

	"github.com/spf13/cobra"
)

func newVersionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of ecsd: its module version and the VCS revision it was built from",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			info, ok := debug.ReadBuildInfo()
			if !ok {
				fmt.Fprintf(cmd.OutOrStdout(), "ecsd %s (no build information)\n", version)
				return nil
			}
			printVersion(cmd.OutOrStdout(), version, info)
			return nil
		},
	}
}

// printVersion prints what ecsd version shows: the version set at build
// time (-ldflags -X main.version=...), the module's version, and the VCS
// revision, its time and whether the tree had changes, as the go command
// stamped them.
func printVersion(w io.Writer, setVersion string, info *debug.BuildInfo) {
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	or := func(v, none string) string {
		if v == "" {
			return none
		}
		return v
	}
	revision := or(settings["vcs.revision"], "unknown (built without VCS information)")
	if settings["vcs.modified"] == "true" {
		revision += " (with uncommitted changes)"
	}
	fmt.Fprintf(w, "ecsd %s\n", setVersion)
	fmt.Fprintf(w, "module:   %s %s\n", info.Main.Path, or(info.Main.Version, "(devel)"))
	fmt.Fprintf(w, "revision: %s\n", revision)
	if t := settings["vcs.time"]; t != "" {
		fmt.Fprintf(w, "time:     %s\n", t)
	}
	fmt.Fprintf(w, "go:       %s\n", info.GoVersion)
}
