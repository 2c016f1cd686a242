import type { StatsReader, GetMigrationStatsResult } from "../provider/dcs";
import { checkCriteria, type WaitOptions } from "../provider/waiter";
import type { Clock } from "../provider/core";

/** How a wait ended, and when (epoch ms of the answer that decided it). */
export interface GateOutcome {
  readonly kind: "complete" | "failed" | "stalled" | "timeout";
  readonly at: number;
  readonly polls: number;
}

/** The fixed interval of the baseline: Huawei's Terraform provider and the usual shell loop poll every 10 s (FACTS.md §5). */
export const BASELINE_INTERVAL_MS = 10_000;

function changed(a: GetMigrationStatsResult | undefined, b: GetMigrationStatsResult): boolean {
  return (
    a === undefined ||
    a.fullMigrationProgress !== b.fullMigrationProgress ||
    a.sourceDbsize !== b.sourceDbsize ||
    a.targetDbsize !== b.targetDbsize ||
    a.offset !== b.offset
  );
}

/**
 * BASELINE, not product code: what the waiter is measured against. A fixed-interval loop
 * (read, sleep 10 s, repeat — a Terraform `StateChangeConf` with a fixed `PollInterval`, or
 * `until check; do sleep 10; done`) that applies exactly the waiter's rules: the same pure
 * `checkCriteria`, the same stability window dated by send time, an ended task with the data
 * in place opens at once, stall and total timeouts as in `WaitOptions`. Only the schedule differs.
 */
export async function fixedIntervalBaseline(
  reader: StatsReader,
  taskId: string,
  clock: Clock,
  options: WaitOptions,
  intervalMs: number = BASELINE_INTERVAL_MS,
): Promise<GateOutcome> {
  const startedAt = clock.now();
  const deadline = startedAt + options.timeoutSeconds * 1000;
  let polls = 0;
  let stableSince: number | undefined;
  let lastChangeAt = startedAt;
  let last: GetMigrationStatsResult | undefined;
  for (;;) {
    const sentAt = clock.now();
    const stats = await reader.getMigrationStats(taskId);
    const at = clock.now();
    polls += 1;
    if (changed(last, stats)) lastChangeAt = sentAt;
    last = stats;
    const met = checkCriteria(stats, options).met;
    if (!stats.isMigrating) return { kind: met ? "complete" : "failed", at, polls };
    stableSince = met ? (stableSince ?? sentAt) : undefined;
    if (stableSince !== undefined && sentAt - stableSince >= options.stableForSeconds * 1000) {
      return { kind: "complete", at, polls };
    }
    if (at >= deadline) return { kind: "timeout", at, polls };
    if (!met && sentAt - lastChangeAt >= options.stallTimeoutSeconds * 1000) return { kind: "stalled", at, polls };
    await clock.sleep(intervalMs);
  }
}
