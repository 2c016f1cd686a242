/**
 * The task's own record, `GET /v2/{project_id}/migration-task/{task_id}` (ShowMigrationTask,
 * FACTS.md §10), reduced to what a gate needs: its status and what names the task. The API
 * sends more (instances, network, backup files); nothing here depends on those.
 */
export interface MigrationTaskRecord {
  readonly taskId: string;
  /** The API's `status`, as sent (upper case, e.g. `FULLMIGRATING`; `INCRMIGEATING` is the API's spelling). */
  readonly status: string;
  readonly taskName: string | undefined;
  /** `online_migration` or `backupfile_import`. */
  readonly migrationType: string | undefined;
  /** `full_amount_migration` or `incremental_migration`. */
  readonly migrationMethod: string | undefined;
  readonly updatedAt: string | undefined;
  /** ISO-8601 time the answer arrived. */
  readonly observedAt: string;
  readonly requestId: string | undefined;
}

/** One line of the task's log, `GET …/{task_id}/logs` (ListMigrationTaskLogs, FACTS.md §10). */
export interface MigrationLogEntry {
  /** As sent, e.g. `2023-05-15T09:11:25.449Z`. */
  readonly createdAt: string;
  /** `INFO`, `WARN`, `ERROR`, `DEBUG`. */
  readonly logLevel: string;
  /** The API's words, control characters removed and cut at {@link MAX_LOG_MESSAGE_CHARS}. */
  readonly message: string;
  readonly logCode: string | undefined;
}

/** Longest log message kept: the API caps its own error messages at 1 024 characters (FACTS.md §1). */
export const MAX_LOG_MESSAGE_CHARS = 1024;

/**
 * Reads of the task record beside the stats. Optional on a reader: scripted readers in tests and
 * benchmarks read only stats, and a gate works without the record (it then says so once).
 */
export interface TaskRecordReader {
  /**
   * One read of ShowMigrationTask, retries included, with the errors of the stats read
   * (`ApiError` for a 403 when the policy allows only the stats, 404 where the path is not served).
   */
  getMigrationTask(taskId: string, opts?: { readonly signal?: AbortSignal | undefined }): Promise<MigrationTaskRecord>;
  /** The newest `ERROR` line of the task's log, or undefined when it has none. */
  getLatestMigrationError(taskId: string, opts?: { readonly signal?: AbortSignal | undefined }): Promise<MigrationLogEntry | undefined>;
}
