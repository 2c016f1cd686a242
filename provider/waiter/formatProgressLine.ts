import { formatKeys, formatPercent, shortTaskId } from "./describeStats";
import { formatCount } from "./formatCount";
import { formatDuration, formatEta } from "./formatDuration";
import type { WaitEvent } from "./waitEvent";

/**
 * One line of progress for logs and non-interactive terminals, e.g.
 * `dcs task 7f3c1a2b…: 87.5% full migration, keys 480 113 / 531 221 (Δ 51 108), 5 300 ops/s, ETA ~2m`.
 * Shared by the Pulumi provider's log output and `dcs-migration wait`, so both read the same.
 */
export function formatProgressLine(event: WaitEvent): string {
  const who = `dcs task ${shortTaskId(event.taskId)}:`;
  switch (event.type) {
    case "regression":
      return (
        `${who} progress fell back from ${formatPercent(event.previousProgress)} to ` +
        `${formatPercent(event.stats.fullMigrationProgress)} (the full sync restarted); still waiting`
      );
    case "transient-error":
      return (
        `${who} reading stats failed (${event.error.name}: ${event.error.message}); ` +
        `${event.consecutiveErrors} in a row, retrying in ${formatDuration(event.nextPollSeconds)}`
      );
    case "task-status": {
      const reason = event.reason === undefined ? "" : `: ${event.reason.message}`;
      return `${who} task status ${event.status}${reason}`;
    }
    case "task-status-unavailable":
      return (
        `${who} could not read the task's status (${event.error.name}: ${event.error.message}); ` +
        `the gate goes on with the stats alone${event.permanent ? " and will not ask again" : ""}`
      );
    case "observation": {
      const s = event.stats;
      const head = `${who} ${formatPercent(s.fullMigrationProgress)} full migration, ${formatKeys(s)}, ${formatCount(s.targetOps)} ops/s`;
      const eta = event.etaSeconds === undefined ? "" : `, ETA ${formatEta(event.etaSeconds)}`;
      switch (event.phase) {
        case "full-sync":
          return `${head}${eta}`;
        case "converging":
          return `${head}, converging to within ${formatCount(event.keyTolerance)} keys${eta}`;
        case "stabilizing":
          return (
            `${head}, stable ${formatDuration(event.stableSeconds)} of ${formatDuration(event.stableForSeconds)}` +
            (event.etaSeconds === undefined ? "" : `, gate in ${formatEta(event.etaSeconds)}`)
          );
        case "complete":
          return `${head}, complete after ${formatDuration(event.elapsedSeconds)}`;
      }
    }
  }
}
