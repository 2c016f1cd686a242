import type * as pulumi from "@pulumi/pulumi";
import assert from "node:assert/strict";
import { ApiError, TaskNotFoundError } from "../../../provider/dcs/apiErrors";
import { createMigrationStatsProvider as typedProvider } from "../../../provider/pulumi/migrationStatsProvider";
import { isWireSecret } from "../../../provider/pulumi/wireValues";
import { VirtualClock } from "../../support/virtualClock";
import { HARNESS_CONFIG, providerHarness, rejectionOf } from "../../support/providerHarness";
import { sequenceReader } from "../../support/scriptedStatsReader";

/** Untyped, as the engine is: these tests feed inputs and state of any shape, older versions' included. */
const createMigrationStatsProvider = (...args: Parameters<typeof typedProvider>): pulumi.dynamic.ResourceProvider => typedProvider(...args);

const TASK = "7f3c1a2b-0000-4000-8000-000000000001";
const PROVIDER = "exports.handler = function () { return {}; };";

describe("MigrationStats provider", () => {
  it("create reads the stats once and records them with the effective project and endpoint", async () => {
    const clock = new VirtualClock();
    const reader = sequenceReader(clock, [{ fullMigrationProgress: 42.5, sourceDbsize: 200, targetDbsize: 85 }]);
    const { ctx } = providerHarness({ clock, reader });
    const result = await createMigrationStatsProvider(ctx).create({ taskId: TASK, __provider: PROVIDER });
    assert.equal(reader.calls.length, 1);
    const outs = result.outs as Record<string, unknown>;
    assert.equal(result.id, `${HARNESS_CONFIG["huaweicloud:projectId"]}/${TASK}`);
    assert.equal(outs["fullMigrationProgress"], 42.5);
    assert.equal(outs["keyDelta"], 115);
    assert.equal(outs["projectId"], HARNESS_CONFIG["huaweicloud:projectId"]);
    assert.equal(outs["endpoint"], "https://dcs.cn-north-4.myhuaweicloud.com");
    assert.ok(!("secretKey" in outs), "credentials from stack config are not stored");
  });

  it("stores credentials passed as arguments only as secrets, and refresh reads with them", async () => {
    const clock = new VirtualClock();
    const reader = sequenceReader(clock, [{ fullMigrationProgress: 10 }, { fullMigrationProgress: 90 }]);
    const { ctx } = providerHarness({ clock, reader, config: {} });
    const provider = createMigrationStatsProvider(ctx);
    const args = { taskId: TASK, projectId: "p1", region: "cn-north-4", accessKey: "AKARG", secretKey: "arg-secret", securityToken: "tok" };
    const created = await provider.create({ ...args, __provider: PROVIDER });
    const outs = created.outs as Record<string, unknown>;
    assert.ok(isWireSecret(outs["secretKey"]) && isWireSecret(outs["securityToken"]));

    // The host hands `read` the stored outputs with secrets unwrapped (acceptSecrets=false).
    const stored = { ...outs, secretKey: "arg-secret", securityToken: "tok", __provider: PROVIDER };
    const refreshed = await provider.read!(created.id, stored);
    assert.equal(refreshed.props["fullMigrationProgress"], 90);
    assert.ok(isWireSecret(refreshed.props["secretKey"]), "still a secret after refresh");
  });

  it("refresh drops the resource when the task no longer exists", async () => {
    const clock = new VirtualClock();
    const reader = sequenceReader(clock, [new TaskNotFoundError("not found", { status: 400, errorCode: "DCS.4133" })]);
    const { ctx } = providerHarness({ clock, reader });
    const read = await createMigrationStatsProvider(ctx).read!("p/t", { taskId: TASK, projectId: "p", endpoint: "https://dcs.cn-north-4.myhuaweicloud.com" });
    assert.equal(read.id, "");
  });

  it("fails refresh with the client's error for other API errors", async () => {
    const clock = new VirtualClock();
    const reader = sequenceReader(clock, [new ApiError("HTTP 401 APIGW.0301: verify aksk signature fail", { status: 401 })]);
    const { ctx } = providerHarness({ clock, reader });
    const error = await rejectionOf(createMigrationStatsProvider(ctx).read!("p/t", { taskId: TASK }));
    assert.match(error.message, /401/);
  });

  it("update re-reads the stats with the new inputs", async () => {
    const clock = new VirtualClock();
    const reader = sequenceReader(clock, [{ fullMigrationProgress: 10 }, { fullMigrationProgress: 20 }]);
    const { ctx } = providerHarness({ clock, reader });
    const provider = createMigrationStatsProvider(ctx);
    const created = await provider.create({ taskId: TASK });
    const updated = await provider.update!(created.id, created.outs, { taskId: TASK, accessKey: "AK2", secretKey: "s2" });
    assert.equal((updated.outs as Record<string, unknown>)["fullMigrationProgress"], 20);
  });

  it("delete reads nothing", async () => {
    const clock = new VirtualClock();
    const reader = sequenceReader(clock, [{}]);
    const { ctx, readersCreated } = providerHarness({ clock, reader });
    await createMigrationStatsProvider(ctx).delete!("p/t", { taskId: TASK });
    assert.equal(reader.calls.length + readersCreated(), 0);
  });
});
