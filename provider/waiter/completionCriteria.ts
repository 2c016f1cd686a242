import type { GetMigrationStatsResult } from "../dcs/migrationStats";
import { formatPercent } from "./describeStats";
import { formatCount } from "./formatCount";
import type { WaitOptions } from "./waitDefaults";

/** What one criterion finds on one read: whether it holds, and any numbers its message or a caller needs. */
export interface CriterionResult {
  readonly met: boolean;
}

/**
 * One part of the completion rule, after pulumi-kubernetes' await conditions (a condition says
 * whether it is satisfied and what is still missing): it judges one read and, when unmet, says
 * what is missing in words. The rule is every criterion of {@link COMPLETION_CRITERIA} holding on
 * the same read; a new criterion is one entry there — the check, the verdicts, the messages and the
 * CLI table follow.
 */
export interface CompletionCriterion<Name extends string, R extends CriterionResult> {
  readonly name: Name;
  check(stats: GetMigrationStatsResult, options: WaitOptions): R;
  /** What is missing, e.g. `progress 87.5% < required 100%`. Called only when unmet, with what `check` found. */
  describeUnmet(stats: GetMigrationStatsResult, result: R, options: WaitOptions): string;
}

/** Declares a criterion with its types inferred from its `check`. */
const criterion = <Name extends string, R extends CriterionResult>(c: CompletionCriterion<Name, R>): CompletionCriterion<Name, R> => c;

/** The effective key tolerance: the larger of the absolute and the relative one. */
export function keyToleranceFor(sourceDbsize: number, options: WaitOptions): number {
  return Math.max(options.keyCountTolerance, Math.floor(options.keyCountToleranceRatio * sourceDbsize));
}

/** Parses a decimal offset exactly; `undefined` when the API sent something that is not one. */
export function parseOffset(offset: string): bigint | undefined {
  return /^-?\d+$/.test(offset) ? BigInt(offset) : undefined;
}

/** Full-migration progress at least `requiredProgress`. */
const progress = criterion({
  name: "progress",
  check: (stats, options) => ({ met: stats.fullMigrationProgress >= options.requiredProgress }),
  describeUnmet: (stats, _result, options) =>
    `progress ${formatPercent(stats.fullMigrationProgress)} < required ${formatPercent(options.requiredProgress)}`,
});

/**
 * `|source − target| ≤ max(tolerance, ratio × source)`, because the API's own example stops 10
 * keys short at 100 % (FACTS.md §1).
 */
const keys = criterion({
  name: "keys",
  check: (stats, options) => {
    const keyTolerance = keyToleranceFor(stats.sourceDbsize, options);
    const delta = stats.sourceDbsize - stats.targetDbsize;
    const keyExcess = Math.max(0, Math.abs(delta) - keyTolerance);
    return {
      met: keyExcess === 0,
      /** Largest `|source − target|` still accepted for this read's source size. */
      keyTolerance,
      /** How far `|source − target|` is beyond the tolerance (0 when within). */
      keyExcess,
      /** Keys the target holds beyond the source plus tolerance (0 unless the target is ahead). */
      extraTargetKeys: delta < 0 ? keyExcess : 0,
    };
  },
  describeUnmet: (stats, result) => `key difference ${formatCount(Math.abs(stats.keyDelta))} > tolerance ${formatCount(result.keyTolerance)}`,
});

/** When `maxOffset` is set, the incremental offset at most that (compared exactly, beyond 2^53). */
const offset = criterion({
  name: "offset",
  check: (stats, options) => {
    if (options.maxOffset === undefined) return { met: true };
    const value = parseOffset(stats.offset);
    return { met: value !== undefined && value <= BigInt(options.maxOffset) };
  },
  describeUnmet: (stats, _result, options) => `offset ${stats.offset} > maxOffset ${options.maxOffset ?? "?"}`,
});

/** The completion rule: every criterion holds on the same read. Order is the order of messages. */
export const COMPLETION_CRITERIA = [progress, keys, offset] as const;

type Criteria = (typeof COMPLETION_CRITERIA)[number];

/** Each criterion's result, by name. */
export type CriteriaResults = { readonly [C in Criteria as C["name"]]: ReturnType<C["check"]> };

/** An unmet criterion of one read, with the words for what is missing. */
export interface UnmetCriterion {
  readonly name: Criteria["name"];
  readonly describe: () => string;
}

/** One observation judged against the completion rule, with the numbers a message needs. */
export interface CriteriaCheck {
  /** Every criterion holds. */
  readonly met: boolean;
  /** The criteria that do not, in rule order. */
  readonly unmet: readonly UnmetCriterion[];
  readonly results: CriteriaResults;
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

/** One criterion's result; an unmet one joins `unmet` with its description, formatted only if asked for. */
function judge(
  c: CompletionCriterion<Criteria["name"], CriterionResult>,
  stats: GetMigrationStatsResult,
  options: WaitOptions,
  unmet: UnmetCriterion[],
): CriterionResult {
  const result = c.check(stats, options);
  if (!result.met) unmet.push({ name: c.name, describe: () => c.describeUnmet(stats, result, options) });
  return result;
}

/** Judges one observation against every criterion of {@link COMPLETION_CRITERIA}. */
export function checkCriteria(stats: GetMigrationStatsResult, options: WaitOptions): CriteriaCheck {
  const unmet: UnmetCriterion[] = [];
  const results = Object.fromEntries(COMPLETION_CRITERIA.map((c) => [c.name, judge(c, stats, options, unmet)])) as CriteriaResults;
  return {
    met: unmet.length === 0,
    unmet,
    results,
    progressMet: results.progress.met,
    keysMet: results.keys.met,
    offsetMet: results.offset.met,
    keyTolerance: results.keys.keyTolerance,
    keyExcess: results.keys.keyExcess,
    extraTargetKeys: results.keys.extraTargetKeys,
  };
}
