import { ConfigurationError } from "../errors";

/**
 * What "the migration is complete" means and how long to wait for it.
 * Shared by `WaitForMigration` and `dcs-migration wait`, so both gate on the same rule.
 */
export interface WaitOptions {
  /**
   * Minimum `full_migration_progress` (percent) for completion.
   * @default 100
   */
  readonly requiredProgress: number;
  /**
   * Absolute key-count difference `|source − target|` still counted as converged.
   * The effective tolerance is the larger of this and `keyCountToleranceRatio × sourceDbsize`,
   * because live sources rarely reach exact equality (FACTS.md §1–2: TTL expiry on each side).
   * @default 0
   */
  readonly keyCountTolerance: number;
  /**
   * Key-count difference allowed as a fraction of `sourceDbsize` (0.0001 = 1 key in 10 000).
   * With both tolerances 0 the counts must be equal.
   * @default 0.0001
   */
  readonly keyCountToleranceRatio: number;
  /**
   * When set, the incremental `offset` must also be ≤ this decimal integer (compared exactly, as BigInt).
   * @default undefined (offset not checked)
   */
  readonly maxOffset?: string | undefined;
  /**
   * The criteria must hold on every observation for at least this long before the gate opens;
   * 0 opens on the first satisfying observation.
   * @default 30
   */
  readonly stableForSeconds: number;
  /**
   * Fail as stalled when progress, key counts and offset have not changed for this long
   * while the criteria do not hold (FACTS.md §2: syncs can get stuck below 100 %).
   * @default 600
   */
  readonly stallTimeoutSeconds: number;
  /**
   * Total time one wait may take. Enforced by the waiter itself because the Pulumi
   * dynamic-provider host ignores `customTimeouts` (FACTS.md §4).
   * @default 3600
   */
  readonly timeoutSeconds: number;
  /**
   * Longest gap between two polls. One exception: after reads were sent early for a completion
   * that did not come (a resync), a gap may stretch by up to half of this while the next
   * completion is predicted at least six intervals away, which wins those reads back.
   * @default 10
   */
  readonly pollIntervalSeconds: number;
  /**
   * Shortest gap between two polls (except the last poll just before the deadline).
   * @default 2
   */
  readonly minPollIntervalSeconds: number;
}

/** The options every omitted field falls back to. */
export const WAIT_DEFAULTS: Readonly<WaitOptions> = Object.freeze({
  requiredProgress: 100,
  keyCountTolerance: 0,
  keyCountToleranceRatio: 0.0001,
  maxOffset: undefined,
  stableForSeconds: 30,
  stallTimeoutSeconds: 600,
  timeoutSeconds: 3600,
  pollIntervalSeconds: 10,
  minPollIntervalSeconds: 2,
});

type NumericOption = Exclude<keyof WaitOptions, "maxOffset">;

const NUMERIC_OPTIONS: readonly NumericOption[] = [
  "requiredProgress",
  "keyCountTolerance",
  "keyCountToleranceRatio",
  "stableForSeconds",
  "stallTimeoutSeconds",
  "timeoutSeconds",
  "pollIntervalSeconds",
  "minPollIntervalSeconds",
];

/**
 * Longest duration any option may name. Far beyond any migration; what lies above it is a unit
 * mistake (milliseconds for seconds) or an attempt at "forever", which `timeoutSeconds` is not.
 */
export const MAX_DURATION_SECONDS = 365 * 86_400;

const DURATION_OPTIONS = [
  "stableForSeconds",
  "stallTimeoutSeconds",
  "timeoutSeconds",
  "pollIntervalSeconds",
  "minPollIntervalSeconds",
] as const satisfies readonly NumericOption[];

const show = (value: unknown): string => (typeof value === "string" ? JSON.stringify(value) : String(value));

/**
 * Merges `partial` over {@link WAIT_DEFAULTS} (undefined fields take the default) and validates
 * the result once. Throws a {@link ConfigurationError} naming the option and the value.
 */
export function resolveWaitOptions(partial: Partial<WaitOptions> = {}): WaitOptions {
  const merged: Record<string, unknown> = { ...WAIT_DEFAULTS };
  for (const [key, value] of Object.entries(partial)) {
    if (!(key in WAIT_DEFAULTS)) {
      throw new ConfigurationError(
        `Unknown wait option \`${key}\`; expected one of ${Object.keys(WAIT_DEFAULTS).join(", ")}.`,
        { field: key },
      );
    }
    if (value !== undefined) merged[key] = value;
  }

  for (const key of NUMERIC_OPTIONS) {
    const value = merged[key];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new ConfigurationError(`Expected \`${key}\` to be a finite number, got ${show(value)}`, { field: key });
    }
  }
  const o = merged as unknown as WaitOptions;

  const fail = (field: keyof WaitOptions, rule: string): never => {
    throw new ConfigurationError(`Expected \`${field}\` to be ${rule}, got ${show(o[field])}`, { field });
  };
  if (o.requiredProgress <= 0 || o.requiredProgress > 100) fail("requiredProgress", "> 0 and ≤ 100");
  if (o.keyCountTolerance < 0) fail("keyCountTolerance", ">= 0");
  if (!Number.isInteger(o.keyCountTolerance)) fail("keyCountTolerance", "a whole number of keys");
  if (o.keyCountToleranceRatio < 0 || o.keyCountToleranceRatio > 1) fail("keyCountToleranceRatio", "between 0 and 1");
  if (o.stableForSeconds < 0) fail("stableForSeconds", ">= 0");
  if (o.timeoutSeconds <= 0) fail("timeoutSeconds", "> 0");
  if (o.stallTimeoutSeconds <= 0) fail("stallTimeoutSeconds", "> 0");
  if (o.pollIntervalSeconds <= 0) fail("pollIntervalSeconds", "> 0");
  if (o.minPollIntervalSeconds <= 0) fail("minPollIntervalSeconds", "> 0");
  for (const key of DURATION_OPTIONS) {
    if (o[key] > MAX_DURATION_SECONDS) fail(key, `≤ ${MAX_DURATION_SECONDS} (one year)`);
  }
  if (o.minPollIntervalSeconds > o.pollIntervalSeconds) {
    fail("minPollIntervalSeconds", `≤ \`pollIntervalSeconds\` (${o.pollIntervalSeconds})`);
  }
  if (o.maxOffset !== undefined) {
    if (typeof o.maxOffset !== "string" || !/^\d+$/.test(o.maxOffset)) {
      fail("maxOffset", "a non-negative decimal integer string such as \"0\" or \"1000\"");
    }
  }
  return Object.freeze({ ...o });
}
