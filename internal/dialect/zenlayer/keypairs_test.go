package zenlayer_test

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/binary"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
	zt "github.com/ecsd/ecsd/internal/dialect/zenlayer/zenlayertest"
)

// sshPublicKey returns a new ed25519 public key in OpenSSH form, without a
// comment.
func sshPublicKey(t testing.TB) string {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	var blob []byte
	for _, part := range [][]byte{[]byte("ssh-ed25519"), pub} {
		blob = binary.BigEndian.AppendUint32(blob, uint32(len(part)))
		blob = append(blob, part...)
	}
	return "ssh-ed25519 " + base64.StdEncoding.EncodeToString(blob)
}

var keyIDPattern = regexp.MustCompile(`^key-[A-Za-z0-9]{8}$`)

// TestKeyPairs: ccs imports, lists, describes, renames the description of
// and deletes key pairs; the public key reads back byte for byte, comment,
// second key and trailing newline included.
func TestKeyPairs(t *testing.T) {
	e := start(t, apptest.Options{})
	c := e.a1(t)
	public := sshPublicKey(t) + " alice@laptop\n" + sshPublicKey(t) + "\n"
	id := *must(c.ImportKeyPair(&zt.ImportKeyPairRequest{KeyName: zt.String("alice_key-1"), KeyDescription: zt.String("Alice's"), PublicKey: zt.String(public)})).KeyID
	if !keyIDPattern.MatchString(id) {
		t.Errorf("key ID %q, want key- and 8 letters or digits", id)
	}
	other := *must(c.ImportKeyPair(&zt.ImportKeyPairRequest{KeyName: zt.String("bob"), PublicKey: zt.String(sshPublicKey(t))})).KeyID

	got := must(c.DescribeKeyPairs(&zt.DescribeKeyPairsRequest{KeyIDs: []string{id}}))
	if *got.TotalCount != 1 || len(got.DataSet) != 1 {
		t.Fatalf("described %+v", got)
	}
	kp := got.DataSet[0]
	if deref(kp.KeyID) != id || deref(kp.KeyName) != "alice_key-1" || deref(kp.PublicKey) != public || deref(kp.KeyDescription) != "Alice's" || deref(kp.CreateTime) == "" {
		t.Errorf("key pair %+v; public key %q, want %q", kp, deref(kp.PublicKey), public)
	}
	byName := must(c.DescribeKeyPairs(&zt.DescribeKeyPairsRequest{KeyName: zt.String("bo")}))
	if *byName.TotalCount != 1 || deref(byName.DataSet[0].KeyID) != other {
		t.Errorf("by name: %+v", byName.DataSet)
	}
	// The key-pairs data source sends neither page number nor size.
	all := must(c.DescribeKeyPairs(&zt.DescribeKeyPairsRequest{}))
	if *all.TotalCount != 2 || deref(all.DataSet[0].KeyID) != id {
		t.Errorf("all: %+v", all.DataSet)
	}

	must(c.ModifyKeyPairAttribute(&zt.ModifyKeyPairAttributeRequest{KeyID: zt.String(id), KeyDescription: zt.String("new")}))
	if d := deref(must(c.DescribeKeyPairs(&zt.DescribeKeyPairsRequest{KeyIDs: []string{id}})).DataSet[0].KeyDescription); d != "new" {
		t.Errorf("description %q", d)
	}

	for _, bad := range []struct {
		name, key, code string
		status          int
	}{
		{"alice_key-1", sshPublicKey(t), "INVALID_KEY_PAIR_NAME_EXIST", http.StatusConflict},
		{"spaced name", sshPublicKey(t), "INVALID_KEY_PAIR_MALFORMED", http.StatusBadRequest},
		{strings.Repeat("k", 33), sshPublicKey(t), "INVALID_KEY_PAIR_MALFORMED", http.StatusBadRequest},
		{"k1", "ssh-rsa bm90IGEga2V5", "INVALID_PUBLIC_KEY_MALFORMED", http.StatusBadRequest},
		{"k2", "pgp-key AAAA", "INVALID_KEY_PAIR_ALGORITHM", http.StatusBadRequest},
		{"k3", strings.Repeat(sshPublicKey(t)+"\n", 6), "INVALID_PUBLIC_KEY_EXCEED_LIMIT", http.StatusBadRequest},
		{"k4", "", "MISSING_PARAMETER", http.StatusBadRequest},
	} {
		_, err := c.ImportKeyPair(&zt.ImportKeyPairRequest{KeyName: zt.String(bad.name), PublicKey: zt.String(bad.key)})
		wantError(t, err, bad.status, bad.code)
	}

	key := e.newAccount(t, "a2", "", "")
	a2 := e.client(t, key.ID, key.Secret)
	if n := *must(a2.DescribeKeyPairs(&zt.DescribeKeyPairsRequest{KeyIDs: []string{id}})).TotalCount; n != 0 {
		t.Errorf("another account sees %d key pairs", n)
	}
	_, err := a2.DeleteKeyPairs(&zt.DeleteKeyPairsRequest{KeyIDs: []string{id}})
	wantError(t, err, http.StatusNotFound, "INVALID_KEY_PAIR_NOT_FOUND")

	_, err = c.DeleteKeyPairs(&zt.DeleteKeyPairsRequest{KeyIDs: []string{other, "key-00000000"}})
	wantError(t, err, http.StatusNotFound, "INVALID_KEY_PAIR_NOT_FOUND")
	must(c.DeleteKeyPairs(&zt.DeleteKeyPairsRequest{KeyIDs: []string{id, other, id}}))
	if n := *must(c.DescribeKeyPairs(&zt.DescribeKeyPairsRequest{})).TotalCount; n != 0 {
		t.Errorf("%d key pairs left", n)
	}
}
