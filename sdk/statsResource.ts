import * as pulumi from "@pulumi/pulumi";

/**
 * The stats outputs that {@link MigrationStats} and `WaitForMigration` both record: every field of
 * `GetMigrationStatsResult` plus the endpoint, as of the resource's last read. One base class so
 * the two resources cannot drift apart in what a stack output may rely on.
 *
 * @internal Extended by the two resources; not constructed directly.
 */
export abstract class StatsResource extends pulumi.dynamic.Resource {
  declare readonly taskId: pulumi.Output<string>;
  /** The project the task was read from (argument, stack config or environment). */
  declare readonly projectId: pulumi.Output<string>;
  /** The DCS endpoint used, e.g. `https://dcs.cn-north-4.myhuaweicloud.com`. */
  declare readonly endpoint: pulumi.Output<string>;
  /** Full-migration progress at the last read, 0–100. */
  declare readonly fullMigrationProgress: pulumi.Output<number>;
  /** Incremental-migration offset at the last read, as a decimal string (exact beyond 2^53). */
  declare readonly offset: pulumi.Output<string>;
  declare readonly sourceDbsize: pulumi.Output<number>;
  declare readonly targetDbsize: pulumi.Output<number>;
  /** `sourceDbsize − targetDbsize` at the last read; negative when the target holds extra keys. */
  declare readonly keyDelta: pulumi.Output<number>;
  declare readonly targetInputKbps: pulumi.Output<number>;
  declare readonly targetOps: pulumi.Output<number>;
  declare readonly isMigrating: pulumi.Output<boolean>;
  /** ISO-8601 time of the last read. */
  declare readonly observedAt: pulumi.Output<string>;
}
