/**
 * Whether `text`, which `JSON.parse` refused with `error`, is a JSON object cut off before its
 * end — a transfer that stopped early (a gateway or proxy truncating the answer), not a server
 * that answered something else. Only such a body is worth asking for again: an HTML page, a
 * malformed document or a schema change would come back the same.
 *
 * V8 reports a premature end either as "Unexpected end of JSON input" or as an error "at
 * position N" with N at the end of the text; any earlier position means the text is wrong
 * where it stands. Should a future engine word its errors differently, this answers false and
 * the body is refused as before: the safe direction.
 */
export function isCutOffJson(text: string, error: unknown): boolean {
  if (!(error instanceof SyntaxError)) return false;
  const trimmed = text.trimEnd();
  if (!/^\s*\{/.test(trimmed)) return false;
  if (/Unexpected end of JSON input/.test(error.message)) return true;
  const position = /at position (\d+)/.exec(error.message)?.[1];
  return position !== undefined && Number(position) >= trimmed.length;
}
