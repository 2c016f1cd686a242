import type { GetMigrationStatsResult } from "../dcs/migrationStats";
import { formatProgressLine } from "../waiter/formatProgressLine";
import { shouldEmitProgress, type ProgressThrottleState } from "../waiter/progressThrottle";
import type { WaitEvent } from "../waiter/waitEvent";
import type { WaitCheckpoint } from "../waiter/waitState";
import { shortTaskId } from "../waiter/describeStats";
import { formatDuration } from "../waiter/formatDuration";
import type { WaitDeadline } from "./waitDeadline";

/** Follows a wait's events: shows progress lines (throttled) and keeps where the wait stands. */
export interface WaitProgress {
  readonly onEvent: (event: WaitEvent) => void;
  /** Reads so far, earlier attempts included. */
  readonly polls: () => number;
  /** The last stats seen, from this attempt or the checkpoint it resumed. */
  readonly lastSeen: () => GetMigrationStatsResult | undefined;
  /** The task's own status as last read; empty when it could not be read. */
  readonly status: () => string;
  /** Counts a read that ended the wait without an event (a credential refused as expired). */
  readonly countUnreportedRead: () => void;
}

/**
 * The progress reporter of one wait. It also remembers the polls and the last stats, because a
 * wait cut short (cancel, `customTimeouts`, an expired credential) ends with an error that carries
 * neither, and the partial failure must still record them, with the task's status.
 */
export function createWaitProgress(log: (line: string) => void, resumed: WaitCheckpoint | undefined): WaitProgress {
  let throttle: ProgressThrottleState = {};
  let polls = resumed?.polls ?? 0;
  let lastSeen = resumed?.lastStats;
  let status = "";
  return {
    onEvent: (event) => {
      polls = event.polls;
      if (event.type === "transient-error") lastSeen = event.lastStats ?? lastSeen;
      else if (event.type === "task-status") status = event.status;
      else if (event.type !== "task-status-unavailable") lastSeen = event.stats;
      const step = shouldEmitProgress(throttle, event);
      throttle = step.state;
      if (step.emit) log(formatProgressLine(event));
    },
    polls: () => polls,
    lastSeen: () => lastSeen,
    status: () => status,
    countUnreportedRead: () => {
      polls += 1;
    },
  };
}

/** The first line of a wait: what it waits for and how long, or where a resumed wait stands. */
export function waitStartLine(taskId: string, deadline: WaitDeadline, resumed: WaitCheckpoint | undefined): string {
  const { options, limit } = deadline;
  return resumed === undefined
    ? `dcs task ${shortTaskId(taskId)}: waiting up to ${limit} for the migration ` +
        `to complete (progress ≥ ${options.requiredProgress}%, stable for ${formatDuration(options.stableForSeconds)})`
    : `dcs task ${shortTaskId(taskId)}: resuming the wait started ${resumed.startedAt} (${resumed.polls} polls so far), ` +
        `up to ${limit} more`;
}
