/**
 * The stats of a DCS online-migration task as stack outputs, two ways:
 *
 * - `getMigrationStatsOutput`: read in the program on every `pulumi preview` and `pulumi up`;
 *   nothing is kept in state.
 * - `MigrationStats`: a resource whose outputs are recorded in state; `pulumi refresh` (or
 *   `pulumi up --refresh`) reads the task again.
 *
 * Config: `stats-output:taskId`, plus where the task is and how to sign in — `huaweicloud:region`
 * (or `huaweicloud:dcsEndpoint`), `huaweicloud:projectId`, `huaweicloud:accessKey`,
 * `huaweicloud:secretKey` (set it with `--secret`), or the HW_* environment variables.
 */
import * as pulumi from "@pulumi/pulumi";
import { getMigrationStatsOutput, MigrationStats } from "pulumi-dcs-migration";

const config = new pulumi.Config();
const taskId = config.require("taskId");

const live = getMigrationStatsOutput({ taskId });
const recorded = new MigrationStats("recorded", { taskId });

/** Read during this run. */
export const liveStats = live.apply((s) => ({
  progress: s.fullMigrationProgress,
  sourceKeys: s.sourceDbsize,
  targetKeys: s.targetDbsize,
  keyDelta: s.keyDelta,
  offset: s.offset,
  targetOps: s.targetOps,
  isMigrating: s.isMigrating,
  observedAt: s.observedAt,
}));

/** Read when the resource was created or last refreshed. */
export const recordedStats = {
  progress: recorded.fullMigrationProgress,
  sourceKeys: recorded.sourceDbsize,
  targetKeys: recorded.targetDbsize,
  keyDelta: recorded.keyDelta,
  isMigrating: recorded.isMigrating,
  observedAt: recorded.observedAt,
};

/** A one-line summary, e.g. "87% — 480113 of 531221 keys on the target". */
export const summary = pulumi.interpolate`${live.fullMigrationProgress}% — ${live.targetDbsize} of ${live.sourceDbsize} keys on the target`;
