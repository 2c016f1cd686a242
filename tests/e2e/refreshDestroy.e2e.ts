import * as assert from "node:assert/strict";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { emulatorStackConfig } from "../support/emulatorStackConfig";
import { linkPackageSources } from "../support/linkPackageSources";
import { ScaledClock } from "../support/scaledClock";
import { createPulumiWorkspace, type PulumiWorkspace } from "../support/pulumiWorkspace";
import { describeRun } from "../support/runPulumi";
import { exportStack } from "../support/stackState";

const FIXTURE = path.join(__dirname, "fixtures", "gate");
const STATS_TYPE = "dcs:MigrationStats";
const WAIT = { stableForSeconds: 1, pollIntervalSeconds: 1, minPollIntervalSeconds: 0.5, timeoutSeconds: 60 };

describe("MigrationStats refresh and destroy under the real CLI (end to end, local backend, emulator)", function () {
  this.timeout(300_000);
  const clock = new ScaledClock();
  let emulator: EmulatorHandle;
  let ws: PulumiWorkspace | undefined;

  before(async () => {
    emulator = await startEmulator({ clock });
  });
  after(async () => {
    clock.resume();
    await ws?.cleanup();
    await emulator?.close();
  });

  it("`pulumi refresh` re-reads MigrationStats, and `pulumi destroy` removes the stack's resources while the migration task is left untouched", async () => {
    clock.pause(); // the task stands at 30 % until resumed
    const taskId = `e2e-refresh-${Date.now().toString(36)}`;
    await emulator.control.createTask({
      kind: "scripted",
      id: taskId,
      sourceKeys: 5000,
      timeline: { startProgress: 30, phases: [{ kind: "ramp", to: 100, durationMs: 10_000, shape: "linear" }] },
      timeScale: 10,
    });
    const base = emulatorStackConfig(emulator);
    ws = await createPulumiWorkspace({
      programDir: FIXTURE,
      config: { ...base.config, "gate:taskId": taskId, "gate:gate": "false", "gate:statsResource": "true", "gate:wait": JSON.stringify(WAIT) },
      secretConfig: base.secretConfig,
    });
    await linkPackageSources(ws.programDir);

    const up = await ws.run(["up", "--yes", "--skip-preview"]);
    assert.equal(up.code, 0, describeRun(up));
    const created = (await exportStack(ws)).get(STATS_TYPE, "stats");
    assert.equal(created.outputs?.["fullMigrationProgress"], 30);

    clock.resume(); // 30 % → 100 % in 0.7 s
    for (let i = 0; i < 100 && (await emulator.control.getTask(taskId)).stats["full_migration_progress"] !== 100; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const refresh = await ws.run(["refresh", "--yes"]);
    assert.equal(refresh.code, 0, describeRun(refresh));
    const refreshed = (await exportStack(ws)).get(STATS_TYPE, "stats");
    assert.equal(refreshed.outputs?.["fullMigrationProgress"], 100, "refresh did not update the stats");
    assert.equal(refreshed.outputs?.["targetDbsize"], 5000);
    assert.ok(
      Date.parse(String(refreshed.outputs?.["observedAt"])) > Date.parse(String(created.outputs?.["observedAt"])),
      "refresh kept the old observation time",
    );
    assert.equal(refreshed.id, created.id);

    // Now the gate too (the task is complete), so destroy has both kinds of resource to remove.
    const setGate = await ws.run(["config", "set", "gate:gate", "true"]);
    assert.equal(setGate.code, 0, describeRun(setGate));
    const gated = await ws.run(["up", "--yes", "--skip-preview"]);
    assert.equal(gated.code, 0, describeRun(gated));
    assert.match(gated.stdout, /\+ 2 created/, describeRun(gated));
    // The refresh's summary says "unchanged" (README, end-to-end tests); the stack outputs follow on this up.
    const outputs = await ws.run(["stack", "output", "--json"]);
    assert.equal(outputs.code, 0, describeRun(outputs));
    assert.equal((JSON.parse(outputs.stdout) as Record<string, unknown>)["statsProgress"], 100, "the stack output kept the pre-refresh stats");

    const before = await emulator.control.getTask(taskId);
    const destroy = await ws.run(["destroy", "--yes"]);
    assert.equal(destroy.code, 0, describeRun(destroy));
    assert.match(destroy.stdout, /- 4 deleted/, describeRun(destroy));
    assert.deepEqual((await exportStack(ws)).resources, [], "the stack still holds resources after destroy");

    const after = await emulator.control.getTask(taskId);
    assert.equal(after.state, "running", "destroy changed the migration task's state");
    assert.equal(after.stats["is_migrating"], true);
    assert.equal(after.counters.requests, before.counters.requests, "destroy called the DCS API");
    assert.deepEqual(after.faults, before.faults);
    assert.ok((await emulator.control.listTasks()).some((t) => t.id === taskId), "the task is gone from the emulator");
  });
});
