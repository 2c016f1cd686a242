/**
 * The demo program (`npm run demo`, see scripts/demo): a cut-over that must not happen before
 * the DCS online migration has really finished.
 *
 *   WaitForMigration "redis-migration"  ── blocks `pulumi up` until the task is complete
 *        └─ Cutover "cutover"           ── created only after the gate opened (dependsOn)
 *        └─ MigrationStats "final-stats" and getMigrationStatsOutput ── the stats after the gate
 *
 * Where the task is and how to sign in comes from the stack config that scripts/demo sets:
 * `huaweicloud:dcsEndpoint`, `huaweicloud:projectId`, `huaweicloud:accessKey` and
 * `huaweicloud:secretKey` (a secret), plus `dcs-migration-demo:taskId`.
 */
import * as pulumi from "@pulumi/pulumi";
import { getMigrationStatsOutput, MigrationStats, WaitForMigration } from "./sdk";

const config = new pulumi.Config();
const taskId = config.require("taskId");

// Demo timings (scripts/demo prints them): a short stability window and frequent reads so the
// whole story fits in a minute or two. Production defaults are 30 s stable, reads ≤ 10 s apart.
const gate = new WaitForMigration("redis-migration", {
  taskId,
  stableForSeconds: config.getNumber("stableForSeconds") ?? 10,
  pollIntervalSeconds: config.getNumber("pollIntervalSeconds") ?? 3,
  minPollIntervalSeconds: config.getNumber("minPollIntervalSeconds") ?? 1,
  stallTimeoutSeconds: config.getNumber("stallTimeoutSeconds") ?? 60,
  timeoutSeconds: config.getNumber("timeoutSeconds") ?? 150,
});

interface CutoverInputs {
  /** When the migration gate opened; the cut-over records it next to its own creation time. */
  gateOpenedAt: string;
  /** What the cut-over switches to. */
  target: string;
}

interface CutoverOutputs extends CutoverInputs {
  /** ISO-8601 time this resource was created: the moment traffic would move to the target. */
  createdAt: string;
}

// Self-contained: Pulumi serializes the provider into the resource's state (FACTS.md §4).
const cutoverProvider: pulumi.dynamic.ResourceProvider<CutoverInputs, CutoverOutputs> = {
  async create(inputs) {
    const createdAt = new Date().toISOString();
    return { id: `cutover-${createdAt}`, outs: { ...inputs, createdAt } };
  },
};

/** A stand-in for what a real cut-over changes (a DNS record, an app's Redis URL): it records when it happened. */
class Cutover extends pulumi.dynamic.Resource {
  declare readonly gateOpenedAt: pulumi.Output<string>;
  declare readonly target: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: { [K in keyof CutoverInputs]: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions) {
    super(cutoverProvider, name, { ...args, createdAt: undefined }, opts);
  }
}

const cutover = new Cutover(
  "cutover",
  { gateOpenedAt: gate.completedAt, target: pulumi.interpolate`redis target of task ${gate.taskId}` },
  { dependsOn: [gate] },
);

// Recorded in state; `pulumi refresh` reads it again.
const finalStats = new MigrationStats("final-stats", { taskId }, { dependsOn: [gate] });

// Read in the program, once `gate.taskId` resolves, i.e. once the gate has opened.
const statsAfterGate = getMigrationStatsOutput({ taskId: gate.taskId });

export const gateOpenedAt = gate.completedAt;
export const waitedSeconds = gate.waitedSeconds;
export const polls = gate.polls;
export const cutoverCreatedAt = cutover.createdAt;
export const stats = {
  fullMigrationProgress: finalStats.fullMigrationProgress,
  sourceDbsize: finalStats.sourceDbsize,
  targetDbsize: finalStats.targetDbsize,
  keyDelta: finalStats.keyDelta,
  offset: finalStats.offset,
  isMigrating: finalStats.isMigrating,
  observedAt: finalStats.observedAt,
};
export const liveStats = statsAfterGate.apply((s) => ({
  fullMigrationProgress: s.fullMigrationProgress,
  sourceDbsize: s.sourceDbsize,
  targetDbsize: s.targetDbsize,
  targetOps: s.targetOps,
  observedAt: s.observedAt,
}));
