// Drives ecsd with Tencent Cloud's Node.js SDK, as its documentation says
// to point it elsewhere: profile.httpProfile.endpoint "host:port" and
// protocol "http://". Run by TestNodeSDK with:
//
//   ECSD_ENDPOINT  the CVM endpoint, host:port (127.0.0.1:PORT or
//                  cvm.ecsd.test:PORT)
//   ECSD_VPC_ENDPOINT  the VPC endpoint, host:port
//   ECSD_SECRET_ID, ECSD_SECRET_KEY  the key to sign with
//
// Host names under ecsd.test resolve to 127.0.0.1 through the agent's
// lookup, since no resolver knows them. It prints one JSON object: what
// each call answered, or the code of the error it raised.
"use strict";
const http = require("http");
const dns = require("dns");
const { cvm } = require("tencentcloud-sdk-nodejs-cvm");
const { CommonClient } = require("tencentcloud-sdk-nodejs-common");

const agent = new http.Agent({
  lookup: (hostname, options, cb) => {
    if (hostname.endsWith(".ecsd.test")) {
      if (options && options.all) return cb(null, [{ address: "127.0.0.1", family: 4 }]);
      return cb(null, "127.0.0.1", 4);
    }
    return dns.lookup(hostname, options, cb);
  },
});

function config(endpoint, secretKey) {
  return {
    credential: { secretId: process.env.ECSD_SECRET_ID, secretKey: secretKey || process.env.ECSD_SECRET_KEY },
    region: "ap-guangzhou",
    profile: { httpProfile: { endpoint, protocol: "http://", agent } },
  };
}

async function attempt(f) {
  try {
    return { ok: await f() };
  } catch (e) {
    return { code: e.code || "", message: e.message, requestId: e.requestId || "" };
  }
}

async function main() {
  const endpoint = process.env.ECSD_ENDPOINT;
  const client = new cvm.v20170312.Client(config(endpoint));
  const out = {};
  out.run = await attempt(() =>
    client.RunInstances({
      Placement: { Zone: "ap-guangzhou-3" },
      ImageId: "img-eb30mz89",
      InstanceType: "S5.MEDIUM4",
      InstanceCount: 2,
      InstanceName: "node",
    })
  );
  const ids = (out.run.ok && out.run.ok.InstanceIdSet) || [];
  out.status = await attempt(() => client.DescribeInstancesStatus({ InstanceIds: ids }));
  out.describe = await attempt(() => client.DescribeInstances({ InstanceIds: ids.slice(0, 1) }));
  out.wrongSecret = await attempt(() =>
    new cvm.v20170312.Client(config(endpoint, "wrong")).DescribeInstancesStatus({})
  );
  const vpc = new CommonClient(process.env.ECSD_VPC_ENDPOINT, "2017-03-12", config(process.env.ECSD_VPC_ENDPOINT));
  out.createVpc = await attempt(() => vpc.request("CreateVpc", { VpcName: "node", CidrBlock: "10.8.0.0/16" }));
  const vpcId = out.createVpc.ok && out.createVpc.ok.Vpc && out.createVpc.ok.Vpc.VpcId;
  out.describeVpcs = await attempt(() => vpc.request("DescribeVpcs", { VpcIds: [vpcId || "vpc-00000000"] }));
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e));
  process.exit(1);
});
