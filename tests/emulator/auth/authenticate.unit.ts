import { strict as assert } from "node:assert";
import { TemporaryCredentials } from "../../../emulator/auth/temporaryCredentials";
import type { IncomingHttpHeaders } from "node:http";
import { authenticate, type AuthResult, type EmulatorCredentials, type ReceivedRequest } from "../../../emulator/auth/authenticate";
import { VerifiedSignatures } from "../../../emulator/auth/verifiedSignatures";
import { signRequest } from "../../../provider/dcs/signing";
import { officialSignedRequest } from "../../support/officialSigner";

const ENDPOINT = "http://127.0.0.1:18080";
const PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const TASK = "f4e5c7b0-1a2b-4c3d-9e8f-0123456789ab";
const CREDS: EmulatorCredentials = {
  accessKey: "EMULATORTESTAK000001",
  secretKey: "emulatorTestSecretKey0000000000000000001",
  authToken: "MIIemulator-test-token",
};
const TEMP: EmulatorCredentials = { ...CREDS, securityToken: "emulator-test-security-token-0001" };
const MIN = 60_000;

/** What a Node server sees: lowercase header names. */
function received(path: string, headers: Record<string, string>): ReceivedRequest {
  const lower: IncomingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) lower[k.toLowerCase()] = v;
  return { method: "GET", path, query: "", headers: lower };
}

async function official(creds: EmulatorCredentials, extra: Record<string, string> = {}, taskId = TASK): Promise<ReceivedRequest> {
  const { path, headers } = await officialSignedRequest({
    endpoint: ENDPOINT,
    projectId: PROJECT,
    taskId,
    accessKey: creds.accessKey,
    secretKey: creds.secretKey,
    ...(creds.securityToken === undefined ? {} : { securityToken: creds.securityToken }),
    headers: extra,
  });
  return received(path, headers);
}

function ours(creds: EmulatorCredentials, date = new Date()): ReceivedRequest {
  const url = new URL(`${ENDPOINT}/v2/${PROJECT}/migration-task/${TASK}/stats`);
  const { headers } = signRequest({
    method: "GET",
    url,
    headers: { "X-Project-Id": PROJECT },
    accessKey: creds.accessKey,
    secretKey: creds.secretKey,
    securityToken: creds.securityToken,
    date,
  });
  return received(url.pathname, headers);
}

function rejected(result: AuthResult, message: RegExp): void {
  assert.equal(result.ok, false, "expected a rejection");
  if (result.ok) return;
  assert.equal(result.error.status, 401);
  assert.equal(result.error.code, "APIGW.0301");
  assert.match(result.error.msg, message);
}

function withHeader(req: ReceivedRequest, name: string, value: string | undefined): ReceivedRequest {
  const headers = { ...req.headers };
  if (value === undefined) delete headers[name];
  else headers[name] = value;
  return { ...req, headers };
}

describe("authenticate (the gateway's checks)", () => {
  describe("accepts", () => {
    it("a request signed by the official SDK", async () => {
      assert.deepEqual(authenticate(await official(CREDS), CREDS, Date.now()), { ok: true, via: "aksk" });
    });

    it("a request the official SDK signed with a JSON content type", async () => {
      assert.equal(authenticate(await official(CREDS, { "Content-Type": "application/json" }), CREDS, Date.now()).ok, true);
    });

    it("an official request with a non-JSON content type, whose payload the SDK marks UNSIGNED-PAYLOAD", async () => {
      const req = await official(CREDS, { "Content-Type": "text/plain" });
      assert.equal(req.headers["x-sdk-content-sha256"], "UNSIGNED-PAYLOAD");
      assert.equal(authenticate(req, CREDS, Date.now()).ok, true);
    });

    it("temporary credentials signed by the official SDK with their security token", async () => {
      assert.equal(authenticate(await official(TEMP), TEMP, Date.now()).ok, true);
    });

    it("a request signed by the project's own signer", () => {
      assert.equal(authenticate(ours(CREDS), CREDS, Date.now()).ok, true);
    });

    it("an X-Sdk-Date 14 minutes away from server time, either way", () => {
      const now = Date.now();
      assert.equal(authenticate(ours(CREDS, new Date(now - 14 * MIN)), CREDS, now).ok, true);
      assert.equal(authenticate(ours(CREDS, new Date(now + 14 * MIN)), CREDS, now).ok, true);
    });

    it("the configured X-Auth-Token instead of a signature", () => {
      assert.deepEqual(authenticate(received("/x", { "X-Auth-Token": CREDS.authToken }), CREDS, 0), { ok: true, via: "token" });
    });
  });

  describe("rejects with 401 APIGW.0301", () => {
    it("a request with no credentials at all", () => {
      rejected(authenticate(received("/x", {}), CREDS, 0), /neither Authorization nor X-Auth-Token/);
    });

    it("a wrong X-Auth-Token", () => {
      rejected(authenticate(received("/x", { "X-Auth-Token": "MIIwrong" }), CREDS, 0), /token/);
    });

    it("a signature made with another secret key, quoting the server's canonical request with | for newlines", async () => {
      const req = await official({ ...CREDS, secretKey: "someOtherSecretKey000000000000000000000" });
      const result = authenticate(req, CREDS, Date.now());
      rejected(result, /^verify aksk signature fail, canonicalRequest:GET\|\/v2\/0a1b2c3d4e5f60718293a4b5c6d7e8f9\/migration-task\/f4e5c7b0-1a2b-4c3d-9e8f-0123456789ab\/stats\/\|\|/);
      if (!result.ok) assert.doesNotMatch(result.error.msg, /\n/);
    });

    it("a signed request replayed against another task's path", async () => {
      const req = await official(CREDS);
      rejected(authenticate({ ...req, path: req.path.replace(TASK, "another-task") }, CREDS, Date.now()), /another-task\/stats\/\|/);
    });

    it("a signed header changed after signing", async () => {
      const req = await official(CREDS);
      rejected(authenticate(withHeader(req, "x-project-id", "someoneelse"), CREDS, Date.now()), /x-project-id:someoneelse/);
    });

    it("a signed header that is missing from the request", async () => {
      rejected(authenticate(withHeader(await official(CREDS), "x-project-id", undefined), CREDS, Date.now()), /x-project-id.*not present/);
    });

    it("an unknown access key", async () => {
      rejected(authenticate(await official({ ...CREDS, accessKey: "UNKNOWNAK00000000000" }), CREDS, Date.now()), /UNKNOWNAK00000000000 not exist/);
    });

    it("an X-Sdk-Date more than 15 minutes behind or ahead of server time", () => {
      const now = Date.parse("2025-06-01T12:00:00Z");
      // The gateway's wording, with both times (Huawei APIG FAQ "signature expired").
      rejected(authenticate(ours(CREDS, new Date(now - 16 * MIN)), CREDS, now), /^Incorrect IAM authentication information: signature expired, signature time:20250601T114400Z,server time:20250601T120000Z$/);
      rejected(authenticate(ours(CREDS, new Date(now + 16 * MIN)), CREDS, now), /signature expired, signature time:20250601T121600Z,server time:20250601T120000Z/);
      assert.equal(authenticate(ours(CREDS, new Date(now - 14 * MIN)), CREDS, now).ok, true, "14 minutes is within the allowance");
    });

    it("a request signed by the official SDK 16 minutes before server time", async () => {
      rejected(authenticate(await official(CREDS), CREDS, Date.now() + 16 * MIN), /signature expired/);
    });

    it("a missing or malformed X-Sdk-Date", () => {
      rejected(authenticate(withHeader(ours(CREDS), "x-sdk-date", undefined), CREDS, Date.now()), /x-sdk-date header not found/);
      rejected(authenticate(withHeader(ours(CREDS), "x-sdk-date", "2025-01-01T00:00:00Z"), CREDS, Date.now()), /not YYYYMMDDTHHMMSSZ/);
    });

    it("an X-Sdk-Date left out of SignedHeaders", () => {
      const req = ours(CREDS);
      const auth = String(req.headers.authorization).replace(";x-sdk-date", "");
      rejected(authenticate(withHeader(req, "authorization", auth), CREDS, Date.now()), /x-sdk-date is not a signed header/);
    });

    it("an Authorization header in another scheme", () => {
      rejected(authenticate(received("/x", { Authorization: "Bearer abc" }), CREDS, 0), /unsupported Authorization/);
    });

    it("temporary credentials without their security token", async () => {
      rejected(authenticate(await official(CREDS), TEMP, Date.now()), /x-security-token header not found/);
    });

    it("temporary credentials with a wrong security token, without echoing either token", async () => {
      const wrong = "some-other-security-token";
      const result = authenticate(await official({ ...TEMP, securityToken: wrong }), TEMP, Date.now());
      rejected(result, /verify security token fail/);
      if (!result.ok) {
        assert.doesNotMatch(result.error.msg, new RegExp(wrong));
        assert.doesNotMatch(result.error.msg, new RegExp(TEMP.securityToken ?? "-"));
      }
    });

    it("a security token sent with a permanent access key", async () => {
      rejected(authenticate(await official(TEMP), CREDS, Date.now()), /permanent/);
    });

    it("a signature mismatch with temporary credentials, redacting the token in the quoted canonical request", async () => {
      const req = await official({ ...TEMP, secretKey: "someOtherSecretKey000000000000000000000" });
      const result = authenticate(req, TEMP, Date.now());
      rejected(result, /x-security-token:<redacted>\|/);
      if (!result.ok) assert.doesNotMatch(result.error.msg, new RegExp(TEMP.securityToken ?? "-"));
    });
  });

  describe("with remembered verifications", () => {
    it("accepts a repeated request, and still rejects the same signature on another path or header", async () => {
      const verified = new VerifiedSignatures();
      const req = await official(CREDS);
      assert.equal(authenticate(req, CREDS, Date.now(), undefined, verified).ok, true);
      assert.equal(authenticate(req, CREDS, Date.now(), undefined, verified).ok, true);
      rejected(authenticate({ ...req, path: req.path.replace(TASK, "other") }, CREDS, Date.now(), undefined, verified), /verify aksk signature fail/);
      rejected(authenticate(withHeader(req, "x-project-id", "other"), CREDS, Date.now(), undefined, verified), /verify aksk signature fail/);
      rejected(authenticate({ ...req, method: "DELETE" }, CREDS, Date.now(), undefined, verified), /verify aksk signature fail/);
    });

    it("still rejects a remembered request once its X-Sdk-Date is too old", async () => {
      const verified = new VerifiedSignatures();
      const req = await official(CREDS);
      assert.equal(authenticate(req, CREDS, Date.now(), undefined, verified).ok, true);
      rejected(authenticate(req, CREDS, Date.now() + 16 * MIN, undefined, verified), /signature expired/);
    });

    it("still rejects a remembered request whose UNSIGNED-PAYLOAD marker was replaced by a body hash", async () => {
      const verified = new VerifiedSignatures();
      const req = await official(CREDS, { "Content-Type": "text/plain" });
      assert.equal(authenticate(req, CREDS, Date.now(), undefined, verified).ok, true);
      rejected(authenticate(withHeader(req, "x-sdk-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), CREDS, Date.now(), undefined, verified), /verify aksk signature fail/);
    });

    it("stays bounded: a full memory is cleared rather than grown", () => {
      const verified = new VerifiedSignatures(2);
      verified.add("a");
      verified.add("b");
      verified.add("c");
      assert.equal(verified.has("a"), false);
      assert.equal(verified.has("c"), true);
    });
  });

  describe("temporary keys registered by a fake IAM", () => {
    it("accepts them with their security token until they expire, then refuses them as expired, and refuses unknown ones", async () => {
      const store = new TemporaryCredentials();
      const issued = { accessKey: "TMPAK0000000000000001", secretKey: "tmp-secret-key-0001", securityToken: "tmp-security-token-0001" };
      const now = Date.now();
      store.register({ ...issued, expiresAt: now + 60_000 });
      const req = ours({ ...CREDS, ...issued });
      assert.deepEqual(authenticate(req, CREDS, now, undefined, undefined, store), { ok: true, via: "aksk" });
      rejected(authenticate(ours({ ...CREDS, ...issued, securityToken: "another-token-value" }), CREDS, now, undefined, undefined, store), /verify security token fail/);
      rejected(authenticate(req, CREDS, now + 60_000, undefined, undefined, store), /^Incorrect IAM authentication information: calc ak sk signature fail:signature expired$/);
      store.register({ ...issued, expiresAt: now + 120_000 });
      assert.equal(store.expire(issued.accessKey, now), true);
      rejected(authenticate(req, CREDS, now + 1, undefined, undefined, store), /signature expired/);
      rejected(authenticate(req, CREDS, now), /TMPAK0000000000000001 not exist/);
    });
  });
});
