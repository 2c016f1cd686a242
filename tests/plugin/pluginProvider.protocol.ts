import assert from "node:assert/strict";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { isWireSecret, markSecret, UNKNOWN_VALUE } from "../../provider/wireValues";
import { HostCallError } from "../support/dynamicProviderHost";
import { startFakeEngine, type FakeEngine } from "../support/fakeEngine";
import { startPluginHost, type PluginHost } from "../support/pluginHost";

const WAIT_TYPE = "dcs-migration:index:WaitForMigration";
const STATS_TYPE = "dcs-migration:index:MigrationStats";
const WAIT_URN = `urn:pulumi:dev::proto::${WAIT_TYPE}::gate`;
const STATS_URN = `urn:pulumi:dev::proto::${STATS_TYPE}::stats`;
const ARG_SECRET = "argument-secret-key-must-not-leak";
const DIFF = { UNKNOWN: 0, NONE: 1, SOME: 2 } as const;

async function callError(pending: Promise<unknown>): Promise<HostCallError> {
  try {
    await pending;
  } catch (e) {
    if (e instanceof HostCallError) return e;
    throw e;
  }
  throw new Error("Expected the plugin call to fail");
}

describe("the dcs-migration provider plugin over gRPC", function () {
  this.timeout(60_000);
  let engine: FakeEngine;
  let emulator: EmulatorHandle;
  let plugin: PluginHost;

  before(async () => {
    engine = await startFakeEngine();
    emulator = await startEmulator();
    plugin = await startPluginHost({ engineAddress: engine.address });
    // What the engine sends for stack config `dcs-migration:*` (FACTS.md §7): variables in plain text, args with secrets wrapped.
    await plugin.configure(
      {
        "dcs-migration:config:dcsEndpoint": emulator.url,
        "dcs-migration:config:projectId": emulator.projectId,
        "dcs-migration:config:accessKey": emulator.credentials.accessKey,
        "dcs-migration:config:secretKey": emulator.credentials.secretKey,
        "other:config:unrelated": "value",
      },
      {
        dcsEndpoint: emulator.url,
        projectId: emulator.projectId,
        accessKey: emulator.credentials.accessKey,
        secretKey: markSecret(emulator.credentials.secretKey),
      },
    );
  });

  after(async () => {
    await plugin?.close();
    await emulator?.close();
    await engine?.close();
  });

  const scripted = async (preset: string, extra: Record<string, unknown> = {}) =>
    (await emulator.control.createTask({ kind: "scripted", preset: preset as never, ...extra })).id;
  const totalRequests = async (): Promise<number> => (await emulator.control.requests()).total.requests;

  it("creates a WaitForMigration that completes, with progress lines on the resource and credentials kept out of them", async () => {
    const taskId = await scripted("complete");
    const checked = await plugin.check(WAIT_URN, { taskId, stableForSeconds: 0 });
    assert.deepEqual(checked.failures, []);
    const created = await plugin.create(WAIT_URN, checked.inputs);
    assert.equal(created.id, `${emulator.projectId}/${taskId}`);
    assert.equal(created.properties["completed"], true);
    assert.equal(created.properties["fullMigrationProgress"], 100);
    assert.equal(created.properties["endpoint"], emulator.url);
    assert.ok(engine.logs.some((l) => l.urn === WAIT_URN && /complete after/.test(l.message)), JSON.stringify(engine.logs));
    assert.ok(!JSON.stringify(engine.logs).includes(emulator.credentials.secretKey));
  });
});
