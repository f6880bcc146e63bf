package aliyun

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ECS's rules for names, descriptions, host names and passwords.
var (
	errInstanceName  = &apiError{http.StatusBadRequest, "InvalidInstanceName.Malformed", `The specified parameter "InstanceName" is not valid.`}
	errOrderedName   = &apiError{http.StatusBadRequest, "InvalidInstanceName.CustomMalformed", "Customized section of instance or host name is invalid, please use valid format: [], [,], [m,], [,n], [m,n]."}
	errDescription   = &apiError{http.StatusBadRequest, "InvalidDescription.Malformed", `The specified parameter "Description" is not valid.`}
	errHostName      = &apiError{http.StatusBadRequest, "InvalidHostName.Malformed", `The specified parameter "HostName" is not valid.`}
	errPassword      = &apiError{http.StatusBadRequest, "InvalidPassword.Malformed", `The specified parameter "Password" is not valid.`}
	errDiskName      = &apiError{http.StatusBadRequest, "InvalidDiskName.Malformed", `The specified parameter "SyatemDisk.DiskName or DataDisk.n.DiskName" is not valid.`}
	errDiskDesc      = &apiError{http.StatusBadRequest, "InvalidDiskDescription.Malformed", `The specified parameter "SyatemDisk.DiskDescription" or "DataDisk.n.Description" is not valid.`}
	errNameTooLong   = &apiError{http.StatusForbidden, "InvalidParams.InstanceNameExceed", "The uniqueSuffix takes three naming places, please shorten your InstanceName."}
	errHostTooLong   = &apiError{http.StatusForbidden, "InvalidParams.HostnameExceed", "The uniqueSuffix takes three naming places, please shorten your Hostname."}
	errHostNamesBoth = &apiError{http.StatusForbidden, "InvalidHostname.SingleAndMultiConflict", "HostName and HostNames.N cannot be set together."}
	errHostNamesSize = &apiError{http.StatusForbidden, "InvalidHostname.SizeInvalid", "The number of HostNames.N must equal Amount."}
)

const (
	maxNameRunes        = 128
	maxDescriptionRunes = 256
	uniqueSuffixDigits  = 3
	// instanceIDPlaceholder in a host name stands for the instance's ID.
	instanceIDPlaceholder = "${instance_id}"
)

// name is an instance or host name as sent, which may hold ECS's ordered
// section "prefix[begin,bits]suffix": the i-th instance of a batch gets
// begin+i, zero-padded to bits digits.
type name struct {
	prefix, suffix string
	begin, bits    int
	ordered        bool
}

// parseName reads the ordered section of s, when it has one.
func parseName(s string) (name, error) {
	open := strings.IndexByte(s, '[')
	if open < 0 {
		if strings.IndexByte(s, ']') >= 0 {
			return name{}, errOrderedName
		}
		return name{prefix: s}, nil
	}
	end := strings.IndexByte(s[open:], ']')
	if end < 0 {
		return name{}, errOrderedName
	}
	end += open
	n := name{prefix: s[:open], suffix: s[end+1:], begin: 0, bits: 6, ordered: true}
	if strings.ContainsAny(n.suffix, "[]") {
		return name{}, errOrderedName
	}
	inner := s[open+1 : end]
	if inner == "" {
		return n, nil
	}
	first, second, comma := strings.Cut(inner, ",")
	if !comma {
		return name{}, errOrderedName
	}
	if first != "" {
		b, err := strconv.Atoi(first)
		if err != nil || b < 0 || b > 999999 {
			return name{}, errOrderedName
		}
		n.begin = b
	}
	if second != "" {
		b, err := strconv.Atoi(second)
		if err != nil || b < 1 || b > 6 {
			return name{}, errOrderedName
		}
		n.bits = b
	}
	return n, nil
}

// nth returns the name of the i-th instance of a batch; with unique, a
// three-digit suffix counting from 001 follows, except after an ordered
// section that ends the name (ECS ignores UniqueSuffix there).
func (n name) nth(i int, unique bool) string {
	s := n.prefix
	if n.ordered {
		s += fmt.Sprintf("%0*d", n.bits, n.begin+i) + n.suffix
	}
	if unique && (!n.ordered || n.suffix != "") {
		s += fmt.Sprintf("%0*d", uniqueSuffixDigits, i+1)
	}
	return s
}

func hasWebPrefix(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// validName applies the rule for instance and disk names: 2 to 128
// characters, opening with a letter (Chinese ones included), then letters,
// digits, colons, underscores, periods and hyphens.
func validName(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 2 || n > maxNameRunes || hasWebPrefix(s) {
		return false
	}
	for i, r := range s {
		switch {
		case unicode.IsLetter(r):
		case i == 0:
			return false
		case unicode.IsDigit(r) || strings.ContainsRune(":_.-", r):
		default:
			return false
		}
	}
	return true
}

// validDescription applies the rule for descriptions: 2 to 256
// characters, not opening with http:// or https://.
func validDescription(s string) bool {
	n := utf8.RuneCountInString(s)
	return n >= 2 && n <= maxDescriptionRunes && !hasWebPrefix(s)
}

// validHostName applies ECS's host name rules: periods and hyphens neither
// first, last nor doubled; Windows names 2 to 15 letters, digits and
// hyphens, not all digits; others 2 to 64, segments of those split by
// periods.
func validHostName(s string, windows bool) bool {
	if len(s) < 2 || s[0] == '.' || s[0] == '-' || s[len(s)-1] == '.' || s[len(s)-1] == '-' {
		return false
	}
	if windows && (len(s) > 15 || strings.ContainsRune(s, '.')) || len(s) > 64 {
		return false
	}
	allDigits := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			allDigits = false
		case c == '-' || c == '.':
			allDigits = false
			if next := s[i+1]; next == '-' || next == '.' {
				return false
			}
		default:
			return false
		}
	}
	return !(windows && allDigits)
}

// passwordSpecials are the symbols a password may hold.
const passwordSpecials = "()`~!@#$%^&*-_+=|{}[]:;'<>,.?/"

// validPassword applies ECS's password rule: 8 to 30 characters, of at
// least three of upper-case letters, lower-case letters, digits and the
// symbols above; a Windows password may not open with "/".
func validPassword(s string, windows bool) bool {
	if len(s) < 8 || len(s) > 30 || windows && s[0] == '/' {
		return false
	}
	var upper, lower, digit, special bool
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			upper = true
		case c >= 'a' && c <= 'z':
			lower = true
		case c >= '0' && c <= '9':
			digit = true
		case strings.IndexByte(passwordSpecials, c) >= 0:
			special = true
		default:
			return false
		}
	}
	classes := 0
	for _, b := range []bool{upper, lower, digit, special} {
		if b {
			classes++
		}
	}
	return classes >= 3
}

// defaultHostName is the host name ECS gives an instance launched without
// one: "iZ", the ID without "i-", and "Z"; Windows keeps it to 15
// characters.
func defaultHostName(id string, windows bool) string {
	body := strings.TrimPrefix(id, "i-")
	if windows && len(body) > 12 {
		body = body[:12]
	}
	return "iZ" + body + "Z"
}
