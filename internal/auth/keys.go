package auth

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
)

const (
	upperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	mixedAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	digits     = "0123456789"
)

// NewAccount makes an account named name with one key pair. An empty keyID
// or secret is generated.
func NewAccount(name, keyID, secret string, now time.Time) (Account, AccessKey, error) {
	if err := CheckName(name); err != nil {
		return Account{}, AccessKey{}, err
	}
	// Account IDs look like the numeric account IDs of the vendors (an
	// Alibaba UID, a Tencent UIN): 16 digits, never starting with 0.
	id := compute.AccountID("1" + RandomString(digits, 15))
	k, err := NewKey(id, keyID, secret, now)
	if err != nil {
		return Account{}, AccessKey{}, err
	}
	return Account{ID: id, Name: name, CreatedAt: now.UTC()}, k, nil
}

// NewKey makes a key pair of an account. An empty keyID or secret is
// generated: an "ECSD" ID of 24 upper-case letters and digits, a secret
// of 32 letters and digits.
func NewKey(account compute.AccountID, keyID, secret string, now time.Time) (AccessKey, error) {
	if keyID == "" {
		keyID = "ECSD" + RandomString(upperAlnum, 20)
	}
	if secret == "" {
		secret = RandomString(mixedAlnum, 32)
	}
	if err := checkKeyPart("access key ID", keyID); err != nil {
		return AccessKey{}, err
	}
	if err := checkKeyPart("access key secret", secret); err != nil {
		return AccessKey{}, err
	}
	return AccessKey{ID: keyID, Secret: secret, Account: account, CreatedAt: now.UTC()}, nil
}

// CheckName fails unless name is a usable account name: 1 to 64 letters,
// digits, '-', '_' or '.'.
func CheckName(name string) error {
	if name == "" || len(name) > 64 || strings.Trim(name, mixedAlnum+"-_.") != "" {
		return &compute.Error{Code: compute.InvalidArgument, Param: "name", Value: name,
			Message: "an account name is 1 to 64 letters, digits, '-', '_' or '.'"}
	}
	return nil
}

// checkKeyPart keeps key IDs and secrets to printable ASCII without spaces,
// since they travel in headers and query strings.
func checkKeyPart(what, s string) error {
	if len(s) < 1 || len(s) > 128 {
		return &compute.Error{Code: compute.InvalidArgument, Param: "access_key", Message: fmt.Sprintf("the %s must be 1 to 128 characters", what)}
	}
	for _, r := range s {
		if r <= ' ' || r > '~' || r == ',' || r == '/' {
			return &compute.Error{Code: compute.InvalidArgument, Param: "access_key", Message: fmt.Sprintf("the %s must be printable ASCII without spaces, commas or slashes", what)}
		}
	}
	return nil
}

// RandomString draws n characters from alphabet with crypto/rand.
func RandomString(alphabet string, n int) string {
	var b strings.Builder
	b.Grow(n)
	max := big.NewInt(int64(len(alphabet)))
	for range n {
		i, err := rand.Int(rand.Reader, max)
		if err != nil {
			panic(err) // crypto/rand never fails on supported platforms
		}
		b.WriteByte(alphabet[i.Int64()])
	}
	return b.String()
}
