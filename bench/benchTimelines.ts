import { drop, hold, linear, TIMELINE_DEFAULTS, type Timeline } from "../emulator/timeline";
import { presetTimeline } from "../emulator/timelinePresets";

/** One scripted migration of the latency benchmark. */
export interface BenchTimeline {
  readonly name: string;
  /** What it models, for the table. */
  readonly story: string;
  readonly timeline: Timeline;
  /**
   * Times progress falls back (a resync). `pollIntervalSeconds` is a strict ceiling on every gap,
   * so the early reads aimed at a completion that a resync took back cannot be won back with a
   * longer gap: the waiter forgives them and aims again, at the cost of at most one read more than
   * the fixed loop per resync. The bench allows exactly that many. @default 0
   */
  readonly resyncs?: number;
}

const MINUTE = 60_000;
/** The main ramp: a 20-minute full sync. */
export const BENCH_RAMP_MS = 20 * MINUTE;

/**
 * The migrations the gate is measured on (FACTS.md §2 for why each happens). Built from the
 * emulator's presets and phase helpers, so the emulator serves exactly the same stories.
 */
export function benchTimelines(d: number = BENCH_RAMP_MS): BenchTimeline[] {
  return [
    { name: "linear", story: "0→100 % at a constant rate", timeline: presetTimeline("linear", { durationMs: d }) },
    { name: "s-curve", story: "0→100 % slow–fast–slow", timeline: presetTimeline("s-curve", { durationMs: d }) },
    { name: "long-tail", story: "0→99 %, then the last 1 % takes 5 min", timeline: presetTimeline("long-tail", { durationMs: d }) },
    { name: "complete", story: "already complete when the wait starts", timeline: presetTimeline("complete") },
    {
      name: "converging",
      story: "100 %, key counts converge 3 min later",
      timeline: presetTimeline("converging", { durationMs: d }),
    },
    {
      name: "stall-resume",
      story: "stalls 4 min at 50 %, then resumes",
      timeline: { ...TIMELINE_DEFAULTS, phases: [linear(50, d / 2), hold(4 * MINUTE), linear(100, d / 2)] },
    },
    {
      name: "resync",
      story: "100 % for 20 s, falls back to 60 %, resyncs",
      resyncs: 1,
      timeline: { ...TIMELINE_DEFAULTS, phases: [linear(100, d), hold(20_000), drop(60), linear(100, 0.4 * d)] },
    },
    { name: "stall", story: "stops at 63 % for good (must fail as stalled)", timeline: presetTimeline("stall-63", { durationMs: d }) },
    { name: "fail", story: "task fails at 40 % (must fail at once)", timeline: presetTimeline("fail-40", { durationMs: d }) },
  ];
}
