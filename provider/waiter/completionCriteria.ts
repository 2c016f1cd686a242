import type { GetMigrationStatsResult } from "../dcs/migrationStats";
import type { WaitOptions } from "./waitDefaults";

/** One observation judged against the completion rule, with the numbers a message needs. */
export interface CriteriaCheck {
  /** Progress, key counts and (when asked) offset all within bounds. */
  readonly met: boolean;
  readonly progressMet: boolean;
  readonly keysMet: boolean;
  readonly offsetMet: boolean;
  /** Largest `|source − target|` still accepted for this observation's source size. */
  readonly keyTolerance: number;
  /** How far `|source − target|` is beyond the tolerance (0 when within). */
  readonly keyExcess: number;
  /** Keys the target holds beyond the source plus tolerance (0 unless the target is ahead). */
  readonly extraTargetKeys: number;
}

/** The effective key tolerance: the larger of the absolute and the relative one. */
export function keyToleranceFor(sourceDbsize: number, options: WaitOptions): number {
  return Math.max(options.keyCountTolerance, Math.floor(options.keyCountToleranceRatio * sourceDbsize));
}

/** Parses a decimal offset exactly; `undefined` when the API sent something that is not one. */
export function parseOffset(offset: string): bigint | undefined {
  return /^-?\d+$/.test(offset) ? BigInt(offset) : undefined;
}

/**
 * Judges one observation. The key rule is `|source − target| ≤ max(tolerance, ratio × source)`
 * because the API's own example stops 10 keys short at 100 % (FACTS.md §1).
 */
export function checkCriteria(stats: GetMigrationStatsResult, options: WaitOptions): CriteriaCheck {
  const progressMet = stats.fullMigrationProgress >= options.requiredProgress;
  const keyTolerance = keyToleranceFor(stats.sourceDbsize, options);
  const delta = stats.sourceDbsize - stats.targetDbsize;
  const keyExcess = Math.max(0, Math.abs(delta) - keyTolerance);
  const keysMet = keyExcess === 0;
  const extraTargetKeys = delta < 0 ? keyExcess : 0;
  let offsetMet = true;
  if (options.maxOffset !== undefined) {
    const offset = parseOffset(stats.offset);
    offsetMet = offset !== undefined && offset <= BigInt(options.maxOffset);
  }
  return {
    met: progressMet && keysMet && offsetMet,
    progressMet,
    keysMet,
    offsetMet,
    keyTolerance,
    keyExcess,
    extraTargetKeys,
  };
}
