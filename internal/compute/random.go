package compute

import (
	crand "crypto/rand"
	"math/big"
	"math/rand/v2"
	"strings"
	"sync"
)

// Random draws the random parts of IDs. The Service's is cryptographic
// unless it is given a seeded one, with which the same calls make the same
// IDs on every run.
type Random interface {
	// String returns n characters drawn from alphabet.
	String(alphabet string, n int) string
}

// CryptoRandom draws from crypto/rand.
type CryptoRandom struct{}

func (CryptoRandom) String(alphabet string, n int) string {
	var b strings.Builder
	b.Grow(n)
	max := big.NewInt(int64(len(alphabet)))
	for range n {
		i, err := crand.Int(crand.Reader, max)
		if err != nil {
			panic(err) // crypto/rand never fails on supported platforms
		}
		b.WriteByte(alphabet[i.Int64()])
	}
	return b.String()
}

// SeededRandom draws a sequence that a seed fixes. It is safe for
// concurrent use; calls made in another order get other strings.
type SeededRandom struct {
	mu  sync.Mutex
	rnd *rand.Rand
}

// NewSeededRandom returns a SeededRandom starting from seed.
func NewSeededRandom(seed uint64) *SeededRandom {
	return &SeededRandom{rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func (r *SeededRandom) String(alphabet string, n int) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.rnd.IntN(len(alphabet))]
	}
	return string(b)
}
