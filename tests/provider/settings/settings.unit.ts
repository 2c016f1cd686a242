import { strict as assert } from "node:assert";
import { inspect } from "node:util";
import { ConfigurationError } from "../../../provider/core/errors";
import { DcsClient } from "../../../provider/dcs/dcsClient";
import { resolveSettings, type ConnectionArgs } from "../../../provider/settings/settings";
import { configError } from "../../support/configError";

const SK = "sk-super-secret-value-0001";
const TOKEN = "security-token-value-0002";
const IAM = "iam-token-value-0003";

const configOf =
  (values: Record<string, string>) =>
  (key: string): string | undefined =>
    values[key];

describe("resolveSettings", () => {
  const fullEnv = { HW_PROJECT_ID: "env-project", HW_REGION_NAME: "cn-north-4", HW_ACCESS_KEY: "ENVAK", HW_SECRET_KEY: SK };

  it("builds https://dcs.{region}.myhuaweicloud.com from the Terraform environment names", () => {
    const s = resolveSettings({}, { env: fullEnv });
    assert.equal(s.endpoint, "https://dcs.cn-north-4.myhuaweicloud.com");
    assert.equal(s.projectId, "env-project");
    assert.equal(s.credentials.accessKey, "ENVAK");
    assert.equal(s.credentials.kind, "aksk");
    assert.equal(s.credentials.accessKey, "ENVAK");
    assert.equal(s.credentials.revealSecretKey(), SK);
    assert.deepEqual(s.sources, { endpoint: "HW_REGION_NAME", projectId: "HW_PROJECT_ID", credentials: "HW_ACCESS_KEY, HW_SECRET_KEY" });
  });

  it("lets explicit arguments win over stack config, and stack config over the environment", () => {
    const config = configOf({
      "huaweicloud:projectId": "cfg-project",
      "huaweicloud:region": "ap-southeast-1",
      "huaweicloud:accessKey": "CFGAK",
      "huaweicloud:secretKey": "cfg-secret",
    });
    const fromConfig = resolveSettings({}, { config, env: fullEnv });
    assert.equal(fromConfig.projectId, "cfg-project");
    assert.equal(fromConfig.endpoint, "https://dcs.ap-southeast-1.myhuaweicloud.com");
    assert.equal(fromConfig.credentials.accessKey, "CFGAK");
    const explicit = resolveSettings({ projectId: "arg-project", region: "eu-west-101", cloud: "myhuaweicloud.eu", accessKey: "ARGAK", secretKey: "arg-secret" }, { config, env: fullEnv });
    assert.equal(explicit.projectId, "arg-project");
    assert.equal(explicit.endpoint, "https://dcs.eu-west-101.myhuaweicloud.eu");
    assert.equal(explicit.credentials.accessKey, "ARGAK");
    assert.equal(explicit.sources.credentials, "accessKey, secretKey");
  });

  it("reads the official SDK's HUAWEICLOUD_SDK_* and the OS_* names", () => {
    const sdk = resolveSettings({}, {
      env: { HUAWEICLOUD_SDK_PROJECT_ID: "p", HW_REGION_NAME: "cn-east-3", HUAWEICLOUD_SDK_AK: "SDKAK", HUAWEICLOUD_SDK_SK: SK, HUAWEICLOUD_SDK_SECURITY_TOKEN: TOKEN },
    });
    assert.equal(sdk.credentials.accessKey, "SDKAK");
    assert.equal(sdk.credentials.revealSecurityToken(), TOKEN);
    const os = resolveSettings({}, { env: { OS_PROJECT_ID: "p", OS_REGION_NAME: "cn-south-1", OS_ACCESS_KEY: "OSAK", OS_SECRET_KEY: SK } });
    assert.equal(os.credentials.accessKey, "OSAK");
    assert.equal(os.endpoint, "https://dcs.cn-south-1.myhuaweicloud.com");
  });

  it("uses HW_CLOUD and the huaweicloud:cloud config for the domain", () => {
    assert.equal(resolveSettings({}, { env: { ...fullEnv, HW_CLOUD: "myhuaweicloud.eu" } }).endpoint, "https://dcs.cn-north-4.myhuaweicloud.eu");
    assert.equal(
      resolveSettings({}, { env: fullEnv, config: configOf({ "huaweicloud:cloud": "example.cloud" }) }).endpoint,
      "https://dcs.cn-north-4.example.cloud",
    );
  });

  it("takes a full endpoint override from the argument, huaweicloud:dcsEndpoint or HW_DCS_ENDPOINT, without needing a region", () => {
    const env = { HW_PROJECT_ID: "p", HW_ACCESS_KEY: "AK", HW_SECRET_KEY: SK };
    assert.equal(resolveSettings({}, { env: { ...env, HW_DCS_ENDPOINT: "https://dcs.internal.example:8443/" } }).endpoint, "https://dcs.internal.example:8443");
    assert.equal(resolveSettings({}, { env, config: configOf({ "huaweicloud:dcsEndpoint": "http://127.0.0.1:18080" }) }).endpoint, "http://127.0.0.1:18080");
    assert.equal(resolveSettings({ endpoint: "http://[::1]:9000" }, { env }).endpoint, "http://[::1]:9000");
  });

  it("uses an IAM token when no key pair is set, from HW_AUTH_TOKEN or huaweicloud:token", () => {
    const s = resolveSettings({}, { env: { HW_PROJECT_ID: "p", HW_REGION_NAME: "cn-north-4", HW_AUTH_TOKEN: IAM } });
    assert.equal(s.credentials.kind, "token");
    assert.equal(s.credentials.revealAuthToken(), IAM);
    const c = resolveSettings({}, { env: { HW_PROJECT_ID: "p", HW_REGION_NAME: "cn-north-4" }, config: configOf({ "huaweicloud:token": IAM }) });
    assert.equal(c.credentials.source, "huaweicloud:token");
  });

  it("never pairs an access key from one place with a secret key from another", () => {
    const e = configError(() => resolveSettings({ accessKey: "ARGAK" }, { env: fullEnv }));
    assert.equal(e.field, "secretKey");
    assert.match(e.message, /argument `accessKey` is set but argument `secretKey` is not/i);
  });

  it("refuses a secret key without an access key, naming both settings", () => {
    const e = configError(() => resolveSettings({}, { env: { HW_PROJECT_ID: "p", HW_REGION_NAME: "r", HW_SECRET_KEY: SK } }));
    assert.equal(e.field, "HW_ACCESS_KEY");
    assert.match(e.message, /environment HW_SECRET_KEY is set but environment HW_ACCESS_KEY is not/i);
    assert.ok(!e.message.includes(SK));
  });

  it("refuses a security token without its key pair", () => {
    const e = configError(() => resolveSettings({}, { env: { HW_PROJECT_ID: "p", HW_REGION_NAME: "r", HW_SECURITY_TOKEN: TOKEN } }));
    assert.match(e.message, /HW_SECURITY_TOKEN is set but/);
    assert.ok(!e.message.includes(TOKEN));
  });

  it("takes the retry budget from huaweicloud:maxRetries, then HW_MAX_RETRIES, and explicit client options win", () => {
    assert.equal(resolveSettings({}, { env: fullEnv }).tunables, undefined);
    const fromEnv = resolveSettings({}, { env: { ...fullEnv, HW_MAX_RETRIES: "7" } });
    assert.deepEqual(fromEnv.tunables, { maxRetries: 7 });
    assert.equal(new DcsClient(fromEnv, { env: {} }).tunables.maxRetries, 7);
    assert.equal(new DcsClient(fromEnv, { env: {}, maxRetries: 1 }).tunables.maxRetries, 1);
    const fromConfig = resolveSettings({}, { env: { ...fullEnv, HW_MAX_RETRIES: "7" }, config: configOf({ "huaweicloud:maxRetries": "0" }) });
    assert.deepEqual(fromConfig.tunables, { maxRetries: 0 });
  });

  it("refuses a retry budget that is not a whole number, naming where it was set", () => {
    const e = configError(() => resolveSettings({}, { env: { ...fullEnv, HW_MAX_RETRIES: "three" } }));
    assert.equal(e.field, "HW_MAX_RETRIES");
    assert.equal(e.message, 'Expected environment HW_MAX_RETRIES to be an integer ≥ 0, got "three".');
  });

  it("lists every place looked at for every missing setting, by name only", () => {
    const e = configError(() => resolveSettings({}, { env: { UNRELATED: SK }, config: () => undefined }));
    for (const name of [
      "argument `projectId`", "stack config `huaweicloud:projectId`", "HW_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID", "OS_PROJECT_ID",
      "argument `region`", "stack config `huaweicloud:region`", "HW_REGION_NAME", "OS_REGION_NAME",
      "argument `endpoint`", "stack config `huaweicloud:dcsEndpoint`", "HW_DCS_ENDPOINT",
      "argument `accessKey`", "argument `secretKey`", "argument `authToken`", "stack config `huaweicloud:accessKey`", "stack config `huaweicloud:secretKey`",
      "stack config `huaweicloud:token`", "HW_ACCESS_KEY", "HW_SECRET_KEY", "HW_AUTH_TOKEN", "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "OS_ACCESS_KEY", "OS_SECRET_KEY",
    ]) {
      assert.ok(e.message.includes(name), `message lacks ${name}:\n${e.message}`);
    }
    assert.equal(e.field, "projectId");
    assert.ok(!e.message.includes(SK));
  });

  it("reports only what is missing when the rest is set", () => {
    const e = configError(() => resolveSettings({}, { env: { HW_REGION_NAME: "cn-north-4", HW_ACCESS_KEY: "AK", HW_SECRET_KEY: SK } }));
    assert.match(e.message, /project id: looked at/);
    assert.doesNotMatch(e.message, /credentials|region/);
  });

  it("treats empty and whitespace-only values as unset and trims pasted newlines", () => {
    const s = resolveSettings({ projectId: "" }, { env: { ...fullEnv, HW_PROJECT_ID: "  env-project\n", HW_ACCESS_KEY: " ENVAK\n" } });
    assert.equal(s.projectId, "env-project");
    assert.equal(s.credentials.accessKey, "ENVAK");
    // HW_ACCESS_KEY is blank, so HW_SECRET_KEY stands alone: refused rather than mixed with the SDK pair.
    assert.throws(() => resolveSettings({}, { env: { ...fullEnv, HW_ACCESS_KEY: " " } }), /HW_SECRET_KEY is set but environment HW_ACCESS_KEY is not/);
  });

  it("refuses plain http to a non-loopback host unless allowInsecureHttp is set", () => {
    const env = { HW_PROJECT_ID: "p", HW_ACCESS_KEY: "AK", HW_SECRET_KEY: SK };
    const e = configError(() => resolveSettings({ endpoint: "http://dcs.example.com" }, { env }));
    assert.equal(e.field, "endpoint");
    assert.match(e.message, /plain http:\/\/ is only used for loopback hosts/);
    assert.equal(resolveSettings({ endpoint: "http://dcs.example.com", allowInsecureHttp: true }, { env }).endpoint, "http://dcs.example.com");
    for (const loopback of ["http://127.0.0.1:1", "http://127.255.0.9", "http://localhost:8080", "http://[::1]:1"]) {
      assert.equal(resolveSettings({ endpoint: loopback }, { env }).endpoint, new URL(loopback).origin);
    }
    assert.throws(() => resolveSettings({ endpoint: "http://128.0.0.1" }, { env }), /loopback/);
    assert.throws(() => resolveSettings({ endpoint: "http://localhost.example.com" }, { env }), /loopback/);
  });

  it("refuses endpoint URLs with a path, query, fragment, credentials or another scheme", () => {
    const env = { HW_PROJECT_ID: "p", HW_ACCESS_KEY: "AK", HW_SECRET_KEY: SK };
    const cases: Array<[string, RegExp]> = [
      ["https://dcs.example.com/v2", /only scheme, host and port/],
      ["https://dcs.example.com?x=1", /only scheme, host and port/],
      ["https://dcs.example.com#frag", /only scheme, host and port/],
      ["https://user:pw@dcs.example.com", /must not carry credentials/],
      ["ftp://dcs.example.com", /https:\/\//],
      ["dcs.example.com", /absolute URL/],
    ];
    for (const [endpoint, pattern] of cases) {
      const e = configError(() => resolveSettings({ endpoint }, { env }));
      assert.match(e.message, pattern, endpoint);
      assert.ok(!e.message.includes(":pw@"), "the URL's password must not be echoed");
    }
  });

  it("refuses a region or cloud that would change the host", () => {
    const env = { HW_PROJECT_ID: "p", HW_ACCESS_KEY: "AK", HW_SECRET_KEY: SK };
    assert.throws(() => resolveSettings({ region: "evil.com/x" }, { env }), /Expected `region` to be a region id like cn-north-4, got "evil.com\/x"/);
    assert.throws(() => resolveSettings({ region: "cn-north-4", cloud: "x@evil.com" }, { env }), /Expected `cloud` to be a domain/);
    assert.throws(() => resolveSettings({}, { env: { ...env, HW_REGION_NAME: "a b" } }), (e: ConfigurationError) => e.field === "HW_REGION_NAME");
  });

  it("refuses a region, cloud or endpoint whose host name DNS could not hold, before any lookup, with a short message", () => {
    const env = { HW_PROJECT_ID: "p", HW_ACCESS_KEY: "AK", HW_SECRET_KEY: SK };
    const long = "a".repeat(1 << 20);
    const region = configError(() => resolveSettings({ region: long }, { env }));
    assert.equal(region.field, "region");
    const cloud = configError(() => resolveSettings({ region: "cn-north-4", cloud: `${"b".repeat(64)}.com` }, { env }));
    assert.equal(cloud.field, "cloud");
    assert.match(cloud.message, /a part of its host name is 64 characters long \(DNS allows 63\)/);
    const total = configError(() => resolveSettings({ region: "cn-north-4", cloud: Array.from({ length: 5 }, () => "c".repeat(60)).join(".") }, { env }));
    assert.match(total.message, /host name is \d+ characters long \(DNS allows 253\)/);
    const endpoint = configError(() => resolveSettings({ endpoint: `https://${"d".repeat(70)}.com` }, { env }));
    assert.equal(endpoint.field, "endpoint");
    assert.match(endpoint.message, /to name a reachable host/);
    const huge = configError(() => resolveSettings({ endpoint: `https://${long}.com` }, { env }));
    assert.match(huge.message, /got 1048588 characters/);
    for (const e of [region, cloud, total, endpoint, huge]) assert.ok(e.message.length < 600, `${e.message.length} characters`);
    assert.equal(resolveSettings({ region: "cn-north-4", cloud: "myhuaweicloud.eu" }, { env }).endpoint, "https://dcs.cn-north-4.myhuaweicloud.eu");
  });

  it("refuses an endpoint with a line break, tab or space inside instead of letting the URL parser drop it", () => {
    const env = { HW_PROJECT_ID: "p", HW_ACCESS_KEY: "AK", HW_SECRET_KEY: SK };
    for (const [endpoint, cp] of [["http://127.0.\n0.1:8080", "U+000A"], ["https://dcs.cn-\tnorth-4.myhuaweicloud.com", "U+0009"], ["https://dcs example.com", "U+0020"]] as const) {
      const e = configError(() => resolveSettings({ endpoint }, { env }));
      assert.equal(e.field, "endpoint");
      assert.ok(e.message.includes(`${cp} at position`), e.message);
    }
  });

  it("refuses header-borne credentials with control characters, non-ASCII or absurd length, naming the setting and never the value", () => {
    const base = { HW_PROJECT_ID: "p", HW_REGION_NAME: "cn-north-4" };
    const cases: Array<[ConnectionArgs, Record<string, string>, string, RegExp]> = [
      [{ accessKey: "AK\r\nX-Injected: 1", secretKey: SK }, {}, "accessKey", /Argument `accessKey` is not a usable access key: it contains a control character .*U\+000D at position 3/],
      [{ accessKey: "AK,Signature=x", secretKey: SK }, {}, "accessKey", /a comma, which would split the Authorization header/],
      [{ accessKey: "A".repeat(129), secretKey: SK }, {}, "accessKey", /129 characters long, and an access key id is at most 128/],
      [{ accessKey: "AK", secretKey: SK, securityToken: "tok\u0000en" }, {}, "securityToken", /not a usable security token: it contains a control character/],
      [{ accessKey: "AK", secretKey: SK, securityToken: "x".repeat(65_537) }, {}, "securityToken", /at most 65536/],
      [{ authToken: "MIIключ" }, {}, "authToken", /not a usable IAM token: it contains a character outside printable ASCII, which an HTTP header cannot carry: U\+043A at position 4/],
      [{}, { HW_AUTH_TOKEN: "a b" }, "HW_AUTH_TOKEN", /Environment HW_AUTH_TOKEN is not a usable IAM token: it contains a space/],
    ];
    for (const [args, env, field, pattern] of cases) {
      const e = configError(() => resolveSettings(args, { env: { ...base, ...env } }));
      assert.equal(e.field, field, e.message);
      assert.match(e.message, pattern);
      for (const v of [args.accessKey, args.securityToken, args.authToken, env["HW_AUTH_TOKEN"]]) {
        if (v !== undefined && v.length >= 4) assert.ok(!e.message.includes(v), `echoed the value: ${e.message}`);
      }
    }
    const token = "MIIT" + "A".repeat(8000);
    assert.equal(resolveSettings({ authToken: token }, { env: base }).credentials.kind, "token", "a realistic 8 KB IAM token is fine");
  });

  it("refuses a project id that could escape the URL path", () => {
    const e = configError(() => resolveSettings({ projectId: "../other" }, { env: fullEnv }));
    assert.equal(e.field, "projectId");
    assert.match(e.message, /Expected `projectId` to be a DCS id/);
  });

  it("refuses non-string arguments", () => {
    assert.throws(() => resolveSettings({ projectId: 42 } as unknown as ConnectionArgs, { env: fullEnv }), /Expected `projectId` to be a string, got number/);
    assert.throws(() => resolveSettings({ allowInsecureHttp: "yes" } as unknown as ConnectionArgs, { env: fullEnv }), /allowInsecureHttp/);
  });

  it("keeps secrets out of JSON.stringify, util.inspect, spreading and String()", () => {
    const s = resolveSettings({ securityToken: TOKEN, accessKey: "AK", secretKey: SK }, { env: fullEnv });
    const t = resolveSettings({}, { env: { HW_PROJECT_ID: "p", HW_REGION_NAME: "r", HW_AUTH_TOKEN: IAM } });
    for (const text of [
      JSON.stringify(s), inspect(s, { depth: 10, showHidden: true }), JSON.stringify({ ...s.credentials }), String(s.credentials),
      JSON.stringify(t), inspect(t, { depth: 10, showHidden: true }), Object.keys(s.credentials).join(","),
    ]) {
      for (const secret of [SK, TOKEN, IAM]) assert.ok(!text.includes(secret), `leaked in ${text}`);
    }
    assert.match(JSON.stringify(s), /"accessKey":"AK"/);
    assert.match(inspect(s), /\[redacted\]/);
  });

  it("gives equal credentials the same identity and different secrets different ones", () => {
    const a = resolveSettings({}, { env: fullEnv }).credentials;
    const b = resolveSettings({}, { env: fullEnv }).credentials;
    const c = resolveSettings({}, { env: { ...fullEnv, HW_SECRET_KEY: SK + "x" } }).credentials;
    assert.equal(a.identity, b.identity);
    assert.notEqual(a.identity, c.identity);
    assert.ok(!a.identity.includes(SK));
  });
});
