package zenlayertest

// The resource-group call of the user service 2024-05-29 (SDK package
// user20240529) that the Terraform provider makes.

type AddResourceResourceGroupRequest struct {
	Resources       []string `json:"resources,omitempty"`
	ResourceGroupID *string  `json:"resourceGroupId,omitempty"`
}

func (c *Client) AddResourceResourceGroup(r *AddResourceResourceGroupRequest) (*Ack, error) {
	return do[Ack](c, User, "AddResourceResourceGroup", r)
}
