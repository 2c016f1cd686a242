import { parseArgs } from "node:util";
import { UsageError } from "./usageError";

/** One flag of a command, as declared for parsing and for `--help`. */
export interface FlagSpec {
  /** Without the leading `--`, e.g. `task-id`. */
  readonly name: string;
  readonly type: "string" | "boolean";
  readonly short?: string;
  /** Placeholder shown in help, e.g. `ID`, `DURATION`. */
  readonly placeholder?: string;
  readonly help: string;
}

export type ParsedFlags = Readonly<Record<string, string | boolean | undefined>>;

/** Flag names that smell of a credential, compared without case, dashes or underscores. */
const SECRETISH = /secret|token|password|passwd|^(ak|sk|accesskey|credentials?)$/;

function secretFlagMessage(raw: string): string {
  return (
    `${raw} is not accepted: credentials are read only from the environment, because a secret on the ` +
    `command line is visible to every user of the machine (ps, /proc) and is kept in shell history. ` +
    `Set HW_ACCESS_KEY and HW_SECRET_KEY (or HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK, plus HW_SECURITY_TOKEN ` +
    `for temporary credentials, or HW_AUTH_TOKEN for an IAM token) instead.`
  );
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? Infinity;
}

function suggestion(name: string, specs: readonly FlagSpec[]): string {
  let best: { name: string; d: number } | undefined;
  for (const s of specs) {
    const d = editDistance(name, s.name);
    if (d <= 2 && (best === undefined || d < best.d)) best = { name: s.name, d };
  }
  return best === undefined ? "" : ` Did you mean --${best.name}?`;
}

/**
 * Parses `argv` against `specs` with node:util `parseArgs`, but reports problems as
 * {@link UsageError}s that name the flag and say why: unknown flags (with a suggestion),
 * credential flags (refused, with the reason), missing values, values on switches,
 * repeated flags and stray arguments. Values are never echoed for flags that look secret.
 */
export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[], command: string): ParsedFlags {
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = {};
  for (const s of specs) options[s.name] = s.short === undefined ? { type: s.type } : { type: s.type, short: s.short };
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const byName = new Map(specs.map((s) => [s.name, s]));
  const out: Record<string, string | boolean | undefined> = {};
  const fail = (message: string, field?: string): never => {
    throw new UsageError(message, field === undefined ? { command } : { field, command });
  };
  for (const token of tokens) {
    if (token.kind === "option-terminator") continue;
    if (token.kind === "positional") {
      fail(`Unexpected argument ${JSON.stringify(token.value)}: \`dcs-migration ${command}\` takes only flags.`);
      continue;
    }
    const normalized = token.name.toLowerCase().replace(/[-_]/g, "");
    if (SECRETISH.test(normalized)) fail(secretFlagMessage(token.rawName), token.rawName);
    const spec = byName.get(token.name);
    if (spec === undefined) {
      fail(`Unknown flag ${token.rawName} for \`dcs-migration ${command}\`.${suggestion(token.name, specs)}`, token.rawName);
      continue;
    }
    const flag = `--${spec.name}`;
    if (out[spec.name] !== undefined) fail(`${flag} is given more than once.`, flag);
    if (spec.type === "boolean") {
      if (token.inlineValue === true) fail(`${flag} is a switch and takes no value; write just ${flag}.`, flag);
      out[spec.name] = true;
    } else {
      if (token.value === undefined) {
        fail(`${flag} needs a value, e.g. ${flag} ${spec.placeholder ?? "VALUE"}.`, flag);
        continue;
      }
      if (token.inlineValue !== true && token.value.startsWith("--")) {
        fail(`${flag} needs a value, got the flag ${token.value} instead.`, flag);
      }
      out[spec.name] = token.value;
    }
  }
  return out;
}
