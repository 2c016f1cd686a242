import { statsWireObject } from "../emulator/statsBody";
import type { Timeline } from "../emulator/timeline";
import { phasesDurationMs } from "../emulator/timelineProgress";
import { statsAt } from "../emulator/timelineStats";
import { type GetMigrationStatsResult, parseStats } from "../provider/dcs";
import { checkCriteria, type WaitOptions } from "../provider/waiter";

/**
 * The best any waiter could do on a timeline, computed from the timeline itself (never from a
 * waiter's run): when the criteria came to hold for good, and the earliest moment a wait that
 * started at `startMs` could have opened the gate (or failed). Timeline ms throughout.
 */
export type EarliestVerdict =
  | {
      readonly kind: "complete";
      /** When the criteria started to hold in the run that opens the gate (true completion). */
      readonly completedAtMs: number;
      /** max(true completion, wait start) + stability window; an ended task opens on its first read. */
      readonly earliestMs: number;
    }
  | {
      readonly kind: "stalled" | "failed";
      /** When the stats last changed (stall) or the task ended (failed). */
      readonly sinceMs: number;
      /** max(since, wait start) + stall timeout (stall); max(end, wait start) (failed). */
      readonly earliestMs: number;
    };

const GRID_MS = 100;

function readAt(timeline: Timeline, ms: number): GetMigrationStatsResult {
  return parseStats(statsWireObject(statsAt(timeline, ms), "number"), { taskId: "t", projectId: "p", observedAt: "" });
}

const sameStats = (a: GetMigrationStatsResult, b: GetMigrationStatsResult): boolean =>
  a.fullMigrationProgress === b.fullMigrationProgress &&
  a.sourceDbsize === b.sourceDbsize &&
  a.targetDbsize === b.targetDbsize &&
  a.offset === b.offset &&
  a.isMigrating === b.isMigrating;

/** The first ms in (lo, hi] where `pred` turns from its value at `lo`; pred(lo) !== pred(hi). */
function firstFlip(lo: number, hi: number, pred: (ms: number) => boolean): number {
  const start = pred(lo);
  let a = lo;
  let b = hi;
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (pred(mid) === start) a = mid;
    else b = mid;
  }
  return b;
}

/** Everything after this is frozen or holds forever. */
function horizonMs(timeline: Timeline, options: WaitOptions): number {
  const settle = phasesDurationMs(timeline) + timeline.convergeMs;
  const end = timeline.end === undefined ? settle : Math.min(settle, timeline.end.atMs);
  return end + (options.stableForSeconds + options.stallTimeoutSeconds) * 1000 + 60_000;
}

/** What a timeline does, independent of when a wait starts: its satisfying runs, end and last change. */
export interface TimelineTruth {
  readonly runs: ReadonlyArray<{ readonly from: number; readonly to: number }>;
  readonly endMs: number | undefined;
  /** When the stats took the value they keep (meaningful when the timeline never completes). */
  readonly lastChangeMs: number;
  readonly windowMs: number;
  readonly stallMs: number;
}

/** Scans a timeline once on a 100 ms grid, refining every change to the millisecond. */
export function timelineTruth(timeline: Timeline, options: WaitOptions): TimelineTruth {
  const met = (ms: number): boolean => checkCriteria(readAt(timeline, ms), options).met;
  const horizon = horizonMs(timeline, options);
  const runs: Array<{ from: number; to: number }> = [];
  let prevMet = met(0);
  let runStart: number | undefined = prevMet ? 0 : undefined;
  let prevStats = readAt(timeline, 0);
  let lastChangeStep: number | undefined;
  for (let t = GRID_MS; t <= horizon; t += GRID_MS) {
    const stats = readAt(timeline, t);
    if (!sameStats(prevStats, stats)) lastChangeStep = t;
    prevStats = stats;
    const now = checkCriteria(stats, options).met;
    if (now !== prevMet) {
      const flip = firstFlip(t - GRID_MS, t, met);
      if (now) runStart = flip;
      else if (runStart !== undefined) {
        runs.push({ from: runStart, to: flip });
        runStart = undefined;
      }
      prevMet = now;
    }
  }
  if (runStart !== undefined) runs.push({ from: runStart, to: Number.POSITIVE_INFINITY });
  let lastChangeMs = 0;
  if (lastChangeStep !== undefined) {
    const final = readAt(timeline, lastChangeStep);
    lastChangeMs = firstFlip(lastChangeStep - GRID_MS, lastChangeStep, (ms) => sameStats(final, readAt(timeline, ms)));
  }
  return {
    runs,
    endMs: timeline.end?.atMs,
    lastChangeMs,
    windowMs: options.stableForSeconds * 1000,
    stallMs: options.stallTimeoutSeconds * 1000,
  };
}

/** The earliest verdict for a wait whose first read goes out at timeline ms `startMs`. */
export function earliestVerdict(truth: TimelineTruth, startMs: number): EarliestVerdict {
  const { runs, endMs, windowMs } = truth;
  let best: { completedAtMs: number; earliestMs: number } | undefined;
  const consider = (completedAtMs: number, earliestMs: number): void => {
    if (best === undefined || earliestMs < best.earliestMs) best = { completedAtMs, earliestMs };
  };
  for (const run of runs) {
    if (endMs !== undefined && run.from >= endMs) {
      // Ended with the data in place: the first read after the end opens the gate.
      consider(run.from, Math.max(run.from, startMs));
      continue;
    }
    const s = Math.max(run.from, startMs);
    const endsWithTask = endMs !== undefined && run.to === Number.POSITIVE_INFINITY;
    const to = endsWithTask && endMs !== undefined ? endMs : run.to;
    if (to - s >= windowMs) consider(run.from, s + windowMs);
    else if (endsWithTask && endMs !== undefined) consider(run.from, Math.max(endMs, startMs));
  }
  if (best !== undefined) return { kind: "complete", ...best };
  if (endMs !== undefined) return { kind: "failed", sinceMs: endMs, earliestMs: Math.max(endMs, startMs) };
  return { kind: "stalled", sinceMs: truth.lastChangeMs, earliestMs: Math.max(truth.lastChangeMs, startMs) + truth.stallMs };
}
