/**
 * A duration for people: `45s`, `4m 12s`, `1h 5m`. Sub-second values round to `0s`;
 * the largest two units are kept, because a wait's scale is minutes.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return s > 0 ? `${m}m ${s}s` : `${m}m`;
  return `${s}s`;
}

/** A rough estimate: `~45s`, `~2m`, `~1h 5m` (seconds are noise beyond a minute). */
export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  if (seconds < 60) return `~${Math.max(1, Math.round(seconds))}s`;
  if (seconds < 3600) return `~${Math.round(seconds / 60)}m`;
  return `~${formatDuration(Math.round(seconds / 60) * 60)}`;
}
