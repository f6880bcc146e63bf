package aliyun

// Signing steps exported for the black-box tests, which build raw signed
// requests by hand to test what no SDK would send.
var (
	RPCStringToSign      = rpcStringToSign
	RPCSignature         = rpcSignature
	ACS3CanonicalRequest = acs3CanonicalRequest
	ACS3Signature        = acs3Signature
	SHA256Hex            = sha256Hex
	PercentEncode        = percentEncode
)

// ServedActions are the actions each API version serves, for the tests
// that every one is documented and refused bad input.
func ServedActions() map[string][]string {
	out := map[string][]string{}
	for version, table := range products {
		for action := range table {
			out[version] = append(out[version], action)
		}
	}
	return out
}
