package zenlayertest

// The models of ZEC 2024-04-01 (SDK package zec20240401) for the actions
// the Terraform provider still sends with that version. Its fields are
// plain values with omitempty, so a zero value (false, 0, "") is never on
// the wire; only ModifySubnetAttribute and ResizeDisk use pointers there.

type (
	InstanceIDs2024Request struct {
		InstanceIDs []string `json:"instanceIds,omitempty"`
	}
	StopInstances2024Request struct {
		InstanceIDs   []string `json:"instanceIds,omitempty"`
		ForceShutdown bool     `json:"forceShutdown,omitempty"`
	}
	InstanceIDs2024Response struct {
		RequestID   string   `json:"requestId,omitempty"`
		InstanceIDs []string `json:"instanceIds,omitempty"`
	}
	ResetInstancePassword2024Request struct {
		InstanceID string `json:"instanceId,omitempty"`
		Password   string `json:"password,omitempty"`
	}
	InstanceID2024Request struct {
		InstanceID string `json:"instanceId,omitempty"`
	}
	DeleteVpc2024Request struct {
		VpcID string `json:"vpcId,omitempty"`
	}
	CreateSubnet2024Request struct {
		VpcID     string `json:"vpcId,omitempty"`
		RegionID  string `json:"regionId,omitempty"`
		StackType string `json:"stackType,omitempty"`
		IPv6Type  string `json:"ipv6Type,omitempty"`
		Name      string `json:"name,omitempty"`
		CidrBlock string `json:"cidrBlock,omitempty"`
	}
	CreateSubnet2024Response struct {
		RequestID string `json:"requestId,omitempty"`
		SubnetID  string `json:"subnetId,omitempty"`
	}
	ModifySubnetStackType2024Request struct {
		SubnetID  string `json:"subnetId,omitempty"`
		StackType string `json:"stackType,omitempty"`
		IPv6Type  string `json:"ipv6Type,omitempty"`
	}
	ModifySubnetStackType2024Response struct {
		RequestID     string `json:"requestId,omitempty"`
		IPv6CidrBlock string `json:"ipv6CidrBlock,omitempty"`
	}
	SubnetID2024Request struct {
		SubnetID string `json:"subnetId,omitempty"`
	}
	ModifySecurityGroupsAttribute2024Request struct {
		SecurityGroupIDs  []string `json:"securityGroupIds,omitempty"`
		SecurityGroupName string   `json:"securityGroupName,omitempty"`
	}
	SecurityGroupID2024Request struct {
		SecurityGroupID string `json:"securityGroupId,omitempty"`
	}
	DiskID2024Request struct {
		DiskID string `json:"diskId,omitempty"`
	}
)

func (c *Client) StartInstances2024(r *InstanceIDs2024Request) (*InstanceIDs2024Response, error) {
	return do[InstanceIDs2024Response](c, ZEC2024, "StartInstances", r)
}
func (c *Client) StopInstances2024(r *StopInstances2024Request) (*InstanceIDs2024Response, error) {
	return do[InstanceIDs2024Response](c, ZEC2024, "StopInstances", r)
}
func (c *Client) ReleaseInstances2024(r *InstanceIDs2024Request) (*InstanceIDs2024Response, error) {
	return do[InstanceIDs2024Response](c, ZEC2024, "ReleaseInstances", r)
}
func (c *Client) ResetInstancePassword2024(r *ResetInstancePassword2024Request) (*Ack, error) {
	return do[Ack](c, ZEC2024, "ResetInstancePassword", r)
}
func (c *Client) StartIPForward2024(r *InstanceID2024Request) (*Ack, error) {
	return do[Ack](c, ZEC2024, "StartIpForward", r)
}
func (c *Client) StopIPForward2024(r *InstanceID2024Request) (*Ack, error) {
	return do[Ack](c, ZEC2024, "StopIpForward", r)
}
func (c *Client) DeleteVpc2024(r *DeleteVpc2024Request) (*Ack, error) {
	return do[Ack](c, ZEC2024, "DeleteVpc", r)
}
func (c *Client) CreateSubnet2024(r *CreateSubnet2024Request) (*CreateSubnet2024Response, error) {
	return do[CreateSubnet2024Response](c, ZEC2024, "CreateSubnet", r)
}

// ModifySubnetAttribute2024 takes the 2025 model: in 2024-04-01 too its
// fields are pointers, so an empty cidrBlock is sent.
func (c *Client) ModifySubnetAttribute2024(r *ModifySubnetAttributeRequest) (*Ack, error) {
	return do[Ack](c, ZEC2024, "ModifySubnetAttribute", r)
}
func (c *Client) ModifySubnetStackType2024(r *ModifySubnetStackType2024Request) (*ModifySubnetStackType2024Response, error) {
	return do[ModifySubnetStackType2024Response](c, ZEC2024, "ModifySubnetStackType", r)
}
func (c *Client) DeleteSubnet2024(r *SubnetID2024Request) (*Ack, error) {
	return do[Ack](c, ZEC2024, "DeleteSubnet", r)
}
func (c *Client) ModifySecurityGroupsAttribute2024(r *ModifySecurityGroupsAttribute2024Request) (*Ack, error) {
	return do[Ack](c, ZEC2024, "ModifySecurityGroupsAttribute", r)
}
func (c *Client) DeleteSecurityGroup2024(r *SecurityGroupID2024Request) (*Ack, error) {
	return do[Ack](c, ZEC2024, "DeleteSecurityGroup", r)
}
func (c *Client) ReleaseDisk2024(r *DiskID2024Request) (*Ack, error) {
	return do[Ack](c, ZEC2024, "ReleaseDisk", r)
}

// ResizeDisk2024 takes the 2025 model: both versions use pointers.
func (c *Client) ResizeDisk2024(r *ResizeDiskRequest) (*Ack, error) {
	return do[Ack](c, ZEC2024, "ResizeDisk", r)
}
