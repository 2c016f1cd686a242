import type { CriteriaCheck } from "./completionCriteria";
import type { WaitOptions } from "./waitDefaults";
import type { WaitState } from "./waitState";

/**
 * How much sooner than planned another wait's read of the same task may have been sent and still
 * serve as this wait's next read, as a share of the planned gap since this wait's previous read.
 * Waits on one task answered by one read plan their next regular read from the moment each saw
 * the answer, and on a busy machine those moments spread by tens of milliseconds (a late timer,
 * a slice of CPU lost); without slack each spread would split one poll into several requests.
 * A tenth of the gap (1 s of the default 10 s) is far more than timer jitter and costs at most
 * that much freshness on a read that was only ever bounded by "no later than".
 */
export const SHARED_READ_LAG = 0.1;

/**
 * The earliest send time (wait clock, epoch ms) at which a read another wait sent may stand in
 * for this wait's next read, planned for `sendAt` after a read sent at `seen`:
 * - at most {@link SHARED_READ_LAG} of the planned gap before `sendAt`;
 * - never before a moment the plan aims at: the end of the stability window (the gate opens only
 *   on a read sent at or after it) and the moment a stall can be called (a stall is called on a
 *   read sent `stallTimeoutSeconds` after the last change) — a read from just before either
 *   would only postpone the verdict;
 * - always after `seen`, so a wait is never answered with its own previous read.
 * The read keeps its own send time, so every rule still judges it by when it was sent.
 */
export function oldestSharedRead(
  state: WaitState,
  seen: number,
  sendAt: number,
  check: CriteriaCheck | undefined,
  options: WaitOptions,
): number {
  let from = sendAt - SHARED_READ_LAG * Math.max(0, sendAt - seen);
  const aims: number[] = [];
  if (check?.met === true && state.stableSince !== undefined) aims.push(state.stableSince + options.stableForSeconds * 1000);
  if (check !== undefined && !check.met) aims.push(state.lastChangeAt + options.stallTimeoutSeconds * 1000);
  for (const aim of aims) if (aim > from && aim <= sendAt) from = aim;
  // Whole milliseconds apart from the previous read, so rounding can never let it qualify again.
  return Math.max(from, seen + 1);
}
