package auth

// Remembered counts the nonces m holds in either generation, so that tests
// can see its memory stay bounded.
func (m *MemoryNonces) Remembered() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.current) + len(m.previous)
}
