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
});
