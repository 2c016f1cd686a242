import type * as pulumi from "@pulumi/pulumi";
import assert from "node:assert/strict";
import { startEmulator, type EmulatorHandle } from "../../../emulator";
import { ApiError, TaskNotFoundError } from "../../../provider/dcs/apiErrors";
import { MigrationFailedError, MigrationStalledError } from "../../../provider/waiter/waitErrors";
import { ResourceInitError } from "../../../provider/pulumi/resourceInitError";
import { createWaitForMigrationProvider as typedProvider } from "../../../provider/pulumi/waitForMigrationProvider";
import { emulatedProviderContext } from "../../support/emulatedProviderContext";
import { VirtualClock } from "../../support/virtualClock";
import { rejectionOf } from "../../support/providerHarness";

/** Untyped, as the engine is: these tests feed inputs and state of any shape, older versions' included. */
const createWaitForMigrationProvider = (...args: Parameters<typeof typedProvider>): pulumi.dynamic.ResourceProvider => typedProvider(...args);

const MINUTE = 60_000;
const PROVIDER = "exports.handler = function () { return {}; };";
const URN = "urn:pulumi:dev::demo::pulumi-nodejs:dynamic/dcs:WaitForMigration::gate";

describe("WaitForMigration provider against the emulator", () => {
  let emulator: EmulatorHandle;
  let clock: VirtualClock;

  beforeEach(async () => {
    clock = new VirtualClock();
    emulator = await startEmulator({ clock });
  });
  afterEach(async () => {
    await emulator.close();
  });

  const task = async (preset: string, durationMs = 10 * MINUTE, id?: string) =>
    (await emulator.control.createTask({ kind: "scripted", preset: preset as never, durationMs, ...(id ? { id } : {}) })).id;

  it("waits out a 10-minute migration and records exactly what the API said last", async () => {
    const taskId = await task("linear");
    const { ctx, lines } = emulatedProviderContext(emulator, clock);
    const created = await createWaitForMigrationProvider(ctx).create({ taskId, __provider: PROVIDER, __urn: URN });

    const outs = created.outs as Record<string, unknown>;
    const served = await emulator.control.taskRequests(taskId);
    const now = await emulator.control.getTask(taskId);
    assert.equal(outs["completed"], true);
    assert.equal(outs["polls"], served.requests, "every poll was one request (no hidden retries)");
    assert.equal(outs["fullMigrationProgress"], 100);
    assert.equal(outs["status"], "INCRMIGEATING", "the task's own status, read before the gate opened");
    assert.equal(outs["targetDbsize"], now.stats["target_dbsize"]);
    assert.equal(outs["sourceDbsize"], now.stats["source_dbsize"]);
    assert.ok((outs["waitedSeconds"] as number) >= 10 * 60 + 30, "10 minutes of migration plus the 30 s window");
    assert.ok(lines.length > 0 && lines.every((l) => l.urn === URN));
  });

  it("fails fast, naming the task, its FAILED status with the API's reason, and the last stats, when the migration fails at 40 %", async () => {
    const taskId = await task("fail-40");
    const { ctx } = emulatedProviderContext(emulator, clock);
    const error = await rejectionOf(createWaitForMigrationProvider(ctx).create({ taskId }));
    assert.ok(error instanceof MigrationFailedError, `${error.name}: ${error.message}`);
    // The stats say is_migrating false; the task's record says why (FACTS.md §10).
    assert.match(error.message, new RegExp(`task ${taskId} is FAILED: The migration task failed\\. \\(DCS\\.MIG\\.4001, logged `));
    assert.match(error.message, /40% full migration/);
  });

  it("fails naming TERMINATED when someone stops the task mid-way, the stats then saying is_migrating false", async () => {
    const taskId = (
      await emulator.control.createTask({ kind: "scripted", preset: "linear", durationMs: 10 * MINUTE, timeline: { end: { atMs: 3 * MINUTE, reason: "stopped" } } })
    ).id;
    const { ctx } = emulatedProviderContext(emulator, clock);
    const error = await rejectionOf(createWaitForMigrationProvider(ctx).create({ taskId }));
    assert.ok(error instanceof MigrationFailedError, `${error.name}: ${error.message}`);
    assert.match(error.message, new RegExp(`DCS migration task ${taskId} is TERMINATED \\(it no longer migrates\\) at 30% full migration`));
  });

  it("fails as stalled when progress stops at 63 % for the stall timeout", async () => {
    const taskId = await task("stall-63");
    const { ctx } = emulatedProviderContext(emulator, clock);
    const error = await rejectionOf(createWaitForMigrationProvider(ctx).create({ taskId, stallTimeoutSeconds: 300 }));
    assert.ok(error instanceof MigrationStalledError, `${error.name}: ${error.message}`);
    assert.match(error.message, /63% full migration/);
  });

  it("fails with the task-not-found error for a task the API does not know", async () => {
    const { ctx } = emulatedProviderContext(emulator, clock);
    const error = await rejectionOf(createWaitForMigrationProvider(ctx).create({ taskId: "no-such-task" }));
    assert.ok(error instanceof TaskNotFoundError, `${error.name}: ${error.message}`);
    assert.match(error.message, /no-such-task/);
  });

  it("fails with a clear 401 for a wrong secret key, and the message never holds the key", async () => {
    const taskId = await task("linear");
    const wrong = "definitely-the-wrong-secret-key";
    const { ctx } = emulatedProviderContext(emulator, clock, {
      "huaweicloud:dcsEndpoint": emulator.url,
      "huaweicloud:projectId": emulator.projectId,
      "huaweicloud:accessKey": emulator.credentials.accessKey,
      "huaweicloud:secretKey": wrong,
    });
    const error = await rejectionOf(createWaitForMigrationProvider(ctx).create({ taskId }));
    assert.ok(error instanceof ApiError, `${error.name}: ${error.message}`);
    assert.equal(error.status, 401);
    assert.ok(!error.message.includes(wrong));
    assert.ok(!error.message.includes(emulator.credentials.secretKey));
  });

  it("resumes after a timeout on update without starting over, and the counts match the API's", async () => {
    const taskId = await task("linear", 20 * MINUTE);
    const { ctx } = emulatedProviderContext(emulator, clock);
    const provider = createWaitForMigrationProvider(ctx);
    const inputs = { taskId, timeoutSeconds: 5 * 60, __provider: PROVIDER };
    const timeout = await rejectionOf(provider.create(inputs));
    assert.ok(timeout instanceof ResourceInitError, `${timeout.name}: ${timeout.message}`);
    const progressAtTimeout = timeout.properties["fullMigrationProgress"] as number;
    assert.ok(progressAtTimeout > 0 && progressAtTimeout < 100, `progress ${progressAtTimeout}`);

    // Three more `pulumi up` runs of 5 minutes each; the migration ends during the last.
    let olds = timeout.properties;
    let outs: Record<string, unknown> | undefined;
    for (let attempt = 0; attempt < 5 && outs === undefined; attempt++) {
      try {
        outs = (await provider.update!(timeout.id, olds, inputs)).outs as Record<string, unknown>;
      } catch (e) {
        assert.ok(e instanceof ResourceInitError, String(e));
        assert.ok((e.properties["polls"] as number) > (olds["polls"] as number));
        olds = e.properties;
      }
    }
    assert.ok(outs !== undefined, "the gate never opened");
    const served = await emulator.control.taskRequests(taskId);
    assert.equal(outs["completed"], true);
    assert.equal(outs["polls"], served.requests, "polls add up over all attempts");
    assert.equal(outs["startedAt"], timeout.properties["startedAt"]);
    assert.ok((outs["waitedSeconds"] as number) >= 20 * 60, `waited ${String(outs["waitedSeconds"])} s in total`);
  });
});
