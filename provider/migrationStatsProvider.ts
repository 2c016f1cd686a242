import type * as pulumi from "@pulumi/pulumi";
import { diffResource } from "./diffResource";
import { checkResource } from "./checkResource";
import { isTaskNotFoundError } from "./errors";
import { effectiveLocation, settingsFor, type ProviderContext } from "./providerContext";
import { compact } from "./resourceInputs";
import { connectionOutputs, remarkSecrets, resourceId, statsOutputs } from "./resourceOutputs";
import { unwrapSecret } from "./wireValues";

type Values = Record<string, unknown>;

/**
 * `MigrationStats`: the data source as a resource. Create and update read the stats once;
 * `read` (every `pulumi refresh` / `up --refresh`) reads them again; delete leaves the
 * migration task alone — the resource owns nothing in the cloud.
 */
export function createMigrationStatsProvider(ctx: ProviderContext): pulumi.dynamic.ResourceProvider {
  const readStats = async (values: Values): Promise<{ id: string; outs: Values }> => {
    const settings = settingsFor(ctx, values);
    const taskId = unwrapSecret(values["taskId"]) as string;
    const stats = await ctx.createReader(settings).getMigrationStats(taskId);
    return {
      id: resourceId(settings.projectId, taskId),
      outs: { ...connectionOutputs(values, settings), ...statsOutputs(stats) },
    };
  };

  return {
    async check(_olds: Values, news: Values) {
      return checkResource(ctx, news, false);
    },
    async diff(_id: string, olds: Values, news: Values) {
      return diffResource(olds, news, effectiveLocation(ctx, news), false);
    },
    async create(inputs: Values) {
      return readStats(inputs);
    },
    async update(_id: string, _olds: Values, news: Values) {
      const { outs } = await readStats(news);
      return { outs };
    },
    async read(id: string, props?: Values) {
      const prior = props ?? {};
      try {
        const { outs } = await readStats(prior);
        return { id, props: compact({ ...remarkSecrets(prior), ...outs }) };
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
