import type { CriteriaCheck } from "./completionCriteria";
import type { WaitOptions } from "./waitDefaults";
import type { TrendSample, WaitState } from "./waitState";

/** How many recent reads a trend is drawn through: enough to average out jitter, few enough to follow a change of pace. */
export const TREND_SAMPLES = 8;

/**
 * How far ahead of a fixed `pollIntervalSeconds` loop the reads may run in total, in intervals.
 * Every read sooner than the interval spends the difference; nothing refunds it. One interval is
 * what catching the completion between two regular reads costs; a read that comes too early
 * spends it for nothing, so predictions aim a margin late (see {@link predictionMarginMs}).
 */
export const EARLY_POLL_CREDIT = 1;

/** Relative unsteadiness assumed while too few reads exist to measure it. */
const DEFAULT_SPREAD = 0.1;

/** An early read only pays when it comes at least this much before the regular one. */
const MIN_EARLY_GAIN_MS = 1000;

/** A quantity's recent pace: per-ms rate, and how unsteady it was (std of interval rates / mean rate). */
interface Trend {
  readonly rate: number;
  readonly spread: number;
}

function trendOf(samples: readonly TrendSample[], pick: (s: TrendSample) => number | undefined): Trend | undefined {
  const points: Array<{ at: number; v: number }> = [];
  for (const s of samples.slice(-TREND_SAMPLES)) {
    const v = pick(s);
    if (v !== undefined) points.push({ at: s.at, v });
  }
  const first = points[0];
  const last = points[points.length - 1];
  if (first === undefined || last === undefined || last.at <= first.at) return undefined;
  const rate = (last.v - first.v) / (last.at - first.at);
  if (rate === 0) return { rate, spread: Infinity };
  const rates: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (a !== undefined && b !== undefined && b.at > a.at) rates.push((b.v - a.v) / (b.at - a.at));
  }
  if (rates.length < 2) return { rate, spread: DEFAULT_SPREAD };
  const variance = rates.reduce((sum, r) => sum + (r - rate) ** 2, 0) / rates.length;
  return { rate, spread: Math.sqrt(variance) / Math.abs(rate) };
}

/** When the criteria are expected to hold, and how unsteady the trend behind the guess is. */
export interface Prediction {
  /** Epoch ms. */
  readonly at: number;
  /** Relative unsteadiness of the deciding trend (0 = perfectly steady). */
  readonly spread: number;
}

/** When a quantity falling at `trend` reaches `target`; undefined when it is not falling. */
function whenFallsTo(now: number, value: number, target: number, trend: Trend | undefined): Prediction | undefined {
  if (value <= target) return { at: now, spread: 0 };
  if (trend === undefined || trend.rate >= 0) return undefined;
  return { at: now + (value - target) / -trend.rate, spread: trend.spread };
}

const negated = (t: Trend | undefined): Trend | undefined => (t === undefined ? undefined : { ...t, rate: -t.rate });

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
): Prediction | undefined {
  const last = samples[samples.length - 1];
  if (last === undefined) return undefined;
  const now = last.at;
  if (check.met) return { at: now, spread: 0 };

  const progress = check.progressMet
    ? { at: now, spread: 0 }
    : whenFallsTo(now, -last.progress, -options.requiredProgress, negated(trendOf(samples, (s) => s.progress)));
  const keys = check.keysMet
    ? { at: now, spread: 0 }
    : whenFallsTo(now, last.absKeyDelta, last.absKeyDelta - check.keyExcess, trendOf(samples, (s) => s.absKeyDelta));
  let offset: Prediction | undefined = { at: now, spread: 0 };
  if (!check.offsetMet) {
    offset =
      options.maxOffset !== undefined && last.offset !== undefined
        ? whenFallsTo(now, last.offset, Number(options.maxOffset), trendOf(samples, (s) => s.offset))
        : undefined;
  }

  if (progress === undefined) return undefined;
  const others = [keys, offset];
  if (check.progressMet && others.some((p) => p === undefined)) return undefined;
  let latest = progress;
  for (const p of others) if (p !== undefined && p.at > latest.at) latest = p;
  return latest;
}

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
 * - otherwise at the predicted crossing when it comes before the ceiling;
 * - never sooner than `minPollIntervalSeconds` after the last send, never later than
 *   `pollIntervalSeconds` after the last answer (as a fixed loop does);
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
  }
  at = Math.min(ceiling, Math.max(at, sentAt + options.minPollIntervalSeconds * 1000, now));
  const creditLeft = Math.max(0, EARLY_POLL_CREDIT * intervalMs - state.earlyMs);
  at = Math.max(at, ceiling - creditLeft);
  if (at >= state.deadline) return { sendAt: Math.max(now, state.deadline), earlyMs: state.earlyMs };
  // Whole milliseconds, rounded up: a read meant for the window's end must not land a fraction before it.
  const sendAt = Math.ceil(at);
  return { sendAt, earlyMs: state.earlyMs + Math.max(0, ceiling - sendAt) };
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
