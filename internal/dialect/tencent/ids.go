package tencent

import (
	"crypto/sha256"
	"fmt"
	"strings"

	"github.com/ecsd/ecsd/internal/compute"
)

const lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"

// wellFormedID reports whether id matches ^ins-[a-z0-9]{8}$.
func wellFormedID(id string) bool { return wellFormed(id, "ins-") }

// wellFormed reports whether id is prefix and 8 lower-case letters or
// digits, as Tencent's IDs are (img-, vpc-, subnet-, sg-, disk-, skey-).
func wellFormed(id, prefix string) bool {
	if len(id) != len(prefix)+8 || !strings.HasPrefix(id, prefix) {
		return false
	}
	for i := len(prefix); i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// derived returns stable pseudo-random bytes for an instance, so that the
// details ecsd invents for it (its UUID, its private address) never change
// between calls.
func derived(id compute.InstanceID) [32]byte {
	return sha256.Sum256([]byte("ecsd/tencent/" + id))
}

// instanceUUID is the instance's UUID, derived from its ID.
func instanceUUID(id compute.InstanceID) string {
	h := derived(id)
	h[6] = h[6]&0x0f | 0x40
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}
