import * as pulumi from "@pulumi/pulumi";
import { namesOf, WAIT_OUTPUT_FIELDS, WAIT_SETTINGS, type WaitOutputTable, type WaitTable } from "../provider/settings";
import { CONNECTION_ARGS, connectionProps, withSecretOutputs, type ConnectionInputs, type InputsOf, type OutputsOf } from "./connectionInputs";
import { refuseUnknownArgs } from "./refuseUnknownArgs";
import { createProviderShim } from "./providerShim";
import { STATS_OUTPUTS, StatsResource } from "./statsResource";

/** The full type token; `pulumi.dynamic.Resource` builds it from module `dcs` and this type name. */
const TYPE = "pulumi-nodejs:dynamic/dcs:WaitForMigration";

/**
 * Arguments of {@link WaitForMigration}: the connection and what "complete" means, one argument
 * per row of `WAIT_SETTINGS` (each with its row's TSDoc). Defaults are `WAIT_DEFAULTS`.
 */
export interface WaitForMigrationArgs extends ConnectionInputs, InputsOf<WaitTable> {}

/** The wait's own outputs: one per row of `WAIT_OUTPUT_FIELDS`, each with its row's TSDoc. */
type WaitOutputs = OutputsOf<WaitOutputTable>;

const OPTION_ARGS = namesOf(WAIT_SETTINGS);

/** Every wait output, set to undefined so the engine registers it. */
const WAIT_OUTPUTS = Object.fromEntries(WAIT_OUTPUT_FIELDS.map((f) => [f.name, undefined]));

/**
 * The object serialized into each resource's `__provider`.
 * @internal exported for the serialization and protocol tests.
 */
export const waitForMigrationProvider = createProviderShim("WaitForMigration");

/**
 * The URN this resource will get, as a plain promise: it becomes an input so the provider can
 * log progress against the resource. A promise (not an Output of the parent's URN) so that no
 * dependency on the parent is recorded — a child depending on its own component would never start.
 */
function ownUrn(name: string, parent: pulumi.Resource | undefined): Promise<string> {
  return new Promise((resolve) => {
    pulumi.createUrn(name, TYPE, parent).apply((urn) => {
      resolve(urn);
      return urn;
    });
  });
}

/**
 * Holds the deployment until a DCS online migration has really finished: `pulumi up` blocks in
 * create, polling the stats until progress, key counts (within tolerance) and optionally the
 * offset have held for `stableForSeconds`, and fails fast if the task stops, stalls, or is not
 * found. Make the cut-over resources depend on it (`dependsOn`).
 *
 * - Preview never waits; the outputs are unknown until the wait ran.
 * - Timeout: saved as not yet complete; the next `pulumi up` resumes (counts add up), no replacement.
 * - Another `taskId`, project or endpoint replaces it (a new wait). Changing only the timing or
 *   tolerance of a completed wait does not wait again; changing credentials updates state only.
 * - Refresh re-reads the stats; the verdict (`completed`, `completedAt`) stays.
 * - Destroy never touches the migration task.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface WaitForMigration extends WaitOutputs {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class WaitForMigration extends StatsResource {
  constructor(name: string, args: WaitForMigrationArgs, opts?: pulumi.CustomResourceOptions) {
    refuseUnknownArgs(`WaitForMigration ${JSON.stringify(name)}`, args, [...CONNECTION_ARGS, ...OPTION_ARGS]);
    const options: Record<string, pulumi.Input<unknown>> = {};
    for (const key of OPTION_ARGS) {
      const value = args[key];
      if (value !== undefined) options[key] = value;
    }
    super(
      waitForMigrationProvider,
      name,
      {
        ...STATS_OUTPUTS,
        ...WAIT_OUTPUTS,
        ...connectionProps(args),
        ...options,
        __urn: ownUrn(name, opts?.parent),
      },
      withSecretOutputs(opts),
      "dcs",
      "WaitForMigration",
    );
  }
}

/** `new WaitForMigration(name, args, opts)`, for programs that read better with a function. */
export function waitForMigration(
  name: string,
  args: WaitForMigrationArgs,
  opts?: pulumi.CustomResourceOptions,
): WaitForMigration {
  return new WaitForMigration(name, args, opts);
}
