import type { GetMigrationStatsResult } from "../dcs/migrationStats";
import type { CriteriaCheck } from "./completionCriteria";
import { describeStats } from "./describeStats";
import { formatCount } from "./formatCount";
import { formatDuration } from "./formatDuration";
import type { WaitOptions } from "./waitDefaults";
import type { WaitState } from "./waitState";

/**
 * The waiter's verdicts in words: what happened, what was last seen, how long it waited,
 * and what to do. Option names are given with their CLI flag, since both front ends share them.
 */

/**
 * Which criteria the last read missed, each in its own words (see `COMPLETION_CRITERIA`), e.g.
 * `progress 87.5% < required 100%; key difference 51 108 > tolerance 53`.
 */
export function describeUnmet(check: CriteriaCheck): string {
  return check.unmet.length > 0 ? `Not met: ${check.unmet.map((c) => c.describe()).join("; ")}.` : "All criteria held on the last read.";
}

/** `Waited 4m 12s (25 polls).`, with the first start when resumed. */
export function waitedSentence(state: WaitState, at: number): string {
  const resumed =
    state.firstStartedAt < state.startedAt ? `, first wait started ${new Date(state.firstStartedAt).toISOString()}` : "";
  return `Waited ${formatDuration((at - state.startedAt) / 1000)} (${state.polls} polls${resumed}).`;
}

function lastErrorSentence(state: WaitState): string {
  return state.lastError === undefined ? "" : ` Last read error seen: ${state.lastError.name}: ${state.lastError.message}`;
}

function lastSeen(state: WaitState): string {
  return state.lastStats === undefined ? "No stats were read." : `Last seen: ${describeStats(state.lastStats)}.`;
}

export function failedMessage(
  state: WaitState,
  at: number,
  stats: GetMigrationStatsResult,
  check: CriteriaCheck,
): string {
  return (
    `DCS migration task ${state.taskId} stopped before completing (is_migrating is false). ` +
    `Last seen: ${describeStats(stats)}. ${describeUnmet(check)} ${waitedSentence(state, at)} ` +
    `The task was stopped or failed: check its status in the DCS console ` +
    `(GET /v2/{project_id}/migration-task/${state.taskId}), fix the cause, restart the migration and wait again.`
  );
}

export function stalledMessage(
  state: WaitState,
  at: number,
  stats: GetMigrationStatsResult,
  check: CriteriaCheck,
  options: WaitOptions,
): string {
  const still = formatDuration((at - state.lastChangeAt) / 1000);
  const advice =
    check.extraTargetKeys > 0
      ? `The target has ${formatCount(check.extraTargetKeys)} extra keys beyond the tolerance ` +
        `(${formatCount(stats.targetDbsize)} on the target, ${formatCount(stats.sourceDbsize)} on the source): ` +
        `keys that already existed on the target are kept by the migration, so the counts will never converge. ` +
        `Delete the extra keys on the target, or raise keyCountTolerance (--key-tolerance) or ` +
        `keyCountToleranceRatio (--key-tolerance-ratio).`
      : `Check the task in the DCS console (big keys or a restarting full sync can hold progress back); ` +
        `raise stallTimeoutSeconds (--stall-timeout, now ${options.stallTimeoutSeconds}s) if it is only slow.`;
  return (
    `DCS migration task ${state.taskId} stalled: progress, key counts and offset have not changed for ${still} ` +
    `while the migration is not complete. Last seen: ${describeStats(stats)}. ${describeUnmet(check)} ` +
    `${advice} ${waitedSentence(state, at)}${lastErrorSentence(state)}`
  );
}

export function timeoutMessage(
  state: WaitState,
  at: number,
  check: CriteriaCheck | undefined,
  options: WaitOptions,
): string {
  let where = "";
  if (state.lastStats !== undefined && check !== undefined) {
    where =
      check.met && state.stableSince !== undefined
        ? ` The criteria had held for ${formatDuration((at - state.stableSince) / 1000)} of the required ` +
          `${formatDuration(options.stableForSeconds)}.`
        : ` ${describeUnmet(check)}`;
  }
  return (
    `Timed out after ${formatDuration((at - state.startedAt) / 1000)} waiting for DCS migration task ` +
    `${state.taskId} to complete (timeoutSeconds ${options.timeoutSeconds} / --timeout). ${lastSeen(state)}${where} ` +
    `${waitedSentence(state, at)}${lastErrorSentence(state)} ` +
    `Raise timeoutSeconds (--timeout), or wait again: WaitForMigration resumes on the next update.`
  );
}

/** Appended to a read error that ended the wait. */
export function readErrorContext(state: WaitState, at: number, options: WaitOptions, persisted: boolean): string {
  const why = persisted
    ? ` The stats API kept failing for ${formatDuration(
        (at - (state.lastSuccessAt ?? state.startedAt)) / 1000,
      )} (${state.consecutiveErrors} failed reads in a row; stallTimeoutSeconds ${options.stallTimeoutSeconds} / ` +
      `--stall-timeout), so the wait gave up.`
    : "";
  return ` [while waiting for DCS migration task ${state.taskId}.${why} ${lastSeen(state)} ${waitedSentence(state, at)}]`;
}
