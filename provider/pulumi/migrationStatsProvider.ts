import type * as pulumi from "@pulumi/pulumi";
import { diffResource } from "./diffResource";
import { checkResource } from "./checkResource";
import { readTaskStatus, taskStatusUnavailableLine } from "../dcs/readTaskStatus";
import { isTaskNotFoundError } from "../dcs/apiErrors";
import { effectiveLocation, settingsOf, type ProviderContext } from "./providerContext";
import { compact, decodeInputs, type WireInputs } from "./resourceInputs";
import { connectionOutputs, remarkSecrets, resourceId, statsOutputs, type MigrationStatsOutputs } from "./resourceOutputs";

/**
 * `MigrationStats`: the data source as a resource. Create and update read the stats once;
 * `read` (every `pulumi refresh` / `up --refresh`) reads them again; delete leaves the
 * migration task alone — the resource owns nothing in the cloud.
 */
export function createMigrationStatsProvider(ctx: ProviderContext): pulumi.dynamic.ResourceProvider<WireInputs, MigrationStatsOutputs> {
  const readStats = async (values: WireInputs): Promise<{ id: string; outs: MigrationStatsOutputs }> => {
    const inputs = decodeInputs(values);
    const settings = settingsOf(ctx, inputs.connection);
    const reader = ctx.createReader(settings);
    // The record beside the stats, not after them; it never fails the read (see readTaskStatus).
    // The plugin's Cancel and `customTimeouts` (create, read) end the reads through `ctx.signal`.
    const opts = ctx.signal === undefined ? {} : { signal: ctx.signal };
    const [stats, task] = await Promise.all([reader.getMigrationStats(inputs.taskId, opts), readTaskStatus(reader, inputs.taskId, ctx.signal)]);
    if (task.error !== undefined) ctx.log?.(taskStatusUnavailableLine(inputs.taskId, task.error), inputs.urn);
    return {
      id: resourceId(settings.projectId, inputs.taskId),
      outs: { ...connectionOutputs(inputs, settings), ...statsOutputs(stats), status: task.status } satisfies MigrationStatsOutputs,
    };
  };

  return {
    async check(_olds, news) {
      return checkResource(ctx, news, false);
    },
    async diff(_id, olds, news) {
      return diffResource(olds, news, effectiveLocation(ctx, news), false);
    },
    async create(inputs) {
      return readStats(inputs);
    },
    async update(_id, _olds, news) {
      const { outs } = await readStats(news);
      return { outs };
    },
    async read(id, props) {
      const prior: WireInputs = props ?? {};
      try {
        const { outs } = await readStats(prior);
        return { id, props: compact({ ...remarkSecrets(prior), ...outs } satisfies MigrationStatsOutputs) };
      } catch (e) {
        // The task is gone (FACTS.md §1: HTTP 400 DCS.4133): so is what this resource recorded.
        if (isTaskNotFoundError(e)) return { id: "" };
        throw e;
      }
    },
    async delete() {
      // Reading stats created nothing; the migration task is not ours to delete.
    },
  };
}
