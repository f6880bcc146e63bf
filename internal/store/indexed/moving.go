package indexed

// movingHeap holds the slots of the instances in transition, as a min-heap
// on the moment each is due to leave it (see due), so that a listing or a
// write finds the ones due by looking at the top alone. Each entry knows its
// place in the heap (entry.heapAt), so that one replaced or deleted while
// in transition is taken out in O(log n).
type movingHeap struct {
	slots []uint32
}

// due is when e leaves the instances in transition: when its last stage
// ends, if it is then gone (never listed again, as the SQL stores' goneSQL
// says); a grace second later otherwise, when it is filed by status.
func (e *entry) due() int64 {
	if e.target == terminated {
		return e.settles()
	}
	return e.settles() + int64(grace)
}

func (h *movingHeap) less(slab []entry, i, j int) bool {
	return slab[h.slots[i]].due() < slab[h.slots[j]].due()
}

func (h *movingHeap) swap(slab []entry, i, j int) {
	h.slots[i], h.slots[j] = h.slots[j], h.slots[i]
	slab[h.slots[i]].heapAt = int32(i)
	slab[h.slots[j]].heapAt = int32(j)
}

func (h *movingHeap) up(slab []entry, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h.less(slab, i, p) {
			return
		}
		h.swap(slab, i, p)
		i = p
	}
}

func (h *movingHeap) down(slab []entry, i int) {
	for {
		l, smallest := 2*i+1, i
		if l < len(h.slots) && h.less(slab, l, smallest) {
			smallest = l
		}
		if r := l + 1; r < len(h.slots) && h.less(slab, r, smallest) {
			smallest = r
		}
		if smallest == i {
			return
		}
		h.swap(slab, i, smallest)
		i = smallest
	}
}

// push adds slot.
func (h *movingHeap) push(slab []entry, slot uint32) {
	h.slots = append(h.slots, slot)
	slab[slot].heapAt = int32(len(h.slots) - 1)
	h.up(slab, len(h.slots)-1)
}

// remove takes slot out.
func (h *movingHeap) remove(slab []entry, slot uint32) {
	i := int(slab[slot].heapAt)
	last := len(h.slots) - 1
	if i != last {
		h.swap(slab, i, last)
	}
	h.slots = h.slots[:last]
	slab[slot].heapAt = -1
	if i != last {
		h.down(slab, i)
		h.up(slab, i)
	}
}

// top returns the slot due first; the heap must not be empty.
func (h *movingHeap) top() uint32 { return h.slots[0] }

func (h *movingHeap) len() int { return len(h.slots) }
