import type { Timeline } from "../timeline";
import { progressAt } from "../timelineProgress";

/**
 * What the emulator answers for a task's own record (ShowMigrationTask) and its log
 * (ListMigrationTaskLogs), FACTS.md §10. The statuses are the API's words; the log lines are
 * what a test or a user needs to see a failure's reason with its time.
 */
export interface EmulatedLogLine {
  /** ISO-8601 with milliseconds, as the API sends (`2023-05-15T09:11:25.449Z`). */
  readonly createdAt: string;
  readonly logLevel: "INFO" | "WARN" | "ERROR";
  readonly message: string;
  readonly logCode: string;
}

export interface TaskRecordState {
  readonly status: string;
  /** ISO-8601 time the task was created. */
  readonly createdAt: string;
  /** `incremental_migration`, or `full_amount_migration` for a task that ends once full sync is done. */
  readonly migrationMethod: string;
  readonly logs: readonly EmulatedLogLine[];
}

/** A status word as the API writes them (upper case, underscores). */
export const TASK_STATUS_PATTERN = { re: /^[A-Z][A-Z_]{0,63}$/, what: "an upper-case status word like FAILED or INCRMIGEATING" } as const;

/** Longest log message accepted (the API's own error texts are ≤ 1 024 characters, FACTS.md §1). */
export const MAX_LOG_MESSAGE_CHARS = 1024;

/**
 * Statuses after which the task no longer migrates: setting one through the control API also
 * ends the migration, so `/stats` says `is_migrating` false — the field means "whether the task is
 * running" (FACTS.md §1) — and a waiter sees the change on its next poll.
 */
export const NOT_MIGRATING_STATUSES: readonly string[] = [
  "FAILED",
  "MIGRATION_FAILED",
  "ERROR",
  "TERMINATED",
  "RELEASED",
  "DELETED",
  "SUCCESS",
  "MIGRATION_SUCCESS",
];

/** The default reason of a failed timeline without a `message` of its own. */
export const DEFAULT_FAILURE_MESSAGE = "The migration task failed.";

/**
 * What a test set through the control API, kept on the task: a status that overrides the one its
 * timeline or servers imply, and log lines added since.
 */
export class TaskRecordBook {
  #status: string | undefined;
  readonly #logs: EmulatedLogLine[] = [];

  get statusOverride(): string | undefined {
    return this.#status;
  }

  set(status: string, line?: EmulatedLogLine): void {
    this.#status = status;
    if (line !== undefined) this.#logs.push(line);
  }

  /** The task's own state with what was set laid over it. */
  apply(own: TaskRecordState): TaskRecordState {
    return { ...own, status: this.#status ?? own.status, logs: [...own.logs, ...this.#logs] };
  }
}

/**
 * A scripted task's record at `elapsedMs` (pure): FULLMIGRATING until progress first holds at 100,
 * then INCRMIGEATING (the API's spelling: incremental sync running); from the timeline's end its
 * `end.status` (FAILED, TERMINATED or SUCCESS by reason when absent). The log has an INFO line at
 * the start and when incremental sync starts, and an ERROR line with the end's message when it failed.
 * `wallTime` turns the timeline's virtual ms into the ISO time a log line carries.
 */
export function scriptedTaskRecord(timeline: Timeline, elapsedMs: number, wallTime: (virtualMs: number) => string): Omit<TaskRecordState, "createdAt"> {
  const end = timeline.end;
  const ended = end !== undefined && elapsedMs >= end.atMs;
  const t = ended && end !== undefined ? end.atMs : Math.max(0, elapsedMs);
  const logs: EmulatedLogLine[] = [{ createdAt: wallTime(0), logLevel: "INFO", message: "Full migration started.", logCode: "DCS.MIG.0001" }];
  const reached = progressAt(timeline, t).reached100AtMs;
  if (reached !== undefined) {
    logs.push({ createdAt: wallTime(reached), logLevel: "INFO", message: "Full migration finished; incremental migration started.", logCode: "DCS.MIG.0002" });
  }
  const migrationMethod: string = end?.reason === "finished" ? "full_amount_migration" : "incremental_migration";
  if (!ended || end === undefined) return { status: reached === undefined ? "FULLMIGRATING" : "INCRMIGEATING", migrationMethod, logs };
  const status = end.status ?? (end.reason === "failed" ? "FAILED" : end.reason === "stopped" ? "TERMINATED" : "SUCCESS");
  if (end.reason === "failed" || end.message !== undefined) {
    logs.push({
      createdAt: wallTime(end.atMs),
      logLevel: end.reason === "failed" ? "ERROR" : "INFO",
      message: end.message ?? DEFAULT_FAILURE_MESSAGE,
      logCode: end.reason === "failed" ? "DCS.MIG.4001" : "DCS.MIG.0003",
    });
  }
  return { status, migrationMethod, logs };
}
