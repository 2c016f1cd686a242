/**
 * The waiter layer (imports core/, settings/ and dcs/ files, never http/): the completion rule,
 * the pure decision step, the poll loop and the progress text, shared by WaitForMigration and
 * `dcs-migration wait`.
 * Code outside provider/ imports this layer through this file only.
 */
export { checkCriteria, type CriteriaCheck } from "./completionCriteria";
export { formatKeys, formatPercent, shortTaskId } from "./describeStats";
export { formatCount } from "./formatCount";
export { formatDuration, formatEta } from "./formatDuration";
export { formatProgressLine } from "./formatProgressLine";
export { type ProgressThrottleState, shouldEmitProgress } from "./progressThrottle";
export { findWaitOptionProblem, resolveWaitOptions, WAIT_DEFAULTS, type WaitOptions } from "./waitDefaults";
export { isWaitError, MigrationFailedError, MigrationStalledError, WaitError, WaitTimeoutError } from "./waitErrors";
export { classifyTaskStatus, FAILED_TASK_STATUSES, ENDED_TASK_STATUSES, type TaskStatusClass } from "./taskVerdict";
export { type WaitEvent, type WaitObservationEvent, type WaitTaskStatusEvent, type WaitTaskStatusUnavailableEvent } from "./waitEvent";
export { waitForCompletion } from "./waitForCompletion";
export { type WaitResult } from "./waitStep";
