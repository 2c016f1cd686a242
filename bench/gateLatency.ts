import {
  isWaitError,
  MigrationFailedError,
  MigrationStalledError,
  WaitTimeoutError,
  resolveWaitOptions,
  type WaitOptions,
  waitForCompletion,
} from "../provider/waiter";
import type { Timeline } from "../emulator/timeline";
import type { BenchTimeline } from "./benchTimelines";
import { earliestVerdict, timelineTruth, type EarliestVerdict, type TimelineTruth } from "./earliestVerdict";
import { fixedIntervalBaseline, type GateOutcome } from "./fixedIntervalBaseline";
import { median, percentile } from "./percentile";
import { seededRandom } from "./seededRandom";
import { TimelineStatsReader, uniformLatency, type ReadLatency } from "./timelineStatsReader";
import { VirtualClock } from "../tests/support/virtualClock";

/** Knobs of the simulated gate-latency benchmark. */
export const GATE_LATENCY_DEFAULTS = {
  /** Start offsets per timeline, spread evenly over one baseline interval (the phase jitter). */
  offsets: 20,
  /** The spread of the start offsets, ms. */
  offsetSpanMs: 10_000,
  /** Simulated request latency range, ms (a cross-region API call). */
  latencyMinMs: 80,
  latencyMaxMs: 250,
} as const;

export type GateLatencyConfig = typeof GATE_LATENCY_DEFAULTS;

/** Virtual epoch of timeline time 0; any fixed date works. */
export const EPOCH = Date.parse("2025-01-01T00:00:00.000Z");

/** One wait's result against the truth. */
export interface GateRun {
  readonly startMs: number;
  readonly kind: GateOutcome["kind"];
  /** Outcome time minus the earliest possible one (timeline ms); negative would mean opening too soon. */
  readonly excessMs: number;
  readonly polls: number;
}

export interface TimelineResult {
  readonly name: string;
  readonly story: string;
  readonly expected: EarliestVerdict["kind"];
  readonly waiter: readonly GateRun[];
  readonly baseline: readonly GateRun[];
}

async function runOurWaiter(reader: TimelineStatsReader, clock: VirtualClock, options: WaitOptions): Promise<GateOutcome> {
  try {
    const result = await waitForCompletion({ reader, taskId: "bench-task", options, clock });
    return { kind: "complete", at: clock.now(), polls: result.polls };
  } catch (e) {
    if (!isWaitError(e)) throw e;
    const kind =
      e instanceof MigrationStalledError ? "stalled" : e instanceof MigrationFailedError ? "failed" : e instanceof WaitTimeoutError ? "timeout" : undefined;
    if (kind === undefined) throw e;
    return { kind, at: clock.now(), polls: e.polls };
  }
}

/** Which gate a run measures: our waiter, or the fixed 10 s BASELINE. */
export type Gate = "waiter" | "baseline";

/** One simulated wait on the virtual clock, started at timeline ms `startMs`. */
export async function simulateWait(
  who: Gate,
  timeline: Timeline,
  truth: TimelineTruth,
  startMs: number,
  latency: ReadLatency,
  options: WaitOptions,
): Promise<GateRun> {
  const clock = new VirtualClock(EPOCH + startMs, { record: false });
  const reader = new TimelineStatsReader(timeline, clock, EPOCH, latency);
  const outcome =
    who === "waiter" ? await runOurWaiter(reader, clock, options) : await fixedIntervalBaseline(reader, "bench-task", clock, options);
  const best = earliestVerdict(truth, startMs);
  return { startMs, kind: outcome.kind, excessMs: outcome.at - EPOCH - best.earliestMs, polls: outcome.polls };
}

/** Plays one timeline from every start offset with the waiter and with the fixed 10 s baseline. */
export async function measureTimeline(
  bench: BenchTimeline,
  index: number,
  config: GateLatencyConfig = GATE_LATENCY_DEFAULTS,
  partialOptions: Partial<WaitOptions> = {},
): Promise<TimelineResult> {
  const options = resolveWaitOptions(partialOptions);
  const truth = timelineTruth(bench.timeline, options);
  const waiter: GateRun[] = [];
  const baseline: GateRun[] = [];
  for (let k = 0; k < config.offsets; k++) {
    const startMs = (k * config.offsetSpanMs) / config.offsets;
    for (const who of ["waiter", "baseline"] as const) {
      // Same seed for both, so both see the same latencies read for read.
      const latency = uniformLatency(config.latencyMinMs, config.latencyMaxMs, seededRandom(1000 * index + k + 1));
      const run = await simulateWait(who, bench.timeline, truth, startMs, latency, options);
      (who === "waiter" ? waiter : baseline).push(run);
    }
  }
  return { name: bench.name, story: bench.story, expected: earliestVerdict(truth, 0).kind, waiter, baseline };
}

/** The figures of one side (waiter or baseline) of a timeline. */
export interface SideSummary {
  readonly medianExcessS: number;
  readonly p90ExcessS: number;
  readonly medianCalls: number;
  readonly p90Calls: number;
  /** Runs whose outcome differed from the truth, or that opened before the earliest possible moment. */
  readonly wrong: number;
}

export function summarizeSide(runs: readonly GateRun[], expected: EarliestVerdict["kind"]): SideSummary {
  const excess = runs.map((r) => r.excessMs / 1000);
  const calls = runs.map((r) => r.polls);
  return {
    medianExcessS: median(excess),
    p90ExcessS: percentile(excess, 90),
    medianCalls: median(calls),
    p90Calls: percentile(calls, 90),
    wrong: runs.filter((r) => r.kind !== expected || r.excessMs < 0).length,
  };
}
