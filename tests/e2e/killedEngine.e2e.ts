import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { emulatorStackConfig } from "../support/emulatorStackConfig";
import { linkPackageSources } from "../support/linkPackageSources";
import { killProcesses, markedProcesses, type MarkedProcess } from "../support/markedProcesses";
import { PausableClock } from "../support/pausableClock";
import { createPulumiWorkspace, type PulumiWorkspace } from "../support/pulumiWorkspace";
import { describeRun } from "../support/runPulumi";
import { untilTaskRead } from "../support/untilTaskRead";

const GATE_FIXTURE = path.join(__dirname, "fixtures", "gate");
/** Holds a `pulumi-resource-pulumi-nodejs` shaped like Pulumi's own launcher (no exec, no watchdog). */
const OFFICIAL_LAUNCHER_DIR = path.join(__dirname, "fixtures", "official-launcher");
/** The variable that tells this run's processes apart from every other process on the machine. */
const MARK = "PULUMI_DCS_E2E_RUN";
/** Within this long after `pulumi` is killed, nothing of the run may poll or run (issue 15 §1). */
const PROMISE_MS = 5_000;
/** A wait that would poll every second for a minute if nothing stopped it. */
const WAIT = { stableForSeconds: 2, pollIntervalSeconds: 1, minPollIntervalSeconds: 0.5, timeoutSeconds: 60 } as const;

/** The dynamic-provider processes of a run: the host, and the launcher's shell if it stayed as its parent. */
function providerProcesses(runMark: string): MarkedProcess[] {
  return markedProcesses(MARK, runMark).filter((p) => /cmd\/dynamic-provider|pulumi-resource-pulumi-nodejs/.test(p.command));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What one scenario saw, for the assertions and the README's figures. */
interface KillOutcome {
  readonly providersWhileWaiting: MarkedProcess[];
  /** Whether the test launcher appended its pid to its log (official-like launcher only). */
  readonly launcherRan: boolean;
  readonly cliSignal: NodeJS.Signals | null;
  readonly cliOutput: string;
  /** When the last provider process was gone, in ms after the kill; undefined if not within PROMISE_MS. */
  readonly exitedAfterMs: number | undefined;
  readonly leftAtPromise: MarkedProcess[];
  readonly requestsAtKill: number;
  readonly requestsAtPromise: number;
  readonly requestsLater: number;
}

const LAUNCHERS = [
  { key: "ours", name: "this repo's launcher (scripts/pulumi-toolchain)", official: false },
  { key: "official", name: "a launcher like Pulumi's own (sh, no exec, no watchdog)", official: true },
] as const;

describe("a killed `pulumi` leaves nothing polling (end to end, SIGKILL mid-wait)", function () {
  this.timeout(240_000);
  const clock = new PausableClock();
  let emulator: EmulatorHandle;
  const workspaces: PulumiWorkspace[] = [];
  const marks: string[] = [];
  const tempDirs: string[] = [];
  const outcomes = new Map<string, KillOutcome>();

  /** Starts `pulumi up` on a task standing at 30 %, SIGKILLs the CLI once the wait polls, and watches what is left. */
  async function killMidWait(launcher: (typeof LAUNCHERS)[number]): Promise<KillOutcome> {
    const taskId = `e2e-killed-${launcher.key}-${Date.now().toString(36)}`;
    await emulator.control.createTask({
      kind: "scripted",
      id: taskId,
      timeline: { startProgress: 30, phases: [{ kind: "ramp", to: 100, durationMs: 10_000, shape: "linear" }] },
      timeScale: 10,
    });
    const mark = `${taskId}-${process.pid}`;
    marks.push(mark);
    const base = emulatorStackConfig(emulator);
    const env: Record<string, string> = { [MARK]: mark };
    let launcherLog: string | undefined;
    if (launcher.official) {
      const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-dcs-launcher-"));
      tempDirs.push(logDir);
      launcherLog = path.join(logDir, "pids");
      // The engine prefers a plugin found on PATH to the one next to the CLI (and warns that it does).
      const toolchain = process.env["PULUMI_TOOLCHAIN_BIN"];
      env["PATH"] = [OFFICIAL_LAUNCHER_DIR, toolchain, process.env["PATH"]].filter((p) => p !== undefined && p !== "").join(path.delimiter);
      env["PULUMI_DCS_TEST_LAUNCHER_LOG"] = launcherLog;
    }
    const ws = await createPulumiWorkspace({
      programDir: GATE_FIXTURE,
      config: { ...base.config, "gate:taskId": taskId, "gate:wait": JSON.stringify(WAIT) },
      secretConfig: base.secretConfig,
      env,
    });
    workspaces.push(ws);
    await linkPackageSources(ws.programDir);

    let cliPid: number | undefined;
    const up = ws.run(["up", "--yes", "--skip-preview"], { onSpawn: (pid) => (cliPid = pid) });
    await untilTaskRead(emulator.control, taskId, up, { reads: 2 });
    const providersWhileWaiting = providerProcesses(mark);
    const launcherRan = launcherLog !== undefined && fs.existsSync(launcherLog);

    if (cliPid === undefined) throw new Error("the CLI's pid was never reported");
    process.kill(cliPid, "SIGKILL"); // the engine only, as the OOM killer or a cancelled CI job would
    const killedAt = Date.now();
    const requestsAtKill = (await emulator.control.taskRequests(taskId)).requests;
    const finished = await up;

    let exitedAfterMs: number | undefined;
    while (Date.now() - killedAt < PROMISE_MS) {
      if (providerProcesses(mark).length === 0) {
        exitedAfterMs = Date.now() - killedAt;
        break;
      }
      await sleep(100);
    }
    await sleep(Math.max(0, killedAt + PROMISE_MS - Date.now()));
    const requestsAtPromise = (await emulator.control.taskRequests(taskId)).requests;
    const leftAtPromise = providerProcesses(mark);
    await sleep(2_500); // more than two poll intervals
    const requestsLater = (await emulator.control.taskRequests(taskId)).requests;
    return {
      providersWhileWaiting,
      launcherRan,
      cliSignal: finished.signal,
      cliOutput: describeRun(finished),
      exitedAfterMs,
      leftAtPromise,
      requestsAtKill,
      requestsAtPromise,
      requestsLater,
    };
  }

  before(async () => {
    emulator = await startEmulator({ clock });
    clock.pause(); // every task stands at 30 %: a wait left running would poll until its timeout
    // Both launchers at once: most of each scenario is waiting, and the suite's time is short.
    const results = await Promise.all(LAUNCHERS.map((l) => killMidWait(l)));
    LAUNCHERS.forEach((l, i) => outcomes.set(l.key, results[i]!));
  });
  after(async () => {
    // Whatever a failed scenario left running must not poll on after the tests.
    for (const mark of marks) killProcesses(markedProcesses(MARK, mark));
    await Promise.all(workspaces.map((ws) => ws.cleanup()));
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
    clock.resume();
    await emulator?.close();
  });

  for (const launcher of LAUNCHERS) {
    it(`stops the provider within ${PROMISE_MS / 1000} s of the kill and the task's request count stays flat, under ${launcher.name}`, () => {
      const o = outcomes.get(launcher.key);
      assert.ok(o !== undefined, "the scenario did not run");
      console.log(
        `      provider gone ${o.exitedAfterMs ?? "> " + PROMISE_MS} ms after SIGKILL of pulumi; requests ${o.requestsAtKill} at the kill, ` +
          `${o.requestsAtPromise} at +${PROMISE_MS / 1000} s, ${o.requestsLater} at +${(PROMISE_MS + 2_500) / 1000} s`,
      );
      assert.equal(o.cliSignal, "SIGKILL", o.cliOutput);
      assert.ok(o.providersWhileWaiting.length > 0, "no dynamic-provider process was found while the wait polled");
      if (launcher.official) {
        assert.ok(o.launcherRan, "the engine did not run the test launcher");
        assert.ok(
          o.providersWhileWaiting.some((p) => p.command.includes(path.join(OFFICIAL_LAUNCHER_DIR, "pulumi-resource-pulumi-nodejs"))),
          `the official-like launcher's shell is not among the provider processes: ${o.providersWhileWaiting.map((p) => p.command).join(" | ")}`,
        );
      }
      assert.deepEqual(o.leftAtPromise, [], `provider processes still running ${PROMISE_MS} ms after pulumi was killed`);
      assert.equal(o.requestsLater, o.requestsAtPromise, `the task was still polled after pulumi was killed (${o.requestsAtPromise} → ${o.requestsLater} requests)`);
    });
  }
});
