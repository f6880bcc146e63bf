package memory

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
)

// CreateAccount implements auth.Store.
func (s *Store) CreateAccount(_ context.Context, a auth.Account, k auth.AccessKey) error {
	const op = "create_account"
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, other := range s.accounts {
		switch {
		case other.Name == a.Name:
			return &compute.Error{Code: compute.AlreadyExists, Op: op, Param: "name", Value: a.Name, Message: "an account with this name exists already"}
		case other.ID == a.ID:
			return &compute.Error{Code: compute.AlreadyExists, Op: op, Param: "account", Value: string(a.ID), Message: "an account with this ID exists already"}
		}
	}
	if slices.ContainsFunc(s.keys, func(o auth.AccessKey) bool { return o.ID == k.ID }) {
		return &compute.Error{Code: compute.AlreadyExists, Op: op, Param: "access_key_id", Value: k.ID, Message: "an access key with this ID exists already"}
	}
	k.Account = a.ID
	s.accounts = append(s.accounts, a)
	s.keys = append(s.keys, k)
	return nil
}

// AccessKey implements auth.Store.
func (s *Store) AccessKey(_ context.Context, id string) (auth.AccessKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range s.keys {
		if k.ID == id {
			return k, nil
		}
	}
	return auth.AccessKey{}, &compute.Error{Code: compute.NotFound, Op: "access_key", Param: "access_key_id", Value: id, Message: "the access key does not exist"}
}

// AccessKeys implements auth.Store.
func (s *Store) AccessKeys(_ context.Context, account compute.AccountID) ([]auth.AccessKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []auth.AccessKey
	for _, k := range s.keys {
		if k.Account == account {
			out = append(out, k)
		}
	}
	slices.SortStableFunc(out, func(a, b auth.AccessKey) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.ID, b.ID))
	})
	return out, nil
}

// Accounts implements auth.Store.
func (s *Store) Accounts(context.Context) ([]auth.Account, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Clone(s.accounts)
	slices.SortStableFunc(out, func(a, b auth.Account) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), strings.Compare(string(a.ID), string(b.ID)))
	})
	return out, nil
}

// Secret implements auth.Store.
func (s *Store) Secret(_ context.Context, name, candidate string) (string, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.secrets[name]; ok {
		return v, false, nil
	}
	if s.secrets == nil {
		s.secrets = map[string]string{}
	}
	s.secrets[name] = candidate
	return candidate, true, nil
}

var _ auth.KeyAdmin = (*Store)(nil)

// AddKey implements auth.KeyAdmin.
func (s *Store) AddKey(_ context.Context, k auth.AccessKey) error {
	const op = "add_key"
	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.ContainsFunc(s.accounts, func(a auth.Account) bool { return a.ID == k.Account }) {
		return &compute.Error{Code: compute.NotFound, Op: op, Param: "account", Value: string(k.Account), Message: "the account does not exist"}
	}
	if slices.ContainsFunc(s.keys, func(o auth.AccessKey) bool { return o.ID == k.ID }) {
		return &compute.Error{Code: compute.AlreadyExists, Op: op, Param: "access_key_id", Value: k.ID, Message: "an access key with this ID exists already"}
	}
	s.keys = append(s.keys, k)
	return nil
}

// key returns the index of the key id, or a NotFound error for op.
func (s *Store) key(op, id string) (int, error) {
	i := slices.IndexFunc(s.keys, func(k auth.AccessKey) bool { return k.ID == id })
	if i < 0 {
		return -1, &compute.Error{Code: compute.NotFound, Op: op, Param: "access_key_id", Value: id, Message: "the access key does not exist"}
	}
	return i, nil
}

// SetKeyDisabled implements auth.KeyAdmin.
func (s *Store) SetKeyDisabled(_ context.Context, id string, disabled bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, err := s.key("set_key_disabled", id)
	if err != nil {
		return err
	}
	s.keys[i].Disabled = disabled
	return nil
}

// DeleteKey implements auth.KeyAdmin.
func (s *Store) DeleteKey(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, err := s.key("delete_key", id)
	if err != nil {
		return err
	}
	s.keys = slices.Delete(s.keys, i, i+1)
	return nil
}

// DeleteAccount implements auth.KeyAdmin.
func (s *Store) DeleteAccount(_ context.Context, id compute.AccountID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.accounts, func(a auth.Account) bool { return a.ID == id })
	if i < 0 {
		return &compute.Error{Code: compute.NotFound, Op: "delete_account", Param: "account", Value: string(id), Message: "the account does not exist"}
	}
	s.accounts = slices.Delete(s.accounts, i, i+1)
	s.keys = slices.DeleteFunc(s.keys, func(k auth.AccessKey) bool { return k.Account == id })
	return nil
}

// KeyUsed implements auth.KeyAdmin.
func (s *Store) KeyUsed(_ context.Context, id string, t time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i, err := s.key("key_used", id); err == nil && s.keys[i].LastUsed.Before(t) {
		s.keys[i].LastUsed = t.UTC()
	}
	return nil
}

// ReplaceKeySecret implements auth.KeyAdmin.
func (s *Store) ReplaceKeySecret(_ context.Context, id, old, next string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, err := s.key("replace_key_secret", id)
	if err != nil || s.keys[i].Secret != old {
		return false, nil
	}
	s.keys[i].Secret = next
	return true, nil
}

var _ auth.SecretsAdmin = (*Store)(nil)

// StoredSecrets implements auth.SecretsAdmin.
func (s *Store) StoredSecrets(context.Context) (map[string]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.secrets), nil
}

// ReplaceSecret implements auth.SecretsAdmin.
func (s *Store) ReplaceSecret(_ context.Context, name, old, next string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.secrets[name]; !ok || v != old {
		return false, nil
	}
	s.secrets[name] = next
	return true, nil
}
