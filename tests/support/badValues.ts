/** A bad value for an argument, with a short label for reports. */
export interface BadValue {
  readonly label: string;
  readonly value: unknown;
}

const MIB = 1 << 20;

const bad = (label: string, value: unknown): BadValue => ({ label, value });

/** Present but saying nothing. */
export const EMPTY: readonly BadValue[] = [bad("empty", ""), bad("blank", " \t ")];

/** Not a string at all. */
export const WRONG_TYPES: readonly BadValue[] = [bad("number", 42), bad("boolean", true), bad("object", { a: 1 }), bad("array", ["a"])];

/** Values that would change the request path or URL if pasted into it. */
export const PATH_INJECTION: readonly BadValue[] = [
  bad("../", "../../v2/other/migration-task/x"),
  bad("..", ".."),
  bad("/", "a/b"),
  bad("?", "a?x=1"),
  bad("%2F", "a%2Fb"),
  bad("#", "a#b"),
  bad("\\", "a\\b"),
];

/** Values that would break a header line or a log line. */
export const CONTROL_CHARS: readonly BadValue[] = [bad("CR/LF", "a\r\nX-Injected: 1"), bad("NUL", "a\u0000b"), bad("bidi override", "a\u202eb")];

/** Not representable in an HTTP header (Latin-1 only). */
export const NON_LATIN1: readonly BadValue[] = [bad("non-Latin-1", "ключ-密钥")];

/** 1 MiB: larger than any real id, key, token or URL. */
export const oversized = (prefix = "", suffix = "", char = "a"): BadValue => bad("oversized (1 MiB)", prefix + char.repeat(MIB) + suffix);

/** Numbers no duration, count or ratio can take. */
export const BAD_NUMBERS: readonly BadValue[] = [
  bad("negative", -1),
  bad("NaN", Number.NaN),
  bad("Infinity", Number.POSITIVE_INFINITY),
  bad("string", "10"),
  bad("object", {}),
  bad("boolean", true),
];

/** How a value is shown in a report: type and the first characters. */
export function showValue(value: unknown): string {
  if (typeof value === "string") {
    const text = JSON.stringify(value.length > 24 ? `${value.slice(0, 24)}…` : value);
    return value.length > 24 ? `${text} (${value.length} chars)` : text;
  }
  if (typeof value === "number") return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
