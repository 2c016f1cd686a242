import { EmulatorInputError } from "../control/inputError";
import {
  expectBoolean,
  expectObject,
  expectOneOf,
  expectOnlyKeys,
  expectString,
  optionalNumber,
} from "../control/jsonInput";
import { parseFaultRules } from "../faults/faultValidation";
import type { FaultRule } from "../faults/faultRule";
import { FIELD_FORMATS, type FieldFormat } from "../statsBody";
import type { Timeline } from "../timeline";
import { isPresetName, PRESET_NAMES, presetTimeline, type PresetName } from "../timelinePresets";
import { parseTimelineOverrides, validateTimeline } from "../timelineValidation";

/** Fields every task request takes. */
interface CommonTaskRequest {
  /** Task id; a random UUID (the form real task ids take) when absent. */
  readonly id?: string;
  /** Numbers like the API page's example, or strings like its table (FACTS.md §1). @default "number" */
  readonly fieldFormat?: FieldFormat;
  /** Faults in front of this task's answers. @default [] */
  readonly faults?: readonly FaultRule[];
}

/** A task that plays a timeline (see ../timeline.ts). */
export interface ScriptedTaskRequest extends CommonTaskRequest {
  readonly kind: "scripted";
  /** @default "linear" */
  readonly preset?: PresetName;
  /** Virtual length of the preset's main ramp. @default 1_800_000 (30 minutes) */
  readonly durationMs?: number;
  /** @default 531221 */
  readonly sourceKeys?: number;
  /** Timeline fields laid over the preset; `phases` replaces the preset's phases. */
  readonly timeline?: Partial<Timeline>;
  /** Virtual ms per real ms: 600 plays a 30-minute migration in 3 s. @default 1 */
  readonly timeScale?: number;
  /** Virtual time the task starts at, e.g. to begin half-way through. @default 0 */
  readonly startAtMs?: number;
}

/** A task that migrates between two real redis-server processes with REPLICAOF (FACTS.md §6). */
export interface RedisTaskRequest extends CommonTaskRequest {
  readonly kind: "redis";
  /** Keys seeded into the source. @default 10000 */
  readonly keys?: number;
  /** Share of seeded keys given a TTL. @default 0.1 */
  readonly ttlFraction?: number;
  /** @default 3600 */
  readonly ttlSeconds?: number;
  /** @default 32 */
  readonly valueBytes?: number;
  /** Steady writes per second into the source while migrating. @default 0 */
  readonly writeOpsPerSecond?: number;
  /** Share of those writes that create keys rather than overwrite. @default 0 */
  readonly newKeyFraction?: number;
  /**
   * Redis's own debug knob `key-load-delay` on the target: microseconds slept per
   * key loaded, or −N to sleep on one key in N. Makes a small migration last long
   * enough to watch; 0 migrates at full speed. @default 0
   */
  readonly keyLoadDelay?: number;
  /** Start replicating at once; otherwise wait for the control API's start. @default true */
  readonly autoStart?: boolean;
}

export type CreateTaskRequest = ScriptedTaskRequest | RedisTaskRequest;

/** Resolved, validated forms. */
export interface ScriptedTaskSpec {
  readonly kind: "scripted";
  readonly id: string | undefined;
  readonly fieldFormat: FieldFormat;
  readonly faults: readonly FaultRule[];
  readonly preset: PresetName;
  readonly timeline: Timeline;
  readonly timeScale: number;
  readonly startAtMs: number;
}

export interface RedisTaskSpec {
  readonly kind: "redis";
  readonly id: string | undefined;
  readonly fieldFormat: FieldFormat;
  readonly faults: readonly FaultRule[];
  readonly keys: number;
  readonly ttlFraction: number;
  readonly ttlSeconds: number;
  readonly valueBytes: number;
  readonly writeOpsPerSecond: number;
  readonly newKeyFraction: number;
  readonly keyLoadDelay: number;
  readonly autoStart: boolean;
}

export type TaskSpec = ScriptedTaskSpec | RedisTaskSpec;

export const REDIS_TASK_DEFAULTS = {
  keys: 10_000,
  ttlFraction: 0.1,
  ttlSeconds: 3600,
  valueBytes: 32,
  writeOpsPerSecond: 0,
  newKeyFraction: 0,
  keyLoadDelay: 0,
  autoStart: true,
} as const;

export const SCRIPTED_TASK_DEFAULTS = { preset: "linear", timeScale: 1, startAtMs: 0 } as const;

export const TASK_LIMITS = {
  maxRedisKeys: 5_000_000,
  maxValueBytes: 65_536,
  maxWriteOpsPerSecond: 100_000,
  maxTimeScale: 1e7,
} as const;

const TASK_ID = { re: /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, what: "1–64 letters, digits, '.', '_' or '-', starting with a letter or digit" };

const COMMON_KEYS = ["kind", "id", "fieldFormat", "faults"];
const SCRIPTED_KEYS = [...COMMON_KEYS, "preset", "durationMs", "sourceKeys", "timeline", "timeScale", "startAtMs"];
const REDIS_KEYS = [
  ...COMMON_KEYS,
  "keys",
  "ttlFraction",
  "ttlSeconds",
  "valueBytes",
  "writeOpsPerSecond",
  "newKeyFraction",
  "keyLoadDelay",
  "autoStart",
];

/**
 * Validates a create-task request from untrusted JSON (or from code) and fills in
 * defaults.
 *
 * @throws EmulatorInputError naming the field and the value.
 */
export function parseTaskRequest(value: unknown, field = ""): TaskSpec {
  const at = (name: string): string => (field === "" ? name : `${field}.${name}`);
  const obj = expectObject(value, field === "" ? "body" : field);
  const kind = expectOneOf(obj["kind"], at("kind"), ["scripted", "redis"] as const);
  const id = obj["id"] === undefined ? undefined : expectString(obj["id"], at("id"), TASK_ID);
  const fieldFormat = obj["fieldFormat"] === undefined ? "number" : expectOneOf(obj["fieldFormat"], at("fieldFormat"), FIELD_FORMATS);
  const faults = obj["faults"] === undefined ? [] : parseFaultRules(obj["faults"], at("faults"));

  if (kind === "scripted") {
    expectOnlyKeys(obj, field, SCRIPTED_KEYS);
    let preset: PresetName = SCRIPTED_TASK_DEFAULTS.preset;
    if (obj["preset"] !== undefined) {
      const name = expectString(obj["preset"], at("preset"));
      if (!isPresetName(name)) {
        throw new EmulatorInputError(at("preset"), `Expected \`${at("preset")}\` to be one of ${PRESET_NAMES.join(", ")}, got ${JSON.stringify(name)}`);
      }
      preset = name;
    }
    const durationMs = optionalNumber(obj["durationMs"], at("durationMs"), { min: 0, exclusiveMin: true, max: 365 * 86_400_000 });
    const sourceKeys = optionalNumber(obj["sourceKeys"], at("sourceKeys"), { min: 0, max: 1e12, integer: true });
    const overrides = obj["timeline"] === undefined ? {} : parseTimelineOverrides(obj["timeline"], at("timeline"));
    const timeline = validateTimeline(
      presetTimeline(
        preset,
        { ...(durationMs === undefined ? {} : { durationMs }), ...(sourceKeys === undefined ? {} : { sourceKeys }) },
        overrides,
      ),
      at("timeline"),
    );
    const timeScale =
      optionalNumber(obj["timeScale"], at("timeScale"), { min: 0, exclusiveMin: true, max: TASK_LIMITS.maxTimeScale }) ??
      SCRIPTED_TASK_DEFAULTS.timeScale;
    const startAtMs = optionalNumber(obj["startAtMs"], at("startAtMs"), { min: 0 }) ?? SCRIPTED_TASK_DEFAULTS.startAtMs;
    return { kind, id, fieldFormat, faults, preset, timeline, timeScale, startAtMs };
  }

  expectOnlyKeys(obj, field, REDIS_KEYS);
  const d = REDIS_TASK_DEFAULTS;
  const fraction = { min: 0, max: 1 } as const;
  return {
    kind,
    id,
    fieldFormat,
    faults,
    keys: optionalNumber(obj["keys"], at("keys"), { min: 0, max: TASK_LIMITS.maxRedisKeys, integer: true }) ?? d.keys,
    ttlFraction: optionalNumber(obj["ttlFraction"], at("ttlFraction"), fraction) ?? d.ttlFraction,
    ttlSeconds: optionalNumber(obj["ttlSeconds"], at("ttlSeconds"), { min: 1, max: 10 * 365 * 86_400, integer: true }) ?? d.ttlSeconds,
    valueBytes: optionalNumber(obj["valueBytes"], at("valueBytes"), { min: 1, max: TASK_LIMITS.maxValueBytes, integer: true }) ?? d.valueBytes,
    writeOpsPerSecond:
      optionalNumber(obj["writeOpsPerSecond"], at("writeOpsPerSecond"), { min: 0, max: TASK_LIMITS.maxWriteOpsPerSecond }) ??
      d.writeOpsPerSecond,
    newKeyFraction: optionalNumber(obj["newKeyFraction"], at("newKeyFraction"), fraction) ?? d.newKeyFraction,
    keyLoadDelay:
      optionalNumber(obj["keyLoadDelay"], at("keyLoadDelay"), { min: -1_000_000, max: 1_000_000, integer: true }) ?? d.keyLoadDelay,
    autoStart: obj["autoStart"] === undefined ? d.autoStart : expectBoolean(obj["autoStart"], at("autoStart")),
  };
}
