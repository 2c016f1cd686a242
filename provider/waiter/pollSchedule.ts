import type { CriteriaCheck } from "./completionCriteria";
import type { WaitOptions } from "./waitDefaults";
import type { TrendSample, WaitState } from "./waitState";

/** How many recent reads a trend is drawn through: enough to smooth jitter, few enough to follow a change of pace. */
export const TREND_SAMPLES = 4;

/**
 * Polls allowed ahead of a fixed `pollIntervalSeconds` loop started at the same moment.
 * One early read is what catching the completion between two regular polls needs; with it,
 * a gate that opens no later than the fixed loop's has made no more reads than that loop.
 */
export const EARLY_POLL_CREDIT = 1;

/** Slope per millisecond of `pick` from the oldest to the newest of the last {@link TREND_SAMPLES}. */
function slope(samples: readonly TrendSample[], pick: (s: TrendSample) => number | undefined): number | undefined {
  const recent = samples.slice(-TREND_SAMPLES);
  const first = recent[0];
  const last = recent[recent.length - 1];
  if (first === undefined || last === undefined || last.at <= first.at) return undefined;
  const a = pick(first);
  const b = pick(last);
  if (a === undefined || b === undefined) return undefined;
  return (b - a) / (last.at - first.at);
}

/** When a falling quantity reaches `target`, extrapolated linearly; undefined when it is not falling. */
function whenFallsTo(now: number, value: number, target: number, rate: number | undefined): number | undefined {
  if (value <= target) return now;
  if (rate === undefined || rate >= 0) return undefined;
  return now + (value - target) / -rate;
}

/**
 * When the criteria are predicted to hold first, from the recent trend; undefined when the
 * trend says nothing (too few reads, no movement). While the full sync runs, the key counts
 * often jump at its end (the replica loads the snapshot at once, FACTS.md §6), so a flat key
 * trend then defers to the progress trend instead of vetoing the prediction.
 */
export function predictCriteriaAt(
  samples: readonly TrendSample[],
  check: CriteriaCheck,
  options: WaitOptions,
): number | undefined {
  const last = samples[samples.length - 1];
  if (last === undefined) return undefined;
  if (check.met) return last.at;
  const now = last.at;

  const progressAt = check.progressMet
    ? now
    : whenFallsTo(now, -last.progress, -options.requiredProgress, negate(slope(samples, (s) => s.progress)));
  const keysAt = check.keysMet
    ? now
    : whenFallsTo(now, last.absKeyDelta, last.absKeyDelta - check.keyExcess, slope(samples, (s) => s.absKeyDelta));
  let offsetAt: number | undefined = now;
  if (!check.offsetMet && options.maxOffset !== undefined && last.offset !== undefined) {
    offsetAt = whenFallsTo(now, last.offset, Number(options.maxOffset), slope(samples, (s) => s.offset));
  } else if (!check.offsetMet) {
    offsetAt = undefined;
  }

  if (progressAt === undefined) return undefined;
  const others = [keysAt, offsetAt];
  if (check.progressMet && others.some((t) => t === undefined)) return undefined;
  return Math.max(progressAt, ...others.filter((t): t is number => t !== undefined));
}

function negate(n: number | undefined): number | undefined {
  return n === undefined ? undefined : -n;
}

/**
 * Lands a predicted read a little after the predicted moment, so it sees the crossing
 * rather than just miss it; the margin grows with how far ahead the guess reaches.
 */
export function predictionMarginMs(leadMs: number): number {
  return Math.min(1000, Math.max(100, leadMs * 0.05));
}

/**
 * When to read next (epoch ms), decided from the state after a read at `now`:
 * - during the stability window, at the window's end when that comes before the ceiling,
 *   because the gate can open only on a read at or after it;
 * - otherwise at the predicted crossing when it comes before the ceiling;
 * - never sooner than `minPollIntervalSeconds`, never later than `pollIntervalSeconds`;
 * - never more reads than a fixed loop plus {@link EARLY_POLL_CREDIT};
 * - and a last read exactly at the deadline, as AWS waiters do (FACTS.md §5).
 */
export function nextPollAt(
  state: WaitState,
  now: number,
  check: CriteriaCheck | undefined,
  options: WaitOptions,
): number {
  const ceiling = now + options.pollIntervalSeconds * 1000;
  let at = ceiling;
  if (check?.met === true && state.stableSince !== undefined) {
    at = Math.min(ceiling, state.stableSince + options.stableForSeconds * 1000);
  } else if (check !== undefined) {
    const predicted = predictCriteriaAt(state.samples, check, options);
    if (predicted !== undefined) {
      const guess = predicted + predictionMarginMs(predicted - now);
      if (guess < ceiling) at = guess;
    }
  }
  at = Math.max(at, now + options.minPollIntervalSeconds * 1000);
  const budgetAllows = state.startedAt + options.pollIntervalSeconds * 1000 * (state.attemptPolls - EARLY_POLL_CREDIT);
  at = Math.min(ceiling, Math.max(at, budgetAllows));
  return Math.min(at, state.deadline);
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
  if (predicted === undefined) return undefined;
  return (Math.max(0, predicted - now) + windowMs) / 1000;
}
