package aliyun

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/fault"
)

// apiError is an error as Alibaba spells it: an HTTP status, a code and a
// message. Protocol and parameter errors are made as apiErrors directly;
// domain errors are translated by the table below.
type apiError struct {
	Status  int
	Code    string
	Message string
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func missingParameter(name string) *apiError {
	return &apiError{http.StatusBadRequest, "MissingParameter",
		fmt.Sprintf("The input parameter %q that is mandatory for processing this request is not supplied.", name)}
}

func invalidParameter(name string) *apiError {
	return &apiError{http.StatusBadRequest, "InvalidParameter", fmt.Sprintf("The specified parameter %q is not valid.", name)}
}

// Protocol errors (reference 2.7). They never reach the core.
var (
	errActionOrVersion = &apiError{http.StatusBadRequest, "InvalidParameter", `The specified parameter "Action or Version" is not valid.`}
	errUnknownAction   = &apiError{http.StatusNotFound, "InvalidAction.NotFound", "Specified api is not found, please check your url and method."}
	errSignature       = &apiError{http.StatusBadRequest, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation."}
	errIncomplete      = &apiError{http.StatusBadRequest, "IncompleteSignature", "The request signature does not conform to Aliyun standards."}
	errTimeFormat      = &apiError{http.StatusBadRequest, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted."}
	errMethod          = &apiError{http.StatusForbidden, "UnsupportedHTTPMethod", "This HTTP method is not supported."}
	errTooManyIDs      = &apiError{http.StatusForbidden, "InvalidParameter.TooManyInstanceIds", "Instance ids cannot be more than 100."}
	errMalformedIDs    = &apiError{http.StatusForbidden, "Abs.InvalidInstanceIds.MalFormed", "The specified instanceIds is not valid."}
	errInvalidStatus   = &apiError{http.StatusNotFound, "InvalidStatus.NotFound", "The specified Status is not found."}
	errBodyTooLarge    = &apiError{http.StatusBadRequest, "InvalidParameter", "The request body is too large."}
)

// errorKey selects a row of the table: a domain Code, optionally refined by
// the Param the error is about and either the Status the instance was in,
// the State another resource was in, or the Blocker kind that keeps it in
// use.
type errorKey struct {
	code    compute.Code
	param   string
	status  compute.Status
	state   string
	blocker compute.Kind
}

// errorTable maps domain errors to Alibaba's. Lookup tries the most specific
// key first: (code, param, status, state, blocker), then (code, param), then
// (code).
var errorTable = map[errorKey]*apiError{
	{code: compute.Internal}:                                                         {http.StatusInternalServerError, "InternalError", "The request processing has failed due to some unknown error, exception or failure."},
	{code: compute.InvalidArgument}:                                                  {http.StatusBadRequest, "InvalidParameter", "The specified parameter is not valid."},
	{code: compute.MissingArgument}:                                                  {http.StatusBadRequest, "MissingParameter", "A parameter that is mandatory for processing this request is not supplied."},
	{code: compute.NotFound}:                                                         {http.StatusNotFound, "InvalidInstanceId.NotFound", "The specified InstanceId does not exist."},
	{code: compute.NotFound, param: "region"}:                                        {http.StatusNotFound, "InvalidRegionId.NotFound", "The specified RegionId does not exist."},
	{code: compute.NotFound, param: "zone"}:                                          {http.StatusNotFound, "InvalidZoneId.NotFound", "The ZoneId provided does not exist in our records."},
	{code: compute.NotFound, param: "subnet"}:                                        {http.StatusNotFound, "InvalidVSwitchId.NotFound", "Specified virtual switch does not exist."},
	{code: compute.NotFound, param: "network"}:                                       {http.StatusNotFound, "InvalidVpcId.NotFound", "Specified VPC does not exist."},
	{code: compute.NotFound, param: "security_group"}:                                {http.StatusNotFound, "InvalidSecurityGroupId.NotFound", "The SecurityGroupId provided does not exist in our records."},
	{code: compute.NotFound, param: "key_pair"}:                                      {http.StatusNotFound, "InvalidKeyPairName.NotFound", "The specified parameter KeyPairName does not exist in our records."},
	{code: compute.InvalidArgument, param: "security_group_network"}:                 {http.StatusBadRequest, "InvalidParameter.Mismatch", "Specified security group and virtual switch are not in the same VPC."},
	{code: compute.InvalidArgument, param: "private_ip"}:                             {http.StatusBadRequest, "InvalidPrivateIpAddress", "Specified private IP address is not in the CIDR block of virtual switch."},
	{code: compute.AlreadyExists, param: "private_ip"}:                               {http.StatusBadRequest, "InvalidPrivateIpAddress.Duplicated", "Specified private IP address is duplicated."},
	{code: compute.LimitExceeded, param: "private_ip"}:                               {http.StatusBadRequest, "QuotaExceeded.PrivateIpAddress", "Don't have enough private IPs in this switch."},
	{code: compute.IncorrectState, param: "subnet"}:                                  {http.StatusBadRequest, "IncorrectVSwitchStatus", "The current status of virtual switch does not support this operation."},
	{code: compute.NotFound, param: "image"}:                                         {http.StatusNotFound, "InvalidImageId.NotFound", "The specified ImageId does not exist."},
	{code: compute.NotFound, param: "instance_type"}:                                 {http.StatusBadRequest, "InvalidInstanceType.ValueNotSupported", "The specified InstanceType beyond the permitted range."},
	{code: compute.InvalidArgument, param: "instance_type_zone"}:                     {http.StatusForbidden, "InvalidInstanceType.ZoneNotSupported", "The specified zone does not support this instancetype."},
	{code: compute.InvalidArgument, param: "disk_category"}:                          {http.StatusBadRequest, "InvalidDiskCategory.ValueNotSupported", "The specified parameter \"DiskCategory\" is not valid."},
	{code: compute.InvalidArgument, param: "disk_size"}:                              {http.StatusBadRequest, "InvalidDiskSize.ValueNotSupported", "The specified disk size is beyond the permitted range."},
	{code: compute.AlreadyExists}:                                                    {http.StatusConflict, "OperationConflict", "Request was denied due to conflict with a previous request, please try again later."},
	{code: compute.IncorrectState}:                                                   {http.StatusForbidden, "IncorrectInstanceStatus", "The current status of the resource does not support this operation."},
	{code: compute.IncorrectState, param: "instance", status: compute.StatusPending}: {http.StatusForbidden, "IncorrectInstanceStatus.Initializing", "The specified instance is initializing."},
	{code: compute.LimitExceeded}:                                                    errTooManyIDs,
	{code: compute.LimitExceeded, param: "body"}:                                     errBodyTooLarge,
	{code: compute.LimitExceeded, param: "instance_quota"}:                           {http.StatusForbidden, "QuotaExceed.ElasticQuota", "The number of the specified ECS instances has exceeded the quota of the specified instance type."},
	{code: compute.Unauthenticated}:                                                  {http.StatusNotFound, "InvalidAccessKeyId.NotFound", "Specified access key is not found."},
	{code: compute.KeyDisabled}:                                                      {http.StatusBadRequest, "InvalidAccessKeyId.Inactive", "Specified access key is disabled."},
	{code: compute.Replayed}:                                                         {http.StatusBadRequest, "SignatureNonceUsed", "Specified signature nonce was used already."},
	{code: compute.Expired}:                                                          {http.StatusBadRequest, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired."},
	{code: compute.Throttled}:                                                        {http.StatusBadRequest, "Throttling", "Request was denied due to request throttling."},
	{code: compute.Throttled, param: "user"}:                                         {http.StatusBadRequest, "Throttling.User", "Request was denied due to user flow control."},
	{code: compute.Unavailable}:                                                      {http.StatusServiceUnavailable, "ServiceUnavailable", "The request has failed due to a temporary failure of the server."},
	{code: compute.DryRunPassed}:                                                     {http.StatusBadRequest, "DryRunOperation", "Request validation has been passed with DryRun flag set."},
	{code: compute.Conflict}:                                                         {http.StatusConflict, "OperationConflict", "Request was denied due to conflict with a previous request, please try again later."},
	{code: compute.InUse}:                                                            {http.StatusForbidden, "DependencyViolation", "The specified resource is still in use by another resource."},

	// The resources around instances: VPCs and vSwitches (the VPC API's
	// codes), security groups, disks, key pairs, tags.
	{code: compute.NotFound, param: "disk"}:                                            {http.StatusNotFound, "InvalidDiskId.NotFound", "The specified disk does not exist."},
	{code: compute.IncorrectState, param: "network"}:                                   errIncorrectVpc,
	{code: compute.IncorrectState, param: "disk"}:                                      {http.StatusForbidden, "IncorrectDiskStatus", "The current disk status does not support this operation."},
	{code: compute.IncorrectState, param: "disk", state: string(compute.DiskCreating)}: {http.StatusForbidden, "IncorrectDiskStatus.Initializing", "The specified disk is initializing."},
	{code: compute.IncorrectState, param: "disk", state: "system"}:                     {http.StatusForbidden, "OperationDenied", "The type of the disk does not support the operation."},
	{code: compute.AlreadyExists, param: "cidr"}:                                       {http.StatusBadRequest, "InvalidCidrBlock.Overlapped", "Specified CIDR block overlapped with other subnets."},
	{code: compute.AlreadyExists, param: "rule"}:                                       {http.StatusBadRequest, "InvalidPermission.Duplicate", "The specified permission exists already in the security group."},
	{code: compute.AlreadyExists, param: "key_pair"}:                                   {http.StatusBadRequest, "KeyPair.AlreadyExist", "The key pair already exist."},
	{code: compute.AlreadyExists, param: "network"}:                                    {http.StatusBadRequest, "OperationFailed.DefaultVpcExist", "The default VPC of the region exists already."},
	{code: compute.AlreadyExists, param: "subnet"}:                                     {http.StatusBadRequest, "OperationFailed.DefaultVSwitchExist", "The default vSwitch of the zone exists already."},
	{code: compute.LimitExceeded, param: "network"}:                                    {http.StatusBadRequest, "QuotaExceeded.Vpc", "VPC quota exceeded."},
	{code: compute.LimitExceeded, param: "subnet"}:                                     {http.StatusBadRequest, "InvalidCidrBlock.Overlapped", "Specified CIDR block overlapped with other subnets."},
	{code: compute.LimitExceeded, param: "rule"}:                                       {http.StatusForbidden, "AuthorizationLimitExceed", "The limit of authorization records in the security group reaches."},
	{code: compute.LimitExceeded, param: "disk"}:                                       {http.StatusForbidden, "InstanceDiskLimitExceeded", "The amount of the disk on instance in question reach its limits."},
	{code: compute.LimitExceeded, param: "tag"}:                                        {http.StatusBadRequest, "OperationDenied.QuotaExceed", "The quota of tags on resource is beyond permitted range."},
	{code: compute.InvalidArgument, param: "tag_key"}:                                  errTagDuplicate,
	{code: compute.InvalidArgument, param: "cidr"}:                                     errCidrMalformed,
	{code: compute.InUse, param: "network", blocker: compute.KindSubnet}:               {http.StatusBadRequest, "DependencyViolation.VSwitch", "Specified object has dependent resources"},
	{code: compute.InUse, param: "network", blocker: compute.KindSecurityGroup}:        {http.StatusBadRequest, "DependencyViolation.SecurityGroup", "Specified object has dependent resources SecurityGroup."},
	{code: compute.InUse, param: "network", blocker: compute.KindInstance}:             {http.StatusBadRequest, "DependencyViolation.Instance", "Specified object has dependent resources"},
	{code: compute.InUse, param: "subnet", blocker: compute.KindInstance}:              {http.StatusBadRequest, "DependencyViolation", "Specified object has dependent resources."},
	{code: compute.InUse, param: "security_group", blocker: compute.KindInstance}:      {http.StatusForbidden, "DependencyViolation", "There are instances in the security group."},
	{code: compute.InUse, param: "security_group", blocker: compute.KindSecurityGroup}: {http.StatusForbidden, "DependencyViolation", "The specified security group has been authorized in another security group."},
}

// toAPIError turns any error into Alibaba's spelling of it. An apiError
// wrapped in a compute.Error (see carried) comes out as itself.
func toAPIError(err error) *apiError {
	var a *apiError
	if errors.As(err, &a) {
		return a
	}
	if f, ok := errors.AsType[*fault.Answer](err); ok {
		return faultAnswer(f)
	}
	e, ok := compute.AsError(err)
	if !ok {
		return errorTable[errorKey{code: compute.Internal}]
	}
	for _, k := range []errorKey{{e.Code, e.Param, e.Status, e.State, e.Blocker}, {code: e.Code, param: e.Param}, {code: e.Code}} {
		if a, ok := errorTable[k]; ok {
			return a
		}
	}
	return errorTable[errorKey{code: compute.Internal}]
}

// carried wraps an apiError that a callback returns from inside a store
// transaction: stores pass only compute.Errors through unchanged.
func carried(err error) error {
	if a, ok := err.(*apiError); ok {
		return &compute.Error{Code: compute.InvalidArgument, Message: a.Message, Err: a}
	}
	return err
}
