/**
 * The Pulumi program that deploy.ts drives: a migration gate and a cut-over that depends on it.
 * `pulumi up` alone also works (the gate blocks, then the cut-over is created); deploy.ts splits
 * the two into stages so a pipeline can report, retry or stop between them.
 *
 * Config: `automation-api:taskId`, optional `stableForSeconds`, `pollIntervalSeconds`,
 * `minPollIntervalSeconds`, `stallTimeoutSeconds`, `timeoutSeconds`; where the task is and how to
 * sign in from the `huaweicloud:*` config or the HW_* environment variables.
 */
import * as pulumi from "@pulumi/pulumi";
import { WaitForMigration } from "pulumi-dcs-migration";
import { GATE_NAME } from "./gateName";

const config = new pulumi.Config();
const gate = new WaitForMigration(GATE_NAME, {
  taskId: config.require("taskId"),
  stableForSeconds: config.getNumber("stableForSeconds") ?? 60,
  pollIntervalSeconds: config.getNumber("pollIntervalSeconds"),
  minPollIntervalSeconds: config.getNumber("minPollIntervalSeconds"),
  stallTimeoutSeconds: config.getNumber("stallTimeoutSeconds") ?? 15 * 60,
  timeoutSeconds: config.getNumber("timeoutSeconds") ?? 2 * 3600,
});

interface CutoverInputs {
  taskId: string;
  migratedKeys: number;
}

interface CutoverOutputs extends CutoverInputs {
  createdAt: string;
}

// Stands in for what moves traffic to the new Redis (a DNS record, an app setting); records when.
const cutoverProvider: pulumi.dynamic.ResourceProvider<CutoverInputs, CutoverOutputs> = {
  async create(inputs) {
    return { id: `cutover-${inputs.taskId}`, outs: { ...inputs, createdAt: new Date().toISOString() } };
  },
};

class Cutover extends pulumi.dynamic.Resource {
  declare readonly createdAt: pulumi.Output<string>;
  constructor(name: string, args: { taskId: pulumi.Input<string>; migratedKeys: pulumi.Input<number> }, opts?: pulumi.CustomResourceOptions) {
    super(cutoverProvider, name, { ...args, createdAt: undefined }, opts);
  }
}

const cutover = new Cutover("cutover", { taskId: gate.taskId, migratedKeys: gate.targetDbsize }, { dependsOn: [gate] });

export const gateCompletedAt = gate.completedAt;
export const gateWaitedSeconds = gate.waitedSeconds;
export const cutoverCreatedAt = cutover.createdAt;
