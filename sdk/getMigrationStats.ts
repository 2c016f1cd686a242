import * as pulumi from "@pulumi/pulumi";
import { DcsClient, type GetMigrationStatsResult } from "../provider/dcs";
import { resolveSettings, type ConnectionArgs } from "../provider/settings";
import { CONNECTION_ARGS, type ConnectionInputs } from "./connectionInputs";
import { refuseUnknownArgs } from "./refuseUnknownArgs";

/** Arguments of {@link getMigrationStats}: plain values. See {@link ConnectionInputs} for each one and its fallbacks. */
export interface GetMigrationStatsArgs extends ConnectionArgs {
  /** Id of the DCS online-migration task. */
  taskId: string;
}

/** Arguments of {@link getMigrationStatsOutput}: any of them may be an Output of another resource. */
export type GetMigrationStatsOutputArgs = ConnectionInputs;

/** Stack config by full key (`huaweicloud:region`), read the way the program reads its own config. */
function stackConfig(key: string): string | undefined {
  const colon = key.indexOf(":");
  return colon < 0 ? undefined : new pulumi.Config(key.slice(0, colon)).get(key.slice(colon + 1));
}

/**
 * Reads the stats of a DCS online-migration task once, in the program — during preview too,
 * since dynamic providers cannot serve invokes (FACTS.md §4). Settings not passed come from the
 * stack config (`huaweicloud:*`) and the environment.
 *
 * Rejects with the client's errors: `ConfigurationError` (missing or bad settings),
 * `TaskNotFoundError`, `ApiError` (e.g. 401 for bad credentials), `NetworkError`,
 * `ResponseFormatError` — messages name the task and the request id, never a secret.
 *
 * @param _opts accepted for symmetry with provider functions; nothing in them applies to a direct API read.
 */
export async function getMigrationStats(
  args: GetMigrationStatsArgs,
  _opts?: pulumi.InvokeOptions,
): Promise<GetMigrationStatsResult> {
  refuseUnknownArgs("getMigrationStats", args, CONNECTION_ARGS);
  const settings = resolveSettings(args, { config: stackConfig, env: process.env });
  const client = new DcsClient(settings);
  try {
    return await client.getMigrationStats(args.taskId);
  } finally {
    client.close();
  }
}

/**
 * {@link getMigrationStats} for arguments that are Outputs. While any argument is unknown
 * (a preview before the task exists) the result is unknown instead of a read. Secret
 * credentials do not make the stats secret (they hold none); other secret arguments do.
 */
export function getMigrationStatsOutput(
  args: GetMigrationStatsOutputArgs,
  opts?: pulumi.InvokeOptions,
): pulumi.Output<GetMigrationStatsResult> {
  const { accessKey, secretKey, securityToken, authToken, ...where } = args;
  const location = pulumi.output(where);
  const credentials = pulumi.output({ accessKey, secretKey, securityToken, authToken });
  const stats = pulumi
    .all([location, credentials])
    .apply(([l, c]) => getMigrationStats(compactArgs({ ...l, ...c }) as unknown as GetMigrationStatsArgs, opts));
  return pulumi.all([location, pulumi.unsecret(stats)]).apply(([, s]) => s);
}

function compactArgs(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== null));
}
