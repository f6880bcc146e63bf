package aliyun

import "github.com/ecsd/ecsd/internal/dialect/kit"

// vpcActions are the actions of the VPC API (version 2016-04-28) ecsd
// serves: VPCs and vSwitches.
var vpcActions = kit.Actions[*call]{}
