import type { TaskRecordReader } from "./migrationTaskRecord";

/** A task's status for an output: the word, or "" and why it could not be read. */
export interface TaskStatusRead {
  readonly status: string;
  /** Set when the reader could read records but this read failed (403, 404, 5xx past retries, …). */
  readonly error?: Error | undefined;
}

/**
 * The task's status for the `status` output and `dcs-migration stats`, never failing the caller:
 * a record that cannot be read (a policy that allows only the stats answers 403) leaves the status
 * empty, with the error for the caller to mention once. A reader without record reads (a scripted
 * one) gives "" and no error. Cancellation still rejects.
 */
export async function readTaskStatus(
  reader: Partial<TaskRecordReader>,
  taskId: string,
  signal?: AbortSignal | undefined,
): Promise<TaskStatusRead> {
  if (reader.getMigrationTask === undefined) return { status: "" };
  try {
    const record = await reader.getMigrationTask(taskId, signal === undefined ? {} : { signal });
    return { status: record.status };
  } catch (e) {
    if (signal?.aborted === true) throw e;
    return { status: "", error: e instanceof Error ? e : new Error(String(e)) };
  }
}

/** The one line that says a status could not be read, for a log or stderr. */
export function taskStatusUnavailableLine(taskId: string, error: Error): string {
  return `dcs task ${taskId}: could not read the task's status (${error.name}: ${error.message}); the stats were read without it`;
}
