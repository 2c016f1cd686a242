import assert from "node:assert/strict";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { isWireSecret, markSecret, UNKNOWN_VALUE } from "../../provider/pulumi/wireValues";
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

  it("serves its version and the schema: every token, the config keys, and credentials marked secret", async () => {
    const version = await plugin.getPluginInfo();
    assert.equal(version, require("../../package.json").version);
    const schema = await plugin.getSchema();
    assert.equal(schema["name"], "dcs-migration");
    assert.equal(schema["version"], version);
    const resources = schema["resources"] as Record<string, any>;
    assert.deepEqual(Object.keys(resources).sort(), [STATS_TYPE, WAIT_TYPE]);
    assert.deepEqual(Object.keys(schema["functions"] as object), ["dcs-migration:index:getMigrationStats"]);
    assert.equal(resources[WAIT_TYPE].inputProperties.secretKey.secret, true);
    assert.equal(resources[WAIT_TYPE].inputProperties.timeoutSeconds.default, 3600);
    const config = (schema["config"] as any).variables;
    for (const key of ["dcsEndpoint", "projectId", "region", "cloud", "accessKey", "secretKey", "securityToken", "token"]) {
      assert.ok(config[key] !== undefined, `config key ${key}`);
    }
    assert.equal(config.secretKey.secret, true);
  });

  it("refuses bad provider config by its key in CheckConfig, marks credentials secret, and sends no request", async () => {
    const before = await totalRequests();
    const good = await plugin.checkConfig({ dcsEndpoint: emulator.url, accessKey: "AK", secretKey: ARG_SECRET, version: "0.1.0" });
    assert.deepEqual(good.failures, []);
    assert.ok(isWireSecret(good.inputs["secretKey"]));
    assert.equal(good.inputs["version"], "0.1.0");

    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ regoin: "cn-north-4" }, "regoin", /Unknown configuration key `dcs-migration:regoin`/],
      [{ dcsEndpoint: "ftp://example.com" }, "dcsEndpoint", /dcsEndpoint/],
      [{ projectId: "../../etc" }, "projectId", /projectId/],
      [{ accessKey: "AK" }, "secretKey", /dcs-migration:accessKey.*dcs-migration:secretKey|dcs-migration:secretKey/],
      [{ region: 42 }, "region", /Expected `dcs-migration:region` to be a string, got number/],
    ];
    for (const [news, property, reason] of cases) {
      const { failures } = await plugin.checkConfig(news);
      assert.equal(failures.length, 1, `${JSON.stringify(news)} → ${JSON.stringify(failures)}`);
      // Credentials are named in the reason only, so the engine never prints their value next to it.
      assert.equal(failures[0]!.property, property === "secretKey" ? "" : property, JSON.stringify(failures));
      assert.match(failures[0]!.reason, reason);
    }
    const secret = await plugin.checkConfig({ accessKey: "AK", secretKey: ARG_SECRET, securityToken: "line\nbreak-secret-value" });
    assert.equal(secret.failures.length, 1);
    assert.equal(secret.failures[0]!.property, "");
    assert.ok(!secret.failures[0]!.reason.includes("break-secret-value"));
    assert.equal(await totalRequests(), before, "no request was sent");

    const diff = await plugin.diffConfig({ region: "cn-north-4" }, { region: "ap-southeast-1" });
    assert.equal(diff.changes, DIFF.SOME);
    assert.deepEqual(diff.replaces, [], "a new location is judged by each resource's diff, the provider is not replaced");
    assert.equal((await plugin.diffConfig({ region: "cn-north-4" }, { region: "cn-north-4" })).changes, DIFF.NONE);
  });

  it("refuses bad inputs by name in Check before any request, tolerates unknowns in preview, keeps secret inputs secret", async () => {
    const before = await totalRequests();
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ taskId: "../x" }, "taskId", /taskId/],
      [{ taskId: "t-1", stallTimeoutSecond: 5 }, "stallTimeoutSecond", /Unknown argument `stallTimeoutSecond`/],
      [{ taskId: "t-1", stallTimeoutSeconds: 0 }, "stallTimeoutSeconds", /Expected `stallTimeoutSeconds` to be > 0, got 0/],
      [{ taskId: "t-1", region: 7 }, "region", /Expected `region` to be a string/],
      [{ taskId: "t-1", endpoint: "http://dcs.example.com" }, "endpoint", /endpoint/],
    ];
    for (const [news, property, reason] of cases) {
      const { failures } = await plugin.check(WAIT_URN, news);
      assert.ok(failures.length >= 1, JSON.stringify(news));
      assert.equal(failures[0]!.property, property, JSON.stringify(failures));
      assert.match(failures[0]!.reason, reason);
    }
    assert.equal(await totalRequests(), before, "no request was sent");

    const preview = await plugin.check(WAIT_URN, { taskId: UNKNOWN_VALUE, projectId: UNKNOWN_VALUE });
    assert.deepEqual(preview.failures, []);
    const secretTask = await plugin.check(STATS_URN, { taskId: markSecret("t-1"), secretKey: ARG_SECRET, accessKey: "AK" });
    assert.deepEqual(secretTask.failures, []);
    assert.ok(isWireSecret(secretTask.inputs["taskId"]), "a secret input stays secret");
    assert.ok(isWireSecret(secretTask.inputs["secretKey"]), "credentials are always secret");
  });

  it("diffs like the dynamic provider: another task replaces, new timing of a completed wait changes nothing", async () => {
    const olds = { taskId: "task-1", projectId: emulator.projectId, endpoint: emulator.url, completed: true, timeoutSeconds: 60 };
    assert.equal((await plugin.diff(WAIT_URN, "p/task-1", olds, { taskId: "task-1", timeoutSeconds: 600 })).changes, DIFF.NONE);
    const moved = await plugin.diff(WAIT_URN, "p/task-1", olds, { taskId: "task-2" });
    assert.equal(moved.changes, DIFF.SOME);
    assert.deepEqual(moved.replaces, ["taskId"]);
    const notDone = await plugin.diff(WAIT_URN, "p/task-1", { ...olds, completed: false }, { taskId: "task-1", timeoutSeconds: 600 });
    assert.equal(notDone.changes, DIFF.SOME);
    assert.deepEqual(notDone.replaces, []);
  });

  it("ends every wait in progress within 2 s of Cancel as a partial failure with its properties, then resumes one on update with the counts added up", async () => {
    // 30 virtual minutes in real time: the waits cannot finish on their own during the test.
    const taskId = await scripted("linear", { durationMs: 1_800_000 });
    const otherTask = await scripted("linear", { durationMs: 1_800_000 });
    const inputs = { taskId, stableForSeconds: 0, pollIntervalSeconds: 0.5, minPollIntervalSeconds: 0.2 };
    const pending = callError(plugin.create(WAIT_URN, inputs));
    const other = callError(plugin.create(`${WAIT_URN}-other`, { ...inputs, taskId: otherTask }));
    while ((await emulator.control.taskRequests(taskId)).requests < 2) await new Promise((r) => setTimeout(r, 50));
    const cancelledAt = Date.now();
    await plugin.cancel();
    const [error, otherError] = await Promise.all([pending, other]);
    const tookMs = Date.now() - cancelledAt;
    console.log(`      Cancel → both partial failures: ${tookMs} ms`);
    assert.ok(tookMs < 2000, `ended ${tookMs} ms after Cancel`);
    assert.match(otherError.initFailure?.reasons[0] ?? otherError.message, /^Cancelled after/);
    const failure = error.initFailure;
    assert.ok(failure !== undefined, `no ErrorResourceInitFailed in: ${error.message}`);
    assert.equal(failure.id, `${emulator.projectId}/${taskId}`);
    assert.match(failure.reasons[0] ?? "", /^Cancelled after \d+s waiting for DCS migration task .* at \d+(\.\d+)?% full migration.*the next `pulumi up` resumes the wait\.$/);
    assert.equal(failure.properties["completed"], false);
    assert.ok(Number(failure.properties["polls"]) >= 2);
    assert.equal(typeof failure.properties["fullMigrationProgress"], "number");

    // The next `pulumi up`: the engine updates the saved resource; here bounded by customTimeouts.update.
    const firstPolls = Number(failure.properties["polls"]);
    const resumed = await callError(plugin.update(WAIT_URN, failure.id, failure.properties, inputs, 1));
    const again = resumed.initFailure;
    assert.ok(again !== undefined, resumed.message);
    assert.match(again.reasons[0] ?? "", /^Timed out after 1s waiting for DCS migration task .* \(customTimeouts\.update 1s, earlier than timeoutSeconds 3600\)/);
    assert.ok(Number(again.properties["polls"]) > firstPolls, "polls add up over both attempts");
    assert.equal(again.properties["startedAt"], failure.properties["startedAt"], "the first attempt's start is kept");
    assert.ok(Number(again.properties["waitedSeconds"]) > Number(failure.properties["waitedSeconds"]));
    assert.equal(Number(again.properties["polls"]), (await emulator.control.taskRequests(taskId)).requests);
  });

  it("bounds a create by CreateRequest.timeout (customTimeouts), and the next update completes it", async () => {
    // 4 s of real time to 100 %.
    const taskId = await scripted("linear", { durationMs: 4_000 });
    const inputs = { taskId, stableForSeconds: 0, pollIntervalSeconds: 0.5, minPollIntervalSeconds: 0.2 };
    const error = await callError(plugin.create(WAIT_URN, inputs, 1));
    const failure = error.initFailure;
    assert.ok(failure !== undefined, error.message);
    assert.match(failure.reasons[0] ?? "", /customTimeouts\.create 1s, earlier than timeoutSeconds 3600/);
    const done = await plugin.update(WAIT_URN, failure.id, failure.properties, inputs, 60);
    assert.equal(done.properties["completed"], true);
    assert.equal(Number(done.properties["polls"]), (await emulator.control.taskRequests(taskId)).requests);
  });

  it("fails a wait within one poll of the task turning FAILED at 41 %, naming the status and the API's reason", async () => {
    // fail-41 over 20 s of task time at ×5: FAILED 1.6 s after it is created, polled every 0.5 s.
    const taskId = await scripted("fail-41", { durationMs: 20_000, timeScale: 5 });
    const inputs = { taskId, stableForSeconds: 0, pollIntervalSeconds: 0.5, minPollIntervalSeconds: 0.2 };
    const error = await callError(plugin.create(WAIT_URN, inputs));
    assert.equal(error.initFailure, undefined, "a failed migration is not a resumable partial failure");
    assert.match(
      error.message,
      /task \S+ is FAILED: Full migration failed: the source Redis closed the replication connection \(client-output-buffer-limit for replicas exceeded\)\. \(DCS\.MIG\.4001, logged [^)]+\) at 41% full migration, keys 217 800 \/ 531 221/,
    );
    const described = await emulator.control.getTask(taskId);
    assert.equal(described.status, "FAILED");
    assert.ok(engine.logs.some((l) => l.urn === WAIT_URN && /task status FAILED: Full migration failed/.test(l.message)), "the status line reached the engine's log");
    const record = await emulator.control.recordRequests(taskId);
    assert.equal(record.record.requests, 2, "read at the start and when the stats said the task stopped, not on every poll");
  });

  it("records MigrationStats, re-reads them on refresh and on a get by id, and deletes both resources without a request", async () => {
    const taskId = await scripted("linear", { durationMs: 600_000, timeScale: 60 });
    const created = await plugin.create(STATS_URN, { taskId, accessKey: emulator.credentials.accessKey, secretKey: markSecret(emulator.credentials.secretKey) });
    assert.ok(isWireSecret(created.properties["secretKey"]), "credentials are secret outputs");
    assert.equal(typeof created.properties["fullMigrationProgress"], "number");
    assert.equal(created.properties["status"], "FULLMIGRATING", "the task's own status");
    await new Promise((r) => setTimeout(r, 300));
    const inputs = { taskId };
    const refreshed = await plugin.read(STATS_URN, created.id, created.properties, inputs);
    assert.equal(refreshed.id, created.id);
    assert.ok((refreshed.properties["fullMigrationProgress"] as number) > (created.properties["fullMigrationProgress"] as number));
    assert.deepEqual(refreshed.inputs, inputs, "refresh keeps the program's inputs");
    assert.ok(isWireSecret(refreshed.properties["secretKey"]));
    // `get` (or `pulumi import`) with only the id: the task is read from it.
    const got = await plugin.read(STATS_URN, created.id, {});
    assert.equal(got.properties["taskId"], taskId);
    assert.equal(got.properties["projectId"], emulator.projectId);
    assert.equal(typeof got.properties["fullMigrationProgress"], "number");
    const before = (await emulator.control.taskRequests(taskId)).requests;
    await plugin.delete(STATS_URN, created.id, refreshed.properties);
    await plugin.delete(WAIT_URN, created.id, refreshed.properties);
    assert.equal((await emulator.control.taskRequests(taskId)).requests, before, "delete sent no request");
  });

  it("serves getMigrationStats as an invoke, refusing bad arguments by name before any request", async () => {
    const taskId = await scripted("complete");
    const { result, failures } = await plugin.invoke("dcs-migration:index:getMigrationStats", { taskId });
    assert.deepEqual(failures, []);
    assert.equal(result?.["fullMigrationProgress"], 100);
    assert.equal(result?.["taskId"], taskId);
    const withSecretCredential = await plugin.invoke("dcs-migration:index:getMigrationStats", { taskId, secretKey: markSecret(emulator.credentials.secretKey), accessKey: emulator.credentials.accessKey });
    assert.equal(withSecretCredential.result?.["fullMigrationProgress"], 100, "secret credentials leave the stats plain");
    const secretTask = await plugin.invoke("dcs-migration:index:getMigrationStats", { taskId: markSecret(taskId) });
    assert.ok(isWireSecret(secretTask.result?.["taskId"]) && isWireSecret(secretTask.result?.["fullMigrationProgress"]), "a secret task id makes the stats secret");
    const before = await totalRequests();
    const bad = await plugin.invoke("dcs-migration:index:getMigrationStats", { taskId, regoin: "x" });
    assert.equal(bad.failures[0]?.property, "regoin");
    assert.equal(bad.result, undefined);
    assert.equal(await totalRequests(), before);
    const missing = await callError(plugin.invoke("dcs-migration:index:getMigrationStats", { taskId: "no-such-task" }));
    assert.match(missing.message, /DCS\.4133|not found/i);
  });

  it("never writes a credential to its output or the engine's log", () => {
    const everything = plugin.output() + JSON.stringify(engine.logs);
    assert.ok(!everything.includes(ARG_SECRET));
    assert.ok(!everything.includes(emulator.credentials.secretKey));
  });

  it("exits on its own once the engine that started it is gone (a killed `pulumi`)", async () => {
    const ownEngine = await startFakeEngine();
    const orphan = await startPluginHost({ engineAddress: ownEngine.address });
    try {
      const exited = new Promise<number | null>((resolve) => orphan.child.once("exit", (code) => resolve(code)));
      const goneAt = Date.now();
      await ownEngine.close();
      const code = await exited;
      const tookMs = Date.now() - goneAt;
      console.log(`      engine gone → plugin exited: ${tookMs} ms`);
      assert.equal(code, 1);
      assert.ok(tookMs < 10_000, `exited ${tookMs} ms after its engine`);
      assert.match(orphan.output(), /engine at .* is gone/);
    } finally {
      await orphan.close();
    }
  });
});
