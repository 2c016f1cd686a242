import type { StatsFields } from "../statsFields";
import { infoNumber, keyspaceKeys } from "./redisInfo";

/** One look at both servers, as the stats mapping needs it. */
export interface ReplicationSnapshot {
  /** `INFO replication stats keyspace persistence` of the source, parsed. */
  readonly sourceInfo: ReadonlyMap<string, string>;
  /** Same for the target. */
  readonly targetInfo: ReadonlyMap<string, string>;
  /** DBSIZE of the source; undefined when it answered an error. */
  readonly sourceDbsize: number | undefined;
  /** DBSIZE of the target; undefined while it answers `-LOADING` (FACTS.md §6). */
  readonly targetDbsize: number | undefined;
  /** Whether the task is still migrating (not stopped, not failed). */
  readonly migrating: boolean;
  /** Progress reported before, kept once the target is no longer a replica (after a stop). */
  readonly previousProgress: number;
}

/**
 * Maps two real Redis servers in a REPLICAOF migration onto the stats answer (FACTS.md §6):
 *
 * - progress: 100 once the replica's `master_link_status` is `up`; during a full
 *   sync, the first half follows the RDB transfer (`master_sync_read_bytes` /
 *   `master_sync_total_bytes`, which read −1 while the source is still writing the
 *   RDB) and the second half the RDB load (`loading_loaded_perc`), capped at 99;
 *   0 while connecting. It falls back when the link breaks and a new full sync
 *   starts, as real migrations do (FACTS.md §2). Once the target is no longer a
 *   replica (the task was stopped), the last progress is kept.
 * - key counts: DBSIZE, or INFO keyspace while DBSIZE answers `-LOADING`;
 * - kbps: the target's `instantaneous_input_kbps` plus `instantaneous_input_repl_kbps`
 *   (Redis 7 counts replication traffic separately); ops: `instantaneous_ops_per_sec`;
 * - offset: source `master_repl_offset` − target `slave_repl_offset`, never negative.
 */
export function replicationStats(s: ReplicationSnapshot): StatsFields {
  return {
    fullMigrationProgress: progressOf(s),
    offset: offsetOf(s),
    sourceDbsize: s.sourceDbsize ?? keyspaceKeys(s.sourceInfo),
    targetDbsize: s.targetDbsize ?? keyspaceKeys(s.targetInfo),
    targetInputKbps: round2((infoNumber(s.targetInfo, "instantaneous_input_kbps") ?? 0) +
      (infoNumber(s.targetInfo, "instantaneous_input_repl_kbps") ?? 0)),
    targetOps: infoNumber(s.targetInfo, "instantaneous_ops_per_sec") ?? 0,
    isMigrating: s.migrating,
  };
}

function progressOf(s: ReplicationSnapshot): number {
  const t = s.targetInfo;
  if (t.get("role") !== "slave") return s.previousProgress;
  if (t.get("master_link_status") === "up") return 100;
  if (t.get("master_sync_in_progress") !== "1") return 0;
  const total = infoNumber(t, "master_sync_total_bytes") ?? -1;
  const read = infoNumber(t, "master_sync_read_bytes") ?? 0;
  const transferred = total > 0 ? Math.min(1, read / total) : 0;
  const loaded = t.get("loading") === "1" ? Math.min(100, infoNumber(t, "loading_loaded_perc") ?? 0) : 0;
  return Math.min(99, Math.floor(50 * transferred + 0.49 * loaded));
}

function offsetOf(s: ReplicationSnapshot): number {
  const source = infoNumber(s.sourceInfo, "master_repl_offset") ?? 0;
  const target =
    infoNumber(s.targetInfo, "slave_repl_offset") ?? infoNumber(s.targetInfo, "master_repl_offset") ?? 0;
  return Math.max(0, source - target);
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
