import * as pulumi from "@pulumi/pulumi";
import { STATS_OUTPUT_FIELDS, type StatsOutputTable } from "../provider/settings";
import type { OutputsOf } from "./connectionInputs";

/**
 * The stats outputs that {@link MigrationStats} and `WaitForMigration` both record: one per row of
 * `STATS_OUTPUT_FIELDS` (every field of `GetMigrationStatsResult` plus the endpoint), as of the
 * resource's last read. Declared by merging this interface into the class, so the table stays
 * the one list and the two resources cannot drift apart in what a stack output may rely on.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface StatsResource extends OutputsOf<StatsOutputTable> {}

/** @internal Extended by the two resources; not constructed directly. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export abstract class StatsResource extends pulumi.dynamic.Resource {}

/** Every stats output, set to undefined so the engine registers it. */
export const STATS_OUTPUTS: Readonly<Record<string, undefined>> = Object.freeze(
  Object.fromEntries(STATS_OUTPUT_FIELDS.map((f) => [f.name, undefined])),
);
