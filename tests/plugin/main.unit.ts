import assert from "node:assert/strict";
import { engineAddressOf } from "../../plugin/main";
import { markSecretKeys, unwrapTopLevelSecrets } from "../../plugin/secretKeys";
import { isWireSecret, markSecret } from "../../provider/wireValues";

describe("the plugin's process arguments", () => {
  it("takes the engine address from the last argument, after the flags the engine puts first", () => {
    assert.equal(engineAddressOf(["127.0.0.1:40123"]), "127.0.0.1:40123");
    assert.equal(engineAddressOf(["--logtostderr", "-v=9", "--tracing", "file:/tmp/t.json", "127.0.0.1:40123"]), "127.0.0.1:40123");
    assert.equal(engineAddressOf(["--logflow"]), undefined);
  });
});

describe("the plugin's secret bookkeeping", () => {
  it("unwraps top-level secrets for the provider core and marks the same keys secret on the way back", () => {
    const { values, secretKeys } = unwrapTopLevelSecrets({ taskId: markSecret("t-1"), region: "cn-north-4" });
    assert.deepEqual(values, { taskId: "t-1", region: "cn-north-4" });
    const outs = markSecretKeys({ taskId: "t-1", region: "cn-north-4", secretKey: markSecret("SK") }, secretKeys);
    assert.ok(isWireSecret(outs["taskId"]));
    assert.equal(outs["region"], "cn-north-4");
    assert.deepEqual(outs["secretKey"], markSecret("SK"), "an already secret value is not wrapped twice");
  });
});
