package compute

import (
	"errors"
	"fmt"
)

// Code classifies an Error. Dialects map each Code (with Param or Op when it
// matters) to their vendor's error. The list is append-only: never reorder.
type Code uint8

const (
	Internal        Code = iota // a fault of ecsd or its store
	InvalidArgument             // a value is malformed or out of range
	MissingArgument             // a required value is absent
	NotFound                    // the named resource does not exist for this owner
	AlreadyExists               // the resource exists already
	IncorrectState              // the instance's status does not allow the operation
	LimitExceeded               // too many values, or a quota is reached
	Unauthenticated             // the access key is unknown
	KeyDisabled                 // the access key exists but is disabled
	Replayed                    // the request's nonce was used already
	Expired                     // the request's timestamp is outside the window
	Throttled                   // too many requests
	Unavailable                 // the store cannot be reached for now
	DryRunPassed                // a dry run that would have succeeded
	Conflict                    // a concurrent change won; the request may be retried
	InUse                       // the resource is used by another (Blocker) and cannot go
)

// Codes lists every Code, so each dialect's error table can be checked for
// completeness by a test.
var Codes = []Code{
	Internal, InvalidArgument, MissingArgument, NotFound, AlreadyExists, IncorrectState,
	LimitExceeded, Unauthenticated, KeyDisabled, Replayed, Expired, Throttled, Unavailable,
	DryRunPassed, Conflict, InUse,
}

var codeNames = [...]string{
	"internal", "invalid argument", "missing argument", "not found", "already exists",
	"incorrect state", "limit exceeded", "unauthenticated", "key disabled", "replayed",
	"expired", "throttled", "unavailable", "dry run passed", "conflict", "in use",
}

func (c Code) String() string {
	if int(c) < len(codeNames) {
		return codeNames[c]
	}
	return fmt.Sprintf("code(%d)", c)
}

// Error is the one error type of the domain.
type Error struct {
	Code Code
	// Op is the use case that failed: "launch", "start", "list", ...
	Op string
	// Param names what the error is about, in neutral words: a Kind for a
	// resource ("instance", "disk", "security_group"), or "region",
	// "zone", "cidr", "page_size", ...; dialects spell it.
	Param string
	// Value is the offending value, when there is one.
	Value string
	// Instance and Status describe the instance an IncorrectState or
	// NotFound error is about.
	Instance InstanceID
	Status   Status
	// State is the status, in the core's words, of a resource other than
	// an instance that an IncorrectState error is about ("in_use").
	State string
	// Blocker is the kind of resource that uses the one an InUse error is
	// about.
	Blocker Kind
	// Message is safe to show a client.
	Message string
	// Err is the underlying cause; it is logged, never sent.
	Err error
}

func (e *Error) Error() string {
	s := e.Code.String()
	if e.Op != "" {
		s = e.Op + ": " + s
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// ErrorCode returns the Code of err: Internal for an error that is not an
// *Error, and for nil too, since callers ask only about failures.
func ErrorCode(err error) Code {
	if e, ok := AsError(err); ok {
		return e.Code
	}
	return Internal
}

// AsError finds the *Error in err's chain.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Errorf builds an Error with a formatted, client-safe message.
func Errorf(code Code, param, format string, args ...any) *Error {
	return &Error{Code: code, Param: param, Message: fmt.Sprintf(format, args...)}
}

// notFound is the error for a resource of the owner that does not exist.
func notFound(kind Kind, id string) *Error {
	e := &Error{Code: NotFound, Param: string(kind), Value: id, Message: fmt.Sprintf("%s %s does not exist", kind, id)}
	if kind == KindInstance {
		e.Instance = InstanceID(id)
	}
	return e
}

// dryRunPassed is what a dry run that would have succeeded returns.
func dryRunPassed(op string) *Error {
	return &Error{Code: DryRunPassed, Op: op, Message: "the request would have succeeded"}
}
