import { checkCriteria } from "./completionCriteria";
import { describeStats, formatKeys, formatPercent } from "./describeStats";
import type { TaskRecordObservation } from "./taskRecordObservation";
import type { WaitOptions } from "./waitDefaults";
import { describeUnmet, waitedSentence } from "./waitMessages";
import type { WaitState } from "./waitState";

/** `41% full migration, keys 217 800 / 531 221 (Δ 313 421)`, or nothing when no stats were read. */
function where(state: WaitState): string {
  const s = state.lastStats;
  return s === undefined ? "" : ` at ${formatPercent(s.fullMigrationProgress)} full migration, ${formatKeys(s)}`;
}

/** `: <the API's reason> (log code, logged at …)`, or why there is none. */
function reasonOf(record: TaskRecordObservation): string {
  const r = record.reason;
  if (r !== undefined) {
    const code = r.logCode === undefined ? "" : `${r.logCode}, `;
    return `: ${r.message} (${code}logged ${r.createdAt || "at an unknown time"})`;
  }
  if (record.reasonError !== undefined) return ` (its log could not be read for a reason: ${record.reasonError.message})`;
  return " (its log has no ERROR line)";
}

/** ` Not met: …` for the last stats, or nothing. */
function unmetOf(state: WaitState, options: WaitOptions): string {
  const s = state.lastStats;
  return s === undefined ? "" : ` ${describeUnmet(checkCriteria(s, options))}`;
}

function lastSeen(state: WaitState): string {
  return state.lastStats === undefined ? "No stats were read." : `Last seen: ${describeStats(state.lastStats)}.`;
}

/** The API says the migration failed. */
export function taskFailedMessage(state: WaitState, record: TaskRecordObservation, options: WaitOptions): string {
  const unmet = unmetOf(state, options);
  return (
    `DCS migration task ${state.taskId} is ${record.status}${reasonOf(record)}${where(state)}. ${lastSeen(state)}${unmet} ` +
    `${waitedSentence(state, record.at)} The migration will not complete by itself: read the task's log in the DCS console ` +
    `(Data Migration → the task → Logs), fix the cause, restart the migration (or create a new task and point taskId at it), then run the gate again.`
  );
}

/** The task was stopped, released or deleted before the criteria held. */
export function taskEndedMessage(state: WaitState, record: TaskRecordObservation, options: WaitOptions): string {
  const unmet = unmetOf(state, options);
  return (
    `DCS migration task ${state.taskId} is ${record.status} (it no longer migrates)${where(state)}, before the migration completed. ` +
    `${lastSeen(state)}${unmet} ${waitedSentence(state, record.at)} Someone stopped or released the task, or it was deleted: ` +
    `restart the migration (or create a new task and point taskId at it), then run the gate again.`
  );
}

/** Added to a stop or stall the stats called, when the record was read but gives no verdict of its own. */
export function taskStatusSentence(record: TaskRecordObservation): string {
  return `The task's status is ${record.status} (read ${new Date(record.at).toISOString()}).`;
}
