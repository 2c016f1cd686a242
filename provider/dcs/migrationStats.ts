import type { ResourceOnlyOutputName, StatsOutputTable, ValuesOf } from "../settings/settingTables";

/**
 * The normalized answer of `GET /v2/{project_id}/migration-task/{task_id}/stats`: one field per
 * row of `STATS_OUTPUT_FIELDS` except those only the resources record (`endpoint`, `status`), each with its row's TSDoc.
 *
 * The API page types every field as String while its own example sends numbers
 * (../shared/FACTS.md §1), so the parser accepts both and this is the one shape
 * the data source, the waiter, the CLI and the stack outputs all expose.
 * Named `GetXResult` after Pulumi's `getX → GetXResult` convention, which keeps
 * `MigrationStats` free for the resource class.
 */
export type GetMigrationStatsResult = Omit<ValuesOf<StatsOutputTable>, ResourceOnlyOutputName>;
