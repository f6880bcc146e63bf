package indexed

import "sort"

// seqList is a set of entries ordered by serial that answers "the i-th" and
// "how many before serial s" in O(log n) at any depth: the order-statistics
// structure behind every listing of the index.
//
// It holds slots, not pointers, so that the garbage collector has nothing
// to follow in it: a million instances are in eight lists or so.
//
// It is a sorted list cut into chunks of at most maxChunk entries, with a
// Fenwick tree over the chunk sizes: finding the chunk that holds the i-th
// entry, or counting the entries of the chunks before one, is a walk of the
// tree; inside a chunk it is an index or a binary search. New instances get
// the highest serial, so inserts almost always append to the last chunk.
// A chunk that overflows is split and one that empties is dropped; both
// rebuild the tree, in O(number of chunks), once per maxChunk/2 inserts at
// worst.
type seqList struct {
	chunks [][]uint32 // slots of the owner's entries (see owner.slab)
	fen    []int      // Fenwick tree over len(chunks[i]), 1-based
	n      int
}

const maxChunk = 512

func (l *seqList) Len() int { return l.n }

// rebuild recomputes the Fenwick tree from the chunk sizes.
func (l *seqList) rebuild() {
	l.fen = make([]int, len(l.chunks)+1)
	for i, c := range l.chunks {
		l.fen[i+1] += len(c)
		if j := (i + 1) + (i+1)&-(i+1); j <= len(l.chunks) {
			l.fen[j] += l.fen[i+1]
		}
	}
}

// add changes the size of chunk i by d in the tree.
func (l *seqList) add(i, d int) {
	for i++; i < len(l.fen); i += i & -i {
		l.fen[i] += d
	}
}

// before counts the entries of the chunks before chunk i.
func (l *seqList) before(i int) int {
	n := 0
	for ; i > 0; i -= i & -i {
		n += l.fen[i]
	}
	return n
}

// chunkOf returns the first chunk whose last serial is >= s (len(chunks)
// when there is none).
func (l *seqList) chunkOf(slab []entry, s int64) int {
	return sort.Search(len(l.chunks), func(i int) bool { c := l.chunks[i]; return slab[c[len(c)-1]].serial >= s })
}

// Insert adds slot e; it must not be in the list.
func (l *seqList) Insert(slab []entry, e uint32) {
	serial := slab[e].serial
	l.n++
	ci := l.chunkOf(slab, serial)
	if ci == len(l.chunks) {
		// The highest serial: append to the last chunk, or start one.
		if ci > 0 && len(l.chunks[ci-1]) < maxChunk {
			l.chunks[ci-1] = append(l.chunks[ci-1], e)
			l.add(ci-1, 1)
			return
		}
		l.chunks = append(l.chunks, append(make([]uint32, 0, 16), e))
		l.rebuild()
		return
	}
	c := l.chunks[ci]
	pos := sort.Search(len(c), func(i int) bool { return slab[c[i]].serial >= serial })
	c = append(c, 0)
	copy(c[pos+1:], c[pos:])
	c[pos] = e
	if len(c) <= maxChunk {
		l.chunks[ci] = c
		l.add(ci, 1)
		return
	}
	half := len(c) / 2
	right := append(make([]uint32, 0, maxChunk), c[half:]...)
	l.chunks[ci] = c[:half:half]
	l.chunks = append(l.chunks, nil)
	copy(l.chunks[ci+2:], l.chunks[ci+1:])
	l.chunks[ci+1] = right
	l.rebuild()
}

// Remove takes slot e out of the list, if it is there.
func (l *seqList) Remove(slab []entry, e uint32) {
	serial := slab[e].serial
	ci := l.chunkOf(slab, serial)
	if ci == len(l.chunks) {
		return
	}
	c := l.chunks[ci]
	pos := sort.Search(len(c), func(i int) bool { return slab[c[i]].serial >= serial })
	if pos == len(c) || c[pos] != e {
		return
	}
	l.n--
	if len(c) == 1 {
		l.chunks = append(l.chunks[:ci], l.chunks[ci+1:]...)
		l.rebuild()
		return
	}
	copy(c[pos:], c[pos+1:])
	l.chunks[ci] = c[:len(c)-1]
	l.add(ci, -1)
}

// At returns the slot of the i-th entry, 0 <= i < Len.
func (l *seqList) At(i int) uint32 {
	// Descend the Fenwick tree to the last chunk whose predecessors hold
	// at most i entries.
	ci, rest := 0, i
	step := 1
	for step*2 < len(l.fen) {
		step *= 2
	}
	for ; step > 0; step /= 2 {
		if next := ci + step; next < len(l.fen) && l.fen[next] <= rest {
			ci, rest = next, rest-l.fen[next]
		}
	}
	return l.chunks[ci][rest]
}

// Rank counts the entries whose serial is below s.
func (l *seqList) Rank(slab []entry, s int64) int {
	ci := l.chunkOf(slab, s)
	if ci == len(l.chunks) {
		return l.n
	}
	c := l.chunks[ci]
	return l.before(ci) + sort.Search(len(c), func(i int) bool { return slab[c[i]].serial >= s })
}
