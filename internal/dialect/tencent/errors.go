package tencent

import (
	"fmt"

	"github.com/ecsd/ecsd/internal/compute"
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
var serviceErrors = map[string]map[errorKey]*apiError{}

// toAPIError turns any error into Tencent's spelling of it, as service
// spells it ("" before a request is routed). Errors about one instance
// name it.
func toAPIError(service string, err error) *apiError {
	if a, ok := err.(*apiError); ok {
		return a
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
