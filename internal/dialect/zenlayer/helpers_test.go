package zenlayer_test

// must returns v when err is nil. A call that must succeed and does not
// panics, which fails the test run with the error and where it happened.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// deref reads an optional string of the SDK's models; "" when absent.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
