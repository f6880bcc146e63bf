package aliyun_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecsd/ecsd/internal/dialect/aliyun"
)

// TestEveryActionIsDocumented fails when an action is served that
// docs/aliyun.md does not name.
func TestEveryActionIsDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "..", "docs", "aliyun.md"))
	if err != nil {
		t.Fatal(err)
	}
	for version, actions := range aliyun.ServedActions() {
		for _, action := range actions {
			if !strings.Contains(string(doc), "`"+action+"`") {
				t.Errorf("%s %s is not in docs/aliyun.md", version, action)
			}
		}
	}
}
