package auth

import (
	"bufio"
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/ecsd/ecsd/internal/compute"
)

// Secrets at rest. An access key's secret cannot be kept as a hash: an
// HMAC signature is verified by computing it, with the secret itself. So
// what the store holds can be sealed instead, with AES-256-GCM under a key
// kept outside the store (serve --secrets-key-file): a copy of the
// database or of its backups then holds no usable secret.

// sealedPrefix starts every sealed value; what follows is the ID of the
// key that sealed it, ':', and base64url(nonce || ciphertext).
const sealedPrefix = "ecsd-sealed:v1:"

// Sealer seals and opens secrets with the keys of a key file: the first
// seals, every one opens, so that a key can be replaced without a moment
// when some value cannot be read.
type Sealer struct {
	keys []sealKey
}

type sealKey struct {
	id   string // the first 8 hex digits of the key's SHA-256
	aead cipher.AEAD
}

// ParseSealKeys reads a key file: one key a line, each 32 bytes written as
// base64 (standard or URL alphabet, padded or not) or as 64 hex digits.
// Blank lines and lines starting with '#' are ignored. The first key seals.
func ParseSealKeys(data []byte) (*Sealer, error) {
	s := &Sealer{}
	lines := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; lines.Scan(); n++ {
		line := strings.TrimSpace(lines.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		raw, ok := decodeKey(line)
		if !ok {
			return nil, fmt.Errorf("line %d is not a key: each key is 32 bytes as base64 or 64 hex digits (make one with: head -c 32 /dev/urandom | base64)", n)
		}
		block, err := aes.NewCipher(raw)
		if err != nil {
			return nil, err
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(raw)
		id := hex.EncodeToString(sum[:4])
		for _, k := range s.keys {
			if k.id == id {
				return nil, fmt.Errorf("line %d repeats a key", n)
			}
		}
		s.keys = append(s.keys, sealKey{id: id, aead: aead})
	}
	if err := lines.Err(); err != nil {
		return nil, err
	}
	if len(s.keys) == 0 {
		return nil, errors.New("it holds no key (make one with: head -c 32 /dev/urandom | base64)")
	}
	return s, nil
}

func decodeKey(s string) ([]byte, bool) {
	if b, err := hex.DecodeString(s); err == nil && len(b) == 32 {
		return b, true
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil && len(b) == 32 {
			return b, true
		}
	}
	return nil, false
}

// Seal seals plain under the first key. about names what the value is the
// secret of ("access_key/ID", "secret/NAME"): a sealed value opens only
// where it was sealed, so that sealed values cannot be swapped between
// rows.
func (s *Sealer) Seal(plain, about string) string {
	k := s.keys[0]
	nonce := make([]byte, k.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	sealed := k.aead.Seal(nonce, nonce, []byte(plain), []byte(about))
	return sealedPrefix + k.id + ":" + base64.RawURLEncoding.EncodeToString(sealed)
}

// IsSealed reports whether a stored value is sealed.
func IsSealed(stored string) bool { return strings.HasPrefix(stored, sealedPrefix) }

// sealedBy is the ID of the key that sealed a stored value.
func sealedBy(stored string) string {
	id, _, _ := strings.Cut(strings.TrimPrefix(stored, sealedPrefix), ":")
	return id
}

// Current reports whether a stored value is sealed under the first key, so
// that it needs no sealing again.
func (s *Sealer) Current(stored string) bool {
	return IsSealed(stored) && sealedBy(stored) == s.keys[0].id
}

// Open returns the secret a stored value holds: a sealed one opened, one
// stored before sealing was turned on as it is. A nil Sealer opens
// nothing sealed.
func (s *Sealer) Open(stored, about string) (string, error) {
	if !IsSealed(stored) {
		return stored, nil
	}
	id, body, ok := strings.Cut(strings.TrimPrefix(stored, sealedPrefix), ":")
	if !ok {
		return "", errSealed(about, "is damaged")
	}
	if s == nil {
		return "", errSealed(about, "is sealed, and no --secrets-key-file was given to open it")
	}
	for _, k := range s.keys {
		if k.id != id {
			continue
		}
		raw, err := base64.RawURLEncoding.DecodeString(body)
		if err != nil || len(raw) < k.aead.NonceSize() {
			return "", errSealed(about, "is damaged")
		}
		plain, err := k.aead.Open(nil, raw[:k.aead.NonceSize()], raw[k.aead.NonceSize():], []byte(about))
		if err != nil {
			return "", errSealed(about, "does not open: it was altered, or sealed for another row")
		}
		return string(plain), nil
	}
	return "", errSealed(about, "is sealed with key "+id+", which the --secrets-key-file lacks")
}

func errSealed(about, what string) error {
	return &compute.Error{Code: compute.Internal, Op: "open_secret", Param: about,
		Message: "the stored secret of " + about + " " + what}
}

// keyAbout and secretAbout name what a sealed value belongs to.
func keyAbout(id string) string      { return "access_key/" + id }
func secretAbout(name string) string { return "secret/" + name }

// SealableStore is what Sealed wraps: the accounts, keys and secrets of a
// store.
type SealableStore interface {
	Store
	KeyAdmin
	Secrets
	SecretsAdmin
}

// Sealed is a SealableStore whose secrets are sealed at rest: what it is
// given is sealed before it is stored, what it reads is opened. With a nil
// Sealer it stores secrets as they are, and fails to read one that is
// sealed.
type Sealed struct {
	SealableStore
	sealer *Sealer
}

// Seal wraps store so that its secrets are sealed with sealer (nil for
// none).
func Seal(store SealableStore, sealer *Sealer) *Sealed {
	return &Sealed{SealableStore: store, sealer: sealer}
}

func (s *Sealed) seal(plain, about string) string {
	if s.sealer == nil {
		return plain
	}
	return s.sealer.Seal(plain, about)
}

// CreateAccount implements Store.
func (s *Sealed) CreateAccount(ctx context.Context, a Account, k AccessKey) error {
	k.Secret = s.seal(k.Secret, keyAbout(k.ID))
	return s.SealableStore.CreateAccount(ctx, a, k)
}

// AddKey implements KeyAdmin.
func (s *Sealed) AddKey(ctx context.Context, k AccessKey) error {
	k.Secret = s.seal(k.Secret, keyAbout(k.ID))
	return s.SealableStore.AddKey(ctx, k)
}

// AccessKey implements Store.
func (s *Sealed) AccessKey(ctx context.Context, id string) (AccessKey, error) {
	k, err := s.SealableStore.AccessKey(ctx, id)
	if err != nil {
		return k, err
	}
	k.Secret, err = s.sealer.Open(k.Secret, keyAbout(k.ID))
	return k, err
}

// AccessKeys implements Store.
func (s *Sealed) AccessKeys(ctx context.Context, account compute.AccountID) ([]AccessKey, error) {
	keys, err := s.SealableStore.AccessKeys(ctx, account)
	if err != nil {
		return nil, err
	}
	for i := range keys {
		if keys[i].Secret, err = s.sealer.Open(keys[i].Secret, keyAbout(keys[i].ID)); err != nil {
			return nil, err
		}
	}
	return keys, nil
}

// Secret implements Secrets.
func (s *Sealed) Secret(ctx context.Context, name, candidate string) (string, bool, error) {
	stored, created, err := s.SealableStore.Secret(ctx, name, s.seal(candidate, secretAbout(name)))
	if err != nil {
		return "", false, err
	}
	value, err := s.sealer.Open(stored, secretAbout(name))
	return value, created, err
}

// Reseal brings what the store holds in line with the Sealer: with one,
// every secret not sealed under its first key is sealed under it (those
// stored before sealing was turned on, and those of an older key); without
// one, it fails if any secret is sealed, since none of them could be used.
// It reports how many values it rewrote. Nodes running it at once rewrite
// each value once.
func (s *Sealed) Reseal(ctx context.Context) (int, error) {
	raw := s.SealableStore
	type value struct {
		about, stored string
		replace       func(next string) (bool, error)
	}
	var values []value
	accounts, err := raw.Accounts(ctx)
	if err != nil {
		return 0, err
	}
	for _, a := range accounts {
		keys, err := raw.AccessKeys(ctx, a.ID)
		if err != nil {
			return 0, err
		}
		for _, k := range keys {
			values = append(values, value{keyAbout(k.ID), k.Secret, func(next string) (bool, error) {
				return raw.ReplaceKeySecret(ctx, k.ID, k.Secret, next)
			}})
		}
	}
	secrets, err := raw.StoredSecrets(ctx)
	if err != nil {
		return 0, err
	}
	for name, stored := range secrets {
		values = append(values, value{secretAbout(name), stored, func(next string) (bool, error) {
			return raw.ReplaceSecret(ctx, name, stored, next)
		}})
	}
	n := 0
	for _, v := range values {
		if s.sealer == nil {
			if IsSealed(v.stored) {
				return 0, &compute.Error{Code: compute.InvalidArgument, Op: "reseal", Param: v.about,
					Message: "the store holds secrets sealed under a --secrets-key-file (" + v.about + " among them); give that key file"}
			}
			continue
		}
		if s.sealer.Current(v.stored) {
			continue
		}
		plain, err := s.sealer.Open(v.stored, v.about)
		if err != nil {
			return n, err
		}
		changed, err := v.replace(s.sealer.Seal(plain, v.about))
		if err != nil {
			return n, err
		}
		if changed {
			n++
		}
	}
	return n, nil
}
