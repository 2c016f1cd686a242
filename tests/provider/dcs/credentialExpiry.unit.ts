import { strict as assert } from "node:assert";
import { credentialExpired, type ExpiryEvidence } from "../../../provider/dcs/credentialExpiry";

const temporary: ExpiryEvidence = {
  status: 401,
  errorCode: "APIGW.0301",
  errorMsg: "Incorrect IAM authentication information: calc ak sk signature fail:signature expired",
  credentialKind: "aksk",
  hasSecurityToken: true,
  skew: { kind: "measured", skewMs: 800, from: "date-header", gatewaySaidExpired: true },
};

describe("credentialExpired", () => {
  it("recognises the gateway's words for an expired IAM token", () => {
    const token = { ...temporary, credentialKind: "token" as const, hasSecurityToken: false, skew: undefined };
    assert.equal(credentialExpired({ ...token, errorCode: "APIGW.0307", errorMsg: "The token must be updated." }), true);
    assert.equal(credentialExpired({ ...token, errorCode: "APIG.0307", errorMsg: "The token must be updated." }), true);
    assert.equal(credentialExpired({ ...token, errorMsg: "Incorrect IAM authentication information: token expires, expires_at: 2026-12-07T10:00:00Z" }), true);
    assert.equal(credentialExpired({ ...token, errorMsg: "Incorrect IAM authentication information: decrypt token fail" }), false, "a wrong token is not an expired one");
  });

  it("reads 'signature expired' as expired temporary keys only when this machine's clock agrees with the API's", () => {
    assert.equal(credentialExpired(temporary), true);
    assert.equal(credentialExpired({ ...temporary, skew: { kind: "measured", skewMs: 20 * 60_000, from: "gateway", gatewaySaidExpired: true } }), false, "a wrong clock is named instead");
    assert.equal(credentialExpired({ ...temporary, skew: { kind: "unmeasured" } }), false, "no evidence about the clock");
    assert.equal(credentialExpired({ ...temporary, hasSecurityToken: false }), false, "permanent keys do not expire: the clock is wrong");
  });

  it("recognises a security token named expired, and nothing but a 401", () => {
    assert.equal(credentialExpired({ ...temporary, errorMsg: "Incorrect IAM authentication information: the security token has expired", skew: undefined }), true);
    assert.equal(credentialExpired({ ...temporary, status: 403 }), false);
    assert.equal(credentialExpired({ ...temporary, errorMsg: "Incorrect IAM authentication information: verify aksk signature fail" }), false);
  });
});
