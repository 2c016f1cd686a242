/** Header values as Node exposes them: several values of one header arrive as an array. */
export type HeaderMap = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * Lowercased, de-duplicated signed header names in plain code-unit order, the order
 * of both the CanonicalHeaders block and the SignedHeaders list (FACTS.md §3).
 *
 * The official Node SDK orders the CanonicalHeaders block with `localeCompare`
 * instead; the two orders agree for every header this client signs (`content-type`,
 * `host`, `x-project-id`, `x-sdk-date`, `x-security-token`) and differ only for names
 * mixing `-` and `_` at the same position, which the gateway canonicalizes in
 * code-unit order.
 */
export function sortedSignedHeaderNames(names: Iterable<string>): string[] {
  const set = new Set<string>();
  for (const name of names) set.add(name.trim().toLowerCase());
  set.delete("");
  return [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The SignedHeaders line: {@link sortedSignedHeaderNames} joined by `;`. */
export function signedHeadersLine(names: Iterable<string>): string {
  return sortedSignedHeaderNames(names).join(";");
}

/**
 * The CanonicalHeaders block: `name:value\n` for every signed header, names
 * lowercased and sorted, values trimmed (Node's HTTP parser trims them on the
 * server side too, so a verifier sees the same bytes). Header names are looked up
 * case-insensitively in `headers`.
 *
 * @throws TypeError naming the header when a signed header is absent.
 */
export function canonicalHeaders(headers: HeaderMap, signedHeaders: Iterable<string>): string {
  const byLowerName = new Map<string, string | readonly string[]>();
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) byLowerName.set(name.toLowerCase(), value);
  }
  let block = "";
  for (const name of sortedSignedHeaderNames(signedHeaders)) {
    const value = byLowerName.get(name);
    if (value === undefined) {
      throw new TypeError(`Signed header \`${name}\` is not present in the request`);
    }
    const joined = typeof value === "string" ? value : value.join(",");
    block += `${name}:${joined.trim()}\n`;
  }
  return block;
}
