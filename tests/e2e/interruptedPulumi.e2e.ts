import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { emulatorStackConfig } from "../support/emulatorStackConfig";
import { linkPackageSources } from "../support/linkPackageSources";
import { killProcesses, markedProcesses, type MarkedProcess } from "../support/markedProcesses";
import { ScaledClock } from "../support/scaledClock";
import { createPulumiWorkspace, type PulumiWorkspace } from "../support/pulumiWorkspace";
import { describeRun, type PulumiRun } from "../support/runPulumi";
import { exportStack, type StackState } from "../support/stackState";
import { untilTaskRead } from "../support/untilTaskRead";

/**
 * What happens to a wait when `pulumi up` is interrupted — killed (SIGKILL), or Ctrl-C once or
 * twice — and the commands that recover (README "Ctrl-C and killed engines"). The scenarios
 * run at the same time, each on its own emulator and stack: most of each is waiting, and the
 * suite's time is short.
 */

const GATE_FIXTURE = path.join(__dirname, "fixtures", "gate");
/** Holds a `pulumi-resource-pulumi-nodejs` shaped like Pulumi's own launcher (no exec, no watchdog). */
const OFFICIAL_LAUNCHER_DIR = path.join(__dirname, "fixtures", "official-launcher");
const OFFICIAL_LAUNCHER = path.join(OFFICIAL_LAUNCHER_DIR, "pulumi-resource-pulumi-nodejs");
const WAIT_TYPE = "dcs:WaitForMigration";
/** The variable that tells one scenario's processes apart from every other process on the machine. */
const MARK = "PULUMI_DCS_E2E_RUN";
/** Within this long after `pulumi` is killed, nothing of the run may poll or run (issue 15 §1). */
const PROMISE_MS = 5_000;
/** Longer than two poll intervals: a provider left running would be seen polling. */
const QUIET_MS = 2_500;
/** Polls every second; the timeout is each scenario's. */
const WAIT = { stableForSeconds: 1, pollIntervalSeconds: 1, minPollIntervalSeconds: 0.5 } as const;
/** Stands at 30 % while the scenario's clock is paused; 30 → 100 % in 0.7 s once it runs. */
const TIMELINE = { startProgress: 30, phases: [{ kind: "ramp", to: 100, durationMs: 7_000, shape: "linear" }] } as const;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The dynamic-provider processes of a scenario: the host, and the launcher's shell if it is its parent. */
function providerProcesses(mark: string): MarkedProcess[] {
  return markedProcesses(MARK, mark).filter((p) => /cmd\/dynamic-provider|pulumi-resource-pulumi-nodejs/.test(p.command));
}

/** One scenario: its own emulator (and clock), task and stack. */
interface Scenario {
  readonly emulator: EmulatorHandle;
  readonly clock: ScaledClock;
  readonly taskId: string;
  readonly mark: string;
  readonly ws: PulumiWorkspace;
  /** The official-like launcher's pid log; undefined under this repo's launcher. */
  readonly launcherLog: string | undefined;
  requests(): Promise<number>;
  /** Starts `pulumi up --yes --skip-preview`; resolves once the wait has read the task `reads` times. */
  upUntilPolling(reads: number): Promise<{ pid: number; done: Promise<PulumiRun> }>;
}

describe("an interrupted `pulumi up` (end to end, real engine)", function () {
  this.timeout(300_000);
  const emulators: EmulatorHandle[] = [];
  const scenarios: Scenario[] = [];
  const tempDirs: string[] = [];
  const results = new Map<string, Promise<unknown>>();

  async function scenario(key: string, options: { official: boolean; timeoutSeconds: number }): Promise<Scenario> {
    const clock = new ScaledClock();
    clock.pause(); // the task stands at 30 % until the scenario resumes the clock
    const emulator = await startEmulator({ clock });
    emulators.push(emulator);
    const taskId = `e2e-${key}-${Date.now().toString(36)}`;
    await emulator.control.createTask({ kind: "scripted", id: taskId, timeline: TIMELINE, timeScale: 10 });
    const mark = `${taskId}-${process.pid}`;
    const env: Record<string, string> = { [MARK]: mark };
    let launcherLog: string | undefined;
    if (options.official) {
      const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-dcs-launcher-"));
      tempDirs.push(logDir);
      launcherLog = path.join(logDir, "pids");
      // The engine prefers a plugin found on PATH to the one next to the CLI (and warns that it does).
      const toolchain = process.env["PULUMI_TOOLCHAIN_BIN"];
      env["PATH"] = [OFFICIAL_LAUNCHER_DIR, toolchain, process.env["PATH"]].filter((p) => p !== undefined && p !== "").join(path.delimiter);
      env["PULUMI_DCS_TEST_LAUNCHER_LOG"] = launcherLog;
    }
    const base = emulatorStackConfig(emulator);
    const ws = await createPulumiWorkspace({
      programDir: GATE_FIXTURE,
      config: { ...base.config, "gate:taskId": taskId, "gate:wait": JSON.stringify({ ...WAIT, timeoutSeconds: options.timeoutSeconds }) },
      secretConfig: base.secretConfig,
      env,
    });
    await linkPackageSources(ws.programDir);
    const s: Scenario = {
      emulator,
      clock,
      taskId,
      mark,
      ws,
      launcherLog,
      requests: async () => (await emulator.control.taskRequests(taskId)).requests,
      async upUntilPolling(reads) {
        let pid: number | undefined;
        const done = ws.run(["up", "--yes", "--skip-preview"], { onSpawn: (p) => (pid = p) });
        await untilTaskRead(emulator.control, taskId, done, { reads });
        if (pid === undefined) throw new Error("the CLI's pid was never reported");
        return { pid, done };
      },
    };
    scenarios.push(s);
    return s;
  }

  /** Starts a scenario now; its test awaits the result (a rejection is reported there, not as unhandled). */
  function start<T>(key: string, run: () => Promise<T>): void {
    const pending = run();
    pending.catch(() => undefined);
    results.set(key, pending);
  }
  const resultOf = <T>(key: string): Promise<T> => results.get(key) as Promise<T>;

  interface KillOutcome {
    readonly providersWhileWaiting: MarkedProcess[];
    readonly launcherRan: boolean;
    readonly cli: PulumiRun;
    /** When the last provider process was gone, in ms after the kill; undefined if not within PROMISE_MS. */
    readonly exitedAfterMs: number | undefined;
    readonly leftAtPromise: MarkedProcess[];
    readonly requestsAtKill: number;
    readonly requestsAtPromise: number;
    readonly requestsLater: number;
    /** The recovery commands and the states between them, when the scenario ran them. */
    readonly recovery?: {
      readonly locked: PulumiRun;
      readonly cancel: PulumiRun;
      readonly afterKill: StackState;
      readonly refresh: PulumiRun;
      readonly up: PulumiRun;
      readonly final: StackState;
    };
  }

  /** SIGKILLs the CLI once the wait polls (the engine only, as the OOM killer or a cancelled CI job would). */
  async function killMidWait(key: string, official: boolean, recover: boolean): Promise<KillOutcome> {
    const s = await scenario(key, { official, timeoutSeconds: 60 });
    const up = await s.upUntilPolling(2);
    const providersWhileWaiting = providerProcesses(s.mark);
    const launcherRan = s.launcherLog !== undefined && fs.existsSync(s.launcherLog);
    process.kill(up.pid, "SIGKILL");
    const killedAt = Date.now();
    const requestsAtKill = await s.requests();
    const cli = await up.done;
    let exitedAfterMs: number | undefined;
    while (Date.now() - killedAt < PROMISE_MS) {
      if (providerProcesses(s.mark).length === 0) {
        exitedAfterMs = Date.now() - killedAt;
        break;
      }
      await sleep(100);
    }
    await sleep(Math.max(0, killedAt + PROMISE_MS - Date.now()));
    const requestsAtPromise = await s.requests();
    const leftAtPromise = providerProcesses(s.mark);
    await sleep(QUIET_MS);
    const requestsLater = await s.requests();
    const outcome = { providersWhileWaiting, launcherRan, cli, exitedAfterMs, leftAtPromise, requestsAtKill, requestsAtPromise, requestsLater };
    if (!recover) return outcome;
    // The recovery, exactly as the README gives it.
    const locked = await s.ws.run(["up", "--yes", "--skip-preview"]);
    const cancel = await s.ws.run(["cancel", "--yes"]);
    const afterKill = await exportStack(s.ws);
    const refresh = await s.ws.run(["refresh", "--clear-pending-creates", "--yes"]);
    s.clock.resume(); // the migration completes
    const upAgain = await s.ws.run(["up", "--yes", "--skip-preview"]);
    const final = await exportStack(s.ws);
    return { ...outcome, recovery: { locked, cancel, afterKill, refresh, up: upAgain, final } };
  }

  interface SecondCtrlCOutcome {
    readonly cli: PulumiRun;
    readonly endedAfterMs: number;
    readonly requestsAtEnd: number;
    readonly requestsLater: number;
    readonly providersLeft: MarkedProcess[];
    readonly interrupted: StackState;
    readonly refresh: PulumiRun;
    readonly refreshed: StackState;
    readonly up: PulumiRun;
    readonly final: StackState;
  }

  /** Ctrl-C twice (SIGINT to the CLI's process group, as a terminal sends it), then the documented recovery. */
  async function secondCtrlC(): Promise<SecondCtrlCOutcome> {
    const s = await scenario("ctrl-c-twice", { official: true, timeoutSeconds: 60 });
    const up = await s.upUntilPolling(1);
    const firstAt = Date.now();
    process.kill(-up.pid, "SIGINT");
    await sleep(1_000);
    process.kill(-up.pid, "SIGINT");
    const cli = await up.done;
    const endedAfterMs = Date.now() - firstAt;
    const requestsAtEnd = await s.requests();
    await sleep(QUIET_MS);
    const requestsLater = await s.requests();
    const providersLeft = providerProcesses(s.mark);
    const interrupted = await exportStack(s.ws);
    // The recovery, exactly as the README gives it.
    const refresh = await s.ws.run(["refresh", "--clear-pending-creates", "--yes"]);
    const refreshed = await exportStack(s.ws);
    s.clock.resume(); // the migration completes
    const upAgain = await s.ws.run(["up", "--yes", "--skip-preview"]);
    const final = await exportStack(s.ws);
    return { cli, endedAfterMs, requestsAtEnd, requestsLater, providersLeft, interrupted, refresh, refreshed, up: upAgain, final };
  }

  interface FirstCtrlCOutcome {
    readonly cli: PulumiRun;
    readonly endedAfterMs: number;
    readonly requestsAtCtrlC: number;
    readonly requestsAtEnd: number;
    readonly saved: StackState;
    readonly up: PulumiRun;
    readonly final: StackState;
  }

  /** Ctrl-C once during a wait with a 5 s timeout, then `pulumi up` again. */
  async function firstCtrlC(): Promise<FirstCtrlCOutcome> {
    const s = await scenario("ctrl-c-once", { official: true, timeoutSeconds: 5 });
    const up = await s.upUntilPolling(1);
    const requestsAtCtrlC = await s.requests();
    const at = Date.now();
    process.kill(-up.pid, "SIGINT");
    const cli = await up.done;
    const endedAfterMs = Date.now() - at;
    const requestsAtEnd = await s.requests();
    const saved = await exportStack(s.ws);
    s.clock.resume();
    const upAgain = await s.ws.run(["up", "--yes", "--skip-preview"]);
    const final = await exportStack(s.ws);
    return { cli, endedAfterMs, requestsAtCtrlC, requestsAtEnd, saved, up: upAgain, final };
  }

  before(() => {
    start("kill-ours", () => killMidWait("killed-ours", false, false));
    start("kill-official", () => killMidWait("killed-official", true, true));
    start("ctrl-c-twice", secondCtrlC);
    start("ctrl-c-once", firstCtrlC);
  });
  after(async () => {
    await Promise.allSettled(results.values());
    // Whatever a failed scenario left running must not poll on after the tests.
    for (const s of scenarios) killProcesses(markedProcesses(MARK, s.mark));
    await Promise.all(scenarios.map((s) => s.ws.cleanup()));
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
    await Promise.all(emulators.map((e) => e.close()));
  });

  for (const launcher of [
    { key: "kill-ours", name: "this repo's launcher (scripts/pulumi-toolchain)", official: false },
    { key: "kill-official", name: "a launcher like Pulumi's own (sh, no exec, no watchdog)", official: true },
  ]) {
    it(`SIGKILL of pulumi: the provider is gone within ${PROMISE_MS / 1000} s and the task's request count stays flat, under ${launcher.name}`, async () => {
      const o = await resultOf<KillOutcome>(launcher.key);
      console.log(
        `      provider gone ${o.exitedAfterMs ?? "> " + PROMISE_MS} ms after SIGKILL of pulumi; requests ${o.requestsAtKill} at the kill, ` +
          `${o.requestsAtPromise} at +${PROMISE_MS / 1000} s, ${o.requestsLater} at +${(PROMISE_MS + QUIET_MS) / 1000} s`,
      );
      assert.equal(o.cli.signal, "SIGKILL", describeRun(o.cli));
      assert.ok(o.providersWhileWaiting.length > 0, "no dynamic-provider process was found while the wait polled");
      if (launcher.official) {
        assert.ok(o.launcherRan, "the engine did not run the test launcher");
        assert.ok(
          o.providersWhileWaiting.some((p) => p.command.includes(OFFICIAL_LAUNCHER)),
          `the official-like launcher's shell is not among the provider processes: ${o.providersWhileWaiting.map((p) => p.command).join(" | ")}`,
        );
      }
      assert.deepEqual(o.leftAtPromise, [], `provider processes still running ${PROMISE_MS} ms after pulumi was killed`);
      assert.equal(o.requestsLater, o.requestsAtPromise, `the task was still polled after pulumi was killed (${o.requestsAtPromise} → ${o.requestsLater} requests)`);
    });
  }

  it("after SIGKILL of pulumi, `pulumi cancel --yes`, `pulumi refresh --clear-pending-creates --yes` and `pulumi up --yes` complete the gate", async () => {
    const { recovery: r } = await resultOf<KillOutcome>("kill-official");
    assert.ok(r !== undefined);
    assert.notEqual(r.locked.code, 0, `the killed run left no lock: ${describeRun(r.locked)}`);
    assert.match(`${r.locked.stdout}\n${r.locked.stderr}`, /the stack is currently locked/, describeRun(r.locked));
    assert.equal(r.cancel.code, 0, describeRun(r.cancel));
    assert.deepEqual(
      r.afterKill.pendingOperations.map((op) => [op.type, op.resource.urn.split("::").pop()]),
      [["creating", "gate"]],
    );
    assert.equal(r.refresh.code, 0, describeRun(r.refresh));
    assert.equal(r.up.code, 0, describeRun(r.up));
    assert.equal(r.final.get(WAIT_TYPE, "gate").outputs?.["completed"], true);
    assert.deepEqual(r.final.pendingOperations, []);
  });

  it("first Ctrl-C: the wait polls on until its own timeout, which saves it; the next `pulumi up` resumes it and opens the gate", async () => {
    const o = await resultOf<FirstCtrlCOutcome>("ctrl-c-once");
    console.log(
      `      up ended ${o.endedAfterMs} ms after the Ctrl-C (timeoutSeconds 5), exit ${o.cli.code}; ` +
        `requests ${o.requestsAtCtrlC} at the Ctrl-C, ${o.requestsAtEnd} at the end`,
    );
    assert.match(o.cli.stdout, /\^C received; cancelling/, describeRun(o.cli));
    assert.notEqual(o.cli.code, 0, describeRun(o.cli));
    assert.match(`${o.cli.stdout}\n${o.cli.stderr}`, /Timed out after 5s waiting for DCS migration task/, describeRun(o.cli));
    assert.ok(o.requestsAtEnd >= o.requestsAtCtrlC + 2, `the wait stopped polling at the Ctrl-C (${o.requestsAtCtrlC} → ${o.requestsAtEnd} requests)`);
    assert.deepEqual(o.saved.pendingOperations, [], "one Ctrl-C left a pending operation");
    const saved = o.saved.get(WAIT_TYPE, "gate");
    assert.equal(saved.outputs?.["completed"], false);
    assert.ok((saved.initErrors ?? []).length > 0, "the timed-out wait was not saved as a partial failure");

    assert.equal(o.up.code, 0, describeRun(o.up));
    assert.match(o.up.stdout, /~ 1 updated/, `the gate was not resumed by an update: ${describeRun(o.up)}`);
    const gate = o.final.get(WAIT_TYPE, "gate");
    assert.equal(gate.outputs?.["completed"], true);
    assert.equal(gate.outputs?.["startedAt"], saved.outputs?.["startedAt"], "the wait started over instead of resuming");
    assert.ok(Number(gate.outputs?.["polls"]) > Number(saved.outputs?.["polls"]), "the polls before the Ctrl-C were not carried over");
    assert.deepEqual(o.final.pendingOperations, []);
  });

  it("second Ctrl-C: `pulumi up` stops at once, nothing polls, and the state holds a pending create", async () => {
    const o = await resultOf<SecondCtrlCOutcome>("ctrl-c-twice");
    console.log(`      up ended ${o.endedAfterMs} ms after the first of two Ctrl-C 1 s apart, exit ${o.cli.code}; requests ${o.requestsAtEnd} → ${o.requestsLater} in the next ${QUIET_MS / 1000} s`);
    assert.match(o.cli.stdout, /\^C received; terminating/, describeRun(o.cli));
    assert.match(o.cli.stderr, /update cancelled/, describeRun(o.cli));
    assert.equal(o.cli.code, 8, describeRun(o.cli));
    assert.deepEqual(o.providersLeft, [], "the provider outlived the terminated run");
    assert.equal(o.requestsLater, o.requestsAtEnd, "the task was still polled after the run was terminated");
    assert.deepEqual(
      o.interrupted.pendingOperations.map((op) => [op.type, op.resource.urn.split("::").pop()]),
      [["creating", "gate"]],
    );
    assert.equal(o.interrupted.find(WAIT_TYPE, "gate"), undefined, "the interrupted gate was saved as a resource");
  });

  it("after a second Ctrl-C, `pulumi refresh --clear-pending-creates --yes` then `pulumi up --yes` complete the gate with no pending operation", async () => {
    const o = await resultOf<SecondCtrlCOutcome>("ctrl-c-twice");
    assert.equal(o.refresh.code, 0, describeRun(o.refresh));
    assert.deepEqual(o.refreshed.pendingOperations, [], "refresh --clear-pending-creates left the pending create");
    assert.equal(o.up.code, 0, describeRun(o.up));
    assert.doesNotMatch(`${o.up.stdout}\n${o.up.stderr}`, /pending operations/, "the up still warned about pending operations");
    const gate = o.final.get(WAIT_TYPE, "gate");
    assert.equal(gate.outputs?.["completed"], true);
    assert.equal(gate.outputs?.["fullMigrationProgress"], 100);
    assert.ok(o.final.find("dynamic:Resource", "downstream") !== undefined, "the downstream resource was not created");
    assert.deepEqual(o.final.pendingOperations, []);
  });
});
