/**
 * One stack, several DCS online migrations (e.g. one per Redis shard or per region): every
 * task gets its own WaitForMigration, the waits run at the same time, and the cut-over
 * depends on all of them — it happens once the slowest migration is complete.
 *
 * Config: `many-tasks:taskIds` (a JSON list, e.g. `pulumi config set --path 'taskIds[0]' <id>`),
 * optional `many-tasks:stableForSeconds` / `pollIntervalSeconds` / `timeoutSeconds`, and the
 * `huaweicloud:*` settings (or HW_* environment variables) shared by all tasks. A task in
 * another project or region takes its own `projectId` / `region` arguments.
 */
import * as pulumi from "@pulumi/pulumi";
import { WaitForMigration } from "pulumi-dcs-migration";

const config = new pulumi.Config();
const taskIds = config.requireObject<string[]>("taskIds");
if (!Array.isArray(taskIds) || taskIds.length === 0 || !taskIds.every((id) => typeof id === "string" && id !== "")) {
  throw new Error(`Expected \`many-tasks:taskIds\` to be a non-empty JSON list of task ids, got ${JSON.stringify(taskIds)}`);
}

const timing = {
  stableForSeconds: config.getNumber("stableForSeconds"),
  pollIntervalSeconds: config.getNumber("pollIntervalSeconds"),
  minPollIntervalSeconds: config.getNumber("minPollIntervalSeconds"),
  timeoutSeconds: config.getNumber("timeoutSeconds"),
};

// Created side by side: Pulumi runs their waits in parallel (up to `pulumi up --parallel`).
const migrations = taskIds.map((taskId, i) => new WaitForMigration(`migration-${i}`, { taskId, ...timing }));

interface CutoverInputs {
  tasks: string[];
}

interface CutoverOutputs extends CutoverInputs {
  createdAt: string;
}

// Stands in for the cut-over of all shards at once; records when it happened.
const cutoverProvider: pulumi.dynamic.ResourceProvider<CutoverInputs, CutoverOutputs> = {
  async create(inputs) {
    return { id: `cutover-${Date.now()}`, outs: { ...inputs, createdAt: new Date().toISOString() } };
  },
};

class Cutover extends pulumi.dynamic.Resource {
  declare readonly createdAt: pulumi.Output<string>;
  constructor(name: string, args: { tasks: pulumi.Input<string>[] }, opts?: pulumi.CustomResourceOptions) {
    super(cutoverProvider, name, { ...args, createdAt: undefined }, opts);
  }
}

const cutover = new Cutover("cutover", { tasks: migrations.map((m) => m.taskId) }, { dependsOn: migrations });

/** Per task: when its wait started and ended, how long it took, and the final key counts. */
export const tasks = migrations.map((m) => ({
  taskId: m.taskId,
  startedAt: m.startedAt,
  completedAt: m.completedAt,
  waitedSeconds: m.waitedSeconds,
  sourceKeys: m.sourceDbsize,
  targetKeys: m.targetDbsize,
}));
export const cutoverCreatedAt = cutover.createdAt;
