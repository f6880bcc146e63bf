package compute

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"strings"
)

// KeyPairID names a key pair.
type KeyPairID string

// KeyPair is an SSH key pair whose public half instances accept for login.
// Its name is unique among the owner's key pairs of a region (of all of
// them, for clouds whose key pairs have no region).
type KeyPair struct {
	ID KeyPairID
	Meta
	// PublicKey is the public key in OpenSSH's authorized_keys form
	// ("ssh-rsa AAAA..."), without a comment.
	PublicKey string
}

// Key implements Resource.
func (k *KeyPair) Key() Key { return Key{KindKeyPair, string(k.ID)} }

// Links implements Resource.
func (k *KeyPair) Links() []Link { return nil }

// FingerprintMD5 is the key's MD5 fingerprint as OpenSSH long showed it:
// hex pairs joined by colons.
func (k KeyPair) FingerprintMD5() string {
	blob, err := keyBlob(k.PublicKey)
	if err != nil {
		return ""
	}
	sum := md5.Sum(blob)
	pairs := make([]string, len(sum))
	for i, b := range sum {
		pairs[i] = hex.EncodeToString([]byte{b})
	}
	return strings.Join(pairs, ":")
}

// FingerprintSHA256 is the key's SHA-256 fingerprint as OpenSSH shows it
// now: "SHA256:" and unpadded Base64.
func (k KeyPair) FingerprintSHA256() string {
	blob, err := keyBlob(k.PublicKey)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(blob)
	return "SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:])
}

// KeyPairSpec describes a key pair to create or import.
type KeyPairSpec struct {
	Owner
	// Region is empty for clouds whose key pairs have none.
	Region                           RegionID
	Name, Description, ResourceGroup string
	Tags                             []Tag
	Extra                            map[string]string
	// PublicKey imports a key; when empty a new key pair is made and its
	// private half returned, once.
	PublicKey string
}

// maxPublicKey bounds an imported public key: an RSA key of 16384 bits
// takes about 2.8 KB.
const maxPublicKey = 8 << 10

// CreateKeyPair creates a key pair: it imports spec.PublicKey, or makes a
// new 2048-bit RSA key and returns its private half in PEM (PKCS #1), which
// ecsd keeps nowhere.
func (s *Service) CreateKeyPair(ctx context.Context, spec KeyPairSpec) (KeyPair, string, error) {
	const op = "create key pair"
	p := s.profile(spec.Cloud)
	if spec.Region != "" {
		if _, err := s.Region(spec.Cloud, spec.Region); err != nil {
			return KeyPair{}, "", err
		}
	}
	if err := checkTags(op, spec.Tags, p.Rules.MaxTags); err != nil {
		return KeyPair{}, "", err
	}
	var public, private string
	if spec.PublicKey != "" {
		var err error
		if public, err = normalizePublicKey(spec.PublicKey); err != nil {
			return KeyPair{}, "", &Error{Code: InvalidArgument, Op: op, Param: "public_key", Message: err.Error()}
		}
	} else {
		key, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return KeyPair{}, "", &Error{Code: Internal, Op: op, Message: "internal error", Err: err}
		}
		public = "ssh-rsa " + base64.StdEncoding.EncodeToString(rsaBlob(&key.PublicKey))
		private = string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
	}
	now := s.clock.Now()
	kp := KeyPair{
		ID: KeyPairID(s.newID(spec.Cloud, KindKeyPair, spec.Region)),
		Meta: Meta{Owner: spec.Owner, Region: spec.Region, Name: spec.Name, Description: spec.Description,
			ResourceGroup: spec.ResourceGroup, Tags: spec.Tags, CreatedAt: now, Extra: spec.Extra},
		PublicKey: public,
	}
	err := s.store.Update(ctx, spec.Owner, now, func(tx Tx) error {
		if _, err := s.keyPairNamed(ctx, tx, spec.Region, spec.Name); err == nil {
			return &Error{Code: AlreadyExists, Op: op, Param: "key_pair", Value: spec.Name,
				Message: fmt.Sprintf("a key pair named %q exists already", spec.Name)}
		} else if ErrorCode(err) != NotFound {
			return err
		}
		return tx.Put(ctx, &kp)
	})
	if err != nil {
		return KeyPair{}, "", err
	}
	return kp, private, nil
}

// KeyPairs returns the owner's key pairs that match f.
func (s *Service) KeyPairs(ctx context.Context, owner Owner, f Filter) ([]KeyPair, error) {
	f.Kind = KindKeyPair
	return findAll[KeyPair](ctx, s.store.Read(owner), f)
}

// KeyPairNamed finds the owner's key pair of a region by name.
func (s *Service) KeyPairNamed(ctx context.Context, owner Owner, region RegionID, name string) (KeyPair, error) {
	return s.keyPairNamed(ctx, s.store.Read(owner), region, name)
}

func (s *Service) keyPairNamed(ctx context.Context, r Reader, region RegionID, name string) (KeyPair, error) {
	found, err := findAll[KeyPair](ctx, r, Filter{Kind: KindKeyPair, Region: region})
	if err != nil {
		return KeyPair{}, err
	}
	for _, kp := range found {
		if kp.Name == name && kp.Region == region {
			return kp, nil
		}
	}
	return KeyPair{}, &Error{Code: NotFound, Param: string(KindKeyPair), Value: name, Message: fmt.Sprintf("key pair %q does not exist", name)}
}

// ModifyKeyPair changes a key pair's name, description, resource group,
// tags or Extra through edit. A new name must be free.
func (s *Service) ModifyKeyPair(ctx context.Context, owner Owner, id KeyPairID, edit func(*KeyPair) error) (KeyPair, error) {
	const op = "modify key pair"
	var out KeyPair
	err := s.store.Update(ctx, owner, s.clock.Now(), func(tx Tx) error {
		kp, err := s.keyPair(ctx, tx, id)
		if err != nil {
			return err
		}
		changed := kp
		changed.Meta = cloneMeta(kp.Meta)
		if err := edit(&changed); err != nil {
			return err
		}
		if changed.Name != kp.Name {
			if other, err := s.keyPairNamed(ctx, tx, kp.Region, changed.Name); err == nil && other.ID != kp.ID {
				return &Error{Code: AlreadyExists, Op: op, Param: "key_pair", Value: changed.Name,
					Message: fmt.Sprintf("a key pair named %q exists already", changed.Name)}
			}
		}
		if kp.Meta, err = s.applyMeta(op, kp.Meta, changed.Meta); err != nil {
			return err
		}
		out = kp
		return tx.Put(ctx, &kp)
	})
	return out, err
}

// DeleteKeyPairs deletes key pairs, all or none. Where the cloud keeps key
// pairs that instances use (Rules.KeyPairsInUseStay), such a key pair
// fails the call with InUse; elsewhere its instances simply keep their
// keys.
func (s *Service) DeleteKeyPairs(ctx context.Context, owner Owner, ids []KeyPairID) error {
	const op = "delete key pair"
	stay := s.profile(owner.Cloud).Rules.KeyPairsInUseStay
	return s.store.Update(ctx, owner, s.clock.Now(), func(tx Tx) error {
		for _, id := range ids {
			kp, err := s.keyPair(ctx, tx, id)
			if err != nil {
				return err
			}
			if stay {
				if err := inUse(ctx, tx, op, kp.Key(), LinkKeyPair, KindInstance); err != nil {
					return err
				}
			}
			if err := tx.Delete(ctx, kp.Key()); err != nil {
				return err
			}
		}
		return nil
	})
}

// keyPair loads a key pair of the owner.
func (s *Service) keyPair(ctx context.Context, r Reader, id KeyPairID) (KeyPair, error) {
	found, err := getAll[KeyPair](ctx, r, KindKeyPair, string(id))
	if err != nil {
		return KeyPair{}, err
	}
	if len(found) == 0 {
		return KeyPair{}, notFound(KindKeyPair, string(id))
	}
	return found[0], nil
}

// Public key formats ecsd accepts, by the algorithm name a key starts with.
var publicKeyTypes = map[string]bool{
	"ssh-rsa": true, "ssh-ed25519": true, "ssh-dss": true,
	"ecdsa-sha2-nistp256": true, "ecdsa-sha2-nistp384": true, "ecdsa-sha2-nistp521": true,
}

// normalizePublicKey checks an OpenSSH public key ("type base64
// [comment]") and returns it without its comment.
func normalizePublicKey(s string) (string, error) {
	if len(s) > maxPublicKey {
		return "", fmt.Errorf("the public key exceeds %d bytes", maxPublicKey)
	}
	fields := strings.Fields(s)
	if len(fields) < 2 {
		return "", fmt.Errorf("the public key must be in OpenSSH form: a type, then Base64")
	}
	if !publicKeyTypes[fields[0]] {
		return "", fmt.Errorf("public keys of type %q are not supported", fields[0])
	}
	blob, err := base64.StdEncoding.DecodeString(fields[1])
	if err != nil {
		return "", fmt.Errorf("the public key's Base64 is broken")
	}
	name, rest, ok := sshString(blob)
	if !ok || string(name) != fields[0] || len(rest) == 0 {
		return "", fmt.Errorf("the public key's data does not hold a %s key", fields[0])
	}
	return fields[0] + " " + fields[1], nil
}

// keyBlob returns the binary key of an OpenSSH public key.
func keyBlob(public string) ([]byte, error) {
	fields := strings.Fields(public)
	if len(fields) < 2 {
		return nil, fmt.Errorf("not an OpenSSH public key")
	}
	return base64.StdEncoding.DecodeString(fields[1])
}

// sshString reads one length-prefixed string of SSH's wire format (RFC
// 4251 section 5).
func sshString(b []byte) (s, rest []byte, ok bool) {
	if len(b) < 4 {
		return nil, nil, false
	}
	n := binary.BigEndian.Uint32(b)
	if uint64(n) > uint64(len(b)-4) {
		return nil, nil, false
	}
	return b[4 : 4+n], b[4+n:], true
}

// rsaBlob encodes an RSA public key in SSH's wire format (RFC 4253 section
// 6.6): the name, then e and n as mpints.
func rsaBlob(k *rsa.PublicKey) []byte {
	var b bytes.Buffer
	writeString := func(s []byte) {
		_ = binary.Write(&b, binary.BigEndian, uint32(len(s)))
		b.Write(s)
	}
	mpint := func(n *big.Int) []byte {
		v := n.Bytes()
		if len(v) > 0 && v[0]&0x80 != 0 {
			v = append([]byte{0}, v...)
		}
		return v
	}
	writeString([]byte("ssh-rsa"))
	writeString(mpint(big.NewInt(int64(k.E))))
	writeString(mpint(k.N))
	return b.Bytes()
}
