import { type GetMigrationStatsResult, parseStats, type StatsReader } from "../provider/dcs";
import { statsWireObject } from "../emulator/statsBody";
import type { Timeline } from "../emulator/timeline";
import { statsAt } from "../emulator/timelineStats";
import type { VirtualClock } from "../tests/support/virtualClock";

/** How long the next simulated read takes, virtual ms. */
export type ReadLatency = () => number;

/** Latencies drawn uniformly from [minMs, maxMs] with `random`. */
export function uniformLatency(minMs: number, maxMs: number, random: () => number): ReadLatency {
  return () => minMs + (maxMs - minMs) * random();
}

/** The given latencies in order, the last one repeated: replays what a real run saw. */
export function replayedLatency(latenciesMs: readonly number[]): ReadLatency {
  let i = 0;
  return () => latenciesMs[Math.min(i++, latenciesMs.length - 1)] ?? 0;
}

/**
 * A {@link StatsReader} that answers from a timeline at virtual "now", with no HTTP: the same
 * pure `statsAt` the emulator serves, put through the same wire shape and the client's own
 * `parseStats`. Each read takes the next latency of `latency`; the server samples the task half-way.
 */
export class TimelineStatsReader implements StatsReader {
  /** Send times (virtual epoch ms) of every read. */
  readonly sentAt: number[] = [];
  constructor(
    private readonly timeline: Timeline,
    private readonly clock: VirtualClock,
    /** Virtual epoch ms of the timeline's time 0. */
    private readonly zeroMs: number,
    private readonly latency: ReadLatency,
  ) {}

  async getMigrationStats(taskId: string): Promise<GetMigrationStatsResult> {
    const sent = this.clock.now();
    this.sentAt.push(sent);
    const latencyMs = this.latency();
    const fields = statsAt(this.timeline, sent + latencyMs / 2 - this.zeroMs);
    this.clock.advance(latencyMs);
    await Promise.resolve();
    return parseStats(statsWireObject(fields, "number"), {
      taskId,
      projectId: "bench",
      observedAt: new Date(this.clock.now()).toISOString(),
    });
  }
}
