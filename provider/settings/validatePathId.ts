import { ConfigurationError, settingName } from "../core/errors";
import { quote } from "../core/quote";

/** Longest task or project id accepted. Real ids are 32–36 characters (UUID-like); this leaves headroom. */
export const MAX_PATH_ID_LENGTH = 128;

/**
 * Characters refused in an id on top of whitespace and control/format characters:
 * path and query delimiters (`/ ? # %` and `\`, which some servers treat as `/`), and
 * the characters legacy URL parsers rewrite (`' " < > ^ \` { } |`). With those, the
 * path the official SDK signs and the path on the wire differ (see the signing tests),
 * so no request with them can be shown to be accepted; real DCS ids never hold them.
 */
const FORBIDDEN = /[/?#%\\'"<>^`{}|]/;
const INVISIBLE = /[\s\p{Cc}\p{Cf}\p{Z}]/u;
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Checks a task or project id before it is put into the request path, so that no
 * value can reach another URL (`..`, `%2F`, `?`) or produce an unsignable request.
 *
 * @returns the id unchanged.
 * @throws ConfigurationError naming `field` and quoting the value.
 */
export function validatePathId(field: string, value: unknown): string {
  const fail = (why: string, what: string): never => {
    throw new ConfigurationError(`Expected ${settingName(field)} to be ${what}, got ${quote(value)}: ${why}.`, { field });
  };
  const what = `a DCS id (1–${MAX_PATH_ID_LENGTH} characters, no spaces, slashes or URL delimiters)`;
  if (typeof value !== "string") return fail(`it is ${value === null ? "null" : typeof value}`, what);
  if (value.length === 0) return fail("it is empty", what);
  if (value.length > MAX_PATH_ID_LENGTH) return fail(`it is ${value.length} characters long`, what);
  if (value === "." || value === "..") return fail("it would change the request path", what);
  const forbidden = FORBIDDEN.exec(value);
  if (forbidden !== null) return fail(`it contains ${JSON.stringify(forbidden[0])}`, what);
  const invisible = INVISIBLE.exec(value);
  if (invisible !== null) {
    const cp = invisible[0].codePointAt(0) ?? 0;
    return fail(`it contains whitespace or a control character (U+${cp.toString(16).toUpperCase().padStart(4, "0")})`, what);
  }
  if (LONE_SURROGATE.test(value)) return fail("it contains a lone UTF-16 surrogate", what);
  return value;
}
