import type * as pulumi from "@pulumi/pulumi";
import assert from "node:assert/strict";
import { startEmulator, type EmulatorHandle } from "../../../emulator";
import { createMigrationStatsProvider as typedProvider } from "../../../provider/pulumi/migrationStatsProvider";
import { emulatedProviderContext } from "../../support/emulatedProviderContext";
import { VirtualClock } from "../../support/virtualClock";

/** Untyped, as the engine is: these tests feed inputs and state of any shape, older versions' included. */
const createMigrationStatsProvider = (...args: Parameters<typeof typedProvider>): pulumi.dynamic.ResourceProvider => typedProvider(...args);

const MINUTE = 60_000;
const PROVIDER = "exports.handler = function () { return {}; };";

describe("MigrationStats provider against the emulator", () => {
  let emulator: EmulatorHandle;
  let clock: VirtualClock;

  beforeEach(async () => {
    clock = new VirtualClock();
    emulator = await startEmulator({ clock });
  });
  afterEach(async () => {
    await emulator.close();
  });

  const task = async (preset: string, durationMs = 10 * MINUTE) =>
    (await emulator.control.createTask({ kind: "scripted", preset: preset as never, durationMs })).id;

  it("reads once on create and again on refresh, following the migration", async () => {
    const taskId = await task("linear");
    const { ctx } = emulatedProviderContext(emulator, clock);
    const provider = createMigrationStatsProvider(ctx);
    const created = await provider.create({ taskId, __provider: PROVIDER });
    const first = (created.outs as Record<string, unknown>)["fullMigrationProgress"] as number;

    clock.advance(5 * MINUTE);
    const refreshed = await provider.read!(created.id, { ...(created.outs as Record<string, unknown>), __provider: PROVIDER });
    assert.ok((refreshed.props["fullMigrationProgress"] as number) > first);
    assert.equal((await emulator.control.taskRequests(taskId)).requests, 2);

    await provider.delete!(created.id, refreshed.props);
    assert.equal((await emulator.control.taskRequests(taskId)).requests, 2, "delete sent no request");
    assert.notEqual((await emulator.control.getTask(taskId)).state, "deleted");
  });

  it("records the task's own status, and on a refused record (403) the stats alone with one log line saying why", async () => {
    const taskId = await task("linear");
    const { ctx, lines } = emulatedProviderContext(emulator, clock);
    const provider = createMigrationStatsProvider(ctx);
    const created = await provider.create({ taskId, __provider: PROVIDER });
    assert.equal((created.outs as Record<string, unknown>)["status"], "FULLMIGRATING");

    await emulator.control.setTaskStatus(taskId, { status: "FAILED", reason: "The source Redis is unreachable." });
    await emulator.control.setFaults(taskId, [{ kind: "status", status: 403, errorCode: "APIGW.0302", errorMsg: "The IAM user is not authorized to access this API.", target: "record" }]);
    const refreshed = await provider.read!(created.id, { ...(created.outs as Record<string, unknown>), __provider: PROVIDER });
    assert.equal(refreshed.props["status"], "", "no status rather than a stale one");
    assert.equal(refreshed.props["isMigrating"], false, "the stats still read");
    assert.equal(lines.length, 1, JSON.stringify(lines));
    assert.match(lines[0]?.message ?? "", /could not read the task's status \(ApiError: APIGW\.0302 .*HTTP 403.*\); the stats were read without it/);
  });
});
