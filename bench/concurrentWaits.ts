import { existsSync } from "node:fs";
import { join } from "node:path";
import type { EmulatorHandle } from "../emulator/startEmulator";
import { CLIENT_DEFAULTS } from "../provider/settings";
import { resolveWaitOptions } from "../provider/waiter";
import { benchTimelines, type BenchTimeline } from "./benchTimelines";
import { startCpuLoad } from "./cpuLoad";
import type { WorkerJob, WorkerReport } from "./concurrentWaitsWorker";
import { earliestVerdict, timelineTruth, type TimelineTruth } from "./earliestVerdict";
import { median } from "./percentile";
import { runNodeChild } from "./runNodeChild";

/** Knobs of the concurrency benchmark. */
export const CONCURRENT_WAITS_DEFAULTS = {
  /** Gate the whole scenario fails on if the worker has not reported by then. */
  workerTimeoutMs: 180_000,
} as const;

/**
 * One run: `waits` waits at once on distinct tasks (the completing bench timelines in turn) or
 * all on one task (linear). Tasks and the waiters' clock run `timeScale` times faster; every
 * answer is held back `answerDelayMs` real ms so each read takes 200 ms of timeline time, as a
 * real gateway round trip does (the emulator itself answers in about a millisecond).
 */
export interface ConcurrencyScenario {
  readonly waits: number;
  readonly sameTask: boolean;
  readonly timeScale: number;
  /** Main ramp of each task, timeline ms. */
  readonly rampMs: number;
  readonly answerDelayMs: number;
  /** Run with one CPU-spinning child process per core beside it (see `startCpuLoad`). */
  readonly loaded?: boolean;
}

/**
 * Distinct tasks run at 40× (10-minute ramps; the slowest, long-tail, takes about 23 s).
 * Same-task runs go at 10× with a 2-minute ramp: waits that share a request must send within
 * one round trip of each other, and timer jitter of a few real milliseconds would otherwise
 * count 40 times over; at 10× the 20 ms hold keeps the round trip at 200 ms of timeline time.
 */
export const CONCURRENCY_SCENARIOS: readonly ConcurrencyScenario[] = [
  { waits: 1, sameTask: false, timeScale: 40, rampMs: 600_000, answerDelayMs: 5 },
  { waits: 10, sameTask: false, timeScale: 40, rampMs: 600_000, answerDelayMs: 5 },
  { waits: 10, sameTask: true, timeScale: 10, rampMs: 120_000, answerDelayMs: 20 },
  { waits: 100, sameTask: false, timeScale: 40, rampMs: 600_000, answerDelayMs: 5 },
  { waits: 100, sameTask: true, timeScale: 10, rampMs: 120_000, answerDelayMs: 20 },
  // The same two on a busy machine: every core spun by a child process for the whole run.
  { waits: 10, sameTask: true, timeScale: 10, rampMs: 120_000, answerDelayMs: 20, loaded: true },
  { waits: 100, sameTask: true, timeScale: 10, rampMs: 120_000, answerDelayMs: 20, loaded: true },
];

export interface ConcurrencyResult {
  readonly waits: number;
  readonly sameTask: boolean;
  /** CPU-spinning processes that ran beside the scenario (0: a quiet machine, as far as the bench is concerned). */
  readonly loadProcesses: number;
  readonly tasks: number;
  readonly timeScale: number;
  readonly answerDelayMs: number;
  /** Real seconds from the waits' start until the last gate opened. */
  readonly wallS: number;
  /** Real seconds from the start until the slowest task could have opened (its completion + window). */
  readonly slowestReadyS: number;
  /** wallS − slowestReadyS. */
  readonly overshootS: number;
  /** Median and largest excess of single waits, virtual (timeline) seconds. */
  readonly medianExcessVirtualS: number;
  readonly maxExcessVirtualS: number;
  /** Waits that did not open (an error). */
  readonly failedWaits: number;
  /** Stats requests the emulator counted for the scenario's tasks. */
  readonly apiCalls: number;
  /** Requests for the tasks' own records and logs (ShowMigrationTask, ListMigrationTaskLogs), beside the stats. */
  readonly recordCalls: number;
  /** Median reads one wait made. */
  readonly medianPollsPerWait: number;
  /** Requests per task per minute of (virtual) waiting. */
  readonly callsPerTaskPerMinute: number;
  /** apiCalls ÷ (tasks × median polls per wait): 1 means waits on one task share every request. */
  readonly requestsPerPoll: number;
  readonly peakRssMB: number;
  readonly vmHwmMB: number | undefined;
}

function workerScript(): string {
  const jsDir = process.env["BENCH_JS_DIR"];
  if (jsDir === undefined || jsDir === "") {
    throw new Error("BENCH_JS_DIR is not set: run the benchmark with `npm run bench`, which compiles the worker to JavaScript.");
  }
  const script = join(jsDir, "bench", "concurrentWaitsWorker.js");
  if (!existsSync(script)) throw new Error(`Expected the compiled worker at ${script}; run \`npm run bench\`.`);
  return script;
}

async function runWorker(job: WorkerJob, timeoutMs: number): Promise<WorkerReport> {
  const { code, stdout, stderr } = await runNodeChild([workerScript()], {
    env: { ...process.env, BENCH_WORKER_JOB: JSON.stringify(job) },
    timeoutMs,
  });
  if (code !== 0) throw new Error(`concurrency worker exited with ${code}: ${stderr.trim()}`);
  try {
    return JSON.parse(stdout.trim()) as WorkerReport;
  } catch {
    throw new Error(`concurrency worker printed no report: ${stdout.slice(0, 500)} ${stderr.slice(0, 500)}`);
  }
}

/** Starts `scenario.waits` waits at once in one fresh process against the emulator and measures them. */
export async function runConcurrencyScenario(
  emulator: EmulatorHandle,
  scenario: ConcurrencyScenario,
  config: { readonly workerTimeoutMs: number } = CONCURRENT_WAITS_DEFAULTS,
): Promise<ConcurrencyResult> {
  const options = resolveWaitOptions({});
  const S = scenario.timeScale;
  const completing = benchTimelines(scenario.rampMs).filter((b) => !["stall", "fail"].includes(b.name));
  const taskCount = scenario.sameTask ? 1 : scenario.waits;
  const tasks: Array<{ id: string; createdAt: number; startAtMs: number; bench: BenchTimeline }> = [];
  for (let i = 0; i < taskCount; i++) {
    const bench = scenario.sameTask ? completing[0]! : completing[i % completing.length]!;
    // Spread the phases so the tasks do not all poll in lockstep.
    const startAtMs = scenario.sameTask ? 0 : (i * 613) % 10_000;
    const t = await emulator.control.createTask({
      kind: "scripted",
      timeline: bench.timeline,
      timeScale: S,
      startAtMs,
      faults: [{ kind: "delay", delayMs: scenario.answerDelayMs }],
    });
    tasks.push({ id: t.id, createdAt: Date.parse(t.createdAt), startAtMs, bench });
  }
  const taskIds = Array.from({ length: scenario.waits }, (_, i) => tasks[scenario.sameTask ? 0 : i]!.id);
  const load = scenario.loaded === true ? await startCpuLoad() : undefined;
  let report: WorkerReport;
  try {
    report = await runWorker(
      {
        url: emulator.url,
        projectId: emulator.projectId,
        accessKey: emulator.credentials.accessKey,
        secretKey: emulator.credentials.secretKey,
        timeScale: S,
        originMs: Date.now(),
        taskIds,
      },
      config.workerTimeoutMs,
    );
  } finally {
    await load?.stop();
  }

  const truths = new Map<string, TimelineTruth>();
  const byId = new Map(tasks.map((t) => [t.id, t]));
  let slowestReadyMs = report.startedMs;
  const excessVirtual: number[] = [];
  const perTaskRate: number[] = [];
  let apiCalls = 0;
  let recordCalls = 0;
  for (const t of tasks) {
    const counters = await emulator.control.taskRequests(t.id);
    apiCalls += counters.requests;
    const { record, logs } = await emulator.control.recordRequests(t.id);
    recordCalls += record.requests + logs.requests;
    const waitsOfTask = report.waits.filter((w) => w.taskId === t.id);
    const spanMs = Math.max(...waitsOfTask.map((w) => w.endedMs)) - Math.min(...waitsOfTask.map((w) => w.firstSendMs));
    perTaskRate.push(counters.requests / ((spanMs * S) / 60_000));
    await emulator.control.deleteTask(t.id);
  }
  for (const w of report.waits) {
    const t = byId.get(w.taskId)!;
    let truth = truths.get(t.bench.name);
    if (truth === undefined) {
      truth = timelineTruth(t.bench.timeline, options);
      truths.set(t.bench.name, truth);
    }
    const toTimeline = (realMs: number): number => t.startAtMs + (realMs - t.createdAt) * S;
    const earliest = earliestVerdict(truth, toTimeline(w.firstSendMs)).earliestMs;
    slowestReadyMs = Math.max(slowestReadyMs, t.createdAt + (earliest - t.startAtMs) / S);
    excessVirtual.push((toTimeline(w.endedMs) - earliest) / 1000);
  }
  const wallS = (report.endedMs - report.startedMs) / 1000;
  const slowestReadyS = (slowestReadyMs - report.startedMs) / 1000;
  const medianPollsPerWait = median(report.waits.map((w) => w.polls));
  return {
    waits: scenario.waits,
    sameTask: scenario.sameTask,
    loadProcesses: load?.processes ?? 0,
    tasks: taskCount,
    timeScale: S,
    answerDelayMs: scenario.answerDelayMs,
    wallS,
    slowestReadyS,
    overshootS: wallS - slowestReadyS,
    medianExcessVirtualS: median(excessVirtual),
    maxExcessVirtualS: Math.max(...excessVirtual),
    failedWaits: report.waits.filter((w) => w.error !== undefined).length,
    apiCalls,
    recordCalls,
    medianPollsPerWait,
    callsPerTaskPerMinute: median(perTaskRate),
    requestsPerPoll: apiCalls / (taskCount * medianPollsPerWait),
    peakRssMB: report.peakRssBytes / 2 ** 20,
    vmHwmMB: report.vmHwmBytes === undefined ? undefined : report.vmHwmBytes / 2 ** 20,
  };
}

/** The client's cap on requests in flight, quoted in the results. */
export const CLIENT_CONCURRENCY_CAP = CLIENT_DEFAULTS.maxConcurrentRequests;
