import * as pulumi from "@pulumi/pulumi";
import { CONNECTION_ARGS, connectionProps, withSecretOutputs, type ConnectionInputs } from "./connectionInputs";
import { refuseUnknownArgs } from "./refuseUnknownArgs";
import { STATS_OUTPUTS } from "./migrationStats";
import { createProviderShim } from "./providerShim";
import { StatsResource } from "./statsResource";

/** The full type token; `pulumi.dynamic.Resource` builds it from module `dcs` and this type name. */
const TYPE = "pulumi-nodejs:dynamic/dcs:WaitForMigration";

/**
 * Arguments of {@link WaitForMigration}: the connection and what "complete" means.
 * Defaults are `WAIT_DEFAULTS`.
 */
export interface WaitForMigrationArgs extends ConnectionInputs {
  /**
   * Minimum `full_migration_progress` (percent) for completion.
   * @default 100
   */
  readonly requiredProgress?: pulumi.Input<number>;
  /**
   * Key-count difference `|source − target|` still counted as converged. The effective
   * tolerance is the larger of this and `keyCountToleranceRatio × sourceDbsize`: live sources
   * rarely reach exact equality (keys with a TTL expire independently on each side).
   * @default 0
   */
  readonly keyCountTolerance?: pulumi.Input<number>;
  /**
   * Key-count difference allowed as a fraction of `sourceDbsize` (0.0001 = 1 key in 10 000).
   * @default 0.0001
   */
  readonly keyCountToleranceRatio?: pulumi.Input<number>;
  /**
   * When set, the incremental `offset` must also be ≤ this decimal integer, e.g. `"0"`.
   * @default undefined (offset not checked)
   */
  readonly maxOffset?: pulumi.Input<string>;
  /**
   * How long every read must satisfy the criteria before the gate opens; 0 opens on the first.
   * @default 30
   */
  readonly stableForSeconds?: pulumi.Input<number>;
  /**
   * Fail as stalled when progress, key counts and offset have not moved for this long while
   * the migration is not complete.
   * @default 600
   */
  readonly stallTimeoutSeconds?: pulumi.Input<number>;
  /**
   * Longest one `pulumi up` waits. `customTimeouts` has no effect on dynamic resources, so this
   * is the deadline. On timeout the resource is saved as not yet complete and the next
   * `pulumi up` resumes the wait (no replacement).
   * @default 3600
   */
  readonly timeoutSeconds?: pulumi.Input<number>;
  /**
   * Longest gap between two reads. One exception: after reads were sent early for a completion
   * that did not come (a resync), a gap may stretch by up to half of this while the next
   * completion is predicted at least six intervals away, which wins those reads back.
   * @default 10
   */
  readonly pollIntervalSeconds?: pulumi.Input<number>;
  /**
   * Shortest gap between two reads.
   * @default 2
   */
  readonly minPollIntervalSeconds?: pulumi.Input<number>;
}

const OPTION_ARGS = [
  "requiredProgress",
  "keyCountTolerance",
  "keyCountToleranceRatio",
  "maxOffset",
  "stableForSeconds",
  "stallTimeoutSeconds",
  "timeoutSeconds",
  "pollIntervalSeconds",
  "minPollIntervalSeconds",
] as const satisfies ReadonlyArray<keyof WaitForMigrationArgs>;

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
export class WaitForMigration extends StatsResource {
  /** True: the gate opened (a resource whose wait timed out is not complete and fails the update). */
  declare readonly completed: pulumi.Output<boolean>;
  /** Seconds waited, resumed attempts included. */
  declare readonly waitedSeconds: pulumi.Output<number>;
  /** Stats reads made, resumed attempts included. */
  declare readonly polls: pulumi.Output<number>;
  /** ISO-8601 time the first wait started. */
  declare readonly startedAt: pulumi.Output<string>;
  /** ISO-8601 time the gate opened. */
  declare readonly completedAt: pulumi.Output<string>;

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
        completed: undefined,
        waitedSeconds: undefined,
        polls: undefined,
        startedAt: undefined,
        completedAt: undefined,
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
