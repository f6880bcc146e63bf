package aliyun

import (
	"regexp"
)

// lowerAlnum are the characters of the random part of every ID the
// profile's ID maker draws (profile.go).
const lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"

// instanceIDPattern accepts current IDs and the shorter older ones
// (i-ae4r89pp in the seed documents).
var instanceIDPattern = regexp.MustCompile(`^i-[a-z0-9]{8,}$`)

func wellFormedID(id string) bool { return instanceIDPattern.MatchString(id) }
