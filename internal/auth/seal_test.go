package auth_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/store/memory"
)

func newKeyLine(t *testing.T) string {
	t.Helper()
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(b)
}

func sealer(t *testing.T, lines ...string) *auth.Sealer {
	t.Helper()
	s, err := auth.ParseSealKeys([]byte(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatalf("ParseSealKeys: %v", err)
	}
	return s
}

// TestParseSealKeys: a key file holds 32-byte keys as base64 or hex, one a
// line, with comments; anything else is refused with a message that says
// how to make one.
func TestParseSealKeys(t *testing.T) {
	raw := make([]byte, 32)
	for i := range raw {
		raw[i] = byte(i)
	}
	for _, c := range []struct {
		name string
		file string
		ok   bool
	}{
		{"base64", base64.StdEncoding.EncodeToString(raw) + "\n", true},
		{"base64 without padding", base64.RawStdEncoding.EncodeToString(raw), true},
		{"base64url", base64.URLEncoding.EncodeToString(raw), true},
		{"hex", hex.EncodeToString(raw), true},
		{"two keys and a comment", "# current\n" + hex.EncodeToString(raw) + "\n\n" + newKeyLine(t) + "\n", true},
		{"empty", "", false},
		{"only comments", "# nothing\n", false},
		{"too short", base64.StdEncoding.EncodeToString(raw[:16]), false},
		{"a passphrase", "correct horse battery staple", false},
		{"a key twice", hex.EncodeToString(raw) + "\n" + base64.StdEncoding.EncodeToString(raw), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := auth.ParseSealKeys([]byte(c.file))
			if (err == nil) != c.ok {
				t.Fatalf("ParseSealKeys = %v, want ok %t", err, c.ok)
			}
			if err != nil && strings.Contains(err.Error(), "correct horse") {
				t.Errorf("the error quotes the file: %v", err)
			}
		})
	}
}

// alter changes one character of a sealed value's ciphertext, away from
// its end, where base64 may carry bits that decode to nothing.
func alter(sealed string) string {
	i := len(sealed) - 10
	c := byte('A')
	if sealed[i] == 'A' {
		c = 'B'
	}
	return sealed[:i] + string(c) + sealed[i+1:]
}

// TestSealOpen: a sealed value opens to what was sealed, under the key
// that sealed it, only for the row it was sealed for; a value stored
// before sealing opens as it is.
func TestSealOpen(t *testing.T) {
	k1, k2 := newKeyLine(t), newKeyLine(t)
	s := sealer(t, k1)
	sealed := s.Seal("secret", "access_key/K")
	if !auth.IsSealed(sealed) || strings.Contains(sealed, "secret") || !s.Current(sealed) {
		t.Fatalf("Seal = %q", sealed)
	}
	if s.Seal("secret", "access_key/K") == sealed {
		t.Error("two seals of one value are equal: the nonce is not fresh")
	}
	for _, c := range []struct {
		name   string
		sealer *auth.Sealer
		stored string
		about  string
		want   string // "" for an error
	}{
		{"opens", s, sealed, "access_key/K", "secret"},
		{"a plain value passes", s, "plain", "access_key/K", "plain"},
		{"another row", s, sealed, "access_key/OTHER", ""},
		{"altered", s, alter(sealed), "access_key/K", ""},
		{"truncated", s, sealed[:30], "access_key/K", ""},
		{"a key file without its key", sealer(t, k2), sealed, "access_key/K", ""},
		{"an older key still opens", sealer(t, k2, k1), sealed, "access_key/K", "secret"},
		{"no key file", nil, sealed, "access_key/K", ""},
		{"no key file, a plain value", nil, "plain", "access_key/K", "plain"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.sealer.Open(c.stored, c.about)
			if c.want == "" {
				if err == nil {
					t.Fatalf("Open = %q, want an error", got)
				}
				if e, ok := compute.AsError(err); !ok || e.Message == "" || strings.Contains(e.Message, "secret\"") {
					t.Errorf("error = %v", err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Errorf("Open = %q, %v; want %q", got, err, c.want)
			}
		})
	}
	if sealer(t, k2, k1).Current(sealed) {
		t.Error("a value sealed under the second key counts as current")
	}
}

// TestSealedStore: through Sealed, secrets are stored sealed and read
// plain; Reseal seals what was stored before sealing and what an older
// key sealed; without a key file, a store holding sealed secrets is
// refused rather than served with secrets that cannot verify anything.
func TestSealedStore(t *testing.T) {
	ctx := context.Background()
	raw := memory.New()
	now := time.Now()
	// Stored before sealing was turned on.
	a, k, _ := auth.NewAccount("old", "OLDKEY", "old-secret", now)
	if err := raw.CreateAccount(ctx, a, k); err != nil {
		t.Fatal(err)
	}
	if _, _, err := raw.Secret(ctx, "admin-token", "old-token"); err != nil {
		t.Fatal(err)
	}

	k1, k2 := newKeyLine(t), newKeyLine(t)
	first := auth.Seal(raw, sealer(t, k1))
	if n, err := first.Reseal(ctx); err != nil || n != 2 {
		t.Fatalf("Reseal = %d, %v; want the key and the token sealed", n, err)
	}
	b, kb, _ := auth.NewAccount("new", "NEWKEY", "new-secret", now)
	if err := first.CreateAccount(ctx, b, kb); err != nil {
		t.Fatal(err)
	}
	extra, _ := auth.NewKey(b.ID, "EXTRA", "extra-secret", now)
	if err := first.AddKey(ctx, extra); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"OLDKEY", "NEWKEY", "EXTRA"} {
		stored, _ := raw.AccessKey(ctx, id)
		if !auth.IsSealed(stored.Secret) || strings.Contains(stored.Secret, "secret") {
			t.Errorf("%s is stored as %q, want it sealed", id, stored.Secret)
		}
	}
	if got, _ := first.AccessKey(ctx, "OLDKEY"); got.Secret != "old-secret" {
		t.Errorf("OLDKEY reads %q", got.Secret)
	}
	if keys, err := first.AccessKeys(ctx, b.ID); err != nil || len(keys) != 2 || keys[0].Secret+keys[1].Secret != "extra-secretnew-secret" {
		t.Errorf("AccessKeys = %+v, %v", keys, err)
	}
	if v, created, err := first.Secret(ctx, "admin-token", "x"); err != nil || created || v != "old-token" {
		t.Errorf("the admin token = %q, %t, %v", v, created, err)
	}
	if v, created, err := first.Secret(ctx, "fresh", "made-now"); err != nil || !created || v != "made-now" {
		t.Errorf("a new secret = %q, %t, %v", v, created, err)
	}
	if stored, _ := raw.StoredSecrets(ctx); !auth.IsSealed(stored["fresh"]) || !auth.IsSealed(stored["admin-token"]) {
		t.Errorf("secrets stored as %v, want them sealed", stored)
	}

	t.Run("rotation", func(t *testing.T) {
		rotated := auth.Seal(raw, sealer(t, k2, k1))
		if n, err := rotated.Reseal(ctx); err != nil || n != 5 {
			t.Fatalf("Reseal under a new key = %d, %v; want all 5 values", n, err)
		}
		if n, err := rotated.Reseal(ctx); err != nil || n != 0 {
			t.Errorf("Reseal again = %d, %v; want nothing to do", n, err)
		}
		onlyNew := auth.Seal(raw, sealer(t, k2))
		if got, err := onlyNew.AccessKey(ctx, "EXTRA"); err != nil || got.Secret != "extra-secret" {
			t.Errorf("after the rotation, the new key alone opens %q, %v", got.Secret, err)
		}
	})
	t.Run("no key file", func(t *testing.T) {
		none := auth.Seal(raw, nil)
		if _, err := none.Reseal(ctx); err == nil || !strings.Contains(err.Error(), "--secrets-key-file") {
			t.Errorf("Reseal without a key file = %v, want a refusal naming --secrets-key-file", err)
		}
		if _, err := none.AccessKey(ctx, "NEWKEY"); err == nil {
			t.Error("a sealed key read without the key file, want an error")
		}
	})
}
