import type { ReadFreshness } from "../http/inFlightRequests";
import type { GetMigrationStatsResult } from "./migrationStats";

export type { ReadFreshness } from "../http/inFlightRequests";

/** A read with the moment its request left, on the clock the caller passed. */
export interface DatedStats {
  readonly stats: GetMigrationStatsResult;
  /** Epoch ms on the caller's clock; earlier than the call when another caller's read was shared. */
  readonly sentAt: number;
  /**
   * When the answer came, on the same clock: for a shared read, when it came to the caller that
   * sent it, so every wait sharing it plans its next read from the same moment.
   */
  readonly answeredAt: number;
}

/**
 * Anything that can read one task's migration stats: the real `DcsClient`,
 * or a scripted fake in tests. The waiter and the CLI depend on this shape only,
 * so neither needs to know how requests are signed or retried.
 */
export interface StatsReader {
  /**
   * One read of `GET /v2/{project_id}/migration-task/{task_id}/stats`, retries included.
   * Rejects with the error classes of `./apiErrors.ts` and `../core/errors.ts` (ApiError, TaskNotFoundError,
   * NetworkError, ResponseFormatError, ConfigurationError, AbortedError).
   */
  getMigrationStats(taskId: string, opts?: { signal?: AbortSignal }): Promise<GetMigrationStatsResult>;
  /**
   * Optional: one read that another caller's read of the same task may answer when it was sent
   * recently enough by `freshness` (in flight or already answered), dated by when it was sent.
   * Waits on one task in one process share requests through it even when their timers fire a
   * little apart. Readers without it are read with {@link getMigrationStats}, dated by the call.
   */
  getSharedMigrationStats?(
    taskId: string,
    opts: { readonly signal?: AbortSignal | undefined; readonly freshness: ReadFreshness },
  ): Promise<DatedStats>;
}
