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
