import type { GetMigrationStatsResult } from "../dcs/migrationStats";

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

/** What `waitForCompletion` reports through `onEvent`. */
export type WaitEvent = WaitObservationEvent | WaitRegressionEvent | WaitTransientErrorEvent;
