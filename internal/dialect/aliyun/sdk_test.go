package aliyun_test

// Adapters over the two official Alibaba SDKs, so that one conformance test
// drives ecsd through each of them, unmodified, pointed at ecsd's address.

import (
	"encoding/json"
	"errors"
	"testing"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	teaecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
)

// statusQuery and the results below are the SDK-neutral shapes the tests use.
type statusQuery struct {
	region, zone         string
	ids                  []string
	pageNumber, pageSize int
}

type statusPage struct {
	total, pageNumber, pageSize int
	statuses                    map[string]string // instance ID -> status
	order                       []string
}

type instancesQuery struct {
	region, zone, status string
	ids                  []string
	pageNumber, pageSize int
}

type instanceInfo struct {
	id, status, zone, instanceType, chargeType, created string
	cpu, memory                                         int
}

type instanceResult struct{ id, code, previous, current string }

type launch struct {
	region, zone, image, instanceType, chargeType, clientToken string
	amount                                                     int
	dryRun                                                     bool
}

// ecsClient is what every test needs of an SDK.
type ecsClient interface {
	describeStatus(q statusQuery) (statusPage, error)
	describeInstances(q instancesQuery) (total int, instances []instanceInfo, err error)
	run(l launch) ([]string, error)
	create(l launch) (string, error)
	// act calls StartInstance, StopInstance, RebootInstance or DeleteInstance.
	act(action, id string, force bool) error
	// batch calls StartInstances, StopInstances or RebootInstances.
	batch(action, region string, ids []string, mode string) ([]instanceResult, error)
	deleteMany(region string, ids []string, force bool) error
	regions() ([]string, error)
	zones(region string) ([]string, error)
}

// apiError is an error as either SDK reports it.
type apiError struct {
	code      string
	status    int
	requestID string
}

// sdkError extracts the vendor error an SDK returned; it fails the test for
// anything else (a transport or parse error means ecsd answered badly).
func sdkError(t *testing.T, err error) apiError {
	t.Helper()
	var classic *sdkerrors.ServerError
	if errors.As(err, &classic) {
		return apiError{classic.ErrorCode(), classic.HttpStatus(), classic.RequestId()}
	}
	var sdk *tea.SDKError
	if errors.As(err, &sdk) {
		// The Tea SDK keeps the error body as JSON in Data.
		var body struct{ RequestId string }
		_ = json.Unmarshal([]byte(tea.StringValue(sdk.Data)), &body)
		return apiError{tea.StringValue(sdk.Code), tea.IntValue(sdk.StatusCode), body.RequestId}
	}
	t.Fatalf("not a vendor error: %T %v", err, err)
	return apiError{}
}

// --- the classic SDK (github.com/aliyun/alibaba-cloud-sdk-go), RPC v1 ---

type classicClient struct{ c *classicecs.Client }

func newClassicClient(t *testing.T, host, region, keyID, secret string) ecsClient {
	t.Helper()
	c, err := classicecs.NewClientWithAccessKey(region, keyID, secret)
	if err != nil {
		t.Fatal(err)
	}
	c.Domain = host // the scheme is already HTTP
	return classicClient{c}
}

func intParam(n int) requests.Integer {
	if n == 0 {
		return ""
	}
	return requests.NewInteger(n)
}

func (k classicClient) describeStatus(q statusQuery) (statusPage, error) {
	req := classicecs.CreateDescribeInstanceStatusRequest()
	req.RegionId, req.ZoneId = q.region, q.zone
	req.PageNumber, req.PageSize = intParam(q.pageNumber), intParam(q.pageSize)
	if q.ids != nil {
		req.InstanceId = &q.ids
	}
	resp, err := k.c.DescribeInstanceStatus(req)
	if err != nil {
		return statusPage{}, err
	}
	p := statusPage{total: resp.TotalCount, pageNumber: resp.PageNumber, pageSize: resp.PageSize, statuses: map[string]string{}}
	for _, s := range resp.InstanceStatuses.InstanceStatus {
		p.statuses[s.InstanceId] = s.Status
		p.order = append(p.order, s.InstanceId)
	}
	return p, nil
}

func (k classicClient) describeInstances(q instancesQuery) (int, []instanceInfo, error) {
	req := classicecs.CreateDescribeInstancesRequest()
	req.RegionId, req.ZoneId, req.Status = q.region, q.zone, q.status
	req.PageNumber, req.PageSize = intParam(q.pageNumber), intParam(q.pageSize)
	if q.ids != nil {
		b, _ := json.Marshal(q.ids)
		req.InstanceIds = string(b)
	}
	resp, err := k.c.DescribeInstances(req)
	if err != nil {
		return 0, nil, err
	}
	var out []instanceInfo
	for _, i := range resp.Instances.Instance {
		out = append(out, instanceInfo{i.InstanceId, i.Status, i.ZoneId, i.InstanceType, i.InstanceChargeType, i.CreationTime, i.Cpu, i.Memory})
	}
	return resp.TotalCount, out, nil
}

func (k classicClient) run(l launch) ([]string, error) {
	req := classicecs.CreateRunInstancesRequest()
	req.RegionId, req.ZoneId, req.ImageId, req.InstanceType = l.region, l.zone, l.image, l.instanceType
	req.InstanceChargeType, req.ClientToken = l.chargeType, l.clientToken
	req.Amount = intParam(l.amount)
	if l.dryRun {
		req.DryRun = requests.NewBoolean(true)
	}
	resp, err := k.c.RunInstances(req)
	if err != nil {
		return nil, err
	}
	return resp.InstanceIdSets.InstanceIdSet, nil
}

func (k classicClient) create(l launch) (string, error) {
	req := classicecs.CreateCreateInstanceRequest()
	req.RegionId, req.ZoneId, req.ImageId, req.InstanceType = l.region, l.zone, l.image, l.instanceType
	resp, err := k.c.CreateInstance(req)
	if err != nil {
		return "", err
	}
	return resp.InstanceId, nil
}

func (k classicClient) act(action, id string, force bool) error {
	var err error
	switch action {
	case "StartInstance":
		req := classicecs.CreateStartInstanceRequest()
		req.InstanceId = id
		_, err = k.c.StartInstance(req)
	case "StopInstance":
		req := classicecs.CreateStopInstanceRequest()
		req.InstanceId = id
		_, err = k.c.StopInstance(req)
	case "RebootInstance":
		req := classicecs.CreateRebootInstanceRequest()
		req.InstanceId = id
		_, err = k.c.RebootInstance(req)
	case "DeleteInstance":
		req := classicecs.CreateDeleteInstanceRequest()
		req.InstanceId = id
		req.Force = requests.NewBoolean(force)
		_, err = k.c.DeleteInstance(req)
	default:
		panic(action)
	}
	return err
}

func (k classicClient) batch(action, region string, ids []string, mode string) ([]instanceResult, error) {
	var responses []classicecs.InstanceResponse
	switch action {
	case "StartInstances":
		req := classicecs.CreateStartInstancesRequest()
		req.RegionId, req.InstanceId, req.BatchOptimization = region, &ids, mode
		resp, err := k.c.StartInstances(req)
		if err != nil {
			return nil, err
		}
		responses = resp.InstanceResponses.InstanceResponse
	case "StopInstances":
		req := classicecs.CreateStopInstancesRequest()
		req.RegionId, req.InstanceId, req.BatchOptimization = region, &ids, mode
		resp, err := k.c.StopInstances(req)
		if err != nil {
			return nil, err
		}
		responses = resp.InstanceResponses.InstanceResponse
	case "RebootInstances":
		req := classicecs.CreateRebootInstancesRequest()
		req.RegionId, req.InstanceId, req.BatchOptimization = region, &ids, mode
		resp, err := k.c.RebootInstances(req)
		if err != nil {
			return nil, err
		}
		responses = resp.InstanceResponses.InstanceResponse
	default:
		panic(action)
	}
	out := make([]instanceResult, len(responses))
	for i, r := range responses {
		out[i] = instanceResult{r.InstanceId, r.Code, r.PreviousStatus, r.CurrentStatus}
	}
	return out, nil
}

func (k classicClient) deleteMany(region string, ids []string, force bool) error {
	req := classicecs.CreateDeleteInstancesRequest()
	req.RegionId, req.InstanceId, req.Force = region, &ids, requests.NewBoolean(force)
	_, err := k.c.DeleteInstances(req)
	return err
}

func (k classicClient) regions() ([]string, error) {
	resp, err := k.c.DescribeRegions(classicecs.CreateDescribeRegionsRequest())
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range resp.Regions.Region {
		out = append(out, r.RegionId)
	}
	return out, nil
}

func (k classicClient) zones(region string) ([]string, error) {
	req := classicecs.CreateDescribeZonesRequest()
	req.RegionId = region
	resp, err := k.c.DescribeZones(req)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, z := range resp.Zones.Zone {
		out = append(out, z.ZoneId)
	}
	return out, nil
}

// --- the Tea SDK (github.com/alibabacloud-go/ecs-20140526/v4), ACS3 or v2 ---

type teaClient struct{ c *teaecs.Client }

func newTeaClient(t *testing.T, host, region, keyID, secret, algorithm string) ecsClient {
	t.Helper()
	cfg := &openapi.Config{
		AccessKeyId: tea.String(keyID), AccessKeySecret: tea.String(secret), RegionId: tea.String(region),
		Endpoint: tea.String(host), Protocol: tea.String("HTTP"),
	}
	if algorithm != "" {
		cfg.SignatureAlgorithm = tea.String(algorithm)
	}
	c, err := teaecs.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return teaClient{c}
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return tea.String(s)
}

func optInt32(n int) *int32 {
	if n == 0 {
		return nil
	}
	return tea.Int32(int32(n))
}

func stringPtrs(ss []string) []*string {
	if ss == nil {
		return nil
	}
	return tea.StringSlice(ss)
}

func (k teaClient) describeStatus(q statusQuery) (statusPage, error) {
	resp, err := k.c.DescribeInstanceStatus(&teaecs.DescribeInstanceStatusRequest{
		RegionId: optString(q.region), ZoneId: optString(q.zone), InstanceId: stringPtrs(q.ids),
		PageNumber: optInt32(q.pageNumber), PageSize: optInt32(q.pageSize),
	})
	if err != nil {
		return statusPage{}, err
	}
	b := resp.Body
	p := statusPage{total: int(tea.Int32Value(b.TotalCount)), pageNumber: int(tea.Int32Value(b.PageNumber)), pageSize: int(tea.Int32Value(b.PageSize)), statuses: map[string]string{}}
	for _, s := range b.InstanceStatuses.InstanceStatus {
		p.statuses[tea.StringValue(s.InstanceId)] = tea.StringValue(s.Status)
		p.order = append(p.order, tea.StringValue(s.InstanceId))
	}
	return p, nil
}

func (k teaClient) describeInstances(q instancesQuery) (int, []instanceInfo, error) {
	req := &teaecs.DescribeInstancesRequest{
		RegionId: optString(q.region), ZoneId: optString(q.zone), Status: optString(q.status),
		PageNumber: optInt32(q.pageNumber), PageSize: optInt32(q.pageSize),
	}
	if q.ids != nil {
		b, _ := json.Marshal(q.ids)
		req.InstanceIds = tea.String(string(b))
	}
	resp, err := k.c.DescribeInstances(req)
	if err != nil {
		return 0, nil, err
	}
	var out []instanceInfo
	for _, i := range resp.Body.Instances.Instance {
		out = append(out, instanceInfo{
			tea.StringValue(i.InstanceId), tea.StringValue(i.Status), tea.StringValue(i.ZoneId), tea.StringValue(i.InstanceType),
			tea.StringValue(i.InstanceChargeType), tea.StringValue(i.CreationTime), int(tea.Int32Value(i.Cpu)), int(tea.Int32Value(i.Memory)),
		})
	}
	return int(tea.Int32Value(resp.Body.TotalCount)), out, nil
}

func (k teaClient) run(l launch) ([]string, error) {
	req := &teaecs.RunInstancesRequest{
		RegionId: optString(l.region), ZoneId: optString(l.zone), ImageId: optString(l.image), InstanceType: optString(l.instanceType),
		InstanceChargeType: optString(l.chargeType), ClientToken: optString(l.clientToken), Amount: optInt32(l.amount),
	}
	if l.dryRun {
		req.DryRun = tea.Bool(true)
	}
	resp, err := k.c.RunInstances(req)
	if err != nil {
		return nil, err
	}
	return tea.StringSliceValue(resp.Body.InstanceIdSets.InstanceIdSet), nil
}

func (k teaClient) create(l launch) (string, error) {
	resp, err := k.c.CreateInstance(&teaecs.CreateInstanceRequest{
		RegionId: optString(l.region), ZoneId: optString(l.zone), ImageId: optString(l.image), InstanceType: optString(l.instanceType),
	})
	if err != nil {
		return "", err
	}
	return tea.StringValue(resp.Body.InstanceId), nil
}

func (k teaClient) act(action, id string, force bool) error {
	var err error
	switch action {
	case "StartInstance":
		_, err = k.c.StartInstance(&teaecs.StartInstanceRequest{InstanceId: tea.String(id)})
	case "StopInstance":
		_, err = k.c.StopInstance(&teaecs.StopInstanceRequest{InstanceId: tea.String(id)})
	case "RebootInstance":
		_, err = k.c.RebootInstance(&teaecs.RebootInstanceRequest{InstanceId: tea.String(id)})
	case "DeleteInstance":
		_, err = k.c.DeleteInstance(&teaecs.DeleteInstanceRequest{InstanceId: tea.String(id), Force: tea.Bool(force)})
	default:
		panic(action)
	}
	return err
}

func (k teaClient) batch(action, region string, ids []string, mode string) ([]instanceResult, error) {
	type response struct {
		InstanceID, Code, Previous, Current *string
	}
	var rs []response
	switch action {
	case "StartInstances":
		resp, err := k.c.StartInstances(&teaecs.StartInstancesRequest{RegionId: optString(region), InstanceId: stringPtrs(ids), BatchOptimization: optString(mode)})
		if err != nil {
			return nil, err
		}
		for _, r := range resp.Body.InstanceResponses.InstanceResponse {
			rs = append(rs, response{r.InstanceId, r.Code, r.PreviousStatus, r.CurrentStatus})
		}
	case "StopInstances":
		resp, err := k.c.StopInstances(&teaecs.StopInstancesRequest{RegionId: optString(region), InstanceId: stringPtrs(ids), BatchOptimization: optString(mode)})
		if err != nil {
			return nil, err
		}
		for _, r := range resp.Body.InstanceResponses.InstanceResponse {
			rs = append(rs, response{r.InstanceId, r.Code, r.PreviousStatus, r.CurrentStatus})
		}
	case "RebootInstances":
		resp, err := k.c.RebootInstances(&teaecs.RebootInstancesRequest{RegionId: optString(region), InstanceId: stringPtrs(ids), BatchOptimization: optString(mode)})
		if err != nil {
			return nil, err
		}
		for _, r := range resp.Body.InstanceResponses.InstanceResponse {
			rs = append(rs, response{r.InstanceId, r.Code, r.PreviousStatus, r.CurrentStatus})
		}
	default:
		panic(action)
	}
	out := make([]instanceResult, len(rs))
	for i, r := range rs {
		out[i] = instanceResult{tea.StringValue(r.InstanceID), tea.StringValue(r.Code), tea.StringValue(r.Previous), tea.StringValue(r.Current)}
	}
	return out, nil
}

func (k teaClient) deleteMany(region string, ids []string, force bool) error {
	_, err := k.c.DeleteInstances(&teaecs.DeleteInstancesRequest{RegionId: optString(region), InstanceId: stringPtrs(ids), Force: tea.Bool(force)})
	return err
}

func (k teaClient) regions() ([]string, error) {
	resp, err := k.c.DescribeRegions(&teaecs.DescribeRegionsRequest{})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range resp.Body.Regions.Region {
		out = append(out, tea.StringValue(r.RegionId))
	}
	return out, nil
}

func (k teaClient) zones(region string) ([]string, error) {
	resp, err := k.c.DescribeZones(&teaecs.DescribeZonesRequest{RegionId: tea.String(region)})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, z := range resp.Body.Zones.Zone {
		out = append(out, tea.StringValue(z.ZoneId))
	}
	return out, nil
}
