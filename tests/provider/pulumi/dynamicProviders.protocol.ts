import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../../../emulator";
import { isWireSecret, markSecret } from "../../../provider/pulumi/wireValues";
import { migrationStatsProvider } from "../../../sdk/migrationStats";
import { waitForMigrationProvider } from "../../../sdk/waitForMigration";
import { DIFF, HostCallError, startDynamicProviderHost, type DynamicProviderHost } from "../../support/dynamicProviderHost";
import { startFakeEngine, type FakeEngine } from "../../support/fakeEngine";
import { serializeProvider } from "../../support/serializeProvider";

const WAIT_URN = "urn:pulumi:dev::proto::pulumi-nodejs:dynamic/dcs:WaitForMigration::gate";
const STATS_URN = "urn:pulumi:dev::proto::pulumi-nodejs:dynamic/dcs:MigrationStats::stats";
const REPO_NODE_MODULES = path.resolve(__dirname, "..", "..", "..", "node_modules");
const ARG_SECRET = "argument-secret-key-must-not-leak";

async function hostError(pending: Promise<unknown>): Promise<HostCallError> {
  try {
    await pending;
  } catch (e) {
    if (e instanceof HostCallError) return e;
    throw e;
  }
  throw new Error("Expected the host call to fail");
}

describe("the dynamic providers inside the real @pulumi/pulumi dynamic-provider host", function () {
  this.timeout(60_000);
  let programDir: string;
  let engine: FakeEngine;
  let emulator: EmulatorHandle;
  let host: DynamicProviderHost;
  let waitProvider: string;
  let statsProvider: string;

  before(async () => {
    // A program folder outside the checkout whose node_modules links to the checkout's, like the e2e workspaces.
    programDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "dcs-protocol-"));
    await fs.promises.symlink(REPO_NODE_MODULES, path.join(programDir, "node_modules"), "dir");
    await fs.promises.writeFile(path.join(programDir, "package.json"), '{ "name": "proto", "private": true }\n');
    engine = await startFakeEngine();
    emulator = await startEmulator();
    waitProvider = (await serializeProvider(waitForMigrationProvider)).text;
    statsProvider = (await serializeProvider(migrationStatsProvider)).text;
    host = await startDynamicProviderHost({ cwd: programDir, engineAddress: engine.address });
    // The whole stack config, namespaced, secrets wrapped: what the engine sends a dynamic provider (FACTS.md §4).
    await host.configure({
      "huaweicloud:dcsEndpoint": emulator.url,
      "huaweicloud:projectId": emulator.projectId,
      "huaweicloud:accessKey": emulator.credentials.accessKey,
      "huaweicloud:secretKey": markSecret(emulator.credentials.secretKey),
      "proto:unrelated": "value",
    });
  });

  after(async () => {
    await host?.close();
    await emulator?.close();
    await engine?.close();
    if (programDir !== undefined) await fs.promises.rm(programDir, { recursive: true, force: true });
  });

  const scripted = async (preset: string, extra: Record<string, unknown> = {}) =>
    (await emulator.control.createTask({ kind: "scripted", preset: preset as never, ...extra })).id;

  it("checks inputs: credential arguments come back secret, bad options fail with their name and value", async () => {
    const good = await host.check(WAIT_URN, {}, { __provider: waitProvider, taskId: "task-1", accessKey: "AK", secretKey: ARG_SECRET });
    assert.deepEqual(good.failures, []);
    assert.ok(isWireSecret(good.inputs["secretKey"]));
    assert.equal(good.inputs["__provider"], waitProvider);

    const bad = await host.check(WAIT_URN, {}, { __provider: waitProvider, taskId: "task-1", stallTimeoutSeconds: 0 });
    assert.deepEqual(bad.failures, [
      { property: "stallTimeoutSeconds", reason: "Expected `stallTimeoutSeconds` to be > 0, got 0" },
    ]);
  });

  it("diffs: a new provider version alone is no change, another task replaces", async () => {
    const olds = { __provider: "exports.handler = old;", taskId: "task-1", projectId: emulator.projectId, endpoint: emulator.url, completed: true };
    const same = await host.diff(WAIT_URN, "p/task-1", olds, { __provider: waitProvider, taskId: "task-1" });
    assert.equal(same.changes, DIFF.NONE);
    const moved = await host.diff(WAIT_URN, "p/task-1", olds, { __provider: waitProvider, taskId: "task-2" });
    assert.equal(moved.changes, DIFF.SOME);
    assert.deepEqual(moved.replaces, ["taskId"]);
  });

  it("creates a wait that completes, logs progress against the URN, refreshes, updates without waiting, deletes without a request", async () => {
    const taskId = await scripted("complete");
    const inputs = { __provider: waitProvider, __urn: WAIT_URN, taskId, stableForSeconds: 0 };
    const created = await host.create(WAIT_URN, inputs);
    assert.equal(created.id, `${emulator.projectId}/${taskId}`);
    assert.equal(created.properties["completed"], true);
    assert.equal(created.properties["fullMigrationProgress"], 100);
    assert.equal(created.properties["__provider"], waitProvider);
    assert.ok(engine.logs.some((l) => l.urn === WAIT_URN && /complete after/.test(l.message)), JSON.stringify(engine.logs));

    const beforeRead = (await emulator.control.taskRequests(taskId)).requests;
    const refreshed = await host.read(WAIT_URN, created.id, created.properties);
    assert.equal(refreshed.id, created.id);
    assert.equal(refreshed.properties["completed"], true);
    const before = (await emulator.control.taskRequests(taskId)).requests;
    assert.equal(before, beforeRead + 1, "refresh read the stats again");

    const updated = await host.update(WAIT_URN, created.id, refreshed.properties, { ...inputs, stableForSeconds: 600 });
    assert.equal(updated.properties["completed"], true);
    await host.delete(WAIT_URN, created.id, updated.properties);
    assert.equal((await emulator.control.taskRequests(taskId)).requests, before, "update and delete sent no request");
  });

  it("lets waits on the same task in one provider process share every read (one request per poll, not one per wait)", async () => {
    const taskId = await scripted("complete");
    const inputs = { __provider: waitProvider, taskId, stableForSeconds: 2, pollIntervalSeconds: 0.5, minPollIntervalSeconds: 0.2 };
    const urns = [1, 2, 3, 4, 5].map((i) => `${WAIT_URN}-${i}`);
    const created = await Promise.all(urns.map((urn) => host.create(urn, { ...inputs, __urn: urn })));
    const polls = created.map((c) => Number(c.properties["polls"]));
    const requests = (await emulator.control.taskRequests(taskId)).requests;
    assert.ok(polls.every((p) => p >= 4), `polls per wait: ${polls.join(", ")}`);
    // Unshared, 5 waits would cost the sum of their polls (≥ 20). The creates reach the provider
    // apart, so a later wait may send its own first read (and then, its window having started
    // apart, its own last one); every other read is shared however late a timer fires
    // (oldestSharedRead). Measured: 5 requests for 5 waits of 5 polls.
    const total = polls.reduce((a, b) => a + b, 0);
    assert.ok(requests <= Math.max(...polls) + 2 * (urns.length - 1), `${requests} requests for 5 waits of ${polls.join(", ")} polls (${total} unshared)`);
  });

  it("reports a timeout as a partial failure (id, properties with __provider, reasons) and resumes it on update", async () => {
    // 60 virtual minutes played 1200× faster: the migration takes 3 s of real time.
    const taskId = await scripted("linear", { durationMs: 3_600_000, timeScale: 1200 });
    const inputs = { __provider: waitProvider, __urn: WAIT_URN, taskId, stableForSeconds: 0, timeoutSeconds: 1, pollIntervalSeconds: 0.5, minPollIntervalSeconds: 0.2 };
    const timeout = await hostError(host.create(WAIT_URN, inputs));
    const failure = timeout.initFailure;
    assert.ok(failure !== undefined, `no ErrorResourceInitFailed in: ${timeout.message}`);
    assert.equal(failure.id, `${emulator.projectId}/${taskId}`);
    assert.equal(failure.properties["__provider"], waitProvider);
    assert.equal(failure.properties["completed"], false);
    assert.match(failure.reasons[0] ?? "", /^Timed out after 1s waiting for DCS migration task/);

    const resumed = await host.update(WAIT_URN, failure.id, failure.properties, { ...inputs, timeoutSeconds: 30 });
    assert.equal(resumed.properties["completed"], true);
    assert.equal(resumed.properties["startedAt"], failure.properties["startedAt"]);
    assert.equal(resumed.properties["polls"], (await emulator.control.taskRequests(taskId)).requests);
  });

  it("fails create without an init failure when the task does not exist", async () => {
    const error = await hostError(host.create(WAIT_URN, { __provider: waitProvider, taskId: "no-such-task" }));
    assert.equal(error.initFailure, undefined, "nothing is saved for a task that does not exist");
    assert.match(error.message, /no-such-task/);
  });

  it("records MigrationStats with argument credentials kept secret, and re-reads them on refresh", async () => {
    const taskId = await scripted("linear", { durationMs: 3_600_000, timeScale: 60 });
    const created = await host.create(STATS_URN, {
      __provider: statsProvider,
      taskId,
      accessKey: emulator.credentials.accessKey,
      secretKey: emulator.credentials.secretKey,
    });
    assert.ok(isWireSecret(created.properties["secretKey"]));
    // The engine hands the state back with secrets unwrapped (acceptSecrets is false).
    const state = { ...created.properties, secretKey: emulator.credentials.secretKey };
    await new Promise((r) => setTimeout(r, 50));
    const refreshed = await host.read(STATS_URN, created.id, state);
    assert.ok((refreshed.properties["fullMigrationProgress"] as number) >= (created.properties["fullMigrationProgress"] as number));
    assert.ok(isWireSecret(refreshed.properties["secretKey"]));
  });

  it("never writes a secret to the host's output", () => {
    const output = host.output();
    assert.ok(!output.includes(ARG_SECRET));
    assert.ok(!output.includes(emulator.credentials.secretKey));
  });
});
