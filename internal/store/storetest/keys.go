package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
)

// keyAdmin is the fixture's account store as an auth.KeyAdmin, which every
// store must be.
func (f *fixture) keyAdmin(t *testing.T) auth.KeyAdmin {
	t.Helper()
	admin, ok := f.acc.(auth.KeyAdmin)
	if !ok {
		t.Fatalf("%T is not an auth.KeyAdmin", f.acc)
	}
	return admin
}

// wantStoreCode fails unless err is a *compute.Error of code about param.
func wantStoreCode(t *testing.T, what string, err error, code compute.Code, param string) {
	t.Helper()
	e, ok := compute.AsError(err)
	if !ok || e.Code != code || e.Param != param {
		t.Errorf("%s = %v, want %s about %q", what, err, code, param)
	}
}

// keyIDs lists the IDs of an account's keys, oldest first.
func (f *fixture) keyIDs(t *testing.T, account compute.AccountID) []string {
	t.Helper()
	keys, err := f.acc.AccessKeys(f.ctx, account)
	if err != nil {
		t.Fatalf("AccessKeys(%s): %v", account, err)
	}
	var ids []string
	for _, k := range keys {
		ids = append(ids, k.ID)
	}
	return ids
}

// testKeyAdmin: keys are added to, disabled in, enabled in and deleted
// from an account, accounts are deleted with their keys, and a key's last
// use only moves forward.
func testKeyAdmin(t *testing.T, f *fixture) {
	admin := f.keyAdmin(t)
	a, k1, err := auth.NewAccount("owner", "KEY1", "s1", f.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := f.acc.CreateAccount(f.ctx, a, k1); err != nil {
		t.Fatalf("CreateAccount: %v", err)
	}
	other, k9, _ := auth.NewAccount("other", "KEY9", "s9", f.clock.Now())
	if err := f.acc.CreateAccount(f.ctx, other, k9); err != nil {
		t.Fatalf("CreateAccount: %v", err)
	}
	f.clock.Advance(time.Second)
	k2, err := auth.NewKey(a.ID, "KEY2", "s2", f.clock.Now())
	if err != nil {
		t.Fatal(err)
	}

	t.Run("add", func(t *testing.T) {
		if err := admin.AddKey(f.ctx, k2); err != nil {
			t.Fatalf("AddKey: %v", err)
		}
		if got := f.keyIDs(t, a.ID); !slices.Equal(got, []string{"KEY1", "KEY2"}) {
			t.Errorf("keys = %q, want KEY1 then KEY2", got)
		}
		got, err := f.acc.AccessKey(f.ctx, "KEY2")
		if err != nil || got.Secret != "s2" || got.Account != a.ID || got.Disabled || !got.CreatedAt.Equal(k2.CreatedAt) || !got.LastUsed.IsZero() {
			t.Errorf("AccessKey(KEY2) = %+v, %v; want %+v", got, err, k2)
		}
		taken, _ := auth.NewKey(a.ID, "KEY9", "x", f.clock.Now())
		wantStoreCode(t, "AddKey with another account's key ID", admin.AddKey(f.ctx, taken), compute.AlreadyExists, "access_key_id")
		orphan, _ := auth.NewKey("1999999999999999", "KEY3", "x", f.clock.Now())
		wantStoreCode(t, "AddKey to no account", admin.AddKey(f.ctx, orphan), compute.NotFound, "account")
		if _, err := f.acc.AccessKey(f.ctx, "KEY3"); compute.ErrorCode(err) != compute.NotFound {
			t.Errorf("a key refused for want of an account was stored: %v", err)
		}
	})

	t.Run("disable and enable", func(t *testing.T) {
		for _, disabled := range []bool{true, false, true} {
			if err := admin.SetKeyDisabled(f.ctx, "KEY1", disabled); err != nil {
				t.Fatalf("SetKeyDisabled(%t): %v", disabled, err)
			}
			if got, err := f.acc.AccessKey(f.ctx, "KEY1"); err != nil || got.Disabled != disabled {
				t.Errorf("after SetKeyDisabled(%t): %+v, %v", disabled, got, err)
			}
		}
		if got, _ := f.acc.AccessKey(f.ctx, "KEY2"); got.Disabled {
			t.Error("disabling KEY1 disabled KEY2")
		}
		wantStoreCode(t, "SetKeyDisabled of no key", admin.SetKeyDisabled(f.ctx, "NOPE", true), compute.NotFound, "access_key_id")
	})

	t.Run("last use", func(t *testing.T) {
		t0 := f.clock.Now().Truncate(time.Minute).Add(time.Hour)
		steps := []struct {
			name string
			at   time.Time
			want time.Time
		}{
			{"first use", t0, t0},
			{"a later use moves it", t0.Add(time.Minute), t0.Add(time.Minute)},
			{"an earlier one, written late by another node, does not", t0, t0.Add(time.Minute)},
		}
		for _, s := range steps {
			if err := admin.KeyUsed(f.ctx, "KEY2", s.at); err != nil {
				t.Fatalf("%s: KeyUsed: %v", s.name, err)
			}
			if got, _ := f.acc.AccessKey(f.ctx, "KEY2"); !got.LastUsed.Equal(s.want) {
				t.Errorf("%s: LastUsed = %v, want %v", s.name, got.LastUsed, s.want)
			}
		}
		if got, _ := f.acc.AccessKey(f.ctx, "KEY1"); !got.LastUsed.IsZero() {
			t.Errorf("KEY1 was never used, yet LastUsed = %v", got.LastUsed)
		}
		if err := admin.KeyUsed(f.ctx, "NOPE", t0); err != nil {
			t.Errorf("KeyUsed of an unknown key = %v, want no error", err)
		}
	})

	t.Run("replace secret", func(t *testing.T) {
		if ok, err := admin.ReplaceKeySecret(f.ctx, "KEY2", "wrong", "x"); err != nil || ok {
			t.Errorf("ReplaceKeySecret from a stale value = %t, %v; want false", ok, err)
		}
		if ok, err := admin.ReplaceKeySecret(f.ctx, "KEY2", "s2", "sealed"); err != nil || !ok {
			t.Errorf("ReplaceKeySecret = %t, %v; want true", ok, err)
		}
		if got, _ := f.acc.AccessKey(f.ctx, "KEY2"); got.Secret != "sealed" {
			t.Errorf("secret = %q, want the replacement", got.Secret)
		}
	})

	t.Run("delete key", func(t *testing.T) {
		if err := admin.DeleteKey(f.ctx, "KEY1"); err != nil {
			t.Fatalf("DeleteKey: %v", err)
		}
		if _, err := f.acc.AccessKey(f.ctx, "KEY1"); compute.ErrorCode(err) != compute.NotFound {
			t.Errorf("AccessKey of a deleted key = %v, want NotFound", err)
		}
		if got := f.keyIDs(t, a.ID); !slices.Equal(got, []string{"KEY2"}) {
			t.Errorf("keys = %q, want KEY2 alone", got)
		}
		wantStoreCode(t, "DeleteKey again", admin.DeleteKey(f.ctx, "KEY1"), compute.NotFound, "access_key_id")
	})

	t.Run("delete account", func(t *testing.T) {
		if err := admin.DeleteAccount(f.ctx, a.ID); err != nil {
			t.Fatalf("DeleteAccount: %v", err)
		}
		if _, err := f.acc.AccessKey(f.ctx, "KEY2"); compute.ErrorCode(err) != compute.NotFound {
			t.Errorf("a deleted account's key = %v, want NotFound", err)
		}
		accounts, err := f.acc.Accounts(f.ctx)
		if err != nil || len(accounts) != 1 || accounts[0].ID != other.ID {
			t.Errorf("Accounts after the delete = %+v, %v; want other alone", accounts, err)
		}
		if _, err := f.acc.AccessKey(f.ctx, "KEY9"); err != nil {
			t.Errorf("the other account's key: %v", err)
		}
		wantStoreCode(t, "DeleteAccount again", admin.DeleteAccount(f.ctx, a.ID), compute.NotFound, "account")
		// The name is free again.
		again, k, _ := auth.NewAccount("owner", "KEY1", "s", f.clock.Now())
		if err := f.acc.CreateAccount(f.ctx, again, k); err != nil {
			t.Errorf("CreateAccount with the deleted account's name and key ID: %v", err)
		}
	})
}

// testSecretsAdmin: the stored secrets are listed as stored, and replaced
// only from the value the caller read.
func testSecretsAdmin(t *testing.T, f *fixture) {
	admin, ok := f.sec.(auth.SecretsAdmin)
	if !ok {
		t.Fatalf("%T is not an auth.SecretsAdmin", f.sec)
	}
	if got, err := admin.StoredSecrets(f.ctx); err != nil || len(got) != 0 {
		t.Fatalf("StoredSecrets of an empty store = %v, %v", got, err)
	}
	for _, name := range []string{"a", "b"} {
		if _, _, err := f.sec.Secret(f.ctx, name, "v-"+name); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := admin.StoredSecrets(f.ctx); err != nil || len(got) != 2 || got["a"] != "v-a" || got["b"] != "v-b" {
		t.Fatalf("StoredSecrets = %v, %v", got, err)
	}
	if ok, err := admin.ReplaceSecret(f.ctx, "a", "stale", "x"); err != nil || ok {
		t.Errorf("ReplaceSecret from a stale value = %t, %v; want false", ok, err)
	}
	if ok, err := admin.ReplaceSecret(f.ctx, "a", "v-a", "sealed"); err != nil || !ok {
		t.Errorf("ReplaceSecret = %t, %v; want true", ok, err)
	}
	if v, _, _ := f.sec.Secret(f.ctx, "a", "ignored"); v != "sealed" {
		t.Errorf("Secret(a) = %q, want the replacement", v)
	}
	if ok, err := admin.ReplaceSecret(f.ctx, "missing", "", "x"); err != nil || ok {
		t.Errorf("ReplaceSecret of no secret = %t, %v; want false", ok, err)
	}
}
