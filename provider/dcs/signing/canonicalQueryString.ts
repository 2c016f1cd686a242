import { decodePercent, encodeRfc3986 } from "./encodeRfc3986";

/**
 * The CanonicalQueryString line, from the raw query as sent (without `?`): pairs
 * decoded, sorted by key then value in code-unit order, encoded with
 * {@link encodeRfc3986} and joined by `&`. Empty when there is no query, which is
 * the case for the stats call (FACTS.md §1) — kept general so a verifier can
 * canonicalize whatever a client sent.
 *
 * @throws TypeError when a part holds a malformed `%` escape.
 */
export function canonicalQueryString(rawQuery: string): string {
  const query = rawQuery.startsWith("?") ? rawQuery.slice(1) : rawQuery;
  if (query === "") return "";
  const pairs: Array<[string, string]> = [];
  for (const part of query.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const rawKey = eq === -1 ? part : part.slice(0, eq);
    const rawValue = eq === -1 ? "" : part.slice(eq + 1);
    const key = decodePercent(rawKey);
    const value = decodePercent(rawValue);
    if (key === undefined || value === undefined) {
      throw new TypeError(`Query part ${JSON.stringify(part)} holds a malformed percent escape`);
    }
    pairs.push([key, value]);
  }
  pairs.sort(([ka, va], [kb, vb]) => compareCodeUnits(ka, kb) || compareCodeUnits(va, vb));
  return pairs.map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`).join("&");
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
