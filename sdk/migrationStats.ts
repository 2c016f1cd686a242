import * as pulumi from "@pulumi/pulumi";
import { CONNECTION_ARGS, connectionProps, withSecretOutputs, type ConnectionInputs } from "./connectionInputs";
import { refuseUnknownArgs } from "./refuseUnknownArgs";
import { createProviderShim } from "./providerShim";
import { STATS_OUTPUTS, StatsResource } from "./statsResource";

/** Arguments of {@link MigrationStats}. */
export type MigrationStatsArgs = ConnectionInputs;

/**
 * The object serialized into each resource's `__provider`.
 * @internal exported for the serialization and protocol tests.
 */
export const migrationStatsProvider = createProviderShim("MigrationStats");

/**
 * The stats of a DCS online-migration task, recorded in state as outputs. Read on create,
 * again on every `pulumi refresh` / `pulumi up --refresh`, and when credentials change.
 *
 * - Another `taskId`, project or endpoint (effective value: argument, stack config or
 *   environment) replaces it; nothing else does — a new package version changes nothing.
 * - Deleting it touches nothing in the cloud.
 * - If the task no longer exists, a refresh drops the resource from state.
 *
 * For a read on every run without state, use `getMigrationStats` / `getMigrationStatsOutput`.
 */
export class MigrationStats extends StatsResource {
  constructor(name: string, args: MigrationStatsArgs, opts?: pulumi.CustomResourceOptions) {
    refuseUnknownArgs(`MigrationStats ${JSON.stringify(name)}`, args, CONNECTION_ARGS);
    super(migrationStatsProvider, name, { ...STATS_OUTPUTS, ...connectionProps(args) }, withSecretOutputs(opts), "dcs", "MigrationStats");
  }
}
