package zenlayertest

// The models of ZEC 2025-09-01 (SDK package zec20250901) for the actions
// ecsd serves: each field spelled and typed as the SDK's model has it, all
// optional (pointers, omitted when nil), so that requests carry what a test
// sets and nothing else, and responses show what the server left out.

// String, Int and Bool return pointers, as the SDK's helpers do.
func String(s string) *string { return &s }
func Int(i int) *int          { return &i }
func Bool(b bool) *bool       { return &b }

// Shared structures.
type (
	Tag struct {
		Key   *string `json:"key,omitempty"`
		Value *string `json:"value,omitempty"`
	}
	// TagAssociation is how create requests carry tags.
	TagAssociation struct {
		Tags []*Tag `json:"tags,omitempty"`
	}
	// Tags is how responses carry tags.
	Tags struct {
		Tags []*Tag `json:"tags,omitempty"`
	}
	ResourceGroupInfo struct {
		ResourceGroupID   *string `json:"resourceGroupId,omitempty"`
		ResourceGroupName *string `json:"resourceGroupName,omitempty"`
	}
	MarketingInfo struct {
		DiscountCode  *string `json:"discountCode,omitempty"`
		UsePocVoucher *bool   `json:"usePocVoucher,omitempty"`
	}
	SystemDisk struct {
		DiskID          *string `json:"diskId,omitempty"`
		DiskSize        *int    `json:"diskSize,omitempty"`
		DiskCategory    *string `json:"diskCategory,omitempty"`
		BurstingEnabled *bool   `json:"burstingEnabled,omitempty"`
	}
	DataDisk struct {
		DiskID          *string `json:"diskId,omitempty"`
		DiskName        *string `json:"diskName,omitempty"`
		DiskSize        *int    `json:"diskSize,omitempty"`
		DiskAmount      *int    `json:"diskAmount,omitempty"`
		Portable        *bool   `json:"portable,omitempty"`
		BurstingEnabled *bool   `json:"burstingEnabled,omitempty"`
		DiskCategory    *string `json:"diskCategory,omitempty"`
	}
	InstanceOptions struct {
		NestedVirtualization *bool `json:"nestedVirtualization,omitempty"`
	}
)

// Instances.
type (
	CreateZecInstancesRequest struct {
		ZoneID             *string          `json:"zoneId,omitempty"`
		ImageID            *string          `json:"imageId,omitempty"`
		TimeZone           *string          `json:"timeZone,omitempty"`
		InstanceType       *string          `json:"instanceType,omitempty"`
		InstanceName       *string          `json:"instanceName,omitempty"`
		Password           *string          `json:"password,omitempty"`
		KeyID              *string          `json:"keyId,omitempty"`
		NicNetworkType     *string          `json:"nicNetworkType,omitempty"`
		InstanceCount      *int             `json:"instanceCount,omitempty"`
		SystemDisk         *SystemDisk      `json:"systemDisk,omitempty"`
		DataDisks          []*DataDisk      `json:"dataDisks,omitempty"`
		SecurityGroupID    *string          `json:"securityGroupId,omitempty"`
		SubnetID           *string          `json:"subnetId,omitempty"`
		LanIP              *string          `json:"lanIp,omitempty"`
		EnableAgent        *bool            `json:"enableAgent,omitempty"`
		EnableIPForward    *bool            `json:"enableIpForward,omitempty"`
		InternetChargeType *string          `json:"internetChargeType,omitempty"`
		TrafficPackageSize *float64         `json:"trafficPackageSize,omitempty"`
		Bandwidth          *int             `json:"bandwidth,omitempty"`
		EipBindType        *string          `json:"eipBindType,omitempty"`
		EipIDs             []string         `json:"eipIds,omitempty"`
		EipV4Type          *string          `json:"eipV4Type,omitempty"`
		IPStackType        *string          `json:"ipStackType,omitempty"`
		NetworkLineType    *string          `json:"networkLineType,omitempty"`
		ClusterID          *string          `json:"clusterId,omitempty"`
		IPv6ClusterID      *string          `json:"ipv6ClusterId,omitempty"`
		ResourceGroupID    *string          `json:"resourceGroupId,omitempty"`
		MarketingOptions   *MarketingInfo   `json:"marketingOptions,omitempty"`
		Tags               *TagAssociation  `json:"tags,omitempty"`
		UserData           *string          `json:"userData,omitempty"`
		InstanceOptions    *InstanceOptions `json:"instanceOptions,omitempty"`
	}
	DiskWithInstance struct {
		InstanceID *string  `json:"instanceId,omitempty"`
		DiskIDSet  []string `json:"diskIdSet,omitempty"`
	}
	CreateZecInstancesResponse struct {
		RequestID     *string             `json:"requestId,omitempty"`
		OrderNumber   *string             `json:"orderNumber,omitempty"`
		InstanceIDSet []string            `json:"instanceIdSet,omitempty"`
		Instances     []*DiskWithInstance `json:"instances,omitempty"`
	}

	DescribeInstancesRequest struct {
		InstanceIDs     []string `json:"instanceIds,omitempty"`
		ZoneID          *string  `json:"zoneId,omitempty"`
		ImageID         *string  `json:"imageId,omitempty"`
		IPv4Address     *string  `json:"ipv4Address,omitempty"`
		IPv6Address     *string  `json:"ipv6Address,omitempty"`
		Status          *string  `json:"status,omitempty"`
		Name            *string  `json:"name,omitempty"`
		PageSize        *int     `json:"pageSize,omitempty"`
		PageNum         *int     `json:"pageNum,omitempty"`
		ResourceGroupID *string  `json:"resourceGroupId,omitempty"`
		TagKeys         []string `json:"tagKeys,omitempty"`
		Tags            []*Tag   `json:"tags,omitempty"`
	}
	NicInfo struct {
		NicID           *string            `json:"nicId,omitempty"`
		Name            *string            `json:"name,omitempty"`
		Status          *string            `json:"status,omitempty"`
		NicType         *string            `json:"nicType,omitempty"`
		RegionID        *string            `json:"regionId,omitempty"`
		NicSubnetType   *string            `json:"nicSubnetType,omitempty"`
		PublicIPList    []string           `json:"publicIpList,omitempty"`
		PrivateIPList   []string           `json:"privateIpList,omitempty"`
		PrimaryIPv4     *string            `json:"primaryIpv4,omitempty"`
		PrimaryIPv6     *string            `json:"primaryIpv6,omitempty"`
		IPv6Cidr        *string            `json:"ipv6Cidr,omitempty"`
		SecondaryIPv4s  []string           `json:"secondaryIpv4s,omitempty"`
		MacAddress      *string            `json:"macAddress,omitempty"`
		InstanceID      *string            `json:"instanceId,omitempty"`
		VpcID           *string            `json:"vpcId,omitempty"`
		SubnetID        *string            `json:"subnetId,omitempty"`
		CreateTime      *string            `json:"createTime,omitempty"`
		UpdateTime      *string            `json:"updateTime,omitempty"`
		ResourceGroup   *ResourceGroupInfo `json:"resourceGroup,omitempty"`
		SecurityGroupID *string            `json:"securityGroupId,omitempty"`
		Tags            *Tags              `json:"tags,omitempty"`
	}
	InstanceInfo struct {
		InstanceID         *string          `json:"instanceId,omitempty"`
		InstanceName       *string          `json:"instanceName,omitempty"`
		ZoneID             *string          `json:"zoneId,omitempty"`
		InstanceType       *string          `json:"instanceType,omitempty"`
		CPU                *int             `json:"cpu,omitempty"`
		Memory             *int             `json:"memory,omitempty"`
		ImageID            *string          `json:"imageId,omitempty"`
		ImageName          *string          `json:"imageName,omitempty"`
		TimeZone           *string          `json:"timeZone,omitempty"`
		NicNetworkType     *string          `json:"nicNetworkType,omitempty"`
		Status             *string          `json:"status,omitempty"`
		SystemDisk         *SystemDisk      `json:"systemDisk,omitempty"`
		DataDisks          []*DataDisk      `json:"dataDisks,omitempty"`
		PublicIPAddresses  []string         `json:"publicIpAddresses,omitempty"`
		PrivateIPAddresses []string         `json:"privateIpAddresses,omitempty"`
		KeyID              *string          `json:"keyId,omitempty"`
		SubnetID           *string          `json:"subnetId,omitempty"`
		SecurityGroupID    *string          `json:"securityGroupId,omitempty"`
		EnableAgent        *bool            `json:"enableAgent,omitempty"`
		EnableAgentMonitor *bool            `json:"enableAgentMonitor,omitempty"`
		EnableIPForward    *bool            `json:"enableIpForward,omitempty"`
		CreateTime         *string          `json:"createTime,omitempty"`
		ExpiredTime        *string          `json:"expiredTime,omitempty"`
		ResourceGroupID    *string          `json:"resourceGroupId,omitempty"`
		ResourceGroupName  *string          `json:"resourceGroupName,omitempty"`
		Nics               []*NicInfo       `json:"nics,omitempty"`
		Tags               *Tags            `json:"tags,omitempty"`
		LoadBalancerIDs    []string         `json:"loadBalancerIds,omitempty"`
		PlacementGroupID   *string          `json:"placementGroupId,omitempty"`
		InstanceOptions    *InstanceOptions `json:"instanceOptions,omitempty"`
	}
	DescribeInstancesResponse struct {
		RequestID  *string         `json:"requestId,omitempty"`
		TotalCount *int            `json:"totalCount,omitempty"`
		DataSet    []*InstanceInfo `json:"dataSet,omitempty"`
	}

	DescribeInstancesStatusRequest struct {
		InstanceIDs     []string `json:"instanceIds,omitempty"`
		PageSize        *int     `json:"pageSize,omitempty"`
		PageNum         *int     `json:"pageNum,omitempty"`
		ResourceGroupID *string  `json:"resourceGroupId,omitempty"`
	}
	InstanceStatus struct {
		InstanceID     *string `json:"instanceId,omitempty"`
		InstanceStatus *string `json:"instanceStatus,omitempty"`
	}
	DescribeInstancesStatusResponse struct {
		RequestID  *string           `json:"requestId,omitempty"`
		TotalCount *int              `json:"totalCount,omitempty"`
		DataSet    []*InstanceStatus `json:"dataSet,omitempty"`
	}

	ModifyInstancesAttributeRequest struct {
		InstanceIDs  []string `json:"instanceIds,omitempty"`
		InstanceName *string  `json:"instanceName,omitempty"`
	}
	StartInstancesRequest struct {
		InstanceIDs []string `json:"instanceIds,omitempty"`
	}
	StopInstancesRequest struct {
		InstanceIDs   []string `json:"instanceIds,omitempty"`
		ForceShutdown *bool    `json:"forceShutdown,omitempty"`
	}
	RebootInstancesRequest struct {
		InstanceIDs []string `json:"instanceIds,omitempty"`
	}
	ReleaseInstancesRequest struct {
		InstanceIDs    []string `json:"instanceIds,omitempty"`
		DependResource *bool    `json:"dependResource,omitempty"`
	}
	// InstanceIDsResponse is the answer of Start, Stop, Reboot and
	// ReleaseInstances: the instances that failed.
	InstanceIDsResponse struct {
		RequestID   *string  `json:"requestId,omitempty"`
		InstanceIDs []string `json:"instanceIds,omitempty"`
	}
	ResetInstancePasswordRequest struct {
		InstanceID *string `json:"instanceId,omitempty"`
		Password   *string `json:"password,omitempty"`
	}
	ResetInstanceRequest struct {
		InstanceID   *string `json:"instanceId,omitempty"`
		Password     *string `json:"password,omitempty"`
		KeyID        *string `json:"keyId,omitempty"`
		ImageID      *string `json:"imageId,omitempty"`
		Timezone     *string `json:"timezone,omitempty"`
		EnableAgent  *bool   `json:"enableAgent,omitempty"`
		InstanceName *string `json:"instanceName,omitempty"`
		UserData     *string `json:"userData,omitempty"`
	}
	InstanceIDRequest struct {
		InstanceID *string `json:"instanceId,omitempty"`
	}
	ModifyInstanceTypeRequest struct {
		InstanceID   *string `json:"instanceId,omitempty"`
		InstanceType *string `json:"instanceType,omitempty"`
	}
)

func (c *Client) CreateZecInstances(r *CreateZecInstancesRequest) (*CreateZecInstancesResponse, error) {
	return do[CreateZecInstancesResponse](c, ZEC, "CreateZecInstances", r)
}
func (c *Client) DescribeInstances(r *DescribeInstancesRequest) (*DescribeInstancesResponse, error) {
	return do[DescribeInstancesResponse](c, ZEC, "DescribeInstances", r)
}
func (c *Client) DescribeInstancesStatus(r *DescribeInstancesStatusRequest) (*DescribeInstancesStatusResponse, error) {
	return do[DescribeInstancesStatusResponse](c, ZEC, "DescribeInstancesStatus", r)
}
func (c *Client) ModifyInstancesAttribute(r *ModifyInstancesAttributeRequest) (*Ack, error) {
	return do[Ack](c, ZEC, "ModifyInstancesAttribute", r)
}
func (c *Client) StartInstances(r *StartInstancesRequest) (*InstanceIDsResponse, error) {
	return do[InstanceIDsResponse](c, ZEC, "StartInstances", r)
}
func (c *Client) StopInstances(r *StopInstancesRequest) (*InstanceIDsResponse, error) {
	return do[InstanceIDsResponse](c, ZEC, "StopInstances", r)
}
func (c *Client) RebootInstances(r *RebootInstancesRequest) (*InstanceIDsResponse, error) {
	return do[InstanceIDsResponse](c, ZEC, "RebootInstances", r)
}
func (c *Client) ReleaseInstances(r *ReleaseInstancesRequest) (*InstanceIDsResponse, error) {
	return do[InstanceIDsResponse](c, ZEC, "ReleaseInstances", r)
}
func (c *Client) ResetInstancePassword(r *ResetInstancePasswordRequest) (*Ack, error) {
	return do[Ack](c, ZEC, "ResetInstancePassword", r)
}
func (c *Client) ResetInstance(r *ResetInstanceRequest) (*Ack, error) {
	return do[Ack](c, ZEC, "ResetInstance", r)
}
func (c *Client) StartIPForward(r *InstanceIDRequest) (*Ack, error) {
	return do[Ack](c, ZEC, "StartIpForward", r)
}
func (c *Client) StopIPForward(r *InstanceIDRequest) (*Ack, error) {
	return do[Ack](c, ZEC, "StopIpForward", r)
}
func (c *Client) ModifyInstanceType(r *ModifyInstanceTypeRequest) (*Ack, error) {
	return do[Ack](c, ZEC, "ModifyInstanceType", r)
}

// Zones, instance types and images.
type (
	DescribeZonesRequest struct {
		ZoneIDs []string `json:"zoneIds,omitempty"`
	}
	ZoneInfo struct {
		ZoneID               *string `json:"zoneId,omitempty"`
		RegionID             *string `json:"regionId,omitempty"`
		ZoneName             *string `json:"zoneName,omitempty"`
		SupportSecurityGroup *bool   `json:"supportSecurityGroup,omitempty"`
		TimeZone             *string `json:"timeZone,omitempty"`
		CityName             *string `json:"cityName,omitempty"`
		CityCode             *string `json:"cityCode,omitempty"`
		CountryCode          *string `json:"countryCode,omitempty"`
		CountryName          *string `json:"countryName,omitempty"`
		SupportHaVip         *bool   `json:"supportHaVip,omitempty"`
	}
	DescribeZonesResponse struct {
		RequestID *string     `json:"requestId,omitempty"`
		ZoneSet   []*ZoneInfo `json:"zoneSet,omitempty"`
	}

	DescribeZoneInstanceConfigInfosRequest struct {
		ZoneID       *string `json:"zoneId,omitempty"`
		InstanceType *string `json:"instanceType,omitempty"`
	}
	InstanceTypeQuotaItem struct {
		ZoneID                       *string  `json:"zoneId,omitempty"`
		InstanceType                 *string  `json:"instanceType,omitempty"`
		InstanceTypeName             *string  `json:"instanceTypeName,omitempty"`
		CPUCount                     *int     `json:"cpuCount,omitempty"`
		Memory                       *int     `json:"memory,omitempty"`
		Bps                          *int64   `json:"bps,omitempty"`
		Pps                          *int64   `json:"pps,omitempty"`
		InternetMaxBandwidthOutLimit *int     `json:"internetMaxBandwidthOutLimit,omitempty"`
		WithStock                    *bool    `json:"withStock,omitempty"`
		InternetChargeTypes          []string `json:"internetChargeTypes,omitempty"`
	}
	DescribeZoneInstanceConfigInfosResponse struct {
		RequestID            *string                  `json:"requestId,omitempty"`
		InstanceTypeQuotaSet []*InstanceTypeQuotaItem `json:"instanceTypeQuotaSet,omitempty"`
	}

	DescribeImagesRequest struct {
		ZoneID      *string  `json:"zoneId,omitempty"`
		ImageIDs    []string `json:"imageIds,omitempty"`
		ImageName   *string  `json:"imageName,omitempty"`
		Category    *string  `json:"category,omitempty"`
		ImageType   *string  `json:"imageType,omitempty"`
		ImageSource *string  `json:"imageSource,omitempty"`
		OsType      *string  `json:"osType,omitempty"`
		ImageStatus *string  `json:"imageStatus,omitempty"`
		PageNum     *int     `json:"pageNum,omitempty"`
		PageSize    *int     `json:"pageSize,omitempty"`
		TagKeys     []string `json:"tagKeys,omitempty"`
		Tags        []*Tag   `json:"tags,omitempty"`
	}
	Image struct {
		ImageID          *string  `json:"imageId,omitempty"`
		ImageName        *string  `json:"imageName,omitempty"`
		ImageType        *string  `json:"imageType,omitempty"`
		ImageSource      *string  `json:"imageSource,omitempty"`
		ImageSize        *string  `json:"imageSize,omitempty"`
		ImageDescription *string  `json:"imageDescription,omitempty"`
		ImageVersion     *string  `json:"imageVersion,omitempty"`
		ImageStatus      *string  `json:"imageStatus,omitempty"`
		NicNetworkType   []string `json:"nicNetworkType,omitempty"`
		Category         *string  `json:"category,omitempty"`
		OsType           *string  `json:"osType,omitempty"`
		Tags             *Tags    `json:"tags,omitempty"`
	}
	DescribeImagesResponse struct {
		RequestID  *string  `json:"requestId,omitempty"`
		TotalCount *int     `json:"totalCount,omitempty"`
		DataSet    []*Image `json:"dataSet,omitempty"`
	}
)

func (c *Client) DescribeZones(r *DescribeZonesRequest) (*DescribeZonesResponse, error) {
	return do[DescribeZonesResponse](c, ZEC, "DescribeZones", r)
}
func (c *Client) DescribeZoneInstanceConfigInfos(r *DescribeZoneInstanceConfigInfosRequest) (*DescribeZoneInstanceConfigInfosResponse, error) {
	return do[DescribeZoneInstanceConfigInfosResponse](c, ZEC, "DescribeZoneInstanceConfigInfos", r)
}
func (c *Client) DescribeImages(r *DescribeImagesRequest) (*DescribeImagesResponse, error) {
	return do[DescribeImagesResponse](c, ZEC, "DescribeImages", r)
}

// VPCs and subnets.
type (
	CreateVpcRequest struct {
		Name            *string         `json:"name,omitempty"`
		CidrBlock       *string         `json:"cidrBlock,omitempty"`
		Mtu             *int            `json:"mtu,omitempty"`
		EnablePriIPv6   *bool           `json:"enablePriIpv6,omitempty"`
		ResourceGroupID *string         `json:"resourceGroupId,omitempty"`
		Tags            *TagAssociation `json:"tags,omitempty"`
	}
	CreateVpcResponse struct {
		RequestID *string `json:"requestId,omitempty"`
		VpcID     *string `json:"vpcId,omitempty"`
	}
	DescribeVpcsRequest struct {
		VpcIDs          []string `json:"vpcIds,omitempty"`
		Name            *string  `json:"name,omitempty"`
		CidrBlock       *string  `json:"cidrBlock,omitempty"`
		PageSize        *int     `json:"pageSize,omitempty"`
		PageNum         *int     `json:"pageNum,omitempty"`
		ResourceGroupID *string  `json:"resourceGroupId,omitempty"`
		TagKeys         []string `json:"tagKeys,omitempty"`
		Tags            []*Tag   `json:"tags,omitempty"`
	}
	VpcInfo struct {
		VpcID           *string            `json:"vpcId,omitempty"`
		Name            *string            `json:"name,omitempty"`
		CidrBlock       *string            `json:"cidrBlock,omitempty"`
		IPv6CidrBlock   *string            `json:"ipv6CidrBlock,omitempty"`
		Mtu             *int               `json:"mtu,omitempty"`
		IsDefault       *bool              `json:"isDefault,omitempty"`
		CreateTime      *string            `json:"createTime,omitempty"`
		UsageIPv4Count  *int               `json:"usageIpv4Count,omitempty"`
		UsageIPv6Count  *int               `json:"usageIpv6Count,omitempty"`
		SecurityGroupID *string            `json:"securityGroupId,omitempty"`
		DNSZoneIDs      []string           `json:"dnsZoneIds,omitempty"`
		ResourceGroup   *ResourceGroupInfo `json:"resourceGroup,omitempty"`
		Tags            *Tags              `json:"tags,omitempty"`
	}
	DescribeVpcsResponse struct {
		RequestID  *string    `json:"requestId,omitempty"`
		TotalCount *int       `json:"totalCount,omitempty"`
		DataSet    []*VpcInfo `json:"dataSet,omitempty"`
	}
	ModifyVpcAttributeRequest struct {
		VpcID           *string `json:"vpcId,omitempty"`
		VpcName         *string `json:"vpcName,omitempty"`
		CidrBlock       *string `json:"cidrBlock,omitempty"`
		EnableIPv6      *bool   `json:"enableIPv6,omitempty"`
		SecurityGroupID *string `json:"securityGroupId,omitempty"`
	}
	ModifyVpcsAttributeRequest struct {
		VpcIDs []string `json:"vpcIds,omitempty"`
		Name   *string  `json:"name,omitempty"`
	}
	DeleteVpcRequest struct {
		VpcID *string `json:"vpcId,omitempty"`
	}

	CreateSubnetRequest struct {
		VpcID            *string `json:"vpcId,omitempty"`
		Name             *string `json:"name,omitempty"`
		RegionID         *string `json:"regionId,omitempty"`
		StackType        *string `json:"stackType,omitempty"`
		CidrBlock        *string `json:"cidrBlock,omitempty"`
		IPv6Type         *string `json:"ipv6Type,omitempty"`
		DhcpOptionsSetID *string `json:"dhcpOptionsSetId,omitempty"`
		IPv6CidrBlockID  *string `json:"ipv6CidrBlockId,omitempty"`
		IPv6MaskLength   *int    `json:"ipv6MaskLength,omitempty"`
	}
	CreateSubnetResponse struct {
		RequestID *string `json:"requestId,omitempty"`
		SubnetID  *string `json:"subnetId,omitempty"`
	}
	DescribeSubnetsRequest struct {
		SubnetIDs        []string `json:"subnetIds,omitempty"`
		Name             *string  `json:"name,omitempty"`
		CidrBlock        *string  `json:"cidrBlock,omitempty"`
		RegionID         *string  `json:"regionId,omitempty"`
		PageSize         *int     `json:"pageSize,omitempty"`
		PageNum          *int     `json:"pageNum,omitempty"`
		VpcIDs           []string `json:"vpcIds,omitempty"`
		DhcpOptionsSetID *string  `json:"dhcpOptionsSetId,omitempty"`
	}
	SubnetInfo struct {
		SubnetID             *string `json:"subnetId,omitempty"`
		RegionID             *string `json:"regionId,omitempty"`
		Name                 *string `json:"name,omitempty"`
		CidrBlock            *string `json:"cidrBlock,omitempty"`
		GatewayIPAddress     *string `json:"gatewayIpAddress,omitempty"`
		IPv6CidrBlock        *string `json:"ipv6CidrBlock,omitempty"`
		IPv6GatewayIPAddress *string `json:"ipv6GatewayIpAddress,omitempty"`
		StackType            *string `json:"stackType,omitempty"`
		IPv6Type             *string `json:"ipv6Type,omitempty"`
		VpcID                *string `json:"vpcId,omitempty"`
		VpcName              *string `json:"vpcName,omitempty"`
		UsageIPv4Count       *int    `json:"usageIpv4Count,omitempty"`
		UsageIPv6Count       *int    `json:"usageIpv6Count,omitempty"`
		CreateTime           *string `json:"createTime,omitempty"`
		IsDefault            *bool   `json:"isDefault,omitempty"`
		DhcpOptionsSetID     *string `json:"dhcpOptionsSetId,omitempty"`
		IPv6MaskLength       *int    `json:"ipv6MaskLength,omitempty"`
	}
	DescribeSubnetsResponse struct {
		RequestID  *string       `json:"requestId,omitempty"`
		TotalCount *int          `json:"totalCount,omitempty"`
		DataSet    []*SubnetInfo `json:"dataSet,omitempty"`
	}
	ModifySubnetAttributeRequest struct {
		SubnetID   *string `json:"subnetId,omitempty"`
		SubnetName *string `json:"subnetName,omitempty"`
		CidrBlock  *string `json:"cidrBlock,omitempty"`
	}
	ModifySubnetsAttributeRequest struct {
		SubnetIDs []string `json:"subnetIds,omitempty"`
		Name      *string  `json:"name,omitempty"`
	}
	ModifySubnetStackTypeRequest struct {
		SubnetID        *string `json:"subnetId,omitempty"`
		StackType       *string `json:"stackType,omitempty"`
		IPv6Type        *string `json:"ipv6Type,omitempty"`
		IPv6CidrBlockID *string `json:"ipv6CidrBlockId,omitempty"`
		IPv6MaskLength  *int    `json:"ipv6MaskLength,omitempty"`
	}
	ModifySubnetStackTypeResponse struct {
		RequestID     *string `json:"requestId,omitempty"`
		IPv6CidrBlock *string `json:"ipv6CidrBlock,omitempty"`
	}
	DeleteSubnetRequest struct {
		SubnetID *string `json:"subnetId,omitempty"`
	}
)

func (c *Client) CreateVpc(r *CreateVpcRequest) (*CreateVpcResponse, error) {
	return do[CreateVpcResponse](c, ZEC, "CreateVpc", r)
}
func (c *Client) DescribeVpcs(r *DescribeVpcsRequest) (*DescribeVpcsResponse, error) {
	return do[DescribeVpcsResponse](c, ZEC, "DescribeVpcs", r)
}
func (c *Client) ModifyVpcAttribute(r *ModifyVpcAttributeRequest) (*Ack, error) {
	return do[Ack](c, ZEC, "ModifyVpcAttribute", r)
}
func (c *Client) ModifyVpcsAttribute(r *ModifyVpcsAttributeRequest) (*Ack, error) {
	return do[Ack](c, ZEC, "ModifyVpcsAttribute", r)
}
func (c *Client) DeleteVpc(r *DeleteVpcRequest) (*Ack, error) {
	return do[Ack](c, ZEC, "DeleteVpc", r)
}
func (c *Client) CreateSubnet(r *CreateSubnetRequest) (*CreateSubnetResponse, error) {
	return do[CreateSubnetResponse](c, ZEC, "CreateSubnet", r)
}
func (c *Client) DescribeSubnets(r *DescribeSubnetsRequest) (*DescribeSubnetsResponse, error) {
	return do[DescribeSubnetsResponse](c, ZEC, "DescribeSubnets", r)
}
func (c *Client) ModifySubnetAttribute(r *ModifySubnetAttributeRequest) (*Ack, error) {
	return do[Ack](c, ZEC, "ModifySubnetAttribute", r)
}
func (c *Client) ModifySubnetsAttribute(r *ModifySubnetsAttributeRequest) (*Ack, error) {
	return do[Ack](c, ZEC, "ModifySubnetsAttribute", r)
}
func (c *Client) ModifySubnetStackType(r *ModifySubnetStackTypeRequest) (*ModifySubnetStackTypeResponse, error) {
	return do[ModifySubnetStackTypeResponse](c, ZEC, "ModifySubnetStackType", r)
}
func (c *Client) DeleteSubnet(r *DeleteSubnetRequest) (*Ack, error) {
	return do[Ack](c, ZEC, "DeleteSubnet", r)
}

// Security groups.
type (
	SecurityGroupRuleInfo struct {
		Direction  *string `json:"direction,omitempty"`
		Policy     *string `json:"policy,omitempty"`
		Priority   *int    `json:"priority,omitempty"`
		IPProtocol *string `json:"ipProtocol,omitempty"`
		PortRange  *string `json:"portRange,omitempty"`
		CidrIP     *string `json:"cidrIp,omitempty"`
		Desc       *string `json:"desc,omitempty"`
	}
	CreateSecurityGroupRequest struct {
		Scope             *string                  `json:"scope,omitempty"`
		SecurityGroupName *string                  `json:"securityGroupName,omitempty"`
		RuleInfos         []*SecurityGroupRuleInfo `json:"ruleInfos,omitempty"`
	}
	CreateSecurityGroupResponse struct {
		RequestID       *string `json:"requestId,omitempty"`
		SecurityGroupID *string `json:"securityGroupId,omitempty"`
	}
	DescribeSecurityGroupsRequest struct {
		SecurityGroupIDs  []string `json:"securityGroupIds,omitempty"`
		SecurityGroupName *string  `json:"securityGroupName,omitempty"`
		PageSize          *int     `json:"pageSize,omitempty"`
		PageNum           *int     `json:"pageNum,omitempty"`
	}
	SecurityGroupInfo struct {
		SecurityGroupID    *string  `json:"securityGroupId,omitempty"`
		SecurityGroupName  *string  `json:"securityGroupName,omitempty"`
		Scope              *string  `json:"scope,omitempty"`
		CreateTime         *string  `json:"createTime,omitempty"`
		VpcIDs             []string `json:"vpcIds,omitempty"`
		IsDefault          *bool    `json:"isDefault,omitempty"`
		NicIDList          []string `json:"nicIdList,omitempty"`
		NatIDList          []string `json:"natIdList,omitempty"`
		LoadBalancerIDList []string `json:"loadBalancerIdList,omitempty"`
		HaVipIDList        []string `json:"haVipIdList,omitempty"`
	}
	DescribeSecurityGroupsResponse struct {
		RequestID  *string              `json:"requestId,omitempty"`
		TotalCount *int                 `json:"totalCount,omitempty"`
		DataSet    []*SecurityGroupInfo `json:"dataSet,omitempty"`
	}
	ModifySecurityGroupsAttributeRequest struct {
		SecurityGroupName *string  `json:"securityGroupName,omitempty"`
		SecurityGroupIDs  []string `json:"securityGroupIds,omitempty"`
	}
	SecurityGroupIDRequest struct {
		SecurityGroupID *string `json:"securityGroupId,omitempty"`
	}
	DescribeSecurityGroupRuleResponse struct {
		RequestID       *string                  `json:"requestId,omitempty"`
		IngressRuleList []*SecurityGroupRuleInfo `json:"ingressRuleList,omitempty"`
		EgressRuleList  []*SecurityGroupRuleInfo `json:"egressRuleList,omitempty"`
	}
	ConfigureSecurityGroupRulesRequest struct {
		SecurityGroupID *string                  `json:"securityGroupId,omitempty"`
		RuleInfos       []*SecurityGroupRuleInfo `json:"ruleInfos,omitempty"`
	}
	AssignSecurityGroupVpcRequest struct {
		VpcID           *string `json:"vpcId,omitempty"`
		SecurityGroupID *string `json:"securityGroupId,omitempty"`
	}
	UnAssignSecurityGroupVpcRequest struct {
		VpcID *string `json:"vpcId,omitempty"`
	}
)

func (c *Client) CreateSecurityGroup(r *CreateSecurityGroupRequest) (*CreateSecurityGroupResponse, error) {
	return do[CreateSecurityGroupResponse](c, ZEC, "CreateSecurityGroup", r)
}
func (c *Client) DescribeSecurityGroups(r *DescribeSecurityGroupsRequest) (*DescribeSecurityGroupsResponse, error) {
	return do[DescribeSecurityGroupsResponse](c, ZEC, "DescribeSecurityGroups", r)
}
func (c *Client) ModifySecurityGroupsAttribute(r *ModifySecurityGroupsAttributeRequest) (*Ack, error) {
	return do[Ack](c, ZEC, "ModifySecurityGroupsAttribute", r)
}
func (c *Client) DeleteSecurityGroup(r *SecurityGroupIDRequest) (*Ack, error) {
	return do[Ack](c, ZEC, "DeleteSecurityGroup", r)
}
func (c *Client) DescribeSecurityGroupRule(r *SecurityGroupIDRequest) (*DescribeSecurityGroupRuleResponse, error) {
	return do[DescribeSecurityGroupRuleResponse](c, ZEC, "DescribeSecurityGroupRule", r)
}
func (c *Client) ConfigureSecurityGroupRules(r *ConfigureSecurityGroupRulesRequest) (*Ack, error) {
	return do[Ack](c, ZEC, "ConfigureSecurityGroupRules", r)
}
func (c *Client) AssignSecurityGroupVpc(r *AssignSecurityGroupVpcRequest) (*Ack, error) {
	return do[Ack](c, ZEC, "AssignSecurityGroupVpc", r)
}
func (c *Client) UnAssignSecurityGroupVpc(r *UnAssignSecurityGroupVpcRequest) (*Ack, error) {
	return do[Ack](c, ZEC, "UnAssignSecurityGroupVpc", r)
}

// Disks.
type (
	CreateDisksRequest struct {
		ZoneID           *string         `json:"zoneId,omitempty"`
		DiskName         *string         `json:"diskName,omitempty"`
		DiskSize         *int            `json:"diskSize,omitempty"`
		DiskAmount       *int            `json:"diskAmount,omitempty"`
		InstanceID       *string         `json:"instanceId,omitempty"`
		ResourceGroupID  *string         `json:"resourceGroupId,omitempty"`
		DiskCategory     *string         `json:"diskCategory,omitempty"`
		SnapshotID       *string         `json:"snapshotId,omitempty"`
		MarketingOptions *MarketingInfo  `json:"marketingOptions,omitempty"`
		Tags             *TagAssociation `json:"tags,omitempty"`
		InstanceIDs      []string        `json:"instanceIds,omitempty"`
		BurstingEnabled  *bool           `json:"burstingEnabled,omitempty"`
	}
	CreateDisksResponse struct {
		RequestID   *string  `json:"requestId,omitempty"`
		DiskIDs     []string `json:"diskIds,omitempty"`
		OrderNumber *string  `json:"orderNumber,omitempty"`
	}
	DescribeDisksRequest struct {
		DiskIDs         []string `json:"diskIds,omitempty"`
		DiskName        *string  `json:"diskName,omitempty"`
		DiskStatus      *string  `json:"diskStatus,omitempty"`
		DiskType        *string  `json:"diskType,omitempty"`
		DiskCategory    *string  `json:"diskCategory,omitempty"`
		InstanceID      *string  `json:"instanceId,omitempty"`
		ZoneID          *string  `json:"zoneId,omitempty"`
		PageNum         *int     `json:"pageNum,omitempty"`
		PageSize        *int     `json:"pageSize,omitempty"`
		RegionID        *string  `json:"regionId,omitempty"`
		SnapshotAbility *bool    `json:"snapshotAbility,omitempty"`
		ResourceGroupID *string  `json:"resourceGroupId,omitempty"`
		TagKeys         []string `json:"tagKeys,omitempty"`
		Tags            []*Tag   `json:"tags,omitempty"`
	}
	DiskInfo struct {
		DiskID               *string `json:"diskId,omitempty"`
		DiskName             *string `json:"diskName,omitempty"`
		RegionID             *string `json:"regionId,omitempty"`
		ZoneID               *string `json:"zoneId,omitempty"`
		DiskType             *string `json:"diskType,omitempty"`
		Portable             *bool   `json:"portable,omitempty"`
		DiskCategory         *string `json:"diskCategory,omitempty"`
		DiskSize             *int    `json:"diskSize,omitempty"`
		DiskStatus           *string `json:"diskStatus,omitempty"`
		InstanceID           *string `json:"instanceId,omitempty"`
		InstanceName         *string `json:"instanceName,omitempty"`
		CreateTime           *string `json:"createTime,omitempty"`
		ExpiredTime          *string `json:"expiredTime,omitempty"`
		Period               *int    `json:"period,omitempty"`
		ResourceGroupID      *string `json:"resourceGroupId,omitempty"`
		ResourceGroupName    *string `json:"resourceGroupName,omitempty"`
		Serial               *string `json:"serial,omitempty"`
		SnapshotAbility      *bool   `json:"snapshotAbility,omitempty"`
		AutoSnapshotPolicyID *string `json:"autoSnapshotPolicyId,omitempty"`
		Tags                 *Tags   `json:"tags,omitempty"`
		BurstingEnabled      *bool   `json:"burstingEnabled,omitempty"`
	}
	DescribeDisksResponse struct {
		RequestID  *string     `json:"requestId,omitempty"`
		TotalCount *int64      `json:"totalCount,omitempty"`
		DataSet    []*DiskInfo `json:"dataSet,omitempty"`
	}
	AttachDisksRequest struct {
		DiskIDs    []string `json:"diskIds,omitempty"`
		InstanceID *string  `json:"instanceId,omitempty"`
	}
	DetachDisksRequest struct {
		DiskIDs           []string `json:"diskIds,omitempty"`
		InstanceCheckFlag *bool    `json:"instanceCheckFlag,omitempty"`
	}
	DetachDisksResponse struct {
		RequestID     *string  `json:"requestId,omitempty"`
		FailedDiskIDs []string `json:"failedDiskIds,omitempty"`
	}
	ModifyDisksAttributesRequest struct {
		DiskIDs  []string `json:"diskIds,omitempty"`
		DiskName *string  `json:"diskName,omitempty"`
	}
	ResizeDiskRequest struct {
		DiskID   *string `json:"diskId,omitempty"`
		DiskSize *int    `json:"diskSize,omitempty"`
	}
	ReleaseDiskRequest struct {
		DiskID *string `json:"diskId,omitempty"`
	}
)

func (c *Client) CreateDisks(r *CreateDisksRequest) (*CreateDisksResponse, error) {
	return do[CreateDisksResponse](c, ZEC, "CreateDisks", r)
}
func (c *Client) DescribeDisks(r *DescribeDisksRequest) (*DescribeDisksResponse, error) {
	return do[DescribeDisksResponse](c, ZEC, "DescribeDisks", r)
}
func (c *Client) AttachDisks(r *AttachDisksRequest) (*Ack, error) {
	return do[Ack](c, ZEC, "AttachDisks", r)
}
func (c *Client) DetachDisks(r *DetachDisksRequest) (*DetachDisksResponse, error) {
	return do[DetachDisksResponse](c, ZEC, "DetachDisks", r)
}
func (c *Client) ModifyDisksAttributes(r *ModifyDisksAttributesRequest) (*Ack, error) {
	return do[Ack](c, ZEC, "ModifyDisksAttributes", r)
}
func (c *Client) ResizeDisk(r *ResizeDiskRequest) (*Ack, error) {
	return do[Ack](c, ZEC, "ResizeDisk", r)
}
func (c *Client) ReleaseDisk(r *ReleaseDiskRequest) (*Ack, error) {
	return do[Ack](c, ZEC, "ReleaseDisk", r)
}

// Network interfaces.
type (
	DescribeNetworkInterfacesRequest struct {
		NicIDs          []string `json:"nicIds,omitempty"`
		Name            *string  `json:"name,omitempty"`
		RegionID        *string  `json:"regionId,omitempty"`
		VpcID           *string  `json:"vpcId,omitempty"`
		SubnetID        *string  `json:"subnetId,omitempty"`
		InstanceID      *string  `json:"instanceId,omitempty"`
		Status          *string  `json:"status,omitempty"`
		PageSize        *int     `json:"pageSize,omitempty"`
		PageNum         *int     `json:"pageNum,omitempty"`
		NicType         *string  `json:"nicType,omitempty"`
		ResourceGroupID *string  `json:"resourceGroupId,omitempty"`
		SecurityGroupID *string  `json:"securityGroupId,omitempty"`
		TagKeys         []string `json:"tagKeys,omitempty"`
		Tags            []*Tag   `json:"tags,omitempty"`
		NicSubnetType   *string  `json:"nicSubnetType,omitempty"`
	}
	DescribeNetworkInterfacesResponse struct {
		RequestID  *string    `json:"requestId,omitempty"`
		TotalCount *int       `json:"totalCount,omitempty"`
		DataSet    []*NicInfo `json:"dataSet,omitempty"`
	}
	ModifyNetworkInterfaceAttributeRequest struct {
		NicID           *string `json:"nicId,omitempty"`
		Name            *string `json:"name,omitempty"`
		SecurityGroupID *string `json:"securityGroupId,omitempty"`
	}
	ModifyNetworkInterfacesAttributeRequest struct {
		NicIDs []string `json:"nicIds,omitempty"`
		Name   *string  `json:"name,omitempty"`
	}
)

func (c *Client) DescribeNetworkInterfaces(r *DescribeNetworkInterfacesRequest) (*DescribeNetworkInterfacesResponse, error) {
	return do[DescribeNetworkInterfacesResponse](c, ZEC, "DescribeNetworkInterfaces", r)
}
func (c *Client) ModifyNetworkInterfaceAttribute(r *ModifyNetworkInterfaceAttributeRequest) (*Ack, error) {
	return do[Ack](c, ZEC, "ModifyNetworkInterfaceAttribute", r)
}
func (c *Client) ModifyNetworkInterfacesAttribute(r *ModifyNetworkInterfacesAttributeRequest) (*Ack, error) {
	return do[Ack](c, ZEC, "ModifyNetworkInterfacesAttribute", r)
}
