import { DcsMigrationError } from "../core/errors";
import type { GetMigrationStatsResult } from "../dcs/migrationStats";

/** Base of the waiter's verdicts; each carries the last stats seen. */
export class WaitError extends DcsMigrationError {
  override readonly name: string = "WaitError";
  readonly lastStats: GetMigrationStatsResult | undefined;
  readonly waitedSeconds: number;
  readonly polls: number;
  constructor(
    message: string,
    details: { lastStats?: GetMigrationStatsResult; waitedSeconds: number; polls: number },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.lastStats = details.lastStats;
    this.waitedSeconds = details.waitedSeconds;
    this.polls = details.polls;
  }
}

/** `is_migrating` turned false before the completion criteria held. */
export class MigrationFailedError extends WaitError {
  override readonly name: string = "MigrationFailedError";
}

/** Nothing moved (progress, key counts, offset) for the stall timeout. */
export class MigrationStalledError extends WaitError {
  override readonly name: string = "MigrationStalledError";
}

/** The total deadline passed before completion. */
export class WaitTimeoutError extends WaitError {
  override readonly name: string = "WaitTimeoutError";
}

export const isWaitError = (e: unknown): e is WaitError => e instanceof WaitError;
