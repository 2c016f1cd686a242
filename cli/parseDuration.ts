import { UsageError } from "./usageError";

const UNIT_SECONDS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

/**
 * Parses a duration flag into seconds: `90` (seconds), `90s`, `15m`, `1h`, `1h30m`, `500ms`, `1.5h`.
 * Throws a {@link UsageError} naming the flag and the value.
 */
export function parseDuration(text: string, flag: string): number {
  const value = text.trim();
  const bad = (): never => {
    throw new UsageError(
      `${flag}: expected a duration like 90, 90s, 15m, 1h or 1h30m, got ${JSON.stringify(text)}.`,
      { field: flag },
    );
  };
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  if (value === "" || !/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(value)) return bad();
  let seconds = 0;
  for (const [, amount, unit] of value.matchAll(PART)) {
    seconds += Number(amount) * (UNIT_SECONDS[unit ?? "s"] ?? Number.NaN);
  }
  return Number.isFinite(seconds) ? seconds : bad();
}

/** A duration in seconds as a flag value: whole minutes as `10m`, the rest as `30s`. */
export function formatDurationFlag(seconds: number): string {
  return seconds >= 60 && seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}
