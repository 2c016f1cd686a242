import { MigrationFailedError, MigrationStalledError } from "./waitErrors";
import { checkCriteria } from "./completionCriteria";
import type { TaskConsult, TaskRecordObservation } from "./taskRecordObservation";
import { taskEndedMessage, taskFailedMessage, taskStatusSentence } from "./taskStatusMessages";
import type { WaitOptions } from "./waitDefaults";
import type { WaitStepOutcome } from "./waitStep";

/**
 * What a task status means for a gate. The API's statuses (FACTS.md §1 and §10: the API pages,
 * Huawei's SDK models and its Terraform provider):
 * - `failed`: the migration failed — FAILED, MIGRATION_FAILED, ERROR. The gate fails, whatever
 *   the stats say: the API itself says the data is not being migrated.
 * - `ended`: the task no longer migrates and was not said to fail — TERMINATED (stopped by
 *   someone; how an incremental migration is normally ended before a cut-over), TERMINATING,
 *   RELEASED, DELETED. Like `is_migrating` false: the gate opens only when the criteria hold now.
 * - `succeeded`: SUCCESS, MIGRATION_SUCCESS. Not a verdict for the gate: a full-only migration
 *   "succeeds" without its key counts being compared; the criteria still decide.
 * - `running`: CREATING, PENDING, RUNNING, MIGRATING, FULLMIGRATING, INCRMIGEATING (the API's
 *   spelling; newer pages write INCRMIGRATING). Not a verdict either: INCRMIGEATING is where
 *   Huawei's Terraform provider stops waiting, i.e. when incremental sync *starts*, not when the
 *   target has caught up — the moment this gate exists to wait past.
 * - `unknown`: any other word; the criteria decide and messages show it as sent.
 */
export type { TaskConsult, TaskRecordObservation } from "./taskRecordObservation";

export type TaskStatusClass = "failed" | "ended" | "succeeded" | "running" | "unknown";

export const FAILED_TASK_STATUSES: readonly string[] = ["FAILED", "MIGRATION_FAILED", "ERROR"];
export const ENDED_TASK_STATUSES: readonly string[] = ["TERMINATED", "TERMINATING", "RELEASED", "DELETED"];
export const SUCCEEDED_TASK_STATUSES: readonly string[] = ["SUCCESS", "MIGRATION_SUCCESS"];
export const RUNNING_TASK_STATUSES: readonly string[] = [
  "CREATING",
  "PENDING",
  "RUNNING",
  "MIGRATING",
  "FULLMIGRATING",
  "INCRMIGEATING",
  "INCRMIGRATING",
];

export function classifyTaskStatus(status: string): TaskStatusClass {
  if (FAILED_TASK_STATUSES.includes(status)) return "failed";
  if (ENDED_TASK_STATUSES.includes(status)) return "ended";
  if (SUCCEEDED_TASK_STATUSES.includes(status)) return "succeeded";
  if (RUNNING_TASK_STATUSES.includes(status)) return "running";
  return "unknown";
}

/**
 * When to read the record, from what a stats read decided: after the attempt's first successful
 * stats read, and when the stats alone would end the wait — the task stopped (`is_migrating`
 * false) before completing, a stall is about to be called, or the gate is about to open (so a
 * FAILED task never opens it and the `status` output is current). Never on a read that only says
 * "keep waiting" (no request per poll is added), nor after a read error that ends the wait (a
 * wrong credential or host fails the record read too).
 */
export function taskConsultFor(outcome: WaitStepOutcome, startConsulted: boolean, readSucceeded: boolean): TaskConsult | undefined {
  const d = outcome.decision;
  if (d.kind === "complete") return "complete";
  if (d.kind === "fail" && d.error instanceof MigrationStalledError) return "stall";
  if (d.kind === "fail" && d.error instanceof MigrationFailedError) return "stopped";
  if (d.kind === "fail") return undefined;
  return !startConsulted && readSucceeded ? "start" : undefined;
}

/**
 * The stats' verdict corrected by the task's record (pure): a `failed` status fails the wait naming
 * the status and the API's reason; an `ended` status fails it unless the criteria hold on the last
 * read; a stop or a stall the stats called names the status; anything else stands.
 */
export function judgeTaskRecord(
  outcome: WaitStepOutcome,
  record: TaskRecordObservation,
  startedAt: number,
  options: WaitOptions,
): WaitStepOutcome {
  const { state, decision } = outcome;
  const stats = state.lastStats;
  const details = { ...(stats === undefined ? {} : { lastStats: stats }), waitedSeconds: (record.at - startedAt) / 1000, polls: state.polls };
  const fail = (error: Error): WaitStepOutcome => ({ state, decision: { kind: "fail", error }, events: outcome.events });
  const kind = classifyTaskStatus(record.status);
  if (kind === "failed") return fail(new MigrationFailedError(taskFailedMessage(state, record, options), details));
  const met = stats !== undefined && checkCriteria(stats, options).met;
  if (kind === "ended" && !met) return fail(new MigrationFailedError(taskEndedMessage(state, record, options), details));
  if (decision.kind === "fail" && (decision.error instanceof MigrationFailedError || decision.error instanceof MigrationStalledError)) {
    const error = decision.error;
    const Class = error instanceof MigrationStalledError ? MigrationStalledError : MigrationFailedError;
    return fail(new Class(`${error.message} ${taskStatusSentence(record)}`, { ...details, waitedSeconds: error.waitedSeconds }));
  }
  return outcome;
}
