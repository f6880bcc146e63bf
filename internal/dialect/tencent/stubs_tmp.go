package tencent

import "github.com/ecsd/ecsd/internal/dialect/kit"

var vpcActions = kit.Actions[*call]{}
var cbsActions = kit.Actions[*call]{}
var tagActions = kit.Actions[*call]{}
var apiActions = kit.Actions[*call]{}
