package sqlstore

import (
	"context"
	"database/sql"
	"errors"

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
		if _, err := tx.ExecContext(ctx, s.rebind(insertKeySQL), k.ID, k.Secret, string(a.ID), k.Disabled, nanos(k.CreatedAt)); err != nil {
			if s.flavor.Classify(err) == FaultUnique {
				return &compute.Error{Code: compute.AlreadyExists, Op: op, Param: "access_key_id", Value: k.ID,
					Message: "an access key with this ID exists already", Err: err}
			}
			return err
		}
		return nil
	})
	return s.fail(op, err)
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

// scanKey reads the columns of accessKeySQL.
func scanKey(row interface{ Scan(...any) error }) (auth.AccessKey, error) {
	var (
		k       auth.AccessKey
		account string
		created int64
	)
	if err := row.Scan(&k.ID, &k.Secret, &account, &k.Disabled, &created); err != nil {
		return auth.AccessKey{}, err
	}
	k.Account, k.CreatedAt = compute.AccountID(account), fromNanos(created)
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
