import type { GetMigrationStatsResult } from "../dcs/migrationStats";
import { describeStats } from "./describeStats";
import { formatDuration } from "./formatDuration";

/** Why a wait ended before its verdict, while the migration itself may still be fine. */
export type WaitInterruption =
  /** The engine's Cancel (the first Ctrl-C of `pulumi up`). */
  | { readonly kind: "cancelled" }
  /** A `customTimeouts` deadline that came before `timeoutSeconds`. */
  | { readonly kind: "custom-timeout"; readonly option: string; readonly seconds: number; readonly timeoutSeconds: number }
  /** The credentials expired mid-wait (a 401 naming an expired token or signature): fresh ones let it resume. */
  | { readonly kind: "credential-expired"; readonly reason: string };

/**
 * The message of a wait that was cut short and will resume: what cut it, after how long, where the
 * migration stood, and that the next `pulumi up` picks it up (the resource is saved as not yet
 * complete, FACTS.md §7). Names the deadline that won, so a user knows which setting to raise.
 */
export function interruptedWaitMessage(args: {
  readonly taskId: string;
  readonly interruption: WaitInterruption;
  readonly waitedSeconds: number;
  readonly polls: number;
  readonly lastStats: GetMigrationStatsResult | undefined;
}): string {
  const { interruption: why } = args;
  const seen = args.lastStats === undefined ? "before the first read" : `at ${describeStats(args.lastStats)}`;
  if (why.kind === "credential-expired") {
    return (
      `The credentials expired after ${formatDuration(args.waitedSeconds)} waiting for DCS migration task ${args.taskId} ${seen} ` +
      `(${args.polls} polls); the resource is saved as not yet complete. Set fresh credentials (a new access key, secret key and ` +
      `security token, or a new IAM token — or use OIDC federation, which renews them) and run \`pulumi up\` again: ` +
      `it resumes the wait with the polls and time so far. The API said: ${why.reason}`
    );
  }
  const head =
    why.kind === "cancelled"
      ? `Cancelled after ${formatDuration(args.waitedSeconds)} waiting for DCS migration task ${args.taskId}`
      : `Timed out after ${formatDuration(args.waitedSeconds)} waiting for DCS migration task ${args.taskId} ` +
        `(${why.option} ${formatDuration(why.seconds)}, earlier than timeoutSeconds ${why.timeoutSeconds})`;
  const advice =
    why.kind === "cancelled"
      ? ""
      : ` Raise ${why.option} if one run should wait longer.`;
  return (
    `${head} ${seen} (${args.polls} polls); the resource is saved as not yet complete and the next ` +
    `\`pulumi up\` resumes the wait.${advice}`
  );
}
