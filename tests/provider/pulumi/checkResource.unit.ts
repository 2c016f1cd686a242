import assert from "node:assert/strict";
import { checkResource } from "../../../provider/pulumi/checkResource";
import { isWireSecret, UNKNOWN_VALUE } from "../../../provider/pulumi/wireValues";
import { VirtualClock } from "../../support/virtualClock";
import { providerHarness } from "../../support/providerHarness";
import { sequenceReader } from "../../support/scriptedStatsReader";

const harness = (config?: Record<string, string>) =>
  providerHarness({ reader: sequenceReader(new VirtualClock(), [{}]), ...(config === undefined ? {} : { config }) }).ctx;

describe("checkResource", () => {
  it("accepts valid inputs and returns credential arguments marked secret", () => {
    const result = checkResource(harness(), { taskId: "task-1", accessKey: "AK", secretKey: "sk-value" }, true);
    assert.equal(result.failures, undefined);
    const inputs = result.inputs as Record<string, unknown>;
    assert.ok(isWireSecret(inputs["secretKey"]));
    assert.equal(inputs["accessKey"], "AK");
  });

  it("names a bad task id and quotes it", () => {
    const result = checkResource(harness(), { taskId: "../other" }, false);
    assert.equal(result.failures?.[0]?.property, "taskId");
    assert.match(result.failures?.[0]?.reason ?? "", /Expected `taskId` to be a DCS id.*"\.\.\/other"/);
  });

  it("names a bad wait option with its value", () => {
    const result = checkResource(harness(), { taskId: "task-1", timeoutSeconds: -1 }, true);
    assert.deepEqual(result.failures, [
      { property: "timeoutSeconds", reason: "Expected `timeoutSeconds` to be > 0, got -1" },
    ]);
  });

  it("never quotes a credential of the wrong type, and keeps its name off the property (the engine would print the value)", () => {
    const result = checkResource(harness(), { taskId: "task-1", secretKey: 12345678 }, false);
    assert.equal(result.failures?.length, 1);
    assert.equal(result.failures?.[0]?.property, "");
    assert.match(result.failures?.[0]?.reason ?? "", /`secretKey` to be a string, got number\.$/);
    assert.ok(!JSON.stringify(result.failures).includes("12345678"));
  });

  it("fails the preview when no credentials are set anywhere, listing where it looked", () => {
    const result = checkResource(harness({ "huaweicloud:projectId": "p", "huaweicloud:region": "cn-north-4" }), { taskId: "task-1" }, true);
    assert.equal(result.failures?.length, 1);
    assert.match(result.failures?.[0]?.reason ?? "", /credentials .*HW_ACCESS_KEY/s);
  });

  it("skips values still unknown in preview instead of failing on them", () => {
    const result = checkResource(harness({}), { taskId: UNKNOWN_VALUE, projectId: UNKNOWN_VALUE, timeoutSeconds: UNKNOWN_VALUE }, true);
    assert.equal(result.failures, undefined);
  });
});
