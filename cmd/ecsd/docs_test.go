package main_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// shellWords splits a command line as a shell would for the lines the docs
// show: words apart by spaces, a double-quoted word kept whole.
func shellWords(line string) []string {
	var words []string
	for _, m := range regexp.MustCompile(`"([^"]*)"|(\S+)`).FindAllStringSubmatch(line, -1) {
		words = append(words, m[1]+m[2])
	}
	return words
}

// docCommands are the command lines of the sh blocks of docs/testing.md,
// continuations joined and comments cut.
func docCommands(t *testing.T) []string {
	t.Helper()
	doc, err := os.ReadFile("../../docs/testing.md")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, b := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(string(doc), -1) {
		for line := range strings.SplitSeq(strings.ReplaceAll(b[1], "\\\n", " "), "\n") {
			line, _, _ = strings.Cut(line, "#")
			if line = strings.TrimSpace(line); line != "" {
				out = append(out, line)
			}
		}
	}
	return out
}

// TestTestingDocFaultsAndDelays runs the command lines docs/testing.md
// shows for faults and per-transition delays, in order, against a server
// with the account "ci": each must succeed.
func TestTestingDocFaultsAndDelays(t *testing.T) {
	fixture := filepath.Join(t.TempDir(), "ci.json")
	if err := os.WriteFile(fixture, []byte(`{"ecsd_snapshot": 1, "accounts": [{"name": "ci", "keys": [{"id": "CIKEY", "secret": "CISECRET"}]}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	s := serve(t, "--db", "memory://", "--fixtures", fixture, "--admin-addr", "127.0.0.1:0", "--admin-token", "tok")
	env := []string{"ECSD_ADMIN_ADDR=" + s.adminAddr, "ECSD_ADMIN_TOKEN=tok"}
	faults, delays := 0, 0
	for _, line := range docCommands(t) {
		words := shellWords(line)
		switch {
		case strings.HasPrefix(line, "ecsd admin fault "):
			faults++
			if _, stderr, code := ecsd(t, env, words[1:]...); code != 0 {
				t.Errorf("%s: exit %d, %s", line, code, stderr)
			}
		case strings.HasPrefix(line, "ecsd serve ") && strings.Contains(line, "--transition-delays"):
			delays++
			serve(t, append(words[2:], "--db", "memory://")...)
		}
	}
	if faults < 5 || delays < 1 {
		t.Errorf("docs/testing.md shows %d fault commands and %d serve lines with --transition-delays", faults, delays)
	}
}
