package tencent

import (
	"errors"
	"fmt"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/fault"
)

// apiError is an error as Tencent spells it: a code and a message, always
// sent with HTTP 200 inside Response.Error. Protocol and parameter errors
// are made as apiErrors directly; domain errors are translated by the table
// below.
type apiError struct {
	Code    string
	Message string
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

// refused carries a Tencent refusal out of an edit that runs inside a
// store transaction, which passes on only the core's errors: the core's
// error wraps it, and toAPIError finds it inside.
func refused(err error) error {
	if _, ok := compute.AsError(err); ok {
		return err
	}
	return &compute.Error{Code: compute.InvalidArgument, Message: "refused", Err: err}
}

func missingParameter(name string) *apiError {
	return &apiError{"MissingParameter", fmt.Sprintf("The request is missing a required parameter `%s`.", name)}
}

func invalidParameterf(format string, args ...any) *apiError {
	return &apiError{"InvalidParameter", fmt.Sprintf(format, args...)}
}

func invalidValuef(format string, args ...any) *apiError {
	return &apiError{"InvalidParameterValue", fmt.Sprintf(format, args...)}
}

// Protocol and authentication errors (reference 3.6). They never reach the
// core.
var (
	errSignature      = &apiError{"AuthFailure.SignatureFailure", "The provided credentials could not be validated. Please check your signature is correct."}
	errAuthorization  = &apiError{"AuthFailure.InvalidAuthorization", "The Authorization header is missing or is not a valid TC3-HMAC-SHA256 authorization."}
	errToken          = &apiError{"AuthFailure.TokenFailure", "ecsd does not issue temporary credentials; sign with a SecretId and SecretKey and send no token."}
	errMethod         = &apiError{"UnsupportedProtocol", "Only the GET and POST methods are supported."}
	errTooManyIDs     = &apiError{"InvalidParameterValue.LimitExceeded", "At most 100 instance IDs may be given in one request."}
	errTooLarge       = &apiError{"RequestSizeLimitExceeded", "The request size exceeds the limit."}
	errIDsAndFilters  = &apiError{"InvalidParameter", "The parameters `InstanceIds` and `Filters` cannot be given together."}
	errLimitOverMax   = &apiError{"InvalidParameterValue.LimitExceeded", "The value of `Limit` must not exceed 100."}
	errNameTooLong    = &apiError{"InvalidInstanceName.TooLong", "The InstanceName must not exceed 60 characters."}
	errTokenTooLong   = &apiError{"InvalidClientToken.TooLong", "The ClientToken must be at most 64 ASCII characters."}
	errTooManyFilters = &apiError{"InvalidParameterValue.LimitExceeded", "At most 10 filters may be given in one request."}
	errTooManyValues  = &apiError{"InvalidFilterValue.LimitExceeded", "A filter takes at most 5 values."}
)

// errUnsignedPayload refuses TC3 over UNSIGNED-PAYLOAD under
// --refuse-reused-signatures: a signature is good for one request there,
// and one over UNSIGNED-PAYLOAD covers only the host and the second, so it
// would be refused for every other request of that second.
var errUnsignedPayload = &apiError{"AuthFailure.SignatureFailure", "This server refuses reused signatures, and a signature over UNSIGNED-PAYLOAD is the same for every request of a second; sign the payload."}

func unknownAction(p *product, action string) *apiError {
	return &apiError{"InvalidAction", fmt.Sprintf("The action `%s` does not exist in version %s of service %s.", action, p.version, p.service)}
}

// noSuchVersion refuses a version; p is the service the request named,
// nil when it named none that ecsd serves at that version.
func noSuchVersion(p *product, version string) *apiError {
	if p == nil {
		return &apiError{"NoSuchVersion", fmt.Sprintf("No service ecsd serves has version `%s`.", version)}
	}
	return &apiError{"NoSuchVersion", fmt.Sprintf("The version `%s` of service %s does not exist; ecsd serves %s.", version, p.service, p.version)}
}

func malformedID(id string) *apiError {
	return &apiError{"InvalidInstanceId.Malformed", fmt.Sprintf("The instance ID `%s` is malformed: it must be `ins-` followed by 8 lower-case letters or digits.", id)}
}

func invalidFilterf(format string, args ...any) *apiError {
	return &apiError{"InvalidFilter", fmt.Sprintf(format, args...)}
}

// errorKey selects a row of the table: a domain Code, optionally refined by
// the Param the error is about and the Status the instance was in.
type errorKey struct {
	code   compute.Code
	param  string
	status compute.Status
}

// stateError is the refusal of an operation on an instance in a status
// (reference 3.7): UnsupportedOperation.InstanceState plus the status as
// Tencent spells it, in camel case.
func stateError(camel string, s compute.Status) *apiError {
	return &apiError{"UnsupportedOperation.InstanceState" + camel,
		fmt.Sprintf("The operation is not supported for an instance in state %s.", statusSpelling[s])}
}

// errorTable maps domain errors to Tencent's. Lookup tries the most specific
// key first: (code, param, status), then (code, param), then (code).
var errorTable = map[errorKey]*apiError{
	{code: compute.Internal}:                                         {"InternalServerError", "An internal error occurred. Please retry later."},
	{code: compute.InvalidArgument}:                                  {"InvalidParameterValue", "A parameter value is not valid."},
	{code: compute.MissingArgument}:                                  {"MissingParameter", "The request is missing a required parameter."},
	{code: compute.MissingArgument, param: "instance"}:               missingParameter("InstanceIds"),
	{code: compute.NotFound}:                                         {"ResourceNotFound", "The resource does not exist."},
	{code: compute.NotFound, param: "instance"}:                      {"InvalidInstanceId.NotFound", "The instance does not exist."},
	{code: compute.NotFound, param: "region"}:                        {"UnsupportedRegion", "The region is not supported."},
	{code: compute.NotFound, param: "zone"}:                          {"InvalidZone.MismatchRegion", "The zone does not exist in the region."},
	{code: compute.AlreadyExists}:                                    {"FailedOperation", "The request conflicts with an existing resource. Please retry."},
	{code: compute.IncorrectState}:                                   {"UnsupportedOperation", "The operation is not supported in the instance's current state."},
	{compute.IncorrectState, "instance", compute.StatusPending}:      stateError("Pending", compute.StatusPending),
	{compute.IncorrectState, "instance", compute.StatusStarting}:     stateError("Starting", compute.StatusStarting),
	{compute.IncorrectState, "instance", compute.StatusRunning}:      stateError("Running", compute.StatusRunning),
	{compute.IncorrectState, "instance", compute.StatusStopping}:     stateError("Stopping", compute.StatusStopping),
	{compute.IncorrectState, "instance", compute.StatusStopped}:      stateError("Stopped", compute.StatusStopped),
	{compute.IncorrectState, "instance", compute.StatusRebooting}:    stateError("Rebooting", compute.StatusRebooting),
	{compute.IncorrectState, "instance", compute.StatusTerminating}:  stateError("Terminating", compute.StatusTerminating),
	{compute.IncorrectState, "instance", compute.StatusTerminated}:   stateError("Terminated", compute.StatusTerminated),
	{compute.IncorrectState, "instance", compute.StatusRecycled}:     stateError("Shutdown", compute.StatusRecycled),
	{compute.IncorrectState, "instance", compute.StatusLaunchFailed}: stateError("LaunchFailed", compute.StatusLaunchFailed),
	{code: compute.LimitExceeded}:                                    errTooManyIDs,
	{code: compute.LimitExceeded, param: "body"}:                     errTooLarge,
	{code: compute.Unauthenticated}:                                  {"AuthFailure.SecretIdNotFound", "The SecretId is not found, please ensure that your SecretId is correct."},
	{code: compute.KeyDisabled}:                                      {"AuthFailure.SecretIdNotFound", "The SecretId is disabled."},
	{code: compute.Replayed}:                                         {"AuthFailure.SignatureFailure", "The Nonce was used already by an earlier request; sign every request with a fresh Nonce."},
	{code: compute.Replayed, param: "signature"}:                     {"AuthFailure.SignatureFailure", "The signature was used already by an earlier request, and this server refuses reused signatures; sign the request again."},
	{code: compute.Expired}:                                          {"AuthFailure.SignatureExpire", "Signature expired. Timestamp and server time cannot differ by more than five minutes."},
	{code: compute.Throttled}:                                        {"RequestLimitExceeded", "Your current request times reaches the limit. Please retry later."},
	{code: compute.Unavailable}:                                      {"ServiceUnavailable", "The service is temporarily unavailable. Please retry later."},
	{code: compute.DryRunPassed}:                                     {"DryRunOperation", "The request would have succeeded, but the DryRun parameter was set."},
	{code: compute.Conflict}:                                         {"MutexOperation.TaskRunning", "The instance is being changed by another request. Please retry later."},
	{code: compute.InUse}:                                            {"ResourceInUse", "The resource is in use by another resource."},
}

// serviceErrors are rows that differ by service: the same domain error is
// spelled differently by CVM, VPC, CBS and Tag. A service's row wins over
// errorTable's for the same key.
var serviceErrors = map[string]map[errorKey]*apiError{
	"cvm": {
		{code: compute.NotFound, param: "image"}:                         {"InvalidImageId.NotFound", "The image does not exist."},
		{code: compute.NotFound, param: "instance_type"}:                 {"InvalidParameterValue.InstanceTypeNotFound", "The instance type does not exist."},
		{code: compute.NotFound, param: "subnet"}:                        {"InvalidParameterValue.SubnetNotExist", "The subnet does not exist."},
		{code: compute.NotFound, param: "network"}:                       {"InvalidParameterValue.VpcIdNotExist", "The VPC does not exist."},
		{code: compute.NotFound, param: "security_group"}:                {"InvalidSecurityGroupId.NotFound", "The security group does not exist."},
		{code: compute.NotFound, param: "key_pair"}:                      {"InvalidKeyPairId.NotFound", "The key pair does not exist."},
		{code: compute.NotFound, param: "disk"}:                          {"InvalidParameter.DataDiskNotBelongSpecifiedInstance", "The disk does not exist."},
		{code: compute.InvalidArgument, param: "instance_type_zone"}:     {"ResourceNotFound.InvalidZoneInstanceType", "The instance type is not sold in the zone."},
		{code: compute.InvalidArgument, param: "zone"}:                   {"InvalidParameterValue.SubnetIdZoneIdNotMatch", "The subnet is not in the zone of Placement.Zone."},
		{code: compute.InvalidArgument, param: "private_ip"}:             {"VpcAddrNotInSubNet", "The private IP address is not one the subnet hands out."},
		{code: compute.InvalidArgument, param: "disk_category"}:          {"InvalidParameterValue", "The disk type is not offered."},
		{code: compute.InvalidArgument, param: "disk_size"}:              {"InvalidParameterValue.Range", "The disk size is out of the range of its type."},
		{code: compute.InvalidArgument, param: "public_key"}:             {"InvalidPublicKey.Malformed", "The public key is not an OpenSSH public key."},
		{code: compute.InvalidArgument, param: "tag_key"}:                {"InvalidParameterValue.DuplicateTags", "A tag key is given twice."},
		{code: compute.AlreadyExists, param: "private_ip"}:               {"VpcIpIsUsed", "The private IP address is in use."},
		{code: compute.AlreadyExists, param: "key_pair"}:                 {"InvalidKeyPairName.Duplicate", "A key pair with this name exists already."},
		{code: compute.LimitExceeded, param: "private_ip"}:               {"FailedOperation.NoAvailableIpAddressCountInSubnet", "The subnet has too few free addresses."},
		{code: compute.LimitExceeded, param: "security_group"}:           {"LimitExceeded.AssociateUSGLimitExceeded", "An instance is in at most 5 security groups."},
		{code: compute.LimitExceeded, param: "disk"}:                     {"InvalidParameterValue.LimitExceeded", "An instance has at most 20 data disks."},
		{code: compute.LimitExceeded, param: "tag"}:                      {"LimitExceeded.TagResourceQuota", "A resource has at most 50 tags."},
		{code: compute.LimitExceeded, param: "instance_quota"}:           {"LimitExceeded.InstanceQuota", "The instance quota of the region is not enough for the number of instances asked for."},
		{code: compute.MissingArgument, param: "security_group"}:         missingParameter("SecurityGroups"),
		{code: compute.IncorrectState, param: "subnet"}:                  {"InvalidParameterValue.SubnetNotExist", "The subnet is not available."},
		{code: compute.InUse, param: "key_pair"}:                         {"InvalidParameterValue.KeyPairNotSupported", "The key pair is bound to instances; disassociate it first."},
		{code: compute.IncorrectState, param: "disk"}:                    {"UnsupportedOperation.InvalidDisk", "The disk cannot be changed in its current state."},
		{code: compute.InvalidArgument, param: "security_group_network"}: {"InvalidParameterValue", "The security group cannot hold this instance."},
	},
	"vpc": {
		{code: compute.NotFound}:                          {"ResourceNotFound", "The resource does not exist."},
		{code: compute.NotFound, param: "zone"}:           {"InvalidParameterValue.ZoneConflict", "The zone is not in the VPC's region."},
		{code: compute.InvalidArgument, param: "cidr"}:    {"InvalidParameterValue.SubnetRange", "The subnet block does not lie in the VPC's block, or its prefix is not between /16 and /29."},
		{code: compute.AlreadyExists, param: "cidr"}:      {"InvalidParameterValue.SubnetConflict", "The subnet block overlaps another subnet of the VPC."},
		{code: compute.AlreadyExists, param: "rule"}:      {"UnsupportedOperation.DuplicatePolicy", "The security group has this policy already."},
		{code: compute.LimitExceeded, param: "network"}:   {"LimitExceeded", "A region holds at most 20 VPCs."},
		{code: compute.LimitExceeded, param: "rule"}:      {"LimitExceeded.SecurityGroupPolicySet", "A security group holds at most 200 policies."},
		{code: compute.LimitExceeded, param: "tag"}:       {"LimitExceeded.TagQuotaExceeded", "A resource has at most 50 tags."},
		{code: compute.InvalidArgument, param: "tag_key"}: {"InvalidParameterValue.TagDuplicateKey", "A tag key is given twice."},
		{code: compute.InUse}:                             {"ResourceInUse", "The resource is in use."},
		{code: compute.IncorrectState, param: "network"}:  {"UnsupportedOperation.InvalidState", "The VPC is not available yet."},
	},
	"cbs": {
		{code: compute.NotFound, param: "disk"}:                 {"InvalidDiskId.NotFound", "The disk does not exist."},
		{code: compute.NotFound, param: "zone"}:                 {"InvalidParameterValue", "The zone does not exist in the region."},
		{code: compute.InvalidArgument, param: "zone"}:          {"ResourceUnavailable.ZoneNotMatch", "The disk and the instance are in different zones."},
		{code: compute.InvalidArgument, param: "disk_size"}:     {"InvalidParameterValue", "The disk size is out of the range of its type, or smaller than the disk."},
		{code: compute.InvalidArgument, param: "disk_category"}: {"InvalidParameterValue", "The disk type is not offered."},
		{code: compute.InvalidArgument, param: "tag_key"}:       {"InvalidParameterValue", "A tag key is given twice."},
		{code: compute.IncorrectState, param: "disk"}:           {"UnsupportedOperation.StateError", "The disk cannot do this in its current state."},
		{compute.IncorrectState, "instance", ""}:                {"InvalidInstance.NotSupported", "The instance is neither running nor stopped."},
		{code: compute.LimitExceeded, param: "disk"}:            {"LimitExceeded.InstanceAttachedDisk", "The instance has as many data disks as it may."},
		{code: compute.LimitExceeded, param: "tag"}:             {"LimitExceeded.TagQuotaLimitExceeded", "A resource has at most 50 tags."},
	},
	"tag": {
		{code: compute.NotFound}:                          {"ResourceNotFound.RecordNotFound", "The resource does not exist."},
		{code: compute.NotFound, param: "instance"}:       {"ResourceNotFound.RecordNotFound", "The resource does not exist."},
		{code: compute.NotFound, param: "disk"}:           {"ResourceNotFound.RecordNotFound", "The resource does not exist."},
		{code: compute.NotFound, param: "network"}:        {"ResourceNotFound.RecordNotFound", "The resource does not exist."},
		{code: compute.NotFound, param: "subnet"}:         {"ResourceNotFound.RecordNotFound", "The resource does not exist."},
		{code: compute.NotFound, param: "security_group"}: {"ResourceNotFound.RecordNotFound", "The resource does not exist."},
		{code: compute.NotFound, param: "key_pair"}:       {"ResourceNotFound.RecordNotFound", "The resource does not exist."},
		{code: compute.LimitExceeded, param: "tag"}:       {"LimitExceeded.ResourceAttachedTags", "A resource has at most 50 tags."},
		{code: compute.InvalidArgument, param: "tag_key"}: {"InvalidParameterValue.TagKeyDuplicate", "A tag key is given twice."},
	},
}

// toAPIError turns any error into Tencent's spelling of it, as service
// spells it ("" before a request is routed). Errors about one instance
// name it.
func toAPIError(service string, err error) *apiError {
	if a, ok := errors.AsType[*apiError](err); ok {
		return a
	}
	if f, ok := errors.AsType[*fault.Answer](err); ok {
		return faultAnswer(f)
	}
	e, ok := compute.AsError(err)
	if !ok {
		return errorTable[errorKey{code: compute.Internal}]
	}
	for _, k := range []errorKey{{e.Code, e.Param, e.Status}, {e.Code, e.Param, ""}, {e.Code, "", ""}} {
		a, ok := serviceErrors[service][k]
		if !ok {
			a, ok = errorTable[k]
		}
		if ok {
			if e.Instance != "" {
				return &apiError{a.Code, fmt.Sprintf("%s Instance: `%s`.", a.Message, e.Instance)}
			}
			if e.Value != "" && (e.Code == compute.NotFound || e.Code == compute.InvalidArgument || e.Code == compute.InUse || e.Code == compute.AlreadyExists) {
				return &apiError{a.Code, fmt.Sprintf("%s Value: `%s`.", a.Message, e.Value)}
			}
			return a
		}
	}
	return errorTable[errorKey{code: compute.Internal}]
}
