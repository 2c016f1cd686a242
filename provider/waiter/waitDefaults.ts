import { ConfigurationError } from "../core/errors";
import { quote } from "../core/quote";
import { settingRule, settingTypeRule } from "../settings/settingRule";
import { defaultsOf, namesOf, WAIT_SETTINGS, type ResolvedValuesOf, type WaitOptionName, type WaitTable } from "../settings/settingTables";

export { MAX_DURATION_SECONDS } from "../settings/settingTables";

/**
 * What "the migration is complete" means and how long to wait for it: one field per row of
 * `WAIT_SETTINGS` (whose TSDoc each field carries). Shared by `WaitForMigration` and
 * `dcs-migration wait`, so both gate on the same rule. A row without a default is optional.
 */
export type WaitOptions = ResolvedValuesOf<WaitTable>;

/** The options every omitted field falls back to: every row with a default, from the table. */
export const WAIT_DEFAULTS: Readonly<WaitOptions> = defaultsOf(WAIT_SETTINGS);

/** Every wait option, with a default or not, in table order. */
const WAIT_OPTION_NAMES: readonly string[] = namesOf(WAIT_SETTINGS);

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
  // Types first, so a rule comparing two options never sees a value of the wrong type.
  for (const row of WAIT_SETTINGS) {
    const rule = settingTypeRule(row, options[row.name]);
    if (rule !== undefined) return { option: row.name, rule, value: options[row.name] };
  }
  for (const row of WAIT_SETTINGS) {
    const rule = settingRule(row, options[row.name], options, name);
    if (rule !== undefined) return { option: row.name, rule, value: options[row.name] };
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
    if (!WAIT_OPTION_NAMES.includes(key)) {
      throw new ConfigurationError(
        `Unknown wait option \`${key}\`; expected one of ${WAIT_OPTION_NAMES.join(", ")}.`,
        { field: key },
      );
    }
    if (value !== undefined) merged[key] = value;
  }
  const problem = findWaitOptionProblem(merged, (option) => `\`${option}\``);
  if (problem !== undefined) {
    throw new ConfigurationError(`Expected \`${problem.option}\` to be ${problem.rule}, got ${quote(problem.value)}`, { field: problem.option });
  }
  return Object.freeze({ ...merged }) as WaitOptions;
}
