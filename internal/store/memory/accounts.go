package memory

import (
	"cmp"
	"context"
	"slices"
	"strings"

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
