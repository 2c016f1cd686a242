import assert from "node:assert/strict";
import { markSecretKeys, unwrapTopLevelSecrets } from "../../plugin/secretKeys";
import { isWireSecret, markSecret } from "../../provider/pulumi/wireValues";

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
