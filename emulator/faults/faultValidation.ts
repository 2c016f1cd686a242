import { EmulatorInputError } from "../control/inputError";
import {
  expectArray,
  expectNumber,
  expectObject,
  expectOneOf,
  expectOnlyKeys,
  expectString,
  optionalNumber,
} from "../control/jsonInput";
import { FAULT_KINDS, FAULT_TARGETS, type FaultAction, type FaultRule, type FaultTarget, type FaultWindow } from "./faultRule";

export const FAULT_LIMITS = {
  maxRules: 100,
  /** A delay longer than a minute only ties up a connection slot. */
  maxDelayMs: 60_000,
  maxRetryAfterSeconds: 86_400,
} as const;

const WINDOW_KEYS = ["target", "fromRequest", "count", "everyRequests", "fromMs", "toMs"] as const;

const ACTION_KEYS: Record<FaultAction["kind"], readonly string[]> = {
  status: ["status", "errorCode", "errorMsg"],
  throttle: ["retryAfterSeconds", "retryAfterFormat"],
  delay: ["delayMs"],
  reset: [],
  html: ["status"],
  truncate: [],
  malformed: ["field", "value"],
};

/**
 * Reads a list of fault rules from untrusted JSON.
 *
 * @throws EmulatorInputError naming the field and the value.
 */
export function parseFaultRules(value: unknown, field = "faults"): FaultRule[] {
  const list = expectArray(value, field, FAULT_LIMITS.maxRules);
  return list.map((item, i) => parseFaultRule(item, `${field}[${i}]`));
}

export function parseFaultRule(value: unknown, field: string): FaultRule {
  const obj = expectObject(value, field);
  const kind = expectOneOf(obj["kind"], `${field}.kind`, FAULT_KINDS);
  expectOnlyKeys(obj, field, ["kind", ...WINDOW_KEYS, ...ACTION_KEYS[kind]]);
  const window = parseWindow(obj, field);
  return { ...parseAction(kind, obj, field), ...window };
}

function parseWindow(obj: Readonly<Record<string, unknown>>, field: string): FaultWindow {
  const counter = { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true } as const;
  const out: { -readonly [K in Exclude<keyof FaultWindow, "target">]?: number } & { target?: FaultTarget } = {};
  if (obj["target"] !== undefined) out.target = expectOneOf(obj["target"], `${field}.target`, FAULT_TARGETS);
  const fromRequest = optionalNumber(obj["fromRequest"], `${field}.fromRequest`, counter);
  const count = optionalNumber(obj["count"], `${field}.count`, { ...counter, min: 1 });
  const every = optionalNumber(obj["everyRequests"], `${field}.everyRequests`, { ...counter, min: 1 });
  const fromMs = optionalNumber(obj["fromMs"], `${field}.fromMs`, { min: 0 });
  const toMs = optionalNumber(obj["toMs"], `${field}.toMs`, { min: 0 });
  if (fromRequest !== undefined) out.fromRequest = fromRequest;
  if (count !== undefined) out.count = count;
  if (every !== undefined) {
    if (count === undefined || every < count) {
      throw new EmulatorInputError(
        `${field}.everyRequests`,
        `Expected \`${field}.everyRequests\` to come with a \`count\` <= it, got everyRequests ${every} and count ${count ?? "absent"}`,
      );
    }
    out.everyRequests = every;
  }
  if (fromMs !== undefined) out.fromMs = fromMs;
  if (toMs !== undefined) {
    if (fromMs !== undefined && toMs <= fromMs) {
      throw new EmulatorInputError(`${field}.toMs`, `Expected \`${field}.toMs\` to be > fromMs (${fromMs}), got ${toMs}`);
    }
    out.toMs = toMs;
  }
  return out;
}

function parseAction(kind: FaultAction["kind"], obj: Readonly<Record<string, unknown>>, field: string): FaultAction {
  switch (kind) {
    case "status": {
      const status = expectNumber(obj["status"], `${field}.status`, { min: 400, max: 599, integer: true });
      const code = obj["errorCode"] === undefined ? undefined : expectString(obj["errorCode"], `${field}.errorCode`);
      const msg = obj["errorMsg"] === undefined ? undefined : expectString(obj["errorMsg"], `${field}.errorMsg`);
      return { kind, status, ...(code === undefined ? {} : { errorCode: code }), ...(msg === undefined ? {} : { errorMsg: msg }) };
    }
    case "throttle": {
      const seconds = optionalNumber(obj["retryAfterSeconds"], `${field}.retryAfterSeconds`, {
        min: 0,
        max: FAULT_LIMITS.maxRetryAfterSeconds,
        integer: true,
      });
      const format =
        obj["retryAfterFormat"] === undefined
          ? undefined
          : expectOneOf(obj["retryAfterFormat"], `${field}.retryAfterFormat`, ["seconds", "http-date"] as const);
      return {
        kind,
        ...(seconds === undefined ? {} : { retryAfterSeconds: seconds }),
        ...(format === undefined ? {} : { retryAfterFormat: format }),
      };
    }
    case "delay":
      return { kind, delayMs: expectNumber(obj["delayMs"], `${field}.delayMs`, { min: 0, max: FAULT_LIMITS.maxDelayMs }) };
    case "html": {
      const status = optionalNumber(obj["status"], `${field}.status`, { min: 400, max: 599, integer: true });
      return status === undefined ? { kind } : { kind, status };
    }
    case "malformed":
      return "value" in obj
        ? { kind, field: expectString(obj["field"], `${field}.field`), value: obj["value"] }
        : { kind, field: expectString(obj["field"], `${field}.field`) };
    case "reset":
    case "truncate":
      return { kind };
  }
}
