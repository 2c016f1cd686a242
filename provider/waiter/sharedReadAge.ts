import type { CriteriaCheck } from "./completionCriteria";
import type { WaitOptions } from "./waitDefaults";
import type { WaitState } from "./waitState";

/**
 * Part of the shared-read machinery explained in `../dcs/sharedDcsClient.ts`.
 *
 * How long before a regular read (one planned a full `pollIntervalSeconds` after the last answer)
 * another wait's read of the same task may have been sent and still serve as it, as a share of
 * the interval. Half an interval lets any two waits on one task that started apart fall into one
 * schedule at their first regular read: of two reads an interval apart, one is always within
 * half an interval of the other. Once two waits have shared a read they plan from the same
 * answer, so they stay together. A regular read is only bounded by "no later than", so taking
 * an earlier one costs no rule anything; its own send time dates it.
 */
export const SHARED_READ_LAG = 0.5;

/**
 * The earliest send time (wait clock, epoch ms) at which a read another wait sent may stand in
 * for this wait's next read, planned for `sendAt` after a read sent at `seen` and answered at `at`:
 * - a regular read: up to {@link SHARED_READ_LAG} of the interval before `sendAt`;
 * - a read aimed at a moment (a predicted completion, the end of the stability window — the gate
 *   opens only on a read sent at or after it —, the moment a stall can be called, the deadline):
 *   nothing sent before that moment, which would only postpone the verdict it aims at;
 * - never before the end of the stability window or the stall moment when either falls inside
 *   the accepted span, for the same reason;
 * - always after `seen`, so a wait is never answered with its own previous read.
 * The read keeps its own send time, so every rule still judges it by when it was sent.
 */
export function oldestSharedRead(
  state: WaitState,
  seen: number,
  at: number,
  sendAt: number,
  check: CriteriaCheck | undefined,
  options: WaitOptions,
): number {
  const intervalMs = options.pollIntervalSeconds * 1000;
  const regular = sendAt >= at + intervalMs;
  let from = regular ? sendAt - SHARED_READ_LAG * intervalMs : sendAt;
  const aims: number[] = [];
  if (check?.met === true && state.stableSince !== undefined) aims.push(state.stableSince + options.stableForSeconds * 1000);
  if (check !== undefined && !check.met) aims.push(state.lastChangeAt + options.stallTimeoutSeconds * 1000);
  for (const aim of aims) if (aim > from && aim <= sendAt) from = aim;
  // Whole milliseconds apart from the previous read, so rounding can never let it qualify again.
  return Math.max(from, seen + 1);
}
