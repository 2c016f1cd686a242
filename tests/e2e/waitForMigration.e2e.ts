import * as assert from "node:assert/strict";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import type { ScriptedTaskRequest } from "../../emulator/tasks/taskRequest";
import { emulatorStackConfig } from "../support/emulatorStackConfig";
import { linkPackageSources } from "../support/linkPackageSources";
import { ScaledClock } from "../support/scaledClock";
import { createPulumiWorkspace, type PulumiWorkspace } from "../support/pulumiWorkspace";
import { describeRun, type PulumiRun } from "../support/runPulumi";
import { exportStack } from "../support/stackState";
import { untilTaskRead } from "../support/untilTaskRead";

const FIXTURE = path.join(__dirname, "fixtures", "gate");
const WAIT_TYPE = "dcs:WaitForMigration";
const RECORDER_TYPE = "dynamic:Resource";

/** Short timings so each scenario takes seconds; every scenario states the ones it relies on. */
const FAST = { stableForSeconds: 2, pollIntervalSeconds: 1, minPollIntervalSeconds: 0.5, timeoutSeconds: 90 } as const;

function output(run: PulumiRun): string {
  return `${run.stdout}\n${run.stderr}`;
}

describe("WaitForMigration under a real `pulumi up` (end to end, local backend, emulator)", function () {
  this.timeout(300_000);
  const clock = new ScaledClock();
  let emulator: EmulatorHandle;
  const workspaces: PulumiWorkspace[] = [];
  let taskCount = 0;

  before(async () => {
    emulator = await startEmulator({ clock });
  });
  afterEach(() => {
    clock.resume();
  });
  after(async () => {
    await Promise.all(workspaces.map((ws) => ws.cleanup()));
    await emulator?.close();
  });

  async function createTask(request: Omit<ScriptedTaskRequest, "kind" | "id">): Promise<string> {
    taskCount += 1;
    const id = `e2e-gate-${taskCount}-${Date.now().toString(36)}`;
    await emulator.control.createTask({ kind: "scripted", id, ...request });
    return id;
  }

  async function gateStack(taskId: string, config: Record<string, unknown> = {}): Promise<PulumiWorkspace> {
    const base = emulatorStackConfig(emulator);
    const settings: Record<string, string> = { ...base.config, "gate:taskId": taskId };
    for (const [key, value] of Object.entries(config)) {
      settings[`gate:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    const ws = await createPulumiWorkspace({ programDir: FIXTURE, config: settings, secretConfig: base.secretConfig });
    workspaces.push(ws);
    await linkPackageSources(ws.programDir);
    return ws;
  }

  async function outputs(ws: PulumiWorkspace): Promise<Record<string, unknown>> {
    const run = await ws.run(["stack", "output", "--json"]);
    assert.equal(run.code, 0, describeRun(run));
    return JSON.parse(run.stdout) as Record<string, unknown>;
  }

  it("holds `pulumi up` until the migration converges, opens within one poll interval plus the stability window, and only then creates the downstream resource", async () => {
    // 20 % → 100 % in 2 s, then 40 keys in flight drain over 1 s (10 000 keys, tolerance 1 key).
    const timeScale = 10;
    const rampMs = 20_000;
    const convergeMs = 10_000;
    clock.pause();
    const taskId = await createTask({
      sourceKeys: 10_000,
      timeline: { startProgress: 20, phases: [{ kind: "ramp", to: 100, durationMs: rampMs, shape: "linear" }], lagKeys: 40, convergeMs },
      timeScale,
    });
    const ws = await gateStack(taskId, { wait: FAST });

    const pending = ws.run(["up", "--yes", "--skip-preview"]);
    // The task stands at 20 % until the wait has read it: the gate cannot open before we resume.
    await untilTaskRead(emulator.control, taskId, pending);
    const resumedAt = clock.resume();
    const up = await pending;
    assert.equal(up.code, 0, describeRun(up));

    const out = await outputs(ws);
    const completedAt = Date.parse(String(out["gateCompletedAt"]));
    const downstreamAt = Date.parse(String(out["downstreamCreatedAt"]));
    const reached100 = resumedAt + rampMs / timeScale;
    const converged = reached100 + convergeMs / timeScale;
    const stableMs = FAST.stableForSeconds * 1000;
    const pollMs = FAST.pollIntervalSeconds * 1000;
    console.log(
      `      gate opened ${completedAt - converged} ms after convergence (bound ${pollMs + stableMs} ms + 1 s), ` +
        `downstream created ${downstreamAt - completedAt} ms after the gate, ${out["gatePolls"]} polls`,
    );
    // Not before the criteria could hold for the whole window…
    assert.ok(
      completedAt >= reached100 + stableMs,
      `the gate opened ${completedAt - reached100} ms after progress reached 100 %, before the ${stableMs} ms window`,
    );
    // …and not later than one poll interval plus the window after convergence (1 s slack for reads and scheduling).
    assert.ok(
      completedAt <= converged + pollMs + stableMs + 1000,
      `the gate opened ${completedAt - converged} ms after the migration converged; expected ≤ ${pollMs + stableMs} ms (+1 s slack)`,
    );
    assert.ok(downstreamAt >= completedAt, `downstream created at ${out["downstreamCreatedAt"]}, before the gate opened at ${out["gateCompletedAt"]}`);
    assert.equal(out["gateCompleted"], true);
    assert.equal(out["gateProgress"], 100);
    assert.equal(out["gateSourceDbsize"], 10_000);
    assert.ok(Math.abs(10_000 - Number(out["gateTargetDbsize"])) <= 1, `target keys ${out["gateTargetDbsize"]}`);
    assert.ok(Number(out["gatePolls"]) >= 2, `only ${out["gatePolls"]} polls: the wait did not block`);
    assert.match(output(up), /dcs task \S+: waiting up to .* for the migration to complete/, `no progress line: ${describeRun(up)}`);
    assert.match(output(up), /dcs task \S+: \d+% full migration, keys/, `no progress line: ${describeRun(up)}`);
  });

  it("previews without waiting: `pulumi preview` returns while the migration stands still, reads the stats once, and records nothing", async () => {
    clock.pause(); // the migration cannot complete while the preview runs
    const taskId = await createTask({ preset: "linear", durationMs: 20_000, timeline: { startProgress: 20 }, timeScale: 10 });
    const ws = await gateStack(taskId, { wait: FAST, readStats: true });

    const preview = await ws.run(["preview"], { timeoutMs: 120_000 });
    assert.equal(preview.code, 0, describeRun(preview));
    assert.match(preview.stdout, /\+\s+pulumi-nodejs:dynamic\/dcs:WaitForMigration gate create/, describeRun(preview));
    assert.match(preview.stdout, /progress\s*:\s*20\b/, `the preview's getMigrationStatsOutput did not show 20 %: ${describeRun(preview)}`);
    assert.doesNotMatch(output(preview), /waiting up to/, "the preview started a wait");
    const reads = await emulator.control.taskRequests(taskId);
    assert.equal(reads.served, 1, `the preview read the task ${reads.served} times; a wait would poll`);
    assert.equal((await emulator.control.getTask(taskId)).stats["full_migration_progress"], 20);
    const state = await exportStack(ws);
    assert.deepEqual(state.resources, [], "a preview must not record resources");
  });

  it("fails `pulumi up` when the migration stops at 40 %, naming the task, its FAILED status and the API's reason, and the last stats, and creates nothing downstream", async () => {
    // fail-40: 0 → 40 % in 0.8 s, then is_migrating false.
    const taskId = await createTask({ preset: "fail-40", durationMs: 20_000, timeScale: 10 });
    const ws = await gateStack(taskId, { wait: FAST });

    const up = await ws.run(["up", "--yes", "--skip-preview"]);
    assert.notEqual(up.code, 0, describeRun(up));
    const text = output(up);
    assert.match(text, new RegExp(`DCS migration task ${taskId} is FAILED: The migration task failed\\.`), describeRun(up));
    assert.match(text, /Last seen: 40% full migration/, describeRun(up));
    const state = await exportStack(ws);
    assert.equal(state.find(RECORDER_TYPE, "downstream"), undefined, "the downstream resource was created");
    assert.equal(state.find(WAIT_TYPE, "gate"), undefined, "a failed migration left a gate in state");
  });

  it("fails after the stall timeout, not the total timeout, when progress stops moving at 63 %", async () => {
    // stall-63: 0 → 63 % in 0.63 s, then nothing moves while is_migrating stays true.
    const taskId = await createTask({ preset: "stall-63", durationMs: 10_000, timeScale: 10 });
    const wait = { ...FAST, stallTimeoutSeconds: 3, timeoutSeconds: 150 };
    const ws = await gateStack(taskId, { wait });

    const started = Date.now();
    const up = await ws.run(["up", "--yes", "--skip-preview"]);
    const tookSeconds = (Date.now() - started) / 1000;
    assert.notEqual(up.code, 0, describeRun(up));
    const text = output(up);
    assert.match(text, new RegExp(`DCS migration task ${taskId} stalled`), describeRun(up));
    assert.match(text, /63% full migration/, describeRun(up));
    assert.doesNotMatch(text, /Timed out/, describeRun(up));
    assert.ok(tookSeconds < wait.timeoutSeconds, `up took ${tookSeconds}s: it waited for the total timeout`);
    assert.equal((await exportStack(ws)).find(RECORDER_TYPE, "downstream"), undefined, "the downstream resource was created");
  });

  it("saves a timed-out wait and resumes it on the next `pulumi up` without replacing the resource", async () => {
    clock.pause(); // stands at 30 % for the whole first up
    const taskId = await createTask({
      timeline: { startProgress: 30, phases: [{ kind: "ramp", to: 100, durationMs: 10_000, shape: "linear" }] },
      timeScale: 10,
    });
    const ws = await gateStack(taskId, { wait: { ...FAST, stableForSeconds: 1, timeoutSeconds: 4 } });

    const first = await ws.run(["up", "--yes", "--skip-preview"]);
    assert.notEqual(first.code, 0, describeRun(first));
    assert.match(output(first), new RegExp(`Timed out after .* waiting for DCS migration task ${taskId}`), describeRun(first));
    const afterTimeout = await exportStack(ws);
    const saved = afterTimeout.get(WAIT_TYPE, "gate");
    assert.equal(saved.outputs?.["completed"], false, "the timed-out gate is not marked incomplete in state");
    assert.equal(saved.outputs?.["fullMigrationProgress"], 30);
    assert.equal(afterTimeout.find(RECORDER_TYPE, "downstream"), undefined, "the downstream resource was created after a timeout");

    clock.resume(); // 30 % → 100 % in 0.7 s
    const second = await ws.run(["up", "--yes", "--skip-preview"]);
    assert.equal(second.code, 0, describeRun(second));
    assert.doesNotMatch(second.stdout, /replace/i, `the gate was replaced: ${describeRun(second)}`);
    assert.match(second.stdout, /~ 1 updated/, describeRun(second));
    assert.match(second.stdout, /\+ 1 created/, describeRun(second));
    const resumed = (await exportStack(ws)).get(WAIT_TYPE, "gate");
    assert.equal(resumed.urn, saved.urn);
    assert.equal(resumed.id, saved.id, "the gate got a new id: it was recreated");
    assert.equal(resumed.outputs?.["completed"], true);
    assert.equal(resumed.outputs?.["startedAt"], saved.outputs?.["startedAt"], "the resumed wait forgot when it started");
    assert.ok(Number(resumed.outputs?.["polls"]) > Number(saved.outputs?.["polls"]), "the polls of the first attempt were not carried over");
    assert.ok(Number(resumed.outputs?.["waitedSeconds"]) > Number(saved.outputs?.["waitedSeconds"]));
  });

  it("fails fast with DCS.4133 when the task does not exist", async () => {
    const missing = "0f1e2d3c-0000-4000-8000-000000000404";
    const ws = await gateStack(missing, { wait: { ...FAST, timeoutSeconds: 150 } });
    const before = (await emulator.control.requests()).total.requests;

    const up = await ws.run(["up", "--yes", "--skip-preview"]);
    assert.notEqual(up.code, 0, describeRun(up));
    const text = output(up);
    assert.match(text, /DCS\.4133/, describeRun(up));
    assert.match(text, /Instance job is not found/, describeRun(up));
    assert.match(text, new RegExp(missing), describeRun(up));
    const made = (await emulator.control.requests()).total.requests - before;
    assert.ok(made >= 1 && made <= 2, `${made} stats requests for a task that does not exist; expected one (no polling, no retries)`);
  });

  it("fails fast with the gateway's 401 APIGW.0301 when the secret key is wrong, without printing it", async () => {
    const taskId = await createTask({ preset: "complete" });
    const wrongSecret = "Wr0ngSecretKeyWr0ngSecretKeyWr0ngSecret00";
    const ws = await gateStack(taskId, { wait: FAST });
    const set = await ws.run(["config", "set", "--secret", "huaweicloud:secretKey", wrongSecret]);
    assert.equal(set.code, 0, describeRun(set));
    const before = (await emulator.control.taskRequests(taskId)).requests;

    const up = await ws.run(["up", "--yes", "--skip-preview"]);
    assert.notEqual(up.code, 0, describeRun(up));
    const text = output(up);
    assert.match(text, /401/, describeRun(up));
    assert.match(text, /APIGW\.0301/, describeRun(up));
    assert.match(text, /verify aksk signature fail/, describeRun(up));
    assert.ok(!text.includes(wrongSecret), "the secret key appears in the up output");
    const made = (await emulator.control.taskRequests(taskId)).requests - before;
    assert.ok(made >= 1 && made <= 2, `${made} requests with bad credentials; expected one (a 401 is not retried)`);
  });
});
