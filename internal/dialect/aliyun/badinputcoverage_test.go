package aliyun_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sync"
	"testing"

	"github.com/ecsd/ecsd/internal/dialect/aliyun"
	"github.com/ecsd/ecsd/internal/dialect/kit/kittest"
)

// The bad-input tables, by the test that runs each. Together they must
// send every action served at least one bad request: TestMain checks it
// after a run of the whole package, so that an action added without rows
// fails the build.
var badInputTables = []string{"TestBadInput", "TestRunInstancesBadInput", "TestInstanceActionsBadInput", "TestResourceBadInputs"}

// badInputsSeen records which tables ran and which version and action
// each of their rows sent.
var badInputsSeen struct {
	sync.Mutex
	tables  map[string]bool
	actions map[[2]string]int
}

// runBadInputs is kittest.RunBadInputs with ECS's decoder, noting each
// row's action.
func runBadInputs(t *testing.T, cases []kittest.Case) {
	t.Helper()
	for i, c := range cases {
		request := c.Request
		cases[i].Request = func(tb testing.TB) *http.Request {
			r := request(tb)
			noteAction(tb, r)
			return r
		}
	}
	badInputsSeen.Lock()
	if badInputsSeen.tables == nil {
		badInputsSeen.tables, badInputsSeen.actions = map[string]bool{}, map[[2]string]int{}
	}
	badInputsSeen.tables[t.Name()] = true
	badInputsSeen.Unlock()
	kittest.RunBadInputs(t, nil, cases, refusal)
}

// noteAction records the version and action a request names, in its
// ACS3 headers, its query or its form body.
func noteAction(tb testing.TB, r *http.Request) {
	tb.Helper()
	params, _ := url.ParseQuery(r.URL.RawQuery)
	if r.Body != nil {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			tb.Fatal(err)
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		form, _ := url.ParseQuery(string(body))
		for k, v := range form {
			params[k] = v
		}
	}
	version, action := params.Get("Version"), params.Get("Action")
	if h := r.Header.Get("x-acs-action"); h != "" {
		version, action = r.Header.Get("x-acs-version"), h
	}
	badInputsSeen.Lock()
	badInputsSeen.actions[[2]string{version, action}]++
	badInputsSeen.Unlock()
}

// uncoveredActions lists the actions no bad-input row sent, once every
// table ran; nil otherwise.
func uncoveredActions() []string {
	badInputsSeen.Lock()
	defer badInputsSeen.Unlock()
	for _, table := range badInputTables {
		if !badInputsSeen.tables[table] {
			return nil
		}
	}
	var missing []string
	for version, actions := range aliyun.ServedActions() {
		for _, action := range actions {
			if badInputsSeen.actions[[2]string{version, action}] == 0 {
				missing = append(missing, version+" "+action)
			}
		}
	}
	slices.Sort(missing)
	return missing
}

func TestMain(m *testing.M) {
	code := m.Run()
	if missing := uncoveredActions(); code == 0 && len(missing) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: no bad-input row sends these served actions:\n")
		for _, a := range missing {
			fmt.Fprintf(os.Stderr, "\t%s\n", a)
		}
		code = 1
	}
	os.Exit(code)
}
