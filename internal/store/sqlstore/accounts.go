package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
)

var _ auth.Store = (*Store)(nil)

// CreateAccount implements auth.Store. k becomes a key of a, whatever
// k.Account says.
func (s *Store) CreateAccount(ctx context.Context, a auth.Account, k auth.AccessKey) error {
	const op = "create_account"
	err := s.inTx(ctx, nil, func(tx *sql.Tx) error {
		// Ask first: a failed INSERT would abort a PostgreSQL transaction,
		// and its error does not say which constraint it violated.
		var taken int
		if err := tx.QueryRowContext(ctx, s.rebind(nameTakenSQL), a.Name).Scan(&taken); err != nil {
			return err
		}
		if taken > 0 {
			return &compute.Error{Code: compute.AlreadyExists, Op: op, Param: "name", Value: a.Name,
				Message: "an account with this name exists already"}
		}
		if _, err := tx.ExecContext(ctx, s.rebind(insertAccountSQL), string(a.ID), a.Name, nanos(a.CreatedAt)); err != nil {
			if s.flavor.Classify(err) == FaultUnique {
				return &compute.Error{Code: compute.AlreadyExists, Op: op, Param: "account", Value: string(a.ID),
					Message: "an account with this ID exists already", Err: err}
			}
			return err
		}
		k.Account = a.ID
		return s.insertKey(ctx, tx, op, k)
	})
	return s.fail(op, err)
}

// insertKey stores k in tx.
func (s *Store) insertKey(ctx context.Context, tx *sql.Tx, op string, k auth.AccessKey) error {
	_, err := tx.ExecContext(ctx, s.rebind(insertKeySQL), k.ID, k.Secret, string(k.Account), k.Disabled, nanos(k.CreatedAt), nanos(k.LastUsed))
	if err != nil && s.flavor.Classify(err) == FaultUnique {
		return &compute.Error{Code: compute.AlreadyExists, Op: op, Param: "access_key_id", Value: k.ID,
			Message: "an access key with this ID exists already", Err: err}
	}
	return err
}

// AccessKey implements auth.Store.
func (s *Store) AccessKey(ctx context.Context, id string) (auth.AccessKey, error) {
	k, err := scanKey(s.keyStmt.QueryRowContext(ctx, id))
	if errors.Is(err, sql.ErrNoRows) {
		return auth.AccessKey{}, &compute.Error{Code: compute.NotFound, Op: "access_key", Param: "access_key_id", Value: id,
			Message: "the access key does not exist"}
	}
	if err != nil {
		return auth.AccessKey{}, s.fail("access_key", err)
	}
	return k, nil
}

// AccessKeys implements auth.Store.
func (s *Store) AccessKeys(ctx context.Context, account compute.AccountID) ([]auth.AccessKey, error) {
	rows, err := s.read.QueryContext(ctx, s.rebind(accountKeysSQL), string(account))
	if err != nil {
		return nil, s.fail("access_keys", err)
	}
	defer rows.Close()
	var out []auth.AccessKey
	for rows.Next() {
		k, err := scanKey(rows)
		if err != nil {
			return nil, s.fail("access_keys", err)
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("access_keys", err)
	}
	return out, nil
}

// scanKey reads the columns keyCols.
func scanKey(row interface{ Scan(...any) error }) (auth.AccessKey, error) {
	var (
		k       auth.AccessKey
		account string
		created int64
		used    int64
	)
	if err := row.Scan(&k.ID, &k.Secret, &account, &k.Disabled, &created, &used); err != nil {
		return auth.AccessKey{}, err
	}
	k.Account, k.CreatedAt, k.LastUsed = compute.AccountID(account), fromNanos(created), fromNanos(used)
	return k, nil
}

// Accounts implements auth.Store. Accounts created at the same instant come
// in the order of their IDs.
func (s *Store) Accounts(ctx context.Context) ([]auth.Account, error) {
	rows, err := s.read.QueryContext(ctx, s.rebind(accountsSQL))
	if err != nil {
		return nil, s.fail("accounts", err)
	}
	defer rows.Close()
	var out []auth.Account
	for rows.Next() {
		var (
			a       auth.Account
			id      string
			created int64
		)
		if err := rows.Scan(&id, &a.Name, &created); err != nil {
			return nil, s.fail("accounts", err)
		}
		a.ID, a.CreatedAt = compute.AccountID(id), fromNanos(created)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("accounts", err)
	}
	return out, nil
}

// Secret implements auth.Store. Of nodes storing a secret at once, the
// first INSERT wins and every node reads back its value.
func (s *Store) Secret(ctx context.Context, name, candidate string) (string, bool, error) {
	const op = "secret"
	var value string
	var created bool
	err := s.inTx(ctx, nil, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.rebind(insertSecretSQL), name, candidate)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		created = n == 1
		return tx.QueryRowContext(ctx, s.rebind(secretSQL), name).Scan(&value)
	})
	if err != nil {
		return "", false, s.fail(op, err)
	}
	return value, created, nil
}

var _ auth.KeyAdmin = (*Store)(nil)

// AddKey implements auth.KeyAdmin.
func (s *Store) AddKey(ctx context.Context, k auth.AccessKey) error {
	const op = "add_key"
	err := s.inTx(ctx, nil, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, s.rebind(accountExistsSQL), string(k.Account)).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return &compute.Error{Code: compute.NotFound, Op: op, Param: "account", Value: string(k.Account),
				Message: "the account does not exist"}
		}
		return s.insertKey(ctx, tx, op, k)
	})
	return s.fail(op, err)
}

// SetKeyDisabled implements auth.KeyAdmin.
func (s *Store) SetKeyDisabled(ctx context.Context, id string, disabled bool) error {
	return s.changeKey(ctx, "set_key_disabled", id, disableKeySQL, disabled, id)
}

// DeleteKey implements auth.KeyAdmin.
func (s *Store) DeleteKey(ctx context.Context, id string) error {
	return s.changeKey(ctx, "delete_key", id, deleteKeySQL, id)
}

// changeKey runs a statement that changes the key id, failing with
// NotFound when it changed no row.
func (s *Store) changeKey(ctx context.Context, op, id, query string, args ...any) error {
	res, err := s.write.ExecContext(ctx, s.rebind(query), args...)
	if err != nil {
		return s.fail(op, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return s.fail(op, err)
	} else if n == 0 {
		return &compute.Error{Code: compute.NotFound, Op: op, Param: "access_key_id", Value: id, Message: "the access key does not exist"}
	}
	return nil
}

// DeleteAccount implements auth.KeyAdmin.
func (s *Store) DeleteAccount(ctx context.Context, id compute.AccountID) error {
	const op = "delete_account"
	err := s.inTx(ctx, nil, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.rebind(deleteKeysSQL), string(id)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, s.rebind(deleteAccountSQL), string(id))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return &decided{&compute.Error{Code: compute.NotFound, Op: op, Param: "account", Value: string(id), Message: "the account does not exist"}}
		}
		return nil
	})
	return s.fail(op, err)
}

// KeyUsed implements auth.KeyAdmin.
func (s *Store) KeyUsed(ctx context.Context, id string, t time.Time) error {
	_, err := s.write.ExecContext(ctx, s.rebind(keyUsedSQL), nanos(t), id, nanos(t))
	return s.fail("key_used", err)
}

// ReplaceKeySecret implements auth.KeyAdmin.
func (s *Store) ReplaceKeySecret(ctx context.Context, id, old, next string) (bool, error) {
	return s.replace(ctx, "replace_key_secret", replaceSecretSQL, next, id, old)
}

// replace runs a compare-and-set UPDATE, reporting whether it changed a
// row.
func (s *Store) replace(ctx context.Context, op, query string, args ...any) (bool, error) {
	res, err := s.write.ExecContext(ctx, s.rebind(query), args...)
	if err != nil {
		return false, s.fail(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, s.fail(op, err)
	}
	return n == 1, nil
}

var _ auth.SecretsAdmin = (*Store)(nil)

// StoredSecrets implements auth.SecretsAdmin.
func (s *Store) StoredSecrets(ctx context.Context) (map[string]string, error) {
	rows, err := s.read.QueryContext(ctx, s.rebind(secretsSQL))
	if err != nil {
		return nil, s.fail("secrets", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, value string
		if err := rows.Scan(&name, &value); err != nil {
			return nil, s.fail("secrets", err)
		}
		out[name] = value
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("secrets", err)
	}
	return out, nil
}

// ReplaceSecret implements auth.SecretsAdmin.
func (s *Store) ReplaceSecret(ctx context.Context, name, old, next string) (bool, error) {
	return s.replace(ctx, "replace_secret", replaceValueSQL, next, name, old)
}
