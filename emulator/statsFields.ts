/**
 * What one stats answer says, before it is put on the wire: the seven fields of
 * `ShowMigrationTaskStats` (FACTS.md §1) as plain numbers. Both kinds of task
 * (scripted timelines and Redis-backed migrations) produce this shape; how it is
 * written out (numbers or strings) is decided by {@link renderStatsBody}.
 */
export interface StatsFields {
  /** Full-migration progress, 0–100. */
  readonly fullMigrationProgress: number;
  /** Incremental-migration offset; 0 means no difference (FACTS.md §1). */
  readonly offset: number;
  readonly sourceDbsize: number;
  readonly targetDbsize: number;
  readonly targetInputKbps: number;
  readonly targetOps: number;
  readonly isMigrating: boolean;
}

/** The wire names of {@link StatsFields}, in the order the API page lists them. */
export const STATS_WIRE_FIELDS = [
  "full_migration_progress",
  "offset",
  "source_dbsize",
  "target_dbsize",
  "target_input_kbps",
  "target_ops",
  "is_migrating",
] as const;

export type StatsWireField = (typeof STATS_WIRE_FIELDS)[number];
