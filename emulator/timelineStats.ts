import type { StatsFields } from "./statsFields";
import type { Timeline, TimelineEndReason } from "./timeline";
import { progressAt } from "./timelineProgress";

/**
 * The stats a scripted task reports `elapsedMs` (virtual) after it started.
 * A pure function of its arguments: the emulator calls it per request with the
 * task's scaled clock, and the benchmarks call it on a virtual clock without HTTP.
 *
 * - progress: the phases, floored to a whole percent so 100 is only reported once
 *   really reached (a long tail shows 99 until its very end);
 * - target keys: `extraTargetKeys` + a share of the copyable keys (source minus
 *   `missingKeys`) following progress, short by `lagKeys` at first 100 %, draining
 *   linearly over `convergeMs`;
 * - offset: shrinks from `syncOffset` with progress, then from the keys still in
 *   flight, to `finalOffset`;
 * - traffic: sync rates while a ramp copies, incremental rates at 100, zero while
 *   stalled below 100 or after the end;
 * - after `end.atMs`: `is_migrating` false and every value frozen as it was then.
 */
export function statsAt(timeline: Timeline, elapsedMs: number): StatsFields {
  const ended = timeline.end !== undefined && elapsedMs >= timeline.end.atMs;
  const t = ended && timeline.end !== undefined ? timeline.end.atMs : Math.max(0, elapsedMs);
  const point = progressAt(timeline, t);
  const copyable = Math.max(0, timeline.sourceKeys - timeline.missingKeys);
  const lag = Math.min(timeline.lagKeys, copyable);

  let copied: number;
  let offset: number;
  if (point.reached100AtMs === undefined) {
    const share = Math.min(100, Math.max(0, point.progress)) / 100;
    copied = Math.floor((copyable - lag) * share);
    offset = timeline.finalOffset + Math.ceil(timeline.syncOffset * (1 - share)) + lag;
  } else {
    const since = t - point.reached100AtMs;
    const drained = timeline.convergeMs > 0 ? Math.min(1, since / timeline.convergeMs) : 1;
    const inFlight = Math.ceil(lag * (1 - drained));
    copied = copyable - inFlight;
    offset = timeline.finalOffset + inFlight;
  }

  let kbps = 0;
  let ops = 0;
  if (!ended) {
    if (point.ramping) {
      kbps = timeline.syncKbps;
      ops = timeline.syncOps;
    } else if (point.reached100AtMs !== undefined) {
      kbps = timeline.incrementalKbps;
      ops = timeline.incrementalOps;
    }
  }

  return {
    fullMigrationProgress: Math.min(100, Math.floor(point.progress + 1e-9)),
    offset,
    sourceDbsize: timeline.sourceKeys,
    targetDbsize: timeline.extraTargetKeys + copied,
    targetInputKbps: kbps,
    targetOps: ops,
    isMigrating: !ended,
  };
}

/**
 * The same timeline, ended at `atMs` unless it already ended earlier: what
 * stopping a running task does (the control API's stop). Pure.
 */
export function endTimeline(timeline: Timeline, atMs: number, reason: TimelineEndReason): Timeline {
  if (timeline.end !== undefined && timeline.end.atMs <= atMs) return timeline;
  return { ...timeline, end: { atMs: Math.max(0, atMs), reason } };
}
