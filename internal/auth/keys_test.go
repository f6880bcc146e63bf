package auth_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
)

const (
	upperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	mixedAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	digits     = "0123456789"
)

// only reports whether every byte of s is in alphabet.
func only(s, alphabet string) bool {
	for i := range len(s) {
		if !strings.ContainsRune(alphabet, rune(s[i])) {
			return false
		}
	}
	return true
}

// TestNewAccountGenerated: generated credentials have the documented shape
// (an "ECSD" key ID of 24 upper-case letters and digits, a 32-character
// secret, a 16-digit account ID like a vendor UID not starting with 0) and
// do not repeat.
func TestNewAccountGenerated(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("UTC+8", 8*3600))
	const n = 1000
	keyIDs, secrets, accounts := map[string]bool{}, map[string]bool{}, map[compute.AccountID]bool{}
	for range n {
		a, k, err := auth.NewAccount("team-a", "", "", now)
		if err != nil {
			t.Fatal(err)
		}
		if len(k.ID) != 24 || !strings.HasPrefix(k.ID, "ECSD") || !only(k.ID[4:], upperAlnum) {
			t.Fatalf("key ID %q, want ECSD and 20 upper-case letters or digits", k.ID)
		}
		if len(k.Secret) != 32 || !only(k.Secret, mixedAlnum) {
			t.Fatalf("secret %q, want 32 letters or digits", k.Secret)
		}
		if id := string(a.ID); len(id) != 16 || id[0] == '0' || !only(id, digits) {
			t.Fatalf("account ID %q, want 16 digits not starting with 0", id)
		}
		if k.Account != a.ID || a.Name != "team-a" || k.Disabled {
			t.Fatalf("account %+v, key %+v: want an enabled key of the named account", a, k)
		}
		// Stored times are UTC whatever the caller's zone, so that every
		// store and node spells them alike.
		if a.CreatedAt != now.UTC() || k.CreatedAt != now.UTC() || a.CreatedAt.Location() != time.UTC {
			t.Fatalf("created at %v and %v, want %v", a.CreatedAt, k.CreatedAt, now.UTC())
		}
		if keyIDs[k.ID] || secrets[k.Secret] || accounts[a.ID] {
			t.Fatalf("a generated value repeated within %d accounts: %q %q %q", n, k.ID, k.Secret, a.ID)
		}
		keyIDs[k.ID], secrets[k.Secret], accounts[a.ID] = true, true, true
	}
}

// TestNewAccountGivenKey: a key pair given by the operator is kept as it
// is, as long as it can travel in headers and query strings.
func TestNewAccountGivenKey(t *testing.T) {
	tests := []struct {
		name, keyID, secret string
		ok                  bool
	}{
		{"vendor-like pair", "LTAI5tExampleKeyId", "Ex4mple+Secret=_-.~", true},
		{"128 characters", strings.Repeat("k", 128), strings.Repeat("s", 128), true},
		{"129 characters", strings.Repeat("k", 129), "s", false},
		{"secret of 129 characters", "k", strings.Repeat("s", 129), false},
		{"space", "key id", "s", false},
		{"comma", "k", "a,b", false},
		{"slash", "a/b", "s", false},
		{"control character", "k", "a\tb", false},
		{"DEL", "k", "a\x7fb", false},
		{"non-ASCII", "clé", "s", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, k, err := auth.NewAccount("a", tt.keyID, tt.secret, time.Now())
			if !tt.ok {
				wantCode(t, err, compute.InvalidArgument, "access_key")
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if k.ID != tt.keyID || k.Secret != tt.secret {
				t.Errorf("key %q/%q, want the given %q/%q", k.ID, k.Secret, tt.keyID, tt.secret)
			}
		})
	}
}

// TestCheckName: account names are 1 to 64 letters, digits, '-', '_' or
// '.'; anything else anywhere in the name is refused.
func TestCheckName(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"default", true},
		{"Team_1.prod-eu", true},
		{strings.Repeat("n", 64), true},
		{"", false},
		{strings.Repeat("n", 65), false},
		{"two words", false},
		{"a/b", false},
		{"ünï", false},
		// The middle of a name is checked, not only its ends.
		{"a@b", false},
	}
	for _, tt := range tests {
		err := auth.CheckName(tt.name)
		if tt.ok {
			if err != nil {
				t.Errorf("CheckName(%q) = %v, want accepted", tt.name, err)
			}
			continue
		}
		if compute.ErrorCode(err) != compute.InvalidArgument {
			t.Errorf("CheckName(%q) = %v, want InvalidArgument", tt.name, err)
		}
		if _, _, err := auth.NewAccount(tt.name, "", "", time.Now()); err == nil {
			t.Errorf("NewAccount(%q) accepted a name CheckName refuses", tt.name)
		}
	}
}

// TestRandomString: n characters, all from the alphabet, and every
// character of the alphabet is drawn (a range off by one would never draw
// the last).
func TestRandomString(t *testing.T) {
	if got := auth.RandomString(digits, 0); got != "" {
		t.Errorf("RandomString(digits, 0) = %q, want empty", got)
	}
	for _, alphabet := range []string{digits, upperAlnum, mixedAlnum, "xy"} {
		s := auth.RandomString(alphabet, 200*len(alphabet))
		if len(s) != 200*len(alphabet) {
			t.Fatalf("length %d, want %d", len(s), 200*len(alphabet))
		}
		if !only(s, alphabet) {
			t.Errorf("RandomString(%q) drew outside its alphabet: %q", alphabet, s)
		}
		// With 200 draws per character, one missing by chance has
		// probability below 62 * (61/62)^12400, about 1e-86.
		for _, c := range alphabet {
			if !strings.ContainsRune(s, c) {
				t.Errorf("RandomString(%q) never drew %q", alphabet, c)
			}
		}
	}
}
