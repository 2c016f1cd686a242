import type { GetMigrationStatsResult } from "../../provider/dcs/migrationStats";

/** Stats as the client would return them; everything not given looks like a healthy running task. */
export function makeStats(
  partial: Partial<Omit<GetMigrationStatsResult, "keyDelta">> = {},
): GetMigrationStatsResult {
  const sourceDbsize = partial.sourceDbsize ?? 1000;
  const targetDbsize = partial.targetDbsize ?? 1000;
  return {
    taskId: "7f3c1a2b-0000-4000-8000-000000000001",
    projectId: "0123456789abcdef0123456789abcdef",
    fullMigrationProgress: 100,
    offset: "0",
    targetInputKbps: 50,
    targetOps: 5300,
    isMigrating: true,
    observedAt: "2025-01-01T00:00:00.000Z",
    ...partial,
    sourceDbsize,
    targetDbsize,
    keyDelta: sourceDbsize - targetDbsize,
  };
}
