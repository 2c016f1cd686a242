import assert from "node:assert/strict";
import { checkPluginConfig, configFromConfigure, coreConfigLookup } from "../../plugin/pluginConfig";
import { resolveSettings } from "../../provider/settings/settings";
import { isWireSecret, markSecret } from "../../provider/pulumi/wireValues";

describe("the provider plugin's configuration", () => {
  it("reads Configure variables keyed dcs-migration:config:<key>, ignoring other packages and unknown keys", () => {
    const config = configFromConfigure(
      new Map([
        ["dcs-migration:config:region", "cn-north-4"],
        ["dcs-migration:config:secretKey", "SK"],
        ["dcs-migration:config:nonsense", "x"],
        ["huaweicloud:config:region", "eu-west-101"],
      ]),
      {},
    );
    assert.deepEqual([...config.entries()], [["region", "cn-north-4"], ["secretKey", "SK"]]);
  });

  it("falls back to Configure args, unwrapping secrets (an explicit provider resource on an engine that sends no variables)", () => {
    const config = configFromConfigure(new Map(), { projectId: "p1", token: markSecret("T"), version: "0.1.0" });
    assert.deepEqual([...config.entries()], [["projectId", "p1"], ["token", "T"]]);
  });

  it("lets the provider core resolve settings from it as dcs-migration:<key>, environment after it", () => {
    const lookup = coreConfigLookup(new Map([["dcsEndpoint", "http://127.0.0.1:1"], ["token", "T"]]));
    const settings = resolveSettings({}, { config: lookup, configNamespace: "dcs-migration", env: { HW_PROJECT_ID: "0123456789abcdef0123456789abcdef", HW_AUTH_TOKEN: "other" } });
    assert.equal(settings.endpoint, "http://127.0.0.1:1");
    assert.equal(settings.sources.credentials, "dcs-migration:token");
    assert.equal(settings.sources.projectId, "HW_PROJECT_ID");
  });

  it("accepts missing settings in CheckConfig (resources or the environment may give them) and marks credentials secret", () => {
    const { inputs, failures } = checkPluginConfig({ accessKey: "AK", secretKey: "SK", securityToken: "ST" });
    assert.deepEqual(failures, []);
    assert.equal(inputs["accessKey"], "AK");
    assert.ok(isWireSecret(inputs["secretKey"]) && isWireSecret(inputs["securityToken"]));
  });

  it("refuses half a key pair in CheckConfig, naming both config keys", () => {
    const { failures } = checkPluginConfig({ accessKey: "AK" });
    assert.equal(failures.length, 1);
    assert.match(failures[0]!.reason, /`dcs-migration:accessKey` is set but stack config `dcs-migration:secretKey` is not/i);
  });

  it("accepts OIDC federation as config, and refuses half of it naming both keys", () => {
    assert.deepEqual(checkPluginConfig({ idpId: "github-actions", idTokenFile: "/run/token", iamEndpoint: "https://iam.myhuaweicloud.com" }).failures, []);
    const { failures } = checkPluginConfig({ idpId: "github-actions" });
    assert.equal(failures.length, 1);
    assert.equal(failures[0]?.property, "idTokenFile");
    assert.match(failures[0]?.reason ?? "", /stack config `dcs-migration:idpId` is set but stack config `dcs-migration:idTokenFile` is not: OIDC federation needs both/i);
  });

  it("refuses a retry budget that is not a whole number, by its key", () => {
    const { failures } = checkPluginConfig({ maxRetries: "-1" });
    assert.equal(failures[0]?.property, "maxRetries");
    assert.match(failures[0]!.reason, /dcs-migration:maxRetries/);
  });

  it("refuses a region that cannot form a host name, by its key", () => {
    const { failures } = checkPluginConfig({ region: "cn north 4" });
    assert.equal(failures[0]?.property, "region");
  });
});
