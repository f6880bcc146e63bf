package zenlayertest

import (
	"strings"
	"testing"
)

// TestClientSignsDocumentationVector proves the client on the official example of
// reference 4.4.
func TestClientSignsDocumentationVector(t *testing.T) {
	got := Sign("anyId", "Gu5t9xGARNpq86cd98joQYCN3", "console.zenlayer.com", "application/json; charset=utf-8",
		"1673361177", []byte(`{"pageSize":10,"pageNum":1,"zoneId":"HKG-A"}`))
	const want = "efb356c32e55c781e10dc676da59462c22596d82e91c57803666243379555b2f"
	if !strings.HasSuffix(got, "Signature="+want) {
		t.Errorf("got %s, want signature %s", got, want)
	}
}

// TestClientSignsCapturedVector proves the client on the request the official SDK
// sent (reference 4.10), Authorization header and all.
func TestClientSignsCapturedVector(t *testing.T) {
	got := Sign("testAK", "testSecret", "127.0.0.1:41029", "application/json", "1795311049", []byte(`{"instanceIds":["i1","i2"],"pageSize":20}`))
	const want = "ZC2-HMAC-SHA256 Credential=testAK, SignedHeaders=content-type;host, Signature=10fa026661dac4ce9162763f481aa4968478e2421e45283a3a2a4eb0990ec351"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
