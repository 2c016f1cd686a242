import type { GetMigrationStatsResult } from "./migrationStats";

/**
 * Anything that can read one task's migration stats: the real `DcsClient`,
 * or a scripted fake in tests. The waiter and the CLI depend on this shape only,
 * so neither needs to know how requests are signed or retried.
 */
export interface StatsReader {
  /**
   * One read of `GET /v2/{project_id}/migration-task/{task_id}/stats`, retries included.
   * Rejects with the error classes of `./errors` (ApiError, TaskNotFoundError,
   * NetworkError, ResponseFormatError, ConfigurationError, AbortedError).
   */
  getMigrationStats(taskId: string, opts?: { signal?: AbortSignal }): Promise<GetMigrationStatsResult>;
}
