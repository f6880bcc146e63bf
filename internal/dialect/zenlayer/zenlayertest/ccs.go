package zenlayertest

// The models of the key-pair service ccs 2025-09-01 (SDK package
// ccs20250901). It has no CreateKeyPair: key pairs are only imported.

type (
	ImportKeyPairRequest struct {
		KeyName        *string `json:"keyName,omitempty"`
		KeyDescription *string `json:"keyDescription,omitempty"`
		PublicKey      *string `json:"publicKey,omitempty"`
	}
	ImportKeyPairResponse struct {
		RequestID *string `json:"requestId,omitempty"`
		KeyID     *string `json:"keyId,omitempty"`
	}
	DescribeKeyPairsRequest struct {
		KeyIDs   []string `json:"keyIds,omitempty"`
		KeyName  *string  `json:"keyName,omitempty"`
		PageSize *int     `json:"pageSize,omitempty"`
		PageNum  *int     `json:"pageNum,omitempty"`
	}
	KeyPair struct {
		KeyID          *string `json:"keyId,omitempty"`
		KeyName        *string `json:"keyName,omitempty"`
		PublicKey      *string `json:"publicKey,omitempty"`
		KeyDescription *string `json:"keyDescription,omitempty"`
		CreateTime     *string `json:"createTime,omitempty"`
	}
	DescribeKeyPairsResponse struct {
		RequestID  *string    `json:"requestId,omitempty"`
		TotalCount *int       `json:"totalCount,omitempty"`
		DataSet    []*KeyPair `json:"dataSet,omitempty"`
	}
	ModifyKeyPairAttributeRequest struct {
		KeyID          *string `json:"keyId,omitempty"`
		KeyDescription *string `json:"keyDescription,omitempty"`
	}
	DeleteKeyPairsRequest struct {
		KeyIDs []string `json:"keyIds,omitempty"`
	}
)

func (c *Client) ImportKeyPair(r *ImportKeyPairRequest) (*ImportKeyPairResponse, error) {
	return do[ImportKeyPairResponse](c, CCS, "ImportKeyPair", r)
}
func (c *Client) DescribeKeyPairs(r *DescribeKeyPairsRequest) (*DescribeKeyPairsResponse, error) {
	return do[DescribeKeyPairsResponse](c, CCS, "DescribeKeyPairs", r)
}
func (c *Client) ModifyKeyPairAttribute(r *ModifyKeyPairAttributeRequest) (*Ack, error) {
	return do[Ack](c, CCS, "ModifyKeyPairAttribute", r)
}
func (c *Client) DeleteKeyPairs(r *DeleteKeyPairsRequest) (*Ack, error) {
	return do[Ack](c, CCS, "DeleteKeyPairs", r)
}
