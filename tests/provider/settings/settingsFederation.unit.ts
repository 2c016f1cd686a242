import { strict as assert } from "node:assert";
import { inspect } from "node:util";
import { resolveSettings } from "../../../provider/settings/settings";
import { configError } from "../../support/configError";

const base = { HW_PROJECT_ID: "p1", HW_REGION_NAME: "cn-north-4" };
const federation = { HUAWEICLOUD_SDK_IDP_ID: "github-actions", HUAWEICLOUD_SDK_ID_TOKEN_FILE: "/run/oidc/token" };

describe("resolveSettings: OIDC federation", () => {
  it("reads Huawei's SDK variables into federated credentials with IAM at https://iam.myhuaweicloud.com", () => {
    const s = resolveSettings({}, { env: { ...base, ...federation } });
    assert.equal(s.credentials.kind, "federated");
    assert.deepEqual(
      { ...s.credentials.federation, names: { ...s.credentials.federation?.names } },
      {
        idpId: "github-actions",
        idTokenFile: "/run/oidc/token",
        iamEndpoint: "https://iam.myhuaweicloud.com",
        names: { idpId: "HUAWEICLOUD_SDK_IDP_ID", idTokenFile: "HUAWEICLOUD_SDK_ID_TOKEN_FILE", iamEndpoint: "the default IAM endpoint" },
        allowInsecureHttp: false,
      },
    );
    assert.equal(s.sources.credentials, "HUAWEICLOUD_SDK_IDP_ID, HUAWEICLOUD_SDK_ID_TOKEN_FILE");
  });

  it("derives IAM from the cloud domain like the DCS endpoint, and takes the override from the variable or stack config", () => {
    assert.equal(resolveSettings({}, { env: { ...base, ...federation, HW_CLOUD: "myhuaweicloud.eu" } }).credentials.federation?.iamEndpoint, "https://iam.myhuaweicloud.eu");
    assert.equal(
      resolveSettings({}, { env: { ...base, ...federation, HUAWEICLOUD_SDK_IAM_ENDPOINT: "https://iam.example.test/" } }).credentials.federation?.iamEndpoint,
      "https://iam.example.test",
    );
    const cfg = resolveSettings({}, { env: { ...base, ...federation }, config: (k) => (k === "huaweicloud:iamEndpoint" ? "https://iam-from-config.example.test" : undefined) });
    assert.equal(cfg.credentials.federation?.iamEndpoint, "https://iam-from-config.example.test");
    assert.equal(cfg.credentials.federation?.names.iamEndpoint, "huaweicloud:iamEndpoint");
    const plain = configError(() => resolveSettings({}, { env: { ...base, ...federation, HUAWEICLOUD_SDK_IAM_ENDPOINT: "http://iam.example.test" } }));
    assert.equal(plain.field, "HUAWEICLOUD_SDK_IAM_ENDPOINT");
  });

  it("prefers keys set at the same level, and federation set at a higher level than the keys", () => {
    const both = resolveSettings({}, { env: { ...base, ...federation, HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK-value-0001" } });
    assert.equal(both.credentials.kind, "aksk");
    const stack = resolveSettings(
      {},
      { env: { ...base, HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK-value-0001" }, config: (k) => ({ "huaweicloud:idpId": "gitlab", "huaweicloud:idTokenFile": "/tmp/t" })[k] },
    );
    assert.equal(stack.credentials.kind, "federated", "stack config wins over the environment");
    const args = resolveSettings({ idpId: "gitlab", idTokenFile: "/tmp/t" }, { env: { ...base, HW_AUTH_TOKEN: "tok-0001" } });
    assert.equal(args.credentials.kind, "federated");
  });

  it("refuses half a federation, naming both settings", () => {
    const e = configError(() => resolveSettings({}, { env: { ...base, HUAWEICLOUD_SDK_IDP_ID: "github-actions" } }));
    assert.equal(e.field, "HUAWEICLOUD_SDK_ID_TOKEN_FILE");
    assert.match(e.message, /^Environment HUAWEICLOUD_SDK_IDP_ID is set but environment HUAWEICLOUD_SDK_ID_TOKEN_FILE is not: OIDC federation needs both/);
    const bad = configError(() => resolveSettings({}, { env: { ...base, ...federation, HUAWEICLOUD_SDK_IDP_ID: "a/../b" } }));
    assert.equal(bad.field, "HUAWEICLOUD_SDK_IDP_ID");
  });

  it("lists federation among the places looked at when no credential is set", () => {
    const e = configError(() => resolveSettings({}, { env: base }));
    assert.match(e.message, /or OIDC federation: an identity provider id \+ an ID token file\): looked at .*environment HUAWEICLOUD_SDK_IDP_ID, environment HUAWEICLOUD_SDK_ID_TOKEN_FILE/);
  });

  it("keeps federated credentials distinct per identity provider and file, and shows no secret (there is none)", () => {
    const a = resolveSettings({}, { env: { ...base, ...federation } }).credentials;
    const b = resolveSettings({}, { env: { ...base, ...federation, HUAWEICLOUD_SDK_ID_TOKEN_FILE: "/other" } }).credentials;
    assert.notEqual(a.identity, b.identity);
    assert.equal(a.identity, resolveSettings({}, { env: { ...base, ...federation } }).credentials.identity);
    assert.match(inspect(a), /"kind":"federated","idpId":"github-actions","idTokenFile":"\/run\/oidc\/token"/);
  });
});
