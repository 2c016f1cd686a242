import type { GetMigrationStatsResult } from "../provider/dcs";
import { type CriteriaCheck, formatCount, formatPercent } from "../provider/waiter";

/** `dcs-migration stats` for people: one labelled row per field, plus what `wait` would make of it. */
export function renderStatsTable(stats: GetMigrationStatsResult & { readonly status: string }, check: CriteriaCheck): string {
  const delta = stats.keyDelta;
  const gap =
    delta === 0 ? "0 (equal)" : delta > 0 ? `${formatCount(delta)} (target lacks ${formatCount(delta)})` : `${formatCount(delta)} (target has ${formatCount(-delta)} extra)`;
  const verdict = check.met
    ? "met (wait also needs them to hold for --stable-for)"
    : [
        check.progressMet ? undefined : "progress below required",
        check.keysMet ? undefined : `key difference beyond tolerance ${formatCount(check.keyTolerance)}`,
        check.offsetMet ? undefined : "offset above --max-offset",
      ]
        .filter((s): s is string => s !== undefined)
        .join("; ")
        .replace(/^/, "not met: ");
  const rows: Array<[string, string]> = [
    ["Task", stats.taskId],
    ["Project", stats.projectId],
    ["Full migration", formatPercent(stats.fullMigrationProgress)],
    ["Source keys", formatCount(stats.sourceDbsize)],
    ["Target keys", formatCount(stats.targetDbsize)],
    ["Key difference", gap],
    ["Offset", stats.offset],
    ["Target input", `${formatCount(stats.targetInputKbps)} KB/s`],
    ["Target ops", `${formatCount(stats.targetOps)} ops/s`],
    ["Migrating", stats.isMigrating ? "yes" : "no"],
    ["Task status", stats.status === "" ? "unknown (the task record could not be read)" : stats.status],
    ["Observed at", stats.observedAt],
    ["Wait criteria", verdict],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join("\n") + "\n";
}
