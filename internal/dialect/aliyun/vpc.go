package aliyun

import "github.com/ecsd/ecsd/internal/dialect/kit"

// vpcActions are the actions of the VPC API (version 2016-04-28) ecsd
// serves: VPCs, vSwitches, their system route tables, their tags and
// resource groups.
var vpcActions = kit.Actions[*call]{
	"CreateVpc":                  write((*Handler).createVpc),
	"CreateDefaultVpc":           write((*Handler).createDefaultVpc),
	"DescribeVpcs":               read((*Handler).describeVpcs),
	"DescribeVpcAttribute":       read((*Handler).describeVpcAttribute),
	"ModifyVpcAttribute":         write((*Handler).modifyVpcAttribute),
	"DeleteVpc":                  write((*Handler).deleteVpc),
	"EnableVpcClassicLink":       write((*Handler).enableVpcClassicLink),
	"DisableVpcClassicLink":      write((*Handler).disableVpcClassicLink),
	"AssociateVpcCidrBlock":      write((*Handler).associateVpcCidrBlock),
	"UnassociateVpcCidrBlock":    write((*Handler).unassociateVpcCidrBlock),
	"CreateVSwitch":              write((*Handler).createVSwitch),
	"CreateDefaultVSwitch":       write((*Handler).createDefaultVSwitch),
	"DescribeVSwitches":          read((*Handler).describeVSwitches),
	"DescribeVSwitchAttributes":  read((*Handler).describeVSwitchAttributes),
	"ModifyVSwitchAttribute":     write((*Handler).modifyVSwitchAttribute),
	"DeleteVSwitch":              write((*Handler).deleteVSwitch),
	"DescribeRouteTableList":     read((*Handler).describeRouteTableList),
	"ModifyRouteTableAttributes": write((*Handler).modifyRouteTableAttributes),
	"TagResources":               write(tagResources(vpcTagProduct)),
	"UnTagResources":             write(untagResources(vpcTagProduct)),
	"ListTagResources":           read(listTagResources(vpcTagProduct, false, tagListPageSize)),
	"MoveResourceGroup":          write(joinResourceGroup(vpcTagProduct, "NewResourceGroupId")),
}
