import type { CriteriaCheck } from "./completionCriteria";
import type { WaitOptions } from "./waitDefaults";
import type { TrendSample } from "./waitState";

/** Reads kept for trends (since the last regression or phase change). */
export const MAX_TREND_SAMPLES = 32;

/** Reads a precise quantity's pace is judged on: recent enough to follow an S-curve's slow end. */
const RECENT_SAMPLES = 5;

/** Relative unsteadiness assumed while too few reads exist to measure it. */
const DEFAULT_SPREAD = 0.1;

/** When the criteria are expected to hold, and how unsteady the trend behind the guess is. */
export interface Prediction {
  /** Epoch ms. */
  readonly at: number;
  /** Relative unsteadiness of the deciding trend (0 = perfectly steady). */
  readonly spread: number;
}

interface Point {
  readonly at: number;
  readonly v: number;
}

function pointsOf(samples: readonly TrendSample[], pick: (s: TrendSample) => number | undefined): Point[] {
  const out: Point[] = [];
  for (const s of samples) {
    const v = pick(s);
    if (v !== undefined) out.push({ at: s.at, v });
  }
  return out;
}

/** Per-ms rates between consecutive points, dated at each interval's middle. */
function intervalRates(points: readonly Point[]): Array<{ at: number; rate: number }> {
  const out: Array<{ at: number; rate: number }> = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (a !== undefined && b !== undefined && b.at > a.at) out.push({ at: (a.at + b.at) / 2, rate: (b.v - a.v) / (b.at - a.at) });
  }
  return out;
}

function spreadOf(rates: ReadonlyArray<{ rate: number }>, mean: number): number {
  if (rates.length < 2 || mean === 0) return DEFAULT_SPREAD;
  const variance = rates.reduce((sum, r) => sum + (r.rate - mean) ** 2, 0) / rates.length;
  return Math.sqrt(variance) / Math.abs(mean);
}

/** Shapes tried for the approach to a target: gap ∝ (T − t)^k; 1 is a straight line, 2 an S-curve's end. */
const APPROACH_EXPONENTS = [1, 1.5, 2, 2.5, 3];

/** Least-squares line through points: slope, intercept and the residual sum of squares. */
function fitLine(points: readonly Point[]): { slope: number; intercept: number; rss: number } | undefined {
  const n = points.length;
  if (n < 2) return undefined;
  const mt = points.reduce((s, p) => s + p.at, 0) / n;
  const mv = points.reduce((s, p) => s + p.v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.at - mt) ** 2;
    sxy += (p.at - mt) * (p.v - mv);
  }
  if (sxx === 0) return undefined;
  const slope = sxy / sxx;
  const intercept = mv - slope * mt;
  const rss = points.reduce((s, p) => s + (p.v - (intercept + slope * p.at)) ** 2, 0);
  return { slope, intercept, rss };
}

/**
 * When a falling, precisely reported quantity (a key difference, an offset) reaches `target`.
 * The approach is modelled as gap ∝ (T − t)^k, so gap^(1/k) falls in a straight line; the k
 * whose line fits the last reads best gives T. A straight line alone would guess the slow end
 * of an S-curve early, and an early read is a wasted one. Undefined when it is not falling.
 */
export function fallCrossing(samples: readonly TrendSample[], pick: (s: TrendSample) => number | undefined, target: number): Prediction | undefined {
  const points = pointsOf(samples, pick).slice(-RECENT_SAMPLES);
  const last = points[points.length - 1];
  const first = points[0];
  if (last === undefined || first === undefined) return undefined;
  if (last.v <= target) return { at: last.at, spread: 0 };
  if (last.at <= first.at) return undefined;
  const rate = (last.v - first.v) / (last.at - first.at);
  if (rate >= 0) return undefined;
  const spread = spreadOf(intervalRates(points), rate);
  let at = last.at + (last.v - target) / -rate;
  if (points.length >= 3 && points.every((p) => p.v > target)) {
    let best: { rss: number; at: number } | undefined;
    for (const k of APPROACH_EXPONENTS) {
      const transformed = points.map((p) => ({ at: p.at, v: (p.v - target) ** (1 / k) }));
      const line = fitLine(transformed);
      const span = (transformed[0]?.v ?? 0) - (transformed[transformed.length - 1]?.v ?? 0);
      if (line === undefined || line.slope >= 0 || span <= 0) continue;
      const rss = line.rss / span ** 2; // comparable across k
      const crossing = -line.intercept / line.slope;
      if (best === undefined || rss < best.rss) best = { rss, at: crossing };
    }
    if (best !== undefined) {
      at = Math.max(last.at, best.at);
      // A curved approach makes straight-line paces disagree although the curve explains every
      // read; how far the reads stray from the chosen curve is then the honest unsteadiness.
      return { at, spread: Math.min(spread, Math.sqrt(best.rss)) };
    }
  }
  return { at, spread };
}

/** The reporting step of progress (1 for whole percents, 0.1 for one decimal …). */
export function progressStep(samples: readonly TrendSample[]): number {
  let decimals = 0;
  for (const s of samples) {
    const text = String(s.progress);
    const dot = text.indexOf(".");
    if (dot >= 0) decimals = Math.max(decimals, text.length - dot - 1);
  }
  return 10 ** -Math.min(decimals, 6);
}

/**
 * When progress reaches `required`, as a window: it is reported floored to `step`, so the true
 * value lies in [p, p + step) and the crossing in [latest − step/rate, latest]. The pace is taken
 * over all reads of the phase, because whole-percent values need a long baseline to give a rate.
 */
export function progressCrossing(
  samples: readonly TrendSample[],
  required: number,
): { earliest: number; latest: number; spread: number } | undefined {
  const points = pointsOf(samples, (s) => s.progress);
  const last = points[points.length - 1];
  const first = points[0];
  if (last === undefined || first === undefined || last.at <= first.at) return undefined;
  const rate = (last.v - first.v) / (last.at - first.at);
  if (rate <= 0) return undefined;
  const latest = last.at + (required - last.v) / rate;
  const step = progressStep(samples);
  return { earliest: Math.max(last.at, latest - step / rate), latest, spread: spreadOf(intervalRates(points.slice(-RECENT_SAMPLES)), rate) };
}

/**
 * When the criteria are predicted to hold first; undefined when the trend cannot say.
 * - During the full sync, progress decides. When the key difference falls in step with it
 *   and would be within tolerance inside progress's window, the (exact) key counts pin the
 *   moment down; when they would still be far off at 100 %, no guess is made, because the
 *   keys' pace after the full sync is unknown (they may trail it, FACTS.md §2).
 * - Once progress is reached, the key difference and (when checked) the offset decide.
 */
export function predictCriteriaAt(samples: readonly TrendSample[], check: CriteriaCheck, options: WaitOptions): Prediction | undefined {
  const last = samples[samples.length - 1];
  if (last === undefined) return undefined;
  if (check.met) return { at: last.at, spread: 0 };

  const keys = check.keysMet ? { at: last.at, spread: 0 } : fallCrossing(samples, (s) => s.absKeyDelta, last.absKeyDelta - check.keyExcess);
  let offset: Prediction | undefined = { at: last.at, spread: 0 };
  if (!check.offsetMet) {
    offset =
      options.maxOffset !== undefined && last.offset !== undefined
        ? fallCrossing(samples, (s) => s.offset, Number(options.maxOffset))
        : undefined;
  }

  if (check.progressMet) {
    if (keys === undefined || offset === undefined) return undefined;
    return keys.at >= offset.at ? keys : offset;
  }

  const progress = progressCrossing(samples, options.requiredProgress);
  if (progress === undefined) return undefined;
  if (offset === undefined) return undefined;
  let at = progress.latest;
  let spread = progress.spread;
  // Progress reaches 100 when the copy is whole, which the key counts show exactly: aim at the
  // key difference reaching zero, not merely the tolerance (a long tail crosses the tolerance
  // seconds before its last percent completes).
  const copied = fallCrossing(samples, (s) => s.absKeyDelta, 0);
  if (!check.keysMet || copied !== undefined) {
    const keysDone = copied !== undefined && keys !== undefined ? (copied.at > keys.at ? copied : keys) : keys;
    if (keysDone === undefined) {
      // Key counts that do not move with the full sync (a snapshot loaded at its end, FACTS.md §6): progress alone.
    } else if (keysDone.at > progress.latest + (progress.latest - progress.earliest) / 2 + 1000) {
      return undefined;
    } else {
      at = Math.max(keysDone.at, progress.earliest);
      spread = keysDone.spread;
    }
  }
  return { at: Math.max(at, offset.at), spread };
}
