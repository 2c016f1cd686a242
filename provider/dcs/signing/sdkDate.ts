/** How far `X-Sdk-Date` may be from the gateway's clock before it refuses the signature (FACTS.md §3). */
export const SDK_DATE_MAX_SKEW_MS = 15 * 60 * 1000;

/** `X-Sdk-Date` format: UTC `YYYYMMDDTHHMMSSZ` (FACTS.md §3). */
export function formatSdkDate(date: Date): string {
  const time = date.getTime();
  if (!Number.isFinite(time)) throw new TypeError("Cannot format an invalid Date as X-Sdk-Date");
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
}

/** Parses an `X-Sdk-Date` value to epoch milliseconds; undefined when it is not `YYYYMMDDTHHMMSSZ` or not a real time. */
export function parseSdkDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== mo - 1 ||
    back.getUTCDate() !== d ||
    back.getUTCHours() !== h ||
    back.getUTCMinutes() !== mi ||
    back.getUTCSeconds() !== s
  ) {
    return undefined;
  }
  return ms;
}
