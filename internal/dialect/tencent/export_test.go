package tencent

// Signing steps exported for the black-box tests, which build raw signed
// requests by hand to test what no SDK would send.
var (
	TC3CanonicalRequest    = tc3CanonicalRequest
	TC3CanonicalRequestFor = tc3CanonicalRequestFor
	TC3StringToSign        = tc3StringToSign
	TC3Signature           = tc3Signature
	V1StringToSign         = v1StringToSign
	V1Signature            = v1Signature
	SHA256Hex              = sha256Hex
)
