/**
 * The normalized answer of `GET /v2/{project_id}/migration-task/{task_id}/stats`.
 *
 * The API page types every field as String while its own example sends numbers
 * (../shared/FACTS.md §1), so the parser accepts both and this is the one shape
 * the data source, the waiter, the CLI and the stack outputs all expose.
 * Named `GetXResult` after Pulumi's `getX → GetXResult` convention, which keeps
 * `MigrationStats` free for the resource class.
 */
export interface GetMigrationStatsResult {
  readonly taskId: string;
  readonly projectId: string;
  /** Full-migration progress, 0–100. */
  readonly fullMigrationProgress: number;
  /** Incremental-migration offset as a decimal string: exact even beyond 2^53. */
  readonly offset: string;
  readonly sourceDbsize: number;
  readonly targetDbsize: number;
  /** `sourceDbsize − targetDbsize`; negative when the target holds extra keys. */
  readonly keyDelta: number;
  readonly targetInputKbps: number;
  readonly targetOps: number;
  readonly isMigrating: boolean;
  /** ISO-8601 time the response arrived. */
  readonly observedAt: string;
}
