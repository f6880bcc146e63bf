package zenlayer

import (
	"encoding/base64"
	"encoding/binary"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// Key pairs, served by the ccs service: imported only (ccs has no
// CreateKeyPair), global, named uniquely in the account. The public key is
// kept as it was sent, all of its lines, and shown byte for byte: the
// Terraform provider replaces a key pair whose publicKey reads back
// otherwise.

const (
	maxKeyNameLength     = 32
	maxDescriptionLength = 255
	maxPublicKeysPerPair = 5
)

// keyAlgorithms are the public key types ImportKeyPair takes.
var keyAlgorithms = []string{"ssh-rsa", "ssh-ed25519", "ssh-dss", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"}

var (
	errKeyName = &apiError{http.StatusBadRequest, "INVALID_KEY_PAIR_MALFORMED",
		"The key pair name must be 1 to 32 letters, digits, '-' or '_'."}
	errKeyAlgorithm = &apiError{http.StatusBadRequest, "INVALID_KEY_PAIR_ALGORITHM",
		"The key pair encryption algorithm is not supported; use ssh-rsa, ssh-ed25519, ssh-dss or ecdsa-sha2-nistp256/384/521."}
	errPublicKey = &apiError{http.StatusBadRequest, "INVALID_PUBLIC_KEY_MALFORMED",
		"Public key format error: each line must be an OpenSSH public key (type, Base64, optional comment)."}
	errTooManyKeys = &apiError{http.StatusBadRequest, "INVALID_PUBLIC_KEY_EXCEED_LIMIT",
		"The number of public keys exceeds the limit of 5."}
)

type importKeyPairRequest struct {
	KeyName        *string `json:"keyName"`
	KeyDescription *string `json:"keyDescription"`
	PublicKey      *string `json:"publicKey"`
}

type importKeyPairResponse struct {
	RequestID string `json:"requestId"`
	KeyID     string `json:"keyId"`
}

// importKeyPair imports up to five public keys, one a line, under a name.
func (h *Handler) importKeyPair(c *call) (any, error) {
	var req importKeyPairRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	name, err := required("keyName", req.KeyName)
	if err != nil {
		return nil, err
	}
	if !validKeyName(name) {
		return nil, errKeyName
	}
	description := deref(req.KeyDescription)
	if err := checkDescription("keyDescription", description); err != nil {
		return nil, err
	}
	public, err := required("publicKey", req.PublicKey)
	if err != nil {
		return nil, err
	}
	if err := checkPublicKeys(public); err != nil {
		return nil, err
	}
	kp, _, err := h.Svc.CreateKeyPair(c.ctx(), compute.KeyPairSpec{
		Owner: c.owner, Name: name, Description: description, ResourceGroup: DefaultResourceGroupID,
		PublicKey: public, Extra: map[string]string{extraPublicKey: public},
	})
	if err != nil {
		return nil, err
	}
	return importKeyPairResponse{RequestID: c.requestID, KeyID: string(kp.ID)}, nil
}

func validKeyName(name string) bool {
	if name == "" || len(name) > maxKeyNameLength {
		return false
	}
	for _, r := range name {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func checkDescription(param, d string) error {
	if utf8.RuneCountInString(d) > maxDescriptionLength {
		return invalidParameter(param, "must be at most %d characters", maxDescriptionLength)
	}
	return nil
}

// checkPublicKeys checks every line of an imported public key: at most
// five keys, each a known type whose Base64 data names that type.
func checkPublicKeys(text string) error {
	var keys []string
	for line := range strings.SplitSeq(text, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			keys = append(keys, line)
		}
	}
	if len(keys) == 0 {
		return errPublicKey
	}
	if len(keys) > maxPublicKeysPerPair {
		return errTooManyKeys
	}
	for _, k := range keys {
		fields := strings.Fields(k)
		if len(fields) < 2 {
			return errPublicKey
		}
		if !slices.Contains(keyAlgorithms, fields[0]) {
			return errKeyAlgorithm
		}
		blob, err := base64.StdEncoding.DecodeString(fields[1])
		if err != nil || len(blob) < 4 {
			return errPublicKey
		}
		n := binary.BigEndian.Uint32(blob)
		if uint64(n) > uint64(len(blob)-4) || string(blob[4:4+n]) != fields[0] {
			return errPublicKey
		}
	}
	return nil
}

type describeKeyPairsRequest struct {
	KeyIDs   []string `json:"keyIds"`
	KeyName  *string  `json:"keyName"`
	PageSize *int     `json:"pageSize"`
	PageNum  *int     `json:"pageNum"`
}

type keyPair struct {
	KeyID          string `json:"keyId"`
	KeyName        string `json:"keyName"`
	PublicKey      string `json:"publicKey"`
	KeyDescription string `json:"keyDescription"`
	CreateTime     string `json:"createTime"`
}

type describeKeyPairsResponse struct {
	RequestID  string    `json:"requestId"`
	TotalCount int       `json:"totalCount"`
	DataSet    []keyPair `json:"dataSet"`
}

// describeKeyPairs lists the account's key pairs; keyName matches names
// containing it.
func (h *Handler) describeKeyPairs(c *call) (any, error) {
	var req describeKeyPairsRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	ids, err := resourceIDs("keyIds", req.KeyIDs)
	if err != nil {
		return nil, err
	}
	p, err := paging(req.PageNum, req.PageSize)
	if err != nil {
		return nil, err
	}
	pairs, err := h.Svc.KeyPairs(c.ctx(), c.owner, compute.Filter{IDs: ids})
	if err != nil {
		return nil, err
	}
	pairs = slices.DeleteFunc(pairs, func(kp compute.KeyPair) bool {
		return set(req.KeyName) && !strings.Contains(kp.Name, *req.KeyName)
	})
	page := kit.Page(pairs, p.offset(), p.size)
	resp := describeKeyPairsResponse{RequestID: c.requestID, TotalCount: len(pairs), DataSet: make([]keyPair, len(page))}
	for i, kp := range page {
		public := kp.Extra[extraPublicKey]
		if public == "" {
			public = kp.PublicKey
		}
		resp.DataSet[i] = keyPair{KeyID: string(kp.ID), KeyName: kp.Name, PublicKey: public,
			KeyDescription: kp.Description, CreateTime: wireTime(kp.CreatedAt)}
	}
	return resp, nil
}

type modifyKeyPairAttributeRequest struct {
	KeyID          *string `json:"keyId"`
	KeyDescription *string `json:"keyDescription"`
}

// modifyKeyPairAttribute changes a key pair's description.
func (h *Handler) modifyKeyPairAttribute(c *call) (any, error) {
	var req modifyKeyPairAttributeRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	id, err := requiredID("keyId", req.KeyID)
	if err != nil {
		return nil, err
	}
	if req.KeyDescription == nil {
		return nil, missingParameter("keyDescription")
	}
	if err := checkDescription("keyDescription", *req.KeyDescription); err != nil {
		return nil, err
	}
	_, err = h.Svc.ModifyKeyPair(c.ctx(), c.owner, compute.KeyPairID(id), func(kp *compute.KeyPair) error {
		kp.Description = *req.KeyDescription
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ack(c), nil
}

type deleteKeyPairsRequest struct {
	KeyIDs []string `json:"keyIds"`
}

// deleteKeyPairs deletes key pairs, all or none. Instances that use one
// keep their keys.
func (h *Handler) deleteKeyPairs(c *call) (any, error) {
	var req deleteKeyPairsRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	ids, err := requiredResourceIDs("keyIds", req.KeyIDs)
	if err != nil {
		return nil, err
	}
	var keys []compute.KeyPairID
	for _, id := range ids {
		if !slices.Contains(keys, compute.KeyPairID(id)) {
			keys = append(keys, compute.KeyPairID(id))
		}
	}
	if err := h.Svc.DeleteKeyPairs(c.ctx(), c.owner, keys); err != nil {
		return nil, err
	}
	return ack(c), nil
}
