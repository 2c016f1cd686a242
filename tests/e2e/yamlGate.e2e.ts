import * as assert from "node:assert/strict";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import type { ScriptedTaskRequest } from "../../emulator/tasks/taskRequest";
import { builtPluginFolder, pluginTarball } from "../support/builtPlugin";
import { ScaledClock } from "../support/scaledClock";
import type { PulumiWorkspace } from "../support/pulumiWorkspace";
import { describeRun, type PulumiRun } from "../support/runPulumi";
import { killProcesses, markedProcesses, type MarkedProcess } from "../support/markedProcesses";
import { fileArtifacts, scanForSecrets, type SecretScanResult } from "../support/secretScan";
import { exportStack, type StackState } from "../support/stackState";
import { untilTaskRead } from "../support/untilTaskRead";
import { createYamlGateStack, YAML_PROGRAMS, type YamlGateTimings } from "../support/yamlGateStack";
import { limiter, resultOf, settle } from "../support/concurrentScenarios";

const GATE_TYPE = "dcs-migration:index:WaitForMigration";
const CUTOVER_TYPE = "dcs-migration:index:MigrationStats";
/** Independent stacks run at once, but not all of them: the machine has 2 cores. */
const CONCURRENT_STACKS = 3;
/** The environment variable that marks a run's processes (see markedProcesses). */
const MARK = "PULUMI_DCS_E2E_RUN";
/** Within this long after `pulumi` is killed, the plugin must be gone (issue 15 §1). */
const PROMISE_MS = 5_000;
/** Longer than two poll intervals: a plugin left running would be seen polling. */
const QUIET_MS = 2_500;

/** The provider plugin's node process (the launcher `exec`s it), among one run's marked processes. */
function pluginProcesses(mark: string): MarkedProcess[] {
  return markedProcesses(MARK, mark).filter((p) => /dist\/plugin\/main\.js/.test(p.command));
}

function output(run: PulumiRun): string {
  return `${run.stdout}\n${run.stderr}`;
}


async function outputsOf(ws: PulumiWorkspace): Promise<Record<string, unknown>> {
  const run = await ws.run(["stack", "output", "--json"]);
  assert.equal(run.code, 0, describeRun(run));
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

function pendingOperations(state: StackState): unknown[] {
  const parsed = JSON.parse(state.text) as { deployment?: { pending_operations?: unknown[] } };
  return parsed.deployment?.pending_operations ?? [];
}

describe("a Pulumi YAML program gated by the dcs-migration plugin (official YAML host, real engine, emulator)", function () {
  this.timeout(420_000);
  const emulators: EmulatorHandle[] = [];
  const workspaces: PulumiWorkspace[] = [];
  let shared: EmulatorHandle;
  let pluginDir: string;
  let taskCount = 0;

  /** An emulator of its own, for a scenario that orders events by holding the task's clock still. */
  async function pausableEmulator(): Promise<{ emulator: EmulatorHandle; clock: ScaledClock }> {
    const clock = new ScaledClock();
    const emulator = await startEmulator({ clock });
    emulators.push(emulator);
    return { emulator, clock };
  }

  async function createTask(emulator: EmulatorHandle, request: Omit<ScriptedTaskRequest, "kind" | "id">): Promise<string> {
    taskCount += 1;
    const id = `e2e-yaml-${taskCount}-${Date.now().toString(36)}`;
    await emulator.control.createTask({ kind: "scripted", id, ...request });
    return id;
  }

  async function stack(
    emulator: EmulatorHandle,
    program: string,
    taskId: string,
    timings: Partial<YamlGateTimings> = {},
    env?: Record<string, string>,
  ): Promise<PulumiWorkspace> {
    const fromPath = program !== YAML_PROGRAMS.installedPlugin;
    const ws = await createYamlGateStack({ emulator, program, pluginDir: fromPath ? pluginDir : undefined, taskId, timings, env });
    workspaces.push(ws);
    return ws;
  }

  const up = (ws: PulumiWorkspace, options: { onSpawn?: (pid: number) => void } = {}): Promise<PulumiRun> =>
    ws.run(["up", "--yes", "--skip-preview"], options);

  // ── the scenarios, each a function of its own stack; started together in `before` ──

  /** 20 % → 100 % in 2 s, then 40 keys in flight drain over 1 s; the clock held until the gate has read the task. */
  async function convergence() {
    const { emulator, clock } = await pausableEmulator();
    const timeScale = 10;
    const rampMs = 20_000;
    const convergeMs = 10_000;
    clock.pause();
    const taskId = await createTask(emulator, {
      sourceKeys: 10_000,
      timeline: { startProgress: 20, phases: [{ kind: "ramp", to: 100, durationMs: rampMs, shape: "linear" }], lagKeys: 40, convergeMs },
      timeScale,
    });
    const ws = await stack(emulator, YAML_PROGRAMS.example, taskId);
    const pending = up(ws);
    // Two reads: the invoke's, then the gate's first — the gate is waiting, the task still at 20 %.
    await untilTaskRead(emulator.control, taskId, pending, { reads: 2 });
    const resumedAt = clock.resume();
    const run = await pending;
    const out = run.code === 0 ? await outputsOf(ws) : {};
    const state = await exportStack(ws);

    const before = (await emulator.control.requests()).total.requests;
    const destroy = await ws.run(["destroy", "--yes"]);
    const destroyRequests = (await emulator.control.requests()).total.requests - before;
    const taskAfterDestroy = await emulator.control.getTask(taskId);

    const secrets = { secretKey: emulator.credentials.secretKey };
    const scan = scanForSecrets(
      [
        ...(await fileArtifacts(path.join(ws.root, "backend"), "backend")),
        ...(await fileArtifacts(ws.programDir, "program")),
        { name: "pulumi stack export", content: state.text },
        { name: "pulumi stack output --json", content: JSON.stringify(out) },
        { name: "pulumi up (stdout)", content: run.stdout },
        { name: "pulumi up (stderr)", content: run.stderr },
        { name: "pulumi destroy", content: output(destroy) },
      ],
      secrets,
      { log: () => undefined },
    );
    return {
      taskId, run, out, state, destroy, destroyRequests, taskAfterDestroy, scan,
      reached100: resumedAt + rampMs / timeScale,
      converged: resumedAt + (rampMs + convergeMs) / timeScale,
    };
  }

  /** A migration at 20 % that needs half an hour: the preview must not wait for it. */
  async function preview() {
    const taskId = await createTask(shared, { preset: "linear", durationMs: 1_800_000, timeline: { startProgress: 20 } });
    const ws = await stack(shared, YAML_PROGRAMS.example, taskId);
    const started = Date.now();
    const run = await ws.run(["preview"], { timeoutMs: 120_000 });
    return { run, tookMs: Date.now() - started, reads: await shared.control.taskRequests(taskId), state: await exportStack(ws) };
  }

  /** The gate is waiting on a running migration when someone stops the task. */
  async function stoppedTask() {
    const taskId = await createTask(shared, { preset: "linear", durationMs: 1_800_000, timeline: { startProgress: 30 } });
    const ws = await stack(shared, YAML_PROGRAMS.gateOnly, taskId);
    const pending = up(ws);
    await untilTaskRead(shared.control, taskId, pending);
    await shared.control.stopTask(taskId);
    const run = await pending;
    return { taskId, run, state: await exportStack(ws) };
  }

  /** On an emulator of its own, whose request counter then holds only this stack's requests. */
  async function missingTask() {
    const emulator = await startEmulator();
    emulators.push(emulator);
    const taskId = "0f1e2d3c-0000-4000-8000-000000000404";
    const ws = await stack(emulator, YAML_PROGRAMS.gateOnly, taskId, { timeoutSeconds: 150 });
    const run = await up(ws);
    return { taskId, run, served: await emulator.control.requests() };
  }

  async function wrongSecretKey() {
    const taskId = await createTask(shared, { preset: "complete" });
    const ws = await stack(shared, YAML_PROGRAMS.gateOnly, taskId);
    const wrongSecret = "Wr0ngSecretKeyWr0ngSecretKeyWr0ngSecret00";
    const set = await ws.run(["config", "set", "--secret", "dcs-migration:secretKey", wrongSecret]);
    assert.equal(set.code, 0, describeRun(set));
    const run = await up(ws);
    return { taskId, run, wrongSecret, counters: await shared.control.taskRequests(taskId) };
  }

  /** stall-63: 0 → 63 % in 0.63 s, then nothing moves while `is_migrating` stays true. */
  async function stall() {
    const taskId = await createTask(shared, { preset: "stall-63", durationMs: 10_000, timeScale: 10 });
    const timings = { stallTimeoutSeconds: 3, timeoutSeconds: 150 };
    const ws = await stack(shared, YAML_PROGRAMS.gateOnly, taskId, timings);
    const started = Date.now();
    const run = await up(ws);
    return { taskId, run, timings, tookSeconds: (Date.now() - started) / 1000, state: await exportStack(ws) };
  }

  /** 30 % standing still for the first `up` (clock held), 30 → 100 % in 0.7 s once resumed. */
  async function timeoutThenResume() {
    const { emulator, clock } = await pausableEmulator();
    clock.pause();
    const taskId = await createTask(emulator, {
      timeline: { startProgress: 30, phases: [{ kind: "ramp", to: 100, durationMs: 7_000, shape: "linear" }] },
      timeScale: 10,
    });
    const ws = await stack(emulator, YAML_PROGRAMS.example, taskId, { stableForSeconds: 1, timeoutSeconds: 3 });
    const first = await up(ws);
    const afterFirst = await exportStack(ws);
    clock.resume();
    const second = await up(ws);
    return { taskId, first, afterFirst, second, afterSecond: await exportStack(ws) };
  }

  /** Ctrl-C (SIGINT to the CLI's process group, as a terminal sends it) while the gate waits. */
  async function interrupted() {
    const { emulator, clock } = await pausableEmulator();
    clock.pause();
    const taskId = await createTask(emulator, {
      timeline: { startProgress: 30, phases: [{ kind: "ramp", to: 100, durationMs: 7_000, shape: "linear" }] },
      timeScale: 10,
    });
    const ws = await stack(emulator, YAML_PROGRAMS.example, taskId, { timeoutSeconds: 600 });
    let cliPid: number | undefined;
    const pending = up(ws, { onSpawn: (pid) => (cliPid = pid) });
    await untilTaskRead(emulator.control, taskId, pending, { reads: 2 });
    if (cliPid === undefined) throw new Error("the CLI's pid is unknown");
    const signalledAt = Date.now();
    process.kill(-cliPid, "SIGINT");
    const first = await pending;
    const endedAfterMs = Date.now() - signalledAt;
    const afterFirst = await exportStack(ws);
    clock.resume();
    const second = await up(ws);
    return { taskId, first, endedAfterMs, afterFirst, second, afterSecond: await exportStack(ws) };
  }

  /** SIGKILL of the CLI alone (the OOM killer, a cancelled CI job) while the plugin's wait polls. */
  async function killedEngine() {
    const taskId = await createTask(shared, { preset: "linear", durationMs: 1_800_000, timeline: { startProgress: 30 } });
    const mark = `yaml-killed-${taskId}`;
    const ws = await stack(shared, YAML_PROGRAMS.gateOnly, taskId, { timeoutSeconds: 600 }, { [MARK]: mark });
    const requests = async (): Promise<number> => (await shared.control.taskRequests(taskId)).requests;
    let cliPid: number | undefined;
    const pending = up(ws, { onSpawn: (pid) => (cliPid = pid) });
    try {
      await untilTaskRead(shared.control, taskId, pending, { reads: 2 });
      if (cliPid === undefined) throw new Error("the CLI's pid is unknown");
      const pluginsWhileWaiting = pluginProcesses(mark);
      process.kill(cliPid, "SIGKILL");
      const killedAt = Date.now();
      const requestsAtKill = await requests();
      const cli = await pending;
      let exitedAfterMs: number | undefined;
      while (Date.now() - killedAt < PROMISE_MS) {
        if (pluginProcesses(mark).length === 0) {
          exitedAfterMs = Date.now() - killedAt;
          break;
        }
        await sleep(100);
      }
      await sleep(Math.max(0, killedAt + PROMISE_MS - Date.now()));
      const requestsAtPromise = await requests();
      const leftAtPromise = pluginProcesses(mark);
      await sleep(QUIET_MS);
      const requestsLater = await requests();
      return { cli, pluginsWhileWaiting, exitedAfterMs, leftAtPromise, requestsAtKill, requestsAtPromise, requestsLater };
    } finally {
      // Whatever a failed scenario left running must not poll on after the tests.
      killProcesses(markedProcesses(MARK, mark));
    }
  }

  /** customTimeouts.create 5s against a half-hour migration and the default-length timeoutSeconds. */
  async function customTimeouts() {
    const taskId = await createTask(shared, { preset: "linear", durationMs: 1_800_000, timeline: { startProgress: 10 } });
    const ws = await stack(shared, YAML_PROGRAMS.customTimeouts, taskId, { timeoutSeconds: 3600 });
    const run = await up(ws);
    return { taskId, run, state: await exportStack(ws) };
  }

  function startScenarios() {
    const slot = limiter(CONCURRENT_STACKS);
    // The longest first.
    return {
      interrupted: settle(slot(interrupted)),
      killedEngine: settle(slot(killedEngine)),
      timeoutThenResume: settle(slot(timeoutThenResume)),
      convergence: settle(slot(convergence)),
      customTimeouts: settle(slot(customTimeouts)),
      stall: settle(slot(stall)),
      stoppedTask: settle(slot(stoppedTask)),
      missingTask: settle(slot(missingTask)),
      wrongSecretKey: settle(slot(wrongSecretKey)),
      preview: settle(slot(preview)),
      installedPlugin: settle(slot(installedPlugin)),
    };
  }
  /** The plugin tarball installed into the stack's PULUMI_HOME; the program has no `plugins:` block. */
  async function installedPlugin() {
    const tarball = await pluginTarball();
    const taskId = await createTask(shared, { preset: "complete" });
    const ws = await stack(shared, YAML_PROGRAMS.installedPlugin, taskId, { stableForSeconds: 0 });
    const version = /-v(\d+\.\d+\.\d+)-/.exec(path.basename(tarball))?.[1] ?? "";
    const install = await ws.run(["plugin", "install", "resource", "dcs-migration", version, "--file", tarball]);
    const run = await up(ws);
    return { install, run, out: run.code === 0 ? await outputsOf(ws) : {}, plugins: await ws.run(["plugin", "ls"]) };
  }

  let scenarios: ReturnType<typeof startScenarios> | undefined;

  before(async function () {
    [pluginDir, shared] = await Promise.all([builtPluginFolder(), startEmulator()]);
    emulators.push(shared);
    scenarios = startScenarios();
  });
  after(async () => {
    if (scenarios !== undefined) await Promise.all(Object.values(scenarios));
    await Promise.all(workspaces.map((ws) => ws.cleanup()));
    await Promise.all(emulators.map((e) => e.close()));
  });

  it("holds `pulumi up` until the migration converges and the stability window passed, then creates the resource that depends on the gate", async () => {
    const r = await resultOf(scenarios?.convergence);
    assert.equal(r.run.code, 0, describeRun(r.run));
    const completedAt = Date.parse(String(r.out["gateCompletedAt"]));
    const cutoverAt = Date.parse(String(r.out["cutoverObservedAt"]));
    console.log(
      `      gate opened ${completedAt - r.converged} ms after convergence (stable 2 s, polls every 1 s), ` +
        `cut-over read ${cutoverAt - completedAt} ms after the gate, ${String(r.out["gatePolls"])} polls`,
    );
    assert.ok(completedAt >= r.reached100 + 2000, `the gate opened ${completedAt - r.reached100} ms after 100 %, inside the 2 s window`);
    // Generous bound: it proves the wait ended because the migration converged, not by a timeout.
    assert.ok(completedAt <= r.converged + 10_000, `the gate opened ${completedAt - r.converged} ms after convergence`);
    assert.ok(cutoverAt >= completedAt, `the cut-over read the stats at ${String(r.out["cutoverObservedAt"])}, before the gate opened`);
    assert.equal(r.out["gateCompleted"], true);
    assert.equal(r.out["gateProgress"], 100);
    assert.ok(Number(r.out["gatePolls"]) >= 2, `only ${String(r.out["gatePolls"])} polls: the wait did not block`);
    assert.match(r.run.stdout, /dcs-migration:index:WaitForMigration migration created/, describeRun(r.run));
    assert.match(output(r.run), /dcs task \S+: waiting up to .* for the migration to complete/, `no progress line: ${describeRun(r.run)}`);
    assert.match(output(r.run), /dcs task \S+: \d+% full migration, keys/, `no progress line: ${describeRun(r.run)}`);
    assert.equal(r.out["liveProgress"], 20, "the invoke did not read the stats before the wait");
    assert.equal(r.state.get(CUTOVER_TYPE, "cutover").outputs?.["keyDelta"], 0);
  });

  it(`SIGKILL of pulumi mid-wait: the plugin process is gone within ${PROMISE_MS / 1000} s and the task's request count stays flat`, async () => {
    const o = await resultOf(scenarios?.killedEngine);
    console.log(
      `      plugin gone ${o.exitedAfterMs ?? "> " + PROMISE_MS} ms after SIGKILL of pulumi; requests ${o.requestsAtKill} at the kill, ` +
        `${o.requestsAtPromise} at +${PROMISE_MS / 1000} s, ${o.requestsLater} at +${(PROMISE_MS + QUIET_MS) / 1000} s`,
    );
    assert.equal(o.cli.signal, "SIGKILL", describeRun(o.cli));
    assert.ok(o.pluginsWhileWaiting.length > 0, "no plugin process was found while the wait polled");
    assert.deepEqual(o.leftAtPromise, [], `plugin processes still running ${PROMISE_MS} ms after pulumi was killed`);
    assert.equal(o.requestsLater, o.requestsAtPromise, `the task was still polled after pulumi was killed (${o.requestsAtPromise} → ${o.requestsLater} requests)`);
  });

  it("previews without waiting: `pulumi preview` returns while the migration is at 20 %, reads the stats once for the invoke, and records nothing", async () => {
    const r = await resultOf(scenarios?.preview);
    assert.equal(r.run.code, 0, describeRun(r.run));
    assert.match(r.run.stdout, /\+\s+dcs-migration:index:WaitForMigration migration create/, describeRun(r.run));
    assert.match(r.run.stdout, /liveProgress\s*:\s*20\b/, `the preview's invoke did not show 20 %: ${describeRun(r.run)}`);
    assert.doesNotMatch(output(r.run), /waiting up to/, "the preview started a wait");
    assert.equal(r.reads.served, 1, `the preview read the task ${r.reads.served} times; a wait would poll`);
    assert.deepEqual(r.state.resources, [], "a preview must not record resources");
  });

  it("fails `pulumi up` at once when the migration is stopped during the wait, naming the task, and creates nothing after the gate", async () => {
    const r = await resultOf(scenarios?.stoppedTask);
    assert.notEqual(r.run.code, 0, describeRun(r.run));
    assert.match(output(r.run), new RegExp(`DCS migration task ${r.taskId} is TERMINATED \\(it no longer migrates\\)`), describeRun(r.run));
    assert.equal(r.state.find(CUTOVER_TYPE, "cutover"), undefined, "the cut-over was created");
    assert.equal(r.state.find(GATE_TYPE, "migration"), undefined, "a stopped migration left a gate in state");
  });

  it("fails fast with DCS.4133 after one request when the task does not exist", async () => {
    const r = await resultOf(scenarios?.missingTask);
    assert.notEqual(r.run.code, 0, describeRun(r.run));
    assert.match(output(r.run), /DCS\.4133/, describeRun(r.run));
    assert.match(output(r.run), /Instance job is not found/, describeRun(r.run));
    assert.match(output(r.run), new RegExp(r.taskId), describeRun(r.run));
    const made = r.served.total.requests;
    assert.ok(made >= 1 && made <= 2, `${made} stats requests for a task that does not exist; expected one (no polling, no retries)`);
  });

  it("fails fast with the gateway's 401 APIGW.0301 when the secret key is wrong, without printing it", async () => {
    const r = await resultOf(scenarios?.wrongSecretKey);
    assert.notEqual(r.run.code, 0, describeRun(r.run));
    assert.match(output(r.run), /401/, describeRun(r.run));
    assert.match(output(r.run), /APIGW\.0301/, describeRun(r.run));
    assert.ok(!output(r.run).includes(r.wrongSecret), "the secret key appears in the up output");
    assert.ok(r.counters.requests >= 1 && r.counters.requests <= 2, `${r.counters.requests} requests with bad credentials; expected one (a 401 is not retried)`);
  });

  it("fails after the stall timeout, not the total timeout, when progress stops moving at 63 %", async () => {
    const r = await resultOf(scenarios?.stall);
    assert.notEqual(r.run.code, 0, describeRun(r.run));
    assert.match(output(r.run), new RegExp(`DCS migration task ${r.taskId} stalled`), describeRun(r.run));
    assert.match(output(r.run), /63% full migration/, describeRun(r.run));
    assert.doesNotMatch(output(r.run), /Timed out/, describeRun(r.run));
    assert.ok(r.tookSeconds < r.timings.timeoutSeconds, `up took ${r.tookSeconds}s: it waited for the total timeout`);
    assert.equal(r.state.find(CUTOVER_TYPE, "cutover"), undefined, "the cut-over was created");
  });

  it("saves a timed-out wait as not complete and resumes it on the next `pulumi up` as an update of the same resource", async () => {
    const r = await resultOf(scenarios?.timeoutThenResume);
    assert.notEqual(r.first.code, 0, describeRun(r.first));
    assert.match(output(r.first), new RegExp(`Timed out after .* waiting for DCS migration task ${r.taskId}`), describeRun(r.first));
    const saved = r.afterFirst.get(GATE_TYPE, "migration");
    assert.equal(saved.outputs?.["completed"], false, "the timed-out gate is not marked incomplete in state");
    assert.equal(saved.outputs?.["fullMigrationProgress"], 30);
    assert.deepEqual(pendingOperations(r.afterFirst), [], "the timeout left a pending operation");
    assert.equal(r.afterFirst.find(CUTOVER_TYPE, "cutover"), undefined, "the cut-over was created after a timeout");

    assert.equal(r.second.code, 0, describeRun(r.second));
    assert.doesNotMatch(r.second.stdout, /replace/i, `the gate was replaced: ${describeRun(r.second)}`);
    assert.match(r.second.stdout, /~ 1 updated/, describeRun(r.second));
    assert.match(r.second.stdout, /\+ 1 created/, describeRun(r.second));
    const resumed = r.afterSecond.get(GATE_TYPE, "migration");
    assert.equal(resumed.id, saved.id, "the gate got a new id: it was recreated");
    assert.equal(resumed.outputs?.["completed"], true);
    assert.equal(resumed.outputs?.["startedAt"], saved.outputs?.["startedAt"], "the resumed wait forgot when it started");
    assert.ok(Number(resumed.outputs?.["polls"]) > Number(saved.outputs?.["polls"]), "the polls of the first attempt were not carried over");
  });

  it("ends `pulumi up` within 10 s of one Ctrl-C mid-wait, saves the gate as not complete with no pending operation, and the next `pulumi up` completes it", async () => {
    const r = await resultOf(scenarios?.interrupted);
    console.log(`      pulumi up ended ${r.endedAfterMs} ms after SIGINT`);
    assert.notEqual(r.first.code, 0, describeRun(r.first));
    assert.ok(r.endedAfterMs <= 10_000, `pulumi up ran on for ${r.endedAfterMs} ms after SIGINT`);
    assert.match(output(r.first), /Cancelled after .* waiting for DCS migration task/, describeRun(r.first));
    const saved = r.afterFirst.get(GATE_TYPE, "migration");
    assert.equal(saved.outputs?.["completed"], false, "the interrupted gate is not saved as incomplete");
    assert.ok((saved.initErrors ?? []).length > 0, "the interrupted gate carries no init error, so the next up would not resume it");
    assert.deepEqual(pendingOperations(r.afterFirst), [], "Ctrl-C left a pending operation the user must clear by hand");
    assert.equal(r.afterFirst.find(CUTOVER_TYPE, "cutover"), undefined, "the cut-over was created after Ctrl-C");

    assert.equal(r.second.code, 0, describeRun(r.second));
    assert.doesNotMatch(r.second.stdout, /replace/i, `the gate was replaced: ${describeRun(r.second)}`);
    const resumed = r.afterSecond.get(GATE_TYPE, "migration");
    assert.equal(resumed.id, saved.id, "the gate got a new id: it was recreated");
    assert.equal(resumed.outputs?.["completed"], true);
    assert.ok(r.afterSecond.find(CUTOVER_TYPE, "cutover") !== undefined, "the cut-over was not created once the gate opened");
  });

  it("ends a wait at customTimeouts.create (5 s) when it comes before timeoutSeconds, saved as not complete", async () => {
    const r = await resultOf(scenarios?.customTimeouts);
    assert.notEqual(r.run.code, 0, describeRun(r.run));
    assert.match(output(r.run), /customTimeouts\.create 5s/, describeRun(r.run));
    const saved = r.state.get(GATE_TYPE, "migration");
    assert.equal(saved.outputs?.["completed"], false);
    const waited = Number(saved.outputs?.["waitedSeconds"]);
    console.log(`      the wait ended after ${waited} s (customTimeouts.create 5s)`);
    assert.ok(waited >= 4.5 && waited < 15, `the wait lasted ${waited} s; customTimeouts.create is 5s`);
  });

  it("runs the gate from a plugin installed with `pulumi plugin install resource dcs-migration <version> --file <tarball>`, with no `plugins:` block", async () => {
    const r = await resultOf(scenarios?.installedPlugin);
    assert.equal(r.install.code, 0, describeRun(r.install));
    assert.match(r.plugins.stdout, /dcs-migration\s+resource\s+\d+\.\d+\.\d+/, describeRun(r.plugins));
    assert.equal(r.run.code, 0, describeRun(r.run));
    assert.equal(r.out["gateCompleted"], true);
  });

  it("`pulumi destroy` makes no API call and leaves the migration task running", async () => {
    const r = await resultOf(scenarios?.convergence);
    assert.equal(r.destroy.code, 0, describeRun(r.destroy));
    assert.match(r.destroy.stdout, /- 3 deleted/, describeRun(r.destroy));
    assert.equal(r.destroyRequests, 0, `destroy made ${r.destroyRequests} requests`);
    assert.equal(r.taskAfterDestroy.state, "running");
  });

  it("keeps the secret key out of the state files, `pulumi stack export`, the stack outputs and every command's output", async () => {
    const r = await resultOf(scenarios?.convergence);
    const scan: SecretScanResult = r.scan;
    console.log(`      ${scan.report.split("\n")[0]}`);
    assert.equal(scan.hits.length, 0, scan.report);
    // The key is in the state (the provider's inputs), encrypted: the scan looked where it is.
    assert.match(r.state.text, /"ciphertext"/, "the state holds no encrypted value");
  });
});
