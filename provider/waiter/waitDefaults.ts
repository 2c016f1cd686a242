import { ConfigurationError } from "../core/errors";
import { quote } from "../core/quote";
import { WAIT_SETTINGS, type ValuesOf, type WaitOptionName, type WaitTable } from "../settings/settingTables";

export { MAX_DURATION_SECONDS } from "../settings/settingTables";

/**
 * What "the migration is complete" means and how long to wait for it: one field per row of
 * `WAIT_SETTINGS` (whose TSDoc each field carries). Shared by `WaitForMigration` and
 * `dcs-migration wait`, so both gate on the same rule. `maxOffset` has no default.
 */
export type WaitOptions = Omit<ValuesOf<WaitTable>, "maxOffset"> & Partial<Pick<ValuesOf<WaitTable>, "maxOffset">>;

/** The options every omitted field falls back to, from the table. */
export const WAIT_DEFAULTS: Readonly<WaitOptions> = Object.freeze(
  Object.fromEntries(WAIT_SETTINGS.map((r) => [r.name, r.default])) as unknown as WaitOptions,
);

/** A wait option whose value breaks its row's rule. */
export interface WaitOptionProblem {
  readonly option: WaitOptionName;
  /** Follows "expected": `> 0`, `a finite number`, `≤ --poll-interval (10)`. */
  readonly rule: string;
  readonly value: unknown;
}


/**
 * The first option of `options` that breaks its rule (type, then the row's `validate`, in table
 * order), or undefined. `name` renders another option's name in a rule, the way the caller's users
 * name it (`` `pollIntervalSeconds` `` in a program, `--poll-interval` on the command line).
 */
export function findWaitOptionProblem(options: Readonly<Record<string, unknown>>, name: (option: string) => string): WaitOptionProblem | undefined {
  for (const row of WAIT_SETTINGS) {
    const value = options[row.name];
    if (row.type !== "string" && (typeof value !== "number" || !Number.isFinite(value))) {
      return { option: row.name, rule: "a finite number", value };
    }
  }
  for (const row of WAIT_SETTINGS) {
    const value = options[row.name];
    if (value === undefined) continue;
    const validate = row.validate as ((v: unknown, all: Readonly<Record<string, unknown>>, name: (o: string) => string) => string | undefined) | undefined;
    const rule = validate?.(value, options, name);
    if (rule !== undefined) return { option: row.name, rule, value };
  }
  return undefined;
}

/**
 * Merges `partial` over {@link WAIT_DEFAULTS} (undefined fields take the default) and validates
 * the result once. Throws a {@link ConfigurationError} naming the option and the value, e.g.
 * ``Expected `timeoutSeconds` to be > 0, got -1``.
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
  const problem = findWaitOptionProblem(merged, (option) => `\`${option}\``);
  if (problem !== undefined) {
    throw new ConfigurationError(`Expected \`${problem.option}\` to be ${problem.rule}, got ${quote(problem.value)}`, { field: problem.option });
  }
  return Object.freeze({ ...merged }) as unknown as WaitOptions;
}
