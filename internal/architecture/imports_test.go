// Package architecture_test keeps the dependency rules of STYLE.md true by
// reading the import graph: dependencies point inward, the core uses the
// standard library only, only the composition root knows concrete stores,
// and packages of test helpers stay out of the code that ships.
package architecture_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

const module = "github.com/ecsd/ecsd"

// imports maps each package of the module to the packages its non-test
// files import. It parses the files itself (rather than asking go list) so
// that the test cache sees every file it depends on.
func imports(t *testing.T) map[string][]string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	graph := map[string][]string{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		pkg := module + "/" + filepath.ToSlash(rel)
		for _, imp := range f.Imports {
			graph[pkg] = append(graph[pkg], strings.Trim(imp.Path.Value, `"`))
		}
		if _, ok := graph[pkg]; !ok {
			graph[pkg] = nil
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return graph
}

func isStdlib(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

func TestDependenciesPointInward(t *testing.T) {
	graph := imports(t)
	rules := []struct {
		pkg       string // a package, or a prefix ending in "/"
		forbidden []string
	}{
		{"internal/compute", []string{"internal/"}},
		{"internal/auth", []string{"internal/dialect/", "internal/store/", "internal/server", "internal/app"}},
		{"internal/inbound", []string{"internal/"}},
		{"internal/admin", []string{"internal/dialect/", "internal/store/", "internal/server", "internal/app"}},
		{"internal/snapshot", []string{"internal/dialect/", "internal/store/", "internal/server", "internal/app", "internal/admin"}},
		{"internal/fault", []string{"internal/dialect/", "internal/store/", "internal/server", "internal/app", "internal/admin", "internal/auth"}},
		{"internal/server", []string{"internal/dialect/", "internal/store/", "internal/app", "internal/auth"}},
		{"internal/metrics", []string{"internal/dialect/", "internal/store/", "internal/server", "internal/app", "internal/auth", "internal/admin"}},
		{"internal/audit", []string{"internal/compute", "internal/dialect/", "internal/store/", "internal/server", "internal/app", "internal/auth", "internal/admin", "internal/metrics"}},
		{"internal/dialect/", []string{"internal/store/", "internal/server", "internal/app", "internal/dialect/"}},
		{"internal/store/", []string{"internal/dialect/", "internal/server", "internal/app"}},
		{"internal/signer", []string{"internal/"}},
	}
	checked := 0
	for pkg, deps := range graph {
		rel := strings.TrimPrefix(strings.TrimPrefix(pkg, module), "/")
		for _, r := range rules {
			if rel != r.pkg && !(strings.HasSuffix(r.pkg, "/") && strings.HasPrefix(rel, r.pkg)) {
				continue
			}
			checked++
			for _, dep := range deps {
				depRel, ours := strings.CutPrefix(dep, module+"/")
				if !ours {
					continue
				}
				if strings.HasPrefix(depRel, rel+"/") {
					continue // a package's own subpackages
				}
				if depRel == "internal/dialect/kit" && strings.HasPrefix(rel, "internal/dialect/") {
					continue // what the dialects share
				}
				for _, f := range r.forbidden {
					if depRel == f || strings.HasSuffix(f, "/") && strings.HasPrefix(depRel, f) {
						t.Errorf("%s imports %s, which its layer must not", rel, depRel)
					}
				}
			}
		}
	}
	if checked < 6 {
		t.Fatalf("only %d packages matched a rule; the layout changed?", checked)
	}
}

func TestCoreUsesTheStandardLibraryOnly(t *testing.T) {
	for pkg, deps := range imports(t) {
		if pkg != module+"/internal/compute" {
			continue
		}
		for _, dep := range deps {
			if !isStdlib(dep) {
				t.Errorf("internal/compute imports %s", dep)
			}
		}
		return
	}
	t.Fatal("internal/compute not found")
}

// TestOnlyTheRootKnowsConcreteStores: outside cmd and internal/app, nothing
// imports a store implementation.
func TestOnlyTheRootKnowsConcreteStores(t *testing.T) {
	for pkg, deps := range imports(t) {
		rel := strings.TrimPrefix(pkg, module+"/")
		if strings.HasPrefix(rel, "cmd/") || strings.HasPrefix(rel, "internal/app") || strings.HasPrefix(rel, "internal/store/") {
			continue
		}
		for _, dep := range deps {
			if strings.HasPrefix(dep, module+"/internal/store/") {
				t.Errorf("%s imports the store %s", rel, strings.TrimPrefix(dep, module+"/"))
			}
		}
	}
}

// TestTestPackagesServeTestsOnly: a package of test helpers (computetest,
// apptest, pgtest, zenlayertest...) is imported by tests and by other such
// packages, never by code that ships, not even its own parent's.
func TestTestPackagesServeTestsOnly(t *testing.T) {
	isTestPackage := func(pkg string) bool { return strings.HasSuffix(pkg[strings.LastIndex(pkg, "/")+1:], "test") }
	for pkg, deps := range imports(t) {
		if isTestPackage(pkg) {
			continue
		}
		for _, dep := range deps {
			if strings.HasPrefix(dep, module+"/") && isTestPackage(dep) {
				t.Errorf("%s imports the test package %s", strings.TrimPrefix(pkg, module+"/"), strings.TrimPrefix(dep, module+"/"))
			}
		}
	}
}

// TestSignerServesClientsOnly: the client-side signer is the load tool's,
// and never the server's, so that ecsd's verifiers and the signer stay two
// independent readings of the vendors' algorithms that check each other.
func TestSignerServesClientsOnly(t *testing.T) {
	signer := module + "/internal/signer"
	for pkg, deps := range imports(t) {
		rel := strings.TrimPrefix(pkg, module+"/")
		if strings.HasPrefix(rel, "cmd/") || rel == "internal/bench" {
			continue
		}
		for _, dep := range deps {
			if dep == signer {
				t.Errorf("%s imports internal/signer, which only clients (cmd, internal/bench) may", rel)
			}
		}
	}
}
