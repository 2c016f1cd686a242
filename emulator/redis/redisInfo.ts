/**
 * The text of `INFO` as `field → value`, section headers and blank lines dropped.
 * Pure, so the stats mapping can be unit-tested on captured INFO text.
 */
export function parseInfo(text: string): ReadonlyMap<string, string> {
  const fields = new Map<string, string>();
  for (const raw of text.split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line === "" || line.startsWith("#")) continue;
    const colon = line.indexOf(":");
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

/** A numeric INFO field; undefined when absent or not a number. */
export function infoNumber(info: ReadonlyMap<string, string>, field: string): number | undefined {
  const value = info.get(field);
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Sum of `keys=` over every `dbN:keys=…,expires=…` line of INFO keyspace. */
export function keyspaceKeys(info: ReadonlyMap<string, string>): number {
  let total = 0;
  for (const [field, value] of info) {
    if (!/^db\d+$/.test(field)) continue;
    const m = /(?:^|,)keys=(\d+)/.exec(value);
    if (m !== null) total += Number(m[1]);
  }
  return total;
}
