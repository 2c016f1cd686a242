import { EmulatorInputError } from "./control/inputError";
import {
  expectArray,
  expectNumber,
  expectObject,
  expectOneOf,
  expectOnlyKeys,
  expectString,
  optionalNumber,
} from "./control/jsonInput";
import { MAX_LOG_MESSAGE_CHARS, TASK_STATUS_PATTERN } from "./tasks/taskRecord";

const TASK_STATUS = TASK_STATUS_PATTERN;
const LOG_MESSAGE = { re: new RegExp(`^[^\\u0000-\\u001f]{1,${MAX_LOG_MESSAGE_CHARS}}$`), what: `1–${MAX_LOG_MESSAGE_CHARS} characters without control characters` };
import {
  PROGRESS_SHAPES,
  TIMELINE_END_REASONS,
  type Timeline,
  type TimelineEnd,
  type TimelinePhase,
} from "./timeline";

/** Caps that keep a control request from building an unbounded timeline. */
export const TIMELINE_LIMITS = {
  maxPhases: 100,
  /** One virtual year. */
  maxDurationMs: 365 * 24 * 3_600_000,
  maxKeys: 1e12,
  maxRate: 1e9,
} as const;

const PERCENT = { min: 0, max: 100 } as const;
const DURATION = { min: 0, max: TIMELINE_LIMITS.maxDurationMs } as const;
const KEYS = { min: 0, max: TIMELINE_LIMITS.maxKeys, integer: true } as const;
const RATE = { min: 0, max: TIMELINE_LIMITS.maxRate } as const;

const NUMERIC_FIELDS = {
  startProgress: PERCENT,
  sourceKeys: KEYS,
  extraTargetKeys: KEYS,
  missingKeys: KEYS,
  lagKeys: KEYS,
  convergeMs: DURATION,
  syncKbps: RATE,
  syncOps: RATE,
  incrementalKbps: RATE,
  incrementalOps: RATE,
  syncOffset: { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true },
  finalOffset: { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true },
} as const;

type NumericField = keyof typeof NUMERIC_FIELDS;

const TIMELINE_KEYS = [...Object.keys(NUMERIC_FIELDS), "phases", "end"];

/**
 * Reads timeline fields from untrusted JSON (a control-API body), all optional,
 * each range-checked. Unknown fields are refused so typos do not pass silently.
 *
 * @throws EmulatorInputError naming the field and the value.
 */
export function parseTimelineOverrides(value: unknown, field = "timeline"): Partial<Timeline> {
  const obj = expectObject(value, field);
  expectOnlyKeys(obj, field, TIMELINE_KEYS);
  const out: { -readonly [K in keyof Timeline]?: Timeline[K] } = {};
  for (const key of Object.keys(NUMERIC_FIELDS) as NumericField[]) {
    const n = optionalNumber(obj[key], `${field}.${key}`, NUMERIC_FIELDS[key]);
    if (n !== undefined) out[key] = n;
  }
  if (obj["phases"] !== undefined) {
    const list = expectArray(obj["phases"], `${field}.phases`, TIMELINE_LIMITS.maxPhases);
    out.phases = list.map((p, i) => parsePhase(p, `${field}.phases[${i}]`));
  }
  if (obj["end"] !== undefined) out.end = parseEnd(obj["end"], `${field}.end`);
  return out;
}

/**
 * Checks a complete timeline (e.g. a preset with overrides, or one built in code)
 * for values the model cannot play.
 *
 * @throws EmulatorInputError naming the field and the value.
 */
export function validateTimeline(timeline: Timeline, field = "timeline"): Timeline {
  for (const key of Object.keys(NUMERIC_FIELDS) as NumericField[]) {
    expectNumber(timeline[key], `${field}.${key}`, NUMERIC_FIELDS[key]);
  }
  expectArray(timeline.phases, `${field}.phases`, TIMELINE_LIMITS.maxPhases);
  timeline.phases.forEach((p, i) => parsePhase(p, `${field}.phases[${i}]`));
  if (timeline.end !== undefined) parseEnd(timeline.end, `${field}.end`);
  if (timeline.missingKeys > timeline.sourceKeys) {
    throw new EmulatorInputError(
      `${field}.missingKeys`,
      `Expected \`${field}.missingKeys\` to be <= sourceKeys (${timeline.sourceKeys}), got ${timeline.missingKeys}`,
    );
  }
  return timeline;
}

function parsePhase(value: unknown, field: string): TimelinePhase {
  const obj = expectObject(value, field);
  const kind = expectOneOf(obj["kind"], `${field}.kind`, ["ramp", "hold", "drop"] as const);
  switch (kind) {
    case "ramp":
      expectOnlyKeys(obj, field, ["kind", "to", "durationMs", "shape"]);
      return {
        kind,
        to: expectNumber(obj["to"], `${field}.to`, PERCENT),
        durationMs: expectNumber(obj["durationMs"], `${field}.durationMs`, DURATION),
        shape: obj["shape"] === undefined ? "linear" : expectOneOf(obj["shape"], `${field}.shape`, PROGRESS_SHAPES),
      };
    case "hold":
      expectOnlyKeys(obj, field, ["kind", "durationMs"]);
      return { kind, durationMs: expectNumber(obj["durationMs"], `${field}.durationMs`, DURATION) };
    case "drop":
      expectOnlyKeys(obj, field, ["kind", "to"]);
      return { kind, to: expectNumber(obj["to"], `${field}.to`, PERCENT) };
  }
}

function parseEnd(value: unknown, field: string): TimelineEnd {
  const obj = expectObject(value, field);
  expectOnlyKeys(obj, field, ["atMs", "reason", "status", "message"]);
  const status = obj["status"] === undefined ? undefined : expectString(obj["status"], `${field}.status`, TASK_STATUS);
  const message = obj["message"] === undefined ? undefined : expectString(obj["message"], `${field}.message`, LOG_MESSAGE);
  return {
    atMs: expectNumber(obj["atMs"], `${field}.atMs`, DURATION),
    reason: expectOneOf(obj["reason"], `${field}.reason`, TIMELINE_END_REASONS),
    ...(status === undefined ? {} : { status }),
    ...(message === undefined ? {} : { message }),
  };
}
