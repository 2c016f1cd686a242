import type { MigrationLogEntry } from "../dcs/migrationTaskRecord";
import type { GetMigrationStatsResult } from "../dcs/migrationStats";
import type { TaskConsult } from "./taskRecordObservation";

/**
 * Where a migration stands, as the waiter sees it:
 * - `full-sync`: progress below `requiredProgress`;
 * - `converging`: progress reached, key counts (or offset) still outside tolerance;
 * - `stabilizing`: every criterion holds, waiting out `stableForSeconds`;
 * - `complete`: the gate opened.
 */
export type WaitPhase = "full-sync" | "converging" | "stabilizing" | "complete";

interface WaitEventBase {
  readonly taskId: string;
  /** Seconds since this wait started (this attempt, when resumed). */
  readonly elapsedSeconds: number;
  /** Stats reads so far, failed ones and resumed attempts included. */
  readonly polls: number;
}

/** One successful read of the stats. */
export interface WaitObservationEvent extends WaitEventBase {
  readonly type: "observation";
  readonly phase: WaitPhase;
  readonly stats: GetMigrationStatsResult;
  /** Key difference still accepted for this source size. */
  readonly keyTolerance: number;
  /** How long the criteria have held without a break (0 unless `stabilizing` or `complete`). */
  readonly stableSeconds: number;
  /** The stability window the gate waits out. */
  readonly stableForSeconds: number;
  /** Estimated seconds until the gate opens (window included); undefined when no trend is known yet. */
  readonly etaSeconds: number | undefined;
  /** Seconds until the next read; undefined once the wait is over. */
  readonly nextPollSeconds: number | undefined;
}

/** Progress went down between two reads: the task restarted a full sync (FACTS.md §2). */
export interface WaitRegressionEvent extends WaitEventBase {
  readonly type: "regression";
  readonly stats: GetMigrationStatsResult;
  readonly previousProgress: number;
}

/** A read failed in a way that may pass; the wait goes on. */
export interface WaitTransientErrorEvent extends WaitEventBase {
  readonly type: "transient-error";
  readonly error: Error;
  /** Failed reads in a row, this one included. */
  readonly consecutiveErrors: number;
  readonly lastStats: GetMigrationStatsResult | undefined;
  readonly nextPollSeconds: number;
}

/** The task's own record was read (ShowMigrationTask): at the start, and when the stats would end the wait. */
export interface WaitTaskStatusEvent extends WaitEventBase {
  readonly type: "task-status";
  /** The API's status word, e.g. `FULLMIGRATING`, `FAILED`. */
  readonly status: string;
  /** Why it was read now. */
  readonly consult: TaskConsult;
  /** The newest ERROR line of the task's log, read when the status says the migration failed. */
  readonly reason?: MigrationLogEntry | undefined;
}

/**
 * The task's record could not be read (a policy that allows only `/stats` answers 403; an
 * endpoint without the path, 404); reported once per wait, which goes on with the stats alone.
 */
export interface WaitTaskStatusUnavailableEvent extends WaitEventBase {
  readonly type: "task-status-unavailable";
  readonly error: Error;
  /** True when asking again is pointless (refused or not served); the wait then stops asking. */
  readonly permanent: boolean;
}

/** What `waitForCompletion` reports through `onEvent`. */
export type WaitEvent =
  | WaitObservationEvent
  | WaitRegressionEvent
  | WaitTransientErrorEvent
  | WaitTaskStatusEvent
  | WaitTaskStatusUnavailableEvent;
