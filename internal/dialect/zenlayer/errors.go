package zenlayer

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/fault"
)

// apiError is an error as Zenlayer spells it: an HTTP status (4xx for a
// bad request or a refused operation, 5xx for a fault of the server), an
// upper-snake code and a message. Protocol and parameter errors are made as
// apiErrors directly; domain errors are translated by errorTable.
//
// Zenlayer's common error-code page could not be read (reference 4.5), so
// every status and every code below that the reference does not confirm is
// ecsd's choice, listed in docs/zenlayer.md.
type apiError struct {
	Status  int
	Code    string
	Message string
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

// Codes of the parameter and protocol errors made in this package.
const (
	codeInvalidParameter = "INVALID_PARAMETER"
	codeMissingParameter = "MISSING_PARAMETER"
	codeSignatureFailure = "AUTHFAILURE_SIGNATURE_FAILURE"
)

func invalidParameter(name, format string, args ...any) *apiError {
	return &apiError{http.StatusBadRequest, codeInvalidParameter,
		fmt.Sprintf("The parameter `%s` is invalid: %s.", name, fmt.Sprintf(format, args...))}
}

func missingParameter(name string) *apiError {
	return &apiError{http.StatusBadRequest, codeMissingParameter, fmt.Sprintf("The parameter `%s` is required.", name)}
}

func missingHeader(name string) *apiError {
	return &apiError{http.StatusBadRequest, codeMissingParameter, fmt.Sprintf("The header `%s` is required.", name)}
}

func errUnknownAction(service, version, action string) *apiError {
	return &apiError{http.StatusNotFound, "INVALID_ACTION_NOT_FOUND",
		fmt.Sprintf("The action `%s` is not found in service %s version %s.", truncate(action), service, version)}
}

func errUnknownVersion(service, version string, served []string) *apiError {
	return &apiError{http.StatusBadRequest, "INVALID_VERSION",
		fmt.Sprintf("The version `%s` of service %s is not supported; use %s.", truncate(version), service, strings.Join(served, " or "))}
}

func signatureFailure(message string) *apiError {
	return &apiError{http.StatusUnauthorized, codeSignatureFailure, message}
}

// Protocol errors. They never reach the core.
var (
	errMethod          = &apiError{http.StatusMethodNotAllowed, "UNSUPPORTED_HTTP_METHOD", "Only POST is supported."}
	errService         = &apiError{http.StatusNotFound, "INVALID_SERVICE_NOT_FOUND", "The service is not found; ecsd serves POST /api/v2/zec, /api/v2/ccs, /api/v2/user and /api/v2/zrm."}
	errContentType     = &apiError{http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", "The Content-Type must be application/json."}
	errBody            = &apiError{http.StatusBadRequest, codeInvalidParameter, "The request body must be a JSON object."}
	errToken           = &apiError{http.StatusUnauthorized, "AUTHFAILURE_TOKEN_FAILURE", "Bearer tokens are not supported by ecsd; sign requests with ZC2-HMAC-SHA256."}
	errUnsigned        = signatureFailure("The request is not signed: the Authorization header is missing.")
	errAuthorization   = signatureFailure("The Authorization header is not of the form `ZC2-HMAC-SHA256 Credential=<keyId>, SignedHeaders=content-type;host, Signature=<hex>`.")
	errSignatureMethod = signatureFailure("The X-ZC-Signature-Method header must be ZC2-HMAC-SHA256.")
	errUnsignedHeaders = signatureFailure("SignedHeaders must include content-type and host.")
	errTimestamp       = signatureFailure("The X-ZC-Timestamp header is missing or is not a Unix time in seconds.")
	errSignature       = signatureFailure("The signature does not match; check the key password, the clock and that nothing changed the request.")
)

// errorKey selects a row of errorTable: a domain Code refined by what the
// error is about. See lookup for the order in which keys are tried.
type errorKey struct {
	code    compute.Code
	status  compute.Status
	op      string
	param   string
	blocker compute.Kind
	state   string
}

// errorRow is a row of errorTable. When the domain error names a value (a
// zone, an instance) and withValue is set, the message is withValue with
// the value in it.
type errorRow struct {
	status    int
	code      string
	message   string
	withValue string
}

// errorTable maps domain errors to Zenlayer's. The codes and statuses
// marked documented are those of Zenlayer's API pages for the action; the
// others follow their naming and are listed in docs/zenlayer.md.
var errorTable = map[errorKey]errorRow{
	{code: compute.Internal}:        {http.StatusInternalServerError, "INTERNAL_SERVER_ERROR", "An internal error occurred; try again later.", ""},
	{code: compute.InvalidArgument}: {http.StatusBadRequest, codeInvalidParameter, "A parameter is invalid.", ""},
	{code: compute.MissingArgument}: {http.StatusBadRequest, codeMissingParameter, "A required parameter is missing.", ""},

	{code: compute.NotFound}: {http.StatusNotFound, "OPERATION_FAILED_RESOURCE_NOT_FOUND", "The resource is not found.", "The specified resource `%s` is not found."},
	{code: compute.NotFound, param: "instance"}: {http.StatusNotFound, "INVALID_INSTANCE_NOT_FOUND", "The instance is not found.",
		"The specified instanceId `%s` is not found."},
	{code: compute.NotFound, param: "zone"}:   {http.StatusNotFound, "INVALID_ZONE_NOT_FOUND", "The zone is not found.", "The specified zoneId `%s` is not found."},
	{code: compute.NotFound, param: "region"}: {http.StatusNotFound, "INVALID_REGION_NOT_FOUND", "The region is not found.", "The specified regionId `%s` is not found."},
	{code: compute.NotFound, param: "network"}: {http.StatusNotFound, "INVALID_VPC_NOT_FOUND", "The global VPC does not exist.",
		"The specified vpcId `%s` is not found."},
	{code: compute.NotFound, param: "subnet"}: {http.StatusNotFound, "INVALID_SUBNET_NOT_FOUND", "The subnet does not exist.",
		"The specified subnetId `%s` is not found."},
	{code: compute.NotFound, param: "security_group"}: {http.StatusNotFound, "INVALID_SECURITY_GROUP_NOT_FOUND", "The specified security group does not exist.",
		"The specified securityGroupId `%s` is not found."},
	{code: compute.NotFound, param: "disk"}: {http.StatusNotFound, "INVALID_DISK_NOT_FOUND", "The disk does not exist.", "The specified diskId `%s` is not found."},
	{code: compute.NotFound, param: "key_pair"}: {http.StatusNotFound, "INVALID_KEY_PAIR_NOT_FOUND", "The key pair does not exist.",
		"The specified keyId `%s` is not found."},
	{code: compute.NotFound, param: "image"}: {http.StatusNotFound, "INVALID_IMAGE_NOT_FOUND", "The specified image does not exist.",
		"The specified imageId `%s` is not found."},
	{code: compute.NotFound, param: "instance_type"}: {http.StatusNotFound, "INVALID_INSTANCE_TYPE_NOT_FOUND", "The instance type does not exist.",
		"The specified instanceType `%s` is not found."},
	{code: compute.NotFound, param: "nic"}: {http.StatusNotFound, "INVALID_NIC_NOT_FOUND", "The vNIC does not exist.", "The specified nicId `%s` is not found."},

	{code: compute.AlreadyExists}: {http.StatusConflict, "OPERATION_CONFLICT", "The request conflicts with another; try again.", ""},
	{code: compute.AlreadyExists, param: "cidr"}: {http.StatusBadRequest, "INVALID_PARAMETER_VPC_SUBNET_OVER_LAP",
		"The CIDR block overlaps another subnet of the VPC.", "The CIDR block `%s` overlaps another subnet of the VPC."},
	{code: compute.AlreadyExists, param: "private_ip"}: {http.StatusBadRequest, "INVALID_PARAMETER_DUPLICATE_LAN_IP",
		"The private IP address is in use.", "The private IP address `%s` is in use."},
	{code: compute.AlreadyExists, param: "rule"}: {http.StatusForbidden, "OPERATION_DENIED_SECURITY_GROUP_EXIST_REPEAT_RULE",
		"Duplicated security group rules.", ""},
	{code: compute.AlreadyExists, param: "key_pair"}: {http.StatusConflict, "INVALID_KEY_PAIR_NAME_EXIST", "Key pair name duplicated.",
		"The key pair name `%s` is in use."},

	{code: compute.IncorrectState}: {http.StatusForbidden, "OPERATION_DENIED_INSTANCE_STATUS",
		"The current status of the instance does not support this operation.", "The current status of instance `%s` does not support this operation."},
	{code: compute.IncorrectState, status: compute.StatusPending}: {http.StatusForbidden, "OPERATION_DENIED_INSTANCE_CREATING",
		"The instance is being created.", "Instance `%s` is being created."},
	{code: compute.IncorrectState, status: compute.StatusRecycled}: {http.StatusForbidden, "OPERATION_DENIED_INSTANCE_RECYCLED",
		"The instance is in the recycle bin.", "Instance `%s` is in the recycle bin."},
	{code: compute.IncorrectState, op: string(compute.OpStart)}: {http.StatusForbidden, "OPERATION_DENIED_INSTANCE_NOT_STOPPED",
		"Only instances in STOPPED status can be started.", "Instance `%s` is not STOPPED."},
	{code: compute.IncorrectState, op: string(compute.OpStop)}: {http.StatusForbidden, "OPERATION_DENIED_INSTANCE_NOT_RUNNING",
		"Only instances in RUNNING status can be stopped.", "Instance `%s` is not RUNNING."},
	{code: compute.IncorrectState, op: string(compute.OpReboot)}: {http.StatusForbidden, "OPERATION_DENIED_INSTANCE_NOT_RUNNING",
		"Only instances in RUNNING status can be rebooted.", "Instance `%s` is not RUNNING."},
	{code: compute.IncorrectState, op: "attach disk", param: "instance"}: {http.StatusBadRequest, "UNSUPPORTED_OPERATION_INSTANCE_STATUS",
		"Operations on the instance with current status are not supported.", "Operations on instance `%s` in its current status are not supported."},
	{code: compute.IncorrectState, param: "disk"}: {http.StatusBadRequest, "UNSUPPORTED_OPERATION_DISK_STATUS",
		"Operations on the disk with current status are not supported.", "Operations on disk `%s` in its current status are not supported."},
	{code: compute.IncorrectState, param: "disk", state: "system"}: {http.StatusBadRequest, "INVALID_DISK_NOT_PORTABLE",
		"Disk is not detachable.", "Disk `%s` is a system disk and is not detachable."},

	{code: compute.LimitExceeded}:                {http.StatusBadRequest, codeInvalidParameter, "Too many values were given.", ""},
	{code: compute.LimitExceeded, param: "body"}: {http.StatusRequestEntityTooLarge, "REQUEST_BODY_TOO_LARGE", "The request body is too large.", ""},
	{code: compute.LimitExceeded, param: "private_ip"}: {http.StatusBadRequest, "INVALID_SUBNET_PRIVATE_IP_INSUFFICIENT",
		"The subnet has too few free private IP addresses.", "Subnet `%s` has too few free private IP addresses."},
	{code: compute.LimitExceeded, param: "disk"}: {http.StatusBadRequest, "LIMIT_EXCEEDED_INSTANCE_CAN_ATTACH",
		"Quantity of attached disks exceeds the disks an instance can have.", ""},
	{code: compute.LimitExceeded, param: "instance_quota"}: {http.StatusBadRequest, "LIMIT_EXCEEDED_INSTANCE_QUOTA",
		"Quantity of instances exceeds the quota of the region.", "Quantity of instances exceeds the quota of %s instances in the region."},
	{code: compute.LimitExceeded, param: "rule"}: {http.StatusBadRequest, "OPERATION_DENIED_SECURITY_GROUP_RULE_EXCEED_LIMIT",
		"Quantity of security group rules exceeds the limit.", ""},

	{code: compute.InvalidArgument, param: "zone"}: {http.StatusBadRequest, "INVALID_SUBNET_ZONE_MISMATCH",
		"The subnet does not serve the zone.", "The subnet does not serve zone `%s`."},
	{code: compute.InvalidArgument, param: "instance_type_zone"}: {http.StatusBadRequest, "INVALID_INSTANCE_TYPE_ZONE_NO_SELL",
		"The instance type is not sold in the zone.", "The instance type `%s` is not sold in the zone."},
	{code: compute.InvalidArgument, param: "private_ip"}: {http.StatusBadRequest, "INVALID_PARAMETER_SUBNET_LAN_IP",
		"The private IP address is not in the subnet's range.", "The private IP address `%s` is not in the subnet's range."},
	{code: compute.InvalidArgument, op: "attach disk", param: "zone"}: {http.StatusBadRequest, "INVALID_DISK_AND_INSTANCE_ZONE_MISMATCHED",
		"The disk and the instance should reside in the same availability zone.", ""},
	{code: compute.InvalidArgument, param: "public_key"}: {http.StatusBadRequest, "INVALID_PUBLIC_KEY_MALFORMED", "Public key format error.", ""},

	{code: compute.Unauthenticated}: {http.StatusUnauthorized, "AUTHFAILURE_SECRETID_NOT_FOUND", "The access key is not found.", "The access key `%s` is not found."},
	{code: compute.KeyDisabled}:     {http.StatusUnauthorized, "AUTHFAILURE_SECRETID_DISABLED", "The access key is disabled.", "The access key `%s` is disabled."},
	// ZC2 has no nonce: a signature is refused as used already only under
	// --refuse-reused-signatures.
	{code: compute.Replayed}: {http.StatusUnauthorized, codeSignatureFailure,
		"The signature was used already by an earlier request, and this server refuses reused signatures; sign the request again.", ""},
	{code: compute.Expired}: {http.StatusUnauthorized, "AUTHFAILURE_SIGNATURE_EXPIRE",
		"The signature expired: X-ZC-Timestamp is more than 5 minutes from the server time.", ""},
	// HTTP 429 and this code make the Go SDK retry with backoff.
	{code: compute.Throttled}:   {http.StatusTooManyRequests, "REQUEST_LIMIT_EXCEEDED", "Too many requests; slow down.", ""},
	{code: compute.Unavailable}: {http.StatusServiceUnavailable, "SERVICE_TEMPORARY_UNAVAILABLE", "The service is temporarily unavailable; try again later.", ""},
	// ZEC has no dry run; the row exists because every Code has one.
	{code: compute.DryRunPassed}: {http.StatusBadRequest, "DRY_RUN_OPERATION", "The request would have succeeded.", ""},
	{code: compute.Conflict}:     {http.StatusConflict, "OPERATION_CONFLICT", "The request conflicts with another; try again.", ""},

	{code: compute.InUse}: {http.StatusForbidden, "OPERATION_DENIED_RESOURCE_IN_USE", "The resource is in use by another resource.", ""},
	{code: compute.InUse, param: "network"}: {http.StatusConflict, "INVALID_VPC_SUBNET_ASSOCIATED",
		"Operations on global VPCs with subnets in it are not supported.", "Global VPC `%s` has subnets in it."},
	{code: compute.InUse, param: "subnet"}: {http.StatusConflict, "INVALID_SUBNET_IN_USE", "Subnet is associated with vNICs.",
		"Subnet `%s` is associated with vNICs."},
	{code: compute.InUse, param: "security_group", blocker: compute.KindInstance}: {http.StatusForbidden, "OPERATION_DENIED_SECURITY_GROUP_EXIST_INSTANCE",
		"Operations on security groups with instances in it are not supported.", "Security group `%s` has instances in it."},
}

// toAPIError turns any error into Zenlayer's spelling of it. An error that
// is not an apiError or a *compute.Error is an internal one, and its text
// is never shown.
func toAPIError(err error) *apiError {
	// An apiError may come back through the core, from an edit function
	// that refused a change.
	var a *apiError
	if errors.As(err, &a) {
		return a
	}
	if f, ok := errors.AsType[*fault.Answer](err); ok {
		return faultAnswer(f)
	}
	e, ok := compute.AsError(err)
	if !ok {
		e = &compute.Error{Code: compute.Internal}
	}
	row := lookup(e)
	message := row.message
	if v := errorValue(e); v != "" && row.withValue != "" {
		message = fmt.Sprintf(row.withValue, v)
	}
	return &apiError{Status: row.status, Code: row.code, Message: message}
}

// lookup finds the most specific row for e, trying in order: the operation
// and what it is about (an attach refused for the instance's status), the
// instance status (in the recycle bin, still deploying: these explain a
// refusal better than what the operation needed), the operation, what is
// in the way of a deletion, the state of a resource, what the error is
// about, and the code alone.
func lookup(e *compute.Error) errorRow {
	var keys []errorKey
	if e.Op != "" && e.Param != "" {
		keys = append(keys, errorKey{code: e.Code, op: e.Op, param: e.Param})
	}
	if e.Status != "" {
		keys = append(keys, errorKey{code: e.Code, status: e.Status})
	}
	if e.Op != "" {
		keys = append(keys, errorKey{code: e.Code, op: e.Op})
	}
	if e.Param != "" {
		if e.Blocker != "" {
			keys = append(keys, errorKey{code: e.Code, param: e.Param, blocker: e.Blocker})
		}
		if e.State != "" {
			keys = append(keys, errorKey{code: e.Code, param: e.Param, state: e.State})
		}
		keys = append(keys, errorKey{code: e.Code, param: e.Param})
	}
	keys = append(keys, errorKey{code: e.Code})
	for _, k := range keys {
		if row, ok := errorTable[k]; ok {
			return row
		}
	}
	return errorTable[errorKey{code: compute.Internal}]
}

// errorValue is the value a domain error is about: the offending value, or
// the instance.
func errorValue(e *compute.Error) string {
	if e.Value != "" {
		return e.Value
	}
	return string(e.Instance)
}

func errUnsupportedFilter(name string) *apiError {
	return &apiError{http.StatusBadRequest, codeInvalidParameter, fmt.Sprintf("ecsd does not support filtering by `%s`.", name)}
}
