import type { EmulatorHandle } from "../emulator/startEmulator";
import { sharedDcsClient, type StatsReader } from "../provider/dcs";
import { resolveSettings } from "../provider/settings";
import { resolveWaitOptions, waitForCompletion } from "../provider/waiter";
import type { BenchTimeline } from "./benchTimelines";
import { earliestVerdict, timelineTruth } from "./earliestVerdict";
import { simulateWait } from "./gateLatency";
import { ScaledClock } from "../tests/support/scaledClock";
import { median } from "./percentile";
import { replayedLatency } from "./timelineStatsReader";

/** One timeline played in real time against the emulator, next to its simulation from the same start. */
export interface RealTimeAgreement {
  readonly timeline: string;
  readonly timeScale: number;
  /** Real seconds the wait took. */
  readonly realSeconds: number;
  /** Median and largest read latency of the real run, timeline ms. */
  readonly latencyMedianMs: number;
  readonly latencyMaxMs: number;
  /** Timeline seconds of the first read (the simulation starts there too). */
  readonly startS: number;
  readonly real: { readonly openedS: number; readonly excessS: number; readonly polls: number; readonly emulatorRequests: number };
  readonly simulated: { readonly openedS: number; readonly excessS: number; readonly polls: number };
  /** |real − simulated| gate-open time, timeline seconds. */
  readonly differenceS: number;
  /** Within one poll interval, and at most one read apart. */
  readonly agrees: boolean;
}

/**
 * Runs the real waiter with the real shared client against a scripted emulator task that
 * plays `bench` `timeScale` times faster, the waiter on a clock scaled alike; then simulates
 * the same timeline from the same first-read moment with the read latencies the real run saw.
 */
export async function realTimeAgreement(emulator: EmulatorHandle, bench: BenchTimeline, timeScale: number): Promise<RealTimeAgreement> {
  const options = resolveWaitOptions({});
  // Held back 5 ms like a real gateway's round trip (150 ms of timeline time at 30×).
  const task = await emulator.control.createTask({
    kind: "scripted",
    timeline: bench.timeline,
    timeScale,
    faults: [{ kind: "delay", delayMs: 5 }],
  });
  const createdAt = Date.parse(task.createdAt);
  const toTimelineMs = (realMs: number): number => (realMs - createdAt) * timeScale;
  const client = sharedDcsClient(
    resolveSettings(
      { endpoint: emulator.url, projectId: emulator.projectId, accessKey: emulator.credentials.accessKey, secretKey: emulator.credentials.secretKey },
      { env: {} },
    ),
  );
  const sends: number[] = [];
  const latencies: number[] = [];
  const reader: StatsReader = {
    async getMigrationStats(taskId, opts) {
      const sent = performance.now();
      sends.push(Date.now());
      const stats = await client.getMigrationStats(taskId, opts);
      latencies.push(performance.now() - sent);
      return stats;
    },
  };
  const began = Date.now();
  const result = await waitForCompletion({ reader, taskId: task.id, options, clock: new ScaledClock(timeScale, createdAt, { subMillisecond: true }) });
  const opened = Date.now();
  const emulatorRequests = (await emulator.control.taskRequests(task.id)).requests;
  await emulator.control.deleteTask(task.id);

  const truth = timelineTruth(bench.timeline, options);
  const startMs = toTimelineMs(sends[0] ?? began);
  const earliest = earliestVerdict(truth, startMs).earliestMs;
  const openedMs = toTimelineMs(opened);
  // The simulation replays the latencies the real run saw, in timeline ms.
  const replay = replayedLatency(latencies.map((ms) => ms * timeScale));
  const sim = await simulateWait("waiter", bench.timeline, truth, startMs, replay, options);
  const simOpenedMs = earliest + sim.excessMs;
  const differenceS = Math.abs(openedMs - simOpenedMs) / 1000;
  return {
    timeline: bench.name,
    timeScale,
    realSeconds: (opened - began) / 1000,
    latencyMedianMs: median(latencies) * timeScale,
    latencyMaxMs: Math.max(...latencies) * timeScale,
    startS: startMs / 1000,
    real: { openedS: openedMs / 1000, excessS: (openedMs - earliest) / 1000, polls: result.polls, emulatorRequests },
    simulated: { openedS: simOpenedMs / 1000, excessS: sim.excessMs / 1000, polls: sim.polls },
    differenceS,
    agrees: differenceS <= options.pollIntervalSeconds && Math.abs(result.polls - sim.polls) <= 1,
  };
}
