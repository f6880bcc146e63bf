package zenlayertest

// The tag call of the resource-management service zrm 2025-10-14 (SDK
// package zrm20251014) that the Terraform provider makes.

type ModifyResourceTagsRequest struct {
	ResourceUUID  *string  `json:"resourceUuid,omitempty"`
	ReplaceTags   []*Tag   `json:"replaceTags,omitempty"`
	DeleteTagKeys []string `json:"deleteTagKeys,omitempty"`
}

func (c *Client) ModifyResourceTags(r *ModifyResourceTagsRequest) (*Ack, error) {
	return do[Ack](c, ZRM, "ModifyResourceTags", r)
}
