import { strict as assert } from "node:assert";
import fc from "fast-check";
import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner";
import { BasicCredentials } from "@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials";
import {
  canonicalRequest,
  encodeRfc3986,
  formatSdkDate,
  signRequest,
  verifySignature,
  parseAuthorizationHeader,
} from "../../../../provider/dcs/signing";
import { validatePathId } from "../../../../provider/settings/validatePathId";

// The official SDK is the oracle (FACTS.md §3): same request, same date → same Authorization header.
const ENDPOINT = "https://dcs.cn-north-4.myhuaweicloud.com";
const DATE = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
const AK = "HPUAEXAMPLEAK0000000";
const SK = "exampleSecretKey0000000000000000000000000";
const TOKEN = "gQpjbi1ub3J0aC00example-security-token";

interface OracleCase {
  readonly projectId: string;
  readonly taskId: string;
  readonly securityToken?: string;
}

/** Signs through the SDK's own credential path, as its generated clients do. */
async function oracleAuthorization(c: OracleCase): Promise<string> {
  const credential = new BasicCredentials({ ak: AK, sk: SK, projectId: c.projectId, ...(c.securityToken ? { securityToken: c.securityToken } : {}) });
  const request: Record<string, unknown> = {
    endpoint: ENDPOINT,
    // HcClient substitutes ordinary path params raw; the credential encodes project_id itself.
    url: `/v2/{project_id}/migration-task/${c.taskId}/stats`,
    method: "GET",
    headers: { "X-Sdk-Date": formatSdkDate(DATE) },
    queryParams: {},
  };
  const signed = (await credential.processAuthRequest(undefined as never, request as never)) as { headers: Record<string, string> };
  const auth = signed.headers["Authorization"];
  assert.ok(auth, "the SDK produced no Authorization header");
  return auth;
}

function ourAuthorization(c: OracleCase): string {
  const url = new URL(`${ENDPOINT}/v2/${encodeRfc3986(c.projectId)}/migration-task/${encodeRfc3986(c.taskId)}/stats`);
  const { headers } = signRequest({
    method: "GET",
    url,
    headers: { "X-Project-Id": c.projectId },
    accessKey: AK,
    secretKey: SK,
    securityToken: c.securityToken,
    date: DATE,
  });
  const auth = headers["Authorization"];
  assert.ok(auth);
  return auth;
}

describe("signRequest agrees with the official AKSKSigner", () => {
  const cases: Array<[string, OracleCase]> = [
    ["a plain task id", { projectId: "0a1b2c3d4e5f60718293a4b5c6d7e8f9", taskId: "f4e5c7b0-1a2b-4c3d-9e8f-0123456789ab" }],
    ["with a security token", { projectId: "0a1b2c3d4e5f60718293a4b5c6d7e8f9", taskId: "task-1", securityToken: TOKEN }],
    ["an id with !()* that encodeURIComponent would leave raw", { projectId: "p1", taskId: "a!b(c)d*e" }],
    ["an id with unreserved punctuation -_.~", { projectId: "p-1_x.y~z", taskId: "t-1_2.3~4" }],
    ["a unicode id", { projectId: "p1", taskId: "迁移任务-é" }],
    ["an id outside the BMP", { projectId: "p1", taskId: "task😀" }],
    ["unicode with a security token", { projectId: "p1", taskId: "ü", securityToken: TOKEN }],
  ];
  for (const [name, c] of cases) {
    it(`produces the same Authorization header for ${name}`, async () => {
      assert.equal(ourAuthorization(c), await oracleAuthorization(c));
    });
  }

  it("signs host, x-project-id, x-sdk-date and x-security-token like the SDK", async () => {
    const c = { projectId: "p1", taskId: "t1", securityToken: TOKEN };
    const ours = parseAuthorizationHeader(ourAuthorization(c));
    const theirs = parseAuthorizationHeader(await oracleAuthorization(c));
    assert.deepEqual(ours?.signedHeaders, ["host", "x-project-id", "x-sdk-date", "x-security-token"]);
    assert.deepEqual(ours, theirs);
  });

  it("produces a different signature for a different secret key", () => {
    const c = { projectId: "p1", taskId: "t1" };
    const a = ourAuthorization(c);
    const { headers } = signRequest({
      method: "GET",
      url: new URL(`${ENDPOINT}/v2/p1/migration-task/t1/stats`),
      headers: { "X-Project-Id": "p1" },
      accessKey: AK,
      secretKey: SK + "x",
      date: DATE,
    });
    assert.notEqual(headers["Authorization"], a);
  });

  it("agrees with AKSKSigner.sign on a query string, a JSON body, content-type and a non-default port", () => {
    const query = { limit: "10", "a b": "c*d'é", offset: "0" };
    const data = { name: "x", n: 1 };
    const headers = { "Content-Type": "application/json", "X-Project-Id": "p1", "X-Sdk-Date": formatSdkDate(DATE) };
    const oracle = AKSKSigner.sign(
      { endpoint: "https://127.0.0.1:8443/v2/p1/things", method: "POST", headers: { ...headers }, queryParams: query, data } as never,
      new BasicCredentials({ ak: AK, sk: SK }) as never,
    ) as Record<string, string>;
    const search = Object.entries(query).map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`).join("&");
    const ours = signRequest({
      method: "POST",
      url: new URL(`https://127.0.0.1:8443/v2/p1/things?${search}`),
      headers: { "Content-Type": "application/json", "X-Project-Id": "p1" },
      body: JSON.stringify(data),
      accessKey: AK,
      secretKey: SK,
      date: DATE,
    });
    assert.equal(ours.headers["Authorization"], oracle["Authorization"]);
    assert.equal(ours.headers["Host"], "127.0.0.1:8443");
  });

  // Where the SDK is not the reference: its legacy `url.parse` escapes `'` (and a few
  // other characters) in the endpoint path before `CanonicalURI` escapes every segment
  // again, so the SDK signs `%2527` for a `'` that goes on the wire as `%27`. The gateway
  // canonicalizes the received path once, which is what we sign. Task ids with `'` are
  // also refused by validation before any request is built, so this never reaches a server.
  it("differs from the SDK only where the SDK double-encodes an apostrophe", async () => {
    const c = { projectId: "p1", taskId: "it's" };
    assert.notEqual(ourAuthorization(c), await oracleAuthorization(c));
    const ours = canonicalRequest({
      method: "GET",
      path: `/v2/p1/migration-task/${encodeRfc3986("it's")}/stats`,
      headers: {},
      signedHeaders: [],
    });
    assert.equal(ours.split("\n")[1], "/v2/p1/migration-task/it%27s/stats/");
  });

  // Same cause for project ids: the SDK inserts project_id with encodeURIComponent, and
  // CanonicalURI escapes the `%` again. Real project ids are hex and never hit this.
  it("differs from the SDK only where the SDK double-encodes a project id encodeURIComponent escaped", async () => {
    const c = { projectId: "p:1", taskId: "t1" };
    assert.notEqual(ourAuthorization(c), await oracleAuthorization(c));
    const ours = canonicalRequest({ method: "GET", path: `/v2/${encodeRfc3986("p:1")}/migration-task/t1/stats`, headers: {}, signedHeaders: [] });
    assert.equal(ours.split("\n")[1], "/v2/p%3A1/migration-task/t1/stats/");
  });
});

describe("encodeRfc3986", () => {
  it("escapes everything but A-Z a-z 0-9 - _ . ~, including !'()* and spaces", () => {
    assert.equal(encodeRfc3986("AZaz09-_.~"), "AZaz09-_.~");
    assert.equal(encodeRfc3986("!'()*"), "%21%27%28%29%2A");
    assert.equal(encodeRfc3986("a b/c?d#e%f+g"), "a%20b%2Fc%3Fd%23e%25f%2Bg");
  });

  it("encodes unicode as UTF-8 bytes with uppercase hex", () => {
    assert.equal(encodeRfc3986("é"), "%C3%A9");
    assert.equal(encodeRfc3986("😀"), "%F0%9F%98%80");
  });

  it("refuses a lone surrogate instead of signing a replacement character", () => {
    assert.throws(() => encodeRfc3986("a\uD800b"), /lone UTF-16 surrogate/);
  });

  it("escapes exactly the bytes the official signer escapes for every ASCII character", () => {
    const urlEncode = (AKSKSigner as unknown as { urlEncode(s: string): string }).urlEncode.bind(AKSKSigner);
    for (let c = 0; c < 128; c++) {
      const s = String.fromCharCode(c);
      assert.equal(encodeRfc3986(s), urlEncode(s), `character code ${c}`);
    }
  });
});

describe("formatSdkDate", () => {
  it("formats UTC as YYYYMMDDTHHMMSSZ", () => {
    assert.equal(formatSdkDate(DATE), "20240102T030405Z");
  });
});

describe("verifySignature", () => {
  const url = new URL(`${ENDPOINT}/v2/p1/migration-task/${encodeRfc3986("a!b")}/stats`);
  const signed = signRequest({ method: "GET", url, headers: { "X-Project-Id": "p1" }, accessKey: AK, secretKey: SK, securityToken: TOKEN, date: DATE });
  const lower = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const base = { method: "GET", path: url.pathname, query: "", headers: lower, secretKeyFor: (ak: string) => (ak === AK ? SK : undefined), now: DATE.getTime() };

  it("accepts a request signed by signRequest and rebuilds the same canonical request", () => {
    const r = verifySignature(base);
    assert.equal(r.ok, true);
    assert.equal(r.canonicalRequest, signed.canonicalRequest);
  });

  it("rejects a wrong secret key with the canonical request it computed", () => {
    const r = verifySignature({ ...base, secretKeyFor: () => SK + "x" });
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.reason, "signature-mismatch");
    assert.equal(r.canonicalRequest, signed.canonicalRequest);
  });

  it("rejects a tampered signed header", () => {
    const r = verifySignature({ ...base, headers: { ...lower, "x-project-id": "p2" } });
    assert.equal(!r.ok && r.reason, "signature-mismatch");
  });

  it("rejects a date more than 15 minutes from server time", () => {
    const r = verifySignature({ ...base, now: DATE.getTime() + 15 * 60_000 + 1000 });
    assert.equal(!r.ok && r.reason, "clock-skew");
    assert.equal(verifySignature({ ...base, now: DATE.getTime() - 14 * 60_000 }).ok, true);
  });

  it("names what is missing: Authorization, unknown access key, X-Sdk-Date", () => {
    const { authorization: _a, ...noAuth } = lower;
    assert.equal((verifySignature({ ...base, headers: noAuth }) as { reason: string }).reason, "missing-authorization");
    assert.equal((verifySignature({ ...base, secretKeyFor: () => undefined }) as { reason: string }).reason, "unknown-access-key");
    const { "x-sdk-date": _d, ...noDate } = lower;
    assert.equal((verifySignature({ ...base, headers: noDate }) as { reason: string }).reason, "missing-date");
    assert.equal(
      (verifySignature({ ...base, headers: { ...lower, authorization: "Bearer x" } }) as { reason: string }).reason,
      "malformed-authorization",
    );
  });

  it("accepts the same path whether the server sees !-style characters raw or escaped", () => {
    const raw = verifySignature({ ...base, path: "/v2/p1/migration-task/a!b/stats" });
    assert.equal(raw.ok, true);
  });
});

describe("signRequest agrees with the official AKSKSigner for any id that passes validation", () => {
  it("matches byte for byte on 300 generated task ids, project ids and security tokens", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: "binary", minLength: 1, maxLength: 40 }).filter(isValidId),
        // The SDK puts project_id into the URL with encodeURIComponent and then escapes the
        // path again, so it double-encodes any project id encodeURIComponent changes. Real
        // project ids are 32 hex digits; the property covers every id it leaves alone.
        fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 32 }).filter((s) => isValidId(s) && encodeURIComponent(s) === s),
        fc.option(fc.string({ unit: "grapheme-ascii", minLength: 8, maxLength: 40 }).filter((s) => s.trim() === s && s !== ""), { nil: undefined }),
        async (taskId, projectId, securityToken) => {
          const c = { taskId, projectId, ...(securityToken === undefined ? {} : { securityToken }) };
          assert.equal(ourAuthorization(c), await oracleAuthorization(c));
        },
      ),
      { numRuns: 300 },
    );
  });
});

function isValidId(s: string): boolean {
  try {
    validatePathId("id", s);
    return true;
  } catch {
    return false;
  }
}
