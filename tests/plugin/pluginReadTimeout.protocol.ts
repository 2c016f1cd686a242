import assert from "node:assert/strict";
import { HostCallError } from "../support/dynamicProviderHost";
import { startFakeEngine, type FakeEngine } from "../support/fakeEngine";
import { startPluginHost, type PluginHost } from "../support/pluginHost";
import { startScriptedHttpServer, type ScriptedHttpServer } from "../support/scriptedHttpServer";

const WAIT_TYPE = "dcs-migration:index:WaitForMigration";
const STATS_TYPE = "dcs-migration:index:MigrationStats";
const STATS_URN = `urn:pulumi:dev::proto::${STATS_TYPE}::stats`;
const WAIT_URN = `urn:pulumi:dev::proto::${WAIT_TYPE}::gate`;
const PROJECT = "0b5f2c9d7e8f4a1b9c3d5e7f9a1b3c5d";
const TASK = "7f3c1a2b-0000-4000-8000-000000000001";

/** How long a read took and how it ended. */
async function timed(pending: Promise<unknown>): Promise<{ ms: number; error: HostCallError | undefined }> {
  const start = Date.now();
  try {
    await pending;
    return { ms: Date.now() - start, error: undefined };
  } catch (e) {
    if (e instanceof HostCallError) return { ms: Date.now() - start, error: e };
    throw e;
  }
}

describe("the provider plugin's refresh and get against an API that never answers", function () {
  this.timeout(60_000);
  let engine: FakeEngine;
  let api: ScriptedHttpServer;
  let plugin: PluginHost;

  before(async () => {
    engine = await startFakeEngine();
    // Accepts every connection and never answers: a hung gateway.
    api = await startScriptedHttpServer([{ hang: true }]);
    plugin = await startPluginHost({ engineAddress: engine.address });
    await plugin.configure(
      { "dcs-migration:config:dcsEndpoint": api.url, "dcs-migration:config:projectId": PROJECT, "dcs-migration:config:token": "emulator-only-token" },
      { dcsEndpoint: api.url, projectId: PROJECT, token: "emulator-only-token" },
    );
  });

  after(async () => {
    await plugin?.close();
    await api?.close();
    await engine?.close();
  });

  const stored = { taskId: TASK, projectId: PROJECT, endpoint: "", fullMigrationProgress: 30 };

  it("ends a MigrationStats refresh when ReadRequest.timeout (customTimeouts.read) elapses, naming the option", async () => {
    const { ms, error } = await timed(plugin.read(STATS_URN, `${PROJECT}/${TASK}`, stored, { taskId: TASK }, 2));
    assert.ok(error !== undefined, "the refresh failed");
    assert.match(error.message, /customTimeouts\.read 2s elapsed before the DCS API answered the read of task 7f3c1a2b-0000-4000-8000-000000000001/);
    assert.match(error.message, /the state keeps its earlier outputs/);
    // The client alone would try 4 times for 10 s each; the option's 2 s win, with the gRPC round trip on top.
    assert.ok(ms >= 1900 && ms < 6000, `ended after ${ms} ms`);
    assert.ok(api.requests.length >= 1, "the read reached the hung API");
  });

  it("bounds a `get` by id and a WaitForMigration refresh the same way", async () => {
    const got = await timed(plugin.read(STATS_URN, `${PROJECT}/${TASK}`, {}, undefined, 1));
    assert.match(got.error?.message ?? "", /customTimeouts\.read 1s elapsed/);
    assert.ok(got.ms < 5000, `get ended after ${got.ms} ms`);
    const wait = await timed(plugin.read(WAIT_URN, `${PROJECT}/${TASK}`, { ...stored, completed: true, polls: 3 }, { taskId: TASK }, 1));
    assert.match(wait.error?.message ?? "", /customTimeouts\.read 1s elapsed.*WaitForMigration/);
    assert.ok(wait.ms < 5000, `refresh ended after ${wait.ms} ms`);
  });

  it("without customTimeouts.read leaves the read to the client's own limits, and Cancel ends it", async () => {
    const pending = timed(plugin.read(STATS_URN, `${PROJECT}/${TASK}`, stored, { taskId: TASK }, 0));
    const still = await Promise.race([pending.then(() => "settled"), new Promise((r) => setTimeout(() => r("running"), 3000))]);
    assert.equal(still, "running", "no timeout of its own before the client's 10 s per attempt");
    await plugin.cancel();
    const { error } = await pending;
    assert.ok(error !== undefined);
    assert.doesNotMatch(error.message, /customTimeouts/);
  });
});
