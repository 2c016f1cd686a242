import {
  type ArgumentName,
  type ConnectionArgs,
  CONNECTION_SETTINGS,
  WAIT_SETTINGS,
  type ConnectionSettingRow,
  type SettingRow,
  validatePathId,
} from "../provider/settings";
import { quote } from "../provider/core";
import { findWaitOptionProblem, resolveWaitOptions, WAIT_DEFAULTS, type WaitOptions } from "../provider/waiter";
import type { FlagSpec, ParsedFlags } from "./parseFlags";
import { formatDurationFlag, parseDuration } from "./parseDuration";
import { UsageError } from "./usageError";

/** A flag's name without the leading dashes, as `parseFlags` keys it. */
const bare = (flag: string): string => flag.replace(/^--/, "");

/** The connection rows the CLI takes as flags; credentials have none (environment only, see parseFlags). */
const CONNECTION_FLAG_ROWS = CONNECTION_SETTINGS.filter((r): r is typeof r & { flag: string } => r.flag !== undefined);

/** "Default: HW_PROJECT_ID, OS_PROJECT_ID, else x." for a setting's help line. */
function fallbackText(row: SettingRow): string {
  const places = [...row.env, ...(row.default === undefined || row.default === false ? [] : [String(row.default)])];
  if (places.length === 0) return "";
  return row.env.length > 0 && row.default !== undefined && row.default !== false
    ? ` Default: ${row.env.join(", ")}, else ${String(row.default)}.`
    : ` Default: ${places.join(", ")}.`;
}

/** Where the API is, from `CONNECTION_SETTINGS`; credentials are deliberately absent (environment only). */
export const CONNECTION_FLAGS: readonly FlagSpec[] = CONNECTION_FLAG_ROWS.map((r) => ({
  name: bare(r.flag),
  type: r.type === "boolean" ? "boolean" : "string",
  ...(r.placeholder === undefined ? {} : { placeholder: r.placeholder }),
  help: `${r.docFor?.cli ?? r.doc}${r.required === true ? " Required." : fallbackText(r)}`,
}));

export const OUTPUT_FLAGS: readonly FlagSpec[] = [
  { name: "json", type: "boolean", help: "Machine-readable output (see below)." },
  { name: "help", type: "boolean", short: "h", help: "Show this help." },
];

/** What a wait option's default looks like as a flag value (`60m`, `10s`, `100`), or "not checked". */
export function flagDefault(row: (typeof WAIT_SETTINGS)[number]): string {
  const value = WAIT_DEFAULTS[row.name];
  if (value === undefined) return "not checked";
  return row.duration === true && typeof value === "number" ? formatDurationFlag(value) : String(value);
}

/** One flag per wait option, from `WAIT_SETTINGS`. */
export const WAIT_FLAGS: readonly FlagSpec[] = WAIT_SETTINGS.map((r) => ({
  name: bare(r.flag),
  type: "string",
  placeholder: r.placeholder,
  help: `${r.docFor?.cli ?? r.doc} Default: ${flagDefault(r)}.`,
}));

/** How the CLI names a connection setting passed to it: by its flag; settings without one are not taken. */
export const cliArgumentName = (row: ConnectionSettingRow): ArgumentName | undefined =>
  row.flag === undefined ? undefined : { name: row.flag, label: `flag ${row.flag}` };

const str = (flags: ParsedFlags, name: string): string | undefined => {
  const v = flags[name];
  return typeof v === "string" ? v : undefined;
};

/** The required task id. */
export function taskIdFrom(flags: ParsedFlags, command: string): string {
  const id = str(flags, "task-id");
  if (id === undefined || id.trim() === "") {
    throw new UsageError(`--task-id is required: the id of the DCS migration task, e.g. --task-id 7f3c1a2b-….`, {
      field: "--task-id",
      command,
    });
  }
  // Checked here, under the flag's name, so the refusal names what the user typed.
  return validatePathId("--task-id", id.trim());
}

/** The connection settings the flags give; empty ones are refused, naming what the flag falls back to. */
export function connectionArgsFrom(flags: ParsedFlags): ConnectionArgs {
  // An empty value is almost always an unset shell variable (`--project-id "$PROJECT"`); reading
  // the environment instead could silently point the gate at another project or endpoint.
  const args: Record<string, string | boolean | undefined> = {};
  for (const row of CONNECTION_FLAG_ROWS) {
    if (row.name === "taskId") continue;
    const name = bare(row.flag);
    if (row.type === "boolean") {
      args[row.name] = flags[name] === true;
      continue;
    }
    const v = str(flags, name);
    if (v !== undefined && v.trim() === "") {
      throw new UsageError(
        `${row.flag} is empty (an unset shell variable?): give a value, or leave the flag out to use ${row.env[0] ?? "the default"}.`,
        { field: row.flag },
      );
    }
    args[row.name] = v;
  }
  return args as ConnectionArgs;
}

function parseNumber(text: string, flag: string, what: string): number {
  const value = text.trim().replace(/%$/, "");
  if (!/^-?\d+(\.\d+)?$/.test(value)) {
    throw new UsageError(`${flag}: expected ${what}, got ${JSON.stringify(text)}.`, { field: flag });
  }
  return Number(value);
}

/**
 * The wait options the flags ask for, validated by the same rules as the Pulumi resource (so
 * the defaults and rules are one), with errors naming the flag: the rows' names are passed in.
 */
export function waitOptionsFrom(flags: ParsedFlags): WaitOptions {
  const partial: Record<string, unknown> = {};
  for (const row of WAIT_SETTINGS) {
    const text = str(flags, bare(row.flag));
    if (text === undefined) continue;
    partial[row.name] =
      row.duration === true
        ? parseDuration(text, row.flag)
        : row.type === "string"
          ? text.trim()
          : parseNumber(text, row.flag, row.flagValue ?? "a number");
  }
  const flagOf = (option: string): string => WAIT_SETTINGS.find((r) => r.name === option)?.flag ?? option;
  const problem = findWaitOptionProblem({ ...WAIT_DEFAULTS, ...partial }, flagOf);
  if (problem !== undefined) {
    const flag = flagOf(problem.option);
    throw new UsageError(`${flag}: expected ${problem.rule}, got ${quote(problem.value)} (${JSON.stringify(str(flags, bare(flag)))} as given).`, {
      field: flag,
    });
  }
  return resolveWaitOptions(partial as Partial<WaitOptions>);
}
