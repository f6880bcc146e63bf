package compute

import (
	"encoding/binary"
	"fmt"
	"net/netip"
)

// PrefixBits bounds the prefix length of a block: a network or subnet of a
// cloud may be no larger than /Min and no smaller than /Max.
type PrefixBits struct{ Min, Max int }

// checkCIDR checks that block is a valid IPv4 network block (its address
// the first of the block) with a prefix length inside bits.
func checkCIDR(op, param string, block netip.Prefix, bits PrefixBits) error {
	switch {
	case !block.IsValid() || !block.Addr().Is4():
		return &Error{Code: InvalidArgument, Op: op, Param: param, Value: block.String(), Message: "the block must be an IPv4 CIDR block"}
	case block.Masked() != block:
		return &Error{Code: InvalidArgument, Op: op, Param: param, Value: block.String(),
			Message: fmt.Sprintf("%s is not the start of its block; %s is", block, block.Masked())}
	case bits.Min > 0 && block.Bits() < bits.Min, bits.Max > 0 && block.Bits() > bits.Max:
		return &Error{Code: InvalidArgument, Op: op, Param: param, Value: block.String(),
			Message: fmt.Sprintf("the prefix length must be between /%d and /%d", bits.Min, bits.Max)}
	}
	return nil
}

// contains reports whether inner lies inside outer.
func contains(outer, inner netip.Prefix) bool {
	return outer.Bits() <= inner.Bits() && outer.Contains(inner.Addr())
}

// hostCount is how many addresses of block can be handed out once low
// addresses at its start and high at its end are reserved.
func hostCount(block netip.Prefix, low, high int) int {
	if !block.IsValid() {
		return 0
	}
	size := 1 << (32 - block.Bits())
	if !block.Addr().Is4() {
		return 0
	}
	return max(0, size-low-high)
}

// hostRange returns the first and last address of block that may be handed
// out.
func hostRange(block netip.Prefix, low, high int) (first, last netip.Addr, ok bool) {
	if hostCount(block, low, high) == 0 {
		return netip.Addr{}, netip.Addr{}, false
	}
	start := block.Masked().Addr()
	end := addrAdd(start, (1<<(32-block.Bits()))-1)
	return addrAdd(start, low), addrAdd(end, -high), true
}

// addrAdd returns the IPv4 address a moved by n addresses.
func addrAdd(a netip.Addr, n int) netip.Addr {
	b := a.As4()
	var out [4]byte
	binary.BigEndian.PutUint32(out[:], binary.BigEndian.Uint32(b[:])+uint32(n))
	return netip.AddrFrom4(out)
}

// allocateIPs hands out n addresses of block that are not taken, lowest
// first, and marks them taken.
func allocateIPs(block netip.Prefix, low, high int, taken map[netip.Addr]bool, n int) ([]netip.Addr, bool) {
	first, last, ok := hostRange(block, low, high)
	if !ok {
		return nil, n == 0
	}
	out := make([]netip.Addr, 0, n)
	for a := first; len(out) < n; a = a.Next() {
		if !taken[a] {
			taken[a] = true
			out = append(out, a)
		}
		if a == last {
			break
		}
	}
	return out, len(out) == n
}

// usableIP reports whether a may be handed out in block.
func usableIP(block netip.Prefix, low, high int, a netip.Addr) bool {
	first, last, ok := hostRange(block, low, high)
	return ok && a.Is4() && block.Contains(a) && first.Compare(a) <= 0 && a.Compare(last) <= 0
}

// freeBlock returns the first block of prefix length bits inside outer that
// overlaps none of used.
func freeBlock(outer netip.Prefix, bits int, used []netip.Prefix) (netip.Prefix, bool) {
	if bits < outer.Bits() || bits > 32 {
		return netip.Prefix{}, false
	}
	step := 1 << (32 - bits)
	count := 1 << (bits - outer.Bits())
	start := outer.Masked().Addr()
	for i := 0; i < count; i++ {
		cand := netip.PrefixFrom(addrAdd(start, i*step), bits)
		free := true
		for _, u := range used {
			if u.Overlaps(cand) {
				free = false
				break
			}
		}
		if free {
			return cand, true
		}
	}
	return netip.Prefix{}, false
}

// serialAddr returns the address at a serial's place in pool, wrapping
// around: distinct serials give distinct addresses until the pool is used
// up. The first and last address of the pool are skipped.
func serialAddr(pool netip.Prefix, serial int64) netip.Addr {
	size := int64(1) << (32 - pool.Bits())
	if size <= 2 || serial <= 0 {
		return netip.Addr{}
	}
	return addrAdd(pool.Masked().Addr(), int(1+(serial-1)%(size-2)))
}

// serialMAC returns a MAC address under a vendor's prefix for a serial.
func serialMAC(prefix [3]byte, serial int64) string {
	return fmt.Sprintf("%02x:%02x:%02x:%02x:%02x:%02x", prefix[0], prefix[1], prefix[2],
		byte(serial>>16), byte(serial>>8), byte(serial))
}
