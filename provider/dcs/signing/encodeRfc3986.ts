/**
 * Percent-encodes a string the way the API Gateway canonicalizes path segments and
 * query parts: UTF-8, every byte escaped except the RFC 3986 unreserved set
 * `A-Za-z0-9-_.~` (FACTS.md §3). Unlike `encodeURIComponent`, `!'()*` are escaped.
 *
 * Lone UTF-16 surrogates cannot be encoded as UTF-8; they are rejected rather than
 * silently replaced, so a signature is never computed over a different id than sent.
 */
export function encodeRfc3986(value: string): string {
  if (LONE_SURROGATE.test(value)) {
    throw new TypeError(`Cannot percent-encode ${JSON.stringify(value)}: it contains a lone UTF-16 surrogate`);
  }
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    out += isUnreserved(byte) ? String.fromCharCode(byte) : "%" + HEX[byte];
  }
  return out;
}

/**
 * Decodes `%XX` sequences of one path segment or query part. Returns undefined when
 * the input holds a malformed escape or bytes that are not UTF-8, so a verifier can
 * refuse the request instead of guessing what was meant.
 */
export function decodePercent(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    byte === 0x2d || // -
    byte === 0x2e || // .
    byte === 0x5f || // _
    byte === 0x7e // ~
  );
}

/** In `u` mode `\p{Cs}` matches only unpaired surrogates; pairs are whole code points. */
const LONE_SURROGATE = /\p{Cs}/u;

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, "0"));
