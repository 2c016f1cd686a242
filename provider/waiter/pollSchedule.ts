import type { CriteriaCheck } from "./completionCriteria";
import type { WaitOptions } from "./waitDefaults";
import { predictCriteriaAt } from "./predictCompletion";
import type { WaitState } from "./waitState";

/**
 * How far ahead of a fixed `pollIntervalSeconds` loop the reads may run in total, in intervals.
 * Every read sooner than the interval spends the difference; only a resync forgives it
 * (`waitStep`), because the completion it was spent on was taken back. One interval is
 * what catching the completion between two regular reads costs; a read that comes too early
 * spends it for nothing, so predictions aim a margin late (see {@link predictionMarginMs}).
 */
export const EARLY_POLL_CREDIT = 1;

/** An early read only pays when it comes at least this much before the regular one. */
const MIN_EARLY_GAIN_MS = 1000;

/**
 * Lands a predicted read after the predicted moment by a margin that grows with how far
 * ahead the guess reaches and how unsteady the trend has been: a read that comes too early
 * costs a whole extra read, one that comes late costs only the margin.
 */
export function predictionMarginMs(leadMs: number, spread: number, intervalMs: number): number {
  return Math.min(intervalMs / 2, Math.max(100, leadMs * (0.03 + spread)));
}

/** When to send the next read, and the early-read credit spent once it is sent. */
export interface PollPlan {
  /** Epoch ms. */
  readonly sendAt: number;
  /** Total ms read ahead of the fixed loop so far, this read included. */
  readonly earlyMs: number;
}

/**
 * When to send the next read, decided after a read sent at `sentAt` answered at `now`:
 * - during the stability window, at the window's end when that comes before the ceiling,
 *   because the gate can open only on a read sent at or after it;
 * - otherwise at the predicted crossing when it comes before the ceiling, or at the moment a
 *   stall can be called when that comes first;
 * - never sooner than `minPollIntervalSeconds` after the last send, never later than
 *   `pollIntervalSeconds` after the last answer (as a fixed loop does), without exception;
 * - never further ahead of the fixed loop than {@link EARLY_POLL_CREDIT} intervals in total;
 * - and a last read exactly at the deadline, as AWS waiters do (FACTS.md §5).
 */
export function planNextPoll(
  state: WaitState,
  sentAt: number,
  now: number,
  check: CriteriaCheck | undefined,
  options: WaitOptions,
): PollPlan {
  const intervalMs = options.pollIntervalSeconds * 1000;
  const ceiling = now + intervalMs;
  let at = ceiling;
  if (check?.met === true && state.stableSince !== undefined) {
    at = Math.min(ceiling, state.stableSince + options.stableForSeconds * 1000);
  } else if (check !== undefined) {
    const predicted = predictCriteriaAt(state.samples, check, options);
    if (predicted !== undefined) {
      const guess = predicted.at + predictionMarginMs(predicted.at - sentAt, predicted.spread, intervalMs);
      if (guess <= ceiling - MIN_EARLY_GAIN_MS) at = guess;
    }
    if (!check.met) {
      // A stall can be called only on a read sent that long after the last change; a regular
      // read landing just short of it would postpone the verdict by a whole interval.
      at = Math.min(at, state.lastChangeAt + options.stallTimeoutSeconds * 1000);
    }
  }
  at = Math.min(ceiling, Math.max(at, sentAt + options.minPollIntervalSeconds * 1000, now));
  const creditLeft = Math.max(0, EARLY_POLL_CREDIT * intervalMs - state.earlyMs);
  at = Math.max(at, ceiling - creditLeft);
  if (at >= state.deadline) return { sendAt: Math.max(now, state.deadline), earlyMs: state.earlyMs };
  // Whole milliseconds, rounded up: a read meant for the window's end must not land a fraction before it.
  const sendAt = Math.ceil(at);
  // Sooner than the ceiling spends credit. No gap is ever longer than the interval, so credit is
  // never won back here; waitStep forgives it after a resync (one read more than a fixed loop).
  return { sendAt, earlyMs: Math.max(0, state.earlyMs + ceiling - sendAt) };
}

/** Estimated seconds until the gate opens, stability window included. */
export function etaSeconds(
  state: WaitState,
  now: number,
  check: CriteriaCheck,
  options: WaitOptions,
): number | undefined {
  const windowMs = options.stableForSeconds * 1000;
  if (check.met && state.stableSince !== undefined) {
    return Math.max(0, state.stableSince + windowMs - now) / 1000;
  }
  const predicted = predictCriteriaAt(state.samples, check, options);
  if (predicted === undefined || !Number.isFinite(predicted.at)) return undefined;
  return (Math.max(0, predicted.at - now) + windowMs) / 1000;
}
