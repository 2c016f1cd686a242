import {
  formatKeys,
  formatPercent,
  shortTaskId,
  formatCount,
  formatDuration,
  formatEta,
  type WaitObservationEvent,
} from "../provider/waiter";

const BAR_WIDTH = 20;

/**
 * The live line of `dcs-migration wait` on a terminal, e.g.
 * `7f3c1a2b… [█████████████████░░░] 87.5% keys 480 113 / 531 221 (Δ 51 108) 5 300 ops/s 1m 2s ETA ~2m`.
 * Cut to `columns − 1` so it never wraps, since a wrapped line cannot be redrawn in place.
 */
export function renderProgressBar(event: WaitObservationEvent, elapsedSeconds: number, columns: number): string {
  const s = event.stats;
  const filled = Math.max(0, Math.min(BAR_WIDTH, Math.floor((s.fullMigrationProgress / 100) * BAR_WIDTH)));
  const bar = `[${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}]`;
  let tail: string;
  switch (event.phase) {
    case "stabilizing":
      tail = `stable ${formatDuration(event.stableSeconds)}/${formatDuration(event.stableForSeconds)}`;
      break;
    case "complete":
      tail = "complete";
      break;
    case "converging":
      tail = event.etaSeconds === undefined ? "converging" : `converging, ETA ${formatEta(event.etaSeconds)}`;
      break;
    case "full-sync":
      tail = event.etaSeconds === undefined ? "" : `ETA ${formatEta(event.etaSeconds)}`;
      break;
  }
  const line = [
    shortTaskId(event.taskId),
    bar,
    formatPercent(s.fullMigrationProgress),
    formatKeys(s),
    `${formatCount(s.targetOps)} ops/s`,
    formatDuration(elapsedSeconds),
    tail,
  ]
    .filter((part) => part !== "")
    .join("  ");
  const max = Math.max(10, columns - 1);
  return [...line].length > max ? [...line].slice(0, max - 1).join("") + "…" : line;
}
