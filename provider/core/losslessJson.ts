/**
 * A JSON number whose value a double cannot hold exactly (an integer beyond 2^53),
 * kept as the digits the server sent. The incremental offset is a replication byte
 * offset that grows without bound, so it must not be rounded by `JSON.parse`.
 */
export class JsonNumberText {
  constructor(readonly text: string) {}
  toJSON(): string {
    return this.text;
  }
}

/**
 * `JSON.parse` that replaces every number which would lose precision with a
 * {@link JsonNumberText} of its source text. Relies on the reviver's `context.source`
 * (JSON.parse source text access, Node ≥ 21); on a runtime without it, unsafe
 * numbers are left as doubles and the stats parser refuses them as out of range
 * rather than returning a rounded offset.
 *
 * @throws SyntaxError when `text` is not JSON.
 */
export function parseLosslessJson(text: string): unknown {
  return JSON.parse(text, (_key: string, value: unknown, context?: { source?: string }) => {
    if (typeof value !== "number" || context?.source === undefined) return value;
    const source = context.source;
    if (Number.isSafeInteger(value) || !/^-?\d+$/.test(source)) return value;
    return new JsonNumberText(source);
  });
}
