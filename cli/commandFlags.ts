import type { ConnectionArgs } from "../provider/dcsApi";
import { ConfigurationError } from "../provider/errors";
import { resolveWaitOptions, WAIT_DEFAULTS, type WaitOptions } from "../provider/waiter/waitDefaults";
import type { FlagSpec, ParsedFlags } from "./parseFlags";
import { parseDuration } from "./parseDuration";
import { UsageError } from "./usageError";

/** Where the API is; credentials are deliberately absent (environment only, see parseFlags). */
export const CONNECTION_FLAGS: readonly FlagSpec[] = [
  { name: "task-id", type: "string", placeholder: "ID", help: "Migration task id (required)." },
  { name: "project-id", type: "string", placeholder: "ID", help: "Project id. Default: HW_PROJECT_ID, HUAWEICLOUD_SDK_PROJECT_ID, OS_PROJECT_ID." },
  { name: "region", type: "string", placeholder: "REGION", help: "Region, e.g. cn-north-4. Default: HW_REGION_NAME, OS_REGION_NAME." },
  { name: "cloud", type: "string", placeholder: "DOMAIN", help: "Cloud domain. Default: HW_CLOUD, else myhuaweicloud.com." },
  {
    name: "endpoint",
    type: "string",
    placeholder: "URL",
    help: "Full DCS endpoint (scheme://host[:port]), e.g. a local emulator. Default: HW_DCS_ENDPOINT, else https://dcs.REGION.CLOUD.",
  },
  { name: "allow-insecure-http", type: "boolean", help: "Allow http:// to a host other than 127.0.0.1/::1/localhost." },
];

export const OUTPUT_FLAGS: readonly FlagSpec[] = [
  { name: "json", type: "boolean", help: "Machine-readable output (see below)." },
  { name: "help", type: "boolean", short: "h", help: "Show this help." },
];

export const WAIT_FLAGS: readonly FlagSpec[] = [
  { name: "timeout", type: "string", placeholder: "DURATION", help: `Give up after this long (exit 3). Default: ${WAIT_DEFAULTS.timeoutSeconds / 60}m.` },
  { name: "poll-interval", type: "string", placeholder: "DURATION", help: `Longest gap between reads (after a resync, one gap may stretch by half to win back early reads). Default: ${WAIT_DEFAULTS.pollIntervalSeconds}s.` },
  { name: "min-poll-interval", type: "string", placeholder: "DURATION", help: `Shortest gap between reads. Default: ${WAIT_DEFAULTS.minPollIntervalSeconds}s.` },
  { name: "stable-for", type: "string", placeholder: "DURATION", help: `Criteria must hold this long before success. Default: ${WAIT_DEFAULTS.stableForSeconds}s.` },
  { name: "stall-timeout", type: "string", placeholder: "DURATION", help: `Fail (exit 1) when nothing changes this long. Default: ${WAIT_DEFAULTS.stallTimeoutSeconds / 60}m.` },
  { name: "required-progress", type: "string", placeholder: "PERCENT", help: `Minimum full-migration progress. Default: ${WAIT_DEFAULTS.requiredProgress}.` },
  { name: "key-tolerance", type: "string", placeholder: "N", help: `Key-count difference accepted, in keys. Default: ${WAIT_DEFAULTS.keyCountTolerance}.` },
  {
    name: "key-tolerance-ratio",
    type: "string",
    placeholder: "R",
    help: `Key-count difference accepted, as a fraction of the source keys; the larger tolerance wins. Default: ${WAIT_DEFAULTS.keyCountToleranceRatio}.`,
  },
  { name: "max-offset", type: "string", placeholder: "N", help: "Also require the incremental offset ≤ N. Default: not checked." },
];

/** Which flag sets each wait option, for messages. */
const FLAG_OF_OPTION: Readonly<Record<keyof WaitOptions, string>> = {
  timeoutSeconds: "--timeout",
  pollIntervalSeconds: "--poll-interval",
  minPollIntervalSeconds: "--min-poll-interval",
  stableForSeconds: "--stable-for",
  stallTimeoutSeconds: "--stall-timeout",
  requiredProgress: "--required-progress",
  keyCountTolerance: "--key-tolerance",
  keyCountToleranceRatio: "--key-tolerance-ratio",
  maxOffset: "--max-offset",
};

/** Which flag sets each connection argument, for rewriting the client's messages. */
export const FLAG_OF_CONNECTION_ARG: Readonly<Record<string, string>> = {
  projectId: "--project-id",
  region: "--region",
  cloud: "--cloud",
  endpoint: "--endpoint",
  allowInsecureHttp: "--allow-insecure-http",
  taskId: "--task-id",
};

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
  return id.trim();
}

/** What an omitted connection flag falls back to, for the message refusing an empty one. */
const FALLBACK_OF_FLAG: Readonly<Record<string, string>> = {
  "project-id": "HW_PROJECT_ID",
  region: "HW_REGION_NAME",
  cloud: "HW_CLOUD",
  endpoint: "HW_DCS_ENDPOINT",
};

export function connectionArgsFrom(flags: ParsedFlags): ConnectionArgs {
  // An empty value is almost always an unset shell variable (`--project-id "$PROJECT"`); reading
  // the environment instead could silently point the gate at another project or endpoint.
  const given = (name: string): string | undefined => {
    const v = str(flags, name);
    if (v !== undefined && v.trim() === "") {
      throw new UsageError(
        `--${name} is empty (an unset shell variable?): give a value, or leave the flag out to use ${FALLBACK_OF_FLAG[name] ?? "the default"}.`,
        { field: `--${name}` },
      );
    }
    return v;
  };
  return {
    projectId: given("project-id"),
    region: given("region"),
    cloud: given("cloud"),
    endpoint: given("endpoint"),
    allowInsecureHttp: flags["allow-insecure-http"] === true,
  };
}

function parseNumber(text: string, flag: string, what: string): number {
  const value = text.trim().replace(/%$/, "");
  if (!/^-?\d+(\.\d+)?$/.test(value)) {
    throw new UsageError(`${flag}: expected ${what}, got ${JSON.stringify(text)}.`, { field: flag });
  }
  return Number(value);
}

/**
 * The wait options the flags ask for, validated by the same `resolveWaitOptions` as the
 * Pulumi resource (so the defaults and rules are one), with errors naming the flag.
 */
export function waitOptionsFrom(flags: ParsedFlags): WaitOptions {
  const duration = (name: string): number | undefined => {
    const v = str(flags, name);
    return v === undefined ? undefined : parseDuration(v, `--${name}`);
  };
  const number = (name: string, what: string): number | undefined => {
    const v = str(flags, name);
    return v === undefined ? undefined : parseNumber(v, `--${name}`, what);
  };
  const maxOffset = str(flags, "max-offset")?.trim();
  const partial: Partial<WaitOptions> = {
    timeoutSeconds: duration("timeout"),
    pollIntervalSeconds: duration("poll-interval"),
    minPollIntervalSeconds: duration("min-poll-interval"),
    stableForSeconds: duration("stable-for"),
    stallTimeoutSeconds: duration("stall-timeout"),
    requiredProgress: number("required-progress", "a percentage like 100 or 99.5"),
    keyCountTolerance: number("key-tolerance", "a whole number of keys like 0 or 50"),
    keyCountToleranceRatio: number("key-tolerance-ratio", "a fraction like 0.0001"),
    maxOffset,
  };
  try {
    return resolveWaitOptions(partial);
  } catch (e) {
    if (!(e instanceof ConfigurationError) || e.field === undefined) throw e;
    const flag = FLAG_OF_OPTION[e.field as keyof WaitOptions];
    if (flag === undefined) throw e;
    const rule = e.message.replace(/^Expected `\w+` to be /, "expected ").replace(/`(\w+)`/g, (m, name: string) => {
      return FLAG_OF_OPTION[name as keyof WaitOptions] ?? m;
    });
    throw new UsageError(`${flag}: ${rule} (${JSON.stringify(str(flags, flag.slice(2)))} as given).`, {
      field: flag,
      cause: e,
    });
  }
}
