import type { GetMigrationStatsResult } from "../dcs/migrationStats";
import { formatCount } from "./formatCount";

/** Shortens a task id for progress lines; long ids are UUID-like and unique in their first 8 characters. */
export function shortTaskId(taskId: string): string {
  return taskId.length > 12 ? `${taskId.slice(0, 8)}…` : taskId;
}

/** Progress as people write it: `87.5%`, `100%`. */
export function formatPercent(progress: number): string {
  return `${Number.isInteger(progress) ? progress : Number(progress.toFixed(2))}%`;
}

/**
 * `keys 480 113 / 531 221 (Δ 51 108)` — target over source, and how many keys the target still
 * lacks; a negative Δ means the target holds extra keys (FACTS.md §2).
 */
export function formatKeys(stats: GetMigrationStatsResult): string {
  return `keys ${formatCount(stats.targetDbsize)} / ${formatCount(stats.sourceDbsize)} (Δ ${formatCount(stats.keyDelta)})`;
}

/** The last stats, in full, for error messages. */
export function describeStats(stats: GetMigrationStatsResult): string {
  return (
    `${formatPercent(stats.fullMigrationProgress)} full migration, ${formatKeys(stats)}, ` +
    `offset ${stats.offset}, ${formatCount(stats.targetOps)} ops/s, is_migrating ${stats.isMigrating}, ` +
    `observed ${stats.observedAt}`
  );
}
