import { parseArgs } from "node:util";
import { EmulatorInputError } from "./control/inputError";
import { expectNumber, expectOneOf } from "./control/jsonInput";
import type { EmulatorOptions } from "./emulatorOptions";
import { FIELD_FORMATS, type FieldFormat } from "./statsBody";
import type { CreateTaskRequest } from "./tasks/taskRequest";
import { isPresetName, PRESET_NAMES } from "./timelinePresets";

export const MAIN_USAGE = `Usage: npm run emulator -- [options]

Starts the DCS migration-stats API emulator on 127.0.0.1 and prints its URL,
emulator-only test credentials and task ids. Ctrl-C stops it and every Redis process.

Tasks (repeatable):
  --scripted <preset>      a scripted migration; presets: ${PRESET_NAMES.join(", ")}
  --redis <keys>           a real migration between two redis-server processes, source seeded with <keys> keys

Scripted tasks:
  --time-scale <n>         virtual ms per real ms (600 plays 30 minutes in 3 s)      [default: 60]
  --duration <seconds>     virtual length of the main ramp                            [default: 1800]

Redis tasks:
  --write-ops <n>          steady writes per second into the source while migrating   [default: 0]
  --key-load-delay <n>     redis key-load-delay on the target (µs per key, -N = 1 key in N) to watch the sync [default: 0]

All tasks:
  --field-format <f>       number | string: how numeric fields are sent               [default: number]

Server:
  --port <n>               port on 127.0.0.1; 0 picks a free one                      [default: 0]
  --project-id <id>        project id the API answers for                             [default: random]
  --access-key <ak>  --secret-key <sk>  --auth-token <token>  --security-token <token>
                           fixed test credentials instead of random ones
  --temporary-credentials  generate a security token (temporary AK/SK)
  --clock-skew <seconds>   the API's clock runs this far ahead of this machine's (negative: behind,
                           as --clock-skew=-1200): shifts its Date header and its X-Sdk-Date check [default: 0]
  --json                   print the start-up information as one JSON line
  --verbose                log every API request
  --help                   this text
`;

export interface MainArgs {
  readonly help: boolean;
  readonly json: boolean;
  readonly options: EmulatorOptions;
  readonly verbose: boolean;
}

/**
 * Parses the command line of `emulator/main.ts`. Pure.
 *
 * @throws EmulatorInputError naming the flag and the value.
 */
export function parseMainArgs(argv: readonly string[]): MainArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        scripted: { type: "string", multiple: true },
        redis: { type: "string", multiple: true },
        "time-scale": { type: "string" },
        duration: { type: "string" },
        "write-ops": { type: "string" },
        "key-load-delay": { type: "string" },
        "field-format": { type: "string" },
        port: { type: "string" },
        "project-id": { type: "string" },
        "access-key": { type: "string" },
        "secret-key": { type: "string" },
        "auth-token": { type: "string" },
        "security-token": { type: "string" },
        "temporary-credentials": { type: "boolean" },
        "clock-skew": { type: "string" },
        json: { type: "boolean" },
        verbose: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    throw new EmulatorInputError("argv", `${e instanceof Error ? e.message : String(e)}\n\n${MAIN_USAGE}`);
  }
  const v = parsed.values;
  const num = (flag: string, raw: string | undefined, rule: Parameters<typeof expectNumber>[2]): number | undefined =>
    raw === undefined ? undefined : expectNumber(raw.trim() === "" ? NaN : Number(raw), `--${flag}`, rule);

  const fieldFormat: FieldFormat =
    v["field-format"] === undefined ? "number" : expectOneOf(v["field-format"], "--field-format", FIELD_FORMATS);
  const timeScale = num("time-scale", v["time-scale"], { min: 0, exclusiveMin: true }) ?? 60;
  const durationSeconds = num("duration", v.duration, { min: 0, exclusiveMin: true });
  const writeOps = num("write-ops", v["write-ops"], { min: 0 }) ?? 0;
  const keyLoadDelay = num("key-load-delay", v["key-load-delay"], { integer: true, min: -1_000_000, max: 1_000_000 }) ?? 0;

  const tasks: CreateTaskRequest[] = [];
  for (const preset of v.scripted ?? []) {
    if (!isPresetName(preset)) {
      throw new EmulatorInputError("--scripted", `Expected \`--scripted\` to be one of ${PRESET_NAMES.join(", ")}, got ${JSON.stringify(preset)}`);
    }
    tasks.push({
      kind: "scripted",
      preset,
      timeScale,
      fieldFormat,
      ...(durationSeconds === undefined ? {} : { durationMs: durationSeconds * 1000 }),
    });
  }
  for (const keys of v.redis ?? []) {
    tasks.push({
      kind: "redis",
      keys: num("redis", keys, { min: 0, integer: true }) ?? 0,
      writeOpsPerSecond: writeOps,
      keyLoadDelay,
      fieldFormat,
    });
  }

  const credentials = {
    ...(v["access-key"] === undefined ? {} : { accessKey: v["access-key"] }),
    ...(v["secret-key"] === undefined ? {} : { secretKey: v["secret-key"] }),
    ...(v["auth-token"] === undefined ? {} : { authToken: v["auth-token"] }),
    ...(v["security-token"] === undefined ? {} : { securityToken: v["security-token"] }),
  };
  const port = num("port", v.port, { min: 0, max: 65535, integer: true });
  // Ten years either way, as the start option allows.
  const clockSkewSeconds = num("clock-skew", v["clock-skew"], { integer: true, min: -315_360_000, max: 315_360_000 });
  return {
    help: v.help === true,
    json: v.json === true,
    verbose: v.verbose === true,
    options: {
      tasks,
      credentials,
      temporaryCredentials: v["temporary-credentials"] === true,
      ...(port === undefined ? {} : { port }),
      ...(clockSkewSeconds === undefined ? {} : { clockSkewMs: clockSkewSeconds * 1000 }),
      ...(v["project-id"] === undefined ? {} : { projectId: v["project-id"] }),
    },
  };
}
