import type { SettingRow } from "./settingTables";

/** What a row may add to the type check: bounds (client tunables) and its own rule (wait options). */
type CheckedRow = SettingRow & {
  readonly min?: number;
  readonly max?: number;
  readonly validate?: (value: never, all: Readonly<Record<string, unknown>>, name: (option: string) => string) => string | undefined;
};

/**
 * The type a value of `row` must have, phrased to follow "Expected X to be", or undefined when it
 * has it. A row with bounds (a client tunable) names them, since a value of the wrong type breaks
 * them too. `undefined` always passes: "not given" is for the caller to judge (defaults, required).
 */
export function settingTypeRule(row: CheckedRow, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (row.min !== undefined && row.max !== undefined) {
    if (typeof value === "number" && Number.isSafeInteger(value) && value >= row.min && value <= row.max) return undefined;
    return row.max === Number.MAX_SAFE_INTEGER
      ? `an integer ≥ ${row.min}`
      : `an integer from ${row.min} to ${row.max} (the longest delay a Node.js timer can hold)`;
  }
  switch (row.type) {
    case "string":
      return typeof value === "string" ? undefined : "a string";
    case "boolean":
      return typeof value === "boolean" ? undefined : "true or false";
    case "number":
    case "integer":
      return typeof value === "number" && Number.isFinite(value) ? undefined : "a finite number";
  }
}

/**
 * The one value checker of every entry point — resource inputs, the plugin's config, wait options,
 * settings resolution, client options, tunables from stack config or the environment: the type,
 * then the row's own rule. Entry points only render the message around it, naming the value the
 * way their users set it (argument, flag, config key, variable). `name` renders another option's
 * name in a rule that compares two options.
 */
export function settingRule(
  row: CheckedRow,
  value: unknown,
  all: Readonly<Record<string, unknown>> = {},
  name: (option: string) => string = (option) => `\`${option}\``,
): string | undefined {
  if (value === undefined) return undefined;
  const typeRule = settingTypeRule(row, value);
  if (typeRule !== undefined) return typeRule;
  const validate = row.validate as ((v: unknown, all: Readonly<Record<string, unknown>>, name: (option: string) => string) => string | undefined) | undefined;
  return validate?.(value, all, name);
}

/**
 * A value written as text (stack config, environment) as the row's type, for {@link settingRule}
 * to judge: `true`/`false` for a boolean, a decimal for a number, whole digits for an integer.
 * Text that is none of these comes back as it is, and the rule names the type it is not.
 */
export function settingValueFromText(row: SettingRow, text: string): unknown {
  switch (row.type) {
    case "string":
      return text;
    case "boolean":
      return text === "true" ? true : text === "false" ? false : text;
    case "integer":
      return /^-?\d+$/.test(text) ? Number(text) : text;
    case "number":
      return text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text;
  }
}
