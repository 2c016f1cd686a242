import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { emulatorEnv, emulatorStackConfig } from "../support/emulatorStackConfig";
import { linkPackageSources } from "../support/linkPackageSources";
import { createPulumiWorkspace, type PulumiWorkspace } from "../support/pulumiWorkspace";
import { describeRun } from "../support/runPulumi";

const EXAMPLES = path.join(__dirname, "..", "..", "examples");

// examples/gated-cutover is type-checked by `npm run lint` but not deployed here: it uses
// @pulumi/random, whose provider plugin would have to be downloaded.
describe("the examples, deployed as their README says (end to end, local backend, emulator)", function () {
  this.timeout(300_000);
  let emulator: EmulatorHandle;
  const workspaces: PulumiWorkspace[] = [];

  before(async () => {
    emulator = await startEmulator();
  });
  after(async () => {
    await Promise.all(workspaces.map((ws) => ws.cleanup()));
    await emulator?.close();
  });

  async function exampleStack(name: string, config: Record<string, string>): Promise<PulumiWorkspace> {
    const base = emulatorStackConfig(emulator);
    const ws = await createPulumiWorkspace({
      programDir: path.join(EXAMPLES, name),
      config: { ...base.config, ...config },
      secretConfig: base.secretConfig,
    });
    workspaces.push(ws);
    await linkPackageSources(ws.programDir);
    return ws;
  }

  async function upAndOutputs(ws: PulumiWorkspace): Promise<Record<string, unknown>> {
    const up = await ws.run(["up", "--yes"]);
    assert.equal(up.code, 0, describeRun(up));
    const out = await ws.run(["stack", "output", "--json"]);
    assert.equal(out.code, 0, describeRun(out));
    return JSON.parse(out.stdout) as Record<string, unknown>;
  }

  it("stats-output exports the live and the recorded stats of a task in progress", async () => {
    // 60 % of the way through a very long linear migration of 40 000 keys, at real speed: 0.01 % a
    // second, so even a `pulumi up` slowed down by a loaded machine sees it within 60–62 %.
    const task = await emulator.control.createTask({
      kind: "scripted",
      id: "e2e-example-stats",
      preset: "linear",
      durationMs: 10_000_000,
      startAtMs: 6_000_000,
      sourceKeys: 40_000,
    });
    const ws = await exampleStack("stats-output", { "stats-output:taskId": task.id });
    const out = await upAndOutputs(ws);

    const live = out["liveStats"] as Record<string, unknown>;
    const recorded = out["recordedStats"] as Record<string, unknown>;
    for (const [label, stats] of [["liveStats", live], ["recordedStats", recorded]] as const) {
      const progress = Number(stats["progress"]);
      assert.ok(progress >= 60 && progress <= 62, `${label}.progress is ${progress}, expected about 60`);
      assert.equal(stats["sourceKeys"], 40_000, label);
      assert.ok(Number(stats["targetKeys"]) > 20_000 && Number(stats["targetKeys"]) < 40_000, `${label}.targetKeys ${stats["targetKeys"]}`);
      assert.equal(stats["isMigrating"], true, label);
    }
    assert.match(String(out["summary"]), /^6[0-2]% — \d+ of 40000 keys on the target$/);
  });

  it("many-tasks waits on three migrations at the same time and cuts over after the last one completes", async () => {
    const tasks = await Promise.all([
      emulator.control.createTask({ kind: "scripted", id: "e2e-many-a", preset: "complete", sourceKeys: 1000 }),
      // 0 → 100 % in 2 s.
      emulator.control.createTask({ kind: "scripted", id: "e2e-many-b", preset: "linear", durationMs: 20_000, timeScale: 10, sourceKeys: 2000 }),
      // 0 → 100 % in 2 s, then 2 000 keys in flight drain over 3 s more.
      emulator.control.createTask({
        kind: "scripted",
        id: "e2e-many-c",
        preset: "linear",
        durationMs: 20_000,
        timeScale: 10,
        sourceKeys: 30_000,
        timeline: { lagKeys: 2000, convergeMs: 30_000 },
      }),
    ]);
    const ws = await exampleStack("many-tasks", {
      "many-tasks:taskIds": JSON.stringify(tasks.map((t) => t.id)),
      "many-tasks:stableForSeconds": "2",
      "many-tasks:pollIntervalSeconds": "1",
      "many-tasks:minPollIntervalSeconds": "0.5",
      "many-tasks:timeoutSeconds": "90",
    });
    const out = await upAndOutputs(ws);

    const waits = out["tasks"] as Array<Record<string, unknown>>;
    assert.deepEqual(
      waits.map((w) => w["taskId"]),
      tasks.map((t) => t.id),
    );
    for (const w of waits) assert.equal(w["sourceKeys"], w["targetKeys"], `task ${w["taskId"]} was not converged`);
    const started = waits.map((w) => Date.parse(String(w["startedAt"])));
    const completed = waits.map((w) => Date.parse(String(w["completedAt"])));
    // Every wait had started before any of them ended: they ran at the same time, not one after another.
    assert.ok(Math.max(...started) < Math.min(...completed), `waits did not overlap: ${JSON.stringify(waits)}`);
    assert.ok(
      Date.parse(String(out["cutoverCreatedAt"])) >= Math.max(...completed),
      `the cut-over (${out["cutoverCreatedAt"]}) came before the last migration completed`,
    );
  });

  /** Runs examples/automation-api/deploy.ts as its README says (ts-node), in a copy of the example. */
  async function runDeploy(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string; ws: PulumiWorkspace }> {
    const ws = await createPulumiWorkspace({ programDir: path.join(EXAMPLES, "automation-api") });
    workspaces.push(ws);
    await linkPackageSources(ws.programDir);
    const child = spawn(process.execPath, ["-r", "ts-node/register", "deploy.ts", ws.stack], {
      cwd: ws.programDir,
      // The driver's environment: the workspace's backend, passphrase and CLI on PATH, the emulator as HW_*.
      env: { ...ws.env, ...emulatorEnv(emulator), TS_NODE_TRANSPILE_ONLY: "true", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    return { code, stdout, stderr, ws };
  }

  async function exportedResources(ws: PulumiWorkspace): Promise<Array<{ type: string; urn: string; outputs?: Record<string, unknown> }>> {
    const exported = await ws.run(["stack", "export"]);
    assert.equal(exported.code, 0, describeRun(exported));
    return (JSON.parse(exported.stdout) as { deployment: { resources?: Array<{ type: string; urn: string; outputs?: Record<string, unknown> }> } }).deployment.resources ?? [];
  }

  it("automation-api: the first `up` targets only the gate and blocks until the migration is complete, the second `up` cuts over", async () => {
    // 0 → 100 % in 2 s.
    const task = await emulator.control.createTask({ kind: "scripted", id: "e2e-automation-ok", preset: "linear", durationMs: 20_000, timeScale: 10, sourceKeys: 4000 });
    const run = await runDeploy({ DCS_TASK_ID: task.id, DCS_STABLE_FOR_SECONDS: "1", DCS_POLL_INTERVAL_SECONDS: "1", DCS_MIN_POLL_INTERVAL_SECONDS: "0.5", DCS_TIMEOUT_SECONDS: "90" });
    assert.equal(run.code, 0, `deploy.ts exited ${run.code}\n${run.stdout}\n${run.stderr}`);
    const stage1 = run.stdout.indexOf("stage 1:");
    const stage2 = run.stdout.indexOf("stage 2:");
    assert.ok(stage1 >= 0 && stage2 > stage1, run.stdout);
    // Stage 1 created the gate and nothing else; stage 2 created the cut-over.
    const stage1Log = run.stdout.slice(stage1, stage2);
    assert.match(stage1Log, /\[gate\].*WaitForMigration\s+migration-gate\s+created/);
    assert.doesNotMatch(stage1Log, /cutover\s+created/);
    assert.match(run.stdout.slice(stage2), /\[cutover\].*cutover\s+created/);

    const resources = await exportedResources(run.ws);
    const gate = resources.find((r) => r.urn.endsWith("::migration-gate"));
    const cutover = resources.find((r) => r.urn.endsWith("::cutover"));
    assert.equal(gate?.outputs?.["completed"], true);
    assert.equal(cutover?.outputs?.["migratedKeys"], 4000);
    assert.ok(
      Date.parse(String(cutover?.outputs?.["createdAt"])) >= Date.parse(String(gate?.outputs?.["completedAt"])),
      `the cut-over (${String(cutover?.outputs?.["createdAt"])}) came before the gate opened (${String(gate?.outputs?.["completedAt"])})`,
    );
    const history = await run.ws.run(["stack", "history", "--json"]);
    assert.equal(history.code, 0, describeRun(history));
    const updates = (JSON.parse(history.stdout) as Array<{ kind: string; result: string }>).filter((u) => u.kind === "update");
    assert.deepEqual(updates.map((u) => u.result), ["succeeded", "succeeded"], history.stdout);
  });

  it("automation-api: a migration that fails ends the first `up`; the driver exits 1 and nothing is cut over", async () => {
    const task = await emulator.control.createTask({ kind: "scripted", id: "e2e-automation-failed", preset: "fail-40", timeScale: 600, sourceKeys: 4000 });
    const run = await runDeploy({ DCS_TASK_ID: task.id, DCS_POLL_INTERVAL_SECONDS: "1", DCS_MIN_POLL_INTERVAL_SECONDS: "0.5", DCS_TIMEOUT_SECONDS: "90" });
    assert.equal(run.code, 1, `deploy.ts exited ${run.code}\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stderr, /stage 1 failed: the migration gate did not open; nothing was cut over/);
    assert.match(run.stdout, new RegExp(`\\[gate\\].*${task.id}`), "the gate's failure message is not in the driver's output");
    assert.doesNotMatch(run.stdout, /stage 2:/);
    const resources = await exportedResources(run.ws);
    assert.equal(resources.find((r) => r.urn.endsWith("::cutover")), undefined, "the cut-over exists");
  });
});
