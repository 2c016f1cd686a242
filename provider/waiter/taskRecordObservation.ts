import type { MigrationLogEntry } from "../dcs/migrationTaskRecord";

/** The task record as one consult saw it. */
export interface TaskRecordObservation {
  readonly status: string;
  /** The newest ERROR line of the task's log, read when the status is `failed`. */
  readonly reason?: MigrationLogEntry | undefined;
  /** Why the reason is missing when the log could not be read. */
  readonly reasonError?: Error | undefined;
  /** When the record's answer came (epoch ms, the wait's clock). */
  readonly at: number;
}

/** Why the wait reads the task record now; undefined: not on this read (the normal path). */
export type TaskConsult = "start" | "stopped" | "stall" | "complete";
