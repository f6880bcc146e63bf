package aliyun_test

import (
	"context"
	"crypto/ed25519"
	"crypto/md5"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/pem"
	"strconv"
	"strings"
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/compute"
)

// testPublicKey is an ed25519 public key in OpenSSH form, with a comment,
// and its MD5 fingerprint as ECS shows it.
func newTestPublicKey(t *testing.T, seed byte) (openssh, fingerprint string) {
	t.Helper()
	key := ed25519.NewKeyFromSeed(append(make([]byte, ed25519.SeedSize-1), seed)).Public().(ed25519.PublicKey)
	var blob []byte
	for _, part := range [][]byte{[]byte("ssh-ed25519"), key} {
		blob = binary.BigEndian.AppendUint32(blob, uint32(len(part)))
		blob = append(blob, part...)
	}
	sum := md5.Sum(blob)
	pairs := make([]string, len(sum))
	for i, b := range sum {
		pairs[i] = hex.EncodeToString([]byte{b})
	}
	return "ssh-ed25519 " + base64.StdEncoding.EncodeToString(blob) + " user@host", strings.Join(pairs, ":")
}

var keyPairIgnored = prefixed("KeyPairs.KeyPair[].", ecsTagIgnored)

func describeKeyPairs(t *testing.T, s sdk, p wire) any {
	t.Helper()
	base := wire{"RegionId": region}
	for k, v := range p {
		base[k] = v
	}
	return mustCall(t, s, productECS, "DescribeKeyPairs", base, keyPairIgnored...)
}

func keyPairNames(t *testing.T, resp any) []string {
	var out []string
	for i := 0; i < count(t, resp, "KeyPairs.KeyPair"); i++ {
		out = append(out, str(t, resp, "KeyPairs.KeyPair."+strconv.Itoa(i)+".KeyPairName"))
	}
	return out
}

func TestKeyPairLifecycle(t *testing.T) {
	eachResourceSDK(t, func(t *testing.T, env *apptest.Env, s sdk) {
		made := mustCall(t, s, productECS, "CreateKeyPair", wire{"RegionId": region, "KeyPairName": "deploy-key",
			"ResourceGroupId": "rg-keys", "Tag": []wire{{"Key": "owner", "Value": "ops"}}})
		if !strings.HasPrefix(str(t, made, "KeyPairId"), "kp-bp") || str(t, made, "KeyPairName") != "deploy-key" {
			t.Fatalf("CreateKeyPair answered %+v", made)
		}
		block, _ := pem.Decode([]byte(str(t, made, "PrivateKeyBody")))
		if block == nil || block.Type != "RSA PRIVATE KEY" {
			t.Fatalf("PrivateKeyBody is not an RSA private key in PEM")
		}
		created := str(t, made, "KeyPairFingerPrint")
		if len(strings.Split(created, ":")) != 16 {
			t.Errorf("fingerprint %q is not 16 colon-separated pairs", created)
		}

		public, fingerprint := newTestPublicKey(t, 1)
		imported := mustCall(t, s, productECS, "ImportKeyPair", wire{"RegionId": region, "KeyPairName": "laptop", "PublicKeyBody": public})
		if str(t, imported, "KeyPairName") != "laptop" || str(t, imported, "KeyPairFingerPrint") != fingerprint {
			t.Fatalf("ImportKeyPair answered %+v, want fingerprint %s", imported, fingerprint)
		}
		callErr(t, s, productECS, "ImportKeyPair", wire{"RegionId": region, "KeyPairName": "laptop", "PublicKeyBody": public}, "KeyPair.AlreadyExist", 400)
		callErr(t, s, productECS, "CreateKeyPair", wire{"RegionId": region, "KeyPairName": "deploy-key"}, "KeyPair.AlreadyExist", 400)
		callErr(t, s, productECS, "ImportKeyPair", wire{"RegionId": region, "KeyPairName": "broken", "PublicKeyBody": "ssh-rsa notbase64!"}, "InvalidPublicKeyBody.Malformed", 400)
		// The same name is free in another region.
		mustCall(t, s, productECS, "ImportKeyPair", wire{"RegionId": "cn-shanghai", "KeyPairName": "laptop", "PublicKeyBody": public})

		all := describeKeyPairs(t, s, wire{"IncludePublicKey": true})
		if got := keyPairNames(t, all); strings.Join(got, ",") != "deploy-key,laptop" {
			t.Fatalf("key pairs of the region: %v", got)
		}
		for path, want := range map[string]any{
			"TotalCount": int64(2), "KeyPairs.KeyPair.0.KeyPairFingerPrint": created, "KeyPairs.KeyPair.0.ResourceGroupId": "rg-keys",
			"KeyPairs.KeyPair.0.Tags.Tag.0.TagKey": "owner", "KeyPairs.KeyPair.0.Tags.Tag.0.TagValue": "ops",
			"KeyPairs.KeyPair.1.PublicKey": strings.TrimSuffix(public, " user@host"),
		} {
			if got := pick(t, all, path); got != want {
				t.Errorf("DescribeKeyPairs %s = %#v, want %#v", path, got, want)
			}
		}
		if str(t, all, "KeyPairs.KeyPair.0.CreationTime") == "" {
			t.Error("no CreationTime")
		}
		if str(t, describeKeyPairs(t, s, wire{}), "KeyPairs.KeyPair.1.PublicKey") != "" {
			t.Error("PublicKey shown without IncludePublicKey")
		}
		for pattern, want := range map[string]string{"laptop": "laptop", "*top": "laptop", "dep*": "deploy-key", "*o*": "deploy-key,laptop", "lap": ""} {
			if got := strings.Join(keyPairNames(t, describeKeyPairs(t, s, wire{"KeyPairName": pattern})), ","); got != want {
				t.Errorf("KeyPairName %q found %q, want %q", pattern, got, want)
			}
		}
		if got := keyPairNames(t, describeKeyPairs(t, s, wire{"KeyPairFingerPrint": fingerprint})); len(got) != 1 || got[0] != "laptop" {
			t.Errorf("by fingerprint: %v", got)
		}
		if got := keyPairNames(t, describeKeyPairs(t, s, wire{"Tag": []wire{{"Key": "owner"}}})); len(got) != 1 || got[0] != "deploy-key" {
			t.Errorf("by tag: %v", got)
		}

		// A key pair an instance uses stays.
		vpc := createVpc(t, env, s, nil)
		vsw := createVSwitch(t, env, s, vpc, zoneB, "10.0.0.0/24", nil)
		sg := createGroup(t, s, vpc, nil)
		kp, err := env.App.Service.KeyPairNamed(context.Background(), compute.Owner{Account: env.Key.Account, Cloud: compute.CloudAliyun}, region, "laptop")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.App.Service.Launch(context.Background(), compute.LaunchSpec{
			Owner: kp.Owner, Region: region, Count: 1, ImageID: image, InstanceType: itype,
			Subnet: compute.SubnetID(vsw), SecurityGroups: []compute.SecurityGroupID{compute.SecurityGroupID(sg)}, KeyPair: kp.ID,
		}); err != nil {
			t.Fatal(err)
		}
		callErr(t, s, productECS, "DeleteKeyPairs", wire{"RegionId": region, "KeyPairNames": jsonIDs("laptop", "deploy-key")},
			"InvalidParameter.KeypairAlreadyAttachedInstance", 400)
		mustCall(t, s, productECS, "DeleteKeyPairs", wire{"RegionId": region, "KeyPairNames": jsonIDs("deploy-key", "never-made")})
		if got := keyPairNames(t, describeKeyPairs(t, s, wire{})); len(got) != 1 || got[0] != "laptop" {
			t.Fatalf("after deleting deploy-key: %v", got)
		}
	})
}
