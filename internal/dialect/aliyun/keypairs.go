package aliyun

import (
	"net/http"
	"slices"

	"github.com/ecsd/ecsd/internal/compute"
)

// SSH key pairs over compute.KeyPair. ECS names key pairs by their name,
// unique in a region; their IDs (kp-...) show only in CreateKeyPair's
// answer. The fingerprint is the MD5 of the public key, RFC 4716 style.

// Limits of key pairs.
const (
	maxKeyPairsPerRegion = 500
	keyPairPageSizeMax   = 50
	maxKeyPairNames      = 100
)

var (
	keyPairNameRule = nameRule{min: 2, max: 128, letterFirst: true, charset: ".:_-",
		err: &apiError{http.StatusBadRequest, "InvalidKeyPairName.Malformed", "Specified Key Pair name is not valid."}}

	errKeyPairQuota   = &apiError{http.StatusForbidden, "QuotaExceed.KeyPair", "The key pair quota exceeds."}
	errPublicKey      = &apiError{http.StatusBadRequest, "InvalidPublicKeyBody.Malformed", "The PublicKeyBody format is not supported."}
	errKeyPairNames   = &apiError{http.StatusBadRequest, "InvalidKeyPairNames.ValueNotSupported", `The specified parameter "KeyPairNames" is not valid.`}
	errKeyPairInUse   = &apiError{http.StatusBadRequest, "InvalidParameter.KeypairAlreadyAttachedInstance", "The key pair is bound to instances; detach it first."}
	errKeyPairTooMany = &apiError{http.StatusBadRequest, "InvalidKeyPairNames.ValueNotSupported", "At most 100 key pair names can be given."}
)

type createKeyPairResponse struct {
	RequestID          string `json:"RequestId" xml:"RequestId"`
	KeyPairID          string `json:"KeyPairId" xml:"KeyPairId"`
	KeyPairName        string `json:"KeyPairName" xml:"KeyPairName"`
	KeyPairFingerPrint string `json:"KeyPairFingerPrint" xml:"KeyPairFingerPrint"`
	PrivateKeyBody     string `json:"PrivateKeyBody" xml:"PrivateKeyBody"`
}

type importKeyPairResponse struct {
	RequestID          string `json:"RequestId" xml:"RequestId"`
	KeyPairName        string `json:"KeyPairName" xml:"KeyPairName"`
	KeyPairFingerPrint string `json:"KeyPairFingerPrint" xml:"KeyPairFingerPrint"`
}

type keyPairItem struct {
	KeyPairName        string    `json:"KeyPairName" xml:"KeyPairName"`
	KeyPairFingerPrint string    `json:"KeyPairFingerPrint" xml:"KeyPairFingerPrint"`
	CreationTime       string    `json:"CreationTime" xml:"CreationTime"`
	ResourceGroupID    string    `json:"ResourceGroupId" xml:"ResourceGroupId"`
	PublicKey          string    `json:"PublicKey" xml:"PublicKey"`
	Tags               ecsTagSet `json:"Tags" xml:"Tags"`
}

type describeKeyPairsResponse struct {
	RequestID  string `json:"RequestId" xml:"RequestId"`
	TotalCount int    `json:"TotalCount" xml:"TotalCount"`
	PageNumber int    `json:"PageNumber" xml:"PageNumber"`
	PageSize   int    `json:"PageSize" xml:"PageSize"`
	KeyPairs   struct {
		KeyPair []keyPairItem `json:"KeyPair" xml:"KeyPair"`
	} `json:"KeyPairs" xml:"KeyPairs"`
}

// keyPairSpec reads what CreateKeyPair and ImportKeyPair share, and checks
// the region's quota.
func (h *Handler) keyPairSpec(c *call) (compute.KeyPairSpec, error) {
	region, err := h.region(c)
	if err != nil {
		return compute.KeyPairSpec{}, err
	}
	name, err := c.params.required("KeyPairName")
	if err != nil {
		return compute.KeyPairSpec{}, err
	}
	if err := keyPairNameRule.check(name); err != nil {
		return compute.KeyPairSpec{}, err
	}
	group, err := resourceGroup(c, "ResourceGroupId")
	if err != nil {
		return compute.KeyPairSpec{}, err
	}
	ts, err := tags(c.params)
	if err != nil {
		return compute.KeyPairSpec{}, err
	}
	existing, err := h.Svc.KeyPairs(c.ctx(), c.owner, compute.Filter{Region: region.ID})
	if err != nil {
		return compute.KeyPairSpec{}, err
	}
	if len(existing) >= maxKeyPairsPerRegion {
		return compute.KeyPairSpec{}, errKeyPairQuota
	}
	return compute.KeyPairSpec{Owner: c.owner, Region: region.ID, Name: name, ResourceGroup: group, Tags: ts}, nil
}

// createKeyPair makes a 2048-bit RSA key pair and returns its private key,
// once: ecsd keeps only the public half.
func (h *Handler) createKeyPair(c *call) (any, error) {
	spec, err := h.keyPairSpec(c)
	if err != nil {
		return nil, err
	}
	kp, private, err := h.Svc.CreateKeyPair(c.ctx(), spec)
	if err != nil {
		return nil, err
	}
	return createKeyPairResponse{
		RequestID: c.requestID, KeyPairID: string(kp.ID), KeyPairName: kp.Name,
		KeyPairFingerPrint: kp.FingerprintMD5(), PrivateKeyBody: private,
	}, nil
}

func (h *Handler) importKeyPair(c *call) (any, error) {
	spec, err := h.keyPairSpec(c)
	if err != nil {
		return nil, err
	}
	if spec.PublicKey, err = c.params.required("PublicKeyBody"); err != nil {
		return nil, err
	}
	kp, _, err := h.Svc.CreateKeyPair(c.ctx(), spec)
	if e, ok := compute.AsError(err); ok && e.Code == compute.InvalidArgument && e.Param == "public_key" {
		return nil, errPublicKey
	}
	if err != nil {
		return nil, err
	}
	return importKeyPairResponse{RequestID: c.requestID, KeyPairName: kp.Name, KeyPairFingerPrint: kp.FingerprintMD5()}, nil
}

func (h *Handler) describeKeyPairs(c *call) (any, error) {
	region, err := h.region(c)
	if err != nil {
		return nil, err
	}
	pg, err := pageParams(c, defaultPageSize, keyPairPageSizeMax)
	if err != nil {
		return nil, err
	}
	withPublic, err := c.params.boolean("IncludePublicKey")
	if err != nil {
		return nil, err
	}
	f := compute.Filter{Region: region.ID}
	if f.Links, err = tagLinkFilters(c.params); err != nil {
		return nil, err
	}
	pairs, err := h.Svc.KeyPairs(c.ctx(), c.owner, f)
	if err != nil {
		return nil, err
	}
	name, print, group := c.params.get("KeyPairName"), c.params.get("KeyPairFingerPrint"), c.params.get("ResourceGroupId")
	pairs = slices.DeleteFunc(pairs, func(kp compute.KeyPair) bool {
		return name != "" && !wildcard(name, kp.Name) || print != "" && kp.FingerprintMD5() != print ||
			group != "" && kp.ResourceGroup != group
	})
	resp := describeKeyPairsResponse{RequestID: c.requestID, TotalCount: len(pairs), PageNumber: pg.number, PageSize: pg.size}
	resp.KeyPairs.KeyPair = []keyPairItem{}
	for _, kp := range pageOf(pairs, pg) {
		item := keyPairItem{
			KeyPairName: kp.Name, KeyPairFingerPrint: kp.FingerprintMD5(), CreationTime: resourceTime(kp.CreatedAt),
			ResourceGroupID: kp.ResourceGroup, Tags: ecsTags(kp.Tags),
		}
		if withPublic {
			item.PublicKey = kp.PublicKey
		}
		resp.KeyPairs.KeyPair = append(resp.KeyPairs.KeyPair, item)
	}
	return resp, nil
}

// deleteKeyPairs deletes the key pairs named, all or none; names that do
// not exist are passed over, as ECS does. A key pair bound to an instance
// stays: detach it first.
func (h *Handler) deleteKeyPairs(c *call) (any, error) {
	region, err := h.region(c)
	if err != nil {
		return nil, err
	}
	if c.params.get("KeyPairNames") == "" {
		return nil, missingParameter("KeyPairNames")
	}
	names, err := c.params.jsonList("KeyPairNames")
	if err != nil || len(names) == 0 {
		return nil, errKeyPairNames
	}
	if len(names) > maxKeyPairNames {
		return nil, errKeyPairTooMany
	}
	pairs, err := h.Svc.KeyPairs(c.ctx(), c.owner, compute.Filter{Region: region.ID})
	if err != nil {
		return nil, err
	}
	var ids []compute.KeyPairID
	var values []string
	for _, kp := range pairs {
		if slices.Contains(names, kp.Name) {
			ids = append(ids, kp.ID)
			values = append(values, string(kp.ID))
		}
	}
	if len(ids) == 0 {
		return requestOnlyResponse{RequestID: c.requestID}, nil
	}
	bound, err := h.Svc.List(c.ctx(), compute.Query{
		Owner: c.owner, Region: region.ID, Limit: 1, Brief: true,
		Links: []compute.LinkFilter{{Attr: compute.LinkKeyPair, Values: values}},
	})
	if err != nil {
		return nil, err
	}
	if bound.Total > 0 {
		return nil, errKeyPairInUse
	}
	if err := h.Svc.DeleteKeyPairs(c.ctx(), c.owner, ids); err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}
