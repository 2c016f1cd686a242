import { ConfigurationError } from "../core/errors";

/** Longest access key id accepted; Huawei's are 20 characters. */
export const MAX_ACCESS_KEY_LENGTH = 128;

/**
 * Longest security token or IAM token accepted. Real ones are a few kilobytes; servers refuse
 * header blocks beyond 16–64 KiB anyway, so anything longer is a pasting accident.
 */
export const MAX_TOKEN_LENGTH = 65_536;

/** Printable ASCII without space: what a header value can carry unchanged (RFC 9110 §5.5). */
const HEADER_SAFE = /^[\x21-\x7e]*$/;

/**
 * Checks a credential that travels in a request header (the access key inside `Authorization`,
 * `X-Security-Token`, `X-Auth-Token`) before any request is built: a line break would inject a
 * header, a non-ASCII character cannot be sent at all, and a megabyte-long value is refused by
 * every server. The message names the setting and the offending character's code point and
 * position, never the value.
 *
 * @param field the setting's name for `ConfigurationError.field`, e.g. `accessKey` or `HW_AUTH_TOKEN`.
 * @param label how the setting is named to users, e.g. "argument `authToken`".
 * @throws ConfigurationError
 */
export function validateHeaderCredential(field: string, label: string, value: string, kind: "access key" | "security token" | "IAM token"): void {
  const max = kind === "access key" ? MAX_ACCESS_KEY_LENGTH : MAX_TOKEN_LENGTH;
  const fail = (why: string): never => {
    throw new ConfigurationError(`${capitalize(label)} is not a usable ${kind}: ${why}. Copy the ${kind} again from its source.`, { field });
  };
  if (value.length > max) fail(`it is ${value.length} characters long, and ${kind === "access key" ? "an access key id" : `a ${kind}`} is at most ${max}`);
  const bad = HEADER_SAFE.test(value) && !(kind === "access key" && value.includes(",")) ? undefined : firstUnsafe(value, kind === "access key");
  if (bad !== undefined) {
    const cp = `U+${bad.codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
    const what =
      bad.codePoint < 0x20 || bad.codePoint === 0x7f
        ? "a control character (a line break would inject another HTTP header)"
        : bad.codePoint === 0x20
          ? "a space"
          : bad.codePoint === 0x2c
            ? "a comma, which would split the Authorization header"
            : "a character outside printable ASCII, which an HTTP header cannot carry";
    fail(`it contains ${what}: ${cp} at position ${bad.index + 1}`);
  }
}

function firstUnsafe(value: string, refuseComma: boolean): { index: number; codePoint: number } | undefined {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x21 || c > 0x7e || (refuseComma && c === 0x2c)) return { index: i, codePoint: value.codePointAt(i) ?? c };
  }
  return undefined;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
